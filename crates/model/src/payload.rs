//! Typed payloads: every event kind has one payload type (serde, versioned by
//! `payload_version`), built with `Payload::to_new_event`-style constructors in the
//! operations and read back with one reader, `read`. A kind this build does not know, or a
//! payload that does not parse as its kind and version, is an error naming the event —
//! never a silent skip. The store checks every payload on the way in; `log verify` checks
//! every payload already in the log.

use super::event::StatusChange;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `diary.note` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiaryNote {
    pub text: String,
}

/// `monitor.blind` and `monitor.sighted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitorSight {
    pub message: String,
    /// The canaries and their state, in words.
    #[serde(default)]
    pub canaries: Vec<String>,
}

/// `monitor.lease_taken` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseTaken {
    pub holder: String,
    pub token: i64,
    #[serde(default)]
    pub previous: Option<String>,
    #[serde(default)]
    pub message: String,
}

/// `maintenance.added` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceAdded {
    pub systems: Vec<String>,
    pub from: String,
    pub to: String,
    pub reason: String,
    #[serde(default)]
    pub message: String,
}

/// `maintenance.ended` v1: the run-time window `window` (its `maintenance.added` event)
/// ended early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceEnded {
    pub window: i64,
    pub reason: String,
    #[serde(default)]
    pub message: String,
}

/// `maintenance.silenced` / `maintenance.unsilenced` v1: the silences of window `window` in
/// the Alertmanager of `source`, made or expired; `error` when it could not be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceSilences {
    pub window: i64,
    pub source: String,
    pub silences: Vec<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub message: String,
}

/// `log.restored` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRestored {
    pub from: String,
    pub events: i64,
    #[serde(default)]
    pub head_hash: Option<String>,
    #[serde(default)]
    pub kept: Option<String>,
    #[serde(default)]
    pub forced: bool,
}

/// `config.applied` v1: the configuration in force from this event on — its files with
/// their text (so the log alone answers who had which role and who was on call), who has
/// which role, the teams' members, and what changed since the last one, in data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigApplied {
    /// SHA-256 over the files' names (relative to the main file) and digests.
    pub digest: String,
    pub files: Vec<ConfigFile>,
    pub people: Vec<PersonRoles>,
    pub teams: Vec<TeamMembers>,
    #[serde(default)]
    pub changes: Vec<ConfigChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigFile {
    /// Relative to the main configuration file's directory.
    pub name: String,
    pub sha256: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRoles {
    pub account: String,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMembers {
    pub id: String,
    pub members: Vec<String>,
    /// SHA-256 of the team's rota and escalation as this build reads them.
    pub rota_sha256: String,
}

/// One difference from the configuration recorded before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ConfigChange {
    PersonAdded {
        account: String,
        roles: Vec<String>,
    },
    PersonRemoved {
        account: String,
    },
    RolesChanged {
        account: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    TeamAdded {
        team: String,
    },
    TeamRemoved {
        team: String,
    },
    MembersChanged {
        team: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    RotaChanged {
        team: String,
    },
}

/// `page.acknowledged` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub message: String,
}

/// `alert.received` v1: an alert from the region's monitoring began firing or resolved
/// (re-sends of the same state are not events). Subject `alert:SOURCE:FINGERPRINT`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertReceived {
    pub source: String,
    pub fingerprint: String,
    pub firing: bool,
    pub labels: std::collections::BTreeMap<String, String>,
    pub summary: String,
    /// The systems whose alert checks it matches; empty: an unmapped alert ("omappat larm").
    pub systems: Vec<String>,
    /// The client's address, for an alert that came through the receiver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// `page.resolved`, `oncall.override_cancelled` v1: a reason and its summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reasoned {
    #[serde(default)]
    pub text: String,
    pub message: String,
}

/// `page.delivery` v1: one attempt to deliver a page's notification on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub channel: String,
    pub to: String,
    #[serde(default)]
    pub attempt: u32,
    pub ok: bool,
    #[serde(default)]
    pub detail: String,
    /// The `page.notified` event delivered.
    #[serde(default)]
    pub notified: Option<i64>,
    #[serde(default)]
    pub message: String,
}

/// `oncall.handoff_note` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffNoted {
    pub team: String,
    pub layer: String,
    pub text: String,
    #[serde(default)]
    pub message: String,
}

/// `run.completed` v1 (nothing to say) and `run.aborted` v1 (why).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunEnded {
    #[serde(default)]
    pub text: String,
}

/// `export.lex_maria` v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub format: String,
    pub digest: String,
    #[serde(default)]
    pub events: u64,
    #[serde(default)]
    pub chain: String,
    #[serde(default)]
    pub message: String,
    /// SHA-256 of the file written, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_sha256: Option<String>,
}

/// An alert from the region's monitoring changed state (`AlertReceived`).
pub const ALERT_RECEIVED: &str = crate::event_kind::EventKind::AlertReceived.as_str();

/// Reading a payload while folding, and what goes wrong (the folds' own module).
pub use crate::fold::{FoldError, PayloadError, known, read};
/// Joined to an incident afterwards (the incident log's).
pub use crate::incident_log::Linked;

/// Every kind of event this build writes and reads (`EventKind::NAMES`).
pub const ALL_KINDS: &[&str] = crate::event_kind::EventKind::NAMES;

/// What a payload is read from: a parsed value, or the stored JSON text itself (read
/// straight into the typed struct, without building a map of every field first: `log
/// verify` checks a million payloads).
pub trait PayloadSource {
    fn read_as<T: DeserializeOwned>(&self) -> Result<(), String>;
}

impl PayloadSource for Value {
    fn read_as<T: DeserializeOwned>(&self) -> Result<(), String> {
        T::deserialize(self).map(|_| ()).map_err(|e| e.to_string())
    }
}

