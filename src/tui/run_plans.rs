//! No periodic or start-up query scans the events table (issue 16). Every statement the
//! console's reloads, the monitor's loop and the escalator run against a log with an
//! incident, a page and status changes is captured by SQLite's statement trace and its
//! query plan is checked: `SCAN events` (a walk of the whole table, growing with the log's
//! age) fails the test and names the statement, and so does one subject's events searched
//! through the kind's index (every event of that kind in the log walked to find them).

use super::*;
use crate::model::event::NewEvent;
use crate::model::guard::Origin;
use crate::tui::app::{App, User};
use chrono::Utc;

fn region() -> Region {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid_configs/minimal.toml");
    crate::config::load(&path).unwrap().region
}

fn status_change(system: &str, health: &str, previous: &str) -> NewEvent {
    NewEvent {
        occurred_at: Utc::now(),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: crate::model::event::kind::SYSTEM_STATUS_CHANGED.into(),
        subject: format!("system:{system}"),
        corrects: None,
        payload_version: 1,
        origin: Origin::Machine,
        payload: serde_json::json!({"health": health, "previous": previous, "own": health,
            "check": "c", "message": "svarar inte", "latency_ms": null, "impacted_by": [],
            "suppressed": null, "flapping": false, "maintenance": null}),
    }
}

