//! Alarms that do not wait for the log. Any process a person runs can be stopped (Ctrl-Z,
//! SIGSTOP) while it holds the log's write lock, and the log then takes no writes for as
//! long as the person likes. The monitor waits for the lock only a short bound
//! ([`ALARM_WAIT`]); past it, it sends the page or escalation step at once and keeps what
//! the log is owed in its spool (`ops::spool`), written before anything is sent. When the
//! log takes writes again the owed pages and steps are recorded, each once, with the time
//! they were sent (`occurred_at`), the time they were recorded (`recorded_at`) and why they
//! were late (`RecordedLate`: who held the lock).
//!
//! Pages raised this way carry the id `OLOGGAT` on the channels (they have no page id
//! until the log numbers them) and escalate from the spool like any page; a system seen up
//! again stops its owed page, which is then recorded resolved.

use super::OpError;
use super::page::{Notification, SYSTEM_ACTOR, down_message, notified};
use super::spool::{Entry, Owed, Sent, Spool, SpoolError};
use super::unlogged::UNLOGGED_PAGE;
use crate::i18n::Lang;
use crate::model::event::{NewEvent, StatusChange};
use crate::model::health::Health;
use crate::model::page::{self, Page, PageStatus, RecordedLate, Triggered, kind};
use crate::model::payload::PayloadError;
use crate::model::region::{Criticality, Region};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Datelike, Utc};
use std::time::Duration;

/// The longest the alarm path waits for another process's write lock before it sends
/// without the log.
pub const ALARM_WAIT: Duration = Duration::from_secs(2);

/// Why the log did not take it: who held the lock, or what failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Why {
    pub locked_by: Option<String>,
    pub failure: Option<String>,
}

impl Why {
    /// The log's write lock is held: by whom, read from the kernel's lock table.
    pub fn locked(store: &Store) -> Why {
        Why {
            locked_by: crate::store::lock_holder::write_lock_holder(store.path())
                .map(|h| h.to_string()),
            failure: None,
        }
    }

    /// Recording failed for another reason (a panic while recording, say).
    pub fn failed(detail: impl Into<String>) -> Why {
        Why {
            locked_by: None,
            failure: Some(detail.into()),
        }
    }

    /// In the monitor's own log: "the log is locked by op.tekla (PID 1234)".
    pub fn describe(&self) -> String {
        match (&self.locked_by, &self.failure) {
            (_, Some(f)) => f.clone(),
            (Some(by), None) => format!("the log is locked by {by}"),
            (None, None) => "the log is locked by another process".into(),
        }
    }

    fn late(&self, key: &str) -> RecordedLate {
        RecordedLate {
            key: key.to_string(),
            locked_by: self.locked_by.clone(),
            failure: self.failure.clone(),
        }
    }

    /// The words put before an alarm sent without the log.
    fn prefix(&self, region: &Region) -> String {
        let lang = Lang::choose(None, Some(region.site.language), None);
        match (lang, &self.locked_by, &self.failure) {
            (Lang::Sv, _, Some(_)) => {
                "LOGGEN TOG INTE EMOT LARMET, det loggas i efterhand: ".into()
            }
            (Lang::En, _, Some(_)) => {
                "THE LOG DID NOT TAKE THE ALARM, it is logged afterwards: ".into()
            }
            (Lang::Sv, Some(by), None) => {
                format!("LOGGEN ÄR LÅST av {by}, larmet loggas i efterhand: ")
            }
            (Lang::En, Some(by), None) => {
                format!("THE LOG IS LOCKED by {by}, the alarm is logged afterwards: ")
            }
            (Lang::Sv, None, None) => "LOGGEN ÄR LÅST, larmet loggas i efterhand: ".into(),
            (Lang::En, None, None) => "THE LOG IS LOCKED, the alarm is logged afterwards: ".into(),
        }
    }
}

/// The page an owed entry stands for, to escalate it like any page.
fn owed_page(triggered: &Triggered, steps: &[Sent], at: DateTime<Utc>) -> Page {
    Page {
        id: UNLOGGED_PAGE.into(),
        target: triggered.target.clone(),
        message: triggered.message.clone(),
        system: triggered.system.clone(),
        incident: triggered.incident.clone(),
        linked_afterwards: false,
        policy: triggered.policy.clone(),
        triggered_by: SYSTEM_ACTOR.into(),
        triggered_at: at,
        status: PageStatus::Triggered,
        notified: steps
            .iter()
            .map(|s| (0, s.at, s.notified.clone()))
            .collect(),
        acknowledged: None,
        resolved: None,
        deliveries: Vec::new(),
    }
}

/// Sends the due steps of `p` (already holding what was sent), returning each as sent.
fn due_steps(
    p: &mut Page,
    rota: &crate::model::oncall::Rota,
    lang: crate::i18n::Lang,
    now: DateTime<Utc>,
    late: &RecordedLate,
) -> Vec<Sent> {
    let mut out = Vec::new();
    while let Some((round, step, due)) = p.next_due() {
        if due > now {
            break;
        }
        let mut n = notified(p, round, step, rota, now, lang);
        n.late = Some(late.clone());
        p.notified.push((0, now, n.clone()));
        out.push(Sent {
            at: now,
            notified: n,
        });
    }
    out
}

