//! Fixed-rate scheduling: each check is due at `first + k × interval` (never "interval
//! after the last one finished"), first due times spread over the interval, with a bound on
//! probes in flight overall and per target. A check whose previous probe is still running
//! when it is due again is skipped for that round (and counted).

use super::probe::{HttpClients, probe};
use crate::model::check::CheckKind;
use crate::model::check::CheckSpec;
use crate::model::health::Observation;
use crate::model::health::Verdict;
use chrono::{DateTime, Utc};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::time::Instant;

/// Something to probe: a system's check or a canary.
#[derive(Debug, Clone)]
pub struct Job {
    /// The system id, or `None` for a canary.
    pub system: Option<String>,
    pub spec: CheckSpec,
}

/// One probe's result, with when it was due and when it started.
#[derive(Debug, Clone)]
pub struct ProbeReport {
    pub job: usize,
    pub at: DateTime<Utc>,
    /// Start minus due time: how late the probe began.
    pub lag: Duration,
    pub observation: Observation,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_in_flight: usize,
    pub max_per_target: usize,
}

/// Counters the scheduler keeps.
#[derive(Debug, Default)]
pub struct SchedulerStats {
    pub started: AtomicU64,
    pub skipped_busy: AtomicU64,
}

/// A deterministic pseudo-random number from a value (golden-ratio hashing).
fn spread(value: u64) -> u64 {
    value.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11
}

/// First due offsets: the checks of one target are spaced evenly over their interval (so
/// they never bunch up against the per-target bound), and each target starts at its own
/// pseudo-random phase (so targets do not all start together).
fn first_offsets(jobs: &[Job]) -> Vec<Duration> {
    let mut by_target: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, j) in jobs.iter().enumerate() {
        by_target
            .entry(j.spec.kind.target_key())
            .or_default()
            .push(i);
    }
    let mut offsets = vec![Duration::ZERO; jobs.len()];
    for (target, members) in by_target {
        let phase = spread(
            target
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
        );
        let n = members.len() as u64;
        for (k, &i) in members.iter().enumerate() {
            let ms = jobs[i].spec.interval.as_millis().max(1) as u64;
            let even = ms * k as u64 / n;
            offsets[i] = Duration::from_millis((even + phase % ms) % ms);
        }
    }
    offsets
}

/// Probes job `index`. The real one is [`real_prober`]; tests of timing use others.
pub type Prober =
    Arc<dyn Fn(usize) -> Pin<Box<dyn Future<Output = Observation> + Send>> + Send + Sync>;

/// Probes with the real probes; heartbeat checks read their last ping from the log at
/// `log` (on a thread of their own: SQLite blocks).
pub fn real_prober(jobs: Arc<Vec<Job>>, clients: Arc<HttpClients>, log: PathBuf) -> Prober {
    let watching_since = Utc::now();
    // The Watchdogs the region watches: heartbeat checks on `SOURCE.watchdog`.
    let watchdogs: Arc<std::collections::HashMap<String, super::alerts::Watchdog>> = Arc::new(
        jobs.iter()
            .filter_map(|j| match &j.spec.kind {
                CheckKind::Heartbeat {
                    id, period, grace, ..
                } => id.strip_suffix(".watchdog").map(|source| {
                    (
                        source.to_string(),
                        super::alerts::Watchdog {
                            period: *period,
                            grace: *grace,
                            watching_since,
                        },
                    )
                }),
                _ => None,
            })
            .collect(),
    );
    Arc::new(move |index| {
        let (jobs, clients, log) = (jobs.clone(), clients.clone(), log.clone());
        let watchdogs = watchdogs.clone();
        Box::pin(async move {
            let spec = &jobs[index].spec;
            if let CheckKind::Heartbeat {
                id, period, grace, ..
            } = &spec.kind
            {
                let (id, period, grace) = (id.clone(), *period, *grace);
                return tokio::task::spawn_blocking(move || {
                    super::heartbeat::observe(&log, &id, period, grace, watching_since)
                })
                .await
                .unwrap_or_else(|e| Observation {
                    verdict: Verdict::Unknown,
                    finding: crate::model::finding::Finding::CheckStopped {
                        what: crate::model::finding::Unprobed::Heartbeat,
                        cause: e.to_string(),
                    },
                    latency: Duration::ZERO,
                });
            }
            if let CheckKind::Alert {
                source,
                selector,
                stale_after,
            } = &spec.kind
            {
                let (source, selector, stale_after) =
                    (source.clone(), selector.clone(), *stale_after);
                let watchdog = watchdogs.get(&source).copied();
                return tokio::task::spawn_blocking(move || {
                    super::alerts::observe(&log, &source, &selector, stale_after, watchdog)
                })
                .await
                .unwrap_or_else(|e| Observation {
                    verdict: Verdict::Unknown,
                    finding: crate::model::finding::Finding::CheckStopped {
                        what: crate::model::finding::Unprobed::Alert,
                        cause: e.to_string(),
                    },
                    latency: Duration::ZERO,
                });
            }
            probe(spec, &clients).await
        })
    })
}