#[test]
fn no_reload_of_the_console_monitor_or_escalator_scans_the_events_table() {
    let region = Arc::new(region());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    let now = Utc::now();
    let admin = Actor::resolve(&region, "admin1", None).unwrap();
    let seen = store.record_statements();

    // The monitor: the lease, a flush with an outage, paging on it, escalation, pruning.
    let fence = store
        .try_take_lease("h", "beredskap", std::time::Duration::from_secs(30), now)
        .unwrap()
        .unwrap();
    let batch = crate::store::MonitorBatch {
        samples: Vec::new(),
        events: vec![status_change("journal", "down", "up")],
        blind: false,
    };
    store.record_monitor(&fence, batch, now).unwrap();
    store.status_rows().unwrap();
    store.monitor_state().unwrap();
    store.runtime_maintenance(now).unwrap();
    let change: crate::model::event::StatusChange =
        serde_json::from_value(status_change("journal", "down", "up").payload).unwrap();
    crate::ops::page::on_status_changes(&mut store, &region, &[("journal".into(), change)], now)
        .unwrap();
    crate::ops::page::escalate(&mut store, &region, now).unwrap();
    store
        .renew_lease(&fence, std::time::Duration::from_secs(30), now)
        .unwrap();
    store
        .prune_samples(&fence, now - chrono::Duration::days(30))
        .unwrap();
    store.checkpoint(now, &[7; 32]).unwrap();
    let incident = crate::ops::incident::declare(
        &mut store,
        &region,
        &admin,
        &crate::ops::incident::Declare {
            title: "Journalen nere".into(),
            severity: None,
            systems: vec!["journal".into()],
            care_units: Vec::new(),
            description: String::new(),
            started_at: None,
            detected_at: None,
        },
        now,
    )
    .unwrap();

    // The console: every reload and every screen's load.
    let user = User {
        account: "admin1".into(),
        roles: "admin".into(),
        can_write: true,
        can_run: true,
        can_change_rota: true,
        grants: crate::model::role::Permission::ALL.to_vec(),
        role_ids: vec![crate::model::role::Role::Admin],
    };
    let (keymap, _) = crate::tui::keymap::Keymap::with_overrides(&Default::default());
    let mut app = App::new(
        region.clone(),
        Lang::Sv,
        crate::tui::theme::Theme::choose(true, None),
        keymap,
        user,
        dir.path().join("console.log"),
        now,
    );
    let mut loader = Loader {
        export_dir: dir.path().to_path_buf(),
        views: crate::tui::resume::ViewFile::new(dir.path().join("views.json"), &db),
        store,
        region: region.clone(),
        holder: "h".into(),
        history: History::default(),
        history_at: None,
        seen: 0,
        log_of_record: None,
        reach_tried: None,
    };
    loader.run(&mut app, Effect::ReloadStatus, &admin).unwrap();
    let pages_before = app.pages().len();
    // Another process pages someone: the change path picks up exactly that event (an
    // index range after the last id seen) and reloads what it touches.
    {
        let mut other = Store::open(&db).unwrap();
        crate::ops::page::trigger(
            &mut other,
            &region,
            &admin,
            &crate::ops::page::NewPage {
                target: crate::ops::page::PageTarget::Person("admin1".into()),
                message: "Ring mig".into(),
                system: None,
                incident: None,
            },
            now,
        )
        .unwrap();
    }
    let head = loader.store.head().unwrap().unwrap().0;
    assert_eq!(
        super::Touched::by(&loader.store.kinds_after(loader.seen, 100).unwrap()),
        super::Touched {
            pages: true,
            ..Default::default()
        }
    );
    loader.run(&mut app, Effect::ReloadChanged, &admin).unwrap();
    assert_eq!(loader.seen, head);
    assert_eq!(app.pages().len(), pages_before + 1, "the new page is shown");
    // An alert no system's check maps: listed on screen 1 when it comes; a configuration
    // that maps it takes it off the list.
    {
        let mut other = Store::open(&db).unwrap();
        let alert = crate::model::alert::Received {
            fingerprint: "fp-pacs".into(),
            labels: [("job".to_string(), "pacs".to_string())].into(),
            summary: "PACS svarar inte".into(),
            firing: true,
            starts_at: None,
        };
        let mapping = crate::ops::alert::Mapping::of(&region);
        let sender = crate::ops::sender::Sender::receiver("alertmanager", "beredskap", None);
        crate::ops::alert::receive(&mut other, &mapping, &sender, "alertmanager", &[alert], now)
            .unwrap();
    }
    loader.run(&mut app, Effect::ReloadChanged, &admin).unwrap();
    assert_eq!(app.status().unmapped.len(), 1);
    assert_eq!(app.status().unmapped[0].summary, "PACS svarar inte");
    let mut mapped = (*region).clone();
    mapped.systems[0]
        .checks
        .push(crate::model::check::CheckSpec {
            name: "larm".into(),
            kind: crate::model::check::CheckKind::Alert {
                source: "alertmanager".into(),
                selector: r#"{job="pacs"}"#.into(),
                stale_after: None,
            },
            interval: std::time::Duration::from_secs(30),
            timeout: std::time::Duration::from_secs(5),
            failure_threshold: 1,
            success_threshold: 1,
        });
    loader.region = Arc::new(mapped);
    loader.run(&mut app, Effect::ReloadStatus, &admin).unwrap();
    assert!(app.status().unmapped.is_empty(), "mapped now: off the list");
    loader.region = region.clone();
    loader.run(&mut app, Effect::ReloadStatus, &admin).unwrap();
    assert_eq!(app.status().unmapped.len(), 1);
    let head = loader.store.head().unwrap().unwrap().0;
    loader.run(&mut app, Effect::ReloadChanged, &admin).unwrap();
    assert_eq!(loader.seen, head, "nothing new: nothing moves");
    app.incidents_mut().open = true;
    app.status_mut().detail_open = true;
    app.status_mut().selected = Some("journal".into());
    for screen in [
        super::super::action::Screen::Review,
        super::super::action::Screen::Runbooks,
    ] {
        app.show(screen);
        loader.run(&mut app, Effect::ReloadStatus, &admin).unwrap();
    }
    for effect in [
        Effect::ReloadLog,
        Effect::LoadOlderLog,
        Effect::ReloadIncidents,
        Effect::LoadIncident(incident.clone()),
        Effect::ReloadRuns,
        Effect::LoadDetail("journal".into()),
    ] {
        loader.run(&mut app, effect, &admin).unwrap();
    }

    let statements = seen.lock().unwrap().clone();
    assert!(statements.len() > 20, "the trace saw {statements:?}");
    let offenders: Vec<String> = statements
        .iter()
        .filter_map(|sql| {
            let scans = loader.store.full_scans(sql);
            (!scans.is_empty()).then(|| format!("{}\n    → {}", sql.trim(), scans.join("; ")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "{} statement(s) walk the whole events table:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}
