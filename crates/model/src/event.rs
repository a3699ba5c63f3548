//! The event: one change of state, as it stands in the append-only log.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Kinds of event. Each kind's payload has its own schema version.
pub mod kind {
    /// An operations-diary entry (driftdagbok). Payload v1: `{"text": "…"}`.
    pub const DIARY_NOTE: &str = crate::event_kind::EventKind::DiaryNote.as_str();
    /// A system's shown status changed. Payload v1: see `StatusChange`.
    pub const SYSTEM_STATUS_CHANGED: &str =
        crate::event_kind::EventKind::SystemStatusChanged.as_str();
    /// The monitor's canaries all failed: it cannot see. Payload v1: `{"message": "…"}`.
    pub const MONITOR_BLIND: &str = crate::event_kind::EventKind::MonitorBlind.as_str();
    /// The canaries answer again. Payload v1: `{"message": "…"}`.
    pub const MONITOR_SIGHTED: &str = crate::event_kind::EventKind::MonitorSighted.as_str();
    /// A backup was restored as the log (`beredskap restore`). Payload v1: `{"from": path,
    /// "events": n, "head_hash": hash, "kept": path|null, "forced": bool}`.
    pub const LOG_RESTORED: &str = crate::event_kind::EventKind::LogRestored.as_str();
    /// A process started with a configuration other than the last one recorded
    /// (`ops::config_applied`). Payload v1: `model::payload::ConfigApplied`.
    pub const CONFIG_APPLIED: &str = crate::event_kind::EventKind::ConfigApplied.as_str();
    /// A monitor process took the lease. Payload v1: `{"holder": "…", "token": N}`.
    pub const MONITOR_LEASE_TAKEN: &str = crate::event_kind::EventKind::MonitorLeaseTaken.as_str();
    /// A maintenance window added at run time. Payload v1:
    /// `{"systems": [...], "from": "…", "to": "…", "reason": "…"}`.
    pub const MAINTENANCE_ADDED: &str = crate::event_kind::EventKind::MaintenanceAdded.as_str();
    /// A run-time window ended before its time (`beredskap maintenance end`). Payload v1:
    /// `model::payload::MaintenanceEnded`.
    pub const MAINTENANCE_ENDED: &str = crate::event_kind::EventKind::MaintenanceEnded.as_str();
    /// Silences made in Alertmanager for a window, or the attempt that failed. Payload v1:
    /// `model::payload::MaintenanceSilences`.
    pub const MAINTENANCE_SILENCED: &str =
        crate::event_kind::EventKind::MaintenanceSilenced.as_str();
    /// A window's silences expired in Alertmanager, or the attempt that failed. Payload v1:
    /// `model::payload::MaintenanceSilences`.
    pub const MAINTENANCE_UNSILENCED: &str =
        crate::event_kind::EventKind::MaintenanceUnsilenced.as_str();
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
    pub health: crate::health::Health,
    pub previous: crate::health::Health,
    /// From the system's own checks (differs from `health` when blind or in maintenance).
    pub own: crate::health::Health,
    /// The check that decided the status.
    pub check: String,
    /// The finding in English, as recorded (the evidence).
    pub message: String,
    /// The same finding typed, for each reader's language; none on events recorded before
    /// findings were typed (their message is read as it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<crate::finding::Finding>,
    pub latency_ms: Option<u64>,
    pub impacted_by: Vec<String>,
    pub suppressed: Option<String>,
    pub flapping: bool,
    pub maintenance: Option<String>,
}

impl StatusChange {
    /// The finding, typed when it was recorded typed, else its message as said.
    pub fn finding(&self) -> crate::finding::Finding {
        self.finding
            .clone()
            .unwrap_or_else(|| crate::finding::Finding::said(self.message.clone()))
    }
}

/// The actor of what the monitor writes itself (pages, deliveries): not a person.
pub const SYSTEM_ACTOR: &str = "beredskap";

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
    pub origin: crate::guard::Origin,
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
