//! Alertmanager silences for a maintenance window (its API v2): the window's systems'
//! alert checks of an Alertmanager source, their selectors as a silence's matchers. Pure.

use super::alert::{Op, Selector};
use super::check::CheckKind;
use super::region::Region;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One matcher of a silence (`POST /api/v2/silences`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SilenceMatcher {
    pub name: String,
    pub value: String,
    pub is_regex: bool,
    pub is_equal: bool,
}

/// A silence to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSilence {
    pub matchers: Vec<SilenceMatcher>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub created_by: String,
    pub comment: String,
}

/// A selector as a silence's matchers (Alertmanager anchors its regexes as Prometheus does).
pub fn matchers(selector: &Selector) -> Vec<SilenceMatcher> {
    selector
        .0
        .iter()
        .map(|m| SilenceMatcher {
            name: m.label.clone(),
            value: m.value.clone(),
            is_regex: matches!(m.op, Op::Re | Op::NotRe),
            is_equal: matches!(m.op, Op::Eq | Op::Re),
        })
        .collect()
}

/// The selectors (each once) of the alert checks of `source` on the window's systems (none
/// listed: every system).
pub fn selectors(region: &Region, systems: &[String], source: &str) -> Vec<Selector> {
    let mut out: Vec<Selector> = Vec::new();
    for s in &region.systems {
        if !systems.is_empty() && !systems.contains(&s.id) {
            continue;
        }
        for c in &s.checks {
            if let CheckKind::Alert {
                source: src,
                selector,
                ..
            } = &c.kind
                && src == source
                && let Ok(sel) = Selector::parse(selector)
                && !out.contains(&sel)
            {
                out.push(sel);
            }
        }
    }
    out
}

/// The silences a window needs in the Alertmanager of `source`.
pub fn for_window(
    region: &Region,
    source: &str,
    window: i64,
    systems: &[String],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    reason: &str,
    actor: &str,
) -> Vec<NewSilence> {
    selectors(region, systems, source)
        .iter()
        .map(|sel| NewSilence {
            matchers: matchers(sel),
            starts_at: from,
            ends_at: to,
            created_by: format!("beredskap ({actor})"),
            comment: format!("beredskap maintenance window #{window}: {reason}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_becomes_its_matcher() {
        let sel =
            Selector::parse(r#"{job="lis", env!="test", severity=~"critical|page", x!~"a.*"}"#)
                .unwrap();
        let m = matchers(&sel);
        let flags: Vec<(bool, bool)> = m.iter().map(|m| (m.is_regex, m.is_equal)).collect();
        assert_eq!(
            flags,
            vec![(false, true), (false, false), (true, true), (true, false)]
        );
        assert_eq!(m[2].value, "critical|page");
        let json = serde_json::to_value(&m[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "job", "value": "lis", "isRegex": false, "isEqual": true})
        );
    }
}
