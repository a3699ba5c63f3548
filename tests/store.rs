//! The store on real files, on both engines (issue 34; `common::engine`): atomic writes,
//! projections rebuilt from the log, payloads stored canonically, unknown kinds refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use beredskap::model::event::NewEvent;
use beredskap::store::Store;
use common::engine::{Engine, Site, engines};

fn note(text: &str) -> NewEvent {
    common::note_event("operator1", text)
}

fn seeded(engine: Engine, n: usize) -> (Site, Store) {
    let site = Site::new(engine);
    let mut store = site.store();
    store
        .append_all((0..n).map(|i| note(&format!("note {i}"))).collect())
        .unwrap();
    (site, store)
}

/// The log's own head and walk (the log of record's on PostgreSQL).
fn log_head(store: &mut Store) -> (Option<i64>, Option<String>, bool) {
    let r = store.verify_log(None, &mut |_| {}).unwrap();
    (r.head_id, r.head_hash.clone(), r.intact())
}

#[test]
fn a_failed_batch_leaves_the_database_as_it_was() {
    for engine in engines("a_failed_batch_leaves_the_database_as_it_was") {
        a_failed_batch_leaves(engine);
    }
}

fn a_failed_batch_leaves(engine: Engine) {
    let (_site, mut store) = seeded(engine, 3);
    let head_before = store.head().unwrap();
    let log_before = log_head(&mut store);
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
    assert!(
        err.to_string().contains("simulated failure"),
        "{engine}: {err}"
    );
    assert_eq!(store.head().unwrap(), head_before);
    // Nothing in the log of record either: its transaction ended with the file's.
    assert_eq!(log_head(&mut store), log_before, "{engine}");
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
    assert_eq!(
        log_head(&mut store),
        (Some(4), Some(e.hash), true),
        "{engine}"
    );
}

#[test]
fn projections_are_rebuilt_from_the_log_alone() {
    for engine in engines("projections_are_rebuilt_from_the_log_alone") {
        projections_rebuilt(engine);
    }
}

fn projections_rebuilt(engine: Engine) {
    let (_site, mut store) = seeded(engine, 25);
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

/// The file is in WAL mode; its commits wait for the disk (FULL) when it is the log, and
/// not (NORMAL) when it is a copy of the log of record — an acknowledged write is durable
/// in PostgreSQL, and a tail the copy loses in a crash is copied back, each hash checked.
#[test]
fn the_database_is_in_wal_mode_with_durable_commits() {
    for engine in engines("the_database_is_in_wal_mode_with_durable_commits") {
        let site = Site::new(engine);
        let store = site.store();
        wal_mode(engine, &store);
    }
}

fn wal_mode(engine: Engine, store: &Store) {
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    let durable = match engine {
        Engine::Sqlite => 2,   // FULL
        Engine::Postgres => 1, // NORMAL
    };
    assert_eq!(sync, durable, "{engine}");
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, beredskap::store::SCHEMA_VERSION);
}

#[test]
fn payloads_are_stored_canonically_and_hash_the_same_whatever_the_key_order() {
    for engine in engines("payloads_are_stored_canonically") {
        payloads_canonical(engine);
    }
}

fn payloads_canonical(engine: Engine) {
    let site = Site::new(engine);
    let mut store = site.store();
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
    let canonical = r#"{"a":{"b":"å","y":[2,1]},"text":"x","z":1}"#;
    assert_eq!(text, canonical);
    assert!(store.verify(None).unwrap().intact());
    // The log of record holds the same text, byte for byte.
    if engine == Engine::Postgres {
        let there = site
            .sql_as_owner(&format!(
                "SELECT payload FROM events WHERE id = {}",
                stored.id
            ))
            .unwrap();
        assert_eq!(there, canonical);
    }
    assert!(log_head(&mut store).2, "{engine}");
}

#[test]
fn an_unknown_kind_or_an_unreadable_payload_is_refused_and_named_by_verify() {
    for engine in engines("an_unknown_kind_or_an_unreadable_payload_is_refused") {
        unknown_kind_refused(engine);
    }
}

fn unknown_kind_refused(engine: Engine) {
    let (_site, mut store) = seeded(engine, 0);
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
    assert_eq!(store.count().unwrap(), 1, "{engine}: nothing written");
    assert!(store.verify(None).unwrap().sound());
    assert_eq!(log_head(&mut store).0, Some(1), "{engine}: nothing written");
}
