//! The trusted writer's group privilege (docs/operations.md, "Threat model").
//!
//! Deployed, `/usr/local/bin/beredskap` is set-group-ID to a group no person belongs to
//! (`beredskap-log`), which alone may write the log's directory and files. The process
//! starts with that group as its effective group; [`init`] drops it at once (keeping it as
//! the saved group), and only [`with_log`] takes it back, for opening the log. Everything
//! else — configuration, runbooks, `-o` files, console state, plugins — runs with the
//! person's own rights, so a file they name cannot be the log or anything beside it.
//!
//! Raising and dropping is process-wide (glibc changes every thread), so both sides hold one
//! lock: a file written on one thread never sees the group raised on another.

use nix::unistd::{Gid, getegid, getgid, setegid};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

struct Groups {
    /// The group the program is set-group-ID to (the log's).
    log: Gid,
    /// The person's own group.
    user: Gid,
}

static GROUPS: OnceLock<Option<Groups>> = OnceLock::new();
static LOCK: Mutex<()> = Mutex::new(());
/// The one file the log's group is raised for: the configured database.
static LOG: OnceLock<PathBuf> = OnceLock::new();

/// Records whether the program runs set-group-ID and, if so, drops the group until
/// [`with_log`] asks for it. Call first thing in `main`; later calls change nothing.
/// Returns whether the program runs set-group-ID.
pub fn init() -> bool {
    GROUPS
        .get_or_init(|| {
            let (user, log) = (getgid(), getegid());
            if user == log {
                return None;
            }
            if let Err(e) = setegid(user) {
                // Running on with the log's group for everything would defeat the design.
                eprintln!("beredskap: cannot drop the log group's privilege: {e}");
                std::process::exit(3);
            }
            Some(Groups { log, user })
        })
        .is_some()
}

/// Whether the program runs set-group-ID (as installed for a shared deployment).
pub fn set_group_id() -> bool {
    GROUPS.get().is_some_and(Option::is_some)
}

/// Names the log's database: the only file [`with_log`] raises the group for. The first
/// call wins (secure mode names the configured log before anything opens it).
pub fn set_log(path: &Path) {
    let _ = LOG.set(path.to_path_buf());
}

/// Runs `open` (opening the database at `path`) with the log's group as the effective
/// group when set-group-ID and `path` is the log named by [`set_log`] (the store also
/// writes the log's damage marker this way), then drops it again.
/// Any other file is opened with the person's own rights.
pub fn with_log<T>(path: &Path, open: impl FnOnce() -> T) -> T {
    let Some(Some(groups)) = GROUPS.get() else {
        return open();
    };
    if LOG.get().is_none_or(|log| log != path) {
        return as_user(open);
    }
    raised(groups, open)
}

/// Runs `work` (reading or replacing the deployed install's configuration cache,
/// `secure::CONFIG_CACHE`, in the log's directory) with the log's group raised, as
/// [`with_log`] does for the log.
pub fn with_config_cache<T>(work: impl FnOnce() -> T) -> T {
    let Some(Some(groups)) = GROUPS.get() else {
        return work();
    };
    raised(groups, work)
}

/// Runs `read` (reading a secret the configuration names for this process's own use: the
/// log of record's password file or client key) with the log's group raised, as [`with_log`]
/// does for the log: deployed, such a file is `root:<log group> 0640` (`secrets::files`),
/// readable by the set-group-ID binary and by no person — who could otherwise sign in to
/// the database and append in anyone's name.
pub fn with_secret<T>(read: impl FnOnce() -> T) -> T {
    let Some(Some(groups)) = GROUPS.get() else {
        return read();
    };
    raised(groups, read)
}

fn raised<T>(groups: &Groups, open: impl FnOnce() -> T) -> T {
    let _held = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    // If raising fails, opening fails with "permission denied", which explains itself.
    let _ = setegid(groups.log);
    // SQLite creates the -wal and -shm files with the umask applied and only then widens
    // them to the database's mode (0660): with a person's umask (022, 077) another process
    // opening them in that instant would get them read-only and fail its writes. Keep the
    // group's bits while the log is opened.
    let umask = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o007));
    let value = open();
    nix::sys::stat::umask(umask);
    if let Err(e) = setegid(groups.user) {
        eprintln!("beredskap: cannot drop the log group's privilege: {e}");
        std::process::exit(3);
    }
    value
}

/// Whether `dir` is the directory holding the log (deployed: no file a person asks for may
/// be written there, whatever its name).
pub fn is_log_directory(dir: &Path) -> bool {
    let Some(log_dir) = LOG.get().and_then(|log| log.parent()) else {
        return false;
    };
    let log_dir = if log_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        log_dir
    };
    match (std::fs::canonicalize(dir), std::fs::canonicalize(log_dir)) {
        (Ok(a), Ok(b)) => a == b,
        // The directory cannot be resolved as the person: compare the names as given.
        _ => dir == log_dir,
    }
}

/// Runs `work` (writing a person's file, starting a plugin) while the log's group is
/// certainly not the effective group.
pub fn as_user<T>(work: impl FnOnce() -> T) -> T {
    let _held = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    work()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_set_group_id_nothing_changes() {
        // The test binary is not set-group-ID: both helpers just run their work.
        assert!(!init());
        assert!(!set_group_id());
        assert_eq!(with_log(Path::new("x.db"), getegid), getgid());
        assert_eq!(as_user(getegid), getgid());
    }
}
