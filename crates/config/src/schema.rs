//! The TOML schema as written by people: spanned where a later check must point at the
//! value. Unknown fields are errors. See docs/configuration.md for every key.

use crate::model::region::{Category, Criticality, Language, TeamKind};
use crate::model::role::Role;
use serde::Deserialize;
use toml::Spanned;

/// The keys a table accepts, so that every unknown key in an entry can be reported (serde
/// stops at the first). Kept in step with the structs by a test.
pub trait KnownKeys {
    const KEYS: &'static [&'static str];
}

macro_rules! known_keys {
    ($t:ty: $($k:literal),+ $(,)?) => {
        impl KnownKeys for $t {
            const KEYS: &'static [&'static str] = &[$($k),+];
        }
    };
}

known_keys!(RawSite: "name", "care_provider", "organisation_number", "department",
    "lex_maria_responsible", "time_zone", "language", "runbooks_dir", "allow_actor_override",
    "office_hours", "lex_maria_target_days", "export_dir");
known_keys!(RawStorage: "database", "engine", "postgres", "password_file", "ca_file",
    "client_certificate", "client_key");
known_keys!(RawPerson: "account", "name", "phone", "email", "roles");
known_keys!(RawTeam: "id", "name", "kind", "members", "phone", "coverage", "rotations",
    "escalation");
known_keys!(RawSystem: "id", "name", "description", "category", "criticality", "krt",
    "owner_team", "supplier_team", "depends_on", "care_units", "runbooks", "checks");
known_keys!(RawMonitor: "canaries", "max_in_flight", "max_per_target", "sample_retention",
    "lease_interval", "flapping_window", "flapping_transitions", "webhook_url", "webhook_timeout",
    "webhook_retries");
known_keys!(RawReceiver: "listen", "heartbeat_token_file", "tls_certificate", "tls_key",
    "sources");
known_keys!(RawSeverity: "id", "name", "definition");
known_keys!(RawIncidentRole: "id", "name", "instructions");
known_keys!(RawMaintenance: "systems", "reason", "from", "to", "weekdays", "start", "duration");

