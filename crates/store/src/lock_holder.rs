//! Who holds the log's write lock, read from the kernel's lock table.
//!
//! In WAL mode SQLite takes its write lock as a POSIX lock on byte 120 of the `-shm` file
//! (the first of the WAL-index lock bytes). `/proc/locks` lists every such lock with the
//! process holding it and the file's device and inode, so any process that can see the
//! file can name the writer — including one a person stopped (Ctrl-Z, SIGSTOP) in the
//! middle of a transaction, which SQLite itself only reports as "database is locked".

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The WAL write lock's byte in the `-shm` file (SQLite's `WALINDEX_LOCK_OFFSET` + 0).
const WAL_WRITE_LOCK_BYTE: u64 = 120;

/// The process holding the log's write lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    /// The OS account the process runs as (its real user id), or the number when the
    /// account has no name.
    pub account: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (PID {})", self.account, self.pid)
    }
}

/// The process holding the write lock of the log at `db`, if one does and the kernel's
/// lock table says which (`None` too where `/proc/locks` is not readable).
pub fn write_lock_holder(db: &Path) -> Option<LockHolder> {
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let meta = crate::host::privilege::with_log(db, || std::fs::metadata(&shm)).ok()?;
    let table = std::fs::read_to_string("/proc/locks").ok()?;
    let pid = holder_in(&table, meta.dev(), meta.ino())?;
    Some(LockHolder {
        pid,
        account: account_of(pid).unwrap_or_else(|| "?".into()),
    })
}

/// The PID holding an exclusive lock on the write-lock byte of the file (`dev`, `ino`) in
/// `table` (the text of `/proc/locks`).
fn holder_in(table: &str, dev: u64, ino: u64) -> Option<u32> {
    let (major, minor) = (major(dev), minor(dev));
    table.lines().find_map(|line| {
        // "1: POSIX  ADVISORY  WRITE 21517 fe:00:10010666 120 120"; a blocked waiter's
        // line has "->" after the number and is not the holder.
        let mut fields = line.split_whitespace().skip(1);
        let class = fields.next()?;
        if class == "->" || !matches!(class, "POSIX" | "OFDLCK") {
            return None;
        }
        let _mandatory = fields.next()?;
        if fields.next()? != "WRITE" {
            return None;
        }
        let pid: i64 = fields.next()?.parse().ok()?;
        let mut file = fields.next()?.split(':');
        let maj = u64::from_str_radix(file.next()?, 16).ok()?;
        let min = u64::from_str_radix(file.next()?, 16).ok()?;
        let inode: u64 = file.next()?.parse().ok()?;
        let start: u64 = fields.next()?.parse().ok()?;
        let end = fields.next()?;
        let covers = start <= WAL_WRITE_LOCK_BYTE
            && (end == "EOF" || end.parse::<u64>().is_ok_and(|e| e >= WAL_WRITE_LOCK_BYTE));
        (inode == ino && maj == major && min == minor && covers && pid > 0)
            .then(|| u32::try_from(pid).ok())
            .flatten()
    })
}

fn major(dev: u64) -> u64 {
    ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff)
}

fn minor(dev: u64) -> u64 {
    (dev & 0xff) | ((dev >> 12) & !0xff)
}

/// The account name of process `pid`'s real user id.
fn account_of(pid: u32) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let uid: u32 = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(
        nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
            .ok()
            .flatten()
            .map_or_else(|| uid.to_string(), |u| u.name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "1: POSIX  ADVISORY  WRITE 21517 fe:00:10010666 120 120\n\
                         1: -> POSIX  ADVISORY  WRITE 30000 fe:00:10010666 120 120\n\
                         2: POSIX  ADVISORY  READ 21517 fe:00:10010666 124 124\n\
                         3: POSIX  ADVISORY  WRITE 4444 fe:00:10010666 128 128\n\
                         4: POSIX  ADVISORY  WRITE 5555 fe:00:99 120 120\n";

    #[test]
    fn the_holder_of_byte_120_of_the_file_is_named_and_no_other() {
        let dev = 0xfe << 8;
        assert_eq!(holder_in(TABLE, dev, 10010666), Some(21517));
        assert_eq!(holder_in(TABLE, dev, 99), Some(5555));
        assert_eq!(holder_in(TABLE, dev, 12345), None);
        // A read lock on the byte, or a write lock on another byte, is not the writer.
        let readers = "2: POSIX  ADVISORY  READ 1 fe:00:7 120 120\n3: POSIX  ADVISORY  WRITE 2 fe:00:7 128 128\n";
        assert_eq!(holder_in(readers, dev, 7), None);
        // Another device with the same inode is another file.
        assert_eq!(holder_in(TABLE, (0x08 << 8) | 0x01, 10010666), None);
    }

    #[test]
    fn a_lock_held_in_this_process_is_found_on_the_real_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("log.db");
        let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch("CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
            .unwrap_or_else(|e| panic!("{e}"));
        let holder = write_lock_holder(&db);
        conn.execute_batch("COMMIT")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(holder.map(|h| h.pid), Some(std::process::id()));
        assert_eq!(write_lock_holder(&db), None, "released");
    }
}
