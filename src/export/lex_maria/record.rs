//! The record's JSON as serde structs (issue 33): what `export lex-maria --format json`
//! writes, typed once (it was `json!` literals) (docs/export-schema.json describes it;
//! tests/lex_maria.rs validates every export against it and the golden files keep it).
//! Times are RFC 3339 as `to_rfc3339` writes them ("+00:00"), as the record always had.

use schemars::JsonSchema;
use serde::Serialize;

/// A person by account, with the name the region gives them.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Person<'a> {
    pub(super) account: &'a str,
    pub(super) name: Option<String>,
}

/// Who did something and when.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct ByAt<'a> {
    pub(super) by: &'a str,
    #[schemars(extend("format" = "date-time"))]
    pub(super) at: String,
}

/// Time to detect, acknowledge, mitigate and resolve, in minutes from the start, counted
/// between the times as the record shows them (to the minute: 05:45:50 to 05:47:10 is 2).
#[derive(Serialize, JsonSchema, Clone, Copy)]
#[schemars(deny_unknown_fields)]
pub(super) struct Durations {
    pub(super) to_detect_min: Option<i64>,
    pub(super) to_acknowledge_min: Option<i64>,
    pub(super) to_mitigate_min: Option<i64>,
    pub(super) to_resolve_min: Option<i64>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct CareProvider<'a> {
    pub(super) name: &'a str,
    #[schemars(pattern(r"^[0-9]{6}-[0-9]{4}$"))]
    pub(super) organisation_number: &'a str,
    pub(super) department: &'a str,
    pub(super) reporting_responsible: Person<'a>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct IncidentJson<'a> {
    #[schemars(pattern(r"^INC-[0-9]{4}-[0-9]{4,}$"))]
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) severity: &'a str,
    pub(super) status: crate::model::incident::Status,
    pub(super) description: &'a str,
    pub(super) patient_safety: &'a Option<String>,
    pub(super) care_units: &'a [String],
    pub(super) roles: &'a std::collections::BTreeMap<String, String>,
    pub(super) declared_by: &'a str,
    /// Milestone → when it was reached.
    #[schemars(extend("additionalProperties" = {"type": "string", "format": "date-time"}))]
    pub(super) milestones: std::collections::BTreeMap<String, String>,
    pub(super) durations: Durations,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct SystemJson<'a> {
    pub(super) id: &'a str,
    pub(super) name: Option<String>,
    pub(super) care_units: Vec<String>,
    pub(super) depends_on: Vec<String>,
    pub(super) dependants: Vec<String>,
    /// Down or degraded by its own checks, whole minutes (to the resolution, or the export).
    #[schemars(range(min = 0))]
    pub(super) downtime_min: i64,
    /// The same in seconds.
    #[schemars(range(min = 0))]
    pub(super) downtime_s: i64,
    /// Up by its own checks while a system it depends on was down (not reached through it),
    /// whole minutes: counted beside its own downtime, never as up.
    #[schemars(range(min = 0))]
    pub(super) impacted_min: i64,
    /// The same in seconds.
    #[schemars(range(min = 0))]
    pub(super) impacted_s: i64,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct TimelineJson<'a> {
    #[schemars(range(min = 1))]
    pub(super) id: i64,
    #[schemars(extend("format" = "date-time"))]
    pub(super) occurred_at: String,
    #[schemars(extend("format" = "date-time"))]
    pub(super) recorded_at: String,
    pub(super) actor: &'a str,
    /// The operating-system account that ran the process; differs from actor only with a
    /// test/demo actor override.
    pub(super) os_account: &'a str,
    pub(super) kind: &'a str,
    pub(super) subject: &'a str,
    /// In the record's language.
    pub(super) text: String,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct StepJson<'a> {
    #[schemars(range(min = 1))]
    pub(super) number: usize,
    pub(super) text: &'a str,
    #[schemars(extend("enum" = ["pending", "done", "skipped"]))]
    pub(super) state: &'static str,
    pub(super) by: Option<String>,
    pub(super) at: Option<String>,
    pub(super) value: Option<String>,
    pub(super) skip_reason: Option<String>,
    pub(super) notes: Vec<NoteJson<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct NoteJson<'a> {
    pub(super) by: &'a str,
    pub(super) text: &'a str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct RunJson<'a> {
    pub(super) id: &'a str,
    pub(super) runbook: &'a str,
    pub(super) title: &'a str,
    #[schemars(pattern(r"^[0-9a-f]{64}$"))]
    pub(super) runbook_sha256: &'a str,
    pub(super) status: crate::model::run::RunStatus,
    pub(super) started_by: &'a str,
    #[schemars(extend("format" = "date-time"))]
    pub(super) started_at: String,
    /// Joined to the incident when it was declared, after the run began (a run.linked event).
    pub(super) linked_afterwards: bool,
    pub(super) steps: Vec<StepJson<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct NotifiedJson<'a> {
    #[schemars(extend("format" = "date-time"))]
    pub(super) at: String,
    pub(super) step: usize,
    pub(super) round: u32,
    pub(super) recipients: &'a [String],
    pub(super) unresolved: &'a [String],
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct DeliveryJson<'a> {
    pub(super) channel: &'a str,
    pub(super) to: &'a str,
    pub(super) ok: bool,
    pub(super) detail: &'a str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct PageJson<'a> {
    pub(super) id: &'a str,
    pub(super) target: &'a str,
    pub(super) message: &'a str,
    pub(super) status: crate::model::page::PageStatus,
    pub(super) triggered_by: &'a str,
    #[schemars(extend("format" = "date-time"))]
    pub(super) triggered_at: String,
    /// The system the page was raised for.
    pub(super) system: &'a Option<String>,
    /// Joined to the incident when it was declared, after the page was raised (a page.linked
    /// event).
    pub(super) linked_afterwards: bool,
    pub(super) policy: &'a str,
    pub(super) notified: Vec<NotifiedJson<'a>>,
    pub(super) acknowledged: Option<ByAt<'a>>,
    pub(super) resolved: Option<ByAt<'a>>,
    pub(super) deliveries: Vec<DeliveryJson<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct CommunicationJson<'a> {
    #[schemars(extend("format" = "date-time"))]
    pub(super) at: String,
    pub(super) by: &'a str,
    pub(super) text: String,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct EarlierJson<'a> {
    pub(super) incident: &'a str,
    pub(super) title: &'a str,
    #[schemars(extend("format" = "date-time"))]
    pub(super) declared_at: String,
    #[schemars(extend("enum" = ["confirmed", "dismissed", "not_reviewed"]))]
    pub(super) physician: &'static str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct AssessmentJson<'a> {
    pub(super) by: Person<'a>,
    #[schemars(extend("format" = "date-time"))]
    pub(super) at: String,
    pub(super) event: i64,
    /// The configuration in force when the assessment was recorded (the last config.applied
    /// before it); null for a log from before configurations were recorded.
    pub(super) config_digest: Option<&'a str>,
    pub(super) content: &'a crate::model::assessment::Assessment,
    /// The events of the assessments it replaced.
    pub(super) earlier_versions: &'a [i64],
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct DecisionJson<'a> {
    pub(super) report_to_ivo: bool,
    #[schemars(length(min = 1))]
    pub(super) motivation: &'a str,
    /// True: not reported although the assessment in force found a risk of serious harm, a
    /// deliberate choice with its motivation.
    pub(super) against_assessment: bool,
    pub(super) decided_by: Person<'a>,
    #[schemars(extend("format" = "date-time"))]
    pub(super) decided_at: String,
    pub(super) event: i64,
    /// The configuration in force at the decision.
    pub(super) config_digest: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct DeadlineJson {
    pub(super) what: String,
    #[schemars(extend("format" = "date-time"))]
    pub(super) at: String,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct ClockJson<'a> {
    pub(super) clock: crate::model::assessment::ClockKind,
    /// In the record's language.
    pub(super) name: &'static str,
    pub(super) applies: bool,
    pub(super) decided_by: &'a str,
    #[schemars(extend("format" = "date-time"))]
    pub(super) decided_at: String,
    pub(super) aware_at: Option<String>,
    pub(super) reported_at: Option<String>,
    pub(super) reference: &'a str,
    pub(super) deadlines: Vec<DeadlineJson>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct EventHash<'a> {
    #[schemars(range(min = 1))]
    pub(super) id: i64,
    #[schemars(pattern(r"^[0-9a-f]{64}$"))]
    pub(super) hash: &'a str,
}

#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct IntegrityJson<'a> {
    pub(super) events: Vec<EventHash<'a>>,
    #[schemars(pattern(r"^[0-9a-f]{64}$"))]
    pub(super) digest_sha256: String,
    pub(super) log_head: Option<EventHash<'a>>,
}

/// The whole record.
#[derive(Serialize, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "beredskap Lex Maria evidence export, version 1",
    description = "Everything beredskap holds about one incident, for the chief physician's Lex Maria assessment. Produced by `beredskap export lex-maria INCIDENT --format json`. Times are RFC 3339 (UTC). See docs/lex-maria.md.",
    extend("$id" = "https://beredskap.example/schema/lex-maria-1.json")
)]
pub(super) struct Record<'a> {
    #[schemars(extend("const" = "beredskap/lex-maria/1"))]
    pub(super) schema: &'static str,
    /// The language of the texts written for people (the timeline's and the communications'
    /// `text`, the clocks' names and deadlines): Swedish by default, English with `--lang en`.
    /// Every other field is data.
    #[schemars(extend("enum" = ["sv", "en"]))]
    pub(super) language: &'static str,
    /// The completeness check: what IVO most often finds missing, as far as the record shows
    /// (empty: nothing found missing). It does not block the export.
    pub(super) incomplete: Vec<crate::model::assessment::Missing>,
    #[schemars(extend("format" = "date-time"))]
    pub(super) exported_at: String,
    pub(super) exported_by: &'a str,
    pub(super) care_provider: CareProvider<'a>,
    pub(super) incident: IncidentJson<'a>,
    pub(super) systems: Vec<SystemJson<'a>>,
    pub(super) timeline: Vec<TimelineJson<'a>>,
    pub(super) runs: Vec<RunJson<'a>>,
    pub(super) pages: Vec<PageJson<'a>>,
    pub(super) communications: Vec<CommunicationJson<'a>>,
    /// Past incidents on the same systems in the 24 months before, and whether the physician
    /// confirmed them as similar.
    pub(super) earlier_suggested: Vec<EarlierJson<'a>>,
    pub(super) post_incident_review: &'a Option<crate::model::incident::Review>,
    pub(super) assessment: Option<AssessmentJson<'a>>,
    pub(super) decision: Option<DecisionJson<'a>>,
    pub(super) other_clocks: Vec<ClockJson<'a>>,
    /// The record's events and their hashes, and the verification of their chain.
    #[schemars(with = "IntegritySchema<'a>")]
    pub(super) integrity: IntegrityJson<'a>,
}

