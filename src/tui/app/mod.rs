//! The console's state and how actions change it. No I/O here: loading and writing are
//! `Effect`s that the event loop carries out, so everything is tested headless.

use super::action::{Action, Screen};
use super::keymap::Keymap;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::model::event::Event;
use crate::model::health::Health;
use crate::model::region::Region;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use std::path::PathBuf;
use std::sync::Arc;

pub use super::state::*;

mod access;
mod assess;
mod done;
mod help;
mod incidents;
mod input;
mod oncall;
mod pages;
mod permissions;
mod picker;
mod review;
mod runs;

pub struct App {
    lang: Lang,
    theme: Theme,
    keymap: Keymap,
    region: Arc<Region>,
    user: User,
    now: DateTime<Utc>,
    screen: Screen,
    mode: Mode,
    help: bool,
    /// The first line of the help shown (it scrolls when it does not fit).
    help_scroll: u16,
    /// Each screen's own state (`tui::screens`), and the one prompt's.
    status: super::screens::StatusScreen,
    log: super::screens::LogScreen,
    incidents: super::screens::IncidentsScreen,
    runbooks: super::screens::RunbooksScreen,
    oncall: super::screens::OnCallScreen,
    review: super::screens::ReviewScreen,
    prompt: super::screens::Prompt,
    monitor: MonitorView,
    /// The log's damage marker (`store::damage`): when and what found it.
    damaged: Option<String>,
    /// The log of record (PostgreSQL) cannot be reached: why (`store::remote::follow`).
    log_of_record_lost: Option<String>,
    /// Another process holding the log's write lock, and since when this console has seen
    /// it hold it (`store::lock_holder`, read on the clock tick).
    log_lock: Option<(
        crate::store::lock_holder::LockHolder,
        chrono::DateTime<chrono::Utc>,
    )>,
    message: Option<(String, bool)>,
    log_file: PathBuf,
    quit: bool,
    /// Rows visible in the list last drawn (for paging).
    page_rows: usize,
    /// Columns of the terminal last drawn (the record on screen 6 scrolls by its lines as
    /// wrapped to them).
    page_cols: usize,
    /// Writes that found the log held by another process, tried again each second.
    pending_writes: Vec<Effect>,
    /// Writes handed to the worker and not yet carried out.
    writes_in_flight: usize,
    /// Open pages (and recently closed ones shown on screen 4).
    pages: Vec<crate::model::page::Page>,
    /// `page.notified` events already alerted in this terminal.
    alerted: Vec<i64>,
    /// Alerts to raise in the terminal (bell, OSC 9/777) at the next chance.
    pending_alerts: Vec<super::pages::Alert>,
}

/// What a status filter hides that is in trouble (`App::hidden_trouble`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HiddenTrouble {
    pub down: usize,
    pub degraded: usize,
    /// Up by their own checks, impacted by another system's outage.
    pub impacted: usize,
}

fn rank(h: Health) -> u8 {
    match h {
        Health::Down => 0,
        Health::Degraded => 1,
        Health::Unknown => 2,
        Health::Maintenance => 3,
        Health::Up => 4,
    }
}

impl App {
    pub fn new(
        region: Arc<Region>,
        lang: Lang,
        theme: Theme,
        keymap: Keymap,
        user: User,
        log_file: PathBuf,
        now: DateTime<Utc>,
    ) -> App {
        App {
            lang,
            theme,
            keymap,
            region,
            user,
            now,
            screen: Screen::Status,
            mode: Mode::Normal,
            help: false,
            help_scroll: 0,
            status: Default::default(),
            log: Default::default(),
            incidents: Default::default(),
            runbooks: Default::default(),
            oncall: Default::default(),
            review: Default::default(),
            prompt: Default::default(),
            monitor: MonitorView::None,
            damaged: None,
            log_of_record_lost: None,
            log_lock: None,
            message: None,
            log_file,
            quit: false,
            page_rows: 10,
            page_cols: 80,
            pending_writes: Vec::new(),
            writes_in_flight: 0,
            pages: Vec::new(),
            alerted: Vec::new(),
            pending_alerts: Vec::new(),
        }
    }

