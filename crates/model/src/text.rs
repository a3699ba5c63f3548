//! Text laid out in columns: display width (a CJK character takes two columns, a combining
//! mark none: unicode-width), cutting with "…", padding and word wrap — one module for the
//! console, the text print and the PDF's layout, over any [`Measure`] (columns here, a
//! font's points in the PDF). The console counted characters, so a 24-character CJK name
//! overran its column without a "…", and three hand-written wraps did the same.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The columns a text takes on a terminal, as a method (`name.display_width()`): what the
/// console lays out by, never its count of characters.
pub trait DisplayWidth {
    fn display_width(&self) -> usize;
}

impl DisplayWidth for str {
    fn display_width(&self) -> usize {
        width(self)
    }
}

/// How text is measured: in terminal columns (`Columns`), or in points of a font at a
/// size (the PDF's layout). Cutting and wrapping are written once, over any measure.
pub trait Measure {
    type Width: Copy
        + PartialOrd
        + Default
        + std::ops::Add<Output = Self::Width>
        + std::ops::Sub<Output = Self::Width>;
    fn width(&self, text: &str) -> Self::Width;
    /// Whether `c` separates words (the PDF keeps its table's em space inside a word).
    fn breaks_at(&self, c: char) -> bool {
        c.is_whitespace()
    }
}

/// Terminal columns (unicode-width).
pub struct Columns;

impl Measure for Columns {
    type Width = usize;
    fn width(&self, text: &str) -> usize {
        width(text)
    }
}

fn char_of<M: Measure>(m: &M, c: char) -> M::Width {
    m.width(c.encode_utf8(&mut [0; 4]))
}

/// `text` cut to `limit` by `m`, ending in "…" when it was cut.
pub fn cut_by<'a, M: Measure>(m: &M, text: &'a str, limit: M::Width) -> Cow<'a, str> {
    if m.width(text) <= limit {
        return Cow::Borrowed(text);
    }
    let ellipsis = m.width("…");
    if limit < ellipsis {
        return Cow::Borrowed("");
    }
    let room = limit - ellipsis;
    let mut out = String::new();
    let mut used = M::Width::default();
    for c in text.chars() {
        let w = char_of(m, c);
        if used + w > room {
            break;
        }
        out.push(c);
        used = used + w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Word wrap to `limit` by `m`: whitespace between words becomes one space; a word wider
/// than a line is cut where the line ends, never clipped.
pub fn wrap_by<M: Measure>(m: &M, text: &str, limit: M::Width) -> Vec<String> {
    let zero = M::Width::default();
    let space = m.width(" ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = zero;
    for word in text
        .split(|c: char| m.breaks_at(c))
        .filter(|w| !w.is_empty())
    {
        let w = m.width(word);
        if !line.is_empty() && used + space + w <= limit {
            line.push(' ');
            line.push_str(word);
            used = used + space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = zero;
        }
        if w <= limit {
            line.push_str(word);
            used = w;
            continue;
        }
        // Wider than a line: cut into pieces that fit.
        for c in word.chars() {
            let cw = char_of(m, c);
            if used + cw > limit && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = zero;
            }
            line.push(c);
            used = used + cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to `columns`, ending in "…" when it was cut.
pub fn cut(text: &str, columns: usize) -> Cow<'_, str> {
    cut_by(&Columns, text, columns)
}

/// `text` cut to `columns` and padded with spaces to fill them exactly.
pub fn pad(text: &str, columns: usize) -> String {
    let cut = cut(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// Word wrap to `columns` (at least 1).
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    wrap_by(&Columns, text, columns.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns_and_are_cut_with_an_ellipsis() {
        let name = "漢字".repeat(12); // 24 characters, 48 columns
        assert_eq!(width(&name), 48);
        let cut20 = cut(&name, 20);
        assert!(cut20.ends_with('…'), "{cut20}");
        assert!(width(&cut20) <= 20);
        assert_eq!(width(&pad(&name, 20)), 20);
        assert_eq!(pad("å", 3), "å  ");
        assert_eq!(cut("Laboratoriesvar", 8), "Laborat…");
        assert_eq!(cut("kort", 8), "kort");
    }

    #[test]
    fn wrap_fills_lines_by_columns_and_cuts_only_the_too_long() {
        assert_eq!(wrap("ett två tre", 7), vec!["ett två", "tre"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("å ä ö", 1), vec!["å", "ä", "ö"]);
        for l in wrap(&"漢字 ".repeat(30), 11) {
            assert!(width(&l) <= 11, "{l}");
        }
    }

    /// A measure of its own (here: every character 1.5 wide, and the em space kept inside a
    /// word, as the PDF keeps a table's columns): the same cut and wrap.
    #[test]
    fn cut_and_wrap_go_by_any_measure() {
        struct Wide;
        impl Measure for Wide {
            type Width = f32;
            fn width(&self, text: &str) -> f32 {
                text.chars().count() as f32 * 1.5
            }
            fn breaks_at(&self, c: char) -> bool {
                c.is_whitespace() && c != '\u{2003}'
            }
        }
        assert_eq!(
            wrap_by(&Wide, "ab cd\u{2003}ef gh", 9.0),
            vec!["ab", "cd\u{2003}ef", "gh"]
        );
        assert_eq!(cut_by(&Wide, "abcdefgh", 6.0), "abc…");
        assert_eq!(cut_by(&Wide, "abcdefgh", 1.0), "");
    }
}
