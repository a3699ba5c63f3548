//! Configuration of a region: discovery, reading (with includes), validation.

/// The layers below, by the names the main crate gives them.
pub(crate) use beredskap_host as host;
pub(crate) use beredskap_model as model;

pub mod cache;
mod checker;
mod checks;
mod convert;
pub mod diagnostic;
pub mod discover;
mod maintenance;
mod oncall;
mod parse;
pub mod receiver;
pub mod runbooks;
mod schema;
mod site;
mod storage;
mod text_rules;
mod validate;

pub use checker::DEFAULT_TIME_ZONE;
pub use diagnostic::{Problem, Severity};

use crate::model::region::Region;
use std::path::{Path, PathBuf};

/// A region read and validated, with any warnings.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Loaded {
    pub region: Region,
    /// Every file read: the main file first, then the included ones.
    pub files: Vec<PathBuf>,
    /// Every include pattern, made absolute (what a cache must expand again).
    pub includes: Vec<String>,
    pub warnings: Vec<Problem>,
}

/// The configuration is not usable: every problem found, errors first by file and line.
#[derive(Debug)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl ConfigError {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        write!(f, "{} error(s) in the configuration", self.errors())
    }
}

impl std::error::Error for ConfigError {}

/// The log of record the main file `main` names in `[storage]`, read from that file alone
/// and checked as `load` checks it: a command starts connecting to it while the whole
/// configuration is read and validated (what `load` then says is what counts; a
/// configuration that names another, or none, makes this connection unused). None when
/// the file names none or its `[storage]` has an error.
pub fn log_of_record_ahead(main: &Path) -> Option<crate::model::region::LogOfRecord> {
    let raw = parse::read_main_storage(main);
    let storage = raw.storage.as_ref()?;
    let base = main.parent().unwrap_or(Path::new("."));
    let mut c = checker::Checker {
        raw: &raw,
        problems: Vec::new(),
    };
    let log = storage::log_of_record(&mut c, storage.file, base, &storage.value);
    if c.problems.iter().any(Problem::is_error) {
        return None;
    }
    log
}

/// Reads and validates the region whose main file is `main`.
pub fn load(main: &Path) -> Result<Loaded, ConfigError> {
    let raw = parse::read_region(main);
    let (region, mut problems) = validate::validate(&raw, main);
    problems.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
    });
    problems.dedup();
    match region {
        Some(region) => Ok(Loaded {
            region,
            files: raw.files.into_iter().map(|(p, _)| p).collect(),
            includes: raw.includes,
            warnings: problems,
        }),
        None => Err(ConfigError { problems }),
    }
}

#[cfg(test)]
mod schema_tests;
