//! Reading the files: TOML syntax (all errors, recovered), then each section and each
//! `[[…]]` entry deserialized on its own so that one bad entry does not hide the next.
//! Follows `include` globs relative to the including file.

use super::diagnostic::{Problem, Severity, SourceFile, did_you_mean};
use super::schema::{
    KnownKeys, RawIncidentRole, RawMaintenance, RawMonitor, RawPerson, RawSeverity, RawSite,
    RawStorage, RawSystem, RawTeam, TOP_LEVEL_KEYS,
};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// An entry read from a file, with the file it came from.
#[derive(Debug)]
pub struct Located<T> {
    pub file: usize,
    pub span: Range<usize>,
    pub value: T,
}

/// Everything read from the main file and its includes.
#[derive(Debug, Default)]
pub struct RawRegion {
    /// Paths and texts of every file read, main file first.
    pub files: Vec<(PathBuf, String)>,
    /// Every include pattern, made absolute.
    pub includes: Vec<String>,
    pub site: Option<Located<RawSite>>,
    pub storage: Option<Located<RawStorage>>,
    pub monitor: Option<Located<RawMonitor>>,
    pub receiver: Option<Located<super::schema::RawReceiver>>,
    pub maintenance: Vec<Located<RawMaintenance>>,
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
    pub severities: Vec<Located<RawSeverity>>,
    pub incident_roles: Vec<Located<RawIncidentRole>>,
    pub people: Vec<Located<RawPerson>>,
    pub teams: Vec<Located<RawTeam>>,
    pub systems: Vec<Located<RawSystem>>,
    pub problems: Vec<Problem>,
    /// A file had TOML syntax errors: later checks would only repeat their consequences.
    pub syntax_failed: bool,
    /// `[site]` was present but could not be read.
    pub site_failed: bool,
    /// Ids and accounts of entries that could not be read: references to them are not
    /// reported again as unknown.
    pub unparsed_ids: HashSet<String>,
    /// Sections (`people`, `teams`, `systems`) that were not lists at all.
    pub failed_sections: HashSet<String>,
}

impl RawRegion {
    pub fn source(&self, file: usize) -> SourceFile<'_> {
        let (path, text) = &self.files[file];
        SourceFile { path, text }
    }
}

/// Reads `main` and everything it includes.
pub fn read_region(main: &Path) -> RawRegion {
    let mut raw = RawRegion::default();
    let mut seen = HashSet::new();
    read_file(main, true, &mut raw, &mut seen, None);
    raw
}

/// The main file's `[storage]` alone — no includes, no other section: what a command needs
/// to start reaching its log of record while the rest of the configuration is read
/// (`crate::log_of_record_ahead`). A file that cannot be read gives no storage.
pub fn read_main_storage(main: &Path) -> RawRegion {
    let mut raw = RawRegion::default();
    let Ok(text) = crate::host::bounded::read_text(main, crate::host::bounded::limit::CONFIG)
    else {
        return raw;
    };
    raw.files.push((main.to_path_buf(), text));
    let text = raw.files[0].1.clone();
    let (root, errors) = DeTable::parse_recoverable(&text);
    if !errors.is_empty() {
        return raw;
    }
    for (key, value) in root.into_inner() {
        if key.get_ref().as_ref() == "storage" {
            raw.storage = entry(&mut raw, 0, value);
        }
    }
    raw
}

