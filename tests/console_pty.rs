//! The real console in a pseudo-terminal, read through a vt100 parser; on both engines
//! (issue 34, `common::engine`) but for the demo, which makes its own region.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::event::{NewEvent, StatusChange};
use beredskap::model::health::Health;
use common::engine::{Engine, Site, engines};
use common::pty::Console;
use common::{bin, servers};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn demo_region(dir: &Path, port: u16) -> PathBuf {
    beredskap::demo::materialize(dir, port).unwrap()
}

fn write_status_change(site: &Site, system: &str) {
    let mut store = site.store();
    let change = StatusChange {
        health: Health::Down,
        previous: Health::Up,
        own: Health::Down,
        check: "hälsa".into(),
        message: "written by another process".into(),
        finding: None,
        latency_ms: Some(1),
        impacted_by: vec![],
        suppressed: None,
        flapping: false,
        maintenance: None,
    };
    store
        .append(NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: "e2e".into(),
            os_account: "e2e".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{system}"),
            corrects: None,
            payload_version: 1,
            origin: beredskap::model::guard::Origin::Person,
            payload: serde_json::to_value(change).unwrap(),
        })
        .unwrap();
}

/// Runs the command line against the same region and database; returns its stdout.
fn cli_ok(config: &Path, db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(bin())
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The log itself verifies (the log of record on PostgreSQL) and this host's file holds
/// all of it.
fn assert_log_sound(site: &Site) {
    let mut store = site.store();
    let record = store.verify_log(None, &mut |_| {}).unwrap();
    assert!(record.intact(), "{}: {:?}", site.engine, record.first_break);
    assert!(record.events_checked > 0, "{}", site.engine);
    assert_eq!(
        record.head_id,
        store.head().unwrap().map(|h| h.0),
        "{}",
        site.engine
    );
}

fn row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen.lines().find(|l| l.contains(name)).unwrap_or("")
}

#[test]
fn the_console_shows_the_region_switches_screens_follows_other_writers_and_quits_cleanly() {
    for engine in engines(
        "the_console_shows_the_region_switches_screens_follows_other_writers_and_quits_cleanly",
    ) {
        the_console_shows_the_region_switches_screens_follows_other_writers_and_quits_cleanly_on(
            engine,
        );
    }
}

fn the_console_shows_the_region_switches_screens_follows_other_writers_and_quits_cleanly_on(
    engine: Engine,
) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let mut c = Console::start(&config, &db);

    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    c.wait_for("monitor: running here", Duration::from_secs(20));
    c.press("5");
    c.wait_for("Subject", Duration::from_secs(5));
    c.wait_for("monitor took over", Duration::from_secs(10));
    c.press("?");
    c.wait_for("Esc or ? closes help", Duration::from_secs(5));
    c.press("\x1b");
    // A separate key press (Esc followed at once by 1 would read as Alt-1).
    c.wait_gone("Esc or ? closes help", Duration::from_secs(5));
    c.press("1");
    c.wait_for("Impacted by", Duration::from_secs(5));
    let before = c.wait_for("Invånartjänster", Duration::from_secs(20));
    assert!(
        !row(&before, "Invånartjänster").contains("✖ down"),
        "{before}"
    );

    // Another process writes a status change: it appears within a second or so.
    write_status_change(&site, "e-tjanster");
    let start = Instant::now();
    loop {
        let s = c.screen();
        if row(&s, "Invånartjänster").contains("✖ down") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the change did not appear:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    c.press("q");
    let status = c.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(200));
    let parser = c.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(
        !parser.screen().hide_cursor(),
        "the cursor is visible again"
    );
    drop(parser);
    let store = site.store();
    assert!(store.verify(None).unwrap().intact());
    assert!(
        store.lease().unwrap().unwrap().expires_at <= chrono::Utc::now(),
        "the lease was given up"
    );
    assert_log_sound(&site);
}

