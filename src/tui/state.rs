//! The console's data: rows, details, modes, prompts, the effects the event loop carries
//! out, and the user. `App` (app.rs) holds them and changes them.

use crate::model::event::Event;
use crate::model::health::Health;
use crate::model::region::Criticality;
use chrono::{DateTime, Utc};

/// One row of the status screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemRow {
    pub id: String,
    pub name: String,
    pub health: Health,
    pub since: Option<DateTime<Utc>>,
    pub latency_ms: Option<u64>,
    /// Recent latencies, oldest first.
    pub spark: Vec<u64>,
    pub uptime: Option<f64>,
    /// Seconds observed when less than the day "Upp 24 h" is over ("44% 40s").
    pub observed_secs: Option<u64>,
    pub owner: String,
    pub impacted_by: Vec<String>,
    pub criticality: Criticality,
    pub flapping: bool,
    /// What the deciding check found.
    pub finding: crate::model::finding::Finding,
    pub has_checks: bool,
    pub checked: bool,
}

/// A check's latest result, for the detail pane.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckLine {
    pub name: String,
    pub verdict: String,
    pub latency_ms: u64,
    pub finding: crate::model::finding::Finding,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub system: String,
    pub checks: Vec<CheckLine>,
    pub events: Vec<Event>,
}

/// What the header says about the monitor.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitorView {
    /// Nothing reported yet (this console is starting the monitor, or none runs).
    None,
    Here,
    Elsewhere(String),
    Stale(DateTime<Utc>),
    Blind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Command,
    Note,
    /// Text for an incident action (see `App::prompt`).
    Prompt,
    /// A yes/no question before an action that matters (see `App::confirm`).
    Confirm,
}

/// What a prompt's text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    IncidentNote(String),
    /// Declare, optionally from a system.
    DeclareTitle(Option<String>),
    Status(String),
    Milestone(String),
    Role(String),
    /// The person for a role picked before: incident, role id.
    RolePerson(String, String),
    /// The severity for a declaration: title, system.
    DeclareSeverity(String, Option<String>),
    Flag(String),
    /// Run prompts: run id, step number (and the value's label).
    StepValue(String, usize, String),
    StepSkip(String, usize),
    StepNote(String, usize),
    StepUndo(String, usize),
    RunAbort(String),
    /// A handoff note for a team's layer.
    Handoff(String, String),
    /// A page to a team (about a system).
    Page(String, Option<String>),
    /// The Lex Maria decision for an incident.
    Decide(String),
    /// Not reporting against an assessment that found a risk of serious harm: why.
    DecideAgainst(String),
    /// The assessment, question by question: incident, the answers so far.
    Assess(String, Vec<String>),
}

/// Something the event loop must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    ReloadStatus,
    /// Reload what the events written since the last load touch (a database change).
    ReloadChanged,
    LoadDetail(String),
    /// Reload the newest log page with the current filter.
    ReloadLog,
    /// Load the page older than the last event shown.
    LoadOlderLog,
    SaveNote(String),
    ReloadIncidents,
    LoadIncident(String),
    Declare {
        title: String,
        system: Option<String>,
        /// A severity id; the most severe when not chosen.
        severity: Option<String>,
    },
    IncidentNote {
        id: String,
        text: String,
    },
    IncidentStatus {
        id: String,
        status: String,
    },
    IncidentMilestone {
        id: String,
        text: String,
    },
    IncidentRole {
        id: String,
        text: String,
    },
    IncidentFlag {
        id: String,
        text: String,
    },
    /// Reload the runs list (and the open run).
    ReloadRuns,
    LoadRun(String),
    StartRun {
        runbook: String,
        incident: Option<String>,
    },
    RunStep {
        run: String,
        step: usize,
        action: crate::ops::run::StepAction,
    },
    /// A step done by someone whose role the step does not name, after they confirmed: the
    /// step and a note saying so.
    RunStepAsOtherRole {
        run: String,
        step: usize,
        note: String,
    },
    CompleteRun(String),
    AbortRun {
        run: String,
        reason: String,
    },
    /// Take the current shift of a team's layer now.
    TakeShift {
        team: String,
        layer: String,
    },
    Acknowledge(String),
    HandoffNote {
        team: String,
        layer: String,
        text: String,
    },
    Page {
        team: String,
        system: Option<String>,
        message: String,
    },
    /// Screen 6: show an incident's whole record; export it; record the decision.
    LoadRecord(String),
    ExportRecord(String),
    Decide {
        incident: String,
        report: bool,
        motivation: String,
        /// A deliberate choice against the assessment in force (its motivation asked).
        against_assessment: bool,
    },
    Assess {
        incident: String,
        assessment: crate::model::assessment::Assessment,
    },
    /// The year's overview (this year, local time).
    LoadYear,
    /// Page alerts shown in this console, recorded as deliveries.
    RecordDeliveries(Vec<crate::model::event::NewEvent>),
    /// Remember the screen and the open run for the next start (a small file write).
    RememberView(SavedView),
}

impl Effect {
    /// Whether the effect writes something the person asked for ("sparar…" while it
    /// runs; waits in line when the log is held).
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Effect::ReloadStatus
                | Effect::ReloadChanged
                | Effect::LoadDetail(_)
                | Effect::ReloadLog
                | Effect::LoadOlderLog
                | Effect::ReloadIncidents
                | Effect::LoadIncident(_)
                | Effect::ReloadRuns
                | Effect::LoadRun(_)
                | Effect::LoadRecord(_)
                | Effect::LoadYear
                | Effect::RecordDeliveries(_)
                | Effect::RememberView(_)
        )
    }
}

pub struct User {
    pub account: String,
    pub roles: String,
    pub can_write: bool,
    /// May record runbook steps (ward staff and up).
    pub can_run: bool,
    /// May change the on-call rota (take a shift).
    pub can_change_rota: bool,
    /// Everything the user's roles let them do: keys for the rest are not offered in
    /// hints and say so at once when pressed, before any typing.
    pub grants: Vec<crate::model::role::Permission>,
    /// The user's roles (a runbook step written for another role asks first).
    pub role_ids: Vec<crate::model::role::Role>,
}

/// The view to come back to after the terminal was closed (see `resume.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    pub screen: usize,
    #[serde(default)]
    pub run: Option<String>,
    #[serde(default)]
    pub step: usize,
}
