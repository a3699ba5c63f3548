//! The help overlay: every key and what it does, and where the log file is.

use crate::i18n::T;
use crate::tui::action::Action;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

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
        Action::Show(_) => T::ActScreen,
    };
    match a {
        Action::Show(s) => format!("{} {}", app.lang.t(t), s.number()),
        _ => app.lang.t(t).to_string(),
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
    // The log file first, so it is on screen however small the terminal.
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{}: ", app.lang.t(T::HelpLogFile)),
            app.theme.title(false),
        ),
        Span::raw(app.log_file.display().to_string()),
    ])];
    // The six screen keys on one line.
    let screen_keys: Vec<String> = Action::all()
        .iter()
        .filter(|a| matches!(a, Action::Show(_)))
        .filter_map(|a| app.keymap.keys_for(a).into_iter().next())
        .collect();
    let label = |k: String| match k.as_str() {
        "Space" => app.lang.t(T::KeySpace).to_string(),
        _ => k,
    };
    // The key column is as wide as the widest keys.
    let key_width = Action::all()
        .iter()
        .map(|a| {
            app.keymap
                .keys_for(a)
                .into_iter()
                .map(label)
                .collect::<Vec<_>>()
                .join(", ")
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0)
        .max(12)
        + 2;
    let screens = Line::from(vec![
        Span::styled(
            format!("  {:<key_width$}", screen_keys.join(" ")),
            app.theme.key(),
        ),
        Span::raw(app.lang.t(T::ActScreen)),
    ]);
    let key_lines = |in_run: bool| -> Vec<Line> {
        Action::all()
            .into_iter()
            .filter(|a| a.in_run() == in_run && !matches!(a, Action::Show(_)))
            .filter_map(|action| {
                let keys: Vec<String> = app
                    .keymap
                    .keys_for(&action)
                    .into_iter()
                    .map(label)
                    .collect();
                (!keys.is_empty()).then(|| {
                    Line::from(vec![
                        Span::styled(
                            format!("  {:<key_width$}", keys.join(", ")),
                            app.theme.key(),
                        ),
                        Span::raw(describe(app, &action)),
                    ])
                })
            })
            .collect()
    };
    let run_heading = Line::from(Span::styled(
        app.lang.t(T::HelpInRun),
        app.theme.title(true),
    ));
    // What matters where the person is comes first: in a run, the run's keys.
    if app.in_run_view() {
        lines.push(run_heading);
        lines.extend(key_lines(true));
        lines.push(Line::from(Span::styled(
            app.lang.t(T::HelpKeys),
            app.theme.title(true),
        )));
        lines.push(screens);
        lines.extend(key_lines(false));
    } else {
        lines.push(Line::from(Span::styled(
            app.lang.t(T::HelpKeys),
            app.theme.title(true),
        )));
        lines.push(screens);
        lines.extend(key_lines(false));
        lines.push(run_heading);
        lines.extend(key_lines(true));
    }
    let block = Block::default().borders(Borders::ALL).title(format!(
        "{} — {}",
        app.lang.t(T::HelpTitle),
        app.lang.t(T::HelpClose)
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
