//! Heartbeat checks (dead man's switches): not probed, read. A job pings `beredskap
//! heartbeat ID` when it has run (`--fail` when it ran and failed); the check is down when
//! the last ping failed or none came within `period + grace`, and says since when.

use crate::model::finding::Finding;
use crate::model::health::{Observation, Verdict};
use crate::store::heartbeats::Ping;
use chrono::{DateTime, Utc};
use std::path::Path;
use std::time::Duration;

/// The verdict on heartbeat `id` from its last ping, at `now`. `watching_since`: when this
/// monitor began watching (a heartbeat never pinged is given one period and its grace from
/// then before it counts as silent).
pub fn verdict(
    last: Option<&Ping>,
    period: Duration,
    grace: Duration,
    now: DateTime<Utc>,
    watching_since: DateTime<Utc>,
) -> (Verdict, Finding) {
    let allowed = chrono::Duration::from_std(period + grace).unwrap_or(chrono::Duration::MAX);
    match last {
        None if now - watching_since <= allowed => (Verdict::Unknown, Finding::HeartbeatWaiting),
        None => (Verdict::Fail, Finding::HeartbeatNever),
        Some(p) if now - p.at > allowed => {
            (Verdict::Fail, Finding::HeartbeatOverdue { last: p.at })
        }
        Some(p) if !p.ok => (
            Verdict::Fail,
            Finding::JobFailed {
                at: p.at,
                sender: p.sender.clone(),
                message: p.message.clone(),
            },
        ),
        Some(p) => (
            Verdict::Ok,
            Finding::Heartbeat {
                at: p.at,
                sender: p.sender.clone(),
            },
        ),
    }
}

/// Reads the last ping from the log at `log` and judges it.
pub fn observe(
    log: &Path,
    id: &str,
    period: Duration,
    grace: Duration,
    watching_since: DateTime<Utc>,
) -> Observation {
    let started = std::time::Instant::now();
    let (verdict, finding) = match crate::store::heartbeats::read_last_ping(log, id) {
        Ok(last) => verdict(last.as_ref(), period, grace, Utc::now(), watching_since),
        Err(e) => (
            Verdict::Unknown,
            Finding::HeartbeatUnreadable {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).single().unwrap()
    }

    fn ping(at: DateTime<Utc>, ok: bool) -> Ping {
        Ping {
            at,
            ok,
            message: if ok {
                String::new()
            } else {
                "disk full".into()
            },
            pings: 1,
            sender: "backup".into(),
        }
    }

    #[test]
    fn a_heartbeat_is_down_after_its_period_and_grace_and_says_since_when() {
        let (period, grace) = (Duration::from_secs(3600), Duration::from_secs(600));
        let p = ping(at(2, 10), true);
        // Within period + grace: up.
        assert_eq!(
            verdict(Some(&p), period, grace, at(3, 19), at(0, 0)).0,
            Verdict::Ok
        );
        assert_eq!(
            verdict(Some(&p), period, grace, at(3, 20), at(0, 0)).0,
            Verdict::Ok
        );
        // One minute past: down, naming the last ping.
        let (v, m) = verdict(Some(&p), period, grace, at(3, 21), at(0, 0));
        assert_eq!(v, Verdict::Fail);
        assert_eq!(m.to_string(), "no heartbeat since 2026-12-02 02:10 UTC");
        // A ping saying it failed is down at once, with what it said.
        let (v, m) = verdict(
            Some(&ping(at(2, 10), false)),
            period,
            grace,
            at(2, 11),
            at(0, 0),
        );
        assert_eq!(v, Verdict::Fail);
        // Who sent it, after the time.
        assert!(
            m.to_string()
                .ends_with("at 2026-12-02 02:10 UTC (backup): disk full"),
            "{m}"
        );
        // Never pinged: unknown for one period and its grace from when the watch began,
        // then down.
        assert_eq!(
            verdict(None, period, grace, at(1, 0), at(0, 0)).0,
            Verdict::Unknown
        );
        assert_eq!(
            verdict(None, period, grace, at(1, 11), at(0, 0)).0,
            Verdict::Fail
        );
    }

    /// On tokio's paused clock: the monitor's scheduler runs the heartbeat check every
    /// second; a job pings every 5 s for 20 s and stops. Up while it pings, down once the
    /// period (10 s) and grace (5 s) after its last ping have passed, never before.
    #[tokio::test(start_paused = true)]
    async fn a_job_that_stops_pinging_is_down_after_period_and_grace() {
        use crate::model::check::{CheckKind, CheckSpec};
        use crate::monitor::scheduler::{Job, Limits, Prober, SchedulerStats, run};
        use std::sync::{Arc, Mutex};
        let (period, grace) = (Duration::from_secs(10), Duration::from_secs(5));
        let t0 = at(2, 0);
        let start = tokio::time::Instant::now();
        let virtual_now =
            move || t0 + chrono::Duration::from_std(start.elapsed()).unwrap_or_default();
        let last: Arc<Mutex<Option<Ping>>> = Arc::new(Mutex::new(None));
        let pinger = {
            let last = last.clone();
            tokio::spawn(async move {
                for _ in 0..=4 {
                    *last.lock().unwrap() = Some(ping(virtual_now(), true));
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            })
        };
        let seen: Arc<Mutex<Vec<(u128, Verdict)>>> = Arc::new(Mutex::new(Vec::new()));
        let prober: Prober = {
            let (last, seen) = (last.clone(), seen.clone());
            Arc::new(move |_| {
                let (last, seen) = (last.clone(), seen.clone());
                Box::pin(async move {
                    let now = virtual_now();
                    let (v, finding) =
                        verdict(last.lock().unwrap().as_ref(), period, grace, now, t0);
                    seen.lock().unwrap().push((start.elapsed().as_millis(), v));
                    crate::model::health::Observation {
                        verdict: v,
                        finding,
                        latency: Duration::ZERO,
                    }
                })
            })
        };
        let jobs = Arc::new(vec![Job {
            system: Some("backup".into()),
            spec: CheckSpec {
                name: "livssignal".into(),
                kind: CheckKind::Heartbeat {
                    id: "backup-natt".into(),
                    period,
                    grace,
                    senders: vec!["backup".into()],
                },
                interval: Duration::from_secs(1),
                timeout: Duration::from_secs(1),
                failure_threshold: 1,
                success_threshold: 1,
            },
        }]);
        let (tx, mut rx) = tokio::sync::mpsc::channel(10_000);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let limits = Limits {
            max_in_flight: 10,
            max_per_target: 10,
        };
        let handle = tokio::spawn(run(
            jobs,
            limits,
            prober,
            tx,
            stop_rx,
            Arc::new(SchedulerStats::default()),
        ));
        tokio::time::sleep(Duration::from_secs(60)).await;
        let _ = stop_tx.send(true);
        let _ = handle.await;
        let _ = pinger.await;
        while rx.try_recv().is_ok() {}
        let seen = seen.lock().unwrap().clone();
        assert!(seen.len() >= 55, "{} checks in 60 s", seen.len());
        // The last ping at 20 s: up through 35 s (period + grace), down after.
        for (t, v) in &seen {
            let want = if *t <= 35_000 {
                Verdict::Ok
            } else {
                Verdict::Fail
            };
            assert_eq!(*v, want, "at {t} ms");
        }
        assert!(
            seen.iter()
                .any(|(t, v)| (35_000..37_000).contains(t) && *v == Verdict::Fail),
            "down within the check's interval of the deadline"
        );
    }
}