/// The chain's verification, put into the integrity section when it is done (`render`
/// writes the rest of the record while it runs).
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Verified<'a> {
    pub(super) events_verified: u64,
    /// The stretches of the chain walked to verify the record's events: each run of consecutive
    /// events of the record with the event after it.
    pub(super) verified_stretches: Vec<Stretch>,
    #[schemars(extend("enum" = ["intact", "broken"]))]
    pub(super) chain: &'static str,
    pub(super) chain_break: Option<&'a str>,
}

/// A stretch of the chain verified, by event id.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct Stretch {
    #[schemars(range(min = 1))]
    pub(super) from: i64,
    #[schemars(range(min = 1))]
    pub(super) to: i64,
}

/// The integrity section as written: the record's events and hashes (`IntegrityJson`) with
/// the chain's verification put into it (`Verified`). Only its schema is used.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)] // describes what render writes; never built
struct IntegritySchema<'a> {
    #[serde(flatten)]
    events: IntegrityJson<'a>,
    #[serde(flatten)]
    verification: Verified<'a>,
}

/// The JSON Schema of the record, generated from these types (docs/export-schema.json is
/// this, kept equal by tests/export_schema.rs): every field the record always writes is
/// required, as it is serialised.
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.contract = schemars::generate::Contract::Serialize)
        .into_generator();
    generator
        .into_root_schema_for::<Record<'static>>()
        .to_value()
}
