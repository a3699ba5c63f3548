//! Drawing: reads `&App`, does no I/O. Every view tolerates any area down to 0×0.

mod cells;
mod chrome;
mod hints;
pub use crate::tui::review::record_lines;
pub use chrome::{banner_texts, notices};
mod detail;
pub mod event;
mod help;
pub mod incidents;
pub mod log;
mod oncall;
pub mod review;
mod runbooks;
mod spark;
pub mod status;
pub mod unmapped;

use super::action::Screen;
use super::app::App;
use super::component::Look;
use crate::model::text::DisplayWidth;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// The help's lines where the user is (the router's: `App::help_lines`).
pub fn help_lines(app: &App) -> Vec<ratatui::text::Line<'static>> {
    app.help_lines()
}

/// Whether the footer's message is drawn above it, wrapped: a refusal while its prompt is
/// open again, or a message longer than the footer is wide.
pub fn message_above(app: &App, width: u16) -> bool {
    let Some((text, error)) = &app.message() else {
        return false;
    };
    let prompting = matches!(
        app.mode(),
        super::app::Mode::Note | super::app::Mode::Prompt
    );
    (*error && prompting)
        || (app.mode() == super::app::Mode::Normal
            && !app.in_run_view()
            && text.display_width() > usize::from(width))
}

/// A question to confirm too long for the footer line with the keys that answer it: it
/// stands above the footer, wrapped, and the footer keeps the keys (a cut question hid
/// how to answer it).
pub fn confirm_above(app: &App, width: u16) -> Option<&str> {
    let (_, question) = app.prompt().confirm.as_ref()?;
    let hint = app.lang().t(confirm_hint(app));
    (app.mode() == super::app::Mode::Confirm
        && question.display_width() + hint.display_width() > usize::from(width))
    .then_some(question.as_str())
}

/// The keys that answer the question to confirm.
pub fn confirm_hint(app: &App) -> crate::i18n::T {
    if app.prompt().confirm_open.is_some() {
        crate::i18n::T::ConfirmOpenOrStartHint
    } else {
        crate::i18n::T::ConfirmHint
    }
}

/// Draws the whole console.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let banners = chrome::banner_texts(app);
    // Worked out once a frame (the next shift walks the rota).
    let notices = chrome::notices(app);
    let show_chrome = area.height >= 4;
    // A refusal while the prompt is open again: the reason stands above the typed text. A
    // message too long for the footer (an export's full paths) stands there too, whole.
    let reason = app
        .message()
        .as_ref()
        .filter(|_| message_above(app, area.width))
        .map(|(text, error)| {
            // Wrapped, so the whole reason (what to write instead) can be read at 80×24;
            // at most a third of the screen.
            let most = usize::from(area.height / 3).max(1);
            let marked = if *error {
                format!("!! {text}")
            } else {
                text.clone()
            };
            let mut lines = runbooks::wrap(&marked, usize::from(area.width).max(10));
            if lines.len() > most {
                lines.truncate(most);
                if let Some(last) = lines.last_mut() {
                    last.push('…');
                }
            }
            lines
        });
    // The assessment's guide to the question at hand, or its summary to confirm, stands
    // above the prompt too (under a refusal), wrapped, at most half the screen.
    // So does a question to confirm that the footer line cannot hold with its keys.
    let guide: Vec<ratatui::text::Line> = {
        let wrapped = |text: &str| runbooks::wrap(text, usize::from(area.width).max(10));
        let mut lines: Vec<ratatui::text::Line> = shown_above(app)
            .map(|g| wrapped(&g))
            .unwrap_or_default()
            .into_iter()
            .map(ratatui::text::Line::from)
            .chain(
                confirm_above(app, area.width)
                    .map(wrapped)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|l| ratatui::text::Line::styled(l, app.theme().warning())),
            )
            .collect();
        let room = usize::from(area.height / 2).saturating_sub(reason.as_ref().map_or(0, Vec::len));
        lines.truncate(room.max(1));
        lines
    };
    let [header, tabs, banner_area, body, reason_area, footer] = if show_chrome {
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length((banners.len() + notices.len()) as u16),
            Constraint::Min(0),
            Constraint::Length((reason.as_ref().map_or(0, Vec::len) + guide.len()) as u16),
            Constraint::Length(1),
        ])
        .areas(area)
    } else {
        let empty = Rect::new(area.x, area.y, 0, 0);
        [empty, empty, empty, area, empty, empty]
    };
    if let Some(lines) = &reason {
        frame.render_widget(
            ratatui::widgets::Paragraph::new(lines.join("\n")).style(app.theme().warning()),
            reason_area,
        );
    }
    if !guide.is_empty() {
        let [_, below] = Layout::vertical([
            Constraint::Length(reason.as_ref().map_or(0, Vec::len) as u16),
            Constraint::Min(0),
        ])
        .areas(reason_area);
        frame.render_widget(ratatui::widgets::Paragraph::new(guide), below);
    }
    if show_chrome {
        chrome::header(frame, header, app);
        chrome::tabs(frame, tabs, app);
        chrome::banners(frame, banner_area, app, &banners, &notices);
        chrome::footer(frame, footer, app);
    }
    match app.screen() {
        Screen::Status => status::draw(frame, body, app.status(), &app.look(), &|| app.rota()),
        Screen::Log => log::draw(frame, body, app.log(), &app.look()),
        Screen::Incidents => incidents::draw(frame, body, app.incidents(), &app.look()),
        Screen::Runbooks => runbooks::draw(
            frame,
            body,
            app.runbooks(),
            &app.look(),
            app.message().as_ref(),
        ),
        Screen::OnCall => oncall::draw(
            frame,
            body,
            app.oncall(),
            &app.look(),
            &oncall::OnCallNow {
                rota: app.rota(),
                pages: app.pages(),
                account: &app.user().account,
            },
        ),
        Screen::Review => review::draw(frame, body, app.review(), &app.look()),
    }
    if app.screen() == Screen::Log && app.log().event_open {
        event::draw(frame, body, app.log(), &app.look());
    }
    if app.help().0 {
        help::draw(frame, area, app);
    }
    cells::keep_hidden_out(frame.buffer_mut());
}

