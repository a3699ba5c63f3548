//! Console figures, printed (no assertions). `cargo bench --bench console`.
//!
//! 1. Time to render the status screen with 10,000 systems (TestBackend, 120×40).
//! 2. Time from start to first frame on a log of 1,000,000 events: the real binary in a
//!    pseudo-terminal, from spawn to the first screen on the pty (median of 5).
//! 3. RSS of the console with the demo region, and with 1,000 systems each with a check.
//! 4. Bytes the console writes to the terminal per minute while idle with the clock
//!    ticking (BENCH_IDLE_SECS, default 60), read through a pty.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::i18n::Lang;
use beredskap::model::event::NewEvent;
use beredskap::model::health::Health;
use beredskap::model::region::Criticality;
use beredskap::store::Store;
use beredskap::tui::app::{App, MonitorView, SystemRow, User};
use beredskap::tui::keymap::Keymap;
use beredskap::tui::theme::Theme;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;
use pty::{bin, health_server, spawn};

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/console");
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    assert!(
        bin().exists(),
        "build the release binary first: cargo build --release"
    );
    println!("beredskap console benchmarks (binary {})", bin().display());
    render_10k();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let port = rt.block_on(health_server());
    let base = dir();
    first_frame_1m(&base, port);
    rss(&base, port);
    idle_bytes(&base, port);
    paste(&base, port);
}

/// 100 kB pasted into a note prompt (bracketed paste): the time until the console has
/// drawn its end (the prompt scrolls to what was typed), and the CPU it took.
fn paste(base: &Path, port: u16) {
    let config = demo(&base.join("paste"), port);
    let db = config.parent().unwrap().join("paste.db");
    let mut r = spawn(&config, &db);
    r.wait_for("Granskning", Duration::from_secs(20));
    r.write(b"5");
    std::thread::sleep(Duration::from_millis(300));
    r.write(b"n");
    r.wait_for("Anteckning (Enter sparar", Duration::from_secs(5));
    let line = "Labbet svarar igen efter omstart av integrationsmotorn; prover köade sedan 02:40. ";
    let mut text = line.repeat(100_000 / line.len() + 1);
    text.push_str("SLUTMARKÖR");
    let cpu = r.cpu_secs();
    let start = Instant::now();
    r.write(b"\x1b[200~");
    r.write(text.as_bytes());
    r.write(b"\x1b[201~");
    r.wait_for("SLUTMARKÖR", Duration::from_secs(60));
    let took = start.elapsed();
    // Let the last frames finish before reading the CPU.
    std::thread::sleep(Duration::from_millis(500));
    println!(
        "paste: {} kB into a note prompt, drawn to its end in {:.0} ms, {:.2} CPU-s (key by key a 5,000-character paste cost ~7 CPU-s)",
        text.len() / 1000,
        took.as_secs_f64() * 1000.0,
        r.cpu_secs() - cpu
    );
    r.stop();
}

fn render_10k() {
    let region = beredskap::config::load(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/region-demo/beredskap.toml"),
    )
    .unwrap()
    .region;
    let now = chrono::Utc::now();
    let rows: Vec<SystemRow> = (0..10_000)
        .map(|i| SystemRow {
            id: format!("s{i}"),
            name: format!("System nummer {i}"),
            health: [
                Health::Up,
                Health::Up,
                Health::Up,
                Health::Degraded,
                Health::Down,
            ][i % 5],
            since: Some(now - chrono::Duration::seconds(i as i64)),
            latency_ms: Some(i as u64 % 900),
            spark: (0..16).map(|k| (k * 31 + i as u64) % 200).collect(),
            uptime: Some(0.99),
            observed_secs: None,
            owner: "it-drift".into(),
            impacted_by: if i % 7 == 0 {
                vec!["karnnat".into()]
            } else {
                vec![]
            },
            criticality: Criticality::High,
            flapping: false,
            finding: beredskap::model::finding::Finding::said("HTTP 200"),
            has_checks: true,
            checked: true,
        })
        .collect();
    let user = User {
        account: "op".into(),
        roles: "operator".into(),
        can_write: true,
        can_run: true,
        can_change_rota: true,
        grants: beredskap::model::role::Permission::ALL.to_vec(),
        role_ids: vec![beredskap::model::role::Role::Operator],
    };
    let mut app = App::new(
        Arc::new(region),
        Lang::Sv,
        Theme::new(true),
        Keymap::default(),
        user,
        "x".into(),
        now,
    );
    app.set_rows(rows);
    app.set_monitor(MonitorView::Here);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    for _ in 0..20 {
        terminal
            .draw(|f| beredskap::tui::views::draw(f, &app))
            .unwrap();
    }
    let n = 300;
    let start = Instant::now();
    for i in 0..n {
        app.set_now(now + chrono::Duration::seconds(i));
        terminal
            .draw(|f| beredskap::tui::views::draw(f, &app))
            .unwrap();
    }
    let per = start.elapsed() / n as u32;
    println!(
        "render: status screen, 10,000 systems, 120×40: {:.2} ms a frame (target < 5 ms)",
        per.as_secs_f64() * 1000.0
    );
}

