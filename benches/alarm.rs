//! The time from a check failing to the page reaching a loopback webhook (issue 31.1), with
//! nobody holding the log and with a person's writer stopped (SIGSTOP) in the middle of a
//! write transaction. The target: the same within the alarm path's bound (ops::owed::
//! ALARM_WAIT, 2 s). Prints every run and the median; asserts nothing. Run with
//! `cargo bench --bench alarm` (BENCH_ALARM_RUNS to change the runs, default 5 each).
//!
//! Each run: a real `beredskap monitor` (the release build) on a fresh log; a
//! business-critical system whose exec check (interval 1 s, one failure) fails once a flag
//! file appears; someone on call; the webhook a thread of this program on 127.0.0.1.
//! The stopped writer is this program run again, holding `BEGIN IMMEDIATE`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

#[path = "../tests/common/loopback.rs"]
mod loopback;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HOLD: &str = "BEREDSKAP_BENCH_HOLD_LOCK";

fn main() {
    if let Ok(db) = std::env::var(HOLD) {
        loopback::hold_write_lock(&db);
        return;
    }
    let runs: usize = std::env::var("BENCH_ALARM_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!(
        "check failing → page at the webhook (interval 1 s, failure_threshold 1), {runs} runs each"
    );
    for stopped in [false, true] {
        let mut times: Vec<f64> = (0..runs).map(|_| once(stopped).as_secs_f64()).collect();
        let all: Vec<String> = times.iter().map(|t| format!("{t:.2}")).collect();
        times.sort_by(f64::total_cmp);
        println!(
            "  {:<44} median {:.2} s   (runs: {} s)",
            if stopped {
                "a stopped writer holding the log's write lock"
            } else {
                "nobody holding the log"
            },
            times[times.len() / 2],
            all.join(", ")
        );
    }
}

fn once(stopped: bool) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let flag = dir.path().join("down");
    let (port, pages) = loopback::webhook();
    let config = region(dir.path(), port, &flag);
    let bin = env!("CARGO_BIN_EXE_beredskap");
    let init = Command::new(bin)
        .args(["--config"])
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args(["log", "init"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let mut monitor = Command::new(bin)
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args(["monitor", "--log-file"])
        .arg(dir.path().join("monitor.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The system recorded up first.
    let start = Instant::now();
    while !recorded_up(&db) {
        assert!(start.elapsed() < Duration::from_secs(30), "never up");
        std::thread::sleep(Duration::from_millis(50));
    }
    let holder = stopped.then(|| {
        let child = lock_holder(&db);
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGSTOP,
        )
        .unwrap();
        child
    });
    let failed = Instant::now();
    std::fs::write(&flag, "").unwrap();
    let took = loop {
        let body = pages
            .recv_timeout(Duration::from_secs(120))
            .expect("no page");
        if body["system"] == "journal" {
            break failed.elapsed();
        }
    };
    if let Some(mut h) = holder {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(h.id() as i32),
            nix::sys::signal::Signal::SIGCONT,
        );
        drop(h.stdin.take());
        let _ = h.wait();
    }
    let _ = monitor.kill();
    let _ = monitor.wait();
    took
}

fn recorded_up(db: &Path) -> bool {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.query_row(
                "SELECT count(*) FROM system_status WHERE system_id = 'journal' AND health = 'up'",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .is_ok_and(|n| n > 0)
}

fn lock_holder(db: &Path) -> Child {
    let mut helper = Command::new(std::env::current_exe().unwrap());
    helper.env(HOLD, db);
    loopback::lock_holder(helper)
}

fn region(dir: &Path, webhook: u16, flag: &Path) -> PathBuf {
    let text = format!(
        r#"[site]
name = "Mätregion"
care_provider = "Mätregion"
organisation_number = "999999-9999"
department = "IT/MT"
lex_maria_responsible = "op1"
time_zone = "Europe/Stockholm"
runbooks_dir = "{runbooks}"

[[people]]
account = "op1"
name = "Operatör Ett"
phone = "070-174 06 50"
email = "op1@test.example"
roles = ["operator"]

[[teams]]
id = "drift"
name = "Drift"
kind = "internal"
members = ["op1"]
phone = "070-174 06 53"

[[teams.rotations]]
layer = "primär"
members = ["op1"]
shift = "1w"
handoff = "mon 08:00"
start = "2026-01-05"

[[systems]]
id = "journal"
name = "Journal"
category = "it"
criticality = "business-critical"
krt = {{ confidentiality = 3, integrity = 3, availability = 4 }}
owner_team = "drift"

[[systems.checks]]
name = "plugin"
kind = "exec"
command = "/bin/sh"
args = ["-c", "if [ -e {flag} ]; then echo CRITICAL; exit 2; fi; echo OK"]
interval = "1s"
timeout = "1s"
failure_threshold = 1

[monitor]
webhook_url = "http://127.0.0.1:{webhook}/larm"
"#,
        runbooks = dir.join("runbooks").display(),
        flag = flag.display(),
    );
    std::fs::create_dir_all(dir.join("runbooks")).unwrap();
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}
