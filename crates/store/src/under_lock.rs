//! The log as an operation sees it under the write lock (issue 33): what [`Store::append_with`]
//! hands the closure that builds the events, so an operation can validate against the
//! current state and number what it creates without knowing the engine. Everything here is
//! read inside the appending transaction; only [`UnderLock::record_alert`] and
//! [`UnderLock::record_ping`] write (their tables, in the same transaction as the events
//! that report the receipt).
//!
//! [`Store::append_with`]: super::Store::append_with

use super::StoreError;
use crate::model::event::{Event, StatusChange, kind as event_kind, subject};
use crate::model::health::Health;
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// The log under the write lock, for the duration of one append.
pub struct UnderLock<'t> {
    conn: &'t Connection,
}

/// A page or a run that began in a window and belongs to no incident yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub id: String,
    /// The page's system, or the run's runbook.
    pub of: Option<String>,
}

impl<'t> UnderLock<'t> {
    pub(crate) fn new(conn: &'t Connection) -> Self {
        UnderLock { conn }
    }

    /// Every event of an incident, oldest first (empty when there is no such incident).
    pub fn incident_events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        super::incidents::incident_events(self.conn, id)
    }

    /// Whether an incident exists (one index lookup).
    pub fn incident_exists(&self, id: &str) -> Result<bool, StoreError> {
        super::incidents::exists(self.conn, id)
    }

    /// The next incident id for `year` (`INC-2026-0042`).
    pub fn next_incident_id(&self, year: i32) -> Result<String, StoreError> {
        super::incidents::next_incident_id(self.conn, year)
    }

    /// The open incidents (not resolved, closed or cancelled), the most recently declared
    /// first, each with its systems.
    pub fn open_incidents(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, systems FROM incidents \
             WHERE status NOT IN ('resolved', 'closed', 'cancelled') \
             ORDER BY declared_at DESC, id DESC",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let listed: String = r.get(1)?;
            // A projection row that cannot be read names no systems: a page or a run is
            // then not joined to it, and is never refused for it (the alarm goes out).
            let systems: Vec<String> = serde_json::from_str(&listed).unwrap_or_default();
            out.push((id, systems));
        }
        Ok(out)
    }

    /// Every event of a page, oldest first.
    pub fn page_events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        super::pages::page_events(self.conn, id)
    }

    /// The open pages' ids (not acknowledged or resolved), oldest first.
    pub fn open_page_ids(&self) -> Result<Vec<String>, StoreError> {
        super::pages::open_page_ids(self.conn)
    }

    /// The next page id for `year` (`PAGE-2026-0007`).
    pub fn next_page_id(&self, year: i32) -> Result<String, StoreError> {
        super::pages::next_page_id(self.conn, year)
    }

    /// Whether a `kind` event recorded from the spool entry `key` is already in the log
    /// (looked for among the events that occurred from `since` on).
    pub fn recorded_late(
        &self,
        kind: &str,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        super::pages::recorded_late(self.conn, kind, key, since)
    }

    /// Every event of a run, oldest first.
    pub fn run_events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        super::runs::run_events(self.conn, id)
    }

    /// The next run id for `year` (`RUN-2026-0007`).
    pub fn next_run_id(&self, year: i32) -> Result<String, StoreError> {
        super::runs::next_run_id(self.conn, year)
    }

    /// Whether an alert was firing before this receipt (`None`: never seen).
    pub fn alert_was_firing(
        &self,
        source: &str,
        fingerprint: &str,
    ) -> Result<Option<bool>, StoreError> {
        super::alerts::was_firing(self.conn, source, fingerprint)
    }

    /// Records one receipt of an alert, in the transaction of the events that report it.
    pub fn record_alert(
        &self,
        source: &str,
        alert: &crate::model::alert::Received,
        mapped: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::alerts::upsert(self.conn, source, alert, mapped, now)
    }

    /// Records a heartbeat's ping, in the transaction of the events that go with it.
    pub fn record_ping(
        &self,
        id: &str,
        ok: bool,
        message: &str,
        sender: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        super::heartbeats::ping_in(self.conn, id, ok, message, sender, at)
    }

    /// The health of each status change of `system` that occurred in `[from, to]`, the
    /// newest first (a change whose payload cannot be read is passed over).
    pub fn status_changes(
        &self,
        system: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, Health)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT occurred_at, payload FROM events WHERE subject = ?1 AND +kind = ?2 \
             AND occurred_at >= ?3 AND occurred_at <= ?4 ORDER BY id DESC",
        )?;
        let mut rows = stmt.query(params![
            subject::system(system),
            event_kind::SYSTEM_STATUS_CHANGED,
            to_storage(from),
            to_storage(to)
        ])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let when: String = r.get(0)?;
            let payload: String = r.get(1)?;
            let (Some(when), Ok(change)) = (
                from_storage(&when),
                serde_json::from_str::<StatusChange>(&payload),
            ) else {
                continue;
            };
            out.push((when, change.health));
        }
        Ok(out)
    }

    /// The pages triggered in `[from, to]` that belong to no incident, in the order they
    /// were triggered, each with its system.
    pub fn unlinked_pages(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Unlinked>, StoreError> {
        self.unlinked(
            "SELECT id, system FROM pages WHERE incident IS NULL AND triggered_at >= ?1 \
             AND triggered_at <= ?2 ORDER BY triggered_at, id",
            from,
            to,
        )
    }

    /// The runs started in `[from, to]` that belong to no incident, in the order they
    /// were started, each with its runbook.
    pub fn unlinked_runs(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Unlinked>, StoreError> {
        self.unlinked(
            "SELECT id, runbook_id FROM runs WHERE incident IS NULL AND started_at >= ?1 \
             AND started_at <= ?2 ORDER BY started_at, id",
            from,
            to,
        )
    }

    fn unlinked(
        &self,
        sql: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Unlinked>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![to_storage(from), to_storage(to)], |r| {
            Ok(Unlinked {
                id: r.get(0)?,
                of: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
