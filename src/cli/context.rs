//! Finding and loading what a command needs: configuration, database, actor.

use super::{Cli, Failure};
use crate::config::discover::{self, CONFIG_ENV, DB_ENV, DiscoveryError};
use crate::config::{self, Loaded};
use crate::host::FileRole;
use crate::ops::Actor;
use crate::store::Store;
use std::path::{Path, PathBuf};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Loads the configuration. Warnings are kept in `Loaded` (`config check` shows them).
pub fn load_config(cli: &Cli) -> Result<Loaded, Failure> {
    let (path, _) = discover::config_path(cli.config.as_deref(), env(CONFIG_ENV).as_deref())
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    config::load(&path).map_err(|e| Failure::bad_input(e.to_string()))
}

/// Loads the configuration if one can be found; a configuration that exists but is broken
/// is still an error.
pub fn try_load_config(cli: &Cli) -> Result<Option<Loaded>, Failure> {
    match discover::config_path(cli.config.as_deref(), env(CONFIG_ENV).as_deref()) {
        Ok(_) => load_config(cli).map(Some),
        Err(DiscoveryError::NotFound { .. }) => Ok(None),
        Err(e) => Err(Failure::bad_input(e.to_string())),
    }
}

pub fn database_path(cli: &Cli, loaded: Option<&Loaded>) -> Result<PathBuf, Failure> {
    let configured = loaded.and_then(|l| l.region.database.as_deref());
    discover::database_path(cli.db.as_deref(), env(DB_ENV).as_deref(), configured)
        .map(|(p, _)| p)
        .map_err(|e| Failure::bad_input(e.to_string()))
}

/// Opens the database for writing (creating it if needed). Warns on stderr about files
/// other accounts could read or change.
pub fn open_for_writing(cli: &Cli, loaded: &Loaded) -> Result<Store, Failure> {
    let path = database_path(cli, Some(loaded))?;
    let store = Store::open(&path)?;
    warn_unsafe_files(Some(loaded), &path);
    Ok(store)
}

/// Opens an existing database for reading (same warnings as for writing).
pub fn open_for_reading(cli: &Cli, loaded: Option<&Loaded>) -> Result<Store, Failure> {
    let path = database_path(cli, loaded)?;
    let store = Store::open_existing(&path)?;
    warn_unsafe_files(loaded, &path);
    Ok(store)
}

/// The unsafe modes among the configuration's files and the database's (docs/operations.md).
pub fn unsafe_files(loaded: Option<&Loaded>, db: &Path) -> Vec<String> {
    let mut files: Vec<(PathBuf, FileRole)> = loaded
        .map(|l| {
            l.files
                .iter()
                .map(|f| (f.clone(), FileRole::Config))
                .collect()
        })
        .unwrap_or_default();
    files.extend(
        crate::host::permissions::database_files(db)
            .into_iter()
            .map(|f| (f, FileRole::Database)),
    );
    crate::host::audit(&files)
}

fn warn_unsafe_files(loaded: Option<&Loaded>, db: &Path) {
    for warning in unsafe_files(loaded, db) {
        eprintln!("beredskap: warning: {warning}");
    }
}

pub fn actor(cli: &Cli, loaded: &Loaded) -> Result<Actor, Failure> {
    Ok(Actor::resolve(
        &loaded.region,
        &crate::ops::actor::os_account(),
        cli.as_account.as_deref(),
    )?)
}
