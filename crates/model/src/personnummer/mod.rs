//! The patient-data guard: finds Swedish personal identity numbers (personnummer) and
//! coordination numbers (samordningsnummer) in free text before it is stored or exported.
//!
//! The text is normalised first (`normalize`): NFKC, invisible characters removed, every
//! dash-like character read as `-`, every space-like one as a space. A candidate is then a
//! number written in one of the forms people use: `YYMMDD-NNNC`, `YYMMDD+NNNC`,
//! `YYMMDD NNNC`, `YYMMDDNNNC`, `YYYYMMDD-NNNC`, `YYYYMMDD NNNC`, `YYYYMMDDNNNC`, or
//! either part on its own line. It is reported only when its date part is a real date (for
//! a samordningsnummer the day is the day of birth plus 60) and its last digit is the Luhn
//! check digit over the ten-digit form.
//!
//! Where it stands decides the rest (`context`): a number written with its separator is
//! found even glued to letters or punctuation (`Pat.19121212-1212`, `pnr121212-1212`,
//! `remiss_19121212-1212.pdf`); a bare run of digits is found unless it is part of an
//! identifier (`INC1212121212`, `INC-1212121212`) or introduced as a phone number
//! (`tel 0701234567`) or a Unix time (`@1810127140`, `ts=1810127140`, `epoch 1810127140`),
//! and a word naming a patient before it (`pnr`, `pat`, `/pat/191212121212/`) makes it one
//! in any case. Parts of longer numbers (`1212121212.5`, `121212-1212-01`, 14-digit
//! timestamps) and identifiers with a letter-and-hyphen prefix (`SR-121212-1212`) are not.
//! A bare ten-digit number that is also a valid personnummer cannot be told apart from
//! one: in typed text it is refused, and the message says how to write a phone number
//! instead; in machine text it is masked.

mod context;
mod normalize;

use normalize::NormChar;
pub use normalize::normalize;
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

/// Finds every identity number in `text`. Positions are in the original text, whatever
/// normalisation it took to read the number (see `normalize`).
pub fn find_identity_numbers(text: &str) -> Vec<IdentityHit> {
    let mut hits = Vec::new();
    if text.len() <= BLOCK {
        find_in(
            text,
            0..text.len(),
            0..text.len(),
            &mut Counted::default(),
            &mut hits,
        );
        return hits;
    }
    if text.len() <= 4 * BLOCK {
        find_between(text, 0, text.len(), &mut hits);
        return hits;
    }
    // Megabytes (an export's guard): the two halves on two cores.
    let middle = line_end(text, text.len() / 2);
    std::thread::scope(|s| {
        let second = s.spawn(|| {
            let mut hits = Vec::new();
            find_between(text, middle, text.len(), &mut hits);
            hits
        });
        find_between(text, 0, middle, &mut hits);
        match second.join() {
            Ok(more) => hits.extend(more),
            // Cannot happen short of a bug; the second half is then read here.
            Err(_) => find_between(text, middle, text.len(), &mut hits),
        }
    });
    hits
}

/// The end of the line `at` is in (after its '\n'), or the end of the text.
fn line_end(text: &str, at: usize) -> usize {
    let at = text.ceil_char_boundary(at);
    text[at..].find('\n').map_or(text.len(), |k| at + k + 1)
}

/// The hits starting in `text[from..until]` (`from` at a line's start). A long text (a
/// configuration of thousands of systems) is read in blocks of whole lines, each with a
/// margin of whole lines around it for the context rules; a hit belongs to the block it
/// starts in. The normalised form (24 bytes a character) is then never held for more
/// than a block.
fn find_between(text: &str, mut from: usize, until: usize, hits: &mut Vec<IdentityHit>) {
    // `at` may fall inside a character (a margin counted in bytes back from a block's
    // start): the line is looked for before the character it falls in.
    let line_start = |at: usize| {
        text[..text.floor_char_boundary(at)]
            .rfind('\n')
            .map_or(0, |k| k + 1)
    };
    let mut counted = Counted {
        to: from,
        chars: text[..from].chars().count(),
    };
    while from < until {
        let to = line_end(text, from + BLOCK).min(until);
        let window = line_start(from.saturating_sub(MARGIN))..line_end(text, to + MARGIN);
        find_in(text, window, from..to, &mut counted, hits);
        from = to;
    }
}

/// Texts longer than this are read block by block.
const BLOCK: usize = 64 * 1024;
/// The context read around a block (more than any context rule looks at).
const MARGIN: usize = 512;

/// Characters of the text before `to`: positions are counted once, not per hit.
#[derive(Default)]
struct Counted {
    to: usize,
    chars: usize,
}

