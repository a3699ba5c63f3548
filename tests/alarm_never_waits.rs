//! The alarm never waits for anyone (issue 31.1). A person's process stopped with SIGSTOP in
//! the middle of a write transaction (a Ctrl-Z does the same) holds the log's write lock for
//! as long as it stays stopped; the monitor used to hold every page back until it was let
//! go (88 s in the report, unbounded). Now it sends the page within its bound, keeps it in
//! its spool, and records it exactly once, with both times, when the log takes writes again.
//!
//! The stopped writer is this test binary run again as a helper (`hold_the_write_lock`):
//! it takes the write lock with `BEGIN IMMEDIATE`, says so, and waits — then is stopped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, run, stderr, stdout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const HOLD: &str = "BEREDSKAP_TEST_HOLD_LOCK";

/// The helper: holds the write lock of the log named in `$BEREDSKAP_TEST_HOLD_LOCK` until
/// its standard input closes, then commits. Does nothing in a normal test run.
#[test]
fn hold_the_write_lock() {
    if let Ok(db) = std::env::var(HOLD) {
        common::loopback::hold_write_lock(&db);
    }
}

fn lock_holder(db: &Path) -> Child {
    let mut helper = std::process::Command::new(std::env::current_exe().unwrap());
    helper
        .args([
            "--exact",
            "hold_the_write_lock",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLD, db);
    common::loopback::lock_holder(helper)
}

fn signal(child: &Child, sig: nix::sys::signal::Signal) {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), sig).unwrap();
}

/// The page events about the journal: (kind, payload, occurred_at, recorded_at).
fn page_events(db: &Path) -> Vec<(String, serde_json::Value, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT kind, payload, occurred_at, recorded_at FROM events \
             WHERE kind IN ('page.triggered', 'page.notified', 'page.resolved') ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            serde_json::from_str(&r.get::<_, String>(1)?).unwrap(),
            r.get(2)?,
            r.get(3)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A test's log and region: the journal (business-critical, someone on call) watched by
/// `check`, or by an exec plugin that fails once `flag` exists; the webhook on loopback.
struct Scene {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
    flag: PathBuf,
    pages: std::sync::mpsc::Receiver<serde_json::Value>,
}

impl Scene {
    fn new(check: Option<&str>, monitor_extra: &str) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("log.db");
        let flag = dir.path().join("journal-down");
        let (port, pages) = common::webhook::receiver();
        let config = match check {
            Some(check) => common::webhook::region_with_check(dir.path(), port, check),
            None => common::webhook::region_with_plugin(
                dir.path(),
                port,
                &format!(
                    "if [ -e {} ]; then echo 'CRITICAL - journalen svarar inte'; exit 2; fi; \
                     echo OK; exit 0",
                    flag.display()
                ),
            ),
        };
        let text = std::fs::read_to_string(&config).unwrap() + monitor_extra;
        std::fs::write(&config, text).unwrap();
        let out = run(beredskap(&config, &db).args(["log", "init"]));
        assert!(out.status.success(), "{}", stderr(&out));
        Scene {
            dir,
            db,
            config,
            flag,
            pages,
        }
    }

    fn cmd(&self) -> std::process::Command {
        beredskap(&self.config, &self.db)
    }

    /// `beredskap monitor` logging to `name` in the test's directory, with `env`.
    fn monitor(&self, name: &str, env: &[(&str, &str)]) -> common::alerting::Running {
        common::alerting::Running(
            self.cmd()
                .envs(env.iter().copied())
                .args(["monitor", "--log-file"])
                .arg(self.dir.path().join(name))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        )
    }

    fn log_of(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    /// Waits until the journal is recorded up (before anyone holds the log).
    fn journal_up(&self) {
        until(30, "the journal recorded up", || {
            let s = stdout(&run(self.cmd().args(["status", "--json"])));
            s.contains("\"journal\"") && s.contains("\"up\"")
        });
    }

    /// The first page about the journal at the webhook (`logs` said if none comes).
    fn journal_page(&self, logs: &[&str]) -> serde_json::Value {
        loop {
            let body = self
                .pages
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| {
                    let said: Vec<String> = logs.iter().map(|l| self.log_of(l)).collect();
                    panic!("no page reached the webhook ({e}):\n{}", said.join("\n"))
                });
            if body["system"] == "journal" {
                break body;
            }
        }
    }

    /// Waits for the owed page in the log, then a few escalation ticks, and checks it was
    /// recorded and delivered once; the chain verifies. The page events.
    fn paged_once(&self, context: &str) -> Vec<(String, serde_json::Value, String, String)> {
        until(30, "the owed page recorded", || {
            page_events(&self.db)
                .iter()
                .any(|(k, ..)| k == "page.notified")
        });
        std::thread::sleep(Duration::from_secs(5));
        let events = page_events(&self.db);
        for kind in ["page.triggered", "page.notified"] {
            let n = events.iter().filter(|e| e.0 == kind).count();
            assert_eq!(n, 1, "{kind}: {events:#?}\n{context}");
        }
        let more: Vec<serde_json::Value> = self
            .pages
            .try_iter()
            .filter(|b| b["system"] == "journal")
            .collect();
        assert!(
            more.is_empty(),
            "delivered once, not once per retry: {more:?}"
        );
        let verify = run(self.cmd().args(["log", "verify"]));
        assert!(verify.status.success(), "{}", stdout(&verify));
        events
    }
}

