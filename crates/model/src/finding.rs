//! What a probe found, typed (issue 33): the probes return a `Finding`, the monitor stores
//! it beside its English text (the evidence, as it always was: `Display` writes exactly the
//! words the probes wrote before) and every reader renders it in its own language from the
//! fields (`i18n::probe`), never by parsing the English back. A row recorded before
//! findings were typed has only its text: `Finding::Said`, which the presenter reads as it
//! always did.
//!
//! Someone else's words — a server's reason phrase, an OS or library error, a plugin's
//! output, an alert's summary, a job's message — are kept as strings inside the finding,
//! shown as they came.

use crate::duration::format_duration;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// One probe's (or one check's) finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// Text with no type: a row from before findings were typed, or words from outside.
    Said { text: String },
    /// The check's timeout passed with no answer.
    NoAnswerWithin { timeout_ms: u64 },
    /// HTTP: a redirect back to an address already visited, with the chain.
    RedirectLoop { chain: Vec<String> },
    /// HTTP: more redirects than allowed (`cause` as the library says it).
    TooManyRedirects { cause: String },
    /// TLS failed (the library's words).
    Tls { cause: String },
    /// No connection: to an address (TCP), or to the URL's server (HTTP).
    CannotConnect { to: Option<String>, cause: String },
    /// An HTTP failure the library explains in its own words only.
    Failed { cause: String },
    /// The connection broke while the body was read.
    ReadingBody { cause: Box<Finding> },
    /// An HTTP status the check does not accept ("503 Service Unavailable").
    HttpStatus { status: String, url: String },
    /// The body lacks the text the check looks for.
    BodyLacks { needle: String, capped: bool },
    /// The body is not JSON (the parser's words).
    BodyNotJson { capped: bool, cause: String },
    /// A JSON pointer's value is not the expected one (both as JSON).
    JsonValue {
        pointer: String,
        found: String,
        expected: String,
    },
    /// A JSON pointer finds nothing.
    JsonMissing { pointer: String },
    /// The server's certificate expired.
    CertificateExpired { days_ago: i64 },
    /// The server's certificate expires within the warning.
    CertificateExpires {
        days: i64,
        status: String,
        latency_ms: u64,
    },
    /// Answered, but slower than the limit.
    Slow {
        latency_ms: u64,
        limit_ms: u64,
        status: String,
    },
    /// Answered with an accepted status.
    HttpOk {
        status: String,
        latency_ms: u64,
        capped: bool,
    },
    /// The HTTP client could not be made (the library's words).
    NoHttpClient { cause: String },
    /// TCP: connected.
    Connected { to: String, latency_ms: u64 },
    /// DNS: the name resolves (to these addresses).
    Resolves {
        name: String,
        addresses: Vec<String>,
    },
    /// DNS: the name resolves, but not to the expected address.
    ResolvesElsewhere {
        name: String,
        addresses: Vec<String>,
        expected: String,
    },
    /// DNS: the name resolves to no address.
    ResolvesToNothing { name: String },
    /// DNS: the name cannot be resolved (the resolver's words).
    CannotResolve { name: String, cause: String },
    /// A plugin cannot be started.
    CannotRun { command: String, cause: String },
    /// A plugin's first line of output (what it says, as it says it; empty: none).
    PluginSays { output: String },
    /// A plugin exited with a code outside the Nagios convention.
    PluginExited { code: i32, output: String },
    /// A plugin was killed by a signal.
    PluginKilled,
    /// Waiting for a plugin failed.
    PluginLost { command: String, cause: String },
    /// A plugin ran past the timeout and was killed.
    PluginTimedOut { timeout_ms: u64 },
    /// A heartbeat or an alert check is read from the log, never probed.
    NotProbed { what: Unprobed },
    /// A heartbeat: none yet, within the first period.
    HeartbeatWaiting,
    /// A heartbeat: none has come.
    HeartbeatNever,
    /// A heartbeat: the last one is overdue.
    HeartbeatOverdue { last: DateTime<Utc> },
    /// A heartbeat: the job reported a failure (its sender and its words).
    JobFailed {
        at: DateTime<Utc>,
        sender: String,
        message: String,
    },
    /// A heartbeat came in time.
    Heartbeat { at: DateTime<Utc>, sender: String },
    /// The heartbeat could not be read from the log.
    HeartbeatUnreadable { cause: String },
    /// An alert check: nothing fires.
    NoAlertFiring,
    /// An alert check: the worst firing alert's summary, and how many more fire.
    Alert { summary: String, more: usize },
    /// An alert check: the source has not sent the firing alert for too long.
    AlertStale { last_sent: DateTime<Utc> },
    /// An alert check: the source's Watchdog never came.
    WatchdogNever,
    /// An alert check: the source's Watchdog is overdue.
    WatchdogOverdue { last: DateTime<Utc> },
    /// An alert check: the source's Watchdog came resolved.
    WatchdogResolved,
    /// An alert check's selector cannot be read.
    SelectorUnreadable { cause: String },
    /// The firing alerts could not be read from the log.
    AlertsUnreadable { cause: String },
    /// A check's task stopped (the runtime's words).
    CheckStopped { what: Unprobed, cause: String },
    /// Up, but failing now and then: `failures` of the last `of`, and the last finding.
    Intermittent {
        failures: usize,
        of: usize,
        last: Box<Finding>,
    },
}

