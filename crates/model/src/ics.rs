//! iCalendar (RFC 5545) out: a team's or a person's final schedule as `.ics`. (Reading
//! calendars in: `model::calendar`.) Pure: text in, text out.

use super::oncall::Rota;
use super::region::Region;
use chrono::{DateTime, Duration, Utc};

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// The final schedule (rota and overrides) as `.ics`: one event per stretch a person is on
/// call, for a team's layers or for one person across teams, in `span` = [from, to). Each
/// event's summary begins with `on_call`, the interface language's word ("Jour", "On
/// call").
pub fn write(
    region: &Region,
    rota: &Rota,
    team: Option<&str>,
    person: Option<&str>,
    span: (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    on_call: &str,
) -> String {
    let (from, to) = span;
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//beredskap//on-call//SV\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    let teams: Vec<&str> = region
        .teams
        .iter()
        .map(|t| t.id.as_str())
        .filter(|t| team.is_none_or(|x| x == *t))
        .collect();
    for t in teams {
        for layer in rota.layers(t) {
            let mut at = from;
            while at < to {
                let (_, end) = rota.span(t, layer, at);
                let end = end.min(to).max(at + Duration::minutes(1));
                if let Some(o) = rota.on_call(t, layer, at)
                    && person.is_none_or(|p| p == o.person)
                {
                    let name = region
                        .person(&o.person)
                        .map(|p| format!("{} ({}, {})", p.name, p.account, p.phone))
                        .unwrap_or_else(|| o.person.clone());
                    out.push_str(&format!(
                        "BEGIN:VEVENT\r\nUID:{t}-{layer}-{}@beredskap\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:{}\r\nEND:VEVENT\r\n",
                        stamp(at),
                        stamp(now),
                        stamp(at),
                        stamp(end),
                        escape(&format!("{on_call} {t} {layer}: {name}")),
                    ));
                }
                at = end;
            }
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
