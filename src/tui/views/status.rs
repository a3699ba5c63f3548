//! Screen 1: systems sorted by state then criticality, with a detail pane on Enter.

use super::spark::sparkline;
use crate::i18n::T;
use crate::model::duration::format_duration;
use crate::tui::app::{App, SystemRow};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    State,
    Name,
    Since,
    Latency,
    Uptime,
    Owner,
    Impacted,
}

/// Columns that fit the width, most important first kept.
fn columns(width: u16) -> Vec<(Col, Constraint)> {
    let mut cols = vec![
        (Col::State, Constraint::Length(13)),
        (Col::Name, Constraint::Min(14)),
    ];
    if width >= 40 {
        cols.push((Col::Since, Constraint::Length(7)));
    }
    if width >= 60 {
        cols.push((Col::Latency, Constraint::Length(15)));
    }
    if width >= 70 {
        cols.push((Col::Uptime, Constraint::Length(8)));
    }
    if width >= 110 {
        cols.push((Col::Owner, Constraint::Length(16)));
    }
    if width >= 78 {
        cols.push((Col::Impacted, Constraint::Min(12)));
    }
    cols
}

fn header_text(app: &App, c: Col) -> &'static str {
    app.lang.t(match c {
        Col::State => T::ColState,
        Col::Name => T::ColSystem,
        Col::Since => T::ColSince,
        Col::Latency => T::ColLatency,
        Col::Uptime => T::ColUptime,
        Col::Owner => T::ColOwner,
        Col::Impacted => T::ColImpactedBy,
    })
}

fn cell<'a>(app: &App, r: &'a SystemRow, c: Col) -> Cell<'a> {
    match c {
        Col::State => Cell::from(Span::styled(
            format!("{} {}", Theme::symbol(r.health), app.lang.health(r.health)),
            app.theme.health(r.health),
        )),
        Col::Name => Cell::from(r.name.as_str()),
        Col::Since => Cell::from(r.since.map(|s| super::since(app, s)).unwrap_or_default()),
        Col::Latency => Cell::from(Line::from(vec![
            Span::raw(
                r.latency_ms
                    .map(|l| {
                        format!(
                            "{:>5} ",
                            format_duration(std::time::Duration::from_millis(l))
                        )
                    })
                    .unwrap_or_default(),
            ),
            Span::styled(sparkline(&r.spark, 8), app.theme.dim()),
        ])),
        Col::Uptime => Cell::from(
            r.uptime
                .map(|u| format!("{:>6.1}%", u * 100.0))
                .unwrap_or_default(),
        ),
        Col::Owner => Cell::from(r.owner.as_str()),
        Col::Impacted => {
            let mut text = r.impacted_by.join(", ");
            if !r.has_checks {
                text = app.lang.t(T::NoChecks).to_string();
            } else if !r.checked {
                text = app.lang.t(T::NotChecked).to_string();
            } else if r.flapping {
                text = format!("{} {text}", app.lang.t(T::Flapping));
            }
            Cell::from(Span::styled(
                text,
                if r.impacted_by.is_empty() {
                    app.theme.dim()
                } else {
                    app.theme.impacted()
                },
            ))
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (list, detail) = if app.detail_open {
        if area.width >= 120 {
            let [l, d] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            (l, Some(d))
        } else {
            let [l, d] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(area);
            (l, Some(d))
        }
    } else {
        (area, None)
    };
    let cols = columns(list.width);
    let rows = app.visible_rows();
    // Build only the rows that fit (10,000 systems must not cost 10,000 rows a frame):
    // the window keeps the selection in view.
    let height = usize::from(list.height.saturating_sub(1)).max(1);
    let selected = app.selected_index();
    let offset = selected
        .map(|s| (s + 1).saturating_sub(height))
        .unwrap_or(0);
    let window = rows.iter().skip(offset).take(height);
    let header = Row::new(cols.iter().map(|(c, _)| Cell::from(header_text(app, *c))))
        .style(app.theme.title(false));
    let body = window.map(|r| Row::new(cols.iter().map(|(c, _)| cell(app, r, *c))));
    let table = Table::new(body, cols.iter().map(|(_, w)| *w))
        .header(header)
        .row_highlight_style(app.theme.selected())
        .column_spacing(1);
    let mut state = TableState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(table, list, &mut state);
    if let Some(d) = detail {
        super::detail::draw(frame, d, app);
    }
}
