//! Table tests of the resolver: handoffs across DST, restrictions, overrides, gaps.
use super::*;
use chrono::TimeZone;

fn tz() -> Tz {
    chrono_tz::Europe::Stockholm
}

/// A local time in Stockholm (the first occurrence in a repeated hour).
fn at(s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    local_start(naive.date(), naive.time(), tz()).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
}

fn weekly(members: &[&str], only: Hours) -> Rotation {
    Rotation {
        team: "it".into(),
        layer: "primär".into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        shift: Shift::Days(7),
        handoff_weekday: Some(Weekday::Mon),
        handoff_time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        tz: tz(),
        only,
    }
}

fn rota(rotations: Vec<Rotation>) -> Rota {
    Rota {
        rotations,
        tz: Some(tz()),
        ..Default::default()
    }
}

fn who(r: &Rota, t: DateTime<Utc>) -> Option<String> {
    r.on_call("it", "primär", t).map(|o| o.person)
}

#[test]
fn shifts_parse() {
    let cases = [
        ("1w", Some(Shift::Days(7))),
        ("2d", Some(Shift::Days(2))),
        ("12h", Some(Shift::Hours(12))),
        ("1 vecka", Some(Shift::Days(7))),
        ("0d", None),
        ("w", None),
        ("3m", None),
    ];
    for (s, expected) in cases {
        assert_eq!(Shift::parse(s), expected, "{s}");
    }
}

#[test]
fn a_weekly_rota_hands_off_monday_0800_local_all_year() {
    // 2026-01-05 is the first Monday on or after 2026-01-01.
    let r = rota(vec![weekly(&["a", "b", "c"], Hours::Always)]);
    let cases = [
        ("2026-01-05 07:59", Some("c")), // before the first handoff: the rota runs back
        ("2026-01-05 08:00", Some("a")),
        ("2026-01-11 23:59", Some("a")),
        ("2026-01-12 07:59", Some("a")),
        ("2026-01-12 08:00", Some("b")),
        ("2026-01-19 08:00", Some("c")),
        ("2026-01-26 08:00", Some("a")),
        // Across the spring change (2026-03-29): still Monday 08:00 local (week 12).
        ("2026-03-30 07:59", Some("c")),
        ("2026-03-30 08:00", Some("a")),
        // Across the autumn change (2026-10-25): week 42.
        ("2026-10-26 07:59", Some("c")),
        ("2026-10-26 08:00", Some("a")),
    ];
    for (t, expected) in cases {
        assert_eq!(who(&r, at(t)).as_deref(), expected, "{t}");
    }
    // Monday 08:00 local is 06:00 UTC in summer time (CEST, UTC+2) and 07:00 UTC in
    // winter (CET, UTC+1).
    let weeks = |t: &str| r.rotations[0].shift_at(at(t));
    assert_eq!(weeks("2026-03-30 08:00") - weeks("2026-03-30 07:59"), 1);
    assert_eq!(weeks("2026-10-26 08:00") - weeks("2026-10-26 07:59"), 1);
    assert_eq!(
        r.rotations[0].handoff(weeks("2026-03-30 08:00")),
        utc("2026-03-30 06:00")
    );
    assert_eq!(
        r.rotations[0].handoff(weeks("2026-10-26 08:00")),
        utc("2026-10-26 07:00")
    );
}

#[test]
fn handoffs_in_the_missing_and_the_repeated_hour() {
    // Daily handoffs at 02:30 local. 2026-03-29 has no 02:30 (02:00 → 03:00);
    // 2026-10-25 has two (CEST, then CET).
    let mut daily = weekly(&["a", "b"], Hours::Always);
    daily.shift = Shift::Days(1);
    daily.handoff_weekday = None;
    daily.handoff_time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
    let r = rota(vec![daily]);
    let rot = &r.rotations[0];
    // Missing hour: the handoff happens when the clocks resume, 03:00 CEST = 01:00 UTC.
    let k = rot.shift_at(utc("2026-03-29 01:00"));
    assert_eq!(rot.handoff(k), utc("2026-03-29 01:00"));
    assert_ne!(
        who(&r, utc("2026-03-29 00:59")),
        who(&r, utc("2026-03-29 01:00"))
    );
    // Repeated hour: at the first 02:30 (CEST, 00:30 UTC), not the second (01:30 UTC).
    let k = rot.shift_at(utc("2026-10-25 00:30"));
    assert_eq!(rot.handoff(k), utc("2026-10-25 00:30"));
    assert_ne!(
        who(&r, utc("2026-10-25 00:29")),
        who(&r, utc("2026-10-25 00:30"))
    );
    assert_eq!(
        who(&r, utc("2026-10-25 00:30")),
        who(&r, utc("2026-10-25 01:30"))
    );
    // And in 2027: 2027-03-28 and 2027-10-31.
    let k = rot.shift_at(utc("2027-03-28 01:00"));
    assert_eq!(rot.handoff(k), utc("2027-03-28 01:00"));
    let k = rot.shift_at(utc("2027-10-31 00:30"));
    assert_eq!(rot.handoff(k), utc("2027-10-31 00:30"));
    // Every day's handoff in 2026–2027 is exactly one calendar day after the last.
    let start = rot.shift_at(utc("2026-01-01 12:00"));
    for k in start..start + 730 {
        let (a, b) = (rot.handoff(k), rot.handoff(k + 1));
        let (la, lb) = (a.with_timezone(&tz()), b.with_timezone(&tz()));
        assert_eq!(lb.date_naive() - la.date_naive(), Duration::days(1));
        assert!((b - a).num_hours() >= 23 && (b - a).num_hours() <= 25);
    }
}

