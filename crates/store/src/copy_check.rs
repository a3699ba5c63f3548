//! `log verify` with a log of record: its chain walked, and this host's file (its copy)
//! checked against it in the same pass. A copy that holds exactly the rows of a chain that
//! checks — byte for byte, every column, up to the same head — has that chain's report:
//! the same events hashed the same way. Anything else (a row that differs, a row too many
//! or too few, a head record that says otherwise, a chain with a break) and the copy is
//! walked on its own, the same walk as any file's, so its own break is named.

use super::verify::VerifyReport;
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
            match rows.next()? {
                Some(ours) if same_row(ours, theirs) => {}
                _ => return Ok(false),
            }
        }
    }
    Ok(rows.next()?.is_none())
}

/// The text columns of an event row (`COLUMNS`' order): compared byte for byte.
const TEXT_COLUMNS: [usize; 9] = [1, 2, 3, 4, 5, 6, 10, 11, 12];

/// Whether a row of the file is, column by column and byte for byte, the log of record's
/// row (a column of another type than it should have is not). The walk checks the log of
/// record's text as text; equal bytes are equal text, so none is decoded here again.
fn same_row(ours: &rusqlite::Row<'_>, theirs: &postgres::Row) -> bool {
    use rusqlite::types::ValueRef;
    let text = |i: usize| match (ours.get_ref(i), theirs.try_get::<_, Text<'_>>(i)) {
        (Ok(ValueRef::Text(a)), Ok(Text(b))) => a == b,
        _ => false,
    };
    let payload = match (ours.get_ref(9), theirs.try_get::<_, Text<'_>>(9)) {
        (Ok(v), Ok(Text(b))) => v.as_bytes().ok() == Some(b),
        _ => false,
    };
    ours.get::<_, i64>(0).ok() == theirs.try_get::<_, i64>(0).ok()
        && ours.get::<_, Option<i64>>(7).ok() == theirs.try_get::<_, Option<i64>>(7).ok()
        && ours.get::<_, i64>(8).ok() == theirs.try_get::<_, i32>(8).ok().map(i64::from)
        && payload
        && TEXT_COLUMNS.iter().all(|&i| text(i))
}

/// A text column of the log of record's answer, its bytes as the server sent them.
struct Text<'a>(&'a [u8]);

impl<'a> postgres::types::FromSql<'a> for Text<'a> {
    fn from_sql(
        _: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Text(raw))
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        *ty == postgres::types::Type::TEXT
    }
}
