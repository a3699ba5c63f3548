//! On-call changes made at run time, as events: overrides (someone else takes part of a
//! shift, or "take the shift now") and their cancellation. Folded into the overrides the
//! resolver uses. Pure.

use super::event::Event;
use super::oncall::Override;
use super::payload::{FoldError, known, read};
use super::timespec::from_storage;
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const OVERRIDE: &str = "oncall.override";
    pub const OVERRIDE_CANCELLED: &str = "oncall.override_cancelled";
    /// A note left for whoever takes the next shift.
    pub const HANDOFF_NOTE: &str = "oncall.handoff_note";
}

/// A handoff note: for the next person on call for a team's layer.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoffNote {
    pub team: String,
    pub layer: String,
    pub text: String,
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Every handoff note, oldest first.
pub fn notes(events: &[Event]) -> Vec<HandoffNote> {
    events
        .iter()
        .filter(|e| e.kind == kind::HANDOFF_NOTE)
        .filter_map(|e| {
            let text = |k: &str| {
                e.payload
                    .get(k)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            Some(HandoffNote {
                team: text("team")?,
                layer: text("layer")?,
                text: text("text")?,
                by: e.actor.clone(),
                at: e.occurred_at,
            })
        })
        .collect()
}

pub fn subject(team: &str) -> String {
    format!("oncall:{team}")
}

/// `oncall.override`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverridePayload {
    pub team: String,
    pub layer: String,
    pub person: String,
    /// Storage format (UTC).
    pub from: String,
    pub to: String,
    pub reason: String,
    #[serde(default)]
    pub message: String,
}

/// The overrides in force: every `oncall.override` not cancelled since (oldest first).
pub fn fold(events: &[Event]) -> Result<Vec<Override>, FoldError> {
    let mut out: Vec<Override> = Vec::new();
    for e in events {
        match e.kind.as_str() {
            kind::OVERRIDE => {
                let p: OverridePayload = read(e)?;
                let (Some(from), Some(to)) = (from_storage(&p.from), from_storage(&p.to)) else {
                    continue;
                };
                out.push(Override {
                    id: e.id,
                    team: p.team,
                    layer: p.layer,
                    person: p.person,
                    from,
                    to,
                    reason: p.reason,
                    by: e.actor.clone(),
                });
            }
            kind::OVERRIDE_CANCELLED => {
                if let Some(id) = e.corrects {
                    out.retain(|o| o.id != id);
                }
            }
            _ => known(e)?,
        }
    }
    Ok(out)
}
