//! Configuration of a region: discovery, reading (with includes), validation.

mod checks;
mod convert;
pub mod diagnostic;
pub mod discover;
mod oncall;
mod parse;
pub mod runbooks;
mod schema;
mod validate;

pub use diagnostic::{Problem, Severity};
pub use validate::DEFAULT_TIME_ZONE;

use crate::model::region::Region;
use std::path::{Path, PathBuf};

/// A region read and validated, with any warnings.
#[derive(Debug)]
pub struct Loaded {
    pub region: Region,
    /// Every file read: the main file first, then the included ones.
    pub files: Vec<PathBuf>,
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
            warnings: problems,
        }),
        None => Err(ConfigError { problems }),
    }
}

#[cfg(test)]
mod tests {
    use super::schema::{
        KnownKeys, RawCheck, RawKrt, RawMaintenance, RawMonitor, RawPerson, RawSite, RawStorage,
        RawSystem, RawTeam, TOP_LEVEL_KEYS,
    };
    use serde::de::DeserializeOwned;

    /// The field names serde knows for `T`, read from its "unknown field" error.
    fn fields<T: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let err = toml::from_str::<T>("zz_not_a_field = 1").unwrap_err();
        let msg = err.message().to_string();
        let expected = msg
            .split("expected")
            .nth(1)
            .unwrap_or_else(|| panic!("{msg}"));
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_schema_key_is_documented() {
        let docs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/configuration.md"
        ))
        .unwrap();
        let mut keys: Vec<String> = TOP_LEVEL_KEYS.iter().map(|k| k.to_string()).collect();
        keys.extend(fields::<RawSite>());
        keys.extend(fields::<RawStorage>());
        keys.extend(fields::<RawPerson>());
        keys.extend(fields::<RawTeam>());
        keys.extend(fields::<RawSystem>());
        keys.extend(fields::<RawKrt>());
        keys.extend(fields::<RawMonitor>());
        keys.extend(fields::<RawMaintenance>());
        keys.extend(fields::<RawCheck>());
        keys.extend(fields::<super::schema::RawRotation>());
        keys.extend(fields::<super::schema::RawEscalation>());
        keys.extend(fields::<super::schema::RawEscalationStep>());
        assert!(keys.len() > 30, "{keys:?}");
        for key in keys {
            let documented = docs.contains(&format!("| `{key}` |"))
                || docs.contains(&format!("`[{key}]`"))
                || docs.contains(&format!("`[[{key}]]`"))
                || docs.contains(&format!("{key} = 0-4"));
            assert!(documented, "`{key}` is missing from docs/configuration.md");
        }
    }

    fn same_keys<T: DeserializeOwned + KnownKeys + std::fmt::Debug>() {
        let mut serde_keys = fields::<T>();
        let mut known: Vec<String> = T::KEYS.iter().map(|k| k.to_string()).collect();
        serde_keys.sort();
        known.sort();
        assert_eq!(known, serde_keys, "{}", std::any::type_name::<T>());
    }

    #[test]
    fn known_keys_match_the_structs() {
        same_keys::<RawSite>();
        same_keys::<RawStorage>();
        same_keys::<RawPerson>();
        same_keys::<RawTeam>();
        same_keys::<RawSystem>();
        same_keys::<RawMonitor>();
        same_keys::<RawMaintenance>();
    }
}
