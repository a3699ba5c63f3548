//! Backup, restore and archive export through the real binary, on real files, with other
//! processes writing while the backup runs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, event_hashes, minimal_config, run, seed_notes, stderr, stdout};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn cmd(db: &Path) -> Command {
    beredskap(&minimal_config(), db)
}

/// `beredskap backup -o to`, which must succeed.
fn back_up(db: &Path, to: &Path) {
    let out = run(cmd(db).args(["backup", "-o"]).arg(to));
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The copies `restore` kept beside the database in `dir`.
fn kept_copies(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".before-restore-"))
        .collect()
}

/// A `log note --stdin` process fed lines by a thread until `stop` is set.
fn writer(db: &Path, n: usize, stop: Arc<AtomicBool>) -> (Child, std::thread::JoinHandle<()>) {
    let mut child = cmd(db)
        .args(["--as", "operator1", "log", "note", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut i = 0;
        while !stop.load(Ordering::Relaxed) {
            if writeln!(input, "skrivare {n} rad {i}").is_err() {
                break;
            }
            i += 1;
            if i % 20 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    });
    (child, feeder)
}

#[test]
fn a_backup_taken_while_three_processes_write_holds_everything_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    // Enough pages that the copy takes a while.
    seed_notes(&db, "operator1", 20_000);
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3).map(|n| writer(&db, n, stop.clone())).collect();
    // Wait until all three are writing.
    let started = event_hashes(&db).len();
    while event_hashes(&db).len() < started + 300 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let before = event_hashes(&db);
    let backup = dir.path().join("backup.db");
    let out = run(cmd(&db).args(["backup", "-o"]).arg(&backup));
    let after_backup = event_hashes(&db).len();
    stop.store(true, Ordering::Relaxed);
    for (mut child, feeder) in writers {
        feeder.join().unwrap();
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(status.success(), "a writer failed: {err}");
    }
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("intact"), "{}", stdout(&out));
    assert!(
        after_backup > before.len(),
        "the writers went on during the backup"
    );

    let copied = event_hashes(&backup);
    assert!(copied.len() >= before.len());
    assert_eq!(
        &copied[..before.len()],
        &before[..],
        "every event committed before the backup, with its hash"
    );
    let verify = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(&backup));
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    assert!(stdout(&verify).contains(&format!("{} events", copied.len())));
    // One self-contained file, closed to other accounts.
    assert!(!Path::new(&format!("{}-wal", backup.display())).exists());
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&backup).unwrap().mode() & 0o777, 0o600);
}

#[test]
fn verify_finds_a_tampered_backup_and_rejects_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 10);
    let backup = dir.path().join("b.db");
    back_up(&db, &backup);
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER events_refuse_update; \
             UPDATE events SET payload = '{\"text\":\"ändrad\"}' WHERE id = 4;",
        )
        .unwrap();
    let out = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(&backup));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("BROKEN") && stdout(&out).contains("#4"),
        "{}",
        stdout(&out)
    );
    // Restoring it is refused.
    let fresh = dir.path().join("fresh.db");
    let out = run(cmd(&fresh).args(["--as", "admin1", "restore"]).arg(&backup));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("not restored"));
    assert!(!fresh.exists());

    let text = dir.path().join("x.db");
    std::fs::write(
        &text,
        "inte en databas, men lång nog att se ut som en sådan fil",
    )
    .unwrap();
    let out = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(&text));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a beredskap database"));
    let out = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(dir.path().join("saknas.db")));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("there is no backup at"),
        "{}",
        stderr(&out)
    );
    let out = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a file"), "{}", stderr(&out));
}

