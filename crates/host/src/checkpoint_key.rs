//! The key a log's checkpoints are signed with (`model::checkpoint`): 32 random bytes in a
//! file beside the log, `<log>.checkpoint-key`, made by the first process that publishes
//! and never changed. Deployed, it is the log's group's alone (mode 0640, like the log but
//! not writable), so only the program — the monitor service, `backup`, `log verify` —
//! reads it; a person with a shell cannot, and so cannot make a checkpoint that holds.

use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

const KEY_BYTES: usize = 32;

/// Where the key of the log at `db` is.
pub fn path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".checkpoint-key");
    db.with_file_name(name)
}

/// The key of the log at `db`, if it has one.
pub fn read(db: &Path) -> std::io::Result<Vec<u8>> {
    let file = path(db);
    crate::privilege::with_log(db, || {
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(&file)?;
        let mut key = Vec::new();
        Read::by_ref(&mut f)
            .take(KEY_BYTES as u64 + 1)
            .read_to_end(&mut key)?;
        if key.len() != KEY_BYTES {
            return Err(std::io::Error::other(format!(
                "{} is not a checkpoint key ({} bytes, not {KEY_BYTES})",
                file.display(),
                key.len()
            )));
        }
        Ok(key)
    })
}

/// The key of the log at `db`, made now if it has none (a new file, never a link followed).
pub fn read_or_make(db: &Path) -> std::io::Result<Vec<u8>> {
    match read(db) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        other => return other,
    }
    let mut key = vec![0u8; KEY_BYTES];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut key)?;
    let file = path(db);
    let made = crate::privilege::with_log(db, || {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o640)
            .open(&file)?;
        f.write_all(&key)?;
        f.sync_all()
    });
    match made {
        Ok(()) => Ok(key),
        // Another process made it first: theirs is the key.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(db),
        Err(e) => Err(e),
    }
}
