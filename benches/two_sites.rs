//! The log of record on PostgreSQL against the engine's own ceiling (issue 34), in one run
//! on one machine: a PostgreSQL 15 server started here (synchronous_commit on, fsync on),
//! pgbench with single-row INSERT transactions, pgbench with the same transaction shape
//! beredskap's append has (the chain's head taken FOR UPDATE, one row inserted, the head
//! moved), and beredskap's own appends through the log of record (each also committed to
//! the host's SQLite file), with 1 and 8 writers. Then the lease takeover: how long after a
//! monitor stops renewing the other site's monitor holds the lease.
//!
//! Every client over loopback TCP with a password, as beredskap reaches its log of record.
//!
//! `cargo bench --bench two_sites` (BENCH_SECS=N for longer runs; default 10).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use beredskap::store::Store;
use beredskap::store::remote::{RemoteConfig, RemoteLog};
use std::path::Path;
use std::time::{Duration, Instant};

const APP_ROLE: &str = "beredskap_app";
const APP_PASSWORD: &str = "bench-only-91c2";
const SUPERUSER_PASSWORD: &str = "bench-only-4d07";

/// A PostgreSQL client program, as the server's user when this runs as root.
fn pg_command(program: &str) -> std::process::Command {
    let path = Path::new("/usr/lib/postgresql/15/bin").join(program);
    if nix::unistd::Uid::effective().is_root() {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        std::process::Command::new(path)
    }
}