#[test]
fn hour_shifts_are_elapsed_time_across_dst() {
    let mut r12 = weekly(&["day", "night"], Hours::Always);
    r12.shift = Shift::Hours(12);
    r12.handoff_weekday = None;
    r12.start = NaiveDate::from_ymd_opt(2026, 3, 27).unwrap();
    let r = rota(vec![r12]);
    // 2026-03-27 08:00 CET = 07:00 UTC; after the spring change the handoffs drift an
    // hour in local time, as elapsed-time shifts do.
    assert_eq!(who(&r, utc("2026-03-27 07:00")).as_deref(), Some("day"));
    assert_eq!(who(&r, utc("2026-03-27 19:00")).as_deref(), Some("night"));
    assert_eq!(who(&r, utc("2026-03-30 07:00")).as_deref(), Some("day"));
    assert_eq!(who(&r, utc("2026-03-30 06:59")).as_deref(), Some("night"));
}

#[test]
fn restrictions_limit_a_layer_to_office_hours_jour_or_weekends() {
    let office = rota(vec![weekly(&["a"], Hours::OfficeHours)]);
    let jour = rota(vec![weekly(&["a"], Hours::OutsideOfficeHours)]);
    let weekend = rota(vec![weekly(&["a"], Hours::Weekends)]);
    let cases = [
        // (local time, office, jour, weekend)
        ("2026-11-23 08:00", true, false, false), // Monday
        ("2026-11-23 16:59", true, false, false),
        ("2026-11-23 17:00", false, true, false),
        ("2026-11-24 03:10", false, true, false),
        ("2026-11-28 10:00", false, true, true), // Saturday
        ("2026-11-29 23:59", false, true, true), // Sunday
        ("2026-11-30 00:00", false, true, false),
    ];
    for (t, o, j, w) in cases {
        assert_eq!(who(&office, at(t)).is_some(), o, "office {t}");
        assert_eq!(who(&jour, at(t)).is_some(), j, "jour {t}");
        assert_eq!(who(&weekend, at(t)).is_some(), w, "weekend {t}");
    }
}

#[test]
fn overrides_win_and_the_newest_wins() {
    let mut r = rota(vec![weekly(&["a", "b"], Hours::Always)]);
    let o = |id, person: &str, from: &str, to: &str| Override {
        id,
        team: "it".into(),
        layer: "primär".into(),
        person: person.into(),
        from: at(from),
        to: at(to),
        reason: "byte".into(),
        by: "x".into(),
    };
    r.overrides = vec![
        o(10, "x", "2026-11-24 12:00", "2026-11-25 12:00"),
        o(11, "y", "2026-11-25 00:00", "2026-11-25 06:00"),
    ];
    let cases = [
        ("2026-11-24 11:59", "a"), // week 46 of the rota: a
        ("2026-11-24 12:00", "x"),
        ("2026-11-25 00:00", "y"),
        ("2026-11-25 06:00", "x"),
        ("2026-11-25 12:00", "a"),
    ];
    for (t, e) in cases {
        assert_eq!(who(&r, at(t)).as_deref(), Some(e), "{t}");
    }
    assert_eq!(
        r.on_call("it", "primär", at("2026-11-25 01:00"))
            .unwrap()
            .via_override,
        Some(11)
    );
    // The stretch of the person on call now, and who comes next.
    let (from, to) = r.span("it", "primär", at("2026-11-24 13:00"));
    assert_eq!((from, to), (at("2026-11-24 12:00"), at("2026-11-25 00:00")));
    let (next, when) = r.next("it", "primär", at("2026-11-24 13:00")).unwrap();
    assert_eq!((next.person.as_str(), when), ("y", at("2026-11-25 00:00")));
}

#[test]
fn gaps_are_where_neither_the_team_nor_the_supplier_covers() {
    let mut r = rota(vec![weekly(&["a"], Hours::OfficeHours)]);
    r.suppliers = vec![SupplierCover {
        team: "lev".into(),
        hours: Hours::Weekends,
    }];
    // Monday 2026-11-23 00:00 to Monday 2026-11-30 00:00.
    let gaps = r.gaps(
        "sys",
        "it",
        Some("lev"),
        at("2026-11-23 00:00"),
        at("2026-11-30 00:00"),
    );
    let shown: Vec<(String, String)> = gaps
        .iter()
        .map(|g| {
            (
                g.from.with_timezone(&tz()).format("%a %H:%M").to_string(),
                g.to.with_timezone(&tz()).format("%a %H:%M").to_string(),
            )
        })
        .collect();
    let expected = [
        ("Mon 00:00", "Mon 08:00"),
        ("Mon 17:00", "Tue 08:00"),
        ("Tue 17:00", "Wed 08:00"),
        ("Wed 17:00", "Thu 08:00"),
        ("Thu 17:00", "Fri 08:00"),
        ("Fri 17:00", "Sat 00:00"),
    ];
    assert_eq!(
        shown,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    // A team with no rota and a supplier with no cover: one gap, the whole window.
    let none = rota(Vec::new());
    let g = none.gaps(
        "mt",
        "mt",
        None,
        at("2026-11-23 00:00"),
        at("2026-11-24 00:00"),
    );
    assert_eq!(g.len(), 1);
    assert_eq!(
        (g[0].from, g[0].to),
        (at("2026-11-23 00:00"), at("2026-11-24 00:00"))
    );
}
