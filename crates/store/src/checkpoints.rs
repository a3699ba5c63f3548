//! The log against its published checkpoints (`model::checkpoint`).

use super::{Store, StoreError};
use crate::model::checkpoint::Checkpoint;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// What the log says to one checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The event is there with the published hash: the history up to it is the one
    /// published (every earlier event is chained into that hash).
    Matches,
    /// The log has no such event: it was cut back (its head is now `head`).
    Missing { head: Option<i64> },
    /// The event is there with another hash: the history up to it was rewritten.
    Differs { hash: String },
}

/// Checkpoint lines sorted by whose they are: this log's, signed by its writer, are checked;
/// the rest are left out and counted, never a reason for a true log to fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sorted {
    pub own: Vec<Checkpoint>,
    /// Lines of other logs (another database on the host, a person's demo), by log.
    pub foreign: std::collections::BTreeMap<String, usize>,
    /// Lines naming this log (or none, v1) whose MAC does not hold under its key: forged,
    /// or published before checkpoints were signed.
    pub unsigned: usize,
    /// The log has no checkpoint key: nothing in the file can be told from a forgery.
    pub no_key: bool,
}

impl Sorted {
    pub fn ignored(&self) -> usize {
        self.foreign.values().sum::<usize>() + self.unsigned
    }
}

impl Store {
    /// Sorts `lines` into this log's signed checkpoints and the rest (`key`: the log's
    /// checkpoint key, `None` when it has none).
    pub fn sort_checkpoints(
        &self,
        lines: Vec<Checkpoint>,
        key: Option<&[u8]>,
    ) -> Result<Sorted, StoreError> {
        let log = self.log_identity()?;
        let mut sorted = Sorted {
            no_key: key.is_none(),
            ..Sorted::default()
        };
        for c in lines {
            // Signed under this log's key: its writer published it, whatever `log=` says
            // now (a history rewritten from its first event has another identity, and is
            // caught by the hashes).
            if key.is_some_and(|k| c.mac_holds(k)) {
                sorted.own.push(c);
                continue;
            }
            match &c.log {
                Some(other) if Some(other) != log.as_ref() => {
                    *sorted.foreign.entry(other.clone()).or_default() += 1;
                }
                _ => sorted.unsigned += 1,
            }
        }
        Ok(sorted)
    }

    /// The log's head as a checkpoint at `at`, signed with `key`; `None` for an empty log.
    pub fn checkpoint(
        &self,
        at: DateTime<Utc>,
        key: &[u8],
    ) -> Result<Option<Checkpoint>, StoreError> {
        let Some(log) = self.log_identity()? else {
            return Ok(None);
        };
        Ok(self
            .head()?
            .map(|(event, hash)| Checkpoint::signed(event, hash, at, log, key)))
    }

    /// The log's identity (`model::checkpoint::log_id`): from its first event, the same in
    /// every copy of it; `None` for an empty log.
    pub fn log_identity(&self) -> Result<Option<String>, StoreError> {
        let first: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM events WHERE id = (SELECT min(id) FROM events)",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(first.map(|h| crate::model::checkpoint::log_id(&h)))
    }

    /// Each checkpoint with what the log says to it.
    pub fn check_checkpoints(
        &self,
        checkpoints: &[Checkpoint],
    ) -> Result<Vec<(Checkpoint, Verdict)>, StoreError> {
        let head = self.head()?.map(|(id, _)| id);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE id = ?1")?;
        let mut out = Vec::new();
        for c in checkpoints {
            let hash: Option<String> = stmt.query_row([c.event], |r| r.get(0)).optional()?;
            let verdict = match hash {
                None => Verdict::Missing { head },
                Some(h) if h == c.hash => Verdict::Matches,
                Some(h) => Verdict::Differs { hash: h },
            };
            out.push((c.clone(), verdict));
        }
        Ok(out)
    }
}
