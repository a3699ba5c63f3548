//! The SQLite store: the append-only, hash-chained event log and the projections kept
//! beside it. Many processes share one file (WAL, busy timeout, short transactions).

/// The layers below, by the names the main crate gives them.
pub(crate) use beredskap_host as host;
pub(crate) use beredskap_model as model;

pub mod alerts;
mod append;
pub mod backup;
pub mod chain;
pub mod checkpoints;
pub mod config_record;
mod console;
mod copy_check;
pub mod damage;
mod diagnostics;
mod finding;
pub mod heartbeats;
pub mod incidents;
pub mod lock_holder;
pub mod maintenance;
mod migrate;
mod monitor;
mod oncall;
pub mod pages;
mod projection;
mod query;
pub mod redact;
pub mod remote;
pub mod runs;
mod under_lock;
pub mod verify;
mod write;

pub use migrate::LATEST as SCHEMA_VERSION;
pub use monitor::{Fence, LeaseInfo, MonitorBatch, MonitorState, Sample, StatusRow};
pub use query::EventFilter;
pub use under_lock::{UnderLock, Unlinked};
pub use verify::{ChainBreak, VerifyReport};

use crate::host::denied::Want;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The engine failed; what it means is said in the store's words (its codes stay inside
    /// the store: ask [`StoreError::fault`], [`StoreError::is_busy`]).
    #[error("{0}")]
    Engine(EngineFailure),
    #[error(
        "{} is on a read-only file system (after a disk error the system may have remounted \
         it read-only): the log cannot be written, and SQLite cannot even read it there in WAL \
         mode. Nothing was changed. Fix the file system and remount it read-write, or copy the \
         database with its -wal file to writable storage to read it (docs/operations.md)",
        .0.display()
    )]
    ReadOnlyFs(PathBuf),
    /// The account may not open or change the database's files; the text says why.
    #[error("{0}")]
    Denied(String),
    #[error(
        "the database was written by a newer beredskap (schema version {found}; this build knows \
         up to {known}). Upgrade beredskap; the database was not changed"
    )]
    NewerSchema { found: u32, known: u32 },
    #[error("{path} is not a beredskap database ({detail})")]
    NotADatabase { path: PathBuf, detail: String },
    #[error("there is no log at {0} yet (nothing has been written); check --db or $BEREDSKAP_DB")]
    Missing(PathBuf),
    #[error("cannot create the database {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "this process no longer holds the monitor lease (now held by {holder:?}); it stops \
         recording"
    )]
    LeaseLost { holder: String },
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("the log is corrupt: {0}")]
    Corrupt(String),
    /// The damage marker is set (`store::damage`): no process writes until a restore.
    #[error(
        "the log is damaged and takes no more writes (found {found}). Nothing was written. \
         Restore the last good backup: docs/operations.md, \"Restoring for real\" \
         (`beredskap log verify` shows what is still readable; the marker is {})",
        marker.display()
    )]
    Damaged { found: String, marker: PathBuf },
    /// A person's typed text holds an identity number: the event was refused, nothing
    /// was written (see `model::guard`).
    #[error("{0}")]
    PatientData(#[from] crate::model::personnummer::PatientDataRefusal),
    /// An event whose payload is not one of this build's typed payloads (a bug in the
    /// writer): nothing was written.
    #[error("refused to write an event: {0}")]
    Payload(#[from] crate::model::payload::PayloadError),
    /// The log of record (PostgreSQL) failed; nothing was written on either side.
    #[error("{0}")]
    Remote(remote::RemoteFailure),
    /// This host's file is not a copy of the log of record's beginning (ahead of it, or on
    /// another chain): nothing was written.
    #[error(
        "this host's log (up to event #{local}) is not a copy of the log of record (PostgreSQL, \
         up to #{remote}): nothing was written. Copy a log into PostgreSQL with `beredskap log \
         migrate --to postgres`, or start this host from the log of record (docs/operations.md, \
         \"Two sites\")"
    )]
    Diverged { local: i64, remote: i64 },
    /// A process without the log of record attached tried to write to a file that follows
    /// one: refused, nothing written (it would hold an event the log of record lacks).
    #[error(
        "this log follows the log of record in PostgreSQL and takes writes only through it: \
         nothing was written. Run beredskap with the configuration that names it ([storage] \
         engine = \"postgres\")"
    )]
    FollowsLogOfRecord,
    /// A write built on the head this host's file held found that the log of record had
    /// moved on (another write came first): nothing was written; the events this file
    /// lacks. The store builds the write again on them (`Store::writing`): never seen
    /// outside it.
    #[error("the log of record moved on during the write: nothing was written, try again")]
    HeadMoved(Vec<remote::StoredRow>),
    /// A write that returned no event: a bug in the writer, nothing to show for it.
    #[error("the log took the write but gave back no event (a bug; see `beredskap log show`)")]
    NothingWritten,
}

