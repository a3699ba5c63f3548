//! The events of an incident and how they fold into its current state.

use super::event::Event;
use super::fold::{FoldError, known, read};
use super::incident::{Incident, Milestone, Review, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod kind {
    pub const DECLARED: &str = crate::event_kind::EventKind::IncidentDeclared.as_str();
    pub const NOTE: &str = crate::event_kind::EventKind::IncidentNote.as_str();
    pub const STATUS: &str = crate::event_kind::EventKind::IncidentStatusChanged.as_str();
    pub const MILESTONE: &str = crate::event_kind::EventKind::IncidentMilestoneSet.as_str();
    pub const ROLE: &str = crate::event_kind::EventKind::IncidentRoleAssigned.as_str();
    pub const FLAGGED: &str = crate::event_kind::EventKind::IncidentPatientSafetyFlagged.as_str();
    pub const REVIEW: &str = crate::event_kind::EventKind::IncidentReviewUpdated.as_str();
}

pub fn subject(id: &str) -> String {
    format!("incident:{id}")
}

pub fn id_of(subject: &str) -> Option<&str> {
    subject.strip_prefix("incident:")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declared {
    pub title: String,
    pub severity: String,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub care_units: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
}

/// What kind of timeline entry a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Note,
    Decision,
    Update,
    Communication,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub kind: NoteKind,
    /// For communications: who it went to (care units, management, supplier, press …).
    pub audience: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChanged {
    pub from: Status,
    pub to: Status,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneSet {
    pub milestone: Milestone,
    pub at: DateTime<Utc>,
    /// Why, for a correction (the event's `corrects` names the corrected event).
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleAssigned {
    pub role: String,
    pub account: String,
    pub previous: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flagged {
    pub description: String,
}

/// Folds an incident's events (oldest first) into its state. `None` before it is declared.
pub fn fold(events: &[Event]) -> Result<Option<Incident>, FoldError> {
    let mut incident: Option<Incident> = None;
    for e in events {
        let Some(id) = id_of(&e.subject) else {
            continue;
        };
        if e.kind == kind::DECLARED {
            let d: Declared = read(e)?;
            let mut milestones = BTreeMap::new();
            milestones.insert(Milestone::Declared, e.occurred_at);
            if let Some(s) = d.started_at {
                milestones.insert(Milestone::Started, s);
            }
            if let Some(s) = d.detected_at {
                milestones.insert(Milestone::Detected, s);
            }
            incident = Some(Incident {
                id: id.to_string(),
                title: d.title,
                severity: d.severity,
                status: Status::Investigating,
                systems: d.systems,
                care_units: d.care_units,
                description: d.description,
                milestones,
                roles: BTreeMap::new(),
                patient_safety: None,
                review: None,
                declared_by: e.actor.clone(),
            });
            continue;
        }
        let Some(i) = incident.as_mut() else { continue };
        match e.kind.as_str() {
            kind::STATUS => {
                let s: StatusChanged = read(e)?;
                i.status = s.to;
            }
            kind::MILESTONE => {
                let m: MilestoneSet = read(e)?;
                i.milestones.insert(m.milestone, m.at);
            }
            kind::ROLE => {
                let r: RoleAssigned = read(e)?;
                i.roles.insert(r.role, r.account);
            }
            kind::FLAGGED => {
                let f: Flagged = read(e)?;
                i.patient_safety = Some(f.description);
            }
            kind::REVIEW => {
                let r: Review = read(e)?;
                i.review = Some(r);
            }
            _ => known(e)?,
        }
    }
    Ok(incident)
}

/// `page.linked`, `run.linked` v1: a page or run joined to an incident declared after it
/// began (the first sign of trouble on the incident's systems came before the declaration).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Linked {
    pub incident: String,
    /// The start of the window searched: the first sign of trouble on the incident's systems.
    pub since: DateTime<Utc>,
}
