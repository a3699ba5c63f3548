//! Table tests of the detector; the property tests are in tests/personnummer_props.rs.
use super::*;

fn found(text: &str) -> Vec<String> {
    find_identity_numbers(text)
        .into_iter()
        .map(|h| text[h.start..h.end].to_string())
        .collect()
}

// Tolvan Tolvansson, Skatteverket's well-known test identity: 19121212-1212.
#[test]
fn finds_the_test_identity_in_every_written_form() {
    for text in [
        "pat 121212-1212 på avd 5",
        "121212+1212",
        "121212 1212",
        "1212121212",
        "19121212-1212",
        "191212121212",
        "(191212121212)",
        "pnr:121212-1212.",
        "\"1212121212\"",
        "”121212-1212”",
        "«1212121212»",
        "Patient – 121212-1212",
        "Patient–121212-1212",
        "pnr:121212-1212",
    ] {
        assert_eq!(find_identity_numbers(text).len(), 1, "{text}");
    }
}

#[test]
fn reports_position_and_masks() {
    let hits = find_identity_numbers("Åtgärd för 121212-1212 klar");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].first_char, 12);
    assert_eq!(hits[0].last_char, 22);
    assert_eq!(hits[0].masked, "121212-XXXX");
    assert_eq!(
        mask_identity_numbers("x 121212-1212 y"),
        "x 121212-XXXX y".to_string()
    );
}

#[test]
fn coordination_numbers_have_day_plus_sixty() {
    // 12-12-72 (day 12 + 60), birth number 123, check digit computed.
    let base = b"121272123";
    let c = luhn_check_digit(base);
    let text = format!("sam {}-123{}", "121272", c);
    let hits = find_identity_numbers(&text);
    assert_eq!(hits.len(), 1, "{text}");
    assert_eq!(hits[0].kind, IdentityKind::Samordningsnummer);
}

#[test]
fn wrong_check_digit_or_date_is_not_a_hit() {
    assert!(found("121212-1213").is_empty());
    assert!(found("121312-1212").is_empty()); // month 13
    assert!(found("19121232-1212").is_empty()); // day 32
    assert!(found("17121212-1212").is_empty()); // century 17
}

#[test]
fn ordinary_numbers_are_not_hits() {
    for text in [
        "2026-11-23",
        "2026-11-23T03:10:00Z",
        "2026-11-23 03:10",
        "20261123T031000Z",
        "20261123031000",
        "1795412345",       // unix time in 2026
        "1795412345123",    // unix millis
        "070-123 45 67",    // mobile
        "08-123 456 78",    // Stockholm landline
        "+46 70 123 45 67", // international
        "+46701234567",     // international, compact
        "INC-1212121212",   // ticket number
        "INC1212121212",
        "ORD-2026-000123",
        "SR-121212-1212",  // glued to a prefix
        "1212121212.5",    // decimal
        "121212-1212-01",  // longer token
        "10.12.12.12",     // address-like
        "123456789012345", // long number
        "12:12:12",        // time
        "12121212",        // eight digits
        "INC-2026-0042",
    ] {
        assert!(found(text).is_empty(), "false positive in {text:?}");
    }
}

#[test]
fn phone_numbers_introduced_as_such_are_not_hits() {
    let c = luhn_check_digit(b"070123456");
    let mobile = format!("070123456{c}");
    assert_eq!(found(&mobile).len(), 1, "a bare valid number is refused");
    for text in [
        format!("tel {mobile}"),
        format!("Ring jourtelefonen {mobile}"),
        format!("mobilnr: {mobile}"),
        format!("telefon nr {mobile}"),
    ] {
        assert!(found(&text).is_empty(), "false positive in {text:?}");
    }
    // A phone word further back does not whitelist a personnummer.
    assert_eq!(found("Patient ringde, pnr 121212-1212").len(), 1);
    assert_eq!(
        found("tel 1212121212").len(),
        1,
        "phone numbers start with 0"
    );
}

#[test]
fn unix_times_pass_only_when_written_as_such() {
    assert!(found("date -d @1212121212").is_empty());
    assert!(found("ts=1212121212").is_empty());
    assert!(found("created_at: 1212121212").is_empty());
    assert_eq!(found("pnr=1212121212").len(), 1);
    assert_eq!(
        found("ts=121212-1212").len(),
        1,
        "a dash is a personnummer's"
    );
    assert_eq!(found("seen at 1212121212").len(), 1);
}

#[test]
fn luhn_known_values() {
    assert!(luhn_valid(b"1212121212"));
    assert!(!luhn_valid(b"1212121213"));
    assert_eq!(luhn_check_digit(b"121212121"), 2);
    assert!(!luhn_valid(b""));
}

#[test]
fn refusal_message_says_why_and_where() {
    let err = check_free_text("note", "Pat 19121212-1212 sen").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("personnummer"), "{msg}");
    assert!(msg.contains("characters 5-17"), "{msg}");
    assert!(msg.contains("19121212-XXXX"), "{msg}");
    assert!(check_free_text("note", "Allt lugnt").is_ok());
}

