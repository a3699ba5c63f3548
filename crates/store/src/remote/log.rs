//! The events in PostgreSQL: a write appended on the head it was built on (one statement),
//! or the head taken for a write and rows inserted with the head moved; rows read after an
//! id; and the chain verified on the server's copy.

use super::RemoteLog;
use crate::StoreError;
use crate::chain::{HashedFields, sha256_hex};
use crate::verify::{ChainLookup, Row, VerifyReport, Walk, redactions_of};

/// One event as stored, column by column: the text that was hashed, as it was hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub id: i64,
    pub recorded_at: String,
    pub occurred_at: String,
    pub actor: String,
    pub os_account: String,
    pub kind: String,
    pub subject: String,
    pub corrects: Option<i64>,
    pub payload_version: i64,
    pub payload: String,
    pub payload_sha256: String,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredRow {
    /// The row's own hash, recomputed from its fields (and its payload's digest).
    pub fn computed_hash(&self) -> String {
        self.as_walked().fields.hash()
    }

    /// The row as the chain walk reads it.
    pub(crate) fn as_walked(&self) -> Row<'_> {
        Row {
            fields: HashedFields {
                id: self.id,
                recorded_at: &self.recorded_at,
                occurred_at: &self.occurred_at,
                actor: &self.actor,
                os_account: &self.os_account,
                kind: &self.kind,
                subject: &self.subject,
                corrects: self.corrects,
                payload_version: self.payload_version,
                payload_sha256: &self.payload_sha256,
                prev_hash: &self.prev_hash,
            },
            payload: self.payload.as_bytes(),
            hash: &self.hash,
        }
    }

    /// Whether the row's fields are what its hash says and it follows `prev` (the hash
    /// before it); its payload may be a recorded redaction (see `follows`).
    pub fn links_to(&self, prev: &str) -> bool {
        self.prev_hash == prev && self.computed_hash() == self.hash
    }

    /// Whether the payload is the one the chain's digest names.
    pub fn payload_as_written(&self) -> bool {
        sha256_hex(self.payload.as_bytes()) == self.payload_sha256
    }
}

/// Rows inserted from arrays, the head moved to the last, every listening host told
/// (delivered at commit); the count inserted returned. Its parameters' types in
/// [`INSERT_TYPES`] (prepared by the client) and [`APPEND_TYPES`] (by the server).
const INSERT: &str = "WITH added AS (INSERT INTO beredskap.events (id, recorded_at, \
     occurred_at, actor, os_account, kind, subject, corrects, payload_version, payload, \
     payload_sha256, prev_hash, hash) \
     SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
     RETURNING id), \
     moved AS (UPDATE beredskap.log_head SET last_id = $14, last_hash = $15 \
     WHERE singleton = 1 RETURNING last_id) \
     SELECT pg_notify('beredskap_log', last_id::text), (SELECT count(*) FROM added) FROM moved";

const INSERT_TYPES: [postgres::types::Type; 15] = {
    use postgres::types::Type;
    [
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8_ARRAY,
        Type::INT4_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8,
        Type::TEXT,
    ]
};

/// The same types in SQL, for `PREPARE beredskap_append (…) AS` [`INSERT`].
const APPEND_TYPES: &str = "bigint[], text[], text[], text[], text[], text[], text[], \
     bigint[], integer[], text[], text[], text[], text[], bigint, text";

/// [`INSERT`] only when the head is still the one the rows were built on (`$16`, `$17`):
/// the head's row lock taken by the UPDATE (a writer holding it is waited for, then the
/// head is read again), nothing inserted and no row returned when it moved.
const INSERT_ON_HEAD: &str = "WITH moved AS (UPDATE beredskap.log_head \
     SET last_id = $14, last_hash = $15 \
     WHERE singleton = 1 AND last_id = $16 AND last_hash = $17 RETURNING last_id), \
     added AS (INSERT INTO beredskap.events (id, recorded_at, occurred_at, actor, \
     os_account, kind, subject, corrects, payload_version, payload, payload_sha256, \
     prev_hash, hash) \
     SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
     WHERE EXISTS (SELECT 1 FROM moved) RETURNING id) \
     SELECT pg_notify('beredskap_log', last_id::text), (SELECT count(*) FROM added) FROM moved";

const COLUMNS: &str = "id, recorded_at, occurred_at, actor, os_account, kind, subject, \
                       corrects, payload_version, payload, payload_sha256, prev_hash, hash";

