//! Screen 5: the event log, newest first, paged from the database.

use crate::i18n::T;
use crate::tui::component::Look;
use crate::tui::screens::LogScreen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

pub fn draw(frame: &mut Frame, area: Rect, screen: &LogScreen, look: &Look) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if screen.events.is_empty() {
        frame.render_widget(
            Paragraph::new(look.lang.t(T::LogEmpty)).style(look.theme.dim()),
            area,
        );
        return;
    }
    let tz = look.region.site.time_zone;
    let wide = area.width >= 100;
    // Narrow, the year goes and the actor's column is what the accounts need: the text
    // gets the room.
    let (time_format, time_w, actor_w) = if wide {
        ("%Y-%m-%d %H:%M:%S", 19, 12)
    } else {
        ("%d/%m %H:%M:%S", 14, 10)
    };
    let mut widths = vec![Constraint::Length(time_w), Constraint::Length(actor_w)];
    let mut head = vec![T::ColTime, T::ColActor];
    if wide {
        widths.extend([Constraint::Length(22), Constraint::Length(22)]);
        head.extend([T::ColKind, T::ColSubject]);
    } else if area.width >= 60 {
        widths.push(Constraint::Length(16));
        head.push(T::ColSubject);
    }
    // What is cut at a column's edge ends in "…": "är uppe igen" cut to "är up" read as
    // English. The text column has what the others leave.
    let fixed: u16 = widths
        .iter()
        .map(|w| match w {
            Constraint::Length(n) => *n,
            _ => 0,
        })
        .sum::<u16>()
        + widths.len() as u16;
    let text_w = usize::from(area.width.saturating_sub(fixed)).max(10);
    let subject_w = if wide { 22 } else { 16 };
    widths.push(Constraint::Min(10));
    head.push(T::ColText);
    let header =
        Row::new(head.iter().map(|t| Cell::from(look.lang.t(*t)))).style(look.theme.title(false));
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let offset = (screen.selected + 1).saturating_sub(height);
    let rows = screen.events.iter().skip(offset).take(height).map(|e| {
        let mut cells = vec![
            Cell::from(
                e.occurred_at
                    .with_timezone(&tz)
                    .format(time_format)
                    .to_string(),
            ),
            Cell::from(e.actor.clone()),
        ];
        if wide {
            cells.push(Cell::from(crate::i18n::words::kind(look.lang, &e.kind)));
        }
        let subject_shown = area.width >= 60;
        let mut text = if subject_shown {
            let subject = super::subject_text(look, &e.subject);
            let text = super::event_text_beside_subject(look, e);
            // A page's or a run's text starts with its id, already in the column beside.
            let text = text
                .strip_prefix(&format!("{subject} "))
                .map(str::to_string)
                .unwrap_or(text);
            cells.push(Cell::from(
                super::truncated(&subject, subject_w).into_owned(),
            ));
            text
        } else {
            super::event_text(look, e)
        };
        if (e.recorded_at - e.occurred_at).num_seconds().abs() >= 60 {
            text.push_str(&format!(
                " ({} {})",
                look.lang.t(T::LogRecorded),
                e.recorded_at.with_timezone(&tz).format("%H:%M")
            ));
        }
        cells.push(Cell::from(Span::raw(
            super::truncated(&text, text_w).into_owned(),
        )));
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(look.theme.selected())
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(screen.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}