fn read_file(
    path: &Path,
    is_main: bool,
    raw: &mut RawRegion,
    seen: &mut HashSet<PathBuf>,
    included_from: Option<(usize, Range<usize>)>,
) {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical) {
        if let Some((file, span)) = included_from {
            let p = raw.source(file).error(
                Some(span),
                format!("{} is included more than once", path.display()),
                Some("each file may be included once; remove the repeated pattern".into()),
            );
            raw.problems.push(p);
        }
        return;
    }
    let text = match crate::host::bounded::read_text(path, crate::host::bounded::limit::CONFIG) {
        Ok(text) => text,
        Err(e) => {
            let hint = if matches!(e, crate::host::bounded::BoundedError::NotText { .. }) {
                "save the file as UTF-8 text".to_string()
            } else if matches!(e, crate::host::bounded::BoundedError::TooLarge { .. }) {
                "a configuration is a text file of a few MiB at most: check the path".to_string()
            } else {
                "give the path with --config or $BEREDSKAP_CONFIG".to_string()
            };
            let problem = match included_from {
                Some((file, span)) => raw.source(file).error(
                    Some(span),
                    format!("cannot read included file {}: {e}", path.display()),
                    Some(hint),
                ),
                None => SourceFile { path, text: "" }.error(
                    None,
                    format!("cannot read the configuration file: {e}"),
                    Some(hint),
                ),
            };
            raw.problems.push(problem);
            // Keep the file in the list so positions can always refer to it; skip the
            // checks that would only repeat the consequences.
            raw.files.push((path.to_path_buf(), String::new()));
            raw.syntax_failed = true;
            return;
        }
    };
    let index = raw.files.len();
    raw.files.push((path.to_path_buf(), text));
    let text = raw.files[index].1.clone();
    let (root, errors) = DeTable::parse_recoverable(&text);
    if !errors.is_empty() {
        raw.syntax_failed = true;
        for e in errors {
            let message = format!("TOML syntax: {}", e.message().trim_end());
            let p = raw.source(index).error(
                e.span(),
                message,
                Some("see https://toml.io for the syntax; strings need quotes".into()),
            );
            raw.problems.push(p);
        }
        return;
    }
    let mut includes = Vec::new();
    for (key, value) in root.into_inner() {
        let name = key.get_ref().as_ref();
        let key_span = key.span();
        match name {
            "include" => includes = read_include_list(raw, index, value),
            "site" | "storage" | "monitor" | "receiver" | "keys" if !is_main => {
                let p = raw.source(index).error(
                    Some(key_span),
                    format!("[{name}] may only stand in the main configuration file"),
                    Some("move it to the file given with --config".into()),
                );
                raw.problems.push(p);
            }
            "site" => {
                raw.site = entry(raw, index, value);
                raw.site_failed = raw.site.is_none();
            }
            "storage" => raw.storage = entry(raw, index, value),
            "monitor" => raw.monitor = entry(raw, index, value),
            "receiver" => raw.receiver = entry(raw, index, value),
            "keys" => {
                let keys: Option<std::collections::BTreeMap<String, super::schema::RawKeys>> =
                    deserialize(raw, index, value);
                for (action, k) in keys.unwrap_or_default() {
                    let list = match k {
                        super::schema::RawKeys::One(one) => vec![one],
                        super::schema::RawKeys::Many(many) => many,
                    };
                    raw.keys.insert(action, list);
                }
            }
            "maintenance" => {
                let items = entries(raw, index, name, value);
                raw.maintenance.extend(items);
            }
            "severities" => {
                let items = entries(raw, index, name, value);
                raw.severities.extend(items);
            }
            "incident_roles" => {
                let items = entries(raw, index, name, value);
                raw.incident_roles.extend(items);
            }
            "people" => {
                let items = entries(raw, index, name, value);
                raw.people.extend(items);
            }
            "teams" => {
                let items = entries(raw, index, name, value);
                raw.teams.extend(items);
            }
            "systems" => {
                let items = entries(raw, index, name, value);
                raw.systems.extend(items);
            }
            other => {
                let hint = match did_you_mean(other, TOP_LEVEL_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? Known: {}", TOP_LEVEL_KEYS.join(", ")),
                    None => format!("known top-level keys: {}", TOP_LEVEL_KEYS.join(", ")),
                };
                let p = raw.source(index).error(
                    Some(key_span),
                    format!("unknown top-level key `{other}`"),
                    Some(hint),
                );
                raw.problems.push(p);
            }
        }
    }
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    for (pattern, span) in includes {
        let full = dir.join(&pattern);
        raw.includes.push(full.to_string_lossy().into_owned());
        let matches: Vec<PathBuf> = match glob::glob(&full.to_string_lossy()) {
            Ok(paths) => paths.filter_map(Result::ok).collect(),
            Err(e) => {
                let p = raw.source(index).error(
                    Some(span),
                    format!("bad include pattern {pattern:?}: {}", e.msg),
                    Some("use a glob such as \"systems/*.toml\"".into()),
                );
                raw.problems.push(p);
                continue;
            }
        };
        if matches.is_empty() {
            let p = raw.source(index).error(
                Some(span.clone()),
                format!("include pattern {pattern:?} matches no file"),
                Some(format!("paths are relative to {}", dir.display())),
            );
            raw.problems.push(p);
        }
        let mut matches = matches;
        matches.sort();
        for m in matches {
            read_file(&m, false, raw, seen, Some((index, span.clone())));
        }
    }
}

