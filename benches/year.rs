//! The growth table (issue 16): every figure that could grow with the log's age, measured
//! on a region year of each length in BENCH_YEAR_EVENTS (default `10000,1000000`; add
//! `10000000` for the curve, ~5 GB of disk and ~10 minutes to build). Printed, no
//! assertions. `cargo bench --bench year`.
//!
//! On both engines (issue 34; BENCH_ENGINES=sqlite,postgres, the default where PostgreSQL
//! 15 is installed): after the SQLite figures the same log is moved into a log of record on
//! a PostgreSQL server started here (`log migrate --to postgres`, timed), every figure is
//! taken again with the host's file following it, and the log is copied back (`log copy
//! --to sqlite`, timed).
//!
//! The region: 5,000 systems (the demo region plus generated ones, `support/year.rs`).
//! The console's idle figures use the demo region's 29 systems on the same log (its own
//! monitor runs their checks; 5,000 checks would measure the prober, not the log).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

#[path = "support/machine.rs"]
mod machine;
#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;
#[path = "support/pty.rs"]
mod pty;
#[path = "../tests/common/storage_config.rs"]
mod storage_config;
#[path = "support/year.rs"]
mod year;

use beredskap::store::Store;
use pty::{bin, health_server, spawn_as};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn sizes() -> Vec<i64> {
    std::env::var("BENCH_YEAR_EVENTS")
        .unwrap_or_else(|_| "10000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect()
}

/// The engines to measure: both, unless BENCH_ENGINES names one; PostgreSQL where it is
/// installed.
fn engines() -> (bool, bool) {
    let only = std::env::var("BENCH_ENGINES").unwrap_or_default();
    let installed = Path::new("/usr/lib/postgresql/15/bin/initdb").exists();
    (
        only.is_empty() || only.contains("sqlite"),
        (only.is_empty() || only.contains("postgres")) && installed,
    )
}

const APP_ROLE: &str = "beredskap_app";
const APP_PASSWORD: &str = "bench-only-5b1e";

/// A log of record for the year of `events` on `server`: its database, the schema, and
/// the region's and the demo's configurations naming it (each in a directory of its own
/// under `dir`, with the password file beside it).
fn log_of_record(
    server: &pg::Postgres,
    dir: &Path,
    events: i64,
    region: &Path,
    demo: &Path,
) -> (PathBuf, PathBuf) {
    let database = format!("year_{events}");
    server.psql(&format!("CREATE DATABASE {database}"));
    beredskap::store::remote::RemoteLog::connect(&beredskap::store::remote::RemoteConfig {
        conninfo: server.socket_url("postgres", &database),
        password_file: None,
        ..Default::default()
    })
    .unwrap()
    .install(Some(APP_ROLE))
    .unwrap();
    let configs: Vec<PathBuf> = [("region", region), ("demo", demo)]
        .iter()
        .map(|(name, from)| {
            use std::os::unix::fs::PermissionsExt;
            let at = dir.join(name);
            std::fs::create_dir_all(&at).unwrap();
            let password = at.join("pg-password");
            std::fs::write(&password, APP_PASSWORD).unwrap();
            std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
            storage_config::with_log_of_record(
                &at,
                from,
                &beredskap::store::remote::RemoteConfig {
                    conninfo: server.url_for(APP_ROLE, &database),
                    password_file: Some(password),
                    ..Default::default()
                },
            )
        })
        .collect();
    (configs[0].clone(), configs[1].clone())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and slowest of `n` runs of `f`.
fn timed(n: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<Duration> = (0..n)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    (ms(t[n / 2]), ms(t[n - 1]))
}

fn run(config: &Path, db: &Path, account: &str, args: &[&str]) {
    let out = Command::new(bin())
        .args(["--as", account, "--config"])
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_STATE_HOME", db.parent().unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    assert!(
        bin().exists(),
        "build the release binary first: cargo build --release"
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let port = rt.block_on(health_server());
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/year");
    let _ = std::fs::remove_dir_all(&base);
    let region_config = year::region(&base.join("region-5000"), port, 5_000);
    let demo_config = beredskap::demo::materialize(&base.join("region-demo"), port).unwrap();
    let loaded = beredskap::config::load(&region_config).unwrap();
    println!(
        "beredskap year benchmarks: {} systems, binary {}",
        loaded.region.systems.len(),
        bin().display()
    );
    println!("{}", machine::machine_speed());
    let (on_sqlite, on_postgres) = engines();
    let server = on_postgres.then(|| {
        let server = pg::Postgres::start();
        server.psql(&format!(
            "CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'"
        ));
        server
    });
    for events in sizes() {
        let db = base.join(format!("year-{events}.db"));
        let mut store = Store::open(&db).unwrap();
        let t = Instant::now();
        let y = year::generate(&mut store, &loaded, events);
        drop(store);
        // The generator writes without fsync: let the disk take it all before measuring, or
        // every durable commit below waits behind gigabytes of writeback.
        let _ = Command::new("sync").status();
        let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
        println!(
            "\n== a year of {} events ({} MB; built in {:.1} s): {} incidents (the longest {} with {} notes), {} pages, {} runs, {} overrides",
            y.events,
            size / 1_000_000,
            t.elapsed().as_secs_f64(),
            y.incidents,
            y.long_incident,
            y.long_incident_events,
            y.pages,
            y.runs,
            y.overrides
        );
        if on_sqlite {
            println!("-- SQLite: the log in this host's file");
            measure(&region_config, &demo_config, &db, &y);
        }
        if let Some(server) = &server {
            let (region_pg, demo_pg) = log_of_record(
                server,
                &base.join(format!("pg-{events}")),
                events,
                &region_config,
                &demo_config,
            );
            let (m, _) = timed(1, || {
                run(
                    &region_pg,
                    &db,
                    "op.tekla",
                    &["log", "migrate", "--to", "postgres"],
                )
            });
            // A million rows just loaded: the database team's VACUUM ANALYZE after a bulk
            // load, before the figures (else autovacuum takes one of the two cores while
            // they are measured).
            let vacuumed = Instant::now();
            server.psql_in(&format!("year_{events}"), "VACUUM ANALYZE");
            println!(
                "-- PostgreSQL: the log of record on a server started here, this host's file \
                 following it\nlog migrate --to postgres ({} events): {:.1} s (then VACUUM \
                 ANALYZE, {:.1} s)",
                y.events,
                m / 1e3,
                vacuumed.elapsed().as_secs_f64()
            );
            measure(&region_pg, &demo_pg, &db, &y);
            let back = base.join(format!("back-{events}.db"));
            let (m, _) = timed(1, || {
                run(
                    &region_pg,
                    &db,
                    "op.tekla",
                    &["log", "copy", "--to", "sqlite", back.to_str().unwrap()],
                )
            });
            println!(
                "log copy --to sqlite ({} events): {:.1} s",
                y.events,
                m / 1e3
            );
            let _ = std::fs::remove_file(&back);
        }
        if std::env::var("BENCH_YEAR_KEEP").is_err() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
        }
    }
}

fn measure(config: &Path, demo: &Path, db: &Path, y: &year::Year) {
    let (m, worst) = timed(7, || run(config, db, "op.tekla", &["status"]));
    println!("status, 5,000 systems: median {m:.1} ms, slowest {worst:.1} ms (target < 20 ms)");

    let (m, worst) = timed(15, || {
        run(
            config,
            db,
            "il.karin",
            &["incident", "note", &y.long_incident, "Läget oförändrat"],
        )
    });
    println!(
        "incident note on {} ({} timeline notes): median {m:.1} ms, slowest {worst:.1} ms (target < 15 ms)",
        y.long_incident, y.long_incident_events
    );

    let (m, _) = timed(1, || run(config, db, "op.tekla", &["log", "verify"]));
    println!("log verify (chain + SQLite's quick check): {m:.0} ms (target < 1 s at 1,000,000)");

    let out = db.with_file_name("record");
    for format in ["md", "json", "pdf"] {
        let file = out.with_extension(format);
        let (m, worst) = timed(3, || {
            // The export refuses to replace a file: each run writes a new one.
            let _ = std::fs::remove_file(&file);
            run(
                config,
                db,
                "cl.berg",
                &[
                    "export",
                    "lex-maria",
                    &y.long_incident,
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ],
            )
        });
        let target = if format == "pdf" { 500 } else { 100 };
        println!(
            "Lex Maria export of {} ({} notes), {format}: median {m:.0} ms, slowest {worst:.0} ms (target < {target} ms)",
            y.long_incident, y.long_incident_events
        );
    }

    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let r = spawn_as("op.tekla", config, db);
        r.wait_for("Granskning", Duration::from_secs(60));
        times.push(start.elapsed());
        r.stop();
    }
    times.sort();
    println!(
        "console first frame, 5,000 systems: median {:.0} ms, slowest {:.0} ms (target < 50 ms)",
        ms(times[2]),
        ms(times[4])
    );

    let secs: u64 = std::env::var("BENCH_IDLE_CPU_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    // With its monitor: the console holds the lease and runs the demo region's checks.
    let r = spawn_as("op.tekla", demo, db);
    r.wait_for("Granskning", Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(5));
    let before = r.cpu_secs();
    std::thread::sleep(Duration::from_secs(secs));
    let with = (r.cpu_secs() - before) * 60.0 / secs as f64;
    let rss = r.rss_kib();
    // Without: a monitor service holds the lease; the console only shows.
    let mut service = Command::new(bin())
        .args(["--config"])
        .arg(demo)
        .arg("--db")
        .arg(db)
        .args(["monitor", "--log-file"])
        .arg(db.with_file_name("monitor.log"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    r.stop();
    std::thread::sleep(Duration::from_secs(3)); // the service takes the released lease
    let r = spawn_as("op.tekla", demo, db);
    r.wait_for("Granskning", Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(5));
    let before = r.cpu_secs();
    std::thread::sleep(Duration::from_secs(secs));
    let without = (r.cpu_secs() - before) * 60.0 / secs as f64;
    r.stop();
    let _ = service.kill();
    let _ = service.wait();
    println!(
        "console idle over {secs} s: {with:.2} CPU-s/min with its monitor (RSS {} MiB), {without:.2} without (a monitor service holds the lease) (target < 0.5)",
        rss / 1024
    );
}
