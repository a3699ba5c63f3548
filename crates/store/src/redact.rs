//! Taking a text out of the log for good (see `model::redaction`): the payload is replaced
//! under the write lock together with the `log.redacted` event that records it, every copy
//! of the text in the projections and samples is replaced too, and then the file is
//! rewritten (`VACUUM` with `secure_delete`) and the WAL checkpointed and truncated, so the
//! text is gone from the database file and its WAL, not only hidden.

use super::append::append_in;
use super::chain::{canonical_json, sha256_hex};
use super::query::{SELECT_EVENT, event_from_row};
use super::{Store, StoreError};
use crate::model::event::{Event, NewEvent};
use crate::model::guard::Origin;
use crate::model::redaction::{self, Redaction};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// A redaction to make.
#[derive(Debug, Clone)]
pub struct RedactRequest<'a> {
    pub event: i64,
    pub field: &'a str,
    pub reason: &'a str,
    pub actor: &'a str,
    pub os_account: &'a str,
    pub now: DateTime<Utc>,
}

/// What a redaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The `log.redacted` event.
    pub redaction_event: i64,
    /// Copies of the text replaced in projections and samples.
    pub copies_replaced: usize,
    /// The file was rewritten and the WAL emptied: no trace of the old text remains in
    /// them. False when another process kept the WAL from being emptied (the text is gone
    /// from the database pages; the WAL is emptied at the next checkpoint).
    pub scrubbed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    #[error("there is no event #{0}")]
    NoEvent(i64),
    #[error(transparent)]
    Field(#[from] redaction::FieldError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::model::payload::PayloadError> for RedactError {
    fn from(e: crate::model::payload::PayloadError) -> Self {
        RedactError::Store(StoreError::Payload(e))
    }
}

impl From<rusqlite::Error> for RedactError {
    fn from(e: rusqlite::Error) -> Self {
        RedactError::Store(StoreError::from(e))
    }
}

impl Store {
    /// One event, by id.
    pub fn event(&self, id: i64) -> Result<Option<Event>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_EVENT} WHERE id = ?1"))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => Ok(Some(event_from_row(r)?)),
            None => Ok(None),
        }
    }

    /// Redacts one text field of one event (the caller has checked the right to).
    pub fn redact(&mut self, req: &RedactRequest<'_>) -> Result<Redacted, RedactError> {
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let mut tx = self.write_transaction()?;
        let row: Option<(String, String)> = tx
            .query_row(
                "SELECT payload, payload_sha256 FROM events WHERE id = ?1",
                [req.event],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((payload_text, original_sha256)) = row else {
            return Err(RedactError::NoEvent(req.event));
        };
        let mut payload: serde_json::Value = serde_json::from_str(&payload_text)
            .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", req.event)))?;
        let last_id: i64 = tx.query_row(
            "SELECT last_id FROM log_head WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?;
        // The redaction event is the next one written: its id goes into the marker.
        let redaction_id = last_id + 1;
        let marker = redaction::marker(redaction_id);
        let original = redaction::replace_field(&mut payload, req.field, &marker)?;
        let redacted_text = canonical_json(&payload);
        let record = Redaction {
            event: req.event,
            field: req.field.to_string(),
            reason: req.reason.to_string(),
            original_payload_sha256: sha256_hex(payload_text.as_bytes()),
            redacted_payload_sha256: sha256_hex(redacted_text.as_bytes()),
        };
        // The digest the chain holds stays the one written at first.
        let _ = original_sha256;
        let stored = append_in(
            &tx,
            vec![NewEvent {
                occurred_at: req.now,
                actor: req.actor.to_string(),
                os_account: req.os_account.to_string(),
                kind: redaction::KIND.into(),
                subject: redaction::subject(req.event),
                corrects: Some(req.event),
                payload_version: 1,
                payload: crate::model::payload::to_value(&record)?,
                origin: Origin::Person,
            }],
        )?;
        if stored.first().map(|e| e.id) != Some(redaction_id) {
            return Err(StoreError::Corrupt("the redaction was not the next event".into()).into());
        }
        tx.execute(
            "INSERT INTO redactions (event_id, redaction_event, payload) VALUES (?1, ?2, ?3) \
             ON CONFLICT (event_id) DO UPDATE SET redaction_event = excluded.redaction_event, \
             payload = excluded.payload",
            params![req.event, redaction_id, redacted_text],
        )?;
        tx.execute(
            "UPDATE events SET payload = ?1 WHERE id = ?2",
            params![redacted_text, req.event],
        )?;
        let copies_replaced = replace_copies(&tx, &original, &marker)?;
        // On PostgreSQL the log of record's payload too, by its one recorded path.
        tx.redact_on_commit(req.event, redacted_text);
        tx.commit()?;
        let scrubbed = self.scrub_file();
        Ok(Redacted {
            redaction_event: redaction_id,
            copies_replaced,
            scrubbed,
        })
    }

    /// Rewrites the file without free pages or slack (old text lives there) and empties the
    /// WAL. Returns false when the WAL could not be emptied because others were reading.
    pub(crate) fn scrub_file(&mut self) -> bool {
        let vacuumed = self.conn.execute_batch("VACUUM").is_ok();
        let mut emptied = false;
        for attempt in 0..20 {
            let busy: Result<i64, _> =
                self.conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0));
            if busy == Ok(0) {
                emptied = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50 * (attempt + 1)));
        }
        let _ = self.conn.pragma_update(None, "secure_delete", "OFF");
        vacuumed && emptied
    }
}

