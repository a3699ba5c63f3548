//! Each screen's own state, and the one prompt's. `App` holds one of each and what all
//! screens share (language, region, user, clock, banners, the footer's message); each
//! screen's own keys on its own state are its `Component` impl (here, and runs.rs for screen
//! 3); what needs the shared state is the router's (`tui::app` and its files).

use super::action::Action;
use super::incidents::IncidentDetail;
use super::review::ReviewRow;
use super::state::{Detail, Effect, PromptKind, SystemRow};
use crate::i18n::T;
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
    /// Firing alerts from the region's monitoring that no system's check maps.
    pub unmapped: Vec<crate::store::alerts::Unmapped>,
    /// The pane listing them is open (in place of the detail pane).
    pub unmapped_open: bool,
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
    /// How many events back from the newest the timeline's window ends (0: it follows
    /// the newest, as a commander needs during an incident).
    pub timeline_back: usize,
}

pub use super::runs::RunbooksScreen;

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
    /// Text typed into a prompt left with Esc, by the prompt it was typed into: opening
    /// the same prompt again brings it back (a half-typed note was dropped without a word).
    pub drafts: std::collections::HashMap<String, String>,
    /// What the open prompt was filled with (a declaration's title): not a draft.
    pub prefill: String,
    pub kind: Option<PromptKind>,
    pub input: super::typing::Typing,
    /// The choices of a prompt that picks from a list (status, milestone, role, person,
    /// severity).
    pub picker: Option<super::picker::Picker>,
    pub confirm: Option<(Effect, String)>,
    /// With the question above: the active run Enter opens instead (starting a runbook
    /// that is already running).
    pub confirm_open: Option<String>,
    /// With the question above: the assessment's incident, answers and summary, to go back
    /// to the questions if the summary is declined.
    pub assess_back: Option<(String, Vec<String>, String)>,
    /// The answers of the assessment in force, offered again question by question.
    pub assess_before: Vec<String>,
}

pub use super::component::{Component, Ctx};
use super::component::{delta, moved};

impl StatusScreen {
    /// The rows passing the filter (by id, name, owner or the state's word in `lang`).
    pub fn visible(&self, lang: crate::i18n::Lang) -> Vec<&SystemRow> {
        let f = self.filter.to_lowercase();
        self.rows
            .iter()
            .filter(|r| {
                f.is_empty()
                    || r.id.to_lowercase().contains(&f)
                    || r.name.to_lowercase().contains(&f)
                    || r.owner.to_lowercase().contains(&f)
                    || lang.health(r.health).contains(&f)
            })
            .collect()
    }

    /// The filter changed: the selection stays if it still shows, else the first row.
    pub fn filtered(&mut self, text: String, lang: crate::i18n::Lang) {
        self.filter = text;
        let visible = self.visible(lang);
        if !self
            .selected
            .as_ref()
            .is_some_and(|s| visible.iter().any(|r| &r.id == s))
        {
            self.selected = visible.first().map(|r| r.id.clone());
        }
    }
}

impl StatusScreen {
    /// Where the selected system is among the rows the filter lets through.
    pub fn selected_index(&self, lang: crate::i18n::Lang) -> Option<usize> {
        let sel = self.selected.as_ref()?;
        self.visible(lang).iter().position(|r| &r.id == sel)
    }
}

