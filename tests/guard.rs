//! The patient-data guard never stops an alarm: a check whose output or URL holds a
//! number shaped like a personnummer still pages, escalates and can be exported; the
//! number is masked in the log and the masking is recorded. A person's typed number is
//! refused through the store itself, not only in the front ends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::event::NewEvent;
use beredskap::model::event_kind::EventKind;
use beredskap::model::guard::Origin;
use beredskap::store::{Store, StoreError};
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The minimal region with the business-critical `journal` watched by a Nagios-style
/// plugin that prints a (synthetic) identity number, and a business-critical `labb` by an
/// HTTP check whose server answers with a URL that holds one. (The configuration itself
/// may hold no number: `config check` refuses it.)
fn region(dir: &Path, http_port: u16) -> PathBuf {
    let base = std::fs::read_to_string(minimal_config()).unwrap().replace(
        "runbooks_dir = \"../../runbooks\"",
        &format!("runbooks_dir = \"{}\"", repo().join("runbooks").display()),
    );
    // Someone is always on call for drift, so a page notifies its first step at once.
    let base = base.replace(
        "members = [\"operator1\"]\nphone = \"070-174 06 53\"\n",
        "members = [\"operator1\"]\nphone = \"070-174 06 53\"\n\n[[teams.rotations]]\n\
         layer = \"primär\"\nmembers = [\"operator1\"]\nshift = \"1w\"\n\
         handoff = \"mon 08:00\"\nstart = \"2026-01-05\"\n",
    );
    let mut text = String::new();
    for block in base.split("\n[[systems]]") {
        if !text.is_empty() {
            text.push_str("\n[[systems]]");
        }
        text.push_str(block);
        if block.contains("id = \"journal\"") {
            text.push_str(
                "\n[[systems.checks]]\nname = \"plugin\"\nkind = \"exec\"\ncommand = \"/bin/sh\"\n\
                 args = [\"-c\", \"D=191212; T=181012; echo \\\"CRITICAL - lab queue stuck, last msg pat ${D}12-1212 at ${T}7140\\\"; exit 2\"]\n\
                 interval = \"1s\"\ntimeout = \"1s\"\nfailure_threshold = 1\n",
            );
        }
    }
    text.push_str(&format!(
        "\n[[systems]]\nid = \"labb\"\nname = \"Labbet\"\ncategory = \"it\"\n\
         criticality = \"business-critical\"\n\
         krt = {{ confidentiality = 3, integrity = 3, availability = 4 }}\nowner_team = \"drift\"\n\
         \n[[systems.checks]]\nname = \"portal\"\nkind = \"http\"\n\
         url = \"http://127.0.0.1:{http_port}/health\"\n\
         json_pointer = \"/status\"\njson_equals = \"UP\"\n\
         interval = \"1s\"\ntimeout = \"1s\"\nfailure_threshold = 1\n"
    ));
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// An HTTP server on 127.0.0.1 whose health answer quotes a URL with a number in it;
/// returns its port.
fn health_server() -> u16 {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = br#"{"status":"DOWN: queue /pat/191212121212/ stuck"}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body);
        }
    });
    port
}

struct Monitor(Child);
impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn until(secs: u64, what: &str, mut f: impl FnMut() -> bool, state: impl Fn() -> String) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "waited for {what}:\n{}",
            state()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn payloads(db: &Path, kind: &str) -> Vec<serde_json::Value> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT payload FROM events WHERE kind = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([kind], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
        .collect()
}

fn raw_file_contains(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .unwrap_or(false)
}

