//! iCalendar (RFC 5545) for on-call: reading a schedule exported by Outlook or Google
//! Calendar (RRULE, EXDATE, TZID expanded by the `icalendar` crate's recurrence support)
//! into shifts, and writing a team's or a person's final schedule as `.ics`. Pure: text in,
//! text out.

use super::oncall::Rota;
use super::region::Region;
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, Tz as RTz};

/// One occurrence of a calendar event, with the person it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub person: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub summary: String,
}

/// Why a calendar could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsProblem {
    /// The event (its SUMMARY and UID) or the file.
    pub what: String,
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for IcsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}\n  = hint: {}",
            self.what, self.message, self.hint
        )
    }
}

/// Windows time-zone names Outlook writes, mapped to IANA names (CLDR windowsZones, the
/// zones a Nordic region meets).
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Stockholm"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("Romance Standard Time", "Europe/Paris"),
    ("GMT Standard Time", "Europe/London"),
    ("FLE Standard Time", "Europe/Helsinki"),
    ("UTC", "UTC"),
];

fn iana(text: &str) -> String {
    let mut out = text.replace("\r\n ", "").replace("\n ", "");
    for (windows, iana) in WINDOWS_ZONES {
        out = out.replace(&format!("TZID={windows}:"), &format!("TZID={iana}:"));
        out = out.replace(&format!("TZID=\"{windows}\":"), &format!("TZID={iana}:"));
    }
    out
}

fn to_utc(d: &DatePerhapsTime, tz: Tz) -> Option<DateTime<Utc>> {
    match d {
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(n)) => tz
            .from_local_datetime(n)
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
        DatePerhapsTime::DateTime(c) => c.try_into_utc(),
        DatePerhapsTime::Date(d) => super::maintenance::local_start(*d, chrono::NaiveTime::MIN, tz),
    }
}

/// Who an event names: an attendee's e-mail, else an account or a full name in its
/// summary or description.
fn person_of(region: &Region, e: &icalendar::Event) -> Option<String> {
    let attendees = e
        .multi_properties()
        .get("ATTENDEE")
        .map(|v| v.iter().map(|p| p.value().to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    for a in attendees {
        let mail = a
            .trim_start_matches("mailto:")
            .trim_start_matches("MAILTO:");
        if let Some(p) = region
            .people
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(mail))
        {
            return Some(p.account.clone());
        }
    }
    let text = format!(
        "{} {}",
        e.get_summary().unwrap_or_default(),
        e.get_description().unwrap_or_default()
    )
    .to_lowercase();
    region
        .people
        .iter()
        .find(|p| {
            text.split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(' || c == ')')
                .any(|w| w == p.account.to_lowercase())
        })
        .or_else(|| {
            region
                .people
                .iter()
                .find(|p| text.contains(&p.name.to_lowercase()))
        })
        .map(|p| p.account.clone())
}

/// The shifts in [from, to): every occurrence of every event, each naming a person of the
/// region. Every event that cannot be read or names nobody is a problem; nothing is
/// returned unless the whole file is good.
pub fn read(
    text: &str,
    region: &Region,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Shift>, Vec<IcsProblem>> {
    let tz = region.site.time_zone;
    let calendar: Calendar = iana(text).parse().map_err(|e| {
        vec![IcsProblem {
            what: "the file".into(),
            message: format!("not an iCalendar file: {e}"),
            hint: "export the calendar as .ics (RFC 5545): BEGIN:VCALENDAR … END:VCALENDAR".into(),
        }]
    })?;
    let mut shifts = Vec::new();
    let mut problems = Vec::new();
    let mut events = 0;
    for e in calendar.calendar_events() {
        events += 1;
        let summary = e.get_summary().unwrap_or("(no summary)").to_string();
        let what = format!("event «{summary}» ({})", e.get_uid().unwrap_or("no UID"));
        let mut bad = |message: String, hint: &str| {
            problems.push(IcsProblem {
                what: what.clone(),
                message,
                hint: hint.to_string(),
            })
        };
        let (Some(start), Some(end)) = (
            e.get_start().as_ref().and_then(|s| to_utc(s, tz)),
            e.get_end().as_ref().and_then(|s| to_utc(s, tz)),
        ) else {
            bad(
                "no readable DTSTART and DTEND".into(),
                "each shift needs a start and an end; an unknown TZID is an error",
            );
            continue;
        };
        if end <= start {
            bad("it ends before it starts".into(), "check DTEND");
            continue;
        }
        let Some(person) = person_of(region, e.event()) else {
            bad(
                "it names nobody in the region".into(),
                "invite the person (ATTENDEE with their e-mail) or write their account or full name in the summary",
            );
            continue;
        };
        let set = match e.get_recurrence() {
            Ok(s) => s,
            Err(err) => {
                bad(
                    format!("its recurrence cannot be read: {err}"),
                    "check RRULE, EXDATE and TZID",
                );
                continue;
            }
        };
        let length = end - start;
        let lo = RTz::UTC.from_utc_datetime(&(from - length).naive_utc());
        let hi = RTz::UTC.from_utc_datetime(&to.naive_utc());
        let result = set.after(lo).before(hi).all(5000);
        for occurrence in result.dates {
            let s = occurrence.with_timezone(&Utc);
            let e_ = s + length;
            if e_ > from && s < to {
                shifts.push(Shift {
                    person: person.clone(),
                    from: s,
                    to: e_,
                    summary: summary.clone(),
                });
            }
        }
    }
    if events == 0 {
        problems.push(IcsProblem {
            what: "the file".into(),
            message: "it has no events (VEVENT)".into(),
            hint: "export the on-call calendar with its events".into(),
        });
    }
    if problems.is_empty() {
        shifts.sort_by_key(|s| s.from);
        Ok(shifts)
    } else {
        Err(problems)
    }
}

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
/// call, for a team's layers or for one person across teams, in [from, to).
pub fn write(
    region: &Region,
    rota: &Rota,
    team: Option<&str>,
    person: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
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
                        escape(&format!("Jour {t} {layer}: {name}")),
                    ));
                }
                at = end;
            }
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
