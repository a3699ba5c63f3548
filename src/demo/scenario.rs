//! The scenario that drives the simulated region: steps at times from the start.

use crate::model::duration::parse_duration;
use serde::Deserialize;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    repeat: Option<String>,
    #[serde(default)]
    step: Vec<RawStep>,
    #[serde(default)]
    incident: Vec<RawIncident>,
    #[serde(default)]
    run: Vec<RawRun>,
    #[serde(default)]
    heartbeat: Vec<RawHeartbeat>,
    #[serde(default)]
    alert: Vec<RawAlert>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeartbeat {
    id: String,
    every: String,
    until: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlert {
    at: String,
    source: String,
    labels: std::collections::BTreeMap<String, String>,
    summary: String,
    #[serde(default)]
    resolved: bool,
}

/// A job that pings its heartbeat every `every` while the scenario's clock (repeating)
/// is before `until`, then goes quiet.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedHeartbeat {
    pub id: String,
    pub every: Duration,
    pub until: Duration,
}

/// An alert the region's monitoring sends at `at` (again each repeat).
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedAlert {
    pub at: Duration,
    pub source: String,
    pub labels: std::collections::BTreeMap<String, String>,
    pub summary: String,
    pub resolved: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    at: String,
    runbook: String,
    by: String,
    #[serde(default)]
    steps: Vec<RawRunStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRunStep {
    at: String,
    step: usize,
    by: Option<String>,
    value: Option<String>,
    skip: Option<String>,
    note: Option<String>,
}

/// A downtime runbook run the demo's ward staff work through by themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedRun {
    pub at: Duration,
    pub runbook: String,
    pub by: String,
    pub steps: Vec<ScriptedRunStep>,
}

/// One step of a scripted run: done (with a value), skipped with a reason, or a note.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedRunStep {
    pub at: Duration,
    pub step: usize,
    pub by: Option<String>,
    pub value: Option<String>,
    pub skip: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncident {
    at: String,
    title: String,
    #[serde(default)]
    systems: Vec<String>,
    #[serde(default)]
    care_units: Vec<String>,
    commander: String,
    scribe: Option<String>,
    #[serde(default)]
    notes: Vec<String>,
    flag: Option<String>,
    resolve_at: Option<String>,
}

/// An incident the demo runs by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedIncident {
    pub at: Duration,
    pub title: String,
    pub systems: Vec<String>,
    pub care_units: Vec<String>,
    pub commander: String,
    pub scribe: Option<String>,
    pub notes: Vec<String>,
    pub flag: Option<String>,
    pub resolve_at: Option<Duration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    at: String,
    system: String,
    status: Option<u16>,
    latency: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at: Duration,
    pub system: String,
    pub status: Option<u16>,
    pub latency: Option<Duration>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub repeat: Option<Duration>,
    pub steps: Vec<Step>,
    pub incidents: Vec<ScriptedIncident>,
    pub runs: Vec<ScriptedRun>,
    pub heartbeats: Vec<ScriptedHeartbeat>,
    pub alerts: Vec<ScriptedAlert>,
}

/// What a system answers at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub latency: Duration,
}

