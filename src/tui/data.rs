//! Loading what the console shows from the store.

use super::app::{CheckLine, Detail, MonitorView, SystemRow};
use crate::model::event::subject;
use crate::model::health::Health;
use crate::model::region::Region;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How many latencies a sparkline shows.
pub const SPARK_POINTS: usize = 16;

/// Slow-changing data (uptime, sparklines), refreshed less often than status.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub uptime: HashMap<String, f64>,
    /// Seconds each system has been observed, when less than the day the uptime is over.
    pub observed: HashMap<String, u64>,
    pub spark: HashMap<String, Vec<u64>>,
}

pub fn load_history(store: &Store, now: DateTime<Utc>) -> Result<History, StoreError> {
    let day = chrono::Duration::hours(24);
    let observed = store.uptime_observed(now - day)?;
    Ok(History {
        uptime: observed.iter().map(|(id, u, _)| (id.clone(), *u)).collect(),
        // Less than a day less a minute observed: the span is said beside the share.
        observed: observed
            .iter()
            .filter(|(_, _, first)| now - *first < day - chrono::Duration::minutes(1))
            .map(|(id, _, first)| (id.clone(), (now - *first).num_seconds().max(1) as u64))
            .collect(),
        spark: store.latency_series(now - chrono::Duration::minutes(30), SPARK_POINTS)?,
    })
}

pub fn load_rows(
    store: &Store,
    region: &Region,
    history: &History,
) -> Result<Vec<SystemRow>, StoreError> {
    let recorded: HashMap<String, crate::store::StatusRow> = store
        .status_rows()?
        .into_iter()
        .map(|r| (r.system_id.clone(), r))
        .collect();
    Ok(region
        .systems
        .iter()
        .map(|s| {
            let r = recorded.get(&s.id);
            SystemRow {
                id: s.id.clone(),
                name: s.name.clone(),
                health: r.map(|r| r.health).unwrap_or(Health::Unknown),
                since: r.map(|r| r.shown_since()),
                latency_ms: r.and_then(|r| r.latency_ms),
                spark: history.spark.get(&s.id).cloned().unwrap_or_default(),
                uptime: history.uptime.get(&s.id).copied(),
                observed_secs: history.observed.get(&s.id).copied(),
                owner: s.owner_team.clone(),
                impacted_by: r.map(|r| r.impacted_by.clone()).unwrap_or_default(),
                criticality: s.criticality,
                flapping: r.is_some_and(|r| r.flapping),
                finding: r
                    .map(|r| r.finding.clone())
                    .unwrap_or_else(|| crate::model::finding::Finding::said("")),
                has_checks: !s.checks.is_empty(),
                checked: r.is_some(),
            }
        })
        .collect())
}

/// The monitor as the header shows it. `holder` is this process's lease holder id.
pub fn load_monitor(
    store: &Store,
    region: &Region,
    holder: &str,
    now: DateTime<Utc>,
) -> Result<MonitorView, StoreError> {
    let state = store.monitor_state()?;
    let lease = store.lease()?;
    let limit = chrono::Duration::from_std(region.monitor.lease_interval * 3)
        .unwrap_or(chrono::Duration::MAX)
        + chrono::Duration::seconds(2);
    Ok(match state {
        None => MonitorView::None,
        Some(s) if now - s.last_report > limit => MonitorView::Stale(s.last_report),
        Some(s) if s.blind => MonitorView::Blind,
        Some(_) => match lease {
            Some(l) if l.holder == holder => MonitorView::Here,
            Some(l) => MonitorView::Elsewhere(l.holder),
            None => MonitorView::None,
        },
    })
}

pub fn load_detail(store: &Store, system: &str) -> Result<Detail, StoreError> {
    Ok(Detail {
        system: system.to_string(),
        checks: store
            .latest_checks(system)?
            .into_iter()
            .map(|(name, verdict, latency_ms, finding, at)| CheckLine {
                name,
                verdict,
                latency_ms,
                finding,
                at,
            })
            .collect(),
        events: store.recent_for_subject(&subject::system(system), 8)?,
    })
}
