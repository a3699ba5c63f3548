//! Expansion of stored series: wall-clock lengths across daylight-saving changes,
//! EXDATE and RDATE, durations. (Parsing with a region: tests/calendar.rs.)

use super::*;
use chrono::NaiveDate;

fn t(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .unwrap_or_default()
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&t(y, m, d, h))
}

fn weekly() -> Series {
    Series {
        uid: "u".into(),
        summary: "Jour".into(),
        person: "a".into(),
        line: 1,
        zone: "Europe/Stockholm".into(),
        start: t(2026, 10, 5, 8),
        length_secs: 7 * 86_400,
        rrule: Some("FREQ=WEEKLY;INTERVAL=3".into()),
        rdates: Vec::new(),
        exdates: vec![t(2026, 11, 16, 8)],
    }
}

#[test]
fn handoffs_stay_at_eight_across_the_october_change() {
    let occ = weekly()
        .occurrences(utc(2026, 10, 1, 0), utc(2026, 12, 31, 0))
        .unwrap();
    let starts: Vec<_> = occ.iter().map(|o| (o.from, o.to)).collect();
    // 5 Oct 08:00 CEST (06:00Z) → 12 Oct 08:00 CEST; 26 Oct 08:00 CET (07:00Z) → 2 Nov
    // 08:00 CET; 16 Nov excluded; 7 and 28 Dec 08:00 CET.
    assert_eq!(
        starts,
        vec![
            (utc(2026, 10, 5, 6), utc(2026, 10, 12, 6)),
            (utc(2026, 10, 26, 7), utc(2026, 11, 2, 7)),
            (utc(2026, 12, 7, 7), utc(2026, 12, 14, 7)),
            (utc(2026, 12, 28, 7), utc(2027, 1, 4, 7)),
        ]
    );
}

#[test]
fn a_shift_over_the_change_keeps_its_wall_clock_end() {
    // 24 h on call from Saturday 08:00 over the night the clocks go back: 25 real hours.
    let s = Series {
        rrule: None,
        start: t(2026, 10, 24, 8),
        length_secs: 86_400,
        exdates: Vec::new(),
        ..weekly()
    };
    let o = s
        .occurrences(utc(2026, 10, 1, 0), utc(2026, 11, 1, 0))
        .unwrap();
    assert_eq!(o.len(), 1);
    assert_eq!(
        (o[0].from, o[0].to),
        (utc(2026, 10, 24, 6), utc(2026, 10, 25, 7))
    );
    assert!(o[0].single);
}

#[test]
fn past_occurrences_are_answered_too() {
    let o = weekly()
        .occurrences(utc(2026, 10, 7, 12), utc(2026, 10, 7, 13))
        .unwrap();
    assert_eq!(o.len(), 1, "the first shift, long before now");
}

#[test]
fn durations() {
    assert_eq!(duration("P1D"), Some(Duration::days(1)));
    assert_eq!(duration("PT12H"), Some(Duration::hours(12)));
    assert_eq!(duration("P1W"), Some(Duration::days(7)));
    assert_eq!(
        duration("P1DT2H30M"),
        Some(Duration::hours(26) + Duration::minutes(30))
    );
    assert_eq!(duration("-PT5M"), Some(Duration::minutes(-5)));
    assert_eq!(duration("P"), None);
    assert_eq!(duration("1D"), None);
    assert_eq!(duration("PT1D"), None);
    // Found by running the importer over a public corpus: no overflow panics.
    assert_eq!(duration("P99999999999999999W"), None);
    assert_eq!(duration("P9999999999999W"), None);
}
