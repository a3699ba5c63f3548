//! The patient-data guard: finds Swedish personal identity numbers (personnummer) and
//! coordination numbers (samordningsnummer) in free text before it is stored or exported.
//!
//! A candidate is a number written in one of the forms people use:
//! `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDD NNNC`, `YYMMDDNNNC`, `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`.
//! It is reported only when its date part is a real date (for a samordningsnummer the day is
//! the day of birth plus 60) and its last digit is the Luhn check digit over the ten-digit
//! form. Numbers that are part of a longer token (`INC-1212121212`, `1212121212.5`,
//! 14-digit timestamps) and numbers introduced as phone numbers (`tel 0701234567`) are not
//! candidates. A bare ten-digit number that is also a valid personnummer cannot be told apart
//! from one: it is refused, and the message says how to write a phone number instead.
//! The same goes for a bare Unix time (from 2027 on some of them are valid numbers):
//! written as `@1810127140`, `ts=1810127140` or `epoch 1810127140` it passes.

use std::fmt;

/// Which kind of identity number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    Personnummer,
    Samordningsnummer,
}

impl IdentityKind {
    pub fn label(self) -> &'static str {
        match self {
            IdentityKind::Personnummer => "personnummer",
            IdentityKind::Samordningsnummer => "samordningsnummer",
        }
    }
}

/// One identity number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityHit {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Character positions (1-based, inclusive), for messages.
    pub first_char: usize,
    pub last_char: usize,
    pub kind: IdentityKind,
    /// The number with its last four digits masked, e.g. `121212-****`.
    pub masked: String,
}

/// The refusal given when a free text holds patient identity data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientDataRefusal {
    pub field: String,
    pub hits: Vec<IdentityHit>,
}

impl fmt::Display for PatientDataRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(first) = self.hits.first() else {
            return write!(f, "{}: refused", self.field);
        };
        write!(
            f,
            "{} contains what looks like a Swedish {} ({}) at characters {}-{}",
            self.field,
            first.kind.label(),
            first.masked,
            first.first_char,
            first.last_char
        )?;
        if self.hits.len() > 1 {
            write!(f, " and {} more", self.hits.len() - 1)?;
        }
        write!(
            f,
            ". Patient data must not be stored in the operations log: describe the patient without \
             identity (e.g. \"a patient on ward 12\"). If it is not an identity number, write it \
             in its usual grouping (a phone number as 070-123 45 67)."
        )
    }
}

impl std::error::Error for PatientDataRefusal {}

/// Refuses `text` if it contains an identity number. `field` names the text in the message.
pub fn check_free_text(field: &str, text: &str) -> Result<(), PatientDataRefusal> {
    let hits = find_identity_numbers(text);
    if hits.is_empty() {
        Ok(())
    } else {
        Err(PatientDataRefusal {
            field: field.to_string(),
            hits,
        })
    }
}

/// Replaces every identity number in `text` by its masked form.
pub fn mask_identity_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for hit in find_identity_numbers(text) {
        out.push_str(&text[last..hit.start]);
        out.push_str(&hit.masked);
        last = hit.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Words that, shortly before a number, say it is a phone number.
const PHONE_WORDS: &[&str] = &[
    "tel", "tfn", "telefon", "phone", "mobil", "mobile", "ring", "sms", "växel", "fax", "call",
];

/// Words that, just before a bare ten-digit number, say it is a Unix time.
const TIMESTAMP_WORDS: &[&str] = &[
    "ts",
    "timestamp",
    "epoch",
    "unix",
    "unixtime",
    "created",
    "updated",
];

/// True when a bare ten-digit number is written as a Unix time: `@1810127140`,
/// `ts=1810127140`, `epoch 1810127140`.
fn timestamp_context(text: &str, start: usize, digits: &[u8], separator: Option<u8>) -> bool {
    if digits.len() != 10 || separator.is_some() {
        return false;
    }
    let before = &text[..start];
    if before.ends_with('@') {
        return true;
    }
    let before = before.trim_end_matches(['=', ':', ' ']).to_lowercase();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    TIMESTAMP_WORDS.contains(&word) || word.ends_with("_ts") || word.ends_with("_at")
}

/// Finds every identity number in `text`.
pub fn find_identity_numbers(text: &str) -> Vec<IdentityHit> {
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run1 = digit_run(bytes, i);
        let after1 = i + run1;
        // Optional separator and a second run of four digits.
        let mut end = after1;
        let mut digits: Vec<u8> = bytes[i..after1].to_vec();
        let mut separator = None;
        if matches!(run1, 6 | 8)
            && after1 < bytes.len()
            && matches!(bytes[after1], b'-' | b'+' | b' ')
            && !(run1 == 8 && bytes[after1] == b' ')
        {
            let run2 = digit_run(bytes, after1 + 1);
            if run2 == 4 {
                separator = Some(bytes[after1]);
                digits.extend_from_slice(&bytes[after1 + 1..after1 + 5]);
                end = after1 + 5;
            }
        }
        let acceptable_shape = match (digits.len(), separator) {
            (10, _) => true,
            (12, Some(b'+')) => false,
            (12, _) => true,
            _ => false,
        };
        if acceptable_shape
            && standalone(text, i, end)
            && !phone_context(text, i, &digits, separator)
            && !timestamp_context(text, i, &digits, separator)
            && let Some(kind) = classify(&digits)
        {
            let first_char = text[..i].chars().count() + 1;
            let last_char = first_char + text[i..end].chars().count() - 1;
            hits.push(IdentityHit {
                start: i,
                end,
                first_char,
                last_char,
                kind,
                masked: masked(&text[i..end]),
            });
        }
        i = end.max(i + 1);
    }
    hits
}

