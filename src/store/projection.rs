//! Projections: current state derived from the log, written in the same transaction as
//! the event that changes it, and rebuildable from the log alone.

use super::{Store, StoreError};
use crate::model::event::{Event, kind};
use crate::model::timespec::to_storage;
use rusqlite::{Connection, TransactionBehavior, params};

/// Tables that hold only derived state (never the log itself).
const PROJECTION_TABLES: &[&str] = &["diary_entries"];

/// Applies one event to the projections.
pub(super) fn apply(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    if event.kind.as_str() == kind::DIARY_NOTE {
        let text = event
            .payload
            .get("text")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        conn.prepare_cached(
            "INSERT INTO diary_entries (event_id, occurred_at, actor, subject, text) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            event.id,
            to_storage(event.occurred_at),
            event.actor,
            event.subject,
            text
        ])?;
    }
    Ok(())
}

impl Store {
    /// Empties the projections and replays the whole log into them, in one transaction.
    pub fn rebuild_projections(&mut self) -> Result<u64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in PROJECTION_TABLES {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        let mut replayed = 0;
        {
            let mut stmt = tx.prepare(&format!("{} ORDER BY id", super::query::SELECT_EVENT))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let event = super::query::event_from_row(row)?;
                apply(&tx, &event)?;
                replayed += 1;
            }
        }
        tx.commit()?;
        Ok(replayed)
    }

    /// Diary entries from the projection, newest last: (event id, occurred_at, actor, text).
    pub fn diary(&self, limit: usize) -> Result<Vec<(i64, String, String, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT event_id, occurred_at, actor, text FROM \
             (SELECT * FROM diary_entries ORDER BY occurred_at DESC, event_id DESC LIMIT ?1) \
             ORDER BY occurred_at, event_id",
        )?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