#[test]
fn a_dropped_connection_ends_the_console_and_leaves_the_log_intact() {
    for engine in engines("a_dropped_connection_ends_the_console_and_leaves_the_log_intact") {
        a_dropped_connection_ends_the_console_and_leaves_the_log_intact_on(engine);
    }
}

fn a_dropped_connection_ends_the_console_and_leaves_the_log_intact_on(engine: Engine) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let mut c = Console::start(&config, &db);
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    c.wait_for("monitor: running here", Duration::from_secs(20));
    // A dropped SSH connection: sshd closes the pty master and the kernel sends SIGHUP to
    // the session. (Our reader thread holds a copy of the master, so send the signal the
    // kernel would send.)
    let pid = c.child.process_id().unwrap();
    drop(c.master.take());
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    c.wait_exit(Duration::from_secs(15));
    let store = site.store();
    let report = store.verify(None).unwrap();
    assert!(report.intact(), "{:?}", report.first_break);
    assert!(report.events_checked > 0);
    assert_log_sound(&site);
}

#[test]
fn an_incident_declared_noted_commanded_and_resolved_on_screen_matches_the_command_line() {
    for engine in engines(
        "an_incident_declared_noted_commanded_and_resolved_on_screen_matches_the_command_line",
    ) {
        an_incident_declared_noted_commanded_and_resolved_on_screen_matches_the_command_line_on(
            engine,
        );
    }
}

fn an_incident_declared_noted_commanded_and_resolved_on_screen_matches_the_command_line_on(
    engine: Engine,
) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let mut c = Console::start_as("il.karin", &config, &db);
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    // Declare from the selected system (the first row), accept the prefilled title, confirm.
    c.press("d");
    c.wait_for("New incident, title:", Duration::from_secs(5));
    c.press("\r");
    // The severity is picked from a list; the most severe is offered first.
    // The built-in severities and roles in the interface language (they were Swedish).
    let picking = c.wait_for("Severity (↑↓ choose", Duration::from_secs(5));
    assert!(picking.contains("Major incident"), "{picking}");
    assert!(!picking.contains("Stor incident"), "{picking}");
    c.press("\r");
    c.wait_for("Declare incident", Duration::from_secs(5));
    c.press("y");
    let screen = c.wait_for("MAJOR INCIDENT OPEN", Duration::from_secs(10));
    let id_line = screen
        .lines()
        .find(|l| l.contains("MAJOR INCIDENT OPEN"))
        .unwrap()
        .to_string();
    let id = id_line
        .split_whitespace()
        .find(|w| w.starts_with("INC-"))
        .unwrap()
        .to_string();
    c.wait_for("Timeline", Duration::from_secs(5));
    // A note in two keystrokes plus the text.
    c.press("n");
    c.wait_for("Note (Enter saves", Duration::from_secs(5));
    c.press("Supplier called back\r");
    c.wait_for("Supplier called back", Duration::from_secs(5));
    // The role and then the person are picked; the person list starts at the user.
    c.press("r");
    c.wait_for("Role (↑↓ choose", Duration::from_secs(5));
    c.press("\r");
    c.wait_for("Who (↑↓ choose", Duration::from_secs(5));
    c.press("\r");
    c.wait_for(
        "Incident commander: Karin Ledarsköld",
        Duration::from_secs(5),
    );
    // The status, found by typing the start of its word (a digit is never a shortcut).
    c.press("s");
    c.wait_for("New status", Duration::from_secs(5));
    c.press("res\r");
    c.wait_for("Change status of", Duration::from_secs(5));
    c.press("y");
    let shown = c.wait_for("investigating → resolved", Duration::from_secs(5));
    assert!(
        !shown.contains("MAJOR INCIDENT OPEN"),
        "the banner goes when it is resolved:\n{shown}"
    );
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());

    let json: serde_json::Value =
        serde_json::from_str(&cli_ok(&config, &db, &["incident", "show", &id, "--json"])).unwrap();
    assert_eq!(json["incident"]["status"], "resolved");
    assert_eq!(json["incident"]["roles"]["commander"], "il.karin");
    assert_eq!(json["incident"]["severity"], "major");
    let title = json["incident"]["title"].as_str().unwrap();
    assert!(id_line.contains(title), "{id_line} vs {title}");
    let notes: Vec<&str> = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["payload"]["text"].as_str())
        .collect();
    assert_eq!(notes, ["Supplier called back"]);
    assert!(json["incident"]["milestones"]["resolved"].is_string());
}

