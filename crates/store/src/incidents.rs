//! Incidents in the store: the `incidents` projection and reads.

use super::query::{SELECT_EVENT, event_from_row};
use super::{Store, StoreError};
use crate::model::event::{Event, kind as event_kind, subject as event_subject};
use crate::model::incident::{Incident, Status};
use crate::model::incident_log::{self, Declared, RoleAssigned, StatusChanged, id_of, kind};
use crate::model::timespec::{from_storage, to_storage};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// The role whose holder is shown as commander in lists.
pub const COMMANDER_ROLE: &str = "commander";

/// One incident in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub status: Status,
    pub declared_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub commander: Option<String>,
    pub patient_safety: bool,
    pub systems: Vec<String>,
}

pub(super) fn apply(conn: &Connection, e: &Event) -> Result<(), StoreError> {
    let Some(id) = id_of(&e.subject) else {
        return Ok(());
    };
    let at = to_storage(e.occurred_at);
    match e.kind.as_str() {
        kind::DECLARED => {
            let d: Declared = serde_json::from_value(e.payload.clone())
                .map_err(|x| StoreError::Corrupt(format!("event #{}: {x}", e.id)))?;
            conn.execute(
                "INSERT INTO incidents (id, title, severity, status, declared_at, updated_at, commander, \
                 patient_safety, systems) VALUES (?1, ?2, ?3, 'investigating', ?4, ?4, NULL, 0, ?5)",
                params![id, d.title, d.severity, at, serde_json::to_string(&d.systems).unwrap_or_default()],
            )?;
            return Ok(());
        }
        kind::STATUS => {
            let s: StatusChanged = crate::model::payload::read(e)?;
            conn.execute(
                "UPDATE incidents SET status = ?2 WHERE id = ?1",
                params![id, s.to.as_str()],
            )?;
        }
        kind::ROLE => {
            let r: RoleAssigned = crate::model::payload::read(e)?;
            if r.role == COMMANDER_ROLE {
                conn.execute(
                    "UPDATE incidents SET commander = ?2 WHERE id = ?1",
                    params![id, r.account],
                )?;
            }
        }
        kind::FLAGGED => {
            conn.execute(
                "UPDATE incidents SET patient_safety = 1 WHERE id = ?1",
                [id],
            )?;
        }
        _ => {}
    }
    conn.execute(
        "UPDATE incidents SET updated_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// The next incident id for `year` (`INC-2026-0042`), read inside the write transaction.
pub(crate) fn next_incident_id(conn: &Connection, year: i32) -> Result<String, StoreError> {
    let prefix = format!("INC-{year}-");
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM incidents WHERE id LIKE ?1",
        [format!("{prefix}%")],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:04}", n + 1))
}

/// Every event of an incident, oldest first.
pub(crate) fn incident_events(conn: &Connection, id: &str) -> Result<Vec<Event>, StoreError> {
    super::query::subject_events(conn, &incident_log::subject(id))
}

impl Store {
    /// Every event of an incident, oldest first (empty when there is no such incident).
    pub fn incident_events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        incident_events(&self.conn, id)
    }

    /// Incidents: open ones first (newest first), then the rest newest first.
    pub fn incident_rows(&self, include_closed: bool) -> Result<Vec<IncidentRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, severity, status, declared_at, updated_at, commander, patient_safety, systems \
             FROM incidents ORDER BY CASE WHEN status IN ('investigating', 'identified', 'monitoring') \
             THEN 0 ELSE 1 END, declared_at DESC, id DESC",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let status: String = r.get(3)?;
            let status = Status::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?;
            if !include_closed && !status.is_open() && status != Status::Resolved {
                continue;
            }
            let (declared, updated): (String, String) = (r.get(4)?, r.get(5)?);
            let systems: String = r.get(8)?;
            out.push(IncidentRow {
                id: r.get(0)?,
                title: r.get(1)?,
                severity: r.get(2)?,
                status,
                declared_at: from_storage(&declared)
                    .ok_or_else(|| StoreError::Corrupt("time".into()))?,
                updated_at: from_storage(&updated)
                    .ok_or_else(|| StoreError::Corrupt("time".into()))?,
                commander: r.get(6)?,
                patient_safety: r.get(7)?,
                systems: serde_json::from_str(&systems).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// An incident folded from its events, or `None`.
    pub fn incident(&self, id: &str) -> Result<Option<Incident>, StoreError> {
        Ok(incident_log::fold(&incident_events(&self.conn, id)?)?)
    }

    /// The incident's timeline: its own events and, while it was open, the status changes
    /// of its systems; oldest first.
    pub fn incident_timeline(&self, incident: &Incident) -> Result<Vec<Event>, StoreError> {
        self.incident_timeline_with(incident, incident_events(&self.conn, &incident.id)?)
    }

    /// An incident with its own events, read once: the incident folded and its timeline
    /// (what an export needs; folding and the timeline read the same events).
    pub fn incident_with_timeline(
        &self,
        id: &str,
    ) -> Result<Option<(Incident, Vec<Event>)>, StoreError> {
        let events = incident_events(&self.conn, id)?;
        let Some(incident) = incident_log::fold(&events)? else {
            return Ok(None);
        };
        let timeline = self.incident_timeline_with(&incident, events)?;
        Ok(Some((incident, timeline)))
    }

    /// The timeline from the incident's own `events` (already read).
    fn incident_timeline_with(
        &self,
        incident: &Incident,
        mut events: Vec<Event>,
    ) -> Result<Vec<Event>, StoreError> {
        let from = incident
            .milestones
            .values()
            .min()
            .copied()
            .unwrap_or_else(chrono::Utc::now);
        let to = incident
            .milestones
            .get(&crate::model::incident::Milestone::Closed)
            .or(incident
                .milestones
                .get(&crate::model::incident::Milestone::Resolved))
            .copied();
        // Runs of downtime routines linked to the incident: every step is in its timeline.
        let runs: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM runs WHERE incident = ?1")?;
            stmt.query_map([&incident.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for run in runs {
            events.extend(super::runs::run_events(&self.conn, &run)?);
        }
        // Pages for the incident: who was paged, escalations, acknowledgements.
        let pages: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM pages WHERE incident = ?1")?;
            stmt.query_map([&incident.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for page in pages {
            events.extend(super::pages::page_events(&self.conn, &page)?);
        }
        // Status changes from the first sign of trouble: the earliest of the milestones and
        // the pages and runs that belong to it (those linked afterwards began before it).
        let from = events
            .iter()
            .filter_map(|e| {
                Some(&e.payload)
                    .filter(|_| e.kind.ends_with(".linked"))
                    .and_then(|p| p.get("since"))
                    .and_then(|v| v.as_str())
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .or(Some(e.occurred_at))
            })
            .fold(from, |a, b| a.min(b));
        let mut stmt = self.conn.prepare_cached(&format!(
            // `+kind`: through the subject's index (a system's own events), never the kind's,
            // which holds every status change of every system in the log.
            "{SELECT_EVENT} WHERE +kind = ?1 AND subject = ?2 AND occurred_at >= ?3 AND (?4 IS NULL OR occurred_at <= ?4) ORDER BY id"
        ))?;
        for system in &incident.systems {
            let mut rows = stmt.query(params![
                event_kind::SYSTEM_STATUS_CHANGED,
                event_subject::system(system),
                to_storage(from),
                to.map(to_storage)
            ])?;
            while let Some(r) = rows.next()? {
                events.push(event_from_row(r)?);
            }
        }
        events.sort_by_key(|e| (e.occurred_at, e.id));
        Ok(events)
    }

    /// Whether an incident exists.
    pub fn incident_exists(&self, id: &str) -> Result<bool, StoreError> {
        exists(&self.conn, id)
    }
}

/// Whether an incident exists (the projection: one index lookup, not a fold of its events).
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT 1 FROM incidents WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}
