//! Screen 2: incidents — open ones first, then recent; Enter opens one: header, roles,
//! milestones with durations, the timeline, affected systems with their live state.

use crate::i18n::T;
use crate::model::shown::line as shown;
use crate::model::text::DisplayWidth;
use crate::tui::component::Look;
use crate::tui::screens::IncidentsScreen;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, screen: &IncidentsScreen, look: &Look) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    match (&screen.detail, screen.open) {
        (Some(d), true) => detail(frame, area, screen, look, d),
        _ => list(frame, area, screen, look),
    }
}

fn local(look: &Look, t: chrono::DateTime<chrono::Utc>, fmt: &str) -> String {
    t.with_timezone(&look.region.site.time_zone)
        .format(fmt)
        .to_string()
}

fn list(frame: &mut Frame, area: Rect, screen: &IncidentsScreen, look: &Look) {
    if screen.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(look.lang.t(T::NoIncidents))
                .style(look.theme.dim())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let wide = area.width >= 100;
    let mut head = vec![T::ColId, T::ColIncStatus, T::ColTitle];
    let mut widths = vec![
        Constraint::Length(14),
        Constraint::Length(14),
        Constraint::Min(20),
    ];
    if area.width >= 70 {
        head.insert(2, T::ColSeverity);
        widths.insert(2, Constraint::Length(15));
    }
    if wide {
        head.extend([T::ColCommander, T::ColDeclared]);
        widths.extend([Constraint::Length(14), Constraint::Length(16)]);
    }
    let header =
        Row::new(head.iter().map(|t| Cell::from(look.lang.t(*t)))).style(look.theme.title(false));
    // The title's room: what the fixed columns and the gaps between columns leave.
    let fixed: u16 = widths
        .iter()
        .map(|c| match c {
            Constraint::Length(n) => *n,
            _ => 0,
        })
        .sum();
    let title_w = usize::from(
        area.width
            .saturating_sub(fixed + widths.len().saturating_sub(1) as u16),
    );
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let offset = (screen.selected + 1).saturating_sub(height);
    let rows = screen.rows.iter().skip(offset).take(height).map(|r| {
        let status_style = if r.status.is_open() {
            look.theme.warning()
        } else {
            look.theme.dim()
        };
        let severity = look
            .region
            .severities
            .iter()
            .find(|s| s.id == r.severity)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| r.severity.clone());
        let mut title = shown(&r.title).into_owned();
        if r.patient_safety {
            title = format!("! {title}");
        }
        let mut cells = vec![
            Cell::from(r.id.clone()),
            Cell::from(Span::styled(
                crate::i18n::events::status(look.lang, r.status),
                status_style,
            )),
        ];
        if area.width >= 70 {
            cells.push(Cell::from(severity));
        }
        cells.push(Cell::from(Span::styled(
            super::truncated(&title, title_w).into_owned(),
            if r.patient_safety {
                look.theme.warning()
            } else {
                ratatui::style::Style::default()
            },
        )));
        if wide {
            cells.push(Cell::from(r.commander.clone().unwrap_or_default()));
            cells.push(Cell::from(local(look, r.declared_at, "%m-%d %H:%M")));
        }
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(look.theme.selected())
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(screen.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

fn detail(
    frame: &mut Frame,
    area: Rect,
    screen: &IncidentsScreen,
    look: &Look,
    d: &crate::tui::incidents::IncidentDetail,
) {
    let i = &d.incident;
    let severity = look
        .region
        .severities
        .iter()
        .find(|s| s.id == i.severity)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| i.severity.clone());
    let mut head: Vec<Line> = vec![
        Line::from(vec![Span::styled(
            format!("{}  {}", i.id, shown(&i.title)),
            look.theme.title(true),
        )]),
        Line::from(
            [
                severity,
                crate::i18n::events::status(look.lang, i.status).to_string(),
                shown(&i.care_units.join(", ")).into_owned(),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        ),
    ];
    if let Some(p) = &i.patient_safety {
        head.push(Line::from(Span::styled(
            format!("{}: {}", look.lang.t(T::IncSafety), shown(p)),
            look.theme.alarm(),
        )));
    }
    let roles: Vec<String> = look
        .region
        .incident_roles
        .iter()
        .filter_map(|r| {
            // The person by name (the account when it is not in the configuration).
            i.roles.get(&r.id).map(|a| {
                let who = look
                    .region
                    .person(a)
                    .map_or(a.as_str(), |p| p.name.as_str());
                format!("{}: {who}", r.name)
            })
        })
        .collect();
    head.push(Line::from(format!(
        "{}: {}",
        look.lang.t(T::IncRoles),
        if roles.is_empty() {
            "-".to_string()
        } else {
            roles.join(" · ")
        }
    )));
    // An open incident without its commander says so, with the key that assigns one.
    if let Some(lead) = look
        .region
        .incident_roles
        .iter()
        .find(|r| r.id == "commander")
        && i.status.is_open()
        && !i.roles.contains_key(&lead.id)
    {
        let keys = look
            .keymap
            .keys_in(&crate::tui::action::Action::AssignRole, false)
            .join("/");
        head.push(Line::from(Span::styled(
            format!(
                "{} {} — {keys} {}",
                lead.name,
                look.lang.t(T::IncLeadMissing),
                look.lang.t(T::IncAssigns)
            ),
            look.theme.warning(),
        )));
    }
    let mut ms: Vec<(
        crate::model::incident::Milestone,
        chrono::DateTime<chrono::Utc>,
    )> = i.milestones.iter().map(|(m, t)| (*m, *t)).collect();
    ms.sort_by_key(|(m, t)| (*t, *m));
    let mut chain = Vec::new();
    for (k, (m, t)) in ms.iter().enumerate() {
        let gap = if k == 0 {
            String::new()
        } else {
            format!(
                " (+{} min)",
                crate::model::timespec::minutes_as_shown(ms[k - 1].1, *t)
            )
        };
        chain.push(format!(
            "{} {}{gap}",
            crate::i18n::events::milestone(look.lang, *m),
            local(look, *t, "%H:%M")
        ));
    }
    head.push(Line::from(format!(
        "{}: {}",
        look.lang.t(T::IncMilestones),
        chain.join(" → ")
    )));
    // Wrapped here, so the head is as high as it is (a second long line was cut).
    let mut head = super::wrapped_lines(head, usize::from(area.width));
    head.push(Line::default());
    let head_height = (head.len() as u16).min(area.height);
    let [top, rest] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(head), top);

    let (timeline_area, systems_area) = if rest.width >= 100 {
        let [a, b] = Layout::horizontal([Constraint::Min(40), Constraint::Length(34)]).areas(rest);
        (a, Some(b))
    } else {
        (rest, None)
    };
    let height = usize::from(timeline_area.height.saturating_sub(1)).max(1);
    let lines = timeline_window(screen, look, d, usize::from(timeline_area.width), height);
    let block = Block::default()
        .borders(Borders::TOP)
        .title(look.lang.t(T::IncTimeline));
    frame.render_widget(Paragraph::new(lines).block(block), timeline_area);
    if let Some(sa) = systems_area {
        let lines: Vec<Line> = d
            .systems
            .iter()
            .map(|(s, live)| {
                let state = match live {
                    crate::tui::incidents::Live::Health(h) => Span::styled(
                        format!("{} {}", Theme::symbol(*h), look.lang.health(*h)),
                        look.theme.health(*h),
                    ),
                    crate::tui::incidents::Live::Impacted => Span::styled(
                        format!("◆ {}", look.lang.t(T::StateImpacted)),
                        look.theme.impacted(),
                    ),
                };
                Line::from(vec![
                    state,
                    Span::raw(format!(
                        " {}",
                        look.region.system(s).map(|x| x.name.as_str()).unwrap_or(s)
                    )),
                ])
            })
            .collect();
        let block = Block::default()
            .borders(Borders::TOP | Borders::LEFT)
            .title(look.lang.t(T::IncSystems));
        frame.render_widget(Paragraph::new(lines).block(block), sa);
    }
}

/// The timeline's rows that fill `height` lines of `width`: each event wrapped with its
/// further lines under its text (not under the time), the window ending
/// `screen.timeline_back` events before the newest (0: the newest at the bottom).
/// Only the events on screen are wrapped, however long the incident.
fn timeline_window(
    screen: &IncidentsScreen,
    look: &Look,
    detail: &crate::tui::incidents::IncidentDetail,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let (timeline, folds) = (&detail.timeline, &detail.folds);
    const INDENT: usize = 20; // "HH:MM:SS " and the actor's 10 columns and a space
    let rows = |e: &crate::model::event::Event| -> Vec<Line<'static>> {
        let mut text = match folds.get(&e.id) {
            Some((fold, systems)) => {
                crate::i18n::follow_on::text(look.lang, look.region, fold, systems)
            }
            None => super::event_text(look, e),
        };
        if (e.recorded_at - e.occurred_at).num_seconds().abs() >= 60 {
            text.push_str(&format!(
                " ({} {})",
                look.lang.t(T::LogRecorded),
                local(look, e.recorded_at, "%H:%M")
            ));
        }
        let hang = width > INDENT + 20;
        let room = if hang { width - INDENT } else { width };
        let head = format!(
            "{} {:<10} ",
            local(look, e.occurred_at, "%H:%M:%S"),
            e.actor
        );
        if !hang {
            return super::runbooks::wrap(&format!("{head}{text}"), width.max(1))
                .into_iter()
                .map(Line::from)
                .collect();
        }
        // An actor longer than its column pushes the text; the first line is shorter then.
        let first_room = room.saturating_sub(head.display_width().saturating_sub(INDENT));
        let mut wrapped = super::runbooks::wrap(&text, first_room.max(10));
        let rest = wrapped.split_off(1.min(wrapped.len())).join(" ");
        let mut out = vec![Line::from(vec![
            Span::styled(head, look.theme.dim()),
            Span::raw(wrapped.pop().unwrap_or_default()),
        ])];
        if !rest.is_empty() {
            out.extend(
                super::runbooks::wrap(&rest, room)
                    .into_iter()
                    .map(|l| Line::from(format!("{}{l}", " ".repeat(INDENT)))),
            );
        }
        out
    };
    let end = timeline.len().saturating_sub(screen.timeline_back);
    // Back from the window's end while whole entries fit (an entry's continuation without
    // its time and author reads as nobody's)…
    let mut shown: std::collections::VecDeque<Line<'static>> = Default::default();
    let mut reached_start = true;
    for e in timeline[..end].iter().rev() {
        let lines = rows(e);
        if !shown.is_empty() && shown.len() + lines.len() > height {
            reached_start = false;
            break;
        }
        for l in lines.into_iter().rev() {
            shown.push_front(l);
        }
    }
    // (the newest entry alone taller than the screen shows its start)
    shown.truncate(height);
    if !reached_start {
        // The newest stays at the bottom: the room an entry did not fit in stays empty.
        while shown.len() < height {
            shown.push_front(Line::default());
        }
    }
    // …and when that is the start of the incident, on past the end to fill it.
    for e in &timeline[end..] {
        if shown.len() >= height {
            break;
        }
        shown.extend(rows(e));
    }
    shown.truncate(height);
    shown.into_iter().collect()
}