fn digit_run(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .map(|rest| rest.iter().take_while(|b| b.is_ascii_digit()).count())
        .unwrap_or(0)
}

/// True when the candidate is not glued to a longer token on either side. Letters and
/// digits of any script glue; punctuation (including typographic quotes and dashes) does
/// not, except a joiner (`-_/.+,`) that itself touches a letter or digit.
fn standalone(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let joiner = |c: char| matches!(c, '-' | '_' | '/' | '.' | '+' | ',');
    let mut before = text[..start].chars().rev();
    match (before.next(), before.next()) {
        (Some(c), _) if is_word(c) || c == '+' => return false,
        (Some(c), Some(d)) if joiner(c) && is_word(d) => return false,
        _ => {}
    }
    let mut after = text[end..].chars();
    match (after.next(), after.next()) {
        (Some(c), _) if is_word(c) => return false,
        (Some(c), Some(d)) if joiner(c) && d.is_alphanumeric() => return false,
        (Some(':'), Some(d)) if d.is_ascii_digit() => return false,
        _ => {}
    }
    true
}

/// True when the number is written as a Swedish phone number (ten digits starting with 0)
/// and the word just before it (or the one before "nr"/"nummer") says it is a phone number.
fn phone_context(text: &str, start: usize, digits: &[u8], separator: Option<u8>) -> bool {
    if digits.len() != 10 || digits[0] != b'0' || separator.is_some() {
        return false;
    }
    let before = text[..start].to_lowercase();
    let mut words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let is_phone_word = |word: &str| {
        PHONE_WORDS
            .iter()
            .any(|p| word == *p || (p.len() >= 4 && word.starts_with(p)))
            || word.ends_with("telefon")
            || word.ends_with("telefonen")
    };
    match words.next() {
        Some(w) if is_phone_word(w) => true,
        Some("nr" | "nummer" | "number" | "no" | "på") => words.next().is_some_and(is_phone_word),
        _ => false,
    }
}

/// Given 10 or 12 digits, returns the kind of identity number they form, if any.
fn classify(digits: &[u8]) -> Option<IdentityKind> {
    let d = |k: usize| u32::from(digits[k] - b'0');
    let (century, ten) = match digits.len() {
        10 => (None, digits),
        12 => {
            let c = d(0) * 10 + d(1);
            if !(18..=20).contains(&c) {
                return None;
            }
            (Some(c), &digits[2..])
        }
        _ => return None,
    };
    let t = |k: usize| u32::from(ten[k] - b'0');
    let yy = t(0) * 10 + t(1);
    let month = t(2) * 10 + t(3);
    let day = t(4) * 10 + t(5);
    let (kind, birth_day) = if day > 60 {
        (IdentityKind::Samordningsnummer, day - 60)
    } else {
        (IdentityKind::Personnummer, day)
    };
    let valid_in = |c: u32| valid_date(c * 100 + yy, month, birth_day);
    let date_ok = match century {
        Some(c) => valid_in(c),
        None => valid_in(19) || valid_in(20),
    };
    if !date_ok || !luhn_valid(ten) {
        return None;
    }
    Some(kind)
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Luhn check over ASCII digits: the last digit is the check digit.
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(k, b)| {
            let v = u32::from(b - b'0');
            if k % 2 == 1 {
                let doubled = v * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                v
            }
        })
        .sum();
    sum % 10 == 0
}

/// Computes the Luhn check digit for the given digits (without the check digit).
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let mut with_zero = digits.to_vec();
    with_zero.push(b'0');
    (0..10u8)
        .find(|c| {
            if let Some(last) = with_zero.last_mut() {
                *last = b'0' + c;
            }
            luhn_valid(&with_zero)
        })
        .unwrap_or(0)
}

fn masked(found: &str) -> String {
    let keep = found.len().saturating_sub(4);
    format!("{}****", &found[..keep])
}

#[cfg(test)]
mod tests {
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
        assert_eq!(hits[0].masked, "121212-****");
        assert_eq!(
            mask_identity_numbers("x 121212-1212 y"),
            "x 121212-**** y".to_string()
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
        assert!(msg.contains("19121212-****"), "{msg}");
        assert!(check_free_text("note", "Allt lugnt").is_ok());
    }
}
