//! Export figures, printed (no assertions). `cargo bench --bench export`.
//!
//! The Lex Maria record of an incident with 10,000 timeline notes, in a region year of
//! BENCH_EXPORT_EVENTS events (default 1,000,000; `support/year.rs`), through
//! `lex_maria::render` as `export lex-maria` calls it: gathering from the database,
//! verifying the record's stretch of the chain, the format, the patient-data guard.
//! Targets: issue 18, every format < 300 ms (issue 16 had Markdown and JSON < 100 ms).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

#[path = "support/machine.rs"]
mod machine;
#[path = "support/year.rs"]
mod year;

use beredskap::export::lex_maria;
use beredskap::store::Store;
use chrono::Utc;
use std::path::PathBuf;
use std::time::Instant;

/// Runs of each format; the median is quoted (a shared machine's neighbours move single runs).
const RUNS: usize = 15;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let events: i64 = std::env::var("BENCH_EXPORT_EVENTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = year::region(&dir.join("region"), 47800, 1_000);
    let loaded = beredskap::config::load(&config).unwrap();
    let mut store = Store::open(&dir.join("log.db")).unwrap();
    let built = Instant::now();
    let y = year::generate(&mut store, &loaded, events.max(100_000));
    println!(
        "(a year of {} events built in {:.1} s; {} has {} notes)",
        y.events,
        built.elapsed().as_secs_f64(),
        y.long_incident,
        y.long_incident_events
    );
    // Where the time goes: gathering (reading the timeline, verifying its stretch of the
    // chain), the two formats, the guard over the text.
    let t = Instant::now();
    let e = lex_maria::gather(&store, &y.long_incident, Utc::now())
        .unwrap()
        .unwrap();
    let gathered = t.elapsed();
    let t = Instant::now();
    let ids: Vec<i64> = e.timeline.iter().map(|ev| ev.id).collect();
    store.verify_events(&ids).unwrap();
    let verifying = t.elapsed();
    let t = Instant::now();
    let md = lex_maria::to_markdown(&loaded.region, &e, "cl.berg");
    let markdown = t.elapsed();
    let t = Instant::now();
    let json =
        serde_json::to_string_pretty(&lex_maria::to_json(&loaded.region, &e, "cl.berg").unwrap())
            .unwrap();
    let as_json = t.elapsed();
    let t = Instant::now();
    lex_maria::guard(&md).unwrap();
    lex_maria::guard(&json).unwrap();
    let guarded = t.elapsed();
    println!(
        "  parts: gather {:.0} ms (timeline {} events, {} verified in {:.0} ms), Markdown {:.0} ms, JSON {:.0} ms, guard over both {:.0} ms",
        gathered.as_secs_f64() * 1e3,
        e.timeline.len(),
        e.events_verified,
        verifying.as_secs_f64() * 1e3,
        markdown.as_secs_f64() * 1e3,
        as_json.as_secs_f64() * 1e3,
        guarded.as_secs_f64() * 1e3
    );
    // The instance's speed before and after the runs: a shared machine differs by 2x and
    // more from one hour to the next, and so do these figures.
    println!("{}", machine::machine_speed());
    let formats = std::env::var("BENCH_EXPORT_FORMATS").unwrap_or_else(|_| "md,json,pdf".into());
    for format in formats.split(',') {
        let mut times = Vec::new();
        let mut size = 0;
        let mut text = String::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let r = lex_maria::render(
                &store,
                &loaded.region,
                &y.long_incident,
                format,
                beredskap::i18n::Lang::Sv,
                "cl.berg",
                Utc::now(),
            )
            .unwrap();
            times.push(t.elapsed());
            size = r.bytes.len();
            text = r.text;
        }
        // Every run in the order made: a shared machine's neighbours show as a spread.
        println!(
            "  each run (ms): {:?}",
            times.iter().map(|t| t.as_millis()).collect::<Vec<_>>()
        );
        times.sort();
        let target = 300;
        println!(
            "Lex Maria export, {format}, {} notes in a {}-event log: median {:.0} ms, best {:.0} ms, {} KiB (target < {target} ms)",
            y.long_incident_events,
            y.events,
            times[RUNS / 2].as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            size / 1024
        );
        if format == "pdf" {
            // The PDF's own part: layout, drawing, serialising (from the record's text).
            let mut pdf = Vec::new();
            let runs = std::env::var("BENCH_EXPORT_PDF_RUNS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(RUNS);
            for _ in 0..runs {
                let t = Instant::now();
                beredskap::print::pdf::document(
                    &text,
                    &beredskap::print::pdf::PdfMeta {
                        title: "Lex Maria",
                        author: "Testregion",
                        subject: &y.long_incident,
                        created: Utc::now(),
                        lang: beredskap::i18n::Lang::Sv,
                    },
                    "label",
                )
                .unwrap();
                pdf.push(t.elapsed());
            }
            pdf.sort();
            println!(
                "  of which the PDF itself (layout, drawing, writing): median {:.0} ms",
                pdf[runs / 2].as_secs_f64() * 1e3
            );
        }
    }
    println!("{}", machine::machine_speed());
}
