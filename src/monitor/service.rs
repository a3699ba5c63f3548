//! `beredskap monitor`: waits in standby until it holds the lease, then runs every check
//! on its schedule and records results under the lease's fencing token. Loses the lease →
//! back to standby; told to stop → gives the lease up at once.

use super::probe::HttpClients;
use super::recorder::{Recorder, jobs_for};
use super::scheduler::{self, Limits, SchedulerStats, real_prober};
use crate::model::event::StatusChange;
use crate::model::region::Region;
use crate::ops::owed::{ALARM_WAIT, Why};
use crate::ops::spool::Spool;
use crate::store::{Fence, MonitorBatch, Store, StoreError};
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tracing::{info, warn};

/// How often results are written (one transaction per flush).
const FLUSH_EVERY: Duration = Duration::from_secs(1);
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// How long samples without a status change may wait to be written (at most the lease
/// interval, so the monitor's report never looks stale).
const QUIET_FLUSH: Duration = Duration::from_secs(5);
/// How often the monitor service runs SQLite's quick integrity check on the log (the first
/// when it takes the lease). The check reads the whole file (about 2 CPU-s a million
/// events), so it runs on its own thread and connection, never on the loop, and only in
/// the monitor service: a console's own monitor leaves it to the service (damage is still
/// found by any read or write that meets it, and by `log verify`).
pub const INTEGRITY_EVERY: Duration = Duration::from_secs(24 * 3600);
/// How long the monitor waits for the check it starts with the lease before it starts its
/// loop (small logs are checked within it; a large log's check goes on beside the loop).
const INTEGRITY_WAIT: Duration = Duration::from_secs(2);
/// How often the active monitor publishes the log's head (`ops::checkpoint`); the first
/// when it takes the lease.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(600);
/// While the database refuses writes (a full disk, say), status changes are kept until they
/// can be written; of the individual samples only the newest this many.
const MAX_PENDING_SAMPLES: usize = 50_000;

enum Ended {
    Stopped,
    LeaseLost,
}

/// The lease holder id of this process: `account@host:pid`.
pub fn holder_id(actor: &str) -> String {
    format!(
        "{actor}@{}:{}",
        whoami::fallible::hostname().unwrap_or_else(|_| "localhost".into()),
        std::process::id()
    )
}