#[test]
fn two_consoles_add_notes_at_once_and_both_see_both() {
    for engine in engines("two_consoles_add_notes_at_once_and_both_see_both") {
        two_consoles_add_notes_at_once_and_both_see_both_on(engine);
    }
}

fn two_consoles_add_notes_at_once_and_both_see_both_on(engine: Engine) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    // An incident to work on, declared from the command line.
    let id = cli_ok(
        &config,
        &db,
        &[
            "--as",
            "il.karin",
            "incident",
            "declare",
            "--title",
            "Gemensam incident",
            "--system",
            "lab",
        ],
    )
    .trim()
    .to_string();
    let mut a = Console::start_as("op.tekla", &config, &db);
    let mut b = Console::start_as("op.mans", &config, &db);
    for c in [&mut a, &mut b] {
        c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
        c.press("2");
        c.wait_for("Gemensam incident", Duration::from_secs(10));
        c.press("\r");
        c.wait_for("Timeline", Duration::from_secs(10));
        c.press("n");
        c.wait_for("Note (Enter saves", Duration::from_secs(5));
    }
    // Both save at the same moment.
    a.press("Note from Tekla\r");
    b.press("Note from Mans\r");
    for c in [&a, &b] {
        c.wait_for("Note from Tekla", Duration::from_secs(3));
        c.wait_for("Note from Mans", Duration::from_secs(3));
    }
    // The patient-data guard in the console: refused with the reason, nothing written.
    a.press("n");
    a.wait_for("Note (Enter saves", Duration::from_secs(5));
    a.press("pat 19121212-1212\r");
    let screen = a.wait_for("personnummer", Duration::from_secs(5));
    // The prompt is back with the text as typed, the reason above it, to be fixed.
    let footer = screen.lines().last().unwrap_or_default().to_string();
    assert!(
        footer.contains("Note (Enter saves") && footer.contains("pat 19121212-1212"),
        "the typed text is kept:\n{screen}"
    );
    assert!(screen.contains("!! "), "the reason is shown:\n{screen}");
    // Fixed and saved.
    for _ in 0.."19121212-1212".len() {
        a.press("\x7f");
    }
    a.press("utan nummer\r");
    a.wait_for("pat utan nummer", Duration::from_secs(5));
    for mut c in [a, b] {
        c.press("q");
        assert!(c.wait_exit(Duration::from_secs(15)).success());
    }
    let store = site.store();
    assert!(store.verify(None).unwrap().intact());
    let i = store.incident(&id).unwrap().unwrap();
    let texts: Vec<String> = store
        .incident_timeline(&i)
        .unwrap()
        .iter()
        .filter_map(|e| {
            e.payload
                .get("text")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("19121212")),
        "the refused text never reached the log: {texts:?}"
    );
    assert!(texts.iter().any(|t| t == "pat utan nummer"), "{texts:?}");
    assert_log_sound(&site);
}

#[test]
fn a_ward_nurse_starts_a_run_does_three_steps_loses_the_console_and_comes_back_to_them() {
    for engine in engines(
        "a_ward_nurse_starts_a_run_does_three_steps_loses_the_console_and_comes_back_to_them",
    ) {
        a_ward_nurse_starts_a_run_does_three_steps_loses_the_console_and_comes_back_to_them_on(
            engine,
        );
    }
}