    /// New status rows: sorted by state (a system impacted by another's outage before the
    /// unaffected ones in its state), then criticality, then name; the selection stays on
    /// the same system.
    pub fn set_rows(&mut self, mut rows: Vec<SystemRow>) {
        rows.sort_by(|a, b| {
            let key = |r: &SystemRow| (rank(r.health), r.impacted_by.is_empty(), r.criticality);
            key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
        });
        let troubled = |h: Health| matches!(h, Health::Down | Health::Degraded);
        // What was in trouble before this refresh (none on the first load: nothing to announce).
        let before: Option<std::collections::HashMap<&str, Health>> =
            (!self.status.rows.is_empty()).then(|| {
                self.status
                    .rows
                    .iter()
                    .map(|r| (r.id.as_str(), r.health))
                    .collect()
            });
        let fresh = before.and_then(|before| {
            rows.iter()
                .find(|r| {
                    troubled(r.health)
                        && before
                            .get(r.id.as_str())
                            .is_none_or(|h| rank(*h) > rank(r.health))
                })
                .map(|r| (r.id.clone(), r.name.clone(), r.health))
        });
        // Where the system under the cursor stood before this refresh (1-based row).
        let row_of = |app: &App| -> Option<usize> {
            let id = app.status.selected.as_deref()?;
            app.visible_rows()
                .iter()
                .position(|r| r.id == id)
                .map(|i| i + 1)
        };
        // Its place among the systems already known (checked, not unknown) before this
        // refresh: a system's first check sorting it past the cursor is no move under the
        // person's hand — the list settling as the first checks come in — while the known
        // systems reordering around it is.
        let known: std::collections::HashSet<String> = self
            .status
            .rows
            .iter()
            .filter(|r| r.checked && r.health != Health::Unknown)
            .map(|r| r.id.clone())
            .collect();
        let place_among_known = |app: &App| -> Option<usize> {
            let id = app.status.selected.as_deref()?;
            app.visible_rows()
                .iter()
                .filter(|r| known.contains(r.id.as_str()))
                .position(|r| r.id == id)
        };
        let was_checked = self
            .status
            .selected
            .as_deref()
            .is_some_and(|id| known.contains(id));
        let (row_before, place_before) = if before_is_some(&self.status.rows) && was_checked {
            (row_of(self), place_among_known(self))
        } else {
            (None, None)
        };
        self.status.rows = rows;
        let row_after = row_of(self);
        let moved_among_known = place_before.is_some() && place_among_known(self) != place_before;
        let visible = self.visible_rows();
        let keep = self
            .status
            .selected
            .as_ref()
            .is_some_and(|s| visible.iter().any(|r| &r.id == s));
        if !keep {
            self.status.selected = visible.first().map(|r| r.id.clone());
        }
        // The selection keeps its system while the list reorders under it; a system that has
        // just gone down is announced, with the key that jumps to it.
        if let Some((id, name, health)) = fresh
            && self.status.selected.as_deref() != Some(id.as_str())
        {
            let top = self
                .keymap
                .keys_in(&super::action::Action::Top, false)
                .join("/");
            self.message = Some((
                format!(
                    "{}: {name} {} — {top} {}",
                    self.lang.t(crate::i18n::T::NewTrouble),
                    self.lang.health(health),
                    self.lang.t(crate::i18n::T::JumpsThere)
                ),
                true,
            ));
        } else if let (Some(a), Some(b)) = (row_before, row_after)
            && a != b
            && moved_among_known
            && self.screen == super::action::Screen::Status
            && let Some(r) = self
                .status
                .selected
                .as_deref()
                .and_then(|id| self.status.rows.iter().find(|r| r.id == id))
        {
            // The list reordered under the cursor: said, so that the next key is not pressed
            // on a row the person did not see (j then d declared for the wrong system).
            self.message = Some((
                format!(
                    "{}: {}, {} {a} → {b}; {}",
                    crate::model::shown::line(&r.name),
                    self.lang.health(r.health),
                    self.lang.t(crate::i18n::T::MovedRow),
                    self.lang.t(crate::i18n::T::CursorWent)
                ),
                true,
            ));
        }
    }

    /// Rows passing the status filter.
    pub fn visible_rows(&self) -> Vec<&SystemRow> {
        self.status.visible(self.lang)
    }

    /// Systems the status filter hides that are down, degraded, or up but impacted by
    /// another system's outage: a filter must never hide trouble without saying so.
    pub fn hidden_trouble(&self) -> HiddenTrouble {
        let mut t = HiddenTrouble::default();
        if self.status.filter.is_empty() {
            return t;
        }
        let visible: std::collections::HashSet<&str> =
            self.visible_rows().iter().map(|r| r.id.as_str()).collect();
        let hidden = self
            .status
            .rows
            .iter()
            .filter(|r| !visible.contains(r.id.as_str()));
        for r in hidden {
            match r.health {
                Health::Down => t.down += 1,
                Health::Degraded => t.degraded += 1,
                h if crate::model::follow_on::is_impacted(h, &r.impacted_by) => t.impacted += 1,
                _ => {}
            }
        }
        t
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.status.selected_index(self.lang)
    }

