//! The program itself under faults: a missing configuration, a file that is not a database, a
//! damaged database, a database from a newer version, a full disk, a read-only file system, a
//! read-only database file and an account outside the group. Each gets a clear message and
//! its exit code, never a panic, and the log is left exactly as it was.
//!
//! The disk and mount faults are real: a small tmpfs is mounted, filled or remounted
//! read-only. That needs root (CI runs as root); elsewhere those tests say so and pass.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, event_hashes, minimal_config, run, seed_notes, stderr};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

/// A tmpfs mounted on a fresh directory, unmounted when dropped.
struct Tmpfs {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mnt");
        std::fs::create_dir(&path).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .expect("run mount");
        assert!(status.success(), "mount tmpfs on {}", path.display());
        Tmpfs { _dir: dir, path }
    }

    /// Fills what is left of the file system with `filler`.
    fn fill(&self) -> PathBuf {
        let filler = self.path.join("filler");
        let _ = Command::new("dd")
            .arg("if=/dev/zero")
            .arg(format!("of={}", filler.display()))
            .arg("bs=4k")
            .output();
        filler
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

fn needs_root(test: &str) -> bool {
    if !is_root() {
        common::not_run(test, "mounting a tmpfs needs root (CI runs as root)");
    }
    is_root()
}

fn note(db: &Path, text: &str) -> Output {
    run(beredskap(&minimal_config(), db).args(["--as", "operator1", "log", "note", text]))
}

fn assert_fails(out: &Output, code: i32, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "`{needle}` in\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_missing_configuration_is_named_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let out = run(beredskap(&dir.path().join("nowhere.toml"), &db).args(["log", "show"]));
    assert_fails(
        &out,
        2,
        &["nowhere.toml", "does not exist", "from the command line"],
    );
    // Nothing given and nothing to find: the places looked in are listed.
    let out = run(Command::new(common::bin())
        .env_remove("BEREDSKAP_CONFIG")
        .env_remove("BEREDSKAP_DB")
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .current_dir(dir.path())
        .args(["--db"])
        .arg(&db)
        .args(["log", "note", "x"]));
    assert_fails(
        &out,
        2,
        &["no configuration found", "beredskap.toml", "--config"],
    );
    assert!(
        !db.exists(),
        "no database is created without a configuration"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let text = b"this is a text file, not SQLite, and it is long enough to look like one";
    std::fs::write(&db, text).unwrap();
    for args in [
        &["log", "show"][..],
        &["log", "verify"][..],
        &["--as", "operator1", "log", "note", "x"][..],
    ] {
        let out = run(beredskap(&minimal_config(), &db).args(args));
        assert_fails(&out, 2, &["is not a beredskap database"]);
    }
    assert_eq!(std::fs::read(&db).unwrap(), text);
}

#[test]
fn a_damaged_database_says_restore_and_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 300);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let full = std::fs::read(&db).unwrap();
    std::fs::write(&db, &full[..full.len() / 2]).unwrap();
    let damaged = std::fs::read(&db).unwrap();
    for args in [
        &["log", "verify"][..],
        &["--as", "operator1", "log", "note", "x"][..],
    ] {
        let out = run(beredskap(&minimal_config(), &db).args(args));
        assert_fails(&out, 3, &["damaged", "beredskap restore"]);
    }
    assert_eq!(std::fs::read(&db).unwrap(), damaged);
}

