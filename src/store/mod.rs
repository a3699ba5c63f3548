//! The SQLite store: the append-only, hash-chained event log and the projections kept
//! beside it. Many processes share one file (WAL, busy timeout, short transactions).

mod append;
pub mod chain;
mod console;
pub mod incidents;
mod migrate;
mod monitor;
mod oncall;
pub mod pages;
mod projection;
mod query;
pub mod runs;
mod verify;

pub use migrate::LATEST as SCHEMA_VERSION;
pub use monitor::{Fence, LeaseInfo, MonitorBatch, MonitorState, Sample, StatusRow};
pub use query::EventFilter;
pub use verify::{ChainBreak, VerifyReport};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database was written by a newer beredskap (schema version {found}; this build knows \
         up to {known}). Upgrade beredskap; the database was not changed"
    )]
    NewerSchema { found: u32, known: u32 },
    #[error("{path} is not a beredskap database ({detail})")]
    NotADatabase { path: PathBuf, detail: String },
    #[error("there is no log at {0} yet (nothing has been written); check --db or $BEREDSKAP_DB")]
    Missing(PathBuf),
    #[error("cannot create the directory for the database {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "this process no longer holds the monitor lease (now held by {holder:?}); it stops \
         recording"
    )]
    LeaseLost { holder: String },
    #[error("the log is corrupt: {0}")]
    Corrupt(String),
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

/// An open connection to the log.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing, and brings
    /// its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut store = Self::connect(path, flags)?;
        migrate::migrate(&mut store.conn).map_err(|e| store.classify(e))?;
        Ok(store)
    }

    /// Opens an existing database without writing to it (no schema change).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = Self::connect(path, flags)?;
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
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure().map_err(|e| store.classify(e))?;
        Ok(store)
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL lets readers work while one process writes; FULL makes each commit durable.
        // The mode is stored in the file: switch only a file that is not WAL yet. SQLite
        // answers "busy" at once (without waiting) when another process holds the file
        // during the switch, so wait and retry here.
        let current: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
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
        Ok(())
    }

    /// Turns SQLite's "not a database" into a message naming the file.
    fn classify(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(code, detail))
                if code.code == rusqlite::ErrorCode::NotADatabase =>
            {
                StoreError::NotADatabase {
                    path: self.path.clone(),
                    detail: detail.unwrap_or_else(|| "file is not a database".into()),
                }
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
                "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
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
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
