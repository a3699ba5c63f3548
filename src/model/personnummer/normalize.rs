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
