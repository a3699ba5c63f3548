//! Runbook runs in the store: the `runs` projection, ids, reads.

use super::{Store, StoreError};
use crate::model::event::Event;
use crate::model::run::{self, Run, Started, id_of, kind};
use crate::model::timespec::to_storage;
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRow {
    pub id: String,
    pub runbook_id: String,
    pub title: String,
    pub status: String,
    pub started_at: String,
    pub incident: Option<String>,
    pub finished: i64,
    pub total: i64,
}

pub(super) fn apply(conn: &Connection, e: &Event) -> Result<(), StoreError> {
    let Some(id) = id_of(&e.subject) else {
        return Ok(());
    };
    match e.kind.as_str() {
        kind::STARTED => {
            let s: Started = serde_json::from_value(e.payload.clone())
                .map_err(|x| StoreError::Corrupt(format!("event #{}: {x}", e.id)))?;
            conn.execute(
                "INSERT INTO runs (id, runbook_id, title, status, started_at, incident, finished, total) \
                 VALUES (?1, ?2, ?3, 'active', ?4, ?5, 0, ?6)",
                params![id, s.runbook_id, s.title, to_storage(e.occurred_at), s.incident, s.steps.len() as i64],
            )?;
        }
        kind::DONE | kind::SKIPPED => {
            conn.execute(
                "UPDATE runs SET finished = finished + 1 WHERE id = ?1",
                [id],
            )?;
        }
        kind::UNDONE => {
            conn.execute(
                "UPDATE runs SET finished = max(finished - 1, 0) WHERE id = ?1",
                [id],
            )?;
        }
        kind::LINKED => {
            let l: crate::model::payload::Linked = crate::model::payload::read(e)?;
            conn.execute(
                "UPDATE runs SET incident = ?2 WHERE id = ?1",
                params![id, l.incident],
            )?;
        }
        kind::COMPLETED => {
            conn.execute("UPDATE runs SET status = 'completed' WHERE id = ?1", [id])?;
        }
        kind::ABORTED => {
            conn.execute("UPDATE runs SET status = 'aborted' WHERE id = ?1", [id])?;
        }
        _ => {}
    }
    Ok(())
}

/// The next run id for `year` (`RUN-2026-0007`), read inside the write transaction.
pub(crate) fn next_run_id(conn: &Connection, year: i32) -> Result<String, StoreError> {
    let prefix = format!("RUN-{year}-");
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM runs WHERE id LIKE ?1",
        [format!("{prefix}%")],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:04}", n + 1))
}

/// Every event of a run, oldest first.
pub(crate) fn run_events(conn: &Connection, id: &str) -> Result<Vec<Event>, StoreError> {
    super::query::subject_events(conn, &run::subject(id))
}

impl Store {
    pub fn run(&self, id: &str) -> Result<Option<Run>, StoreError> {
        Ok(run::fold(&run_events(&self.conn, id)?)?)
    }

    /// Active runs first, newest first.
    pub fn run_rows(&self) -> Result<Vec<RunRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, runbook_id, title, status, started_at, incident, finished, total FROM runs \
             ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, started_at DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RunRow {
                    id: r.get(0)?,
                    runbook_id: r.get(1)?,
                    title: r.get(2)?,
                    status: r.get(3)?,
                    started_at: r.get(4)?,
                    incident: r.get(5)?,
                    finished: r.get(6)?,
                    total: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
