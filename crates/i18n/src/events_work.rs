//! Pages and downtime-routine runs in words (i18n/events.rs presents every other kind):
//! who was paged and reached, acknowledgements, deliveries, runs and their steps, and
//! what was linked to an incident afterwards.

use super::Lang;
use super::words::sv_en;
use super::words::when;
use crate::model::event::Event;
use crate::model::payload::{self as p, read};
use crate::model::region::Region;
use crate::model::{page as pg, run as r};
use chrono_tz::Tz;

fn run_of(e: &Event) -> &str {
    r::id_of(&e.subject).unwrap_or_default()
}

fn page_of(e: &Event) -> &str {
    pg::id_of(&e.subject).unwrap_or_default()
}

/// What a page or step recorded afterwards says of it: "; larmet skickades 11:01:20;
/// loggat 11:02:43 — loggen var låst av op.tekla (PID 1234)". Empty for one recorded at once.
fn late(e: &Event, late: Option<&pg::RecordedLate>, lang: Lang, tz: Tz) -> String {
    let Some(late) = late else {
        return String::new();
    };
    let clock = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%H:%M:%S");
    let (sent, logged) = (clock(e.occurred_at), clock(e.recorded_at));
    let why = match (&late.locked_by, &late.failure, lang) {
        (_, Some(f), Lang::Sv) => format!("loggen tog inte emot det ({f})"),
        (_, Some(f), Lang::En) => format!("the log did not take it ({f})"),
        (Some(by), None, Lang::Sv) => format!("loggen var låst av {by}"),
        (Some(by), None, Lang::En) => format!("the log was locked by {by}"),
        (None, None, Lang::Sv) => "loggen var låst".into(),
        (None, None, Lang::En) => "the log was locked".into(),
    };
    sv_en(
        lang,
        format!("; larmet skickades {sent}; loggat {logged} — {why}"),
        format!("; sent {sent}; logged {logged} — {why}"),
    )
}

