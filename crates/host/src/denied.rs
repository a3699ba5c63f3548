//! Explaining an "access denied": which file or directory refused, who owns it, and what an
//! administrator does about it.

use nix::unistd::{AccessFlags, Gid, Group, Uid, User, access};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What the account wanted to do with the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Read,
    Write,
}

fn account() -> String {
    User::from_uid(Uid::effective())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| Uid::effective().to_string())
}

pub(super) fn group_name(gid: u32) -> String {
    Group::from_gid(Gid::from_raw(gid))
        .ok()
        .flatten()
        .map(|g| g.name)
        .unwrap_or_else(|| gid.to_string())
}

pub(super) fn user_name(uid: u32) -> String {
    User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| uid.to_string())
}

/// Whether this process has `gid` as its effective or a supplementary group.
fn in_group(gid: u32) -> bool {
    Gid::effective().as_raw() == gid
        || nix::unistd::getgroups()
            .map(|groups| groups.iter().any(|g| g.as_raw() == gid))
            .unwrap_or(false)
}

/// The first directory on the way to `path` this account may not enter, or `path` itself.
/// A symbolic link is followed as far as it resolves: the directory that refuses is on the
/// real path (a link in the home directory to the log's directory is refused by the log's
/// directory, not by the home directory).
fn refusing(path: &Path, want: Want) -> PathBuf {
    let absolute = real_path(path);
    let mut ancestors: Vec<&Path> = absolute.ancestors().skip(1).collect();
    ancestors.reverse();
    for dir in ancestors {
        if access(dir, AccessFlags::X_OK).is_err() {
            return dir.to_path_buf();
        }
    }
    let flags = match want {
        Want::Read => AccessFlags::R_OK,
        Want::Write => AccessFlags::R_OK | AccessFlags::W_OK,
    };
    if absolute.exists() && access(&absolute, flags).is_ok() {
        // The file is fine; creating beside it needs the directory.
        if let Some(dir) = absolute.parent() {
            return dir.to_path_buf();
        }
    }
    if !absolute.exists()
        && let Some(dir) = absolute.parent()
    {
        return dir.to_path_buf();
    }
    absolute
}

/// `path` made absolute, links followed as far as they resolve (the rest as given).
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real;
    }
    // A link whose target cannot be resolved by this account: where it points.
    match std::fs::read_link(&absolute) {
        Ok(target) if target.is_absolute() => target,
        Ok(target) => absolute.parent().map(|d| d.join(&target)).unwrap_or(target),
        Err(_) => absolute,
    }
}

/// Whether `gid` is the log's group of a deployed install (the program's set-group-ID).
fn is_log_group(gid: u32) -> bool {
    Group::from_gid(Gid::from_raw(gid))
        .ok()
        .flatten()
        .is_some_and(|g| g.name == "beredskap-log")
}

/// A sentence or three for an account that was refused `want` on `path`: what refused,
/// its owner, group and mode, and what to do. Never fails; says less when it cannot look.
pub fn explain_denied(path: &Path, want: Want) -> String {
    let me = account();
    let culprit = refusing(path, want);
    let Ok(meta) = std::fs::metadata(&culprit) else {
        return format!(
            "permission denied: account `{me}` may not {} {}; ask the administrator of this \
             host (docs/operations.md)",
            verb(want),
            path.display()
        );
    };
    let group = group_name(meta.gid());
    let what = format!(
        "{} (owner {}, group {}, mode {:04o})",
        culprit.display(),
        user_name(meta.uid()),
        group,
        meta.mode() & 0o7777
    );
    let absolute = real_path(path);
    let lead = if culprit == absolute {
        format!(
            "permission denied: account `{me}` may not {} {what}",
            verb(want)
        )
    } else {
        format!(
            "permission denied: account `{me}` may not {} {}: {what} does not let it in",
            verb(want),
            path.display()
        )
    };
    // The permission bits this access needs, as `rwx` for the owner (shifted for the group).
    let needed = if meta.is_dir() {
        0o1
    } else {
        match want {
            Want::Read => 0o4,
            Want::Write => 0o6,
        }
    };
    let mode = meta.mode();
    let advice = if meta.uid() == Uid::effective().as_raw() {
        format!(
            "The account owns it, but its mode forbids that: it is read-only (mode {:04o}). An \
             administrator fixes the mode (docs/operations.md, \"Files and modes\")",
            mode & 0o7777
        )
    } else if in_group(meta.gid()) {
        format!(
            "The account is in group `{group}`, but the group may not {} it (mode {:04o}); an \
             administrator fixes the mode (docs/operations.md, \"Files and modes\")",
            verb(want),
            mode & 0o7777
        )
    } else if meta.gid() == 0 || is_log_group(meta.gid()) {
        // Never "add the account to root's group" or to the log's group (no person is in it).
        format!(
            "It is closed to people: group `{group}` is not one a person is added to. If the \
             account should reach it, an administrator changes its owner or mode; a log or \
             backup of the deployed install is read through the program only \
             (docs/operations.md, \"Files and modes\")"
        )
    } else if (mode >> 3) & needed == needed {
        format!(
            "The account is not in the group `{group}` that shares beredskap's files on this \
             host. An administrator adds it with `usermod -aG {group} {me}`; then log in again \
             (docs/operations.md, \"Adding a person\")"
        )
    } else {
        "Ask the administrator of this host (docs/operations.md)".to_string()
    };
    format!("{lead}. {advice}")
}

fn verb(want: Want) -> &'static str {
    match want {
        Want::Read => "read",
        Want::Write => "write",
    }
}