/// The hits that start in `accept`, reading `text[window]` (which holds `accept`).
fn find_in(
    text: &str,
    window: std::ops::Range<usize>,
    accept: std::ops::Range<usize>,
    counted: &mut Counted,
    hits: &mut Vec<IdentityHit>,
) {
    let offset = window.start;
    let part = &text[window];
    if normalize::too_few_digits(part) {
        return;
    }
    let mut n = normalize::normalize(part);
    for c in &mut n {
        c.start += offset;
        c.end += offset;
    }
    let (mut counted_to, mut chars_before) = (counted.to, counted.chars);
    let mut i = 0;
    while i < n.len() {
        if !n[i].c.is_ascii_digit() || (i > 0 && n[i - 1].c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let Some(candidate) = candidate_at(&n, i) else {
            i += 1;
            continue;
        };
        let Candidate {
            end,
            digits,
            separator,
        } = candidate;
        let separated = separator.is_some();
        let acceptable_shape = !(digits.len() == 12 && separator == Some('+'));
        if acceptable_shape
            && accept.contains(&n[i].start)
            && context::standalone(&n, i, end, separated)
            && !context::phone_context(&n, i, &digits, separated)
            && !context::timestamp_context(&n, i, &digits, separated)
            && let Some(kind) = classify(&digits)
        {
            let (start_byte, end_byte) = (n[i].start, n[end - 1].end);
            chars_before += text[counted_to..start_byte].chars().count();
            counted_to = start_byte;
            let first_char = chars_before + 1;
            let last_char = first_char + text[start_byte..end_byte].chars().count() - 1;
            hits.push(IdentityHit {
                start: start_byte,
                end: end_byte,
                first_char,
                last_char,
                kind,
                masked: masked(&digits, separator),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    (counted.to, counted.chars) = (counted_to, chars_before);
}

/// A run of digits that has the shape of an identity number.
struct Candidate {
    /// Index just past the last digit.
    end: usize,
    /// The 10 or 12 digits, separator left out.
    digits: Vec<u8>,
    /// `-`, `+` or ` ` (a space or a line break) when written in two parts.
    separator: Option<char>,
}

fn digit_run(n: &[NormChar], from: usize) -> usize {
    n.get(from..)
        .map(|rest| rest.iter().take_while(|c| c.c.is_ascii_digit()).count())
        .unwrap_or(0)
}

/// The candidate starting at `i` (the first digit of a run): ten or twelve digits in a
/// row, or six or eight, a separator, and four. The separator is `-` or `+`, a single
/// space, or a line break (with spaces and a `-` around it) when the number was split
/// over two lines.
fn candidate_at(n: &[NormChar], i: usize) -> Option<Candidate> {
    let run1 = digit_run(n, i);
    let digits_of = |from: usize, len: usize| -> Vec<u8> {
        n[from..from + len].iter().map(|c| c.c as u8).collect()
    };
    match run1 {
        10 | 12 => Some(Candidate {
            end: i + run1,
            digits: digits_of(i, run1),
            separator: None,
        }),
        6 | 8 => {
            let after = i + run1;
            let mut k = after;
            let mut sign = None;
            if let Some(c) = n.get(k).map(|c| c.c)
                && matches!(c, '-' | '+')
            {
                sign = Some(c);
                k += 1;
            }
            let ws_start = k;
            let mut line_break = false;
            while let Some(c) = n.get(k).map(|c| c.c)
                && matches!(c, ' ' | '\n')
                && k - ws_start < 6
            {
                line_break |= c == '\n';
                k += 1;
            }
            let ws = k - ws_start;
            let separator = match (sign, ws) {
                (Some(s), 0) => s,
                (None, 1) if n[ws_start].c == ' ' => ' ',
                (_, _) if line_break => sign.unwrap_or(' '),
                _ => return None,
            };
            if digit_run(n, k) != 4 {
                return None;
            }
            let mut digits = digits_of(i, run1);
            digits.extend(digits_of(k, 4));
            Some(Candidate {
                end: k + 4,
                digits,
                separator: Some(separator),
            })
        }
        _ => None,
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
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
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
    sum.is_multiple_of(10)
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

/// The number as it would be written, its last four digits replaced by `XXXX`
/// (`19121212-XXXX`): what a masked text and a refusal show.
fn masked(digits: &[u8], separator: Option<char>) -> String {
    let keep = digits.len().saturating_sub(4);
    let head = String::from_utf8_lossy(&digits[..keep]);
    match separator {
        Some(s) => format!("{head}{s}XXXX"),
        None => format!("{head}XXXX"),
    }
}

#[cfg(test)]
mod tests;
