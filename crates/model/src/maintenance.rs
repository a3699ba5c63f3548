//! Maintenance windows: one-off (from, to) and recurring (weekdays, local start time,
//! duration) in the site's time zone, right across daylight-saving changes.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Schedule {
    /// From and to, as instants.
    Once {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    /// Every listed weekday at a local start time, for a duration (elapsed time).
    Weekly {
        weekdays: Vec<Weekday>,
        start: NaiveTime,
        duration: Duration,
    },
}

/// A maintenance window for some systems (empty `systems` means every system).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MaintenanceWindow {
    pub systems: Vec<String>,
    pub schedule: Schedule,
    pub reason: String,
}

impl MaintenanceWindow {
    pub fn applies_to(&self, system: &str) -> bool {
        self.systems.is_empty() || self.systems.iter().any(|s| s == system)
    }

    /// The occurrence that covers `t`, if any: (start, end).
    pub fn active_at(&self, t: DateTime<Utc>, tz: Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match &self.schedule {
            Schedule::Once { from, to } => (*from <= t && t < *to).then_some((*from, *to)),
            Schedule::Weekly {
                weekdays,
                start,
                duration,
            } => {
                let local_date = t.with_timezone(&tz).date_naive();
                // Occurrences that started up to `duration` ago (plus a day for the offset).
                let days_back = duration.num_days() + 1;
                (0..=days_back).find_map(|back| {
                    let date = local_date - Duration::days(back);
                    if !weekdays.contains(&date.weekday()) {
                        return None;
                    }
                    let begin = local_start(date, *start, tz)?;
                    let end = begin + *duration;
                    (begin <= t && t < end).then_some((begin, end))
                })
            }
        }
    }
}

/// The instant a local wall-clock time happens on `date`. In the hour that is skipped when
/// clocks go forward, the window starts when the clocks resume (the first valid minute
/// after); in the repeated hour it starts at the first occurrence.
pub fn local_start(date: NaiveDate, time: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => {
            (1..=180).find_map(
                |m| match tz.from_local_datetime(&(naive + Duration::minutes(m))) {
                    LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
                    LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
                    LocalResult::None => None,
                },
            )
        }
    }
}

/// Parses a weekday name in English or Swedish (`mon`, `monday`, `mån`, `måndag` …).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let table = [
        (Weekday::Mon, ["mon", "monday", "mån", "måndag"]),
        (Weekday::Tue, ["tue", "tuesday", "tis", "tisdag"]),
        (Weekday::Wed, ["wed", "wednesday", "ons", "onsdag"]),
        (Weekday::Thu, ["thu", "thursday", "tor", "torsdag"]),
        (Weekday::Fri, ["fri", "friday", "fre", "fredag"]),
        (Weekday::Sat, ["sat", "saturday", "lör", "lördag"]),
        (Weekday::Sun, ["sun", "sunday", "sön", "söndag"]),
    ];
    table
        .iter()
        .find(|(_, names)| names.contains(&s.as_str()))
        .map(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Stockholm;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn weekly(days: &[Weekday], start: &str, hours: i64) -> MaintenanceWindow {
        MaintenanceWindow {
            systems: vec!["journal".into()],
            schedule: Schedule::Weekly {
                weekdays: days.to_vec(),
                start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
                duration: Duration::hours(hours),
            },
            reason: "patch".into(),
        }
    }

    #[test]
    fn one_off_window_is_half_open() {
        let w = MaintenanceWindow {
            systems: vec![],
            schedule: Schedule::Once {
                from: utc("2026-12-01T21:00:00Z"),
                to: utc("2026-12-01T23:00:00Z"),
            },
            reason: "x".into(),
        };
        assert!(w.applies_to("anything"));
        assert!(
            w.active_at(utc("2026-12-01T21:00:00Z"), Stockholm)
                .is_some()
        );
        assert!(
            w.active_at(utc("2026-12-01T22:59:59Z"), Stockholm)
                .is_some()
        );
        assert!(
            w.active_at(utc("2026-12-01T23:00:00Z"), Stockholm)
                .is_none()
        );
    }

    #[test]
    fn weekly_window_follows_local_time_across_dst() {
        // Tuesdays 22:00 local for 2 h. Winter: 21:00Z; summer: 20:00Z.
        let w = weekly(&[Weekday::Tue], "22:00", 2);
        assert!(
            w.active_at(utc("2026-12-01T21:30:00Z"), Stockholm)
                .is_some()
        ); // Tue, CET
        assert!(
            w.active_at(utc("2026-12-01T20:30:00Z"), Stockholm)
                .is_none()
        );
        assert!(
            w.active_at(utc("2026-06-02T20:30:00Z"), Stockholm)
                .is_some()
        ); // Tue, CEST
        assert!(
            w.active_at(utc("2026-06-02T22:30:00Z"), Stockholm)
                .is_none()
        );
        // Crossing midnight: still active at 23:30 local.
        assert!(
            w.active_at(utc("2026-12-01T22:30:00Z"), Stockholm)
                .is_some()
        );
        assert!(!w.applies_to("lab"));
    }

    #[test]
    fn a_start_in_the_skipped_hour_begins_when_clocks_resume() {
        // Sunday 2026-03-29: 02:00 → 03:00 in Stockholm. A 02:30 start begins at 03:00 CEST.
        let w = weekly(&[Weekday::Sun], "02:30", 1);
        let (start, end) = w.active_at(utc("2026-03-29T01:30:00Z"), Stockholm).unwrap();
        assert_eq!(start, utc("2026-03-29T01:00:00Z"));
        assert_eq!(end, utc("2026-03-29T02:00:00Z"));
        assert!(
            w.active_at(utc("2026-03-29T00:59:00Z"), Stockholm)
                .is_none()
        );
    }

    #[test]
    fn a_start_in_the_repeated_hour_begins_at_the_first() {
        // Sunday 2026-10-25: 03:00 → 02:00. 02:30 happens at 00:30Z and again at 01:30Z.
        let w = weekly(&[Weekday::Sun], "02:30", 1);
        let (start, end) = w.active_at(utc("2026-10-25T00:45:00Z"), Stockholm).unwrap();
        assert_eq!(start, utc("2026-10-25T00:30:00Z"));
        assert_eq!(end, utc("2026-10-25T01:30:00Z"), "one hour of elapsed time");
    }

    #[test]
    fn weekdays_in_both_languages() {
        assert_eq!(parse_weekday("tisdag"), Some(Weekday::Tue));
        assert_eq!(parse_weekday("Sun"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("lör"), Some(Weekday::Sat));
        assert_eq!(parse_weekday("someday"), None);
    }
}
