//! Stored text as a person sees it: the one renderer every text output uses (the command
//! line, the console, Markdown, PDF, printed runbooks), so that what is shown cannot lie.
//! Control characters (C0 and C1, DEL), bidirectional embeddings, overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069), directional marks and other invisible format characters
//! are shown visibly — a C0 control as its Unicode control picture (`␛` for ESC, `␀` for
//! NUL), anything else as `<U+202E>` — never passed through to a terminal that would obey
//! them. A newline and a tab pass where the output allows them (`Lines::Keep`). JSON
//! output stays exact: it is not rendered through here.

use std::borrow::Cow;

/// Whether line breaks and tabs may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A one-line field (a table cell, a list row): newline and tab shown visibly too.
    One,
    /// A text shown as a block: newline and tab pass.
    Keep,
}

/// True for characters that must not reach a terminal or a document as they are.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' // soft hyphen
                | '\u{061C}' // Arabic letter mark
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}' // zero-width, LRM, RLM
                | '\u{2028}'..='\u{202E}' // separators, bidi embeddings and overrides
                | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, isolates
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        )
}

/// `text` as it may be shown. Borrows when nothing needs changing.
pub fn shown(text: &str, lines: Lines) -> Cow<'_, str> {
    let passes = |c: char| !hidden(c) || (lines == Lines::Keep && matches!(c, '\n' | '\t'));
    if text.chars().all(passes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if passes(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            // Control pictures: U+2400 + code (␀ … ␟).
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'));
        } else if c == '\u{7F}' {
            out.push('␡');
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    Cow::Owned(out)
}

/// One-line text as it may be shown (table cells, list rows, log lines).
pub fn line(text: &str) -> Cow<'_, str> {
    shown(text, Lines::One)
}

/// The first character of `text` that `config check` and `runbook lint` refuse in names
/// and steps, with its character position (1-based).
pub fn first_hidden(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| hidden(*c) && !matches!(c, '\n' | '\t' | '\r'))
        .map(|(i, c)| (i + 1, c))
}

/// Stored text placed inside a Markdown document (and so the PDF made from it): shown as
/// by [`line`] on one line (a line break shows as `␊`, so the text never starts a line of
/// its own: list, heading and rule markers cannot take effect), with every character that
/// could start inline Markdown or HTML escaped, so a note cannot become emphasis, code, a
/// link or image, a table cell, an HTML tag or an entity.
pub fn markdown(text: &str) -> String {
    let one = shown(text, Lines::One);
    let mut out = String::with_capacity(one.len() + 8);
    for c in one.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line of the exports' Markdown as a reader sees it printed or on screen: our own
/// marks for bold and code taken out, and the escapes `markdown` put before people's
/// characters undone (`mt\_service` reads `mt_service`).
pub fn unmarkdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '`' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_of_peoples_text_reads_back_as_they_wrote_it() {
        for typed in [
            "mt_service nere",
            "a | b",
            "**inte fetstil**",
            "`kod` och \\ snedstreck",
            "<b>#rubrik</b> [länk](x) ~ & *",
        ] {
            assert_eq!(unmarkdown(&markdown(typed)), line(typed), "{typed}");
        }
        // Our own marks go.
        assert_eq!(unmarkdown("**Beslut:** `INC-1`"), "Beslut: INC-1");
    }

    #[test]
    fn escapes_cannot_drive_the_terminal() {
        let forged = "ok\r\x1b[2K\x1b[A#42 forged\u{0}\u{9b}31m";
        let s = line(forged);
        assert!(!s.chars().any(|c| c.is_control()), "{s}");
        assert_eq!(s, "ok␍␛[2K␛[A#42 forged␀<U+009B>31m");
    }

    #[test]
    fn bidi_overrides_are_named() {
        assert_eq!(line("fil\u{202E}txt.exe"), "fil<U+202E>txt.exe");
        assert_eq!(line("a\u{2066}b\u{2069}"), "a<U+2066>b<U+2069>");
        assert_eq!(line("\u{200B}"), "<U+200B>");
    }

    #[test]
    fn line_breaks_pass_only_in_blocks() {
        assert_eq!(shown("a\nb\tc", Lines::Keep), "a\nb\tc");
        assert_eq!(line("a\nb"), "a␊b");
        assert!(matches!(line("vanlig text åäö – ok"), Cow::Borrowed(_)));
        assert_eq!(first_hidden("Lab\u{202E}b"), Some((4, '\u{202E}')));
        assert_eq!(first_hidden("rad\nrad"), None);
    }
}
