//! Nothing is written without a name (issue 31.2). A heartbeat and an alert source say which
//! OS accounts may send for them (`senders`); anyone else — a ward account, a person with
//! no role, a person with every role — is refused with exit 2 and nothing is written. What
//! a named sender writes says who it is: the real OS account, never the constant
//! `beredskap`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, minimal_config, run, stderr};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The minimal region with a heartbeat the account `backup` may ping and an Alertmanager
/// source the account running the tests may send for.
fn region(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            &format!("runbooks_dir = {:?}", common::repo().join("runbooks")),
        )
        .replace(
            "runbooks = [\"journal-nere\"]\n",
            "runbooks = [\"journal-nere\"]\n\n[[systems.checks]]\nname = \"kopia\"\n\
             kind = \"heartbeat\"\nheartbeat = \"lasekopia\"\nsenders = [\"backup\"]\n\
             period = \"1h\"\n\n[[systems.checks]]\nname = \"larm\"\nkind = \"alert\"\n\
             source = \"alertmanager\"\nmatch = '{job=\"journal\"}'\n",
        );
    let text = format!(
        "{text}{}",
        common::ingest_sources(&[("alertmanager", "alertmanager")])
    );
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn ingest(config: &Path, db: &Path, extra: &[&str]) -> std::process::Output {
    let mut child = beredskap(config, db)
        .args(extra)
        .args(["ingest", "alertmanager"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let body = r#"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","job":"journal"},"annotations":{"summary":"journalen svarar inte"},"startsAt":"2026-12-02T02:10:00Z","fingerprint":"fp-1"}]}"#;
    let _ = child.stdin.take().unwrap().write_all(body.as_bytes());
    child.wait_with_output().unwrap()
}

fn alert_events(db: &Path) -> Vec<beredskap::model::event::Event> {
    let Ok(store) = beredskap::store::Store::open_existing(db) else {
        return Vec::new();
    };
    store
        .events_page("", None, 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "alert.received")
        .collect()
}

#[test]
fn only_a_named_sender_pings_a_heartbeat_or_sends_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path());
    let db = dir.path().join("log.db");
    let out = run(beredskap(&config, &db).args(["log", "init"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let ping = || {
        beredskap::store::Store::open_existing(&db)
            .unwrap()
            .last_ping("lasekopia")
            .unwrap()
    };

    // The account running this test is not the heartbeat's sender; nor is a person with
    // every role (admin1), nor one with none (viewer1, a ward account).
    for who in [None, Some("admin1"), Some("viewer1")] {
        let mut cmd = beredskap(&config, &db);
        if let Some(a) = who {
            cmd.args(["--as", a]);
        }
        let out = run(cmd.args(["heartbeat", "lasekopia"]));
        assert_eq!(out.status.code(), Some(2), "{who:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("may not send for the heartbeat `lasekopia`")
                && stderr(&out).contains("only backup may"),
            "{}",
            stderr(&out)
        );
        let failed = run(beredskap(&config, &db)
            .args(who.map(|a| vec!["--as", a]).unwrap_or_default())
            .args(["heartbeat", "lasekopia", "--fail"]));
        assert_eq!(failed.status.code(), Some(2));
    }
    assert_eq!(ping(), None, "nothing was written");
    // In Swedish too.
    let out = run(beredskap(&config, &db).args(["--lang", "sv", "heartbeat", "lasekopia"]));
    assert!(
        stderr(&out).contains("får inte skicka för livssignalen \"lasekopia\""),
        "{}",
        stderr(&out)
    );

    // The named sender is recorded as who it is.
    let out = run(beredskap(&config, &db).args(["--as", "backup", "heartbeat", "lasekopia"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ping().unwrap().sender, "backup");

    // Alerts: a person (admin1, ward account viewer1) may not send for the source.
    for who in ["admin1", "viewer1"] {
        let out = ingest(&config, &db, &["--as", who]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("may not send for the alert source `alertmanager`"),
            "{}",
            stderr(&out)
        );
    }
    assert!(alert_events(&db).is_empty(), "nothing was written");
    // The account running the test is the source's sender: the alert is recorded with its
    // real OS account as actor and os_account.
    let out = ingest(&config, &db, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = alert_events(&db);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor, common::os_account());
    assert_eq!(events[0].os_account, common::os_account());
    assert_ne!(events[0].actor, "beredskap");
}