fn a_ward_nurse_starts_a_run_does_three_steps_loses_the_console_and_comes_back_to_them_on(
    engine: Engine,
) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let mut c = Console::start_in("sv", "avd12.sara", &config, &db);
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    c.press("3");
    c.wait_for("Reservrutiner (Enter startar)", Duration::from_secs(5));
    let start = Instant::now();
    while !c
        .selected_line()
        .unwrap_or_default()
        .contains("Laboratoriesvar saknas")
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the lab runbook not found:\n{}",
            c.screen()
        );
        c.press("j");
        std::thread::sleep(Duration::from_millis(150));
    }
    c.press("\r");
    c.wait_for(
        "Starta reservrutinen «Laboratoriesvar saknas",
        Duration::from_secs(5),
    );
    c.press("j");
    c.wait_for("0 av 14 steg klara", Duration::from_secs(10));
    c.wait_for("Enter/Mellanslag klar", Duration::from_secs(5));
    c.press("\r");
    c.wait_for("1 av 14 steg klara", Duration::from_secs(5));
    c.press(" ");
    c.wait_for("2 av 14 steg klara", Duration::from_secs(5));
    c.press("\r");
    c.wait_for("3 av 14 steg klara", Duration::from_secs(5));
    // The connection is lost: the console dies without a chance to clean up.
    c.kill();

    let store = site.store();
    let rows = store.run_rows().unwrap();
    assert_eq!(rows.len(), 1);
    let run = store.run(&rows[0].id).unwrap().unwrap();
    let done: Vec<(usize, String, chrono::DateTime<chrono::Utc>)> = run
        .steps
        .iter()
        .filter_map(|s| match &s.state {
            beredskap::model::run::StepState::Done { by, at, .. } => {
                Some((s.number, by.clone(), *at))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        done.iter().map(|d| d.0).collect::<Vec<_>>(),
        [1, 2, 3],
        "each step recorded once"
    );
    drop(store);

    // Back again: straight into the same run, the same three steps, who and when.
    let mut c = Console::start_in("sv", "avd12.sara", &config, &db);
    let screen = c.wait_for("3 av 14 steg klara", Duration::from_secs(20));
    assert!(screen.contains(&rows[0].id), "{screen}");
    let tz: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    // Each done step's line, waited for (the frame may still be arriving on the pty).
    let mut screen = screen;
    for (number, by, at) in &done {
        let expected = format!("klart · {by} {}", at.with_timezone(&tz).format("%H:%M:%S"));
        screen = c.wait_for(&expected, Duration::from_secs(10));
        assert!(
            screen.contains(&expected),
            "step {number}: {expected:?} not on screen:\n{screen}"
        );
    }
    // The cursor is on step 4, the first open step.
    assert!(
        screen.lines().any(|l| l.starts_with("▶  4 [ ]")),
        "{screen}"
    );
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
    assert!(site.store().verify(None).unwrap().intact());
}

#[test]
fn two_nurses_on_one_run_see_each_other_and_the_same_step_is_taken_once() {
    for engine in engines("two_nurses_on_one_run_see_each_other_and_the_same_step_is_taken_once") {
        two_nurses_on_one_run_see_each_other_and_the_same_step_is_taken_once_on(engine);
    }
}

fn two_nurses_on_one_run_see_each_other_and_the_same_step_is_taken_once_on(engine: Engine) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let id = cli_ok(
        &config,
        &db,
        &["--as", "op.tekla", "runbook", "start", "lab-nere"],
    )
    .trim()
    .to_string();
    let mut a = Console::start_in("sv", "avd12.sara", &config, &db);
    let mut b = Console::start_in("sv", "op.mans", &config, &db);
    for c in [&mut a, &mut b] {
        c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
        c.press("3");
        c.wait_for(&id, Duration::from_secs(5));
        // The active run is the first entry and selected.
        c.press("\r");
        c.wait_for("0 av 14 steg klara", Duration::from_secs(5));
    }
    // Both mark step 1 at the same moment.
    a.press("\r");
    b.press("\r");
    for c in [&a, &b] {
        c.wait_for("1 av 14 steg klara", Duration::from_secs(3));
    }
    let store = site.store();
    let run = store.run(&id).unwrap().unwrap();
    let beredskap::model::run::StepState::Done { by: winner, .. } = &run.steps[0].state else {
        panic!("step 1 is not done: {:?}", run.steps[0].state);
    };
    let (loser, winner_shown) = if winner == "avd12.sara" {
        (&b, "avd12.sara")
    } else {
        (&a, "op.mans")
    };
    // The other one is told who took it (in their language), and nothing is duplicated.
    let shown = loser.wait_for("är redan gjort: av", Duration::from_secs(3));
    assert!(shown.contains(winner_shown), "{shown}");
    let done_events = store
        .events_page("", None, 10_000)
        .unwrap()
        .iter()
        .filter(|e| e.kind == "run.step_done")
        .count();
    assert_eq!(done_events, 1, "exactly one done for step 1");
    drop(store);
    // One more step by one nurse shows on the other's screen within a second or so.
    let winner_console = if winner == "avd12.sara" {
        &mut a
    } else {
        &mut b
    };
    winner_console.press("\r");
    a.wait_for("2 av 14 steg klara", Duration::from_secs(3));
    b.wait_for("2 av 14 steg klara", Duration::from_secs(3));
    for mut c in [a, b] {
        c.press("q");
        assert!(c.wait_exit(Duration::from_secs(15)).success());
    }
}

