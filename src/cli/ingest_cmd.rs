//! `beredskap ingest alertmanager [FILE]`, `beredskap ingest webhook --source ID [FILE]` and
//! `beredskap ingest nagios`: alerts from the
//! monitoring the region already runs, written to the log like every other command (no
//! network needed). Exit 0 when recorded, 2 for input that cannot be read (nothing is
//! written), 1 when the log cannot be written.

use super::{Cli, Failure, context};
use crate::model::nagios::Notification;
use chrono::Utc;
use std::io::Read;
use std::path::PathBuf;

/// The most an Alertmanager body may be (as the receiver caps it).
pub const BODY_CAP: u64 = 1 << 20;

/// The body from FILE or standard input, at most [`BODY_CAP`].
fn body(file: Option<&PathBuf>) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    let read = match file {
        Some(path) => {
            std::fs::File::open(path).and_then(|f| f.take(BODY_CAP + 1).read_to_end(&mut body))
        }
        None => std::io::stdin().take(BODY_CAP + 1).read_to_end(&mut body),
    };
    read.map_err(|e| Failure::bad_input(format!("cannot read the payload: {e}")))?;
    if body.len() as u64 > BODY_CAP {
        return Err(Failure::bad_input(format!(
            "the payload is larger than {} KiB",
            BODY_CAP / 1024
        )));
    }
    Ok(body)
}

pub fn alertmanager(cli: &Cli, source: &str, file: Option<&PathBuf>) -> Result<u8, Failure> {
    let body = body(file)?;
    let (alerts, truncated) =
        crate::model::alert::alertmanager(&body).map_err(|e| Failure::bad_input(e.to_string()))?;
    record(cli, source, &alerts)?;
    if truncated > 0 {
        eprintln!(
            "note: Alertmanager left out {truncated} alert(s) of this group (max_alerts); they come with the next send"
        );
    }
    Ok(0)
}

/// A JSON body read with the pointers of the configured webhook source `source`.
pub fn webhook(cli: &Cli, source: &str, file: Option<&PathBuf>) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let fields = match loaded.region.receiver.source(source).map(|s| &s.format) {
        Some(crate::model::alert_source::SourceFormat::Webhook(f)) => (**f).clone(),
        _ => {
            let known: Vec<&str> = loaded
                .region
                .receiver
                .sources
                .iter()
                .filter(|s| {
                    matches!(
                        s.format,
                        crate::model::alert_source::SourceFormat::Webhook(_)
                    )
                })
                .map(|s| s.id.as_str())
                .collect();
            return Err(Failure::bad_input(format!(
                "no webhook source `{source}` in [[receiver.sources]]; {}",
                if known.is_empty() {
                    "the configuration has none (docs/alerts.md)".to_string()
                } else {
                    format!("the configured ones: {}", known.join(", "))
                }
            )));
        }
    };
    let alerts = crate::model::webhook::received(&body(file)?, &fields)
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    record(cli, source, &alerts)?;
    Ok(0)
}

pub fn nagios(cli: &Cli, source: &str, given: &Notification) -> Result<u8, Failure> {
    // What the command line leaves out comes from the macros a Nagios-family notification
    // command exports ($NAGIOS_…).
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let or = |v: &str, keys: &[&str]| {
        if v.is_empty() {
            keys.iter()
                .map(|k| env(k))
                .find(|x| !x.is_empty())
                .unwrap_or_default()
        } else {
            v.to_string()
        }
    };
    let service = or(&given.service, &["NAGIOS_SERVICEDESC"]);
    let n = Notification {
        host: or(&given.host, &["NAGIOS_HOSTNAME"]),
        state: if service.is_empty() {
            or(&given.state, &["NAGIOS_HOSTSTATE"])
        } else {
            or(&given.state, &["NAGIOS_SERVICESTATE"])
        },
        kind: or(&given.kind, &["NAGIOS_NOTIFICATIONTYPE"]),
        output: or(
            &given.output,
            &["NAGIOS_SERVICEOUTPUT", "NAGIOS_HOSTOUTPUT"],
        ),
        service,
    };
    let alert =
        crate::model::nagios::received(&n).map_err(|e| Failure::bad_input(e.to_string()))?;
    record(cli, source, std::slice::from_ref(&alert))?;
    Ok(0)
}

fn record(
    cli: &Cli,
    source: &str,
    alerts: &[crate::model::alert::Received],
) -> Result<(), Failure> {
    if !crate::model::check::heartbeat_id_ok(source) {
        return Err(Failure::bad_input(format!(
            "`{source}` is not a source name (letters, digits, `-`, `_`, `.`)"
        )));
    }
    let loaded = context::load_config(cli)?;
    // Only an account the source names may send for it: nothing is written otherwise.
    let sender = crate::ops::sender::Sender::for_source(
        &loaded.region,
        &crate::ops::actor::os_account(),
        cli.as_account.as_deref(),
        source,
    )?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    let mapping = crate::ops::alert::Mapping::of(&loaded.region);
    let r = crate::ops::alert::receive(&mut store, &mapping, &sender, source, alerts, Utc::now())?;
    if r.watchdog > 0 {
        eprintln!(
            "{source}: the Watchdog is alive (heartbeat `{}`)",
            crate::ops::alert::watchdog_heartbeat(source)
        );
    }
    eprintln!(
        "{source}: {} alert(s) received, {} changed state{}",
        r.alerts,
        r.changed,
        if r.unmapped > 0 {
            format!(
                ", {} match no system's alert check (recorded as unmapped)",
                r.unmapped
            )
        } else {
            String::new()
        }
    );
    Ok(())
}
