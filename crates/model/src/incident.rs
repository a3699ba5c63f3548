//! Major incidents: status machine, ordered milestones, roles, and the incident as folded
//! from its events. Pure: no I/O.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Closed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
        Status::Closed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Investigating => "investigating",
            Status::Identified => "identified",
            Status::Monitoring => "monitoring",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Still being worked on.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Investigating | Status::Identified | Status::Monitoring
        )
    }

    /// Whether `self → to` is allowed, and why not.
    pub fn check_transition(self, to: Status) -> Result<(), TransitionError> {
        use Status::*;
        let ok = match (self, to) {
            (a, b) if a == b => false,
            (a, b) if a.is_open() && b.is_open() => true,
            (a, Resolved | Cancelled) if a.is_open() => true,
            (Resolved, Closed) => true,
            // Reopened: it came back.
            (Resolved, Investigating) => true,
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(TransitionError { from: self, to })
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionError {
    pub from: Status,
    pub to: Status,
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match (self.from, self.to) {
            (a, b) if a == b => "it already has that status".to_string(),
            (Status::Closed | Status::Cancelled, _) => {
                format!("a {} incident cannot change", self.from)
            }
            (_, Status::Closed) => "only a resolved incident can be closed".to_string(),
            (Status::Resolved, _) => {
                "a resolved incident can only be closed, or reopened as investigating".to_string()
            }
            _ => "that transition is not allowed".to_string(),
        };
        write!(f, "cannot go from {} to {}: {why}", self.from, self.to)
    }
}

impl std::error::Error for TransitionError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Milestone {
    Started,
    Detected,
    Acknowledged,
    Declared,
    Mitigated,
    Resolved,
    Closed,
}

impl Milestone {
    pub const ALL: [Milestone; 7] = [
        Milestone::Started,
        Milestone::Detected,
        Milestone::Acknowledged,
        Milestone::Declared,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::Closed,
    ];

    /// The chain that must be in order: started ≤ detected ≤ acknowledged ≤ mitigated ≤
    /// resolved ≤ closed. (Declared is when the incident was opened here; it only has to
    /// come after started.)
    const CHAIN: [Milestone; 6] = [
        Milestone::Started,
        Milestone::Detected,
        Milestone::Acknowledged,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Started => "started",
            Milestone::Detected => "detected",
            Milestone::Acknowledged => "acknowledged",
            Milestone::Declared => "declared",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
            Milestone::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Milestone> {
        Milestone::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for Milestone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneError {
    pub milestone: Milestone,
    pub at: DateTime<Utc>,
    pub conflicts_with: Milestone,
    pub other_at: DateTime<Utc>,
}

impl fmt::Display for MilestoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rel, order) = if self.at < self.other_at {
            ("before", "after")
        } else {
            ("after", "before")
        };
        write!(
            f,
            "{} at {} would be {rel} {} at {}: milestones must be in order (started ≤ detected ≤ \
             acknowledged ≤ mitigated ≤ resolved ≤ closed); {} comes {order} {}. Correct the \
             other milestone first if it is the wrong one",
            self.milestone,
            self.at.format("%Y-%m-%d %H:%M:%S UTC"),
            self.conflicts_with,
            self.other_at.format("%Y-%m-%d %H:%M:%S UTC"),
            self.milestone,
            self.conflicts_with
        )
    }
}

impl std::error::Error for MilestoneError {}

/// Checks that setting `m` to `at` keeps every milestone in order.
pub fn check_milestone(
    milestones: &BTreeMap<Milestone, DateTime<Utc>>,
    m: Milestone,
    at: DateTime<Utc>,
) -> Result<(), MilestoneError> {
    let err = |other: Milestone, other_at: DateTime<Utc>| MilestoneError {
        milestone: m,
        at,
        conflicts_with: other,
        other_at,
    };
    if m == Milestone::Declared {
        if let Some(&s) = milestones.get(&Milestone::Started)
            && at < s
        {
            return Err(err(Milestone::Started, s));
        }
        return Ok(());
    }
    let Some(pos) = Milestone::CHAIN.iter().position(|x| *x == m) else {
        return Ok(());
    };
    for earlier in &Milestone::CHAIN[..pos] {
        if let Some(&t) = milestones.get(earlier)
            && at < t
        {
            return Err(err(*earlier, t));
        }
    }
    for later in &Milestone::CHAIN[pos + 1..] {
        if let Some(&t) = milestones.get(later)
            && at > t
        {
            return Err(err(*later, t));
        }
    }
    if m == Milestone::Started
        && let Some(&d) = milestones.get(&Milestone::Declared)
        && at > d
    {
        return Err(err(Milestone::Declared, d));
    }
    Ok(())
}

/// A follow-up action from the post-incident review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FollowUp {
    pub what: String,
    pub owner: String,
    pub due: String,
    pub verification: String,
}

