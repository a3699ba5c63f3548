//! The record's JSON as serde structs (issue 33): what `export lex-maria --format json`
//! writes, typed once (it was `json!` literals) (docs/export-schema.json describes it;
//! tests/lex_maria.rs validates every export against it and the golden files keep it).
//! Times are RFC 3339 as `to_rfc3339` writes them ("+00:00"), as the record always had.

use serde::Serialize;

/// A person by account, with the name the region gives them.
#[derive(Serialize)]
pub(super) struct Person<'a> {
    pub(super) account: &'a str,
    pub(super) name: Option<String>,
}

/// Who did something and when.
#[derive(Serialize)]
pub(super) struct ByAt<'a> {
    pub(super) by: &'a str,
    pub(super) at: String,
}

/// Time to detect, acknowledge, mitigate and resolve, in minutes from the start.
#[derive(Serialize, Clone, Copy)]
pub(super) struct Durations {
    pub(super) to_detect_min: Option<i64>,
    pub(super) to_acknowledge_min: Option<i64>,
    pub(super) to_mitigate_min: Option<i64>,
    pub(super) to_resolve_min: Option<i64>,
}

#[derive(Serialize)]
pub(super) struct CareProvider<'a> {
    pub(super) name: &'a str,
    pub(super) organisation_number: &'a str,
    pub(super) department: &'a str,
    pub(super) reporting_responsible: Person<'a>,
}

#[derive(Serialize)]
pub(super) struct IncidentJson<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) severity: &'a str,
    pub(super) status: crate::model::incident::Status,
    pub(super) description: &'a str,
    pub(super) patient_safety: &'a Option<String>,
    pub(super) care_units: &'a [String],
    pub(super) roles: &'a std::collections::BTreeMap<String, String>,
    pub(super) declared_by: &'a str,
    pub(super) milestones: std::collections::BTreeMap<String, String>,
    pub(super) durations: Durations,
}

#[derive(Serialize)]
pub(super) struct SystemJson<'a> {
    pub(super) id: &'a str,
    pub(super) name: Option<String>,
    pub(super) care_units: Vec<String>,
    pub(super) depends_on: Vec<String>,
    pub(super) dependants: Vec<String>,
    pub(super) downtime_min: i64,
    pub(super) downtime_s: i64,
    pub(super) impacted_min: i64,
    pub(super) impacted_s: i64,
}

#[derive(Serialize)]
pub(super) struct TimelineJson<'a> {
    pub(super) id: i64,
    pub(super) occurred_at: String,
    pub(super) recorded_at: String,
    pub(super) actor: &'a str,
    pub(super) os_account: &'a str,
    pub(super) kind: &'a str,
    pub(super) subject: &'a str,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct StepJson<'a> {
    pub(super) number: usize,
    pub(super) text: &'a str,
    pub(super) state: &'static str,
    pub(super) by: Option<String>,
    pub(super) at: Option<String>,
    pub(super) value: Option<String>,
    pub(super) skip_reason: Option<String>,
    pub(super) notes: Vec<NoteJson<'a>>,
}

#[derive(Serialize)]
pub(super) struct NoteJson<'a> {
    pub(super) by: &'a str,
    pub(super) text: &'a str,
}

#[derive(Serialize)]
pub(super) struct RunJson<'a> {
    pub(super) id: &'a str,
    pub(super) runbook: &'a str,
    pub(super) title: &'a str,
    pub(super) runbook_sha256: &'a str,
    pub(super) status: crate::model::run::RunStatus,
    pub(super) started_by: &'a str,
    pub(super) started_at: String,
    pub(super) linked_afterwards: bool,
    pub(super) steps: Vec<StepJson<'a>>,
}

#[derive(Serialize)]
pub(super) struct NotifiedJson<'a> {
    pub(super) at: String,
    pub(super) step: usize,
    pub(super) round: u32,
    pub(super) recipients: &'a [String],
    pub(super) unresolved: &'a [String],
}

#[derive(Serialize)]
pub(super) struct DeliveryJson<'a> {
    pub(super) channel: &'a str,
    pub(super) to: &'a str,
    pub(super) ok: bool,
    pub(super) detail: &'a str,
}