fn secs() -> u64 {
    std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

/// pgbench's transactions per second for `script` with `clients`.
fn pgbench(server: &pg::Postgres, dir: &Path, name: &str, script: &str, clients: u32) -> f64 {
    let file = dir.join(format!("{name}.sql"));
    std::fs::write(&file, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Over loopback TCP with a password, as beredskap connects (not the server's socket,
    // whose round trips are cheaper than any networked client's).
    let out = pg_command("pgbench")
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &server.port.to_string(),
            "-U",
            "postgres",
        ])
        // Each script prepared once per connection and bound afterwards (`-M prepared`), as
        // beredskap's append is: the engine's best, not its parser's.
        .args([
            "-M",
            "prepared",
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
            "-T",
            &secs().to_string(),
            "-f",
        ])
        .arg(&file)
        .arg("beredskap")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find_map(|l| {
            l.strip_prefix("tps = ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or_else(|| panic!("no tps in {text}"))
}

/// beredskap's appends per second through the log of record, with `writers` threads spread
/// over `hosts` host files (each thread its own connection to its host's file and to the
/// log of record; writers on one host share its file, as a host's processes do).
fn appends(dir: &Path, config: &RemoteConfig, writers: usize, hosts: usize, tag: &str) -> f64 {
    let until = Instant::now() + Duration::from_secs(secs());
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let (config, db, tag) = (
                config.clone(),
                dir.join(format!("{tag}-{}.db", w % hosts)),
                tag.to_string(),
            );
            std::thread::spawn(move || {
                let mut store = Store::open(&db).unwrap();
                store
                    .attach_remote(RemoteLog::connect(&config).unwrap())
                    .unwrap();
                let mut n = 0u64;
                while Instant::now() < until {
                    let note = beredskap::model::event::NewEvent {
                        occurred_at: chrono::Utc::now(),
                        actor: "op.tekla".into(),
                        os_account: "op.tekla".into(),
                        kind: "diary.note".into(),
                        subject: "diary".into(),
                        corrects: None,
                        payload_version: 1,
                        origin: beredskap::model::guard::Origin::Person,
                        payload: serde_json::json!({ "text": format!("{tag} {w} {n}") }),
                    };
                    match store.append(note) {
                        Ok(_) => n += 1,
                        Err(e) if e.is_busy() => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                n
            })
        })
        .collect();
    let total: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    total as f64 / secs() as f64
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let server = pg::Postgres::start();
    server.psql(&format!(
        "CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'"
    ));
    server.psql(&format!(
        "ALTER ROLE postgres PASSWORD '{SUPERUSER_PASSWORD}'"
    ));
    let mut owner = RemoteLog::connect(&RemoteConfig {
        conninfo: format!(
            "host={} port={} user=postgres dbname=beredskap",
            server.socket_dir().display(),
            server.port
        ),
        password_file: None,
        ..Default::default()
    })
    .unwrap();
    owner.install(Some(APP_ROLE)).unwrap();
    let password = dir.path().join("pg-password");
    std::fs::write(&password, APP_PASSWORD).unwrap();
    let config = RemoteConfig {
        conninfo: server.url(APP_ROLE),
        password_file: Some(password),
        ..Default::default()
    };
    server.psql(
        "CREATE TABLE bench_events (LIKE beredskap.events INCLUDING ALL); \
         CREATE TABLE bench_log_head (LIKE beredskap.log_head INCLUDING ALL); \
         INSERT INTO bench_log_head SELECT * FROM beredskap.log_head; \
         CREATE TABLE bench_rows (id bigserial PRIMARY KEY, v text NOT NULL); \
         CREATE TABLE bench_head (singleton int PRIMARY KEY, last_id bigint NOT NULL); \
         INSERT INTO bench_head VALUES (1, 0)",
    );
    let insert = "INSERT INTO bench_rows (v) VALUES ('a note of about the size of one');\n";
    // The least an append to a chain can ask of the engine: the head taken under its row
    // lock and moved, one row inserted, committed — one statement, one round trip.
    let chain_ceiling = "WITH moved AS (UPDATE bench_head SET last_id = last_id + 1 \
                         WHERE singleton = 1 RETURNING last_id) \
                         INSERT INTO bench_rows (id, v) SELECT last_id + 1000000000, \
                         'a note of about the size of one' FROM moved;\n";
    // beredskap's own statement (`INSERT_ON_HEAD` in remote/log.rs) with an event row of
    // the size the bench appends, into copies of the log's tables (their columns, keys and
    // indexes; the log itself is beredskap's to append to below): the head moved under its row
    // lock, the row sent as arrays through unnest, the count read back, the other hosts
    // notified — what the engine alone needs for one append, before any client work.
    let hex = "4f2a9c0e1b7d3a6f8e5c2b9d0a1f4e7c6b3a8d5e2f9c0b7a4d1e8f5c2b9a6d3e";
    let our_statement = format!(
        "WITH moved AS (UPDATE bench_log_head SET last_id = last_id + 1 \
         WHERE singleton = 1 RETURNING last_id), \
         added AS (INSERT INTO bench_events (id, recorded_at, occurred_at, actor, \
         os_account, kind, subject, corrects, payload_version, payload, payload_sha256, \
         prev_hash, hash) SELECT u.id + m.last_id, u.r, u.o, u.a, u.os, u.k, u.s, u.c, u.pv, \
         u.p, u.ps, u.ph, u.h FROM moved m, unnest(ARRAY[0]::bigint[], \
         ARRAY['2026-12-07T04:20:00.123456Z']::text[], \
         ARRAY['2026-12-07T04:20:00.123456Z']::text[], ARRAY['op.tekla']::text[], \
         ARRAY['op.tekla']::text[], ARRAY['diary.note']::text[], ARRAY['diary']::text[], \
         ARRAY[NULL]::bigint[], ARRAY[1]::int[], ARRAY['{{\"text\":\"w1h1 0 12345\"}}']::text[], \
         ARRAY['{hex}']::text[], ARRAY['{hex}']::text[], ARRAY['{hex}']::text[]) \
         AS u(id, r, o, a, os, k, s, c, pv, p, ps, ph, h) RETURNING id) \
         SELECT pg_notify('beredskap_log', last_id::text), (SELECT count(*) FROM added) \
         FROM moved;\n"
    );
    let chained = "BEGIN;\n\
                   SELECT last_id FROM bench_head WHERE singleton = 1 FOR UPDATE;\n\
                   INSERT INTO bench_rows (v) VALUES ('a note of about the size of one');\n\
                   UPDATE bench_head SET last_id = last_id + 1 WHERE singleton = 1;\n\
                   COMMIT;\n";
    println!(
        "PostgreSQL 15 on this machine, synchronous_commit on, {} s each",
        secs()
    );
    for writers in [1usize, 8] {
        let ceiling = pgbench(&server, dir.path(), "insert", insert, writers as u32);
        let chain = pgbench(&server, dir.path(), "chain", chain_ceiling, writers as u32);
        let shaped = pgbench(&server, dir.path(), "chained", chained, writers as u32);
        let ours_alone = pgbench(&server, dir.path(), "ours", &our_statement, writers as u32);
        println!(
            "{writers} client(s): pgbench single-row INSERT {ceiling:.0} tx/s; pgbench a \
             chained single-row INSERT (head taken and moved in the same statement) {chain:.0} \
             tx/s; pgbench head FOR UPDATE, INSERT, head moved in 5 statements {shaped:.0} tx/s; \
             pgbench beredskap's own append statement, an event row, {ours_alone:.0} tx/s \
             ({:.2}× the single-row INSERT)",
            ours_alone / ceiling
        );
        // Writers at two sites (a host each, its processes sharing its file), and as many
        // hosts as writers (each copying every other's events: the worst case).
        let layouts: &[(usize, &str)] = if writers == 1 {
            &[(1, "one host")]
        } else {
            &[(2, "two hosts"), (writers, "a host each")]
        };
        for &(hosts, what) in layouts {
            let ours = appends(
                dir.path(),
                &config,
                writers,
                hosts,
                &format!("w{writers}h{hosts}"),
            );
            println!(
                "  beredskap, {writers} writer(s) on {what}: {ours:.0} appends/s = {:.2}× the \
                 chained INSERT ceiling (target ≥ 0.8×), {:.2}× the 5-statement shape, {:.2}× \
                 the unchained INSERT ceiling, {:.2}× its own statement alone",
                ours / chain,
                ours / shaped,
                ours / ceiling,
                ours / ours_alone
            );
        }
    }

    // The lease, in real time with the service's defaults: a monitor holds it and stops
    // renewing (its site is gone); the other site's monitor asks every lease interval, as
    // the service does, until it holds it.
    let interval = beredskap::model::check::MonitorSettings::default().lease_interval;
    let ttl = interval * 3;
    let mut north = Store::open(&dir.path().join("north.db")).unwrap();
    north
        .attach_remote(RemoteLog::connect(&config).unwrap())
        .unwrap();
    let mut south = Store::open(&dir.path().join("south.db")).unwrap();
    south
        .attach_remote(RemoteLog::connect(&config).unwrap())
        .unwrap();
    north
        .try_take_lease("norra", "beredskap", ttl, chrono::Utc::now())
        .unwrap()
        .unwrap();
    let gone = Instant::now();
    let taken = loop {
        if let Some(f) = south
            .try_take_lease("sodra", "beredskap", ttl, chrono::Utc::now())
            .unwrap()
        {
            break f;
        }
        std::thread::sleep(interval);
    };
    println!(
        "lease takeover: the other site's monitor held the lease {:.1} s after the last \
         renewal (lease {} s = 3 × the {} s interval it checks at; token {}) (target < 30 s)",
        gone.elapsed().as_secs_f64(),
        ttl.as_secs(),
        interval.as_secs(),
        taken.token
    );
}
