//! Runs of a downtime runbook: which steps are done or skipped, by whom and when, folded
//! from the run's events. Pure.

use super::event::Event;
use super::fold::{FoldError, known, read};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const STARTED: &str = crate::event_kind::EventKind::RunStarted.as_str();
    pub const DONE: &str = crate::event_kind::EventKind::RunStepDone.as_str();
    pub const SKIPPED: &str = crate::event_kind::EventKind::RunStepSkipped.as_str();
    pub const NOTED: &str = crate::event_kind::EventKind::RunStepNoted.as_str();
    pub const UNDONE: &str = crate::event_kind::EventKind::RunStepUndone.as_str();
    pub const COMPLETED: &str = crate::event_kind::EventKind::RunCompleted.as_str();
    pub const ABORTED: &str = crate::event_kind::EventKind::RunAborted.as_str();
    /// Joined to an incident declared after the run started (`model::payload::Linked`).
    pub const LINKED: &str = crate::event_kind::EventKind::RunLinked.as_str();
}

pub fn subject(id: &str) -> String {
    format!("run:{id}")
}

pub fn id_of(subject: &str) -> Option<&str> {
    subject.strip_prefix("run:")
}

/// `run.started`: the runbook as it was when the run began (its text and hash), so editing
/// the file later never changes what the run recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Started {
    pub runbook_id: String,
    pub title: String,
    pub sha256: String,
    pub text: String,
    pub steps: Vec<String>,
    pub incident: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepPayload {
    pub step: usize,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Active,
    Completed,
    Aborted,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum StepState {
    Pending,
    Done {
        by: String,
        at: DateTime<Utc>,
        value: Option<String>,
        event: i64,
    },
    Skipped {
        by: String,
        at: DateTime<Utc>,
        reason: String,
        event: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunStep {
    pub number: usize,
    pub text: String,
    pub state: StepState,
    pub notes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    pub id: String,
    pub runbook_id: String,
    pub title: String,
    pub sha256: String,
    pub incident: Option<String>,
    /// Joined to its incident when the incident was declared, after the run started.
    pub linked_afterwards: bool,
    pub status: RunStatus,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub steps: Vec<RunStep>,
    /// The runbook text the run started from (its snapshot).
    #[serde(skip)]
    pub text: String,
    /// Why the run was aborted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<String>,
    /// When it was completed or aborted, and by whom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished: Option<(String, DateTime<Utc>)>,
}

impl Run {
    /// Steps done or skipped, and all steps.
    pub fn progress(&self) -> (usize, usize) {
        let finished = self
            .steps
            .iter()
            .filter(|s| !matches!(s.state, StepState::Pending))
            .count();
        (finished, self.steps.len())
    }

    /// The first step not yet done or skipped.
    pub fn current(&self) -> Option<usize> {
        self.steps
            .iter()
            .find(|s| s.state == StepState::Pending)
            .map(|s| s.number)
    }
}

/// Folds a run's events (oldest first).
pub fn fold(events: &[Event]) -> Result<Option<Run>, FoldError> {
    let mut run: Option<Run> = None;
    for e in events {
        let Some(id) = id_of(&e.subject) else {
            continue;
        };
        if e.kind == kind::STARTED {
            let s: Started = read(e)?;
            run = Some(Run {
                id: id.to_string(),
                runbook_id: s.runbook_id,
                title: s.title,
                sha256: s.sha256,
                incident: s.incident,
                linked_afterwards: false,
                status: RunStatus::Active,
                started_by: e.actor.clone(),
                started_at: e.occurred_at,
                text: s.text,
                abort_reason: None,
                finished: None,
                steps: s
                    .steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| RunStep {
                        number: i + 1,
                        text,
                        state: StepState::Pending,
                        notes: Vec::new(),
                    })
                    .collect(),
            });
            continue;
        }
        let Some(r) = run.as_mut() else { continue };
        match e.kind.as_str() {
            kind::LINKED => {
                let l: crate::incident_log::Linked = read(e)?;
                r.incident = Some(l.incident);
                r.linked_afterwards = true;
            }
            kind::COMPLETED => {
                r.status = RunStatus::Completed;
                r.finished = Some((e.actor.clone(), e.occurred_at));
            }
            kind::ABORTED => {
                r.status = RunStatus::Aborted;
                r.finished = Some((e.actor.clone(), e.occurred_at));
                r.abort_reason = e
                    .payload
                    .get("text")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
            }
            k @ (kind::DONE | kind::SKIPPED | kind::UNDONE | kind::NOTED) => {
                let p: StepPayload = read(e)?;
                let Some(step) = r.steps.get_mut(p.step.wrapping_sub(1)) else {
                    continue;
                };
                match k {
                    kind::DONE => {
                        step.state = StepState::Done {
                            by: e.actor.clone(),
                            at: e.occurred_at,
                            value: p.value,
                            event: e.id,
                        }
                    }
                    kind::SKIPPED => {
                        step.state = StepState::Skipped {
                            by: e.actor.clone(),
                            at: e.occurred_at,
                            reason: p.text,
                            event: e.id,
                        }
                    }
                    kind::UNDONE => step.state = StepState::Pending,
                    kind::NOTED => step.notes.push((e.actor.clone(), p.text)),
                    _ => {}
                }
            }
            _ => known(e)?,
        }
    }
    Ok(run)
}
