//! A probe's finding in the reader's language, from its fields (issue 33): the English the
//! probes store is never parsed back, except on rows recorded before findings were typed
//! (`Finding::Said`, read by `probe::shown` as it always was). Times are shown in the
//! site's zone. Someone else's words (a reason phrase, an alert's summary, a plugin's or a
//! job's output) are kept as they came; an OS or library error keeps its own words after
//! ours (`probe::cause`).

use super::Lang;
use super::probe::cause;
use crate::model::finding::{Finding, Unprobed, millis};
use chrono::{DateTime, Utc};

/// `f` as shown to a reader in `lang`, its times in `tz`.
pub fn shown(lang: Lang, tz: chrono_tz::Tz, f: &Finding) -> String {
    let local = |t: &DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let from = |sender: &str| {
        if sender.is_empty() {
            String::new()
        } else {
            format!(" ({sender})")
        }
    };
    let nested = |inner: &Finding| shown(lang, tz, inner);
    use Finding as F;
    if lang == Lang::En {
        return match f {
            F::Said { text } => super::probe::shown(lang, tz, text),
            F::HeartbeatOverdue { last } => format!("no heartbeat since {}", local(last)),
            F::JobFailed {
                at,
                sender,
                message,
            } => format!(
                "the job reported a failure at {}{}{}",
                local(at),
                from(sender),
                colon(message)
            ),
            F::Heartbeat { at, sender } => format!("heartbeat at {}{}", local(at), from(sender)),
            F::AlertStale { last_sent } => format!(
                "the source is silent: the alert was last sent at {}",
                local(last_sent)
            ),
            F::WatchdogOverdue { last } => {
                format!("the source is silent: no Watchdog since {}", local(last))
            }
            F::ReadingBody { cause } => format!("reading the body: {}", nested(cause)),
            F::Intermittent { failures, of, last } => format!(
                "intermittent failures: {failures} of the last {of} probes failed ({})",
                nested(last)
            ),
            other => other.to_string(),
        };
    }
    let c = |s: &str| cause(lang, s);
    match f {
        F::Said { text } => super::probe::shown(lang, tz, text),
        F::NoAnswerWithin { timeout_ms } => format!("inget svar inom {}", millis(*timeout_ms)),
        F::RedirectLoop { chain } => format!("omdirigeringsslinga: {}", chain.join(" → ")),
        F::TooManyRedirects { cause } => format!("för många omdirigeringar ({})", c(cause)),
        F::Tls { cause } => format!("TLS-fel: {}", c(cause)),
        F::CannotConnect {
            to: Some(to),
            cause,
        } => {
            format!("kan inte ansluta till {to}: {}", c(cause))
        }
        F::CannotConnect { to: None, cause } => format!("kan inte ansluta: {}", c(cause)),
        F::Failed { cause } => c(cause),
        F::ReadingBody { cause } => format!("när svaret lästes: {}", nested(cause)),
        F::HttpStatus { status, url } => format!("HTTP {status} från {url}"),
        F::BodyLacks { needle, capped } => format!(
            "svaret innehåller inte {needle:?}{}",
            if *capped {
                " (i den första 1 MiB)"
            } else {
                ""
            }
        ),
        F::BodyNotJson { capped, cause } => format!(
            "svaret är inte JSON{}: {cause}",
            if *capped { " (större än 1 MiB)" } else { "" }
        ),
        F::JsonValue {
            pointer,
            found,
            expected,
        } => format!("{pointer} är {found}, väntat {expected}"),
        F::JsonMissing { pointer } => format!("{pointer} saknas i JSON-svaret"),
        F::CertificateExpired { days_ago } => {
            format!("TLS-certifikatet gick ut för {days_ago} dagar sedan")
        }
        F::CertificateExpires {
            days,
            status,
            latency_ms,
        } => format!(
            "TLS-certifikatet går ut om {days} dagar (HTTP {status}, {})",
            millis(*latency_ms)
        ),
        F::Slow {
            latency_ms,
            limit_ms,
            status,
        } => format!(
            "långsam: {} (gräns {}), HTTP {status}",
            millis(*latency_ms),
            millis(*limit_ms)
        ),
        F::HttpOk {
            status,
            latency_ms,
            capped,
        } => format!(
            "HTTP {status} på {}{}",
            millis(*latency_ms),
            if *capped {
                ", svaret kapat vid 1 MiB"
            } else {
                ""
            }
        ),
        F::NoHttpClient { cause } => format!("kan inte skapa en HTTP-klient: {}", c(cause)),
        F::Connected { to, latency_ms } => {
            format!("ansluten till {to} på {}", millis(*latency_ms))
        }
        F::Resolves { name, addresses } => format!("{name} pekar på {}", addresses.join(", ")),
        F::ResolvesElsewhere {
            name,
            addresses,
            expected,
        } => format!(
            "{name} pekar på {}, inte den väntade {expected}",
            addresses.join(", ")
        ),
        F::ResolvesToNothing { name } => format!("{name} pekar inte på någon adress"),
        F::CannotResolve { name, cause } => format!("DNS: kan inte slå upp {name}: {}", c(cause)),
        F::CannotRun { command, cause } => format!("kan inte köra {command}: {}", c(cause)),
        F::PluginSays { output } => plugin_said(output),
        F::PluginExited { code, output } => format!(
            "insticksprogrammet avslutades med {code}: {}",
            plugin_said(output)
        ),
        F::PluginKilled => "insticksprogrammet avbröts av en signal".into(),
        F::PluginLost { command, cause } => format!("i väntan på {command}: {}", c(cause)),
        F::PluginTimedOut { timeout_ms } => format!(
            "insticksprogrammet blev inte klart inom {}; avbröts",
            millis(*timeout_ms)
        ),
        F::NotProbed {
            what: Unprobed::Heartbeat,
        } => "en livssignal provas inte".into(),
        F::NotProbed {
            what: Unprobed::Alert,
        } => "en larmkontroll provas inte".into(),
        F::HeartbeatWaiting => "ingen livssignal ännu (väntar en period)".into(),
        F::HeartbeatNever => "ingen livssignal har kommit".into(),
        F::HeartbeatOverdue { last } => format!("ingen livssignal sedan {}", local(last)),
        F::JobFailed {
            at,
            sender,
            message,
        } => format!(
            "jobbet rapporterade fel {}{}{}",
            local(at),
            from(sender),
            colon(message)
        ),
        F::Heartbeat { at, sender } => format!("livssignal {}{}", local(at), from(sender)),
        F::HeartbeatUnreadable { cause } => format!("kan inte läsa livssignalen: {}", c(cause)),
        F::NoAlertFiring => "inget larm aktivt".into(),
        F::Alert { summary, more: 0 } => format!("larm: {summary}"),
        F::Alert { summary, more } => format!("larm: {summary} (+{more} till)"),
        F::AlertStale { last_sent } => format!(
            "okänt, källan tyst: larmet skickades senast {}",
            local(last_sent)
        ),
        F::WatchdogNever => "okänt, källan tyst: dess Watchdog har inte kommit".into(),
        F::WatchdogOverdue { last } => {
            format!("okänt, källan tyst: ingen Watchdog sedan {}", local(last))
        }
        F::WatchdogResolved => "okänt, källan tyst: dess Watchdog upphörde".into(),
        F::SelectorUnreadable { cause } => format!("väljaren kan inte läsas: {cause}"),
        F::AlertsUnreadable { cause } => format!("kan inte läsa larmen: {}", c(cause)),
        F::CheckStopped {
            what: Unprobed::Heartbeat,
            cause,
        } => format!("livssignalskontrollen stannade: {cause}"),
        F::CheckStopped {
            what: Unprobed::Alert,
            cause,
        } => format!("larmkontrollen stannade: {cause}"),
        F::Intermittent { failures, of, last } => format!(
            "återkommande fel: {failures} av de senaste {of} proven misslyckades ({})",
            nested(last)
        ),
    }
}

