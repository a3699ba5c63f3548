//! Alarms the log cannot take. When the log is damaged (`store::damage`) nothing can be
//! recorded, so no page can be raised through it — but an outage of a business-critical
//! system must still reach someone. The monitor then sends each such outage straight to
//! the notification channels, to the first step of the owner team's policy, saying that it
//! is not in the log; the status changes stay pending and are recorded (and paged the
//! usual way) once a good log is back. Pages already open go on escalating the same way
//! ([`Escalations`]): each step that falls due is sent, unlogged, once.

use super::page::Notification;
use crate::model::event::StatusChange;
use crate::model::health::Health;
use crate::model::oncall::Override;
use crate::model::page::Notified;
use crate::model::region::{Criticality, Region};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The page id such an alarm carries: there is no page in the log behind it.
pub const UNLOGGED_PAGE: &str = "OLOGGAT";

/// The alarms for `changes` (system id, change): business-critical systems going down,
/// not held back by maintenance, not flapping.
pub fn alarms(
    region: &Region,
    overrides: Vec<Override>,
    changes: &[(String, StatusChange)],
    now: DateTime<Utc>,
) -> Vec<Notification> {
    let rota = region.rota(overrides);
    let mut out = Vec::new();
    for (system, c) in changes {
        let Some(s) = region.system(system) else {
            continue;
        };
        if c.health != Health::Down
            || s.criticality != Criticality::BusinessCritical
            || c.suppressed.is_some()
            || c.flapping
        {
            continue;
        }
        let policy = region.policy_for(&s.owner_team);
        let mut recipients = Vec::new();
        let mut unresolved = Vec::new();
        for t in policy
            .steps
            .first()
            .map(|s| s.targets.as_slice())
            .unwrap_or(&[])
        {
            match t.resolve(&rota, now) {
                Some(r) if !recipients.contains(&r) => recipients.push(r),
                Some(_) => {}
                None => unresolved.push(t.label()),
            }
        }
        let message = format!(
            "LOGGEN ÄR SKADAD, larmet är inte loggat: {}",
            super::page::down_message(region, &s.name, &c.finding())
        );
        out.push(Notification {
            page: UNLOGGED_PAGE.into(),
            event: 0,
            message: message.clone(),
            system: Some(system.clone()),
            notified: Notified {
                round: 0,
                step: 0,
                recipients,
                unresolved,
                message,
                late: None,
            },
        });
    }
    out
}

/// The steps of open pages sent while the log could not record them, per page.
#[derive(Debug, Default)]
pub struct Escalations {
    sent: HashMap<String, Vec<(i64, DateTime<Utc>, Notified)>>,
}

impl Escalations {
    /// The steps of open pages that have fallen due at `now` and were not sent yet, as
    /// unlogged alarms (the log is read; nothing is written).
    pub fn due(
        &mut self,
        store: &Store,
        region: &Region,
        now: DateTime<Utc>,
    ) -> Result<Vec<Notification>, StoreError> {
        let rota = region.rota(store.oncall_overrides()?);
        let mut out = Vec::new();
        for mut p in store.pages(false)? {
            let sent = self.sent.entry(p.id.clone()).or_default();
            p.notified.extend(sent.iter().cloned());
            while let Some((round, step, due)) = p.next_due() {
                if due > now {
                    break;
                }
                let n = super::page::notified(
                    &p,
                    round,
                    step,
                    &rota,
                    now,
                    super::page::region_lang(region),
                );
                p.notified.push((0, now, n.clone()));
                sent.push((0, now, n.clone()));
                let message = format!("LOGGEN ÄR SKADAD, ej loggat: {}", n.message);
                out.push(Notification {
                    page: p.id.clone(),
                    event: 0,
                    message: message.clone(),
                    system: p.system.clone(),
                    notified: Notified { message, ..n },
                });
            }
        }
        Ok(out)
    }
}