#[test]
fn the_demo_outage_pages_the_engineer_through_the_terminal_and_one_key_acknowledges() {
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<std::ffi::OsString> = ["--lang", "sv", "demo"].iter().map(|s| s.into()).collect();
    let mut c = Console::spawn(&args, dir.path());
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    // The lab goes down 20 s in; after three failed checks the monitor pages IT operations,
    // where the demo puts the person at the console on call.
    let screen = c.wait_for("!! LARM PAGE-", Duration::from_secs(90));
    let banner = screen
        .lines()
        .find(|l| l.contains("!! LARM"))
        .unwrap()
        .to_string();
    assert!(banner.contains("a för att kvittera"), "{banner}");
    let id = banner
        .split_whitespace()
        .find(|w| w.starts_with("PAGE-"))
        .unwrap()
        .to_string();
    // The desktop notification through the SSH session: bell, OSC 9 and OSC 777.
    let raw = String::from_utf8_lossy(&c.raw.lock().unwrap()).into_owned();
    assert!(
        raw.contains(&format!("\x1b]9;beredskap: {id}")),
        "no OSC 9 in the output"
    );
    assert!(
        raw.contains("\x1b]777;notify;beredskap;"),
        "no OSC 777 in the output"
    );
    assert!(raw.contains('\x07'));
    // One key.
    c.press("a");
    c.wait_for(&format!("Kvitterat: {id}"), Duration::from_secs(5));
    c.wait_gone("!! LARM", Duration::from_secs(5));
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
}

#[test]
fn the_physician_reads_exports_and_decides_from_the_review_screen() {
    for engine in engines("the_physician_reads_exports_and_decides_from_the_review_screen") {
        the_physician_reads_exports_and_decides_from_the_review_screen_on(engine);
    }
}

