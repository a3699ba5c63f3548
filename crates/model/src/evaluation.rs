//! From each system's own checks to what is shown and whether to alert: dependency
//! impact, maintenance, flapping and a blind checker. Monitoring and recovery are never
//! suppressed — only alerting is.

use super::health::Health;
use super::maintenance::MaintenanceWindow;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

/// Why an alert for a system is held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// The checker itself has lost connectivity.
    Blind,
    Maintenance,
    /// A system it depends on is down.
    Impacted,
    Flapping,
}

impl Suppression {
    pub fn as_str(self) -> &'static str {
        match self {
            Suppression::Blind => "blind",
            Suppression::Maintenance => "maintenance",
            Suppression::Impacted => "impacted",
            Suppression::Flapping => "flapping",
        }
    }
}

/// A system's own state, from the worst of its checks.
#[derive(Debug, Clone)]
pub struct OwnState<'a> {
    pub id: &'a str,
    pub depends_on: &'a [String],
    pub health: Health,
    pub reason: crate::finding::Finding,
}

/// What is shown for a system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemView {
    pub id: String,
    /// Shown health: unknown while blind, maintenance in a window, else its own.
    pub health: Health,
    /// From its own checks, whatever is shown.
    pub own: Health,
    pub reason: crate::finding::Finding,
    /// Systems upstream that are down.
    pub impacted_by: Vec<String>,
    pub maintenance: Option<String>,
    pub flapping: bool,
    pub suppressed: Option<Suppression>,
}

/// Evaluates every system. `flapping(id)` says whether a system is flapping.
pub fn evaluate(
    systems: &[OwnState<'_>],
    windows: &[MaintenanceWindow],
    now: DateTime<Utc>,
    tz: Tz,
    blind: bool,
    flapping: &dyn Fn(&str) -> bool,
) -> Vec<SystemView> {
    let by_id: HashMap<&str, &OwnState<'_>> = systems.iter().map(|s| (s.id, s)).collect();
    systems
        .iter()
        .map(|s| {
            let impacted_by = down_upstream(s, &by_id);
            let maintenance = windows
                .iter()
                .find(|w| w.applies_to(s.id) && w.active_at(now, tz).is_some())
                .map(|w| w.reason.clone());
            let flapping = flapping(s.id);
            let health = if blind {
                Health::Unknown
            } else if maintenance.is_some() {
                Health::Maintenance
            } else {
                s.health
            };
            let suppressed = if blind {
                Some(Suppression::Blind)
            } else if maintenance.is_some() {
                Some(Suppression::Maintenance)
            } else if !impacted_by.is_empty() {
                Some(Suppression::Impacted)
            } else if flapping {
                Some(Suppression::Flapping)
            } else {
                None
            };
            SystemView {
                id: s.id.to_string(),
                health,
                own: s.health,
                reason: s.reason.clone(),
                impacted_by,
                maintenance,
                flapping,
                suppressed,
            }
        })
        .collect()
}

/// Upstream systems (direct or further up) whose own health is down, nearest first.
fn down_upstream(system: &OwnState<'_>, by_id: &HashMap<&str, &OwnState<'_>>) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = system.depends_on.iter().map(String::as_str).collect();
    let mut down = Vec::new();
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) || id == system.id {
            continue;
        }
        let Some(dep) = by_id.get(id) else { continue };
        if dep.health == Health::Down {
            down.push(id.to_string());
        }
        queue.extend(dep.depends_on.iter().map(String::as_str));
    }
    down
}

/// Counts a system's transitions in a sliding window: many → flapping.
#[derive(Debug, Clone)]
pub struct FlapTracker {
    window: Duration,
    threshold: usize,
    transitions: VecDeque<DateTime<Utc>>,
}

impl FlapTracker {
    pub fn new(window: Duration, threshold: usize) -> FlapTracker {
        FlapTracker {
            window,
            threshold: threshold.max(2),
            transitions: VecDeque::new(),
        }
    }

    pub fn record(&mut self, at: DateTime<Utc>) {
        self.transitions.push_back(at);
        self.expire(at);
    }

