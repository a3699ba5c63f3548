//! Benchmarks of the event log. Prints figures; asserts nothing (timings belong here, not
//! in tests). Run with `cargo bench --bench log`.
//!
//! - the disk's fsync rate, two ways: 4 KiB appended to a file then fsync (the file grows),
//!   and 4 KiB rewritten in place then fsync (as SQLite reuses its WAL file after a
//!   checkpoint). SQLite with synchronous=FULL makes one fsync of the WAL per commit
//!   (checked with `strace -c -e fsync`), so the faster of the two is the ceiling;
//! - durable single-event appends per second (one transaction and one fsync each);
//! - events per second when appended in batches of 1,000;
//! - seconds to verify a chain of 1,000,000 events (BENCH_VERIFY_EVENTS to change);
//! - seconds to back up that log (online, while another connection appends) and check the
//!   copy's integrity and chain.
//!
//! Files go to BENCH_DIR, default `target/bench-tmp` (the disk the project lives on).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

use beredskap::model::event::NewEvent;
use beredskap::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

fn bench_dir() -> PathBuf {
    let dir = std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp"));
    std::fs::create_dir_all(&dir).expect("bench dir");
    dir
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Runs `op` until `min_time` has passed and at least `min_ops` were done; ops per second.
fn rate(min_ops: usize, min_time: Duration, mut op: impl FnMut(usize)) -> (usize, f64) {
    let start = Instant::now();
    let mut n = 0;
    while n < min_ops || start.elapsed() < min_time {
        op(n);
        n += 1;
    }
    (n, n as f64 / start.elapsed().as_secs_f64())
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = bench_dir();
    println!("beredskap log benchmarks (files in {})", dir.display());

    // 1. What the disk can fsync.
    let fsync_path = dir.join("fsync.bin");
    let mut file = std::fs::File::create(&fsync_path).expect("create");
    let block = vec![0xA5u8; 4096];
    let (n, growing) = rate(200, Duration::from_secs(2), |_| {
        file.write_all(&block).expect("write");
        file.sync_all().expect("fsync");
    });
    println!("disk: {growing:>12.0} fsyncs/s        (4 KiB appended + fsync, {n} times)");
    use std::io::{Seek, SeekFrom};
    let (n, in_place) = rate(200, Duration::from_secs(2), |i| {
        file.seek(SeekFrom::Start(((i % 64) * 4096) as u64))
            .expect("seek");
        file.write_all(&block).expect("write");
        file.sync_all().expect("fsync");
    });
    drop(file);
    let _ = std::fs::remove_file(&fsync_path);
    println!(
        "disk: {in_place:>12.0} fsyncs/s        (4 KiB rewritten in place + fsync, {n} times)"
    );
    let fsyncs = growing.max(in_place);

    // 2. Durable single-event appends.
    let db = dir.join("single.db");
    remove_db(&db);
    let mut store = Store::open(&db).expect("open");
    let (n, appends) = rate(200, Duration::from_secs(2), |i| {
        store.append(note(i)).expect("append");
    });
    println!(
        "log:  {appends:>12.0} appends/s        (one durable transaction each, {n} events; \
         disk/append = {:.2}x, target <= 2x)",
        fsyncs / appends
    );
    drop(store);
    remove_db(&db);

    // 2b. SQLite's own ceiling on this disk: one row of the same size per transaction into a
    // bare table, WAL and synchronous=FULL, as the log is configured.
    let db = dir.join("ceiling.db");
    remove_db(&db);
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("full");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .expect("table");
    let body = "x".repeat(400);
    let (n, ceiling) = rate(200, Duration::from_secs(2), |_| {
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        conn.execute("INSERT INTO t (body) VALUES (?1)", [&body])
            .expect("insert");
        conn.execute_batch("COMMIT").expect("commit");
    });
    drop(conn);
    remove_db(&db);
    println!(
        "sqlite: {ceiling:>10.0} commits/s        (bare table, WAL + FULL, {n} rows; the log \
         reaches {:.2}x of it, target >= 0.85x)",
        appends / ceiling
    );

    // 3. Batched appends.
    let db = dir.join("batch.db");
    remove_db(&db);
    let mut store = Store::open(&db).expect("open");
    let batch = 1000;
    let (n, batches) = rate(50, Duration::from_secs(2), |b| {
        store
            .append_all((0..batch).map(|i| note(b * batch + i)).collect())
            .expect("append batch");
    });
    println!(
        "log:  {:>12.0} events/s         (batches of {batch}, {} events)",
        batches * batch as f64,
        n * batch
    );
    drop(store);
    remove_db(&db);

    // 4. Verify a long chain.
    let total: usize = std::env::var("BENCH_VERIFY_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let db = dir.join("verify.db");
    remove_db(&db);
    let mut store = Store::open(&db).expect("open");
    let build = Instant::now();
    let mut written = 0;
    while written < total {
        let k = (total - written).min(10_000);
        store
            .append_all((written..written + k).map(note).collect())
            .expect("append");
        written += k;
    }
    println!(
        "      (built a chain of {total} events in {:.1} s)",
        build.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let report = store.verify(None).expect("verify");
    let secs = start.elapsed().as_secs_f64();
    assert!(report.intact());
    println!(
        "log:  {secs:>12.2} s to verify   ({} events, {:.0} events/s; target < 2 s for 1,000,000)",
        report.events_checked,
        report.events_checked as f64 / secs
    );

    // 5. Back up the same log while another connection keeps appending, then check the copy.
    let copy = dir.join("verify-backup.db");
    remove_db(&copy);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&db).expect("open");
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store.append(note(n)).expect("append");
                n += 1;
            }
            n
        })
    };
    let start = Instant::now();
    let check = store.backup_to(&copy).expect("backup");
    let secs = start.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let appended = writer.join().expect("writer");
    assert!(check.chain.intact());
    println!(
        "log:  {secs:>12.2} s to back up and check ({} events, {:.0} MiB; {appended} events \
         appended meanwhile by another connection)",
        check.events,
        check.bytes as f64 / (1024.0 * 1024.0)
    );
    drop(store);
    remove_db(&db);
    remove_db(&copy);
}
