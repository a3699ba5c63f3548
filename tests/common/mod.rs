//! Helpers shared by the integration tests: the real binary, temporary regions and logs.
#![allow(dead_code)]

pub mod alerting;
pub mod console;
pub mod engine;
pub mod language;
pub mod loopback;
pub mod pdf;
pub mod pg;
pub mod pty;
pub mod record;
pub mod servers;
pub mod storage_config;
pub mod webhook;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The OS account running the tests (from the password database, as the program reads it).
pub fn os_account() -> String {
    nix::unistd::User::from_uid(nix::unistd::Uid::current())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| nix::unistd::Uid::current().to_string())
}

/// `[[receiver.sources]]` for `beredskap ingest` alone (no token file), each naming the
/// account running the tests as its one sender.
pub fn ingest_sources(ids: &[(&str, &str)]) -> String {
    ids.iter()
        .map(|(id, kind)| {
            format!(
                "\n[[receiver.sources]]\nid = \"{id}\"\nkind = \"{kind}\"\nsenders = [\"{}\"]\n",
                os_account()
            )
        })
        .collect()
}

/// Says that a test did not run and why, where it is seen: straight to the terminal
/// (cargo hides what a passing test prints with `eprintln!`).
pub fn not_run(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "NOT RUN {test}: {why}");
}

/// A tool CI installs (`.ci/run`, as root) is missing: under CI as root that is a failed
/// install, and fails the test; elsewhere the test says it did not run.
pub fn tool_missing(test: &str, why: &str) {
    let root = nix::unistd::Uid::effective().is_root();
    assert!(
        std::env::var_os("CI").is_none() || !root,
        "{test}: {why} (under CI as root .ci/run installs it)"
    );
    not_run(test, why);
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_beredskap")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The minimal test region (allows `--as`).
pub fn minimal_config() -> PathBuf {
    repo().join("tests/valid_configs/minimal.toml")
}

/// A command for the real binary with the environment cleared of beredskap settings.
/// The program with no configuration or log from the environment (commands that find
/// their own, such as `doctor`).
pub fn plain_command() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("BEREDSKAP_CONFIG")
        .env_remove("BEREDSKAP_DB");
    cmd
}

/// The binary against `config` and `db`, speaking English: the tests' regions are Swedish
/// and the command line speaks the region's language, so a test of Swedish output says
/// `--lang sv` after this one (the last `--lang` wins).
pub fn beredskap(config: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("BEREDSKAP_CONFIG")
        .env_remove("BEREDSKAP_DB")
        .args(["--lang", "en"])
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db);
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run beredskap")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An operations-diary note by `account` (typed by a person), now.
pub fn note_event(account: &str, text: &str) -> beredskap::model::event::NewEvent {
    beredskap::model::event::NewEvent {
        occurred_at: chrono::Utc::now(),
        actor: account.to_string(),
        os_account: account.to_string(),
        kind: "diary.note".into(),
        subject: "diary".into(),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Person,
        payload: serde_json::json!({ "text": text }),
    }
}

/// Writes `n` notes as `account` through the library (fast setup for tests).
pub fn seed_notes(db: &Path, account: &str, n: usize) {
    let mut store = beredskap::store::Store::open(db).expect("open store");
    let events = (0..n)
        .map(|i| note_event(account, &format!("note {i}")))
        .collect();
    store.append_all(events).expect("append");
}

/// A run folded from synthetic events: `started_by` starts `runbook` (its `text`) `start_mins`
/// before `now`, then each `(actor, kind, minutes before now, payload)` follows, ids in order.
pub fn run_of(
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
    runbook: &beredskap::model::runbook::Runbook,
    text: &str,
    incident: Option<&str>,
    started_by: (&str, i64),
    steps: &[(&str, &str, i64, serde_json::Value)],
) -> beredskap::model::run::Run {
    use beredskap::model::run::{self, Started};
    let started = Started {
        runbook_id: runbook.meta.id.clone(),
        title: runbook.meta.title.clone(),
        sha256: runbook.sha256.clone(),
        text: text.to_string(),
        steps: runbook.steps().map(|(_, s)| s.text.clone()).collect(),
        incident: incident.map(str::to_string),
    };
    let first = (
        started_by.0,
        run::kind::STARTED,
        started_by.1,
        serde_json::to_value(&started).unwrap(),
    );
    let events: Vec<beredskap::model::event::Event> = std::iter::once(&first)
        .chain(steps.iter())
        .enumerate()
        .map(
            |(i, (actor, kind, mins, payload))| beredskap::model::event::Event {
                id: 100 + i as i64,
                recorded_at: now - chrono::Duration::minutes(*mins),
                occurred_at: now - chrono::Duration::minutes(*mins),
                actor: actor.to_string(),
                os_account: actor.to_string(),
                kind: kind.to_string(),
                subject: run::subject(id),
                corrects: None,
                payload_version: 1,
                payload: payload.clone(),
                prev_hash: String::new(),
                hash: String::new(),
            },
        )
        .collect();
    run::fold(&events).unwrap().unwrap()
}

/// Every event's (id, hash), read straight from the file without changing it.
pub fn event_hashes(db: &Path) -> Vec<(i64, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    let mut stmt = conn
        .prepare("SELECT id, hash FROM events ORDER BY id")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// Declares "Journalen nere" on the system `journal` as `admin1` (the minimal region's
/// administrator) through the command line; returns the incident id.
pub fn declare_journal_incident(config: &Path, db: &Path) -> String {
    let out = run(beredskap(config, db).args([
        "incident",
        "declare",
        "--as",
        "admin1",
        "--title",
        "Journalen nere",
        "--system",
        "journal",
        "--started",
        "2026-12-01 16:00",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}
