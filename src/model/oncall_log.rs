//! On-call changes made at run time, as events: overrides (someone else takes part of a
//! shift, or "take the shift now") and their cancellation. Folded into the overrides the
//! resolver uses. Pure.

use super::event::Event;
use super::oncall::Override;
use super::timespec::from_storage;
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const OVERRIDE: &str = "oncall.override";
    pub const OVERRIDE_CANCELLED: &str = "oncall.override_cancelled";
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
pub fn fold(events: &[Event]) -> Vec<Override> {
    let mut out: Vec<Override> = Vec::new();
    for e in events {
        match e.kind.as_str() {
            kind::OVERRIDE => {
                let Ok(p) = serde_json::from_value::<OverridePayload>(e.payload.clone()) else {
                    continue;
                };
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
            _ => {}
        }
    }
    out
}
