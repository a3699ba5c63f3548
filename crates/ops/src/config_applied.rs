//! The configuration in force is part of the record: a process that writes to the log
//! starts by comparing its configuration's digest with the last `config.applied` event and,
//! when it differs, appends a new one (the files and their text, people and roles, teams,
//! and what changed) before anything else.

use crate::config::Loaded;
use crate::model::event::Event;
use crate::model::payload::{ConfigApplied, ConfigFile, PersonRoles, TeamMembers};
use crate::store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::path::Path;

fn hex(bytes: impl AsRef<[u8]>) -> String {
    crate::store::chain::to_hex(&Sha256::digest(bytes))
}

/// The configuration as `config.applied` records it (without `changes`).
pub fn snapshot(loaded: &Loaded) -> Result<ConfigApplied, std::io::Error> {
    let base = loaded
        .files
        .first()
        .and_then(|f| f.parent())
        .unwrap_or(Path::new(""));
    let mut files = Vec::new();
    for path in &loaded.files {
        let bytes = crate::host::bounded::read_file(path, crate::host::bounded::limit::CONFIG)
            .map_err(|e| match e {
                crate::host::bounded::BoundedError::Io(e) => e,
                other => std::io::Error::other(other),
            })?;
        let name = path
            .strip_prefix(base)
            .unwrap_or(path)
            .display()
            .to_string();
        let sha256 = hex(&bytes);
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        files.push(ConfigFile { name, sha256, text });
    }
    let mut outer = Sha256::new();
    for f in &files {
        outer.update(f.name.as_bytes());
        outer.update([0]);
        outer.update(f.sha256.as_bytes());
        outer.update([b'\n']);
    }
    let digest = crate::store::chain::to_hex(&outer.finalize());
    let region = &loaded.region;
    let people = region
        .people
        .iter()
        .map(|p| PersonRoles {
            account: p.account.clone(),
            roles: p.roles.iter().map(|r| r.to_string()).collect(),
        })
        .collect();
    let teams = region
        .teams
        .iter()
        .map(|t| TeamMembers {
            id: t.id.clone(),
            members: t.members.clone(),
            rota_sha256: hex(format!("{:?}{:?}", t.rotations, t.escalation)),
        })
        .collect();
    Ok(ConfigApplied {
        digest,
        files,
        people,
        teams,
        changes: Vec::new(),
    })
}

/// Appends `config.applied` now when `loaded` differs from the configuration last recorded
/// (the console, at its start); `None` when it is the same.
pub fn record_if_changed(
    store: &mut Store,
    loaded: &Loaded,
    os_account: &str,
) -> Result<Option<Event>, StoreError> {
    store.set_configuration(snapshot(loaded)?, os_account);
    store.record_configuration()
}

/// Makes `config.applied` (when the configuration differs from the last recorded) go in
/// first, in the same transaction as this process's first write: a refused command
/// still writes nothing.
pub fn before_first_write(
    store: &mut Store,
    loaded: &Loaded,
    os_account: &str,
) -> Result<(), StoreError> {
    store.set_configuration(snapshot(loaded)?, os_account);
    Ok(())
}
