//! The router's side of screen 3: the runbooks and runs listed, the open run's steps and
//! their prompts (`tui::runs`: the screen's state).

use super::{App, Effect, Mode, PromptKind};
use crate::i18n::T;
use crate::model::run::{RunStatus, StepState};
use crate::ops::run::StepAction;
use crate::store::runs::RunRow;
use crate::tui::action::{Action, Screen};
use crate::tui::runs::*;
use chrono::{DateTime, Utc};

impl App {
    /// Active runs, then runbooks (by system), then the latest finished runs.
    pub fn runbook_entries(&self) -> Vec<Entry<'_>> {
        self.runbooks.listed()
    }

    pub fn runbook_selected_index(&self) -> usize {
        self.runbooks.selected_index()
    }

    /// Keeps the chosen entry; until the person has chosen one, the first (an active run
    /// when there is one) is selected.
    fn keep_runbook_selection(&mut self) {
        let entries = self.runbook_entries();
        let keep = self.runbooks.chosen
            && self
                .runbooks
                .selected
                .as_ref()
                .is_some_and(|k| entries.iter().any(|e| &e.key() == k));
        if !keep {
            self.runbooks.selected = entries.first().map(|e| e.key());
        }
    }

    pub fn set_runbooks(&mut self, mut entries: Vec<RunbookEntry>) {
        entries.sort_by(|a, b| (a.systems.first(), &a.title).cmp(&(b.systems.first(), &b.title)));
        self.runbooks.entries = entries;
        self.keep_runbook_selection();
    }

    pub fn set_runs(&mut self, rows: Vec<RunRow>) {
        self.runbooks.runs = rows;
        self.keep_runbook_selection();
    }

    /// The run view is showing.
    pub fn in_run_view(&self) -> bool {
        self.screen == Screen::Runbooks && self.runbooks.run_open
    }

    /// A freshly loaded run. Opening a run puts the cursor on its first open step (or on
    /// the step remembered from before a disconnect); a refresh keeps the cursor where it is.
    pub fn set_run(&mut self, view: Option<RunView>) {
        let same =
            self.runbooks.run.as_ref().map(|v| &v.run.id) == view.as_ref().map(|v| &v.run.id);
        if let Some(v) = &view {
            let last = v.run.steps.len().saturating_sub(1);
            if let Some(step) = self.runbooks.restore_step.take() {
                self.runbooks.step_cursor = step.min(last);
            } else if !same {
                self.runbooks.step_cursor = v.run.current().map(|n| n - 1).unwrap_or(0);
            }
            self.runbooks.step_cursor = self.runbooks.step_cursor.min(last);
        }
        self.runbooks.run = view;
    }

    /// After a step was recorded: on to the next open step after it, else the first open.
    pub fn advance_cursor(&mut self, from: usize) {
        let Some(v) = &self.runbooks.run else { return };
        let open = |i: &usize| v.run.steps[*i].state == StepState::Pending;
        let n = v.run.steps.len();
        if let Some(next) = (from + 1..n).find(open).or_else(|| (0..n).find(open)) {
            self.runbooks.step_cursor = next;
        }
    }

    /// What to remember for the next start.
    pub fn saved_view(&self) -> SavedView {
        SavedView {
            screen: self.screen.number(),
            run: if self.runbooks.run_open {
                self.runbooks.run_id.clone()
            } else {
                None
            },
            step: self.runbooks.step_cursor,
        }
    }

    /// Comes back to a saved view (the run itself is loaded by the effect).
    pub fn restore(&mut self, saved: &SavedView) -> Vec<Effect> {
        let Some(screen) = Screen::ALL.get(saved.screen.wrapping_sub(1)) else {
            return Vec::new();
        };
        let mut effects = self.apply(Action::Show(*screen));
        if *screen == Screen::Runbooks
            && let Some(id) = &saved.run
        {
            self.runbooks.run_open = true;
            self.runbooks.run_id = Some(id.clone());
            self.runbooks.selected = Some(format!("run:{id}"));
            self.runbooks.chosen = true;
            self.runbooks.restore_step = Some(saved.step);
            effects.push(Effect::LoadRun(id.clone()));
        }
        effects
    }

    fn refuse_if_cannot_run(&mut self) -> bool {
        if self.user.can_run {
            return false;
        }
        self.message = Some((
            format!(
                "{} ({}: {})",
                self.lang.t(T::RunNotAllowed),
                self.lang.t(T::Roles),
                self.user.roles
            ),
            true,
        ));
        true
    }

    /// Enter on the list: open a run, or offer to start a runbook.
    pub(super) fn open_runbook_entry(&mut self) -> Vec<Effect> {
        let entries = self.runbook_entries();
        let Some(entry) = entries.get(self.runbook_selected_index()).copied() else {
            return Vec::new();
        };
        match entry {
            Entry::Run(r) => {
                let id = r.id.clone();
                self.runbooks.run_open = true;
                self.runbooks.run_id = Some(id.clone());
                vec![Effect::LoadRun(id)]
            }
            Entry::Runbook(b) => {
                let (id, title) = (b.id.clone(), b.title.clone());
                let incident = self.incident_for(&b.systems);
                if self.refuse_if_cannot_run() {
                    return Vec::new();
                }
                // A runbook already running: open that run, or knowingly start another.
                let active = self
                    .runbooks
                    .runs
                    .iter()
                    .find(|r| r.runbook_id == id && r.status == "active")
                    .map(|r| (r.id.clone(), r.started_at.clone()));
                let mut question = match &active {
                    Some((run, started)) => {
                        let at = chrono::DateTime::parse_from_rfc3339(started)
                            .map(|t| {
                                t.with_timezone(&self.region.site.time_zone)
                                    .format("%H:%M")
                                    .to_string()
                            })
                            .unwrap_or_else(|_| started.clone());
                        format!(
                            "{} «{title}» ({run}, {} {at})",
                            self.lang.t(T::AlreadyActiveRun),
                            self.lang.t(T::StartedAt)
                        )
                    }
                    None => format!("{} «{title}»", self.lang.t(T::ConfirmStartRun)),
                };
                if let Some(i) = &incident {
                    question.push_str(&format!(" ({} {i})", self.lang.t(T::ForIncident)));
                }
                if active.is_none() {
                    question.push('?');
                }
                self.prompt.confirm_open = active.map(|(run, _)| run);
                self.prompt.confirm = Some((
                    Effect::StartRun {
                        runbook: id,
                        incident,
                    },
                    question,
                ));
                self.mode = Mode::Confirm;
                Vec::new()
            }
        }
    }

    /// The newest open incident that affects one of `systems`: a run started now belongs to it.
    fn incident_for(&self, systems: &[String]) -> Option<String> {
        self.incidents
            .rows
            .iter()
            .filter(|r| r.status.is_open() && r.systems.iter().any(|s| systems.contains(s)))
            .max_by_key(|r| r.declared_at)
            .map(|r| r.id.clone())
    }

    /// A step or run action in the run view.
    pub(super) fn run_action(&mut self, action: &Action) -> Vec<Effect> {
        let Some(view) = self
            .runbooks
            .run
            .as_ref()
            .filter(|_| self.runbooks.run_open)
        else {
            return Vec::new();
        };
        let run_id = view.run.id.clone();
        let index = self.runbooks.step_cursor;
        let Some(step) = view.run.steps.get(index).cloned() else {
            return Vec::new();
        };
        let info = view.info(index);
        let status = view.run.status;
        let progress = view.run.progress();
        if self.refuse_if_cannot_run() {
            return Vec::new();
        }
        if status != RunStatus::Active {
            self.message = Some((self.lang.t(T::RunNotActive).to_string(), true));
            return Vec::new();
        }
        let number = step.number;
        let taken = match &step.state {
            StepState::Pending => None,
            StepState::Done { by, at, .. } | StepState::Skipped { by, at, .. } => {
                Some((by.clone(), *at))
            }
        };
        let prompt = match action {
            Action::StepDone | Action::StepSkip => {
                if let Some((by, at)) = taken {
                    self.message = Some((self.already_taken(number, &by, at), true));
                    return Vec::new();
                }
                // A step written for another role: asked first, and the answer recorded.
                if *action == Action::StepDone
                    && info.value.is_none()
                    && let Some(role) = info.role.as_ref().filter(|r| {
                        !self
                            .user
                            .role_ids
                            .iter()
                            .any(|mine| mine.covers_step_role(r))
                    })
                {
                    let question = format!(
                        "{} {number} {} {role}; {} {}. {}",
                        self.lang.t(T::Step),
                        self.lang.t(T::StepIsFor),
                        self.lang.t(T::YouAre),
                        self.user.roles,
                        self.lang.t(T::MarkDoneAnyway)
                    );
                    self.prompt.confirm = Some((
                        Effect::RunStepAsOtherRole {
                            run: run_id,
                            step: number,
                            note: format!(
                                "{} {role}, {} {} ({})",
                                self.lang.t(T::StepIsFor),
                                self.lang.t(T::DoneBy),
                                self.user.roles,
                                self.lang.t(T::Confirmed)
                            ),
                        },
                        question,
                    ));
                    self.mode = Mode::Confirm;
                    return Vec::new();
                }
                match (action, info.value) {
                    (Action::StepSkip, _) => PromptKind::StepSkip(run_id, number),
                    (_, Some(label)) => PromptKind::StepValue(run_id, number, label),
                    (_, None) => {
                        return vec![Effect::RunStep {
                            run: run_id,
                            step: number,
                            action: StepAction::Done { value: None },
                        }];
                    }
                }
            }
            Action::StepNote => PromptKind::StepNote(run_id, number),
            Action::StepUndo => {
                if taken.is_none() {
                    self.message = Some((self.lang.t(T::NothingToUndo).to_string(), true));
                    return Vec::new();
                }
                PromptKind::StepUndo(run_id, number)
            }
            Action::RunAbort => PromptKind::RunAbort(run_id),
            Action::RunComplete => {
                let (finished, total) = progress;
                if finished < total {
                    self.message = Some((
                        format!("{} {}", total - finished, self.lang.t(T::StepsLeft)),
                        true,
                    ));
                    return Vec::new();
                }
                let question = format!("{} {run_id}?", self.lang.t(T::ConfirmComplete));
                self.prompt.confirm = Some((Effect::CompleteRun(run_id), question));
                self.mode = Mode::Confirm;
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        self.prompt.input.clear();
        self.prompt.kind = Some(prompt);
        self.mode = Mode::Prompt;
        Vec::new()
    }

    /// "Step 3 is already done: op.mans 14:02" in the interface language.
    pub fn already_taken(&self, number: usize, by: &str, at: DateTime<Utc>) -> String {
        format!(
            "{} {number} {} {by} {}",
            self.lang.t(T::Step),
            self.lang.t(T::AlreadyTaken),
            at.with_timezone(&self.region.site.time_zone)
                .format("%H:%M:%S")
        )
    }

    /// Enter in a run prompt: the effect (or the confirmation) it leads to.
    pub(super) fn finish_run_prompt(&mut self, kind: PromptKind, text: String) -> Vec<Effect> {
        match kind {
            PromptKind::StepValue(run, step, _) => vec![Effect::RunStep {
                run,
                step,
                action: StepAction::Done { value: Some(text) },
            }],
            PromptKind::StepSkip(run, step) => vec![Effect::RunStep {
                run,
                step,
                action: StepAction::Skip { reason: text },
            }],
            PromptKind::StepNote(run, step) => vec![Effect::RunStep {
                run,
                step,
                action: StepAction::Note { text },
            }],
            PromptKind::StepUndo(run, step) => vec![Effect::RunStep {
                run,
                step,
                action: StepAction::Undo { reason: text },
            }],
            PromptKind::RunAbort(run) => {
                let question = format!("{} {run}?", self.lang.t(T::ConfirmAbort));
                self.prompt.confirm = Some((Effect::AbortRun { run, reason: text }, question));
                self.mode = Mode::Confirm;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