/// The checks read rather than probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unprobed {
    Heartbeat,
    Alert,
}

impl Finding {
    /// Text with no type (words from outside, or a row from before typing).
    pub fn said(text: impl Into<String>) -> Finding {
        Finding::Said { text: text.into() }
    }

    /// The same finding with every string in it passed through `f` (the store masks
    /// identity numbers in machine text with it).
    pub fn map_text(self, f: &dyn Fn(&str) -> String) -> Finding {
        use Finding as F;
        let s = |t: String| f(&t);
        let v = |l: Vec<String>| l.iter().map(|t| f(t)).collect();
        match self {
            F::Said { text } => F::Said { text: s(text) },
            F::RedirectLoop { chain } => F::RedirectLoop { chain: v(chain) },
            F::TooManyRedirects { cause } => F::TooManyRedirects { cause: s(cause) },
            F::Tls { cause } => F::Tls { cause: s(cause) },
            F::CannotConnect { to, cause } => F::CannotConnect {
                to: to.map(s),
                cause: s(cause),
            },
            F::Failed { cause } => F::Failed { cause: s(cause) },
            F::ReadingBody { cause } => F::ReadingBody {
                cause: Box::new(cause.map_text(f)),
            },
            F::HttpStatus { status, url } => F::HttpStatus {
                status: s(status),
                url: s(url),
            },
            F::BodyLacks { needle, capped } => F::BodyLacks {
                needle: s(needle),
                capped,
            },
            F::BodyNotJson { capped, cause } => F::BodyNotJson {
                capped,
                cause: s(cause),
            },
            F::JsonValue {
                pointer,
                found,
                expected,
            } => F::JsonValue {
                pointer: s(pointer),
                found: s(found),
                expected: s(expected),
            },
            F::JsonMissing { pointer } => F::JsonMissing {
                pointer: s(pointer),
            },
            F::CertificateExpires {
                days,
                status,
                latency_ms,
            } => F::CertificateExpires {
                days,
                status: s(status),
                latency_ms,
            },
            F::Slow {
                latency_ms,
                limit_ms,
                status,
            } => F::Slow {
                latency_ms,
                limit_ms,
                status: s(status),
            },
            F::HttpOk {
                status,
                latency_ms,
                capped,
            } => F::HttpOk {
                status: s(status),
                latency_ms,
                capped,
            },
            F::NoHttpClient { cause } => F::NoHttpClient { cause: s(cause) },
            F::Connected { to, latency_ms } => F::Connected {
                to: s(to),
                latency_ms,
            },
            F::Resolves { name, addresses } => F::Resolves {
                name: s(name),
                addresses: v(addresses),
            },
            F::ResolvesElsewhere {
                name,
                addresses,
                expected,
            } => F::ResolvesElsewhere {
                name: s(name),
                addresses: v(addresses),
                expected: s(expected),
            },
            F::ResolvesToNothing { name } => F::ResolvesToNothing { name: s(name) },
            F::CannotResolve { name, cause } => F::CannotResolve {
                name: s(name),
                cause: s(cause),
            },
            F::CannotRun { command, cause } => F::CannotRun {
                command: s(command),
                cause: s(cause),
            },
            F::PluginSays { output } => F::PluginSays { output: s(output) },
            F::PluginExited { code, output } => F::PluginExited {
                code,
                output: s(output),
            },
            F::PluginLost { command, cause } => F::PluginLost {
                command: s(command),
                cause: s(cause),
            },
            F::JobFailed {
                at,
                sender,
                message,
            } => F::JobFailed {
                at,
                sender: s(sender),
                message: s(message),
            },
            F::Heartbeat { at, sender } => F::Heartbeat {
                at,
                sender: s(sender),
            },
            F::HeartbeatUnreadable { cause } => F::HeartbeatUnreadable { cause: s(cause) },
            F::Alert { summary, more } => F::Alert {
                summary: s(summary),
                more,
            },
            F::SelectorUnreadable { cause } => F::SelectorUnreadable { cause: s(cause) },
            F::AlertsUnreadable { cause } => F::AlertsUnreadable { cause: s(cause) },
            F::CheckStopped { what, cause } => F::CheckStopped {
                what,
                cause: s(cause),
            },
            F::Intermittent { failures, of, last } => F::Intermittent {
                failures,
                of,
                last: Box::new(last.map_text(f)),
            },
            other @ (F::NoAnswerWithin { .. }
            | F::CertificateExpired { .. }
            | F::PluginKilled
            | F::PluginTimedOut { .. }
            | F::NotProbed { .. }
            | F::HeartbeatWaiting
            | F::HeartbeatNever
            | F::HeartbeatOverdue { .. }
            | F::NoAlertFiring
            | F::AlertStale { .. }
            | F::WatchdogNever
            | F::WatchdogOverdue { .. }
            | F::WatchdogResolved) => other,
        }
    }
}

