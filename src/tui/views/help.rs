//! The help overlay: every key and what it does, and where the log file is.

use crate::i18n::T;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [v] = Layout::vertical([Constraint::Max(30)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Max(72)])
        .flex(Flex::Center)
        .areas(v);
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    let lines = app.help_lines();
    // Scrolls when it does not fit: the title says how, and where it is.
    let inner = usize::from(popup.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(inner);
    let scroll = usize::from(app.help().1).min(max_scroll);
    let more = if max_scroll > 0 {
        format!(
            " ({} {}–{}/{}, ↑↓)",
            app.lang().t(T::HelpLines),
            scroll + 1,
            (scroll + inner).min(lines.len()),
            lines.len()
        )
    } else {
        String::new()
    };
    let block = Block::default().borders(Borders::ALL).title(format!(
        "{} — {}{more}",
        app.lang().t(T::HelpTitle),
        app.lang().t(T::HelpClose)
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        popup,
    );
}