/// A plugin's output as it wrote it, or that it wrote none.
fn plugin_said(output: &str) -> String {
    if output.is_empty() {
        "(ingen utskrift)".into()
    } else {
        output.to_string()
    }
}

/// ": words" after a job's failure, when it sent any.
fn colon(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn typed_findings_read_in_swedish_from_their_fields() {
        let tz = chrono_tz::Europe::Stockholm;
        let cases = [
            (
                Finding::NoAnswerWithin { timeout_ms: 3000 },
                "inget svar inom 3s",
            ),
            (
                Finding::CannotConnect {
                    to: Some("10.0.0.5:104".into()),
                    cause: "No route to host (os error 113)".into(),
                },
                "kan inte ansluta till 10.0.0.5:104: ingen väg till värden (No route to host) (os error 113)",
            ),
            // The server's reason phrase and URL are kept; "from" is ours.
            (
                Finding::HttpStatus {
                    status: "503 Service Unavailable".into(),
                    url: "https://lis.example/health".into(),
                },
                "HTTP 503 Service Unavailable från https://lis.example/health",
            ),
            // An alert's summary is someone else's words, even when they look like ours.
            (
                Finding::Alert {
                    summary: "Journal svarar inte, timed out from db01".into(),
                    more: 2,
                },
                "larm: Journal svarar inte, timed out from db01 (+2 till)",
            ),
            (
                Finding::HeartbeatOverdue {
                    last: at("2026-12-02T02:10:00Z"),
                },
                "ingen livssignal sedan 2026-12-02 03:10",
            ),
            (
                Finding::JobFailed {
                    at: at("2026-07-01T22:30:00Z"),
                    sender: "backup".into(),
                    message: "disk full".into(),
                },
                "jobbet rapporterade fel 2026-07-02 00:30 (backup): disk full",
            ),
            // Was shown in English on a Swedish screen while it was parsed by prefix.
            (
                Finding::Intermittent {
                    failures: 3,
                    of: 10,
                    last: Box::new(Finding::HttpOk {
                        status: "200 OK".into(),
                        latency_ms: 4,
                        capped: false,
                    }),
                },
                "återkommande fel: 3 av de senaste 10 proven misslyckades (HTTP 200 OK på 4ms)",
            ),
            (
                Finding::NotProbed {
                    what: Unprobed::Alert,
                },
                "en larmkontroll provas inte",
            ),
        ];
        for (f, want) in cases {
            assert_eq!(shown(Lang::Sv, tz, &f), want, "{f:?}");
        }
    }

    #[test]
    fn english_is_the_recorded_text_with_local_times() {
        let tz = chrono_tz::Europe::Stockholm;
        let f = Finding::Heartbeat {
            at: at("2026-12-02T02:10:00Z"),
            sender: "backup".into(),
        };
        assert_eq!(f.to_string(), "heartbeat at 2026-12-02 02:10 UTC (backup)");
        assert_eq!(
            shown(Lang::En, tz, &f),
            "heartbeat at 2026-12-02 03:10 (backup)"
        );
        let f = Finding::Slow {
            latency_ms: 1200,
            limit_ms: 800,
            status: "200 OK".into(),
        };
        assert_eq!(shown(Lang::En, tz, &f), f.to_string());
    }

    #[test]
    fn an_old_row_is_read_as_it_always_was() {
        let tz = chrono_tz::Europe::Stockholm;
        let old = Finding::said("no heartbeat since 2026-12-02 02:10 UTC");
        assert_eq!(
            shown(Lang::Sv, tz, &old),
            "ingen livssignal sedan 2026-12-02 03:10"
        );
        assert_eq!(
            shown(Lang::Sv, tz, &Finding::said("weekly update")),
            "weekly update"
        );
    }
}
