//! Writing a file so that it appears whole or not at all.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`. A failure (disk full, say) removes the temporary file and leaves `path` as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Writes `bytes` as a new file at `path`, never replacing anything there: as
/// [`write_atomically`], but the finished file is linked into place only if the name is
/// free (an existing file, or a link planted at the name, gives `AlreadyExists`).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_into_place(path, false, |w| w.write_all(bytes))
}

/// As [`write_atomically`], with the content written by `fill` (buffered), which may fail
/// with its own error; then nothing replaces `path` either.
///
/// The temporary file is created new (`O_CREAT|O_EXCL`, a random name, mode 0600), so a
/// symlink planted beside the target cannot redirect the write; a symlink *at* the target
/// is refused, and the rename replaces the directory entry, never a file a link points to.
pub fn write_atomically_with<T, E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    write_into_place(path, true, fill)
}

fn write_into_place<T, E: From<std::io::Error>>(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(E::from(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{} is a symbolic link: refusing to write through it (remove it or choose \
                 another file)",
                path.display()
            ),
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
        .unwrap_or_else(|| ".beredskap.".into());
    if super::privilege::is_log_directory(dir) {
        return Err(E::from(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} is in the log's directory: refusing to write there (choose a file in \
                 your own directory)",
                path.display()
            ),
        )));
    }
    // Created and renamed with the person's own rights, never the log group's.
    let tmp = super::privilege::as_user(|| {
        tempfile::Builder::new()
            .prefix(&name)
            .suffix(".tmp")
            .tempfile_in(dir)
    })?;
    let (file, tmp_path) = tmp.into_parts();
    // Private (0600), or readable by the group in a shared (set-group-ID) directory, where
    // the file takes the directory's group; never readable by everyone.
    if super::permissions::shared_dir(dir).is_some() {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o640))?;
    }
    let mut out = std::io::BufWriter::new(file);
    let value = fill(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    if replace {
        super::privilege::as_user(|| tmp_path.persist(path)).map_err(|e| E::from(e.error))?;
    } else {
        super::privilege::as_user(|| tmp_path.persist_noclobber(path))
            .map_err(|e| E::from(e.error))?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn private_alone_and_group_readable_in_a_shared_directory() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.md");
        write_atomically(&path, b"x").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
        write_atomically(&path, b"y").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_new_file_never_replaces_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("INC-1.pdf");
        write_new(&path, b"first").unwrap();
        let again = write_new(&path, b"second").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        // A link planted at the name is neither followed nor replaced.
        let private = dir.path().join("private.txt");
        std::fs::write(&private, b"secret").unwrap();
        let planted = dir.path().join("INC-2.pdf");
        std::os::unix::fs::symlink(&private, &planted).unwrap();
        assert!(write_new(&planted, b"x").is_err());
        assert_eq!(std::fs::read(&private).unwrap(), b"secret");
        // Nothing left behind but the two names and the private file.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn a_planted_symlink_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("private.txt");
        std::fs::write(&private, b"secret").unwrap();
        // At the target: refused.
        let target = dir.path().join("export.md");
        std::os::unix::fs::symlink(&private, &target).unwrap();
        assert!(write_atomically(&target, b"x").is_err());
        assert_eq!(std::fs::read(&private).unwrap(), b"secret");
        // Beside it, at the old predictable temporary name: not used.
        let other = dir.path().join("other.md");
        let old_tmp = dir
            .path()
            .join(format!("other.md.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&private, &old_tmp).unwrap();
        write_atomically(&other, b"new").unwrap();
        assert_eq!(std::fs::read(&private).unwrap(), b"secret");
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&other).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("a.txt");
        assert!(write_atomically(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
