//! Heartbeats end to end: a system whose only check is a heartbeat (period 2 s, grace 1 s),
//! the real monitor running, the job pinging with `beredskap heartbeat`: up while it pings,
//! down with "no heartbeat since …" once it stops, down at once on `--fail`, up again on
//! the next ping. Bad input: an unknown id is refused (exit 2) and nothing is written.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{bin, stderr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The test region with its other checks and its canary pointed at `http` (a canary that
/// cannot answer makes the monitor blind, and every system unknown), and a backup system
/// whose only check is a heartbeat.
fn region(dir: &Path, http: std::net::SocketAddr) -> PathBuf {
    let systems = format!(
        "\n[[systems]]\nid = \"backup\"\nname = \"Nattlig säkerhetskopia\"\ncategory = \"it\"\n\
         criticality = \"high\"\nkrt = {{ confidentiality = 2, integrity = 3, availability = 2 }}\n\
         owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"livssignal\"\nkind = \"heartbeat\"\n\
         heartbeat = \"backup-natt\"\nsenders = [\"{}\"]\nperiod = \"2s\"\ngrace = \"1s\"\ninterval = \"300ms\"\n\
         timeout = \"300ms\"\nfailure_threshold = 1\nsuccess_threshold = 1\n",
        common::os_account()
    );
    common::alerting::region(dir, http, &systems)
}

fn run(config: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

use common::alerting::Running as Monitor;

fn monitor(config: &Path, db: &Path, log: &Path) -> Monitor {
    Monitor(
        Command::new(bin())
            .args(["monitor", "--log-file"])
            .arg(log)
            .arg("--config")
            .arg(config)
            .arg("--db")
            .arg(db)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// The backup system's health in `status --json`, and the message of its last status
/// change in the log.
fn backup(config: &Path, db: &Path) -> Option<(String, String)> {
    let out = run(config, db, &["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let s = v["systems"]
        .as_array()?
        .iter()
        .find(|s| s["system"] == "backup")?
        .clone();
    let store = beredskap::store::Store::open_existing(db).ok()?;
    let reason = store
        .events_page("", None, 1000)
        .ok()?
        .into_iter()
        .find(|e| e.kind == "system.status_changed" && e.subject == "system:backup")
        .and_then(|e| e.payload["message"].as_str().map(str::to_string))
        .unwrap_or_default();
    Some((s["health"].as_str()?.to_string(), reason))
}

fn wait_for(config: &Path, db: &Path, health: &str, within: Duration) -> (String, String) {
    let start = Instant::now();
    loop {
        if let Some(found) = backup(config, db)
            && found.0 == health
        {
            return found;
        }
        assert!(
            start.elapsed() < within,
            "backup never became {health}: {:?}",
            backup(config, db)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_stops_pinging_is_down_after_period_and_grace_and_a_failure_at_once() {
    let http = common::servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http);
    let db = dir.path().join("log.db");
    let out = run(&config, &db, &["heartbeat", "backup-natt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let _m = monitor(&config, &db, &dir.path().join("monitor.log"));
    let (_, reason) = wait_for(&config, &db, "up", Duration::from_secs(20));
    assert!(reason.contains("heartbeat at"), "{reason}");
    // Silence: down once period + grace (3 s) has passed, saying since when.
    let (_, reason) = wait_for(&config, &db, "down", Duration::from_secs(20));
    assert!(reason.contains("no heartbeat since"), "{reason}");
    // A ping brings it back.
    run(&config, &db, &["heartbeat", "backup-natt"]);
    wait_for(&config, &db, "up", Duration::from_secs(10));
    // A job that ran and failed: down at once, with what it said.
    let out = run(
        &config,
        &db,
        &[
            "heartbeat",
            "backup-natt",
            "--fail",
            "--message",
            "disken full",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, reason) = wait_for(&config, &db, "down", Duration::from_secs(2));
    assert!(reason.contains("disken full"), "{reason}");
    // The monitor recorded the changes as events, as for any check.
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let changes = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "system.status_changed" && e.subject == "system:backup")
        .count();
    assert!(changes >= 3, "{changes} status changes of the backup");
}

#[test]
fn an_unknown_heartbeat_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), "127.0.0.1:9".parse().unwrap());
    let db = dir.path().join("log.db");
    let out = run(&config, &db, &["heartbeat", "backup-dag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("backup-natt"), "{}", stderr(&out));
    // Refused before the log was opened: no database was created.
    assert!(!db.exists());
}
