//! A write: the local file's immediate transaction and, with a log of record attached
//! (`remote`), its append there. First on the head the local file holds (`Store::writing`):
//! the write's events are built and hashed locally as on one host and sent in one statement
//! that appends them only if that is still the log of record's head; when it moved, the
//! events the file lacks are copied and the write is built again. Then queued for the head:
//! a PostgreSQL transaction holding it, the local file brought up to it first
//! (`catch_up_in`), the events inserted and committed there before the local file commits.
//! Either way the local file never holds an event the log of record does not.

use super::remote::{Appended, RemoteLog, StoredRow};
use super::{Store, StoreError, projection};
use crate::model::event::Event;
use crate::model::timespec::from_storage;
use rusqlite::{Transaction, params};

/// A write under way. Dropped without `commit`, nothing is kept on either side.
pub(crate) struct WriteTx<'s> {
    tx: Option<Transaction<'s>>,
    remote: Option<&'s mut RemoteLog>,
    /// The local head when the write's own events began (after catching up).
    from: i64,
    /// Redactions to carry out in the log of record once the write's events are there
    /// (event, redacted payload).
    redactions: Vec<(i64, String)>,
    /// Built on this head of the local file without taking the log of record's: appended
    /// only if that is still its head (`RemoteLog::append_on_head`).
    on_head: Option<(i64, String)>,
}

impl<'s> std::ops::Deref for WriteTx<'s> {
    type Target = Transaction<'s>;
    fn deref(&self) -> &Transaction<'s> {
        // Taken only by `commit`, which consumes the write.
        self.tx
            .as_ref()
            .unwrap_or_else(|| unreachable!("a write used after its commit"))
    }
}

