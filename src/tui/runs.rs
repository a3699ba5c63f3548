//! Screen 3's state: the runbooks and their runs, the open run and its step cursor. Keys
//! become prompts, confirmations and effects; nothing here touches the database.

use super::component::{Component, Ctx, delta, moved};
use super::state::Effect;
use crate::model::run::Run;
use crate::model::runbook::SectionKind;
use crate::store::runs::RunRow;
use std::path::PathBuf;

/// A runbook file as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunbookEntry {
    pub id: String,
    pub title: String,
    pub systems: Vec<String>,
    pub steps: usize,
    pub path: PathBuf,
}

/// What a step says beyond its text, from the run's own snapshot of the runbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepInfo {
    pub section: Option<SectionKind>,
    pub role: Option<String>,
    /// The value the step asks to record.
    pub value: Option<String>,
}

/// An open run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    pub run: Run,
    pub info: Vec<StepInfo>,
}

impl RunView {
    pub fn new(run: Run) -> RunView {
        let info = match crate::model::runbook::parse(&run.text) {
            Ok(rb) => rb
                .steps()
                .map(|(section, step)| StepInfo {
                    section: Some(section.kind),
                    role: step.role.clone(),
                    value: step.value.clone(),
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        RunView { run, info }
    }

    pub fn info(&self, index: usize) -> StepInfo {
        self.info.get(index).cloned().unwrap_or_default()
    }
}

/// One selectable line of the runbooks screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry<'a> {
    Run(&'a RunRow),
    Runbook(&'a RunbookEntry),
}

impl Entry<'_> {
    /// A stable key, so the selection survives a refresh.
    pub fn key(&self) -> String {
        match self {
            Entry::Run(r) => format!("run:{}", r.id),
            Entry::Runbook(b) => format!("runbook:{}", b.id),
        }
    }
}

/// How many finished runs the list shows.
pub const FINISHED_SHOWN: usize = 20;

pub use super::state::SavedView;

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

impl RunbooksScreen {
    /// Active runs, then the runbooks, then the latest finished runs.
    pub fn listed(&self) -> Vec<Entry<'_>> {
        let active = self.runs.iter().filter(|r| r.status == "active");
        let finished = self
            .runs
            .iter()
            .filter(|r| r.status != "active")
            .take(FINISHED_SHOWN);
        active
            .map(Entry::Run)
            .chain(self.entries.iter().map(Entry::Runbook))
            .chain(finished.map(Entry::Run))
            .collect()
    }

    pub fn selected_index(&self) -> usize {
        let entries = self.listed();
        self.selected
            .as_ref()
            .and_then(|k| entries.iter().position(|e| &e.key() == k))
            .unwrap_or(0)
    }

    pub fn close_run(&mut self) {
        self.run_open = false;
        self.run = None;
        self.run_id = None;
    }
}

impl Component for RunbooksScreen {
    fn on_action(&mut self, action: &super::action::Action, ctx: &Ctx) -> Option<Vec<Effect>> {
        use super::action::Action;
        match action {
            Action::Back if self.run_open => {
                self.close_run();
                Some(vec![Effect::ReloadRuns])
            }
            // A run opens here; a runbook asks first (the router: rights, the question).
            Action::Open if !self.run_open => match self.listed().get(self.selected_index()) {
                Some(Entry::Run(r)) => {
                    let id = r.id.clone();
                    self.run_open = true;
                    self.run_id = Some(id.clone());
                    Some(vec![Effect::LoadRun(id)])
                }
                _ => None,
            },
            a => {
                let d = delta(a, ctx.page)?;
                if self.run_open {
                    let len = self.run.as_ref().map_or(0, |v| v.run.steps.len());
                    self.step_cursor = moved(self.step_cursor, d, len);
                    return Some(Vec::new());
                }
                let keys: Vec<String> = self.listed().iter().map(|e| e.key()).collect();
                if !keys.is_empty() {
                    self.chosen = true;
                    self.selected = Some(keys[moved(self.selected_index(), d, keys.len())].clone());
                }
                Some(Vec::new())
            }
        }
    }

    fn hints(&self) -> Vec<(super::action::Action, crate::i18n::T)> {
        // The run view has its own footer, in plain words (views::hints::run).
        vec![(super::action::Action::Open, crate::i18n::T::ActOpen)]
    }
}
