//! `beredskap backup -o FILE`, `beredskap backup --verify FILE` and `beredskap restore FILE`.

use super::args::{BackupArgs, RestoreArgs};
use super::{Cli, Failure, code, context};
use crate::model::event::NewEvent;
use crate::store::Store;
use crate::store::backup::{BackupCheck, Relation, check_backup, relation};
use chrono::Utc;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn report(
    check: &BackupCheck,
    json: bool,
    took: Option<std::time::Duration>,
) -> Result<u8, Failure> {
    let intact = check.chain.intact();
    if json {
        let out = super::json_of(&super::json_out::BackupChecked {
            file: check.path.display().to_string(),
            schema_version: check.schema_version,
            events: check.events,
            bytes: check.bytes,
            intact,
            head_id: check.chain.head_id,
            head_hash: check.chain.head_hash.clone(),
            first_break: check.chain.first_break.as_ref().map(|b| b.to_string()),
            millis: took.map(|t| t.as_millis() as u64),
        })?;
        println!("{out}");
    } else {
        let took = took
            .map(|t| format!(" in {} ms", t.as_millis()))
            .unwrap_or_default();
        println!(
            "{}: {} events, {}{took}, schema version {}",
            check.path.display(),
            check.events,
            mib(check.bytes),
            check.schema_version
        );
        match (
            &check.chain.first_break,
            &check.chain.head_id,
            &check.chain.head_hash,
        ) {
            (Some(b), _, _) => println!("BROKEN: {b}"),
            (None, Some(id), Some(hash)) => {
                println!("intact: every hash and link checks\nhead: #{id} {hash}")
            }
            (None, _, _) => println!("intact: (empty log)"),
        }
    }
    Ok(if intact { code::OK } else { code::BROKEN })
}

/// Checks a backup file, with a plain answer when there is no such file.
fn check(file: &Path) -> Result<BackupCheck, Failure> {
    match std::fs::metadata(file) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(Failure::bad_input(format!(
                "{} is not a file (a backup is one file made by `beredskap backup -o`)",
                file.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Failure::bad_input(format!(
                "there is no backup at {}",
                file.display()
            )));
        }
        Err(_) => {}
    }
    eprintln!("checking the backup {} …", file.display());
    Ok(check_backup(file)?)
}

pub fn backup(cli: &Cli, args: &BackupArgs) -> Result<u8, Failure> {
    if let Some(file) = &args.verify {
        let check = check(file)?;
        return report(&check, args.json, None);
    }
    let Some(given) = &args.output else {
        return Err(Failure::bad_input("give -o FILE or --verify FILE"));
    };
    let into_dir = given.is_dir() || given.as_os_str().to_string_lossy().ends_with('/');
    if args.keep.is_some() && !into_dir {
        return Err(Failure::bad_input(
            "--keep needs -o DIR/ (a directory of dated backups)",
        ));
    }
    let output = &if into_dir {
        std::fs::create_dir_all(given)
            .map_err(|e| Failure::system(format!("cannot create {}: {e}", given.display())))?;
        given.join(format!(
            "beredskap-{}.db",
            Utc::now().format("%Y%m%dT%H%M%SZ")
        ))
    } else {
        given.clone()
    };
    let loaded = context::try_load_config(cli)?;
    let store = context::open_for_reading(cli, loaded.as_ref())?;
    if same_file(store.path(), output) {
        return Err(Failure::bad_input(format!(
            "{} is the database itself; write the backup somewhere else",
            output.display()
        )));
    }
    eprintln!(
        "copying {} to {} …",
        store.path().display(),
        output.display()
    );
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::system(format!("cannot create {}: {e}", dir.display())))?;
    }
    let started = Instant::now();
    let check = store
        .backup_to(output)
        .map_err(|e| backup_failed(e, output))?;
    let code = report(&check, args.json, Some(started.elapsed()))?;
    // The head the copy holds, anchored outside the host (docs/log-format.md, Checkpoints).
    // Only the deployed services and a backup asked to publish do (`--checkpoint`): a
    // person's test database does not fill the region's syslog.
    let publish = args.checkpoint || crate::host::secure::enabled();
    if let (true, Some(event), Some(hash)) =
        (publish, check.chain.head_id, check.chain.head_hash.clone())
    {
        let signed = crate::host::checkpoint_key::read_or_make(store.path())
            .map_err(crate::store::StoreError::from)
            .and_then(|key: Vec<u8>| {
                Ok(store.log_identity()?.map(|log| {
                    crate::model::checkpoint::Checkpoint::signed(event, hash, Utc::now(), log, &key)
                }))
            });
        match signed {
            Ok(Some(c)) => {
                let line = crate::ops::checkpoint::publish_checkpoint(&c);
                eprintln!("published {line}");
            }
            Ok(None) => {}
            Err(e) => eprintln!("beredskap: warning: no checkpoint published: {e}"),
        }
    }
    if let (Some(keep), true) = (args.keep, code == code::OK) {
        for old in prune_backups(given, keep as usize)? {
            eprintln!("removed the older backup {}", old.display());
        }
    }
    Ok(code)
}

