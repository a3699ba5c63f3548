//! What a check is: kind, target and timing. Probing lives in `monitor/`.

use std::time::Duration;

pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_FAILURE_THRESHOLD: u32 = 3;
pub const DEFAULT_SUCCESS_THRESHOLD: u32 = 2;
pub const DEFAULT_CERT_WARNING_DAYS: u32 = 14;
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;
/// The most of a response body that is read.
pub const BODY_CAP: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HttpCheck {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    /// Accepted status codes; empty means any 2xx.
    pub expect_status: Vec<u16>,
    pub body_contains: Option<String>,
    /// A JSON pointer and the value it must equal.
    #[serde(with = "json_as_text")]
    pub json: Option<(String, serde_json::Value)>,
    /// Slower than this is degraded.
    pub degraded_above: Option<Duration>,
    pub verify_tls: bool,
    pub cert_warning_days: u32,
    pub max_redirects: u32,
    pub connect_timeout: Duration,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CheckKind {
    Http(Box<HttpCheck>),
    Tcp {
        host: String,
        port: u16,
    },
    Dns {
        name: String,
        expect: Option<std::net::IpAddr>,
    },
    /// A Nagios-compatible plugin: no shell, an argument list.
    Exec {
        command: String,
        args: Vec<String>,
    },
    /// A dead man's switch: a job (the nightly backup, an integration flow) pings
    /// `beredskap heartbeat ID`; no ping within `period + grace`, or a ping saying it
    /// failed, is down. Not probed: the monitor reads the last ping (monitor/heartbeat.rs).
    Heartbeat {
        id: String,
        period: Duration,
        grace: Duration,
        /// The OS accounts that may ping it (`beredskap heartbeat ID`): a machine sender's
        /// own permission, not a person's role. Empty: nobody by the command line.
        senders: Vec<String>,
    },
    /// Alerts from the region's monitoring (Alertmanager, the Nagios family, received by
    /// `beredskap ingest` or the receiver): down while a matching alert of `source` fires
    /// (degraded for a warning), unknown when it was not re-sent within `stale_after`. Not
    /// probed: the monitor reads the alerts table (monitor/alerts.rs).
    Alert {
        source: String,
        /// A label selector, `{job="lis", severity=~"critical|page"}` (model::alert).
        selector: String,
        stale_after: Option<Duration>,
    },
}

/// Whether `id` can name a heartbeat: letters, digits, `-`, `_`, `.`, 1–64 characters.
pub fn heartbeat_id_ok(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl CheckKind {
    pub fn label(&self) -> &'static str {
        match self {
            CheckKind::Http(_) => "http",
            CheckKind::Tcp { .. } => "tcp",
            CheckKind::Dns { .. } => "dns",
            CheckKind::Exec { .. } => "exec",
            CheckKind::Heartbeat { .. } => "heartbeat",
            CheckKind::Alert { .. } => "alert",
        }
    }

    /// The key that bounds concurrent probes against one target (host:port, resolver,
    /// or the local machine for plugins).
    pub fn target_key(&self) -> String {
        match self {
            CheckKind::Http(h) => authority(&h.url),
            CheckKind::Tcp { host, port } => format!("{host}:{port}"),
            CheckKind::Dns { .. } => "dns".to_string(),
            CheckKind::Exec { .. } => "exec".to_string(),
            CheckKind::Heartbeat { .. } => "heartbeat".to_string(),
            CheckKind::Alert { .. } => "alert".to_string(),
        }
    }
}

/// `host:port` of a URL, for grouping; the URL itself when it cannot be split.
fn authority(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(host)
        .to_string()
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckSpec {
    pub name: String,
    pub kind: CheckKind,
    pub interval: Duration,
    pub timeout: Duration,
    pub failure_threshold: u32,
    pub success_threshold: u32,
}

/// How the monitor runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonitorSettings {
    /// Targets that must answer for the checker to trust its own eyes.
    pub canaries: Vec<CheckSpec>,
    pub max_in_flight: usize,
    pub max_per_target: usize,
    pub sample_retention: Duration,
    pub lease_interval: Duration,
    pub flapping_window: Duration,
    pub flapping_transitions: usize,
    /// Where pages are also POSTed (an SMS gateway, a chat system).
    pub webhook: Option<Webhook>,
}

/// A webhook for pages: URL, per-attempt timeout, retries after the first attempt.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Webhook {
    pub url: String,
    pub timeout: Duration,
    pub retries: usize,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        MonitorSettings {
            canaries: Vec::new(),
            max_in_flight: 4096,
            max_per_target: 8,
            sample_retention: Duration::from_secs(7 * 86_400),
            lease_interval: Duration::from_secs(5),
            flapping_window: Duration::from_secs(600),
            flapping_transitions: 5,
            webhook: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_keys_group_by_host_and_port() {
        assert_eq!(
            authority("https://user@lab.example:8443/x?y"),
            "lab.example:8443"
        );
        assert_eq!(authority("http://10.0.0.1/health"), "10.0.0.1");
        let tcp = CheckKind::Tcp {
            host: "db".into(),
            port: 5432,
        };
        assert_eq!(tcp.target_key(), "db:5432");
    }
}

/// The expected JSON value kept as its text in a cache (a compact binary format cannot
/// hold a self-describing value).
mod json_as_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        v: &Option<(String, serde_json::Value)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_ref()
            .map(|(pointer, value)| (pointer, value.to_string()))
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(String, serde_json::Value)>, D::Error> {
        let v: Option<(String, String)> = Option::deserialize(d)?;
        v.map(|(pointer, text)| {
            serde_json::from_str(&text)
                .map(|value| (pointer, value))
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}
