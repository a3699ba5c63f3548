//! Header, screen tabs, the alarm banner and the footer.

use crate::i18n::T;
use crate::tui::action::{Action, Screen};
use crate::tui::app::{App, Mode, MonitorView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn screen_name(app: &App, s: Screen) -> &'static str {
    app.lang.t(match s {
        Screen::Status => T::ScreenStatus,
        Screen::Incidents => T::ScreenIncidents,
        Screen::Runbooks => T::ScreenRunbooks,
        Screen::OnCall => T::ScreenOnCall,
        Screen::Log => T::ScreenLog,
        Screen::Review => T::ScreenReview,
    })
}

fn local(app: &App, t: chrono::DateTime<chrono::Utc>, fmt: &str) -> String {
    t.with_timezone(&app.region.site.time_zone)
        .format(fmt)
        .to_string()
}

pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let monitor = match &app.monitor {
        MonitorView::None => app.lang.t(T::MonitorNone).to_string(),
        MonitorView::Here => app.lang.t(T::MonitorHere).to_string(),
        MonitorView::Elsewhere(h) => format!("{} {h}", app.lang.t(T::MonitorElsewhere)),
        MonitorView::Stale(t) => format!(
            "{} {}",
            app.lang.t(T::MonitorStaleSince),
            local(app, *t, "%H:%M")
        ),
        MonitorView::Blind => app.lang.t(T::MonitorBlind).to_string(),
    };
    let who = if app.user.can_write {
        format!("{} ({})", app.user.account, app.user.roles)
    } else {
        format!("{} ({})", app.user.account, app.lang.t(T::ReadOnly))
    };
    let alarm = matches!(app.monitor, MonitorView::Stale(_) | MonitorView::Blind);
    let parts = [
        (app.region.site.name.clone(), false),
        (local(app, app.now, "%Y-%m-%d %H:%M:%S"), false),
        (who, false),
        (monitor, alarm),
    ];
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (i, (text, is_alarm)) in parts.into_iter().enumerate() {
        // Narrow terminals: drop the site name first, keep time, user and monitor.
        if i == 0 && area.width < 100 {
            continue;
        }
        let sep = if spans.is_empty() { " " } else { " │ " };
        let len = sep.chars().count() + text.chars().count();
        if used + len > usize::from(area.width) && i != 3 {
            continue;
        }
        used += len;
        spans.push(Span::styled(sep, app.theme.header()));
        let style = if is_alarm {
            app.theme.alarm()
        } else {
            app.theme.header()
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.header()),
        area,
    );
}

pub fn tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for s in Screen::ALL {
        let label = format!(" {} {} ", s.number(), screen_name(app, s));
        let style = if s == app.screen {
            app.theme.selected()
        } else {
            app.theme.dim()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The banner text when status data must not be trusted.
pub fn banner_text(app: &App) -> Option<String> {
    match &app.monitor {
        MonitorView::Stale(t) => {
            let mins = (app.now - *t).num_minutes();
            Some(format!(
                "!! {} {} ({mins} min)",
                app.lang.t(T::BannerStale),
                local(app, *t, "%H:%M")
            ))
        }
        MonitorView::Blind => Some(format!("!! {}", app.lang.t(T::BannerBlind))),
        MonitorView::None => Some(format!("!! {}", app.lang.t(T::BannerNoMonitor))),
        _ => None,
    }
}

pub fn banner(frame: &mut Frame, area: Rect, app: &App, text: &str) {
    frame.render_widget(
        Paragraph::new(text.to_string()).style(app.theme.alarm()),
        area,
    );
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let prompt = match app.mode {
        Mode::Filter => Some(T::FilterPrompt),
        Mode::Command => Some(T::CommandPrompt),
        Mode::Note => Some(T::NotePrompt),
        Mode::Normal => None,
    };
    if let Some(p) = prompt {
        let line = Line::from(vec![
            Span::styled(app.lang.t(p), app.theme.key()),
            Span::raw(app.input.clone()),
            Span::styled("█", app.theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some((text, is_error)) = &app.message {
        let style = if *is_error {
            app.theme.warning()
        } else {
            app.theme.key()
        };
        frame.render_widget(Paragraph::new(text.clone()).style(style), area);
        return;
    }
    // Hints name the keys as the keymap has them (they may be remapped in [keys]); the
    // most needed come first, and a hint that does not fit whole is left out.
    let mut hints: Vec<(Action, T)> = vec![(Action::Quit, T::ActQuit), (Action::Help, T::ActHelp)];
    if app.detail_open {
        hints.push((Action::Back, T::ActBack));
    }
    match app.screen {
        Screen::Status => {
            hints.extend([(Action::Open, T::ActOpen), (Action::Filter, T::ActFilter)])
        }
        Screen::Log => hints.extend([
            (Action::NewNote, T::ActNote),
            (Action::Filter, T::ActFilter),
            (Action::PageDown, T::ActPageDown),
        ]),
        _ => {}
    }
    hints.push((Action::Command, T::HintCommand));
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (action, word) in hints {
        let Some(key) = app.keymap.keys_for(&action).into_iter().next() else {
            continue;
        };
        let word = app.lang.t(word);
        let len = key.chars().count() + word.chars().count() + 3;
        if used + len > width {
            continue;
        }
        used += len;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(word, app.theme.dim()));
        spans.push(Span::raw("  "));
    }
    for extra in [T::HintScreens, T::HintMove] {
        let text = app.lang.t(extra);
        if used + text.chars().count() + 2 <= width {
            used += text.chars().count() + 2;
            spans.push(Span::styled(text, app.theme.dim()));
            spans.push(Span::raw("  "));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
