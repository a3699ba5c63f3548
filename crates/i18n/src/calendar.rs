//! A calendar's problems (`model::calendar::problem`) said in the interface language:
//! where, what, and what to do. The file's own words (a SUMMARY, a TZID, a value) are shown
//! as written; RFC 5545's property names are kept to search for.

use super::Lang;
use crate::model::calendar::lines::{LinesError, Malformation};
use crate::model::calendar::{CalendarProblem, Issue, Place, TimeFault};

/// "event «…» (UID …, line 4): it names nobody in the region\n  = hint: …", in `lang`.
pub fn say(lang: Lang, p: &CalendarProblem) -> String {
    match lang {
        Lang::En => p.to_string(),
        Lang::Sv => format!(
            "{}: {}\n  = tips: {}",
            place(&p.place),
            issue(&p.issue),
            hint(&p.issue)
        ),
    }
}

fn place(p: &Place) -> String {
    match p {
        Place::File => "filen".into(),
        Place::Event { summary, uid, line } => format!(
            "händelsen «{}» (UID {}, rad {line})",
            summary.as_deref().unwrap_or("(ingen SUMMARY)"),
            uid.as_deref().unwrap_or("saknas")
        ),
    }
}

fn time(f: &TimeFault) -> String {
    match f {
        TimeFault::NotADate { prop, value } => {
            format!("{prop} {value:?} är inget datum (ÅÅÅÅMMDD)")
        }
        TimeFault::NotADateTime { prop, value } => {
            format!("{prop} {value:?} är ingen tidpunkt (ÅÅÅÅMMDDTHHMMSS)")
        }
        TimeFault::UnknownZone(id) => format!(
            "okänd tidszon {id:?}: varken ett IANA- eller ett Windows-namn, och ingen VTIMEZONE \
             i filen vars regler stämmer med en känd zon"
        ),
        TimeFault::NoSuchTime { value, zone } => format!("{value} finns inte i {zone}"),
    }
}

fn lines(e: &LinesError) -> String {
    match e {
        LinesError::NotACalendar => "ingen iCalendar-fil: BEGIN:VCALENDAR saknas".into(),
        LinesError::Malformed { line, what } => {
            let what = match what {
                Malformation::NoColon(start) => {
                    format!("«{start}» har inget `:` mellan namn och värde")
                }
                Malformation::NoName => "en egenskap utan namn".into(),
                Malformation::EndWithoutBegin(name) => format!("END:{name} utan BEGIN"),
                Malformation::EndCloses {
                    end,
                    open,
                    open_line,
                } => format!("END:{end} avslutar BEGIN:{open} (rad {open_line})"),
                Malformation::Outside(name) => format!("{name} utanför BEGIN:VCALENDAR"),
            };
            format!("rad {line}: {what}")
        }
        LinesError::Truncated { open, line } => format!(
            "filen slutar inne i {open} (påbörjad på rad {line}): den ser avkortad ut; exportera \
             den igen"
        ),
        LinesError::TooDeep { line } => format!(
            "rad {line}: komponenterna är nästlade djupare än {}: ingen kalenderexport",
            crate::model::calendar::lines::MAX_DEPTH
        ),
        LinesError::TooMany => format!(
            "fler än {} komponenter: dela upp kalendern",
            crate::model::calendar::lines::MAX_COMPONENTS
        ),
    }
}

fn issue(i: &Issue) -> String {
    match i {
        Issue::Unreadable(e) => lines(e),
        Issue::NoEvents => "den har inga händelser (VEVENT)".into(),
        Issue::NoStart => "den saknar DTSTART".into(),
        Issue::Time { fault, .. } => time(fault),
        Issue::NoLocalTime => "dess start eller slut finns inte i dess tidszon".into(),
        Issue::BadDuration(d) => format!("DURATION {d:?} är ingen varaktighet"),
        Issue::NoEnd => "den har inget slut (DTEND eller DURATION)".into(),
        Issue::EndsBeforeStart => "den slutar innan den börjar".into(),
        Issue::TooLong { days } => format!("den varar längre än {days} dagar"),
        Issue::NamesNobody => "den nämner ingen i regionen".into(),
        Issue::NamesMany(who) => format!("den nämner mer än en person: {}", who.join(", ")),
        Issue::BadRecurrence(m) => format!("dess upprepning kan inte läsas: {m}"),
    }
}

fn hint(i: &Issue) -> String {
    match i {
        Issue::Unreadable(_) => {
            "exportera kalendern igen som .ics (RFC 5545): BEGIN:VCALENDAR … END:VCALENDAR".into()
        }
        Issue::NoEvents => "exportera jourkalendern med dess händelser".into(),
        Issue::NoStart => "varje pass behöver en start".into(),
        Issue::Time { prop, .. } => format!("kontrollera {prop} och dess TZID"),
        Issue::NoLocalTime => "kontrollera DTSTART och DTEND".into(),
        Issue::BadDuration(_) => "skriv den som P1D, PT12H eller P1DT2H".into(),
        Issue::NoEnd => "ge varje pass ett slut".into(),
        Issue::EndsBeforeStart => "kontrollera DTEND".into(),
        Issue::TooLong { .. } => {
            "ett jourpass är timmar eller dagar: kontrollera DTEND eller DURATION".into()
        }
        Issue::NamesNobody => "bjud in personen (ATTENDEE med e-postadressen från [[people]]) \
                               eller skriv kontot eller hela namnet i rubriken"
            .into(),
        Issue::NamesMany(_) => {
            "ett pass, en person: dela upp det eller nämn bara den som har jour".into()
        }
        Issue::BadRecurrence(_) => "kontrollera RRULE".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of problem reads in Swedish, with its hint, and in English as before.
    #[test]
    fn every_problem_is_said_in_both_languages() {
        let event = Place::Event {
            summary: Some("Jour net.olle".into()),
            uid: Some("a@example.invalid".into()),
            line: 4,
        };
        let issues = [
            Issue::Unreadable(LinesError::NotACalendar),
            Issue::Unreadable(LinesError::Malformed {
                line: 3,
                what: Malformation::NoColon("hello".into()),
            }),
            Issue::Unreadable(LinesError::Truncated {
                open: "VEVENT".into(),
                line: 9,
            }),
            Issue::NoEvents,
            Issue::NoStart,
            Issue::Time {
                prop: "DTSTART",
                fault: TimeFault::UnknownZone("Mars/Olympus".into()),
            },
            Issue::NoLocalTime,
            Issue::BadDuration("P1X".into()),
            Issue::NoEnd,
            Issue::EndsBeforeStart,
            Issue::TooLong { days: 35 },
            Issue::NamesNobody,
            Issue::NamesMany(vec!["net.olle".into(), "op.tekla".into()]),
            Issue::BadRecurrence("invalid frequency".into()),
        ];
        for issue in issues {
            let p = CalendarProblem {
                place: event.clone(),
                issue,
            };
            let sv = say(Lang::Sv, &p);
            let en = say(Lang::En, &p);
            assert!(sv.starts_with("händelsen «Jour net.olle»"), "{sv}");
            assert!(sv.contains("\n  = tips: "), "{sv}");
            assert!(en.contains("\n  = hint: "), "{en}");
            for word in [" the ", " it ", " has ", " check ", " is "] {
                assert!(!sv.contains(word), "{word:?} in {sv}");
            }
        }
    }
}
