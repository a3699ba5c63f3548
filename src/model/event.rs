//! The event: one change of state, as it stands in the append-only log.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Kinds of event. Each kind's payload has its own schema version.
pub mod kind {
    /// An operations-diary entry (driftdagbok). Payload v1: `{"text": "…"}`.
    pub const DIARY_NOTE: &str = "diary.note";
    /// A system's shown status changed. Payload v1: see `StatusChange`.
    pub const SYSTEM_STATUS_CHANGED: &str = "system.status_changed";
    /// The monitor's canaries all failed: it cannot see. Payload v1: `{"message": "…"}`.
    pub const MONITOR_BLIND: &str = "monitor.blind";
    /// The canaries answer again. Payload v1: `{"message": "…"}`.
    pub const MONITOR_SIGHTED: &str = "monitor.sighted";
    /// A backup was restored as the log (`beredskap restore`). Payload v1: `{"from": path,
    /// "events": n, "head_hash": hash, "kept": path|null, "forced": bool}`.
    pub const LOG_RESTORED: &str = "log.restored";
    /// A monitor process took the lease. Payload v1: `{"holder": "…", "token": N}`.
    pub const MONITOR_LEASE_TAKEN: &str = "monitor.lease_taken";
    /// A maintenance window added at run time. Payload v1:
    /// `{"systems": [...], "from": "…", "to": "…", "reason": "…"}`.
    pub const MAINTENANCE_ADDED: &str = "maintenance.added";
}

/// Subjects events are about.
pub mod subject {
    pub const DIARY: &str = "diary";
    pub const MONITOR: &str = "monitor";
    pub const MAINTENANCE: &str = "maintenance";

    pub fn system(id: &str) -> String {
        format!("system:{id}")
    }

    /// The system id of a `system:ID` subject.
    pub fn system_id(subject: &str) -> Option<&str> {
        subject.strip_prefix("system:")
    }
}

/// The payload of `system.status_changed` (version 1).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    pub health: crate::model::health::Health,
    pub previous: crate::model::health::Health,
    /// From the system's own checks (differs from `health` when blind or in maintenance).
    pub own: crate::model::health::Health,
    /// The check that decided the status.
    pub check: String,
    pub message: String,
    pub latency_ms: Option<u64>,
    pub impacted_by: Vec<String>,
    pub suppressed: Option<String>,
    pub flapping: bool,
    pub maintenance: Option<String>,
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
    /// Where the payload's text came from: decides what the patient-data guard does with
    /// an identity number in it (see `model::guard`). Not stored.
    pub origin: crate::model::guard::Origin,
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
        if let Some(s) = self.run_or_review_summary() {
            return s;
        }
        if let Some(text) = self.payload.get("text").and_then(Value::as_str) {
            return text.to_string();
        }
        if self.kind == kind::SYSTEM_STATUS_CHANGED
            && let Ok(c) = serde_json::from_value::<StatusChange>(self.payload.clone())
        {
            let mut s = format!("{} → {}: {}", c.previous, c.health, c.message);
            if !c.impacted_by.is_empty() {
                s.push_str(&format!(" (impacted by {})", c.impacted_by.join(", ")));
            }
            if let Some(why) = c.suppressed {
                s.push_str(&format!(" [alert held: {why}]"));
            }
            return s;
        }
        let field = |k: &str| {
            self.payload
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        match self.kind.as_str() {
            kind::LOG_RESTORED => {
                let events = self.payload.get("events").and_then(Value::as_i64);
                return format!(
                    "log restored from backup {} ({} events){}",
                    field("from"),
                    events.unwrap_or(0),
                    if self.payload.get("forced").and_then(Value::as_bool) == Some(true) {
                        " with --force"
                    } else {
                        ""
                    }
                );
            }
            "incident.declared" => {
                return format!("declared: {} ({})", field("title"), field("severity"));
            }
            "incident.status_changed" => {
                let reason = field("reason");
                let tail = if reason.is_empty() {
                    String::new()
                } else {
                    format!(" ({reason})")
                };
                return format!("status {} → {}{tail}", field("from"), field("to"));
            }
            "incident.milestone_set" => {
                let correction = if self.corrects.is_some() {
                    format!(" — correction: {}", field("reason"))
                } else {
                    String::new()
                };
                return format!(
                    "milestone {} at {}{correction}",
                    field("milestone"),
                    field("at")
                );
            }
            "incident.role_assigned" => {
                let previous = field("previous");
                let from = if previous.is_empty() {
                    String::new()
                } else {
                    format!(" (handed over from {previous}: {})", field("note"))
                };
                return format!(
                    "{} takes the role {}{from}",
                    field("account"),
                    field("role")
                );
            }
            "incident.patient_safety_flagged" => {
                return format!("RISK FÖR VÅRDSKADA: {}", field("description"));
            }
            "incident.review_updated" => return format!("review: {}", field("summary")),
            _ => {}
        }
        if let Some(m) = self.payload.get("message").and_then(Value::as_str) {
            return m.to_string();
        }
        self.payload.to_string()
    }
}

impl Event {
    /// Runs, reviews and deliveries in words, not as their payloads.
    fn run_or_review_summary(&self) -> Option<String> {
        let p = &self.payload;
        let text = |k: &str| {
            p.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let run = self.subject.strip_prefix("run:").unwrap_or_default();
        let step = p.get("step").and_then(Value::as_u64).unwrap_or(0);
        let yes = |k: &str| {
            if p.get(k).and_then(Value::as_bool).unwrap_or(false) {
                "ja"
            } else {
                "nej"
            }
        };
        Some(match self.kind.as_str() {
            "run.started" => format!("reservrutin startad: {} ({run})", text("title")),
            "run.step_done" => match p.get("value").and_then(Value::as_str) {
                Some(v) => format!("{run} steg {step} klart, värde: {v}"),
                None => format!("{run} steg {step} klart"),
            },
            "run.step_skipped" => format!("{run} steg {step} överhoppat: {}", text("text")),
            "run.step_noted" => format!("{run} steg {step}, anteckning: {}", text("text")),
            "run.step_undone" => format!("{run} steg {step} ångrat: {}", text("text")),
            "run.completed" => format!("{run} slutförd"),
            "run.aborted" => format!("{run} avbruten: {}", text("text")),
            "review.assessment" => format!(
                "bedömning enligt lex Maria registrerad (risk för allvarlig vårdskada: {})",
                yes("serious_risk")
            ),
            "review.decision" => format!(
                "beslut: anmälan till IVO enligt lex Maria: {} — {}",
                yes("report"),
                text("motivation")
            ),
            "review.clock" => format!(
                "rapporteringsskyldighet {}: gäller {}",
                text("clock"),
                yes("applies")
            ),
            "page.delivery" => format!(
                "{} till {}: {}",
                text("channel"),
                text("to"),
                if p.get("ok").and_then(Value::as_bool).unwrap_or(false) {
                    "levererat".to_string()
                } else {
                    format!("MISSLYCKADES ({})", text("detail"))
                }
            ),
            _ => return None,
        })
    }
}