fn row_of(r: &postgres::Row) -> StoredRow {
    StoredRow {
        id: r.get(0),
        recorded_at: r.get(1),
        occurred_at: r.get(2),
        actor: r.get(3),
        os_account: r.get(4),
        kind: r.get(5),
        subject: r.get(6),
        corrects: r.get(7),
        payload_version: i64::from(r.get::<_, i32>(8)),
        payload: r.get(9),
        payload_sha256: r.get(10),
        prev_hash: r.get(11),
        hash: r.get(12),
    }
}

/// An event row as the chain walk reads it, borrowed from the server's answer (columns as
/// `COLUMNS`).
fn walked_row(r: &postgres::Row) -> Result<Row<'_>, StoreError> {
    Ok(Row::of_columns(
        r.try_get(0)?,
        r.try_get(7)?,
        i64::from(r.try_get::<_, i32>(8)?),
        |i| r.try_get::<_, &str>(i),
    )?)
}

/// An event row from a simple (text) query, columns as `COLUMNS`.
fn text_row(r: &postgres::SimpleQueryRow) -> Option<StoredRow> {
    let text = |i: usize| r.get(i).map(str::to_string);
    Some(StoredRow {
        id: r.get(0)?.parse().ok()?,
        recorded_at: text(1)?,
        occurred_at: text(2)?,
        actor: text(3)?,
        os_account: text(4)?,
        kind: text(5)?,
        subject: text(6)?,
        corrects: match r.get(7) {
            None => None,
            Some(c) => Some(c.parse().ok()?),
        },
        payload_version: r.get(8)?.parse().ok()?,
        payload: text(9)?,
        payload_sha256: text(10)?,
        prev_hash: text(11)?,
        hash: text(12)?,
    })
}

/// What became of a write built on the head this host knew (`append_on_head`).
#[derive(Debug)]
pub(crate) enum Appended {
    /// Committed.
    Yes,
    /// Another write came first: nothing was written; the events after the head it was
    /// built on (none when this host's file is ahead of the log of record).
    Moved(Vec<StoredRow>),
}

/// A text as an SQL literal (standard_conforming_strings on: a doubled quote is the one
/// escape).
fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// [`INSERT`]'s arguments for `rows`, as literals: each column an array.
fn append_arguments(rows: &[StoredRow], last: &StoredRow) -> String {
    let array = |kind: &str, items: Vec<String>| format!("ARRAY[{}]::{kind}[]", items.join(","));
    let col = |f: fn(&StoredRow) -> &str| rows.iter().map(|r| sql_text(f(r))).collect::<Vec<_>>();
    [
        array("bigint", rows.iter().map(|r| r.id.to_string()).collect()),
        array("text", col(|r| &r.recorded_at)),
        array("text", col(|r| &r.occurred_at)),
        array("text", col(|r| &r.actor)),
        array("text", col(|r| &r.os_account)),
        array("text", col(|r| &r.kind)),
        array("text", col(|r| &r.subject)),
        array(
            "bigint",
            rows.iter()
                .map(|r| r.corrects.map_or("NULL".to_string(), |c| c.to_string()))
                .collect(),
        ),
        array(
            "integer",
            rows.iter()
                .map(|r| {
                    i32::try_from(r.payload_version)
                        .unwrap_or(i32::MAX)
                        .to_string()
                })
                .collect(),
        ),
        array("text", col(|r| &r.payload)),
        array("text", col(|r| &r.payload_sha256)),
        array("text", col(|r| &r.prev_hash)),
        array("text", col(|r| &r.hash)),
        last.id.to_string(),
        sql_text(&last.hash),
    ]
    .join(",")
}

/// The count an append's answer says was inserted, against the rows sent: committed with
/// a count that does not match is said, never passed over.
fn check_added(messages: &[postgres::SimpleQueryMessage], sent: usize) -> Result<(), StoreError> {
    let added = messages.iter().find_map(|m| match m {
        postgres::SimpleQueryMessage::Row(r) if r.len() == 2 => {
            r.get(1).and_then(|n| n.parse::<usize>().ok())
        }
        _ => None,
    });
    if added != Some(sent) {
        return Err(StoreError::Corrupt(format!(
            "the log of record took {added:?} of {sent} events"
        )));
    }
    Ok(())
}

/// A write's rows as [`INSERT`]'s arguments: a column an array, then the new head.
struct Columns {
    ids: Vec<i64>,
    texts: [Vec<String>; 10],
    corrects: Vec<Option<i64>>,
    versions: Vec<i32>,
    last_id: i64,
    last_hash: String,
}

