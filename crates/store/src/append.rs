//! Appending events: one immediate transaction assigns ids, chains hashes, writes the
//! events and updates the projections, or does nothing at all.

use super::chain::{HashedFields, canonical_json, sha256_hex};
use super::{Store, StoreError, projection};
use crate::model::event::{Event, NewEvent};
use crate::model::guard::{self, MaskedField, Origin};
use crate::model::timespec::to_storage;
use chrono::Utc;
use rusqlite::params;

impl Store {
    /// Appends one event; returns it as stored.
    pub fn append(&mut self, event: NewEvent) -> Result<Event, StoreError> {
        let mut stored = self.append_all(vec![event])?;
        stored
            .pop()
            .ok_or_else(|| StoreError::Corrupt("append wrote no event".into()))
    }

    /// Appends several events in one transaction: all are written or none.
    pub fn append_all(&mut self, events: Vec<NewEvent>) -> Result<Vec<Event>, StoreError> {
        if self.remote.as_ref().is_some_and(|r| r.unsure.is_some()) {
            // Asked again after a commit that went unanswered: what landed is the answer.
            self.catch_up()?;
            if let Some(landed) = self.landed_before(&events)? {
                return Ok(landed);
            }
        }
        let pending = self.configuration.take();
        let written = self.writing(
            |store| {
                let tx = store.write_transaction()?;
                let events = super::config_record::prepend(&tx, pending.as_ref(), events.clone())?;
                let stored = append_in(&tx, events)?;
                tx.commit()?;
                Ok(stored)
            },
            |_| false,
        );
        self.after_write(pending, written)
    }
}

impl Store {
    /// Records the pending configuration now (when it differs from the last recorded).
    pub fn record_configuration(&mut self) -> Result<Option<Event>, StoreError> {
        if self.configuration.is_none() {
            return Ok(None);
        }
        let pending = self.configuration.take();
        let written = self.writing(
            |store| {
                let tx = store.write_transaction()?;
                let events = super::config_record::prepend(&tx, pending.as_ref(), Vec::new())?;
                let stored = append_in(&tx, events)?;
                tx.commit()?;
                Ok(stored)
            },
            |_| false,
        );
        match written {
            Ok(mut stored) => Ok(stored.pop()),
            Err(e) => {
                self.configuration = pending;
                Err(e)
            }
        }
    }

    /// After a write: on failure the configuration stays pending (and corruption marks the
    /// log damaged); the events written come back without the `config.applied` in front.
    pub(super) fn after_write(
        &mut self,
        pending: Option<super::config_record::PendingConfiguration>,
        written: Result<Vec<Event>, StoreError>,
    ) -> Result<Vec<Event>, StoreError> {
        match written {
            Ok(mut stored) => {
                if stored
                    .first()
                    .is_some_and(|e| e.kind == crate::model::event::kind::CONFIG_APPLIED)
                    && pending.is_some()
                {
                    stored.remove(0);
                }
                Ok(stored)
            }
            Err(e) => {
                self.configuration = pending;
                Err(self.noting_damage(e))
            }
        }
    }

    /// Builds events inside the write transaction and appends them: `build` sees the
    /// database as it is under the write lock (to validate against the current state or to
    /// number things), and an error from it writes nothing.
    pub fn append_with<E: From<StoreError>>(
        &mut self,
        mut build: impl FnMut(&super::UnderLock) -> Result<Vec<NewEvent>, E>,
    ) -> Result<Vec<Event>, E> {
        let pending = self.configuration.take();
        // Outer error: the store's; inner: `build` refused (the transaction rolls back).
        // Built again when the log of record moved on under it (`Store::writing`).
        let written: Result<Result<Vec<Event>, E>, StoreError> = self.writing(
            |store| {
                let tx = store.write_transaction()?;
                let events = match build(&super::UnderLock::new(&tx)) {
                    Ok(events) => events,
                    Err(e) => return Ok(Err(e)),
                };
                let events = super::config_record::prepend(&tx, pending.as_ref(), events)?;
                let stored = append_in(&tx, events)?;
                tx.commit()?;
                Ok(Ok(stored))
            },
            Result::is_err,
        );
        match written {
            Ok(Err(refused)) => {
                self.configuration = pending;
                Err(refused)
            }
            Ok(Ok(stored)) => Ok(self.after_write(pending, Ok(stored))?),
            Err(e) => Ok(self.after_write(pending, Err(e))?),
        }
    }
}