impl PayloadSource for [u8] {
    fn read_as<T: DeserializeOwned>(&self) -> Result<(), String> {
        serde_json::from_slice::<T>(self)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

fn parse<T: DeserializeOwned, S: PayloadSource + ?Sized>(
    kind: &str,
    source: &S,
) -> Result<(), PayloadError> {
    source
        .read_as::<T>()
        .map_err(|detail| PayloadError::Unreadable {
            kind: kind.to_string(),
            detail,
        })
}

/// Checks that `value` is a payload of `kind` at `version`: the one reader every stored
/// payload must satisfy.
pub fn check(kind: &str, version: u32, value: &Value) -> Result<(), PayloadError> {
    check_in(kind, version, value)
}

/// As `check`, reading the stored JSON text.
pub fn check_bytes(kind: &str, version: u32, json: &[u8]) -> Result<(), PayloadError> {
    check_in(kind, version, json)
}

fn check_in<S: PayloadSource + ?Sized>(
    kind: &str,
    version: u32,
    value: &S,
) -> Result<(), PayloadError> {
    use super::{
        assessment as a, incident, incident_log as i, oncall_log as o, page as p, run as r,
    };
    use crate::event_kind::EventKind as K;
    let Some(known) = K::parse(kind) else {
        return Err(PayloadError::UnknownKind {
            kind: kind.to_string(),
        });
    };
    if version != 1 {
        return Err(PayloadError::UnknownVersion {
            kind: kind.to_string(),
            version,
        });
    }
    // Every kind, no wildcard: a new kind does not compile until its payload is named here.
    match known {
        K::DiaryNote => parse::<DiaryNote, _>(kind, value),
        K::SystemStatusChanged => parse::<StatusChange, _>(kind, value),
        K::MonitorBlind | K::MonitorSighted => parse::<MonitorSight, _>(kind, value),
        K::LogRestored => parse::<LogRestored, _>(kind, value),
        K::ConfigApplied => parse::<ConfigApplied, _>(kind, value),
        K::MonitorLeaseTaken => parse::<LeaseTaken, _>(kind, value),
        K::MaintenanceAdded => parse::<MaintenanceAdded, _>(kind, value),
        K::MaintenanceEnded => parse::<MaintenanceEnded, _>(kind, value),
        K::MaintenanceSilenced | K::MaintenanceUnsilenced => {
            parse::<MaintenanceSilences, _>(kind, value)
        }
        K::AlertReceived => parse::<AlertReceived, _>(kind, value),
        K::IncidentDeclared => parse::<i::Declared, _>(kind, value),
        K::IncidentNote => parse::<i::Note, _>(kind, value),
        K::IncidentStatusChanged => parse::<i::StatusChanged, _>(kind, value),
        K::IncidentMilestoneSet => parse::<i::MilestoneSet, _>(kind, value),
        K::IncidentRoleAssigned => parse::<i::RoleAssigned, _>(kind, value),
        K::IncidentPatientSafetyFlagged => parse::<i::Flagged, _>(kind, value),
        K::IncidentReviewUpdated => parse::<incident::Review, _>(kind, value),
        K::OncallOverride => parse::<o::OverridePayload, _>(kind, value),
        K::OncallOverrideCancelled => parse::<Reasoned, _>(kind, value),
        K::OncallHandoffNote => parse::<HandoffNoted, _>(kind, value),
        K::OncallCalendarImported => parse::<o::CalendarImported, _>(kind, value),
        K::PageTriggered => parse::<p::Triggered, _>(kind, value),
        K::PageNotified => parse::<p::Notified, _>(kind, value),
        K::PageAcknowledged => parse::<Message, _>(kind, value),
        K::PageResolved => parse::<Reasoned, _>(kind, value),
        K::PageDelivery => parse::<Delivery, _>(kind, value),
        K::PageLinked | K::RunLinked => parse::<Linked, _>(kind, value),
        K::RunStarted => parse::<r::Started, _>(kind, value),
        K::RunStepDone | K::RunStepSkipped | K::RunStepNoted | K::RunStepUndone => {
            parse::<r::StepPayload, _>(kind, value)
        }
        K::RunCompleted | K::RunAborted => parse::<RunEnded, _>(kind, value),
        K::ReviewAssessment => parse::<a::Assessment, _>(kind, value),
        K::ReviewDecision => parse::<a::Decision, _>(kind, value),
        K::ReviewClock => parse::<a::Clock, _>(kind, value),
        K::ExportLexMaria => parse::<Exported, _>(kind, value),
        K::GuardMasked => parse::<super::guard::Masked, _>(kind, value),
        K::LogRedacted => parse::<super::redaction::Redaction, _>(kind, value),
    }
}

/// A payload serialised for storage. A typed payload that cannot be serialised (a bug in
/// its type) is an error naming the type, never a silent `null`.
pub fn to_value<T: Serialize + ?Sized>(payload: &T) -> Result<Value, PayloadError> {
    serde_json::to_value(payload).map_err(|e| PayloadError::Unwritable {
        kind: std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("payload")
            .to_string(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_payloads_pass_and_others_are_named() {
        assert!(check("diary.note", 1, &json!({"text": "x"})).is_ok());
        assert!(matches!(
            check("diary.note", 1, &json!({"txt": "x"})),
            Err(PayloadError::Unreadable { .. })
        ));
        assert!(matches!(
            check("diary.note", 2, &json!({"text": "x"})),
            Err(PayloadError::UnknownVersion { .. })
        ));
        assert!(matches!(
            check("diary.nope", 1, &json!({})),
            Err(PayloadError::UnknownKind { .. })
        ));
    }
}
