//! Where the configuration and the database are found.
//!
//! Configuration: `--config PATH`, else `$BEREDSKAP_CONFIG`, else `./beredskap.toml`, else
//! `beredskap.toml` in the XDG config directory, else `/etc/beredskap/beredskap.toml`. Database: `--db PATH`, else
//! `$BEREDSKAP_DB`, else `[storage] database` in the configuration, else `beredskap.db` in
//! the XDG data directory.

use std::path::{Path, PathBuf};

pub const CONFIG_ENV: &str = "BEREDSKAP_CONFIG";
pub const DB_ENV: &str = "BEREDSKAP_DB";
pub const CONFIG_FILE: &str = "beredskap.toml";
/// The host-wide configuration of a shared deployment (docs/operations.md).
pub const SYSTEM_CONFIG: &str = "/etc/beredskap/beredskap.toml";
pub const DB_FILE: &str = "beredskap.db";

/// Where a path came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    WorkingDir,
    Config,
    Xdg,
    System,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "from the command line",
            Origin::Env => "from the environment",
            Origin::WorkingDir => "in the working directory",
            Origin::Config => "from [storage] in the configuration",
            Origin::Xdg => "in the user's data directory",
            Origin::System => "the host-wide configuration",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("the configuration file {path} ({}) does not exist", origin.describe())]
    Missing { path: PathBuf, origin: Origin },
    #[error(
        "no configuration found; looked for {}. Give one with --config PATH or ${CONFIG_ENV}, \
         or try the demo region: --config fixtures/region-demo/beredskap.toml",
        looked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NotFound { looked: Vec<PathBuf> },
    #[error("{0}")]
    Denied(String),
    #[error("no database path: give --db PATH or ${DB_ENV} (no home directory to default to)")]
    NoDatabasePath,
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "beredskap")
}

/// Finds the configuration file. `env` is the value of `$BEREDSKAP_CONFIG`.
pub fn config_path(
    flag: Option<&Path>,
    env: Option<&str>,
) -> Result<(PathBuf, Origin), DiscoveryError> {
    let mut defaults = vec![(PathBuf::from(CONFIG_FILE), Origin::WorkingDir)];
    if let Some(dirs) = project_dirs() {
        defaults.push((dirs.config_dir().join(CONFIG_FILE), Origin::Xdg));
    }
    defaults.push((PathBuf::from(SYSTEM_CONFIG), Origin::System));
    config_path_among(flag, env, defaults)
}

/// Whether `path` is a file this account can read; a refusal is an error that says why.
fn readable(path: &Path) -> Result<bool, DiscoveryError> {
    match std::fs::File::open(path) {
        Ok(_) => Ok(path.is_file()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(DiscoveryError::Denied(
            crate::host::explain_denied(path, crate::host::denied::Want::Read),
        )),
        Err(_) => Ok(false),
    }
}

/// The flag, else the environment, else the first of `defaults` that exists.
fn config_path_among(
    flag: Option<&Path>,
    env: Option<&str>,
    defaults: Vec<(PathBuf, Origin)>,
) -> Result<(PathBuf, Origin), DiscoveryError> {
    let named = flag.map(|p| (p.to_path_buf(), Origin::Flag)).or_else(|| {
        env.filter(|e| !e.is_empty())
            .map(|e| (PathBuf::from(e), Origin::Env))
    });
    if let Some((path, origin)) = named {
        return if readable(&path)? {
            Ok((path, origin))
        } else {
            Err(DiscoveryError::Missing { path, origin })
        };
    }
    let mut looked = Vec::new();
    for (path, origin) in defaults {
        if readable(&path)? {
            return Ok((path, origin));
        }
        looked.push(path);
    }
    Err(DiscoveryError::NotFound { looked })
}

/// Finds the database path. `configured` is `[storage] database`, already resolved.
pub fn database_path(
    flag: Option<&Path>,
    env: Option<&str>,
    configured: Option<&Path>,
) -> Result<(PathBuf, Origin), DiscoveryError> {
    if let Some(p) = flag {
        return Ok((p.to_path_buf(), Origin::Flag));
    }
    if let Some(e) = env.filter(|e| !e.is_empty()) {
        return Ok((PathBuf::from(e), Origin::Env));
    }
    if let Some(p) = configured {
        return Ok((p.to_path_buf(), Origin::Config));
    }
    project_dirs()
        .map(|d| (d.data_dir().join(DB_FILE), Origin::Xdg))
        .ok_or(DiscoveryError::NoDatabasePath)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_config() {
        let flag = Path::new("/a.db");
        let conf = Path::new("/c.db");
        assert_eq!(
            database_path(Some(flag), Some("/b.db"), Some(conf))
                .unwrap()
                .0,
            PathBuf::from("/a.db")
        );
        assert_eq!(
            database_path(None, Some("/b.db"), Some(conf)).unwrap(),
            (PathBuf::from("/b.db"), Origin::Env)
        );
        assert_eq!(
            database_path(None, None, Some(conf)).unwrap(),
            (PathBuf::from("/c.db"), Origin::Config)
        );
    }

    #[test]
    fn the_host_wide_file_is_found_after_the_personal_ones() {
        let dir = tempfile::tempdir().unwrap();
        let personal = dir.path().join("personal.toml");
        let system = dir.path().join("etc.toml");
        std::fs::write(&system, "").unwrap();
        let defaults = |with_personal: bool| {
            if with_personal {
                std::fs::write(&personal, "").unwrap();
            }
            vec![
                (dir.path().join("cwd.toml"), Origin::WorkingDir),
                (personal.clone(), Origin::Xdg),
                (system.clone(), Origin::System),
            ]
        };
        assert_eq!(
            config_path_among(None, None, defaults(false)).unwrap(),
            (system.clone(), Origin::System)
        );
        assert_eq!(
            config_path_among(None, None, defaults(true)).unwrap(),
            (personal.clone(), Origin::Xdg)
        );
        std::fs::remove_file(&system).unwrap();
        std::fs::remove_file(&personal).unwrap();
        let e = config_path_among(None, None, defaults(false)).unwrap_err();
        assert!(e.to_string().contains("etc.toml"), "{e}");
    }

    #[test]
    fn a_named_config_that_is_missing_is_an_error() {
        let e = config_path(Some(Path::new("/nonexistent/x.toml")), None).unwrap_err();
        assert!(e.to_string().contains("from the command line"), "{e}");
        let e = config_path(None, Some("/nonexistent/y.toml")).unwrap_err();
        assert!(e.to_string().contains("from the environment"), "{e}");
    }
}
