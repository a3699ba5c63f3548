//! Screen 4: on call. Per team and layer who is on call now (name, phone), until when and
//! who comes next; supplier on-call and whether it answers now; then a 14-day strip for
//! every business-critical system that has a gap, the gaps marked.

use crate::i18n::T;
use crate::model::text::DisplayWidth;
use crate::tui::component::Look;
use crate::tui::oncall::{CELL_HOURS, Cover, DAYS, rows, strips};
use crate::tui::screens::OnCallScreen;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn fit(text: &str, width: usize) -> String {
    crate::model::text::pad(text, width)
}

/// The 14-day strips of the business-critical systems that have a gap.
fn coverage(
    lines: &mut Vec<Line<'static>>,
    look: &Look,
    rota: &crate::model::oncall::Rota,
    width: usize,
) {
    let tz = look.region.site.time_zone;
    lines.push(Line::default());
    // The legend beside the heading, or under it when the screen is too narrow for both.
    let heading = look.lang.t(T::CoverageHeading);
    let legend = look.lang.t(T::CoverageLegend);
    let mut title = vec![Span::styled(heading, look.theme.title(true))];
    if heading.display_width() + legend.display_width() + 3 <= width {
        title.push(Span::styled(format!(" ({legend})"), look.theme.dim()));
        lines.push(Line::from(title));
    } else {
        lines.push(Line::from(title));
        lines.push(Line::from(Span::styled(legend, look.theme.dim())));
    }
    let gaps = strips(look.region, rota, look.now);
    if gaps.is_empty() {
        lines.push(Line::from(Span::styled(
            look.lang.t(T::NoGaps),
            look.theme.dim(),
        )));
    } else {
        let label = 20usize;
        let per_day = (24 / CELL_HOURS) as usize;
        // Day marks: the weekday's first letters at each day's first cell.
        let mut axis = " ".repeat(label);
        for d in 0..DAYS {
            let day = (look.now + chrono::Duration::days(d)).with_timezone(&tz);
            let name = look.lang.weekday(chrono::Datelike::weekday(&day));
            axis.push_str(&fit(
                &name.chars().take(per_day).collect::<String>(),
                per_day,
            ));
        }
        lines.push(Line::from(Span::styled(axis, look.theme.dim())));
        for s in gaps {
            let mut spans = vec![Span::raw(fit(&s.name, label))];
            for c in &s.cells {
                spans.push(match c {
                    Cover::Full => {
                        Span::styled("━", look.theme.health(crate::model::health::Health::Up))
                    }
                    Cover::Partial => Span::styled("╍", look.theme.warning()),
                    Cover::None => {
                        Span::styled("✖", look.theme.health(crate::model::health::Health::Down))
                    }
                });
            }
            lines.push(Line::from(spans));
        }
    }
}

/// What screen 4 shows besides its own state: the rota in force, the pages, who is looking.
pub struct OnCallNow<'a> {
    pub rota: crate::model::oncall::Rota,
    pub pages: &'a [crate::model::page::Page],
    pub account: &'a str,
}

