//! Reads for the console: pages of the log (newest first, by keyset, never the whole log),
//! a system's latest check results and recent latencies.

use super::query::{SELECT_EVENT, event_from_row};
use super::{Store, StoreError};
use crate::model::event::Event;
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::HashMap;

/// A check's latest sample: (check, verdict, latency ms, message, at).
/// A check's latest sample: name, verdict, latency, finding, time.
pub type LatestCheck = (
    String,
    String,
    u64,
    crate::model::finding::Finding,
    DateTime<Utc>,
);

fn like(text: &str) -> String {
    format!("%{}%", super::query::like_escape(text))
}

impl Store {
    /// Up to `limit` events older than `before` (newest first). `text` filters on kind,
    /// subject, actor and payload.
    pub fn events_page(
        &self,
        text: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Event>, StoreError> {
        let before = before.unwrap_or(i64::MAX);
        let mut out = Vec::with_capacity(limit);
        if text.trim().is_empty() {
            let mut stmt = self.conn.prepare_cached(&format!(
                "{SELECT_EVENT} WHERE id < ?1 ORDER BY id DESC LIMIT ?2"
            ))?;
            let mut rows = stmt.query(params![before, limit as i64])?;
            while let Some(r) = rows.next()? {
                out.push(event_from_row(r)?);
            }
        } else {
            let mut stmt = self.conn.prepare_cached(&format!(
                "{SELECT_EVENT} WHERE id < ?1 AND (kind LIKE ?2 ESCAPE '\\' OR subject LIKE ?2 ESCAPE '\\' \
                 OR actor LIKE ?2 ESCAPE '\\' OR payload LIKE ?2 ESCAPE '\\') ORDER BY id DESC LIMIT ?3"
            ))?;
            let mut rows = stmt.query(params![before, like(text.trim()), limit as i64])?;
            while let Some(r) = rows.next()? {
                out.push(event_from_row(r)?);
            }
        }
        Ok(out)
    }

    /// The newest events about one subject, newest first.
    pub fn recent_for_subject(
        &self,
        subject: &str,
        limit: usize,
    ) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_EVENT} WHERE subject = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let mut rows = stmt.query(params![subject, limit as i64])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(event_from_row(r)?);
        }
        Ok(out)
    }

    /// Each check's latest sample for a system.
    pub fn latest_checks(&self, system: &str) -> Result<Vec<LatestCheck>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT check_name, verdict, latency_ms, message, max(at), finding FROM samples \
             WHERE system_id = ?1 GROUP BY check_name ORDER BY check_name",
        )?;
        let rows = stmt
            .query_map([system], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, v, l, m, at, f)| {
                let finding = super::finding::from_columns(f, &m);
                Some((c, v, l.max(0) as u64, finding, from_storage(&at)?))
            })
            .collect())
    }

    /// Latencies since `since` per system, oldest first, at most `per_system` each.
    pub fn latency_series(
        &self,
        since: DateTime<Utc>,
        per_system: usize,
    ) -> Result<HashMap<String, Vec<u64>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT system_id, latency_ms FROM samples WHERE at >= ?1 ORDER BY system_id, at",
        )?;
        let mut rows = stmt.query([to_storage(since)])?;
        let mut out: HashMap<String, Vec<u64>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let v = out.entry(r.get(0)?).or_default();
            v.push(r.get::<_, i64>(1)?.max(0) as u64);
            if v.len() > per_system * 2 {
                v.drain(..per_system);
            }
        }
        for v in out.values_mut() {
            let excess = v.len().saturating_sub(per_system);
            v.drain(..excess);
        }
        Ok(out)
    }

    /// The id and kind of the events after `after`, oldest first, at most `limit` (a
    /// range of the primary key: what changed since a reader last looked).
    pub fn kinds_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, kind FROM events WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let rows = stmt.query_map(rusqlite::params![after, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The data version SQLite keeps for this connection: it changes when another
    /// connection commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
