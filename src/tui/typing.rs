//! The console's one text-input component: every prompt (filter, `:` command line, notes,
//! incident and run prompts) edits through it. The editing itself is
//! `ratatui-textarea`'s; this names the keys a shell line has and renders the text on the
//! one footer line with the cursor in view.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

#[derive(Debug, Clone, Default)]
pub struct Typing {
    area: TextArea<'static>,
    /// The text is offered as a whole (`offer`): the first character typed, a paste or a
    /// deletion replaces all of it, as a selected field does; moving the cursor keeps it
    /// to edit. An answer asked again, or the one given before, is offered this way, so
    /// typing "nej" over a refused "kanske" gives "nej", not "kanskenej".
    offered: bool,
}

/// The text as the footer shows it: before the cursor, the character under it (none at
/// the end), after it. Line breaks are shown as `newline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub before: String,
    pub under: Option<char>,
    pub after: String,
    /// Characters cut off at the start and at the end to keep the cursor in view.
    pub cut_start: bool,
    pub cut_end: bool,
    /// The text is offered as a whole (typing replaces it): shown marked.
    pub offered: bool,
}

impl Typing {
    /// The text typed, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// Replaces the text; the cursor goes to its end, and typing adds to it.
    pub fn set(&mut self, text: &str) {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        self.area = TextArea::new(lines);
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
        self.offered = false;
    }

    /// Replaces the text and offers it as a whole: Enter takes it as it is, typing
    /// replaces it, a cursor key keeps it to edit.
    pub fn offer(&mut self, text: &str) {
        self.set(text);
        self.offered = !text.is_empty();
    }

    /// Whether the text is offered as a whole (shown marked).
    pub fn is_offered(&self) -> bool {
        self.offered
    }

    pub fn clear(&mut self) {
        self.area = TextArea::default();
        self.offered = false;
    }

    /// The text, leaving the input empty.
    pub fn take(&mut self) -> String {
        let text = self.text();
        self.clear();
        text
    }

    /// Inserts text at the cursor (a paste); `\n` starts a new line. Offered text is
    /// replaced.
    pub fn insert(&mut self, text: &str) {
        if std::mem::take(&mut self.offered) {
            self.clear();
        }
        self.area.insert_str(text);
    }

    pub fn newline(&mut self) {
        self.offered = false;
        self.area.insert_newline();
    }