/// A failure of the database engine, kept opaque outside the store.
#[derive(Debug)]
pub struct EngineFailure(pub(crate) rusqlite::Error);

impl std::fmt::Display for EngineFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe_sqlite(&self.0))
    }
}

impl std::error::Error for EngineFailure {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Engine(EngineFailure(e))
    }
}

/// What went wrong with the log's files, in the store's words (the engine's codes stay
/// inside the store).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    DiskFull,
    ReadOnly,
    Damaged,
}

impl StoreError {
    /// The fault an operator acts on, if it is one.
    pub fn fault(&self) -> Option<Fault> {
        match self {
            StoreError::ReadOnlyFs(_) => Some(Fault::ReadOnly),
            StoreError::Damaged { .. } => Some(Fault::Damaged),
            _ if self.is_disk_full() => Some(Fault::DiskFull),
            StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(f, _))) => match f.code
            {
                rusqlite::ErrorCode::ReadOnly => Some(Fault::ReadOnly),
                rusqlite::ErrorCode::DatabaseCorrupt => Some(Fault::Damaged),
                _ => None,
            },
            _ => None,
        }
    }

    /// A failure of the engine with this fault, as the engine reports it (for the tests of
    /// what is said about it).
    pub fn engine(fault: Fault) -> StoreError {
        let code = match fault {
            Fault::DiskFull => rusqlite::ffi::SQLITE_FULL,
            Fault::ReadOnly => rusqlite::ffi::SQLITE_READONLY,
            Fault::Damaged => rusqlite::ffi::SQLITE_CORRUPT,
        };
        StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        )))
    }

    /// The disk holding the log is full (SQLite's FULL, or its -shm file could not grow).
    pub fn is_disk_full(&self) -> bool {
        matches!(
            self,
            StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::DiskFull
                    || e.extended_code == SQLITE_IOERR_SHMSIZE
        )
    }

    /// Another process holds the log's write lock (SQLite's busy or locked), past this
    /// connection's wait.
    pub fn is_busy(&self) -> bool {
        if let StoreError::Remote(f) = self {
            return f.busy;
        }
        matches!(
            self,
            StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(e, _)))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                )
        )
    }
}

impl From<crate::model::payload::FoldError> for StoreError {
    /// An event in the log that cannot be read as its kind: named, never skipped.
    fn from(e: crate::model::payload::FoldError) -> Self {
        StoreError::Corrupt(format!(
            "{e} (run `beredskap log verify` to list every such event)"
        ))
    }
}

/// SQLite's extended code for a shared-memory file that could not be grown.
const SQLITE_IOERR_SHMSIZE: std::os::raw::c_int = 4874;

