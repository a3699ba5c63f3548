//! Typed payloads: every event kind has one payload type (serde, versioned by
//! `payload_version`), built with `Payload::to_new_event`-style constructors in the
//! operations and read back with one reader, `read`. A kind this build does not know, or a
//! payload that does not parse as its kind and version, is an error naming the event —
//! never a silent skip. The store checks every payload on the way in; `log verify` checks
//! every payload already in the log.

use super::event::{Event, StatusChange, kind as event_kind};
use chrono::{DateTime, Utc};
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

/// `page.linked`, `run.linked` v1: a page or run joined to an incident declared after it
/// began (the first sign of trouble on the incident's systems came before the declaration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linked {
    pub incident: String,
    /// The start of the window searched: the first sign of trouble on the incident's systems.
    pub since: DateTime<Utc>,
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
pub const ALERT_RECEIVED: &str = "alert.received";

/// Every kind of event this build writes and reads, with the payload versions it reads.
pub const ALL_KINDS: &[&str] = &[
    event_kind::DIARY_NOTE,
    event_kind::SYSTEM_STATUS_CHANGED,
    event_kind::MONITOR_BLIND,
    event_kind::MONITOR_SIGHTED,
    event_kind::LOG_RESTORED,
    event_kind::CONFIG_APPLIED,
    event_kind::MONITOR_LEASE_TAKEN,
    event_kind::MAINTENANCE_ADDED,
    event_kind::MAINTENANCE_ENDED,
    event_kind::MAINTENANCE_SILENCED,
    event_kind::MAINTENANCE_UNSILENCED,
    ALERT_RECEIVED,
    super::incident_log::kind::DECLARED,
    super::incident_log::kind::NOTE,
    super::incident_log::kind::STATUS,
    super::incident_log::kind::MILESTONE,
    super::incident_log::kind::ROLE,
    super::incident_log::kind::FLAGGED,
    super::incident_log::kind::REVIEW,
    super::oncall_log::kind::OVERRIDE,
    super::oncall_log::kind::OVERRIDE_CANCELLED,
    super::oncall_log::kind::HANDOFF_NOTE,
    super::oncall_log::kind::CALENDAR_IMPORTED,
    super::page::kind::TRIGGERED,
    super::page::kind::NOTIFIED,
    super::page::kind::ACKNOWLEDGED,
    super::page::kind::RESOLVED,
    super::page::kind::DELIVERY,
    super::page::kind::LINKED,
    super::run::kind::STARTED,
    super::run::kind::DONE,
    super::run::kind::SKIPPED,
    super::run::kind::NOTED,
    super::run::kind::UNDONE,
    super::run::kind::COMPLETED,
    super::run::kind::ABORTED,
    super::run::kind::LINKED,
    super::assessment::kind::ASSESSMENT,
    super::assessment::kind::DECISION,
    super::assessment::kind::CLOCK,
    super::assessment::kind::EXPORTED,
    super::guard::MASKED_KIND,
    super::redaction::KIND,
];

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
    if !ALL_KINDS.contains(&kind) {
        return Err(PayloadError::UnknownKind {
            kind: kind.to_string(),
        });
    }
    if version != 1 {
        return Err(PayloadError::UnknownVersion {
            kind: kind.to_string(),
            version,
        });
    }
    match kind {
        event_kind::DIARY_NOTE => parse::<DiaryNote, _>(kind, value),
        event_kind::SYSTEM_STATUS_CHANGED => parse::<StatusChange, _>(kind, value),
        event_kind::MONITOR_BLIND | event_kind::MONITOR_SIGHTED => {
            parse::<MonitorSight, _>(kind, value)
        }
        event_kind::LOG_RESTORED => parse::<LogRestored, _>(kind, value),
        event_kind::CONFIG_APPLIED => parse::<ConfigApplied, _>(kind, value),
        event_kind::MONITOR_LEASE_TAKEN => parse::<LeaseTaken, _>(kind, value),
        event_kind::MAINTENANCE_ADDED => parse::<MaintenanceAdded, _>(kind, value),
        event_kind::MAINTENANCE_ENDED => parse::<MaintenanceEnded, _>(kind, value),
        event_kind::MAINTENANCE_SILENCED | event_kind::MAINTENANCE_UNSILENCED => {
            parse::<MaintenanceSilences, _>(kind, value)
        }
        ALERT_RECEIVED => parse::<AlertReceived, _>(kind, value),
        i::kind::DECLARED => parse::<i::Declared, _>(kind, value),
        i::kind::NOTE => parse::<i::Note, _>(kind, value),
        i::kind::STATUS => parse::<i::StatusChanged, _>(kind, value),
        i::kind::MILESTONE => parse::<i::MilestoneSet, _>(kind, value),
        i::kind::ROLE => parse::<i::RoleAssigned, _>(kind, value),
        i::kind::FLAGGED => parse::<i::Flagged, _>(kind, value),
        i::kind::REVIEW => parse::<incident::Review, _>(kind, value),
        o::kind::OVERRIDE => parse::<o::OverridePayload, _>(kind, value),
        o::kind::OVERRIDE_CANCELLED => parse::<Reasoned, _>(kind, value),
        o::kind::HANDOFF_NOTE => parse::<HandoffNoted, _>(kind, value),
        o::kind::CALENDAR_IMPORTED => parse::<o::CalendarImported, _>(kind, value),
        p::kind::TRIGGERED => parse::<p::Triggered, _>(kind, value),
        p::kind::NOTIFIED => parse::<p::Notified, _>(kind, value),
        p::kind::ACKNOWLEDGED => parse::<Message, _>(kind, value),
        p::kind::RESOLVED => parse::<Reasoned, _>(kind, value),
        p::kind::DELIVERY => parse::<Delivery, _>(kind, value),
        p::kind::LINKED | r::kind::LINKED => parse::<Linked, _>(kind, value),
        r::kind::STARTED => parse::<r::Started, _>(kind, value),
        r::kind::DONE | r::kind::SKIPPED | r::kind::NOTED | r::kind::UNDONE => {
            parse::<r::StepPayload, _>(kind, value)
        }
        r::kind::COMPLETED | r::kind::ABORTED => parse::<RunEnded, _>(kind, value),
        a::kind::ASSESSMENT => parse::<a::Assessment, _>(kind, value),
        a::kind::DECISION => parse::<a::Decision, _>(kind, value),
        a::kind::CLOCK => parse::<a::Clock, _>(kind, value),
        a::kind::EXPORTED => parse::<Exported, _>(kind, value),
        super::guard::MASKED_KIND => parse::<super::guard::Masked, _>(kind, value),
        super::redaction::KIND => parse::<super::redaction::Redaction, _>(kind, value),
        _ => Err(PayloadError::UnknownKind {
            kind: kind.to_string(),
        }),
    }
}

/// A payload serialised for storage (typed structs never fail to serialise).
pub fn to_value<T: Serialize>(payload: &T) -> Value {
    serde_json::to_value(payload).unwrap_or(Value::Null)
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
    if ALL_KINDS.contains(&e.kind.as_str()) {
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
