//! Screen 6: the review queue (granskning). Flagged incidents, oldest first: age, the local
//! target for the decision (a target, not law), assessment and decision, and the other
//! reporting clocks counting down; under the table, the selected incident's deadlines in
//! full. The record itself is exported with `beredskap export lex-maria`.

use crate::i18n::T;
use crate::model::assessment::ClockKind;
use crate::tui::action::Action;
use crate::tui::component::Look;
use crate::tui::screens::ReviewScreen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

fn short(c: ClockKind) -> &'static str {
    match c {
        ClockKind::Nis2 => "NIS2",
        ClockKind::Gdpr => "GDPR",
        ClockKind::MedicalDevice => "MTP",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, screen: &ReviewScreen, look: &Look) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if let Some(lines) = &screen.record {
        // The whole record, as the export has it, scrolled with the arrow keys; read as
        // the printed record is, not as Markdown source: a table's row is its cells two
        // spaces apart, its rule and the marks for bold and code are not shown.
        // Scrolled by the lines as shown (wrapped to the area), so a page is a page.
        let text: Vec<Line> = crate::tui::review::record_lines(lines, usize::from(area.width))
            .into_iter()
            .skip(screen.record_scroll)
            .map(|(heading, l)| {
                if heading {
                    Line::from(Span::styled(l, look.theme.title(true)))
                } else {
                    Line::from(l)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    if screen.queue.is_empty() {
        frame.render_widget(
            Paragraph::new(look.lang.t(T::NoReviews))
                .style(look.theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let tz = look.region.site.time_zone;
    let target = chrono::Duration::days(i64::from(look.region.site.lex_maria_target_days));
    let head_cells: Vec<Cell> = [
        T::ColId,
        T::ColTitle,
        T::ColAge,
        T::ColTarget,
        T::ColAssessed,
        T::ColDecision,
        T::ColClocks,
    ]
    .iter()
    .map(|t| Cell::from(look.lang.t(*t)))
    .collect();
    // On narrow terminals the age and who assessed go; the rest always stays.
    let keep = |i: usize| area.width >= 110 || !matches!(i, 2 | 4);
    let head = Row::new(
        head_cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, c)| c),
    )
    .style(look.theme.title(false));
    // The title takes what the other columns leave; a cut ends in `…`.
    let others: u16 = if area.width >= 110 { 75 + 6 } else { 54 + 4 };
    let title_width = usize::from(area.width.saturating_sub(others).max(16));
    let rows = screen.queue.iter().map(|r| {
        let age = look.now - r.declared_at;
        let due = r.declared_at + target;
        let left = (due - look.now).num_days();
        let late = r.decision.is_none() && due < look.now;
        let target_text = if r.decision.is_some() {
            "–".to_string()
        } else if late {
            format!(
                "{} ({} d {})",
                due.with_timezone(&tz).format("%m-%d"),
                -left,
                look.lang.t(T::Late)
            )
        } else {
            format!("{} ({left} d)", due.with_timezone(&tz).format("%m-%d"))
        };
        // The nearest deadline of each clock, counting down.
        let mut clocks: Vec<String> = Vec::new();
        for (c, _, at) in &r.deadlines {
            let name = short(*c);
            if !clocks.iter().any(|x| x.starts_with(name)) {
                clocks.push(format!("{name} {} h", (*at - look.now).num_hours()));
            }
        }
        let cells = vec![
            Cell::from(r.id.clone()),
            Cell::from(
                super::truncated(&crate::model::shown::line(&r.title), title_width).into_owned(),
            ),
            Cell::from(if age.num_days() > 0 {
                format!("{} d {} h", age.num_days(), age.num_hours() % 24)
            } else {
                format!("{} h {} min", age.num_hours(), age.num_minutes() % 60)
            }),
            Cell::from(Span::styled(
                target_text,
                if late {
                    look.theme.warning()
                } else {
                    Style::default()
                },
            )),
            Cell::from(match &r.assessed {
                Some((by, _)) => by.clone(),
                None => look.lang.t(T::NotYet).to_string(),
            }),
            Cell::from(match r.decision {
                Some(true) => look.lang.t(T::ReportYes),
                Some(false) => look.lang.t(T::ReportNo),
                None => look.lang.t(T::NotYet),
            }),
            Cell::from(Span::styled(clocks.join(", "), look.theme.warning())),
        ];
        Row::new(
            cells
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(_, c)| c),
        )
    });
    let widths: Vec<Constraint> = [
        Constraint::Length(14),
        Constraint::Min(16),
        Constraint::Length(10),
        Constraint::Length(16),
        Constraint::Length(11),
        Constraint::Length(10),
        Constraint::Length(14),
    ]
    .into_iter()
    .enumerate()
    .filter(|(i, _)| keep(*i))
    .map(|(_, c)| c)
    .collect();
    let selected = screen.selected.min(screen.queue.len() - 1);
    let chosen = &screen.queue[selected];
    let mut notes: Vec<Line> = chosen
        .deadlines
        .iter()
        .map(|(c, what, at)| {
            Line::from(Span::styled(
                format!(
                    "{} {}: {what} {} {} ({} {} h)",
                    chosen.id,
                    short(*c),
                    look.lang.t(T::Until),
                    at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                    look.lang.t(T::In),
                    (*at - look.now).num_hours()
                ),
                look.theme.warning(),
            ))
        })
        .collect();
    notes.push(Line::from(Span::styled(
        format!(
            "{} {} {}. {}",
            look.lang.t(T::TargetNote),
            look.region.site.lex_maria_target_days,
            look.lang.t(T::Days),
            // Keys the role cannot use are not offered here either.
            look.lang.t(
                if [Action::Assess, Action::Decide, Action::ExportRecord]
                    .iter()
                    .any(|a| (look.may)(a))
                {
                    T::ExportHint
                } else {
                    T::ReviewReadOnly
                }
            )
        ),
        look.theme.dim(),
    )));
    // Wrapped here, so the area is as high as the notes are (a long hint was cut).
    let notes = super::wrapped_lines(
        std::iter::once(Line::default()).chain(notes).collect(),
        usize::from(area.width),
    );
    let notes_h = (notes.len() as u16).min(area.height);
    let table_area = Rect {
        height: area.height - notes_h,
        ..area
    };
    let notes_area = Rect {
        y: area.y + area.height - notes_h,
        height: notes_h,
        ..area
    };
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(head)
            .row_highlight_style(look.theme.selected())
            .column_spacing(1),
        table_area,
        &mut state,
    );
    frame.render_widget(Paragraph::new(notes), notes_area);
}