/// An event's one-line text in the interface language (status changes use the table).
pub fn event_text(look: &Look, e: &crate::model::event::Event) -> String {
    with_account(
        look,
        e,
        crate::i18n::events::describe_in(e, look.lang, look.region),
    )
}

/// An event's one-line text on a row that names its system already.
pub fn event_text_beside_subject(look: &Look, e: &crate::model::event::Event) -> String {
    with_account(
        look,
        e,
        crate::i18n::events::describe_beside_subject(e, look.lang, look.region),
    )
}

/// The subject as a person reads it: a system by its name.
pub fn subject_text(look: &Look, subject: &str) -> String {
    let named = match subject.split_once(':') {
        Some(("system", id)) => look.region.system(id).map(|s| s.name.clone()),
        Some(("oncall", id)) => look.region.team(id).map(|t| t.name.clone()),
        // Incident, page and run ids say what they are (INC-, PAGE-, RUN-).
        Some(("incident" | "page" | "run", id)) => Some(id.to_string()),
        // An alert by its source (the text says what it is).
        Some(("alert", rest)) => Some(rest.split(':').next().unwrap_or(rest).to_string()),
        None => {
            use crate::model::event::subject as s;
            let word = match subject {
                s::DIARY => Some(crate::i18n::T::SubjectDiary),
                s::MONITOR => Some(crate::i18n::T::SubjectMonitor),
                s::MAINTENANCE => Some(crate::i18n::T::SubjectMaintenance),
                "config" => Some(crate::i18n::T::SubjectConfig),
                "log" => Some(crate::i18n::T::SubjectLog),
                _ => None,
            };
            word.map(|w| look.lang.t(w).to_string())
        }
        _ => None,
    };
    named.unwrap_or_else(|| subject.to_string())
}

fn with_account(look: &Look, e: &crate::model::event::Event, text: String) -> String {
    let mut one_line = text.replace('\n', " ⏎ ");
    // Actor and account, always both when they differ.
    if e.actor != e.os_account {
        let word = match look.lang {
            crate::i18n::Lang::Sv => "OS-konto",
            crate::i18n::Lang::En => "OS account",
        };
        one_line.push_str(&format!(" ({word} {})", e.os_account));
    }
    crate::model::shown::line(&one_line).into_owned()
}

/// "Since" in whole seconds and up.
pub fn since(look: &Look, t: chrono::DateTime<chrono::Utc>) -> String {
    crate::model::duration::format_seconds((look.now - t).num_seconds().max(0) as u64)
}

/// Lines wrapped to `width` here rather than by the paragraph, so an area can be made as
/// high as they are (a line that fits is kept whole; a wrapped one keeps its first span's
/// style).
pub fn wrapped_lines(
    lines: Vec<ratatui::text::Line<'_>>,
    width: usize,
) -> Vec<ratatui::text::Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let style = line.spans.first().map(|s| s.style).unwrap_or_default();
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            // A line that fits stays as it is: its spans, styles and spacing.
            if text.display_width() <= width {
                let spans: Vec<ratatui::text::Span<'static>> = line
                    .spans
                    .iter()
                    .map(|s| ratatui::text::Span::styled(s.content.to_string(), s.style))
                    .collect();
                return vec![ratatui::text::Line::from(spans)];
            }
            runbooks::wrap(&text, width.max(10))
                .into_iter()
                .map(|l| ratatui::text::Line::from(ratatui::text::Span::styled(l, style)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `text` cut to `width` characters, the cut marked with `…`.
pub fn truncated(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    crate::model::text::cut(text, width)
}

/// Rows available for a list in `area` (for paging).
pub fn list_rows(area_height: u16) -> usize {
    usize::from(area_height.saturating_sub(6)).max(1)
}

/// What stands above the footer while the assessment is asked: how to answer the question
/// at hand, or the summary to confirm.
pub fn shown_above(app: &App) -> Option<String> {
    match (&app.mode(), &app.prompt().kind, &app.prompt().assess_back) {
        (super::app::Mode::Prompt, Some(super::app::PromptKind::Assess(_, answers)), _) => {
            crate::tui::assess::guide(app.lang(), answers.len())
        }
        (super::app::Mode::Confirm, _, Some((_, _, summary))) => Some(summary.clone()),
        _ => None,
    }
}
