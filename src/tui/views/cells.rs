//! The frame's last pass: no character that `model::shown` keeps from a terminal (controls,
//! bidirectional overrides and isolates, invisible format characters) leaves in a cell,
//! whichever view put it there. The views show stored text visibly (`shown::line`: `␛`,
//! `<U+202E>`); this pass is what holds when one does not — a title with a right-to-left
//! override would otherwise reorder the rest of its line on the user's terminal.

use crate::model::shown::hidden;
use ratatui::buffer::Buffer;

/// Takes every hidden character out of `buf`'s cells; a cell left empty shows a space.
pub fn keep_hidden_out(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.symbol().chars().any(hidden) {
            let kept: String = cell.symbol().chars().filter(|c| !hidden(*c)).collect();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use ratatui::widgets::Widget;

    #[test]
    fn a_stored_override_or_escape_never_reaches_the_terminal() {
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        // As a table cell or a list row renders its text (a paragraph happens to drop them).
        Line::from("Nät \u{202E}nere\u{202C} \u{1b}[2J \u{200B}slut").render(area, &mut buf);
        assert!(
            buf.content.iter().any(|c| c.symbol().chars().any(hidden)),
            "the widget passes them on (else this test proves nothing)"
        );
        keep_hidden_out(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(!text.chars().any(hidden), "{text:?}");
        assert!(text.starts_with("Nät nere [2J slut"), "{text:?}");
    }
}
