//! Pages (larm) and escalation policies: who is notified when, step by step, until someone
//! acknowledges. A page carries a snapshot of the policy it started with, so editing the
//! configuration never changes a running escalation. Pure: folding events, computing what
//! is due.

use super::event::Event;
use super::fold::{FoldError, known, read};
use super::oncall::Rota;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const TRIGGERED: &str = crate::event_kind::EventKind::PageTriggered.as_str();
    pub const NOTIFIED: &str = crate::event_kind::EventKind::PageNotified.as_str();
    pub const ACKNOWLEDGED: &str = crate::event_kind::EventKind::PageAcknowledged.as_str();
    pub const RESOLVED: &str = crate::event_kind::EventKind::PageResolved.as_str();
    /// One delivery attempt on one channel (console, webhook, desktop).
    pub const DELIVERY: &str = crate::event_kind::EventKind::PageDelivery.as_str();
    /// Joined to an incident declared after it was raised (`model::payload::Linked`).
    pub const LINKED: &str = crate::event_kind::EventKind::PageLinked.as_str();
}

pub fn subject(id: &str) -> String {
    format!("page:{id}")
}

pub fn id_of(subject: &str) -> Option<&str> {
    subject.strip_prefix("page:")
}

/// Whom a step notifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// Whoever is on call for the team's layer.
    OnCall {
        team: String,
        layer: String,
    },
    /// Whoever comes next in the layer's rotation.
    Next {
        team: String,
        layer: String,
    },
    Person {
        account: String,
    },
    /// A supplier's on-call (their phone): recorded, and sent to the webhook.
    Supplier {
        team: String,
    },
}

impl Target {
    /// "oncall:it-drift/primär", "next:it-drift/primär", "person:il.karin",
    /// "supplier:lev-journal". A team without a layer means its first layer (`first`).
    pub fn parse(s: &str, first_layer: impl Fn(&str) -> Option<String>) -> Option<Target> {
        let (kind, rest) = s.split_once(':')?;
        let team_layer = |rest: &str| -> Option<(String, String)> {
            match rest.split_once('/') {
                Some((t, l)) => Some((t.to_string(), l.to_string())),
                None => Some((rest.to_string(), first_layer(rest)?)),
            }
        };
        match kind {
            "oncall" | "jour" => {
                let (team, layer) = team_layer(rest)?;
                Some(Target::OnCall { team, layer })
            }
            "next" | "nästa" => {
                let (team, layer) = team_layer(rest)?;
                Some(Target::Next { team, layer })
            }
            "person" => Some(Target::Person {
                account: rest.to_string(),
            }),
            "supplier" | "leverantör" => Some(Target::Supplier {
                team: rest.to_string(),
            }),
            _ => None,
        }
    }

    /// Who the target is at `t`: an account, or `supplier:TEAM`; `None` when nobody is.
    pub fn resolve(&self, rota: &Rota, t: DateTime<Utc>) -> Option<String> {
        match self {
            Target::OnCall { team, layer } => rota.on_call(team, layer, t).map(|o| o.person),
            Target::Next { team, layer } => rota.next(team, layer, t).map(|(o, _)| o.person),
            Target::Person { account } => Some(account.clone()),
            Target::Supplier { team } => Some(format!("supplier:{team}")),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Target::OnCall { team, layer } => format!("oncall:{team}/{layer}"),
            Target::Next { team, layer } => format!("next:{team}/{layer}"),
            Target::Person { account } => format!("person:{account}"),
            Target::Supplier { team } => format!("supplier:{team}"),
        }
    }
}

/// One escalation step: its targets, and how long to wait for an acknowledgement before
/// the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub targets: Vec<Target>,
    /// Seconds to wait after this step before the next one.
    pub wait_secs: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub id: String,
    pub steps: Vec<Step>,
    /// How many times the whole policy runs again after the last step (the cap).
    pub repeats: u32,
}

