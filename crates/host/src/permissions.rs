//! Warnings about files other accounts could read or change, and creating a new database
//! file with a safe mode. A shared deployment keeps the database in a set-group-ID directory
//! owned by the `beredskap` group; the files are then group read-write and closed to others.

use super::denied::group_name;
use std::fs::{OpenOptions, Permissions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What a file is to beredskap, which decides the modes that are safe for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// The database or its `-wal` / `-shm` files: never open to other accounts.
    Database,
    /// A configuration file: others may read it, never change it.
    Config,
}

const SETGID: u32 = 0o2000;
const STICKY: u32 = 0o1000;

/// The database's own files that exist: the file, then `-wal` and `-shm`.
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files.into_iter().filter(|p| p.exists()).collect()
}

/// Whether `dir` is set up for sharing within its group (the set-group-ID bit).
pub fn shared_dir(dir: &Path) -> Option<std::fs::Metadata> {
    std::fs::metadata(dir)
        .ok()
        .filter(|m| m.is_dir() && m.mode() & SETGID != 0)
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// One warning per unsafe mode found among `files`; empty when all is well. Files that do not
/// exist or cannot be looked at are skipped (opening them reports that).
pub fn audit(files: &[(PathBuf, FileRole)]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut dirs_seen: Vec<PathBuf> = Vec::new();
    for (path, role) in files {
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        let mode = meta.mode() & 0o7777;
        match role {
            FileRole::Database => {
                if mode & 0o007 != 0 {
                    warnings.push(format!(
                        "{} is open to every account on this host (mode {mode:04o}): the log \
                         holds incidents, names and notes. Fix: chmod o-rwx {}",
                        path.display(),
                        path.display()
                    ));
                }
                let dir = parent(path);
                if let Some(dir_meta) = shared_dir(dir) {
                    let group = group_name(dir_meta.gid());
                    if mode & 0o060 != 0o060 {
                        warnings.push(format!(
                            "{} is not readable and writable by group `{group}` (mode \
                             {mode:04o}): the others in the group cannot write the log. Fix: \
                             chmod g+rw {}",
                            path.display(),
                            path.display()
                        ));
                    }
                    if meta.gid() != dir_meta.gid() {
                        warnings.push(format!(
                            "{} belongs to group `{}`, not `{group}` like its directory. Fix: \
                             chgrp {group} {}",
                            path.display(),
                            group_name(meta.gid()),
                            path.display()
                        ));
                    }
                }
                if !dirs_seen.iter().any(|d| d == dir) {
                    dirs_seen.push(dir.to_path_buf());
                    if let Ok(dir_meta) = std::fs::metadata(dir) {
                        let dir_mode = dir_meta.mode() & 0o7777;
                        if dir_mode & 0o002 != 0 && dir_mode & STICKY == 0 {
                            warnings.push(format!(
                                "the database's directory {} can be changed by every account \
                                 on this host (mode {dir_mode:04o}): anyone could replace the \
                                 log. Fix: chmod o-w {}",
                                dir.display(),
                                dir.display()
                            ));
                        }
                    }
                }
            }
            FileRole::Config => {
                if mode & 0o002 != 0 {
                    warnings.push(format!(
                        "{} can be changed by every account on this host (mode {mode:04o}): \
                         anyone could change who is on call and who may write. Fix: chmod o-w {}",
                        path.display(),
                        path.display()
                    ));
                }
            }
        }
    }
    warnings
}

/// Creates an empty database file at `db` if none exists, with mode 0660 in a shared
/// (set-group-ID) directory and 0600 elsewhere, whatever the umask. SQLite gives the `-wal`
/// and `-shm` files the same mode. Returns whether this call created it.
pub fn create_private(db: &Path) -> std::io::Result<bool> {
    let mode = if shared_dir(parent(db)).is_some() {
        0o660
    } else {
        0o600
    };
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(db)
    {
        Ok(file) => {
            // The umask may have taken group bits away; put them back.
            file.set_permissions(Permissions::from_mode(mode))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, Permissions::from_mode(mode)).unwrap();
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().mode() & 0o7777
    }

    #[test]
    fn a_new_database_is_private_outside_a_shared_directory() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.db");
        assert!(create_private(&db).unwrap());
        assert_eq!(mode(&db), 0o600);
        assert!(
            !create_private(&db).unwrap(),
            "an existing file is left alone"
        );
        assert!(audit(&[(db, FileRole::Database)]).is_empty());
    }

    #[test]
    fn a_new_database_in_a_shared_directory_is_group_writable() {
        let dir = tempfile::tempdir().unwrap();
        chmod(dir.path(), 0o2770);
        let db = dir.path().join("b.db");
        assert!(create_private(&db).unwrap());
        assert_eq!(mode(&db), 0o660);
        assert!(audit(&[(db, FileRole::Database)]).is_empty());
    }

    #[test]
    fn unsafe_modes_are_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        chmod(dir.path(), 0o2777);
        let db = dir.path().join("b.db");
        std::fs::write(&db, b"").unwrap();
        chmod(&db, 0o644);
        let config = dir.path().join("beredskap.toml");
        std::fs::write(&config, b"").unwrap();
        chmod(&config, 0o666);
        let warnings = audit(&[
            (db.clone(), FileRole::Database),
            (config.clone(), FileRole::Config),
        ]);
        let all = warnings.join("\n");
        assert!(
            all.contains("open to every account") && all.contains("chmod o-rwx"),
            "{all}"
        );
        assert!(all.contains("not readable and writable by group"), "{all}");
        assert!(all.contains("anyone could replace the log"), "{all}");
        assert!(all.contains("anyone could change who is on call"), "{all}");
        assert_eq!(warnings.len(), 4, "{all}");
    }

    #[test]
    fn a_world_writable_directory_with_the_sticky_bit_is_not_flagged() {
        let dir = tempfile::tempdir().unwrap();
        chmod(dir.path(), 0o1777);
        let db = dir.path().join("b.db");
        create_private(&db).unwrap();
        assert!(audit(&[(db, FileRole::Database)]).is_empty());
    }
}
