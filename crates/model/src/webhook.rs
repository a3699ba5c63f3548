//! A generic JSON webhook as alerts (Zabbix media types, SCOM connectors, the region's own
//! scripts): the source's configuration names, with JSON pointers (RFC 6901), where in the
//! body each alert's fingerprint, system, state, message and severity stand, and which
//! further values become labels. What is missing never loses the alert: no state fires, no
//! fingerprint is made from the labels, no severity is critical. Pure.

use super::alert::{Labels, Received};
use serde_json::Value;
use std::collections::BTreeMap;

/// State values that mean "resolved" when a source does not list its own (compared without
/// regard to case): Zabbix's `{EVENT.VALUE}` 0 and `RESOLVED`, Nagios' OK/UP, SCOM's
/// closed.
pub const DEFAULT_RESOLVED: &[&str] = &[
    "0", "ok", "up", "resolved", "recovery", "closed", "false", "inactive", "cleared",
];

/// Severity values that mean "degraded" (a warning) when a source does not list its own.
pub const DEFAULT_WARNING: &[&str] = &[
    "warning",
    "warn",
    "minor",
    "info",
    "information",
    "low",
    "average",
];

/// Where a source's alerts stand in its JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct WebhookFields {
    /// The array of alerts in the body; none: the body is one alert, or an array of them.
    pub alerts: Option<String>,
    pub fingerprint: Option<String>,
    /// The value becomes the label `system` (a check matches it: `{system="lis"}`).
    pub system: Option<String>,
    pub state: Option<String>,
    pub message: Option<String>,
    pub severity: Option<String>,
    /// Further labels: name → pointer.
    pub labels: BTreeMap<String, String>,
    /// State values that resolve an alert; empty: [`DEFAULT_RESOLVED`].
    pub resolved: Vec<String>,
    /// Severity values that are warnings; empty: [`DEFAULT_WARNING`].
    pub warning: Vec<String>,
}

/// Why a body cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("there is no array of alerts at {0}")]
    NoAlerts(String),
}

/// Whether `pointer` is a JSON pointer: empty (the whole value) or starting with `/`, with
/// `~` only as `~0` or `~1`.
pub fn pointer_ok(pointer: &str) -> bool {
    if !(pointer.is_empty() || pointer.starts_with('/')) {
        return false;
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return false;
        }
    }
    true
}

/// The text of a value: strings as they are, numbers and booleans written out, arrays and
/// objects as compact JSON, null or missing as nothing.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

fn listed(value: &str, configured: &[String], default: &[&str]) -> bool {
    if configured.is_empty() {
        default.iter().any(|d| d.eq_ignore_ascii_case(value))
    } else {
        configured.iter().any(|d| d.eq_ignore_ascii_case(value))
    }
}

/// One alert from one JSON value.
pub fn alert(item: &Value, f: &WebhookFields) -> Received {
    let at = |p: &Option<String>| p.as_deref().map(|p| text(item.pointer(p)));
    let mut labels = Labels::new();
    for (name, pointer) in &f.labels {
        let v = text(item.pointer(pointer));
        if !v.is_empty() {
            labels.insert(name.clone(), v);
        }
    }
    if let Some(system) = at(&f.system).filter(|s| !s.is_empty()) {
        labels.insert("system".into(), system);
    }
    let severity = at(&f.severity).unwrap_or_default();
    if !severity.is_empty() {
        labels.insert("severity_name".into(), severity.clone());
    }
    let warning = !severity.is_empty() && listed(&severity, &f.warning, DEFAULT_WARNING);
    labels.insert(
        "severity".into(),
        if warning { "warning" } else { "critical" }.into(),
    );
    let state = at(&f.state).unwrap_or_default();
    // No state, or one the source did not list as resolved: it fires (an alarm is never
    // lost to a value we did not expect).
    let firing = state.is_empty() || !listed(&state, &f.resolved, DEFAULT_RESOLVED);
    let fingerprint = at(&f.fingerprint)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            // The same labels are the same alert (severity aside: a warning that turns
            // critical is one alert).
            let naming: Labels = labels
                .iter()
                .filter(|(k, _)| !k.starts_with("severity"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            super::alert::fingerprint_of(&naming)
        });
    let message = at(&f.message).unwrap_or_default();
    let summary = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let summary = if summary.is_empty() {
        labels
            .iter()
            .filter(|(k, _)| !k.starts_with("severity"))
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        summary
    };
    Received {
        fingerprint: fingerprint.chars().take(200).collect(),
        labels,
        summary: summary.chars().take(500).collect(),
        firing,
        starts_at: None,
    }
}

