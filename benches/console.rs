//! Console figures, printed (no assertions). `cargo bench --bench console`.
//!
//! 1. Time to render the status screen with 10,000 systems (TestBackend, 120×40).
//! 2. Time from start to first frame on a log of 1,000,000 events: the real binary in a
//!    pseudo-terminal, from spawn to the first screen on the pty (median of 5).
//! 3. RSS of the console with the demo region, and with 1,000 systems each with a check.
//! 4. Bytes the console writes to the terminal per minute while idle with the clock
//!    ticking (BENCH_IDLE_SECS, default 60), read through a pty.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::i18n::Lang;
use beredskap::model::event::NewEvent;
use beredskap::model::health::Health;
use beredskap::model::region::Criticality;
use beredskap::store::Store;
use beredskap::tui::app::{App, MonitorView, SystemRow, User};
use beredskap::tui::keymap::Keymap;
use beredskap::tui::theme::Theme;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    // The release binary next to this benchmark (cargo bench builds it).
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("beredskap")
}

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tmp/console");
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    assert!(
        bin().exists(),
        "build the release binary first: cargo build --release"
    );
    println!("beredskap console benchmarks (binary {})", bin().display());
    render_10k();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let port = rt.block_on(health_server());
    let base = dir();
    first_frame_1m(&base, port);
    rss(&base, port);
    idle_bytes(&base, port);
}

fn render_10k() {
    let region = beredskap::config::load(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/region-demo/beredskap.toml"),
    )
    .unwrap()
    .region;
    let now = chrono::Utc::now();
    let rows: Vec<SystemRow> = (0..10_000)
        .map(|i| SystemRow {
            id: format!("s{i}"),
            name: format!("System nummer {i}"),
            health: [
                Health::Up,
                Health::Up,
                Health::Up,
                Health::Degraded,
                Health::Down,
            ][i % 5],
            since: Some(now - chrono::Duration::seconds(i as i64)),
            latency_ms: Some(i as u64 % 900),
            spark: (0..16).map(|k| (k * 31 + i as u64) % 200).collect(),
            uptime: Some(0.99),
            owner: "it-drift".into(),
            impacted_by: if i % 7 == 0 {
                vec!["karnnat".into()]
            } else {
                vec![]
            },
            criticality: Criticality::High,
            flapping: false,
            message: "HTTP 200".into(),
            has_checks: true,
            checked: true,
        })
        .collect();
    let user = User {
        account: "op".into(),
        roles: "operator".into(),
        can_write: true,
        can_run: true,
        can_change_rota: true,
    };
    let mut app = App::new(
        Arc::new(region),
        Lang::Sv,
        Theme::new(true),
        Keymap::default(),
        user,
        "x".into(),
        now,
    );
    app.set_rows(rows);
    app.monitor = MonitorView::Here;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    for _ in 0..20 {
        terminal
            .draw(|f| beredskap::tui::views::draw(f, &app))
            .unwrap();
    }
    let n = 300;
    let start = Instant::now();
    for i in 0..n {
        app.now = now + chrono::Duration::seconds(i);
        terminal
            .draw(|f| beredskap::tui::views::draw(f, &app))
            .unwrap();
    }
    let per = start.elapsed() / n as u32;
    println!(
        "render: status screen, 10,000 systems, 120×40: {:.2} ms a frame (target < 5 ms)",
        per.as_secs_f64() * 1000.0
    );
}

async fn health_server() -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                while let Ok(n) = s.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                    let body = br#"{"status":"UP"}"#;
                    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
                    if s.write_all(head.as_bytes()).await.is_err()
                        || s.write_all(body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    port
}

struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    bytes: Arc<AtomicU64>,
    seen: Arc<std::sync::Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _writer: Box<dyn std::io::Write + Send>,
}

fn spawn(config: &Path, db: &Path) -> Running {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(bin());
    cmd.args(["--as", "op.tekla", "--config"]);
    cmd.arg(config);
    cmd.arg("--db");
    cmd.arg(db);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", db.parent().unwrap());
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let bytes = Arc::new(AtomicU64::new(0));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (b, s) = (bytes.clone(), seen.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            b.fetch_add(n as u64, Ordering::Relaxed);
            let mut s = s.lock().unwrap();
            if s.len() < 1 << 20 {
                s.extend_from_slice(&buf[..n]);
            }
        }
    });
    let writer = pair.master.take_writer().unwrap();
    Running {
        child,
        bytes,
        seen,
        _master: pair.master,
        _writer: writer,
    }
}

