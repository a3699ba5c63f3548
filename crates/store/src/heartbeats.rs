//! Heartbeats in the store: the last ping of each (`heartbeats` table, migration 7).

use super::{Store, StoreError};
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;

/// The last ping of a heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ping {
    pub at: DateTime<Utc>,
    /// `false`: the job said it failed (`--fail`).
    pub ok: bool,
    pub message: String,
    /// How many pings so far.
    pub pings: i64,
    /// Who sent it (`ops::sender`): an OS account, or a receiver source and address.
    pub sender: String,
}

impl Store {
    /// Records a ping of heartbeat `id` (the newest replaces the one before).
    pub fn ping(
        &mut self,
        id: &str,
        ok: bool,
        message: &str,
        sender: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        ping_in(&self.conn, id, ok, message, sender, at)
    }

    /// The last ping of `id`, if any.
    pub fn last_ping(&self, id: &str) -> Result<Option<Ping>, StoreError> {
        last_ping_in(&self.conn, id)
    }
}

/// Records a ping on `conn` (inside the caller's transaction, or alone).
pub(crate) fn ping_in(
    conn: &Connection,
    id: &str,
    ok: bool,
    message: &str,
    sender: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO heartbeats (id, at, ok, message, pings, sender) VALUES (?1, ?2, ?3, ?4, 1, ?5) \
         ON CONFLICT (id) DO UPDATE SET at = ?2, ok = ?3, message = ?4, pings = pings + 1, sender = ?5",
        params![id, to_storage(at), ok, message, sender],
    )?;
    Ok(())
}

fn last_ping_in(conn: &Connection, id: &str) -> Result<Option<Ping>, StoreError> {
    let row = conn
        .query_row(
            "SELECT at, ok, message, pings, sender FROM heartbeats WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(|(at, ok, message, pings, sender)| {
        Some(Ping {
            at: from_storage(&at)?,
            ok,
            message,
            pings,
            sender,
        })
    }))
}

/// The last ping of `id`, read from the log at `path` on a read-only connection of its own
/// (the monitor's heartbeat checks, off its writing connection).
pub fn read_last_ping(path: &Path, id: &str) -> Result<Option<Ping>, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    last_ping_in(&conn, id)
}
