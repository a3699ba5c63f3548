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
        let sep = if i == 0 { " " } else { " │ " };
        let len = sep.chars().count() + text.chars().count();
        // Narrow terminals: drop the site name first, keep time, user and monitor.
        if i == 0 && area.width < 100 {
            continue;
        }
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
    // Hints name the keys as the keymap has them (they may be remapped in [keys]).
    let mut hints: Vec<(Action, T)> = Vec::new();
    match app.screen {
        Screen::Status => {
            hints.extend([(Action::Open, T::ActOpen), (Action::Filter, T::ActFilter)])
        }
        Screen::Log => hints.extend([
            (Action::PageDown, T::ActPageDown),
            (Action::Filter, T::ActFilter),
            (Action::NewNote, T::ActNote),
        ]),
        _ => {}
    }
    if app.detail_open {
        hints.push((Action::Back, T::ActBack));
    }
    hints.extend([
        (Action::Command, T::ActCommand),
        (Action::Help, T::ActHelp),
        (Action::Quit, T::ActQuit),
    ]);
    let mut spans = vec![
        Span::styled(app.lang.t(T::HintMove), app.theme.key()),
        Span::raw("  "),
        Span::styled(app.lang.t(T::HintScreens), app.theme.key()),
        Span::raw("  "),
    ];
    for (action, word) in hints {
        let Some(key) = app.keymap.keys_for(&action).into_iter().next() else {
            continue;
        };
        let word = if action == Action::Command {
            app.lang.t(T::HintCommand)
        } else {
            app.lang.t(word)
        };
        let word = word.trim_start_matches(|c: char| !c.is_alphabetic());
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(word.to_string(), app.theme.dim()));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