#[derive(Serialize)]
pub(super) struct PageJson<'a> {
    pub(super) id: &'a str,
    pub(super) target: &'a str,
    pub(super) message: &'a str,
    pub(super) status: crate::model::page::PageStatus,
    pub(super) triggered_by: &'a str,
    pub(super) triggered_at: String,
    pub(super) system: &'a Option<String>,
    pub(super) linked_afterwards: bool,
    pub(super) policy: &'a str,
    pub(super) notified: Vec<NotifiedJson<'a>>,
    pub(super) acknowledged: Option<ByAt<'a>>,
    pub(super) resolved: Option<ByAt<'a>>,
    pub(super) deliveries: Vec<DeliveryJson<'a>>,
}

#[derive(Serialize)]
pub(super) struct CommunicationJson<'a> {
    pub(super) at: String,
    pub(super) by: &'a str,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct EarlierJson<'a> {
    pub(super) incident: &'a str,
    pub(super) title: &'a str,
    pub(super) declared_at: String,
    pub(super) physician: &'static str,
}

#[derive(Serialize)]
pub(super) struct AssessmentJson<'a> {
    pub(super) by: Person<'a>,
    pub(super) at: String,
    pub(super) event: i64,
    pub(super) config_digest: Option<&'a str>,
    pub(super) content: &'a crate::model::assessment::Assessment,
    pub(super) earlier_versions: &'a [i64],
}

#[derive(Serialize)]
pub(super) struct DecisionJson<'a> {
    pub(super) report_to_ivo: bool,
    pub(super) motivation: &'a str,
    pub(super) against_assessment: bool,
    pub(super) decided_by: Person<'a>,
    pub(super) decided_at: String,
    pub(super) event: i64,
    pub(super) config_digest: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct DeadlineJson {
    pub(super) what: String,
    pub(super) at: String,
}

#[derive(Serialize)]
pub(super) struct ClockJson<'a> {
    pub(super) clock: crate::model::assessment::ClockKind,
    pub(super) name: &'static str,
    pub(super) applies: bool,
    pub(super) decided_by: &'a str,
    pub(super) decided_at: String,
    pub(super) aware_at: Option<String>,
    pub(super) reported_at: Option<String>,
    pub(super) reference: &'a str,
    pub(super) deadlines: Vec<DeadlineJson>,
}

#[derive(Serialize)]
pub(super) struct EventHash<'a> {
    pub(super) id: i64,
    pub(super) hash: &'a str,
}

#[derive(Serialize)]
pub(super) struct IntegrityJson<'a> {
    pub(super) events: Vec<EventHash<'a>>,
    pub(super) digest_sha256: String,
    pub(super) log_head: Option<EventHash<'a>>,
}

/// The whole record.
#[derive(Serialize)]
pub(super) struct Record<'a> {
    pub(super) schema: &'static str,
    pub(super) language: &'static str,
    pub(super) incomplete: Vec<crate::model::assessment::Missing>,
    pub(super) exported_at: String,
    pub(super) exported_by: &'a str,
    pub(super) care_provider: CareProvider<'a>,
    pub(super) incident: IncidentJson<'a>,
    pub(super) systems: Vec<SystemJson<'a>>,
    pub(super) timeline: Vec<TimelineJson<'a>>,
    pub(super) runs: Vec<RunJson<'a>>,
    pub(super) pages: Vec<PageJson<'a>>,
    pub(super) communications: Vec<CommunicationJson<'a>>,
    pub(super) earlier_suggested: Vec<EarlierJson<'a>>,
    pub(super) post_incident_review: &'a Option<crate::model::incident::Review>,
    pub(super) assessment: Option<AssessmentJson<'a>>,
    pub(super) decision: Option<DecisionJson<'a>>,
    pub(super) other_clocks: Vec<ClockJson<'a>>,
    pub(super) integrity: IntegrityJson<'a>,
}

/// The chain's verification, put into the integrity section when it is done (`render`
/// writes the rest of the record while it runs).
#[derive(Serialize)]
pub(super) struct Verified<'a> {
    pub(super) events_verified: u64,
    pub(super) verified_stretches: Vec<Stretch>,
    pub(super) chain: &'static str,
    pub(super) chain_break: Option<&'a str>,
}

/// A stretch of the chain verified, by event id.
#[derive(Serialize)]
pub(super) struct Stretch {
    pub(super) from: i64,
    pub(super) to: i64,
}
