//! Times as people type them on the command line, read in the site's time zone.
//!
//! Accepted: RFC 3339 (`2026-11-23T03:10:00Z`, `…+01:00`), a local date and time
//! (`2026-11-23 03:10`, `2026-11-23T03:10:30`), a local date (`2026-11-23`, midnight),
//! a local time today (`03:10`), and a duration ago (`10m`, `2h`, `1d`, `90s`, `10m ago`).
//! Times of day also the Swedish way, with a point and perhaps "kl." before them
//! (`10.30`, `kl. 10.30`, `2026-11-23 03.10`): how a Swedish nurse or commander writes
//! them on paper and types them at 03:00.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSpecError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for TimeSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {:?} as a time: {}. Use e.g. 2026-11-23T03:10:00Z, \"2026-11-23 03:10\" \
             (local), 03:10 (today, local), 15m (15 minutes ago), +4h (in 4 hours) or now",
            self.input, self.reason
        )
    }
}

impl std::error::Error for TimeSpecError {}

/// Parses `input` relative to `now`, reading local forms in `tz`.
pub fn parse_time(input: &str, tz: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, TimeSpecError> {
    let err = |reason: &str| TimeSpecError {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    let s = input.trim();
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    let s = without_klockan(s);
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if s == "now" || s == "nu" {
        return Ok(now);
    }
    // "+4h": from now on (overrides, windows that start later).
    if let Some(ahead) = s.strip_prefix('+')
        && !ahead.starts_with('-')
        && let Some(d) = parse_ago(ahead)
    {
        return d
            .and_then(|d| now.checked_add_signed(d))
            .ok_or_else(|| err("the duration is too long"));
    }
    if let Some(d) = parse_ago(s) {
        return d
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(|| err("the duration is too long"));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H.%M.%S",
        "%Y-%m-%d %H.%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return local_to_utc(naive, tz).map_err(|r| err(&r));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return local_to_utc(date.and_time(NaiveTime::MIN), tz).map_err(|r| err(&r));
    }
    for fmt in ["%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M"] {
        if let Ok(time) = NaiveTime::parse_from_str(s, fmt) {
            let today = now.with_timezone(&tz).date_naive();
            return local_to_utc(today.and_time(time), tz).map_err(|r| err(&r));
        }
    }
    Err(err("the format is not recognised"))
}

/// A time at the start of `text` (two words, "2026-12-06 10:30", or one, "10:30"), and
/// the rest (a reason). Nothing typed: `None` (now).
pub fn leading_time(
    text: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(Option<DateTime<Utc>>, String), TimeSpecError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Ok((None, String::new()));
    }
    if words.len() >= 2
        && let Ok(at) = parse_time(&words[..2].join(" "), tz, now)
    {
        return Ok((Some(at), words[2..].join(" ")));
    }
    let at = parse_time(words[0], tz, now)?;
    Ok((Some(at), words[1..].join(" ")))
}

/// `s` without a Swedish "kl." / "kl" ("klockan", o'clock) before a time of day.
fn without_klockan(s: &str) -> &str {
    let Some(rest) = s
        .get(..2)
        .filter(|kl| kl.eq_ignore_ascii_case("kl"))
        .map(|_| &s[2..])
    else {
        return s;
    };
    let rest = rest.strip_prefix('.').unwrap_or(rest).trim_start();
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        rest
    } else {
        s
    }
}

/// `Some(None)` when it looks like a duration but overflows.
fn parse_ago(s: &str) -> Option<Option<Duration>> {
    let s = s.strip_suffix("ago").map(str::trim_end).unwrap_or(s);
    let s = s.strip_prefix('-').unwrap_or(s);
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = s.split_at(split);
    let n: i64 = num.parse().ok()?;
    let d = match unit.trim() {
        "s" | "sec" => Duration::try_seconds(n),
        "m" | "min" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        _ => return None,
    };
    Some(d)
}

fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, String> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        // The repeated hour when clocks go back: the first (summer time) occurrence.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{naive} does not exist in {tz} (the clocks moved forward); give the time with an \
             offset, e.g. 2026-03-29T02:30:00+01:00"
        )),
    }
}

