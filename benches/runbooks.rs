//! Runbook figures, printed (no assertions). `cargo bench --bench runbooks`.
//!
//! 1. How soon another person sees a step: one process records steps while another,
//!    polling `PRAGMA data_version` at the console's rate, notices and loads the run
//!    (median, p99, max over 60 steps). The issue asks for "within a second".
//! 2. Loading (folding) a run of 500 steps and 2,000 events.
//! 3. Printing: the shipped runbooks as text and PDF; a 400-step runbook as PDF.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::config::runbooks::{lint, runbook_files};
use beredskap::i18n::Lang;
use beredskap::model::region::Region;
use beredskap::ops::Actor;
use beredskap::ops::run::{self as ops, StepAction};
use beredskap::print;
use beredskap::store::Store;
use chrono::Utc;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dir() -> PathBuf {
    let d = repo().join("target/bench-tmp/runbooks");
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn region() -> Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("beredskap runbook benchmarks");
    let base = dir();
    propagation(&base);
    fold(&base);
    printing();
    parsing();
}

/// Parsing a runbook is linear in its length: 10,000 and 40,000 steps (target: 10,000
/// under 100 ms).
fn parsing() {
    for n in [10_000, 40_000] {
        let (_, text) = long_runbook(n);
        let start = Instant::now();
        let rb = beredskap::model::runbook::parse(&text).unwrap();
        println!(
            "parse a runbook of {n} steps ({} kB):      {:>8.1} ms ({} steps read)",
            text.len() / 1000,
            start.elapsed().as_secs_f64() * 1e3,
            rb.steps().count()
        );
    }
}

fn long_runbook(n: usize) -> (beredskap::model::runbook::Runbook, String) {
    let mut text = String::from(
        "+++\nid = \"lang\"\ntitle = \"Lång rutin\"\nactivation = \"Test.\"\n+++\n\n## Under driftstopp\n\n",
    );
    for i in 1..=n {
        text.push_str(&format!(
            "- [ ] Kontrollera punkt {i} och anteckna resultatet på blanketten.\n"
        ));
    }
    (beredskap::model::runbook::parse(&text).unwrap(), text)
}

fn propagation(base: &std::path::Path) {
    let region = region();
    let db = base.join("propagation.db");
    let mut store = Store::open(&db).unwrap();
    let (rb, text) = long_runbook(60);
    let sara = Actor::resolve(&region, "bench", Some("avd12.sara")).unwrap();
    let id = ops::start(&mut store, &region, &sara, &rb, &text, None, Utc::now()).unwrap();
    // The other person's console: its own connection, polling like the console's watcher.
    let (tx, rx) = mpsc::channel::<(usize, Instant)>();
    let watcher_db = db.clone();
    let watcher_id = id.clone();
    let watcher = std::thread::spawn(move || {
        let store = Store::open_existing(&watcher_db).unwrap();
        let mut last = store.data_version().unwrap();
        let mut seen = 0;
        while seen < 60 {
            std::thread::sleep(beredskap::tui::WATCH_EVERY);
            let now = store.data_version().unwrap();
            if now == last {
                continue;
            }
            last = now;
            let run = store.run(&watcher_id).unwrap().unwrap();
            let finished = run.progress().0;
            let at = Instant::now();
            while seen < finished {
                seen += 1;
                tx.send((seen, at)).unwrap();
            }
        }
    });
    let mut delays = Vec::new();
    for step in 1..=60 {
        // Steps come at irregular moments relative to the watcher's polling.
        std::thread::sleep(Duration::from_millis(137 + (step as u64 * 53) % 400));
        ops::step(
            &mut store,
            &region,
            &sara,
            &id,
            step,
            &StepAction::Done { value: None },
            Utc::now(),
        )
        .unwrap();
        let committed = Instant::now();
        let (n, seen_at) = rx.recv().unwrap();
        assert_eq!(n, step);
        delays.push(seen_at.saturating_duration_since(committed));
    }
    watcher.join().unwrap();
    delays.sort();
    println!(
        "another console sees a step (poll every {:?}, load the run): median {:.0} ms, p99 {:.0} ms, max {:.0} ms over {} steps (target < 1 s)",
        beredskap::tui::WATCH_EVERY,
        percentile(&delays, 0.5).as_secs_f64() * 1e3,
        percentile(&delays, 0.99).as_secs_f64() * 1e3,
        delays.last().unwrap().as_secs_f64() * 1e3,
        delays.len()
    );
}

fn fold(base: &std::path::Path) {
    let region = region();
    let db = base.join("fold.db");
    let mut store = Store::open(&db).unwrap();
    let (rb, text) = long_runbook(500);
    let a = Actor::resolve(&region, "bench", Some("avd12.sara")).unwrap();
    let id = ops::start(&mut store, &region, &a, &rb, &text, None, Utc::now()).unwrap();
    // 2,000 events: every step done, undone, done again; a note on every second step.
    for step in 1..=500 {
        let done = StepAction::Done { value: None };
        ops::step(&mut store, &region, &a, &id, step, &done, Utc::now()).unwrap();
        let undo = StepAction::Undo {
            reason: "fel steg".into(),
        };
        ops::step(&mut store, &region, &a, &id, step, &undo, Utc::now()).unwrap();
        ops::step(&mut store, &region, &a, &id, step, &done, Utc::now()).unwrap();
        if step % 2 == 0 {
            let note = StepAction::Note {
                text: "kontrollerat".into(),
            };
            ops::step(&mut store, &region, &a, &id, step, &note, Utc::now()).unwrap();
        }
    }
    let mut times = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        let run = store.run(&id).unwrap().unwrap();
        times.push(t.elapsed());
        assert_eq!(run.progress(), (500, 500));
    }
    times.sort();
    println!(
        "load a run of 500 steps and 1,751 events: median {:.1} ms",
        percentile(&times, 0.5).as_secs_f64() * 1e3
    );
}

fn printing() {
    let files = runbook_files(&[repo().join("runbooks")]).unwrap();
    let (ok, _) = lint(&files, None);
    let now = Utc::now();
    let tz = chrono_tz::Europe::Stockholm;
    let t = Instant::now();
    let mut bytes = 0;
    for l in &ok {
        bytes += print::txt::render(&print::from_runbook(&l.runbook, Lang::Sv, now, tz)).len();
    }
    println!(
        "print the {} shipped runbooks as text: {:.1} ms, {} KiB",
        ok.len(),
        t.elapsed().as_secs_f64() * 1e3,
        bytes / 1024
    );
    let t = Instant::now();
    let mut bytes = 0;
    let mut pages = 0;
    for l in &ok {
        let sheet = print::from_runbook(&l.runbook, Lang::Sv, now, tz);
        bytes += print::pdf::render(&sheet).unwrap().len();
        pages += print::pdf::page_count(&sheet).unwrap();
    }
    println!(
        "print the {} shipped runbooks as PDF: {:.0} ms, {pages} pages, {} KiB",
        ok.len(),
        t.elapsed().as_secs_f64() * 1e3,
        bytes / 1024
    );
    let (rb, _) = long_runbook(400);
    let sheet = print::from_runbook(&rb, Lang::Sv, now, tz);
    let t = Instant::now();
    let pdf = print::pdf::render(&sheet).unwrap();
    println!(
        "print a 400-step runbook as PDF: {:.0} ms, {} pages, {} KiB",
        t.elapsed().as_secs_f64() * 1e3,
        print::pdf::page_count(&sheet).unwrap(),
        pdf.len() / 1024
    );
}
