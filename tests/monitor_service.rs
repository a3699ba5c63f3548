//! The monitor as processes: the lease, SIGKILL and takeover; `check`, `status` and
//! `maintenance` through the real binary against servers started here.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::store::{Fence, MonitorBatch, Store, StoreError};
use common::{bin, repo, servers, stderr, stdout};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A region whose checks point at `http`. With a short `lease` (the takeover test) the checks
/// run every 300 ms; otherwise at their configured 1 s with a 1 s timeout.
fn region(dir: &Path, http: SocketAddr, lease: &str) -> PathBuf {
    let fast = lease.ends_with("ms");
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace("http://127.0.0.1:9/health", &format!("http://{http}/ok"))
        .replace("port = 9", &format!("port = {}", http.port()))
        .replace(
            "lease_interval = \"1s\"",
            &format!("lease_interval = \"{lease}\""),
        )
        .replace(
            "interval = \"1s\"\ntimeout = \"1s\"",
            if fast {
                "interval = \"300ms\"\ntimeout = \"300ms\""
            } else {
                "interval = \"1s\"\ntimeout = \"1s\""
            },
        )
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn monitor(config: &Path, db: &Path, log: &Path) -> Child {
    let mut child = Command::new(bin())
        .args(["monitor", "--log-file"])
        .arg(log)
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // It says where it logs once it is running.
    let mut first = String::new();
    BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("beredskap monitor:"), "{first}");
    child
}

/// Polls another process's effect on the database, up to a deadline.
fn wait_for<T>(what: &str, deadline: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(start.elapsed() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn lease_holder(db: &Path) -> Option<(String, i64)> {
    let store = Store::open_existing(db).ok()?;
    store.lease().ok()?.map(|l| (l.holder, l.token))
}

fn samples_after(db: &Path, at: chrono::DateTime<chrono::Utc>) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM samples WHERE at > ?1",
        [beredskap::model::timespec::to_storage(at)],
        |r| r.get(0),
    )
    .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standby_takes_over_after_the_holder_is_killed_and_keeps_recording() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http, "300ms");
    let db = dir.path().join("log.db");
    let mut first = monitor(&config, &db, &dir.path().join("a.log"));
    let first_pid = first.id().to_string();
    wait_for(
        "the first monitor to take the lease",
        Duration::from_secs(20),
        || lease_holder(&db).filter(|(h, _)| h.ends_with(&format!(":{first_pid}"))),
    );
    wait_for(
        "the first monitor to record",
        Duration::from_secs(20),
        || {
            (samples_after(&db, chrono::Utc::now() - chrono::Duration::minutes(1)) > 0)
                .then_some(())
        },
    );

    let mut second = monitor(&config, &db, &dir.path().join("b.log"));
    let second_pid = second.id().to_string();
    std::thread::sleep(Duration::from_millis(600)); // two lease intervals of standby
    assert!(
        lease_holder(&db)
            .unwrap()
            .0
            .ends_with(&format!(":{first_pid}")),
        "the standby does not take a live lease"
    );

    first.kill().unwrap(); // SIGKILL: no chance to release the lease
    first.wait().unwrap();
    let killed_at = chrono::Utc::now();
    let (_, token) = wait_for("the standby to take over", Duration::from_secs(20), || {
        lease_holder(&db).filter(|(h, _)| h.ends_with(&format!(":{second_pid}")))
    });
    assert_eq!(token, 2, "a new fencing token");
    wait_for("the new holder to record", Duration::from_secs(20), || {
        (samples_after(&db, killed_at) > 0).then_some(())
    });

    // SIGTERM: a clean stop gives the lease up.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(second.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = second.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let store = Store::open_existing(&db).unwrap();
    let lease = store.lease().unwrap().unwrap();
    assert!(
        lease.expires_at <= chrono::Utc::now(),
        "released on SIGTERM"
    );
    let taken: Vec<_> = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["monitor.lease_taken".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(taken.len(), 2);
    assert!(store.verify(None).unwrap().intact());
    let log = std::fs::read_to_string(dir.path().join("b.log")).unwrap();
    assert!(log.contains("standby"), "{log}");
    assert!(log.contains("token 2"), "{log}");
}