fn the_physician_reads_exports_and_decides_from_the_review_screen_on(engine: Engine) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let id = cli_ok(
        &config,
        &db,
        &[
            "--as",
            "il.karin",
            "incident",
            "declare",
            "--title",
            "Labbet nere",
            "--system",
            "lab",
        ],
    )
    .trim()
    .to_string();
    cli_ok(
        &config,
        &db,
        &[
            "--as",
            "op.tekla",
            "incident",
            "flag",
            &id,
            "--description",
            "Akuta provsvar fördröjda",
        ],
    );
    let mut c = Console::start_in("sv", "cl.berg", &config, &db);
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    c.press("6");
    c.wait_for(&id, Duration::from_secs(5));
    c.wait_for("ej ännu", Duration::from_secs(5));
    c.press("\r");
    c.wait_for(
        "Underlag för bedömning enligt lex Maria",
        Duration::from_secs(5),
    );
    // The completeness check stands first in the record: nothing assessed or decided yet.
    c.wait_for(
        "Ofullständigt: bedömning, beslut om anmälan, uppföljning efter incidenten saknas.",
        Duration::from_secs(5),
    );
    c.press("\x1b");
    c.wait_for("Lokalt mål för beslut", Duration::from_secs(5));
    c.press("e");
    let screen = c.wait_for("Underlaget sparat", Duration::from_secs(10));
    // Beside the log, not in a hidden directory; new files named by the incident and the
    // local time, private to the person; the full paths on screen (wrapped, not cut).
    let exports = db.parent().unwrap().join("exporter");
    let files: Vec<PathBuf> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let md = files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "md"))
        .unwrap();
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "pdf"))
    );
    assert!(
        md.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("{id}-")),
        "{md:?}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(md).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let joined: String = screen.lines().map(str::trim_end).collect();
    assert!(
        joined.contains(&md.display().to_string()),
        "{} not on screen:\n{screen}",
        md.display()
    );
    // The export event holds the file's SHA-256.
    let digest = beredskap::store::chain::sha256_hex(&std::fs::read(md).unwrap());
    let recorded = site
        .store()
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "export.lex_maria")
        .any(|e| e.payload["file_sha256"] == digest.as_str());
    assert!(recorded, "no export event with the file's SHA-256");
    // The assessment is given with the record open, one question at a time.
    c.press("\r");
    c.wait_for(
        "Ofullständigt: bedömning, beslut om anmälan, uppföljning efter incidenten saknas.",
        Duration::from_secs(5),
    );
    let wait = Duration::from_secs(5);
    c.press("b");
    c.wait_for("1/11 Uppstod vårdskada", wait);
    // An answer that cannot be read is asked again with the reason, the text kept and
    // marked: the answer typed next replaces it (not "kanskenej").
    c.press("kanske\r");
    c.wait_for("Svara ja, nej eller okänd", wait);
    c.wait_for("1/11 Uppstod vårdskada? ja, nej eller okänd: kanske", wait);
    c.press("nej\r");
    c.wait_for("2/11", wait);
    c.press("j\r");
    c.wait_for("3/11", wait);
    c.press("Provsvar dröjde\r");
    c.wait_for("4/11", wait);
    // Esc goes back one question, its answer ready to change.
    c.press("\x1b");
    c.wait_for("3/11 Motivering: Provsvar dröjde", wait);
    c.press(" till avdelningen\r");
    c.wait_for("4/11", wait);
    for (answer, next) in [
        ("\x15Avdelning 12\r", "5/11"),
        ("risk\r", "6/11"),
        ("n\r", "7/11"),
        ("-\r", "8/11"),
        ("Certifikatet gick ut\r", "Orsaksområden (händelseanalys)"),
        ("4\r", "10/11"),
        ("Låg sannolikhet, allvarlig konsekvens\r", "Åtgärd 1:"),
        (
            "Larma om certifikat; it-drift; 2026-12-15; larm 14 dagar före; stark\r",
            "Åtgärd 2:",
        ),
    ] {
        c.press(answer);
        c.wait_for(next, wait);
    }
    // The summary, confirmed before saving; the open record shows it at once.
    c.press("-\r");
    c.wait_for("risk för allvarlig vårdskada: ja", wait);
    c.wait_for("Spara bedömningen för", wait);
    c.press("j");
    c.wait_for(
        "Ofullständigt: beslut om anmälan, uppföljning efter incidenten saknas.",
        wait,
    );
    // Not reporting against that assessment asks for the motivation on its own.
    c.press("l");
    c.wait_for("Anmäla till IVO?", wait);
    c.press("n Ingen patient skadades\r");
    c.wait_for("medvetet val", wait);
    c.wait_for(
        "Motivering till att inte anmäla trots risk: Ingen patient skadades",
        wait,
    );
    c.press(", reservrutinen höll\r");
    c.wait_for("Ingen anmälan, medvetet mot bedömningen", wait);
    c.press("j");
    // The incident has had no post-incident review: that still counts (issue 32).
    c.wait_for("Ofullständigt: uppföljning efter incidenten saknas.", wait);
    c.press("\x1b");
    c.wait_for("anmäls ej", wait);
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
    let v: serde_json::Value = serde_json::from_str(&cli_ok(
        &config,
        &db,
        &[
            "--as",
            "cl.berg",
            "export",
            "lex-maria",
            &id,
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(v["decision"]["report_to_ivo"], false);
    assert_eq!(v["decision"]["against_assessment"], true);
    assert_eq!(
        v["decision"]["motivation"],
        "Ingen patient skadades, reservrutinen höll"
    );
    assert_eq!(v["decision"]["decided_by"]["account"], "cl.berg");
    let a = &v["assessment"]["content"];
    assert_eq!(a["reasoning"], "Provsvar dröjde till avdelningen");
    assert_eq!(a["care_units"][0], "Avdelning 12");
    assert_eq!(a["cause_areas"][0], "technology_equipment");
    assert_eq!(a["actions"][0]["strength"], "strong");
}

#[test]
fn a_write_waits_in_line_while_another_process_holds_the_log_and_the_console_answers_keys() {
    for engine in engines(
        "a_write_waits_in_line_while_another_process_holds_the_log_and_the_console_answers_keys",
    ) {
        a_write_waits_in_line_while_another_process_holds_the_log_and_the_console_answers_keys_on(
            engine,
        );
    }
}

fn a_write_waits_in_line_while_another_process_holds_the_log_and_the_console_answers_keys_on(
    engine: Engine,
) {
    // The probes' server on a runtime of its own: the test itself runs outside it (the
    // log of record's client is a blocking one).
    let rt = servers::runtime();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    let site = Site::of(engine, &demo_region(dir.path(), server.port()));
    let (config, db) = (site.config.clone(), site.db.clone());
    let mut c = Console::start_as("op.tekla", &config, &db);
    c.wait_for("Laboratoriesvar (LIS)", Duration::from_secs(20));
    c.press("5");
    c.wait_for("Subject", Duration::from_secs(5));
    // Another process takes the write lock (the file's, or the log of record's head) and
    // holds it for eight seconds.
    let holder = site.hold_log(Duration::from_secs(8));
    c.press("n");
    c.wait_for("Note (Enter saves", Duration::from_secs(5));
    c.press("Skriven medan loggen var upptagen\r");
    c.wait_for("saving… the log is busy", Duration::from_secs(5));
    // The console answers keys and draws while the write waits: screens switch, the
    // clock ticks.
    c.press("2");
    c.wait_for("Incident", Duration::from_secs(3));
    let before = c.screen().lines().next().unwrap_or_default().to_string();
    let start = Instant::now();
    while c.screen().lines().next().unwrap_or_default() == before {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the clock stopped while the write waited:\n{}",
            c.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    c.press("5");
    c.wait_for("Subject", Duration::from_secs(3));
    holder.join().unwrap();
    // The lock is free: the note is written, in its turn.
    c.wait_for("Skriven medan loggen var upptagen", Duration::from_secs(15));
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
    let store = site.store();
    let notes: Vec<_> = store
        .events(&beredskap::store::EventFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "diary.note")
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(store.verify(None).unwrap().intact());
    assert_log_sound(&site);
}
