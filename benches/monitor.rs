//! The monitor at scale: 5,000 HTTP endpoints on loopback, every 30 s, for several minutes
//! (BENCH_MINUTES, default 3), first with every endpoint answering, then with every
//! endpoint accepting and never answering (each probe runs into its 10 s timeout). The
//! endpoints are spread over BENCH_PORTS ports (default 500; `1` puts all 5,000 on one
//! host:port, with `max_per_target` raised to match, as a region's monitoring proxy or a
//! load balancer in front of many services would be).
//!
//! Prints CPU seconds per 1,000 probes and as a share of one core, RSS, and the lag between
//! a check's due time and its start (p50, p99, max). The servers run in a separate process
//! (this binary, re-run with BEREDSKAP_BENCH_SERVE) so their CPU is not counted. Run with
//! `cargo bench --bench monitor`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::model::check::{CheckKind, CheckSpec, HttpCheck, MonitorSettings};
use beredskap::model::health::Health;
use beredskap::model::region::*;
use beredskap::monitor::probe::HttpClients;
use beredskap::monitor::recorder::Recorder;
use beredskap::monitor::scheduler::{self, Job, Limits, SchedulerStats, real_prober};
use beredskap::store::Store;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ENDPOINTS: usize = 5000;

fn ports() -> usize {
    std::env::var("BENCH_PORTS")
        .ok()
        .and_then(|p| p.parse().ok())
        .filter(|&p: &usize| p > 0)
        .unwrap_or(500)
}
const INTERVAL: Duration = Duration::from_secs(30);
const TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    if let Ok(mode) = std::env::var("BEREDSKAP_BENCH_SERVE") {
        serve(&mode);
        return;
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let minutes: u64 = std::env::var("BENCH_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(3);
    println!(
        "beredskap monitor benchmark: {ENDPOINTS} HTTP endpoints on {} loopback port(s), every {}s, timeout {}s, {minutes} min per case",
        ports(),
        INTERVAL.as_secs(),
        TIMEOUT.as_secs()
    );
    // BENCH_CASES: which of `answer` and `silent` to run (default both).
    let cases = std::env::var("BENCH_CASES").unwrap_or_else(|_| "answer,silent".into());
    for case in cases.split(',') {
        scenario(case.trim(), minutes);
    }
}

/// The server process: BENCH_PORTS listeners; prints their ports; answers (or not) until stdin closes.
fn serve(mode: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut bound = Vec::new();
        for _ in 0..ports() {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            bound.push(l.local_addr().unwrap().port());
            let answer = mode == "answer";
            tokio::spawn(async move {
                let mut held = Vec::new();
                while let Ok((mut s, _)) = l.accept().await {
                    if !answer {
                        held.push(s);
                        continue;
                    }
                    tokio::spawn(async move {
                        let mut buf = vec![0u8; 4096];
                        loop {
                            match s.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(_) => {
                                    let r = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK";
                                    if s.write_all(r).await.is_err() {
                                        return;
                                    }
                                }
                            }
                        }
                    });
                }
            });
        }
        let mut out = std::io::stdout().lock();
        for p in &bound {
            writeln!(out, "{p}").unwrap();
        }
        out.flush().unwrap();
        drop(out);
        // Serve until the benchmark closes our stdin.
        tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
        })
        .await
        .unwrap();
    });
}

fn region(n: usize) -> Region {
    Region {
        site: Site {
            name: "Bench".into(),
            care_provider: "Bench".into(),
            organisation_number: "999999-9999".into(),
            department: "Bench".into(),
            lex_maria_responsible: "x".into(),
            time_zone: chrono_tz::Europe::Stockholm,
            language: Language::En,
            runbooks_dir: "runbooks".into(),
            export_dir: None,
            allow_actor_override: false,
            office_hours: Default::default(),
            lex_maria_target_days: 14,
        },
        people: vec![],
        teams: vec![],
        systems: (0..n)
            .map(|i| System {
                id: format!("s{i}"),
                name: format!("System {i}"),
                description: String::new(),
                category: Category::It,
                criticality: Criticality::High,
                krt: Krt {
                    confidentiality: 1,
                    integrity: 1,
                    availability: 1,
                },
                owner_team: "t".into(),
                supplier_team: None,
                depends_on: vec![],
                care_units: vec![],
                runbooks: vec![],
                checks: vec![],
            })
            .collect(),
        maintenance: vec![],
        monitor: MonitorSettings::default(),
        keys: Default::default(),
        severities: vec![],
        incident_roles: vec![],
        database: None,
        log_of_record: None,
        receiver: Default::default(),
    }
}

