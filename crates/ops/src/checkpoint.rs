//! Publishing the log's head (`model::checkpoint`): to syslog, where the region's central
//! log management keeps it, and to this process's own log.

use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

/// Publishes the head of the log at `now`; the line published, `None` for an empty log.
/// A host without syslog is said in the process's log, never fatal.
pub fn publish(store: &Store, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
    let key = crate::host::checkpoint_key::read_or_make(store.path())?;
    Ok(store.checkpoint(now, &key)?.map(|c| publish_checkpoint(&c)))
}

/// Publishes `c`; the line published.
pub fn publish_checkpoint(c: &crate::model::checkpoint::Checkpoint) -> String {
    let line = c.line();
    tracing::info!("{line}");
    if let Err(e) = crate::host::syslog::notice(&line) {
        tracing::warn!(
            "could not publish the checkpoint to syslog ({}): {e}",
            crate::host::syslog::SOCKET
        );
    }
    line
}