#[test]
fn numbers_written_the_way_real_text_writes_them() {
    for (text, number) in [
        ("Pat.19121212-1212", "19121212-1212"),
        ("pnr121212-1212", "121212-1212"),
        ("121212-1212,ring avd", "121212-1212"),
        ("remiss_19121212-1212.pdf", "19121212-1212"),
        ("GET /pat/191212121212/journal", "191212121212"),
        ("19121212 1212", "19121212 1212"),
        ("pat 121212-\n1212 inlagd", "121212-\n1212"),
        ("pat 19121212\r\n1212", "19121212\r\n1212"),
        ("１２１２１２－１２１２", "１２１２１２－１２１２"),
        ("121212\u{2011}1212", "121212\u{2011}1212"),
        ("121212\u{2013}1212", "121212\u{2013}1212"),
        ("121212\u{2212}1212", "121212\u{2212}1212"),
        ("121212\u{00A0}1212", "121212\u{00A0}1212"),
        ("19121212\u{202F}1212", "19121212\u{202F}1212"),
        ("1212\u{200B}12-1212", "1212\u{200B}12-1212"),
        ("121212-12\u{00AD}12", "121212-12\u{00AD}12"),
        ("\u{FEFF}1212121212", "1212121212"),
        ("pnr1212121212", "1212121212"),
        ("pnr-121212-1212", "121212-1212"),
    ] {
        assert_eq!(found(text), vec![number.to_string()], "in {text:?}");
    }
}

#[test]
fn positions_are_in_the_original_text() {
    let text = "Åsa: １２１２１２－１２１２ klar";
    let hits = find_identity_numbers(text);
    assert_eq!(hits.len(), 1);
    assert_eq!(&text[hits[0].start..hits[0].end], "１２１２１２－１２１２");
    assert_eq!((hits[0].first_char, hits[0].last_char), (6, 16));
    assert_eq!(hits[0].masked, "121212-XXXX");
    assert_eq!(
        mask_identity_numbers("x １２１２１２－１２１２ y"),
        "x 121212-XXXX y"
    );
}

#[test]
fn masking_keeps_everything_but_the_numbers() {
    assert_eq!(
        mask_identity_numbers("CRITICAL pat 19121212-1212 och 1212121212, kö 12"),
        "CRITICAL pat 19121212-XXXX och 121212XXXX, kö 12"
    );
    assert_eq!(mask_identity_numbers("allt lugnt"), "allt lugnt");
}

/// A text longer than a block (a configuration of thousands of systems) is read block by
/// block: every number is found once, wherever it falls (astride a block's edge too), with
/// the byte range and the character position it has in the whole text.
#[test]
fn a_long_text_is_read_in_blocks_and_finds_every_number_once() {
    let line = "url = \"http://127.0.0.1:47800/sys-00001/health\" # å ä ö\n";
    let mut text = String::new();
    let mut planted = Vec::new();
    while text.len() < 5 * BLOCK {
        text.push_str(line);
        // Plant a number just before, across and after each block edge, and a split one.
        let edge = (text.len() / BLOCK + 1) * BLOCK;
        if text.len() + 2 * line.len() > edge && planted.len() < 12 {
            planted.push(text.len() + 8);
            text.push_str("remiss: 19121212-1212 och ");
            text.push_str(if planted.len() % 3 == 0 {
                "pat 121212-\n1212 inlagd\n"
            } else {
                "nr 20121212-1212\n"
            });
        }
    }
    let hits = find_identity_numbers(&text);
    let whole = read_whole(&text);
    assert_eq!(hits, whole, "the same answers as reading it whole");
    let expected = planted.len() * 2;
    assert_eq!(
        hits.len(),
        expected,
        "{:?}",
        hits.iter().map(|h| h.start).collect::<Vec<_>>()
    );
    for h in &hits {
        assert!(
            text[h.start..h.end].starts_with(['1', '2']),
            "{}",
            &text[h.start..h.end]
        );
        assert_eq!(h.first_char, text[..h.start].chars().count() + 1);
        assert_eq!(h.last_char, text[..h.end].chars().count());
    }
}

/// Megabytes are read in two halves on two cores: a number split across the line where
/// the halves meet is found once, with its place in the whole text.
#[test]
fn a_number_astride_the_halves_of_a_long_text_is_found_once() {
    let line = "#43606: 63773f2087067a8d · #43607: a8fcf84ee30c4831 · åäö\n";
    let half = line.repeat(3 * BLOCK / line.len());
    let planted = "remiss: pat 121212-\n1212 inlagd\n";
    let text = format!("{half}{planted}{half}");
    assert!(text.len() > 4 * BLOCK, "long enough to be read in halves");
    let hits = find_identity_numbers(&text);
    let whole = read_whole(&text);
    assert_eq!(hits, whole, "the same answers as reading it whole");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].start, half.len() + "remiss: pat ".len());
    assert_eq!(
        hits[0].first_char,
        text[..hits[0].start].chars().count() + 1
    );
    // And the refusal names it, as for a short text.
    assert!(check_free_text("the export", &text).is_err());
    assert!(check_free_text("the export", &format!("{half}{half}")).is_ok());
}

/// Every hit in `text` read as one window, as a short text is read.
fn read_whole(text: &str) -> Vec<IdentityHit> {
    let mut whole = Vec::new();
    find_in(
        text,
        0..text.len(),
        0..text.len(),
        &mut Counted::default(),
        &mut whole,
    );
    whole
}
