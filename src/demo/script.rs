//! The demo's scripted incident: declared, staffed, noted, flagged and resolved by the demo
//! region's incident commander through the same core operations people use.

use super::scenario::{ScriptedAlert, ScriptedHeartbeat, ScriptedIncident, ScriptedRun};
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

/// Pings the scripted heartbeats while the (repeating) scenario clock is before their
/// `until`; sends the scripted alerts at their times, each repeat. Failures are logged.
pub async fn feeds(
    region: Region,
    db: PathBuf,
    heartbeats: Vec<ScriptedHeartbeat>,
    alerts: Vec<ScriptedAlert>,
    repeat: Option<Duration>,
    start: Instant,
) {
    let period = repeat.filter(|r| !r.is_zero());
    let clock = move || {
        let e = start.elapsed();
        match period {
            Some(p) => Duration::from_nanos((e.as_nanos() % p.as_nanos()) as u64),
            None => e,
        }
    };
    for h in heartbeats {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(h.every.max(Duration::from_secs(1)));
            loop {
                tick.tick().await;
                if clock() >= h.until {
                    continue;
                }
                let pinged =
                    Store::open(&db).and_then(|mut s| s.ping(&h.id, true, "", "demo", Utc::now()));
                if let Err(e) = pinged {
                    tracing::warn!("demo heartbeat {}: {e}", h.id);
                }
            }
        });
    }
    if alerts.is_empty() {
        return;
    }
    let mapping = crate::ops::alert::Mapping::of(&region);
    let mut round = Duration::ZERO;
    loop {
        for a in &alerts {
            sleep_until(start + round + a.at).await;
            let received = crate::model::alert::Received {
                fingerprint: crate::model::alert::fingerprint_of(&a.labels),
                labels: a.labels.clone(),
                summary: a.summary.clone(),
                firing: !a.resolved,
                starts_at: None,
            };
            let sent = Store::open(&db)
                .map_err(crate::ops::OpError::from)
                .and_then(|mut s| {
                    // The demo's simulated monitoring, named as such in the log.
                    let sender = crate::ops::sender::Sender {
                        account: format!("demo:{}", a.source),
                        os_account: crate::ops::actor::os_account(),
                        address: None,
                    };
                    crate::ops::alert::receive(
                        &mut s,
                        &mapping,
                        &sender,
                        &a.source,
                        &[received],
                        Utc::now(),
                    )
                });
            if let Err(e) = sent {
                tracing::warn!("demo alert: {e}");
            }
        }
        match period {
            Some(p) => round += p,
            None => return,
        }
    }
}

/// Runs the scripted incidents and runbook runs relative to `start`. Failures are logged,
/// never fatal.
pub async fn run(
    region: Region,
    db: PathBuf,
    incidents: Vec<ScriptedIncident>,
    runs: Vec<ScriptedRun>,
    start: Instant,
) {
    let (r, d) = (region.clone(), db.clone());
    let runs = tokio::spawn(async move {
        for run in runs {
            sleep_until(start + run.at).await;
            if let Err(e) = play_run(&r, &d, &run, start).await {
                tracing::warn!("demo runbook run: {e}");
            }
        }
    });
    for i in incidents {
        sleep_until(start + i.at).await;
        if let Err(e) = play(&region, &db, &i, start).await {
            tracing::warn!("demo incident: {e}");
        }
    }
    let _ = runs.await;
}

/// Starts a runbook run and works its scripted steps at their times.
async fn play_run(
    region: &Region,
    db: &std::path::Path,
    r: &ScriptedRun,
    start: Instant,
) -> Result<(), String> {
    use crate::ops::run::{self as runs, StepAction};
    let os = crate::ops::actor::os_account();
    let actor =
        |account: &str| Actor::resolve(region, &os, Some(account)).map_err(|e| e.to_string());
    let (ok, _) = crate::config::runbooks::load_all(region).map_err(|e| e.to_string())?;
    let rb = ok
        .into_iter()
        .find(|l| l.runbook.meta.id == r.runbook)
        .ok_or_else(|| format!("no runbook {}", r.runbook))?;
    let starter = actor(&r.by)?;
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let id = runs::start(
        &mut store,
        region,
        &starter,
        &rb.runbook,
        &rb.text,
        None,
        Utc::now(),
    )
    .map_err(|e| e.to_string())?;
    drop(store);
    for st in &r.steps {
        sleep_until(start + st.at).await;
        let who = actor(st.by.as_deref().unwrap_or(&r.by))?;
        let action = match (&st.skip, &st.note) {
            (Some(reason), _) => StepAction::Skip {
                reason: reason.clone(),
            },
            (None, Some(text)) => StepAction::Note { text: text.clone() },
            (None, None) => StepAction::Done {
                value: st.value.clone(),
            },
        };
        let mut store = Store::open(db).map_err(|e| e.to_string())?;
        // Someone watching the demo may have taken the step already: that is fine.
        if let Err(e) = runs::step(&mut store, region, &who, &id, st.step, &action, Utc::now()) {
            tracing::info!("demo run {id} step {}: {e}", st.step);
        }
    }
    Ok(())
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
