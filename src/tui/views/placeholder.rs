//! Screens whose content comes with later features: they say what will be there.

use crate::i18n::T;
use crate::tui::action::Screen;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: Screen) {
    let text = app.lang.t(match screen {
        Screen::Incidents => T::ComingIncidents,
        Screen::Runbooks => T::ComingRunbooks,
        Screen::OnCall => T::ComingOnCall,
        _ => T::ComingReview,
    });
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.dim())
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::NONE)),
        area,
    );
}
