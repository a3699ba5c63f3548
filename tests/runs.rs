//! Runbook runs on real database files and through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::run::{RunStatus, StepState};
use beredskap::ops::Actor;
use beredskap::ops::run::{self as ops, StepAction};
use beredskap::store::Store;
use chrono::Utc;
use common::{repo, stderr};
use std::path::Path;
use std::process::{Command, Stdio};

fn demo() -> beredskap::model::region::Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

fn runbook(id: &str) -> (beredskap::model::runbook::Runbook, String) {
    let text = std::fs::read_to_string(repo().join(format!("runbooks/{id}.md"))).unwrap();
    (beredskap::model::runbook::parse(&text).unwrap(), text)
}

fn actor(region: &beredskap::model::region::Region, account: &str) -> Actor {
    Actor::resolve(region, "test", Some(account)).unwrap()
}

#[test]
fn a_run_records_who_did_each_step_and_keeps_the_text_it_started_from() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let (rb, text) = runbook("lab-nere");
    let (tekla, mans) = (actor(&region, "op.tekla"), actor(&region, "op.mans"));
    let now = Utc::now();
    let id = ops::start(&mut store, &region, &tekla, &rb, &text, None, now).unwrap();
    ops::step(
        &mut store,
        &region,
        &tekla,
        &id,
        1,
        &StepAction::Done { value: None },
        now,
    )
    .unwrap();
    ops::step(
        &mut store,
        &region,
        &mans,
        &id,
        4,
        &StepAction::Done {
            value: Some("12".into()),
        },
        now,
    )
    .unwrap();
    ops::step(
        &mut store,
        &region,
        &mans,
        &id,
        2,
        &StepAction::Skip {
            reason: "Upptaget".into(),
        },
        now,
    )
    .unwrap();
    ops::step(
        &mut store,
        &region,
        &mans,
        &id,
        3,
        &StepAction::Note {
            text: "Läkaren informerad muntligt".into(),
        },
        now,
    )
    .unwrap();
    let e = ops::step(
        &mut store,
        &region,
        &mans,
        &id,
        1,
        &StepAction::Done { value: None },
        now,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("step 1 is already done: by op.tekla at "),
        "{e}"
    );
    let undo = ops::step(
        &mut store,
        &region,
        &tekla,
        &id,
        4,
        &StepAction::Undo {
            reason: "fel antal".into(),
        },
        now,
    )
    .unwrap();
    assert!(undo.corrects.is_some(), "an undo names what it corrects");
    let e = ops::complete(&mut store, &tekla, &id, now).unwrap_err();
    assert!(e.to_string().contains("neither done nor skipped"), "{e}");
    let run = store.run(&id).unwrap().unwrap();
    assert_eq!(run.sha256, rb.sha256);
    assert!(matches!(&run.steps[0].state, StepState::Done { by, .. } if by == "op.tekla"));
    assert!(
        matches!(&run.steps[1].state, StepState::Skipped { reason, .. } if reason == "Upptaget")
    );
    assert_eq!(run.steps[3].state, StepState::Pending, "undone");
    assert_eq!(run.steps[2].notes.len(), 1);
    for n in 1..=run.steps.len() {
        let _ = ops::step(
            &mut store,
            &region,
            &tekla,
            &id,
            n,
            &StepAction::Done { value: None },
            now,
        );
    }
    ops::complete(&mut store, &tekla, &id, now).unwrap();
    assert_eq!(
        store.run(&id).unwrap().unwrap().status,
        RunStatus::Completed
    );
    let e = ops::step(
        &mut store,
        &region,
        &tekla,
        &id,
        1,
        &StepAction::Note { text: "x".into() },
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("takes no more steps"), "{e}");
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn refusals_roles_and_the_guard() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let (rb, text) = runbook("journal-nere");
    let now = Utc::now();
    let viewer = actor(&region, "ledning.anna");
    assert!(
        ops::start(&mut store, &region, &viewer, &rb, &text, None, now)
            .unwrap_err()
            .to_string()
            .contains("may not run downtime runbooks")
    );
    let tekla = actor(&region, "op.tekla");
    assert!(
        ops::start(
            &mut store,
            &region,
            &tekla,
            &rb,
            &text,
            Some("INC-1999-0001"),
            now
        )
        .unwrap_err()
        .to_string()
        .contains("there is no incident")
    );
    let id = ops::start(&mut store, &region, &tekla, &rb, &text, None, now).unwrap();
    let head = store.head().unwrap();
    for (n, action, needle) in [
        (99, StepAction::Done { value: None }, "not 99"),
        (1, StepAction::Skip { reason: " ".into() }, "is empty"),
        (
            1,
            StepAction::Note {
                text: "pnr 121212-1212".into(),
            },
            "personnummer",
        ),
        (
            1,
            StepAction::Undo {
                reason: String::new(),
            },
            "nothing to undo",
        ),
    ] {
        let e = ops::step(&mut store, &region, &tekla, &id, n, &action, now).unwrap_err();
        assert!(e.to_string().contains(needle), "{needle}: {e}");
    }
    assert!(ops::abort(&mut store, &tekla, &id, "", now).is_err());
    assert_eq!(store.head().unwrap(), head, "nothing written");
    ops::abort(
        &mut store,
        &tekla,
        &id,
        "Systemet tillbaka innan rutinen behövdes",
        now,
    )
    .unwrap();
    assert_eq!(store.run(&id).unwrap().unwrap().status, RunStatus::Aborted);
}

