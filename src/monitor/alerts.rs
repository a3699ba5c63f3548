//! Alert checks: not probed, read. The alerts the region's monitoring sent (`beredskap
//! ingest`, the receiver) are in the alerts table; a check takes the firing ones of its
//! source that match its selector: down for any that is not a warning, degraded for a
//! warning, unknown when the newest of them was not re-sent within `stale_after` (the
//! source has gone quiet: never silently down or up), else up.

use crate::model::alert::Selector;
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
) -> (Verdict, String) {
    let mut matching: Vec<&Stored> = firing
        .iter()
        .filter(|a| selector.matches(&a.labels))
        .collect();
    if matching.is_empty() {
        return (Verdict::Ok, "no alert firing".into());
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
        return (
            Verdict::Unknown,
            format!(
                "the source is silent: the alert was last sent at {}",
                newest.format("%Y-%m-%d %H:%M UTC")
            ),
        );
    }
    let more = if matching.len() > 1 {
        format!(" (+{} more)", matching.len() - 1)
    } else {
        String::new()
    };
    let verdict = if worst.warning {
        Verdict::Warn
    } else {
        Verdict::Fail
    };
    (verdict, format!("alert: {}{more}", worst.summary))
}

/// Reads the firing alerts of `source` from the log at `log` and judges them.
pub fn observe(
    log: &Path,
    source: &str,
    selector: &str,
    stale_after: Option<Duration>,
) -> Observation {
    let started = std::time::Instant::now();
    let (verdict, message) = match (
        Selector::parse(selector),
        crate::store::alerts::firing(log, source),
    ) {
        (Ok(s), Ok(firing)) => verdict(&firing, &s, stale_after, Utc::now()),
        (Err(e), _) => (
            Verdict::Unknown,
            format!("the selector cannot be read: {}", e.message),
        ),
        (_, Err(e)) => (Verdict::Unknown, format!("cannot read the alerts: {e}")),
    };
    Observation {
        verdict,
        message,
        latency: started.elapsed(),
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
        assert_eq!(m, "alert: lis critical (+1 more)");
        assert_eq!(verdict(&[], &lis, None, now).0, Verdict::Ok);
        // Not re-sent within 4 minutes: the source has gone quiet.
        let (v, m) = verdict(&firing, &lis, Some(Duration::from_secs(240)), now);
        assert_eq!(v, Verdict::Unknown);
        assert!(m.contains("02:25 UTC"), "{m}");
        assert_eq!(
            verdict(&firing, &lis, Some(Duration::from_secs(600)), now).0,
            Verdict::Fail
        );
    }
}
