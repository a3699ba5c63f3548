//! Why the core (the operations) refused what a person asked, as data: the kind of refusal and its
//! parameters. The front ends render it in the interface language (`i18n::refusal`);
//! `Display` is the English sentence, for logs and scripts.

use crate::incident::{Milestone, MilestoneError, Status, TransitionError};
use chrono::{DateTime, Utc};

/// A field a person typed into, as the core refuses by it: its English name is
/// [`Field::english`] (the `Display`), its Swedish is `i18n::refusal::field`, one exhaustive
/// match — a field without its Swedish does not compile (a string looked up with a fallback
/// showed "the milestone" on a Swedish screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Note,
    NoteTime,
    Reason,
    SkipReason,
    Title,
    Description,
    CareUnit,
    Audience,
    HandoverNote,
    Summary,
    Impact,
    WhatWorked,
    ContributingFactors,
    FollowUpAction,
    FollowUpOwner,
    FollowUpDue,
    FollowUpVerification,
    Time,
    Milestone,
    Started,
    Detected,
    Value,
    NewLayerName,
    Reasoning,
    Causes,
    RiskAssessment,
    ActionDue,
}

impl Field {
    /// Every field, for the tests that say each in both languages.
    pub const ALL: &'static [Field] = &[
        Field::Note,
        Field::NoteTime,
        Field::Reason,
        Field::SkipReason,
        Field::Title,
        Field::Description,
        Field::CareUnit,
        Field::Audience,
        Field::HandoverNote,
        Field::Summary,
        Field::Impact,
        Field::WhatWorked,
        Field::ContributingFactors,
        Field::FollowUpAction,
        Field::FollowUpOwner,
        Field::FollowUpDue,
        Field::FollowUpVerification,
        Field::Time,
        Field::Milestone,
        Field::Started,
        Field::Detected,
        Field::Value,
        Field::NewLayerName,
        Field::Reasoning,
        Field::Causes,
        Field::RiskAssessment,
        Field::ActionDue,
    ];

    /// The field's name in English, as the core names it ("the note").
    pub fn english(self) -> &'static str {
        match self {
            Field::Note => "the note",
            Field::NoteTime => "the note's time",
            Field::Reason => "the reason",
            Field::SkipReason => "the reason for skipping",
            Field::Title => "the title",
            Field::Description => "the description",
            Field::CareUnit => "a care unit",
            Field::Audience => "the audience",
            Field::HandoverNote => "the handover note",
            Field::Summary => "the summary",
            Field::Impact => "the impact",
            Field::WhatWorked => "what worked",
            Field::ContributingFactors => "the contributing factors",
            Field::FollowUpAction => "a follow-up action",
            Field::FollowUpOwner => "its owner",
            Field::FollowUpDue => "its due date",
            Field::FollowUpVerification => "its verification",
            Field::Time => "the time",
            Field::Milestone => "the milestone",
            Field::Started => "started",
            Field::Detected => "detected",
            Field::Value => "the value",
            Field::NewLayerName => "the new layer's name",
            Field::Reasoning => "reasoning",
            Field::Causes => "causes",
            Field::RiskAssessment => "risk_assessment",
            Field::ActionDue => "actions.due",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.english())
    }
}

/// What a machine sender sends for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendsFor {
    Heartbeat(String),
    Source(String),
}

impl std::fmt::Display for SendsFor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendsFor::Heartbeat(id) => write!(f, "the heartbeat `{id}`"),
            SendsFor::Source(id) => write!(f, "the alert source `{id}`"),
        }
    }
}

/// What a refusal about a span of time is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Override,
    MaintenanceWindow,
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Span::Override => "the override",
            Span::MaintenanceWindow => "the window",
        })
    }
}

