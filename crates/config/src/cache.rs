//! A cache of the validated configuration, so a command on a region of thousands of
//! systems does not parse and validate megabytes of TOML every time it starts (issue 16:
//! `status` with 5,000 systems took 140–220 ms, all of it the configuration).
//!
//! The cache holds the `Loaded` region and what it was made from: the SHA-256 of every
//! configuration file read, every include pattern with the files it matched, and the
//! runbooks directory's Markdown files with theirs (validation reads their ids). It is used
//! only when all of that is the same now — every file is read and hashed again (a few
//! milliseconds for megabytes), the patterns are expanded again and the directory listed
//! again — and when it was written by this very program file (its size and modification
//! time) in the same mode. Anything else, or a cache that does not read, is a full load,
//! after which the cache is rewritten. A cache can only make loading faster, never change
//! what is loaded.
//!
//! Where it lives is the caller's decision (`cli::context`): beside the log in the deployed
//! install, where only the trusted writer can write (docs/operations.md), and in the
//! person's cache directory otherwise.

use super::Loaded;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bumped whenever what the cache holds changes shape.
const FORMAT: u32 = 2;

/// What a cached configuration was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    format: u32,
    program: (u64, i64, u32),
    secure: bool,
    main: PathBuf,
    /// Every configuration file read, with the SHA-256 of its bytes.
    files: Vec<(PathBuf, [u8; 32])>,
    /// Every include pattern (made absolute) with what it matched, sorted.
    includes: Vec<(String, Vec<PathBuf>)>,
    /// The runbooks directory's Markdown files with their digests (empty when unreadable).
    runbooks: Vec<(PathBuf, [u8; 32])>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    inputs: Inputs,
    loaded: Loaded,
}

fn digest(path: &Path) -> std::io::Result<[u8; 32]> {
    let bytes = crate::host::bounded::read_file(path, crate::host::bounded::limit::CONFIG)
        .map_err(|e| match e {
            crate::host::bounded::BoundedError::Io(e) => e,
            other => std::io::Error::other(other),
        })?;
    Ok(Sha256::digest(&bytes).into())
}

/// The running program's identity: a rebuilt or upgraded program never reads a cache an
/// earlier one wrote (the types it holds may have changed).
fn program() -> (u64, i64, u32) {
    use std::os::unix::fs::MetadataExt;
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| (m.size(), m.mtime(), m.mtime_nsec() as u32))
        .unwrap_or_default()
}

fn runbook_files(dir: &Path) -> Vec<(PathBuf, [u8; 32])> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let d = digest(&p).unwrap_or_default();
            (p, d)
        })
        .collect()
}

fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = glob::glob(pattern)
        .map(|paths| paths.filter_map(Result::ok).collect())
        .unwrap_or_default();
    found.sort();
    found
}

/// What `loaded` (from `main`) was made from, as it stands on disk now. `None` when a file
/// cannot be read (then nothing is cached).
fn inputs_of(main: &Path, loaded: &Loaded, secure: bool) -> Option<Inputs> {
    let files = loaded
        .files
        .iter()
        .map(|f| digest(f).ok().map(|d| (f.clone(), d)))
        .collect::<Option<Vec<_>>>()?;
    Some(Inputs {
        format: FORMAT,
        program: program(),
        secure,
        main: main.to_path_buf(),
        files,
        includes: loaded
            .includes
            .iter()
            .map(|p| (p.clone(), expand(p)))
            .collect(),
        runbooks: runbook_files(&loaded.region.site.runbooks_dir),
    })
}

/// Configurations smaller than this load in a few milliseconds: they are not cached.
pub const WORTH_CACHING: u64 = 128 * 1024;

/// The cached configuration for `main` in `cache`, when it was made from exactly what is
/// on disk now by this program. In secure mode the cache must also be where only the
/// trusted writer could have put it (`sound_in_log_directory`).
pub fn read(cache: &Path, main: &Path, secure: bool) -> Option<Loaded> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(cache)
        .ok()?;
    if secure && !sound_in_log_directory(cache, &file) {
        tracing::warn!(
            "ignoring the configuration cache {}: it or its directory could be written by \
             someone other than the trusted writer",
            cache.display()
        );
        return None;
    }
    let bytes =
        crate::host::bounded::read_bytes(file, 4 * crate::host::bounded::limit::CONFIG).ok()?;
    let entry: Entry = match postcard::from_bytes(&bytes) {
        Ok(e) => e,
        Err(e) => {
            tracing::debug!(
                "the configuration cache {} does not read: {e}",
                cache.display()
            );
            return None;
        }
    };
    let now = inputs_of(main, &entry.loaded, secure)?;
    (now == entry.inputs).then_some(entry.loaded)
}

/// The deployed install's cache is trusted only as a regular file of its directory's group
/// (the log's) in a directory that belongs to root and that nobody outside that group may
/// even enter (the log's directory, 2770 root:beredskap-log, whose group has no members:
/// only the trusted writer reaches it).
fn sound_in_log_directory(cache: &Path, file: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(Ok(dir))) = (file.metadata(), cache.parent().map(std::fs::metadata)) else {
        return false;
    };
    meta.is_file() && dir.uid() == 0 && dir.mode() & 0o007 == 0 && meta.gid() == dir.gid()
}

/// Writes the cache for `loaded` (from `main`) to `cache`, replacing it whole, when the
/// configuration is large enough to be worth it. Best effort: a cache that cannot be
/// written only costs the next command its speed.
pub fn write(cache: &Path, main: &Path, loaded: &Loaded, secure: bool) {
    let size: u64 = loaded
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if size < WORTH_CACHING {
        return;
    }
    let Some(inputs) = inputs_of(main, loaded, secure) else {
        return;
    };
    let entry = Entry {
        inputs,
        loaded: loaded.clone(),
    };
    let Ok(bytes) = postcard::to_stdvec(&entry) else {
        return;
    };
    let written = if secure {
        replace_in_log_directory(cache, &bytes)
    } else {
        if let Some(dir) = cache.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        crate::host::atomic::write_atomically(cache, &bytes)
    };
    if let Err(e) = written {
        tracing::debug!(
            "could not write the configuration cache {}: {e}",
            cache.display()
        );
    }
}

/// A new file (O_EXCL, random name) beside `cache`, readable by the log's group, renamed
/// over it.
fn replace_in_log_directory(cache: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = cache.parent().unwrap_or(Path::new("/"));
    let mut tmp = tempfile::Builder::new()
        .prefix(".config.cache.")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o640))?;
    tmp.as_file().sync_all()?;
    tmp.persist(cache).map_err(|e| e.error)?;
    Ok(())
}
