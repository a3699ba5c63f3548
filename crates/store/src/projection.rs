//! Projections: current state derived from the log, written in the same transaction as
//! the event that changes it, and rebuildable from the log alone.

use super::{Store, StoreError};
use crate::model::event::{Event, StatusChange, subject};
use crate::model::timespec::to_storage;
use rusqlite::{Connection, params};

/// Tables that hold only derived state (never the log itself).
const PROJECTION_TABLES: &[&str] = &[
    "diary_entries",
    "system_status",
    "maintenance_windows",
    "incidents",
    "runs",
    "pages",
];

/// Applies one event to the projections.
pub(super) fn apply(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    use crate::model::event_kind::EventKind as K;
    let Some(known) = K::parse(&event.kind) else {
        // The payload check refuses an unknown kind before it gets here.
        return Ok(());
    };
    // Every kind, no wildcard: a new kind says here whether it changes a projection.
    match known {
        K::SystemStatusChanged => apply_status(conn, event),
        K::MaintenanceAdded => apply_maintenance(conn, event),
        K::MaintenanceEnded => apply_maintenance_ended(conn, event),
        K::MaintenanceSilenced => apply_silences(conn, event),
        K::IncidentDeclared
        | K::IncidentNote
        | K::IncidentStatusChanged
        | K::IncidentMilestoneSet
        | K::IncidentRoleAssigned
        | K::IncidentPatientSafetyFlagged
        | K::IncidentReviewUpdated => super::incidents::apply(conn, event),
        K::RunStarted
        | K::RunStepDone
        | K::RunStepSkipped
        | K::RunStepNoted
        | K::RunStepUndone
        | K::RunCompleted
        | K::RunAborted
        | K::RunLinked => super::runs::apply(conn, event),
        K::PageTriggered
        | K::PageNotified
        | K::PageAcknowledged
        | K::PageResolved
        | K::PageDelivery
        | K::PageLinked => super::pages::apply(conn, event),
        K::DiaryNote => apply_diary(conn, event),
        // Kinds that change no projection: the log alone holds them.
        K::MonitorBlind
        | K::MonitorSighted
        | K::LogRestored
        | K::ConfigApplied
        | K::MonitorLeaseTaken
        | K::MaintenanceUnsilenced
        | K::AlertReceived
        | K::OncallOverride
        | K::OncallOverrideCancelled
        | K::OncallHandoffNote
        | K::OncallCalendarImported
        | K::ReviewAssessment
        | K::ReviewDecision
        | K::ReviewClock
        | K::ExportLexMaria
        | K::GuardMasked
        | K::LogRedacted => Ok(()),
    }
}

fn apply_diary(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    let text = event
        .payload
        .get("text")
        .and_then(|t| t.as_str())
        .unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO diary_entries (event_id, occurred_at, actor, subject, text) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        event.id,
        to_storage(event.occurred_at),
        event.actor,
        event.subject,
        text
    ])?;
    Ok(())
}