impl Columns {
    fn of(rows: &[StoredRow]) -> Columns {
        let col = |f: fn(&StoredRow) -> &str| rows.iter().map(|r| f(r).to_string()).collect();
        Columns {
            ids: rows.iter().map(|r| r.id).collect(),
            texts: [
                col(|r| &r.recorded_at),
                col(|r| &r.occurred_at),
                col(|r| &r.actor),
                col(|r| &r.os_account),
                col(|r| &r.kind),
                col(|r| &r.subject),
                col(|r| &r.payload),
                col(|r| &r.payload_sha256),
                col(|r| &r.prev_hash),
                col(|r| &r.hash),
            ],
            corrects: rows.iter().map(|r| r.corrects).collect(),
            versions: rows
                .iter()
                .map(|r| i32::try_from(r.payload_version).unwrap_or(i32::MAX))
                .collect(),
            last_id: rows.last().map_or(0, |r| r.id),
            last_hash: rows.last().map(|r| r.hash.clone()).unwrap_or_default(),
        }
    }

    /// In [`INSERT`]'s order (its types [`INSERT_TYPES`]): the texts before `corrects`
    /// (six) and after `payload_version` (four).
    fn arguments(&self) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
        type Argument<'a> = &'a (dyn postgres::types::ToSql + Sync);
        fn text(t: &Vec<String>) -> Argument<'_> {
            t
        }
        let mut arguments: Vec<Argument<'_>> = vec![&self.ids];
        arguments.extend(self.texts[..6].iter().map(text));
        arguments.extend::<[Argument<'_>; 2]>([&self.corrects, &self.versions]);
        arguments.extend(self.texts[6..].iter().map(text));
        arguments.extend::<[Argument<'_>; 2]>([&self.last_id, &self.last_hash]);
        arguments
    }
}

impl RemoteLog {
    /// The chain's head as committed.
    pub fn head(&mut self) -> Result<(i64, String), StoreError> {
        self.head_and_lease().map(|(head, _)| head)
    }

    /// Begins a write: a transaction holding the chain's head (waiting at most the lock
    /// timeout for another writer), and the events committed after `after` (up to 1,000:
    /// what this host's file lacks) — one round trip. Ended by `commit` or `rollback`.
    pub(crate) fn begin_write_after(
        &mut self,
        after: i64,
    ) -> Result<((i64, String), Vec<StoredRow>), StoreError> {
        let messages = self.client.simple_query(&format!(
            "BEGIN; SET LOCAL lock_timeout = '{}ms'; \
             SELECT last_id, last_hash FROM beredskap.log_head WHERE singleton = 1 FOR UPDATE; \
             SELECT {COLUMNS} FROM beredskap.events WHERE id > {after} ORDER BY id LIMIT 1000",
            self.lock_wait.as_millis().max(1)
        ));
        let messages = match messages {
            Ok(m) => m,
            Err(e) => {
                self.rollback();
                return Err(e.into());
            }
        };
        let mut head = None;
        let mut rows = Vec::new();
        for m in messages {
            let postgres::SimpleQueryMessage::Row(r) = m else {
                continue;
            };
            match r.len() {
                2 => {
                    head = r
                        .get(0)
                        .and_then(|id| id.parse::<i64>().ok())
                        .zip(r.get(1).map(str::to_string));
                }
                _ => match text_row(&r) {
                    Some(row) => rows.push(row),
                    None => {
                        self.rollback();
                        return Err(StoreError::Corrupt(
                            "the log of record sent an event that cannot be read".into(),
                        ));
                    }
                },
            }
        }
        match head {
            Some(head) => Ok((head, rows)),
            None => {
                self.rollback();
                Err(StoreError::Corrupt(
                    "the log of record has no chain head (beredskap.log_head)".into(),
                ))
            }
        }
    }

    /// Begins a write (`begin_write_after` without the events).
    pub(crate) fn begin_write(&mut self) -> Result<(i64, String), StoreError> {
        self.begin_write_after(i64::MAX).map(|(head, _)| head)
    }

    /// Up to `limit` events after `after`, in order, as the server sent them (read in place
    /// by `walked_row`: a walk of a million events allocates nothing for each).
    fn raw_rows_after(&mut self, after: i64, limit: i64) -> Result<Vec<postgres::Row>, StoreError> {
        Ok(self.client.query(
            &format!("SELECT {COLUMNS} FROM beredskap.events WHERE id > $1 ORDER BY id LIMIT $2"),
            &[&after, &limit],
        )?)
    }

