//! Text as the detector reads it: Unicode NFKC (full-width and other compatibility digits
//! become ASCII), invisible characters removed (zero-width spaces and joiners, soft hyphens,
//! byte-order marks), every dash-like character read as `-`, every space-like one as a
//! space and every line break as `\n`. Each character keeps the byte range it came from,
//! so positions are reported in the original text.

use unicode_normalization::UnicodeNormalization;

/// One character of the normalised text and where it came from in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormChar {
    pub c: char,
    /// Byte range of the original character.
    pub start: usize,
    pub end: usize,
}

/// Characters that carry nothing a reader sees: removed before matching.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200D}' // zero-width space, non-joiner, joiner
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{FEFF}' // byte-order mark / zero-width no-break space
    )
}

fn dash_like(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}' // hyphen, non-breaking hyphen, figure dash, en/em dash, bar
            | '\u{2212}' // minus sign
            | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn space_like(c: char) -> bool {
    c == '\t'
        || matches!(
            c,
            '\u{00A0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
        )
}

/// The first code point of every run of ten decimal digits (Unicode general category Nd,
/// 0–9 in order) outside ASCII and the full-width ones NFKC folds: Arabic-Indic, Extended
/// Arabic-Indic, NKo, Devanagari, Bengali … (Unicode 15; generated from the character
/// database). NFKC leaves these as they are, so a personnummer written in Arabic-Indic
/// digits passed the guard and was stored unmasked.
const DIGIT_ZEROS: [u32; 64] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0x104a0,
    0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0,
    0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
    0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The ASCII digit a decimal digit of another script stands for.
fn decimal_digit(c: char) -> Option<char> {
    let code = c as u32;
    let i = DIGIT_ZEROS.partition_point(|&z| z <= code).checked_sub(1)?;
    let value = code - DIGIT_ZEROS[i];
    (value < 10).then(|| char::from_digit(value, 10)).flatten()
}

fn line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// True when `text` cannot hold an identity number (fewer than ten digits of any script):
/// lets the guard skip the normalisation for almost every string.
pub fn too_few_digits(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()) {
            digits += 1;
            if digits >= 10 {
                return false;
            }
        }
    }
    true
}

/// The normalised characters of `text`.
pub fn normalize(text: &str) -> Vec<NormChar> {
    let mut out = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let mut push = |c| out.push(NormChar { c, start, end });
        if c.is_ascii() {
            match c {
                '\t' => push(' '),
                '\r' | '\n' | '\u{0B}' | '\u{0C}' => push('\n'),
                _ => push(c),
            }
        } else if invisible(c) {
        } else if dash_like(c) {
            push('-');
        } else if space_like(c) {
            push(' ');
        } else if line_break(c) {
            push('\n');
        } else if let Some(d) = decimal_digit(c) {
            push(d);
        } else {
            for n in std::iter::once(c).nfkc() {
                push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        normalize(text).into_iter().map(|n| n.c).collect()
    }

    #[test]
    fn every_script_s_decimal_digits_read_as_digits() {
        // Arabic-Indic, Extended Arabic-Indic (Persian), Devanagari, Bengali, Thai,
        // mathematical bold.
        assert_eq!(plain("١٩١٢١٢١٢-١٢١٢"), "19121212-1212");
        assert_eq!(plain("۱۲۳"), "123");
        assert_eq!(plain("०१२३४५६७८९"), "0123456789");
        assert_eq!(plain("১২"), "12");
        assert_eq!(plain("๑๒"), "12");
        assert_eq!(plain("𝟏𝟐"), "12");
        // Not digits: a letter beside a block, and numerals that are not decimal.
        assert_eq!(plain("٪Ⅻ"), "٪XII");
        for zero in DIGIT_ZEROS {
            for v in 0..10 {
                let c = char::from_u32(zero + v).unwrap();
                assert_eq!(
                    decimal_digit(c),
                    char::from_digit(v, 10),
                    "U+{:04X}",
                    zero + v
                );
            }
        }
    }

    #[test]
    fn full_width_digits_dashes_spaces_and_invisibles() {
        assert_eq!(plain("１２１２"), "1212");
        assert_eq!(plain("12\u{2011}34\u{2212}5"), "12-34-5");
        assert_eq!(plain("a\u{00A0}b\u{202F}c\td"), "a b c d");
        assert_eq!(plain("1\u{200B}2\u{00AD}3\u{FEFF}4"), "1234");
        assert_eq!(plain("a\r\nb"), "a\n\nb");
    }

    #[test]
    fn every_character_keeps_its_original_range() {
        let text = "å１\u{200B}2";
        let n = normalize(text);
        assert_eq!(n.len(), 3);
        assert_eq!(&text[n[1].start..n[1].end], "１");
        assert_eq!(&text[n[2].start..n[2].end], "2");
    }

    #[test]
    fn counting_digits() {
        assert!(too_few_digits("abc 123456789"));
        assert!(!too_few_digits("1212121212"));
        assert!(!too_few_digits("１２１２１２１２１２"));
    }
}
