//! On-call figures, printed (no assertions). `cargo bench --bench oncall`.
//!
//! 1. "Who is on call for team T, layer L at t": one resolver answer (demo region).
//! 2. Coverage gaps of every business-critical system of the demo region for 14 days
//!    (what screen 4 draws and `oncall gaps` prints).
//! 3. One escalation pass of the lease holder over 200 open pages (what runs each second).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::model::region::Criticality;
use beredskap::ops::Actor;
use beredskap::ops::page::{self as ops, NewPage, PageTarget};
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
    let rota = region.rota(Vec::new());
    let now = Utc::now();
    println!("beredskap on-call benchmarks");

    let n = 100_000;
    let t = Instant::now();
    let mut found = 0;
    for i in 0..n {
        let at = now + Duration::minutes(i as i64 * 7);
        found += usize::from(rota.on_call("it-drift", "primär", at).is_some());
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("resolve who is on call: {per:.2} µs per answer ({found} of {n} answered)");

    let t = Instant::now();
    let mut gaps = 0;
    let rounds = 20;
    for _ in 0..rounds {
        for s in region
            .systems
            .iter()
            .filter(|s| s.criticality == Criticality::BusinessCritical)
        {
            gaps += rota
                .gaps(
                    &s.id,
                    &s.owner_team,
                    s.supplier_team.as_deref(),
                    now,
                    now + Duration::days(14),
                )
                .len();
        }
    }
    println!(
        "coverage gaps, 21 business-critical systems, 14 days: {:.1} ms ({} gaps)",
        t.elapsed().as_secs_f64() * 1e3 / rounds as f64,
        gaps / rounds
    );

    let dir = repo.join("target/bench-tmp/oncall");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("pages.db")).unwrap();
    let tekla = Actor::resolve(&region, "bench", Some("op.tekla")).unwrap();
    for i in 0..200 {
        let p = NewPage {
            target: PageTarget::Team("it-drift".into()),
            message: format!("Belastningstest {i}"),
            system: None,
            incident: None,
        };
        ops::trigger(&mut store, &region, &tekla, &p, now).unwrap();
    }
    let t = Instant::now();
    let sent = ops::escalate(&mut store, &region, now).unwrap().len();
    let first = t.elapsed();
    let t = Instant::now();
    let idle = ops::escalate(&mut store, &region, now + Duration::seconds(1))
        .unwrap()
        .len();
    println!(
        "escalation pass over 200 open pages: {:.1} ms notifying {sent}, {:.1} ms when nothing is due ({idle})",
        first.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
}
