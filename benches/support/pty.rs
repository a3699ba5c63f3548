//! The console in a pseudo-terminal, for the benchmarks: spawn, wait for text on screen,
//! CPU seconds and RSS from /proc, stop with SIGTERM.

#![allow(dead_code)] // each benchmark uses part of the support

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The release binary next to the running benchmark (cargo bench builds it).
pub fn bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("beredskap")
}

/// A server on 127.0.0.1 that answers every request `200 {"status":"UP"}`; its port.
pub async fn health_server() -> u16 {
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

pub struct Running {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub bytes: Arc<AtomicU64>,
    pub seen: Arc<std::sync::Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
}

pub fn spawn(config: &Path, db: &Path) -> Running {
    spawn_as("op.tekla", config, db)
}

/// The console as `account` on `config` and `db`, in a 120×40 pseudo-terminal.
pub fn spawn_as(account: &str, config: &Path, db: &Path) -> Running {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(bin());
    cmd.args(["--as", account, "--config"]);
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
        writer,
    }
}

impl Running {
    /// Types (or pastes) `bytes` into the console.
    pub fn write(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_for(&self, needle: &str, deadline: Duration) -> Duration {
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
    pub fn cpu_secs(&self) -> f64 {
        let pid = self.child.process_id().unwrap();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        // Fields after the command name (which is in parentheses): utime is the 14th field
        // of the line, stime the 15th.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
        ticks / 100.0
    }

    pub fn rss_kib(&self) -> u64 {
        let pid = self.child.process_id().unwrap();
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Where the resident memory is: `RssAnon`, `RssFile` (program and library pages),
    /// `RssShmem` and `Threads` from /proc, as one line.
    pub fn memory_profile(&self) -> String {
        let pid = self.child.process_id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        ["RssAnon:", "RssFile:", "RssShmem:", "Threads:"]
            .iter()
            .filter_map(|key| {
                let line = status.lines().find(|l| l.starts_with(key))?;
                let value: Vec<&str> = line.split_whitespace().skip(1).collect();
                Some(format!("{} {}", key.trim_end_matches(':'), value.join(" ")))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn stop(mut self) {
        let pid = self.child.process_id().unwrap();
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.child.wait();
    }
}