/// The post-incident review.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Review {
    pub summary: String,
    pub impact: String,
    pub what_worked: String,
    pub contributing_factors: String,
    pub actions: Vec<FollowUp>,
}

/// An incident as its events make it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub status: Status,
    pub systems: Vec<String>,
    pub care_units: Vec<String>,
    pub description: String,
    pub milestones: BTreeMap<Milestone, DateTime<Utc>>,
    /// Role id → account.
    pub roles: BTreeMap<String, String>,
    pub patient_safety: Option<String>,
    pub review: Option<Review>,
    pub declared_by: String,
}

impl Incident {
    /// Consecutive milestones that are set, in order of time, with their times.
    pub fn intervals(&self) -> Vec<(Milestone, Milestone, DateTime<Utc>, DateTime<Utc>)> {
        let mut set: Vec<(Milestone, DateTime<Utc>)> =
            self.milestones.iter().map(|(m, t)| (*m, *t)).collect();
        set.sort_by_key(|(m, t)| (*t, *m));
        set.windows(2)
            .map(|w| (w[0].0, w[1].0, w[0].1, w[1].1))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .single()
            .unwrap()
    }

    #[test]
    fn every_status_transition_is_allowed_or_refused_with_a_reason() {
        use Status::*;
        let allowed = [
            (Investigating, Identified),
            (Investigating, Monitoring),
            (Identified, Investigating),
            (Identified, Monitoring),
            (Monitoring, Identified),
            (Monitoring, Investigating),
            (Investigating, Resolved),
            (Identified, Resolved),
            (Monitoring, Resolved),
            (Investigating, Cancelled),
            (Identified, Cancelled),
            (Monitoring, Cancelled),
            (Resolved, Closed),
            (Resolved, Investigating),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                let r = from.check_transition(to);
                assert_eq!(r.is_ok(), allowed.contains(&(from, to)), "{from} → {to}");
                if let Err(e) = r {
                    assert!(
                        e.to_string()
                            .starts_with(&format!("cannot go from {from} to {to}: ")),
                        "{e}"
                    );
                }
            }
        }
        assert!(
            Closed
                .check_transition(Investigating)
                .unwrap_err()
                .to_string()
                .contains("cannot change")
        );
        assert!(
            Monitoring
                .check_transition(Closed)
                .unwrap_err()
                .to_string()
                .contains("only a resolved")
        );
    }

    #[test]
    fn milestones_must_be_in_order() {
        let mut ms = BTreeMap::new();
        ms.insert(Milestone::Started, t(3, 0));
        ms.insert(Milestone::Detected, t(3, 10));
        ms.insert(Milestone::Mitigated, t(4, 0));
        assert!(check_milestone(&ms, Milestone::Acknowledged, t(3, 15)).is_ok());
        let e = check_milestone(&ms, Milestone::Acknowledged, t(3, 5)).unwrap_err();
        assert_eq!(e.conflicts_with, Milestone::Detected);
        assert!(
            e.to_string()
                .contains("acknowledged at 2026-11-23 03:05:00 UTC would be before detected"),
            "{e}"
        );
        let e = check_milestone(&ms, Milestone::Acknowledged, t(4, 30)).unwrap_err();
        assert_eq!(e.conflicts_with, Milestone::Mitigated);
        assert!(check_milestone(&ms, Milestone::Resolved, t(3, 59)).is_err());
        assert!(
            check_milestone(&ms, Milestone::Resolved, t(4, 0)).is_ok(),
            "equal times are in order"
        );
        assert!(check_milestone(&ms, Milestone::Started, t(3, 11)).is_err());
        assert!(
            check_milestone(&ms, Milestone::Declared, t(2, 59)).is_err(),
            "declared after started"
        );
        assert!(
            check_milestone(&ms, Milestone::Declared, t(5, 0)).is_ok(),
            "declared may be late"
        );
        ms.insert(Milestone::Resolved, t(5, 0));
        assert!(check_milestone(&ms, Milestone::Closed, t(4, 59)).is_err());
    }

    #[test]
    fn durations_between_milestones() {
        let mut i = Incident {
            id: "INC-2026-0001".into(),
            title: "x".into(),
            severity: "major".into(),
            status: Status::Investigating,
            systems: vec![],
            care_units: vec![],
            description: String::new(),
            milestones: BTreeMap::new(),
            roles: BTreeMap::new(),
            patient_safety: None,
            review: None,
            declared_by: "a".into(),
        };
        i.milestones.insert(Milestone::Started, t(3, 0));
        i.milestones.insert(Milestone::Detected, t(3, 12));
        i.milestones.insert(Milestone::Declared, t(3, 20));
        let d = i.intervals();
        assert_eq!(
            d[0],
            (Milestone::Started, Milestone::Detected, t(3, 0), t(3, 12))
        );
        assert_eq!((d[1].2, d[1].3), (t(3, 12), t(3, 20)));
    }
}

