//! Loopback pieces the alarm tests and `benches/alarm.rs` share (the bench includes this
//! file by path; it depends on nothing else of the tests): a webhook receiver, and a
//! process holding the log's write lock that a test can stop with SIGSTOP.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A webhook receiver on 127.0.0.1 that answers 200 and hands over every JSON body it gets.
pub fn webhook() -> (u16, std::sync::mpsc::Receiver<serde_json::Value>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok()
                && let Ok(v) = serde_json::from_slice(&body)
            {
                let _ = tx.send(v);
            }
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (port, rx)
}

/// In the helper process: takes the write lock of the log at `db` (`BEGIN IMMEDIATE`),
/// says "locked", and holds it mid-transaction until standard input closes; then commits.
pub fn hold_write_lock(db: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(30)).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    println!("locked");
    std::io::stdout().flush().unwrap();
    let mut rest = String::new();
    let _ = std::io::stdin().read_line(&mut rest);
    let _ = conn.execute_batch("COMMIT");
}

/// Starts `helper` (a process that calls `hold_write_lock`) and waits until it holds the
/// lock; what it prints afterwards is read away so it never meets a closed pipe.
pub fn lock_holder(mut helper: Command) -> Child {
    let mut child = helper
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 && !line.contains("locked") {
        line.clear();
    }
    assert!(line.contains("locked"), "the helper took the lock");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    child
}
