//! Redaction: taking patient data that got into the log back out, with a record of it.
//!
//! A redaction replaces one text field of one event's payload with a marker
//! (`[borttaget: personuppgift, händelse #R]`, R being the redaction's own event) and is
//! itself an event, `log.redacted`, that names the redacted event, the field, who, when
//! and why, and the SHA-256 of the payload before and after. The hash chain covers each
//! payload's digest as written, so every hash and link still verifies; `log verify`
//! checks that the redacted payload is exactly the one the redaction recorded.
//!
//! Who may redact: an administrator any event; the chief physician (physician role)
//! events of the clinical record: incidents, runs and the review.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The event kind of a redaction.
pub const KIND: &str = crate::event_kind::EventKind::LogRedacted.as_str();

/// Payload of `log.redacted` (version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// The redacted event.
    pub event: i64,
    /// The JSON path of the field taken out (`message`, `steps.3`).
    pub field: String,
    pub reason: String,
    pub original_payload_sha256: String,
    pub redacted_payload_sha256: String,
}

/// The subject of a redaction event.
pub fn subject(event: i64) -> String {
    format!("event:{event}")
}

/// What stands in place of a redacted text.
pub fn marker(redaction_event: i64) -> String {
    format!("[borttaget: personuppgift, händelse #{redaction_event}]")
}

/// Kinds whose events belong to the clinical record: the physician may redact them.
pub fn clinical(kind: &str) -> bool {
    ["incident.", "run.", "review."]
        .iter()
        .any(|p| kind.starts_with(p))
}

/// Why a field cannot be redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("the event has no field `{0}`")]
    Missing(String),
    #[error("`{0}` is not a text (only texts can be redacted)")]
    NotText(String),
}

/// Replaces the text at `path` (dot-separated; array indices as numbers) with `with`;
/// returns the text that was there.
pub fn replace_field(payload: &mut Value, path: &str, with: &str) -> Result<String, FieldError> {
    let mut at = payload;
    for part in path.split('.') {
        at = match at {
            Value::Object(map) => map.get_mut(part),
            Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| FieldError::Missing(path.to_string()))?;
    }
    match at {
        Value::String(s) => Ok(std::mem::replace(s, with.to_string())),
        _ => Err(FieldError::NotText(path.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_is_replaced_by_path() {
        let mut p = json!({"message": "pat 121212-1212", "steps": ["a", "b"], "n": 1});
        assert_eq!(
            replace_field(&mut p, "message", &marker(7)).unwrap(),
            "pat 121212-1212"
        );
        assert_eq!(p["message"], "[borttaget: personuppgift, händelse #7]");
        replace_field(&mut p, "steps.1", "x").unwrap();
        assert_eq!(p["steps"][1], "x");
        assert_eq!(
            replace_field(&mut p, "nope", "x"),
            Err(FieldError::Missing("nope".into()))
        );
        assert_eq!(
            replace_field(&mut p, "n", "x"),
            Err(FieldError::NotText("n".into()))
        );
    }

    #[test]
    fn the_clinical_record() {
        assert!(clinical("incident.note"));
        assert!(clinical("review.assessment"));
        assert!(!clinical("system.status_changed"));
    }
}