pub fn draw(frame: &mut Frame, area: Rect, screen: &OnCallScreen, look: &Look, now: &OnCallNow) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let tz = look.region.site.time_zone;
    let rota = &now.rota;
    let width = usize::from(area.width);
    let wide = width >= 110;
    let when = |t: chrono::DateTime<chrono::Utc>| {
        let local = t.with_timezone(&tz);
        format!(
            "{} {}",
            look.lang.weekday(chrono::Datelike::weekday(&local)),
            local.format("%d/%m %H:%M")
        )
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let open: Vec<_> = now.pages.iter().filter(|p| p.status.is_open()).collect();
    // " (varv 2)": a round of an escalation that started over (0-based in the page).
    let round = |r: u32| format!(" ({} {})", look.lang.t(T::RoundWord), r + 1);
    if !open.is_empty() {
        lines.push(Line::from(Span::styled(
            look.lang.t(T::PagesOpen),
            look.theme.title(true),
        )));
        for p in open {
            let mine = p.recipients().contains(&now.account);
            let state = match p.notified.last() {
                Some((_, _, n)) => format!(
                    "{} {}{} → {}",
                    look.lang.t(T::StepWord),
                    n.step + 1,
                    if n.round > 0 {
                        round(n.round)
                    } else {
                        String::new()
                    },
                    if n.recipients.is_empty() {
                        look.lang.t(T::Nobody).to_string()
                    } else {
                        n.recipients.join(", ")
                    }
                ),
                None => look.lang.t(T::Nobody).to_string(),
            };
            let round_now = p.notified.last().map(|(_, _, n)| n.round);
            let next = p
                .next_due()
                .map(|(next_round, step, at)| {
                    // Today's by the clock alone ("kl 19:22"): the line has room for it.
                    let local = at.with_timezone(&tz);
                    let at = if local.date_naive() == look.now.with_timezone(&tz).date_naive() {
                        format!("{} {}", look.lang.t(T::AtClock), local.format("%H:%M"))
                    } else {
                        when(at)
                    };
                    // Starting over from the first step is a new round: "steg 1 (varv 2)",
                    // not "steg 1 → …, nästa steg 1".
                    let again = if Some(next_round) != round_now && round_now.is_some() {
                        round(next_round)
                    } else {
                        String::new()
                    };
                    format!(" · {} {}{again} {at}", look.lang.t(T::NextStep), step + 1)
                })
                .unwrap_or_default();
            // Who has it and what comes next on the first line, where 80 columns show it;
            // whom it was for and the message under it.
            let style = if mine {
                look.theme.alarm()
            } else {
                look.theme.warning()
            };
            let head = format!("{} · {state}{next}", p.id);
            lines.push(Line::from(Span::styled(
                super::truncated(&head, width).into_owned(),
                style,
            )));
            let message = crate::model::shown::line(&p.message);
            lines.push(Line::from(Span::styled(
                super::truncated(
                    &format!("  {}: {message}", look.region.page_target_name(&p.target)),
                    width,
                )
                .into_owned(),
                style,
            )));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        look.lang.t(T::OncallNow),
        look.theme.title(true),
    )));
    // Columns: team (its name; 16, 26 wide), layer 10, person (rest), phone 14, until 16,
    // next (wide only).
    let team_w = if wide { 26 } else { 16 };
    let person_w = if wide {
        24
    } else {
        width.saturating_sub(16 + 10 + 14 + 16 + 5).max(8)
    };
    let mut header = format!(
        "{} {} {} {} {}",
        fit(look.lang.t(T::ColTeam), team_w),
        fit(look.lang.t(T::ColLayer), 10),
        fit(look.lang.t(T::ColOnCall), person_w),
        fit(look.lang.t(T::ColPhone), 14),
        fit(look.lang.t(T::ColUntil), 16),
    );
    if wide {
        header.push_str(&format!(" {}", look.lang.t(T::ColNext)));
    }
    lines.push(Line::from(Span::styled(header, look.theme.dim())));
    let all = rows(look.region, rota, look.lang, look.now);
    let mut takeable = 0usize;
    let mut last_team = String::new();
    let mut suppliers_started = false;
    for r in &all {
        if r.supplier && !suppliers_started {
            suppliers_started = true;
            // The gaps come right after the internal teams: they must not be missed.
            coverage(&mut lines, look, rota, width);
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                look.lang.t(T::Suppliers),
                look.theme.title(true),
            )));
        }
        let team = if r.team == last_team {
            String::new()
        } else {
            r.team_name.clone()
        };
        last_team = r.team.clone();
        let (who, style) = match (&r.person, r.answers) {
            (Some((name, _, _)), _) => {
                let mut s = name.clone();
                if r.via_override {
                    s.push_str(&format!(" ({})", look.lang.t(T::OverrideMark)));
                }
                (s, Style::default())
            }
            (None, Some(true)) => (look.lang.t(T::AnswersNow).to_string(), Style::default()),
            (None, Some(false)) => (
                look.lang.t(T::NotAnswering).to_string(),
                look.theme.warning(),
            ),
            (None, None) => (look.lang.t(T::Nobody).to_string(), look.theme.alarm()),
        };
        let phone = r
            .person
            .as_ref()
            .map(|p| p.2.clone())
            .unwrap_or_else(|| r.phone.clone());
        let until = r.until.map(when).unwrap_or_default();
        let mut text = format!("{} {} ", fit(&team, team_w), fit(&r.layer, 10),);
        let mut rest = format!(" {} {}", fit(&phone, 14), fit(&until, 16));
        if wide && let Some((name, from)) = &r.next {
            // The next person takes over when this one's shift ends ("Till"); a time only
            // when that is not so (a gap between them).
            rest.push_str(&format!(" {name}"));
            if r.until != Some(*from) {
                rest.push_str(&format!(" {}", when(*from)));
            }
        }
        let is_takeable = !r.supplier && !r.layer.is_empty();
        let selected = is_takeable && takeable == screen.selected;
        if is_takeable {
            takeable += 1;
        }
        if selected {
            selected_line = lines.len();
            text.push_str(&fit(&who, person_w));
            text.push_str(&rest);
            lines.push(Line::from(Span::styled(text, look.theme.selected())));
        } else {
            lines.push(Line::from(vec![
                Span::raw(text),
                Span::styled(fit(&who, person_w), style),
                Span::raw(rest),
            ]));
        }
    }
    let height = usize::from(area.height);
    let offset = ((selected_line + 2).saturating_sub(height) + screen.scroll)
        .min(lines.len().saturating_sub(height));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), area);
}
