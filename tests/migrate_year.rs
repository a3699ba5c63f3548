//! A region's year of events (issue 34; 1,000,000 by default, `BEREDSKAP_MIGRATE_EVENTS`
//! to change it) moved from SQLite into a log of record on PostgreSQL with `beredskap log
//! migrate --to postgres`, and back into a new SQLite file with `beredskap log copy --to
//! sqlite`: every event's id and hash the same on all three, each chain verified.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

#[path = "../benches/support/year.rs"]
mod year;

mod common;

use beredskap::store::Store;
use common::engine::{Engine, Site, engines};
use common::{run, stderr, stdout};

/// Every event's id and hash in `store`, in order.
fn ids_and_hashes(store: &Store) -> Vec<(i64, String)> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT id, hash FROM events ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_year_of_events_goes_into_postgresql_and_back_with_every_hash() {
    if !engines("a_year_of_events_goes_into_postgresql_and_back").contains(&Engine::Postgres) {
        return;
    }
    let events: i64 = std::env::var("BEREDSKAP_MIGRATE_EVENTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let region = tempfile::tempdir().unwrap();
    let config = year::region(region.path(), 9, 0);
    let site = Site::of(Engine::Postgres, &config);
    let loaded = beredskap::config::load(&site.config).unwrap();
    let mut store = Store::open(&site.db).unwrap();
    let t = std::time::Instant::now();
    let y = year::generate(&mut store, &loaded, events);
    eprintln!(
        "built {} events in {:.1} s",
        y.events,
        t.elapsed().as_secs_f64()
    );
    let before = ids_and_hashes(&store);
    drop(store);
    assert_eq!(before.len() as i64, y.events);

    let t = std::time::Instant::now();
    let out = run(site.cli().args(["log", "migrate", "--to", "postgres"]));
    eprintln!("into PostgreSQL in {:.1} s", t.elapsed().as_secs_f64());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("copied {} events", y.events)),
        "{}",
        stdout(&out)
    );
    let back = site.dir.path().join("back.db");
    let t = std::time::Instant::now();
    let out = run(site
        .cli()
        .args(["log", "copy", "--to", "sqlite"])
        .arg(&back));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    eprintln!("back into SQLite in {:.1} s", t.elapsed().as_secs_f64());

    // The log of record: every id and hash as in the file it came from, its chain whole.
    let mut host = site.store();
    let there = host.verify_log(None, &mut |_| {}).unwrap();
    assert!(there.intact(), "{:?}", there.first_break);
    assert_eq!(there.events_checked as usize, before.len());
    assert_eq!(
        there.head_hash.as_deref(),
        before.last().map(|(_, h)| h.as_str())
    );
    let mut client = site.app_client().unwrap();
    let mut after = 0i64;
    let mut at = 0usize;
    loop {
        let rows = client
            .query(
                "SELECT id, hash FROM beredskap.events WHERE id > $1 ORDER BY id LIMIT 50000",
                &[&after],
            )
            .unwrap();
        let Some(last) = rows.last() else { break };
        after = last.get(0);
        for r in &rows {
            let (id, hash): (i64, String) = (r.get(0), r.get(1));
            assert_eq!((id, &hash), (before[at].0, &before[at].1), "event #{id}");
            at += 1;
        }
    }
    assert_eq!(at, before.len());
    // And the copy back: the same ids and hashes, standing alone, verified.
    let copy = Store::open_existing(&back).unwrap();
    assert_eq!(ids_and_hashes(&copy), before);
    assert!(copy.verify(None).unwrap().intact());
    let out = run(common::beredskap(&common::minimal_config(), &back).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