/// The alerts of one request body.
pub fn received(body: &[u8], f: &WebhookFields) -> Result<Vec<Received>, WebhookError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| WebhookError::NotJson(e.to_string()))?;
    let items = match &f.alerts {
        Some(p) => match value.pointer(p) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => return Err(WebhookError::NoAlerts(p.clone())),
        },
        None => match &value {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        },
    };
    Ok(items.into_iter().map(|i| alert(i, f)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zabbix() -> WebhookFields {
        WebhookFields {
            fingerprint: Some("/event_id".into()),
            system: Some("/host".into()),
            state: Some("/event_value".into()),
            message: Some("/subject".into()),
            severity: Some("/severity".into()),
            labels: [("trigger".to_string(), "/trigger/name".to_string())].into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_zabbix_problem_fires_and_its_recovery_resolves() {
        let problem = br#"{"event_id": 4711, "host": "lis", "event_value": "1",
            "subject": "Problem: LIS svarar inte\nmore", "severity": "High",
            "trigger": {"name": "LIS ping"}}"#;
        let a = received(problem, &zabbix()).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].fingerprint, "4711");
        assert!(a[0].firing);
        assert_eq!(a[0].summary, "Problem: LIS svarar inte");
        assert_eq!(a[0].labels["system"], "lis");
        assert_eq!(a[0].labels["trigger"], "LIS ping");
        assert_eq!(a[0].labels["severity"], "critical");
        assert_eq!(a[0].labels["severity_name"], "High");
        let recovery = br#"{"event_id": "4711", "host": "lis", "event_value": 0,
            "severity": "Average"}"#;
        let r = received(recovery, &zabbix()).unwrap();
        assert_eq!(r[0].fingerprint, "4711");
        assert!(!r[0].firing);
        assert_eq!(r[0].labels["severity"], "warning");
    }

    #[test]
    fn what_is_missing_never_loses_the_alert() {
        let a = received(br#"{"host": "lis"}"#, &zabbix()).unwrap();
        assert!(a[0].firing, "no state fires");
        assert_eq!(
            a[0].labels["severity"], "critical",
            "no severity is critical"
        );
        assert_eq!(a[0].fingerprint.len(), 16, "a fingerprint from the labels");
        assert_eq!(a[0].summary, "system=lis");
        let again = received(br#"{"host": "lis", "severity": "Warning"}"#, &zabbix()).unwrap();
        assert_eq!(
            again[0].fingerprint, a[0].fingerprint,
            "the same labels, the same alert"
        );
        let unknown = received(
            br#"{"host": "lis", "event_value": "PROBLEMATIC"}"#,
            &zabbix(),
        );
        assert!(unknown.unwrap()[0].firing, "an unexpected state fires");
    }

    #[test]
    fn a_source_lists_its_own_values_and_arrays() {
        let f = WebhookFields {
            alerts: Some("/alerts".into()),
            system: Some("/object".into()),
            state: Some("/status".into()),
            resolved: vec!["Closed".into()],
            ..Default::default()
        };
        let body = br#"{"alerts": [{"object": "pacs", "status": "New"},
            {"object": "ris", "status": "closed"}, {"object": "lab", "status": "0"}]}"#;
        let a = received(body, &f).unwrap();
        assert_eq!(
            a.iter().map(|a| a.firing).collect::<Vec<_>>(),
            vec![true, false, true],
            "only the source's own resolved values resolve"
        );
        let bare = received(
            br#"[{"object": "pacs"}, {"object": "ris"}]"#,
            &zabbix_less(),
        );
        assert_eq!(
            bare.unwrap().len(),
            2,
            "a body that is an array is its alerts"
        );
        assert_eq!(
            received(br#"{"alerts": 3}"#, &f),
            Err(WebhookError::NoAlerts("/alerts".into()))
        );
        assert!(matches!(
            received(b"not json", &f),
            Err(WebhookError::NotJson(_))
        ));
    }

    fn zabbix_less() -> WebhookFields {
        WebhookFields {
            system: Some("/object".into()),
            ..Default::default()
        }
    }

    #[test]
    fn pointers_are_checked() {
        assert!(pointer_ok(""));
        assert!(pointer_ok("/a/b~1c/~0d"));
        assert!(!pointer_ok("a/b"));
        assert!(!pointer_ok("/a~2"));
        assert!(!pointer_ok("/a~"));
    }

    #[test]
    fn mutated_bodies_never_panic() {
        let seed = br#"{"event_id": 1, "host": "lis", "event_value": "1", "subject": "x\u00e5",
            "severity": "High", "trigger": {"name": [1, 2, {"a": null}]}}"#;
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let mut body = seed.to_vec();
            for _ in 0..(next() % 6) {
                let at = (next() as usize) % body.len();
                match next() % 3 {
                    0 => body[at] = (next() % 256) as u8,
                    1 => {
                        body.remove(at);
                    }
                    _ => body.insert(at, b"{}[]\",:0\\"[(next() % 9) as usize]),
                }
                if body.is_empty() {
                    break;
                }
            }
            let _ = received(&body, &zabbix());
        }
    }
}