#[test]
fn a_number_in_a_checks_output_or_url_never_stops_the_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = region(dir.path(), health_server());
    let monitor = Monitor(
        beredskap(&config, &db)
            .args(["monitor", "--log-file"])
            .arg(dir.path().join("monitor.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Both systems go down and both are paged (the team's policy escalates each step).
    let shown = || {
        let out = run(beredskap(&config, &db).args(["log", "show"]));
        let log = std::fs::read_to_string(dir.path().join("monitor.log")).unwrap_or_default();
        format!("{}\n{}\n{log}", stdout(&out), stderr(&out))
    };
    until(
        30,
        "two open pages",
        || {
            let out = run(beredskap(&config, &db).args(["pages", "--json"]));
            let pages: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            pages.as_array().map(|a| a.len()) == Some(2)
        },
        shown,
    );
    until(
        30,
        "the first notification",
        || !payloads(&db, "page.notified").is_empty(),
        shown,
    );
    drop(monitor);

    let changes = payloads(&db, "system.status_changed");
    let messages: Vec<&str> = changes
        .iter()
        .filter_map(|c| c["message"].as_str())
        .collect();
    let plugin = messages
        .iter()
        .find(|m| m.contains("lab queue stuck"))
        .expect("the plugin's status change");
    let http = messages
        .iter()
        .find(|m| m.contains("queue /pat/"))
        .expect("the HTTP check's status change");
    assert!(
        http.contains("/pat/191212121212XXXX/") || http.contains("/pat/19121212XXXX/"),
        "{http}"
    );
    assert!(plugin.contains("pat 19121212-XXXX"), "{plugin}");
    assert!(
        plugin.contains("at 1810127140") || !plugin.contains("1810127140"),
        "{plugin}"
    );
    let triggered = payloads(&db, "page.triggered");
    assert_eq!(triggered.len(), 2);
    for t in &triggered {
        let m = t["message"].as_str().unwrap();
        assert!(
            !m.contains("1212-1212") && !m.contains("191212121212"),
            "{m}"
        );
    }
    // The masking is recorded: which event and field, never the digits.
    let masked = payloads(&db, "guard.masked");
    assert!(!masked.is_empty());
    assert!(
        masked
            .iter()
            .any(|m| m["fields"][0]["field"] == "message" && m["fields"][0]["count"] == 1)
    );
    for m in &masked {
        assert!(!m.to_string().contains("1212-1212"));
    }
    // Nothing of the numbers anywhere in the database file or its WAL.
    let check = rusqlite::Connection::open(&db).unwrap();
    check
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(check);
    for needle in ["19121212-1212", "191212121212"] {
        assert!(!raw_file_contains(&db, needle), "{needle} in the database");
    }

    // The chain verifies, and the incident on the system exports.
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let incident = declare_journal_incident(&config, &db);
    let out =
        run(beredskap(&config, &db).args(["export", "lex-maria", "--as", "physician1", &incident]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn note(text: &str, origin: Origin) -> NewEvent {
    NewEvent {
        origin,
        ..common::note_event("operator1", text)
    }
}

#[test]
fn the_store_refuses_a_persons_number_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    store.append(note("först", Origin::Person)).unwrap();
    let err = store
        .append_all(vec![
            note("ok", Origin::Person),
            note("pat １２１２１２－１２１２", Origin::Person),
        ])
        .unwrap_err();
    match err {
        StoreError::PatientData(r) => {
            assert_eq!(r.field, "text");
            assert_eq!(r.hits[0].masked, "121212-XXXX");
        }
        other => panic!("{other}"),
    }
    assert_eq!(store.count().unwrap(), 1, "all or nothing");
    // The same text from a machine is masked and the masking follows it.
    let stored = store
        .append(note("pat １２１２１２－１２１２", Origin::Machine))
        .unwrap();
    assert_eq!(stored.payload["text"], "pat 121212-XXXX");
    assert_eq!(store.count().unwrap(), 3);
}

/// What the guard must do with a number in an event of this kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Typed by a person: the event is refused.
    Refused,
    /// Machine text or text copied from a file: masked, and the masking recorded.
    Masked,
}

/// A payload of each kind with a (synthetic) number in its free text, as its write path
/// makes it, with the origin that path gives it. Every kind this build writes must have a
/// case: a new kind without one fails the test below.
fn case(kind: EventKind) -> (Origin, serde_json::Value, Expect) {
    use EventKind as K;
    use Expect::*;
    use Origin::*;
    use serde_json::json;
    const N: &str = "gäller pat 19121212-1212";
    let step = json!({"step": 1, "value": N, "text": N});
    let policy = json!({"id": "p", "steps": [], "repeats": 0});
    // Every kind, no wildcard: a new kind does not compile until it has a case here.
    match kind {
        K::DiaryNote => (Person, json!({"text": N}), Refused),
        K::SystemStatusChanged => (
            Machine,
            json!({"health": "down", "previous": "up", "own": "down", "check": "c", "message": N,
                   "latency_ms": null, "impacted_by": [], "suppressed": null, "flapping": false,
                   "maintenance": null}),
            Masked,
        ),
        K::MonitorBlind | K::MonitorSighted => {
            (Machine, json!({"message": N, "canaries": [N]}), Masked)
        }
        K::ConfigApplied => (
            Machine,
            json!({"digest": "d", "files": [{"name": "beredskap.toml", "sha256": "s",
                   "text": format!("# {N}\n")}], "people": [], "teams": [], "changes": []}),
            Masked,
        ),
        K::LogRestored => (
            Machine,
            json!({"from": format!("/backup/{N}.db"), "events": 1, "forced": false}),
            Masked,
        ),
        K::MonitorLeaseTaken => (
            Machine,
            json!({"holder": "h", "token": 1, "message": N}),
            Masked,
        ),
        K::MaintenanceAdded => (
            Person,
            json!({"systems": [], "from": "a", "to": "b", "reason": N}),
            Refused,
        ),
        K::MaintenanceEnded => (Person, json!({"window": 1, "reason": N}), Refused),
        K::MaintenanceSilenced | K::MaintenanceUnsilenced => (
            Machine,
            json!({"window": 1, "source": "am", "silences": [], "error": N}),
            Masked,
        ),
        K::IncidentDeclared => (
            Person,
            json!({"title": N, "severity": "s", "started_at": null, "detected_at": null}),
            Refused,
        ),
        K::IncidentNote => (
            Person,
            json!({"text": N, "kind": "note", "audience": null}),
            Refused,
        ),
        K::IncidentStatusChanged => (
            Person,
            json!({"from": "investigating", "to": "identified", "reason": N}),
            Refused,
        ),
        K::IncidentMilestoneSet => (
            Person,
            json!({"milestone": "mitigated", "at": "2026-12-01T03:00:00Z", "reason": N}),
            Refused,
        ),
        K::IncidentRoleAssigned => (
            Person,
            json!({"role": "lead", "account": "a", "previous": null, "note": N}),
            Refused,
        ),
        K::IncidentPatientSafetyFlagged => (Person, json!({"description": N}), Refused),
        K::IncidentReviewUpdated => (
            Person,
            json!({"summary": N, "impact": "", "what_worked": "", "contributing_factors": "",
                   "actions": []}),
            Refused,
        ),
        K::OncallOverride => (
            Person,
            json!({"team": "t", "layer": "l", "person": "p", "from": "a", "to": "b", "reason": N}),
            Refused,
        ),
        K::OncallOverrideCancelled | K::PageResolved => {
            (Person, json!({"text": N, "message": N}), Refused)
        }
        K::OncallHandoffNote => (
            Person,
            json!({"team": "t", "layer": "l", "text": N}),
            Refused,
        ),
        K::OncallCalendarImported => (
            Machine,
            json!({"team": "t", "layer": "l", "file": format!("{N}.ics"), "file_sha256": "x",
                   "series": [{"uid": "u", "summary": N, "person": "p", "line": 1,
                               "zone": "UTC", "start": "2026-12-01T08:00:00",
                               "length_secs": 3600}]}),
            Masked,
        ),
        K::PageTriggered => (
            Machine,
            json!({"target": "team:t", "message": N, "system": null, "incident": null,
                   "policy": policy}),
            Masked,
        ),
        K::PageNotified => (
            Machine,
            json!({"round": 0, "step": 0, "recipients": [], "unresolved": [], "message": N}),
            Masked,
        ),
        K::PageAcknowledged => (Person, json!({"message": N}), Refused),
        K::PageDelivery => (
            Machine,
            json!({"channel": "webhook", "to": "u", "ok": false, "detail": N}),
            Masked,
        ),
        K::RunStarted => (
            Person,
            json!({"runbook_id": "r", "title": N, "sha256": "x", "text": N, "steps": [N],
                   "incident": null}),
            Masked,
        ),
        K::RunStepDone | K::RunStepSkipped | K::RunStepNoted | K::RunStepUndone => {
            (Person, step, Refused)
        }
        K::RunCompleted | K::RunAborted => (Person, json!({"text": N}), Refused),
        K::ReviewAssessment => (
            Person,
            json!({"harm": "no", "serious_risk": false, "reasoning": N, "patients": "risk_only",
                   "informed": false, "causes": "", "risk_assessment": ""}),
            Refused,
        ),
        K::ReviewDecision => (Person, json!({"report": false, "motivation": N}), Refused),
        K::ReviewClock => (
            Person,
            json!({"clock": "gdpr", "applies": false, "aware_at": "a", "reference": N}),
            Refused,
        ),
        K::ExportLexMaria => (
            Machine,
            json!({"format": "md", "digest": "d", "message": N}),
            Masked,
        ),
        K::AlertReceived => (
            Machine,
            json!({"source": "am", "fingerprint": "f", "firing": true, "labels": {"x": N},
                   "summary": N, "systems": []}),
            Masked,
        ),
        K::PageLinked | K::RunLinked => (
            Machine,
            json!({"incident": N, "since": "2026-11-23T02:00:00Z"}),
            Masked,
        ),
        K::GuardMasked => (
            Machine,
            json!({"event": 1, "fields": [{"field": N, "count": 1}]}),
            Masked,
        ),
        K::LogRedacted => (
            Person,
            json!({"event": 1, "field": "f", "reason": N, "original_payload_sha256": "a",
                   "redacted_payload_sha256": "b"}),
            Refused,
        ),
    }
}

#[test]
fn every_kind_of_event_is_guarded_at_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    for &kind in EventKind::ALL {
        let (origin, payload, expect) = case(kind);
        let before = store.count().unwrap();
        let result = store.append(NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: "operator1".into(),
            os_account: "operator1".into(),
            kind: kind.as_str().to_string(),
            subject: "test".into(),
            corrects: None,
            payload_version: 1,
            payload,
            origin,
        });
        match (expect, result) {
            (Expect::Refused, Err(StoreError::PatientData(r))) => {
                assert_eq!(store.count().unwrap(), before, "{kind}: nothing written");
                assert!(r.hits[0].masked.ends_with("XXXX"), "{kind}");
            }
            (Expect::Masked, Ok(e)) => {
                let text = e.payload.to_string();
                assert!(!text.contains("1212-1212"), "{kind}: {text}");
                assert!(text.contains("19121212-XXXX"), "{kind}: {text}");
                let record = store.event(e.id + 1).unwrap().expect("the masking record");
                assert_eq!(record.kind, "guard.masked", "{kind}");
                assert!(!record.payload.to_string().contains("1212-1212"), "{kind}");
            }
            (expect, result) => panic!("{kind}: expected {expect:?}, got {result:?}"),
        }
    }
    assert!(store.verify(None).unwrap().sound());
}
