//! Time zones as calendars name them: IANA names, Windows names (Outlook's
//! `W. Europe Standard Time`, mapped with the CLDR table of the `windows-timezones` crate),
//! a name only the file's own VTIMEZONE defines — then its rules decide: the zone of the tz
//! database whose offset on the 15th of every month is what the VTIMEZONE's STANDARD and
//! DAYLIGHT rules give (so EU and US daylight-saving rules are told apart) — or an IANA
//! name inside a vendor's path (`/mozilla.org/20070129_1/America/New_York`).

use super::lines::Component;
use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

/// The zones a calendar file defines, and how to resolve a TZID.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    defined: Vec<Defined>,
}

/// A VTIMEZONE: its name, an IANA location if it gives one, and its offset (seconds) on
/// the 15th of each month at noon as its rules say.
#[derive(Debug, Clone)]
struct Defined {
    id: String,
    location: Option<String>,
    monthly: Option<[i32; 12]>,
}

/// Zones a VTIMEZONE's rules are matched against first (the region's neighbours); then
/// every zone of the tz database.
const PREFERRED: &[Tz] = &[
    chrono_tz::Europe::Stockholm,
    chrono_tz::Europe::London,
    chrono_tz::Europe::Helsinki,
    chrono_tz::UTC,
];

fn offset(text: &str) -> Option<i32> {
    let t = text.trim();
    let (sign, digits) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => (1, t),
    };
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = digits.get(4..6).and_then(|s| s.parse().ok()).unwrap_or(0);
    Some(sign * (h * 3600 + m * 60 + s))
}

fn offset_at(tz: Tz, month: u32) -> i32 {
    let day = NaiveDate::from_ymd_opt(2026, month, 15)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap_or_default();
    tz.offset_from_utc_datetime(&day).fix().local_minus_utc()
}

fn monthly_of(tz: Tz) -> [i32; 12] {
    let mut out = [0; 12];
    for (i, o) in out.iter_mut().enumerate() {
        *o = offset_at(tz, i as u32 + 1);
    }
    out
}

/// When a STANDARD or DAYLIGHT rule takes effect: (month, before the 15th?). From its
/// RRULE (`BYMONTH=3;BYDAY=-1SU`: the last Sunday, after the 15th; `2SU`: by the 14th),
/// else from its DTSTART.
fn takes_effect(c: &Component) -> Option<(u32, bool)> {
    if let Some(rule) = c.value("RRULE") {
        let part = |key: &str| {
            rule.split(';')
                .find_map(|p| p.strip_prefix(key))
                .map(str::to_string)
        };
        let month: u32 = part("BYMONTH=")?.split(',').next()?.parse().ok()?;
        let early = match part("BYDAY=") {
            Some(day) => {
                let n: String = day
                    .chars()
                    .take_while(|c| *c == '-' || c.is_ascii_digit())
                    .collect();
                matches!(n.parse::<i32>(), Ok(1 | 2))
            }
            None => part("BYMONTHDAY=")
                .and_then(|d| d.parse::<i32>().ok())
                .is_some_and(|d| (1..=15).contains(&d)),
        };
        return Some((month, early));
    }
    let start = c.value("DTSTART")?;
    let month: u32 = start.get(4..6)?.parse().ok()?;
    let day: u32 = start.get(6..8)?.parse().ok()?;
    Some((month, day <= 15))
}

