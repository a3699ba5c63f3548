//! Screen 3: downtime routines. The list shows active runs first, then the runbooks by
//! system, then finished runs. The run view is built for someone who is not a power user
//! working under stress: big numbered steps, the step under the cursor highlighted, a
//! progress gauge, who did each step and when, and the keys in plain words at the bottom.

use crate::i18n::T;
use crate::model::run::{RunStatus, StepState};
use crate::model::text::DisplayWidth;
use crate::tui::component::Look;
use crate::tui::runs::RunbooksScreen;
use crate::tui::runs::{Entry, RunView};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    screen: &RunbooksScreen,
    look: &Look,
    message: Option<&(String, bool)>,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    match (&screen.run, screen.run_open) {
        (Some(v), true) => run_view(frame, area, (look, message, screen.step_cursor), v),
        _ => list(frame, area, screen, look),
    }
}

fn local(look: &Look, t: chrono::DateTime<chrono::Utc>, fmt: &str) -> String {
    t.with_timezone(&look.region.site.time_zone)
        .format(fmt)
        .to_string()
}

/// `text` cut or padded to exactly `width` characters.
fn fit(text: &str, width: usize) -> String {
    crate::model::text::pad(text, width)
}

/// Word wrap to `width` columns (a word wider than a line is cut): `model::text::wrap`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::model::text::wrap(text, width)
}