/// SQLite's failures in the words an operator needs: what happened and that nothing was
/// half-written (every write is one transaction, rolled back on failure).
fn describe_sqlite(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let rusqlite::Error::SqliteFailure(failure, detail) = e else {
        return format!("database error: {e}");
    };
    let detail = detail.as_deref().unwrap_or("");
    match failure.code {
        ErrorCode::DiskFull => "the disk holding the database is full: nothing was written and \
            the log is as it was. Free space on that file system (docs/operations.md, \
            \"Disk full\") and try again"
            .into(),
        ErrorCode::ReadOnly => "the database is read-only here (file mode, a read-only mount \
            or another account's files): nothing was written and the log is as it was"
            .into(),
        ErrorCode::DatabaseCorrupt => format!(
            "the database file is damaged ({detail}): nothing was written. Restore the latest \
             backup (beredskap restore, docs/operations.md)"
        ),
        // The shared-memory file (-shm) could not grow: on a full disk when the first
        // process to open the log rebuilds it.
        ErrorCode::SystemIoFailure if failure.extended_code == SQLITE_IOERR_SHMSIZE => {
            "the disk holding the database is full (there is no room for its shared-memory \
             file, -shm): nothing was written and the log is as it was. Free space on that file \
             system (docs/operations.md, \"Disk full\") and try again"
                .into()
        }
        ErrorCode::SystemIoFailure => format!(
            "the file system failed while using the database ({detail}; SQLite code {}): \
             nothing was written and the log is as it was",
            failure.extended_code
        ),
        ErrorCode::CannotOpen => format!("cannot open the database file ({detail})"),
        _ => format!("database error: {e}"),
    }
}

/// Runs `op` again while SQLite reports the database busy or locked without having
/// waited itself (journal-mode switches), for up to [`BUSY_TIMEOUT`].
fn retry_busy<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> Result<T, StoreError> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match op() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return Ok(other?),
        }
    }
}

/// Whether the log's -wal is absent or empty (everything is in the main file).
fn wal_is_empty(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(true, |m| m.len() == 0)
}

/// Whether this account is refused `path` (or a directory on the way to it).
fn denied(path: &Path) -> bool {
    matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied)
        || std::fs::File::open(path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
}

/// Whether the file system holding `path` is mounted read-only.
fn read_only_fs(path: &Path) -> bool {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    nix::sys::statvfs::statvfs(dir)
        .is_ok_and(|v| v.flags().contains(nix::sys::statvfs::FsFlags::ST_RDONLY))
}