/// The STANDARD or DAYLIGHT block in force now. A VTIMEZONE may carry its history: one
/// block for each era of rules (Outlook and the tz-derived files write 1980–1995 and from
/// 1996 for Europe, 1967–2006 and from 2007 for the US) or one block a year with RDATEs.
/// The one in force is the latest to begin whose RRULE has not ended (no UNTIL, or an
/// UNTIL this year or later); without one, the latest to begin by next year.
fn current<'a>(z: &'a Component, name: &str) -> Option<&'a Component> {
    const NOW: &str = "2026";
    const NEXT: &str = "20280101";
    let start = |c: &Component| c.value("DTSTART").unwrap_or_default().trim().to_string();
    let blocks: Vec<&Component> = z.children.iter().filter(|c| c.name == name).collect();
    let ongoing = blocks.iter().copied().filter(|c| {
        c.value("RRULE").is_some_and(|r| {
            r.split(';')
                .find_map(|p| p.strip_prefix("UNTIL="))
                .is_none_or(|until| until.get(..4).is_some_and(|y| y >= NOW))
        })
    });
    ongoing.max_by_key(|c| start(c)).or_else(|| {
        blocks
            .iter()
            .copied()
            .filter(|c| start(c).as_str() < NEXT)
            .max_by_key(|c| start(c))
    })
}

/// The offset on the 15th of each month as a VTIMEZONE's rules give it.
fn monthly_of_rules(z: &Component) -> Option<[i32; 12]> {
    let rule = |name: &str| current(z, name);
    let standard = rule("STANDARD");
    let daylight = rule("DAYLIGHT");
    let std_off = standard
        .and_then(|c| c.value("TZOFFSETTO"))
        .and_then(offset);
    let dst_off = daylight
        .and_then(|c| c.value("TZOFFSETTO"))
        .and_then(offset);
    match (std_off, dst_off) {
        (Some(s), None) | (None, Some(s)) => Some([s; 12]),
        (Some(s), Some(d)) => {
            let (dst_month, dst_early) = takes_effect(daylight?)?;
            let (std_month, std_early) = takes_effect(standard?)?;
            let in_dst = |m: u32| -> bool {
                let after_dst_start = m > dst_month || (m == dst_month && dst_early);
                let before_std_start = m < std_month || (m == std_month && !std_early);
                if dst_month < std_month {
                    after_dst_start && before_std_start
                } else {
                    after_dst_start || before_std_start
                }
            };
            let mut out = [s; 12];
            for (i, o) in out.iter_mut().enumerate() {
                if in_dst(i as u32 + 1) {
                    *o = d;
                }
            }
            Some(out)
        }
        (None, None) => None,
    }
}

/// An IANA name inside a vendor's path (`/mozilla.org/20070129_1/America/New_York`,
/// `/freeassociation.sourceforge.net/Tzfile/Europe/Berlin`, `posix/Europe/Vaduz`).
fn iana_in_path(id: &str) -> Option<Tz> {
    let parts: Vec<&str> = id.split('/').filter(|p| !p.is_empty()).collect();
    (1..=parts.len().min(3))
        .rev()
        .find_map(|n| parts[parts.len() - n..].join("/").parse::<Tz>().ok())
}

impl Zones {
    pub fn from_calendar(cal: &Component) -> Zones {
        let defined = cal
            .children
            .iter()
            .filter(|c| c.name == "VTIMEZONE")
            .filter_map(|z| {
                Some(Defined {
                    id: z.value("TZID")?.trim().trim_matches('"').to_string(),
                    location: z.value("X-LIC-LOCATION").map(|s| s.trim().to_string()),
                    monthly: monthly_of_rules(z),
                })
            })
            .collect();
        Zones { defined }
    }

