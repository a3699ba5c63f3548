//! Coming back after the terminal closed: the console remembers, per database, which
//! screen and which run it showed (and the step under the cursor) in a small JSON file in
//! the user's state directory. What a run recorded lives in the log, not here; this file
//! only brings the person back to the same place. A missing or unreadable file means
//! starting on the status screen.

use super::runs::SavedView;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The saved views file (one per user, keyed by database path).
#[derive(Debug, Clone)]
pub struct ViewFile {
    pub path: PathBuf,
    pub db: String,
}

impl ViewFile {
    pub fn new(path: PathBuf, db: &Path) -> ViewFile {
        let db = std::fs::canonicalize(db)
            .unwrap_or_else(|_| db.to_path_buf())
            .display()
            .to_string();
        ViewFile { path, db }
    }

    /// The same, for one account: two people acting under one operating-system account
    /// (`--as` in a test or demo region) keep their own places.
    pub fn for_account(path: PathBuf, db: &Path, account: &str) -> ViewFile {
        let mut v = ViewFile::new(path, db);
        v.db = format!("{}#{account}", v.db);
        v
    }

    fn read_all(&self) -> BTreeMap<String, SavedView> {
        crate::host::bounded::read_text(&self.path, crate::host::bounded::limit::TEXT)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn load(&self) -> Option<SavedView> {
        self.read_all().remove(&self.db)
    }

    /// Saves through a temporary file and a rename, so a crash never leaves half a file.
    pub fn save(&self, view: &SavedView) -> std::io::Result<()> {
        let mut all = self.read_all();
        if all.get(&self.db) == Some(view) {
            return Ok(());
        }
        all.insert(self.db.clone(), view.clone());
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        crate::host::write_atomically(&self.path, &serde_json::to_vec_pretty(&all)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_per_database_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/views.json");
        let a = ViewFile::new(path.clone(), &dir.path().join("a.db"));
        let b = ViewFile::new(path.clone(), &dir.path().join("b.db"));
        assert_eq!(a.load(), None);
        let view = SavedView {
            screen: 3,
            run: Some("RUN-2026-0001".into()),
            step: 4,
        };
        a.save(&view).unwrap();
        b.save(&SavedView::default()).unwrap();
        assert_eq!(a.load(), Some(view));
        assert_eq!(b.load(), Some(SavedView::default()));
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(a.load(), None, "a damaged file means starting fresh");
    }

    #[test]
    fn two_accounts_on_one_database_keep_their_own_places() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.json");
        let db = dir.path().join("log.db");
        let sara = ViewFile::for_account(path.clone(), &db, "avd12.sara");
        let mans = ViewFile::for_account(path, &db, "op.mans");
        let view = SavedView {
            screen: 3,
            run: Some("RUN-2026-0001".into()),
            step: 1,
        };
        sara.save(&view).unwrap();
        assert_eq!(sara.load(), Some(view));
        assert_eq!(mans.load(), None, "the other starts on the status screen");
    }
}
