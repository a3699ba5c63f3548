//! The store on real files: atomic writes, projections rebuilt from the log.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use beredskap::model::event::NewEvent;
use beredskap::store::Store;
use common::seed_notes;

fn note(text: &str) -> NewEvent {
    common::note_event("operator1", text)
}

#[test]
fn a_failed_batch_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    seed_notes(&db, "operator1", 3);
    let mut store = Store::open(&db).unwrap();
    let head_before = store.head().unwrap();
    let diary_before = store.diary(100).unwrap();
    // Make the projection step fail for one particular event, in the middle of a batch.
    store
        .connection()
        .execute_batch(
            "CREATE TRIGGER fail_projection BEFORE INSERT ON diary_entries \
             WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let err = store
        .append_all(vec![note("ok 1"), note("boom"), note("ok 2")])
        .unwrap_err();
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(store.head().unwrap(), head_before);
    assert_eq!(store.count().unwrap(), 3);
    assert_eq!(store.diary(100).unwrap(), diary_before);
    assert!(store.verify(None).unwrap().intact());
    // And the next append continues the chain normally.
    store
        .connection()
        .execute_batch("DROP TRIGGER fail_projection")
        .unwrap();
    let e = store.append(note("after")).unwrap();
    assert_eq!(e.id, 4);
    assert_eq!(Some(e.prev_hash), head_before.map(|h| h.1));
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn projections_are_rebuilt_from_the_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    seed_notes(&db, "operator1", 25);
    let mut store = Store::open(&db).unwrap();
    let before = store.diary(1000).unwrap();
    assert_eq!(before.len(), 25);
    store
        .connection()
        .execute("DELETE FROM diary_entries", [])
        .unwrap();
    assert!(store.diary(1000).unwrap().is_empty());
    assert_eq!(store.rebuild_projections().unwrap(), 25);
    assert_eq!(store.diary(1000).unwrap(), before);
}

#[test]
fn the_database_is_in_wal_mode_with_durable_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let store = Store::open(&db).unwrap();
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, beredskap::store::SCHEMA_VERSION);
}

#[test]
fn payloads_are_stored_canonically_and_hash_the_same_whatever_the_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let mut e = note("x");
    e.payload = serde_json::json!({"z": 1, "text": "x", "a": {"y": [2, 1], "b": "å"}});
    let stored = store.append(e).unwrap();
    let text: String = store
        .connection()
        .query_row(
            "SELECT payload FROM events WHERE id = ?1",
            [stored.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(text, r#"{"a":{"b":"å","y":[2,1]},"text":"x","z":1}"#);
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn an_unknown_kind_or_an_unreadable_payload_is_refused_and_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    store.append(note("först")).unwrap();
    let mut unknown = note("x");
    unknown.kind = "diary.nonsense".into();
    let err = store.append(unknown).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown event kind `diary.nonsense`"),
        "{err}"
    );
    let mut unreadable = note("x");
    unreadable.payload = serde_json::json!({"txt": "x"});
    let err = store.append(unreadable).unwrap_err();
    assert!(err.to_string().contains("does not parse"), "{err}");
    assert_eq!(store.count().unwrap(), 1, "nothing written");
    assert!(store.verify(None).unwrap().sound());
}
