//! From probe reports to what is written: samples, status transitions and the monitor's
//! blind/sighted events. No I/O and no clock of its own (`now` is passed in), so every
//! rule is tested directly.

use super::scheduler::{Job, ProbeReport};
use crate::model::evaluation::{FlapTracker, OwnState, evaluate};
use crate::model::event::{NewEvent, StatusChange, kind, subject};
use crate::model::health::{CheckTracker, Health};
use crate::model::maintenance::MaintenanceWindow;
use crate::model::region::Region;
use crate::store::{MonitorBatch, Sample, StatusRow};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::sync::Arc;

/// The sample `system_id` used for canary probes.
pub const CANARY_SAMPLE_ID: &str = "@canary";

/// What was last recorded for a system.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    health: Health,
    /// From its own checks: recorded too, so what happens inside a maintenance window or
    /// under an impact is in the log.
    own: Health,
    impacted_by: Vec<String>,
    flapping: bool,
    maintenance: Option<String>,
    suppressed: Option<String>,
}

struct SystemEntry {
    id: String,
    depends_on: Vec<String>,
    jobs: Vec<usize>,
}

pub struct Recorder {
    jobs: Arc<Vec<Job>>,
    trackers: Vec<CheckTracker>,
    systems: Vec<SystemEntry>,
    canaries: Vec<usize>,
    flaps: HashMap<String, FlapTracker>,
    shown: HashMap<String, Shown>,
    blind: bool,
    blind_recorded: bool,
    samples: Vec<Sample>,
    tz: Tz,
    actor: String,
}

