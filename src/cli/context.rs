//! Finding and loading what a command needs: configuration, database, actor.

use super::{Cli, Failure};
use crate::config::discover::{self, CONFIG_ENV, DB_ENV, DiscoveryError};
use crate::config::{self, Loaded};
use crate::ops::Actor;
use crate::store::Store;
use std::path::PathBuf;

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

/// Opens the database for writing (creating it if needed).
pub fn open_for_writing(cli: &Cli, loaded: &Loaded) -> Result<Store, Failure> {
    let path = database_path(cli, Some(loaded))?;
    Ok(Store::open(&path)?)
}

/// Opens an existing database for reading.
pub fn open_for_reading(cli: &Cli, loaded: Option<&Loaded>) -> Result<Store, Failure> {
    let path = database_path(cli, loaded)?;
    Ok(Store::open_existing(&path)?)
}

pub fn actor(cli: &Cli, loaded: &Loaded) -> Result<Actor, Failure> {
    Ok(Actor::resolve(
        &loaded.region,
        &crate::ops::actor::os_account(),
        cli.as_account.as_deref(),
    )?)
}