fn list(frame: &mut Frame, area: Rect, screen: &RunbooksScreen, look: &Look) {
    let entries = screen.listed();
    if entries.is_empty() {
        frame.render_widget(
            Paragraph::new(look.lang.t(T::NoRunbooks))
                .style(look.theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let width = usize::from(area.width);
    let selected = screen.selected_index();
    // The incident column only when a run on the list belongs to one (a ward's run on its
    // own leaves the room to its title).
    let incident_w = if entries
        .iter()
        .any(|e| matches!(e, Entry::Run(r) if r.incident.is_some()))
    {
        14
    } else {
        0
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut heading: Option<T> = None;
    for (i, entry) in entries.iter().enumerate() {
        let this = match entry {
            Entry::Run(r) if r.status == "active" => T::RunsActive,
            Entry::Run(_) => T::RunsFinished,
            Entry::Runbook(_) => T::RunbooksHeading,
        };
        if heading != Some(this) {
            if heading.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(
                look.lang.t(this),
                look.theme.title(true),
            )));
            heading = Some(this);
        }
        let text = match entry {
            Entry::Run(r) => {
                let when = crate::model::timespec::from_storage(&r.started_at)
                    .map(|t| local(look, t, "%m-%d %H:%M"))
                    .unwrap_or_default();
                let right = format!(
                    " {:>3}/{:<3} {:<incident_w$}{when}",
                    r.finished,
                    r.total,
                    r.incident.clone().unwrap_or_default()
                );
                let left = width.saturating_sub(right.display_width() + 2);
                format!("  {}{right}", fit(&format!("{}  {}", r.id, r.title), left))
            }
            Entry::Runbook(b) => {
                let right = format!(" {:>3} {}", b.steps, look.lang.t(T::StepsWord));
                let systems = b.systems.join(", ");
                let left = width.saturating_sub(right.display_width() + 2);
                // Narrow, the title has the line (what ward staff look for; the id is for
                // the command line, and in the routine's own view).
                if width >= 100 {
                    let id_w = 18.min(left / 3);
                    let title = format!("{}  [{systems}]", b.title);
                    let title_w = left.saturating_sub(id_w + 1);
                    format!("  {} {}{right}", fit(&b.id, id_w), fit(&title, title_w))
                } else {
                    format!("  {}{right}", fit(&b.title, left))
                }
            }
        };
        let style = match entry {
            Entry::Run(r) if r.status != "active" => look.theme.dim(),
            Entry::Run(_) => look.theme.warning(),
            Entry::Runbook(_) => Style::default(),
        };
        if i == selected {
            selected_line = lines.len();
            lines.push(Line::from(Span::styled(text, look.theme.selected())));
        } else {
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    let height = usize::from(area.height);
    let offset = (selected_line + 2).saturating_sub(height);
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), area);
}

fn run_view(
    frame: &mut Frame,
    area: Rect,
    (look, message, cursor): (&Look, Option<&(String, bool)>, usize),
    v: &RunView,
) {
    let run = &v.run;
    let [title_area, gauge_area, note_area, steps_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut right = String::new();
    if let Some(i) = &run.incident {
        right.push_str(&format!("{i} · "));
    }
    right.push_str(&format!(
        "{} {} {}",
        look.lang.t(T::StartedBy),
        run.started_by,
        local(look, run.started_at, "%H:%M")
    ));
    let title = format!("{}  {}", run.id, crate::model::shown::line(&run.title));
    let width = usize::from(title_area.width);
    if title.display_width() + right.display_width() + 2 > width {
        // The title comes first; the incident stays, the rest goes.
        right = run.incident.clone().unwrap_or_default();
    }
    let title_w = width.saturating_sub(right.display_width() + 2);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&title, title_w), look.theme.title(false)),
            Span::raw("  "),
            Span::styled(right, look.theme.dim()),
        ])),
        title_area,
    );
    let (finished, total) = run.progress();
    let skipped = run
        .steps
        .iter()
        .filter(|s| matches!(s.state, StepState::Skipped { .. }))
        .count();
    let mut label = format!(
        "{finished} {} {total} {}",
        look.lang.t(T::OfWord),
        look.lang.t(T::StepsFinished)
    );
    if skipped > 0 {
        label.push_str(&format!(" ({skipped} {})", look.lang.t(T::StateSkipped)));
    }
    frame.render_widget(
        Paragraph::new(gauge(look, finished, total, label, gauge_area.width)),
        gauge_area,
    );
    let note = match run.status {
        RunStatus::Completed => Some((
            format!(
                "{}{}",
                look.lang.t(T::RunCompletedBanner),
                run.finished
                    .as_ref()
                    .map(|(by, at)| format!(": {by} {}", local(look, *at, "%H:%M")))
                    .unwrap_or_default()
            ),
            look.theme.health(crate::model::health::Health::Up),
        )),
        RunStatus::Aborted => Some((
            format!(
                "{}: {}",
                look.lang.t(T::RunAbortedBanner),
                crate::model::shown::line(run.abort_reason.as_deref().unwrap_or_default())
            ),
            look.theme.warning(),
        )),
        RunStatus::Active if finished == total => Some((
            look.lang.t(T::AllStepsFinished).to_string(),
            look.theme.key(),
        )),
        RunStatus::Active => None,
    };
    let message = message.map(|(text, is_error)| {
        (
            text.clone(),
            if *is_error {
                look.theme.warning()
            } else {
                look.theme.key()
            },
        )
    });
    if let Some((text, style)) = message.or(note) {
        frame.render_widget(Paragraph::new(text).style(style), note_area);
    }
    let (lines, starts, cursor_at) = step_lines((look, cursor), v, usize::from(steps_area.width));
    let height = usize::from(steps_area.height);
    // Keep the step under the cursor about a third of the way down, so what comes next
    // shows, and begin the view at the start of a step rather than in the middle of one.
    let wanted = cursor_at
        .saturating_sub(height / 3)
        .min(lines.len().saturating_sub(height));
    let mut offset = starts
        .iter()
        .copied()
        .filter(|s| *s <= wanted)
        .max()
        .unwrap_or(0);
    // The step acted on is always on screen: when the step before it is taller than the
    // view (a long note), starting at a step's beginning would leave the cursor below it.
    if cursor_at < offset || cursor_at >= offset + height.max(1) {
        offset = wanted;
    }
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), steps_area);
}

/// A progress bar in characters (clear in monochrome too) followed by its label.
fn gauge(look: &Look, finished: usize, total: usize, label: String, width: u16) -> Line<'static> {
    let bar = usize::from(width / 3).clamp(0, 30);
    let filled = (bar * finished).checked_div(total).unwrap_or(bar);
    Line::from(vec![
        Span::styled("█".repeat(filled), look.theme.gauge()),
        Span::styled("░".repeat(bar - filled), look.theme.dim()),
        Span::raw(" "),
        Span::styled(label, look.theme.title(false)),
    ])
}