    fn expire(&mut self, now: DateTime<Utc>) {
        let window = chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
        while self
            .transitions
            .front()
            .is_some_and(|t| now.signed_duration_since(*t) > window)
        {
            self.transitions.pop_front();
        }
    }

    pub fn is_flapping(&mut self, now: DateTime<Utc>) -> bool {
        self.expire(now);
        self.transitions.len() >= self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maintenance::Schedule;
    use chrono_tz::Europe::Stockholm;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T02:10:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn deps(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_down_dependency_impacts_and_suppresses_but_own_health_stands() {
        let (net, idp, journal) = (deps(&[]), deps(&["net"]), deps(&["idp", "net"]));
        let systems = [
            OwnState {
                id: "net",
                depends_on: &net,
                health: Health::Down,
                reason: crate::finding::Finding::said("refused"),
            },
            OwnState {
                id: "idp",
                depends_on: &idp,
                health: Health::Down,
                reason: crate::finding::Finding::said("timeout"),
            },
            OwnState {
                id: "journal",
                depends_on: &journal,
                health: Health::Up,
                reason: crate::finding::Finding::said("ok"),
            },
        ];
        let views = evaluate(&systems, &[], now(), Stockholm, false, &|_| false);
        assert_eq!(views[0].suppressed, None, "the root cause alerts");
        assert_eq!(views[1].impacted_by, ["net"]);
        assert_eq!(views[1].health, Health::Down, "its own checks still count");
        assert_eq!(views[1].suppressed, Some(Suppression::Impacted));
        assert_eq!(views[2].impacted_by, ["idp", "net"]);
        assert_eq!(
            views[2].health,
            Health::Up,
            "recovery/own state is still recorded"
        );
    }

    #[test]
    fn blind_shows_unknown_not_down() {
        let none = deps(&[]);
        let systems = [OwnState {
            id: "a",
            depends_on: &none,
            health: Health::Down,
            reason: crate::finding::Finding::said("x"),
        }];
        let v = &evaluate(&systems, &[], now(), Stockholm, true, &|_| false)[0];
        assert_eq!(v.health, Health::Unknown);
        assert_eq!(v.own, Health::Down);
        assert_eq!(v.suppressed, Some(Suppression::Blind));
    }

    #[test]
    fn maintenance_shows_and_suppresses_only_its_systems() {
        let none = deps(&[]);
        let systems = [
            OwnState {
                id: "a",
                depends_on: &none,
                health: Health::Down,
                reason: crate::finding::Finding::said("x"),
            },
            OwnState {
                id: "b",
                depends_on: &none,
                health: Health::Down,
                reason: crate::finding::Finding::said("x"),
            },
        ];
        let window = MaintenanceWindow {
            systems: vec!["a".into()],
            schedule: Schedule::Once {
                from: now() - chrono::Duration::minutes(5),
                to: now() + chrono::Duration::minutes(5),
            },
            reason: "patch".into(),
        };
        let views = evaluate(&systems, &[window], now(), Stockholm, false, &|_| false);
        assert_eq!(views[0].health, Health::Maintenance);
        assert_eq!(views[0].maintenance.as_deref(), Some("patch"));
        assert_eq!(views[1].health, Health::Down);
        assert_eq!(views[1].suppressed, None);
    }

    #[test]
    fn flapping_after_many_transitions_in_the_window() {
        let mut f = FlapTracker::new(Duration::from_secs(600), 4);
        let t = now();
        for m in [0, 1, 2] {
            f.record(t + chrono::Duration::minutes(m));
        }
        assert!(!f.is_flapping(t + chrono::Duration::minutes(2)));
        f.record(t + chrono::Duration::minutes(3));
        assert!(f.is_flapping(t + chrono::Duration::minutes(3)));
        assert!(
            !f.is_flapping(t + chrono::Duration::minutes(12)),
            "old transitions expire"
        );
        let none = deps(&[]);
        let systems = [OwnState {
            id: "a",
            depends_on: &none,
            health: Health::Up,
            reason: crate::finding::Finding::said("x"),
        }];
        let v = &evaluate(&systems, &[], now(), Stockholm, false, &|id| id == "a")[0];
        assert!(v.flapping);
        assert_eq!(v.suppressed, Some(Suppression::Flapping));
    }
}
