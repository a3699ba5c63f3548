//! The log's event view: the whole of one event over the log (Enter on screen 5) — every
//! field, the text unabridged and wrapped, the hashes — scrolling when it does not fit.

use crate::i18n::T;
use crate::tui::component::Look;
use crate::tui::screens::LogScreen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, screen: &LogScreen, look: &Look) {
    let Some(e) = screen.events.get(screen.selected) else {
        return;
    };
    let [v] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Max(100)])
        .flex(Flex::Center)
        .areas(v);
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    let tz = look.region.site.time_zone;
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S %Z")
            .to_string()
    };
    let field = |label: T, value: String| {
        Line::from(vec![
            Span::styled(format!("{}: ", look.lang.t(label)), look.theme.title(false)),
            Span::raw(value),
        ])
    };
    let mut who = e.actor.clone();
    if e.actor != e.os_account {
        who.push_str(&format!(
            " ({} {})",
            look.lang.t(T::OsAccount),
            e.os_account
        ));
    }
    let mut lines = vec![
        field(T::ColTime, local(e.occurred_at)),
        field(T::LogRecorded, local(e.recorded_at)),
        field(T::ColActor, who),
        field(T::ColKind, crate::i18n::words::kind(look.lang, &e.kind)),
        field(T::ColSubject, super::subject_text(look, &e.subject)),
        Line::default(),
    ];
    let text = crate::i18n::events::describe_in(e, look.lang, look.region);
    lines.extend(text.lines().map(|l| Line::from(l.to_string())));
    lines.push(Line::default());
    lines.push(field(T::EventHash, e.hash.clone()));
    lines.push(field(T::EventPrevHash, e.prev_hash.clone()));
    let block = Block::default().borders(Borders::ALL).title(format!(
        "{} #{} — {}",
        look.lang.t(T::EventTitle),
        e.id,
        look.lang.t(T::EventClose)
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((screen.event_scroll, 0)),
        popup,
    );
}
