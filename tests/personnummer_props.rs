//! Property tests of the patient-data guard: every synthetic identity number written in
//! any accepted form is found wherever it stands; dates, times, phone numbers and ticket
//! numbers never are.
//!
//! The identity numbers are generated here from random dates and birth numbers; none is
//! stored anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

use beredskap::model::personnummer::{find_identity_numbers, luhn_check_digit};
use proptest::prelude::*;

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// (year, month, day, birth number, coordination?) → the 12-digit form with check digit.
fn identity() -> impl Strategy<Value = String> {
    (
        1900u32..2026,
        1u32..=12,
        0u32..31,
        0u32..1000,
        any::<bool>(),
    )
        .prop_map(|(y, m, d, n, coordination)| {
            let day = d % days_in(y, m) + 1 + if coordination { 60 } else { 0 };
            let nine = format!("{:02}{m:02}{day:02}{n:03}", y % 100);
            let c = luhn_check_digit(nine.as_bytes());
            format!("{}{nine}{c}", y / 100)
        })
}

/// The forms people write: 12 compact, 12 with dash, 10 compact, 10 with - or + or space,
/// 12 with a space, split over two lines, full-width digits, typographic dashes and spaces,
/// invisible characters inside.
const FORMS: u8 = 14;

fn written(twelve: &str, form: u8) -> String {
    let (century, ten) = twelve.split_at(2);
    let (date, rest) = ten.split_at(6);
    let full_width = |s: &str| -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap())
            .collect()
    };
    match form % FORMS {
        0 => twelve.to_string(),
        1 => format!("{century}{date}-{rest}"),
        2 => ten.to_string(),
        3 => format!("{date}-{rest}"),
        4 => format!("{date}+{rest}"),
        5 => format!("{date} {rest}"),
        6 => format!("{century}{date} {rest}"),
        7 => format!("{date}-\n{rest}"),
        8 => format!("{century}{date}\r\n{rest}"),
        9 => format!("{}\u{FF0D}{}", full_width(date), full_width(rest)),
        10 => format!("{century}{date}\u{2011}{rest}"),
        11 => format!("{date}\u{2013}{rest}"),
        12 => format!("{date}\u{00A0}{rest}"),
        _ => format!(
            "{}\u{200B}{}-{}\u{00AD}{}",
            &date[..3],
            &date[3..],
            &rest[..2],
            &rest[2..]
        ),
    }
}

/// Words and punctuation a number is glued to in real text: still a number when written
/// with its separator.
fn glued_before() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Pat.", "pnr", "remiss_", "/pat/", "pnr:", "Patient:", "(", "[", "\"", "#",
    ])
    .prop_map(str::to_string)
}

fn glued_after() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        ",ring",
        ".pdf",
        "/",
        ")",
        ";",
        ":",
        "",
        ".",
        "_scan.pdf",
        "ring",
    ])
    .prop_map(str::to_string)
}

/// Ordinary words and punctuation around the number, never glued to it.
fn surrounding() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "Patient ",
        "pnr: ",
        "(",
        "avd 12, ",
        "Åsa såg ",
        "\n",
        "\"",
        "sängplats 4: ",
        "”",
        "«",
        "Patient–",
        "pnr:",
        "\t",
    ])
    .prop_map(str::to_string)
}

fn after() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        " på avd 5",
        ".",
        ")",
        ", inlagd",
        "\n",
        "!",
        " – åter",
        "”",
        "»",
        "–",
        ";",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_identity_number_is_found(id in identity(), form in 0u8..FORMS, pre in surrounding(), post in after()) {
        let number = written(&id, form);
        let text = format!("{pre}{number}{post}");
        let hits = find_identity_numbers(&text);
        prop_assert_eq!(hits.len(), 1, "{:?}", text);
        prop_assert_eq!(&text[hits[0].start..hits[0].end], number.as_str());
    }

    #[test]
    fn a_separated_number_glued_to_text_is_found(
        id in identity(), form in prop::sample::select(vec![1u8, 3, 4, 7, 9, 10, 11]),
        pre in glued_before(), post in glued_after(),
    ) {
        let number = written(&id, form);
        let text = format!("{pre}{number}{post}");
        let hits = find_identity_numbers(&text);
        prop_assert_eq!(hits.len(), 1, "{:?}", text);
        prop_assert_eq!(&text[hits[0].start..hits[0].end], number.as_str());
    }

    #[test]
    fn a_wrong_check_digit_is_not_an_identity_number(id in identity(), form in 0u8..FORMS, delta in 1u8..10) {
        let mut bytes = id.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = b'0' + (bytes[last] - b'0' + delta) % 10;
        let number = written(&String::from_utf8(bytes).unwrap(), form);
        prop_assert!(find_identity_numbers(&number).is_empty(), "{}", number);
    }

    #[test]
    fn dates_and_timestamps_are_never_identity_numbers(
        y in 1990i32..2040, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, min in 0u32..60, s in 0u32..60,
    ) {
        for text in [
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}-{m:02}-{d:02} {h:02}:{min:02}"),
            format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z"),
            format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.123456+01:00"),
            format!("{y}{m:02}{d:02}T{h:02}{min:02}{s:02}Z"),
            format!("{y}{m:02}{d:02}{h:02}{min:02}{s:02}"),
            format!("{d}/{m} {h:02}:{min:02}"),
            format!("kl {h:02}.{min:02} den {d}/{m} {y}"),
        ] {
            prop_assert!(find_identity_numbers(&text).is_empty(), "{}", text);
        }
    }

    #[test]
    fn unix_times_of_this_decade_are_never_identity_numbers(t in 1_600_000_000i64..1_900_000_000, ms in 0u32..1000) {
        for text in [
            format!("ts={t}"),
            format!("created_at: {t}"),
            format!("date -d @{t}"),
            format!("epoch {t}"),
            format!("{t}.{ms:03}"),
            format!("{}", t * 1000 + i64::from(ms)),
        ] {
            prop_assert!(find_identity_numbers(&text).is_empty(), "{}", text);
        }
    }

    #[test]
    fn phone_numbers_in_their_usual_grouping_are_never_identity_numbers(
        area in prop::sample::select(vec!["070", "072", "073", "076", "08", "031", "040", "010"]),
        a in 100u32..1000, b in 10u32..100, c in 10u32..100,
    ) {
        for text in [
            format!("{area}-{a} {b} {c}"),
            format!("{area}-{a}{b}{c}"),
            format!("+46 {} {a} {b} {c}", &area[1..]),
            format!("+46{}{a}{b}{c}", &area[1..]),
            format!("tel {area}{a}{b}{c}"),
            format!("ring jouren på {area}-{a} {b} {c}"),
        ] {
            prop_assert!(find_identity_numbers(&text).is_empty(), "{}", text);
        }
    }

    #[test]
    fn ticket_and_order_numbers_are_never_identity_numbers(
        prefix in prop::sample::select(vec!["INC", "INC-", "SR-", "CHG", "ORD-", "AvIC-", "RITM"]),
        digits in "[0-9]{10,12}",
    ) {
        let text = format!("ärende {prefix}{digits} stängt");
        prop_assert!(find_identity_numbers(&text).is_empty(), "{}", text);
    }

    #[test]
    fn the_guard_never_panics(text in any::<String>()) {
        let _ = find_identity_numbers(&text);
        let _ = beredskap::model::personnummer::mask_identity_numbers(&text);
    }
}