impl Recorder {
    /// `recorded` is the status already in the store, so a restart does not repeat it.
    pub fn new(
        region: &Region,
        jobs: Arc<Vec<Job>>,
        recorded: &[StatusRow],
        blind: bool,
        actor: &str,
    ) -> Recorder {
        let trackers = jobs
            .iter()
            .map(|j| CheckTracker::new(j.spec.failure_threshold, j.spec.success_threshold))
            .collect();
        let systems = region
            .systems
            .iter()
            .map(|s| SystemEntry {
                id: s.id.clone(),
                depends_on: s.depends_on.clone(),
                jobs: jobs
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| j.system.as_deref() == Some(s.id.as_str()))
                    .map(|(i, _)| i)
                    .collect(),
            })
            .collect();
        let canaries = jobs
            .iter()
            .enumerate()
            .filter(|(_, j)| j.system.is_none())
            .map(|(i, _)| i)
            .collect();
        let settings = &region.monitor;
        let flaps = region
            .systems
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    FlapTracker::new(settings.flapping_window, settings.flapping_transitions),
                )
            })
            .collect();
        let shown = recorded
            .iter()
            .map(|r| {
                (
                    r.system_id.clone(),
                    Shown {
                        health: r.health,
                        own: r.own_health,
                        impacted_by: r.impacted_by.clone(),
                        flapping: r.flapping,
                        maintenance: r.maintenance.clone(),
                        suppressed: r.suppressed.clone(),
                    },
                )
            })
            .collect();
        Recorder {
            jobs,
            trackers,
            systems,
            canaries,
            flaps,
            shown,
            blind,
            blind_recorded: blind,
            samples: Vec::new(),
            tz: region.site.time_zone,
            actor: actor.to_string(),
        }
    }

    pub fn is_blind(&self) -> bool {
        self.blind
    }

    /// Takes one probe result.
    pub fn observe(&mut self, report: ProbeReport) {
        let Some(job) = self.jobs.get(report.job) else {
            return;
        };
        let obs = report.observation;
        self.samples.push(Sample {
            system_id: job
                .system
                .clone()
                .unwrap_or_else(|| CANARY_SAMPLE_ID.to_string()),
            check_name: job.spec.name.clone(),
            at: report.at,
            verdict: obs.verdict,
            latency_ms: obs.latency.as_millis() as u64,
            finding: obs.finding.clone(),
        });
        if job.system.is_none() {
            self.trackers[report.job].observe(obs);
            self.blind = !self.canaries.is_empty()
                && self
                    .canaries
                    .iter()
                    .all(|c| self.trackers[*c].health().0 == Health::Down);
        } else if !self.blind {
            // While blind, a failure says nothing about the system: do not count it.
            self.trackers[report.job].observe(obs);
        }
    }

    /// What to write now: the samples since the last flush and every change of state.
    pub fn flush(&mut self, now: DateTime<Utc>, windows: &[MaintenanceWindow]) -> MonitorBatch {
        let mut events = Vec::new();
        if self.blind != self.blind_recorded {
            self.blind_recorded = self.blind;
            let (kind, message) = if self.blind {
                (
                    kind::MONITOR_BLIND,
                    "the monitor lost connectivity: every canary fails; system status is unknown, not down",
                )
            } else {
                (
                    kind::MONITOR_SIGHTED,
                    "the monitor can see again: the canaries answer",
                )
            };
            let detail: Vec<String> = self
                .canaries
                .iter()
                .map(|c| {
                    format!(
                        "{}: {}",
                        self.jobs[*c].spec.name,
                        self.trackers[*c].health().1
                    )
                })
                .collect();
            // A payload that cannot be written is a bug in its type: said in the service's
            // log, never recorded as a silent null (the store would refuse it anyway).
            match crate::model::payload::to_value(&crate::model::payload::MonitorSight {
                message: message.to_string(),
                canaries: detail,
            }) {
                Ok(payload) => {
                    events.push(self.event(now, kind, subject::MONITOR.into(), payload));
                }
                Err(e) => tracing::error!("cannot record that the monitor {kind}: {e}"),
            }
        }
        if !self.blind {
            events.extend(self.transitions(now, windows));
        }
        MonitorBatch {
            samples: std::mem::take(&mut self.samples),
            events,
            blind: self.blind,
        }
    }

    fn transitions(&mut self, now: DateTime<Utc>, windows: &[MaintenanceWindow]) -> Vec<NewEvent> {
        // Each system's own state: the worst of its checks (only once every check has spoken).
        let mut own = Vec::new();
        let mut deciding: HashMap<String, (String, Option<u64>)> = HashMap::new();
        for s in &self.systems {
            if s.jobs.is_empty() || s.jobs.iter().any(|j| self.trackers[*j].last().is_none()) {
                continue;
            }
            let worst = s
                .jobs
                .iter()
                .max_by_key(|j| self.trackers[**j].health().0.badness())
                .copied()
                .unwrap_or(s.jobs[0]);
            let (health, reason) = self.trackers[worst].health();
            let latency = self.trackers[worst]
                .last()
                .map(|o| o.latency.as_millis() as u64);
            deciding.insert(s.id.clone(), (self.jobs[worst].spec.name.clone(), latency));
            own.push(OwnState {
                id: &s.id,
                depends_on: &s.depends_on,
                health,
                reason,
            });
        }
        let flapping: HashMap<String, bool> = self
            .flaps
            .iter_mut()
            .map(|(id, f)| (id.clone(), f.is_flapping(now)))
            .collect();
        let views = evaluate(&own, windows, now, self.tz, false, &|id| {
            flapping.get(id).copied().unwrap_or(false)
        });
        let mut events = Vec::new();
        for v in views {
            let next = Shown {
                health: v.health,
                own: v.own,
                impacted_by: v.impacted_by.clone(),
                flapping: v.flapping,
                maintenance: v.maintenance.clone(),
                suppressed: v.suppressed.map(|s| s.as_str().to_string()),
            };
            let previous = self
                .shown
                .get(&v.id)
                .map(|s| s.health)
                .unwrap_or(Health::Unknown);
            if self.shown.get(&v.id) == Some(&next) {
                continue;
            }
            if previous != v.health
                && let Some(f) = self.flaps.get_mut(&v.id)
            {
                f.record(now);
            }
            let (check, latency_ms) = deciding.get(&v.id).cloned().unwrap_or_default();
            let change = StatusChange {
                health: v.health,
                previous,
                own: v.own,
                check,
                message: v.reason.to_string(),
                finding: Some(v.reason.clone()),
                latency_ms,
                impacted_by: v.impacted_by.clone(),
                suppressed: next.suppressed.clone(),
                flapping: v.flapping,
                maintenance: v.maintenance.clone(),
            };
            // A payload that cannot be written is a bug in its type: said in the service's
            // log and the change left to the next flush (what is shown stays as recorded),
            // never recorded as a silent null.
            let payload = match crate::model::payload::to_value(&change) {
                Ok(payload) => payload,
                Err(e) => {
                    tracing::error!("cannot record {}'s status change: {e}", v.id);
                    continue;
                }
            };
            events.push(self.event(
                now,
                kind::SYSTEM_STATUS_CHANGED,
                subject::system(&v.id),
                payload,
            ));
            self.shown.insert(v.id, next);
        }
        events
    }

    fn event(
        &self,
        now: DateTime<Utc>,
        kind: &str,
        subject: String,
        payload: serde_json::Value,
    ) -> NewEvent {
        NewEvent {
            occurred_at: now,
            actor: self.actor.clone(),
            os_account: self.actor.clone(),
            kind: kind.to_string(),
            subject,
            corrects: None,
            payload_version: 1,
            origin: crate::model::guard::Origin::Machine,
            payload,
        }
    }
}

/// The jobs for a region: every system's checks, then the canaries.
pub fn jobs_for(region: &Region) -> Vec<Job> {
    let mut jobs: Vec<Job> = region
        .systems
        .iter()
        .flat_map(|s| {
            s.checks.iter().map(|c| Job {
                system: Some(s.id.clone()),
                spec: c.clone(),
            })
        })
        .collect();
    jobs.extend(region.monitor.canaries.iter().map(|c| Job {
        system: None,
        spec: c.clone(),
    }));
    jobs
}