/// A `page.*` or `run.*` event in words.
pub(super) fn text(
    e: &Event,
    lang: Lang,
    tz: Tz,
    region: Option<&Region>,
) -> Result<String, p::FoldError> {
    use Lang::{En, Sv};
    Ok(match e.kind.as_str() {
        pg::kind::TRIGGERED => {
            let x: pg::Triggered = read(e)?;
            // The team or person by name where the region knows them.
            let target = match (region, x.target.split_once(':')) {
                (Some(r), Some(("team", id))) => r.team(id).map(|t| t.name.clone()),
                (Some(r), Some(("person", a))) => r.person(a).map(|p| p.name.clone()),
                _ => None,
            }
            .unwrap_or_else(|| x.target.clone());
            let text = sv_en(
                lang,
                format!("{} larm till {target}: {}", page_of(e), x.message),
                format!("{} page to {target}: {}", page_of(e), x.message),
            );
            format!("{text}{}", late(e, x.late.as_ref(), lang, tz))
        }
        pg::kind::NOTIFIED => {
            let x: pg::Notified = read(e)?;
            let who = if x.recipients.is_empty() {
                sv_en(lang, "ingen".into(), "nobody".into())
            } else {
                x.recipients.join(", ")
            };
            let gap = if x.unresolved.is_empty() {
                String::new()
            } else {
                sv_en(
                    lang,
                    format!("; ingen i jour för {}", x.unresolved.join(", ")),
                    format!("; nobody on call for {}", x.unresolved.join(", ")),
                )
            };
            let text = sv_en(
                lang,
                format!(
                    "{} steg {} (varv {}) nådde {who}{gap}",
                    page_of(e),
                    x.step + 1,
                    x.round + 1
                ),
                format!(
                    "{} step {} (round {}) reached {who}{gap}",
                    page_of(e),
                    x.step + 1,
                    x.round + 1
                ),
            );
            format!("{text}{}", late(e, x.late.as_ref(), lang, tz))
        }
        pg::kind::ACKNOWLEDGED => {
            read::<p::Message>(e)?;
            sv_en(
                lang,
                format!("{} kvitterat av {}", page_of(e), e.actor),
                format!("{} acknowledged by {}", page_of(e), e.actor),
            )
        }
        pg::kind::RESOLVED => {
            let x: p::Reasoned = read(e)?;
            sv_en(
                lang,
                format!("{} avslutat: {}", page_of(e), x.text),
                format!("{} resolved: {}", page_of(e), x.text),
            )
        }
        pg::kind::DELIVERY => {
            let x: p::Delivery = read(e)?;
            let outcome = match (x.ok, lang) {
                (true, Sv) => "levererat".to_string(),
                (true, En) => "delivered".to_string(),
                (false, Sv) => format!("MISSLYCKADES ({})", x.detail),
                (false, En) => format!("FAILED ({})", x.detail),
            };
            // The built-in channels by name in Swedish; a configured one by its id.
            let channel = match (x.channel.as_str(), lang) {
                ("console", Sv) => "konsolen",
                ("desktop", Sv) => "skrivbordsnotis",
                (other, _) => other,
            };
            sv_en(
                lang,
                format!("{} {channel} till {}: {outcome}", page_of(e), x.to),
                format!("{} {channel} to {}: {outcome}", page_of(e), x.to),
            )
        }
        pg::kind::LINKED | r::kind::LINKED => {
            let x: p::Linked = read(e)?;
            let what = if e.kind == pg::kind::LINKED {
                page_of(e)
            } else {
                run_of(e)
            };
            sv_en(
                lang,
                format!(
                    "{what} kopplat i efterhand till {}, som deklarerades efter att det började \
                     (första tecknet på störning {})",
                    x.incident,
                    when(x.since, tz)
                ),
                format!(
                    "{what} linked afterwards to {}, declared after it began (first sign of \
                     trouble {})",
                    x.incident,
                    when(x.since, tz)
                ),
            )
        }
        r::kind::STARTED => {
            let x: r::Started = read(e)?;
            sv_en(
                lang,
                format!("reservrutin startad: {} ({})", x.title, run_of(e)),
                format!("downtime routine started: {} ({})", x.title, run_of(e)),
            )
        }
        r::kind::DONE | r::kind::SKIPPED | r::kind::NOTED | r::kind::UNDONE => {
            let x: r::StepPayload = read(e)?;
            let (run, n) = (run_of(e), x.step);
            match (e.kind.as_str(), lang, x.value) {
                (r::kind::DONE, Sv, Some(v)) => format!("{run} steg {n} klart, värde: {v}"),
                (r::kind::DONE, En, Some(v)) => format!("{run} step {n} done, value: {v}"),
                (r::kind::DONE, Sv, None) => format!("{run} steg {n} klart"),
                (r::kind::DONE, En, None) => format!("{run} step {n} done"),
                (r::kind::SKIPPED, Sv, _) => format!("{run} steg {n} överhoppat: {}", x.text),
                (r::kind::SKIPPED, En, _) => format!("{run} step {n} skipped: {}", x.text),
                (r::kind::NOTED, Sv, _) => format!("{run} steg {n}, anteckning: {}", x.text),
                (r::kind::NOTED, En, _) => format!("{run} step {n}, note: {}", x.text),
                (_, Sv, _) => format!("{run} steg {n} ångrat: {}", x.text),
                (_, En, _) => format!("{run} step {n} undone: {}", x.text),
            }
        }
        r::kind::COMPLETED => {
            read::<p::RunEnded>(e)?;
            sv_en(
                lang,
                format!("{} slutförd", run_of(e)),
                format!("{} completed", run_of(e)),
            )
        }
        r::kind::ABORTED => {
            let x: p::RunEnded = read(e)?;
            sv_en(
                lang,
                format!("{} avbruten: {}", run_of(e), x.text),
                format!("{} aborted: {}", run_of(e), x.text),
            )
        }
        _ => {
            p::known(e)?;
            e.kind.clone()
        }
    })
}
