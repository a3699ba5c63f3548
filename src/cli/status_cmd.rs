//! `beredskap status`: what the monitor has recorded, how fresh it is, who runs it.

use super::args::StatusArgs;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::i18n::cli::Said;
use crate::i18n::{Lang, T};
use crate::model::duration::format_duration;
use crate::model::health::Health;
use crate::model::region::Region;
use crate::store::{MonitorState, StatusRow};
use chrono::{DateTime, Utc};

/// How the monitor's data stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    NeverRan,
    Stale { since: DateTime<Utc> },
    Blind { since: DateTime<Utc> },
    Fresh { at: DateTime<Utc> },
}

pub fn freshness(state: Option<&MonitorState>, region: &Region, now: DateTime<Utc>) -> Freshness {
    let Some(s) = state else {
        return Freshness::NeverRan;
    };
    // Three missed lease renewals (and a flush) without a report: nobody is watching.
    let limit = chrono::Duration::from_std(region.monitor.lease_interval * 3)
        .unwrap_or(chrono::Duration::MAX)
        + chrono::Duration::seconds(2);
    if now - s.last_report > limit {
        Freshness::Stale {
            since: s.last_report,
        }
    } else if s.blind {
        Freshness::Blind {
            since: s.last_report,
        }
    } else {
        Freshness::Fresh { at: s.last_report }
    }
}

fn ago(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    format_duration((now - t).to_std().unwrap_or_default())
}

pub fn run(cli: &Cli, args: &StatusArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let tz = region.site.time_zone;
    let store = context::open_for_reading(cli, Some(&loaded))?;
    let now = Utc::now();
    let rows = store.status_rows()?;
    // By system (a region may have thousands: a search per system was most of the cost).
    let rows: std::collections::HashMap<&str, &StatusRow> =
        rows.iter().map(|r| (r.system_id.as_str(), r)).collect();
    let state = store.monitor_state()?;
    let lease = store.lease()?;
    let uptime: std::collections::HashMap<String, f64> = store
        .uptime_since(now - chrono::Duration::hours(24))?
        .into_iter()
        .collect();
    let fresh = freshness(state.as_ref(), region, now);
    // Another process holding the log's write lock (a stopped writer, say): named, so an
    // administrator can act; the monitor pages all the same.
    let locked = crate::store::lock_holder::write_lock_holder(store.path());
    let blind = matches!(fresh, Freshness::Blind { .. });
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();

    if args.json {
        let systems = region
            .systems
            .iter()
            .map(|s| {
                let row = rows.get(s.id.as_str()).copied();
                SystemJson {
                    system: &s.id,
                    name: &s.name,
                    health: if blind {
                        Some(Health::Unknown)
                    } else {
                        row.map(|r| r.health)
                    },
                    recorded: row,
                    uptime_24h: uptime.get(&s.id).copied(),
                    checks: s.checks.len(),
                }
            })
            .collect();
        let monitor = match fresh {
            Freshness::NeverRan => MonitorJson::NeverRan,
            Freshness::Stale { since } => MonitorJson::Stale { last_report: since },
            Freshness::Blind { since } => MonitorJson::Blind { last_report: since },
            Freshness::Fresh { at } => MonitorJson::Fresh { last_report: at },
        };
        // As every line of `status`: control and direction characters shown, never obeyed.
        let out = super::json_of(&StatusJson {
            monitor,
            lease,
            log_lock: locked.as_ref().map(|h| LockJson {
                pid: h.pid,
                account: &h.account,
            }),
            systems,
        })?;
        println!("{out}");
    } else {
        let lang = context::lang(cli, Some(region));
        let say = |s: Said<'_>| crate::i18n::cli::say(lang, &s);
        if let Some(h) = &locked {
            // How long nothing has been written, as far as the monitor's reports tell.
            let quiet = match &fresh {
                Freshness::Stale { since } | Freshness::Blind { since } => Some(ago(now, *since)),
                Freshness::Fresh { at } => Some(ago(now, *at)),
                Freshness::NeverRan => None,
            };
            let quiet = quiet.map(|q| say(Said::LastWrite { ago: &q }));
            println!(
                "!! {} {h}{} — {}",
                lang.t(crate::i18n::T::BannerLockedBy),
                quiet.unwrap_or_default(),
                lang.t(crate::i18n::T::BannerLockedAlarms)
            );
        }
        let line = match &fresh {
            Freshness::NeverRan => say(Said::NoMonitor),
            Freshness::Stale { since } => say(Said::Stale {
                since: &local(*since),
                ago: &ago(now, *since),
            }),
            Freshness::Blind { since } => say(Said::Blind {
                ago: &ago(now, *since),
            }),
            Freshness::Fresh { at } => say(Said::Fresh {
                ago: &ago(now, *at),
            }),
        };
        println!("{line}");
        if let Some(l) = &lease {
            println!(
                "{}",
                say(Said::Lease {
                    holder: &l.holder,
                    current: l.expires_at > now,
                    token: l.token,
                    ago: &ago(now, l.renewed_at),
                })
            );
        }
        println!();
        print_table(lang, region, &rows, &uptime, blind, now);
    }
    Ok(if matches!(fresh, Freshness::Fresh { .. }) {
        code::OK
    } else {
        code::BROKEN
    })
}

