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
        .append(beredskap::model::event::NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: "operator1".into(),
            os_account: "operator1".into(),
            kind: "diary.note".into(),
            subject: "diary".into(),
            corrects: None,
            payload_version: 1,
            origin: beredskap::model::guard::Origin::Person,
            payload: serde_json::json!({"text": "x"}),
        })
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
        app.damaged = Some("2026-12-01T03:12:00Z quick check: page 7 is never used".into());
        let banners = beredskap::tui::views::banner_texts(&app);
        assert!(banners[0].contains(needle), "{banners:?}");
        assert!(banners[0].contains("page 7 is never used"), "{banners:?}");
    }
}