fn cpu_seconds() -> f64 {
    let u = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_SELF).unwrap();
    let t = |tv: nix::sys::time::TimeVal| tv.tv_sec() as f64 + tv.tv_usec() as f64 / 1e6;
    t(u.user_time()) + t(u.system_time())
}

fn proc_status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Where the resident memory is, from /proc/self/smaps (KiB): the heap and anonymous
/// mappings (Rust's allocations, SQLite's page cache, tokio's and hyper's buffers), the
/// log's shared-memory index (`-shm`, mapped by SQLite), and everything else (the program's
/// own code and libraries).
fn memory_by_kind() -> (u64, u64, u64) {
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let (mut anon, mut shm, mut other) = (0u64, 0u64, 0u64);
    let mut kind = 0;
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if first.contains('-') && first.chars().next().is_some_and(|c| c.is_ascii_hexdigit()) {
            // A mapping's header: its path is the sixth field, if any.
            let path = line.split_whitespace().nth(5).unwrap_or("");
            kind = if path.is_empty() || path.starts_with("[heap]") || path.starts_with("[anon") {
                0
            } else if path.ends_with("-shm") {
                1
            } else {
                2
            };
        } else if first == "Rss:" {
            let kib: u64 = fields.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            match kind {
                0 => anon += kib,
                1 => shm += kib,
                _ => other += kib,
            }
        }
    }
    (anon, shm, other)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn scenario(mode: &str, minutes: u64) {
    let mut server = Command::new(std::env::current_exe().unwrap())
        .env("BEREDSKAP_BENCH_SERVE", mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let ports: Vec<u16> = BufReader::new(server.stdout.take().unwrap())
        .lines()
        .take(ports())
        .map(|l| l.unwrap().parse().unwrap())
        .collect();
    let jobs: Vec<Job> = (0..ENDPOINTS)
        .map(|i| Job {
            system: Some(format!("s{i}")),
            spec: CheckSpec {
                name: "http".into(),
                kind: CheckKind::Http(Box::new(HttpCheck {
                    url: format!("http://127.0.0.1:{}/e/{i}", ports[i % ports.len()]),
                    method: "GET".into(),
                    headers: vec![],
                    expect_status: vec![],
                    body_contains: None,
                    json: None,
                    degraded_above: None,
                    verify_tls: true,
                    cert_warning_days: 14,
                    max_redirects: 5,
                    connect_timeout: Duration::from_secs(5),
                })),
                interval: INTERVAL,
                timeout: TIMEOUT,
                failure_threshold: 3,
                success_threshold: 2,
            },
        })
        .collect();
    let jobs = Arc::new(jobs);
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("monitor-{mode}.db"));
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", db.display()));
    }
    let region = region(ENDPOINTS);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let result = rt.block_on(async {
        let mut store = Store::open(&db).unwrap();
        let fence = store.try_take_lease("bench", "bench", Duration::from_secs(3600), chrono::Utc::now()).unwrap().unwrap();
        let mut recorder = Recorder::new(&region, jobs.clone(), &[], false, "bench");
        let (tx, mut rx) = tokio::sync::mpsc::channel(65_536);
        let (_halt, halted) = tokio::sync::watch::channel(false);
        let stats = Arc::new(SchedulerStats::default());
        // Eight at a time per host:port, or as many as one port carries when all share it.
        let limits = Limits { max_in_flight: 4096, max_per_target: (ENDPOINTS / ports.len()).max(8) };
        let prober = real_prober(jobs.clone(), Arc::new(HttpClients::default()), db.clone());
        let sched = tokio::spawn(scheduler::run(jobs.clone(), limits, prober, tx, halted, stats.clone()));
        let start = Instant::now();
        let warmup = INTERVAL + TIMEOUT; // every check has run once (and the silent ones timed out)
        let end = start + Duration::from_secs(minutes * 60).max(warmup + INTERVAL);
        let mut flush = tokio::time::interval(Duration::from_secs(1));
        let (mut cpu0, mut probes0, mut measuring) = (0.0, 0u64, false);
        let mut lags = Vec::new();
        let mut rss_by_minute = Vec::new();
        let mut probes = 0u64;
        let mut last_health = std::collections::HashMap::new();
        loop {
            tokio::select! {
                Some(r) = rx.recv() => {
                    probes += 1;
                    // The lags are kept whole for minutes; past 200,000 (a soak) every second one
                    // is dropped, so the benchmark's own memory does not grow with its length.
                    if measuring {
                        lags.push(r.lag);
                        if lags.len() >= 200_000 {
                            let mut k = 0;
                            lags.retain(|_| { k += 1; k % 2 == 0 });
                        }
                    }
                    recorder.observe(r);
                }
                _ = flush.tick() => {
                    let now = chrono::Utc::now();
                    let batch = recorder.flush(now, &[]);
                    for e in &batch.events {
                        last_health.insert(e.subject.clone(), e.payload["health"].clone());
                    }
                    tokio::task::block_in_place(|| store.record_monitor(&fence, batch, now)).unwrap();
                    if !measuring && start.elapsed() >= warmup {
                        measuring = true;
                        cpu0 = cpu_seconds();
                        probes0 = probes;
                    }
                    if measuring && start.elapsed() >= warmup + Duration::from_secs(60 * rss_by_minute.len() as u64) {
                        rss_by_minute.push(proc_status("VmRSS:") / 1024);
                        // A soak says where the memory is as it goes (BENCH_MINUTES=60).
                        let (anon, shm, other) = memory_by_kind();
                        eprintln!(
                            "  minute {:>3}: RSS {} MiB = heap/anon {} MiB + log -shm {} MiB + code/files {} MiB; WAL {} MiB",
                            rss_by_minute.len() - 1,
                            proc_status("VmRSS:") / 1024,
                            anon / 1024,
                            shm / 1024,
                            other / 1024,
                            std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len() / (1 << 20)).unwrap_or(0)
                        );
                    }
                    if Instant::now() >= end {
                        break;
                    }
                }
            }
        }
        let wall = (start.elapsed() - warmup).as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let measured = probes - probes0;
        sched.abort();
        let down = last_health.values().filter(|h| *h == &serde_json::json!(Health::Down)).count();
        (wall, cpu, measured, lags, stats.skipped_busy.load(std::sync::atomic::Ordering::Relaxed), down, store.sample_count().unwrap(), rss_by_minute)
    });
    let (wall, cpu, measured, mut lags, skipped, down, samples, rss_by_minute) = result;
    lags.sort();
    drop(server.stdin.take());
    let _ = server.wait();
    println!(
        "\ncase: every endpoint {}",
        if mode == "answer" {
            "answers 200"
        } else {
            "accepts and never answers"
        }
    );
    println!(
        "  probes measured:    {measured} in {wall:.0} s after warm-up ({:.0}/s; expected {:.0}/s)",
        measured as f64 / wall,
        ENDPOINTS as f64 / INTERVAL.as_secs_f64()
    );
    println!(
        "  CPU:                {:.3} s per 1,000 probes; {:.1}% of one core (target < 10%)",
        cpu / (measured.max(1) as f64 / 1000.0),
        100.0 * cpu / wall
    );
    println!(
        "  RSS:                {} MiB now, {} MiB peak",
        proc_status("VmRSS:") / 1024,
        proc_status("VmHWM:") / 1024
    );
    println!(
        "  RSS each minute:    {} MiB",
        rss_by_minute
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  lag due → start:    p50 {:?}, p99 {:?} (target < 1 s), max {:?}",
        percentile(&lags, 0.5),
        percentile(&lags, 0.99),
        percentile(&lags, 1.0)
    );
    println!(
        "  skipped (busy):     {skipped}; systems recorded down: {down}; samples stored: {samples}"
    );
}
