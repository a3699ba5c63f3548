//! `log verify` with a log of record: its chain walked, and this host's file (its copy)
//! checked against it in the same pass. A copy that holds exactly the rows of a chain that
//! checks — byte for byte, every column, up to the same head — has that chain's report:
//! the same events hashed the same way. Anything else (a row that differs, a row too many
//! or too few, a head record that says otherwise, a chain with a break) and the copy is
//! walked on its own, the same walk as any file's, so its own break is named.

use super::remote::walked_row;
use super::verify::{Row, VerifyReport};
use super::{Store, StoreError};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

impl Store {
    /// Walks the log of record and checks this host's copy with it: (the log of record's
    /// report, the copy's). `progress` is called with the events checked so far.
    pub fn verify_record_and_copy(
        &mut self,
        expect_head: Option<&str>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(VerifyReport, VerifyReport), StoreError> {
        let path = self.path.clone();
        let copy_head: (i64, String) = self.conn.query_row(
            "SELECT last_id, last_hash FROM log_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some(remote) = self.remote.as_mut() else {
            return Err(StoreError::FollowsLogOfRecord);
        };
        remote.reconnect_if_gone()?;
        let (record, same) = std::thread::scope(|s| {
            let (batches, walked) = std::sync::mpsc::sync_channel::<Arc<Vec<postgres::Row>>>(4);
            let compared = s.spawn(move || same_rows(&path, walked));
            let record = remote.verify_feeding(expect_head, &mut |n| progress(n), &mut |rows| {
                // A copy found different already has stopped listening: nothing lost.
                let _ = batches.send(rows.clone());
            });
            drop(batches);
            let same = compared
                .join()
                .unwrap_or_else(|_| Err(StoreError::Corrupt("the copy's check stopped".into())));
            (record, same)
        });
        let record = record?;
        let genesis = (0, super::chain::GENESIS.to_string());
        let record_head = record
            .head_id
            .zip(record.head_hash.clone())
            .unwrap_or(genesis);
        // A copy that cannot be read through is walked on its own too: the walk says why.
        let copy = if record.intact() && same.unwrap_or(false) && copy_head == record_head {
            record.clone()
        } else {
            self.verify_in_parts(expect_head, 2, 200_000, progress)?
        };
        Ok((record, copy))
    }
}

/// Whether the file at `path` holds exactly the rows sent on `walked`, in order, and no
/// more. Reads its events in id order on a connection of its own.
fn same_rows(
    path: &std::path::Path,
    walked: Receiver<Arc<Vec<postgres::Row>>>,
) -> Result<bool, StoreError> {
    let copy = Store::open_existing(path)?;
    let mut stmt = copy.conn.prepare(
        "SELECT id, recorded_at, occurred_at, actor, os_account, kind, subject, corrects, \
         payload_version, payload, payload_sha256, prev_hash, hash FROM events ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    for batch in walked {
        for theirs in batch.iter() {
            let theirs = walked_row(theirs)?;
            match rows.next()? {
                Some(ours) if same_row(ours, &theirs) => {}
                _ => return Ok(false),
            }
        }
    }
    Ok(rows.next()?.is_none())
}

/// Whether a row of the file is, column by column, the log of record's row (a column of
/// another type than it should have is not).
fn same_row(ours: &rusqlite::Row<'_>, theirs: &Row<'_>) -> bool {
    let text = |i: usize, t: &str| ours.get_ref(i).ok().and_then(|v| v.as_str().ok()) == Some(t);
    let f = &theirs.fields;
    ours.get::<_, i64>(0).ok() == Some(f.id)
        && text(1, f.recorded_at)
        && text(2, f.occurred_at)
        && text(3, f.actor)
        && text(4, f.os_account)
        && text(5, f.kind)
        && text(6, f.subject)
        && ours.get::<_, Option<i64>>(7).ok() == Some(f.corrects)
        && ours.get::<_, i64>(8).ok() == Some(f.payload_version)
        && ours.get_ref(9).ok().and_then(|v| v.as_bytes().ok()) == Some(theirs.payload)
        && text(10, f.payload_sha256)
        && text(11, f.prev_hash)
        && text(12, theirs.hash)
}
