//! The chief physician's review of an incident: the Lex Maria assessment, the decision, the
//! other reporting clocks. Only the physician role records them; each save is an event and
//! the earlier ones stay in the log. Every text goes through the patient-data guard.

use super::{Actor, OpError, Refusal};
use crate::model::assessment::{Assessment, Clock, Decision, kind};
use crate::model::event::{Event, NewEvent};
use crate::model::personnummer::check_free_text;
use crate::model::role::Permission;
use crate::model::timespec::from_storage;
use crate::store::Store;
use chrono::{DateTime, Utc};

fn append(
    store: &mut Store,
    actor: &Actor,
    incident: &str,
    kind: &str,
    payload: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        if conn.incident_events(incident)?.is_empty() {
            return Err(Refusal::NoIncident(incident.to_string()).into());
        }
        Ok(vec![NewEvent {
            occurred_at: now,
            actor: actor.account.clone(),
            os_account: actor.os_account.clone(),
            kind: kind.into(),
            subject: crate::model::incident_log::subject(incident),
            corrects: None,
            payload_version: 1,
            origin: crate::model::guard::Origin::Person,
            payload: payload.clone(),
        }])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// Records (or revises) the assessment.
pub fn assess(
    store: &mut Store,
    actor: &Actor,
    incident: &str,
    a: &Assessment,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::Assess)?;
    use crate::model::refusal::Field;
    for (field, text) in [
        (Field::Reasoning, a.reasoning.as_str()),
        (Field::Causes, a.causes.as_str()),
        (Field::RiskAssessment, a.risk_assessment.as_str()),
    ] {
        if text.trim().is_empty() {
            return Err(Refusal::IvoAsks(field).into());
        }
        check_free_text(field.english(), text)?;
    }
    check_free_text("informed_how", &a.informed_how)?;
    for x in &a.actions {
        for (field, text) in [
            ("actions.what", &x.what),
            ("actions.owner", &x.owner),
            ("actions.verification", &x.verification),
        ] {
            check_free_text(field, text)?;
        }
        if chrono::NaiveDate::parse_from_str(&x.due, "%Y-%m-%d").is_err() {
            return Err(Refusal::NotADate {
                field: crate::model::refusal::Field::ActionDue,
                value: x.due.clone(),
            }
            .into());
        }
    }
    for e in &a.earlier {
        check_free_text("earlier.note", &e.note)?;
    }
    for u in &a.care_units {
        check_free_text("care_units", u)?;
    }
    append(
        store,
        actor,
        incident,
        kind::ASSESSMENT,
        crate::model::payload::to_value(a)?,
        now,
    )
}

/// Records the decision: report to IVO under Lex Maria, or not, and why.
pub fn decide(
    store: &mut Store,
    actor: &Actor,
    incident: &str,
    d: &Decision,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::Assess)?;
    if d.motivation.trim().is_empty() {
        return Err(super::Refusal::DecisionNeedsMotivation.into());
    }
    check_free_text("the motivation", &d.motivation)?;
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let events = conn.incident_events(incident)?;
        if events.is_empty() {
            return Err(super::Refusal::NoIncident(incident.to_string()).into());
        }
        // Read under the write lock: a decision against the assessment in force (a risk of
        // serious harm, not reported) is never passed without a word; it is recorded as a
        // deliberate choice, and only when it is one.
        let review = crate::model::assessment::fold(&events)?;
        let against = !d.report
            && review
                .assessment
                .as_ref()
                .is_some_and(|(a, ..)| a.serious_risk);
        if against && !d.against_assessment {
            return Err(super::Refusal::DecisionAgainstAssessment.into());
        }
        let decision = Decision {
            against_assessment: against,
            ..d.clone()
        };
        Ok(vec![NewEvent {
            occurred_at: now,
            actor: actor.account.clone(),
            os_account: actor.os_account.clone(),
            kind: kind::DECISION.into(),
            subject: crate::model::incident_log::subject(incident),
            corrects: None,
            payload_version: 1,
            origin: crate::model::guard::Origin::Person,
            payload: crate::model::payload::to_value(&decision)?,
        }])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// Records whether another reporting clock applies, from when, and what was reported.
pub fn set_clock(
    store: &mut Store,
    actor: &Actor,
    incident: &str,
    c: &Clock,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::Assess)?;
    if from_storage(&c.aware_at).is_none()
        || c.reported_at
            .as_deref()
            .is_some_and(|r| from_storage(r).is_none())
    {
        return Err(Refusal::ClockTime.into());
    }
    check_free_text("the reference", &c.reference)?;
    append(
        store,
        actor,
        incident,
        kind::CLOCK,
        crate::model::payload::to_value(c)?,
        now,
    )
}