fn read_include_list(
    raw: &mut RawRegion,
    file: usize,
    value: Spanned<DeValue<'_>>,
) -> Vec<(String, Range<usize>)> {
    let list: Option<Vec<Spanned<String>>> = deserialize(raw, file, value);
    match list {
        Some(list) => list
            .into_iter()
            .map(|s| {
                let span = s.span();
                (s.into_inner(), span)
            })
            .collect(),
        None => {
            if let Some(p) = raw.problems.last_mut() {
                p.hint = Some("write include = [\"systems/*.toml\"]".into());
            }
            Vec::new()
        }
    }
}

fn entry<T: DeserializeOwned + KnownKeys>(
    raw: &mut RawRegion,
    file: usize,
    value: Spanned<DeValue<'_>>,
) -> Option<Located<T>> {
    let span = value.span();
    let (value, unknown) = strip_unknown_keys::<T>(raw, file, value);
    let parsed = deserialize(raw, file, value);
    if unknown {
        return None;
    }
    parsed.map(|value| Located { file, span, value })
}

/// Reports every key of a table that `T` does not know, and removes them so that the rest
/// of the entry is still checked. Returns whether any were found.
fn strip_unknown_keys<'i, T: KnownKeys>(
    raw: &mut RawRegion,
    file: usize,
    value: Spanned<DeValue<'i>>,
) -> (Spanned<DeValue<'i>>, bool) {
    if !value.get_ref().is_table() {
        // Not a table at all: deserializing says so with the right type names.
        return (value, false);
    }
    let span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        return (
            Spanned::new(span, DeValue::Table(Default::default())),
            false,
        );
    };
    let unknown: Vec<(String, Range<usize>)> = table
        .keys()
        .filter(|k| !T::KEYS.contains(&k.get_ref().as_ref()))
        .map(|k| (k.get_ref().to_string(), k.span()))
        .collect();
    for (key, key_span) in &unknown {
        let known = T::KEYS
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match did_you_mean(key, T::KEYS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Expected one of {known}"),
            None => format!("expected one of {known}"),
        };
        let p = raw.source(file).error(
            Some(key_span.clone()),
            format!("unknown field `{key}`"),
            Some(hint),
        );
        raw.problems.push(p);
    }
    if !unknown.is_empty() {
        table = table
            .into_iter()
            .filter(|(k, _)| T::KEYS.contains(&k.get_ref().as_ref()))
            .collect();
    }
    (
        Spanned::new(span, DeValue::Table(table)),
        !unknown.is_empty(),
    )
}

fn entries<T: DeserializeOwned + KnownKeys>(
    raw: &mut RawRegion,
    file: usize,
    name: &str,
    value: Spanned<DeValue<'_>>,
) -> Vec<Located<T>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => {
            let mut out = Vec::new();
            for item in items.iter().cloned() {
                let id = ["id", "account"]
                    .iter()
                    .find_map(|k| item.get_ref().get(*k).and_then(|v| v.get_ref().as_str()))
                    .map(str::to_string);
                match entry(raw, file, item) {
                    Some(e) => out.push(e),
                    None => raw.unparsed_ids.extend(id),
                }
            }
            out
        }
        other => {
            raw.failed_sections.insert(name.to_string());
            let p = raw.source(file).error(
                Some(span),
                format!(
                    "`{name}` must be a list of tables, not a {}",
                    other.type_str()
                ),
                Some(format!("write each entry as [[{name}]]")),
            );
            raw.problems.push(p);
            Vec::new()
        }
    }
}

fn deserialize<T: DeserializeOwned>(
    raw: &mut RawRegion,
    file: usize,
    value: Spanned<DeValue<'_>>,
) -> Option<T> {
    let span = value.span();
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            let (message, hint) = explain_serde_error(e.message());
            let p = raw.source(file).problem(
                Severity::Error,
                Some(e.span().unwrap_or(span)),
                message,
                hint,
            );
            raw.problems.push(p);
            None
        }
    }
}

/// Splits serde's "unknown field `x`, expected one of …" into a message and a hint with a
/// suggestion.
fn explain_serde_error(message: &str) -> (String, Option<String>) {
    let message = message.trim_end();
    for (lead, what) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(lead)
            && let Some((word, tail)) = rest.split_once('`')
        {
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let known = expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match did_you_mean(word, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Expected one of {known}"),
                None if expected.is_empty() => "this table takes no fields".to_string(),
                None => format!("expected one of {known}"),
            };
            return (format!("unknown {what} `{word}`"), Some(hint));
        }
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return (
            format!("missing field `{field}`"),
            Some(format!(
                "add `{field} = …` to this table (see docs/configuration.md)"
            )),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return (
            message.to_string(),
            Some("check the value's type in docs/configuration.md".into()),
        );
    }
    (message.to_string(), None)
}
