//! The log refuses edits, and `log verify` names every kind of tampering done behind the
//! triggers' back with the sqlite3 library.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use beredskap::store::{ChainBreak, Store};
use common::{beredskap, minimal_config, seed_notes, stderr, stdout};
use rusqlite::Connection;
use std::path::Path;

fn fresh_log(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    seed_notes(&db, "operator1", n);
    (dir, db)
}

/// Goes behind the log's back: drops the triggers, runs `sql`.
fn tamper(db: &Path, sql: &str) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete; {sql}"
    ))
    .unwrap();
}

fn verify_cli(db: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = beredskap(&minimal_config(), db)
        .args(["log", "verify"])
        .args(extra)
        .output()
        .unwrap();
    let said = format!("{}{}", stdout(&out), stderr(&out));
    // Every line its own: a break inside one printed call shows as a visible '␊'.
    assert!(!said.contains('␊'), "{said}");
    (out.status.code(), said)
}

#[test]
fn triggers_refuse_update_and_delete() {
    let (_dir, db) = fresh_log(3);
    let conn = Connection::open(&db).unwrap();
    let e = conn
        .execute(
            "UPDATE events SET payload = '{\"text\":\"x\"}' WHERE id = 2",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn
        .execute("DELETE FROM events WHERE id = 3", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    drop(conn);
    assert!(Store::open(&db).unwrap().verify(None).unwrap().intact());
}

#[test]
fn an_intact_log_verifies_and_prints_its_head() {
    let (_dir, db) = fresh_log(5);
    let head = Store::open(&db).unwrap().head().unwrap().unwrap();
    let (code, out) = verify_cli(&db, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("intact: 5 events"), "{out}");
    assert!(out.contains(&format!("head: #5 {}", head.1)), "{out}");
}

#[test]
fn a_changed_payload_is_named() {
    let (_dir, db) = fresh_log(10);
    tamper(
        &db,
        "UPDATE events SET payload = '{\"text\":\"allt lugnt\"}' WHERE id = 4;",
    );
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::PayloadChanged { id: 4 })
    );
    assert_eq!(report.events_checked, 3);
    let (code, out) = verify_cli(&db, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("event #4: payload changed"), "{out}");
}

#[test]
fn a_payload_changed_together_with_its_digest_is_still_caught() {
    let (_dir, db) = fresh_log(10);
    let text = r#"{"text":"allt lugnt"}"#;
    let digest = beredskap::store::chain::sha256_hex(text.as_bytes());
    tamper(
        &db,
        &format!("UPDATE events SET payload = '{text}', payload_sha256 = '{digest}' WHERE id = 6;"),
    );
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::FieldsChanged { id: 6 })
    );
}

#[test]
fn a_changed_actor_or_time_is_named() {
    let (_dir, db) = fresh_log(10);
    tamper(
        &db,
        "UPDATE events SET actor = 'someone_else' WHERE id = 7;",
    );
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::FieldsChanged { id: 7 })
    );
    let (code, out) = verify_cli(&db, &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("event #7: content changed"), "{out}");
}

#[test]
fn a_deleted_event_is_named() {
    let (_dir, db) = fresh_log(10);
    tamper(&db, "DELETE FROM events WHERE id = 5;");
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::Missing {
            after: 4,
            before: 6
        })
    );
    let (code, out) = verify_cli(&db, &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("event missing: #5 is gone"), "{out}");
}

#[test]
fn a_deleted_event_with_renumbered_successors_is_named() {
    let (_dir, db) = fresh_log(10);
    tamper(
        &db,
        "DELETE FROM events WHERE id = 5; UPDATE events SET id = id - 1 WHERE id > 5;",
    );
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::Missing {
            after: 4,
            before: 5
        })
    );
}

#[test]
fn swapped_events_are_named() {
    let (_dir, db) = fresh_log(10);
    tamper(
        &db,
        "UPDATE events SET id = -1 WHERE id = 5; UPDATE events SET id = 5 WHERE id = 6; \
         UPDATE events SET id = 6 WHERE id = -1;",
    );
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::OrderChanged {
            id: 5,
            written_as: 6
        })
    );
    let (code, out) = verify_cli(&db, &[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("event #5: order changed"), "{out}");
    assert!(out.contains("written as #6"), "{out}");
}

