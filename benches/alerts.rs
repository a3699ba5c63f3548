//! The alert receiver under a burst, printed (no assertions). `cargo bench --bench alerts`.
//!
//! 10,000 alerts — 1,000 firing fingerprints, each re-sent 10 times, in Alertmanager-sized
//! groups of 10 — POSTed by 8 clients at once to `beredskap receive` (the real binary, a
//! process of its own) on a region of 1,000 systems each mapped by an alert check. Prints
//! alerts a second, the receiver's CPU-seconds per 1,000 alerts and its peak RSS, and how
//! many events the burst wrote (one per fingerprint: a re-send is not an event). Meanwhile
//! the console (the release binary in a pseudo-terminal, with its own monitor reading the
//! 1,000 alert checks) is switched again and again between its log and status screens: the time from
//! the key to the frame on the terminal, before and during the burst.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;

/// The time from `5` to the log screen on the terminal, and from `1` to the status screen.
fn key_to_frame(console: &mut pty::Running) -> [Duration; 2] {
    let mut out = [Duration::ZERO; 2];
    for (i, (key, needles)) in [
        (&b"5"[..], &["Tid ", "Inga händelser"][..]),
        (&b"1"[..], &["Läge"][..]),
    ]
    .into_iter()
    .enumerate()
    {
        console.seen.lock().unwrap().clear();
        let start = Instant::now();
        console.write(key);
        // The log screen says "Inga händelser." until the burst has written events.
        loop {
            let seen = String::from_utf8_lossy(&console.seen.lock().unwrap()).into_owned();
            if needles.iter().any(|n| seen.contains(n)) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "no {needles:?}");
            std::thread::sleep(Duration::from_micros(200));
        }
        out[i] = start.elapsed();
    }
    out
}

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} frames)",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 95 / 100]),
        ms(*samples.last().unwrap()),
        samples.len()
    )
}

const SYSTEMS: usize = 1_000;
const ROUNDS: usize = 10;
const GROUP: usize = 10;
const CLIENTS: usize = 8;

fn region(dir: &std::path::Path, port: u16) -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(repo.join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace(
            "http://127.0.0.1:9/health",
            &format!("http://127.0.0.1:{port}/health"),
        )
        .replace("port = 9", &format!("port = {port}"))
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo.join("runbooks")),
        );
    for i in 0..SYSTEMS {
        text.push_str(&format!(
            "\n[[systems]]\nid = \"sys-{i}\"\nname = \"System {i}\"\ncategory = \"it\"\n\
             criticality = \"normal\"\nkrt = {{ confidentiality = 1, integrity = 1, availability = 1 }}\n\
             owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"larm\"\nkind = \"alert\"\n\
             source = \"alertmanager\"\nmatch = '{{job=\"sys-{i}\", severity=~\"critical|page\"}}'\n"
        ));
    }
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// (utime + stime) in seconds and VmHWM in KiB of process `pid`.
fn usage(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let cpu = (ticks(11) + ticks(12)) / 100.0;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (cpu, hwm)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/alerts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The region's own checks and canary answered by a live server: the monitor sees.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let port = server.block_on(pty::health_server());
    let config = region(&dir, port);
    let db = dir.join("log.db");
    let token = dir.join("am.token");
    std::fs::write(&token, "bench\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_beredskap"))
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args(["receive", "--listen", "127.0.0.1:0", "--source"])
        .arg(format!("alertmanager={}:100000000", token.display()))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening on") {
        line.clear();
        assert!(
            lines.read_line(&mut line).unwrap() > 0,
            "the receiver stopped"
        );
    }
    let url = format!(
        "http://{}/alertmanager/alertmanager",
        line.trim().rsplit(' ').next().unwrap()
    );
    // The console on the same log, settled, then its frames timed before the burst.
    let mut console = pty::spawn_as("operator1", &config, &db);
    console.wait_for("Granskning", Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(3));
    let mut idle = Vec::new();
    for _ in 0..30 {
        idle.extend(key_to_frame(&mut console));
    }
    let (cpu_before, _) = usage(child.id());
    let bodies: Vec<String> = (0..ROUNDS)
        .flat_map(|_| (0..SYSTEMS / GROUP).map(|g| g * GROUP))
        .map(|first| {
            let alerts: Vec<String> = (first..first + GROUP)
                .map(|i| format!(
                    r#"{{"status":"firing","labels":{{"alertname":"Down","job":"sys-{i}","severity":"critical"}},"annotations":{{"summary":"System {i} svarar inte"}},"startsAt":"2026-12-02T02:10:00Z","fingerprint":"fp-{i}"}}"#
                ))
                .collect();
            format!(r#"{{"version":"4","status":"firing","alerts":[{}]}}"#, alerts.join(","))
        })
        .collect();
    let start = Instant::now();
    let burst = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let client = reqwest::Client::new();
            let queue = std::sync::Arc::new(std::sync::Mutex::new(bodies));
            let mut tasks = Vec::new();
            for _ in 0..CLIENTS {
                let (client, queue, url) = (client.clone(), queue.clone(), url.clone());
                tasks.push(tokio::spawn(async move {
                    let mut ok = 0usize;
                    loop {
                        let Some(body) = queue.lock().unwrap().pop() else {
                            return ok;
                        };
                        let r = client
                            .post(&url)
                            .bearer_auth("bench")
                            .body(body)
                            .send()
                            .await;
                        if r.is_ok_and(|r| r.status().is_success()) {
                            ok += 1;
                        }
                    }
                }));
            }
            let mut ok = 0;
            for t in tasks {
                ok += t.await.unwrap();
            }
            ok
        })
    });
    let mut during = Vec::new();
    while !burst.is_finished() {
        during.extend(key_to_frame(&mut console));
    }
    let ok = burst.join().unwrap();
    let elapsed = start.elapsed().as_secs_f64();
    console.stop();
    let (cpu_after, hwm) = usage(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let alerts = (ROUNDS * SYSTEMS) as f64;
    let events = beredskap::store::Store::open_existing(&db)
        .unwrap()
        .count()
        .unwrap();
    println!(
        "alert receiver: {} alerts ({} fingerprints × {ROUNDS}) in {} requests of {GROUP}, {CLIENTS} clients: {:.1} s, {:.0} alerts/s; receiver {:.3} CPU-s per 1,000 alerts, peak RSS {:.1} MiB; {} requests answered 200; {events} events in the log (one alert.received per fingerprint; the rest are the monitor's status changes and the configuration)",
        ROUNDS * SYSTEMS,
        SYSTEMS,
        ROUNDS * SYSTEMS / GROUP,
        elapsed,
        alerts / elapsed,
        (cpu_after - cpu_before) / (alerts / 1000.0),
        hwm as f64 / 1024.0,
        ok,
    );
    println!(
        "console (pty, 120×40, its monitor on the 1,000 alert checks), key to frame: idle {}; during the burst {}",
        summary(idle),
        summary(during)
    );
}
