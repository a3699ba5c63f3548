//! Each screen's own state, and the one prompt's. `App` holds one of each and what all
//! screens share (language, region, user, clock, banners, the footer's message); each
//! screen's keys are handled in its own file (status and log in app.rs and input.rs,
//! incidents.rs, runs.rs, oncall.rs, review.rs) on its own part of the state.

use super::app::{Detail, Effect, PromptKind, SystemRow};
use super::incidents::IncidentDetail;
use super::review::ReviewRow;
use super::runs::{RunView, RunbookEntry};
use crate::model::event::Event;

/// Screen 1: the systems, the selection (by system id, so it survives reordering), the
/// open detail pane, the filter.
#[derive(Debug, Default)]
pub struct StatusScreen {
    pub rows: Vec<SystemRow>,
    pub selected: Option<String>,
    pub detail_open: bool,
    pub detail: Option<Detail>,
    /// How far the detail pane is scrolled (PgUp/PgDn while it is open).
    pub detail_scroll: u16,
    pub filter: String,
}

/// Screen 5: a page of the log (newest first), the selection, the filter, the whole-event
/// view.
#[derive(Debug, Default)]
pub struct LogScreen {
    pub events: Vec<Event>,
    pub selected: usize,
    pub exhausted: bool,
    pub filter: String,
    pub event_open: bool,
    pub event_scroll: u16,
}

/// Screen 2: the incidents and the open one.
#[derive(Debug, Default)]
pub struct IncidentsScreen {
    pub rows: Vec<crate::store::incidents::IncidentRow>,
    pub selected: usize,
    pub open: bool,
    pub detail: Option<IncidentDetail>,
    pub timeline_scroll: usize,
}

/// Screen 3: runbooks and runs, and the open run with its step cursor.
#[derive(Debug, Default)]
pub struct RunbooksScreen {
    pub entries: Vec<RunbookEntry>,
    pub runs: Vec<crate::store::runs::RunRow>,
    /// The selected entry's key (`run:ID` or `runbook:ID`).
    pub selected: Option<String>,
    /// The person has moved the selection (until then it follows the first entry).
    pub chosen: bool,
    pub run_open: bool,
    pub run_id: Option<String>,
    pub run: Option<RunView>,
    /// The step under the cursor (0-based).
    pub step_cursor: usize,
    /// A cursor to restore when the run loads (after a restart).
    pub restore_step: Option<usize>,
}

/// Screen 4: overrides in force, handoff notes, the selected layer and paging.
#[derive(Debug, Default)]
pub struct OnCallScreen {
    pub overrides: Vec<crate::model::oncall::Override>,
    pub handoff_notes: Vec<crate::model::oncall_log::HandoffNote>,
    pub selected: usize,
    pub scroll: usize,
}

/// Screen 6: the review queue and the open record.
#[derive(Debug, Default)]
pub struct ReviewScreen {
    /// Incidents flagged for patient safety, oldest first.
    pub queue: Vec<ReviewRow>,
    pub selected: usize,
    /// The open record (Markdown lines) and how far it is scrolled.
    pub record: Option<Vec<String>>,
    pub record_scroll: usize,
}

/// The one prompt: what it asks, what is typed, the list it picks from, the question
/// to confirm.
#[derive(Debug, Default)]
pub struct Prompt {
    pub kind: Option<PromptKind>,
    pub input: super::typing::Typing,
    /// The choices of a prompt that picks from a list (status, milestone, role, person,
    /// severity).
    pub picker: Option<super::picker::Picker>,
    pub confirm: Option<(Effect, String)>,
    /// With the question above: the active run Enter opens instead (starting a runbook
    /// that is already running).
    pub confirm_open: Option<String>,
}