#[test]
fn a_run_for_an_incident_appears_in_its_timeline() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let now = Utc::now();
    let karin = actor(&region, "il.karin");
    let inc = beredskap::ops::incident::declare(
        &mut store,
        &region,
        &karin,
        &beredskap::ops::incident::Declare {
            title: "Labbet nere".into(),
            systems: vec!["lab".into()],
            ..Default::default()
        },
        now,
    )
    .unwrap();
    let (rb, text) = runbook("lab-nere");
    let id = ops::start(&mut store, &region, &karin, &rb, &text, Some(&inc), now).unwrap();
    ops::step(
        &mut store,
        &region,
        &karin,
        &id,
        1,
        &StepAction::Done { value: None },
        now,
    )
    .unwrap();
    let i = store.incident(&inc).unwrap().unwrap();
    let kinds: Vec<String> = store
        .incident_timeline(&i)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"run.started".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"run.step_done".to_string()), "{kinds:?}");
}

fn cli(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(common::bin());
    c.env_remove("BEREDSKAP_CONFIG")
        .arg("--config")
        .arg(repo().join("fixtures/region-demo/beredskap.toml"))
        .arg("--db")
        .arg(db)
        .args(args);
    c
}

#[test]
fn two_processes_completing_steps_at_once_record_each_step_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let out = cli(
        &db,
        &[
            "--as",
            "op.tekla",
            "runbook",
            "start",
            "journal-nere",
            "--json",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let started: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = started["id"].as_str().unwrap().to_string();
    let total = started["steps"].as_u64().unwrap() as usize;
    assert!(total >= 16, "a realistic runbook: {total} steps");
    // Two people tick every step, both at the same moment, repeatedly.
    for step in 1..=total {
        let s = step.to_string();
        let children: Vec<_> = ["op.tekla", "op.mans"]
            .iter()
            .map(|who| {
                cli(&db, &["--as", who, "runbook", "step", &run, &s, "done"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "step {step}: exactly one succeeds");
        let loser = outs.iter().find(|o| !o.status.success()).unwrap();
        assert_eq!(loser.status.code(), Some(2));
        let msg = String::from_utf8_lossy(&loser.stderr);
        assert!(
            // The region's language, Swedish: no --lang given.
            msg.contains(&format!("Steg {step} är redan gjort: av op.")),
            "{msg}"
        );
    }
    let store = Store::open_existing(&db).unwrap();
    let done = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["run.step_done".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(done.len(), total, "one done event per step");
    let r = store.run(&run).unwrap().unwrap();
    assert_eq!(r.progress(), (total, total));
    assert!(store.verify(None).unwrap().intact());
}

#[tokio::test]
async fn the_demo_scenario_works_the_lab_runbook_while_the_lab_is_down() {
    use beredskap::demo::scenario::Scenario;
    let scenario = Scenario::parse(beredskap::demo::files::SCENARIO).unwrap();
    let lab_down = scenario
        .steps
        .iter()
        .find(|s| s.system == "lab" && s.status == Some(503))
        .unwrap()
        .at;
    let lab_up = scenario
        .steps
        .iter()
        .find(|s| s.system == "lab" && s.status == Some(200))
        .unwrap()
        .at;
    let mut run = scenario.runs[0].clone();
    assert_eq!(run.runbook, "lab-nere");
    assert!(
        run.at > lab_down && run.steps.iter().all(|s| s.at < lab_up),
        "the run happens during the lab outage"
    );
    // The same script at a hundredth of the speed.
    run.at /= 100;
    for s in &mut run.steps {
        s.at /= 100;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = beredskap::demo::materialize(dir.path(), 1).unwrap();
    let region = beredskap::config::load(&config).unwrap().region;
    let db = dir.path().join("demo.db");
    Store::open(&db).unwrap();
    beredskap::demo::script::run(
        region,
        db.clone(),
        Vec::new(),
        vec![run],
        tokio::time::Instant::now(),
    )
    .await;
    let store = Store::open_existing(&db).unwrap();
    let rows = store.run_rows().unwrap();
    assert_eq!(rows.len(), 1);
    let r = store.run(&rows[0].id).unwrap().unwrap();
    assert_eq!(r.runbook_id, "lab-nere");
    assert_eq!(r.started_by, "avd12.sara");
    assert_eq!(
        r.status,
        RunStatus::Active,
        "the rest is left for the viewer"
    );
    let by = |n: usize| match &r.steps[n - 1].state {
        StepState::Done { by, .. } | StepState::Skipped { by, .. } => by.clone(),
        StepState::Pending => String::new(),
    };
    assert_eq!(
        (1..=6).map(by).collect::<Vec<_>>(),
        [
            "avd12.sara",
            "avd12.sara",
            "avd12.sara",
            "op.tekla",
            "avd12.sara",
            "avd12.sara"
        ]
    );
    assert!(matches!(&r.steps[4].state, StepState::Skipped { .. }));
    assert!(matches!(&r.steps[5].state, StepState::Done { value: Some(v), .. } if v == "6"));
    assert_eq!(r.steps[2].notes.len(), 1);
    assert_eq!(r.progress().0, 6);
}

#[tokio::test(start_paused = true)]
async fn the_demos_outage_incident_is_flagged_and_reaches_the_review_queue() {
    use beredskap::demo::scenario::Scenario;
    let scenario = Scenario::parse(beredskap::demo::files::SCENARIO).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = beredskap::demo::materialize(dir.path(), 1).unwrap();
    let region = beredskap::config::load(&config).unwrap().region;
    let db = dir.path().join("demo.db");
    Store::open(&db).unwrap();
    // The scripted incident, on a paused clock: its waits pass at once.
    beredskap::demo::script::run(
        region,
        db.clone(),
        scenario.incidents.clone(),
        Vec::new(),
        tokio::time::Instant::now(),
    )
    .await;
    let store = Store::open_existing(&db).unwrap();
    let flagged: Vec<_> = store
        .incident_rows(true)
        .unwrap()
        .into_iter()
        .filter(|r| r.patient_safety)
        .collect();
    assert_eq!(flagged.len(), 1, "the demo's network outage is flagged");
    let events = store.incident_events(&flagged[0].id).unwrap();
    let row = beredskap::tui::review::ReviewRow::new(
        &flagged[0],
        &beredskap::model::assessment::fold(&events).unwrap(),
        Vec::new(),
    );
    assert!(
        row.assessed.is_none() && row.decision.is_none(),
        "waiting for the physician"
    );
}