/// A person's writer holding the log's write lock, stopped mid-transaction.
fn stopped_writer(db: &Path) -> Child {
    let holder = lock_holder(db);
    signal(&holder, nix::sys::signal::Signal::SIGSTOP);
    holder
}

/// Lets the stopped writer go: it commits and ends.
fn let_go(mut holder: Child) {
    signal(&holder, nix::sys::signal::Signal::SIGCONT);
    drop(holder.stdin.take());
    assert!(holder.wait().unwrap().success());
}

fn until(secs: u64, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_stopped_writer_holding_the_lock_does_not_hold_the_page_back() {
    let s = Scene::new(None, "");
    let _monitor = s.monitor("monitor.log", &[]);
    s.journal_up();
    let holder = stopped_writer(&s.db);
    let held_by = format!("(PID {})", holder.id());

    // `status` names who holds the log (and still answers: it only reads).
    let status = run(s.cmd().args(["--lang", "sv", "status"]));
    assert!(
        stdout(&status).contains("LOGGEN LÅST av") && stdout(&status).contains(&held_by),
        "{}\n{}",
        stdout(&status),
        stderr(&status)
    );

    // The journal fails: the page reaches the webhook while the writer is still stopped.
    let failed_at = Instant::now();
    std::fs::write(&s.flag, "").unwrap();
    let body = s.journal_page(&["monitor.log"]);
    eprintln!(
        "page at the webhook {:?} after the check started failing, lock held",
        failed_at.elapsed()
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("LOGGEN ÄR LÅST av"), "{message}");
    assert!(message.contains(&held_by), "{message}");
    assert!(message.contains("Journal nere"), "{message}");
    assert_eq!(body["recipients"][0]["account"], "operator1", "{body}");
    assert!(
        page_events(&s.db).is_empty(),
        "nothing could be written while the lock was held"
    );

    // Let the writer go: the owed page is recorded once, with both times.
    std::thread::sleep(Duration::from_secs(3));
    let_go(holder);
    let events = s.paged_once(&s.log_of("monitor.log"));
    let (_, payload, occurred, recorded) = events.iter().find(|e| e.0 == "page.notified").unwrap();
    assert!(
        payload["late"]["locked_by"]
            .as_str()
            .is_some_and(|l| l.contains(&held_by)),
        "{payload}"
    );
    assert!(occurred < recorded, "sent {occurred}, recorded {recorded}");
    // The record says when it was sent and when and why it was logged late.
    let shown = run(s.cmd().args(["--lang", "sv", "log", "show"]));
    let text = stdout(&shown);
    assert!(
        text.contains("larmet skickades") && text.contains("loggen var låst av"),
        "{text}\n{}",
        stderr(&shown)
    );
}

/// `beredskap receive` on 127.0.0.1 with the Alertmanager source's token in `dir`; its URL.
fn receiver(s: &Scene) -> (common::alerting::Running, String) {
    use std::os::unix::fs::PermissionsExt;
    let token = s.dir.path().join("am.token");
    std::fs::write(&token, "am-s3cret\n").unwrap();
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = s.cmd();
    cmd.args(["receive", "--listen", "127.0.0.1:0", "--source"])
        .arg(format!("alertmanager={}", token.display()));
    let (running, addr, _) = common::alerting::receive(cmd);
    (running, format!("http://{addr}"))
}

/// The same through the receiver: Alertmanager posts while a stopped writer holds the log.
/// The alert is accepted (202) and kept; the monitor's alert check sees it and the page goes
/// out; when the writer is let go the alert and the page are each recorded once.
#[test]
fn an_alert_received_while_a_stopped_writer_holds_the_log_still_pages() {
    let s = Scene::new(
        Some(
            "name = \"larm\"\nkind = \"alert\"\nsource = \"alertmanager\"\n\
             match = '{job=\"journal\"}'\ninterval = \"1s\"\ntimeout = \"1s\"\n\
             failure_threshold = 1\nsuccess_threshold = 1\n",
        ),
        "",
    );
    let (_receive, url) = receiver(&s);
    let _monitor = s.monitor("monitor.log", &[]);
    s.journal_up();
    let holder = stopped_writer(&s.db);
    let payload = r#"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"JournalDown","job":"journal","severity":"critical"},"annotations":{"summary":"journalen svarar inte"},"startsAt":"2026-12-06T11:00:00Z","fingerprint":"fp-journal"}]}"#;
    assert_eq!(
        post(&url, payload).trim(),
        "202",
        "accepted while the log is held"
    );
    let body = s.journal_page(&["monitor.log"]);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("journalen svarar inte"),
        "{body}"
    );
    assert!(page_events(&s.db).is_empty());
    let_go(holder);
    s.paged_once(&s.log_of("monitor.log"));
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let alerts: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE kind = 'alert.received'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(alerts, 1, "the alert recorded once");
}

