//! Runbook runs: start, record steps, complete, abort. Each is checked against the run
//! inside the write transaction, so when two people mark the same step at once exactly one
//! is recorded and the other is told who did it and when.

use super::Refusal;
use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent};
use crate::model::region::Region;
use crate::model::role::Permission;
use crate::model::run::{self, RunStatus, Started, StepState, kind};
use crate::model::runbook::Runbook;
use crate::store::Store;
use chrono::{DateTime, Datelike, Utc};

/// What to record for a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepAction {
    Done { value: Option<String> },
    Skip { reason: String },
    Note { text: String },
    Undo { reason: String },
}

fn event(
    actor: &Actor,
    id: &str,
    kind: &str,
    now: DateTime<Utc>,
    payload: serde_json::Value,
    corrects: Option<i64>,
) -> NewEvent {
    NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind.into(),
        subject: run::subject(id),
        corrects,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload,
    }
}

fn clean(
    field: crate::model::refusal::Field,
    text: &str,
    required: bool,
) -> Result<String, OpError> {
    super::typed::typed_text(field, text, required)
}

/// Starts a run of `runbook` (whose file text is `text`), optionally for an incident.
pub fn start(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    runbook: &Runbook,
    text: &str,
    incident: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, OpError> {
    actor.require(Permission::RunRunbook)?;
    let year = now.with_timezone(&region.site.time_zone).year();
    let payload = Started {
        runbook_id: runbook.meta.id.clone(),
        title: runbook.meta.title.clone(),
        sha256: runbook.sha256.clone(),
        text: text.to_string(),
        steps: runbook.steps().map(|(_, s)| s.text.clone()).collect(),
        incident: incident.map(str::to_string),
    };
    let stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        if let Some(i) = incident
            && !conn.incident_exists(i)?
        {
            return Err(Refusal::NoIncident(i.to_string()).into());
        }
        let id = conn.next_run_id(year)?;
        // A run on the systems of an open incident carries it from the start.
        let mut payload = payload.clone();
        if payload.incident.is_none() {
            payload.incident = super::link::open_incident_for(
                conn,
                region,
                &runbook.meta.systems,
                Some(&runbook.meta.id),
            )?;
        }
        Ok(vec![event(
            actor,
            &id,
            kind::STARTED,
            now,
            crate::model::payload::to_value(&payload)?,
            None,
        )])
    })?;
    stored
        .first()
        .and_then(|e| run::id_of(&e.subject).map(str::to_string))
        .ok_or(OpError::NOTHING_WRITTEN)
}

/// Records one step action.
pub fn step(
    store: &mut Store,
    _region: &Region,
    actor: &Actor,
    id: &str,
    number: usize,
    action: &StepAction,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::RunRunbook)?;
    let action = match action {
        StepAction::Done { value } => StepAction::Done {
            value: value
                .as_deref()
                .map(|v| clean(crate::model::refusal::Field::Value, v, true))
                .transpose()?,
        },
        StepAction::Skip { reason } => StepAction::Skip {
            reason: clean(crate::model::refusal::Field::SkipReason, reason, true)?,
        },
        StepAction::Note { text } => StepAction::Note {
            text: clean(crate::model::refusal::Field::Note, text, true)?,
        },
        StepAction::Undo { reason } => StepAction::Undo {
            reason: clean(crate::model::refusal::Field::Reason, reason, false)?,
        },
    };
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let run = run::fold(&conn.run_events(id)?)?
            .ok_or_else(|| OpError::from(Refusal::NoRun(id.to_string())))?;
        if run.status != RunStatus::Active {
            return Err(Refusal::RunNotActive(id.to_string()).into());
        }
        let step = run.steps.get(number.wrapping_sub(1)).ok_or_else(|| {
            OpError::from(Refusal::NoStep {
                run: id.to_string(),
                steps: run.steps.len(),
                number,
            })
        })?;
        let (kind, payload, corrects) = match (&action, &step.state) {
            (StepAction::Done { .. } | StepAction::Skip { .. }, StepState::Done { by, at, .. }) => {
                return Err(Refusal::StepDone {
                    step: number,
                    by: by.clone(),
                    at: *at,
                }
                .into());
            }
            (
                StepAction::Done { .. } | StepAction::Skip { .. },
                StepState::Skipped { by, at, .. },
            ) => {
                return Err(Refusal::StepSkipped {
                    step: number,
                    by: by.clone(),
                    at: *at,
                }
                .into());
            }
            (StepAction::Done { value }, StepState::Pending) => {
                (kind::DONE, step_payload(number, value.clone(), "")?, None)
            }
            (StepAction::Skip { reason }, StepState::Pending) => {
                (kind::SKIPPED, step_payload(number, None, reason)?, None)
            }
            (StepAction::Note { text }, _) => {
                (kind::NOTED, step_payload(number, None, text)?, None)
            }
            (StepAction::Undo { .. }, StepState::Pending) => {
                return Err(Refusal::NothingToUndo(number).into());
            }
            (
                StepAction::Undo { reason },
                StepState::Done { event, .. } | StepState::Skipped { event, .. },
            ) => (
                kind::UNDONE,
                step_payload(number, None, reason)?,
                Some(*event),
            ),
        };
        Ok(vec![event(actor, id, kind, now, payload, corrects)])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// Completes a run whose every step is done or skipped.
pub fn complete(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::RunRunbook)?;
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let run = run::fold(&conn.run_events(id)?)?
            .ok_or_else(|| OpError::from(Refusal::NoRun(id.to_string())))?;
        if run.status != RunStatus::Active {
            return Err(Refusal::RunNotActive(id.to_string()).into());
        }
        let (finished, total) = run.progress();
        if finished < total {
            return Err(Refusal::StepsOpen {
                open: total - finished,
                total,
            }
            .into());
        }
        Ok(vec![event(
            actor,
            id,
            kind::COMPLETED,
            now,
            crate::model::payload::to_value(&crate::model::payload::RunEnded::default())?,
            None,
        )])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// Aborts a run, with a reason.
pub fn abort(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::RunRunbook)?;
    let reason = clean(crate::model::refusal::Field::Reason, reason, true)?;
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let run = run::fold(&conn.run_events(id)?)?
            .ok_or_else(|| OpError::from(Refusal::NoRun(id.to_string())))?;
        if run.status != RunStatus::Active {
            return Err(Refusal::RunNotActive(id.to_string()).into());
        }
        Ok(vec![event(
            actor,
            id,
            kind::ABORTED,
            now,
            crate::model::payload::to_value(&crate::model::payload::RunEnded {
                text: reason.to_string(),
            })?,
            None,
        )])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// The payload of a step event: which step, the value recorded, the reason or note.
fn step_payload(
    step: usize,
    value: Option<String>,
    text: &str,
) -> Result<serde_json::Value, OpError> {
    Ok(crate::model::payload::to_value(
        &crate::model::run::StepPayload {
            step,
            value,
            text: text.to_string(),
        },
    )?)
}