impl Policy {
    /// The policy used when a team names none: each layer in order, ten minutes apart,
    /// then the supplier if the caller adds one; run twice.
    pub fn default_for(team: &str, layers: &[&str]) -> Policy {
        let steps = if layers.is_empty() {
            Vec::new()
        } else {
            layers
                .iter()
                .map(|l| Step {
                    targets: vec![Target::OnCall {
                        team: team.to_string(),
                        layer: l.to_string(),
                    }],
                    wait_secs: 600,
                })
                .collect()
        };
        Policy {
            id: "default".into(),
            steps,
            repeats: 1,
        }
    }

    /// A page to one person: notified once, then again every ten minutes, three times.
    pub fn person(account: &str) -> Policy {
        Policy {
            id: "person".into(),
            steps: vec![Step {
                targets: vec![Target::Person {
                    account: account.to_string(),
                }],
                wait_secs: 600,
            }],
            repeats: 2,
        }
    }

    fn cycle(&self) -> Duration {
        Duration::seconds(self.steps.iter().map(|s| s.wait_secs).sum())
    }

    /// When (round, step) falls due for a page triggered at `t0`.
    pub fn due_at(&self, t0: DateTime<Utc>, round: u32, step: usize) -> DateTime<Utc> {
        let before: i64 = self.steps.iter().take(step).map(|s| s.wait_secs).sum();
        t0 + self.cycle() * round as i32 + Duration::seconds(before)
    }
}

/// `page.triggered`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Triggered {
    /// What was paged: `team:ID` or `person:ACCOUNT`.
    pub target: String,
    pub message: String,
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub incident: Option<String>,
    pub policy: Policy,
    /// Sent before the log could take it, recorded afterwards (`ops::owed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<RecordedLate>,
}

/// A page or step that went out while the log could not take it (another process held
/// its write lock, or recording failed) and was recorded afterwards from the monitor's
/// spool. The event's `occurred_at` is when it was sent, its `recorded_at` when the log
/// took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedLate {
    /// The spool entry it came from: a replay records each entry once.
    pub key: String,
    /// The account and process that held the log's write lock, as `account (PID n)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_by: Option<String>,
    /// Why recording failed, where it was not a lock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

/// `page.notified`: a step reached these people (accounts or `supplier:TEAM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notified {
    pub round: u32,
    pub step: usize,
    pub recipients: Vec<String>,
    /// Targets that resolved to nobody (a gap).
    #[serde(default)]
    pub unresolved: Vec<String>,
    #[serde(default)]
    pub message: String,
    /// Sent before the log could take it, recorded afterwards (`ops::owed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<RecordedLate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageStatus {
    Triggered,
    Notified,
    Escalated,
    Acknowledged,
    Resolved,
}

impl PageStatus {
    pub fn is_open(self) -> bool {
        !matches!(self, PageStatus::Acknowledged | PageStatus::Resolved)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub id: String,
    pub target: String,
    pub message: String,
    pub system: Option<String>,
    pub incident: Option<String>,
    /// Joined to its incident when the incident was declared, after the page was raised.
    pub linked_afterwards: bool,
    pub policy: Policy,
    pub triggered_by: String,
    pub triggered_at: DateTime<Utc>,
    pub status: PageStatus,
    /// (event id, when, what) of every step notified, in order.
    pub notified: Vec<(i64, DateTime<Utc>, Notified)>,
    pub acknowledged: Option<(String, DateTime<Utc>)>,
    pub resolved: Option<(String, DateTime<Utc>)>,
    /// Delivery attempts: (channel, recipient, ok, detail), in order.
    pub deliveries: Vec<(String, String, bool, String)>,
}

impl Page {
    /// The next (round, step) to notify and when, while the page is open and the cap not
    /// reached.
    pub fn next_due(&self) -> Option<(u32, usize, DateTime<Utc>)> {
        if !self.status.is_open() || self.policy.steps.is_empty() {
            return None;
        }
        let n = self.policy.steps.len();
        let (round, step) = match self.notified.last() {
            None => (0, 0),
            Some((_, _, last)) if last.step + 1 < n => (last.round, last.step + 1),
            Some((_, _, last)) => (last.round + 1, 0),
        };
        if round > self.policy.repeats {
            return None;
        }
        Some((
            round,
            step,
            self.policy.due_at(self.triggered_at, round, step),
        ))
    }

