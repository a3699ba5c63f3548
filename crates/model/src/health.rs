//! Health of checks and systems, and the per-check state machine with thresholds.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

/// What a system or check is, as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Up,
    Degraded,
    Down,
    /// No fresh result (or the checker is blind).
    Unknown,
    Maintenance,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Degraded => "degraded",
            Health::Down => "down",
            Health::Unknown => "unknown",
            Health::Maintenance => "maintenance",
        }
    }

    pub fn parse(s: &str) -> Option<Health> {
        [
            Health::Up,
            Health::Degraded,
            Health::Down,
            Health::Unknown,
            Health::Maintenance,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }

    /// How bad, for "the worst of its checks": down > degraded > unknown > up.
    pub fn badness(self) -> u8 {
        match self {
            Health::Up | Health::Maintenance => 0,
            Health::Unknown => 1,
            Health::Degraded => 2,
            Health::Down => 3,
        }
    }

    pub fn worst(items: impl IntoIterator<Item = Health>) -> Health {
        items
            .into_iter()
            .max_by_key(|h| h.badness())
            .unwrap_or(Health::Unknown)
    }
}

impl fmt::Display for Health {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One probe's verdict before thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    /// Works, but a warning applies (slow, certificate expiring, plugin WARNING).
    Warn,
    Fail,
    /// The probe could not tell (plugin UNKNOWN).
    Unknown,
}

impl Verdict {
    fn health(self) -> Health {
        match self {
            Verdict::Ok => Health::Up,
            Verdict::Warn => Health::Degraded,
            Verdict::Fail => Health::Down,
            Verdict::Unknown => Health::Unknown,
        }
    }
}

/// One probe result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    pub verdict: Verdict,
    /// What the probe found, typed (its English text is the evidence stored beside it).
    pub finding: crate::finding::Finding,
    pub latency: Duration,
}

/// How many recent probes the intermittent-failure warning looks at, and how many of them
/// must have failed.
pub const RECENT_WINDOW: usize = 10;
pub const RECENT_FAILURES_WARN: usize = 3;

/// A check's confirmed health, moved only by consecutive observations: worse needs
/// `failure_threshold` in a row, better needs `success_threshold` in a row.
#[derive(Debug, Clone)]
pub struct CheckTracker {
    failure_threshold: u32,
    success_threshold: u32,
    confirmed: Health,
    streak_verdict: Option<Verdict>,
    streak: u32,
    recent: VecDeque<bool>,
    last: Option<Observation>,
}

impl CheckTracker {
    pub fn new(failure_threshold: u32, success_threshold: u32) -> CheckTracker {
        CheckTracker {
            failure_threshold: failure_threshold.max(1),
            success_threshold: success_threshold.max(1),
            confirmed: Health::Unknown,
            streak_verdict: None,
            streak: 0,
            recent: VecDeque::with_capacity(RECENT_WINDOW),
            last: None,
        }
    }

    /// Records an observation.
    pub fn observe(&mut self, obs: Observation) {
        if self.streak_verdict == Some(obs.verdict) {
            self.streak = self.streak.saturating_add(1);
        } else {
            self.streak_verdict = Some(obs.verdict);
            self.streak = 1;
        }
        if self.recent.len() == RECENT_WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(obs.verdict == Verdict::Fail);
        let target = obs.verdict.health();
        if target != self.confirmed {
            let needed = if self.confirmed == Health::Unknown && target == Health::Up {
                1
            } else if target.badness() > self.confirmed.badness() {
                self.failure_threshold
            } else {
                self.success_threshold
            };
            if self.streak >= needed {
                self.confirmed = target;
                // A confirmed change is not "intermittent": start counting afresh.
                self.recent.clear();
            }
        }
        self.last = Some(obs);
    }

    /// The health to show and why.
    pub fn health(&self) -> (Health, crate::finding::Finding) {
        let last = self
            .last
            .as_ref()
            .map(|o| o.finding.clone())
            .unwrap_or_else(|| crate::finding::Finding::said(""));
        let failures = self.recent.iter().filter(|f| **f).count();
        if self.confirmed == Health::Up && failures >= RECENT_FAILURES_WARN {
            return (
                Health::Degraded,
                crate::finding::Finding::Intermittent {
                    failures,
                    of: self.recent.len(),
                    last: Box::new(last),
                },
            );
        }
        (self.confirmed, last)
    }

    pub fn last(&self) -> Option<&Observation> {
        self.last.as_ref()
    }

    /// Consecutive observations of the latest verdict.
    pub fn streak(&self) -> (Option<Verdict>, u32) {
        (self.streak_verdict, self.streak)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(v: Verdict) -> Observation {
        Observation {
            verdict: v,
            finding: crate::finding::Finding::said(format!("{v:?}")),
            latency: Duration::from_millis(10),
        }
    }

    fn feed(t: &mut CheckTracker, vs: &[Verdict]) -> Vec<Health> {
        vs.iter()
            .map(|v| {
                t.observe(obs(*v));
                t.health().0
            })
            .collect()
    }

    use Health::*;
    use Verdict::{Fail, Ok as Good, Warn};

    #[test]
    fn down_needs_three_failures_and_up_needs_two_successes() {
        let mut t = CheckTracker::new(3, 2);
        assert_eq!(
            feed(&mut t, &[Good, Fail, Fail, Fail, Good, Good, Good]),
            [Up, Up, Up, Down, Down, Up, Up]
        );
    }

    #[test]
    fn short_failure_runs_are_not_an_outage() {
        let mut t = CheckTracker::new(3, 2);
        assert_eq!(
            feed(&mut t, &[Good, Fail, Good, Fail, Fail, Good]),
            [Up, Up, Up, Up, Degraded, Degraded],
            "never down; the third failure in ten probes warns"
        );
        let mut t = CheckTracker::new(3, 2);
        assert_eq!(feed(&mut t, &[Good, Fail, Fail, Good]), [Up, Up, Up, Up]);
    }

    #[test]
    fn intermittent_failures_below_the_threshold_warn() {
        let mut t = CheckTracker::new(3, 2);
        let shown = feed(&mut t, &[Good, Fail, Good, Fail, Good, Fail, Good]);
        assert_eq!(shown, [Up, Up, Up, Up, Up, Degraded, Degraded]);
        assert!(
            t.health()
                .1
                .to_string()
                .contains("3 of the last 6 probes failed"),
            "{}",
            t.health().1
        );
    }

    #[test]
    fn slow_responses_degrade_after_the_failure_threshold() {
        let mut t = CheckTracker::new(2, 2);
        assert_eq!(
            feed(&mut t, &[Good, Warn, Warn, Good, Good]),
            [Up, Up, Degraded, Degraded, Up]
        );
    }

    #[test]
    fn starts_unknown_and_a_first_success_is_up() {
        let mut t = CheckTracker::new(3, 2);
        assert_eq!(t.health().0, Unknown);
        assert_eq!(feed(&mut t, &[Fail, Fail, Fail]), [Unknown, Unknown, Down]);
        let mut t = CheckTracker::new(3, 2);
        assert_eq!(feed(&mut t, &[Good]), [Up]);
    }

    #[test]
    fn worst_of() {
        assert_eq!(Health::worst([Up, Degraded, Unknown]), Degraded);
        assert_eq!(Health::worst([Up, Down, Degraded]), Down);
        assert_eq!(Health::worst([]), Unknown);
        assert_eq!(Health::parse("maintenance"), Some(Maintenance));
    }
}