/// An open connection to the log.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The configuration to record before this process's first event (`config_record`).
    configuration: Option<config_record::PendingConfiguration>,
    /// A write found the log held by another process (see `take_write_busy`).
    write_busy: bool,
    /// The log of record, when the log lives in PostgreSQL (`remote`).
    remote: Option<remote::RemoteLog>,
    /// The busy bound set on this store (`set_busy_timeout`), which a log of record
    /// attached later takes too.
    busy_timeout: Option<std::time::Duration>,
    /// Why the log of record this file follows could not be attached (said by a write
    /// refused meanwhile instead of "follows a log of record").
    unreached: Option<String>,
    /// The next write is built on the head this file holds and appended only if the log
    /// of record's is still that (`Store::writing`), rather than queueing for the head.
    on_known_head: bool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing, and brings
    /// its schema up to date.
    ///
    /// A new file is created with mode 0600, or 0660 in a shared (set-group-ID) directory;
    /// if creating its schema fails (disk full, say) the new file is removed again.
    ///
    /// Deployed (set-group-ID), the log's group is raised for this alone, and only when
    /// `path` is the configured log (`host::privilege`); the `-wal` and `-shm` files are
    /// opened before it is dropped again.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        crate::host::privilege::with_log(path, || Self::open_or_create(path))
    }

    fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| {
                if source.kind() == std::io::ErrorKind::PermissionDenied {
                    StoreError::Denied(crate::host::explain_denied(path, Want::Write))
                } else {
                    StoreError::CreateDir {
                        path: path.to_path_buf(),
                        source,
                    }
                }
            })?;
        }
        let created = crate::host::create_private(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                StoreError::Denied(crate::host::explain_denied(path, Want::Write))
            }
            std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnlyFs(path.to_path_buf()),
            _ => StoreError::CreateDir {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let opened = Self::connect(path, flags).and_then(|mut store| {
            if store.conn.is_readonly(rusqlite::MAIN_DB)? {
                if read_only_fs(path) {
                    return Err(StoreError::ReadOnlyFs(path.to_path_buf()));
                }
                return Err(StoreError::Denied(crate::host::explain_denied(
                    path,
                    Want::Write,
                )));
            }
            migrate::migrate(&mut store.conn).map_err(|e| store.classify(e))?;
            Ok(store)
        });
        if opened.is_err() && created {
            for file in crate::host::permissions::database_files(path) {
                let _ = std::fs::remove_file(file);
            }
        }
        opened
    }

    /// Opens an existing database without writing to it (no schema change).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        crate::host::privilege::with_log(path, || Self::open_present(path))
    }

    fn open_present(path: &Path) -> Result<Store, StoreError> {
        match std::fs::metadata(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(StoreError::Denied(crate::host::explain_denied(
                    path,
                    Want::Read,
                )));
            }
            Err(_) => return Err(StoreError::Missing(path.to_path_buf())),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = match Self::connect(path, flags) {
            // A full disk where the log was closed cleanly: its -shm cannot be rebuilt, but
            // with nothing in its -wal the file alone is the whole log. Read it as it is
            // (`log verify` and `log show` work while the disk is full; writes still fail).
            Err(e) if e.is_disk_full() && wal_is_empty(path) => Self::connect_immutable(path)?,
            other => other?,
        };
        let version = migrate::check_version(&store.conn).map_err(|e| store.classify(e))?;
        if version < migrate::LATEST {
            return Err(StoreError::Corrupt(format!(
                "schema version {version} is older than {}; run a writing command once to \
                 upgrade it",
                migrate::LATEST
            )));
        }
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, flags).map_err(|e| match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::CannotOpen && denied(path) =>
            {
                StoreError::Denied(crate::host::explain_denied(path, Want::Read))
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::CannotOpen && read_only_fs(path) =>
            {
                StoreError::ReadOnlyFs(path.to_path_buf())
            }
            _ => StoreError::from(e),
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
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
        store.configure().map_err(|e| store.classify(e))?;
        Ok(store)
    }

    /// The file alone, read-only and without locks or a -shm (SQLite's `immutable`): only
    /// for a log whose -wal is empty, on a disk too full to rebuild its -shm.
    fn connect_immutable(path: &Path) -> Result<Store, StoreError> {
        let mut uri = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            configuration: None,
            write_busy: false,
            remote: None,
            busy_timeout: None,
            unreached: None,
            on_known_head: false,
        })
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL lets readers work while one process writes; FULL makes each commit durable.
        // The mode is stored in the file: switch only a file that is not WAL yet. SQLite
        // answers "busy" at once (without waiting) when another process holds the file
        // during the switch, so wait and retry here.
        let current: String =
            retry_busy(|| self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)))?;
        let mode = if current.eq_ignore_ascii_case("wal") {
            current
        } else {
            retry_busy(|| {
                self.conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            })?
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!(
                "could not switch to WAL journal mode (got {mode})"
            )));
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Sorting and large queries stay in memory: no temporary file where $TMPDIR says.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
    }

    /// Turns SQLite's "not a database" into a message naming the file.
    fn classify(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(code, detail)))
                if code.code == rusqlite::ErrorCode::NotADatabase =>
            {
                StoreError::NotADatabase {
                    path: self.path.clone(),
                    detail: detail.unwrap_or_else(|| "file is not a database".into()),
                }
            }
            StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(code, _)))
                if matches!(
                    code.code,
                    rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
                ) && read_only_fs(&self.path) =>
            {
                StoreError::ReadOnlyFs(self.path.clone())
            }
            other => other,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last event's id and hash, `None` for an empty log.
    pub fn head(&self) -> Result<Option<(i64, String)>, StoreError> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, hash FROM events WHERE id = (SELECT max(id) FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        Ok(row)
    }

    /// Number of events in the log.
    pub fn count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    /// The raw connection, for tests and benchmarks that need to go behind the log's back.
    #[cfg(feature = "behind-the-back")]
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
