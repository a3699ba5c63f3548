//! Carrying out the console's incident effects through the core operations (the same ones
//! the command line uses), and loading the open incident.

use super::app::Effect;
use super::incidents::{IncidentDetail, Live};
use crate::i18n::Lang;
use crate::i18n::T;
use crate::model::health::Health;
use crate::model::incident::{Milestone, Status};
use crate::model::incident_log::NoteKind;
use crate::model::region::Region;
use crate::ops::incident::{self as ops, Assignment, Declare};
use crate::ops::{Actor, OpError, Refusal};
use crate::store::{Store, StoreError};
use chrono::Utc;

pub fn load(store: &Store, id: &str) -> Result<Option<IncidentDetail>, StoreError> {
    let Some(incident) = store.incident(id)? else {
        return Ok(None);
    };
    let timeline = store.incident_timeline(&incident)?;
    let status = store.status_rows()?;
    let systems = incident
        .systems
        .iter()
        .map(|s| {
            (
                s.clone(),
                status
                    .iter()
                    .find(|r| &r.system_id == s)
                    .map(|r| {
                        if crate::model::follow_on::is_impacted(r.health, &r.impacted_by) {
                            Live::Impacted
                        } else {
                            Live::Health(r.health)
                        }
                    })
                    .unwrap_or(Live::Health(Health::Unknown)),
            )
        })
        .collect();
    Ok(Some(IncidentDetail::new(incident, timeline, systems)))
}

/// Runs an incident effect. Returns a newly declared id and the outcome for the footer.
pub fn carry_out(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    lang: Lang,
    effect: Effect,
) -> (Option<String>, (String, bool)) {
    let now = Utc::now();
    let tz = region.site.time_zone;
    let result: Result<Option<String>, OpError> = match effect {
        Effect::Declare {
            title,
            system,
            severity,
        } => {
            let d = Declare {
                title,
                severity,
                systems: system.into_iter().collect(),
                ..Default::default()
            };
            ops::declare(store, region, actor, &d, now).map(Some)
        }
        Effect::IncidentNote { id, text } => {
            ops::note(store, actor, &id, &text, NoteKind::Note, None, None, now).map(|_| None)
        }
        Effect::IncidentStatus { id, status } => match Status::parse(status.trim()) {
            Some(s) => ops::set_status(store, actor, &id, s, "", now).map(|_| None),
            None => Err(Refusal::UnknownStatus(status).into()),
        },
        Effect::IncidentMilestone { id, text } => {
            let (name, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            match Milestone::parse(name) {
                None => Err(Refusal::UnknownMilestone(name.to_string()).into()),
                Some(m) => crate::model::timespec::leading_time(rest, tz, now)
                    .map_err(|e| OpError::from(Refusal::Time(e)))
                    .and_then(|(at, reason)| {
                        ops::set_milestone(store, actor, &id, m, at.unwrap_or(now), &reason, now)
                    })
                    .map(|_| None),
            }
        }
        Effect::IncidentRole { id, text } => {
            let mut words = text.split_whitespace();
            let (role, account) = (
                words.next().unwrap_or_default(),
                words.next().unwrap_or_default(),
            );
            let note: Vec<&str> = words.collect();
            let a = Assignment {
                role: role.into(),
                account: account.into(),
                note: note.join(" "),
            };
            ops::assign_role(store, region, actor, &id, &a, now).map(|_| None)
        }
        Effect::IncidentFlag { id, text } => {
            ops::flag_patient_safety(store, actor, &id, &text, now).map(|_| None)
        }
        _ => Ok(None),
    };
    match result {
        Ok(Some(id)) => (
            Some(id.clone()),
            (format!("{} {id}", lang.t(T::IncDeclared)), false),
        ),
        Ok(None) => (None, (lang.t(T::IncDone).to_string(), false)),
        Err(e) => (None, (crate::i18n::failure::describe(lang, tz, &e), true)),
    }
}