impl Running {
    fn wait_for(&self, needle: &str, deadline: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if String::from_utf8_lossy(&self.seen.lock().unwrap()).contains(needle) {
                return start.elapsed();
            }
            assert!(start.elapsed() < deadline, "no {needle:?} on screen");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// CPU seconds (user + system) the console has used so far.
    fn cpu_secs(&self) -> f64 {
        let pid = self.child.process_id().unwrap();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        // Fields after the command name (which is in parentheses): utime is the 14th field
        // of the line, stime the 15th.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
        ticks / 100.0
    }

    fn rss_kib(&self) -> u64 {
        let pid = self.child.process_id().unwrap();
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn stop(mut self) {
        let pid = self.child.process_id().unwrap();
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.child.wait();
    }
}

fn demo(dir: &Path, port: u16) -> PathBuf {
    beredskap::demo::materialize(dir, port).unwrap()
}

fn first_frame_1m(base: &Path, port: u16) {
    let d = base.join("first-frame");
    let config = demo(&d, port);
    let db = d.join("big.db");
    let mut store = Store::open(&db).unwrap();
    let build = Instant::now();
    let mut written = 0;
    while written < 1_000_000 {
        let batch = (written..written + 10_000)
            .map(|i| NewEvent {
                occurred_at: chrono::Utc::now(),
                actor: "op.tekla".into(),
                os_account: "op.tekla".into(),
                kind: "diary.note".into(),
                subject: "diary".into(),
                corrects: None,
                payload_version: 1,
                origin: beredskap::model::guard::Origin::Person,
                payload: serde_json::json!({ "text": format!("anteckning {i}") }),
            })
            .collect();
        store.append_all(batch).unwrap();
        written += 10_000;
    }
    drop(store);
    println!(
        "      (built a log of 1,000,000 events in {:.1} s)",
        build.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let r = spawn(&config, &db);
        r.wait_for("Granskning", Duration::from_secs(20));
        times.push(start.elapsed());
        r.stop();
    }
    times.sort();
    println!(
        "start: spawn to first frame on a 1,000,000-event log: median {:.0} ms, min {:.0} ms (target < 50 ms)",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
    // Idle: the console with its in-process monitor on the demo region's checks, nobody
    // touching it, on the same 1,000,000-event log.
    let secs: u64 = std::env::var("BENCH_IDLE_CPU_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let r = spawn(&config, &db);
    r.wait_for("Granskning", Duration::from_secs(20));
    std::thread::sleep(Duration::from_secs(5));
    let before = r.cpu_secs();
    std::thread::sleep(Duration::from_secs(secs));
    let used = r.cpu_secs() - before;
    r.stop();
    println!(
        "idle: console with its monitor on a 1,000,000-event log: {:.2} CPU-s per minute over {secs} s (target < 0.5)",
        used * 60.0 / secs as f64
    );
}

fn many_systems(dir: &Path, port: u16, n: usize) -> PathBuf {
    let config = demo(dir, port);
    let mut extra = String::new();
    for i in 0..n {
        extra.push_str(&format!(
            "\n[[systems]]\nid = \"extra-{i}\"\nname = \"Extra system {i}\"\ncategory = \"it\"\ncriticality = \"normal\"\nkrt = {{ confidentiality = 1, integrity = 1, availability = 1 }}\nowner_team = \"it-drift\"\n\n[[systems.checks]]\nkind = \"http\"\nurl = \"http://127.0.0.1:{port}/extra-{i}/health\"\ninterval = \"30s\"\n"
        ));
    }
    std::fs::write(config.parent().unwrap().join("systems/extra.toml"), extra).unwrap();
    config
}

fn rss(base: &Path, port: u16) {
    for (label, config) in [
        (
            "the demo region (29 systems)",
            demo(&base.join("rss-demo"), port),
        ),
        (
            "1,000 systems with a check each",
            many_systems(&base.join("rss-1000"), port, 1000 - 29),
        ),
    ] {
        let db = config.parent().unwrap().join("rss.db");
        let r = spawn(&config, &db);
        r.wait_for("Granskning", Duration::from_secs(20));
        std::thread::sleep(Duration::from_secs(35)); // every check has run once
        let kib = r.rss_kib();
        println!(
            "rss: console with {label}, monitor running in it: {} MiB ({kib} KiB){}",
            kib / 1024,
            if label.starts_with("1,000") {
                " (target < 30 MiB)"
            } else {
                ""
            }
        );
        r.stop();
    }
}

fn idle_bytes(base: &Path, port: u16) {
    let secs: u64 = std::env::var("BENCH_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let config = demo(&base.join("idle"), port);
    let db = config.parent().unwrap().join("idle.db");
    let r = spawn(&config, &db);
    r.wait_for("Granskning", Duration::from_secs(20));
    std::thread::sleep(Duration::from_secs(15)); // first checks done, screen settled
    let before = r.bytes.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(secs));
    let written = r.bytes.load(Ordering::Relaxed) - before;
    let per_min = written as f64 * 60.0 / secs as f64;
    println!(
        "idle: {written} bytes in {secs} s written to the terminal = {:.1} KiB/min (target < 30 KiB/min)",
        per_min / 1024.0
    );
    r.stop();
}