impl Scenario {
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| format!("scenario: {e}"))?;
        let repeat = raw
            .repeat
            .map(|r| parse_duration(&r).map_err(|e| e.to_string()))
            .transpose()?;
        let mut steps = Vec::new();
        for s in raw.step {
            steps.push(Step {
                at: parse_duration(&s.at)
                    .or_else(|e| {
                        if s.at.trim() == "0s" {
                            Ok(Duration::ZERO)
                        } else {
                            Err(e)
                        }
                    })
                    .map_err(|e| e.to_string())?,
                system: s.system,
                status: s.status,
                latency: s
                    .latency
                    .map(|l| {
                        parse_duration(&l).or_else(|e| {
                            if l.trim() == "0ms" {
                                Ok(Duration::ZERO)
                            } else {
                                Err(e)
                            }
                        })
                    })
                    .transpose()
                    .map_err(|e| e.to_string())?,
                note: s.note.unwrap_or_default(),
            });
        }
        steps.sort_by_key(|s| s.at);
        let mut incidents = Vec::new();
        for i in raw.incident {
            incidents.push(ScriptedIncident {
                at: parse_duration(&i.at).map_err(|e| e.to_string())?,
                title: i.title,
                systems: i.systems,
                care_units: i.care_units,
                commander: i.commander,
                scribe: i.scribe,
                notes: i.notes,
                flag: i.flag,
                resolve_at: i
                    .resolve_at
                    .map(|r| parse_duration(&r))
                    .transpose()
                    .map_err(|e| e.to_string())?,
            });
        }
        let mut runs = Vec::new();
        for r in raw.run {
            let mut steps = Vec::new();
            for st in r.steps {
                steps.push(ScriptedRunStep {
                    at: parse_duration(&st.at).map_err(|e| e.to_string())?,
                    step: st.step,
                    by: st.by,
                    value: st.value,
                    skip: st.skip,
                    note: st.note,
                });
            }
            steps.sort_by_key(|s| s.at);
            runs.push(ScriptedRun {
                at: parse_duration(&r.at).map_err(|e| e.to_string())?,
                runbook: r.runbook,
                by: r.by,
                steps,
            });
        }
        let d = |t: &str| parse_duration(t).map_err(|e| e.to_string());
        let mut heartbeats = Vec::new();
        for h in raw.heartbeat {
            heartbeats.push(ScriptedHeartbeat {
                id: h.id,
                every: d(&h.every)?,
                until: d(&h.until)?,
            });
        }
        let mut alerts = Vec::new();
        for a in raw.alert {
            alerts.push(ScriptedAlert {
                at: d(&a.at)?,
                source: a.source,
                labels: a.labels,
                summary: a.summary,
                resolved: a.resolved,
            });
        }
        alerts.sort_by_key(|a| a.at);
        Ok(Scenario {
            repeat,
            steps,
            incidents,
            runs,
            heartbeats,
            alerts,
        })
    }

    /// Every system's answer `elapsed` after the start.
    pub fn answers_at(&self, elapsed: Duration) -> HashMap<String, Answer> {
        let t = match self.repeat {
            Some(r) if !r.is_zero() => {
                Duration::from_nanos((elapsed.as_nanos() % r.as_nanos()) as u64)
            }
            _ => elapsed,
        };
        let mut out: HashMap<String, Answer> = HashMap::new();
        for s in self.steps.iter().filter(|s| s.at <= t) {
            let a = out.entry(s.system.clone()).or_insert(Answer {
                status: 200,
                latency: Duration::ZERO,
            });
            if let Some(st) = s.status {
                a.status = st;
            }
            if let Some(l) = s.latency {
                a.latency = l;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scenario_parses_and_plays() {
        let s = Scenario::parse(super::super::files::SCENARIO).unwrap();
        assert!(s.steps.len() >= 5);
        let at = |secs| s.answers_at(Duration::from_secs(secs));
        assert!(!at(10).contains_key("lab"), "everything up at first");
        assert_eq!(at(25)["lab"].status, 503);
        assert_eq!(at(40)["pacs"].latency, Duration::from_millis(1200));
        assert_eq!(at(70)["natverk-norra"].status, 503);
        assert_eq!(at(140)["lab"].status, 200);
        assert_eq!(at(200)["pacs"].latency, Duration::ZERO);
        assert_eq!(s.incidents.len(), 1);
        assert_eq!(s.runs.len(), 1);
        assert_eq!(s.runs[0].runbook, "lab-nere");
        assert!(s.runs[0].steps.iter().all(|st| st.at > s.runs[0].at));
        assert!(s.incidents[0].resolve_at.unwrap() > s.incidents[0].at);
        // One heartbeat that goes quiet; a mapped Alertmanager alert (RIS) and an unmapped
        // one (a print queue) that fire and resolve, in time order.
        assert_eq!(s.heartbeats.len(), 1);
        assert!(s.heartbeats[0].until < s.repeat.unwrap());
        assert_eq!(s.alerts.len(), 4);
        let resolved: Vec<bool> = s.alerts.iter().map(|a| a.resolved).collect();
        assert_eq!(resolved, [false, false, true, true]);
        let dir = tempfile::tempdir().unwrap();
        let config = crate::demo::materialize(dir.path(), 9).unwrap();
        let region = crate::config::load(&config).unwrap().region;
        let mapping = crate::ops::alert::Mapping::of(&region);
        let mapped: Vec<bool> = s
            .alerts
            .iter()
            .map(|a| !mapping.systems_for(&a.source, &a.labels).is_empty())
            .collect();
        assert_eq!(mapped, [false, true, true, false]);
        // Repeats.
        let period = s.repeat.unwrap().as_secs();
        assert_eq!(at(period + 25)["lab"].status, 503);
    }
}