    pub fn set_log(&mut self, events: Vec<Event>, append: bool) {
        let keep = self.log.events.get(self.log.selected).map(|e| e.id);
        if append {
            self.log.exhausted = events.is_empty();
            self.log.events.extend(events);
        } else {
            self.log.exhausted = false;
            self.log.events = events;
            // At the top the list follows the newest event (as `tail -f`); further down the
            // selection stays on the event it was on.
            self.log.selected = if self.log.selected == 0 {
                0
            } else {
                keep.and_then(|id| self.log.events.iter().position(|e| e.id == id))
                    .unwrap_or(0)
            };
        }
        self.log.selected = self
            .log
            .selected
            .min(self.log.events.len().saturating_sub(1));
    }

    /// A key press: text input in prompt modes, otherwise through the keymap.
    ///
    /// Esc and the next key typed at once (over a slow SSH link they arrive in one read) are
    /// read by the terminal library as Alt and that key; the console has no use for Alt with
    /// a character but a prompt's word moves (Alt-b, Alt-f), so it is taken as the two keys
    /// it was — "Esc and then a" works however fast it was typed.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some((esc, next)) = self.esc_then_key(&key) {
            let mut effects = self.on_key(esc);
            effects.extend(self.on_key(next));
            return effects;
        }
        if self.mode != Mode::Normal {
            return self.on_prompt_key(key);
        }
        match self.keymap.resolve_in(&key, self.in_run_view()) {
            Some(action) => self.apply(action),
            None => Vec::new(),
        }
    }

    /// Alt with a character (not a prompt's word move) as Esc followed by the character.
    fn esc_then_key(&self, key: &KeyEvent) -> Option<(KeyEvent, KeyEvent)> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let KeyCode::Char(c) = key.code else {
            return None;
        };
        if !key.modifiers.contains(KeyModifiers::ALT)
            || key.modifiers.contains(KeyModifiers::CONTROL)
        {
            return None;
        }
        let text_mode = matches!(
            self.mode,
            Mode::Note | Mode::Prompt | Mode::Filter | Mode::Command
        );
        if text_mode && matches!(c, 'b' | 'f') {
            return None;
        }
        Some((
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char(c), key.modifiers - KeyModifiers::ALT),
        ))
    }

    /// Applies an action.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        // A key the user's role cannot use says so at once, in the interface language.
        if !self.help
            && let Some(p) = self
                .needs(&action)
                .filter(|p| !self.user.grants.contains(p))
        {
            self.message = Some((
                format!(
                    "{} ({}) {} {}",
                    self.lang.t(crate::i18n::T::YourRole),
                    self.user.roles,
                    self.lang.t(crate::i18n::T::MayNot),
                    self.lang.permission(p)
                ),
                true,
            ));
            return Vec::new();
        }
        // Help covers the screen and scrolls; a page is acknowledged from under it too.
        if self.help {
            let step: u16 = match action {
                Action::Up | Action::Down => 1,
                Action::PageUp | Action::PageDown => 10,
                Action::Top | Action::Bottom => u16::MAX,
                _ => 0,
            };
            match action {
                Action::Down | Action::PageDown | Action::Bottom => {
                    // As far as the last line at the bottom of the help's box.
                    let shown = (self.page_rows + 6).min(30).saturating_sub(2);
                    let last = self.help_lines().len().saturating_sub(shown);
                    self.help_scroll = self
                        .help_scroll
                        .saturating_add(step)
                        .min(u16::try_from(last).unwrap_or(u16::MAX));
                    return Vec::new();
                }
                Action::Up | Action::PageUp | Action::Top => {
                    self.help_scroll = self.help_scroll.saturating_sub(step);
                    return Vec::new();
                }
                _ => {}
            }
        }
        if self.help
            && !matches!(
                action,
                Action::Help | Action::Back | Action::Quit | Action::Acknowledge
            )
        {
            return Vec::new();
        }
        // "Home/g jumps there" to a system in trouble that the filter hides: the filter goes,
        // the cursor goes to the top of the whole list, and the message says so.
        if !self.help
            && action == Action::Top
            && self.screen == super::action::Screen::Status
            && !self.status.filter.is_empty()
        {
            let hidden = self.hidden_trouble();
            if hidden.down + hidden.degraded > 0 {
                self.status.filtered(String::new(), self.lang);
                let top = self
                    .visible_rows()
                    .first()
                    .map(|r| (r.id.clone(), r.name.clone()));
                if let Some((id, name)) = top {
                    self.status.selected = Some(id);
                    self.message = Some((
                        format!(
                            "{} — {}",
                            self.lang.t(crate::i18n::T::FilterCleared),
                            crate::model::shown::line(&name)
                        ),
                        false,
                    ));
                }
                return Vec::new();
            }
        }
        // The showing screen's own keys on its own state (`screens::Component`).
        if !self.help {
            let ctx = super::screens::Ctx {
                lang: self.lang,
                page: self.page_rows,
                cols: self.page_cols,
                layers: if self.screen == Screen::OnCall {
                    self.oncall_takeable().len()
                } else {
                    0
                },
            };
            if let Some(effects) = self.showing_mut().on_action(&action, &ctx) {
                return effects;
            }
        }
        match action {
            Action::Quit => {
                self.quit = true;
                Vec::new()
            }
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
                Vec::new()
            }
            Action::Back => {
                self.help = false;
                Vec::new()
            }
            Action::Show(s) => {
                self.screen = s;
                self.status.detail_open = false;
                match s {
                    Screen::Log => vec![Effect::ReloadLog],
                    Screen::Status => vec![Effect::ReloadStatus],
                    Screen::Incidents => vec![Effect::ReloadIncidents],
                    Screen::Runbooks => vec![Effect::ReloadRuns],
                    Screen::Review | Screen::OnCall => vec![Effect::ReloadStatus],
                }
            }
            Action::Filter => {
                self.mode = Mode::Filter;
                let current = match self.screen {
                    Screen::Log => self.log.filter.clone(),
                    _ => self.status.filter.clone(),
                };
                self.prompt.input.set(&current);
                Vec::new()
            }
            Action::Command => {
                self.mode = Mode::Command;
                self.prompt.input.clear();
                Vec::new()
            }
            Action::NewNote if self.screen == Screen::OnCall => self.start_handoff_note(),
            Action::NewNote if self.screen == Screen::Incidents => {
                self.start_incident_action(&action)
            }
            Action::NewNote => {
                if !self.user.can_write {
                    self.message = Some((
                        self.lang.t(crate::i18n::T::NoteRefusedReadOnly).to_string(),
                        true,
                    ));
                    return Vec::new();
                }
                self.mode = Mode::Note;
                self.prompt.input.clear();
                self.prompt.prefill.clear();
                self.restore_draft("note");
                Vec::new()
            }
            Action::Declare
            | Action::SetStatus
            | Action::SetMilestone
            | Action::AssignRole
            | Action::FlagSafety => self.start_incident_action(&action),
            Action::StepDone
            | Action::StepSkip
            | Action::StepNote
            | Action::StepUndo
            | Action::RunComplete
            | Action::RunAbort => self.run_action(&action),
            Action::TakeShift => self.start_take_shift(),
            Action::Acknowledge => self.acknowledge(),
            Action::PageTeam => self.start_page(),
            Action::ExportRecord | Action::Decide | Action::Assess | Action::YearOverview => {
                self.review_action(&action)
            }
            Action::Open => match self.screen {
                Screen::Runbooks => self.open_runbook_entry(),
                _ => Vec::new(),
            },
            // Each screen moves its own selection (`screens::Component`).
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => Vec::new(),
            // Screen 1's key; elsewhere it does nothing.
            Action::Unmapped if self.screen != Screen::Status => Vec::new(),
            Action::Unmapped => {
                self.message = Some((self.lang.t(crate::i18n::T::UnmappedNone).to_string(), false));
                Vec::new()
            }
        }
    }
}

