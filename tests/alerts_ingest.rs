//! Alerts from the region's monitoring, end to end through the real binary and the real
//! monitor: an Alertmanager payload makes the mapped system go down (a re-send is one
//! state, not another event), resolving brings it back; an unmapped alert is recorded, not
//! dropped; a Nagios notification command (the $NAGIOS_… macros) takes a system down and a
//! RECOVERY up; an identity number in an alert's text is masked and the alert kept; input
//! that cannot be read exits 2 and writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::alerting::health;
use common::{bin, stderr};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn region(dir: &Path, http: std::net::SocketAddr) -> PathBuf {
    let system = |id: &str, name: &str, source: &str, selector: &str| {
        format!(
            "\n[[systems]]\nid = \"{id}\"\nname = \"{name}\"\ncategory = \"it\"\n\
             criticality = \"high\"\nkrt = {{ confidentiality = 2, integrity = 3, availability = 3 }}\n\
             owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"larm\"\nkind = \"alert\"\n\
             source = \"{source}\"\nmatch = '{selector}'\ninterval = \"300ms\"\ntimeout = \"300ms\"\n\
             failure_threshold = 1\nsuccess_threshold = 1\n"
        )
    };
    let systems = format!(
        "{}{}",
        system(
            "lis",
            "Laboratoriesystem",
            "alertmanager",
            r#"{job="lis", severity=~"critical|page"}"#
        ),
        system(
            "lab",
            "Labbserver",
            "nagios",
            r#"{host="lab01", service="HTTP"}"#
        ),
    );
    let sources =
        common::ingest_sources(&[("alertmanager", "alertmanager"), ("nagios", "alertmanager")]);
    common::alerting::region(dir, http, &format!("{systems}{sources}"))
}

