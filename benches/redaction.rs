//! Redaction and the schema-6 upgrade on a long log, printed (no assertions).
//! `BENCH_EVENTS=1000000 cargo bench --bench redaction` (default 1,000,000).
//!
//! 1. Upgrading a schema-5 log (as the release before wrote it) to schema 6: the upgrade
//!    walks the chain before and after inside its transaction.
//! 2. Redacting one field of one event: the payload replaced, copies replaced, the file
//!    rewritten (VACUUM with secure_delete) and the WAL truncated.
//! 3. `log verify` afterwards (the redaction accepted and listed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::model::event::NewEvent;
use beredskap::store::Store;
use beredskap::store::redact::RedactRequest;
use std::path::PathBuf;
use std::time::Instant;

fn note(i: usize) -> NewEvent {
    NewEvent {
        occurred_at: chrono::Utc::now(),
        actor: "op.tekla".into(),
        os_account: "op.tekla".into(),
        kind: "diary.note".into(),
        subject: "system:journal".into(),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Person,
        payload: serde_json::json!({ "text": format!("Journalen svarar långsamt på avdelning 12, kontroll {i}") }),
    }
}

const SCHEMA_5_TRIGGER: &str = "DROP TABLE redactions; DROP TRIGGER events_refuse_update; \
    CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events BEGIN \
    SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END; \
    PRAGMA user_version = 5;";

fn main() {
    let total: usize = std::env::var("BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/redaction");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("log.db");
    let mut store = Store::open(&db).unwrap();
    let build = Instant::now();
    let mut written = 0;
    while written < total {
        let k = (total - written).min(10_000);
        store
            .append_all((written..written + k).map(note).collect())
            .unwrap();
        written += k;
    }
    println!(
        "      (built {total} events in {:.1} s, {} MB)",
        build.elapsed().as_secs_f64(),
        std::fs::metadata(&db)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    store.connection().execute_batch(SCHEMA_5_TRIGGER).unwrap();
    drop(store);

    let start = Instant::now();
    let mut store = Store::open(&db).unwrap();
    println!(
        "upgrade to schema 6 (chain walked before and after): {:>8.2} s for {total} events",
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let done = store
        .redact(&RedactRequest {
            event: 10,
            field: "text",
            reason: "bench",
            actor: "admin",
            os_account: "admin",
            now: chrono::Utc::now(),
        })
        .unwrap();
    println!(
        "redact one field (file rewritten, WAL truncated):    {:>8.2} s (scrubbed: {})",
        start.elapsed().as_secs_f64(),
        done.scrubbed
    );

    let start = Instant::now();
    let report = store.verify(None).unwrap();
    assert!(report.sound());
    println!(
        "verify afterwards:                                   {:>8.2} s ({} redacted)",
        start.elapsed().as_secs_f64(),
        report.redacted.len()
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