/// A POST over a plain socket; the status code.
fn post(url: &str, body: &str) -> String {
    use std::io::Read;
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /alertmanager/alertmanager HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer am-s3cret\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// A panic anywhere in recording (a fault injected on purpose, as a bug would) never loses
/// the alarm: the page goes out, and the log records it afterwards with why it was late.
#[test]
fn a_panic_while_recording_still_sends_the_page_and_the_failure_is_recorded() {
    let s = Scene::new(None, "");
    std::fs::write(&s.flag, "").unwrap();
    let _monitor = s.monitor("monitor.log", &[("BEREDSKAP_FAULT", "record-panic")]);
    let body = s.journal_page(&["monitor.log"]);
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("LOGGEN TOG INTE EMOT LARMET"), "{message}");
    assert!(message.contains("Journal nere"), "{message}");
    until(30, "the page recorded with the failure", || {
        page_events(&s.db).iter().any(|(k, p, ..)| {
            k == "page.triggered"
                && p["late"]["failure"]
                    .as_str()
                    .is_some_and(|f| f.contains("fault injected"))
        })
    });
    assert!(s.log_of("monitor.log").contains("recording panicked"));
    let events = page_events(&s.db);
    assert_eq!(
        events.iter().filter(|e| e.0 == "page.triggered").count(),
        1,
        "{events:#?}"
    );
}

/// Two monitors, one active and one standby, while a stopped writer holds the log longer
/// than the lease lives (3 × 1 s): the active one keeps checking and pages; the standby
/// does not give up and does not page a second time; after the writer is let go the page
/// is in the log once, whoever holds the lease then (fencing).
#[test]
fn a_lease_held_past_its_life_by_a_stopped_writer_pages_once_across_two_monitors() {
    let s = Scene::new(None, "lease_interval = \"1s\"\n");
    let mut a = s.monitor("a.log", &[]);
    s.journal_up();
    let mut b = s.monitor("b.log", &[]);
    until(20, "the second monitor in standby", || {
        s.log_of("b.log").contains("standby")
    });
    let holder = stopped_writer(&s.db);
    std::fs::write(&s.flag, "").unwrap();
    let body = s.journal_page(&["a.log", "b.log"]);
    assert!(
        body["message"].as_str().unwrap().contains("LOGGEN ÄR LÅST"),
        "{body}"
    );
    // Held three times longer than the lease lives.
    std::thread::sleep(Duration::from_secs(9));
    assert!(
        a.0.try_wait().unwrap().is_none(),
        "A runs:\n{}",
        s.log_of("a.log")
    );
    assert!(
        b.0.try_wait().unwrap().is_none(),
        "B runs:\n{}",
        s.log_of("b.log")
    );
    let_go(holder);
    s.paged_once(&format!(
        "A:\n{}\nB:\n{}",
        s.log_of("a.log"),
        s.log_of("b.log")
    ));
}