fn run(
    config: &Path,
    db: &Path,
    args: &[&str],
    stdin: &[u8],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut child = Command::new(bin())
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A reader that stops at its cap closes the pipe early: that is its answer, not ours.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

use common::alerting::Running as Monitor;

/// A real `beredskap monitor` on the region, its log file in `dir`.
fn monitor(dir: &Path, config: &Path, db: &Path) -> Monitor {
    Monitor(
        Command::new(bin())
            .args(["monitor", "--log-file"])
            .arg(dir.join("monitor.log"))
            .arg("--config")
            .arg(config)
            .arg("--db")
            .arg(db)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn wait_for(config: &Path, db: &Path, system: &str, want: &str) {
    let start = Instant::now();
    while health(config, db, system).as_deref() != Some(want) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{system} never became {want}: {:?}",
            health(config, db, system)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn alert_events(db: &Path) -> Vec<serde_json::Value> {
    let store = beredskap::store::Store::open_existing(db).unwrap();
    let mut out: Vec<serde_json::Value> = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "alert.received")
        .map(|e| e.payload)
        .collect();
    out.reverse();
    out
}

fn payload(status: &str, job: &str, summary: &str) -> Vec<u8> {
    format!(
        r#"{{"version":"4","status":"{status}","receiver":"beredskap","groupLabels":{{}},
        "commonLabels":{{}},"externalURL":"http://am.example","truncatedAlerts":0,
        "alerts":[{{"status":"{status}","labels":{{"alertname":"Down","job":"{job}","severity":"critical"}},
        "annotations":{{"summary":"{summary}"}},"startsAt":"2026-12-02T02:10:00Z",
        "endsAt":"0001-01-01T00:00:00Z","fingerprint":"fp-{job}"}}]}}"#
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alertmanager_and_nagios_alerts_take_their_systems_down_and_up() {
    let http = common::servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http);
    let db = dir.path().join("log.db");
    let ingest = |body: &[u8]| run(&config, &db, &["ingest", "alertmanager"], body, &[]);
    let out = ingest(&payload("firing", "lis", "LIS svarar inte"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let _m = monitor(dir.path(), &config, &db);
    wait_for(&config, &db, "lis", "down");
    wait_for(&config, &db, "lab", "up");
    // Alertmanager re-sends every repeat interval: one state, not another event.
    ingest(&payload("firing", "lis", "LIS svarar inte"));
    assert_eq!(alert_events(&db).len(), 1);
    let first = &alert_events(&db)[0];
    assert_eq!(first["systems"][0], "lis");
    assert_eq!(first["firing"], true);
    // An alert no system maps is recorded as unmapped, with a word on standard error.
    let out = ingest(&payload("firing", "okand", "Något annat"));
    assert!(stderr(&out).contains("unmapped"), "{}", stderr(&out));
    assert_eq!(
        alert_events(&db).last().unwrap()["systems"],
        serde_json::json!([])
    );
    // Resolved: back up.
    ingest(&payload("resolved", "lis", "LIS svarar inte"));
    wait_for(&config, &db, "lis", "up");
    // The Nagios notification command, with its macros in the environment.
    let nagios = |kind: &str, state: &str, output: &str| {
        run(
            &config,
            &db,
            &["ingest", "nagios"],
            b"",
            &[
                ("NAGIOS_HOSTNAME", "lab01"),
                ("NAGIOS_SERVICEDESC", "HTTP"),
                ("NAGIOS_SERVICESTATE", state),
                ("NAGIOS_NOTIFICATIONTYPE", kind),
                ("NAGIOS_SERVICEOUTPUT", output),
            ],
        )
    };
    let out = nagios(
        "PROBLEM",
        "CRITICAL",
        "HTTP CRITICAL - 503 Service Unavailable",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    wait_for(&config, &db, "lab", "down");
    nagios("RECOVERY", "OK", "HTTP OK");
    wait_for(&config, &db, "lab", "up");
    // The changes are status-change events like any check's.
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let changes = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "system.status_changed" && e.subject == "system:lab")
        .count();
    assert!(changes >= 2, "{changes}");
}

#[test]
fn an_alert_is_never_lost_to_its_text_and_unreadable_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), "127.0.0.1:9".parse().unwrap());
    let db = dir.path().join("log.db");
    // The synthetic test number in an alert's text: masked, the alert recorded.
    let out = run(
        &config,
        &db,
        &["ingest", "alertmanager"],
        &payload("firing", "lis", "Patient 19121212-1212 fick inget svar"),
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = alert_events(&db);
    assert_eq!(events.len(), 1);
    let summary = events[0]["summary"].as_str().unwrap();
    assert!(!summary.contains("1212-1212"), "{summary}");
    assert!(summary.contains("fick inget svar"), "{summary}");
    // Unreadable: exit 2, nothing written.
    let count = |db: &Path| {
        beredskap::store::Store::open_existing(db)
            .unwrap()
            .count()
            .unwrap()
    };
    let before = count(&db);
    for bad in [&b"{\"alerts\": [1"[..], b"{\"version\":\"3\"}", b"\xff\xfe"] {
        let out = run(&config, &db, &["ingest", "alertmanager"], bad, &[]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    // A Nagios notification without a host cannot name what it is about: refused.
    let out = run(
        &config,
        &db,
        &[
            "ingest", "nagios", "--state", "CRITICAL", "--type", "PROBLEM",
        ],
        b"",
        &[("NAGIOS_HOSTNAME", "")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no host"), "{}", stderr(&out));
    assert_eq!(count(&db), before, "nothing written for unreadable input");
    // The Watchdog is a sign of life, not trouble: a heartbeat, never an alert event.
    let before_watchdog = count(&db);
    let watchdog = br#"{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"Watchdog","severity":"none"},"annotations":{},"fingerprint":"wd"}]}"#;
    let out = run(&config, &db, &["ingest", "alertmanager"], watchdog, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&db), before_watchdog, "no event for the Watchdog");
    let ping = beredskap::store::Store::open_existing(&db)
        .unwrap()
        .last_ping("alertmanager.watchdog")
        .unwrap()
        .unwrap();
    assert!(ping.ok);
    let before = count(&db);
    let big = vec![b' '; 2 << 20];
    let out = run(&config, &db, &["ingest", "alertmanager"], &big, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(count(&db), before, "nothing written");
}

/// When the region watches Alertmanager's Watchdog, a silent Watchdog makes the source's
/// alert checks unknown: "no alert firing" from a dead pipeline is not "up".
#[test]
fn a_silent_watchdog_makes_its_source_s_alert_checks_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), "127.0.0.1:9".parse().unwrap());
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{text}\n[[systems]]\nid = \"overvakning\"\nname = \"Central övervakning\"\n\
             category = \"it\"\ncriticality = \"high\"\n\
             krt = {{ confidentiality = 1, integrity = 2, availability = 3 }}\n\
             owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"watchdog\"\n\
             kind = \"heartbeat\"\nheartbeat = \"alertmanager.watchdog\"\nperiod = \"1s\"\n\
             grace = \"1s\"\n"
        ),
    )
    .unwrap();
    let db = dir.path().join("log.db");
    let watchdog = br#"{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"Watchdog","severity":"none"},"annotations":{},"fingerprint":"wd"}]}"#;
    let check = |system: &str| {
        let out = run(
            &config,
            &db,
            &["check", "--system", system, "--json"],
            b"",
            &[],
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v[0]["verdict"].as_str().unwrap().to_string(),
            v[0]["message"].as_str().unwrap().to_string(),
        )
    };
    let out = run(&config, &db, &["ingest", "alertmanager"], watchdog, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(check("lis"), ("ok".into(), "no alert firing".into()));
    std::thread::sleep(Duration::from_millis(2500));
    let (verdict, message) = check("lis");
    assert_eq!(verdict, "unknown", "{message}");
    assert!(message.contains("no Watchdog since"), "{message}");
    assert_eq!(
        check("overvakning").0,
        "fail",
        "the monitoring's own system is down"
    );
    // The nagios source has no Watchdog watched: its check is judged as before.
    assert_eq!(check("lab").0, "ok");
    run(&config, &db, &["ingest", "alertmanager"], watchdog, &[]);
    assert_eq!(check("lis").0, "ok");
}

fn message(config: &Path, db: &Path, system: &str) -> Option<String> {
    let out = Command::new(bin())
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(["status", "--json"])
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["systems"]
        .as_array()?
        .iter()
        .find(|s| s["system"] == system)?["recorded"]["message"]
        .as_str()
        .map(str::to_string)
}

/// One alert of job `lis` under its own name and fingerprint.
fn named(status: &str, name: &str, summary: &str) -> Vec<u8> {
    String::from_utf8(payload(status, "lis", summary))
        .unwrap()
        .replace(
            "\"alertname\":\"Down\"",
            &format!("\"alertname\":\"{name}\""),
        )
        .replace("fp-lis", &format!("fp-{name}"))
        .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_says_what_fires_now_when_the_first_of_two_alerts_resolves() {
    let http = common::servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http);
    let db = dir.path().join("log.db");
    let ingest = |body: &[u8]| run(&config, &db, &["ingest", "alertmanager"], body, &[]);
    assert_eq!(
        ingest(&named("firing", "A", "A: databasen svarar inte"))
            .status
            .code(),
        Some(0)
    );
    let _m = monitor(dir.path(), &config, &db);
    wait_for(&config, &db, "lis", "down");
    assert!(
        message(&config, &db, "lis")
            .unwrap()
            .contains("A: databasen svarar inte")
    );
    ingest(&named("firing", "B", "B: köerna växer"));
    ingest(&named("resolved", "A", "A: databasen svarar inte"));
    let start = Instant::now();
    loop {
        let now = message(&config, &db, "lis").unwrap_or_default();
        if now.contains("B: köerna växer") {
            assert!(!now.contains("A: databasen"), "{now}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still says {now:?} after A resolved while B fires"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(health(&config, &db, "lis").as_deref(), Some("down"));
}