/// A severity level from configuration; the first is the most severe (stor incident).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Severity {
    pub id: String,
    pub name: String,
    pub definition: String,
}

/// An incident role from configuration, with instructions for whoever takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IncidentRole {
    pub id: String,
    pub name: String,
    pub instructions: String,
}

/// The built-in severities' and incident roles' names in English: a region that configures
/// none gets the built-in ones, named in the interface language (`--lang en` showed
/// "Stor incident", "Incidentledare").
pub fn builtin_english(id: &str) -> Option<&'static str> {
    Some(match id {
        "major" => "Major incident",
        "high" => "Serious",
        "moderate" => "Limited",
        "commander" => "Incident commander",
        "communications" => "Communications lead",
        "scribe" => "Scribe",
        "technical" => "Technical lead",
        "clinical" => "Clinical liaison",
        "supplier" => "Supplier liaison",
        _ => return None,
    })
}

pub fn default_severities() -> Vec<Severity> {
    let s = |id: &str, name: &str, def: &str| Severity {
        id: id.into(),
        name: name.into(),
        definition: def.into(),
    };
    vec![
        s(
            "major",
            "Stor incident",
            "Orsakar eller riskerar väsentlig skada för regionens verksamhet och måste lösas omedelbart.",
        ),
        s(
            "high",
            "Allvarlig",
            "Flera enheter eller ett verksamhetskritiskt system påverkas; reservrutiner kan behövas.",
        ),
        s(
            "moderate",
            "Begränsad",
            "En enhet eller en funktion påverkas; arbetet kan fortsätta med stöd.",
        ),
    ]
}

pub fn default_roles() -> Vec<IncidentRole> {
    let r = |id: &str, name: &str, ins: &str| IncidentRole {
        id: id.into(),
        name: name.into(),
        instructions: ins.into(),
    };
    vec![
        r(
            "commander",
            "Incidentledare",
            "Leder arbetet, fattar beslut, sätter status och milstolpar, lämnar över uttryckligen.",
        ),
        r(
            "communications",
            "Kommunikationsansvarig",
            "Håller vårdenheter, ledning och leverantör informerade; för in varje utskick i tidslinjen.",
        ),
        r(
            "scribe",
            "Sekreterare",
            "För tidslinjen: beslut, åtgärder och tidpunkter, även det som hände för en stund sedan.",
        ),
        r(
            "technical",
            "Teknisk ledare",
            "Leder felsökning och återställning; rapporterar läget till incidentledaren.",
        ),
        r(
            "clinical",
            "Vårdkontakt",
            "Håller kontakt med berörda vårdenheter om reservrutiner och patientsäkerhet.",
        ),
        r(
            "supplier",
            "Leverantörskontakt",
            "Håller kontakten med leverantörens jour och för in deras besked.",
        ),
    ]
}