/// On a host following the log of record: a `log.redacted` event copied from it (`row`,
/// inside the catch-up's transaction) is carried out in this host's file as the redacting
/// host did in its own — the payload replaced by the redacted one the log of record holds
/// (checked against the digest the event records), every copy of the text in the
/// projections replaced. A file that already holds the redacted payload (copied after the
/// redaction) only records it.
pub(crate) fn follow_redaction(
    tx: &rusqlite::Connection,
    remote: &mut super::remote::RemoteLog,
    row: &super::remote::StoredRow,
) -> Result<(), StoreError> {
    let record: Redaction = serde_json::from_str(&row.payload)
        .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", row.id)))?;
    let there = remote
        .rows_after(record.event - 1, 1)?
        .into_iter()
        .find(|r| r.id == record.event)
        .ok_or_else(|| {
            StoreError::Corrupt(format!(
                "event #{} redacts event #{}, which the log of record does not hold",
                row.id, record.event
            ))
        })?;
    if sha256_hex(there.payload.as_bytes()) != record.redacted_payload_sha256 {
        return Err(StoreError::Corrupt(format!(
            "event #{}: the log of record's payload of event #{} is not the redacted one it \
             records",
            row.id, record.event
        )));
    }
    let here: String = tx.query_row(
        "SELECT payload FROM events WHERE id = ?1",
        [record.event],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO redactions (event_id, redaction_event, payload) VALUES (?1, ?2, ?3) \
         ON CONFLICT (event_id) DO UPDATE SET redaction_event = excluded.redaction_event, \
         payload = excluded.payload",
        params![record.event, row.id, there.payload],
    )?;
    if here == there.payload {
        return Ok(());
    }
    let mut payload: serde_json::Value = serde_json::from_str(&here)
        .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", record.event)))?;
    let marker = redaction::marker(row.id);
    let original = redaction::replace_field(&mut payload, &record.field, &marker)
        .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", row.id)))?;
    tx.execute(
        "UPDATE events SET payload = ?1 WHERE id = ?2",
        params![there.payload, record.event],
    )?;
    replace_copies(tx, &original, &marker)?;
    Ok(())
}

/// Replaces `original` with `marker` in every text column of every table but the log
/// itself (projections, samples): copies of the text made when the event was applied.
fn replace_copies(
    tx: &rusqlite::Connection,
    original: &str,
    marker: &str,
) -> Result<usize, StoreError> {
    if original.chars().count() < 8 {
        return Ok(0); // too short to be sure a copy is this text
    }
    // JSON columns hold the text escaped.
    let escaped = serde_json::to_string(original).unwrap_or_default();
    let escaped = escaped.trim_matches('"').to_string();
    let escaped_marker = serde_json::to_string(marker).unwrap_or_default();
    let escaped_marker = escaped_marker.trim_matches('"').to_string();
    let tables: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('events', 'redactions', 'log_head')",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let mut replaced = 0;
    for table in tables {
        let columns: Vec<String> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))?;
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .filter_map(Result::ok)
                .filter(|(_, t)| t.eq_ignore_ascii_case("TEXT"))
                .map(|(n, _)| n)
                .collect()
        };
        for column in columns {
            for (from, to) in [
                (original, marker),
                (escaped.as_str(), escaped_marker.as_str()),
            ] {
                replaced += tx.execute(
                    &format!(
                        "UPDATE \"{table}\" SET \"{column}\" = replace(\"{column}\", ?1, ?2) \
                         WHERE instr(\"{column}\", ?1) > 0"
                    ),
                    params![from, to],
                )?;
            }
        }
    }
    Ok(replaced)
}