/// Whether a list was loaded before (a first load announces nothing).
fn before_is_some(rows: &[SystemRow]) -> bool {
    !rows.is_empty()
}

impl App {
    /// What a screen's drawing needs of the shared state.
    pub fn look(&self) -> super::component::Look<'_> {
        super::component::Look {
            lang: self.lang,
            theme: &self.theme,
            region: &self.region,
            keymap: &self.keymap,
            now: self.now,
            may: Box::new(|a| self.may(a)),
        }
    }

    /// The screen showing, as a component (its own keys and hints).
    pub fn showing(&self) -> &dyn super::component::Component {
        match self.screen {
            Screen::Status => &self.status,
            Screen::Log => &self.log,
            Screen::Incidents => &self.incidents,
            Screen::Review => &self.review,
            Screen::Runbooks => &self.runbooks,
            Screen::OnCall => &self.oncall,
        }
    }

    fn showing_mut(&mut self) -> &mut dyn super::component::Component {
        match self.screen {
            Screen::Status => &mut self.status,
            Screen::Log => &mut self.log,
            Screen::Incidents => &mut self.incidents,
            Screen::Review => &mut self.review,
            Screen::Runbooks => &mut self.runbooks,
            Screen::OnCall => &mut self.oncall,
        }
    }

    /// Takes the write lock's holder read on this tick: the same process keeps the time
    /// it was first seen, another starts anew.
    pub fn see_log_lock(&mut self, holder: Option<crate::store::lock_holder::LockHolder>) {
        self.log_lock = match (holder, self.log_lock.take()) {
            (Some(h), Some((seen, since))) if seen.pid == h.pid => Some((h, since)),
            (Some(h), _) => Some((h, self.now)),
            (None, _) => None,
        };
    }
}