impl WriteTx<'_> {
    /// The log of record this write goes through, if any (inside its transaction).
    pub(crate) fn remote(&mut self) -> Option<&mut RemoteLog> {
        debug_assert!(
            self.on_head.is_none(),
            "no transaction in the log of record"
        );
        self.remote.as_deref_mut()
    }

    /// With a log of record: replaces event `target`'s payload there too, once this
    /// write's `log.redacted` event is in it (at commit).
    pub(crate) fn redact_on_commit(&mut self, target: i64, redacted: String) {
        debug_assert!(self.on_head.is_none(), "a redaction queues for the head");
        self.redactions.push((target, redacted));
    }

    /// Keeps the write: in the log of record first, then in the local file.
    pub(crate) fn commit(mut self) -> Result<(), StoreError> {
        let Some(tx) = self.tx.take() else {
            return Ok(());
        };
        if let Some(remote) = self.remote.take() {
            let rows = rows_after(&tx, self.from)?;
            if let Some(head) = self.on_head.take() {
                return match remote.append_on_head(&head, &rows)? {
                    Appended::Yes => Ok(tx.commit()?),
                    // Rolled back here; the store copies them and builds the write again.
                    Appended::Moved(rows) => Err(StoreError::HeadMoved(rows)),
                };
            }
            let redactions = std::mem::take(&mut self.redactions);
            let written = if redactions.is_empty() {
                remote.insert_and_commit(&rows)
            } else {
                remote
                    .insert(&rows)
                    .and_then(|()| {
                        redactions
                            .iter()
                            .try_for_each(|(target, payload)| remote.redact(*target, payload))
                    })
                    .and_then(|()| remote.commit_rows(&rows))
            };
            if let Err(e) = written {
                remote.rollback();
                return Err(e);
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        // Built on a known head, nothing was begun in the log of record.
        if self.on_head.is_some() {
            return;
        }
        if let Some(remote) = self.remote.take() {
            remote.rollback();
        }
    }
}

/// The local events after `from`, as stored (what this write adds).
fn rows_after(conn: &rusqlite::Connection, from: i64) -> Result<Vec<StoredRow>, StoreError> {
    all_rows(conn, from, -1)
}

/// Up to `limit` local events after `after` (all: -1), as stored, in order.
pub(crate) fn all_rows(
    conn: &rusqlite::Connection,
    after: i64,
    limit: i64,
) -> Result<Vec<StoredRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, recorded_at, occurred_at, actor, os_account, kind, subject, corrects, \
         payload_version, payload, payload_sha256, prev_hash, hash FROM events \
         WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map([after, limit], |r| {
            Ok(StoredRow {
                id: r.get(0)?,
                recorded_at: r.get(1)?,
                occurred_at: r.get(2)?,
                actor: r.get(3)?,
                os_account: r.get(4)?,
                kind: r.get(5)?,
                subject: r.get(6)?,
                corrects: r.get(7)?,
                payload_version: r.get(8)?,
                payload: r.get(9)?,
                payload_sha256: r.get(10)?,
                prev_hash: r.get(11)?,
                hash: r.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn local_head(conn: &rusqlite::Connection) -> Result<(i64, String), StoreError> {
    Ok(conn
        .prepare_cached("SELECT last_id, last_hash FROM log_head WHERE singleton = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Brings the local file (inside its write transaction) up to the log of record's head:
/// each event checked against its hash and the one before it, written with its id and
/// hash as they are, and applied to the projections. A local file ahead of the log of
/// record, or on another chain, has diverged: nothing is changed.
///
/// Without a head (`None`): whatever is committed now, read without taking the head (a
/// writer does this before it queues for the head, so that little is left to copy while it
/// holds it).
fn catch_up_in(
    tx: &rusqlite::Connection,
    remote: &mut RemoteLog,
    head: Option<&(i64, String)>,
    fetched: Vec<StoredRow>,
) -> Result<i64, StoreError> {
    let (mut last_id, mut last_hash) = local_head(tx)?;
    let from = last_id;
    if let Some(head) = head
        && (last_id > head.0 || (last_id == head.0 && last_hash != head.1))
    {
        return Err(StoreError::Diverged {
            local: last_id,
            remote: head.0,
        });
    }
    let upto = head.map_or(i64::MAX, |h| h.0);
    // The first batch may have come with the head (`begin_write_after`).
    let mut fetched = Some(fetched).filter(|f| !f.is_empty());
    while last_id < upto {
        let rows = match fetched.take() {
            Some(rows) => rows,
            None => remote.rows_after(last_id, 1000)?,
        };
        if rows.is_empty() {
            break;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO events (id, recorded_at, occurred_at, actor, os_account, kind, \
             subject, corrects, payload_version, payload, payload_sha256, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for row in rows {
            if row.id > upto {
                break; // committed after this write took the head: not ours to see yet
            }
            if row.id != last_id + 1
                || !row.links_to(&last_hash)
                || !(row.payload_as_written() || redacted_as_recorded(remote, &row)?)
            {
                return Err(StoreError::Diverged {
                    local: last_id,
                    remote: upto.min(row.id),
                });
            }
            insert.execute(params![
                row.id,
                row.recorded_at,
                row.occurred_at,
                row.actor,
                row.os_account,
                row.kind,
                row.subject,
                row.corrects,
                row.payload_version,
                row.payload,
                row.payload_sha256,
                row.prev_hash,
                row.hash,
            ])?;
            projection::apply(tx, &event_of(&row)?)?;
            if row.kind == crate::model::redaction::KIND {
                super::redact::follow_redaction(tx, remote, &row)?;
            }
            last_id = row.id;
            last_hash = row.hash;
        }
    }
    if last_id != from {
        tx.execute(
            "UPDATE log_head SET last_id = ?1, last_hash = ?2 WHERE singleton = 1",
            params![last_id, last_hash],
        )?;
    }
    tx.prepare_cached("INSERT OR IGNORE INTO follows (singleton, since) VALUES (1, ?1)")?
        .execute([crate::model::timespec::to_storage(chrono::Utc::now())])?;
    Ok(last_id)
}

/// A payload that is not the one its digest names, but the redacted one the log of
/// record's latest `log.redacted` event for it records (that event is checked when the
/// copy reaches it).
fn redacted_as_recorded(remote: &mut RemoteLog, row: &StoredRow) -> Result<bool, StoreError> {
    let Some(recorded) = remote.redaction_of(row.id)? else {
        return Ok(false);
    };
    Ok(
        serde_json::from_str::<crate::model::redaction::Redaction>(&recorded).is_ok_and(|r| {
            r.event == row.id
                && r.redacted_payload_sha256 == super::chain::sha256_hex(row.payload.as_bytes())
        }),
    )
}

/// The shared lease, copied into this host's file for what it shows (`Store::lease`); the
/// monitors' decisions read the log of record's own.
fn copy_lease(
    tx: &rusqlite::Connection,
    lease: Option<super::remote::LeaseRow>,
) -> Result<(), StoreError> {
    if let Some((holder, token, renewed, expires)) = lease {
        tx.execute(
            "INSERT INTO monitor_lease (singleton, holder, token, renewed_at, expires_at) \
             VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (singleton) DO UPDATE SET \
             holder = excluded.holder, token = excluded.token, \
             renewed_at = excluded.renewed_at, expires_at = excluded.expires_at",
            params![holder, token, renewed, expires],
        )?;
    }
    Ok(())
}

fn event_of(row: &StoredRow) -> Result<Event, StoreError> {
    let time = |t: &str| {
        from_storage(t).ok_or_else(|| StoreError::Corrupt(format!("event #{}: time {t:?}", row.id)))
    };
    Ok(Event {
        id: row.id,
        recorded_at: time(&row.recorded_at)?,
        occurred_at: time(&row.occurred_at)?,
        actor: row.actor.clone(),
        os_account: row.os_account.clone(),
        kind: row.kind.clone(),
        subject: row.subject.clone(),
        corrects: row.corrects,
        payload_version: u32::try_from(row.payload_version).unwrap_or(u32::MAX),
        payload: serde_json::from_str(&row.payload)
            .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", row.id)))?,
        prev_hash: row.prev_hash.clone(),
        hash: row.hash.clone(),
    })
}

/// How many times a write is built on its file's head before it queues for the log of
/// record's (`Store::writing`): once more after the head moved (two hosts writing at once
/// mostly land the second time; four tries were slower with eight hosts).
const ON_KNOWN_HEAD_ATTEMPTS: u32 = 2;

impl Store {
    /// Starts a write (see `WriteTx`), damaged or not (`write_transaction` refuses a
    /// damaged log; the monitor's lease row alone is still taken on one).
    pub(crate) fn begin_write(&mut self) -> Result<WriteTx<'_>, StoreError> {
        let tx = match self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => {
                let e = StoreError::from(e);
                // Another process holds the write lock past the busy timeout: nothing was
                // written, and the caller may try again (`take_write_busy`).
                if e.is_busy() {
                    self.write_busy = true;
                }
                return Err(e);
            }
        };
        if let Some(remote) = self.remote.as_mut() {
            remote.reconnect_if_gone()?;
        }
        let Some(remote) = self.remote.as_mut() else {
            let follows: bool = tx.query_row("SELECT count(*) FROM follows", [], |r| r.get(0))?;
            if follows {
                return Err(match &self.unreached {
                    Some(why) => {
                        StoreError::Remote(super::remote::RemoteFailure::new(why.clone(), false))
                    }
                    None => StoreError::FollowsLogOfRecord,
                });
            }
            return Ok(WriteTx {
                tx: Some(tx),
                remote: None,
                from: 0,
                redactions: Vec::new(),
                on_head: None,
            });
        };
        if self.on_known_head {
            let head = local_head(&tx)?;
            return Ok(WriteTx {
                tx: Some(tx),
                remote: Some(remote),
                from: head.0,
                redactions: Vec::new(),
                on_head: Some(head),
            });
        }
        // When the last write found others' events to copy under the head, most of what
        // they wrote since is copied before queueing for it (one round trip more, out of
        // the section every writer waits on); alone, the head and what is new come in one.
        if remote.contended {
            catch_up_in(&tx, remote, None, Vec::new())?;
        }
        let local: i64 = local_head(&tx)?.0;
        let (head, fetched) = match remote.begin_write_after(local) {
            Ok(begun) => begun,
            Err(e) => {
                if e.is_busy() {
                    self.write_busy = true;
                }
                return Err(e);
            }
        };
        match catch_up_in(&tx, remote, Some(&head), fetched) {
            Ok(from) => {
                remote.contended = from > local;
                Ok(WriteTx {
                    tx: Some(tx),
                    remote: Some(remote),
                    from,
                    redactions: Vec::new(),
                    on_head: None,
                })
            }
            Err(e) => {
                remote.rollback();
                Err(e)
            }
        }
    }

    /// Runs `write` (which begins a write, builds its events and commits) first on the head
    /// this host's file holds: with a log of record, appended in one round trip if that is
    /// still its head, the head's lock held by the server alone. When another write came
    /// first, the events it lacks are copied into the file and `write` builds the write
    /// again on them; after [`ON_KNOWN_HEAD_ATTEMPTS`] it queues for the head instead (as
    /// every write does when `write` refuses on a file that may be behind: a refusal is
    /// said only on the head itself). When this store's last write met others, it is built
    /// on its file once before it queues; a write that lands on its file's head clears that.
    pub(crate) fn writing<T>(
        &mut self,
        mut write: impl FnMut(&mut Store) -> Result<T, StoreError>,
        refused: impl Fn(&T) -> bool,
    ) -> Result<T, StoreError> {
        // Others' writes came between this store's last ones: one try on the file's head,
        // then the queue (cheaper than building again and again on a head that keeps
        // moving, measured with eight hosts writing at once: benches/two_sites.rs).
        let mut attempts = if self.remote.as_ref().is_some_and(|r| r.contended) {
            ON_KNOWN_HEAD_ATTEMPTS - 1
        } else {
            0
        };
        loop {
            self.on_known_head = self.remote.is_some() && attempts < ON_KNOWN_HEAD_ATTEMPTS;
            let on_known_head = self.on_known_head;
            let written = write(self);
            self.on_known_head = false;
            match written {
                Err(StoreError::HeadMoved(rows)) if !rows.is_empty() => {
                    attempts += 1;
                    self.copy_moved(rows)?;
                    if let Some(remote) = self.remote.as_mut() {
                        remote.contended = true;
                    }
                }
                // This file is ahead of the log of record, or on another chain: said by
                // the write that queues for the head.
                Err(StoreError::HeadMoved(_)) => attempts = ON_KNOWN_HEAD_ATTEMPTS,
                Ok(t) if on_known_head && refused(&t) => attempts = ON_KNOWN_HEAD_ATTEMPTS,
                Err(e) => {
                    // The head held past the lock wait (found by the append itself, not by
                    // a transaction that began): nothing written, try again
                    // (`take_write_busy`).
                    if e.is_busy() {
                        self.write_busy = true;
                    }
                    return Err(e);
                }
                ok => {
                    if on_known_head && let Some(remote) = self.remote.as_mut() {
                        remote.contended = false;
                    }
                    return ok;
                }
            }
        }
    }

    /// Copies into this file the events a write built on its head found it lacked.
    fn copy_moved(&mut self, mut rows: Vec<StoredRow>) -> Result<(), StoreError> {
        let Some(remote) = self.remote.as_mut() else {
            return Ok(());
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process on this host may have copied some of them meanwhile.
        let local = local_head(&tx)?.0;
        rows.retain(|r| r.id > local);
        let Some(last) = rows.last().map(|r| (r.id, r.hash.clone())) else {
            return Ok(());
        };
        catch_up_in(&tx, remote, Some(&last), rows)?;
        tx.commit()?;
        Ok(())
    }

    /// Opens the database at `path`, with the log of record attached when `log` names one
    /// (`[storage] engine = "postgres"`).
    pub fn open_for(
        path: &std::path::Path,
        log: Option<&crate::model::region::LogOfRecord>,
    ) -> Result<Store, StoreError> {
        let mut store = Store::open(path)?;
        if let Some(log) = log {
            store.attach_remote(RemoteLog::connect(&log.into())?)?;
        }
        Ok(store)
    }

    /// Opens this host's file as a copy of a log of record not attached yet (the console
    /// draws from it at once and attaches on its worker): marked as following, so it takes
    /// no write until the log of record is attached, even if it is new.
    pub fn open_following(path: &std::path::Path) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        store.conn.execute(
            "INSERT OR IGNORE INTO follows (singleton, since) VALUES (1, ?1)",
            [crate::model::timespec::to_storage(chrono::Utc::now())],
        )?;
        Ok(store)
    }

    /// Why the log of record this file follows cannot be attached now (None: it can, or
    /// nobody tried): a write refused meanwhile says that.
    pub fn set_unreached(&mut self, why: Option<String>) {
        self.unreached = why;
    }

    /// Whether a log of record is attached.
    pub fn has_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// Attaches the log of record: every write from now on goes through it, and the local
    /// file is brought up to it now (and from then on takes no write that does not go
    /// through a log of record).
    pub fn attach_remote(&mut self, mut remote: RemoteLog) -> Result<(), StoreError> {
        // A write the last connection could not hear the end of is found out on this one.
        if let Some(old) = self.remote.take()
            && remote.unsure.is_none()
        {
            remote.unsure = old.unsure;
        }
        // The file is a read model now: an acknowledged write is durable in the log of
        // record, and a tail this file lost in a crash is copied back on the next catch-up
        // (every hash checked), so its commits need not wait for the disk.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        if let Some(wait) = self.busy_timeout {
            remote.set_lock_wait(wait);
        }
        self.remote = Some(remote);
        self.catch_up()
    }

    /// Walks the log itself: with a log of record attached, its chain on PostgreSQL (the
    /// same walk, the same break named as for a file); without one, this file's.
    pub fn verify_log(
        &mut self,
        expect_head: Option<&str>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<crate::verify::VerifyReport, StoreError> {
        match self.remote.as_mut() {
            Some(remote) => {
                remote.reconnect_if_gone()?;
                remote.verify_reporting(expect_head, progress)
            }
            None => self.verify_reporting(expect_head, progress),
        }
    }

    /// Brings the local file up to the log of record as committed (nothing without one).
    /// It reads, it does not take the chain's head: a writer holding the head (or stopped
    /// while holding it) does not keep a console from following the log.
    pub fn catch_up(&mut self) -> Result<(), StoreError> {
        let Some(remote) = self.remote.as_mut() else {
            return Ok(());
        };
        remote.reconnect_if_gone()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let redactions = |tx: &rusqlite::Connection| -> Result<i64, StoreError> {
            Ok(tx.query_row("SELECT count(*) FROM redactions", [], |r| r.get(0))?)
        };
        let before = redactions(&tx)?;
        let (head, lease) = remote.head_and_lease()?;
        catch_up_in(&tx, remote, Some(&head), Vec::new())?;
        copy_lease(&tx, lease)?;
        let followed = redactions(&tx)? != before;
        tx.commit()?;
        if followed {
            // A redaction followed: the old text out of the file's free pages and WAL too.
            let _ = self.scrub_file();
        }
        Ok(())
    }

    /// After a write whose commit went unanswered: the events it wrote, if they are in
    /// the log of record (this file is caught up) and `events` asks for the same again
    /// (same kinds, subjects, actors, times and payloads) — so that writing again after a
    /// lost connection writes nothing twice. None: write as usual.
    pub(crate) fn landed_before(
        &mut self,
        events: &[crate::model::event::NewEvent],
    ) -> Result<Option<Vec<Event>>, StoreError> {
        let Some(unsure) = self.remote.as_mut().and_then(|r| r.unsure.take()) else {
            return Ok(None);
        };
        let Some(first) = unsure.first() else {
            return Ok(None);
        };
        let landed: bool = self.conn.query_row(
            "SELECT count(*) FROM events WHERE id = ?1 AND hash = ?2",
            params![first.id, first.hash],
            |r| r.get(0),
        )?;
        let asked: Vec<&StoredRow> = unsure
            .iter()
            .filter(|r| r.kind != crate::model::guard::MASKED_KIND)
            .filter(|r| r.kind != crate::model::event::kind::CONFIG_APPLIED)
            .collect();
        let same = asked.len() == events.len()
            && asked.iter().zip(events).all(|(r, e)| {
                r.kind == e.kind
                    && r.subject == e.subject
                    && r.actor == e.actor
                    && r.occurred_at == crate::model::timespec::to_storage(e.occurred_at)
                    && r.payload == crate::chain::canonical_json(&e.payload)
            });
        if !(landed && same) {
            return Ok(None);
        }
        asked
            .into_iter()
            .map(event_of)
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Lets go of the log of record and makes this file stand alone (a copy handed over,
    /// not a host's read model): it takes writes of its own from now on.
    pub fn stand_alone(&mut self) -> Result<(), StoreError> {
        self.remote = None;
        self.conn.execute("DELETE FROM follows", [])?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// The log of record, when one is attached.
    pub fn remote(&mut self) -> Option<&mut RemoteLog> {
        self.remote.as_mut()
    }

    /// Copies every local event into the log of record (empty, or holding a prefix of
    /// them), checked one by one; how many were copied.
    pub fn copy_to_remote(&self, remote: &mut RemoteLog) -> Result<u64, StoreError> {
        let conn = &self.conn;
        let redacted = crate::verify::redactions(conn)?;
        let mut after = 0i64;
        let mut pending: std::collections::VecDeque<StoredRow> = Default::default();
        let rows = std::iter::from_fn(move || {
            if pending.is_empty() {
                match all_rows(conn, after, 5000) {
                    Ok(batch) => pending.extend(batch),
                    Err(e) => return Some(Err(e)),
                }
            }
            let row = pending.pop_front()?;
            after = row.id;
            Some(Ok(row))
        });
        remote.copy_in(rows, &redacted)
    }
}
