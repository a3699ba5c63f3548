//! A damaged log stops taking writes (issue 15, finding 5): with one page of the events
//! table overwritten, `log verify` used to report the damage while `log note` went on
//! writing. Now the damage marks the log read-only for every process, writes exit 3 with
//! what to do, the console shows it in red, and a restore of a good backup lifts it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::store::Store;
use common::{beredskap, minimal_config, run, seed_notes, stderr, stdout};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

const PAGE: u64 = 4096;

/// A log of a few thousand notes, checkpointed into the main file (no WAL left).
fn log_with_notes(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("log.db");
    seed_notes(&db, "operator1", 3000);
    let store = Store::open(&db).unwrap();
    drop(store);
    assert!(
        !dir.join("log.db-wal").exists()
            || std::fs::metadata(dir.join("log.db-wal")).unwrap().len() == 0
    );
    db
}

/// Overwrites one page in the middle of the file (the events table is most of it).
fn overwrite_a_page(db: &Path) {
    let len = std::fs::metadata(db).unwrap().len();
    let page = len / PAGE / 2;
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(page * PAGE)).unwrap();
    f.write_all(&[0x5a; PAGE as usize]).unwrap();
    f.sync_all().unwrap();
}

fn note(db: &Path, text: &str) -> std::process::Output {
    run(beredskap(&minimal_config(), db).args(["--as", "operator1", "log", "note", text]))
}

