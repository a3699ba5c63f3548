//! Changing the on-call rota at run time: an override (someone covers part of a layer's
//! shifts), taking the current shift now, and cancelling an override. Each is an event with
//! the actor.

use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent};
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
        .ok_or_else(|| OpError::Invalid(format!("unknown team `{team}`")))?;
    if t.rotations.is_empty() {
        return Err(OpError::Invalid(format!(
            "`{team}` has no on-call rota ([[teams.rotations]] in the configuration)"
        )));
    }
    match layer {
        None => Ok(t.rotations[0].layer.clone()),
        Some(l) if t.rotations.iter().any(|r| r.layer == l) => Ok(l.to_string()),
        Some(l) => Err(OpError::Invalid(format!(
            "`{team}` has no layer `{l}` (it has {})",
            t.rotations
                .iter()
                .map(|r| r.layer.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
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

/// Imports shifts (from an `.ics` file) as overrides of a team's layer — an existing layer,
/// or a new one made only of these shifts — all in one transaction: all or nothing.
/// Where imported shifts go.
#[derive(Debug, Clone, Copy)]
pub struct Import<'a> {
    pub team: &'a str,
    pub layer: Option<&'a str>,
    pub new_layer: Option<&'a str>,
    /// The file name, for the overrides' reason.
    pub source: &'a str,
}

pub fn import_shifts(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    import: &Import<'_>,
    shifts: &[crate::model::ics::Shift],
    now: DateTime<Utc>,
) -> Result<Vec<Event>, OpError> {
    let Import {
        team,
        layer,
        new_layer,
        source,
    } = *import;
    actor.require(Permission::ChangeRota)?;
    if region.team(team).is_none() {
        return Err(OpError::Invalid(format!("unknown team `{team}`")));
    }
    let layer = match new_layer {
        Some(l) if l.trim().is_empty() => {
            return Err(OpError::Invalid("the new layer needs a name".into()));
        }
        Some(l) => l.trim().to_string(),
        None => layer_of(region, team, layer)?,
    };
    let events = shifts
        .iter()
        .filter(|s| s.to > now)
        .map(|s| {
            override_event(
                region,
                actor,
                &NewOverride {
                    team: team.to_string(),
                    layer: Some(layer.clone()),
                    person: s.person.clone(),
                    from: s.from,
                    to: s.to,
                    reason: format!("från {source}: {}", s.summary),
                },
                layer.clone(),
                now,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    if events.is_empty() {
        return Err(OpError::Invalid(
            "the calendar has no shifts from now on to import".into(),
        ));
    }
    Ok(store.append_all(events)?)
}

fn override_event(
    region: &Region,
    actor: &Actor,
    o: &NewOverride,
    layer: String,
    now: DateTime<Utc>,
) -> Result<NewEvent, OpError> {
    if region.person(&o.person).is_none() {
        return Err(OpError::Invalid(format!("unknown person `{}`", o.person)));
    }
    let reason = o.reason.trim();
    if reason.is_empty() {
        return Err(OpError::Invalid("give a reason (--reason)".into()));
    }
    check_free_text("the reason", reason)?;
    if o.to <= o.from {
        return Err(OpError::Invalid(
            "the override ends before it starts (--to must be after --from)".into(),
        ));
    }
    if o.to <= now {
        return Err(OpError::Invalid("the override has already ended".into()));
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
        payload: serde_json::to_value(&payload).unwrap_or_default(),
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
        return Err(OpError::Invalid("give a reason (--reason)".into()));
    }
    check_free_text("the reason", reason)?;
    let Some(o) = store.oncall_overrides()?.into_iter().find(|o| o.id == id) else {
        return Err(OpError::Invalid(format!(
            "there is no override #{id} in force (see `beredskap oncall overrides`)"
        )));
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
        }),
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
        return Err(OpError::Invalid("the note is empty".into()));
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
        }),
    })?)
}
