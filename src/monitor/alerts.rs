//! Alert checks: not probed, read. The alerts the region's monitoring sent (`beredskap
//! ingest`, the receiver) are in the alerts table; a check takes the firing ones of its
//! source that match its selector: down for any that is not a warning, degraded for a
//! warning, unknown when the newest of them was not re-sent within `stale_after` (the
//! source has gone quiet: never silently down or up), else up. When the region watches the
//! source's Watchdog (a heartbeat check on `SOURCE.watchdog`), a Watchdog overdue makes every
//! alert check of the source unknown too — the monitoring that would raise the alerts is
//! itself silent, so "no alert firing" would be a false "all up".

use crate::model::alert::Selector;
use crate::model::finding::Finding;
use crate::model::health::{Observation, Verdict};
use crate::store::alerts::Stored;
use chrono::{DateTime, Utc};
use std::path::Path;
use std::time::Duration;

/// The verdict from the firing alerts of the check's source.
pub fn verdict(
    firing: &[Stored],
    selector: &Selector,
    stale_after: Option<Duration>,
    now: DateTime<Utc>,
) -> (Verdict, Finding) {
    let mut matching: Vec<&Stored> = firing
        .iter()
        .filter(|a| selector.matches(&a.labels))
        .collect();
    if matching.is_empty() {
        return (Verdict::Ok, Finding::NoAlertFiring);
    }
    // The worst first, then the newest.
    matching.sort_by_key(|a| (a.warning, std::cmp::Reverse(a.last_seen)));
    let worst = matching[0];
    let newest = matching
        .iter()
        .map(|a| a.last_seen)
        .max()
        .unwrap_or(worst.last_seen);
    if let Some(stale) = stale_after.and_then(|d| chrono::Duration::from_std(d).ok())
        && now - newest > stale
    {
        return (Verdict::Unknown, Finding::AlertStale { last_sent: newest });
    }
    let verdict = if worst.warning {
        Verdict::Warn
    } else {
        Verdict::Fail
    };
    (
        verdict,
        Finding::Alert {
            summary: worst.summary.clone(),
            more: matching.len() - 1,
        },
    )
}

/// The source's Watchdog as the region watches it: its heartbeat's period and grace, and
/// since when this monitor watches (a Watchdog never seen gets one period from then).
#[derive(Debug, Clone, Copy)]
pub struct Watchdog {
    pub period: Duration,
    pub grace: Duration,
    pub watching_since: DateTime<Utc>,
}

/// Unknown when the source's Watchdog is overdue (or never came past one period), or came
/// resolved (the pipeline says it is broken); none while it arrives in time.
pub fn silent_watchdog(
    last: Option<&crate::store::heartbeats::Ping>,
    w: &Watchdog,
    now: DateTime<Utc>,
) -> Option<(Verdict, Finding)> {
    let allowed = chrono::Duration::from_std(w.period + w.grace).unwrap_or(chrono::Duration::MAX);
    let finding = match last {
        None if now - w.watching_since <= allowed => return None,
        None => Finding::WatchdogNever,
        Some(p) if now - p.at > allowed => Finding::WatchdogOverdue { last: p.at },
        Some(p) if !p.ok => Finding::WatchdogResolved,
        Some(_) => return None,
    };
    Some((Verdict::Unknown, finding))
}

/// Reads the firing alerts of `source` from the log at `log` and judges them.
pub fn observe(
    log: &Path,
    source: &str,
    selector: &str,
    stale_after: Option<Duration>,
    watchdog: Option<Watchdog>,
) -> Observation {
    let started = std::time::Instant::now();
    let now = Utc::now();
    let silent = watchdog.and_then(|w| {
        let id = crate::ops::alert::watchdog_heartbeat(source);
        match crate::store::heartbeats::read_last_ping(log, &id) {
            Ok(last) => silent_watchdog(last.as_ref(), &w, now),
            Err(e) => Some((
                Verdict::Unknown,
                Finding::HeartbeatUnreadable {
                    cause: e.to_string(),
                },
            )),
        }
    });
    if let Some((verdict, finding)) = silent {
        return Observation {
            verdict,
            finding,
            latency: started.elapsed(),
        };
    }
    let (verdict, finding) = match (
        Selector::parse(selector),
        crate::store::alerts::firing(log, source),
    ) {
        (Ok(s), Ok(mut firing)) => {
            overlay_owed(log, source, &mut firing);
            verdict(&firing, &s, stale_after, now)
        }
        (Err(e), _) => (
            Verdict::Unknown,
            Finding::SelectorUnreadable { cause: e.message },
        ),
        (_, Err(e)) => (
            Verdict::Unknown,
            Finding::AlertsUnreadable {
                cause: e.to_string(),
            },
        ),
    };
    Observation {
        verdict,
        finding,
        latency: started.elapsed(),
    }
}

