//! A damaged log stops taking writes. When SQLite reports corruption — a quick integrity
//! check (the monitor runs one when it takes the lease and every hour; `log verify` runs
//! one too) or an error while reading or writing — a marker file `<log>.damaged` is put
//! beside the database. Every process checks it before each write, so the log goes
//! read-only for all of them at once; reading goes on (to see what is left, to take a
//! backup). `beredskap restore` (docs/operations.md, "Restoring for real") removes it.

use super::{EngineFailure, Store, StoreError};

use std::path::{Path, PathBuf};

/// What the marker says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// When it was found (RFC 3339, UTC) and what found it.
    pub found: String,
    pub marker: PathBuf,
}

/// The marker beside the log at `db`.
pub fn marker_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".damaged");
    PathBuf::from(name)
}

/// Whether `e` is SQLite saying the file is damaged.
pub fn is_corruption(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Engine(EngineFailure(rusqlite::Error::SqliteFailure(f, _)))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

impl Store {
    /// The damage marker, if this log has one.
    pub fn damaged(&self) -> Option<Damage> {
        let marker = marker_path(&self.path);
        let found = std::fs::read_to_string(&marker).ok()?;
        Some(Damage {
            found: crate::model::shown::line(found.lines().next().unwrap_or_default()).into_owned(),
            marker,
        })
    }

    /// Marks the log damaged (for every process). `why` says what found it.
    pub fn mark_damaged(&self, why: &str) {
        let marker = marker_path(&self.path);
        let text = format!("{} {why}\n", chrono::Utc::now().to_rfc3339());
        let written =
            crate::host::privilege::with_log(&self.path, || std::fs::write(&marker, text));
        match written {
            Ok(()) => tracing::error!("the log is damaged ({why}); it takes no more writes"),
            Err(e) => tracing::error!(
                "the log is damaged ({why}) and the marker {} could not be written: {e}",
                marker.display()
            ),
        }
    }

    /// Removes the marker (after a restore put a good log back).
    pub fn clear_damage(&self) -> std::io::Result<()> {
        let marker = marker_path(&self.path);
        match crate::host::privilege::with_log(&self.path, || std::fs::remove_file(&marker)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// SQLite's quick integrity check (structure, not the hash chain). Marks the log damaged
    /// and returns the first problem when it fails.
    pub fn quick_check(&self) -> Result<Option<String>, StoreError> {
        let result: Result<Vec<String>, StoreError> = (|| {
            let mut stmt = self.conn.prepare("PRAGMA quick_check(20)")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })();
        let problem = match result {
            Ok(lines) if lines.len() == 1 && lines[0] == "ok" => return Ok(None),
            Ok(lines) => lines.join("; "),
            Err(e) if is_corruption(&e) => e.to_string(),
            Err(e) => return Err(e),
        };
        self.mark_damaged(&format!("quick check: {problem}"));
        Ok(Some(problem))
    }

    /// Marks the log damaged when `e` says it is; gives `e` back.
    pub(super) fn noting_damage(&self, e: StoreError) -> StoreError {
        if is_corruption(&e) {
            self.mark_damaged(&e.to_string());
        }
        e
    }

    /// The one way to start writing: refused on a damaged log, else an immediate (write)
    /// transaction.
    pub(super) fn write_transaction(&mut self) -> Result<super::write::WriteTx<'_>, StoreError> {
        if let Some(d) = self.damaged() {
            return Err(StoreError::Damaged {
                found: d.found,
                marker: d.marker,
            });
        }
        self.begin_write()
    }

    /// Whether a write since the last call found the log held by another process (and
    /// wrote nothing); resets it.
    pub fn take_write_busy(&mut self) -> bool {
        std::mem::take(&mut self.write_busy)
    }

    /// How long a write waits for another process's write to finish before giving up as
    /// busy (30 s by default; the console waits briefly and tries again between frames).
    pub fn set_busy_timeout(&mut self, wait: std::time::Duration) -> Result<(), StoreError> {
        // With a log of record, a held chain head waits no longer than a held file (one
        // attached later takes the same bound).
        self.busy_timeout = Some(wait);
        if let Some(remote) = self.remote.as_mut() {
            remote.set_lock_wait(wait);
        }
        Ok(self.conn.busy_timeout(wait)?)
    }
}
