//! Run-time maintenance windows in the store (`maintenance_windows`, filled from
//! `maintenance.added`, `maintenance.ended` and `maintenance.silenced` events): one window
//! by its event id, with the Alertmanager silences made for it.

use super::{Store, StoreError};
use crate::model::timespec::from_storage;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// A silence made in an Alertmanager for a window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Silence {
    pub source: String,
    pub id: String,
}

/// One run-time window as the store has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeWindow {
    pub id: i64,
    pub systems: Vec<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub reason: String,
    pub silences: Vec<Silence>,
}

impl Store {
    /// The run-time window added by event `id`; none when no such window was added.
    pub fn runtime_window(&self, id: i64) -> Result<Option<RuntimeWindow>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT systems, starts_at, ends_at, reason, silences FROM maintenance_windows \
                 WHERE event_id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .optional()?;
        let Some((systems, from, to, reason, silences)) = row else {
            return Ok(None);
        };
        let (Some(from), Some(to)) = (from_storage(&from), from_storage(&to)) else {
            return Ok(None);
        };
        Ok(Some(RuntimeWindow {
            id,
            systems: serde_json::from_str(&systems).unwrap_or_default(),
            from,
            to,
            reason,
            silences: serde_json::from_str(&silences).unwrap_or_default(),
        }))
    }

    /// The ids of the run-time windows not yet over at `now`, in start order.
    pub fn runtime_window_ids(&self, now: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT event_id FROM maintenance_windows WHERE ends_at > ?1 ORDER BY starts_at",
        )?;
        let ids = stmt
            .query_map([crate::model::timespec::to_storage(now)], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }
}