#[test]
fn a_damaged_log_takes_no_more_writes_until_a_good_backup_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = log_with_notes(dir.path());
    let backup = dir.path().join("good.db");
    let out = run(beredskap(&minimal_config(), &db)
        .args(["backup", "-o"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = note(&db, "före skadan");
    assert!(out.status.success(), "{}", stderr(&out));

    overwrite_a_page(&db);
    // Before anyone looks, a note at the end of the table may still go in: this is what
    // the review found. The check is what stops it.
    let out = run(beredskap(&minimal_config(), &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stderr(&out).contains("DAMAGED"), "{}", stderr(&out));
    let marker = dir.path().join("log.db.damaged");
    assert!(marker.exists());

    let head_before = Store::open_existing(&db).unwrap().head().unwrap();
    let out = note(&db, "efter skadan");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    for needle in [
        "the log is damaged and takes no more writes",
        "Nothing was written",
        "Restoring for real",
    ] {
        assert!(
            stderr(&out).contains(needle),
            "`{needle}` in {}",
            stderr(&out)
        );
    }
    assert_eq!(
        Store::open_existing(&db).unwrap().head().unwrap(),
        head_before
    );

    // Reading goes on (to see what is left).
    let out = run(beredskap(&minimal_config(), &db).args(["log", "show", "--limit", "3"]));
    assert!(out.status.success(), "{}", stderr(&out));

    // The restore puts the good log back and lifts the marker; writing works again.
    let out = run(beredskap(&minimal_config(), &db)
        .args(["--as", "admin1", "restore", "--force"])
        .arg(&backup));
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(!marker.exists());
    let out = note(&db, "efter återställningen");
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open_existing(&db).unwrap();
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn the_quick_check_marks_the_log_for_every_process() {
    let dir = tempfile::tempdir().unwrap();
    let db = log_with_notes(dir.path());
    let mut other = Store::open(&db).unwrap();
    overwrite_a_page(&db);
    let checker = Store::open_existing(&db).unwrap();
    let problem = checker.quick_check().unwrap();
    assert!(problem.is_some());
    // Another process's connection, opened before the damage was found, is refused too.
    let e = other
        .append(common::note_event("operator1", "x"))
        .unwrap_err();
    assert!(
        matches!(e, beredskap::store::StoreError::Damaged { .. }),
        "{e}"
    );
    assert!(other.damaged().is_some());
}

#[test]
fn the_console_says_in_red_that_nothing_can_be_saved() {
    for (lang, needle) in [
        (Lang::Sv, "LOGGEN ÄR SKADAD: inget kan sparas"),
        (Lang::En, "THE LOG IS DAMAGED: nothing can be saved"),
    ] {
        let mut app = common::console::app(lang, false);
        assert!(
            !beredskap::tui::views::banner_texts(&app)
                .iter()
                .any(|b| b.contains(needle))
        );
        app.set_damaged(Some(
            "2026-12-01T03:12:00Z quick check: page 7 is never used".into(),
        ));
        let banners = beredskap::tui::views::banner_texts(&app);
        assert!(banners[0].contains(needle), "{banners:?}");
        assert!(banners[0].contains("page 7 is never used"), "{banners:?}");
    }
}

/// `beredskap monitor` logging to `dir/monitor.log`.
fn spawn_monitor(config: &Path, db: &Path, dir: &Path) -> std::process::Child {
    beredskap(config, db)
        .args(["monitor", "--log-file"])
        .arg(dir.join("monitor.log"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// An alarm is never lost to the damage: the monitor finds it when it takes the lease,
/// cannot record the outage, and sends it straight to the webhook, saying it is unlogged.
#[test]
fn the_monitor_still_alarms_when_the_log_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let db = log_with_notes(dir.path());
    overwrite_a_page(&db);
    let (port, bodies) = common::webhook::receiver();
    let config = common::webhook::failing_region(dir.path(), port);
    let mut monitor = spawn_monitor(&config, &db, dir.path());
    let got = bodies.recv_timeout(std::time::Duration::from_secs(30));
    // The monitor logs the unlogged alarm as it sends it; on a busy machine the line may
    // reach the file a little after the webhook's body arrives (its writer is buffered).
    let read_log = || std::fs::read_to_string(dir.path().join("monitor.log")).unwrap_or_default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while got.is_ok()
        && !read_log().contains("unlogged alarm")
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = monitor.kill();
    let _ = monitor.wait();
    let log = read_log();
    let body = got.unwrap_or_else(|e| panic!("no alarm reached the webhook ({e}):\n{log}"));
    assert_eq!(body["page"], "OLOGGAT", "{body}");
    assert_eq!(body["system"], "journal", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("LOGGEN ÄR SKADAD, larmet är inte loggat: Journal nere"),
        "{message}"
    );
    assert!(message.contains("journalen svarar inte"), "{message}");
    assert_eq!(body["recipients"][0]["account"], "operator1", "{body}");
    assert!(dir.path().join("log.db.damaged").exists());
    assert!(log.contains("failed SQLite's integrity check"), "{log}");
    assert!(log.contains("unlogged alarm"), "{log}");
}

/// The console still opens on a damaged log (to read it), says so in red, refuses a note
/// in Swedish, and neither it nor its monitor writes anything.
#[test]
fn the_console_opens_read_only_on_a_damaged_log() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db = log_with_notes(dir.path());
    overwrite_a_page(&db);
    let out = run(beredskap(&minimal_config(), &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    // The chain's head (a damaged page may hold events, whose rows need not read; any
    // event written, the lease's too, moves the head).
    let head = |db: &Path| -> (i64, String) {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row(
                "SELECT last_id, last_hash FROM log_head WHERE singleton = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let before = head(&db);
    let mut c = common::pty::Console::start_in("sv", "operator1", &minimal_config(), &db);
    c.wait_for(
        "LOGGEN ÄR SKADAD: inget kan sparas",
        Duration::from_secs(20),
    );
    c.press("5");
    c.wait_for("Logg", Duration::from_secs(5));
    c.press("n");
    std::thread::sleep(Duration::from_millis(300));
    c.press("prov\r");
    let screen = c.wait_for(
        "Databasfilen är skadad: inget sparades",
        Duration::from_secs(10),
    );
    // The note is kept in its prompt, not lost: Esc leaves it.
    assert!(
        screen.lines().last().unwrap_or_default().contains("prov"),
        "{screen}"
    );
    c.press("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
    assert_eq!(head(&db), before, "nothing written, not even the lease");
}

/// A page open when the log is found damaged goes on escalating: each step that falls due
/// is sent to the webhook once, unlogged.
#[test]
fn an_open_page_goes_on_escalating_when_the_log_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let db = log_with_notes(dir.path());
    let (port, bodies) = common::webhook::receiver();
    let config = common::webhook::failing_region(dir.path(), port);
    let out = run(beredskap(&config, &db).args([
        "--as",
        "operator1",
        "page",
        "drift",
        "Kylen på lab larmar",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out).trim().to_string();
    assert!(page.starts_with("PAGE-"), "{page}");
    overwrite_a_page(&db);
    let mut monitor = spawn_monitor(&config, &db, dir.path());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut escalation = None;
    while escalation.is_none() && std::time::Instant::now() < deadline {
        if let Ok(body) = bodies.recv_timeout(std::time::Duration::from_secs(1))
            && body["page"] == page.as_str()
        {
            escalation = Some(body);
        }
    }
    // Three more escalation ticks: the step is not sent again.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let _ = monitor.kill();
    let _ = monitor.wait();
    let log = std::fs::read_to_string(dir.path().join("monitor.log")).unwrap_or_default();
    let body = escalation.unwrap_or_else(|| panic!("no escalation reached the webhook:\n{log}"));
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("LOGGEN ÄR SKADAD, ej loggat:"),
        "{message}"
    );
    assert!(message.contains("Kylen på lab larmar"), "{message}");
    assert_eq!(body["step"], 1, "{body}");
    assert_eq!(body["recipients"][0]["account"], "operator1", "{body}");
    // Sent once per step, not once a second.
    assert_eq!(log.matches("unlogged escalation").count(), 1, "{log}");
}
