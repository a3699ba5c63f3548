//! Changing the on-call rota at run time: an override (someone covers part of a layer's
//! shifts), taking the current shift now, and cancelling an override. Each is an event with
//! the actor.

use super::Refusal;
use super::refusal::Span;
use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent};
use crate::model::oncall::Override;
use crate::model::oncall_log::{OverridePayload, kind, subject};
use crate::model::personnummer::check_free_text;
use crate::model::region::Region;
use crate::model::role::Permission;
use crate::model::timespec::to_storage;
use crate::store::Store;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct NewOverride {
    pub team: String,
    /// Default: the team's first layer.
    pub layer: Option<String>,
    pub person: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub reason: String,
}

fn layer_of(region: &Region, team: &str, layer: Option<&str>) -> Result<String, OpError> {
    let t = region
        .team(team)
        .ok_or_else(|| OpError::from(Refusal::UnknownTeam(team.to_string())))?;
    if t.rotations.is_empty() {
        return Err(Refusal::NoRota(team.to_string()).into());
    }
    match layer {
        None => Ok(t.rotations[0].layer.clone()),
        Some(l) if t.rotations.iter().any(|r| r.layer == l) => Ok(l.to_string()),
        Some(l) => Err(Refusal::NoLayer {
            team: team.to_string(),
            layer: l.to_string(),
            known: t.rotations.iter().map(|r| r.layer.clone()).collect(),
        }
        .into()),
    }
}

/// Puts `person` on call for a team's layer from `from` to `to`.
pub fn add_override(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    o: &NewOverride,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::ChangeRota)?;
    let layer = layer_of(region, &o.team, o.layer.as_deref())?;
    let event = override_event(region, actor, o, layer, now)?;
    Ok(store.append(event)?)
}

/// Where an imported calendar goes.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub team: &'a str,
    pub layer: Option<&'a str>,
    pub new_layer: Option<&'a str>,
    /// The file's name, recorded with the import.
    pub source: &'a str,
    /// SHA-256 of the file's bytes.
    pub sha256: &'a str,
}

/// What an import changes: the earlier imports it replaces, and the shifts that appear
/// and disappear in the window shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub layer: String,
    pub replaces: Vec<i64>,
    pub added: Vec<Override>,
    pub removed: Vec<Override>,
    /// The import event, when it was written (not with `--dry-run`).
    pub written: Option<i64>,
}

/// Imports a calendar's series for a team's layer (an existing layer, or a new one made
/// only of this calendar). An earlier import for the same layer that shares a UID with it
/// is replaced, not duplicated. With `dry_run`, nothing is written: the plan says what
/// would change between `now` and `until`.
pub fn import_calendar(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    import: &Import<'_>,
    series: Vec<crate::model::calendar::Series>,
    (now, until): (DateTime<Utc>, DateTime<Utc>),
    dry_run: bool,
) -> Result<ImportPlan, OpError> {
    actor.require(Permission::ChangeRota)?;
    if region.team(import.team).is_none() {
        return Err(Refusal::UnknownTeam(import.team.to_string()).into());
    }
    let layer = match import.new_layer {
        Some(l) if l.trim().is_empty() => {
            return Err(Refusal::Empty {
                field: crate::model::refusal::Field::NewLayerName,
            }
            .into());
        }
        Some(l) => l.trim().to_string(),
        None => layer_of(region, import.team, import.layer)?,
    };
    let uids: Vec<&str> = series.iter().map(|s| s.uid.as_str()).collect();
    let earlier: Vec<crate::model::oncall_log::Calendar> = store
        .oncall_calendars()?
        .into_iter()
        .filter(|c| {
            c.imported.team == import.team
                && c.imported.layer == layer
                && c.imported
                    .series
                    .iter()
                    .any(|s| !s.uid.is_empty() && uids.contains(&s.uid.as_str()))
        })
        .collect();
    let imported = crate::model::oncall_log::CalendarImported {
        team: import.team.to_string(),
        layer: layer.clone(),
        file: import.source.to_string(),
        file_sha256: import.sha256.to_string(),
        series,
        replaces: earlier.iter().map(|c| c.id).collect(),
    };
    let shifts = |c: &crate::model::oncall_log::Calendar| c.overrides(now, until);
    let before: Vec<Override> = earlier.iter().flat_map(shifts).collect();
    let after: Vec<Override> = shifts(&crate::model::oncall_log::Calendar {
        id: 0,
        by: actor.account.clone(),
        imported: imported.clone(),
    });
    let same =
        |a: &Override, b: &Override| a.person == b.person && a.from == b.from && a.to == b.to;
    let added: Vec<Override> = after
        .iter()
        .filter(|a| !before.iter().any(|b| same(a, b)))
        .cloned()
        .collect();
    let removed: Vec<Override> = before
        .iter()
        .filter(|b| !after.iter().any(|a| same(a, b)))
        .cloned()
        .collect();
    let mut plan = ImportPlan {
        layer,
        replaces: imported.replaces.clone(),
        added,
        removed,
        written: None,
    };
    if dry_run {
        return Ok(plan);
    }
    let event = store.append(NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::CALENDAR_IMPORTED.into(),
        subject: subject(import.team),
        corrects: None,
        payload_version: 1,
        // The calendar's text and file name come from a file: numbers are masked.
        origin: crate::model::guard::Origin::Machine,
        payload: crate::model::payload::to_value(&imported)?,
    })?;
    plan.written = Some(event.id);
    Ok(plan)
}

