//! A probe's finding in its column (issue 33): the JSON of `model::finding::Finding` in
//! `samples.finding` and `system_status.finding`, beside the English message.

use crate::model::finding::Finding;

/// A finding as stored: its JSON (none only if it could not be written, which a finding of
/// strings and numbers never is; the English message is stored either way).
pub(crate) fn to_column(f: &Finding) -> Option<String> {
    serde_json::to_string(f).ok()
}

/// A finding as read: typed when it was stored typed, else the recorded message as said
/// (a row from before findings were typed).
pub(crate) fn from_columns(json: Option<String>, message: &str) -> Finding {
    json.and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_else(|| Finding::said(message))
}
