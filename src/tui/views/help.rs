//! The help overlay: every key and what it does, and where the log file is.

use crate::i18n::T;
use crate::model::text::DisplayWidth;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

fn describe(app: &App, a: &Action) -> String {
    let t = match a {
        Action::Quit => T::ActQuit,
        Action::Up => T::ActUp,
        Action::Down => T::ActDown,
        Action::PageUp => T::ActPageUp,
        Action::PageDown => T::ActPageDown,
        Action::Top => T::ActTop,
        Action::Bottom => T::ActBottom,
        Action::Open => T::ActOpen,
        Action::Back => T::ActBack,
        Action::Filter => T::ActFilter,
        Action::Command => T::ActCommand,
        Action::Help => T::ActHelp,
        // `n` writes where it stands: the incident's timeline on screen 2, the handoff note
        // on screen 4, the operations diary elsewhere.
        Action::NewNote if app.screen == Screen::Incidents => T::ActIncidentNote,
        Action::NewNote if app.screen == Screen::OnCall => T::ActHandoff,
        Action::NewNote => T::ActNote,
        Action::Declare => T::ActDeclare,
        Action::SetStatus => T::ActSetStatus,
        Action::SetMilestone => T::ActSetMilestone,
        Action::AssignRole => T::ActAssignRole,
        Action::FlagSafety => T::ActFlag,
        Action::StepDone => T::ActStepDone,
        Action::StepSkip => T::ActStepSkip,
        Action::StepNote => T::ActStepNote,
        Action::StepUndo => T::ActStepUndo,
        Action::RunComplete => T::ActRunComplete,
        Action::RunAbort => T::ActRunAbort,
        Action::TakeShift => T::ActTake,
        Action::Acknowledge => T::ActAck,
        Action::PageTeam => T::ActPage,
        Action::ExportRecord => T::ActExport,
        Action::Decide => T::ActDecide,
        Action::Assess => T::ActAssess,
        Action::YearOverview => T::ActYear,
        Action::Unmapped => T::ActUnmapped,
        Action::Show(_) => T::ActScreen,
    };
    match a {
        Action::Show(s) => format!("{} {}", app.lang.t(t), s.number()),
        _ => app.lang.t(t).to_string(),
    }
}

/// The help's lines: the log file, this screen's keys (the run's inside a run), then the
/// keys that work everywhere — each named as the keymap has it in this context.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let in_run = app.in_run_view();
    let label = |k: String| match k.as_str() {
        "Space" => app.lang.t(T::KeySpace).to_string(),
        _ => k,
    };
    let keys = |a: &Action| -> Vec<String> {
        app.keymap
            .keys_in(a, in_run)
            .into_iter()
            .map(label)
            .collect()
    };
    let here = Action::of_screen(app.screen, in_run);
    let everywhere: Vec<Action> = Action::everywhere()
        .into_iter()
        .filter(|a| !here.contains(a) && !matches!(a, Action::Show(_)))
        .collect();
    // The key column is as wide as the widest keys listed.
    let key_width = here
        .iter()
        .chain(&everywhere)
        .map(|a| keys(a).join(", ").display_width())
        .chain(TYPING.iter().map(|(k, _)| k.display_width()))
        .max()
        .unwrap_or(0)
        .max(12)
        + 2;
    let line = |keys: String, what: String| {
        Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}"), app.theme.key()),
            Span::raw(what),
        ])
    };
    // A key the user's roles do not allow is listed (a colleague may ask about it) but
    // dimmed and marked, as the footer does not offer it.
    let action_line = |a: &Action, keys: String| {
        if app.may(a) {
            line(keys, describe_here(app, a))
        } else {
            Line::styled(
                format!(
                    "  {keys:<key_width$}{} {}",
                    describe_here(app, a),
                    app.lang.t(T::HelpNotYourRole)
                ),
                app.theme.dim(),
            )
        }
    };
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!("{}: ", app.lang.t(T::HelpLogFile)),
            app.theme.title(false),
        ),
        Span::raw(app.log_file.display().to_string()),
    ])];
    let heading = if in_run {
        app.lang.t(T::HelpInRun).to_string()
    } else {
        format!(
            "{} — {} {}",
            app.lang.t(T::HelpKeys),
            app.screen.number(),
            super::chrome::screen_name(app, app.screen)
        )
    };
    out.push(Line::from(Span::styled(heading, app.theme.title(true))));
    for a in &here {
        let k = keys(a);
        if !k.is_empty() {
            out.push(action_line(a, k.join(", ")));
        }
    }
    out.push(Line::from(Span::styled(
        app.lang.t(T::HelpEverywhere),
        app.theme.title(true),
    )));
    let screen_keys: Vec<String> = Screen::ALL
        .iter()
        .filter_map(|s| keys(&Action::Show(*s)).into_iter().next())
        .collect();
    out.push(line(
        screen_keys.join(" "),
        app.lang.t(T::ActScreen).to_string(),
    ));
    for a in &everywhere {
        let k = keys(a);
        if !k.is_empty() {
            out.push(action_line(a, k.join(", ")));
        }
    }
    // The text input's keys (tui::typing), the same in every prompt.
    out.push(Line::from(Span::styled(
        app.lang.t(T::HelpTyping),
        app.theme.title(true),
    )));
    for (keys, what) in TYPING {
        out.push(line(keys.to_string(), app.lang.t(what).to_string()));
    }
    out
}

/// The text input's keys (`tui::typing`), the same in every prompt.
const TYPING: [(&str, T); 5] = [
    ("Ctrl-A/E, ←/→", T::TypeMove),
    ("Alt-←/→", T::TypeWord),
    ("Ctrl-W/U/K", T::TypeDelete),
    ("Alt-Enter/Ctrl-J", T::TypeNewLine),
    ("Esc, Ctrl-C", T::TypeCancel),
];

/// What an action does on the current screen, where that differs by screen.
fn describe_here(app: &App, a: &Action) -> String {
    match (a, app.screen) {
        (Action::NewNote, Screen::OnCall) => app.lang.t(T::ActHandoff).to_string(),
        (Action::PageDown, Screen::Log) => app.lang.t(T::ActPageDown).to_string(),
        _ => describe(app, a),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [v] = Layout::vertical([Constraint::Max(30)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Max(72)])
        .flex(Flex::Center)
        .areas(v);
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    let lines = lines(app);
    // Scrolls when it does not fit: the title says how, and where it is.
    let inner = usize::from(popup.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(inner);
    let scroll = usize::from(app.help_scroll).min(max_scroll);
    let more = if max_scroll > 0 {
        format!(
            " ({} {}–{}/{}, ↑↓)",
            app.lang.t(T::HelpLines),
            scroll + 1,
            (scroll + inner).min(lines.len()),
            lines.len()
        )
    } else {
        String::new()
    };
    let block = Block::default().borders(Borders::ALL).title(format!(
        "{} — {}{more}",
        app.lang.t(T::HelpTitle),
        app.lang.t(T::HelpClose)
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        popup,
    );
}