fn override_event(
    region: &Region,
    actor: &Actor,
    o: &NewOverride,
    layer: String,
    now: DateTime<Utc>,
) -> Result<NewEvent, OpError> {
    if region.person(&o.person).is_none() {
        return Err(Refusal::UnknownPerson(o.person.clone()).into());
    }
    let reason = o.reason.trim();
    if reason.is_empty() {
        return Err(Refusal::NeedsReason.into());
    }
    check_free_text("the reason", reason)?;
    if o.to <= o.from {
        return Err(Refusal::EndsBeforeStart(Span::Override).into());
    }
    if o.to <= now {
        return Err(Refusal::AlreadyEnded(Span::Override).into());
    }
    let payload = OverridePayload {
        team: o.team.clone(),
        layer: layer.clone(),
        person: o.person.clone(),
        from: to_storage(o.from),
        to: to_storage(o.to),
        reason: reason.to_string(),
        message: format!("{} on call for {} ({layer}): {reason}", o.person, o.team),
    };
    Ok(NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::OVERRIDE.into(),
        subject: subject(&o.team),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&payload)?,
    })
}

/// "Take the shift now": the actor is on call for the layer from now to the end of the
/// current shift.
pub fn take_shift(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    team: &str,
    layer: Option<&str>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::ChangeRota)?;
    let layer = layer_of(region, team, layer)?;
    let rota = region.rota(store.oncall_overrides()?);
    let (_, end) = rota.span(team, &layer, now);
    let reason = if reason.trim().is_empty() {
        "tar passet nu".to_string()
    } else {
        reason.to_string()
    };
    add_override(
        store,
        region,
        actor,
        &NewOverride {
            team: team.to_string(),
            layer: Some(layer),
            person: actor.account.clone(),
            from: now,
            to: end,
            reason,
        },
        now,
    )
}

/// Cancels an override (by its event id).
pub fn cancel_override(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::ChangeRota)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::NeedsReason.into());
    }
    check_free_text("the reason", reason)?;
    let Some(o) = store.oncall_overrides()?.into_iter().find(|o| o.id == id) else {
        return Err(Refusal::NoOverride(id).into());
    };
    Ok(store.append(NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::OVERRIDE_CANCELLED.into(),
        subject: subject(&o.team),
        corrects: Some(id),
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&crate::model::payload::Reasoned {
            text: reason.to_string(),
            message: format!("override #{id} cancelled: {reason}"),
        })?,
    })?)
}

/// Leaves a note for whoever takes the layer's next shift.
pub fn handoff_note(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    team: &str,
    layer: Option<&str>,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::ChangeRota)?;
    let layer = layer_of(region, team, layer)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::Empty {
            field: crate::model::refusal::Field::Note,
        }
        .into());
    }
    check_free_text("the note", text)?;
    Ok(store.append(NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::HANDOFF_NOTE.into(),
        subject: subject(team),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&crate::model::payload::HandoffNoted {
            team: team.to_string(),
            layer: layer.clone(),
            text: text.to_string(),
            message: format!("handoff note for {team} {layer}: {text}"),
        })?,
    })?)
}
