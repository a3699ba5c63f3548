//! The checker every section's validation writes its problems into (file, span, message,
//! hint) and the id rules they share. Apart from `validate`, which runs the sections, so
//! that the sections and the run over them do not import each other.

use super::diagnostic::{Problem, Severity, did_you_mean};
use super::parse::RawRegion;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

pub const DEFAULT_TIME_ZONE: &str = "Europe/Stockholm";

pub(super) struct Checker<'a> {
    pub(super) raw: &'a RawRegion,
    pub(super) problems: Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn error(
        &mut self,
        file: usize,
        span: Range<usize>,
        msg: String,
        hint: Option<String>,
    ) {
        let p = self.raw.source(file).error(Some(span), msg, hint);
        self.problems.push(p);
    }

    pub(super) fn warn(
        &mut self,
        file: usize,
        span: Range<usize>,
        msg: String,
        hint: Option<String>,
    ) {
        let p = self
            .raw
            .source(file)
            .problem(Severity::Warning, Some(span), msg, hint);
        self.problems.push(p);
    }

    pub(super) fn location(&self, file: usize, span: &Range<usize>) -> String {
        let src = self.raw.source(file);
        let (line, col) = src.position(span.start);
        format!("{}:{line}:{col}", src.path.display())
    }

    /// Reports ids that are not lowercase words, and duplicates (pointing at the first).
    pub(super) fn unique_ids<'s>(
        &mut self,
        what: &str,
        ids: impl Iterator<Item = (usize, &'s Spanned<String>)>,
    ) {
        let mut first: HashMap<&str, (usize, Range<usize>)> = HashMap::new();
        for (file, id) in ids {
            let span = id.span();
            let valid = if what == "account" {
                valid_account(id.get_ref())
            } else {
                valid_id(id.get_ref())
            };
            if !valid {
                let hint = if what == "account" {
                    "an operating-system login name: letters, digits, `.`, `-` and `_`"
                } else {
                    "use lowercase letters, digits, `-` and `_`, starting with a letter"
                };
                self.error(
                    file,
                    span.clone(),
                    format!("{what} `{}` is not valid", id.get_ref()),
                    Some(hint.into()),
                );
            }
            if let Some((f0, s0)) = first.get(id.get_ref().as_str()) {
                let at = self.location(*f0, s0);
                self.error(
                    file,
                    span,
                    format!("duplicate {what} `{}`", id.get_ref()),
                    Some(format!("first defined at {at}; ids must be unique")),
                );
            } else {
                first.insert(id.get_ref(), (file, span));
            }
        }
    }

    /// Reports a reference to an unknown name, suggesting a close one.
    pub(super) fn reference<'k>(
        &mut self,
        file: usize,
        reference: &Spanned<String>,
        what: &str,
        known: impl Iterator<Item = &'k str> + Clone,
    ) -> bool {
        let name = reference.get_ref();
        let section = match what {
            "team" => "teams",
            "system" => "systems",
            w if w.starts_with("person") => "people",
            _ => "",
        };
        if known.clone().any(|k| k == name)
            || self.raw.unparsed_ids.contains(name)
            || self.raw.failed_sections.contains(section)
        {
            return true;
        }
        let hint = match did_you_mean(name, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("define the {what} first, or check the spelling"),
        };
        self.error(
            file,
            reference.span(),
            format!("unknown {what} `{name}`"),
            Some(hint),
        );
        false
    }
}

pub(crate) fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// An operating-system login name (POSIX portable, plus `.` as directories allow).
pub(crate) fn valid_account(account: &str) -> bool {
    let mut chars = account.chars();
    account.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

pub(super) fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    digits >= 5
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

pub(super) fn valid_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(' ')
        }
        None => false,
    }
}