/// Runs until `stop` turns true. `integrity_every`: how often to run SQLite's quick
/// integrity check while holding the lease (`None`: never, for a console's own monitor).
/// `publish_checkpoints`: the deployed service publishes the log's head (a console's or a
/// person's test monitor does not fill the region's syslog).
pub async fn run(
    region: Region,
    store: Store,
    actor: String,
    integrity_every: Option<Duration>,
    publish_checkpoints: bool,
    mut stop: watch::Receiver<bool>,
) -> Result<(), StoreError> {
    let mut store = store;
    let holder = holder_id(&actor);
    let interval = region.monitor.lease_interval;
    let ttl = interval * 3;
    let mut announced_standby = false;
    // A standby never waits long on the log either, and a log held by someone else (a
    // stopped writer) is a reason to try again, not to stop: the service must be there
    // when the lock is let go.
    store.set_busy_timeout(ALARM_WAIT)?;
    loop {
        if *stop.borrow() {
            return Ok(());
        }
        let taken = match tokio::task::block_in_place(|| {
            store.try_take_lease(&holder, &actor, ttl, Utc::now())
        }) {
            Ok(taken) => taken,
            Err(e) if e.is_busy() => {
                warn!("could not try the lease (will retry): {e}");
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = stop.changed() => {}
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(fence) = taken else {
            if !announced_standby {
                let who = store
                    .lease()
                    .ok()
                    .flatten()
                    .map(|l| l.holder)
                    .unwrap_or_default();
                info!("standby: the lease is held by {who}");
                announced_standby = true;
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = stop.changed() => {}
            }
            continue;
        };
        announced_standby = false;
        info!(
            "active: took the lease as {holder} with token {}",
            fence.token
        );
        // The integrity check starts with the lease on its own thread; the loop waits for
        // it a moment (a small log is checked by then, so damage is known before the first
        // write) but never longer: a large log's check goes on beside the checks.
        let checking = integrity_every.map(|_| quick_check(store.path().to_path_buf()));
        if let Some(c) = &checking {
            let waited = tokio::time::Instant::now();
            while !c.is_finished() && waited.elapsed() < INTEGRITY_WAIT {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        match active(
            &region,
            &mut store,
            &fence,
            &actor,
            (integrity_every, checking),
            publish_checkpoints,
            &mut stop,
        )
        .await?
        {
            Ended::Stopped => {
                tokio::task::block_in_place(|| store.release_lease(&fence, Utc::now()))?;
                info!("stopped; lease released");
                return Ok(());
            }
            Ended::LeaseLost => warn!("lost the lease (token {}); back to standby", fence.token),
        }
    }
}

async fn active(
    region: &Region,
    store: &mut Store,
    fence: &Fence,
    actor: &str,
    (integrity_every, mut checking): (Option<Duration>, Option<std::thread::JoinHandle<()>>),
    publish_checkpoints: bool,
    stop: &mut watch::Receiver<bool>,
) -> Result<Ended, StoreError> {
    // The alarm path never waits long for another process's write lock (a person's
    // process stopped mid-transaction holds it for as long as they like): past the bound
    // it sends first and keeps what the log is owed in its spool (`ops::owed`).
    store.set_busy_timeout(ALARM_WAIT)?;
    let spool = match Spool::open(store.path()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(
                "{e}: alarms the log cannot take at once are sent unlogged, and not kept to \
                 record later"
            );
            None
        }
    };
    let jobs = Arc::new(jobs_for(region));
    let rows = store.status_rows()?;
    let blind = store.monitor_state()?.map(|s| s.blind).unwrap_or(false);
    let mut recorder = Recorder::new(region, jobs.clone(), &rows, blind, actor);
    let (tx, mut rx) = mpsc::channel(65_536);
    let (halt, halted) = watch::channel(false);
    let limits = Limits {
        max_in_flight: region.monitor.max_in_flight,
        max_per_target: region.monitor.max_per_target,
    };
    let prober = real_prober(
        jobs.clone(),
        Arc::new(HttpClients::default()),
        store.path().to_path_buf(),
    );
    let stats = Arc::new(SchedulerStats::default());
    let scheduler = tokio::spawn(scheduler::run(
        jobs.clone(),
        limits,
        prober,
        tx,
        halted,
        stats,
    ));
    info!(
        "{} checks scheduled ({} canaries)",
        jobs.len(),
        region.monitor.canaries.len()
    );

    let mut flush = tokio::time::interval(FLUSH_EVERY);
    let mut escalate = tokio::time::interval(FLUSH_EVERY);
    let notify = crate::notify::webhook::spawn(region.clone(), store.path().to_path_buf());
    let mut renew = tokio::time::interval(region.monitor.lease_interval);
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    let every = integrity_every.unwrap_or(INTEGRITY_EVERY);
    let mut integrity = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let mut checkpoint = tokio::time::interval(CHECKPOINT_EVERY);
    let mut unlogged = crate::ops::unlogged::Escalations::default();
    let mut pending: Option<MonitorBatch> = None;
    let quiet_flush = QUIET_FLUSH.min(region.monitor.lease_interval);
    let mut written = std::time::Instant::now() - quiet_flush;
    let ended = loop {
        tokio::select! {
            Some(report) = rx.recv() => recorder.observe(report),
            _ = flush.tick() => {
                let now = Utc::now();
                let mut windows = region.maintenance.clone();
                windows.extend(store.runtime_maintenance(now).unwrap_or_default());
                let mut batch = recorder.flush(now, &windows);
                // The changes found in this flush (not the ones retried from before).
                let fresh = status_changes(&batch.events);
                if let Some(mut earlier) = pending.take() {
                    earlier.samples.append(&mut batch.samples);
                    earlier.events.append(&mut batch.events);
                    earlier.blind = batch.blind;
                    batch = earlier;
                    let excess = batch.samples.len().saturating_sub(MAX_PENDING_SAMPLES);
                    if excess > 0 {
                        batch.samples.drain(..excess);
                    }
                }
                let transitions = batch.events.len();
                // Samples alone wait a few seconds and go in one transaction (a write a
                // second kept every console on the log reloading); a change never waits.
                if transitions == 0 && written.elapsed() < quiet_flush {
                    pending = Some(batch);
                    continue;
                }
                written = std::time::Instant::now();
                // What the spool owes goes in first: a change recorded before its owed
                // page would page a second time.
                let owing = tokio::task::block_in_place(|| drain(store, spool.as_ref(), region));
                let recorded = if owing {
                    Err(Failed::Locked)
                } else {
                    tokio::task::block_in_place(|| guarded(|| store.record_monitor(fence, batch.clone(), now)))
                };
                match recorded {
                    Ok(Ok(_)) if transitions > 0 => {
                        info!("recorded {transitions} change(s)");
                        let changes = status_changes(&batch.events);
                        if let Err(why) = page_on_changes(region, store, &changes, now) {
                            owe(region, store, spool.as_ref(), &notify, &changes, now, why);
                        }
                    }
                    Ok(Ok(_)) => {}
                    Err(why) => {
                        if !fresh.is_empty() {
                            warn!("could not record (will retry): {}", why.describe(store));
                        }
                        owe(region, store, spool.as_ref(), &notify, &fresh, now, why);
                        pending = Some(batch);
                    }
                    Ok(Err(e)) if e.is_busy() => {
                        if !fresh.is_empty() {
                            warn!("could not record (will retry): {}", Failed::Locked.describe(store));
                        }
                        owe(region, store, spool.as_ref(), &notify, &fresh, now, Failed::Locked);
                        pending = Some(batch);
                    }
                    Ok(Err(StoreError::LeaseLost { .. })) => break Ended::LeaseLost,
                    Ok(Err(e @ StoreError::Remote(_))) => {
                        // Cut off from the log of record: page now, record on return.
                        let why = Failed::Unreachable(e.to_string());
                        if !fresh.is_empty() {
                            warn!("could not record (will retry): {}", why.describe(store));
                        }
                        owe(region, store, spool.as_ref(), &notify, &fresh, now, why);
                        pending = Some(batch);
                    }
                    Ok(Err(e @ StoreError::Damaged { .. })) => {
                        // No page can be raised through a damaged log: the outages go
                        // straight to the channels, said to be unlogged.
                        let overrides = store.oncall_overrides().unwrap_or_default();
                        for n in crate::ops::unlogged::alarms(region, overrides, &fresh, now) {
                            tracing::error!("unlogged alarm (the log is damaged): {}", n.message);
                            let _ = notify.send(n);
                        }
                        if !fresh.is_empty() {
                            warn!("could not record (will retry): {e}");
                        }
                        pending = Some(batch);
                    }
                    Ok(Err(e)) => {
                        warn!("could not record (will retry): {e}");
                        pending = Some(batch);
                    }
                }
            }
            _ = escalate.tick() => {
                let now = Utc::now();
                let owing = tokio::task::block_in_place(|| drain(store, spool.as_ref(), region));
                let escalated = if owing {
                    Err(Failed::Locked)
                } else {
                    tokio::task::block_in_place(|| guarded(|| crate::ops::page::escalate(store, region, now)))
                };
                let failed = match &escalated {
                    Err(why) => Some(why.clone()),
                    Ok(Err(crate::ops::OpError::Store(e))) if e.is_busy() => Some(Failed::Locked),
                    Ok(Err(crate::ops::OpError::Store(e @ StoreError::Remote(_)))) => {
                        Some(Failed::Unreachable(e.to_string()))
                    }
                    _ => None,
                };
                if let Some(failed) = failed {
                    if let Some(spool) = &spool {
                        let why = failed.why(store);
                        let described = why.describe();
                        match crate::ops::owed::owe_steps(store, spool, region, now, &why) {
                            Ok(sent) => {
                                for n in sent {
                                    tracing::error!(
                                        "escalation sent before the log took it ({described}): {}",
                                        n.message
                                    );
                                    let _ = notify.send(n);
                                }
                            }
                            Err(e) => tracing::error!("could not keep escalations owed to the log: {e}"),
                        }
                    }
                    continue;
                }
                let Ok(escalated) = escalated else { continue };
                match escalated {
                    Ok(sent) => {
                        for n in sent {
                            info!(
                                "page {} step {} round {}: {}",
                                n.page,
                                n.notified.step + 1,
                                n.notified.round + 1,
                                n.notified.recipients.join(", ")
                            );
                            let _ = notify.send(n);
                        }
                    }
                    Err(crate::ops::OpError::Store(StoreError::Damaged { .. })) => {
                        // The log takes nothing: open pages escalate unlogged.
                        match tokio::task::block_in_place(|| unlogged.due(store, region, now)) {
                            Ok(sent) => {
                                for n in sent {
                                    tracing::error!("unlogged escalation (the log is damaged): {}", n.message);
                                    let _ = notify.send(n);
                                }
                            }
                            Err(e) => warn!("could not read the open pages: {e}"),
                        }
                    }
                    Err(e) => warn!("could not escalate pages: {e}"),
                }
            }
            _ = renew.tick() => {
                match tokio::task::block_in_place(|| store.renew_lease(fence, region.monitor.lease_interval * 3, Utc::now())) {
                    Ok(true) => {}
                    Ok(false) => break Ended::LeaseLost,
                    Err(e) => warn!("could not renew the lease: {e}"),
                }
            }
            _ = prune.tick() => {
                let before = Utc::now() - chrono::Duration::from_std(region.monitor.sample_retention).unwrap_or(chrono::Duration::MAX);
                match tokio::task::block_in_place(|| store.prune_samples(fence, before)) {
                    Ok(n) if n > 0 => info!("pruned {n} samples older than the retention"),
                    Ok(_) => {}
                    Err(StoreError::LeaseLost { .. }) => break Ended::LeaseLost,
                    Err(e) => warn!("could not prune samples: {e}"),
                }
            }
            _ = integrity.tick(), if integrity_every.is_some() => {
                if checking.as_ref().is_none_or(|t| t.is_finished()) {
                    checking = Some(quick_check(store.path().to_path_buf()));
                }
            }
            _ = checkpoint.tick(), if publish_checkpoints => {
                if let Err(e) = tokio::task::block_in_place(|| crate::ops::checkpoint::publish(store, Utc::now())) {
                    warn!("could not publish a checkpoint: {e}");
                }
            }
            _ = stop.changed() => break Ended::Stopped,
        }
    };
    let _ = halt.send(true);
    scheduler.abort();
    Ok(ended)
}

/// SQLite's quick integrity check on a thread and connection of its own; a failure marks
/// the log damaged for every process (`store::damage`) and is logged as an error.
fn quick_check(path: std::path::PathBuf) -> std::thread::JoinHandle<()> {
    std::thread::spawn(
        move || match Store::open_existing(&path).and_then(|s| s.quick_check()) {
            Ok(None) => {}
            Ok(Some(problem)) => tracing::error!(
                "the log failed SQLite's integrity check ({problem}): it takes no more writes; \
             restore the last good backup (docs/operations.md, \"Restoring for real\")"
            ),
            Err(e) => warn!("could not run the integrity check: {e}"),
        },
    )
}

/// The status changes among `events`: (system id, change).
fn status_changes(
    events: &[crate::model::event::NewEvent],
) -> Vec<(String, crate::model::event::StatusChange)> {
    use crate::model::event::{kind, subject};
    events
        .iter()
        .filter(|e| e.kind == kind::SYSTEM_STATUS_CHANGED)
        .filter_map(|e| {
            Some((
                subject::system_id(&e.subject)?.to_string(),
                serde_json::from_value(e.payload.clone()).ok()?,
            ))
        })
        .collect()
}

/// Pages for the status changes just recorded. Fails only when the log could not take
/// the pages (held by another process, or recording panicked): they are then owed.
fn page_on_changes(
    region: &Region,
    store: &mut Store,
    changes: &[(String, StatusChange)],
    now: chrono::DateTime<Utc>,
) -> Result<(), Failed> {
    if changes.is_empty() {
        return Ok(());
    }
    match tokio::task::block_in_place(|| {
        guarded(|| crate::ops::page::on_status_changes(store, region, changes, now))
    })? {
        Ok(pages) => {
            for p in pages {
                info!("paged: {p}");
            }
            Ok(())
        }
        Err(crate::ops::OpError::Store(e)) if e.is_busy() => Err(Failed::Locked),
        Err(e) => {
            warn!("could not page for the status changes: {e}");
            Ok(())
        }
    }
}

/// Why the log did not take what the monitor wrote.
#[derive(Debug, Clone)]
enum Failed {
    /// Another process held the write lock past [`ALARM_WAIT`].
    Locked,
    /// Recording panicked (a bug): the alarm goes out all the same.
    Panicked(String),
    /// The log of record (PostgreSQL) cannot be reached: the alarm goes out all the same
    /// and is recorded when it can be.
    Unreachable(String),
}

impl Failed {
    fn why(&self, store: &Store) -> Why {
        match self {
            Failed::Locked => Why::locked(store),
            Failed::Panicked(detail) => Why::failed(format!("recording failed: {detail}")),
            Failed::Unreachable(detail) => Why::failed(detail.clone()),
        }
    }

    /// For the monitor's own log (the lock's holder read once, with `why`).
    fn describe(&self, store: &Store) -> String {
        self.why(store).describe()
    }
}

/// Runs a recording step; a panic in it (a bug anywhere in recording) is caught so the
/// alarm still goes out. Debug builds can inject one (`BEREDSKAP_FAULT=record-panic`) to
/// test that path.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, Failed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        if std::env::var("BEREDSKAP_FAULT").is_ok_and(|v| v == "record-panic") {
            panic!("fault injected by BEREDSKAP_FAULT=record-panic");
        }
        f()
    }))
    .map_err(|p| {
        let detail = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        tracing::error!("recording panicked: {detail}");
        Failed::Panicked(detail)
    })
}

