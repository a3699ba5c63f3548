//! `beredskap maintenance add | end | list`; a run-time window is also silenced in the
//! region's Alertmanager when a source gives its `api` (ops::silence).

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
    let rt = super::runtime()?;
    for (source, api) in crate::ops::silence::silencing_sources(&loaded.region) {
        let wanted = crate::model::silence::for_window(
            &loaded.region,
            &source.id,
            event.id,
            &window.systems,
            (from, to),
            window.reason.trim(),
            &actor.account,
        );
        if wanted.is_empty() {
            continue;
        }
        let made = rt.block_on(crate::ops::silence::create(api, &wanted));
        match &made.1 {
            None => println!(
                "silenced in {} ({api}): {} silence(s)",
                source.id,
                made.0.len()
            ),
            Some(e) => eprintln!(
                "warning: could not silence the alerts in {}: {e}; the window stands in beredskap",
                source.id
            ),
        }
        crate::ops::silence::record(&mut store, &actor, true, event.id, &source.id, made, now)?;
    }
    Ok(code::OK)
}

/// Ends a run-time window now and expires its silences.
pub fn end(cli: &Cli, window: &str, reason: &str) -> Result<u8, Failure> {
    let id: i64 = window
        .trim_start_matches('#')
        .parse()
        .map_err(|_| Failure::bad_input(format!("`{window}` is not a window's number (#12)")))?;
    let loaded = context::load_config(cli)?;
    let actor = context::actor(cli, &loaded)?;
    let now = Utc::now();
    let mut store = context::open_for_writing(cli, &loaded)?;
    let before = store.runtime_window(id)?;
    crate::ops::maintenance::end_window(&mut store, &actor, id, reason, now)?;
    println!("maintenance window #{id} ended");
    let silences = before.map(|w| w.silences).unwrap_or_default();
    let mut sources: Vec<&str> = silences.iter().map(|s| s.source.as_str()).collect();
    sources.dedup();
    let rt = super::runtime()?;
    for source in sources {
        let ids: Vec<String> = silences
            .iter()
            .filter(|s| s.source == source)
            .map(|s| s.id.clone())
            .collect();
        let api = crate::ops::silence::silencing_sources(&loaded.region)
            .find(|(s, _)| s.id == source)
            .map(|(_, api)| api.to_string());
        let error = match &api {
            Some(api) => rt.block_on(crate::ops::silence::expire(api, &ids)),
            None => Some(format!(
                "the source `{source}` no longer gives its api in [[receiver.sources]]"
            )),
        };
        match &error {
            None => println!("the silences in {source} expired"),
            Some(e) => eprintln!("warning: could not expire the silences in {source}: {e}"),
        }
        crate::ops::silence::record(&mut store, &actor, false, id, source, (ids, error), now)?;
    }
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
        Ok(store) => store
            .runtime_window_ids(now)?
            .into_iter()
            .map(|id| store.runtime_window(id))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect(),
        Err(_) => Vec::new(),
    };
    if added.is_empty() {
        println!("  (none)");
    }
    for w in added {
        let active = if w.from <= now { "  [active now]" } else { "" };
        let silenced = if w.silences.is_empty() {
            String::new()
        } else {
            format!("  [{} silence(s) in Alertmanager]", w.silences.len())
        };
        println!(
            "  #{}  {}: {} – {} — {}{active}{silenced}",
            w.id,
            systems(&w.systems),
            local(w.from),
            local(w.to),
            w.reason
        );
    }
    Ok(code::OK)
}