fn demo(dir: &Path, port: u16) -> PathBuf {
    beredskap::demo::materialize(dir, port).unwrap()
}

fn first_frame_1m(base: &Path, port: u16) {
    let d = base.join("first-frame");
    let config = demo(&d, port);
    let db = d.join("big.db");
    let mut store = Store::open(&db).unwrap();
    let build = Instant::now();
    let mut written = 0;
    while written < 1_000_000 {
        let batch = (written..written + 10_000)
            .map(|i| NewEvent {
                occurred_at: chrono::Utc::now(),
                actor: "op.tekla".into(),
                os_account: "op.tekla".into(),
                kind: "diary.note".into(),
                subject: "diary".into(),
                corrects: None,
                payload_version: 1,
                origin: beredskap::model::guard::Origin::Person,
                payload: serde_json::json!({ "text": format!("anteckning {i}") }),
            })
            .collect();
        store.append_all(batch).unwrap();
        written += 10_000;
    }
    drop(store);
    println!(
        "      (built a log of 1,000,000 events in {:.1} s)",
        build.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let r = spawn(&config, &db);
        r.wait_for("Granskning", Duration::from_secs(20));
        times.push(start.elapsed());
        r.stop();
    }
    times.sort();
    println!(
        "start: spawn to first frame on a 1,000,000-event log: median {:.0} ms, min {:.0} ms (target < 50 ms)",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
    // Idle: the console with its in-process monitor on the demo region's checks, nobody
    // touching it, on the same 1,000,000-event log.
    let secs: u64 = std::env::var("BENCH_IDLE_CPU_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let r = spawn(&config, &db);
    r.wait_for("Granskning", Duration::from_secs(20));
    std::thread::sleep(Duration::from_secs(5));
    let before = r.cpu_secs();
    std::thread::sleep(Duration::from_secs(secs));
    let used = r.cpu_secs() - before;
    r.stop();
    println!(
        "idle: console with its monitor on a 1,000,000-event log: {:.2} CPU-s per minute over {secs} s (target < 0.5)",
        used * 60.0 / secs as f64
    );
}

fn many_systems(dir: &Path, port: u16, n: usize) -> PathBuf {
    let config = demo(dir, port);
    let mut extra = String::new();
    for i in 0..n {
        extra.push_str(&format!(
            "\n[[systems]]\nid = \"extra-{i}\"\nname = \"Extra system {i}\"\ncategory = \"it\"\ncriticality = \"normal\"\nkrt = {{ confidentiality = 1, integrity = 1, availability = 1 }}\nowner_team = \"it-drift\"\n\n[[systems.checks]]\nkind = \"http\"\nurl = \"http://127.0.0.1:{port}/extra-{i}/health\"\ninterval = \"30s\"\n"
        ));
    }
    std::fs::write(config.parent().unwrap().join("systems/extra.toml"), extra).unwrap();
    config
}

fn rss(base: &Path, port: u16) {
    for (label, config) in [
        (
            "the demo region (29 systems)",
            demo(&base.join("rss-demo"), port),
        ),
        (
            "1,000 systems with a check each",
            many_systems(&base.join("rss-1000"), port, 1000 - 29),
        ),
    ] {
        let db = config.parent().unwrap().join("rss.db");
        let r = spawn(&config, &db);
        r.wait_for("Granskning", Duration::from_secs(20));
        std::thread::sleep(Duration::from_secs(35)); // every check has run once
        let kib = r.rss_kib();
        println!(
            "rss: console with {label}, monitor running in it: {} MiB ({kib} KiB){}\n     ({})",
            kib / 1024,
            if label.starts_with("1,000") {
                " (target < 20 MiB)"
            } else {
                ""
            },
            r.memory_profile()
        );
        r.stop();
    }
}

fn idle_bytes(base: &Path, port: u16) {
    let secs: u64 = std::env::var("BENCH_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let config = demo(&base.join("idle"), port);
    let db = config.parent().unwrap().join("idle.db");
    let r = spawn(&config, &db);
    r.wait_for("Granskning", Duration::from_secs(20));
    std::thread::sleep(Duration::from_secs(15)); // first checks done, screen settled
    let before = r.bytes.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(secs));
    let written = r.bytes.load(Ordering::Relaxed) - before;
    let per_min = written as f64 * 60.0 / secs as f64;
    println!(
        "idle: {written} bytes in {secs} s written to the terminal = {:.1} KiB/min (target < 30 KiB/min)",
        per_min / 1024.0
    );
    r.stop();
}