impl Component for StatusScreen {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        // With the detail pane open, PgUp/PgDn scroll it (↑↓ still choose the system).
        if self.detail_open {
            match action {
                Action::PageDown => {
                    self.detail_scroll = self.detail_scroll.saturating_add(5);
                    return Some(Vec::new());
                }
                Action::PageUp => {
                    self.detail_scroll = self.detail_scroll.saturating_sub(5);
                    return Some(Vec::new());
                }
                _ => {}
            }
        }
        match action {
            // The unmapped alerts' pane: `u` or Esc closes it; PgUp/PgDn scroll it.
            Action::Unmapped | Action::Back if self.unmapped_open => {
                self.unmapped_open = false;
                Some(Vec::new())
            }
            // None to list: the app says so.
            Action::Unmapped if self.unmapped.is_empty() => None,
            Action::Unmapped => {
                self.unmapped_open = true;
                self.detail_open = false;
                self.detail_scroll = 0;
                Some(Vec::new())
            }
            Action::PageDown if self.unmapped_open => {
                self.detail_scroll = self.detail_scroll.saturating_add(5);
                Some(Vec::new())
            }
            Action::PageUp if self.unmapped_open => {
                self.detail_scroll = self.detail_scroll.saturating_sub(5);
                Some(Vec::new())
            }
            Action::Back if self.detail_open => {
                self.detail_open = false;
                Some(Vec::new())
            }
            // Esc from the list clears its filter: nothing stays hidden by accident.
            Action::Back if !self.filter.is_empty() => {
                self.filtered(String::new(), ctx.lang);
                Some(Vec::new())
            }
            Action::Open => {
                self.detail_open = !self.detail_open;
                self.unmapped_open = false;
                self.detail_scroll = 0;
                Some(match (&self.selected, self.detail_open) {
                    (Some(id), true) => vec![Effect::LoadDetail(id.clone())],
                    _ => Vec::new(),
                })
            }
            a => {
                let d = delta(a, ctx.page)?;
                self.detail_scroll = 0;
                let ids: Vec<String> = self
                    .visible(ctx.lang)
                    .iter()
                    .map(|r| r.id.clone())
                    .collect();
                if ids.is_empty() {
                    return Some(Vec::new());
                }
                let at = self
                    .selected
                    .as_ref()
                    .and_then(|s| ids.iter().position(|i| i == s))
                    .unwrap_or(0);
                let next = ids[moved(at, d, ids.len())].clone();
                self.selected = Some(next.clone());
                Some(if self.detail_open {
                    vec![Effect::LoadDetail(next)]
                } else {
                    Vec::new()
                })
            }
        }
    }

    fn hints(&self) -> Vec<(Action, T)> {
        let mut h = Vec::new();
        if self.detail_open || self.unmapped_open {
            h.push((Action::Back, T::ActBack));
        }
        h.extend([
            (Action::Open, T::ActOpen),
            (Action::Filter, T::ActFilter),
            (Action::Declare, T::ActDeclare),
        ]);
        h
    }
}

impl Component for LogScreen {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        // The open event scrolls with the moving keys.
        if self.event_open {
            let scroll =
                |s: u16, by: i32| u16::try_from((i32::from(s) + by).max(0)).unwrap_or(u16::MAX);
            let handled = match action {
                Action::Down => Some(scroll(self.event_scroll, 1)),
                Action::PageDown => Some(scroll(self.event_scroll, 10)),
                Action::Up => Some(scroll(self.event_scroll, -1)),
                Action::PageUp => Some(scroll(self.event_scroll, -10)),
                Action::Top => Some(0),
                Action::Back | Action::Open => {
                    self.event_open = false;
                    Some(self.event_scroll)
                }
                _ => None,
            };
            if let Some(at) = handled {
                self.event_scroll = at;
                return Some(Vec::new());
            }
        }
        match action {
            Action::Open => {
                self.event_open = !self.events.is_empty();
                self.event_scroll = 0;
                Some(Vec::new())
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                Some(vec![Effect::ReloadLog])
            }
            a => {
                let d = delta(a, ctx.page)?;
                if self.events.is_empty() {
                    return Some(Vec::new());
                }
                let next = moved(self.selected, d, self.events.len());
                self.selected = next;
                // Near the end of what is loaded: fetch the next older page.
                if next + ctx.page.max(1) >= self.events.len() - 1 && !self.exhausted {
                    return Some(vec![Effect::LoadOlderLog]);
                }
                Some(Vec::new())
            }
        }
    }

    fn hints(&self) -> Vec<(Action, T)> {
        if self.event_open {
            return vec![
                (Action::Back, T::ActBack),
                (Action::PageDown, T::ActPageDown),
            ];
        }
        vec![
            (Action::NewNote, T::ActNote),
            (Action::Filter, T::ActFilter),
            (Action::PageDown, T::ActPageDown),
        ]
    }
}

