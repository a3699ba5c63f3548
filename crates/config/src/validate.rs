//! Checks across entries and files: ids, references, cycles, time zone, value ranges.
//! Every problem is collected; nothing stops at the first.

use super::diagnostic::{Problem, Severity, did_you_mean};
use super::parse::RawRegion;
use crate::model::dependency::find_cycles;
use crate::model::region::{Region, TeamKind};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
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

    fn location(&self, file: usize, span: &Range<usize>) -> String {
        let src = self.raw.source(file);
        let (line, col) = src.position(span.start);
        format!("{}:{line}:{col}", src.path.display())
    }

    /// Reports ids that are not lowercase words, and duplicates (pointing at the first).
    fn unique_ids<'s>(
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

fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    digits >= 5
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

fn valid_email(email: &str) -> bool {
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

/// Validates the raw region; returns it with its warnings, or every problem.
pub fn validate(raw: &RawRegion, main: &Path) -> (Option<Region>, Vec<Problem>) {
    let mut c = Checker {
        raw,
        problems: raw.problems.clone(),
    };
    let base_dir = main.parent().unwrap_or(Path::new(".")).to_path_buf();
    if raw.syntax_failed {
        return (None, c.problems);
    }

    c.no_identity_numbers();
    c.no_hidden_characters();
    c.no_huge_values();
    c.unique_ids(
        "account",
        raw.people.iter().map(|p| (p.file, &p.value.account)),
    );
    c.unique_ids("team id", raw.teams.iter().map(|t| (t.file, &t.value.id)));
    c.unique_ids(
        "system id",
        raw.systems.iter().map(|s| (s.file, &s.value.id)),
    );

    let accounts = || {
        raw.people
            .iter()
            .map(|p| p.value.account.get_ref().as_str())
    };
    let team_ids = || raw.teams.iter().map(|t| t.value.id.get_ref().as_str());
    let system_ids = || raw.systems.iter().map(|s| s.value.id.get_ref().as_str());

    for p in &raw.people {
        let v = &p.value;
        if v.roles.get_ref().is_empty() {
            c.error(
                p.file,
                v.roles.span(),
                format!("`{}` has no roles", v.account.get_ref()),
                Some("give at least [\"viewer\"]".into()),
            );
        }
        if !valid_phone(v.phone.get_ref()) {
            c.error(
                p.file,
                v.phone.span(),
                format!("`{}` is not a phone number", v.phone.get_ref()),
                Some("digits, spaces, + and -, e.g. \"010-000 00 00\"".into()),
            );
        }
        if !valid_email(v.email.get_ref()) {
            c.error(
                p.file,
                v.email.span(),
                format!("`{}` is not an e-mail address", v.email.get_ref()),
                Some("e.g. \"name@region.example\"".into()),
            );
        }
    }

    for t in &raw.teams {
        let v = &t.value;
        for m in &v.members {
            c.reference(t.file, m, "person (account)", accounts());
        }
        match &v.phone {
            Some(phone) if !valid_phone(phone.get_ref()) => c.error(
                t.file,
                phone.span(),
                format!("`{}` is not a phone number", phone.get_ref()),
                Some("digits, spaces, + and -".into()),
            ),
            None if v.kind == TeamKind::Supplier => c.error(
                t.file,
                v.id.span(),
                format!("supplier team `{}` has no contact phone", v.id.get_ref()),
                Some("add phone = \"…\": the number the region calls at 03:00".into()),
            ),
            _ => {}
        }
    }

    let site = super::site::check_site(&mut c, &base_dir);
    let tz = site
        .as_ref()
        .map(|s| s.time_zone)
        .unwrap_or(chrono_tz::Europe::Stockholm);
    let account_list: Vec<&str> = accounts().collect();
    let on_call = super::oncall::teams(&mut c, &raw.teams, tz, &account_list);
    let runbook_ids = super::site::check_runbooks(&mut c, &base_dir);
    let mut system_checks = Vec::with_capacity(raw.systems.len());
    for s in &raw.systems {
        let v = &s.value;
        let checks: Vec<_> = v
            .checks
            .iter()
            .enumerate()
            .filter_map(|(i, r)| super::checks::check(&mut c, s.file, r, i))
            .collect();
        super::checks::unique_names(&mut c, s.file, &v.id, &checks);
        if v.checks.is_empty() {
            c.warn(
                s.file,
                v.id.span(),
                format!(
                    "`{}` has no check and no alert source: its status is never known",
                    v.id.get_ref()
                ),
                Some(
                    "add a [[systems.checks]] — a probe of its own, a heartbeat, or an alert \
                     check mapping the region's monitoring (docs/alerts.md)"
                        .into(),
                ),
            );
        }
        system_checks.push(checks);
        if c.reference(s.file, &v.owner_team, "team", team_ids()) {
            // known
        }
        if let Some(sup) = &v.supplier_team
            && c.reference(s.file, sup, "team", team_ids())
            && raw.teams.iter().any(|t| {
                t.value.id.get_ref() == sup.get_ref() && t.value.kind != TeamKind::Supplier
            })
        {
            c.error(
                s.file,
                sup.span(),
                format!("`{}` is not a supplier team", sup.get_ref()),
                Some("supplier_team must name a team with kind = \"supplier\"".into()),
            );
        }
        for d in &v.depends_on {
            c.reference(s.file, d, "system", system_ids());
        }
        for r in &v.runbooks {
            if let Some(ids) = &runbook_ids {
                c.reference(s.file, r, "runbook", ids.keys().map(String::as_str));
            }
        }
        for (name, value) in [
            ("confidentiality", &v.krt.confidentiality),
            ("integrity", &v.krt.integrity),
            ("availability", &v.krt.availability),
        ] {
            if *value.get_ref() > 4 {
                c.error(
                    s.file,
                    value.span(),
                    format!("KRT {name} {} is out of range", value.get_ref()),
                    Some("each KRT value is 0 (none) to 4 (very high)".into()),
                );
            }
        }
    }

    let graph: Vec<(&str, Vec<&str>)> = raw
        .systems
        .iter()
        .map(|s| {
            (
                s.value.id.get_ref().as_str(),
                s.value
                    .depends_on
                    .iter()
                    .map(|d| d.get_ref().as_str())
                    .collect(),
            )
        })
        .collect();
    for cycle in find_cycles(&graph) {
        let Some(first) = raw
            .systems
            .iter()
            .find(|s| s.value.id.get_ref() == cycle[0])
        else {
            continue;
        };
        let edge = first
            .value
            .depends_on
            .iter()
            .find(|d| cycle.get(1).is_some_and(|n| d.get_ref() == n))
            .map(|d| d.span())
            .unwrap_or_else(|| first.value.id.span());
        c.error(
            first.file,
            edge,
            format!("dependency cycle: {}", cycle.join(" → ")),
            Some(
                "a system cannot depend on itself through others; remove one depends_on link"
                    .into(),
            ),
        );
    }

    let monitor = match &raw.monitor {
        Some(m) => super::checks::monitor(&mut c, m.file, &m.value),
        None => Default::default(),
    };
    let receiver = match &raw.receiver {
        Some(r) => super::receiver::receiver(&mut c, r.file, &base_dir, &r.value),
        None => Default::default(),
    };
    let mut maintenance = Vec::new();
    for m in &raw.maintenance {
        for sys in &m.value.systems {
            c.reference(m.file, sys, "system", system_ids());
        }
        maintenance.extend(super::maintenance::maintenance(
            &mut c,
            m.file,
            m.span.clone(),
            &m.value,
            tz,
        ));
    }
    let errors = c.problems.iter().any(Problem::is_error);
    let problems = c.problems;
    if errors {
        return (None, problems);
    }
    let Some(site) = site else {
        return (None, problems);
    };
    let region = Region {
        site,
        people: raw.people.iter().map(super::convert::person).collect(),
        teams: raw
            .teams
            .iter()
            .zip(on_call)
            .map(|(t, (coverage, rotations, escalation))| {
                let mut team = super::convert::team(t);
                team.coverage = coverage;
                team.rotations = rotations;
                team.escalation = escalation;
                team
            })
            .collect(),
        systems: raw
            .systems
            .iter()
            .zip(system_checks)
            .map(|(s, checks)| super::convert::system(s, checks))
            .collect(),
        maintenance,
        monitor,
        keys: raw.keys.clone(),
        severities: if raw.severities.is_empty() {
            crate::model::incident::default_severities()
        } else {
            raw.severities
                .iter()
                .map(|s| crate::model::incident::Severity {
                    id: s.value.id.get_ref().clone(),
                    name: s.value.name.clone(),
                    definition: s.value.definition.clone(),
                })
                .collect()
        },
        incident_roles: if raw.incident_roles.is_empty() {
            crate::model::incident::default_roles()
        } else {
            raw.incident_roles
                .iter()
                .map(|r| crate::model::incident::IncidentRole {
                    id: r.value.id.get_ref().clone(),
                    name: r.value.name.clone(),
                    instructions: r.value.instructions.clone(),
                })
                .collect()
        },
        database: raw
            .storage
            .as_ref()
            .and_then(|s| s.value.database.as_ref())
            .map(|d| base_dir.join(d)),
        receiver,
    };
    (Some(region), problems)
}