#[test]
fn a_database_from_a_newer_version_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 1);
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = event_hashes(&db);
    for args in [
        &["log", "show"][..],
        &["--as", "operator1", "log", "note", "x"][..],
    ] {
        let out = run(beredskap(&minimal_config(), &db).args(args));
        assert_fails(
            &out,
            3,
            &["newer beredskap", "schema version 99", "not changed"],
        );
    }
    assert_eq!(event_hashes(&db), before);
    let version: u32 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_full_disk_refuses_the_write_and_keeps_the_log() {
    if !needs_root("a_full_disk_refuses_the_write_and_keeps_the_log") {
        return;
    }
    let disk = Tmpfs::mount("512k");
    let db = disk.path.join("b.db");
    assert!(note(&db, "före").status.success());
    let before = event_hashes(&db);
    let filler = disk.fill();
    for i in 0..5 {
        let out = note(&db, &format!("under fullt {i}"));
        assert_fails(
            &out,
            3,
            &["disk holding the database is full", "nothing was written"],
        );
    }
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(event_hashes(&db), before, "no event half-written");
    let out = run(beredskap(&minimal_config(), &db).args(["log", "verify"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        note(&db, "efter").status.success(),
        "space again: writes work"
    );
    assert_eq!(event_hashes(&db).len(), before.len() + 1);
}

/// The disk filled while no process had the log open (the first to open it rebuilds its
/// -shm file, which then cannot grow): a write said
/// "disk I/O error; SQLite code 4874" (the shared-memory file could not grow) and `log
/// verify`, which only reads, failed. Now the write says the disk is full, and the log
/// still verifies and shows.
#[test]
fn a_disk_filled_while_the_log_was_closed_is_named_and_the_log_still_reads() {
    if !needs_root("a_disk_filled_while_the_log_was_closed_is_named_and_the_log_still_reads") {
        return;
    }
    let disk = Tmpfs::mount("512k");
    let db = disk.path.join("b.db");
    assert!(note(&db, "före").status.success());
    let before = event_hashes(&db);
    // As a clean close of the last connection leaves it: no -wal content, no -shm.
    for ext in ["-wal", "-shm"] {
        let mut f = db.as_os_str().to_owned();
        f.push(ext);
        let f = PathBuf::from(f);
        if f.exists() {
            assert!(ext == "-shm" || std::fs::metadata(&f).unwrap().len() == 0);
            std::fs::remove_file(&f).unwrap();
        }
    }
    let filler = disk.fill();
    let out = note(&db, "under fullt");
    assert_fails(
        &out,
        3,
        &["disk holding the database is full", "nothing was written"],
    );
    assert!(!stderr(&out).contains("4874"), "{}", stderr(&out));
    for args in [&["log", "verify"][..], &["log", "show"][..]] {
        let out = run(beredskap(&minimal_config(), &db).args(args));
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            common::stdout(&out),
            stderr(&out)
        );
    }
    let out = run(beredskap(&minimal_config(), &db).args(["log", "show"]));
    assert!(
        common::stdout(&out).contains("före"),
        "{}",
        common::stdout(&out)
    );
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(event_hashes(&db), before);
}

#[test]
fn a_new_database_on_a_full_disk_leaves_no_file_behind() {
    if !needs_root("a_new_database_on_a_full_disk_leaves_no_file_behind") {
        return;
    }
    let disk = Tmpfs::mount("64k");
    disk.fill();
    let db = disk.path.join("b.db");
    let out = note(&db, "x");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    assert!(!db.exists(), "the empty file is removed again");
}

#[test]
fn a_read_only_file_system_is_named_and_nothing_changes() {
    if !needs_root("a_read_only_file_system_is_named_and_nothing_changes") {
        return;
    }
    let disk = Tmpfs::mount("1m");
    let db = disk.path.join("b.db");
    assert!(note(&db, "före").status.success());
    let before = event_hashes(&db);
    disk.remount_read_only();
    let out = note(&db, "x");
    assert_fails(&out, 3, &["read-only file system", "Nothing was changed"]);
    // Reading works where SQLite can (no -wal file left behind), else it says why.
    let out = run(beredskap(&minimal_config(), &db).args(["log", "show"]));
    if out.status.success() {
        assert!(common::stdout(&out).contains("före"));
    } else {
        assert_fails(&out, 3, &["read-only file system"]);
    }
    let out = note(&disk.path.join("new.db"), "x");
    assert_fails(&out, 3, &["read-only file system"]);
    assert_eq!(event_hashes(&db), before);
}

/// A directory any account can use, with a copy of the binary and a small region (the
/// repository may sit where other accounts cannot reach).
struct Shared {
    dir: tempfile::TempDir,
    bin: PathBuf,
    config: PathBuf,
}

fn shared() -> Shared {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.path().join("beredskap");
    std::fs::copy(common::bin(), &bin).unwrap();
    std::fs::create_dir(dir.path().join("runbooks")).unwrap();
    let region = std::fs::read_to_string(minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            "runbooks_dir = \"runbooks\"",
        )
        .replace("runbooks = [\"journal-nere\"]\n", "");
    let config = dir.path().join("beredskap.toml");
    std::fs::write(&config, region).unwrap();
    Shared { config, bin, dir }
}

impl Shared {
    /// The binary run as `nobody` when the tests run as root, else as this account.
    fn command(&self, db: &Path) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.env_remove("BEREDSKAP_CONFIG")
            .env_remove("BEREDSKAP_DB")
            .env("HOME", self.dir.path())
            .arg("--config")
            .arg(&self.config)
            .arg("--db")
            .arg(db);
        if is_root() {
            cmd.uid(65534).gid(65534);
        }
        cmd
    }

    fn make_db(&self, db: &Path) {
        let out = run(self
            .command(db)
            .args(["--as", "operator1", "log", "note", "före"]));
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn a_read_only_database_file_refuses_writes_and_still_reads() {
    let shared = shared();
    let dir = shared.dir.path().join("db");
    std::fs::create_dir(&dir).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
    }
    let db = dir.join("b.db");
    shared.make_db(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = event_hashes(&db);
    let out = run(shared
        .command(&db)
        .args(["--as", "operator1", "log", "note", "x"]));
    assert_fails(
        &out,
        2,
        &["permission denied", "read-only (mode 0400)", "b.db"],
    );
    let out = run(shared.command(&db).args(["log", "show"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(common::stdout(&out).contains("före"));
    assert_eq!(event_hashes(&db), before);
}

#[test]
fn an_account_outside_the_group_is_told_why() {
    if !is_root() {
        common::not_run(
            "an_account_outside_the_group_is_told_why",
            "needs root to switch accounts",
        );
        return;
    }
    let shared = shared();
    let dir = shared.dir.path().join("db");
    std::fs::create_dir(&dir).unwrap();
    // Shared with group `daemon` (gid 1), which `nobody` is not in.
    std::os::unix::fs::chown(&dir, None, Some(1)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = dir.join("b.db");
    let out = run(beredskap(&shared.config, &db).args(["--as", "operator1", "log", "note", "x"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let before = event_hashes(&db);
    for args in [
        &["--as", "operator1", "log", "note", "y"][..],
        &["log", "show"][..],
    ] {
        let out = run(shared.command(&db).args(args));
        assert_fails(
            &out,
            2,
            &[
                "permission denied",
                "account `nobody`",
                "not in the group `daemon`",
                "usermod -aG daemon nobody",
            ],
        );
    }
    assert_eq!(event_hashes(&db), before);

    // Root's group is never one to add a person to: a root:root 0440 file is "closed to
    // people", not "usermod -aG root".
    let closed = shared.dir.path().join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o750)).unwrap();
    let copy = closed.join("kopia.db");
    std::fs::copy(&db, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o440)).unwrap();
    let out = run(shared.command(&db).args(["backup", "--verify"]).arg(&copy));
    assert_fails(&out, 2, &["permission denied", "closed to people"]);
    assert!(
        !stderr(&out).contains("usermod -aG root"),
        "{}",
        stderr(&out)
    );
    // A link in a directory the account may use, into one it may not: the directory that
    // refuses is named, not the one holding the link.
    let link = shared.dir.path().join("länk.db");
    std::os::unix::fs::symlink(&copy, &link).unwrap();
    let out = run(shared.command(&db).args(["backup", "--verify"]).arg(&link));
    assert_fails(
        &out,
        2,
        &["permission denied", &closed.display().to_string()],
    );
    assert!(
        !stderr(&out).contains(&format!("{} (owner", shared.dir.path().display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_backup_onto_a_full_disk_says_so_and_leaves_no_partial_file() {
    if !needs_root("a_backup_onto_a_full_disk_says_so_and_leaves_no_partial_file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 2_000);
    let disk = Tmpfs::mount("256k");
    let out = run(beredskap(&minimal_config(), &db)
        .args(["backup", "-o"])
        .arg(disk.path.join("kopia.db")));
    assert_fails(
        &out,
        3,
        &["is full: no backup was written", "the log is untouched"],
    );
    assert_eq!(
        std::fs::read_dir(&disk.path).unwrap().count(),
        0,
        "no partial file"
    );
}

#[test]
fn unsafe_file_modes_are_warned_about_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 1);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(beredskap(&minimal_config(), &db).args(["log", "show"]));
    assert!(out.status.success(), "a warning, not a refusal");
    let err = stderr(&out);
    assert!(
        err.contains("beredskap: warning:")
            && err.contains("open to every account on this host (mode 0644)")
            && err.contains(&format!("chmod o-rwx {}", db.display())),
        "{err}"
    );
    let out = run(beredskap(&minimal_config(), &db).args(["config", "check"]));
    assert!(
        stderr(&out).contains("open to every account"),
        "{}",
        stderr(&out)
    );
    // A database beredskap creates itself is private from the start.
    let fresh = dir.path().join("ny.db");
    let out = note(&fresh, "x");
    assert!(out.status.success());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    use std::os::unix::fs::MetadataExt;
    for file in beredskap::host::permissions::database_files(&fresh) {
        assert_eq!(
            std::fs::metadata(&file).unwrap().mode() & 0o777,
            0o600,
            "{}",
            file.display()
        );
    }
}

/// A TCP port that accepts (and drops) connections until `close` is set.
fn tcp_port(close: std::sync::Arc<std::sync::atomic::AtomicBool>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        while !close.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = listener.accept();
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    });
    port
}

fn natet_changes(db: &Path) -> Vec<String> {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return Vec::new();
    };
    let Ok(mut stmt) = conn.prepare(
        "SELECT json_extract(payload, '$.health') FROM events \
         WHERE kind = 'system.status_changed' AND subject = 'system:natet' ORDER BY id",
    ) else {
        return Vec::new();
    };
    stmt.query_map([], |r| r.get(0))
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

fn wait_until(what: &str, secs: u64, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_monitor_rides_out_a_full_disk_and_records_what_happened_meanwhile() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    if !needs_root("the_monitor_rides_out_a_full_disk_and_records_what_happened_meanwhile") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let canary = tcp_port(Arc::new(AtomicBool::new(false)));
    let router_down = Arc::new(AtomicBool::new(false));
    let router = tcp_port(router_down.clone());
    let region = std::fs::read_to_string(common::repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replacen("port = 9", &format!("port = {router}"), 1)
        .replacen("port = 9", &format!("port = {canary}"), 1)
        .replace(
            "http://127.0.0.1:9/health",
            &format!("http://127.0.0.1:{canary}/health"),
        )
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", common::repo().join("runbooks")),
        );
    let config = dir.path().join("region.toml");
    std::fs::write(&config, region).unwrap();
    let disk = Tmpfs::mount("2m");
    let db = disk.path.join("b.db");
    let log = dir.path().join("monitor.log");
    let mut monitor = Command::new(common::bin())
        .args(["monitor", "--log-file"])
        .arg(&log)
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_until("the router to be recorded up", 20, || {
        natet_changes(&db).contains(&"up".to_string())
    });

    // The disk fills, and then the router goes down.
    disk.fill();
    router_down.store(true, Ordering::Relaxed);
    wait_until("the monitor to report that it cannot record", 20, || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("could not record (will retry)")
    });
    assert!(
        monitor.try_wait().unwrap().is_none(),
        "the monitor keeps running"
    );
    assert!(!natet_changes(&db).contains(&"down".to_string()));

    // Space again: what happened meanwhile is recorded, in order, on an intact chain.
    std::fs::remove_file(disk.path.join("filler")).unwrap();
    wait_until("the outage to be recorded", 20, || {
        natet_changes(&db).contains(&"down".to_string())
    });
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(monitor.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert!(monitor.wait().unwrap().success());
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_console_says_so_on_screen_when_its_files_are_open_to_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 1);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut console = common::pty::Console::start_as("operator1", &minimal_config(), &db);
    console.wait_for(
        "open to every account on this host",
        std::time::Duration::from_secs(20),
    );
    console.press("q");
    assert!(
        console
            .wait_exit(std::time::Duration::from_secs(15))
            .success()
    );
}

#[test]
fn a_note_on_a_full_disk_is_refused_on_screen_in_swedish_and_the_console_goes_on() {
    if !needs_root("a_note_on_a_full_disk_is_refused_on_screen_and_the_console_goes_on") {
        return;
    }
    let disk = Tmpfs::mount("1m");
    let db = disk.path.join("b.db");
    assert!(note(&db, "före").status.success());
    let state = tempfile::tempdir().unwrap();
    let mut args: Vec<std::ffi::OsString> = ["--as", "operator1", "--lang", "sv", "--config"]
        .iter()
        .map(|s| s.into())
        .collect();
    args.push(minimal_config().into());
    args.push("--db".into());
    args.push(db.clone().into());
    let mut console = common::pty::Console::spawn(&args, state.path());
    console.wait_for("Testregion", std::time::Duration::from_secs(20));
    console.press("5");
    console.wait_for("före", std::time::Duration::from_secs(10));
    disk.fill();
    console.press("n");
    console.wait_for(
        "Anteckning (Enter sparar",
        std::time::Duration::from_secs(5),
    );
    console.press("under fullt\r");
    let screen = console.wait_for(
        "Disken där loggen ligger är full",
        std::time::Duration::from_secs(10),
    );
    // The note waits in its prompt, as typed.
    assert!(
        screen
            .lines()
            .last()
            .unwrap_or_default()
            .contains("under fullt"),
        "{screen}"
    );
    // Space again: Enter saves the same note, and the console writes on.
    std::fs::remove_file(disk.path.join("filler")).unwrap();
    console.press("\r");
    console.wait_for("Anteckningen sparad", std::time::Duration::from_secs(10));
    console.press("n");
    console.wait_for(
        "Anteckning (Enter sparar",
        std::time::Duration::from_secs(5),
    );
    console.press("efter\r");
    console.wait_for("efter", std::time::Duration::from_secs(10));
    console.press("q");
    assert!(
        console
            .wait_exit(std::time::Duration::from_secs(15))
            .success()
    );
    let texts: Vec<String> = beredskap::store::Store::open_existing(&db)
        .unwrap()
        .events(&beredskap::store::EventFilter::default())
        .unwrap()
        .iter()
        .filter(|e| e.kind == "diary.note")
        .map(|e| beredskap::i18n::events::describe(e, beredskap::i18n::Lang::Sv, chrono_tz::UTC))
        .collect();
    assert_eq!(texts, ["före", "under fullt", "efter"]);
}

#[test]
fn a_home_the_account_cannot_write_to_does_not_keep_anyone_from_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    seed_notes(&db, "operator1", 1);
    let mut args: Vec<std::ffi::OsString> = ["--as", "operator1", "--lang", "en", "--config"]
        .iter()
        .map(|s| s.into())
        .collect();
    args.push(minimal_config().into());
    args.push("--db".into());
    args.push(db.into());
    // A state directory that cannot exist: below a character device.
    let mut console = common::pty::Console::spawn(&args, Path::new("/dev/null/state"));
    console.wait_for("Testregion", std::time::Duration::from_secs(20));
    console.wait_for("without its log file", std::time::Duration::from_secs(5));
    console.press("q");
    assert!(
        console
            .wait_exit(std::time::Duration::from_secs(15))
            .success()
    );
}