    /// Everyone notified so far.
    pub fn recipients(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, _, n) in &self.notified {
            for r in &n.recipients {
                if !out.contains(&r.as_str()) {
                    out.push(r);
                }
            }
        }
        out
    }
}

/// Folds a page's events (oldest first).
pub fn fold(events: &[Event]) -> Result<Option<Page>, FoldError> {
    let mut page: Option<Page> = None;
    for e in events {
        let Some(id) = id_of(&e.subject) else {
            continue;
        };
        if e.kind == kind::TRIGGERED {
            let t: Triggered = read(e)?;
            page = Some(Page {
                id: id.to_string(),
                target: t.target,
                message: t.message,
                system: t.system,
                incident: t.incident,
                linked_afterwards: false,
                policy: t.policy,
                triggered_by: e.actor.clone(),
                triggered_at: e.occurred_at,
                status: PageStatus::Triggered,
                notified: Vec::new(),
                acknowledged: None,
                resolved: None,
                deliveries: Vec::new(),
            });
            continue;
        }
        let Some(p) = page.as_mut() else { continue };
        match e.kind.as_str() {
            kind::NOTIFIED => {
                let n: Notified = read(e)?;
                if p.status.is_open() {
                    p.status = if n.round > 0 || n.step > 0 {
                        PageStatus::Escalated
                    } else {
                        PageStatus::Notified
                    };
                }
                p.notified.push((e.id, e.occurred_at, n));
            }
            kind::ACKNOWLEDGED => {
                if p.status != PageStatus::Resolved {
                    p.status = PageStatus::Acknowledged;
                }
                p.acknowledged = Some((e.actor.clone(), e.occurred_at));
            }
            kind::RESOLVED => {
                p.status = PageStatus::Resolved;
                p.resolved = Some((e.actor.clone(), e.occurred_at));
            }
            kind::LINKED => {
                let l: crate::incident_log::Linked = read(e)?;
                p.incident = Some(l.incident);
                p.linked_afterwards = true;
            }
            kind::DELIVERY => {
                let text = |k: &str| {
                    e.payload
                        .get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                let ok = e
                    .payload
                    .get("ok")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                p.deliveries
                    .push((text("channel"), text("to"), ok, text("detail")));
            }
            _ => known(e)?,
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_with_the_first_layer_as_default() {
        let first = |t: &str| (t == "it-drift").then(|| "primär".to_string());
        assert_eq!(
            Target::parse("oncall:it-drift", first),
            Some(Target::OnCall {
                team: "it-drift".into(),
                layer: "primär".into()
            })
        );
        assert_eq!(
            Target::parse("next:it-drift/sekundär", first),
            Some(Target::Next {
                team: "it-drift".into(),
                layer: "sekundär".into()
            })
        );
        assert_eq!(
            Target::parse("person:il.karin", first),
            Some(Target::Person {
                account: "il.karin".into()
            })
        );
        assert_eq!(
            Target::parse("oncall:mt", first),
            None,
            "no layer to default to"
        );
        assert_eq!(Target::parse("someone", first), None);
        assert_eq!(Target::parse("pager:x", first), None);
    }

    #[test]
    fn due_times_follow_the_steps_and_rounds() {
        let p = Policy {
            id: "p".into(),
            steps: vec![
                Step {
                    targets: vec![],
                    wait_secs: 300,
                },
                Step {
                    targets: vec![],
                    wait_secs: 600,
                },
            ],
            repeats: 1,
        };
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(p.due_at(t0, 0, 0), t0);
        assert_eq!(p.due_at(t0, 0, 1), t0 + Duration::seconds(300));
        assert_eq!(p.due_at(t0, 1, 0), t0 + Duration::seconds(900));
        assert_eq!(p.due_at(t0, 1, 1), t0 + Duration::seconds(1200));
    }
}
