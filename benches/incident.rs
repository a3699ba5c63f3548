//! An incident note on a long incident, through the real release binary, printed (no
//! assertions). `cargo bench --bench incident`.
//!
//! A log of BENCH_LOG_EVENTS diary notes (default 1,000,000) with one major incident of
//! 10,000 timeline events; then `beredskap incident note` 15 times: median and slowest
//! wall time per command (start, configuration, the write, exit). Target < 15 ms (issue 16).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::model::event::NewEvent;
use beredskap::model::guard::Origin;
use beredskap::store::Store;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("beredskap")
}

fn event(kind: &str, subject: &str, payload: serde_json::Value) -> NewEvent {
    NewEvent {
        occurred_at: chrono::Utc::now(),
        actor: "op.tekla".into(),
        os_account: "op.tekla".into(),
        kind: kind.into(),
        subject: subject.into(),
        corrects: None,
        payload_version: 1,
        origin: Origin::Person,
        payload,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    assert!(
        bin().exists(),
        "build the release binary first: cargo build --release"
    );
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/incident");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = beredskap::demo::materialize(&dir, 9).unwrap();
    let db = dir.join("log.db");
    let padding: usize = std::env::var("BENCH_LOG_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);

    let build = Instant::now();
    let out = Command::new(bin())
        .args(["--as", "il.karin", "--config"])
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args([
            "incident",
            "declare",
            "--title",
            "Journalen nere",
            "--system",
            "journal",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let mut store = Store::open(&db).unwrap();
    let subject = format!("incident:{id}");
    for chunk in 0..10 {
        let notes = (0..1_000)
            .map(|i| {
                event(
                    "incident.note",
                    &subject,
                    serde_json::json!({"text": format!("lägesbild {chunk}-{i}"), "kind": "note", "audience": null}),
                )
            })
            .collect();
        store.append_all(notes).unwrap();
    }
    let mut written = 0;
    while written < padding {
        let n = 10_000.min(padding - written);
        let batch = (0..n)
            .map(|i| {
                event(
                    "diary.note",
                    "diary",
                    serde_json::json!({"text": format!("anteckning {i}")}),
                )
            })
            .collect();
        store.append_all(batch).unwrap();
        written += n;
    }
    drop(store);
    println!(
        "      (a log of {padding} notes and a 10,000-event incident built in {:.1} s)",
        build.elapsed().as_secs_f64()
    );

    let mut times = Vec::new();
    for i in 0..15 {
        let start = Instant::now();
        let out = Command::new(bin())
            .args(["--as", "il.karin", "--config"])
            .arg(&config)
            .arg("--db")
            .arg(&db)
            .args(["incident", "note", &id, &format!("uppdatering {i}")])
            .output()
            .unwrap();
        times.push(start.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    println!(
        "incident: one `incident note` on a 10,000-event incident in a {padding}-event log: median {:.1} ms, slowest {:.1} ms (target < 15 ms)",
        times[7].as_secs_f64() * 1000.0,
        times[14].as_secs_f64() * 1000.0
    );
}
