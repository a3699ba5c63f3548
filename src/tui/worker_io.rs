//! What passes between the console's loop, its effect worker and its watcher: an effect
//! goes out with the part of the view it concerns (`Focus`), comes back with what it
//! changed (`Patch`, in a `Done`), and the loop hears of both that and other processes'
//! commits as a `Msg`. Apart from the three so that none of them imports another's types.

use super::app::{Detail, Effect};
use super::incidents::IncidentDetail;
use super::review::ReviewRow;
use super::runs::RunView;
use crate::i18n::Lang;
use crate::model::event::Event;

/// What of the view an effect concerns, as it was when the effect was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub lang: Lang,
    pub screen: super::action::Screen,
    /// The open incident, the status screen's open system, the open run.
    pub incident: Option<String>,
    pub detail: Option<String>,
    pub run: Option<String>,
    pub log_filter: String,
    /// The oldest event shown on screen 5 (the next page starts below it).
    pub log_oldest: Option<i64>,
}

/// What an effect changed: each field set is applied; the rest stays as it is.
#[derive(Debug, Default)]
pub struct Patch {
    pub rows: Option<Vec<super::app::SystemRow>>,
    pub incidents: Option<Vec<crate::store::incidents::IncidentRow>>,
    /// The incident loaded, by id (applied only if it is still the one open).
    pub incident: Option<(String, Option<IncidentDetail>)>,
    pub monitor: Option<super::app::MonitorView>,
    pub damaged: Option<Option<String>>,
    pub overrides: Option<Vec<crate::model::oncall::Override>>,
    pub handoff_notes: Option<Vec<crate::model::oncall_log::HandoffNote>>,
    pub review_queue: Option<Vec<ReviewRow>>,
    pub pages: Option<Vec<crate::model::page::Page>>,
    /// Firing alerts no system's check maps.
    pub unmapped: Option<Vec<crate::store::alerts::Unmapped>>,
    pub runs: Option<Vec<crate::store::runs::RunRow>>,
    /// The run loaded, by id; `None` inside: it is gone.
    pub run: Option<(String, Option<RunView>)>,
    pub detail: Option<(String, Detail)>,
    /// A page of the log for a filter: the newest page, or the next older one.
    pub log: Option<(String, Vec<Event>, bool)>,
    pub record: Option<Vec<String>>,
    /// The record again after an assessment or decision (shown only if one is open).
    pub refreshed_record: Option<Vec<String>>,
    pub message: Option<(String, bool)>,
    /// The log was held by another process: nothing was written; try again.
    pub busy: bool,
    /// A run started, an incident declared (opened on arrival).
    pub started_run: Option<String>,
    pub declared: Option<String>,
    /// A step was done or skipped: the cursor moves on from it.
    pub step_taken: Option<usize>,
    /// Something could not be loaded (the database said no).
    pub failed: Option<String>,
}

/// An effect carried out, with what it changed.
#[derive(Debug)]
pub struct Done {
    pub effect: Effect,
    pub patch: Patch,
}

/// What the console's loop hears from its watcher and worker.
pub(super) enum Msg {
    DbChanged,
    /// The log of record (PostgreSQL) reached (none) or lost (why), from the follower.
    LogOfRecord(Option<String>),
    /// The worker carried out an effect (`tui::worker`).
    Done(Box<Done>),
    Quit,
}
