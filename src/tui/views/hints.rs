//! The footer's key hints: the keys the screen and the user's role offer, as the keymap
//! names them, as many as fit whole (chrome.rs draws the rest of the footer).

use crate::i18n::T;
use crate::model::text::DisplayWidth;
use crate::tui::action::Action;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The screen's keys, then quitting and help.
pub(super) fn keys(frame: &mut Frame, area: Rect, app: &App) {
    // Hints name the keys as the keymap has them (they may be remapped in [keys]); the
    // most needed come first, and a hint that does not fit whole is left out.
    // The screen's own keys first (the physician's on screen 6 must show at 80 columns:
    // `Component::hints`), then quitting and help, which the help lists too.
    let mut hints: Vec<(Action, T)> = app.showing().hints();
    hints.extend([(Action::Quit, T::ActQuit), (Action::Help, T::ActHelp)]);
    hints.push((Action::Command, T::HintCommand));
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (action, word) in hints {
        // Keys the user's role cannot use are not offered.
        if !app.may(&action) {
            continue;
        }
        let Some(key) = app.keymap().keys_in(&action, false).into_iter().next() else {
            continue;
        };
        let word = app.lang().t(word);
        let len = key.display_width() + word.display_width() + 3;
        if used + len > width {
            continue;
        }
        used += len;
        spans.push(Span::styled(key, app.theme().key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(word, app.theme().dim()));
        spans.push(Span::raw("  "));
    }
    for extra in [T::HintScreens, T::HintMove] {
        let text = app.lang().t(extra);
        if used + text.display_width() + 2 <= width {
            used += text.display_width() + 2;
            spans.push(Span::styled(text, app.theme().dim()));
            spans.push(Span::raw("  "));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The run view's hints, in plain words: "Enter klar  s hoppa över  n notera …". Every key
/// of the run — the steps', complete, abort and Esc — fits at 80 columns (c, x and Esc fell
/// off the end); a wide screen also names the other key for "done" (Mellanslag).
pub(super) fn run(frame: &mut Frame, area: Rect, app: &App) {
    let hints = [
        (Action::StepDone, T::ActStepDone),
        (Action::StepSkip, T::ActStepSkip),
        (Action::StepNote, T::RunHintNote),
        (Action::StepUndo, T::ActStepUndo),
        (Action::RunComplete, T::RunHintComplete),
        (Action::RunAbort, T::RunHintAbort),
        (Action::Back, T::RunHintBack),
        (Action::Help, T::ActHelp),
    ];
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (action, word) in hints {
        if !app.may(&action) {
            continue;
        }
        let keys: Vec<String> = app
            .keymap()
            .keys_in(&action, true)
            .into_iter()
            .map(|k| {
                if k == "Space" {
                    app.lang().t(T::KeySpace).to_string()
                } else {
                    k
                }
            })
            .collect();
        if keys.is_empty() {
            continue;
        }
        let keys = if width >= 100 {
            keys.join("/")
        } else {
            keys[0].clone()
        };
        let word = app.lang().t(word);
        let len = keys.display_width() + word.display_width() + 3;
        if used + len > width {
            continue;
        }
        used += len;
        spans.push(Span::styled(keys, app.theme().key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(word));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