/// Milliseconds as the probes have always written them ("3ms", "2s", "1m").
pub fn millis(ms: u64) -> String {
    format_duration(Duration::from_millis(ms))
}

/// A time in a finding's English text: UTC to the minute, said so (the console shows it
/// local).
pub fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A plugin's output, or that it wrote none.
fn or_none(output: &str) -> &str {
    if output.is_empty() {
        "(no output)"
    } else {
        output
    }
}

/// " (backup)": who sent a heartbeat, when known.
fn from(sender: &str) -> String {
    if sender.is_empty() {
        String::new()
    } else {
        format!(" ({sender})")
    }
}

/// The English text, as the probes wrote it before findings were typed (stored beside the
/// finding as the evidence).
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Finding as F;
        match self {
            F::Said { text } => f.write_str(text),
            F::NoAnswerWithin { timeout_ms } => {
                write!(f, "no answer within {}", millis(*timeout_ms))
            }
            F::RedirectLoop { chain } => write!(f, "redirect loop: {}", chain.join(" → ")),
            F::TooManyRedirects { cause } => write!(f, "too many redirects ({cause})"),
            F::Tls { cause } => write!(f, "TLS: {cause}"),
            F::CannotConnect {
                to: Some(to),
                cause,
            } => write!(f, "cannot connect to {to}: {cause}"),
            F::CannotConnect { to: None, cause } => write!(f, "cannot connect: {cause}"),
            F::Failed { cause } => f.write_str(cause),
            F::ReadingBody { cause } => write!(f, "reading the body: {cause}"),
            F::HttpStatus { status, url } => write!(f, "HTTP {status} from {url}"),
            F::BodyLacks { needle, capped } => write!(
                f,
                "the body does not contain {needle:?}{}",
                if *capped { " (in the first 1 MiB)" } else { "" }
            ),
            F::BodyNotJson { capped, cause } => write!(
                f,
                "the body is not JSON{}: {cause}",
                if *capped { " (larger than 1 MiB)" } else { "" }
            ),
            F::JsonValue {
                pointer,
                found,
                expected,
            } => write!(f, "{pointer} is {found}, expected {expected}"),
            F::JsonMissing { pointer } => write!(f, "{pointer} is missing from the JSON body"),
            F::CertificateExpired { days_ago } => {
                write!(f, "the TLS certificate expired {days_ago} days ago")
            }
            F::CertificateExpires {
                days,
                status,
                latency_ms,
            } => write!(
                f,
                "the TLS certificate expires in {days} days (HTTP {status}, {})",
                millis(*latency_ms)
            ),
            F::Slow {
                latency_ms,
                limit_ms,
                status,
            } => write!(
                f,
                "slow: {} (limit {}), HTTP {status}",
                millis(*latency_ms),
                millis(*limit_ms)
            ),
            F::HttpOk {
                status,
                latency_ms,
                capped,
            } => write!(
                f,
                "HTTP {status} in {}{}",
                millis(*latency_ms),
                if *capped {
                    ", body capped at 1 MiB"
                } else {
                    ""
                }
            ),
            F::NoHttpClient { cause } => write!(f, "cannot build an HTTP client: {cause}"),
            F::Connected { to, latency_ms } => {
                write!(f, "connected to {to} in {}", millis(*latency_ms))
            }
            F::Resolves { name, addresses } => {
                write!(f, "{name} resolves to {}", addresses.join(", "))
            }
            F::ResolvesElsewhere {
                name,
                addresses,
                expected,
            } => write!(
                f,
                "{name} resolves to {}, not the expected {expected}",
                addresses.join(", ")
            ),
            F::ResolvesToNothing { name } => write!(f, "{name} resolves to nothing"),
            F::CannotResolve { name, cause } => write!(f, "DNS: cannot resolve {name}: {cause}"),
            F::CannotRun { command, cause } => write!(f, "cannot run {command}: {cause}"),
            F::PluginSays { output } => f.write_str(or_none(output)),
            F::PluginExited { code, output } => {
                write!(f, "plugin exited with {code}: {}", or_none(output))
            }
            F::PluginKilled => f.write_str("plugin was killed by a signal"),
            F::PluginLost { command, cause } => write!(f, "waiting for {command}: {cause}"),
            F::PluginTimedOut { timeout_ms } => write!(
                f,
                "plugin did not finish within {}; killed",
                millis(*timeout_ms)
            ),
            F::NotProbed {
                what: Unprobed::Heartbeat,
            } => f.write_str("a heartbeat is not probed"),
            F::NotProbed {
                what: Unprobed::Alert,
            } => f.write_str("an alert check is not probed"),
            F::HeartbeatWaiting => f.write_str("no heartbeat yet (waiting one period)"),
            F::HeartbeatNever => f.write_str("no heartbeat has come"),
            F::HeartbeatOverdue { last } => write!(f, "no heartbeat since {}", utc_stamp(*last)),
            F::JobFailed {
                at,
                sender,
                message,
            } => {
                write!(
                    f,
                    "the job reported a failure at {}{}",
                    utc_stamp(*at),
                    from(sender)
                )?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            F::Heartbeat { at, sender } => {
                write!(f, "heartbeat at {}{}", utc_stamp(*at), from(sender))
            }
            F::HeartbeatUnreadable { cause } => write!(f, "cannot read the heartbeat: {cause}"),
            F::NoAlertFiring => f.write_str("no alert firing"),
            F::Alert { summary, more } => {
                write!(f, "alert: {summary}")?;
                if *more > 0 {
                    write!(f, " (+{more} more)")?;
                }
                Ok(())
            }
            F::AlertStale { last_sent } => write!(
                f,
                "the source is silent: the alert was last sent at {}",
                utc_stamp(*last_sent)
            ),
            F::WatchdogNever => f.write_str("the source is silent: its Watchdog has not come"),
            F::WatchdogOverdue { last } => write!(
                f,
                "the source is silent: no Watchdog since {}",
                utc_stamp(*last)
            ),
            F::WatchdogResolved => f.write_str("the source is silent: its Watchdog resolved"),
            F::SelectorUnreadable { cause } => write!(f, "the selector cannot be read: {cause}"),
            F::AlertsUnreadable { cause } => write!(f, "cannot read the alerts: {cause}"),
            F::CheckStopped {
                what: Unprobed::Heartbeat,
                cause,
            } => write!(f, "the heartbeat check stopped: {cause}"),
            F::CheckStopped {
                what: Unprobed::Alert,
                cause,
            } => write!(f, "the alert check stopped: {cause}"),
            F::Intermittent { failures, of, last } => write!(
                f,
                "intermittent failures: {failures} of the last {of} probes failed ({last})"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_keeps_its_type_through_json() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T02:55:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for f in [
            Finding::HeartbeatOverdue { last: at },
            Finding::Intermittent {
                failures: 3,
                of: 10,
                last: Box::new(Finding::CannotConnect {
                    to: None,
                    cause: "Connection refused (os error 111)".into(),
                }),
            },
            Finding::said("weekly update"),
        ] {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<Finding>(&json).unwrap(), f, "{json}");
        }
    }

    #[test]
    fn the_english_text_is_what_the_probes_wrote_before() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T02:55:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let cases = [
            (
                Finding::NoAnswerWithin { timeout_ms: 3000 },
                "no answer within 3s",
            ),
            (
                Finding::RedirectLoop {
                    chain: vec!["/loop".into(), "/loop".into()],
                },
                "redirect loop: /loop → /loop",
            ),
            (
                Finding::HttpOk {
                    status: "200 OK".into(),
                    latency_ms: 3,
                    capped: false,
                },
                "HTTP 200 OK in 3ms",
            ),
            (
                Finding::JobFailed {
                    at,
                    sender: "backup".into(),
                    message: "disk full".into(),
                },
                "the job reported a failure at 2026-12-02 02:55 UTC (backup): disk full",
            ),
            (
                Finding::Alert {
                    summary: "Journal svarar inte".into(),
                    more: 2,
                },
                "alert: Journal svarar inte (+2 more)",
            ),
            (
                Finding::BodyLacks {
                    needle: "ok".into(),
                    capped: true,
                },
                "the body does not contain \"ok\" (in the first 1 MiB)",
            ),
        ];
        for (f, want) in cases {
            assert_eq!(f.to_string(), want);
        }
    }

    #[test]
    fn masking_reaches_every_text_inside() {
        let f = Finding::Intermittent {
            failures: 3,
            of: 10,
            last: Box::new(Finding::Alert {
                summary: "secret".into(),
                more: 0,
            }),
        };
        let masked = f.map_text(&|t| t.replace("secret", "***"));
        assert_eq!(
            masked.to_string(),
            "intermittent failures: 3 of the last 10 probes failed (alert: ***)"
        );
    }
}
