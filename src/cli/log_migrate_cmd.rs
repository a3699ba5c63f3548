//! `beredskap log migrate --to postgres` (issue 34): this host's log copied into the log of
//! record the configuration names (`[storage] engine = "postgres"`), every event with its
//! id and hash, each checked against the one before it; then the chain verified on both
//! sides. Run it once when a region moves from one host to two sites; again, it copies only
//! what is not there yet, and refuses a log of record on another chain.

use super::args::MigrateArgs;
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
    let local = Store::open_existing(&path)?;
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
    let mut remote = RemoteLog::connect(&RemoteConfig {
        conninfo: log.conninfo.clone(),
        password_file: log.password_file.clone(),
    })?;
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
    println!(
        "copied {copied} events; the log of record holds {} events, head #{} {}",
        there.events, there.head_id, there.head_hash
    );
    if let Some(why) = there.first_break {
        return Err(Failure::with(
            code::FAILURE,
            format!("the log of record does not verify: {why}"),
        ));
    }
    if (there.head_id, there.head_hash.as_str()) != (here.0, here.1.as_str()) {
        return Err(Failure::with(
            code::FAILURE,
            format!(
                "this host's log ends at #{} {}, the log of record at #{} {}",
                here.0, here.1, there.head_id, there.head_hash
            ),
        ));
    }
    println!("both verify, with the same head: this host now writes through the log of record");
    Ok(code::OK)
}
