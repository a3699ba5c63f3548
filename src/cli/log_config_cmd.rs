//! `beredskap log config`: the configuration in force at a time, from the log alone.

use super::args::LogConfigArgs;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::timespec::parse_time;
use chrono::Utc;
use std::path::{Component, Path, PathBuf};

pub fn run(cli: &Cli, args: &LogConfigArgs) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let tz = loaded
        .as_ref()
        .map(|l| l.region.site.time_zone)
        .unwrap_or(chrono_tz::Europe::Stockholm);
    let now = Utc::now();
    let at = match &args.at {
        Some(t) => parse_time(t, tz, now).map_err(|e| Failure::bad_input(format!("--at: {e}")))?,
        None => now,
    };
    let store = context::open_for_reading(cli, loaded.as_ref())?;
    let Some((event, recorded, applied)) = store.configuration_at(at)? else {
        println!(
            "no configuration recorded at or before {} (the log has none from before then)",
            at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z")
        );
        return Ok(code::BROKEN);
    };
    if args.json {
        super::print_json(&super::json_out::ConfigInForce {
            applied: &applied,
            event,
            occurred_at: recorded,
        })?;
    } else {
        println!(
            "configuration in force at {}: {} (event #{event}, {})",
            at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z"),
            applied.digest,
            recorded.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        );
        for f in &applied.files {
            println!("  file {}  sha256 {}", f.name, f.sha256);
        }
        for p in &applied.people {
            println!("  {}: {}", p.account, p.roles.join(", "));
        }
        for t in &applied.teams {
            println!("  team {}: {}", t.id, t.members.join(", "));
        }
    }
    if let Some(dir) = &args.out_dir {
        write_files(dir, &applied.files)?;
        let main = applied
            .files
            .first()
            .map(|f| dir.join(&f.name))
            .unwrap_or_else(|| dir.join("beredskap.toml"));
        eprintln!(
            "wrote {} file(s) to {}; who was on call then: beredskap --config {} oncall --at '{}'",
            applied.files.len(),
            dir.display(),
            main.display(),
            at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        );
    }
    Ok(code::OK)
}

/// Writes the recorded files under `dir`; a name that would leave `dir` (absolute, `..`) is
/// refused, since the names come from the log.
fn write_files(dir: &Path, files: &[crate::model::payload::ConfigFile]) -> Result<(), Failure> {
    for f in files {
        let name = PathBuf::from(&f.name);
        if !name.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Failure::bad_input(format!(
                "the recorded file name {:?} leaves the directory: not written",
                f.name
            )));
        }
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::system(format!("cannot create {}: {e}", parent.display())))?;
        }
        crate::host::write_atomically(&path, f.text.as_bytes())
            .map_err(|e| Failure::system(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}
