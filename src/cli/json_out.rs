//! What the command line prints with `--json`, as serde structs (issue 33): every output a
//! script reads has a type, written once; `cli::json_of` turns it into JSON (its keys in
//! one sorted order, as the outputs have always had them) or a failure said as such.
//! `status` and `oncall` have theirs beside them (status_cmd.rs, oncall_json.rs).

use crate::model::event::Event;
use crate::model::health::Health;
use serde::Serialize;

/// One event of the log (`log show --json`, the `log export` archive, an incident's
/// timeline): every stored field, times to the microsecond.
#[derive(Serialize)]
pub(super) struct EventJson<'a> {
    id: i64,
    recorded_at: String,
    occurred_at: String,
    actor: &'a str,
    os_account: &'a str,
    kind: &'a str,
    subject: &'a str,
    corrects: Option<i64>,
    payload_version: u32,
    payload: &'a serde_json::Value,
    prev_hash: &'a str,
    hash: &'a str,
}

/// An event as JSON.
pub fn event(e: &Event) -> Result<serde_json::Value, serde_json::Error> {
    let micros =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    serde_json::to_value(EventJson {
        id: e.id,
        recorded_at: micros(e.recorded_at),
        occurred_at: micros(e.occurred_at),
        actor: &e.actor,
        os_account: &e.os_account,
        kind: &e.kind,
        subject: &e.subject,
        corrects: e.corrects,
        payload_version: e.payload_version,
        payload: &e.payload,
        prev_hash: &e.prev_hash,
        hash: &e.hash,
    })
}

/// A change written: the incident (or run) and the events that hold it.
#[derive(Serialize)]
pub(super) struct Written<'a> {
    pub(super) id: &'a str,
    pub(super) events: Vec<i64>,
    pub(super) message: &'a str,
}

/// Something created: its id.
#[derive(Serialize)]
pub(super) struct Created<'a> {
    pub(super) id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) steps: Option<usize>,
}

/// `incident show --json`: the incident, its timeline, its systems' health now.
#[derive(Serialize)]
pub(super) struct IncidentShown<'a> {
    pub(super) incident: &'a crate::model::incident::Incident,
    pub(super) timeline: Vec<serde_json::Value>,
    pub(super) systems: Vec<SystemHealth<'a>>,
}

/// A system and the health the log shows for it.
#[derive(Serialize)]
pub(super) struct SystemHealth<'a> {
    pub(super) system: &'a str,
    pub(super) health: Option<Health>,
}

/// `backup --verify --json` and a backup's own check.
#[derive(Serialize)]
pub(super) struct BackupChecked {
    pub(super) file: String,
    pub(super) schema_version: u32,
    pub(super) events: i64,
    pub(super) bytes: u64,
    pub(super) intact: bool,
    pub(super) head_id: Option<i64>,
    pub(super) head_hash: Option<String>,
    pub(super) first_break: Option<String>,
    pub(super) millis: Option<u64>,
}

/// `check --json`: one check's outcome.
#[derive(Serialize)]
pub(super) struct Checked<'a> {
    pub(super) system: &'a str,
    pub(super) check: &'a str,
    pub(super) verdict: &'a crate::model::health::Verdict,
    pub(super) latency_ms: u64,
    /// The finding in English, as the monitor records it.
    pub(super) message: String,
    /// The same typed: `model::finding::Finding`, its kind in `finding`.
    pub(super) finding: &'a crate::model::finding::Finding,
}

/// `runbook list --json`: one runbook.
#[derive(Serialize)]
pub(super) struct RunbookListed<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) steps: usize,
    pub(super) systems: &'a [String],
    pub(super) file: String,
    pub(super) sha256: &'a str,
}

/// `log config --json`: the configuration in force, with the event that recorded it.
#[derive(Serialize)]
pub(super) struct ConfigInForce<'a, C: Serialize> {
    #[serde(flatten)]
    pub(super) applied: &'a C,
    pub(super) event: i64,
    pub(super) occurred_at: chrono::DateTime<chrono::Utc>,
}

/// `log verify --json`: the walk's report and what it means.
#[derive(Serialize)]
pub(super) struct Verified<'a, R: Serialize> {
    #[serde(flatten)]
    pub(super) report: &'a R,
    pub(super) intact: bool,
    pub(super) payloads_readable: bool,
    pub(super) database: String,
    /// With a log of record: the walk of this host's file, its copy (the report above is
    /// the log of record's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) host_copy: Option<&'a R>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) checkpoints_ignored: Option<CheckpointsIgnored<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) checkpoints: Option<Vec<CheckpointChecked<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) checkpoints_hold: Option<bool>,
}

/// Checkpoint lines not checked: another log's, or not signed by this log's writer.
#[derive(Serialize)]
pub(super) struct CheckpointsIgnored<'a> {
    pub(super) other_logs: &'a std::collections::BTreeMap<String, usize>,
    pub(super) not_signed_by_this_log: usize,
}

/// One published checkpoint against the log.
#[derive(Serialize)]
pub(super) struct CheckpointChecked<'a> {
    pub(super) event: i64,
    pub(super) hash: &'a str,
    pub(super) at: &'a chrono::DateTime<chrono::Utc>,
    pub(super) verdict: &'static str,
}
