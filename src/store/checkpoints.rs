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

impl Store {
    /// The log's head as a checkpoint at `at`; `None` for an empty log.
    pub fn checkpoint(&self, at: DateTime<Utc>) -> Result<Option<Checkpoint>, StoreError> {
        Ok(self
            .head()?
            .map(|(event, hash)| Checkpoint { event, hash, at }))
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
