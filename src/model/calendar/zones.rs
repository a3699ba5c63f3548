//! Time zones as calendars name them: IANA names, Windows names (Outlook's
//! `W. Europe Standard Time`, mapped with the CLDR table of the `windows-timezones` crate),
//! or a name only the file's own VTIMEZONE defines — then its rules decide: the IANA zone
//! whose standard and daylight offsets in January and July are the VTIMEZONE's.

use super::lines::Component;
use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

/// The zones a calendar file defines, and how to resolve a TZID.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    /// TZID → (standard offset, daylight offset) in seconds, from VTIMEZONE.
    defined: Vec<(String, Option<String>, i32, i32)>,
}

/// Zones a VTIMEZONE's rules are matched against (the region's neighbours first).
const CANDIDATES: &[Tz] = &[
    chrono_tz::Europe::Stockholm,
    chrono_tz::Europe::London,
    chrono_tz::Europe::Helsinki,
    chrono_tz::Europe::Moscow,
    chrono_tz::Atlantic::Reykjavik,
    chrono_tz::America::New_York,
    chrono_tz::America::Chicago,
    chrono_tz::America::Denver,
    chrono_tz::America::Los_Angeles,
    chrono_tz::Asia::Tokyo,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Australia::Sydney,
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

impl Zones {
    pub fn from_calendar(cal: &Component) -> Zones {
        let mut defined = Vec::new();
        for z in cal.children.iter().filter(|c| c.name == "VTIMEZONE") {
            let Some(id) = z.value("TZID").map(|s| s.trim().to_string()) else {
                continue;
            };
            let location = z.value("X-LIC-LOCATION").map(|s| s.trim().to_string());
            let to = |name: &str| {
                z.children
                    .iter()
                    .find(|c| c.name == name)
                    .and_then(|c| c.value("TZOFFSETTO"))
                    .and_then(offset)
            };
            let standard = to("STANDARD").or_else(|| to("DAYLIGHT"));
            let daylight = to("DAYLIGHT").or(standard);
            if let (Some(s), Some(d)) = (standard, daylight) {
                defined.push((id, location, s, d));
            } else if location.is_some() {
                defined.push((id, location, i32::MIN, i32::MIN));
            }
        }
        Zones { defined }
    }

    /// The zone a TZID names.
    pub fn resolve(&self, tzid: &str) -> Result<Tz, String> {
        let id = tzid.trim().trim_matches('"').trim_start_matches('/');
        if let Ok(tz) = id.parse::<Tz>() {
            return Ok(tz);
        }
        if let Ok(w) = id.parse::<windows_timezones::WindowsTimezone>()
            && let Ok(tz) = w.tzdb_id().parse::<Tz>()
        {
            return Ok(tz);
        }
        if let Some((_, location, standard, daylight)) = self.defined.iter().find(|(d, ..)| d == id)
        {
            if let Some(tz) = location.as_deref().and_then(|l| l.parse::<Tz>().ok()) {
                return Ok(tz);
            }
            // Northern and southern hemisphere: standard time in January or in July.
            if let Some(tz) = CANDIDATES.iter().find(|tz| {
                let (jan, jul) = (offset_at(**tz, 1), offset_at(**tz, 7));
                (jan == *standard && jul == *daylight) || (jul == *standard && jan == *daylight)
            }) {
                return Ok(*tz);
            }
        }
        Err(format!(
            "unknown time zone {tzid:?}: neither an IANA nor a Windows name, and no \
             VTIMEZONE in the file whose rules match a known zone"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::lines::calendars;

    #[test]
    fn iana_windows_and_the_files_own_rules() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Egen zon\nBEGIN:STANDARD\n\
                    TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
                    TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
                    END:VCALENDAR\n";
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
        assert!(zones.resolve("Mars/Olympus").is_err());
    }
}
