//! What stands around a candidate number decides whether it is one: a longer number, an
//! identifier with a letter prefix, a phone number or a Unix time introduced as such are
//! not; a number glued to a word that names a patient is.

use super::normalize::NormChar;

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

/// Words that name a patient or an identity number: a number glued to one is a number.
const PATIENT_WORDS: &[&str] = &[
    "pnr",
    "pnum",
    "persnr",
    "personnr",
    "personnummer",
    "pat",
    "patient",
    "patienten",
    "samnr",
    "samordningsnr",
    "samordningsnummer",
    "snr",
    "ssn",
    "remiss",
    "journal",
];

/// Characters that join two parts of one token (`INC-1`, `a_1`, `1.5`, `1,5`, `1+1`).
fn joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '+' | ',' | ':' | '/')
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The lower-cased word that ends at `end` (exclusive), skipping at most one joiner or
/// a run of spaces and `=`/`:` between it and the number.
fn word_before(n: &[NormChar], end: usize) -> String {
    let mut k = end;
    while k > 0 && matches!(n[k - 1].c, ' ' | '=' | ':' | '#') && end - k < 3 {
        k -= 1;
    }
    if k == end && k > 0 && joiner(n[k - 1].c) {
        k -= 1;
    }
    let stop = k;
    while k > 0 && n[k - 1].c.is_alphabetic() {
        k -= 1;
    }
    n[k..stop].iter().flat_map(|c| c.c.to_lowercase()).collect()
}

/// True when a patient word is glued to (or just before) the number starting at `start`.
pub fn patient_word_before(n: &[NormChar], start: usize) -> bool {
    let word = word_before(n, start);
    !word.is_empty()
        && PATIENT_WORDS
            .iter()
            .any(|p| word == *p || (p.len() >= 5 && word.ends_with(p)))
}

/// Whether the candidate `n[start..end]` stands on its own. A number written with its
/// separator (`YYMMDD-NNNC`) is recognisable even glued to letters or punctuation
/// (`Pat.19121212-1212`, `remiss_19121212-1212.pdf`); a bare run of digits is only when
/// it is not part of an identifier (`INC1212121212`, `INC-1212121212`) unless a patient
/// word introduces it. Neither is part of a longer number (`1.1212121212`,
/// `121212-1212-01`, `1212121212.5`) or an identifier with a letter-and-hyphen prefix
/// (`SR-121212-1212`).
pub fn standalone(n: &[NormChar], start: usize, end: usize, separated: bool) -> bool {
    let at = |k: usize| n.get(k).map(|c| c.c);
    let before1 = start.checked_sub(1).and_then(at);
    let before2 = start.checked_sub(2).and_then(at);
    let after1 = at(end);
    let after2 = at(end + 1);

    // Part of a longer number on either side.
    if let (Some(j), Some(d)) = (before1, before2)
        && joiner(j)
        && d.is_ascii_digit()
    {
        return false;
    }
    if before1 == Some('+') {
        return false; // an international phone number
    }
    if let (Some(j), Some(d)) = (after1, after2)
        && matches!(j, '-' | '.' | ',' | ':' | '/' | '+')
        && d.is_ascii_digit()
    {
        return false;
    }
    let patient = patient_word_before(n, start);
    if separated {
        // `SR-121212-1212`: a letter prefix joined by a hyphen makes an identifier.
        if let (Some('-'), Some(d)) = (before1, before2)
            && d.is_alphabetic()
            && !patient
        {
            return false;
        }
        return true;
    }
    if patient {
        return true;
    }
    match (before1, before2) {
        (Some(c), _) if word_char(c) => return false,
        (Some(j), Some(d)) if matches!(j, '-' | '_' | '.' | '+' | ',') && word_char(d) => {
            return false;
        }
        _ => {}
    }
    match (after1, after2) {
        (Some(c), _) if word_char(c) => false,
        (Some(j), Some(d)) if matches!(j, '-' | '_') && d.is_alphanumeric() => false,
        _ => true,
    }
}

/// True when the number is written as a Swedish phone number (ten digits starting with 0)
/// and the word just before it (or the one before "nr"/"nummer") says it is a phone number.
pub fn phone_context(n: &[NormChar], start: usize, digits: &[u8], separated: bool) -> bool {
    if digits.len() != 10 || digits[0] != b'0' || separated {
        return false;
    }
    // The two words before it are within a few dozen characters.
    let before: String = n[start.saturating_sub(48)..start]
        .iter()
        .flat_map(|c| c.c.to_lowercase())
        .collect();
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

/// True when a bare ten-digit number is written as a Unix time: `@1810127140`,
/// `ts=1810127140`, `epoch 1810127140`.
pub fn timestamp_context(n: &[NormChar], start: usize, digits: &[u8], separated: bool) -> bool {
    if digits.len() != 10 || separated {
        return false;
    }
    if start > 0 && n[start - 1].c == '@' {
        return true;
    }
    let mut k = start;
    while k > 0 && matches!(n[k - 1].c, '=' | ':' | ' ') {
        k -= 1;
    }
    let stop = k;
    while k > 0 && (n[k - 1].c.is_alphanumeric() || n[k - 1].c == '_') {
        k -= 1;
    }
    let word: String = n[k..stop].iter().flat_map(|c| c.c.to_lowercase()).collect();
    TIMESTAMP_WORDS.contains(&word.as_str()) || word.ends_with("_ts") || word.ends_with("_at")
}
