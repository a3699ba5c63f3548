//! `beredskap check`: every check once, now, as a table; Nagios-style exit code.

use super::args::CheckArgs;
use super::shown_println as println;
use super::{Cli, Failure, context};
use crate::i18n::cli::Said;
use crate::model::duration::format_duration;
use crate::model::health::{Health, Observation, Verdict};
use crate::monitor::probe::HttpClients;
use crate::monitor::recorder::jobs_for;
use futures_util::stream::{self, StreamExt};
use std::sync::Arc;

/// Probes at once from the command line.
const PARALLEL: usize = 64;

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let lang = context::lang(cli, Some(region));
    let say = |s: Said<'_>| crate::i18n::cli::say(lang, &s);
    if let Some(id) = &args.system
        && region.system(id).is_none()
    {
        return Err(
            crate::ops::OpError::from(crate::ops::Refusal::UnknownSystem(id.clone())).into(),
        );
    }
    // Every job goes to the prober (an alert check needs its source's Watchdog, which may
    // stand on another system); only the chosen ones are run.
    let all = Arc::new(jobs_for(region));
    let chosen: Vec<usize> = (0..all.len())
        .filter(|i| args.system.is_none() || all[*i].system == args.system)
        .collect();
    if chosen.is_empty() {
        return Err(Failure::bad_input(say(Said::NoChecksConfigured)));
    }
    if !args.json {
        eprintln!("{}", say(Said::Running(chosen.len())));
    }
    // Heartbeat and alert checks are read from the log, not probed (as the monitor does).
    let db = context::database_path(cli, Some(&loaded))?;
    let prober =
        crate::monitor::scheduler::real_prober(all.clone(), Arc::new(HttpClients::default()), db);
    let jobs: Vec<_> = chosen.iter().map(|i| &all[*i]).collect();
    let results: Vec<Observation> = super::runtime()?.block_on(async {
        stream::iter(chosen.iter().map(|i| prober(*i)))
            .buffered(PARALLEL)
            .collect()
            .await
    });
    let canary = say(Said::Canary);
    let rows: Vec<(&str, &str, &Observation)> = jobs
        .iter()
        .zip(&results)
        .map(|(j, o)| {
            (
                j.system.as_deref().unwrap_or(if args.json {
                    "(canary)"
                } else {
                    canary.as_str()
                }),
                j.spec.name.as_str(),
                o,
            )
        })
        .collect();
    if args.json {
        let out: Vec<_> = rows
            .iter()
            .map(|(s, c, o)| super::json_out::Checked {
                system: s,
                check: c,
                verdict: &o.verdict,
                latency_ms: o.latency.as_millis() as u64,
                message: o.finding.to_string(),
                finding: &o.finding,
            })
            .collect();
        super::print_json(&out)?;
    } else {
        let w = rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let wc = rows
            .iter()
            .map(|r| r.1.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let header = say(Said::CheckHeader);
        let h: Vec<&str> = header.split('|').collect();
        let wc = wc.max(h[1].chars().count());
        println!(
            "{:<w$}  {:<wc$}  {:<9} {:>8}  {}",
            h[0], h[1], h[2], h[3], h[4]
        );
        let tz = region.site.time_zone;
        for (s, c, o) in &rows {
            let health = match o.verdict {
                Verdict::Ok => Health::Up,
                Verdict::Warn => Health::Degraded,
                Verdict::Fail => Health::Down,
                Verdict::Unknown => Health::Unknown,
            };
            let status = format!(
                "{} {}",
                crate::tui::theme::Theme::symbol(health),
                lang.health(health)
            );
            println!(
                "{s:<w$}  {c:<wc$}  {status:<9} {:>8}  {}",
                format_duration(o.latency),
                crate::i18n::finding::shown(lang, tz, &o.finding)
            );
        }
    }
    let worst = results.iter().map(|o| match o.verdict {
        Verdict::Ok => 0,
        Verdict::Warn => 1,
        Verdict::Unknown => 3,
        Verdict::Fail => 2,
    });
    // Nagios order of severity: down (2) > degraded (1) > unknown (3) > up (0).
    let rank = |c: u8| match c {
        2 => 3,
        1 => 2,
        3 => 1,
        _ => 0,
    };
    Ok(worst.max_by_key(|c| rank(*c)).unwrap_or(0))
}