/// The steps as lines, the lines where each step (with its section heading) begins, and
/// the line where the step under the cursor starts.
fn step_lines<'a>(
    (look, cursor): (&Look, usize),
    v: &'a RunView,
    width: usize,
) -> (Vec<Line<'a>>, Vec<usize>, usize) {
    const NUMBER: usize = 8; // "▶ 12 [✔] "
    let text_width = width.saturating_sub(NUMBER + 1).max(10);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_at = 0;
    let mut starts = Vec::new();
    let mut section = None;
    for (i, step) in v.run.steps.iter().enumerate() {
        let info = v.info(i);
        starts.push(lines.len());
        if info.section.is_some() && info.section != section {
            if section.is_some() {
                lines.push(Line::default());
            }
            section = info.section;
            if let Some(s) = section {
                lines.push(Line::from(Span::styled(
                    format!("── {} ", s.heading()),
                    look.theme.title(false),
                )));
            }
        }
        let here = i == cursor;
        if here {
            cursor_at = lines.len();
        }
        let (mark, mark_style) = match &step.state {
            StepState::Pending => ("[ ]", Style::default()),
            StepState::Done { .. } => ("[✔]", look.theme.health(crate::model::health::Health::Up)),
            StepState::Skipped { .. } => ("[–]", look.theme.warning()),
        };
        let text_style = match (&step.state, here) {
            (_, true) => look.theme.selected().add_modifier(Modifier::BOLD),
            (StepState::Pending, false) => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default(),
        };
        // Stored text shown visibly (a control as its picture), as every other view does.
        let text = crate::model::shown::line(&step.text);
        for (k, part) in wrap(&text, text_width).into_iter().enumerate() {
            let lead = if k == 0 {
                vec![
                    Span::styled(if here { "▶ " } else { "  " }, look.theme.key()),
                    Span::styled(format!("{:>2} ", step.number), look.theme.title(false)),
                    Span::styled(mark, mark_style),
                    Span::raw(" "),
                ]
            } else {
                vec![Span::raw(" ".repeat(NUMBER + 1))]
            };
            let mut spans = lead;
            spans.push(Span::styled(fit(&part, text_width), text_style));
            lines.push(Line::from(spans));
        }
        let indent = " ".repeat(NUMBER + 1);
        let mut meta: Vec<(String, Style)> = Vec::new();
        match &step.state {
            StepState::Pending => {
                if let Some(r) = &info.role {
                    meta.push((
                        format!("{}: {r}", look.lang.t(T::RoleWord)),
                        look.theme.dim(),
                    ));
                }
                if let Some(val) = &info.value {
                    meta.push((
                        format!("{}: {val}", look.lang.t(T::ValueWord)),
                        look.theme.dim(),
                    ));
                }
            }
            StepState::Done { by, at, value, .. } => {
                let mut s = format!(
                    "{} · {by} {}",
                    look.lang.t(T::StateDone),
                    local(look, *at, "%H:%M:%S")
                );
                if let (Some(val), Some(label)) = (value, &info.value) {
                    s.push_str(&format!(" · {label}: {val}"));
                } else if let Some(val) = value {
                    s.push_str(&format!(" · {val}"));
                }
                meta.push((s, look.theme.health(crate::model::health::Health::Up)));
            }
            StepState::Skipped { by, at, reason, .. } => meta.push((
                format!(
                    "{} · {by} {} · {reason}",
                    look.lang.t(T::StateSkipped),
                    local(look, *at, "%H:%M:%S")
                ),
                look.theme.warning(),
            )),
        }
        for (by, text) in &step.notes {
            meta.push((format!("✎ {by}: {text}"), look.theme.dim()));
        }
        for (text, style) in meta {
            for part in wrap(&crate::model::shown::line(&text), text_width) {
                lines.push(Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::styled(part, style),
                ]));
            }
        }
    }
    (lines, starts, cursor_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    // wrap is model::text::wrap, tested there; fit is model::text::pad.
    #[test]
    fn fit_cuts_with_an_ellipsis_and_pads() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