/// Appends inside a transaction the caller holds (immediate, so the chain head cannot
/// move under it) and will commit.
pub(super) fn append_in(
    tx: &rusqlite::Connection,
    events: Vec<NewEvent>,
) -> Result<Vec<Event>, StoreError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    {
        let (mut last_id, mut prev_hash): (i64, String) = tx.query_row(
            "SELECT last_id, last_hash FROM log_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stored = Vec::with_capacity(events.len());
        // The caller's events, each followed by the record of its masking if the guard
        // masked anything; only the caller's events are returned.
        let mut queue: std::collections::VecDeque<(NewEvent, bool)> =
            events.into_iter().map(|e| (e, true)).collect();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO events (id, recorded_at, occurred_at, actor, os_account, kind, \
                 subject, corrects, payload_version, payload, payload_sha256, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            while let Some((mut new, returned)) = queue.pop_front() {
                let id = last_id + 1;
                crate::model::payload::check(&new.kind, new.payload_version, &new.payload)?;
                let masked = guard::apply(&new.kind, new.origin, &mut new.payload)?;
                if !masked.is_empty() {
                    queue.push_front((masking_record(&new, id, masked)?, false));
                }
                let recorded_at = Utc::now();
                let recorded_text = to_storage(recorded_at);
                let occurred_text = to_storage(new.occurred_at);
                let payload_text = canonical_json(&new.payload);
                let payload_sha256 = sha256_hex(payload_text.as_bytes());
                let hash = HashedFields {
                    id,
                    recorded_at: &recorded_text,
                    occurred_at: &occurred_text,
                    actor: &new.actor,
                    os_account: &new.os_account,
                    kind: &new.kind,
                    subject: &new.subject,
                    corrects: new.corrects,
                    payload_version: i64::from(new.payload_version),
                    payload_sha256: &payload_sha256,
                    prev_hash: &prev_hash,
                }
                .hash();
                insert.execute(params![
                    id,
                    recorded_text,
                    occurred_text,
                    new.actor,
                    new.os_account,
                    new.kind,
                    new.subject,
                    new.corrects,
                    new.payload_version,
                    payload_text,
                    payload_sha256,
                    prev_hash,
                    hash,
                ])?;
                let event = Event {
                    id,
                    recorded_at,
                    occurred_at: new.occurred_at,
                    actor: new.actor,
                    os_account: new.os_account,
                    kind: new.kind,
                    subject: new.subject,
                    corrects: new.corrects,
                    payload_version: new.payload_version,
                    payload: new.payload,
                    prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
                    hash,
                };
                projection::apply(tx, &event)?;
                last_id = id;
                if returned {
                    stored.push(event);
                }
            }
        }
        tx.execute(
            "UPDATE log_head SET last_id = ?1, last_hash = ?2 WHERE singleton = 1",
            params![last_id, prev_hash],
        )?;
        Ok(stored)
    }
}

/// The `guard.masked` event that follows an event whose text was masked: which fields,
/// how many numbers, never the digits.
fn masking_record(
    masked_event: &NewEvent,
    id: i64,
    fields: Vec<MaskedField>,
) -> Result<NewEvent, StoreError> {
    Ok(NewEvent {
        occurred_at: masked_event.occurred_at,
        actor: masked_event.actor.clone(),
        os_account: masked_event.os_account.clone(),
        kind: guard::MASKED_KIND.into(),
        subject: masked_event.subject.clone(),
        corrects: None,
        payload_version: 1,
        payload: crate::model::payload::to_value(&guard::Masked { event: id, fields })?,
        origin: Origin::Machine,
    })
}
