//! The detail pane of a system: checks, dependencies both ways, runbooks, recent events.

use crate::i18n::T;
use crate::tui::component::Look;
use crate::tui::screens::StatusScreen;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    screen: &StatusScreen,
    look: &Look,
    rota: &dyn Fn() -> crate::model::oncall::Rota,
) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let Some(id) = &screen.selected else {
        return;
    };
    let Some(system) = look.region.system(id) else {
        return;
    };
    let tz = look.region.site.time_zone;
    let none = look.lang.t(T::DetailNone);
    let mut lines: Vec<Line> = Vec::new();
    let heading = |t: T| Line::from(Span::styled(look.lang.t(t), look.theme.title(true)));
    if let Some(row) = screen.rows.iter().find(|r| &r.id == id) {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {}",
                    crate::tui::theme::Theme::symbol(row.health),
                    look.lang.health(row.health)
                ),
                look.theme.health(row.health),
            ),
            Span::raw(format!(
                "  {}",
                crate::i18n::finding::shown(look.lang, tz, &row.finding)
            )),
        ]));
    }
    lines.push(Line::from(format!(
        "{}: {}  KRT {}/{}/{}",
        look.lang.t(T::DetailCriticality),
        look.lang.criticality(system.criticality),
        system.krt.confidentiality,
        system.krt.integrity,
        system.krt.availability
    )));
    // Who to call comes before anything else that needs reading at 03:00.
    lines.push(heading(T::DetailWhoToCall));
    let rota = rota();
    let layers = rota.layers(&system.owner_team);
    let team = look.region.team(&system.owner_team);
    let team_phone = team.and_then(|t| t.phone.clone()).unwrap_or_default();
    // The team by its name (the id is for commands).
    let team_name = look.region.team_name(&system.owner_team);
    if layers.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {team_name} — {} ({team_phone})", look.lang.t(T::Nobody)),
            look.theme.warning(),
        )));
    }
    for layer in layers {
        let text = match rota.on_call(&system.owner_team, layer, look.now) {
            Some(o) => {
                let p = look.region.person(&o.person);
                format!(
                    "  {team_name} {layer}: {} {}",
                    p.map(|p| p.name.as_str()).unwrap_or(&o.person),
                    p.map(|p| p.phone.as_str()).unwrap_or_default()
                )
            }
            None => format!(
                "  {team_name} {layer}: {} ({team_phone})",
                look.lang.t(T::Nobody)
            ),
        };
        lines.push(Line::from(text));
    }
    if let Some(sup) = system
        .supplier_team
        .as_deref()
        .and_then(|s| look.region.team(s))
    {
        let answers = rota.supplier_covers(&sup.id, look.now);
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {}: {} {} ",
                look.lang.t(T::DetailSupplier),
                sup.name,
                sup.phone.clone().unwrap_or_default()
            )),
            Span::styled(
                look.lang.t(if answers {
                    T::AnswersNow
                } else {
                    T::NotAnswering
                }),
                if answers {
                    ratatui::style::Style::default()
                } else {
                    look.theme.warning()
                },
            ),
        ]));
    }
    lines.push(heading(T::DetailChecks));
    match screen.detail.as_ref().filter(|d| &d.system == id) {
        Some(d) if !d.checks.is_empty() => {
            for c in &d.checks {
                lines.push(Line::from(format!(
                    "  {} [{}] {} ms — {} ({})",
                    c.name,
                    look.lang.verdict(&c.verdict),
                    c.latency_ms,
                    crate::i18n::finding::shown(look.lang, tz, &c.finding),
                    c.at.with_timezone(&tz).format("%H:%M:%S")
                )));
            }
        }
        _ => lines.push(Line::from(format!("  {none}"))),
    }
    let list = |v: Vec<String>| {
        if v.is_empty() {
            format!("  {none}")
        } else {
            format!("  {}", v.join(", "))
        }
    };
    lines.push(heading(T::DetailUpstream));
    let name = |id: &String| {
        look.region
            .system(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.clone())
    };
    lines.push(Line::from(list(
        system.depends_on.iter().map(name).collect(),
    )));
    lines.push(heading(T::DetailDownstream));
    let down: Vec<String> = look
        .region
        .systems
        .iter()
        .filter(|s| s.depends_on.contains(id))
        .map(|s| s.name.clone())
        .collect();
    lines.push(Line::from(list(down)));
    lines.push(heading(T::DetailRunbooks));
    lines.push(Line::from(list(system.runbooks.clone())));
    lines.push(heading(T::DetailEvents));
    match screen.detail.as_ref().filter(|d| &d.system == id) {
        Some(d) if !d.events.is_empty() => {
            for e in &d.events {
                lines.push(Line::from(format!(
                    "  {} {}",
                    e.occurred_at.with_timezone(&tz).format("%m-%d %H:%M"),
                    super::event_text_beside_subject(look, e)
                )));
            }
        }
        _ => lines.push(Line::from(format!("  {none}"))),
    }
    pane(
        frame,
        area,
        (screen, look),
        system.name.clone(),
        lines,
        true,
    );
}

/// A bordered pane beside the status list, titled, scrolled with PgUp/PgDn (the system's
/// detail, the unmapped alerts).
pub(super) fn pane(
    frame: &mut Frame,
    area: Rect,
    (screen, look): (
        &crate::tui::screens::StatusScreen,
        &crate::tui::component::Look,
    ),
    title: String,
    lines: Vec<Line<'_>>,
    trim: bool,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, look.theme.title(true)))
        .title_bottom(Span::styled(
            format!(" {} ", look.lang.t(T::DetailScrollHint)),
            look.theme.dim(),
        ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim })
            .scroll((screen.detail_scroll, 0)),
        area,
    );
}