fn apply_status(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    let Some(system) = subject::system_id(&event.subject) else {
        return Ok(());
    };
    let c: StatusChange = serde_json::from_value(event.payload.clone())
        .map_err(|e| StoreError::Corrupt(format!("event #{}: {e}", event.id)))?;
    conn.prepare_cached(
        "INSERT INTO system_status (system_id, health, own_health, since, check_name, message, \
         latency_ms, impacted_by, suppressed, flapping, maintenance, event_id, impacted_since, \
         finding) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                 CASE WHEN ?8 = '[]' THEN NULL ELSE ?4 END, ?13) \
         ON CONFLICT (system_id) DO UPDATE SET health = excluded.health, \
         own_health = excluded.own_health, \
         since = CASE WHEN system_status.health = excluded.health THEN system_status.since \
                      ELSE excluded.since END, \
         check_name = excluded.check_name, message = excluded.message, \
         finding = excluded.finding, latency_ms = excluded.latency_ms, impacted_by = excluded.impacted_by, \
         suppressed = excluded.suppressed, flapping = excluded.flapping, \
         maintenance = excluded.maintenance, event_id = excluded.event_id, \
         impacted_since = CASE WHEN excluded.impacted_by = '[]' THEN NULL \
                               WHEN system_status.impacted_by <> '[]' \
                                    THEN coalesce(system_status.impacted_since, excluded.impacted_since) \
                               ELSE excluded.impacted_since END",
    )?
    .execute(params![
        system,
        c.health.as_str(),
        c.own.as_str(),
        to_storage(event.occurred_at),
        c.check,
        c.message,
        c.latency_ms.map(|l| l as i64),
        serde_json::to_string(&c.impacted_by).unwrap_or_else(|_| "[]".into()),
        c.suppressed,
        c.flapping,
        c.maintenance,
        event.id,
        c.finding.as_ref().and_then(super::finding::to_column)
    ])?;
    Ok(())
}

fn apply_maintenance(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    let p = &event.payload;
    let text = |k: &str| {
        p.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let systems = p.get("systems").cloned().unwrap_or(serde_json::json!([]));
    conn.prepare_cached(
        "INSERT INTO maintenance_windows (event_id, systems, starts_at, ends_at, reason, actor) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        event.id,
        systems.to_string(),
        text("from"),
        text("to"),
        text("reason"),
        event.actor
    ])?;
    Ok(())
}

/// An early end: the window ends when the event was written (never later than planned).
fn apply_maintenance_ended(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    let window = event.payload.get("window").and_then(|v| v.as_i64());
    conn.prepare_cached(
        "UPDATE maintenance_windows SET ends_at = ?2 WHERE event_id = ?1 AND ends_at > ?2",
    )?
    .execute(params![
        window,
        crate::model::timespec::to_storage(event.occurred_at)
    ])?;
    Ok(())
}

/// Silences made for a window: remembered so that ending it can expire them.
fn apply_silences(conn: &Connection, event: &Event) -> Result<(), StoreError> {
    let p = &event.payload;
    let window = p.get("window").and_then(|v| v.as_i64());
    let source = p.get("source").and_then(|v| v.as_str()).unwrap_or_default();
    let ids: Vec<serde_json::Value> = p
        .get("silences")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .map(|id| serde_json::json!({"source": source, "id": id}))
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let before: Option<String> = conn
        .prepare_cached("SELECT silences FROM maintenance_windows WHERE event_id = ?1")?
        .query_row([window], |r| r.get(0))
        .ok();
    let mut all: Vec<serde_json::Value> = before
        .and_then(|b| serde_json::from_str(&b).ok())
        .unwrap_or_default();
    all.extend(ids);
    conn.prepare_cached("UPDATE maintenance_windows SET silences = ?2 WHERE event_id = ?1")?
        .execute(params![window, serde_json::Value::Array(all).to_string()])?;
    Ok(())
}

impl Store {
    /// Empties the projections and replays the whole log into them, in one transaction.
    pub fn rebuild_projections(&mut self) -> Result<u64, StoreError> {
        let tx = self.write_transaction()?;
        for table in PROJECTION_TABLES {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        let mut replayed = 0;
        {
            let mut stmt = tx.prepare(&format!("{} ORDER BY id", super::query::SELECT_EVENT))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let event = super::query::event_from_row(row)?;
                apply(&tx, &event)?;
                replayed += 1;
            }
        }
        tx.commit()?;
        Ok(replayed)
    }

    /// Diary entries from the projection, newest last: (event id, occurred_at, actor, text).
    pub fn diary(&self, limit: usize) -> Result<Vec<(i64, String, String, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT event_id, occurred_at, actor, text FROM \
             (SELECT * FROM diary_entries ORDER BY occurred_at DESC, event_id DESC LIMIT ?1) \
             ORDER BY occurred_at, event_id",
        )?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
