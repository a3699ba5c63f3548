//! Walking the chain: recompute every hash and check every link, and say precisely what
//! is wrong at the first break.

use super::chain::{GENESIS, HashedFields, sha256_is};
use super::{Store, StoreError};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::fmt;

/// How far around a misplaced event verify looks for the id it was written with.
const REORDER_WINDOW: i64 = 1000;

/// The first thing found wrong with the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ChainBreak {
    /// The payload no longer matches the digest recorded when it was written.
    PayloadChanged { id: i64 },
    /// Times, actor, kind, subject or correction link changed after writing.
    FieldsChanged { id: i64 },
    /// The event at `id` was written as event `written_as`: events were moved.
    OrderChanged { id: i64, written_as: i64 },
    /// Events between `after` and `before` are gone.
    Missing { after: i64, before: i64 },
    /// The event's predecessor is not the event it was chained to, and that event is
    /// nowhere in the log: it was removed or rewritten.
    PredecessorReplaced { id: i64 },
    /// The log ends at `last_present` but its head record says `head_record`.
    TailMissing { last_present: i64, head_record: i64 },
    /// The head record does not match the last event.
    HeadRecordMismatch { last_present: i64, head_record: i64 },
    /// The head hash written down earlier is not in the log.
    ExpectedHeadNotFound { expected: String },
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainBreak::PayloadChanged { id } => write!(
                f,
                "event #{id}: payload changed (it no longer matches the digest recorded when it \
                 was written)"
            ),
            ChainBreak::FieldsChanged { id } => write!(
                f,
                "event #{id}: content changed (time, actor, kind, subject or correction link no \
                 longer match its hash)"
            ),
            ChainBreak::OrderChanged { id, written_as } => write!(
                f,
                "event #{id}: order changed (the event stored here was written as #{written_as})"
            ),
            ChainBreak::Missing { after, before } if before - after == 2 => write!(
                f,
                "event missing: #{} is gone (the log jumps from #{after} to #{before})",
                after + 1
            ),
            ChainBreak::Missing { after, before } => write!(
                f,
                "events missing between #{after} and #{before} (the chain link from #{before} to \
                 its predecessor is broken)"
            ),
            ChainBreak::PredecessorReplaced { id } => write!(
                f,
                "event #{id}: the event before it is not the one it was chained to (an event \
                 before #{id} was removed or rewritten)"
            ),
            ChainBreak::TailMissing {
                last_present,
                head_record,
            } => write!(
                f,
                "events missing at the end: the log ends at #{last_present} but its head record \
                 says #{head_record}"
            ),
            ChainBreak::HeadRecordMismatch {
                last_present,
                head_record,
            } => write!(
                f,
                "the head record (#{head_record}) does not match the last event (#{last_present})"
            ),
            ChainBreak::ExpectedHeadNotFound { expected } => write!(
                f,
                "the head hash {expected} written down earlier is not in the log: events were \
                 deleted from the end or rewritten"
            ),
        }
    }
}

/// What a walk of the chain found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Events checked (up to the first break).
    pub events_checked: u64,
    /// The last event's id and hash (write the hash down elsewhere to detect a deleted tail).
    pub head_id: Option<i64>,
    pub head_hash: Option<String>,
    /// Where the `--expect-head` hash was found.
    pub expected_head_at: Option<i64>,
    pub first_break: Option<ChainBreak>,
    /// Events whose payload does not parse as its kind and version: (event, why). The
    /// chain may be intact and the log still unreadable in places; verify fails then too.
    pub unreadable: Vec<(i64, String)>,
    /// Events whose payload was redacted (taken out with `log redact`), each with the
    /// `log.redacted` event that did it: (event, redaction event).
    pub redacted: Vec<(i64, i64)>,
}

impl VerifyReport {
    /// The chain checks (every hash and link).
    pub fn intact(&self) -> bool {
        self.first_break.is_none()
    }

    /// The chain checks and every payload reads as its kind.
    pub fn sound(&self) -> bool {
        self.intact() && self.unreadable.is_empty()
    }
}

