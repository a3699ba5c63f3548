//! Probes: one function per kind, each returning an Observation and never panicking. The
//! whole probe is bounded by the check's timeout.

mod dns;
mod exec;
mod http;
mod tcp;

pub use http::HttpClients;

use crate::model::check::{CheckKind, CheckSpec};
use crate::model::finding::{Finding, Unprobed};
use crate::model::health::{Observation, Verdict};
use std::time::{Duration, Instant};

/// Runs one probe of `spec`.
pub async fn probe(spec: &CheckSpec, clients: &HttpClients) -> Observation {
    let start = Instant::now();
    let run = async {
        match &spec.kind {
            CheckKind::Http(h) => http::probe(h, spec.timeout, clients).await,
            CheckKind::Tcp { host, port } => tcp::probe(host, *port).await,
            CheckKind::Dns { name, expect } => dns::probe(name, *expect).await,
            CheckKind::Exec { command, args } => exec::probe(command, args, spec.timeout).await,
            // Read, not probed: the scheduler's prober judges the last ping
            // (monitor/heartbeat.rs).
            CheckKind::Heartbeat { .. } => (
                Verdict::Unknown,
                Finding::NotProbed {
                    what: Unprobed::Heartbeat,
                },
            ),
            CheckKind::Alert { .. } => (
                Verdict::Unknown,
                Finding::NotProbed {
                    what: Unprobed::Alert,
                },
            ),
        }
    };
    match tokio::time::timeout(spec.timeout, run).await {
        Ok((verdict, finding)) => Observation {
            verdict,
            finding,
            latency: start.elapsed(),
        },
        Err(_) => Observation {
            verdict: Verdict::Fail,
            finding: Finding::NoAnswerWithin {
                timeout_ms: ms(spec.timeout),
            },
            latency: start.elapsed(),
        },
    }
}

/// Whole milliseconds, as a finding holds a time taken.
pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The innermost cause of an error, where the useful words usually are.
pub(crate) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