/// Runs until `stop` turns true. Reports go to `reports`; when the receiver is gone the
/// scheduler stops too.
pub async fn run(
    jobs: Arc<Vec<Job>>,
    limits: Limits,
    prober: Prober,
    reports: mpsc::Sender<ProbeReport>,
    mut stop: watch::Receiver<bool>,
    stats: Arc<SchedulerStats>,
) {
    let global = Arc::new(Semaphore::new(limits.max_in_flight.max(1)));
    let mut per_target: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let targets: Vec<Arc<Semaphore>> = jobs
        .iter()
        .map(|j| {
            per_target
                .entry(j.spec.kind.target_key())
                .or_insert_with(|| Arc::new(Semaphore::new(limits.max_per_target.max(1))))
                .clone()
        })
        .collect();
    let busy: Arc<Vec<AtomicBool>> =
        Arc::new(jobs.iter().map(|_| AtomicBool::new(false)).collect());
    let start = Instant::now();
    let mut heap: BinaryHeap<Reverse<(Instant, usize)>> = first_offsets(&jobs)
        .into_iter()
        .enumerate()
        .map(|(i, offset)| Reverse((start + offset, i)))
        .collect();

    while let Some(Reverse((due, index))) = heap.pop() {
        tokio::select! {
            _ = tokio::time::sleep_until(due) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() || reports.is_closed() {
            return;
        }
        let job = &jobs[index];
        // Fixed rate: the next due time follows from this one, not from when it finishes.
        let mut next = due + job.spec.interval;
        let now = Instant::now();
        while next + job.spec.interval < now {
            next += job.spec.interval; // after a long stall, do not run a backlog
        }
        heap.push(Reverse((next, index)));

        if busy[index].swap(true, Ordering::AcqRel) {
            stats.skipped_busy.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let (global, target, busy) = (global.clone(), targets[index].clone(), busy.clone());
        let (prober, reports, stats) = (prober.clone(), reports.clone(), stats.clone());
        tokio::spawn(async move {
            let (Ok(_g), Ok(_t)) = (global.acquire_owned().await, target.acquire_owned().await)
            else {
                busy[index].store(false, Ordering::Release);
                return;
            };
            let started = Instant::now();
            stats.started.fetch_add(1, Ordering::Relaxed);
            let at = Utc::now();
            let observation = prober(index).await;
            busy[index].store(false, Ordering::Release);
            let _ = reports
                .send(ProbeReport {
                    job: index,
                    at,
                    lag: started.saturating_duration_since(due),
                    observation,
                })
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check::CheckKind;
    use crate::model::health::Verdict;
    use std::sync::atomic::AtomicUsize;

    fn job(target: &str, interval_ms: u64) -> Job {
        Job {
            system: Some("s".into()),
            spec: CheckSpec {
                name: "c".into(),
                kind: CheckKind::Tcp {
                    host: target.into(),
                    port: 1,
                },
                interval: Duration::from_millis(interval_ms),
                timeout: Duration::from_millis(interval_ms),
                failure_threshold: 3,
                success_threshold: 2,
            },
        }
    }

    /// A probe that takes `ms` of (virtual) time and tracks how many run at once.
    fn slow_prober(ms: u64, running: Arc<AtomicUsize>, peak: Arc<AtomicUsize>) -> Prober {
        Arc::new(move |_| {
            let (running, peak) = (running.clone(), peak.clone());
            Box::pin(async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(ms)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                Observation {
                    verdict: Verdict::Ok,
                    finding: crate::model::finding::Finding::said("ok"),
                    latency: Duration::from_millis(ms),
                }
            })
        })
    }

    /// Runs the scheduler for `secs` of virtual time; returns reports and stats.
    async fn run_for(
        jobs: Vec<Job>,
        limits: Limits,
        prober: Prober,
        secs: u64,
    ) -> (Vec<ProbeReport>, Arc<SchedulerStats>) {
        let (tx, mut rx) = mpsc::channel(100_000);
        let (stop_tx, stop_rx) = watch::channel(false);
        let stats = Arc::new(SchedulerStats::default());
        let handle = tokio::spawn(run(
            Arc::new(jobs),
            limits,
            prober,
            tx,
            stop_rx,
            stats.clone(),
        ));
        tokio::time::sleep(Duration::from_secs(secs)).await;
        let _ = stop_tx.send(true);
        let _ = handle.await;
        let mut out = Vec::new();
        while let Ok(r) = rx.try_recv() {
            out.push(r);
        }
        (out, stats)
    }

    #[tokio::test(start_paused = true)]
    async fn fixed_rate_whatever_the_probe_takes() {
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let jobs = vec![job("a", 1000), job("b", 2000), job("c", 5000)];
        let limits = Limits {
            max_in_flight: 100,
            max_per_target: 10,
        };
        let (reports, stats) = run_for(jobs, limits, slow_prober(700, running, peak), 60).await;
        let count = |j| reports.iter().filter(|r| r.job == j).count();
        // 60 s: every 1 s, 2 s and 5 s — not every 1.7 s (1 s + the 700 ms the probe takes).
        assert!((58..=60).contains(&count(0)), "{}", count(0));
        assert!((29..=30).contains(&count(1)), "{}", count(1));
        assert!((11..=12).contains(&count(2)), "{}", count(2));
        assert!(
            reports.iter().all(|r| r.lag < Duration::from_millis(5)),
            "no lag without contention"
        );
        assert_eq!(stats.skipped_busy.load(Ordering::Relaxed), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn bounds_hold_and_a_busy_check_is_skipped_not_doubled() {
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let jobs: Vec<Job> = (0..20).map(|_| job("same-host", 1000)).collect();
        let limits = Limits {
            max_in_flight: 100,
            max_per_target: 4,
        };
        // Demand: 20 probes/s × 0.5 s = 10 at once, above both bounds.
        let (_, _) = run_for(
            jobs,
            limits,
            slow_prober(500, running.clone(), peak.clone()),
            10,
        )
        .await;
        assert_eq!(
            peak.load(Ordering::SeqCst),
            4,
            "per-target bound reached, never passed"
        );

        let peak2 = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<Job> = (0..20).map(|i| job(&format!("h{i}"), 1000)).collect();
        let limits = Limits {
            max_in_flight: 3,
            max_per_target: 4,
        };
        let (_, _) = run_for(
            jobs,
            limits,
            slow_prober(500, Arc::new(AtomicUsize::new(0)), peak2.clone()),
            10,
        )
        .await;
        assert_eq!(
            peak2.load(Ordering::SeqCst),
            3,
            "global bound reached, never passed"
        );

        // A probe slower than its interval: the next rounds are skipped, never overlapped.
        let peak3 = Arc::new(AtomicUsize::new(0));
        let (reports, stats) = run_for(
            vec![job("x", 1000)],
            Limits {
                max_in_flight: 10,
                max_per_target: 10,
            },
            slow_prober(2500, Arc::new(AtomicUsize::new(0)), peak3.clone()),
            30,
        )
        .await;
        assert_eq!(peak3.load(Ordering::SeqCst), 1);
        assert!(stats.skipped_busy.load(Ordering::Relaxed) > 0);
        assert!((9..=11).contains(&reports.len()), "{}", reports.len());
    }

    #[test]
    fn first_due_times_spread_over_the_interval_and_evenly_per_target() {
        // 1,000 checks on 100 targets, 10 each, every 30 s.
        let jobs: Vec<Job> = (0..1000)
            .map(|i| job(&format!("h{}", i % 100), 30_000))
            .collect();
        let offsets = first_offsets(&jobs);
        let interval = Duration::from_secs(30);
        assert!(offsets.iter().all(|o| *o < interval));
        let first_half = offsets.iter().filter(|o| **o < interval / 2).count();
        assert!(
            (400..600).contains(&first_half),
            "{first_half} of 1000 in the first half"
        );
        // One target's ten checks are 3 s apart (on a circle of 30 s).
        let mut mine: Vec<u128> = (0..1000)
            .filter(|i| i % 100 == 7)
            .map(|i| offsets[i].as_millis())
            .collect();
        mine.sort();
        let mut gaps: Vec<u128> = mine.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.push(mine[0] + 30_000 - mine[9]);
        assert!(gaps.iter().all(|g| *g == 3000), "{gaps:?}");
    }
}