impl Component for IncidentsScreen {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        match action {
            Action::Open => {
                self.open = !self.open;
                self.timeline_back = 0;
                Some(match (self.open, self.rows.get(self.selected)) {
                    (true, Some(r)) => vec![Effect::LoadIncident(r.id.clone())],
                    _ => Vec::new(),
                })
            }
            Action::Back if self.open => {
                self.open = false;
                Some(Vec::new())
            }
            a => {
                let d = delta(a, ctx.page)?;
                if self.open {
                    // In the open incident, movement scrolls the timeline (back from the
                    // newest: up goes further back).
                    let len = self.detail.as_ref().map_or(0, |d| d.timeline.len());
                    self.timeline_back = moved(self.timeline_back, d.saturating_neg(), len);
                } else if !self.rows.is_empty() {
                    self.selected = moved(self.selected, d, self.rows.len());
                }
                Some(Vec::new())
            }
        }
    }

    fn hints(&self) -> Vec<(Action, T)> {
        // No incident to act on: the key that declares one, which 80 columns had no room
        // for behind the incident keys.
        if self.rows.is_empty() && !self.open {
            return vec![(Action::Declare, T::ActDeclare)];
        }
        let mut h = Vec::new();
        if self.open {
            h.push((Action::Back, T::ActBack));
        } else {
            h.push((Action::Open, T::ActOpen));
        }
        h.extend([
            (Action::NewNote, T::ActIncidentNote),
            (Action::SetStatus, T::ActSetStatus),
            (Action::AssignRole, T::ActAssignRole),
            (Action::SetMilestone, T::ActSetMilestone),
            (Action::FlagSafety, T::ActFlag),
            (Action::Declare, T::ActDeclare),
        ]);
        h
    }
}

impl Component for ReviewScreen {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        match action {
            Action::Open => Some(
                self.queue
                    .get(self.selected)
                    .map(|r| {
                        self.record_scroll = 0;
                        vec![Effect::LoadRecord(r.id.clone())]
                    })
                    .unwrap_or_default(),
            ),
            Action::Back if self.record.is_some() => {
                self.record = None;
                Some(Vec::new())
            }
            a => {
                let d = delta(a, ctx.page)?;
                match &self.record {
                    // By the lines as shown, wrapped to the screen: a page is a page of them
                    // (PgDn skipped what a long line wrapped onto).
                    Some(lines) => {
                        let shown = super::review::record_lines(lines, ctx.cols).len();
                        let last = shown.saturating_sub(ctx.page.max(1)) + 1;
                        self.record_scroll = moved(self.record_scroll, d, last.max(1));
                    }
                    None => self.selected = moved(self.selected, d, self.queue.len()),
                }
                Some(Vec::new())
            }
        }
    }

    fn hints(&self) -> Vec<(Action, T)> {
        // The physician's keys first: at 80 columns paging is the one left out.
        if self.record.is_some() {
            return vec![
                (Action::Back, T::ActBack),
                (Action::Assess, T::ActAssess),
                (Action::Decide, T::ActDecide),
                (Action::ExportRecord, T::ActExport),
                (Action::PageDown, T::ActPageDown),
            ];
        }
        vec![
            (Action::Open, T::ActOpen),
            (Action::ExportRecord, T::ActExport),
            (Action::Decide, T::ActDecide),
            (Action::Assess, T::ActAssess),
            (Action::YearOverview, T::ActYear),
        ]
    }
}

impl Component for OnCallScreen {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        match action {
            // Home: back to the top.
            Action::Top => {
                self.scroll = 0;
                self.selected = 0;
            }
            // Page keys scroll the screen (the gaps and suppliers below the teams).
            Action::PageUp | Action::PageDown => {
                let by = if *action == Action::PageUp { -1 } else { 1 } * ctx.page.max(1) as isize;
                self.scroll = (self.scroll as isize).saturating_add(by).clamp(0, 200) as usize;
            }
            Action::Up | Action::Down | Action::Bottom => {
                let d = delta(action, ctx.page)?;
                if ctx.layers > 0 {
                    self.selected = moved(self.selected, d, ctx.layers);
                }
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    fn hints(&self) -> Vec<(Action, T)> {
        vec![
            (Action::Acknowledge, T::ActAck),
            (Action::PageTeam, T::ActPage),
            (Action::TakeShift, T::ActTake),
            (Action::NewNote, T::ActHandoff),
        ]
    }
}
