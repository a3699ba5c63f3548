//! Carrying out screen 3's effects through the core run operations (the same ones the
//! command line uses), and loading runbooks and runs.

use super::app::{App, Effect};
use super::runs::{RunView, RunbookEntry};
use crate::config::runbooks::load_all;
use crate::i18n::Lang;
use crate::i18n::T;
use crate::model::region::Region;
use crate::ops::run::{self as ops, StepAction};
use crate::ops::{Actor, OpError, Refusal};
use crate::store::{Store, StoreError};
use chrono::Utc;

/// The region's valid runbooks; a problem with any of them is told, not hidden.
pub fn load_runbooks(region: &Region, app: &mut App) {
    match load_all(region) {
        Ok((ok, problems)) => {
            app.set_runbooks(
                ok.into_iter()
                    .map(|l| RunbookEntry {
                        id: l.runbook.meta.id.clone(),
                        title: l.runbook.meta.title.clone(),
                        systems: l.runbook.meta.systems.clone(),
                        steps: l.runbook.step_count(),
                        path: l.file,
                    })
                    .collect(),
            );
            if !problems.is_empty() {
                app.set_message(Some((
                    format!("{} {}", problems.len(), app.lang().t(T::RunbookProblems)),
                    true,
                )));
            }
        }
        Err(e) => app.set_message(Some((
            format!("{}: {e}", region.site.runbooks_dir.display()),
            true,
        ))),
    }
}

pub fn load_run(store: &Store, id: &str) -> Result<Option<RunView>, StoreError> {
    Ok(store.run(id)?.map(RunView::new))
}

/// Runs a run effect. Returns the id of a run that was started, the step done or skipped
/// (to move the cursor on from), and the outcome for the footer.
pub fn carry_out(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    lang: Lang,
    effect: Effect,
) -> (Option<String>, Option<usize>, (String, bool)) {
    let now = Utc::now();
    let mut step_taken = None;
    let result: Result<Option<String>, OpError> = match effect {
        Effect::StartRun { runbook, incident } => match load_all(region) {
            Err(e) => Err(OpError::Runbooks(e)),
            Ok((ok, _)) => match ok.into_iter().find(|l| l.runbook.meta.id == runbook) {
                None => Err(Refusal::RunbookGone(runbook).into()),
                Some(l) => ops::start(
                    store,
                    region,
                    actor,
                    &l.runbook,
                    &l.text,
                    incident.as_deref(),
                    now,
                )
                .map(Some),
            },
        },
        Effect::RunStep { run, step, action } => {
            let outcome = ops::step(store, region, actor, &run, step, &action, now);
            if outcome.is_ok()
                && matches!(action, StepAction::Done { .. } | StepAction::Skip { .. })
            {
                step_taken = Some(step);
            }
            match outcome {
                Err(e) => Err(e),
                Ok(_) => Ok(None),
            }
        }
        Effect::RunStepAsOtherRole { run, step, note } => {
            let done = StepAction::Done { value: None };
            match ops::step(store, region, actor, &run, step, &done, now) {
                Err(e) => Err(e),
                Ok(_) => {
                    step_taken = Some(step);
                    // That the step's role was not the doer's, and that they confirmed it.
                    let said = StepAction::Note { text: note };
                    ops::step(store, region, actor, &run, step, &said, now).map(|_| None)
                }
            }
        }
        Effect::CompleteRun(run) => ops::complete(store, actor, &run, now).map(|_| None),
        Effect::AbortRun { run, reason } => {
            ops::abort(store, actor, &run, &reason, now).map(|_| None)
        }
        _ => Ok(None),
    };
    let tz = region.site.time_zone;
    match result {
        Ok(Some(id)) => (
            Some(id.clone()),
            None,
            (format!("{} {id}", lang.t(T::RunStarted)), false),
        ),
        Ok(None) => {
            let said = match step_taken {
                Some(step) => format!("{} {step} {}", lang.t(T::Step), lang.t(T::Saved)),
                None => lang.t(T::IncDone).to_string(),
            };
            (None, step_taken, (said, false))
        }
        Err(e) => (
            None,
            None,
            (crate::i18n::failure::describe(lang, tz, &e), true),
        ),
    }
}