/// Top-level keys, in the order the docs list them.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "include",
    "site",
    "storage",
    "monitor",
    "receiver",
    "people",
    "teams",
    "systems",
    "maintenance",
    "keys",
    "severities",
    "incident_roles",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeverity {
    pub id: Spanned<String>,
    pub name: String,
    pub definition: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIncidentRole {
    pub id: Spanned<String>,
    pub name: String,
    pub instructions: String,
}

/// `[keys]`: an action's key, or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawKeys {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub name: String,
    pub care_provider: String,
    pub organisation_number: Spanned<String>,
    pub department: String,
    pub lex_maria_responsible: Spanned<String>,
    pub time_zone: Option<Spanned<String>>,
    pub language: Option<Language>,
    pub runbooks_dir: Option<Spanned<String>>,
    pub allow_actor_override: Option<Spanned<bool>>,
    pub office_hours: Option<Spanned<String>>,
    pub lex_maria_target_days: Option<Spanned<u32>>,
    pub export_dir: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    pub database: Option<String>,
    pub engine: Option<Spanned<String>>,
    pub postgres: Option<Spanned<String>>,
    pub password_file: Option<Spanned<String>>,
    pub ca_file: Option<Spanned<String>>,
    pub client_certificate: Option<Spanned<String>>,
    pub client_key: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub account: Spanned<String>,
    pub name: String,
    pub phone: Spanned<String>,
    pub email: Spanned<String>,
    pub roles: Spanned<Vec<Role>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: TeamKind,
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    /// Supplier teams: when their on-call answers ("24/7", "office-hours", …).
    pub coverage: Option<Spanned<String>>,
    /// Internal teams: the on-call rota, one entry per layer (primary first).
    #[serde(default)]
    pub rotations: Vec<RawRotation>,
    /// How a page to the team escalates.
    pub escalation: Option<RawEscalation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    pub repeats: Option<Spanned<u32>>,
    pub steps: Spanned<Vec<RawEscalationStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalationStep {
    pub targets: Spanned<Vec<Spanned<String>>>,
    pub wait: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRotation {
    pub layer: Spanned<String>,
    pub members: Spanned<Vec<Spanned<String>>>,
    pub shift: Spanned<String>,
    pub handoff: Spanned<String>,
    pub start: Option<Spanned<String>>,
    pub time_zone: Option<Spanned<String>>,
    pub only: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKrt {
    pub confidentiality: Spanned<u8>,
    pub integrity: Spanned<u8>,
    pub availability: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSystem {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: Category,
    pub criticality: Criticality,
    pub krt: RawKrt,
    pub owner_team: Spanned<String>,
    pub supplier_team: Option<Spanned<String>>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub care_units: Vec<String>,
    #[serde(default)]
    pub runbooks: Vec<Spanned<String>>,
    #[serde(default)]
    pub checks: Vec<Spanned<RawCheck>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawCheckKind {
    Http,
    Https,
    Tcp,
    Dns,
    Exec,
    Heartbeat,
    Alert,
}

/// One check, all kinds in one table; `config::checks` says which keys go with which kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    pub kind: Spanned<RawCheckKind>,
    pub name: Option<String>,
    pub interval: Option<Spanned<String>>,
    pub timeout: Option<Spanned<String>>,
    pub failure_threshold: Option<Spanned<u32>>,
    pub success_threshold: Option<Spanned<u32>>,
    // http / https
    pub url: Option<Spanned<String>>,
    pub method: Option<Spanned<String>>,
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    pub expect_status: Option<Vec<Spanned<u16>>>,
    pub body_contains: Option<String>,
    pub json_pointer: Option<Spanned<String>>,
    pub json_equals: Option<toml::Value>,
    pub degraded_above: Option<Spanned<String>>,
    pub verify_tls: Option<bool>,
    pub cert_warning_days: Option<u32>,
    pub max_redirects: Option<u32>,
    pub connect_timeout: Option<Spanned<String>>,
    // tcp
    pub host: Option<Spanned<String>>,
    pub port: Option<Spanned<u16>>,
    // dns
    pub resolve: Option<Spanned<String>>,
    pub expect_address: Option<Spanned<String>>,
    // exec
    pub command: Option<Spanned<String>>,
    pub args: Option<Vec<String>>,
    // heartbeat: a job pings (`beredskap heartbeat ID`); silent past period + grace is down
    pub heartbeat: Option<Spanned<String>>,
    /// The OS accounts that may ping the heartbeat.
    pub senders: Option<Vec<Spanned<String>>>,
    pub period: Option<Spanned<String>>,
    pub grace: Option<Spanned<String>>,
    // alert: the region's monitoring says it (Alertmanager, the Nagios family)
    pub source: Option<Spanned<String>>,
    #[serde(rename = "match")]
    pub selector: Option<Spanned<String>>,
    pub stale_after: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonitor {
    #[serde(default)]
    pub canaries: Vec<Spanned<RawCheck>>,
    pub max_in_flight: Option<Spanned<usize>>,
    pub max_per_target: Option<Spanned<usize>>,
    pub sample_retention: Option<Spanned<String>>,
    pub lease_interval: Option<Spanned<String>>,
    pub flapping_window: Option<Spanned<String>>,
    pub flapping_transitions: Option<Spanned<usize>>,
    pub webhook_url: Option<Spanned<String>>,
    pub webhook_timeout: Option<Spanned<String>>,
    pub webhook_retries: Option<Spanned<usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMaintenance {
    /// Systems it covers; none listed means all.
    #[serde(default)]
    pub systems: Vec<Spanned<String>>,
    pub reason: String,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub weekdays: Option<Vec<Spanned<String>>>,
    pub start: Option<Spanned<String>>,
    pub duration: Option<Spanned<String>>,
}

/// `[receiver]`: the alert receiver (docs/alerts.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReceiver {
    pub listen: Option<Spanned<String>>,
    pub heartbeat_token_file: Option<Spanned<String>>,
    pub tls_certificate: Option<Spanned<String>>,
    pub tls_key: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<RawAlertSource>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawSourceKind {
    Alertmanager,
    Webhook,
}

/// `[[receiver.sources]]`: a source, its token file, and for a webhook where in its JSON
/// each alert's parts stand (JSON pointers).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlertSource {
    pub id: Spanned<String>,
    pub kind: Spanned<RawSourceKind>,
    pub token_file: Option<Spanned<String>>,
    /// The OS accounts that may send for it with `beredskap ingest`.
    pub senders: Option<Vec<Spanned<String>>>,
    pub per_minute: Option<Spanned<u32>>,
    // alertmanager
    pub api: Option<Spanned<String>>,
    // webhook
    pub alerts: Option<Spanned<String>>,
    pub fingerprint: Option<Spanned<String>>,
    pub system: Option<Spanned<String>>,
    pub state: Option<Spanned<String>>,
    pub message: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub labels: Option<std::collections::BTreeMap<String, Spanned<String>>>,
    pub resolved: Option<Vec<String>>,
    pub warning: Option<Vec<String>>,
}
