//! Export figures, printed (no assertions). `cargo bench --bench export`.
//!
//! Exporting the Lex Maria evidence of an incident with 10,000 timeline events (gather from
//! the database incl. verifying the chain, JSON, Markdown, the patient-data pass). The
//! issue's target: under 300 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::export::lex_maria;
use beredskap::model::event::NewEvent;
use beredskap::ops::Actor;
use beredskap::ops::incident::{self as inc, Declare};
use beredskap::store::Store;
use chrono::{Duration, Utc};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let region = beredskap::config::load(&repo.join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region;
    let dir = repo.join("target/bench-tmp/export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("log.db")).unwrap();
    let karin = Actor::resolve(&region, "bench", Some("il.karin")).unwrap();
    let start = Utc::now() - Duration::days(2);
    let d = Declare {
        title: "Stort avbrott".into(),
        systems: vec!["journal".into(), "lab".into()],
        started_at: Some(start),
        ..Default::default()
    };
    let id = inc::declare(&mut store, &region, &karin, &d, start).unwrap();
    for batch in 0..100 {
        let events: Vec<NewEvent> = (0..100)
            .map(|i| NewEvent {
                occurred_at: start + Duration::seconds(batch * 100 + i),
                actor: "op.tekla".into(),
                os_account: "bench".into(),
                kind: "incident.note".into(),
                subject: format!("incident:{id}"),
                corrects: None,
                payload_version: 1,
                origin: beredskap::model::guard::Origin::Person,
                payload: serde_json::json!({"kind": "note", "text": format!("Anteckning {} om läget på avdelningen", batch * 100 + i), "audience": null}),
            })
            .collect();
        store.append_all(events).unwrap();
    }
    let mut times = Vec::new();
    let mut size = 0;
    let mut events = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let e = lex_maria::gather(&store, &id, Utc::now()).unwrap().unwrap();
        let json = serde_json::to_string(&lex_maria::to_json(&region, &e, "cl.berg")).unwrap();
        let md = lex_maria::to_markdown(&region, &e, "cl.berg");
        lex_maria::guard(&md).unwrap();
        times.push(t.elapsed());
        size = json.len() + md.len();
        events = e.timeline.len();
    }
    times.sort();
    println!(
        "export an incident with {events} timeline events (gather + verify chain + JSON + Markdown + guard): median {:.0} ms (best {:.0} ms), {} KiB (target < 300 ms)",
        times[2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        size / 1024
    );
}
