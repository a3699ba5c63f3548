//! `beredskap log migrate --to postgres` (issue 34): this host's log copied into the log of
//! record the configuration names (`[storage] engine = "postgres"`), every event with its
//! id and hash, each checked against the one before it; then the chain verified on both
//! sides. Run it once when a region moves from one host to two sites; again, it copies only
//! what is not there yet, and refuses a log of record on another chain.

use super::args::{CopyArgs, MigrateArgs};
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::store::Store;
use crate::store::remote::{RemoteConfig, RemoteLog};

pub fn run(cli: &Cli, args: &MigrateArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let Some(log) = loaded.region.log_of_record.as_ref() else {
        return Err(Failure::bad_input(
            "the configuration names no log of record: set [storage] engine = \"postgres\" \
             with its connection string first (docs/operations.md, \"Two sites\")",
        ));
    };
    let path = context::database_path(cli, Some(&loaded))?;
    // A region new to beredskap has no log yet: an empty one is copied (and the schema
    // installed with --install).
    let local = Store::open(&path)?;
    let checked = local.verify(None)?;
    if !checked.intact() {
        return Err(Failure::with(
            code::FAILURE,
            format!(
                "{} does not verify (run `beredskap log verify`): nothing was copied",
                path.display()
            ),
        ));
    }
    let mut remote = RemoteLog::connect(&RemoteConfig::from(log))?;
    if args.install {
        remote.install(args.app_role.as_deref())?;
    }
    eprintln!(
        "copying {} events from {} into the log of record …",
        checked.events_checked,
        path.display()
    );
    let copied = local.copy_to_remote(&mut remote)?;
    let there = remote.verify()?;
    let here = local
        .head()?
        .unwrap_or((0, crate::store::chain::GENESIS.to_string()));
    let (there_id, there_hash) = (
        there.head_id.unwrap_or(0),
        there
            .head_hash
            .clone()
            .unwrap_or_else(|| crate::store::chain::GENESIS.to_string()),
    );
    println!(
        "copied {copied} events; the log of record holds {} events, head #{there_id} {there_hash}",
        there.events_checked
    );
    if let Some(why) = there.first_break {
        return Err(Failure::with(
            code::FAILURE,
            format!("the log of record does not verify: {why}"),
        ));
    }
    if (there_id, there_hash.as_str()) != (here.0, here.1.as_str()) {
        return Err(Failure::with(
            code::FAILURE,
            format!(
                "this host's log ends at #{} {}, the log of record at #{} {}",
                here.0, here.1, there_id, there_hash
            ),
        ));
    }
    println!("both verify, with the same head: this host now writes through the log of record");
    Ok(code::OK)
}

/// `beredskap log copy --to sqlite FILE`: the log of record into a new SQLite file, which
/// then stands alone (it follows nothing: a copy, not a host's read model).
pub fn copy(cli: &Cli, args: &CopyArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let Some(log) = loaded.region.log_of_record.as_ref() else {
        return Err(Failure::bad_input(
            "the configuration names no log of record to copy ([storage] engine = \"postgres\")",
        ));
    };
    if args.file.exists() || args.file.symlink_metadata().is_ok() {
        return Err(Failure::bad_input(format!(
            "{} exists: the copy goes into a new file, nothing was written",
            args.file.display()
        )));
    }
    let mut copy = Store::open(&args.file)?;
    let remote = RemoteLog::connect(&log.into())?;
    eprintln!("copying the log of record into {} …", args.file.display());
    copy.attach_remote(remote)?;
    copy.stand_alone()?;
    let checked = copy.verify(None)?;
    let head = copy
        .head()?
        .unwrap_or((0, crate::store::chain::GENESIS.to_string()));
    if !checked.intact() {
        return Err(Failure::with(
            code::BROKEN,
            format!("the copy {} does not verify", args.file.display()),
        ));
    }
    println!(
        "copied {} events into {}; it verifies, head #{} {}",
        checked.events_checked,
        args.file.display(),
        head.0,
        head.1
    );
    Ok(code::OK)
}