/// The alerts the receiver accepted while the log was held (its spool, `ops::owed`) count as
/// if recorded: an alert never waits for a person's stopped process.
fn overlay_owed(log: &Path, source: &str, firing: &mut Vec<Stored>) {
    let Some(spool) = crate::ops::spool::Spool::existing(log) else {
        return;
    };
    for (at, a) in spool.owed_alerts(source) {
        firing.retain(|f| f.fingerprint != a.fingerprint);
        if a.firing {
            firing.push(Stored {
                warning: crate::model::alert::is_warning(&a.labels),
                fingerprint: a.fingerprint,
                labels: a.labels,
                summary: a.summary,
                last_seen: at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn alert(job: &str, severity: &str, minute: u32) -> Stored {
        Stored {
            fingerprint: format!("{job}-{severity}"),
            labels: [("job", job), ("severity", severity)]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            summary: format!("{job} {severity}"),
            warning: severity == "warning",
            last_seen: Utc
                .with_ymd_and_hms(2026, 12, 2, 2, minute, 0)
                .single()
                .unwrap(),
        }
    }

    #[test]
    fn a_silent_watchdog_makes_the_source_s_checks_unknown_never_up() {
        let at = |m: u32| Utc.with_ymd_and_hms(2026, 12, 2, 2, m, 0).single().unwrap();
        let w = Watchdog {
            period: Duration::from_secs(300),
            grace: Duration::from_secs(120),
            watching_since: at(0),
        };
        let ping = |m: u32, ok: bool| crate::store::heartbeats::Ping {
            at: at(m),
            ok,
            message: String::new(),
            pings: 1,
            sender: "alertmanager".into(),
        };
        assert_eq!(silent_watchdog(None, &w, at(5)), None, "waiting one period");
        assert!(
            silent_watchdog(None, &w, at(8))
                .unwrap()
                .1
                .to_string()
                .contains("has not come")
        );
        assert_eq!(silent_watchdog(Some(&ping(10, true)), &w, at(15)), None);
        let (v, m) = silent_watchdog(Some(&ping(10, true)), &w, at(18)).unwrap();
        assert_eq!(v, Verdict::Unknown);
        assert!(
            m.to_string()
                .contains("no Watchdog since 2026-12-02 02:10 UTC"),
            "{m}"
        );
        assert!(
            silent_watchdog(Some(&ping(10, false)), &w, at(11))
                .unwrap()
                .1
                .to_string()
                .contains("resolved")
        );
    }

    #[test]
    fn the_worst_matching_alert_decides_and_a_silent_source_is_unknown() {
        let lis = Selector::parse(r#"{job="lis"}"#).unwrap();
        let now = Utc
            .with_ymd_and_hms(2026, 12, 2, 2, 30, 0)
            .single()
            .unwrap();
        let firing = vec![alert("lis", "warning", 20), alert("pacs", "critical", 25)];
        assert_eq!(verdict(&firing, &lis, None, now).0, Verdict::Warn);
        let firing = vec![alert("lis", "warning", 20), alert("lis", "critical", 25)];
        let (v, m) = verdict(&firing, &lis, None, now);
        assert_eq!(v, Verdict::Fail);
        assert_eq!(m.to_string(), "alert: lis critical (+1 more)");
        assert_eq!(verdict(&[], &lis, None, now).0, Verdict::Ok);
        // Not re-sent within 4 minutes: the source has gone quiet.
        let (v, m) = verdict(&firing, &lis, Some(Duration::from_secs(240)), now);
        assert_eq!(v, Verdict::Unknown);
        assert!(m.to_string().contains("02:25 UTC"), "{m}");
        assert_eq!(
            verdict(&firing, &lis, Some(Duration::from_secs(600)), now).0,
            Verdict::Fail
        );
    }
}
