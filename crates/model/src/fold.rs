//! Reading events' payloads while folding them into a page, a run, an incident…: the fold
//! helpers every family uses, and what goes wrong. Apart from `payload` (which names every
//! family's payload) so that the families and the payload check do not import each other.

use crate::event::Event;
use serde::de::DeserializeOwned;

/// A payload that cannot be read as its kind and version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("unknown event kind `{kind}` (this build reads: see docs/log-format.md)")]
    UnknownKind { kind: String },
    #[error("`{kind}` payload version {version} is not one this build reads (it reads 1)")]
    UnknownVersion { kind: String, version: u32 },
    #[error("the `{kind}` payload does not parse: {detail}")]
    Unreadable { kind: String, detail: String },
    #[error("the `{kind}` payload cannot be written: {detail}")]
    Unwritable { kind: String, detail: String },
}

/// An event that could not be folded: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event #{event}: {error}")]
pub struct FoldError {
    pub event: i64,
    pub error: PayloadError,
}

/// Reads an event's payload as `T` while folding. An unknown kind or an unreadable
/// payload is an error naming the event.
pub fn read<T: DeserializeOwned>(e: &Event) -> Result<T, FoldError> {
    T::deserialize(&e.payload).map_err(|err| FoldError {
        event: e.id,
        error: PayloadError::Unreadable {
            kind: e.kind.clone(),
            detail: err.to_string(),
        },
    })
}

/// For kinds a fold does not use: the event must still be one this build knows.
pub fn known(e: &Event) -> Result<(), FoldError> {
    if crate::event_kind::EventKind::parse(&e.kind).is_some() {
        Ok(())
    } else {
        Err(FoldError {
            event: e.id,
            error: PayloadError::UnknownKind {
                kind: e.kind.clone(),
            },
        })
    }
}
