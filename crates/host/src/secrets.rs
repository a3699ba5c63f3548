//! The files that hold secrets — the receiver's source tokens, its heartbeat token, its TLS
//! key, the log of record's password file and client key — and who may read them. A person who can read a token can post a forged alert or a
//! forged "ok" heartbeat in the receiver's name, so a secret is for the services alone:
//! `root:beredskap-log 0640` (the services run with the log's group; no person is in it).
//! `contrib/install.sh` makes them so on every run (from `beredskap doctor --secrets`);
//! `doctor` and `config check` name any person who can read one.

use crate::model::region::Region;
use nix::unistd::{Gid, Group, User};
use std::ffi::CString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Every secret file the configuration names.
pub fn files(region: &Region) -> Vec<PathBuf> {
    let r = &region.receiver;
    let mut out: Vec<PathBuf> = r
        .sources
        .iter()
        .filter_map(|s| s.token_file.clone())
        .collect();
    out.extend(r.heartbeat_token_file.clone());
    out.extend(r.tls.as_ref().map(|t| t.key.clone()));
    // The log of record's password and client key: whoever reads them can sign in to the
    // database as beredskap and append in anyone's name.
    if let Some(log) = &region.log_of_record {
        out.extend(log.password_file.clone());
        out.extend(log.client_key.clone());
    }
    out.sort();
    out.dedup();
    out
}

/// The people of the region (their OS accounts) who can read `path`, by its owner, group
/// and mode and each account's groups. Accounts the machine does not know are left out.
pub fn readers(region: &Region, path: &Path) -> Vec<String> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    region
        .people
        .iter()
        .filter(|p| can_read(&p.account, &meta))
        .map(|p| p.account.clone())
        .collect()
}

/// Whether OS account `account` may read a file with `meta` (root aside).
fn can_read(account: &str, meta: &std::fs::Metadata) -> bool {
    let Ok(Some(user)) = User::from_name(account) else {
        return false;
    };
    let mode = meta.mode();
    if user.uid.as_raw() == meta.uid() {
        return mode & 0o400 != 0;
    }
    if mode & 0o004 != 0 {
        return true;
    }
    mode & 0o040 != 0 && in_group(&user, Gid::from_raw(meta.gid()))
}

fn in_group(user: &User, gid: Gid) -> bool {
    let Ok(name) = CString::new(user.name.clone()) else {
        return false;
    };
    match nix::unistd::getgrouplist(&name, user.gid) {
        Ok(groups) => groups.contains(&gid),
        // Too many groups to list: read the group's members instead.
        Err(_) => Group::from_gid(gid)
            .ok()
            .flatten()
            .is_some_and(|g| g.gid == user.gid || g.mem.contains(&user.name)),
    }
}

/// One line per secret a person can read: "tokens/am can be read by avd12.sara, op.tekla
/// (make it root:beredskap-log 0640)".
pub fn problems(region: &Region, log_group: &str) -> Vec<String> {
    files(region)
        .into_iter()
        .filter_map(|f| {
            let who = readers(region, &f);
            (!who.is_empty()).then(|| {
                format!(
                    "{} holds a secret and can be read by {} (make it root:{log_group} 0640: \
                     the services alone; contrib/install.sh does)",
                    f.display(),
                    who.join(", ")
                )
            })
        })
        .collect()
}