impl Store {
    /// Walks the whole chain. `expect_head` is a head hash recorded earlier.
    pub fn verify(&self, expect_head: Option<&str>) -> Result<VerifyReport, StoreError> {
        self.verify_reporting(expect_head, &mut |_| {})
    }

    /// As [`Store::verify`], calling `progress` with the number of events checked every
    /// [`PROGRESS_EVERY`] events (a progress line on a terminal).
    pub fn verify_reporting(
        &self,
        expect_head: Option<&str>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<VerifyReport, StoreError> {
        Walker { conn: &self.conn }
            .verify_reporting(expect_head, progress)
            .map_err(|e| self.noting_damage(e))
    }

    /// As [`Store::verify_reporting`], the chain walked in `parts` stretches at once, each
    /// on a connection of its own (a long log on several cores); the same report as one
    /// walk. Logs shorter than `min_events` are walked in one.
    pub fn verify_in_parts(
        &self,
        expect_head: Option<&str>,
        parts: usize,
        min_events: i64,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<VerifyReport, StoreError> {
        let last: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?;
        if parts <= 1 || last < min_events.max(2) {
            return self.verify_reporting(expect_head, &mut |n| progress(n));
        }
        let parts = parts as i64;
        let bounds: Vec<(i64, i64)> = (0..parts)
            .map(|k| (last * k / parts + 1, last * (k + 1) / parts))
            .collect();
        let checked = std::sync::atomic::AtomicU64::new(0);
        let path = self.path.clone();
        let reports: Vec<Result<VerifyReport, StoreError>> = std::thread::scope(|s| {
            let walks: Vec<_> = bounds
                .iter()
                .map(|&(from, to)| {
                    let (checked, path) = (&checked, &path);
                    s.spawn(move || {
                        let other = Store::open_existing(path)?;
                        let mut seen = 0u64;
                        Walker { conn: &other.conn }.walk(expect_head, Some((from, to)), &mut |n| {
                            let total = checked
                                .fetch_add(n - seen, std::sync::atomic::Ordering::Relaxed)
                                + (n - seen);
                            seen = n;
                            progress(total);
                        })
                    })
                })
                .collect();
            walks
                .into_iter()
                .map(|w| {
                    w.join().unwrap_or_else(|_| {
                        Err(StoreError::Corrupt("a verifying thread stopped".into()))
                    })
                })
                .collect()
        });
        let mut report = VerifyReport::default();
        for part in reports {
            let part = part.map_err(|e| self.noting_damage(e))?;
            report.events_checked += part.events_checked;
            report.expected_head_at = report.expected_head_at.or(part.expected_head_at);
            report.unreadable.extend(part.unreadable);
            report.redacted.extend(part.redacted);
            report.head_id = part.head_id.or(report.head_id);
            report.head_hash = part.head_hash.or(report.head_hash.take());
            if part.first_break.is_some() {
                report.first_break = part.first_break;
                return Ok(report);
            }
        }
        let last_hash = report.head_hash.clone().unwrap_or_default();
        Walker { conn: &self.conn }.check_head(&mut report, last, &last_hash, expect_head)?;
        Ok(report)
    }

    /// Verifies the events `ids` (a record's own events) without walking the log between
    /// them: each against its hash, its link to the event before it (anchored on that
    /// event's stored hash) and its successor's link to it — one short walk per run of
    /// consecutive ids. A changed event of the record is found as a walk of the whole chain
    /// would find it; the events between the record's are `log verify`'s to walk. Returns
    /// the report and the stretches walked (first and last id of each).
    pub fn verify_events(
        &self,
        ids: &[i64],
    ) -> Result<(VerifyReport, Vec<(i64, i64)>), StoreError> {
        let mut ids: Vec<i64> = ids.iter().copied().filter(|&i| i > 0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut stretches: Vec<(i64, i64)> = Vec::new();
        for id in ids {
            match stretches.last_mut() {
                // The successor that checks the last event's hash belongs to the stretch.
                Some((_, to)) if id <= *to + 1 => *to = (*to).max(id + 1),
                _ => stretches.push((id, id + 1)),
            }
        }
        let mut report = VerifyReport::default();
        let walker = Walker { conn: &self.conn };
        let mut walked = Vec::new();
        for &(from, to) in &stretches {
            let part = walker
                .walk(None, Some((from, to)), &mut |_| {})
                .map_err(|e| self.noting_damage(e))?;
            report.events_checked += part.events_checked;
            report.unreadable.extend(part.unreadable);
            report.redacted.extend(part.redacted);
            walked.push((from, part.head_id.unwrap_or(from)));
            if part.first_break.is_some() {
                report.first_break = part.first_break;
                break;
            }
        }
        Ok((report, walked))
    }
}

/// How often the walk reports its progress.
pub const PROGRESS_EVERY: u64 = 100_000;

/// The chain walk over a connection (the store's, or a migration's transaction).
pub(super) struct Walker<'c> {
    pub(super) conn: &'c rusqlite::Connection,
}

impl Walker<'_> {
    pub(super) fn verify(&self, expect_head: Option<&str>) -> Result<VerifyReport, StoreError> {
        self.verify_reporting(expect_head, &mut |_| {})
    }

    fn verify_reporting(
        &self,
        expect_head: Option<&str>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<VerifyReport, StoreError> {
        self.walk(expect_head, None, progress)
    }

    /// The walk over the whole chain (`segment` None) or over ids `from..=to`.
    fn walk(
        &self,
        expect_head: Option<&str>,
        segment: Option<(i64, i64)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<VerifyReport, StoreError> {
        let mut lookup = SqliteLookup(self.conn);
        let redacted = redactions(self.conn)?;
        let (from, to) = segment.unwrap_or((1, i64::MAX));
        let mut stmt = self.conn.prepare(
            "SELECT id, recorded_at, occurred_at, actor, os_account, kind, subject, corrects, \
             payload_version, payload, payload_sha256, prev_hash, hash FROM events \
             WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query([from, to])?;
        let mut walk = Walk::from(from, expect_head, redacted, &mut lookup)?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> Result<&str, StoreError> {
                Ok(r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?)
            };
            let row = Row::of_columns(r.get(0)?, r.get(7)?, r.get(8)?, text)?;
            if !walk.step(&row, &mut lookup, progress)? {
                return Ok(walk.report);
            }
        }
        walk.end(segment.is_none(), &mut lookup)
    }

    /// The head record against the last event walked (`last_id`, `last_hash`), and the
    /// `--expect-head` hash against what the walk found.
    fn check_head(
        &self,
        report: &mut VerifyReport,
        last_id: i64,
        last_hash: &str,
        expect_head: Option<&str>,
    ) -> Result<(), StoreError> {
        check_head(
            report,
            &mut SqliteLookup(self.conn),
            last_id,
            last_hash,
            expect_head,
        )
    }
}

/// What a walk looks up besides the rows in order: the store's own file, or the log of
/// record on PostgreSQL (`remote::log`) — one walk, so `log verify` names the same break
/// on both engines.
pub(crate) trait ChainLookup {
    /// The hash of event `id`, if it is there.
    fn hash_of(&mut self, id: i64) -> Result<Option<String>, StoreError>;
    /// The event with `hash`, if any.
    fn id_with_hash(&mut self, hash: &str) -> Result<Option<i64>, StoreError>;
    /// The head record: the last id and hash it names.
    fn head_record(&mut self) -> Result<(i64, String), StoreError>;
}

struct SqliteLookup<'c>(&'c rusqlite::Connection);

impl ChainLookup for SqliteLookup<'_> {
    fn hash_of(&mut self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .0
            .query_row("SELECT hash FROM events WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    fn id_with_hash(&mut self, hash: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .0
            .query_row("SELECT id FROM events WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn head_record(&mut self) -> Result<(i64, String), StoreError> {
        Ok(self.0.query_row(
            "SELECT last_id, last_hash FROM log_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

/// One row as the walk reads it, borrowed from wherever it was read.
pub(crate) struct Row<'a> {
    pub(crate) fields: HashedFields<'a>,
    pub(crate) payload: &'a [u8],
    pub(crate) hash: &'a str,
}

impl<'a> Row<'a> {
    /// A row from the events table's columns in their order (id, recorded_at, occurred_at,
    /// actor, os_account, kind, subject, corrects, payload_version, payload,
    /// payload_sha256, prev_hash, hash): the three numbers, and `text(i)` the i-th column
    /// as text.
    pub(crate) fn of_columns<E>(
        id: i64,
        corrects: Option<i64>,
        payload_version: i64,
        text: impl Fn(usize) -> Result<&'a str, E>,
    ) -> Result<Row<'a>, E> {
        Ok(Row {
            fields: HashedFields {
                id,
                recorded_at: text(1)?,
                occurred_at: text(2)?,
                actor: text(3)?,
                os_account: text(4)?,
                kind: text(5)?,
                subject: text(6)?,
                corrects,
                payload_version,
                payload_sha256: text(10)?,
                prev_hash: text(11)?,
            },
            payload: text(9)?.as_bytes(),
            hash: text(12)?,
        })
    }
}

/// A walk under way: fed the rows in id order (`step`), then ended (`end`).
pub(crate) struct Walk<'e> {
    pub(crate) report: VerifyReport,
    expected_id: i64,
    expected_prev: String,
    redacted: std::collections::HashMap<i64, Redacted>,
    expect_head: Option<&'e str>,
}

impl<'e> Walk<'e> {
    /// A walk from event `from` (1: the whole chain), anchored on the hash of the event
    /// before it.
    pub(crate) fn from(
        from: i64,
        expect_head: Option<&'e str>,
        redacted: std::collections::HashMap<i64, Redacted>,
        lookup: &mut dyn ChainLookup,
    ) -> Result<Self, StoreError> {
        let mut walk = Walk {
            report: VerifyReport::default(),
            expected_id: from,
            expected_prev: GENESIS.to_string(),
            redacted,
            expect_head,
        };
        if from > 1 {
            // The segment's anchor: the hash its first event must link back to. Without
            // the event before it, the first event is reported as following a gap, as a
            // walk from the start would report it.
            match lookup.hash_of(from - 1)? {
                Some(hash) => walk.expected_prev = hash,
                None => walk.expected_id = from - 1,
            }
        }
        Ok(walk)
    }

    /// Checks the next row; false at the first break (then in the report).
    pub(crate) fn step(
        &mut self,
        row: &Row<'_>,
        lookup: &mut dyn ChainLookup,
        progress: &mut dyn FnMut(u64),
    ) -> Result<bool, StoreError> {
        if let Some(broken) = check_row(
            row,
            self.expected_id,
            &self.expected_prev,
            &self.redacted,
            lookup,
        )? {
            self.report.first_break = Some(broken);
            return Ok(false);
        }
        let version = u32::try_from(row.fields.payload_version).unwrap_or(u32::MAX);
        if let Err(e) = crate::model::payload::check_bytes(row.fields.kind, version, row.payload) {
            self.report.unreadable.push((row.fields.id, e.to_string()));
        }
        if let Some(r) = self.redacted.get(&row.fields.id)
            && !sha256_is(row.payload, row.fields.payload_sha256)
        {
            self.report.redacted.push((row.fields.id, r.by));
        }
        if self.expect_head == Some(row.hash) {
            self.report.expected_head_at = Some(row.fields.id);
        }
        self.report.events_checked += 1;
        if self.report.events_checked.is_multiple_of(PROGRESS_EVERY) {
            progress(self.report.events_checked);
        }
        self.expected_id = row.fields.id + 1;
        self.expected_prev.clear();
        self.expected_prev.push_str(row.hash);
        Ok(true)
    }

    /// The report once every row was stepped: the last event as the head found, and for a
    /// walk of the whole chain (`whole`) the head record and the expected head checked.
    pub(crate) fn end(
        mut self,
        whole: bool,
        lookup: &mut dyn ChainLookup,
    ) -> Result<VerifyReport, StoreError> {
        let last_id = self.expected_id - 1;
        if last_id > 0 {
            self.report.head_id = Some(last_id);
            self.report.head_hash = Some(self.expected_prev.clone());
        }
        if whole {
            check_head(
                &mut self.report,
                lookup,
                last_id,
                &self.expected_prev,
                self.expect_head,
            )?;
        }
        Ok(self.report)
    }
}

/// The head record against the last event walked (`last_id`, `last_hash`), and the
/// `--expect-head` hash against what the walk found.
fn check_head(
    report: &mut VerifyReport,
    lookup: &mut dyn ChainLookup,
    last_id: i64,
    last_hash: &str,
    expect_head: Option<&str>,
) -> Result<(), StoreError> {
    let (head_id, head_hash) = lookup.head_record()?;
    if head_id > last_id {
        report.first_break = Some(ChainBreak::TailMissing {
            last_present: last_id,
            head_record: head_id,
        });
    } else if head_id != last_id || head_hash != last_hash {
        report.first_break = Some(ChainBreak::HeadRecordMismatch {
            last_present: last_id,
            head_record: head_id,
        });
    } else if let Some(expected) = expect_head
        && report.expected_head_at.is_none()
    {
        report.first_break = Some(ChainBreak::ExpectedHeadNotFound {
            expected: expected.to_string(),
        });
    }
    Ok(())
}

fn check_row(
    row: &Row<'_>,
    expected_id: i64,
    expected_prev: &str,
    redacted: &std::collections::HashMap<i64, Redacted>,
    lookup: &mut dyn ChainLookup,
) -> Result<Option<ChainBreak>, StoreError> {
    let id = row.fields.id;
    if id != expected_id {
        return Ok(Some(ChainBreak::Missing {
            after: expected_id - 1,
            before: id,
        }));
    }
    if !sha256_is(row.payload, row.fields.payload_sha256) {
        // A redacted payload must be exactly the one its `log.redacted` event (later in
        // the chain, itself verified) recorded.
        let recorded = redacted
            .get(&id)
            .is_some_and(|r| r.by > id && sha256_is(row.payload, &r.payload_sha256));
        if !recorded {
            return Ok(Some(ChainBreak::PayloadChanged { id }));
        }
    }
    let links_back = row.fields.prev_hash == expected_prev;
    if !row.fields.hashes_to(row.hash) {
        let Some(written_as) = written_with_id(row) else {
            return Ok(Some(ChainBreak::FieldsChanged { id }));
        };
        if links_back || lookup.id_with_hash(row.fields.prev_hash)?.is_some() {
            return Ok(Some(ChainBreak::OrderChanged { id, written_as }));
        }
        return Ok(Some(ChainBreak::Missing {
            after: id - 1,
            before: id,
        }));
    }
    if !links_back {
        return Ok(Some(match lookup.id_with_hash(row.fields.prev_hash)? {
            Some(_) => ChainBreak::OrderChanged { id, written_as: id },
            None => ChainBreak::PredecessorReplaced { id },
        }));
    }
    Ok(None)
}

/// A redaction as its `log.redacted` event recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redacted {
    pub(crate) by: i64,
    pub(crate) payload_sha256: String,
}

/// Every redaction recorded in the log, the latest for each event (read through the
/// kind index, not a scan).
pub(crate) fn redactions(
    conn: &rusqlite::Connection,
) -> Result<std::collections::HashMap<i64, Redacted>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, payload FROM events WHERE kind = 'log.redacted' ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<(i64, String)>, _>>()?;
    Ok(redactions_of(rows))
}

/// The redactions the `log.redacted` events (id, payload; in id order) record, the latest
/// for each event.
pub(crate) fn redactions_of(
    rows: impl IntoIterator<Item = (i64, String)>,
) -> std::collections::HashMap<i64, Redacted> {
    let mut out = std::collections::HashMap::new();
    for (by, payload) in rows {
        let Ok(p) = serde_json::from_str::<crate::model::redaction::Redaction>(&payload) else {
            continue; // an unreadable redaction vouches for nothing: the payload check fails
        };
        out.insert(
            p.event,
            Redacted {
                by,
                payload_sha256: p.redacted_payload_sha256,
            },
        );
    }
    out
}

/// The id a moved event was written with, if it is near where it stands now.
fn written_with_id(row: &Row<'_>) -> Option<i64> {
    let id = row.fields.id;
    (1..=REORDER_WINDOW)
        .flat_map(|d| [id + d, id - d])
        .filter(|c| *c > 0)
        .find(|&candidate| {
            HashedFields {
                id: candidate,
                ..row.fields
            }
            .hashes_to(row.hash)
        })
}
