//! On-call changes made at run time, as events: overrides (someone else takes part of a
//! shift, or "take the shift now") and their cancellation. Folded into the overrides the
//! resolver uses. Pure.

use super::event::Event;
use super::fold::{FoldError, known, read};
use super::oncall::Override;
use super::timespec::from_storage;
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const OVERRIDE: &str = crate::event_kind::EventKind::OncallOverride.as_str();
    pub const OVERRIDE_CANCELLED: &str =
        crate::event_kind::EventKind::OncallOverrideCancelled.as_str();
    /// A note left for whoever takes the next shift.
    pub const HANDOFF_NOTE: &str = crate::event_kind::EventKind::OncallHandoffNote.as_str();
    /// A calendar imported for a team's layer: its series, kept with their recurrence.
    pub const CALENDAR_IMPORTED: &str =
        crate::event_kind::EventKind::OncallCalendarImported.as_str();
}

/// `oncall.calendar_imported` v1: the series of one calendar file, for one layer. A later
/// import for the same layer that shares a UID with it replaces it (`replaces`); cancelling
/// the import event (`oncall cancel ID`) removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarImported {
    pub team: String,
    pub layer: String,
    /// The file's name (machine text: masked by the guard like any).
    pub file: String,
    pub file_sha256: String,
    pub series: Vec<super::calendar::Series>,
    /// Earlier imports this one replaces (event ids).
    #[serde(default)]
    pub replaces: Vec<i64>,
}

/// A calendar in force: the import event's id, who imported it, and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub id: i64,
    pub by: String,
    pub imported: CalendarImported,
}

impl Calendar {
    /// The calendar's shifts overlapping [from, to), as overrides of its layer (the import
    /// event's id; single events and moved occurrences after the series, so they win).
    pub fn overrides(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Vec<Override> {
        let mut occurrences: Vec<(bool, Override)> = Vec::new();
        for s in &self.imported.series {
            for o in s.occurrences(from, to).unwrap_or_default() {
                occurrences.push((
                    o.single,
                    Override {
                        id: self.id,
                        team: self.imported.team.clone(),
                        layer: self.imported.layer.clone(),
                        person: o.person,
                        from: o.from,
                        to: o.to,
                        reason: format!("kalender {}: {}", self.imported.file, s.summary),
                        by: self.by.clone(),
                    },
                ));
            }
        }
        occurrences.sort_by_key(|(single, o)| (*single, o.from));
        occurrences.into_iter().map(|(_, o)| o).collect()
    }
}

/// The calendars in force: every import not replaced by a later one and not cancelled.
pub fn calendars(events: &[Event]) -> Result<Vec<Calendar>, FoldError> {
    let mut out: Vec<Calendar> = Vec::new();
    for e in events {
        match e.kind.as_str() {
            kind::CALENDAR_IMPORTED => {
                let imported: CalendarImported = read(e)?;
                out.retain(|c| !imported.replaces.contains(&c.id));
                out.push(Calendar {
                    id: e.id,
                    by: e.actor.clone(),
                    imported,
                });
            }
            kind::OVERRIDE_CANCELLED => {
                if let Some(id) = e.corrects {
                    out.retain(|c| c.id != id);
                }
            }
            _ => known(e)?,
        }
    }
    Ok(out)
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
