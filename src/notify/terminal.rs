//! The terminal as a notification channel: the bell and the desktop-notification escape
//! sequences, which travel through an SSH session to the engineer's own terminal.

/// The escape sequences that make a terminal (and the desktop behind an SSH session)
/// notify: the bell, OSC 9 (iTerm2, Windows Terminal, ConEmu, WezTerm, foot) and OSC 777
/// (rxvt-unicode, foot, WezTerm, VTE). Control characters and `;` are taken out of the
/// text so it cannot end the sequence early.
pub fn escape_sequences(title: &str, text: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() || c == ';' { ' ' } else { c })
            .collect()
    };
    let (title, text) = (clean(title), clean(text));
    format!("\x07\x1b]9;{title}: {text}\x07\x1b]777;notify;{title};{text}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cannot_be_broken_by_the_text() {
        let s = escape_sequences("beredskap", "Lab nere;\x07\x1b]9;x");
        assert!(s.starts_with('\x07'));
        assert_eq!(s.matches('\x07').count(), 3, "{s:?}");
        assert_eq!(s.matches('\x1b').count(), 2, "{s:?}");
        assert!(s.contains("\x1b]9;beredskap: Lab nere "));
        assert!(s.contains("\x1b]777;notify;beredskap;Lab nere "));
    }
}
