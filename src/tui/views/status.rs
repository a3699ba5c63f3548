//! Screen 1: systems sorted by state then criticality, with a detail pane on Enter.

use super::spark::sparkline;
use crate::i18n::T;
use crate::model::duration::format_duration;
use crate::model::text::DisplayWidth;
use crate::tui::component::Look;
use crate::tui::screens::StatusScreen;
use crate::tui::state::SystemRow;
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

fn header_text(look: &Look, c: Col) -> &'static str {
    look.lang.t(match c {
        Col::State => T::ColState,
        Col::Name => T::ColSystem,
        Col::Since => T::ColSince,
        Col::Latency => T::ColLatency,
        Col::Uptime => T::ColUptime,
        Col::Owner => T::ColOwner,
        Col::Impacted => T::ColImpactedBy,
    })
}

/// The width left for the names and the impact column shared by what the rows on screen
/// need: names whole first when the impact column has little to say, never a name cut
/// while columns stand empty. Both get exact widths; what still does not fit ends in `…`.
fn shared(
    look: &Look,
    cols: Vec<(Col, Constraint)>,
    width: u16,
    rows: &[&SystemRow],
) -> Vec<(Col, Constraint)> {
    let fixed: u16 = cols
        .iter()
        .map(|(_, w)| match w {
            Constraint::Length(n) => *n,
            _ => 0,
        })
        .sum();
    let spacing = cols.len().saturating_sub(1) as u16;
    let free = usize::from(width.saturating_sub(fixed + spacing));
    let has_impacted = cols.iter().any(|(c, _)| *c == Col::Impacted);
    let longest = |f: &dyn Fn(&SystemRow) -> usize, col: Col| {
        rows.iter()
            .map(|r| f(r))
            .chain([header_text(look, col).display_width()])
            .max()
            .unwrap_or(0)
    };
    let names = longest(&|r| r.name.display_width(), Col::Name);
    let (name_w, impacted_w) = if has_impacted {
        let impact = rows
            .iter()
            .map(|r| impacted_text(look, r).display_width())
            .max()
            .unwrap_or(0);
        // The impact column keeps what it needs up to a third of the room (its heading's
        // width when anything is in it, nothing when no row has anything to say); names
        // the rest.
        let heading = header_text(look, Col::Impacted).display_width();
        let keep = if impact == 0 {
            0
        } else {
            impact.max(heading).min(free / 3)
        };
        let name_w = names.min(free.saturating_sub(keep));
        (name_w, free.saturating_sub(name_w))
    } else {
        (free, 0)
    };
    cols.into_iter()
        .map(|(c, w)| match c {
            Col::Name => (c, Constraint::Length(name_w as u16)),
            Col::Impacted => (c, Constraint::Length(impacted_w as u16)),
            _ => (c, w),
        })
        .collect()
}