fn print_table(
    lang: Lang,
    region: &Region,
    rows: &std::collections::HashMap<&str, &StatusRow>,
    uptime: &std::collections::HashMap<String, f64>,
    blind: bool,
    now: DateTime<Utc>,
) {
    let w = region
        .systems
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let header = crate::i18n::cli::say(lang, &Said::StatusHeader);
    let h: Vec<&str> = header.split('|').collect();
    println!(
        "{:<w$}  {:<13} {:>8}  {:>8}  {}",
        h[0], h[1], h[2], h[3], h[4]
    );
    let tz = region.site.time_zone;
    let mut lines: Vec<(u8, String)> = region
        .systems
        .iter()
        .map(|s| {
            let row = rows.get(s.id.as_str()).copied();
            let (health, since, detail) = match row {
                _ if s.checks.is_empty() => (
                    Health::Unknown,
                    String::from("-"),
                    lang.t(T::NoChecks).to_string(),
                ),
                None => (
                    Health::Unknown,
                    String::from("-"),
                    lang.t(T::NotChecked).to_string(),
                ),
                Some(r) => {
                    let say = |s: Said<'_>| crate::i18n::cli::say(lang, &s);
                    let mut d = format!(
                        "{}: {}",
                        r.check_name,
                        crate::i18n::finding::shown(lang, tz, &r.finding)
                    );
                    if !r.impacted_by.is_empty() {
                        let names: Vec<&str> = r
                            .impacted_by
                            .iter()
                            .map(|id| region.system(id).map_or(id.as_str(), |x| x.name.as_str()))
                            .collect();
                        d.push_str(&say(Said::ImpactedBy(&names.join(", "))));
                    }
                    if r.flapping {
                        d.push_str(&say(Said::Flapping));
                    }
                    if let Some(m) = &r.maintenance {
                        d.push_str(&say(Said::Maintenance(m)));
                    }
                    (
                        r.health,
                        format_duration((now - r.shown_since()).to_std().unwrap_or_default()),
                        d,
                    )
                }
            };
            let shown = if blind { Health::Unknown } else { health };
            let up = uptime
                .get(&s.id)
                .map(|u| format!("{:.1}%", u * 100.0))
                .unwrap_or_else(|| "-".into());
            // Up by its own checks while one it depends on is down: not "up", as the
            // console says too, and before the unaffected.
            let impacted =
                row.is_some_and(|r| crate::model::follow_on::is_impacted(shown, &r.impacted_by));
            let status = if impacted {
                format!("◆ {}", lang.t(T::StateImpacted))
            } else {
                format!(
                    "{} {}",
                    crate::tui::theme::Theme::symbol(shown),
                    lang.health(shown)
                )
            };
            let rank = match shown {
                Health::Down => 0,
                Health::Degraded => 1,
                Health::Unknown => 2,
                Health::Maintenance => 3,
                Health::Up if impacted => 4,
                Health::Up => 5,
            };
            (
                rank,
                format!("{:<w$}  {status:<13} {since:>8}  {up:>8}  {detail}", s.id),
            )
        })
        .collect();
    lines.sort_by_key(|(rank, _)| *rank);
    // One write for the table, not one a line: stdout is line-buffered, and 5,000 systems
    // were 5,000 writes to the pipe.
    let mut table = String::with_capacity(lines.len() * 96);
    for (_, line) in lines {
        table.push_str(&crate::model::shown::line(&line));
        table.push('\n');
    }
    std::print!("{table}");
}

/// `status --json`: the monitor's state, the lease, who holds the log's write lock, and
/// every system (docs/monitoring.md).
#[derive(serde::Serialize)]
struct StatusJson<'a> {
    monitor: MonitorJson,
    lease: Option<crate::store::LeaseInfo>,
    log_lock: Option<LockJson<'a>>,
    systems: Vec<SystemJson<'a>>,
}

/// Whether the monitor reports, and when it last did.
#[derive(serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum MonitorJson {
    NeverRan,
    Stale { last_report: DateTime<Utc> },
    Blind { last_report: DateTime<Utc> },
    Fresh { last_report: DateTime<Utc> },
}

/// The process holding the log's write lock.
#[derive(serde::Serialize)]
struct LockJson<'a> {
    pid: u32,
    account: &'a str,
}

/// One system: its shown health (unknown while the monitor is blind), what was recorded,
/// its uptime over 24 hours and how many checks it has.
#[derive(serde::Serialize)]
struct SystemJson<'a> {
    system: &'a str,
    name: &'a str,
    health: Option<Health>,
    recorded: Option<&'a StatusRow>,
    uptime_24h: Option<f64>,
    checks: usize,
}
