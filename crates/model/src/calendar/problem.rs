//! Why a calendar file, or one of its events, cannot be used — as data: where, and what.
//! `Display` is the English sentence (for logs and tests); `i18n::calendar` says it in the
//! interface language with its hint.

use super::lines::LinesError;

/// Where in the file the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    File,
    /// An event, by its SUMMARY and UID as written and the line it begins on.
    Event {
        summary: Option<String>,
        uid: Option<String>,
        line: usize,
    },
}

/// What is wrong with a date or time value of a property (DTSTART, EXDATE …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeFault {
    NotADate {
        prop: String,
        value: String,
    },
    NotADateTime {
        prop: String,
        value: String,
    },
    /// A TZID that is neither an IANA nor a Windows name, and no VTIMEZONE of the file
    /// whose rules match a known zone.
    UnknownZone(String),
    /// A wall-clock time the zone skips (the spring change).
    NoSuchTime {
        value: String,
        zone: String,
    },
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    Unreadable(LinesError),
    NoEvents,
    NoStart,
    /// A time of the property `prop` (DTSTART, DTEND, EXDATE, RDATE, RECURRENCE-ID).
    Time {
        prop: &'static str,
        fault: TimeFault,
    },
    /// The start or end does not exist in its zone.
    NoLocalTime,
    BadDuration(String),
    NoEnd,
    EndsBeforeStart,
    TooLong {
        days: i64,
    },
    NamesNobody,
    NamesMany(Vec<String>),
    /// The RRULE cannot be worked out; the recurrence library's own words.
    BadRecurrence(String),
}

/// One problem: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarProblem {
    pub place: Place,
    pub issue: Issue,
}

impl std::fmt::Display for TimeFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeFault::NotADate { prop, value } => {
                write!(f, "{prop} {value:?} is not a date (YYYYMMDD)")
            }
            TimeFault::NotADateTime { prop, value } => {
                write!(f, "{prop} {value:?} is not a date-time (YYYYMMDDTHHMMSS)")
            }
            TimeFault::UnknownZone(id) => write!(
                f,
                "unknown time zone {id:?}: neither an IANA nor a Windows name, and no VTIMEZONE \
                 in the file whose rules match a known zone"
            ),
            TimeFault::NoSuchTime { value, zone } => write!(f, "{value} does not exist in {zone}"),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => f.write_str("the file"),
            Place::Event { summary, uid, line } => write!(
                f,
                "event «{}» (UID {}, line {line})",
                summary.as_deref().unwrap_or("(no SUMMARY)"),
                uid.as_deref().unwrap_or("none")
            ),
        }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Issue::Unreadable(e) => write!(f, "{e}"),
            Issue::NoEvents => f.write_str("it has no events (VEVENT)"),
            Issue::NoStart => f.write_str("it has no DTSTART"),
            Issue::Time { fault, .. } => write!(f, "{fault}"),
            Issue::NoLocalTime => f.write_str("its start or end does not exist in its zone"),
            Issue::BadDuration(d) => write!(f, "DURATION {d:?} is not a duration"),
            Issue::NoEnd => f.write_str("it has no end (DTEND or DURATION)"),
            Issue::EndsBeforeStart => f.write_str("it ends before it starts"),
            Issue::TooLong { days } => write!(f, "it lasts longer than {days} days"),
            Issue::NamesNobody => f.write_str("it names nobody in the region"),
            Issue::NamesMany(who) => {
                write!(f, "it names more than one person: {}", who.join(", "))
            }
            Issue::BadRecurrence(m) => write!(f, "its recurrence cannot be read: {m}"),
        }
    }
}

impl Issue {
    /// What to do about it, in English.
    pub fn hint(&self) -> String {
        match self {
            Issue::Unreadable(_) => {
                "export the calendar again as .ics (RFC 5545): BEGIN:VCALENDAR … END:VCALENDAR"
                    .into()
            }
            Issue::NoEvents => "export the on-call calendar with its events".into(),
            Issue::NoStart => "each shift needs a start".into(),
            Issue::Time { prop, .. } => format!("check {prop} and its TZID"),
            Issue::NoLocalTime => "check DTSTART and DTEND".into(),
            Issue::BadDuration(_) => "write it as P1D, PT12H or P1DT2H".into(),
            Issue::NoEnd => "give each shift an end".into(),
            Issue::EndsBeforeStart => "check DTEND".into(),
            Issue::TooLong { .. } => {
                "an on-call shift is hours or days: check DTEND or DURATION".into()
            }
            Issue::NamesNobody => "invite the person (ATTENDEE with their e-mail from [[people]]) \
                                   or write their account or full name in the summary"
                .into(),
            Issue::NamesMany(_) => {
                "one shift, one person: split it or name only the one on call".into()
            }
            Issue::BadRecurrence(_) => "check RRULE".into(),
        }
    }
}

impl std::fmt::Display for CalendarProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}\n  = hint: {}",
            self.place,
            self.issue,
            self.issue.hint()
        )
    }
}
