//! Redaction: a number written before the store's guard existed (a fixture database made
//! by that release) is taken out; a byte search of the database, its WAL and a backup
//! finds no trace; `log verify` passes and lists the redaction; the Lex Maria export
//! succeeds. The upgrade of that log to the new schema keeps its chain as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::*;
use std::path::{Path, PathBuf};

const NUMBER: &str = "19121212-1212";

fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("log.db");
    std::fs::copy(repo().join("tests/fixtures/log-before-redaction.db"), &db).unwrap();
    (repo().join("tests/fixtures/log-before-redaction.toml"), db)
}

fn holds(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .unwrap_or(false)
}

fn wal(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", db.display()))
}

fn user_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_number_from_before_is_taken_out_and_the_chain_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (config, db) = fixture(dir.path());
    assert!(holds(&db, NUMBER), "the fixture holds the number");
    let before = event_hashes(&db);

    // Who may not: a viewer, an operator, and the physician outside the clinical record.
    for (account, says) in [
        ("viewer1", "may not take patient data out of the log"),
        ("operator1", "may not take patient data out of the log"),
        ("physician1", "not part of the clinical record"),
    ] {
        let out = run(beredskap(&config, &db).args([
            "log",
            "redact",
            "3",
            "--field",
            "message",
            "--reason",
            "pnr i utdata",
            "--as",
            account,
        ]));
        assert_eq!(out.status.code(), Some(2), "{account}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{account}: {}", stderr(&out));
    }
    // Bad requests: no such event, no such field, a reason with a number in it.
    for (args, says) in [
        (vec!["99", "--field", "message"], "there is no event #99"),
        (vec!["3", "--field", "nope"], "has no field `nope`"),
        (vec!["3", "--field", "latency_ms"], "is not a text"),
    ] {
        let mut cmd = beredskap(&config, &db);
        cmd.args(["log", "redact"]).args(&args).args([
            "--reason",
            "pnr i utdata",
            "--as",
            "admin1",
        ]);
        let out = run(&mut cmd);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = run(beredskap(&config, &db).args([
        "log",
        "redact",
        "3",
        "--field",
        "message",
        "--reason",
        "gällde 121212-1212",
        "--as",
        "admin1",
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(event_hashes(&db), before, "nothing written by a refusal");

    let out = run(beredskap(&config, &db).args([
        "log",
        "redact",
        "#3",
        "--field",
        "message",
        "--reason",
        "personnummer i pluginutdata",
        "--as",
        "admin1",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("gone from the database file and its WAL"),
        "{}",
        stdout(&out)
    );
    // Gone from the file and the WAL, byte for byte.
    for needle in [NUMBER, "12-1212", "lab queue stuck, last msg pat"] {
        assert!(!holds(&db, needle), "{needle} still in the database");
        assert!(!holds(&wal(&db), needle), "{needle} still in the WAL");
    }
    assert_eq!(
        user_version(&db),
        i64::from(beredskap::store::SCHEMA_VERSION),
        "upgraded in place (to the latest schema)"
    );

    // The chain: every earlier hash as it was, intact, the redaction listed.
    let after = event_hashes(&db);
    assert_eq!(&after[..before.len()], &before[..]);
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("1 event(s) redacted, each as its redaction recorded: #3 (by #4)"),
        "{}",
        stdout(&out)
    );
    let out = run(beredskap(&config, &db).args(["log", "show", "--json"]));
    let shown = stdout(&out);
    assert!(
        shown.contains("[borttaget: personuppgift, händelse #4]"),
        "{shown}"
    );
    assert!(shown.contains("\"kind\":\"log.redacted\""), "{shown}");
    assert!(shown.contains("personnummer i pluginutdata"), "{shown}");

    // A backup taken now holds no trace either.
    let backup = dir.path().join("backup.db");
    let out = run(beredskap(&config, &db).arg("backup").arg("-o").arg(&backup));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!holds(&backup, NUMBER));

    // And the incident on that system exports.
    let id = declare_journal_incident(&config, &db);
    let out = run(beredskap(&config, &db).args(["--as", "physician1", "export", "lex-maria", &id]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_payload_cannot_be_replaced_behind_the_programs_back() {
    let dir = tempfile::tempdir().unwrap();
    let (config, db) = fixture(dir.path());
    // Upgrade by opening for writing (a note).
    let out = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", "kontroll"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let err = conn
        .execute(
            "UPDATE events SET payload = '{\"message\":\"x\"}' WHERE id = 3",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // A redactions row alone does not let any other column change.
    conn.execute(
        "INSERT INTO redactions (event_id, redaction_event, payload) VALUES (3, 99, 'x')",
        [],
    )
    .unwrap();
    let err = conn
        .execute(
            "UPDATE events SET actor = 'x', payload = 'x' WHERE id = 3",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // A payload swapped in with a forged redactions row but no redaction event: verify
    // names it.
    conn.execute("UPDATE events SET payload = 'x' WHERE id = 3", [])
        .unwrap();
    drop(conn);
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("event #3: payload changed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn upgrading_the_old_log_keeps_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (config, db) = fixture(dir.path());
    assert_eq!(user_version(&db), 5, "the fixture is the old schema");
    let before = event_hashes(&db);
    let out = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", "efter"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        user_version(&db),
        i64::from(beredskap::store::SCHEMA_VERSION)
    );
    assert_eq!(&event_hashes(&db)[..before.len()], &before[..]);
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