#[test]
fn restore_refuses_a_newer_log_unless_forced_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 5);
    let backup = dir.path().join("b.db");
    back_up(&db, &backup);
    seed_notes(&db, "operator1", 2);
    let newer = event_hashes(&db);

    let out = run(cmd(&db).args(["--as", "admin1", "restore"]).arg(&backup));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("newer than the backup") && stderr(&out).contains("lose 2 event"),
        "{}",
        stderr(&out)
    );
    assert_eq!(event_hashes(&db), newer, "nothing changed");

    let out = run(cmd(&db)
        .args(["--as", "admin1", "restore", "--force"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = event_hashes(&db);
    assert_eq!(&restored[..5], &event_hashes(&backup)[..]);
    assert_eq!(
        restored.len(),
        6,
        "the backup's five and the restore itself"
    );
    let show = run(cmd(&db).args(["--lang", "sv", "log", "show", "--kind", "log.restored"]));
    assert!(
        stdout(&show).contains("loggen återställd från säkerhetskopian"),
        "{}",
        stdout(&show)
    );
    assert!(run(cmd(&db).args(["log", "verify"])).status.success());
    // The log as it was is kept, whole.
    let kept = kept_copies(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(event_hashes(&kept[0]), newer);
}

#[test]
fn restoring_into_an_older_copy_or_a_missing_file_needs_no_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 3);
    let old = dir.path().join("old.db");
    back_up(&db, &old);
    seed_notes(&db, "operator1", 3);
    let backup = dir.path().join("b.db");
    back_up(&db, &backup);

    // The restore test the docs ask for: into a scratch path, then verify.
    let scratch = dir.path().join("restore-test.db");
    let out = run(cmd(&scratch)
        .args(["--as", "admin1", "restore"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&event_hashes(&scratch)[..6], &event_hashes(&backup)[..]);
    // A live log that is behind the backup (the same history) is simply brought forward.
    let behind = dir.path().join("behind.db");
    std::fs::copy(&old, &behind).unwrap();
    let out = run(cmd(&behind)
        .args(["--as", "admin1", "restore"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&event_hashes(&behind)[..6], &event_hashes(&backup)[..]);
}

#[test]
fn restore_over_a_damaged_log_needs_force_and_keeps_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 3);
    let backup = dir.path().join("b.db");
    back_up(&db, &backup);
    std::fs::write(&db, "förstörd: inte längre en databas, bara text i filen").unwrap();
    let out = run(cmd(&db).args(["--as", "admin1", "restore"]).arg(&backup));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot be read"), "{}", stderr(&out));
    let out = run(cmd(&db)
        .args(["--as", "admin1", "restore", "--force"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&event_hashes(&db)[..3], &event_hashes(&backup)[..]);
    let kept = kept_copies(dir.path())
        .into_iter()
        .next()
        .expect("the damaged file is kept");
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .starts_with("förstörd")
    );
}

#[test]
fn log_export_writes_json_lines_that_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 11);
    // A note about something three days ago, written now: it belongs to today's archive.
    let out = run(cmd(&db).args([
        "--as",
        "operator1",
        "log",
        "note",
        "--at",
        "72h",
        "efterregistrerad",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let file = dir.path().join("arkiv.jsonl");
    let out = run(cmd(&db)
        .args(["log", "export", "--since", "1h", "-o"])
        .arg(&file));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("exported 13 events (#1–#13)"),
        "{}",
        stdout(&out)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 13);
    for pair in lines.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    assert_eq!(lines[3]["payload"]["text"], "note 3");
    assert_eq!(lines[11]["kind"], "config.applied");
    assert_eq!(lines[12]["payload"]["text"], "efterregistrerad");
    // Filtered on when events were recorded: the period is one unbroken run of the chain.
    // Nothing matches: an empty file, said so; a bad time is bad input.
    let out = run(cmd(&db)
        .args(["log", "export", "--until", "2000-01-01", "-o"])
        .arg(&file));
    assert!(stdout(&out).contains("no events match"), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "");
    let out = run(cmd(&db)
        .args(["log", "export", "--since", "igår", "-o"])
        .arg(&file));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(event_hashes(&db).len(), 13, "exporting never deletes");
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(Command::new(common::bin()).args(["completions", shell]));
        assert!(out.status.success());
        let text = stdout(&out);
        for sub in ["backup", "restore", "runbook", "oncall"] {
            assert!(text.contains(sub), "{shell}: {sub}");
        }
    }
    let out = run(Command::new(common::bin()).arg("man"));
    let page = stdout(&out);
    assert!(page.contains(".TH beredskap 1"), "{page}");
    assert!(
        page.contains("backup") && page.contains("Exit codes"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(Command::new(common::bin())
        .args(["man", "--out-dir"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("beredskap.1").exists());
    assert!(dir.path().join("beredskap-backup.1").exists());
}

#[test]
fn only_an_admin_or_root_may_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 3);
    let backup = dir.path().join("b.db");
    back_up(&db, &backup);
    seed_notes(&db, "operator1", 1);
    let before = event_hashes(&db);
    for who in ["operator1", "physician1"] {
        let out = run(cmd(&db)
            .args(["--as", who, "restore", "--force"])
            .arg(&backup));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("restore the log from a backup"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(event_hashes(&db), before, "nothing changed");
    let out = run(cmd(&db)
        .args(["--as", "admin1", "restore", "--force"])
        .arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    let show = run(cmd(&db).args(["log", "show", "--kind", "log.restored", "--json"]));
    let event: serde_json::Value = serde_json::from_str(stdout(&show).trim()).unwrap();
    assert_eq!(
        event["actor"], "admin1",
        "the restore is recorded under who did it"
    );
}
