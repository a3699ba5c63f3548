//! Backups and restores through SQLite's online backup API: a consistent copy taken while
//! other processes write, checked before it is trusted, and a restore that will not throw
//! away a newer log unless told to.

use super::verify::VerifyReport;
use super::{Store, StoreError, migrate};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a backup or a check of one found.
#[derive(Debug, Clone)]
pub struct BackupCheck {
    pub path: PathBuf,
    pub schema_version: u32,
    pub events: i64,
    pub bytes: u64,
    /// The chain walk: intact or the first break.
    pub chain: VerifyReport,
}

/// Copies every page of `from` into `to` in one step (one read snapshot of `from`; in WAL
/// mode writers go on meanwhile), waiting while `to` or `from` is busy.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<(), StoreError> {
    let backup = Backup::new(from, to)?;
    let deadline = std::time::Instant::now() + super::BUSY_TIMEOUT;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(StoreError::Corrupt(
                    "the database stayed locked for the whole busy timeout".into(),
                ));
            }
            _ => {}
        }
    }
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

impl Store {
    /// Writes a consistent copy of the log to `dest` (replacing it), as one self-contained
    /// file (rollback journal, not WAL) with the database's mode. The copy appears under its
    /// name only once it is complete and on disk; then it is checked like `backup --verify`.
    pub fn backup_to(&self, dest: &Path) -> Result<BackupCheck, StoreError> {
        self.copy_to(dest)?;
        check_backup(dest)
    }

    /// As [`Store::backup_to`] without the check afterwards: a damaged log is kept as it is.
    pub fn copy_to(&self, dest: &Path) -> Result<(), StoreError> {
        self.copy_into(dest, false)
    }

    /// The log as it is, kept beside itself before a restore (`dest` in the log's
    /// directory): written with the log's group, which a person's file never is. Checked
    /// like a backup when `check` (not for a damaged log, which is kept as it is).
    pub fn keep_beside(&self, dest: &Path, check: bool) -> Result<(), StoreError> {
        crate::host::privilege::with_log(&self.path, || {
            self.copy_into(dest, true)?;
            if check {
                check_backup(dest)?;
            }
            Ok(())
        })
    }

    /// Copies the log to `dest`. A person's file (`beside_log` false) is created with their
    /// own rights and never in the log's directory; the caller of `beside_log` holds the
    /// log's group (`keep_beside`).
    fn copy_into(&self, dest: &Path, beside_log: bool) -> Result<(), StoreError> {
        fn as_person<T>(beside_log: bool, work: impl FnOnce() -> T) -> T {
            if beside_log {
                work()
            } else {
                crate::host::privilege::as_user(work)
            }
        }
        let refused = |why: &str| StoreError::CreateDir {
            path: dest.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, why.to_string()),
        };
        if std::fs::symlink_metadata(dest).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refused(
                "it is a symbolic link: refusing to write through it (remove it or choose \
                 another file)",
            ));
        }
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !beside_log && crate::host::privilege::is_log_directory(dir) {
            return Err(refused(
                "it is in the log's directory: keep backups elsewhere (docs/operations.md)",
            ));
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::CreateDir { path, source }
        };
        // A new file with a random name (O_EXCL, never a planted link), written with the
        // person's own rights and renamed over `dest` only once complete and on disk.
        let partial = as_person(beside_log, || {
            tempfile::Builder::new()
                .prefix(".beredskap-backup.")
                .suffix(".partial")
                .tempfile_in(dir)
        })
        .map_err(io(dest))?
        .into_temp_path();
        let mode = if crate::host::permissions::shared_dir(dir).is_some() {
            0o660
        } else {
            0o600
        };
        std::fs::set_permissions(&partial, std::os::unix::fs::PermissionsExt::from_mode(mode))
            .map_err(io(&partial))?;
        let mut copy = as_person(beside_log, || {
            Connection::open_with_flags(
                &partial,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_NOFOLLOW
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        })?;
        copy_all(&self.conn, &mut copy)?;
        let journal: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !journal.eq_ignore_ascii_case("delete") {
            return Err(StoreError::Corrupt(format!(
                "the copy kept journal mode {journal}"
            )));
        }
        drop(copy);
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))?;
        as_person(beside_log, || partial.persist(dest)).map_err(|e| io(dest)(e.error))?;
        sync_dir(dest);
        Ok(())
    }

    /// Replaces this log's content with the backup at `from` (already checked), page by
    /// page through the backup API, so that other processes' connections see the restored
    /// log and never a half-copied file.
    pub fn restore_from(&mut self, from: &Path) -> Result<(), StoreError> {
        let source = open_read_only(from)?;
        copy_all(&source, &mut self.conn)?;
        // The copy brought the backup's journal mode along; the live log is WAL again.
        self.configure()?;
        Ok(())
    }
}

fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(StoreError::Missing(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(StoreError::Denied(crate::host::explain_denied(
                path,
                crate::host::denied::Want::Read,
            )));
        }
        Err(_) => return Err(StoreError::Missing(path.to_path_buf())),
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Opens a backup file without changing it and checks it: SQLite's integrity check, the
/// schema version and the whole hash chain.
pub fn check_backup(path: &Path) -> Result<BackupCheck, StoreError> {
    let conn = open_read_only(path)?;
    let not_a_database = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, detail)
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                detail: detail.unwrap_or_else(|| "file is not a database".into()),
            }
        }
        other => StoreError::from(other),
    };
    let integrity: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(not_a_database)?;
    if integrity != "ok" {
        return Err(StoreError::Corrupt(format!(
            "{} fails SQLite's integrity check: {integrity}",
            path.display()
        )));
    }
    let schema_version = migrate::check_version(&conn)?;
    if schema_version == 0 {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            detail: "no beredskap schema in it".into(),
        });
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let store = Store {
        conn,
        path: path.to_path_buf(),
        configuration: None,
        write_busy: false,
        remote: None,
        busy_timeout: None,
        unreached: None,
        on_known_head: false,
    };
    let events = store.count()?;
    let chain = store.verify(None)?;
    Ok(BackupCheck {
        path: path.to_path_buf(),
        schema_version,
        events,
        bytes,
        chain,
    })
}

/// How the live log relates to a backup about to be restored over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// No live log, or an empty one.
    Empty,
    /// The backup holds every live event (the same hash at the live head): nothing is lost.
    BackupCoversLive,
    /// The live log has events the backup does not: restoring loses them.
    LiveIsNewer { live_head: i64, backup_head: i64 },
    /// The two logs differ at the live head: they are not the same history.
    Diverged { at: i64 },
}

/// Compares the live log's head with the backup's events.
pub fn relation(live: Option<&Store>, backup: &Path) -> Result<Relation, StoreError> {
    let Some(live) = live else {
        return Ok(Relation::Empty);
    };
    let Some((live_id, live_hash)) = live.head()? else {
        return Ok(Relation::Empty);
    };
    let conn = open_read_only(backup)?;
    let backup_head: i64 =
        conn.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?;
    if live_id > backup_head {
        return Ok(Relation::LiveIsNewer {
            live_head: live_id,
            backup_head,
        });
    }
    let hash: Option<String> = conn
        .query_row("SELECT hash FROM events WHERE id = ?1", [live_id], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    if hash.as_deref() == Some(live_hash.as_str()) {
        Ok(Relation::BackupCoversLive)
    } else {
        Ok(Relation::Diverged { at: live_id })
    }
}
