//! The log of record against this host's file, row for row (issue 34): a digest of every
//! event's columns computed by the server and here, compared in id order, with the heads.
//! `log verify` walks the file's chain in full; when every row of the log of record is the
//! file's row, the log of record's chain is that chain — checked in a fraction of the time
//! a second walk over the network takes. Where they differ, the log of record's own chain is
//! walked (`RemoteLog::verify_reporting`) to name the break.

use super::RemoteLog;
use crate::StoreError;
use sha2::{Digest, Sha256};

/// Every column of an event, each prefixed with its length in characters (so no shift of
/// text between columns gives the same string), as the server builds it too.
const DIGEST_SQL: &str = "encode(sha256(convert_to(concat(\
     id, ':', char_length(recorded_at), ':', recorded_at, \
     char_length(occurred_at), ':', occurred_at, char_length(actor), ':', actor, \
     char_length(os_account), ':', os_account, char_length(kind), ':', kind, \
     char_length(subject), ':', subject, coalesce(corrects::text, 'N'), ':', \
     payload_version, ':', char_length(payload), ':', payload, \
     char_length(payload_sha256), ':', payload_sha256, char_length(prev_hash), ':', prev_hash, \
     char_length(hash), ':', hash), 'UTF8')), 'hex')";

/// The digest of one event's columns, as [`DIGEST_SQL`] computes it.
fn digest(r: &rusqlite::Row<'_>) -> Result<String, StoreError> {
    let mut text = String::with_capacity(1024);
    let id: i64 = r.get(0)?;
    text.push_str(&format!("{id}:"));
    for i in 1..=6 {
        let s: String = r.get(i)?;
        text.push_str(&format!("{}:{s}", s.chars().count()));
    }
    let corrects: Option<i64> = r.get(7)?;
    let version: i64 = r.get(8)?;
    text.push_str(&format!(
        "{}:{version}:",
        corrects.map_or("N".to_string(), |c| c.to_string())
    ));
    for i in 9..=12 {
        let s: String = r.get(i)?;
        text.push_str(&format!("{}:{s}", s.chars().count()));
    }
    Ok(Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// How the log of record compares with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// Every event the same, and the same head.
    Same { events: u64 },
    /// The first event (id) that differs, is missing on one side, or the heads differ (the
    /// last id compared).
    DiffersAt(i64),
}

impl RemoteLog {
    /// Compares the log of record with the file `conn` (the host's copy), row for row.
    pub(crate) fn compare_with(
        &mut self,
        conn: &rusqlite::Connection,
    ) -> Result<Comparison, StoreError> {
        const BATCH: i64 = 50_000;
        let mut local = conn.prepare(
            "SELECT id, recorded_at, occurred_at, actor, os_account, kind, subject, corrects, \
             payload_version, payload, payload_sha256, prev_hash, hash FROM events \
             WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let (mut after, mut events) = (0i64, 0u64);
        loop {
            let there = self.client.query(
                &format!(
                    "SELECT id, {DIGEST_SQL} FROM beredskap.events WHERE id > $1 \
                     ORDER BY id LIMIT $2"
                ),
                &[&after, &BATCH],
            )?;
            let mut rows = local.query(rusqlite::params![after, BATCH])?;
            let mut here = Vec::with_capacity(there.len());
            while let Some(r) = rows.next()? {
                here.push((r.get::<_, i64>(0)?, digest(r)?));
            }
            for (i, r) in there.iter().enumerate() {
                let (id, d): (i64, String) = (r.get(0), r.get(1));
                match here.get(i) {
                    Some((hid, hd)) if *hid == id && *hd == d => {}
                    Some((hid, _)) => return Ok(Comparison::DiffersAt(id.min(*hid))),
                    None => return Ok(Comparison::DiffersAt(id)),
                }
            }
            if here.len() != there.len() {
                let at = here.get(there.len()).map_or(after + 1, |(id, _)| *id);
                return Ok(Comparison::DiffersAt(at));
            }
            events += there.len() as u64;
            match there.last() {
                Some(last) => after = last.get(0),
                None => break,
            }
        }
        let head = self.head()?;
        let local_head: (i64, String) = conn.query_row(
            "SELECT last_id, last_hash FROM log_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(if head == local_head && head.0 == after {
            Comparison::Same { events }
        } else {
            Comparison::DiffersAt(after)
        })
    }
}
