//! Alerts from the monitoring the region already runs (Prometheus Alertmanager, the Nagios
//! family): label selectors that map them to systems, the Alertmanager webhook payload
//! (version 4), and what an alert's severity means for a system. Pure.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Labels of an alert, sorted.
pub type Labels = BTreeMap<String, String>;

/// How a label is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Re,
    NotRe,
}

/// One matcher of a selector: `job="lis"`, `severity=~"critical|page"`.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub label: String,
    pub op: Op,
    pub value: String,
    /// The value as a regular expression anchored at both ends (as Prometheus does).
    re: Option<regex::Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label && self.op == other.op && self.value == other.value
    }
}

impl Matcher {
    fn matches(&self, labels: &Labels) -> bool {
        // A missing label is the empty string, as in Prometheus.
        let v = labels.get(&self.label).map(String::as_str).unwrap_or("");
        match (self.op, &self.re) {
            (Op::Eq, _) => v == self.value,
            (Op::Ne, _) => v != self.value,
            (Op::Re, Some(re)) => re.is_match(v),
            (Op::NotRe, Some(re)) => !re.is_match(v),
            (_, None) => false,
        }
    }
}

/// A Prometheus-style label selector: `{job="lis", severity=~"critical|page"}`. Every
/// matcher must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Selector(pub Vec<Matcher>);

/// Why a selector cannot be read: the character (0-based) where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    pub at: usize,
    pub message: String,
}

impl Selector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|m| m.matches(labels))
    }

    /// Reads `{label="value", label=~"regex", label!="value", label!~"regex"}`.
    pub fn parse(text: &str) -> Result<Selector, SelectorError> {
        let chars: Vec<char> = text.chars().collect();
        let err = |at: usize, message: &str| SelectorError {
            at,
            message: message.to_string(),
        };
        let mut i = 0;
        let skip = |i: &mut usize| {
            while *i < chars.len() && chars[*i].is_whitespace() {
                *i += 1;
            }
        };
        skip(&mut i);
        if chars.get(i) != Some(&'{') {
            return Err(err(i, "a selector starts with `{`"));
        }
        i += 1;
        let mut out = Vec::new();
        loop {
            skip(&mut i);
            if chars.get(i) == Some(&'}') {
                i += 1;
                break;
            }
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            if i == start || chars[start].is_ascii_digit() {
                return Err(err(start, "expected a label name"));
            }
            let label: String = chars[start..i].iter().collect();
            skip(&mut i);
            let op = match (chars.get(i), chars.get(i + 1)) {
                (Some('='), Some('~')) => Op::Re,
                (Some('!'), Some('=')) => Op::Ne,
                (Some('!'), Some('~')) => Op::NotRe,
                (Some('='), _) => Op::Eq,
                _ => return Err(err(i, "expected =, !=, =~ or !~")),
            };
            i += if op == Op::Eq { 1 } else { 2 };
            skip(&mut i);
            if chars.get(i) != Some(&'"') {
                return Err(err(i, "expected a quoted value"));
            }
            i += 1;
            let mut value = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(err(i, "the value's closing `\"` is missing")),
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        match chars.get(i + 1) {
                            Some(c) => value.push(*c),
                            None => return Err(err(i, "the value ends in `\\`")),
                        }
                        i += 2;
                    }
                    Some(c) => {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
            let re = match op {
                Op::Re | Op::NotRe => Some(
                    regex::RegexBuilder::new(&format!("^(?:{value})$"))
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| err(start, &format!("not a regular expression: {e}")))?,
                ),
                _ => None,
            };
            out.push(Matcher {
                label,
                op,
                value,
                re,
            });
            skip(&mut i);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('}') => {}
                _ => return Err(err(i, "expected `,` or `}`")),
            }
        }
        skip(&mut i);
        if i < chars.len() {
            return Err(err(i, "text after the selector"));
        }
        if out.is_empty() {
            return Err(err(0, "an empty selector matches every alert"));
        }
        Ok(Selector(out))
    }
}

/// What a firing alert means for its system, from its `severity` label: critical, page,
/// error (and the Nagios-family CRITICAL, DOWN) → down; warning, minor, info → degraded;
/// anything else, or none → down (an alert nobody graded is still trouble).
pub fn is_warning(labels: &Labels) -> bool {
    matches!(
        labels
            .get("severity")
            .map(|s| s.to_ascii_lowercase())
            .as_deref(),
        Some("warning" | "warn" | "minor" | "info" | "low")
    )
}

/// One alert as received, whatever the source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Received {
    pub fingerprint: String,
    pub labels: Labels,
    /// The summary or description, for people (machine text: masked, never refused).
    pub summary: String,
    pub firing: bool,
    pub starts_at: Option<DateTime<Utc>>,
}

/// Alertmanager's webhook payload, version 4 (Grafana's is the same shape with extras;
/// unknown fields are passed over).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub alerts: Vec<WebhookAlert>,
    #[serde(default)]
    pub truncated_alerts: u64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAlert {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub annotations: Labels,
    #[serde(default)]
    pub starts_at: Option<String>,
    #[serde(default)]
    pub fingerprint: String,
}

/// Why a payload is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("not an Alertmanager webhook payload: {0}")]
    NotJson(String),
    #[error("payload version {0} (this build reads version 4)")]
    Version(String),
    #[error("an alert has no labels and no fingerprint")]
    Anonymous,
}

