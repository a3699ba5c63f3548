//! Secure mode: how the deployed install decides what to trust (docs/operations.md,
//! "Threat model").
//!
//! The program runs in secure mode when it is set-group-ID (installed as the trusted writer)
//! or `$BEREDSKAP_SECURE=1` says it is deployed (the monitor's service unit, which runs with
//! the log's group directly). Asking for secure mode only takes freedom away, so the
//! variable cannot be used to gain anything. In secure mode:
//!
//! - the configuration is `/etc/beredskap/beredskap.toml` and its includes, nothing else:
//!   `--config`, `--db`, `--as` and `$BEREDSKAP_CONFIG`/`$BEREDSKAP_DB` are refused or
//!   ignored, and per-user locations are never looked at;
//! - the program refuses to start when that file, an include, the runbook directory, a
//!   directory above them or the program itself could be changed by anyone but root;
//! - the log's group is raised only to open the configured log (`host::privilege`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The deployed install's cache of its validated configuration (`config::cache`): in the
/// log's directory, which only the trusted writer can write.
pub const CONFIG_CACHE: &str = "/var/lib/beredskap/config.cache";

/// `$BEREDSKAP_SECURE=1`: run in secure mode without being set-group-ID.
pub const SECURE_ENV: &str = "BEREDSKAP_SECURE";

/// Whether the program runs in secure mode.
pub fn enabled() -> bool {
    super::privilege::set_group_id() || std::env::var(SECURE_ENV).is_ok_and(|v| v == "1")
}

/// Why `path` (a file or directory the program trusts) could be changed by someone other
/// than `owner` (root, outside tests): the path itself, then every directory above it, must
/// belong to `owner` and be writable by no group and nobody else. Empty when it is sound.
pub fn trust_problems(path: &Path, owner: u32) -> Vec<String> {
    let mut problems = Vec::new();
    let real = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) => return vec![format!("{}: {e}", path.display())],
    };
    if real != path && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        problems.extend(owned_problem(path, owner, true));
    }
    let mut at: Option<&Path> = Some(&real);
    while let Some(p) = at {
        problems.extend(owned_problem(p, owner, false));
        at = p.parent();
    }
    problems
}

fn owned_problem(path: &Path, owner: u32, link: bool) -> Option<String> {
    let meta = if link {
        std::fs::symlink_metadata(path)
    } else {
        std::fs::metadata(path)
    };
    let meta = match meta {
        Ok(m) => m,
        Err(e) => return Some(format!("{}: {e}", path.display())),
    };
    let mode = meta.mode() & 0o7777;
    if meta.uid() != owner {
        return Some(format!(
            "{} belongs to uid {}, not {}",
            path.display(),
            meta.uid(),
            if owner == 0 { "root" } else { "the owner" }
        ));
    }
    if !link && mode & 0o022 != 0 {
        return Some(format!(
            "{} has mode {mode:04o}: writable by {} (chmod go-w)",
            path.display(),
            if mode & 0o002 != 0 {
                "everyone"
            } else {
                "its group"
            }
        ));
    }
    None
}

/// The files and directories secure mode trusts: the configuration and its includes, the
/// runbook directory and the runbooks in it, and the program itself.
pub fn trusted_paths(config_files: &[PathBuf], runbooks: Option<&Path>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = config_files.to_vec();
    if let Some(dir) = runbooks {
        paths.push(dir.to_path_buf());
        let mut inside: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        inside.sort();
        paths.extend(inside);
    }
    if let Ok(exe) = std::env::current_exe() {
        paths.push(exe);
    }
    paths
}

/// Refuses to go on when a trusted path could be changed by someone other than root.
pub fn check_trusted(paths: &[PathBuf]) -> Result<(), String> {
    let mut problems: Vec<String> = paths.iter().flat_map(|p| trust_problems(p, 0)).collect();
    problems.sort();
    problems.dedup();
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "refusing to start: the deployed install must be changeable by root alone, and \
         {}. Fix the owner and mode (contrib/install.sh does), then check with \
         `beredskap doctor` (docs/operations.md, \"Threat model\")",
        problems.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn me() -> u32 {
        nix::unistd::getuid().as_raw()
    }

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_file_writable_by_its_group_or_below_a_writable_directory_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let etc = dir.path().join("etc");
        std::fs::create_dir(&etc).unwrap();
        let file = etc.join("beredskap.toml");
        std::fs::write(&file, "").unwrap();
        chmod(&file, 0o640);
        chmod(&etc, 0o755);
        // Directories above the temporary one (/, /tmp) are not ours: look at ours only.
        let ours = |p: &Path| {
            trust_problems(p, me())
                .into_iter()
                .filter(|m| m.contains(&*dir.path().to_string_lossy()))
                .collect::<Vec<_>>()
        };
        chmod(dir.path(), 0o755);
        assert_eq!(ours(&file), Vec::<String>::new());
        chmod(&file, 0o660);
        assert!(
            ours(&file)[0].contains("writable by its group"),
            "{:?}",
            ours(&file)
        );
        chmod(&file, 0o640);
        chmod(&etc, 0o777);
        assert!(
            ours(&file)[0].contains("writable by everyone"),
            "{:?}",
            ours(&file)
        );
        chmod(&etc, 0o755);
        // A symbolic link is followed, and the link itself must be the owner's too.
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(ours(&link), Vec::<String>::new());
        let wrong = trust_problems(&file, me() + 1);
        assert!(wrong[0].contains("belongs to uid"), "{wrong:?}");
        let missing = trust_problems(&etc.join("nope.toml"), me());
        assert_eq!(missing.len(), 1, "{missing:?}");
    }
}
