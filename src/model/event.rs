//! The event: one change of state, as it stands in the append-only log.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Kinds of event. Each kind's payload has its own schema version.
pub mod kind {
    /// An operations-diary entry (driftdagbok). Payload v1: `{"text": "…"}`.
    pub const DIARY_NOTE: &str = "diary.note";
}

/// Subjects events are about.
pub mod subject {
    pub const DIARY: &str = "diary";

    pub fn system(id: &str) -> String {
        format!("system:{id}")
    }
}

/// An event about to be appended. The store assigns id, `recorded_at` and the hashes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub occurred_at: DateTime<Utc>,
    /// The account the event is attributed to.
    pub actor: String,
    /// The operating-system account that ran the process (differs from `actor` only with
    /// a test/demo actor override).
    pub os_account: String,
    pub kind: String,
    pub subject: String,
    /// The event this one corrects, if any.
    pub corrects: Option<i64>,
    pub payload_version: u32,
    pub payload: Value,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub recorded_at: DateTime<Utc>,
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub os_account: String,
    pub kind: String,
    pub subject: String,
    pub corrects: Option<i64>,
    pub payload_version: u32,
    pub payload: Value,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// A one-line summary of the payload for lists.
    pub fn summary(&self) -> String {
        match self.payload.get("text").and_then(Value::as_str) {
            Some(text) => text.to_string(),
            None => self.payload.to_string(),
        }
    }
}
