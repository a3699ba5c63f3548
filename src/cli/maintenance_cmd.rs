//! `beredskap maintenance add | list`.

use super::args::MaintenanceAddArgs;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::maintenance::Schedule;
use crate::model::timespec::parse_time;
use crate::ops::maintenance::{NewWindow, add_window};
use chrono::Utc;

pub fn add(cli: &Cli, args: &MaintenanceAddArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let actor = context::actor(cli, &loaded)?;
    let tz = loaded.region.site.time_zone;
    let now = Utc::now();
    let from =
        parse_time(&args.from, tz, now).map_err(|e| Failure::bad_input(format!("--from: {e}")))?;
    let to = parse_time(&args.to, tz, now).map_err(|e| Failure::bad_input(format!("--to: {e}")))?;
    let window = NewWindow {
        systems: if args.all {
            Vec::new()
        } else {
            args.systems.clone()
        },
        from,
        to,
        reason: args.reason.clone(),
    };
    let mut store = context::open_for_writing(cli, &loaded)?;
    let event = add_window(&mut store, &loaded.region, &actor, &window, now)?;
    let local =
        |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    println!(
        "maintenance window added as event #{}: {} from {} to {}",
        event.id,
        if window.systems.is_empty() {
            "every system".to_string()
        } else {
            window.systems.join(", ")
        },
        local(from),
        local(to)
    );
    Ok(code::OK)
}

pub fn list(cli: &Cli) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let tz = loaded.region.site.time_zone;
    let now = Utc::now();
    let local =
        |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let systems = |s: &[String]| {
        if s.is_empty() {
            "every system".to_string()
        } else {
            s.join(", ")
        }
    };
    println!("configured:");
    if loaded.region.maintenance.is_empty() {
        println!("  (none)");
    }
    for w in &loaded.region.maintenance {
        let when = match &w.schedule {
            Schedule::Once { from, to } => format!("{} – {}", local(*from), local(*to)),
            Schedule::Weekly {
                weekdays,
                start,
                duration,
            } => format!(
                "every {} at {} for {}",
                weekdays
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                start.format("%H:%M"),
                crate::model::duration::format_duration(duration.to_std().unwrap_or_default())
            ),
        };
        let active = if w.active_at(now, tz).is_some() {
            "  [active now]"
        } else {
            ""
        };
        println!("  {}: {when} — {}{active}", systems(&w.systems), w.reason);
    }
    println!("added at run time (current and future):");
    let added = match context::open_for_reading(cli, Some(&loaded)) {
        Ok(store) => store.runtime_maintenance(now)?,
        Err(_) => Vec::new(),
    };
    if added.is_empty() {
        println!("  (none)");
    }
    for w in added {
        if let Schedule::Once { from, to } = w.schedule {
            let active = if from <= now { "  [active now]" } else { "" };
            println!(
                "  {}: {} – {} — {}{active}",
                systems(&w.systems),
                local(from),
                local(to),
                w.reason
            );
        }
    }
    Ok(code::OK)
}