    /// The zone a TZID names.
    pub fn resolve(&self, tzid: &str) -> Result<Tz, super::TimeFault> {
        let id = tzid.trim().trim_matches('"');
        if let Ok(tz) = id.trim_start_matches('/').parse::<Tz>() {
            return Ok(tz);
        }
        if let Ok(w) = id.parse::<windows_timezones::WindowsTimezone>()
            && let Ok(tz) = w.tzdb_id().parse::<Tz>()
        {
            return Ok(tz);
        }
        let defined = self.defined.iter().find(|d| d.id == id);
        if let Some(tz) = defined
            .and_then(|d| d.location.as_deref())
            .and_then(|l| l.parse::<Tz>().ok())
        {
            return Ok(tz);
        }
        if let Some(monthly) = defined.and_then(|d| d.monthly) {
            let all = chrono_tz::TZ_VARIANTS.iter();
            if let Some(tz) = PREFERRED
                .iter()
                .chain(all)
                .find(|tz| monthly_of(**tz) == monthly)
            {
                return Ok(*tz);
            }
        }
        if let Some(tz) = iana_in_path(id) {
            return Ok(tz);
        }
        Err(super::TimeFault::UnknownZone(id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::lines::calendars;

    #[test]
    fn iana_windows_and_the_files_own_rules() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Egen zon\nBEGIN:STANDARD\n\
                    DTSTART:19701025T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n\
                    TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
                    DTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n\
                    TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
                    BEGIN:VTIMEZONE\nTZID:Östkusten\nBEGIN:STANDARD\nDTSTART:19701101T020000\n\
                    RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n\
                    END:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700308T020000\n\
                    RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n\
                    END:DAYLIGHT\nEND:VTIMEZONE\nEND:VCALENDAR\n";
        let cal = calendars(text).unwrap().remove(0);
        let zones = Zones::from_calendar(&cal);
        assert_eq!(
            zones.resolve("Europe/Stockholm"),
            Ok(chrono_tz::Europe::Stockholm)
        );
        let w = zones.resolve("W. Europe Standard Time").unwrap();
        assert_eq!(offset_at(w, 1), 3600);
        assert_eq!(offset_at(w, 7), 7200);
        assert_eq!(zones.resolve("Egen zon"), Ok(chrono_tz::Europe::Stockholm));
        // US rules (second Sunday of March) are not the EU's: a zone with them is picked.
        let east = zones.resolve("Östkusten").unwrap();
        assert_eq!(monthly_of(east), monthly_of(chrono_tz::America::New_York));
        assert!(zones.resolve("Mars/Olympus").is_err());
        assert_eq!(
            zones.resolve("/mozilla.org/20070129_1/America/New_York"),
            Ok(chrono_tz::America::New_York)
        );
    }

    #[test]
    fn the_rules_in_force_now_decide_when_a_zone_carries_its_history() {
        // The US rules of 1967–2006 (first Sunday of April) ended; those from 2007 (second
        // Sunday of March) are in force. And one block a year with its date, as the
        // tz-derived exports write: the latest decides.
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Östra USA\n\
                    BEGIN:DAYLIGHT\nDTSTART:19670430T020000\n\
                    RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z\n\
                    TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\n\
                    BEGIN:STANDARD\nDTSTART:19671029T020000\n\
                    RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z\n\
                    TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\n\
                    BEGIN:DAYLIGHT\nDTSTART:20070311T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\n\
                    TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\n\
                    BEGIN:STANDARD\nDTSTART:20071104T020000\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n\
                    TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\nEND:VTIMEZONE\n\
                    BEGIN:VTIMEZONE\nTZID:Helsingfors år för år\n\
                    BEGIN:DAYLIGHT\nDTSTART:20250330T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nEND:DAYLIGHT\n\
                    BEGIN:STANDARD\nDTSTART:20251026T040000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200\nEND:STANDARD\n\
                    BEGIN:DAYLIGHT\nDTSTART:20260329T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nEND:DAYLIGHT\n\
                    BEGIN:STANDARD\nDTSTART:20261025T040000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200\nEND:STANDARD\n\
                    BEGIN:DAYLIGHT\nDTSTART:19810329T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nEND:DAYLIGHT\n\
                    END:VTIMEZONE\nEND:VCALENDAR\n";
        let cal = calendars(text).unwrap().remove(0);
        let zones = Zones::from_calendar(&cal);
        let east = zones.resolve("Östra USA").unwrap();
        assert_eq!(monthly_of(east), monthly_of(chrono_tz::America::New_York));
        let helsinki = zones.resolve("Helsingfors år för år").unwrap();
        assert_eq!(
            monthly_of(helsinki),
            monthly_of(chrono_tz::Europe::Helsinki)
        );
    }
}
