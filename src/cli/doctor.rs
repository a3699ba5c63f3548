//! `beredskap doctor`: every file of a deployed install with its owner and mode, against
//! what secure mode needs (docs/operations.md, "Threat model"; contrib/install.sh sets it).

use nix::unistd::{Gid, Group, Uid, User};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The installed paths, under `root` (`/` for the host itself).
pub struct Layout {
    pub root: PathBuf,
    /// The group the program is set-group-ID to; no person is a member.
    pub log_group: String,
    /// The people's group: may read the configuration, and so use the program.
    pub people_group: String,
}

pub const PROGRAM: &str = "/usr/local/bin/beredskap";

/// One file's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: PathBuf,
    /// `owner:group mode`, or why it could not be read.
    pub found: String,
    /// What secure mode needs, when `found` falls short.
    pub problem: Option<String>,
}

impl Finding {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

impl Layout {
    /// `path` (absolute, as installed) under the layout's root.
    pub fn under(&self, path: &Path) -> PathBuf {
        match path.strip_prefix("/") {
            Ok(rel) => self.root.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Looks at every file the install consists of.
    pub fn examine(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        let log_gid = gid_of(&self.log_group);
        let people_gid = gid_of(&self.people_group);
        for (name, gid) in [(&self.log_group, log_gid), (&self.people_group, people_gid)] {
            if gid.is_none() {
                findings.push(Finding {
                    path: PathBuf::from(format!("group {name}")),
                    found: "missing".into(),
                    problem: Some(format!("the group (groupadd --system {name})")),
                });
            }
        }
        if let Ok(Some(group)) = Group::from_name(&self.log_group)
            && !group.mem.is_empty()
        {
            findings.push(Finding {
                path: PathBuf::from(format!("group {}", self.log_group)),
                found: format!("members {}", group.mem.join(", ")),
                problem: Some(format!(
                    "no members: a member could write the log directly (gpasswd -d ACCOUNT {})",
                    self.log_group
                )),
            });
        }

        let program = self.under(Path::new(PROGRAM));
        findings.push(self.check(&program, |m, g| {
            (m.uid() != 0 || Some(g) != log_gid || m.mode() & 0o7777 != 0o2755).then(|| {
                format!(
                    "root:{} mode 2755 (set-group-ID to the log's group; nobody may change \
                     it)",
                    self.log_group
                )
            })
        }));

        let config = self.under(Path::new(crate::config::discover::SYSTEM_CONFIG));
        let loaded = crate::config::load(&config);
        let mut trusted: Vec<PathBuf> = Vec::new();
        let mut database = None;
        match &loaded {
            Ok(l) => {
                // The secrets: the services' alone (the log's group), no person a reader.
                for secret in crate::host::secrets::files(&l.region) {
                    let path = if secret.starts_with(&self.root) {
                        secret.clone()
                    } else {
                        self.under(&secret)
                    };
                    let readers = crate::host::secrets::readers(&l.region, &path);
                    findings.push(self.check(&path, |m, g| {
                        (m.uid() != 0
                            || Some(g) != log_gid
                            || m.mode() & 0o7037 != 0
                            || !readers.is_empty())
                        .then(|| {
                            let who = if readers.is_empty() {
                                String::new()
                            } else {
                                format!(" ({} can read it now)", readers.join(", "))
                            };
                            format!(
                                "root:{} 0640: a secret is the services' alone, no person may \
                                 read it{who}",
                                self.log_group
                            )
                        })
                    }));
                }
                trusted.extend(l.files.iter().cloned());
                trusted.push(l.region.site.runbooks_dir.clone());
                database = l.region.database.as_deref().map(|d| self.under(d));
            }
            Err(e) => findings.push(Finding {
                path: config.clone(),
                found: "cannot be read as a configuration".into(),
                problem: Some(format!(
                    "a configuration that loads ({})",
                    e.to_string()
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("error: ")
                )),
            }),
        }
        for path in &trusted {
            findings.push(self.check(path, |m, g| {
                let writable = m.mode() & 0o022 != 0;
                let readable_by_all = !m.is_dir() && m.mode() & 0o004 != 0;
                (m.uid() != 0 || writable || readable_by_all || Some(g) != people_gid).then(|| {
                    format!(
                        "root:{} {}, changeable by root alone and closed to accounts outside \
                         the group (it is what lets an account use the program)",
                        self.people_group,
                        if m.is_dir() { "0750" } else { "0640" }
                    )
                })
            }));
            // Every directory above must be root's alone too.
            findings.extend(
                crate::host::secure::trust_problems(path, 0)
                    .into_iter()
                    .filter(|p| {
                        p.starts_with(&*self.root.to_string_lossy())
                            && !p.starts_with(&*path.to_string_lossy())
                    })
                    .map(|p| Finding {
                        path: path.clone(),
                        found: "a directory above it".into(),
                        problem: Some(p),
                    }),
            );
        }

        match database {
            None if loaded.is_ok() => findings.push(Finding {
                path: config.clone(),
                found: "no [storage] database".into(),
                problem: Some(
                    "`[storage] database` naming the log (e.g. /var/lib/beredskap/beredskap.db)"
                        .into(),
                ),
            }),
            None => {}
            Some(db) => {
                let dir = db.parent().map(Path::to_path_buf).unwrap_or_default();
                findings.push(self.check(&dir, |m, g| {
                    (m.uid() != 0 || Some(g) != log_gid || m.mode() & 0o7777 != 0o2770).then(|| {
                        format!(
                            "root:{} mode 2770 (only the program, through its group, \
                                 reaches the log)",
                            self.log_group
                        )
                    })
                }));
                for file in crate::host::permissions::database_files(&db) {
                    findings.push(self.check(&file, |m, g| {
                        (Some(g) != log_gid || m.mode() & 0o7777 != 0o660).then(|| {
                            format!(
                                "group {} mode 0660 (chgrp {} FILE; chmod 0660 FILE)",
                                self.log_group, self.log_group
                            )
                        })
                    }));
                }
                if !db.exists() {
                    findings.push(Finding {
                        path: db,
                        found: "missing".into(),
                        problem: Some(
                            "the log, created by contrib/install.sh (`beredskap log init`)".into(),
                        ),
                    });
                }
            }
        }
        // The validated configuration's cache (config::cache), when a large region has one:
        // the log's group's alone, like the log.
        let cache = self
            .root
            .join(crate::host::secure::CONFIG_CACHE.trim_start_matches('/'));
        if std::fs::symlink_metadata(&cache).is_ok() {
            findings.push(self.check(&cache, |m, g| {
                (Some(g) != log_gid || m.mode() & 0o7027 != 0).then(|| {
                    format!(
                        "group {} mode 0640 at most (written by the program through the log's \
                         group; remove it and the next command writes it again)",
                        self.log_group
                    )
                })
            }));
        }
        findings
    }

    fn check(
        &self,
        path: &Path,
        need: impl Fn(&std::fs::Metadata, Gid) -> Option<String>,
    ) -> Finding {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => Finding {
                path: path.to_path_buf(),
                found: "a symbolic link".into(),
                problem: Some("the file itself, not a link to it".into()),
            },
            Ok(m) => Finding {
                path: path.to_path_buf(),
                found: format!(
                    "{}:{} {:04o}",
                    user_name(m.uid()),
                    group_name(m.gid()),
                    m.mode() & 0o7777
                ),
                problem: need(&m, Gid::from_raw(m.gid())),
            },
            Err(e) => Finding {
                path: path.to_path_buf(),
                found: format!("cannot be read: {e}"),
                problem: Some("installed (contrib/install.sh)".into()),
            },
        }
    }
}

fn gid_of(name: &str) -> Option<Gid> {
    Group::from_name(name).ok().flatten().map(|g| g.gid)
}

fn user_name(uid: u32) -> String {
    User::from_uid(Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| uid.to_string())
}

fn group_name(gid: u32) -> String {
    Group::from_gid(Gid::from_raw(gid))
        .ok()
        .flatten()
        .map(|g| g.name)
        .unwrap_or_else(|| gid.to_string())
}
