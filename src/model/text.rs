//! Text laid out in columns: display width (a CJK character takes two columns, a combining
//! mark none: unicode-width), cutting with "…", padding and word wrap — one module for the
//! console and the text print (the console counted characters, so a 24-character CJK name
//! overran its column without a "…", and two hand-written wraps did the same).

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut to `columns`, ending in "…" when it was cut.
pub fn cut(text: &str, columns: usize) -> Cow<'_, str> {
    if width(text) <= columns {
        return Cow::Borrowed(text);
    }
    if columns == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > columns - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `text` cut to `columns` and padded with spaces to fill them exactly.
pub fn pad(text: &str, columns: usize) -> String {
    let cut = cut(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// Word wrap to `columns` (at least 1): whitespace between words becomes one space; a word
/// wider than a line is cut where the line ends.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = width(word);
        if used > 0 && used + 1 + w <= columns {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= columns {
            line.push_str(word);
            used = w;
            continue;
        }
        // Wider than a line: cut into pieces that fit.
        for c in word.chars() {
            let cw = char_width(c);
            if used + cw > columns && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
}