/// Removes all but the newest `keep` `beredskap-*.db` files in `dir` (the names sort by
/// time); returns what it removed.
fn prune_backups(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, Failure> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| Failure::system(format!("cannot list {}: {e}", dir.display())))?;
    let mut backups: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("beredskap-") && n.ends_with(".db"))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep);
    let old: Vec<PathBuf> = backups.into_iter().take(excess).collect();
    for path in &old {
        std::fs::remove_file(path)
            .map_err(|e| Failure::system(format!("cannot remove {}: {e}", path.display())))?;
    }
    Ok(old)
}

/// A failed copy in the words of a backup (the live log is only read).
fn backup_failed(e: crate::store::StoreError, output: &Path) -> Failure {
    use crate::store::StoreError;
    match e {
        e if e.is_disk_full() => Failure::system(format!(
            "the disk for {} is full: no backup was written (the log is untouched)",
            output.display()
        )),
        StoreError::CreateDir { path, source } => Failure::system(format!(
            "cannot write the backup {}: {source} (the log is untouched)",
            path.display()
        )),
        other => other.into(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `X.before-restore-20261124T031500`, beside the database.
fn kept_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(format!(
        ".before-restore-{}",
        Utc::now().format("%Y%m%dT%H%M%S")
    ));
    PathBuf::from(name)
}

/// Keeps the current database's files as they are on disk (for a log that cannot be opened),
/// beside it, with the log's group (`host::privilege`).
fn keep_raw(db: &Path, kept: &Path) -> Result<(), Failure> {
    crate::host::privilege::with_log(db, || keep_raw_files(db, kept))
}

fn keep_raw_files(db: &Path, kept: &Path) -> Result<(), Failure> {
    for file in crate::host::permissions::database_files(db) {
        let suffix = file
            .to_string_lossy()
            .strip_prefix(&*db.to_string_lossy())
            .unwrap_or_default()
            .to_string();
        let target = PathBuf::from(format!("{}{suffix}", kept.display()));
        std::fs::copy(&file, &target).map_err(|e| {
            Failure::system(format!(
                "cannot keep {} as {}: {e}",
                file.display(),
                target.display()
            ))
        })?;
        std::fs::remove_file(&file)
            .map_err(|e| Failure::system(format!("cannot remove {}: {e}", file.display())))?;
    }
    Ok(())
}

/// Who may restore: a person with the admin role, or root acting as itself (the host's
/// administrator, e.g. with sudo, who could replace the file anyway). Returns the account
/// recorded on the `log.restored` event.
fn restorer(cli: &Cli, loaded: Option<&crate::config::Loaded>) -> Result<String, Failure> {
    if nix::unistd::Uid::effective().is_root() && cli.as_account.is_none() {
        return Ok(crate::ops::actor::os_account());
    }
    let Some(loaded) = loaded else {
        return Err(Failure::bad_input(
            "restoring needs the configuration (to check the admin role), or root",
        ));
    };
    let actor = context::actor(cli, loaded)?;
    actor.require(crate::model::role::Permission::RestoreLog)?;
    Ok(actor.account)
}

pub fn restore(cli: &Cli, args: &RestoreArgs) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let restorer = restorer(cli, loaded.as_ref())?;
    let db = context::database_path(cli, loaded.as_ref())?;
    if same_file(&db, &args.file) {
        return Err(Failure::bad_input(format!(
            "{} is the database itself",
            args.file.display()
        )));
    }
    let check = check(&args.file)?;
    if let Some(b) = &check.chain.first_break {
        return Err(Failure::with(
            code::BROKEN,
            format!(
                "the backup's chain is broken ({b}); it is not restored. Check older backups \
                 with `beredskap backup --verify`"
            ),
        ));
    }
    let live = if db.exists() {
        Some(Store::open_existing(&db))
    } else {
        None
    };
    let kept = kept_path(&db);
    let mut store = match live {
        None => None,
        Some(Ok(store)) => {
            match relation(Some(&store), &args.file)? {
                Relation::Empty | Relation::BackupCoversLive => {}
                Relation::LiveIsNewer {
                    live_head,
                    backup_head,
                } if !args.force => {
                    return Err(Failure::bad_input(format!(
                        "the log at {} is newer than the backup: it has events up to #{live_head}, \
                         the backup up to #{backup_head}. Restoring would lose {} event(s). \
                         Nothing was changed; add --force to restore anyway (the current file \
                         is kept as {}.before-restore-TIME)",
                        db.display(),
                        live_head - backup_head,
                        db.display()
                    )));
                }
                Relation::Diverged { at } if !args.force => {
                    return Err(Failure::bad_input(format!(
                        "the log at {} and the backup differ at event #{at}: they are not the \
                         same history. Nothing was changed; add --force to restore anyway (the \
                         current file is kept as {}.before-restore-TIME)",
                        db.display(),
                        db.display()
                    )));
                }
                _ => {}
            }
            eprintln!("keeping the current log as {} …", kept.display());
            // Beside the log, with its group; a damaged log is kept as it is (for the
            // investigation), unchecked.
            store.keep_beside(&kept, store.damaged().is_none())?;
            Some(store)
        }
        Some(Err(e)) if !args.force => {
            return Err(Failure::bad_input(format!(
                "the current log cannot be read ({e}); nothing was changed. Add --force to \
                 restore over it (its files are kept as {}.before-restore-TIME)",
                db.display()
            )));
        }
        Some(Err(_)) => {
            eprintln!("keeping the unreadable log's files as {} …", kept.display());
            keep_raw(&db, &kept)?;
            None
        }
    };
    if store.is_none() {
        store = Some(Store::open(&db)?);
    }
    let Some(mut store) = store else {
        return Err(Failure::system("the database could not be opened"));
    };
    eprintln!("restoring {} into {} …", args.file.display(), db.display());
    store.restore_from(&args.file)?;
    // A good log is back: writes may go on (the damage marker, if any, goes).
    store
        .clear_damage()
        .map_err(|e| Failure::system(format!("cannot remove the damage marker: {e}")))?;
    let after = store.verify(None)?;
    let event = store.append(NewEvent {
        occurred_at: Utc::now(),
        actor: restorer,
        os_account: crate::ops::actor::os_account(),
        kind: crate::model::event::kind::LOG_RESTORED.into(),
        subject: "log".into(),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload: crate::model::payload::to_value(&crate::model::payload::LogRestored {
            from: args.file.display().to_string(),
            events: check.events,
            head_hash: check.chain.head_hash.clone(),
            kept: kept.exists().then(|| kept.display().to_string()),
            forced: args.force,
        })
        .map_err(crate::store::StoreError::from)?,
    })?;
    println!(
        "restored {} events into {} (head #{} {}); recorded as event #{}",
        after.events_checked,
        db.display(),
        after.head_id.unwrap_or(0),
        after.head_hash.as_deref().unwrap_or("-"),
        event.id
    );
    if kept.exists() {
        println!("the log as it was is kept as {}", kept.display());
    }
    Ok(code::OK)
}
