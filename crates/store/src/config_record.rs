//! `config.applied` in the store: the configuration a process runs with goes into the log
//! before its first event, in the same transaction, when it differs from the last one
//! recorded (`ops::config_applied` takes the snapshot).

use super::{Store, StoreError};
use crate::model::event::{NewEvent, kind};
use crate::model::guard::Origin;
use crate::model::payload::{ConfigApplied, ConfigChange, PersonRoles, TeamMembers};
use rusqlite::OptionalExtension;
use std::collections::BTreeMap;

/// A configuration waiting to be recorded, and the account running the process.
#[derive(Debug, Clone)]
pub struct PendingConfiguration {
    pub applied: ConfigApplied,
    pub os_account: String,
}

/// What changed from `before` to `now`, people first, then teams.
pub fn changes(before: &ConfigApplied, now: &ConfigApplied) -> Vec<ConfigChange> {
    let mut out = Vec::new();
    let old: BTreeMap<&str, &PersonRoles> = before
        .people
        .iter()
        .map(|p| (p.account.as_str(), p))
        .collect();
    let new: BTreeMap<&str, &PersonRoles> =
        now.people.iter().map(|p| (p.account.as_str(), p)).collect();
    for (account, p) in &new {
        match old.get(account) {
            None => out.push(ConfigChange::PersonAdded {
                account: account.to_string(),
                roles: p.roles.clone(),
            }),
            Some(o) if o.roles != p.roles => out.push(ConfigChange::RolesChanged {
                account: account.to_string(),
                from: o.roles.clone(),
                to: p.roles.clone(),
            }),
            Some(_) => {}
        }
    }
    for account in old.keys().filter(|a| !new.contains_key(*a)) {
        out.push(ConfigChange::PersonRemoved {
            account: account.to_string(),
        });
    }
    let old: BTreeMap<&str, &TeamMembers> =
        before.teams.iter().map(|t| (t.id.as_str(), t)).collect();
    let new: BTreeMap<&str, &TeamMembers> = now.teams.iter().map(|t| (t.id.as_str(), t)).collect();
    for (team, t) in &new {
        match old.get(team) {
            None => out.push(ConfigChange::TeamAdded {
                team: team.to_string(),
            }),
            Some(o) => {
                if o.members != t.members {
                    out.push(ConfigChange::MembersChanged {
                        team: team.to_string(),
                        from: o.members.clone(),
                        to: t.members.clone(),
                    });
                }
                if o.rota_sha256 != t.rota_sha256 {
                    out.push(ConfigChange::RotaChanged {
                        team: team.to_string(),
                    });
                }
            }
        }
    }
    for team in old.keys().filter(|t| !new.contains_key(*t)) {
        out.push(ConfigChange::TeamRemoved {
            team: team.to_string(),
        });
    }
    out
}

/// The last `config.applied` payload in the log (an index lookup by kind).
pub(crate) fn last_applied(
    conn: &rusqlite::Connection,
) -> Result<Option<ConfigApplied>, StoreError> {
    let payload: Option<String> = conn
        .query_row(
            "SELECT payload FROM events WHERE kind = ?1 ORDER BY id DESC LIMIT 1",
            [kind::CONFIG_APPLIED],
            |r| r.get(0),
        )
        .optional()?;
    Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
}

/// `events` with `config.applied` in front when `pending` differs from the configuration
/// last recorded.
pub(super) fn prepend(
    conn: &rusqlite::Connection,
    pending: Option<&PendingConfiguration>,
    mut events: Vec<NewEvent>,
) -> Result<Vec<NewEvent>, StoreError> {
    let Some(pending) = pending else {
        return Ok(events);
    };
    // The digest alone first (the payload holds every file's text: megabytes for a large
    // region, read only when the configuration changed).
    let last_digest: Option<String> = conn
        .query_row(
            "SELECT json_extract(payload, '$.digest') FROM events WHERE kind = ?1 \
             ORDER BY id DESC LIMIT 1",
            [kind::CONFIG_APPLIED],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if last_digest.as_deref() == Some(pending.applied.digest.as_str()) {
        return Ok(events);
    }
    let before = last_applied(conn)?;
    let mut applied = pending.applied.clone();
    if let Some(b) = &before {
        applied.changes = changes(b, &applied);
    }
    events.insert(
        0,
        NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: pending.os_account.clone(),
            os_account: pending.os_account.clone(),
            kind: kind::CONFIG_APPLIED.into(),
            subject: "config".into(),
            corrects: None,
            payload_version: 1,
            origin: Origin::Machine,
            payload: crate::model::payload::to_value(&applied)?,
        },
    );
    Ok(events)
}

impl Store {
    /// Every `config.applied` in the log: (event id, digest), oldest first (an index range
    /// by kind).
    pub fn configurations(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, json_extract(payload, '$.digest') FROM events WHERE kind = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([kind::CONFIG_APPLIED], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The configuration in force at `at`: the last `config.applied` that happened at or
    /// before it, with its event id and time.
    pub fn configuration_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<(i64, chrono::DateTime<chrono::Utc>, ConfigApplied)>, StoreError> {
        let row: Option<(i64, String, String)> = self
            .conn
            .query_row(
                "SELECT id, occurred_at, payload FROM events WHERE kind = ?1 AND occurred_at <= ?2 \
                 ORDER BY id DESC LIMIT 1",
                rusqlite::params![kind::CONFIG_APPLIED, crate::model::timespec::to_storage(at)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.and_then(|(id, t, payload)| {
            Some((
                id,
                crate::model::timespec::from_storage(&t)?,
                serde_json::from_str(&payload).ok()?,
            ))
        }))
    }

    /// The configuration this process runs with: recorded before its first write.
    pub fn set_configuration(&mut self, applied: ConfigApplied, os_account: &str) {
        self.configuration = Some(PendingConfiguration {
            applied,
            os_account: os_account.to_string(),
        });
    }
}