/// Records what the spool owes, if it owes anything. True while it still owes (the log
/// still held): the caller then records nothing else, so nothing pages twice.
fn drain(store: &mut Store, spool: Option<&Spool>, region: &Region) -> bool {
    let Some(spool) = spool else { return false };
    if spool.is_empty() {
        return false;
    }
    match crate::ops::owed::record_owed(store, spool, region) {
        Ok(n) => {
            if n > 0 {
                info!("recorded {n} alarm(s) sent while the log could not take them");
            }
            !spool.is_empty()
        }
        Err(e) if e.is_busy() => true,
        Err(e) => {
            tracing::error!("could not record what the spool owes the log: {e}");
            true
        }
    }
}

/// Sends the pages for `changes` that the log could not take, keeping them in the spool
/// to record later; without a spool, as unlogged alarms.
fn owe(
    region: &Region,
    store: &Store,
    spool: Option<&Spool>,
    notify: &tokio::sync::mpsc::UnboundedSender<crate::ops::page::Notification>,
    changes: &[(String, StatusChange)],
    now: chrono::DateTime<Utc>,
    failed: Failed,
) {
    if changes.is_empty() {
        return;
    }
    let why = failed.why(store);
    let describe = why.describe();
    let sent = match spool {
        Some(spool) => crate::ops::owed::owe_pages(store, spool, region, changes, now, &why)
            .unwrap_or_else(|e| {
                tracing::error!("could not keep the alarm owed to the log ({e}): sent unlogged");
                let overrides = store.oncall_overrides().unwrap_or_default();
                crate::ops::unlogged::alarms(region, overrides, changes, now)
            }),
        None => {
            let overrides = store.oncall_overrides().unwrap_or_default();
            crate::ops::unlogged::alarms(region, overrides, changes, now)
        }
    };
    for n in sent {
        tracing::error!(
            "alarm sent before the log took it ({describe}): {}",
            n.message
        );
        let _ = notify.send(n);
    }
}
