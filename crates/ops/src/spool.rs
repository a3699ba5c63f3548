//! The monitor's durable spool: what it sent while the log could not take it, kept until
//! the log records it (`ops::owed`).
//!
//! One directory per OS account beside the log (`log.db.spool-<uid>`), mode 0700 and owned
//! by the account that runs the monitor: in a deployed install the monitor's service
//! account, so no person's process (which runs as the person, with the log's group) can
//! write, plant or remove an entry. Each entry is one JSON file written whole (a temporary
//! file, fsync, rename, fsync of the directory): a crash leaves it either absent or
//! complete, never half. Entries are read in the order of their names, which start with
//! the time they were made.

use crate::model::page::{Notified, Triggered};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A step sent: when, and to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub at: DateTime<Utc>,
    pub notified: Notified,
}

/// What the log is owed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "owed", rename_all = "snake_case")]
pub enum Owed {
    /// A page raised and sent while the log could not take it: it gets its id when it is
    /// recorded.
    Page {
        key: String,
        system: String,
        triggered: Triggered,
        steps: Vec<Sent>,
        /// When its system was seen up again (the page is then recorded resolved).
        #[serde(default)]
        up_at: Option<DateTime<Utc>>,
    },
    /// A step of a page already in the log, sent while the log could not take it.
    Step {
        key: String,
        page: String,
        sent: Sent,
    },
    /// Alerts the receiver accepted while the log could not take them: the monitor's alert
    /// checks read them from here until they are recorded.
    Alerts {
        key: String,
        source: String,
        sender: SentBy,
        alerts: Vec<crate::model::alert::Received>,
        at: DateTime<Utc>,
    },
}

/// Who sent owed alerts (`ops::sender::Sender`, kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentBy {
    pub account: String,
    pub os_account: String,
    pub address: Option<String>,
}

impl Owed {
    pub fn key(&self) -> &str {
        match self {
            Owed::Page { key, .. } | Owed::Step { key, .. } | Owed::Alerts { key, .. } => key,
        }
    }
}

/// An entry as read: its file and what it owes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub owed: Owed,
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("the spool {} cannot be used: {detail}", path.display())]
    Unsafe { path: PathBuf, detail: String },
    #[error("the spool {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SpoolError + '_ {
    move |source| SpoolError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The spool of this process's account for the log at `db`.
