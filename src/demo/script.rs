//! The demo's scripted incident: declared, staffed, noted, flagged and resolved by the demo
//! region's incident commander through the same core operations people use.

use super::scenario::ScriptedIncident;
use crate::model::incident::{Milestone, Status};
use crate::model::incident_log::NoteKind;
use crate::model::region::Region;
use crate::ops::Actor;
use crate::ops::incident::{self as ops, Assignment, Declare};
use crate::store::Store;
use chrono::Utc;
use std::path::PathBuf;
use std::time::Duration;
use tokio::time::{Instant, sleep_until};

/// Runs the scripted incidents relative to `start`. Failures are logged, never fatal.
pub async fn run(region: Region, db: PathBuf, incidents: Vec<ScriptedIncident>, start: Instant) {
    for i in incidents {
        sleep_until(start + i.at).await;
        if let Err(e) = play(&region, &db, &i, start).await {
            tracing::warn!("demo incident: {e}");
        }
    }
}

async fn play(
    region: &Region,
    db: &std::path::Path,
    i: &ScriptedIncident,
    start: Instant,
) -> Result<(), String> {
    let os = crate::ops::actor::os_account();
    let commander = Actor::resolve(region, &os, Some(&i.commander)).map_err(|e| e.to_string())?;
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let now = Utc::now();
    let d = Declare {
        title: i.title.clone(),
        systems: i.systems.clone(),
        care_units: i.care_units.clone(),
        started_at: Some(now - chrono::Duration::seconds(15)),
        detected_at: Some(now - chrono::Duration::seconds(12)),
        ..Default::default()
    };
    let id = ops::declare(&mut store, region, &commander, &d, now).map_err(|e| e.to_string())?;
    let assign = |store: &mut Store, role: &str, account: &str| {
        let a = Assignment {
            role: role.into(),
            account: account.into(),
            note: String::new(),
        };
        ops::assign_role(store, region, &commander, &id, &a, Utc::now()).map_err(|e| e.to_string())
    };
    assign(&mut store, "commander", &i.commander)?;
    if let Some(s) = &i.scribe {
        assign(&mut store, "scribe", s)?;
    }
    ops::set_milestone(
        &mut store,
        &commander,
        &id,
        Milestone::Acknowledged,
        Utc::now(),
        "",
        Utc::now(),
    )
    .map_err(|e| e.to_string())?;
    drop(store);
    for (k, note) in i.notes.iter().enumerate() {
        tokio::time::sleep(Duration::from_secs(6)).await;
        let mut store = Store::open(db).map_err(|e| e.to_string())?;
        let kind = if k == 1 {
            NoteKind::Decision
        } else {
            NoteKind::Note
        };
        ops::note(
            &mut store,
            &commander,
            &id,
            note,
            kind,
            None,
            None,
            Utc::now(),
        )
        .map_err(|e| e.to_string())?;
        if k == 0
            && let Some(f) = &i.flag
        {
            ops::flag_patient_safety(&mut store, &commander, &id, f, Utc::now())
                .map_err(|e| e.to_string())?;
        }
    }
    if let Some(r) = i.resolve_at {
        sleep_until(start + r).await;
        let mut store = Store::open(db).map_err(|e| e.to_string())?;
        ops::set_milestone(
            &mut store,
            &commander,
            &id,
            Milestone::Mitigated,
            Utc::now(),
            "",
            Utc::now(),
        )
        .map_err(|e| e.to_string())?;
        ops::set_status(
            &mut store,
            &commander,
            &id,
            Status::Resolved,
            "",
            Utc::now(),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}
