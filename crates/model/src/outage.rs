//! How long a system was in trouble, from its status changes: down or degraded by its own
//! checks, and impacted — up by its own checks while a system it depends on is down, so it
//! could not be reached or seen through it (CTG while the network to the wards is down).
//! Both are counted, never one for the other: an impacted system is not "up". Pure.

use super::event::StatusChange;
use super::follow_on::is_impacted;
use super::health::Health;
use chrono::{DateTime, Utc};

/// A system's stretches of trouble, each [from, to).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stretches {
    pub down: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub impacted: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The stretches of one system's `changes` (in time order); one still open ends at `end`.
pub fn stretches<'a>(
    changes: impl IntoIterator<Item = (DateTime<Utc>, &'a StatusChange)>,
    end: DateTime<Utc>,
) -> Stretches {
    let mut out = Stretches::default();
    let (mut down, mut impacted): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = (None, None);
    for (at, c) in changes {
        let is_down = matches!(c.health, Health::Down | Health::Degraded);
        let is_impacted = is_impacted(c.health, &c.impacted_by);
        for (now, open, list) in [
            (is_down, &mut down, &mut out.down),
            (is_impacted, &mut impacted, &mut out.impacted),
        ] {
            match (now, *open) {
                (true, None) => *open = Some(at),
                (false, Some(from)) => {
                    list.push((from, at));
                    *open = None;
                }
                _ => {}
            }
        }
    }
    for (open, list) in [(down, &mut out.down), (impacted, &mut out.impacted)] {
        if let Some(from) = open {
            list.push((from, end.max(from)));
        }
    }
    out
}

fn seconds(list: &[(DateTime<Utc>, DateTime<Utc>)], from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    list.iter()
        .map(|(a, b)| ((*b).min(to) - (*a).max(from)).num_seconds().max(0))
        .sum()
}

impl Stretches {
    /// Seconds down or degraded within [from, to).
    pub fn down_within(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        seconds(&self.down, from, to)
    }

    /// Seconds impacted within [from, to).
    pub fn impacted_within(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        seconds(&self.impacted, from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn change(health: Health, impacted_by: &[&str]) -> StatusChange {
        StatusChange {
            health,
            previous: Health::Up,
            own: health,
            check: "hälsa".into(),
            message: String::new(),
            finding: None,
            latency_ms: None,
            impacted_by: impacted_by.iter().map(|s| s.to_string()).collect(),
            suppressed: None,
            flapping: false,
            maintenance: None,
        }
    }

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 3, 0, 0).single().unwrap() + chrono::Duration::seconds(s)
    }

    /// CTG up by its own checks while the network is down for 90 s, then down itself for a
    /// minute, then up: 90 s impacted and 60 s down, neither read as the other.
    #[test]
    fn impact_and_own_trouble_are_counted_apart() {
        let changes = [
            (t(0), change(Health::Up, &[])),
            (t(10), change(Health::Up, &["natverk"])),
            (t(100), change(Health::Up, &[])),
            (t(200), change(Health::Down, &[])),
            (t(260), change(Health::Up, &[])),
            (t(300), change(Health::Up, &["natverk"])),
        ];
        let s = stretches(changes.iter().map(|(a, c)| (*a, c)), t(330));
        assert_eq!(s.down_within(t(0), t(1000)), 60);
        assert_eq!(
            s.impacted_within(t(0), t(1000)),
            90 + 30,
            "the open one ends at `end`"
        );
        assert_eq!(
            s.impacted_within(t(50), t(1000)),
            50 + 30,
            "clipped to the span"
        );
    }
}