#[test]
fn a_deleted_tail_is_caught_by_the_head_record_or_the_expected_head() {
    let (_dir, db) = fresh_log(10);
    let head = Store::open(&db).unwrap().head().unwrap().unwrap().1;
    tamper(&db, "DELETE FROM events WHERE id > 8;");
    let report = Store::open(&db).unwrap().verify(None).unwrap();
    assert_eq!(
        report.first_break,
        Some(ChainBreak::TailMissing {
            last_present: 8,
            head_record: 10
        })
    );

    // A careful forger also rewinds the head record: only the written-down head helps.
    let new_head = Store::open(&db).unwrap().head().unwrap().unwrap().1;
    tamper(
        &db,
        &format!("UPDATE log_head SET last_id = 8, last_hash = '{new_head}';"),
    );
    assert!(Store::open(&db).unwrap().verify(None).unwrap().intact());
    let (code, out) = verify_cli(&db, &["--expect-head", &head]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("is not in the log"), "{out}");
}

#[test]
fn an_expected_head_that_has_been_appended_to_is_fine() {
    let (_dir, db) = fresh_log(3);
    let head = Store::open(&db).unwrap().head().unwrap().unwrap().1;
    seed_notes(&db, "operator1", 2);
    let (code, out) = verify_cli(&db, &["--expect-head", &head, "--json"]);
    assert_eq!(code, Some(0), "{out}");
    let json: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(json["intact"], true);
    assert_eq!(json["expected_head_at"], 3);
    assert_eq!(json["head_id"], 5);
}

#[test]
fn a_malformed_expected_head_is_bad_input() {
    let (_dir, db) = fresh_log(1);
    let (code, out) = verify_cli(&db, &["--expect-head", "abc"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("64 hexadecimal"), "{out}");
}

/// A long log is walked in stretches at once (`log verify` on two cores): whatever was done
/// to it, and wherever that falls against the stretches' edges, the report is the one a
/// single walk gives.
#[test]
fn a_walk_in_stretches_reports_what_one_walk_reports() {
    let cases = [
        "",
        "UPDATE events SET payload = '{\"text\":\"x\"}' WHERE id = 7;",
        "DELETE FROM events WHERE id = 10;",
        "DELETE FROM events WHERE id = 11;",
        "DELETE FROM events WHERE id = 20; UPDATE events SET id = id - 1 WHERE id > 20;",
        "UPDATE events SET id = -1 WHERE id = 20; UPDATE events SET id = 20 WHERE id = 21; \
         UPDATE events SET id = 21 WHERE id = -1;",
        "DELETE FROM events WHERE id > 38;",
        "UPDATE events SET actor = 'someone' WHERE id = 31;",
    ];
    for sql in cases {
        let (_dir, db) = fresh_log(40);
        let head = Store::open(&db).unwrap().head().unwrap().unwrap().1;
        if !sql.is_empty() {
            tamper(&db, sql);
        }
        let store = Store::open(&db).unwrap();
        for expect in [None, Some(head.as_str())] {
            let one = store.verify(expect).unwrap();
            for parts in 2..=4 {
                let seen = std::sync::atomic::AtomicU64::new(0);
                let split = store
                    .verify_in_parts(expect, parts, 2, &|n| {
                        seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
                    })
                    .unwrap();
                let what = format!("{sql:?} in {parts} stretches, expecting {expect:?}");
                assert_eq!(split.first_break, one.first_break, "{what}");
                assert_eq!(split.events_checked, one.events_checked, "{what}");
                assert_eq!(split.expected_head_at, one.expected_head_at, "{what}");
                if one.intact() {
                    assert_eq!(
                        (split.head_id, &split.head_hash),
                        (one.head_id, &one.head_hash),
                        "{what}"
                    );
                }
            }
        }
    }
}
