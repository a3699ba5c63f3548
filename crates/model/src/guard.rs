//! The patient-data guard at the log's boundary: every string of every payload is read
//! before it is appended, and what is done with an identity number depends on where the
//! text came from.
//!
//! - **Typed by a person** (notes, titles, reasons, step values, assessments): the event is
//!   refused, naming the field, the position and the masked number, so the person can
//!   write it again without the number.
//! - **Produced by a machine or copied from a file** (probe and plugin output, HTTP error
//!   texts and URLs, imported calendars and their file names, configuration and runbook
//!   text copied into events): the number is masked (`19121212-XXXX`) before the event is
//!   stored, the masking is recorded (which fields, how many numbers — never the digits),
//!   and nothing is held back: an alarm reaches a person whatever text it carries.
//!
//! An event typed by a person can still carry text copied from a file (a run carries its
//! runbook's text): those fields are listed in `copied_fields` and masked like machine text.

use super::personnummer::{PatientDataRefusal, find_identity_numbers, mask_identity_numbers};
use serde_json::Value;

/// Where an event's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Typed by a person: an identity number refuses the event.
    Person,
    /// Made by the program or read from a file or another system: numbers are masked.
    Machine,
}

/// The event kind that records a masking, appended right after the masked event.
pub const MASKED_KIND: &str = crate::event_kind::EventKind::GuardMasked.as_str();

/// One field in which numbers were masked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MaskedField {
    /// The JSON path of the field (`message`, `steps.3`).
    pub field: String,
    /// How many numbers were masked in it.
    pub count: usize,
}

/// Payload of `guard.masked` (version 1): which event, which fields.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Masked {
    pub event: i64,
    pub fields: Vec<MaskedField>,
}

/// Fields of person-made events whose text is copied from a file, not typed: masked, not
/// refused. Paths use `*` for any array index.
pub fn copied_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        // The runbook as it was when the run started.
        "run.started" => &["title", "text", "steps.*", "runbook_id"],
        // A maintenance window copied from the configuration.
        "maintenance.added" => &["systems.*"],
        _ => &[],
    }
}

fn matches(pattern: &str, path: &[String]) -> bool {
    let parts: Vec<&str> = pattern.split('.').collect();
    parts.len() == path.len()
        && parts
            .iter()
            .zip(path)
            .all(|(p, s)| *p == "*" && s.parse::<usize>().is_ok() || p == s)
}

/// Guards one payload in place. A person's typed text with a number: the refusal. Machine
/// text (or a copied field): masked, and the fields masked are returned.
pub fn apply(
    kind: &str,
    origin: Origin,
    payload: &mut Value,
) -> Result<Vec<MaskedField>, PatientDataRefusal> {
    let mut masked = Vec::new();
    let mut path = Vec::new();
    walk(kind, origin, payload, &mut path, &mut masked)?;
    Ok(masked)
}

fn walk(
    kind: &str,
    origin: Origin,
    value: &mut Value,
    path: &mut Vec<String>,
    masked: &mut Vec<MaskedField>,
) -> Result<(), PatientDataRefusal> {
    match value {
        Value::String(text) => {
            let hits = find_identity_numbers(text);
            if hits.is_empty() {
                return Ok(());
            }
            let field = if path.is_empty() {
                "payload".to_string()
            } else {
                path.join(".")
            };
            let copied = copied_fields(kind).iter().any(|p| matches(p, path));
            if origin == Origin::Person && !copied {
                return Err(PatientDataRefusal { field, hits });
            }
            *text = mask_identity_numbers(text);
            masked.push(MaskedField {
                field,
                count: hits.len(),
            });
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                walk(kind, origin, item, path, masked)?;
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                path.push(key.clone());
                walk(kind, origin, item, path, masked)?;
                path.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(())
}

/// The first string in a payload that holds an identity number: its path and the number.
pub fn first_number(payload: &Value) -> Option<(String, crate::personnummer::IdentityHit)> {
    fn go(v: &Value, path: &mut Vec<String>) -> Option<(String, crate::personnummer::IdentityHit)> {
        match v {
            Value::String(s) => find_identity_numbers(s)
                .into_iter()
                .next()
                .map(|h| (path.join("."), h)),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                path.push(i.to_string());
                let found = go(item, path);
                path.pop();
                found
            }),
            Value::Object(map) => map.iter().find_map(|(k, item)| {
                path.push(k.clone());
                let found = go(item, path);
                path.pop();
                found
            }),
            _ => None,
        }
    }
    go(payload, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn machine_text_is_masked_and_the_masking_named() {
        let mut p = json!({"message": "CRITICAL pat 19121212-1212", "check": "plugin",
                           "impacted_by": ["a", "b 1212121212"]});
        let masked = apply("system.status_changed", Origin::Machine, &mut p).unwrap();
        assert_eq!(p["message"], "CRITICAL pat 19121212-XXXX");
        assert_eq!(p["impacted_by"][1], "b 121212XXXX");
        assert_eq!(
            masked,
            vec![
                MaskedField {
                    field: "impacted_by.1".into(),
                    count: 1
                },
                MaskedField {
                    field: "message".into(),
                    count: 1
                }
            ]
        );
    }

    #[test]
    fn a_persons_text_is_refused_with_the_field() {
        let mut p = json!({"text": "pat 121212-1212 på avd 4"});
        let err = apply("diary.note", Origin::Person, &mut p).unwrap_err();
        assert_eq!(err.field, "text");
        assert_eq!(err.hits[0].first_char, 5);
        assert_eq!(p["text"], "pat 121212-1212 på avd 4", "nothing changed");
    }

    #[test]
    fn copied_text_in_a_persons_event_is_masked() {
        let mut p =
            json!({"title": "Lab", "text": "ring 121212-1212", "steps": ["a", "pnr 1212121212"]});
        let masked = apply("run.started", Origin::Person, &mut p).unwrap();
        assert_eq!(masked.len(), 2);
        assert_eq!(p["steps"][1], "pnr 121212XXXX");
    }

    #[test]
    fn clean_payloads_pass_untouched() {
        let mut p = json!({"text": "Allt lugnt 03:10, tel 070-174 06 41", "n": 1212121212u64});
        let before = p.clone();
        assert!(
            apply("diary.note", Origin::Person, &mut p)
                .unwrap()
                .is_empty()
        );
        assert_eq!(p, before);
    }
}