    /// Edits with `key` as a shell line does; false when the key is not an editing key
    /// (Enter, Esc, Tab and the arrows up and down are the prompt's to handle).
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if self.offered {
            match key.code {
                // Typing or deleting replaces the offered text, as in a selected field.
                KeyCode::Char(_) if !ctrl && !alt => self.clear(),
                KeyCode::Backspace | KeyCode::Delete => {
                    self.clear();
                    return true;
                }
                // Enter, Esc, Tab and the arrows up and down leave it offered.
                KeyCode::Enter | KeyCode::Esc | KeyCode::Tab | KeyCode::Up | KeyCode::Down => {}
                // Any other key edits it where it stands.
                _ => self.offered = false,
            }
        }
        let a = &mut self.area;
        match key.code {
            KeyCode::Char('a') if ctrl => a.move_cursor(CursorMove::Head),
            KeyCode::Char('e') if ctrl => a.move_cursor(CursorMove::End),
            KeyCode::Char('b') if ctrl => a.move_cursor(CursorMove::Back),
            KeyCode::Char('f') if ctrl => a.move_cursor(CursorMove::Forward),
            KeyCode::Char('b') if alt => a.move_cursor(CursorMove::WordBack),
            KeyCode::Char('f') if alt => a.move_cursor(CursorMove::WordForward),
            KeyCode::Char('k') if ctrl => {
                a.delete_line_by_end();
            }
            KeyCode::Char('u') if ctrl => {
                a.delete_line_by_head();
            }
            KeyCode::Char('w') if ctrl => self.rub_out_word(),
            KeyCode::Char('d') if ctrl => {
                a.delete_next_char();
            }
            KeyCode::Backspace if alt || ctrl => {
                a.delete_word();
            }
            KeyCode::Char(c) if !ctrl && !alt => a.insert_char(c),
            KeyCode::Backspace => {
                a.delete_char();
            }
            KeyCode::Delete => {
                a.delete_next_char();
            }
            KeyCode::Left if ctrl || alt => a.move_cursor(CursorMove::WordBack),
            KeyCode::Right if ctrl || alt => a.move_cursor(CursorMove::WordForward),
            KeyCode::Left => a.move_cursor(CursorMove::Back),
            KeyCode::Right => a.move_cursor(CursorMove::Forward),
            KeyCode::Home => a.move_cursor(CursorMove::Head),
            KeyCode::End => a.move_cursor(CursorMove::End),
            _ => return false,
        }
        true
    }

    /// Ctrl-W as a shell has it: back over spaces, then back to the previous space (so
    /// "19121212-1212" goes as one word), within the line.
    fn rub_out_word(&mut self) {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let Some(line) = self.area.lines().get(row) else {
            return;
        };
        let before: Vec<char> = line.chars().take(col).collect();
        let spaces = before
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        let word = before[..before.len() - spaces]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .count();
        let n = spaces + word;
        for _ in 0..n {
            self.area.move_cursor(CursorMove::Back);
        }
        self.area.delete_str(n);
    }

    /// The text around the cursor, within `room` columns (one of them the cursor's),
    /// line breaks shown as `newline`. Past the width it scrolls so the cursor stays in
    /// view, with `…` where text is cut off.
    pub fn shown(&self, room: usize, newline: &str) -> Shown {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let lines = self.area.lines();
        let mut chars: Vec<char> = Vec::new();
        let mut at = 0;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                chars.extend(newline.chars());
            }
            if i == row {
                at = chars.len() + col;
            }
            chars.extend(line.chars());
        }
        // The cursor takes a column of its own when it is at the end.
        let total = chars.len() + usize::from(at == chars.len());
        let (mut start, mut end) = (0, chars.len());
        if total > room && room > 2 {
            // Keep the cursor in view, a little from the right edge when typing at the end.
            let visible = room - 2;
            start = (at + 1).saturating_sub(visible).min(at);
            end = (start + visible).min(chars.len());
            if start == 0 {
                end = (visible + 1).min(chars.len());
            }
        }
        let cut_start = start > 0;
        let cut_end = end < chars.len();
        Shown {
            before: chars[start..at].iter().collect(),
            under: chars.get(at).copied().filter(|_| at < end),
            after: chars[(at + 1).min(end)..end].iter().collect(),
            cut_start,
            cut_end,
            offered: self.offered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn typed(text: &str) -> Typing {
        let mut t = Typing::default();
        for c in text.chars() {
            assert!(t.edit(&key(KeyCode::Char(c), KeyModifiers::NONE)));
        }
        t
    }

    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    #[test]
    fn edits_like_a_shell_line() {
        let mut t = typed("labbet nere");
        t.edit(&key(KeyCode::Char('a'), CTRL));
        t.edit(&key(KeyCode::Char('X'), KeyModifiers::NONE));
        assert_eq!(t.text(), "Xlabbet nere");
        t.edit(&key(KeyCode::Char('e'), CTRL));
        t.edit(&key(KeyCode::Char('w'), CTRL));
        assert_eq!(t.text(), "Xlabbet ");
        // A word is what lies between spaces, as in a shell.
        let mut pnr = typed("ringde om 19121212-1212  ");
        pnr.edit(&key(KeyCode::Char('w'), CTRL));
        assert_eq!(pnr.text(), "ringde om ");
        t.edit(&key(KeyCode::Left, KeyModifiers::NONE));
        t.edit(&key(KeyCode::Left, KeyModifiers::NONE));
        t.edit(&key(KeyCode::Char('k'), CTRL));
        assert_eq!(t.text(), "Xlabbe");
        t.edit(&key(KeyCode::Left, KeyModifiers::NONE));
        t.edit(&key(KeyCode::Char('u'), CTRL));
        assert_eq!(t.text(), "e");
        t.edit(&key(KeyCode::Home, KeyModifiers::NONE));
        t.edit(&key(KeyCode::Delete, KeyModifiers::NONE));
        assert!(t.is_empty());
        // Enter, Esc and Tab are the prompt's.
        assert!(!t.edit(&key(KeyCode::Enter, KeyModifiers::NONE)));
        assert!(!t.edit(&key(KeyCode::Esc, KeyModifiers::NONE)));
        assert!(!t.edit(&key(KeyCode::Char('c'), CTRL)));
    }

    #[test]
    fn lines_and_pastes_keep_their_place() {
        let mut t = typed("rad ett");
        t.newline();
        t.insert("rad två\nrad tre");
        assert_eq!(t.text(), "rad ett\nrad två\nrad tre");
        t.set("förifyllt: ");
        t.insert("x");
        assert_eq!(t.take(), "förifyllt: x");
        assert!(t.is_empty());
    }

    #[test]
    fn the_cursor_stays_in_view_past_the_width() {
        let t = typed(&"a".repeat(200));
        let s = t.shown(40, "⏎");
        assert!(s.cut_start && !s.cut_end);
        assert_eq!(s.under, None);
        assert_eq!(s.before.chars().count(), 37);
        // Moved to the start, the start shows and the end is cut.
        let mut t = t;
        t.edit(&key(KeyCode::Char('a'), CTRL));
        let s = t.shown(40, "⏎");
        assert!(!s.cut_start && s.cut_end);
        assert_eq!(s.under, Some('a'));
        assert_eq!(s.before, "");
        // Short text shows whole, line breaks as the hint.
        let mut t = typed("ett");
        t.newline();
        t.insert("två");
        let s = t.shown(40, "⏎");
        assert_eq!((s.before.as_str(), s.under), ("ett⏎två", None));
        assert!(!s.cut_start && !s.cut_end);
    }

    #[test]
    fn offered_text_is_replaced_by_typing_and_kept_by_a_cursor_key() {
        let none = KeyModifiers::NONE;
        // Typing replaces it, as a selected field does.
        let mut t = Typing::default();
        t.offer("kanske");
        assert!(t.is_offered() && t.shown(40, "⏎").offered);
        for c in "nej".chars() {
            t.edit(&key(KeyCode::Char(c), none));
        }
        assert_eq!(t.text(), "nej");
        assert!(!t.is_offered());
        // Enter leaves it as it is (the prompt takes it).
        t.offer("ja");
        assert!(!t.edit(&key(KeyCode::Enter, none)));
        assert!(t.is_offered());
        assert_eq!(t.text(), "ja");
        // A cursor key keeps it to edit where it stands.
        t.edit(&key(KeyCode::Left, none));
        t.edit(&key(KeyCode::Char('X'), none));
        assert_eq!(t.text(), "jXa");
        assert!(!t.shown(40, "⏎").offered);
        // Backspace takes all of it; a paste replaces it.
        t.offer("okänd");
        t.edit(&key(KeyCode::Backspace, none));
        assert!(t.is_empty());
        t.offer("3");
        t.insert("risk");
        assert_eq!(t.text(), "risk");
        // Text that is set, not offered, is added to.
        t.set("Provsvar dröjde");
        t.edit(&key(KeyCode::Char('!'), none));
        assert_eq!(t.text(), "Provsvar dröjde!");
        // Nothing offered is nothing to mark.
        t.offer("");
        assert!(!t.is_offered());
    }
}