/// A refusal of the person's input. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A required text is empty.
    #[error("{field} is empty")]
    Empty { field: Field },
    #[error("{field} is {chars} characters; the most is {max}: split it in several")]
    TooLong {
        field: Field,
        chars: usize,
        max: usize,
    },
    /// Typed text with a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069):
    /// a number written backwards behind one reads as another on screen.
    #[error(
        "{field} holds an invisible direction control (U+{code:04X}): it is refused in typed text, \
         where it would show the characters after it in another order (a number backwards)"
    )]
    DirectionControl { field: Field, code: u32 },
    #[error("{field} ({at}) is in the future")]
    InFuture { field: Field, at: DateTime<Utc> },
    #[error("give a reason (--reason)")]
    NeedsReason,
    #[error("unknown system `{0}` (see `beredskap config check` for the systems)")]
    UnknownSystem(String),
    #[error("unknown team `{0}`")]
    UnknownTeam(String),
    /// A machine sender not named for what it sends for: nothing was written.
    #[error(
        "`{account}` may not send for {what}: {} (`senders` in the configuration names the \
         accounts that may; nothing was written)",
        if senders.is_empty() { "no account is named".to_string() } else { format!("only {} may", senders.join(", ")) }
    )]
    NotASender {
        account: String,
        /// "the heartbeat `backup-natt`", "the source `nagios`".
        what: SendsFor,
        senders: Vec<String>,
    },
    #[error("unknown person `{0}`")]
    UnknownPerson(String),
    #[error("unknown role `{role}` (known: {})", known.join(", "))]
    UnknownRole { role: String, known: Vec<String> },
    #[error("unknown severity `{severity}` (known: {})", known.join(", "))]
    UnknownSeverity {
        severity: String,
        known: Vec<String>,
    },
    #[error("there is no incident {0}")]
    NoIncident(String),
    #[error("there is no run {0}")]
    NoRun(String),
    #[error("there is no page {0}")]
    NoPage(String),
    #[error("{id} is already acknowledged by {by} at {}", at.format("%H:%M:%S UTC"))]
    AlreadyAcknowledged {
        id: String,
        by: String,
        at: DateTime<Utc>,
    },
    #[error("{0} is already resolved")]
    AlreadyResolved(String),
    #[error("the page needs a message")]
    PageNeedsMessage,
    #[error("the decision needs its motivation")]
    DecisionNeedsMotivation,
    #[error(
        "the assessment in force found a risk of serious harm: not reporting goes against it; \
         say why, and record it as a deliberate choice (--against-assessment)"
    )]
    DecisionAgainstAssessment,
    #[error("{0} is not active: it takes no more steps")]
    RunNotActive(String),
    #[error("{run} has steps 1–{steps}, not {number}")]
    NoStep {
        run: String,
        steps: usize,
        number: usize,
    },
    #[error("step {step} is already done: by {by} at {} UTC", at.format("%H:%M"))]
    StepDone {
        step: usize,
        by: String,
        at: DateTime<Utc>,
    },
    #[error("step {step} was already skipped: by {by} at {} UTC", at.format("%H:%M"))]
    StepSkipped {
        step: usize,
        by: String,
        at: DateTime<Utc>,
    },
    #[error("step {0} is neither done nor skipped: nothing to undo")]
    NothingToUndo(usize),
    #[error(
        "{open} of {total} steps are neither done nor skipped (skip them with a reason, or \
         abort the run)"
    )]
    StepsOpen { open: usize, total: usize },
    #[error("{id} is {status}")]
    IncidentEnded { id: String, status: Status },
    #[error("{0}")]
    Transition(TransitionError),
    #[error("{0}")]
    MilestoneOrder(MilestoneError),
    #[error("{0} is already set; correcting it needs a reason (--reason)")]
    MilestoneSet(Milestone),
    #[error("{account} already holds {role}")]
    AlreadyHolds { account: String, role: String },
    #[error("{role} is held by {holder}: a handover needs a note (--note)")]
    HandoverNeedsNote { role: String, holder: String },
    #[error(
        "a communication needs an audience (e.g. care units, management, supplier, press office)"
    )]
    NeedsAudience,
    #[error("`{0}` has no on-call rota ([[teams.rotations]] in the configuration)")]
    NoRota(String),
    #[error("`{team}` has no layer `{layer}` (it has {})", known.join(", "))]
    NoLayer {
        team: String,
        layer: String,
        known: Vec<String>,
    },
    #[error("{0} ends before it starts (--to must be after --from)")]
    EndsBeforeStart(Span),
    #[error("{0} has already ended")]
    AlreadyEnded(Span),
    #[error("there is no override #{0} in force (see `beredskap oncall overrides`)")]
    NoOverride(i64),
    #[error(
        "#{0} is not a maintenance window added at run time (see `beredskap maintenance list`)"
    )]
    NoWindow(i64),
    #[error("maintenance window #{0} is already over")]
    WindowOver(i64),
    #[error("--as {0}: no such account under [[people]]")]
    NoSuchAccount(String),
    #[error(
        "--as {0} is refused: this region does not allow acting as another account ([site] \
         allow_actor_override is only for test and demo regions)"
    )]
    ActorOverride(String),
    #[error("detected cannot be before started")]
    DetectedBeforeStarted,
    #[error("{id} is still {status}: the review is written after resolution")]
    ReviewBeforeResolution { id: String, status: Status },
    /// A part of the assessment IVO asks for left empty (`reasoning`, `causes`,
    /// `risk_assessment`).
    #[error(
        "`{0}` is empty: IVO asks for it (underlying causes, a risk assessment, the reasoning)"
    )]
    IvoAsks(Field),
    #[error("{field} `{value}` is not a date (YYYY-MM-DD)")]
    NotADate { field: Field, value: String },
    #[error("a time in the clock cannot be read")]
    ClockTime,
    #[error("name the field (--field), e.g. message")]
    NeedsField,
    #[error("there is no event #{0}")]
    NoEvent(i64),
    #[error(
        "event #{event} ({kind}) is not part of the clinical record: only an administrator may \
         redact it"
    )]
    NotClinical { event: i64, kind: String },
    #[error("a redaction cannot itself be redacted")]
    RedactRedaction,
    #[error("event #{event} has no field `{field}`")]
    NoField { event: i64, field: String },
    #[error("event #{event}: `{field}` is not a text (only texts can be redacted)")]
    NotText { event: i64, field: String },
    #[error(
        "unknown status `{0}` (investigating, identified, monitoring, resolved, closed, cancelled)"
    )]
    UnknownStatus(String),
    #[error(
        "unknown milestone `{0}` (started, detected, acknowledged, declared, mitigated, \
         resolved, closed)"
    )]
    UnknownMilestone(String),
    #[error("{0}")]
    Time(crate::timespec::TimeSpecError),
    #[error("{0}: the runbook is gone (or has problems): run `beredskap runbook lint`")]
    RunbookGone(String),
}