#[derive(Debug, Clone)]
pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    /// The spool beside `db` if this account has one (nothing is created).
    pub fn existing(db: &Path) -> Option<Spool> {
        let dir = Self::dir_for(db);
        std::fs::symlink_metadata(&dir).ok()?;
        Self::open(db).ok()
    }

    fn dir_for(db: &Path) -> PathBuf {
        let uid = nix::unistd::Uid::current().as_raw();
        let mut name = db.file_name().unwrap_or_default().to_owned();
        name.push(format!(".spool-{uid}"));
        db.with_file_name(name)
    }

    /// Opens (creating if needed) the spool beside `db`. Refuses a directory that another
    /// account owns or that anyone else may enter: then it was not made by this monitor.
    pub fn open(db: &Path) -> Result<Spool, SpoolError> {
        let uid = nix::unistd::Uid::current().as_raw();
        let dir = Self::dir_for(db);
        match std::fs::symlink_metadata(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::host::privilege::with_log(db, || {
                    std::fs::DirBuilder::new().mode(0o700).create(&dir)
                })
                .map_err(io(&dir))?;
            }
            Err(e) => return Err(io(&dir)(e)),
            Ok(_) => {}
        }
        let meta = std::fs::symlink_metadata(&dir).map_err(io(&dir))?;
        let unsafe_because = if !meta.is_dir() {
            Some("it is not a directory".to_string())
        } else if meta.uid() != uid {
            Some(format!("it belongs to user id {}, not {uid}", meta.uid()))
        } else if meta.permissions().mode() & 0o077 != 0 {
            Some(format!(
                "its mode is {:o}; only its owner may use it (0700)",
                meta.permissions().mode() & 0o777
            ))
        } else {
            None
        };
        if let Some(detail) = unsafe_because {
            return Err(SpoolError::Unsafe { path: dir, detail });
        }
        Ok(Spool { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new key, ordered by time: `20261206T110120.123456789Z-<pid>-<n>`.
    pub fn new_key(&self, now: DateTime<Utc>) -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        format!(
            "{}-{}-{}",
            now.format("%Y%m%dT%H%M%S%.9fZ"),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Every entry, oldest first. An entry that cannot be read is set aside as
    /// `<name>.unreadable` (and named in the error log by the caller), never dropped.
    pub fn entries(&self) -> Result<Vec<Entry>, SpoolError> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map_err(io(&self.dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        let mut out = Vec::new();
        for path in names {
            let read = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Owed>(&b).map_err(|e| e.to_string()));
            match read {
                Ok(owed) => out.push(Entry { path, owed }),
                Err(detail) => {
                    tracing::error!(
                        "spool entry {} unreadable ({detail}); set aside",
                        path.display()
                    );
                    let _ = std::fs::rename(&path, path.with_extension("unreadable"));
                }
            }
        }
        Ok(out)
    }

    /// The alerts of `source` the receiver accepted and the log has not taken yet, oldest
    /// first, with when each batch came.
    pub fn owed_alerts(&self, source: &str) -> Vec<(DateTime<Utc>, crate::model::alert::Received)> {
        self.entries()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| match e.owed {
                Owed::Alerts {
                    source: s,
                    alerts,
                    at,
                    ..
                } if s == source => Some(alerts.into_iter().map(move |a| (at, a))),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// No entry waits (a look at the names, nothing read: asked twice a second).
    pub fn is_empty(&self) -> bool {
        std::fs::read_dir(&self.dir).map_or(true, |mut d| {
            !d.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json")))
        })
    }

    /// Writes `owed` whole under its key (replacing an earlier version of it), durably.
    pub fn put(&self, owed: &Owed) -> Result<(), SpoolError> {
        let path = self.dir.join(format!("{}.json", owed.key()));
        let bytes = serde_json::to_vec(owed).map_err(|e| SpoolError::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir).map_err(io(&self.dir))?;
        tmp.write_all(&bytes).map_err(io(&path))?;
        tmp.as_file().sync_all().map_err(io(&path))?;
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
        self.sync_dir()
    }

    /// Removes an entry the log has recorded.
    pub fn remove(&self, entry: &Entry) -> Result<(), SpoolError> {
        match std::fs::remove_file(&entry.path) {
            Ok(()) => self.sync_dir(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&entry.path)(e)),
        }
    }

    fn sync_dir(&self) -> Result<(), SpoolError> {
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io(&self.dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::Policy;

    fn page(key: &str) -> Owed {
        Owed::Page {
            key: key.into(),
            system: "journal".into(),
            triggered: Triggered {
                target: "team:drift".into(),
                message: "Journal nere".into(),
                system: Some("journal".into()),
                incident: None,
                policy: Policy::person("operator1"),
                late: None,
            },
            steps: Vec::new(),
            up_at: None,
        }
    }

    #[test]
    fn entries_come_back_in_order_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("log.db");
        let spool = Spool::open(&db).unwrap_or_else(|e| panic!("{e}"));
        let mode = std::fs::metadata(spool.dir())
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o700);
        let now = Utc::now();
        let (a, b) = (spool.new_key(now), spool.new_key(now));
        spool.put(&page(&b)).unwrap_or_else(|e| panic!("{e}"));
        spool.put(&page(&a)).unwrap_or_else(|e| panic!("{e}"));
        let again = Spool::open(&db).unwrap_or_else(|e| panic!("{e}"));
        let keys: Vec<String> = again
            .entries()
            .unwrap_or_default()
            .iter()
            .map(|e| e.owed.key().to_string())
            .collect();
        assert_eq!(keys, vec![a, b]);
        let first = again.entries().unwrap_or_default().remove(0);
        again.remove(&first).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.entries().map(|e| e.len()).unwrap_or(9), 1);
    }

    #[test]
    fn a_spool_others_may_enter_is_refused_and_a_bad_entry_set_aside() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("log.db");
        let spool = Spool::open(&db).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(spool.dir().join("0-planted.json"), b"{not json")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(spool.entries().unwrap_or_default().is_empty());
        assert!(spool.dir().join("0-planted.unreadable").exists());
        std::fs::set_permissions(spool.dir(), std::fs::Permissions::from_mode(0o770))
            .unwrap_or_else(|e| panic!("{e}"));
        let refused = Spool::open(&db);
        assert!(
            matches!(refused, Err(SpoolError::Unsafe { .. })),
            "{refused:?}"
        );
    }
}