/// Reads an Alertmanager webhook body into the alerts it carries.
pub fn alertmanager(body: &[u8]) -> Result<(Vec<Received>, u64), PayloadError> {
    let w: Webhook =
        serde_json::from_slice(body).map_err(|e| PayloadError::NotJson(e.to_string()))?;
    if !w.version.is_empty() && w.version != "4" {
        return Err(PayloadError::Version(w.version));
    }
    let mut out = Vec::with_capacity(w.alerts.len());
    for a in w.alerts {
        if a.labels.is_empty() && a.fingerprint.is_empty() {
            return Err(PayloadError::Anonymous);
        }
        let fingerprint = if a.fingerprint.is_empty() {
            fingerprint_of(&a.labels)
        } else {
            a.fingerprint
        };
        let summary = ["summary", "description", "message"]
            .iter()
            .find_map(|k| a.annotations.get(*k).filter(|s| !s.is_empty()))
            .or_else(|| a.labels.get("alertname"))
            .cloned()
            .unwrap_or_default();
        out.push(Received {
            fingerprint,
            summary,
            firing: a.status != "resolved",
            starts_at: a
                .starts_at
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc)),
            labels: a.labels,
        });
    }
    Ok((out, w.truncated_alerts))
}

/// A fingerprint from the labels (SHA-256 of the sorted `name=value` lines, 16 hex digits),
/// for a source that sends none.
pub fn fingerprint_of(labels: &Labels) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (k, v) in labels {
        h.update(k.as_bytes());
        h.update(b"=");
        h.update(v.as_bytes());
        h.update(b"\n");
    }
    crate::hex::to_hex(&h.finalize())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_selector_matches_as_prometheus_does() {
        let s = Selector::parse(r#"{job="lis", severity=~"critical|page", env!="test"}"#).unwrap();
        assert!(s.matches(&labels(&[("job", "lis"), ("severity", "page")])));
        assert!(!s.matches(&labels(&[("job", "lis"), ("severity", "warning")])));
        assert!(!s.matches(&labels(&[
            ("job", "lis"),
            ("severity", "page"),
            ("env", "test")
        ])));
        // Anchored: "critical2" is not "critical".
        assert!(!s.matches(&labels(&[("job", "lis"), ("severity", "critical2")])));
        let n = Selector::parse(r#"{ instance !~ "lab-.*" , job = "x\"y" }"#).unwrap();
        assert!(n.matches(&labels(&[("instance", "pacs-1"), ("job", "x\"y")])));
    }

    #[test]
    fn a_selector_that_cannot_be_read_says_where() {
        for (text, at) in [
            ("job=\"lis\"", 0),
            ("{job}", 4),
            ("{job=lis}", 5),
            ("{job=\"lis\"", 10),
            ("{job=\"lis\" x}", 11),
            ("{job=~\"(\"}", 1),
            ("{}", 0),
            ("{1a=\"b\"}", 1),
            ("{job=\"lis\"} extra", 12),
        ] {
            let e = Selector::parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text}: {}", e.message);
        }
    }

    #[test]
    fn an_alertmanager_payload_reads_into_its_alerts() {
        let body = br#"{"version":"4","status":"firing","receiver":"beredskap","truncatedAlerts":2,
          "groupLabels":{},"commonLabels":{},"externalURL":"http://am",
          "alerts":[
            {"status":"firing","labels":{"alertname":"LisDown","job":"lis","severity":"critical"},
             "annotations":{"summary":"LIS svarar inte"},"startsAt":"2026-12-02T02:10:00Z",
             "endsAt":"0001-01-01T00:00:00Z","fingerprint":"a1b2c3"},
            {"status":"resolved","labels":{"alertname":"PacsSlow","severity":"warning"},
             "annotations":{},"startsAt":"2026-12-02T01:00:00Z"}]}"#;
        let (alerts, truncated) = alertmanager(body).unwrap();
        assert_eq!(truncated, 2);
        assert_eq!(alerts.len(), 2);
        assert_eq!(alerts[0].fingerprint, "a1b2c3");
        assert_eq!(alerts[0].summary, "LIS svarar inte");
        assert!(alerts[0].firing && !alerts[1].firing);
        assert!(!is_warning(&alerts[0].labels) && is_warning(&alerts[1].labels));
        assert_eq!(alerts[1].summary, "PacsSlow");
        assert_eq!(alerts[1].fingerprint.len(), 16, "made from the labels");
        assert!(matches!(
            alertmanager(b"{\"version\":\"3\"}"),
            Err(PayloadError::Version(_))
        ));
        assert!(matches!(
            alertmanager(b"[1,2"),
            Err(PayloadError::NotJson(_))
        ));
    }

    #[test]
    fn thousands_of_mutated_payloads_never_panic() {
        let seed = br#"{"version":"4","alerts":[{"status":"firing","labels":{"job":"lis","severity":"critical"},"annotations":{"summary":"x"},"startsAt":"2026-12-02T02:10:00Z","fingerprint":"f"}]}"#;
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let mut b = seed.to_vec();
            for _ in 0..(next() % 8 + 1) {
                let at = (next() % (b.len() as u64).max(1)) as usize;
                if b.is_empty() {
                    break;
                }
                match next() % 3 {
                    0 => b[at] = (next() % 256) as u8,
                    1 => {
                        b.remove(at);
                    }
                    _ => b.insert(at, b"{}[]\",:\\0"[(next() % 9) as usize]),
                }
            }
            let _ = alertmanager(&b);
            let _ = Selector::parse(&String::from_utf8_lossy(&b));
        }
    }
}
