//! Adding maintenance windows at run time: each one an event.

use super::Refusal;
use super::refusal::Span;
use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent, kind, subject};
use crate::model::personnummer::check_free_text;
use crate::model::region::Region;
use crate::model::role::Permission;
use crate::model::timespec::to_storage;
use crate::store::Store;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct NewWindow {
    /// Empty means every system.
    pub systems: Vec<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub reason: String,
}

pub fn add_window(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    window: &NewWindow,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::PlanMaintenance)?;
    for id in &window.systems {
        if region.system(id).is_none() {
            return Err(Refusal::UnknownSystem(id.clone()).into());
        }
    }
    let reason = window.reason.trim();
    if reason.is_empty() {
        return Err(Refusal::NeedsReason.into());
    }
    check_free_text("the reason", reason)?;
    if window.to <= window.from {
        return Err(Refusal::EndsBeforeStart(Span::MaintenanceWindow).into());
    }
    if window.to <= now {
        return Err(Refusal::AlreadyEnded(Span::MaintenanceWindow).into());
    }
    let event = NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::MAINTENANCE_ADDED.into(),
        subject: subject::MAINTENANCE.into(),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&crate::model::payload::MaintenanceAdded {
            systems: window.systems.clone(),
            from: to_storage(window.from),
            to: to_storage(window.to),
            reason: reason.to_string(),
            message: format!(
                "maintenance {}: {reason}",
                if window.systems.is_empty() {
                    "of every system".to_string()
                } else {
                    window.systems.join(", ")
                }
            ),
        })?,
    };
    Ok(store.append(event)?)
}

/// Ends the run-time window added by event `window` now (its silences are expired by the
/// caller, see `ops::silence`). Refused for a window that does not exist or is already over.
pub fn end_window(
    store: &mut Store,
    actor: &Actor,
    window: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::PlanMaintenance)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::NeedsReason.into());
    }
    check_free_text("the reason", reason)?;
    let Some(w) = store.runtime_window(window)? else {
        return Err(Refusal::NoWindow(window).into());
    };
    if w.to <= now {
        return Err(Refusal::WindowOver(window).into());
    }
    let event = NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::MAINTENANCE_ENDED.into(),
        subject: subject::MAINTENANCE.into(),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&crate::model::payload::MaintenanceEnded {
            window,
            reason: reason.to_string(),
            message: format!("maintenance window #{window} ended early: {reason}"),
        })?,
    };
    Ok(store.append(event)?)
}
