//! Pages in the store: the `pages` projection, ids numbered under the write lock, reads.

use super::{Store, StoreError};
use crate::model::event::Event;
use crate::model::page::{self, Page, Triggered, id_of, kind};
use crate::model::timespec::to_storage;
use rusqlite::{Connection, params};

pub(super) fn apply(conn: &Connection, e: &Event) -> Result<(), StoreError> {
    let Some(id) = id_of(&e.subject) else {
        return Ok(());
    };
    let status =
        match e.kind.as_str() {
            kind::TRIGGERED => {
                let t: Triggered = serde_json::from_value(e.payload.clone())
                    .map_err(|x| StoreError::Corrupt(format!("event #{}: {x}", e.id)))?;
                conn.execute(
                "INSERT INTO pages (id, target, system, incident, status, triggered_at, message) \
                 VALUES (?1, ?2, ?3, ?4, 'triggered', ?5, ?6)",
                params![id, t.target, t.system, t.incident, to_storage(e.occurred_at), t.message],
            )?;
                return Ok(());
            }
            kind::NOTIFIED => {
                let escalated = e.payload.get("step").and_then(|v| v.as_u64()).unwrap_or(0) > 0
                    || e.payload.get("round").and_then(|v| v.as_u64()).unwrap_or(0) > 0;
                if escalated { "escalated" } else { "notified" }
            }
            kind::LINKED => {
                let l: crate::model::payload::Linked = crate::model::payload::read(e)?;
                conn.execute(
                    "UPDATE pages SET incident = ?2 WHERE id = ?1",
                    params![id, l.incident],
                )?;
                return Ok(());
            }
            kind::ACKNOWLEDGED => "acknowledged",
            kind::RESOLVED => "resolved",
            _ => return Ok(()),
        };
    // A notification after an acknowledgement (a late timer) does not reopen the page.
    conn.execute(
        "UPDATE pages SET status = ?2 WHERE id = ?1 AND (status NOT IN ('acknowledged', 'resolved') OR ?2 = 'resolved')",
        params![id, status],
    )?;
    Ok(())
}

/// The next page id for `year` (`PAGE-2026-0007`), read inside the write transaction.
pub(crate) fn next_page_id(conn: &Connection, year: i32) -> Result<String, StoreError> {
    let prefix = format!("PAGE-{year}-");
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM pages WHERE id LIKE ?1",
        [format!("{prefix}%")],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:04}", n + 1))
}

/// Every event of a page, oldest first.
pub(crate) fn page_events(conn: &Connection, id: &str) -> Result<Vec<Event>, StoreError> {
    super::query::subject_events(conn, &page::subject(id))
}

/// Ids of the open pages (not acknowledged or resolved), oldest first.
pub(crate) fn open_page_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM pages WHERE status NOT IN ('acknowledged', 'resolved') ORDER BY triggered_at, id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

impl Store {
    pub fn page(&self, id: &str) -> Result<Option<Page>, StoreError> {
        Ok(page::fold(&page_events(&self.conn, id)?)?)
    }

    /// Open pages, oldest first; with `all`, also the latest 50 closed ones after them.
    pub fn pages(&self, all: bool) -> Result<Vec<Page>, StoreError> {
        let mut out = Vec::new();
        for id in open_page_ids(&self.conn)? {
            out.extend(self.page(&id)?);
        }
        if all {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM pages WHERE status IN ('acknowledged', 'resolved') \
                 ORDER BY triggered_at DESC, id DESC LIMIT 50",
            )?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            for id in ids {
                out.extend(self.page(&id)?);
            }
        }
        Ok(out)
    }
}

/// Whether a `kind` event recorded from the spool entry `key` is already in the log (a
/// replay after a crash between recording and removing the entry). Looks only at events
/// that occurred from `since` on (the entry's first sending), through the `occurred_at`
/// index: the few minutes the log was held, not the log.
pub(crate) fn recorded_late(
    conn: &Connection,
    kind: &str,
    key: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StoreError> {
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM events WHERE occurred_at >= ?1 AND kind = ?2 \
         AND json_extract(payload, '$.late.key') = ?3",
        params![to_storage(since), kind, key],
        |r| r.get(0),
    )?;
    Ok(found > 0)
}