#[test]
fn a_fenced_out_holder_cannot_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let now = chrono::Utc::now();
    let ttl = Duration::from_secs(1);
    let a: Fence = store.try_take_lease("a", "svc", ttl, now).unwrap().unwrap();
    assert!(
        store
            .try_take_lease("b", "svc", ttl, now)
            .unwrap()
            .is_none(),
        "a live lease is not taken"
    );
    store
        .record_monitor(&a, MonitorBatch::default(), now)
        .unwrap();
    // a stalls past its lease; b takes over.
    let later = now + chrono::Duration::seconds(5);
    let b = store
        .try_take_lease("b", "svc", ttl, later)
        .unwrap()
        .unwrap();
    assert_eq!(b.token, a.token + 1);
    let err = store
        .record_monitor(&a, MonitorBatch::default(), later)
        .unwrap_err();
    assert!(matches!(err, StoreError::LeaseLost { .. }), "{err}");
    assert!(!store.renew_lease(&a, ttl, later).unwrap());
    assert!(
        store
            .record_monitor(&b, MonitorBatch::default(), later)
            .is_ok()
    );
}

fn run(config: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(["--lang", "en"])
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_exits_nagios_style() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http, "1s");
    let db = dir.path().join("log.db");
    let out = run(&config, &db, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("✔ up"), "{}", stdout(&out));

    // The journal answers 500: down → exit 2.
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace(&format!("http://{http}/ok"), &format!("http://{http}/500"));
    std::fs::write(&config, text).unwrap();
    let out = run(&config, &db, &["check", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let journal = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["system"] == "journal")
        .unwrap();
    assert_eq!(journal["verdict"], "fail");
    assert!(journal["message"].as_str().unwrap().contains("HTTP 500"));
    // Only the network: up → 0.
    let out = run(&config, &db, &["check", "--system", "natet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&config, &db, &["check", "--system", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown system"));
    assert!(!db.exists(), "check writes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_says_loudly_when_no_monitor_reports() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http, "1s");
    let db = dir.path().join("log.db");
    common::seed_notes(&db, "operator1", 1);
    let out = run(&config, &db, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("NO MONITOR HAS REPORTED"),
        "{}",
        stdout(&out)
    );

    // A report long ago: stale.
    let mut store = Store::open(&db).unwrap();
    let long_ago = chrono::Utc::now() - chrono::Duration::minutes(10);
    let fence = store
        .try_take_lease("old@host:1", "svc", Duration::from_secs(3), long_ago)
        .unwrap()
        .unwrap();
    store
        .record_monitor(&fence, MonitorBatch::default(), long_ago)
        .unwrap();
    let out = run(&config, &db, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("STALE: no monitor has reported since"),
        "{}",
        stdout(&out)
    );
    let out = run(&config, &db, &["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["monitor"]["state"], "stale");

    // Blind and fresh.
    let now = chrono::Utc::now();
    let fence = store
        .try_take_lease("new@host:2", "svc", Duration::from_secs(3), now)
        .unwrap()
        .unwrap();
    store
        .record_monitor(
            &fence,
            MonitorBatch {
                blind: true,
                ..Default::default()
            },
            now,
        )
        .unwrap();
    let out = run(&config, &db, &["status"]);
    assert!(stdout(&out).contains("MONITOR BLIND"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("UNKNOWN, not down"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maintenance_windows_are_added_as_events_with_checks() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http, "1s");
    let db = dir.path().join("log.db");
    let add = |args: &[&str]| {
        let mut all = vec!["--as", "operator1", "maintenance", "add"];
        all.extend_from_slice(args);
        run(&config, &db, &all)
    };
    let out = add(&["journal", "--to", "2h", "--reason", "Uppgradering"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--to 2h means two hours ago: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("ends before it starts") || stderr(&out).contains("already ended"),
        "{}",
        stderr(&out)
    );
    let to = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let out = add(&[
        "journal",
        "--to",
        &to,
        "--reason",
        "Uppgradering av journalen",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("maintenance window added as event #2"));
    let out = add(&["nosuch", "--to", &to, "--reason", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &config,
        &db,
        &[
            "--as",
            "viewer1",
            "maintenance",
            "add",
            "journal",
            "--to",
            &to,
            "--reason",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("may not add maintenance windows"),
        "{}",
        stderr(&out)
    );
    let out = run(&config, &db, &["maintenance", "list"]);
    assert!(stdout(&out).contains("journal:"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Uppgradering av journalen  [active now]"),
        "{}",
        stdout(&out)
    );
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(
        store.runtime_maintenance(chrono::Utc::now()).unwrap().len(),
        1
    );
}

fn copy_tree(from: &Path, to: &Path, port: u16) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target, port);
        } else {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(target, text.replace("47800", &port.to_string())).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_region_is_checked_against_a_simulated_server() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("fixtures/region-demo"),
        &dir.path().join("fixtures/region-demo"),
        http.port(),
    );
    copy_tree(
        &repo().join("runbooks"),
        &dir.path().join("runbooks"),
        http.port(),
    );
    let config = dir.path().join("fixtures/region-demo/beredskap.toml");
    let db = dir.path().join("log.db");
    // The read copy's refresh job has run (its heartbeat check reads the ping); no alert
    // from the region's monitoring fires.
    let ping = run(
        &config,
        &db,
        &[
            "--as",
            "journal-kopia",
            "heartbeat",
            "lasekopia-uppdatering",
        ],
    );
    assert_eq!(ping.status.code(), Some(0), "{}", stderr(&ping));
    let out = run(&config, &db, &["check", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows.len(),
        32,
        "29 systems' probes, a heartbeat, an alert check and one canary"
    );
    for r in &rows {
        assert_eq!(r["verdict"], "ok", "{r}");
    }
    assert!(
        rows.iter().any(|r| r["system"] == "lasekopia"
            && r["message"].as_str().unwrap().starts_with("heartbeat at")),
        "{rows:?}"
    );
}

#[test]
fn samples_are_pruned_by_retention_and_events_never_are() {
    use beredskap::model::health::Verdict;
    use beredskap::store::Sample;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let now = chrono::Utc::now();
    let fence = store
        .try_take_lease("m", "svc", Duration::from_secs(60), now)
        .unwrap()
        .unwrap();
    let sample = |days_ago: i64| Sample {
        system_id: "journal".into(),
        check_name: "health".into(),
        at: now - chrono::Duration::days(days_ago),
        verdict: Verdict::Ok,
        latency_ms: 5,
        finding: beredskap::model::finding::Finding::said("ok"),
    };
    let batch = MonitorBatch {
        samples: (0..10).map(sample).collect(),
        ..Default::default()
    };
    store.record_monitor(&fence, batch, now).unwrap();
    let events_before = store.count().unwrap();
    // Days 8 and 9 are older than the 7-day retention; day 7 is exactly at it and stays.
    assert_eq!(
        store
            .prune_samples(&fence, now - chrono::Duration::days(7))
            .unwrap(),
        2
    );
    assert_eq!(store.sample_count().unwrap(), 8);
    assert_eq!(store.count().unwrap(), events_before);
    let other = Fence {
        holder: "intruder".into(),
        token: 99,
    };
    assert!(
        store.prune_samples(&other, now).is_err(),
        "only the lease holder prunes"
    );
    assert_eq!(store.sample_count().unwrap(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_monitor_prunes_samples_by_the_configured_retention() {
    let http = servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http, "1s");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "lease_interval = \"1s\"",
        "lease_interval = \"1s\"\nsample_retention = \"1h\"",
    );
    std::fs::write(&config, text).unwrap();
    let db = dir.path().join("log.db");
    common::seed_notes(&db, "operator1", 3);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for minutes_ago in [180, 90, 30, 10] {
            let at = chrono::Utc::now() - chrono::Duration::minutes(minutes_ago);
            conn.execute(
                "INSERT INTO samples (system_id, check_name, at, verdict, latency_ms, message) \
                 VALUES ('journal', 'health', ?1, 'ok', 5, 'gammalt')",
                [beredskap::model::timespec::to_storage(at)],
            )
            .unwrap();
        }
    }
    let old = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare("SELECT at FROM samples WHERE message = 'gammalt' ORDER BY at")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(old(&db).len(), 4);
    let mut child = monitor(&config, &db, &dir.path().join("m.log"));
    wait_for(
        "samples beyond the retention to go",
        Duration::from_secs(20),
        || (old(&db).len() == 2).then_some(()),
    );
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert!(child.wait().unwrap().success());
    let store = Store::open_existing(&db).unwrap();
    let notes = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["diary.note".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(notes.len(), 3, "events are never pruned");
    assert!(store.verify(None).unwrap().intact());
    let log = std::fs::read_to_string(dir.path().join("m.log")).unwrap();
    assert!(
        log.contains("pruned 2 samples older than the retention"),
        "{log}"
    );
}