/// The impact column's text for a row.
fn impacted_text(look: &Look, r: &SystemRow) -> String {
    let mut text = r
        .impacted_by
        .iter()
        .map(|id| {
            look.region
                .system(id)
                .map_or(id.as_str(), |s| s.name.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ");
    if !r.has_checks {
        text = look.lang.t(T::NoChecks).to_string();
    } else if !r.checked {
        text = look.lang.t(T::NotChecked).to_string();
    } else if r.flapping {
        text = format!("{} {text}", look.lang.t(T::Flapping));
    }
    text
}

fn cell<'a>(look: &Look, r: &'a SystemRow, c: Col, width: usize) -> Cell<'a> {
    match c {
        // Up by its own checks while a system it depends on is down: "uppe" would read
        // as unaffected (CTG up while the network to the wards is not).
        Col::State if crate::model::follow_on::is_impacted(r.health, &r.impacted_by) => {
            Cell::from(Span::styled(
                format!("◆ {}", look.lang.t(T::StateImpacted)),
                look.theme.impacted(),
            ))
        }
        Col::State => Cell::from(Span::styled(
            format!("{} {}", Theme::symbol(r.health), look.lang.health(r.health)),
            look.theme.health(r.health),
        )),
        Col::Name => Cell::from(super::truncated(&r.name, width)),
        Col::Since => Cell::from(r.since.map(|s| super::since(look, s)).unwrap_or_default()),
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
            Span::styled(sparkline(&r.spark, 8), look.theme.dim()),
        ])),
        // Over the day, or over the span observed when the log is younger: "44% 40s" is up
        // 44 % of the 40 s observed, not of a day (it read 44.4 % after 22 s down).
        Col::Uptime => Cell::from(
            r.uptime
                .map(|u| match r.observed_secs {
                    Some(secs) => format!(
                        "{:>3.0}% {}",
                        u * 100.0,
                        crate::model::duration::format_seconds(secs)
                    ),
                    None => format!("{:>6.1}%", u * 100.0),
                })
                .unwrap_or_default(),
        ),
        // The team by its name, as people call it (the id read "natverk").
        Col::Owner => Cell::from(
            super::truncated(
                &crate::model::shown::line(look.region.team_name(&r.owner)),
                width,
            )
            .into_owned(),
        ),
        Col::Impacted => {
            let text = super::truncated(&impacted_text(look, r), width).into_owned();
            Cell::from(Span::styled(
                text,
                if r.impacted_by.is_empty() {
                    look.theme.dim()
                } else {
                    look.theme.impacted()
                },
            ))
        }
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    screen: &StatusScreen,
    look: &Look,
    rota: &dyn Fn() -> crate::model::oncall::Rota,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // Alerts no system takes stand above the systems, whatever the filter.
    let area = match super::unmapped::banner(screen, look) {
        Some(banner) if area.height > 2 => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            frame.render_widget(ratatui::widgets::Paragraph::new(banner), top);
            rest
        }
        _ => area,
    };
    let (list, detail) = if screen.detail_open || screen.unmapped_open {
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
    let rows = screen.visible(look.lang);
    // Build only the rows that fit (10,000 systems must not cost 10,000 rows a frame):
    // the window keeps the selection in view.
    let height = usize::from(list.height.saturating_sub(1)).max(1);
    let selected = screen.selected_index(look.lang);
    let offset = selected
        .map(|s| (s + 1).saturating_sub(height))
        .unwrap_or(0);
    let window: Vec<&SystemRow> = rows.iter().skip(offset).take(height).copied().collect();
    let cols = shared(look, columns(list.width), list.width, &window);
    // A heading wider than its column ends in "…"; the impact column's heading goes when
    // the column is too narrow for it and no row on screen has anything in it ("Påverk"
    // over an empty column read as a word of its own).
    let quiet = window.iter().all(|r| impacted_text(look, r).is_empty());
    let header = Row::new(cols.iter().map(|(c, w)| {
        let text = header_text(look, *c);
        match w {
            Constraint::Length(n)
                if *c == Col::Impacted && quiet && text.display_width() > usize::from(*n) =>
            {
                Cell::from("")
            }
            Constraint::Length(n) => {
                Cell::from(super::truncated(text, usize::from(*n)).into_owned())
            }
            _ => Cell::from(text),
        }
    }))
    .style(look.theme.title(false));
    let body = window.iter().map(|r| {
        Row::new(cols.iter().map(|(c, w)| {
            let width = match w {
                Constraint::Length(n) => usize::from(*n),
                _ => usize::MAX,
            };
            cell(look, r, *c, width)
        }))
    });
    let table = Table::new(body, cols.iter().map(|(_, w)| *w))
        .header(header)
        .row_highlight_style(look.theme.selected())
        .column_spacing(1);
    let mut state = TableState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(table, list, &mut state);
    match detail {
        Some(d) if screen.unmapped_open => super::unmapped::draw(frame, d, screen, look),
        Some(d) => super::detail::draw(frame, d, screen, look, rota),
        None => {}
    }
}