fn notification(
    region: &Region,
    why: &Why,
    page: &str,
    system: Option<String>,
    sent: &Sent,
) -> Notification {
    let message = format!("{}{}", why.prefix(region), sent.notified.message);
    Notification {
        page: page.to_string(),
        event: 0,
        message: message.clone(),
        system,
        notified: page::Notified {
            message,
            ..sent.notified.clone()
        },
    }
}

/// The log could not take `changes` (system id, change): pages for the business-critical
/// outages among them that have no open page (in the log or the spool) are put in the
/// spool and returned to be sent now; a system up again stops its owed page. Reads the
/// log (WAL readers never wait for the writer); writes only the spool.
pub fn owe_pages(
    store: &Store,
    spool: &Spool,
    region: &Region,
    changes: &[(String, StatusChange)],
    now: DateTime<Utc>,
    why: &Why,
) -> Result<Vec<Notification>, SpoolError> {
    let entries = spool.entries()?;
    let open = store.pages(false).unwrap_or_default();
    let rota = region.rota(store.oncall_overrides().unwrap_or_default());
    let mut out = Vec::new();
    for (system, c) in changes {
        let Some(s) = region.system(system) else {
            continue;
        };
        let owed_open = entries
            .iter()
            .find(|e| matches!(&e.owed, Owed::Page { system: x, up_at: None, .. } if x == system));
        match c.health {
            Health::Up => {
                if let Some(Entry {
                    owed:
                        Owed::Page {
                            key,
                            system,
                            triggered,
                            steps,
                            ..
                        },
                    ..
                }) = owed_open
                {
                    spool.put(&Owed::Page {
                        key: key.clone(),
                        system: system.clone(),
                        triggered: triggered.clone(),
                        steps: steps.clone(),
                        up_at: Some(now),
                    })?;
                }
            }
            Health::Down
                if s.criticality == Criticality::BusinessCritical
                    && c.suppressed.is_none()
                    && !c.flapping
                    && owed_open.is_none()
                    && !open.iter().any(|p| p.system.as_deref() == Some(system)) =>
            {
                let key = spool.new_key(now);
                let late = why.late(&key);
                let incident = store
                    .incident_rows(false)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|r| r.status.is_open() && r.systems.contains(system))
                    .max_by_key(|r| r.declared_at)
                    .map(|r| r.id);
                let triggered = Triggered {
                    target: format!("team:{}", s.owner_team),
                    message: down_message(region, &s.name, &c.finding()),
                    system: Some(system.clone()),
                    incident,
                    policy: region.policy_for(&s.owner_team),
                    late: Some(late.clone()),
                };
                let mut p = owed_page(&triggered, &[], now);
                let steps = due_steps(&mut p, &rota, super::page::region_lang(region), now, &late);
                // In the spool before anything is sent: a crash after sending loses nothing.
                spool.put(&Owed::Page {
                    key,
                    system: system.clone(),
                    triggered,
                    steps: steps.clone(),
                    up_at: None,
                })?;
                out.extend(
                    steps.iter().map(|st| {
                        notification(region, why, UNLOGGED_PAGE, Some(system.clone()), st)
                    }),
                );
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The escalation steps that fell due at `now` while the log could not take them: of the
/// open pages in the log (with what the spool already sent for them) and of the owed
/// pages. Each is put in the spool, then returned to be sent; none is sent twice.
pub fn owe_steps(
    store: &Store,
    spool: &Spool,
    region: &Region,
    now: DateTime<Utc>,
    why: &Why,
) -> Result<Vec<Notification>, SpoolError> {
    let entries = spool.entries()?;
    let rota = region.rota(store.oncall_overrides().unwrap_or_default());
    let mut out = Vec::new();
    for mut p in store.pages(false).unwrap_or_default() {
        for e in &entries {
            if let Owed::Step { page, sent, .. } = &e.owed
                && *page == p.id
            {
                p.notified.push((0, sent.at, sent.notified.clone()));
            }
        }
        let key = spool.new_key(now);
        for (i, sent) in due_steps(
            &mut p,
            &rota,
            super::page::region_lang(region),
            now,
            &why.late(&key),
        )
        .into_iter()
        .enumerate()
        {
            let key = if i == 0 {
                key.clone()
            } else {
                spool.new_key(now)
            };
            let mut sent = sent;
            sent.notified.late = Some(why.late(&key));
            spool.put(&Owed::Step {
                key,
                page: p.id.clone(),
                sent: sent.clone(),
            })?;
            out.push(notification(region, why, &p.id, p.system.clone(), &sent));
        }
    }
    for e in entries {
        let Owed::Page {
            key,
            system,
            triggered,
            mut steps,
            up_at: None,
        } = e.owed
        else {
            continue;
        };
        let first = steps.first().map_or(now, |s| s.at);
        let mut p = owed_page(&triggered, &steps, first);
        let late = triggered.late.clone().unwrap_or_else(|| why.late(&key));
        let due = due_steps(&mut p, &rota, super::page::region_lang(region), now, &late);
        if due.is_empty() {
            continue;
        }
        steps.extend(due.iter().cloned());
        spool.put(&Owed::Page {
            key,
            system: system.clone(),
            triggered,
            steps,
            up_at: None,
        })?;
        out.extend(
            due.iter()
                .map(|st| notification(region, why, UNLOGGED_PAGE, Some(system.clone()), st)),
        );
    }
    Ok(out)
}

/// Records what the spool owes the log, oldest first, each entry in one transaction and
/// once (an entry already recorded — a crash between its commit and its removal — is only
/// removed). Returns how many entries were recorded. Stops at the first failure (the log
/// still held: the rest waits for the next try).
pub fn record_owed(
    store: &mut Store,
    spool: &Spool,
    region: &Region,
) -> Result<usize, RecordOwedError> {
    let mut recorded = 0;
    for entry in spool.entries()? {
        if let Owed::Alerts {
            source,
            sender,
            alerts,
            at,
            ..
        } = &entry.owed
        {
            // Recording a batch twice (a crash before its removal) changes nothing: an
            // alert already in its state is not news.
            let sender = super::sender::Sender {
                account: sender.account.clone(),
                os_account: sender.os_account.clone(),
                address: sender.address.clone(),
            };
            let mapping = super::alert::Mapping::of(region);
            super::alert::receive(store, &mapping, &sender, source, alerts, *at)?;
        } else {
            store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
                events_for(conn, region, &entry.owed)
            })?;
        }
        spool.remove(&entry)?;
        recorded += 1;
    }
    Ok(recorded)
}

/// Why the spool could not be recorded (yet).
#[derive(Debug, thiserror::Error)]
pub enum RecordOwedError {
    #[error(transparent)]
    Log(#[from] OpError),
    #[error(transparent)]
    Spool(#[from] SpoolError),
}

impl RecordOwedError {
    /// The log is still held by another process's write lock.
    pub fn is_busy(&self) -> bool {
        matches!(self, RecordOwedError::Log(OpError::Store(e)) if e.is_busy())
    }
}

fn system_event(id: &str, kind: &str, at: DateTime<Utc>, payload: serde_json::Value) -> NewEvent {
    NewEvent {
        occurred_at: at,
        actor: SYSTEM_ACTOR.into(),
        os_account: super::actor::os_account(),
        kind: kind.into(),
        subject: page::subject(id),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload,
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value, OpError> {
    serde_json::to_value(v).map_err(|e| {
        OpError::Store(StoreError::Payload(PayloadError::Unwritable {
            kind: "owed page".into(),
            detail: e.to_string(),
        }))
    })
}

/// The events an entry owes, read inside the write transaction (nothing if already there).
fn events_for(
    conn: &crate::store::UnderLock,
    region: &Region,
    owed: &Owed,
) -> Result<Vec<NewEvent>, OpError> {
    match owed {
        Owed::Page {
            key,
            system,
            triggered,
            steps,
            up_at,
        } => {
            let at = steps.first().map_or_else(Utc::now, |s| s.at);
            if conn.recorded_late(kind::TRIGGERED, key, at)? {
                return Ok(Vec::new());
            }
            let year = at.with_timezone(&region.site.time_zone).year();
            let id = conn.next_page_id(year)?;
            let mut triggered = triggered.clone();
            if triggered.incident.is_none() {
                triggered.incident = super::link::open_incident_for(
                    conn,
                    region,
                    std::slice::from_ref(system),
                    None,
                )?;
            }
            let mut events = vec![system_event(
                &id,
                kind::TRIGGERED,
                at,
                to_value(&triggered)?,
            )];
            for s in steps {
                // The step's text names the page as the log now does.
                let mut n = s.notified.clone();
                n.message = n.message.replacen(UNLOGGED_PAGE, &id, 1);
                events.push(system_event(&id, kind::NOTIFIED, s.at, to_value(&n)?));
            }
            if let Some(up) = up_at {
                let name = region
                    .system(system)
                    .map_or(system.as_str(), |s| s.name.as_str());
                let reason = format!("{name} är uppe igen");
                events.push(system_event(
                    &id,
                    kind::RESOLVED,
                    *up,
                    crate::model::payload::to_value(&crate::model::payload::Reasoned {
                        message: format!("{id} resolved: {reason}"),
                        text: reason,
                    })?,
                ));
            }
            Ok(events)
        }
        Owed::Alerts { .. } => Ok(Vec::new()),
        Owed::Step { key, page, sent } => {
            if conn.recorded_late(kind::NOTIFIED, key, sent.at)? {
                return Ok(Vec::new());
            }
            Ok(vec![system_event(
                page,
                kind::NOTIFIED,
                sent.at,
                to_value(&sent.notified)?,
            )])
        }
    }
}
