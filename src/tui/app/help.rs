//! The help's content: every key and what it does on this screen and everywhere, named as
//! the keymap has it here, and where the log file is (drawn by `views::help`). The router's,
//! because it also scrolls the help and must know how long it is.

use super::App;
use crate::i18n::T;
use crate::model::text::DisplayWidth;
use crate::tui::action::{Action, Screen};
use ratatui::text::{Line, Span};

impl App {
    /// The help's lines (`views::help` draws them; the router scrolls them).
    pub fn help_lines(&self) -> Vec<Line<'static>> {
        lines(self)
    }
}

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
pub(super) fn lines(app: &App) -> Vec<Line<'static>> {
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
            app.screen.name(app.lang)
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
