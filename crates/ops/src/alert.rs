//! Receiving alerts from the monitoring the region already runs. Each receipt updates the
//! alert's row (one per source and fingerprint: a re-sent alert is one state, not a stream)
//! and, when the alert begins firing or resolves, writes an `alert.received` event naming
//! the systems whose alert checks it matches — none: an unmapped alert ("omappat larm"),
//! recorded, never dropped. Alert texts are machine text: identity numbers are masked,
//! never a reason to refuse; an alert is never lost to its text.

use super::OpError;
use crate::model::alert::{Received, Selector};
use crate::model::check::CheckKind;
use crate::model::event::NewEvent;
use crate::model::payload::{ALERT_RECEIVED, AlertReceived};
use crate::model::personnummer::mask_identity_numbers;
use crate::model::region::Region;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// What a receipt did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    pub alerts: usize,
    /// Alerts that began firing or resolved (each an event).
    pub changed: usize,
    /// Alerts no system's check matches.
    pub unmapped: usize,
    /// Watchdog alerts taken as the heartbeat `SOURCE.watchdog`.
    pub watchdog: usize,
}

/// Whether an alert is the source's always-firing Watchdog (kube-prometheus and the
/// Prometheus Operator call it `Watchdog`, older setups `DeadMansSwitch`): not trouble, a
/// sign of life of the monitoring pipeline itself.
pub fn is_watchdog(a: &Received) -> bool {
    matches!(
        a.labels.get("alertname").map(String::as_str),
        Some("Watchdog" | "DeadMansSwitch")
    )
}

/// The heartbeat a source's Watchdog pings: `alertmanager.watchdog`.
pub fn watchdog_heartbeat(source: &str) -> String {
    format!("{source}.watchdog")
}

/// The region's alert checks with their selectors parsed once (a receiver keeps one for
/// its life: parsing a selector compiles its regular expressions).
#[derive(Debug, Clone, Default)]
pub struct Mapping(Vec<(String, String, Selector)>);

impl Mapping {
    pub fn of(region: &Region) -> Mapping {
        let mut out = Vec::new();
        for s in &region.systems {
            for c in &s.checks {
                if let CheckKind::Alert {
                    source, selector, ..
                } = &c.kind
                    && let Ok(sel) = Selector::parse(selector)
                {
                    out.push((s.id.clone(), source.clone(), sel));
                }
            }
        }
        Mapping(out)
    }

    /// The systems whose alert checks of `source` match `labels`.
    pub fn systems_for(&self, source: &str, labels: &crate::model::alert::Labels) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (system, src, sel) in &self.0 {
            if src == source && sel.matches(labels) && !out.contains(system) {
                out.push(system.clone());
            }
        }
        out
    }
}

fn masked(a: &Received) -> Received {
    Received {
        fingerprint: mask_identity_numbers(&a.fingerprint),
        labels: a
            .labels
            .iter()
            .map(|(k, v)| (mask_identity_numbers(k), mask_identity_numbers(v)))
            .collect(),
        summary: mask_identity_numbers(&a.summary),
        firing: a.firing,
        starts_at: a.starts_at,
    }
}

/// Records a batch of alerts from `source` in one transaction.
pub fn receive(
    store: &mut Store,
    mapping: &Mapping,
    sender: &super::sender::Sender,
    source: &str,
    alerts: &[Received],
    now: DateTime<Utc>,
) -> Result<Receipt, OpError> {
    let (watchdogs, alerts): (Vec<&Received>, Vec<&Received>) =
        alerts.iter().partition(|a| is_watchdog(a));
    let alerts: Vec<Received> = alerts.into_iter().map(masked).collect();
    let mapped: Vec<Vec<String>> = alerts
        .iter()
        .map(|a| mapping.systems_for(source, &a.labels))
        .collect();
    let mut receipt = Receipt {
        alerts: alerts.len(),
        watchdog: watchdogs.len(),
        unmapped: mapped.iter().filter(|m| m.is_empty()).count(),
        ..Default::default()
    };
    let mut changed = 0;
    store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        changed = 0;
        // The Watchdog is a heartbeat: firing is a sign of life; resolved, the pipeline
        // says it is broken.
        for w in &watchdogs {
            conn.record_ping(
                &watchdog_heartbeat(source),
                w.firing,
                if w.firing {
                    ""
                } else {
                    "the Watchdog alert resolved"
                },
                &sender.describe(),
                now,
            )?;
        }
        let mut events = Vec::new();
        for (a, systems) in alerts.iter().zip(&mapped) {
            let before = conn.alert_was_firing(source, &a.fingerprint)?;
            conn.record_alert(source, a, !systems.is_empty(), now)?;
            let news = match before {
                None => a.firing,
                Some(was) => was != a.firing,
            };
            if !news {
                continue;
            }
            changed += 1;
            events.push(NewEvent {
                occurred_at: now,
                actor: sender.account.clone(),
                os_account: sender.os_account.clone(),
                kind: ALERT_RECEIVED.to_string(),
                subject: format!("alert:{source}:{}", a.fingerprint),
                corrects: None,
                payload_version: 1,
                origin: crate::model::guard::Origin::Machine,
                payload: crate::model::payload::to_value(&AlertReceived {
                    source: source.to_string(),
                    fingerprint: a.fingerprint.clone(),
                    firing: a.firing,
                    labels: a.labels.clone(),
                    summary: a.summary.clone(),
                    systems: systems.clone(),
                    from: sender.address.clone(),
                })?,
            });
        }
        Ok(events)
    })?;
    receipt.changed = changed;
    Ok(receipt)
}