    /// Up to `limit` events after `after`, in order.
    pub fn rows_after(&mut self, after: i64, limit: i64) -> Result<Vec<StoredRow>, StoreError> {
        Ok(self
            .client
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM beredskap.events WHERE id > $1 ORDER BY id LIMIT $2"
                ),
                &[&after, &limit],
            )?
            .iter()
            .map(row_of)
            .collect())
    }

    /// Inserts rows that follow the head (inside `begin_write`'s transaction), moves the
    /// head to the last of them and tells every host that listens (`remote::follow`;
    /// delivered at commit) — one statement, one round trip, however many rows.
    pub(crate) fn insert(&mut self, rows: &[StoredRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let insert = match &self.insert {
            Some(s) => s.clone(),
            None => {
                let s = self.client.prepare_typed(INSERT, &INSERT_TYPES)?;
                self.insert = Some(s.clone());
                s
            }
        };
        let columns = Columns::of(rows);
        let row = self.client.query_one(&insert, &columns.arguments())?;
        let added: i64 = row.get(1);
        if usize::try_from(added).ok() != Some(rows.len()) {
            return Err(StoreError::Corrupt(format!(
                "the log of record took {added} of {} events",
                rows.len()
            )));
        }
        Ok(())
    }

    /// Inserts a write's rows (following the head, inside `begin_write`'s transaction),
    /// moves the head, tells every host that listens, and commits — one round trip: the
    /// insert prepared on the server once per connection (`beredskap_append`, planned
    /// once), executed with the rows as array literals and followed by `COMMIT` in the same
    /// message (the session keeps standard_conforming_strings on, so a quote doubled is the
    /// one escape). When the answer does not come (the connection went), the rows may or
    /// may not be in the log of record: they are kept as `unsure` for the next connection.
    pub(crate) fn insert_and_commit(&mut self, rows: &[StoredRow]) -> Result<(), StoreError> {
        let Some(last) = rows.last() else {
            return self.commit();
        };
        self.prepare_appends()?;
        let sql = format!(
            "EXECUTE beredskap_append({}); COMMIT",
            append_arguments(rows, last)
        );
        let messages = self.answered(rows, &sql)?;
        check_added(&messages, rows.len())
    }

    /// Appends a write's rows built on `expected` (the head this host's file holds), in
    /// one round trip without a transaction held open between messages: the head is taken
    /// under its row lock and moved only if it is still `expected`, the rows inserted with
    /// it, committed. Otherwise nothing is written, and the events committed after
    /// `expected` (up to 1,000) come back in the same answer, for the write to be built
    /// again on them. The lock is held for the server's own work alone — no client round
    /// trip inside it — so a stopped client holds nothing.
    pub(crate) fn append_on_head(
        &mut self,
        expected: &(i64, String),
        rows: &[StoredRow],
    ) -> Result<Appended, StoreError> {
        if rows.is_empty() {
            return Ok(Appended::Yes);
        }
        if self.lock_wait_set != self.lock_wait {
            self.client.batch_execute(&format!(
                "SET lock_timeout = '{}ms'",
                self.lock_wait.as_millis().max(1)
            ))?;
            self.lock_wait_set = self.lock_wait;
        }
        let mut types = INSERT_TYPES.to_vec();
        types.extend([postgres::types::Type::INT8, postgres::types::Type::TEXT]);
        // One statement outside a transaction block: committed when it ends (the extended
        // protocol, its arguments bound as values). A connection's first append (a
        // command's only one, as a rule) is sent with its statement in one round trip; a
        // connection that appends again prepares it once (nothing parsed or planned again).
        let columns = Columns::of(rows);
        let mut arguments = columns.arguments();
        arguments.push(&expected.0);
        arguments.push(&expected.1);
        let statement = match (&self.insert_on_head, self.appended_on_head) {
            (Some(s), _) => Some(s.clone()),
            (None, true) => {
                let s = self.client.prepare_typed(INSERT_ON_HEAD, &types)?;
                self.insert_on_head = Some(s.clone());
                Some(s)
            }
            (None, false) => None,
        };
        self.appended_on_head = true;
        let answer = match statement {
            Some(statement) => self.client.query(&statement, &arguments),
            None => {
                let typed: Vec<_> = arguments.iter().copied().zip(types).collect();
                self.client.query_typed(INSERT_ON_HEAD, &typed)
            }
        }
        .map_err(|e| self.unanswered(rows, e))?;
        match answer.first() {
            Some(row) => {
                let added: i64 = row.get(1);
                if usize::try_from(added).ok() != Some(rows.len()) {
                    return Err(StoreError::Corrupt(format!(
                        "the log of record took {added} of {} events",
                        rows.len()
                    )));
                }
                Ok(Appended::Yes)
            }
            None => Ok(Appended::Moved(self.rows_after(expected.0, 1000)?)),
        }
    }

    /// The server's prepared appends, once per connection (planned once; not rolled back
    /// with a transaction: they last as long as the session).
    fn prepare_appends(&mut self) -> Result<(), StoreError> {
        if !self.append_prepared {
            self.client.batch_execute(&format!(
                "PREPARE beredskap_append ({APPEND_TYPES}) AS {INSERT}"
            ))?;
            self.append_prepared = true;
        }
        Ok(())
    }

    /// Sends a message that commits `rows`. When the answer does not come (the connection
    /// went), the rows may or may not be in the log of record: they are kept as `unsure`
    /// for the next connection.
    fn answered(
        &mut self,
        rows: &[StoredRow],
        sql: &str,
    ) -> Result<Vec<postgres::SimpleQueryMessage>, StoreError> {
        self.client
            .simple_query(sql)
            .map_err(|e| self.unanswered(rows, e))
    }

    /// A message that commits `rows` failed: when no answer came (the connection went),
    /// they may or may not be in the log of record, and are kept as `unsure` for the next
    /// connection to find out.
    fn unanswered(&mut self, rows: &[StoredRow], e: postgres::Error) -> StoreError {
        if e.as_db_error().is_none() && !rows.is_empty() {
            self.unsure = Some(rows.to_vec());
        }
        e.into()
    }

    /// Commits. When the answer does not come (the connection went), the rows may or may
    /// not be in the log of record: they are kept as `unsure` for the next connection.
    pub(crate) fn commit_rows(&mut self, rows: &[StoredRow]) -> Result<(), StoreError> {
        self.client
            .batch_execute("COMMIT")
            .map_err(|e| self.unanswered(rows, e))
    }

    pub(crate) fn commit(&mut self) -> Result<(), StoreError> {
        self.commit_rows(&[])
    }

    /// Ends a write without keeping anything (a failure after it is said where it
    /// happened; a connection that is gone ended the transaction with it).
    pub(crate) fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }

    /// Copies events into an empty log of record (or one that holds a prefix of them),
    /// each checked against its hash and the one before it, in one transaction; the head
    /// moves to the last. Events already there must be the same. A payload that is not the
    /// one its digest names must be the redacted one `redacted` records for it (the
    /// source's `log.redacted` events, later in the chain).
    pub(crate) fn copy_in(
        &mut self,
        rows: impl Iterator<Item = Result<StoredRow, StoreError>>,
        redacted: &std::collections::HashMap<i64, crate::verify::Redacted>,
    ) -> Result<u64, StoreError> {
        let (mut last_id, mut last_hash) = self.begin_write()?;
        let copied = (|| {
            let mut copied = 0u64;
            let mut batch = Vec::new();
            let mut prev = crate::chain::GENESIS.to_string();
            for row in rows {
                let row = row?;
                let payload_holds = row.payload_as_written()
                    || redacted.get(&row.id).is_some_and(|r| {
                        r.by > row.id && r.payload_sha256 == sha256_hex(row.payload.as_bytes())
                    });
                if !row.links_to(&prev) || !payload_holds {
                    return Err(StoreError::Corrupt(format!(
                        "event #{} does not follow the one before it: nothing was copied",
                        row.id
                    )));
                }
                prev = row.hash.clone();
                if row.id <= last_id {
                    continue; // checked against the server's copy below
                }
                if row.prev_hash != last_hash {
                    return Err(StoreError::Corrupt(format!(
                        "the log of record ends at #{last_id}, which event #{} does not follow: \
                         nothing was copied",
                        row.id
                    )));
                }
                last_id = row.id;
                last_hash = row.hash.clone();
                batch.push(row);
                if batch.len() == 1000 {
                    self.insert(&batch)?;
                    copied += batch.len() as u64;
                    batch.clear();
                }
            }
            self.insert(&batch)?;
            copied += batch.len() as u64;
            Ok(copied)
        })();
        match copied {
            Ok(n) => {
                self.commit()?;
                Ok(n)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    /// Replaces event `target`'s payload by its redaction (inside `begin_write`'s
    /// transaction, after the `log.redacted` event that records it was inserted): the
    /// owner's `beredskap.redact`, the one path by which a payload changes.
    pub(crate) fn redact(&mut self, target: i64, redacted: &str) -> Result<(), StoreError> {
        self.client
            .execute("SELECT beredskap.redact($1, $2)", &[&target, &redacted])?;
        Ok(())
    }

    /// The payload of the latest `log.redacted` event that names event `target`, if any.
    pub(crate) fn redaction_of(&mut self, target: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT payload FROM beredskap.events \
                 WHERE kind = 'log.redacted' AND corrects = $1 ORDER BY id DESC LIMIT 1",
                &[&target],
            )?
            .map(|r| r.get(0)))
    }

    /// Walks the server's chain from the first event with the store's own walk
    /// (`verify::Walk`): the same report, the same break named, as for a log in a file.
    pub fn verify(&mut self) -> Result<VerifyReport, StoreError> {
        self.verify_reporting(None, &mut |_| {})
    }

    /// As [`RemoteLog::verify`], with a head hash written down earlier and a progress
    /// call every [`crate::verify::PROGRESS_EVERY`] events.
    pub fn verify_reporting(
        &mut self,
        expect_head: Option<&str>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<VerifyReport, StoreError> {
        self.verify_feeding(expect_head, progress, &mut |_| {})
    }

    /// The walk of [`RemoteLog::verify_reporting`], each batch of rows handed to `walked`
    /// once it is walked (a host's copy compared with them). The chain is walked up to
    /// the head as it was when the walk began (writes go on meanwhile); the rows are
    /// fetched on a second connection while the ones before them are hashed here.
    pub(crate) fn verify_feeding(
        &mut self,
        expect_head: Option<&str>,
        progress: &mut dyn FnMut(u64),
        walked: &mut dyn FnMut(&std::sync::Arc<Vec<postgres::Row>>),
    ) -> Result<VerifyReport, StoreError> {
        let head = self.head()?;
        let redactions = self
            .client
            .query(
                "SELECT id, payload FROM beredskap.events WHERE kind = 'log.redacted' \
                 AND id <= $1 ORDER BY id",
                &[&head.0],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect::<Vec<(i64, String)>>();
        let mut fetcher = RemoteLog::connect(&self.config)?;
        let mut lookup = AtHead { log: self, head };
        let upto = lookup.head.0;
        let mut walk = Walk::from(1, expect_head, redactions_of(redactions), &mut lookup)?;
        std::thread::scope(|s| {
            // Two batches ahead at most: the server and this walk each on a core.
            let (batches, fetched) = std::sync::mpsc::sync_channel(2);
            s.spawn(move || {
                let mut after = 0;
                while after < upto {
                    let rows = fetcher.raw_rows_after(after, (upto - after).min(5000));
                    let last = rows
                        .as_ref()
                        .ok()
                        .and_then(|r| r.last().and_then(|r| r.try_get::<_, i64>(0).ok()));
                    let end = last.is_none();
                    if batches.send(rows.map(std::sync::Arc::new)).is_err() || end {
                        break;
                    }
                    after = last.unwrap_or(upto);
                }
            });
            for rows in fetched {
                let rows = rows?;
                for row in rows.iter() {
                    if !walk.step(&walked_row(row)?, &mut lookup, progress)? {
                        return Ok(walk.report);
                    }
                }
                walked(&rows);
            }
            walk.end(true, &mut lookup)
        })
    }
}

/// The log of record as a walk looks things up in it, its head the one read when the walk
/// began (events appended since are not the walk's to see).
struct AtHead<'l> {
    log: &'l mut RemoteLog,
    head: (i64, String),
}

impl ChainLookup for AtHead<'_> {
    fn hash_of(&mut self, id: i64) -> Result<Option<String>, StoreError> {
        self.log.hash_of(id)
    }

    fn id_with_hash(&mut self, hash: &str) -> Result<Option<i64>, StoreError> {
        self.log.id_with_hash(hash)
    }

    fn head_record(&mut self) -> Result<(i64, String), StoreError> {
        Ok(self.head.clone())
    }
}

impl ChainLookup for RemoteLog {
    fn hash_of(&mut self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .query_opt("SELECT hash FROM beredskap.events WHERE id = $1", &[&id])?
            .map(|r| r.get(0)))
    }

    fn id_with_hash(&mut self, hash: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT id FROM beredskap.events WHERE hash = $1 LIMIT 1",
                &[&hash],
            )?
            .map(|r| r.get(0)))
    }

    fn head_record(&mut self) -> Result<(i64, String), StoreError> {
        self.head()
    }
}