/// The whole minutes from `from` to `to` as the two are shown, to the minute: 05:45:50 →
/// 05:47:10 is 2 (05:45 → 05:47), not the 1 minute 20 seconds between them — a duration
/// printed beside times of day agrees with them (the console's milestones, the Lex Maria
/// record's "from the start to …").
pub fn minutes_as_shown(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    to.timestamp().div_euclid(60) - from.timestamp().div_euclid(60)
}

/// Formats a UTC instant for storage: fixed width, sortable, microseconds.
pub fn to_storage(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Reads a stored instant back.
pub fn from_storage(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Stockholm;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
            .single()
            .unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reads_the_accepted_forms() {
        let cases = [
            ("2026-11-23T03:10:00Z", "2026-11-23T03:10:00Z"),
            ("2026-11-23T03:10:00+01:00", "2026-11-23T02:10:00Z"),
            ("2026-11-23 03:10", "2026-11-23T02:10:00Z"),
            ("2026-07-01 03:10", "2026-07-01T01:10:00Z"),
            ("2026-11-23", "2026-11-22T23:00:00Z"),
            ("03:10", "2026-11-23T02:10:00Z"),
            ("15m", "2026-11-23T11:45:00Z"),
            ("2h ago", "2026-11-23T10:00:00Z"),
            ("-1d", "2026-11-22T12:00:00Z"),
            ("+4h", "2026-11-23T16:00:00Z"),
            ("+30m", "2026-11-23T12:30:00Z"),
            ("now", "2026-11-23T12:00:00Z"),
            // The Swedish way: a point, perhaps "kl." before.
            ("10.30", "2026-11-23T09:30:00Z"),
            ("3.10", "2026-11-23T02:10:00Z"),
            ("10.30.15", "2026-11-23T09:30:15Z"),
            ("kl. 10.30", "2026-11-23T09:30:00Z"),
            ("kl 10:30", "2026-11-23T09:30:00Z"),
            ("Kl.10.30", "2026-11-23T09:30:00Z"),
            ("2026-11-23 03.10", "2026-11-23T02:10:00Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_time(input, Stockholm, now()),
                Ok(utc(expected)),
                "{input}"
            );
        }
    }

    #[test]
    fn minutes_between_times_agree_with_the_times_shown() {
        let at = |s: &str| utc(s);
        // 05:45:50 → 05:47:10 reads 05:45 → 05:47: two minutes, as a reader counts them.
        assert_eq!(
            minutes_as_shown(at("2026-12-07T05:45:50Z"), at("2026-12-07T05:47:10Z")),
            2
        );
        assert_eq!(
            minutes_as_shown(at("2026-12-07T05:45:00Z"), at("2026-12-07T05:45:59Z")),
            0
        );
        assert_eq!(
            minutes_as_shown(at("2026-12-07T23:59:30Z"), at("2026-12-08T00:00:10Z")),
            1
        );
        assert_eq!(
            minutes_as_shown(at("2026-12-07T05:47:10Z"), at("2026-12-07T05:45:50Z")),
            -2
        );
    }

    #[test]
    fn daylight_saving_gaps_and_repeats() {
        // 2026-03-29 02:30 does not exist in Stockholm.
        let e = parse_time("2026-03-29 02:30", Stockholm, now()).unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        // 2026-10-25 02:30 happens twice; the first is summer time (+02:00).
        assert_eq!(
            parse_time("2026-10-25 02:30", Stockholm, now()),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
    }

    #[test]
    fn rejects_nonsense_with_a_hint() {
        for bad in [
            "",
            "yesterday-ish",
            "2026-13-01",
            "25:00",
            "99999999999999999d",
            "25.00",
            "10.75",
            "kl.",
            "kl. halv elva",
            "klockan",
        ] {
            let e = parse_time(bad, Stockholm, now()).unwrap_err();
            assert!(e.to_string().contains("e.g."), "{bad}: {e}");
        }
    }

    #[test]
    fn storage_format_round_trips() {
        let t = utc("2026-11-23T03:10:00.123456Z");
        assert_eq!(to_storage(t), "2026-11-23T03:10:00.123456Z");
        assert_eq!(from_storage(&to_storage(t)), Some(t));
    }
}
