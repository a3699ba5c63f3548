//! Alerts in the store: one row per source and fingerprint (`alerts`, migration 8), written
//! inside the write transaction of the `alert.received` events (ops/alert.rs), read by the
//! monitor's alert checks on a connection of their own.

use super::StoreError;
use crate::model::alert::{Labels, Received};
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;

/// An alert as the monitor reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub fingerprint: String,
    pub labels: Labels,
    pub summary: String,
    pub warning: bool,
    pub last_seen: DateTime<Utc>,
}

/// Whether the alert was firing before this receipt (`None`: never seen).
pub(crate) fn was_firing(
    conn: &Connection,
    source: &str,
    fingerprint: &str,
) -> Result<Option<bool>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT firing FROM alerts WHERE source = ?1 AND fingerprint = ?2",
            params![source, fingerprint],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records one receipt of an alert (inside the caller's write transaction).
pub(crate) fn upsert(
    conn: &Connection,
    source: &str,
    a: &Received,
    mapped: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO alerts (source, fingerprint, labels, summary, firing, warning, starts_at, \
         first_seen, last_seen, mapped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9) \
         ON CONFLICT (source, fingerprint) DO UPDATE SET labels = ?3, summary = ?4, \
         firing = ?5, warning = ?6, starts_at = ?7, last_seen = ?8, mapped = ?9",
        params![
            source,
            a.fingerprint,
            serde_json::to_string(&a.labels).unwrap_or_default(),
            a.summary,
            a.firing,
            crate::model::alert::is_warning(&a.labels),
            a.starts_at.map(to_storage),
            to_storage(now),
            mapped
        ],
    )?;
    Ok(())
}

/// The firing alerts of `source`, read from the log at `path` on a read-only connection.
pub fn firing(path: &Path, source: &str) -> Result<Vec<Stored>, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    let mut stmt = conn.prepare(
        "SELECT fingerprint, labels, summary, warning, last_seen FROM alerts \
         WHERE source = ?1 AND firing = 1",
    )?;
    let rows = stmt.query_map([source], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (fingerprint, labels, summary, warning, last_seen) = row?;
        let Some(last_seen) = from_storage(&last_seen) else {
            continue;
        };
        out.push(Stored {
            fingerprint,
            labels: serde_json::from_str(&labels).unwrap_or_default(),
            summary,
            warning,
            last_seen,
        });
    }
    Ok(out)
}

/// A firing alert as the console lists it when no system's check maps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmapped {
    pub source: String,
    pub fingerprint: String,
    pub labels: Labels,
    pub summary: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

impl super::Store {
    /// The firing alerts that matched no system when they came, newest first (at most
    /// `limit`); the console checks them against the configuration it runs with.
    pub fn unmapped_alerts(&self, limit: usize) -> Result<Vec<Unmapped>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, fingerprint, labels, summary, first_seen, last_seen FROM alerts \
             WHERE firing = 1 AND mapped = 0 ORDER BY last_seen DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (source, fingerprint, labels, summary, first, last) = row?;
            let (Some(first_seen), Some(last_seen)) = (from_storage(&first), from_storage(&last))
            else {
                continue;
            };
            out.push(Unmapped {
                source,
                fingerprint,
                labels: serde_json::from_str(&labels).unwrap_or_default(),
                summary,
                first_seen,
                last_seen,
            });
        }
        Ok(out)
    }
}
