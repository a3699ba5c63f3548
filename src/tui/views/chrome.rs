//! Header, screen tabs, the alarm banner and the footer.

use crate::i18n::T;
use crate::model::text::DisplayWidth;
use crate::tui::action::{Action, Screen};
use crate::tui::app::{App, Mode, MonitorView, PromptKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn local(app: &App, t: chrono::DateTime<chrono::Utc>, fmt: &str) -> String {
    t.with_timezone(&app.region().site.time_zone)
        .format(fmt)
        .to_string()
}

pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let monitor = match &app.monitor() {
        MonitorView::None => app.lang().t(T::MonitorNone).to_string(),
        MonitorView::Here => app.lang().t(T::MonitorHere).to_string(),
        MonitorView::Elsewhere(h) => format!("{} {h}", app.lang().t(T::MonitorElsewhere)),
        MonitorView::Stale(t) => format!(
            "{} {}",
            app.lang().t(T::MonitorStaleSince),
            local(app, *t, "%H:%M")
        ),
        MonitorView::Blind => app.lang().t(T::MonitorBlind).to_string(),
    };
    let who = if app.user().can_write {
        format!("{} ({})", app.user().account, app.user().roles)
    } else {
        format!("{} ({})", app.user().account, app.lang().t(T::ReadOnly))
    };
    let alarm = matches!(app.monitor(), MonitorView::Stale(_) | MonitorView::Blind);
    // The site name goes first when space is short, then the date: time, user and monitor
    // must show whole (a cut "övervakning: körs här" reads as "runs" somewhere).
    let width = |parts: &[(String, bool)]| -> usize {
        parts
            .iter()
            .map(|(t, _)| t.display_width() + 3)
            .sum::<usize>()
            + 1
    };
    let mut parts = [
        (app.region().site.name.clone(), false),
        (local(app, app.now(), "%Y-%m-%d %H:%M:%S"), false),
        (who, false),
        (monitor, alarm),
    ];
    if width(&parts[1..]) > usize::from(area.width) {
        parts[1].0 = local(app, app.now(), "%H:%M:%S");
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    let rest = width(&parts[1..]);
    let site_fits = rest + parts[0].0.display_width() + 3 <= usize::from(area.width);
    for (i, (text, is_alarm)) in parts.into_iter().enumerate() {
        if i == 0 && !site_fits {
            continue;
        }
        let sep = if spans.is_empty() { " " } else { " │ " };
        let len = sep.display_width() + text.display_width();
        if used + len > usize::from(area.width) && i != 3 {
            continue;
        }
        // The monitor's state always shows; too long, it says it goes on.
        let room = usize::from(area.width).saturating_sub(used + sep.display_width());
        let text = super::truncated(&text, room).into_owned();
        used += len;
        spans.push(Span::styled(sep, app.theme().header()));
        let style = if is_alarm {
            app.theme().alarm()
        } else {
            app.theme().header()
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme().header()),
        area,
    );
}

pub fn tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for s in Screen::ALL {
        let label = format!(" {} {} ", s.number(), s.name(app.lang()));
        let style = if s == app.screen() {
            app.theme().selected()
        } else {
            app.theme().dim()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Banners that must not be missed: untrustworthy status data, open major incidents.
pub fn banner_texts(app: &App) -> Vec<String> {
    let mut out: Vec<String> = monitor_banner(app).into_iter().collect();
    out.extend(watchdog_banners(app));
    // Another process holds the log: nothing can be saved until it lets go.
    if let Some(text) = lock_banner(app) {
        out.insert(0, text);
    }
    // The log of record is out of reach: what is shown is what was last known.
    if let Some(why) = app.log_of_record_lost() {
        out.insert(
            0,
            format!("!! {} ({why})", app.lang().t(T::BannerLogOfRecordLost)),
        );
    }
    // Nothing the user does can be saved: first of all.
    if let Some(found) = &app.damaged() {
        out.insert(
            0,
            format!(
                "!! {} {}",
                app.lang().t(T::BannerDamaged),
                damage_found(app, found)
            ),
        );
    }
    // A page calling this user comes first of all.
    if let Some(p) = app.my_pages().first() {
        out.insert(
            0,
            format!(
                "!! {} {} ({}): {}",
                app.lang().t(T::BannerPage),
                p.id,
                ack_hint(app),
                p.message
            ),
        );
    }
    if let Some((line, true)) = filter_line(app) {
        out.push(line);
    }
    let major = app.major_open();
    if let Some(first) = major.first() {
        let more = if major.len() > 1 {
            format!(" (+{})", major.len() - 1)
        } else {
            String::new()
        };
        out.push(format!(
            "!! {}: {} {}{more}",
            app.lang().t(T::BannerMajor),
            first.id,
            first.title
        ));
    }
    out
}

/// How to acknowledge the page from where the user is, built from the keymap of this
/// context: "tryck a för att kvittera"; in a prompt or a question, Esc first; where no key
/// does it (a remapped keymap), the command that always does.
pub fn ack_hint(app: &App) -> String {
    let key = app
        .keymap()
        .keys_in(&Action::Acknowledge, app.in_run_view())
        .into_iter()
        .next();
    match key {
        Some(key) if app.mode() == Mode::Normal => {
            format!(
                "{} {key} {}",
                app.lang().t(T::Press),
                app.lang().t(T::ToAck)
            )
        }
        Some(key) => format!(
            "{} Esc {} {key} {}",
            app.lang().t(T::Press),
            app.lang().t(T::AndThen),
            app.lang().t(T::ToAck)
        ),
        None => app.lang().t(T::AckByCommand).to_string(),
    }
}

/// The marker's "TIME what found it" with the time in the site's zone, to the minute.
fn damage_found(app: &App, found: &str) -> String {
    match found.split_once(' ') {
        Some((t, what)) => match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(t) => format!(
                "{}: {what}",
                local(app, t.with_timezone(&chrono::Utc), "%H:%M")
            ),
            Err(_) => found.to_string(),
        },
        None => found.to_string(),
    }
}

/// "!! LOGGEN LÅST av op.tekla (PID 1234) i 45 s — larm skickas ändå", once a process has
/// held the log's write lock longer than the alarm path waits for it.
fn lock_banner(app: &App) -> Option<String> {
    let (holder, since) = app.log_lock().as_ref()?;
    let held = (app.now() - *since).num_seconds();
    let bound = i64::try_from(crate::ops::owed::ALARM_WAIT.as_secs()).unwrap_or(2);
    (held >= bound).then(|| {
        format!(
            "!! {} {holder} {} {held} s — {}",
            app.lang().t(T::BannerLockedBy),
            app.lang().t(T::BannerLockedFor),
            app.lang().t(T::BannerLockedAlarms)
        )
    })
}

fn monitor_banner(app: &App) -> Option<String> {
    match &app.monitor() {
        MonitorView::Stale(t) => {
            let mins = (app.now() - *t).num_minutes();
            Some(format!(
                "!! {} {} ({mins} min)",
                app.lang().t(T::BannerStale),
                local(app, *t, "%H:%M")
            ))
        }
        MonitorView::Blind => Some(format!("!! {}", app.lang().t(T::BannerBlind))),
        MonitorView::None => Some(format!("!! {}", app.lang().t(T::BannerNoMonitor))),
        _ => None,
    }
}

/// The region's own monitoring gone quiet, as beredskap's own blindness is shown: a system
/// watching a source's Watchdog (a heartbeat check on `SOURCE.watchdog`) is down.
fn watchdog_banners(app: &App) -> Vec<String> {
    let tz = app.region().site.time_zone;
    let mut out = Vec::new();
    for system in &app.region().systems {
        for c in &system.checks {
            let crate::model::check::CheckKind::Heartbeat { id, .. } = &c.kind else {
                continue;
            };
            let Some(source) = id.strip_suffix(".watchdog") else {
                continue;
            };
            let Some(row) = app
                .status()
                .rows
                .iter()
                .find(|r| r.id == system.id && r.health == crate::model::health::Health::Down)
            else {
                continue;
            };
            out.push(format!(
                "!! {} ({source}): {} — {}",
                app.lang().t(T::BannerWatchdog),
                crate::i18n::finding::shown(app.lang(), tz, &row.finding),
                app.lang().t(T::BannerWatchdogWhy)
            ));
        }
    }
    out
}

/// Lines that inform rather than alarm: "you go on call in 1 h 50 min".
pub fn notices(app: &App) -> Vec<String> {
    let mut out: Vec<String> = app.handoff_notice().into_iter().collect();
    if !app.held_writes().is_empty() {
        out.push(format!(
            "{} ({})",
            app.lang().t(T::SavingBusy),
            app.held_writes().len()
        ));
    }
    if let Some((line, false)) = filter_line(app) {
        out.push(line);
    }
    out
}

/// An active filter on this screen, always shown: its text, the key that clears it, and on
/// the status screen the trouble outside it ("2 nere utanför filtret"), as an alarm.
fn filter_line(app: &App) -> Option<(String, bool)> {
    let (text, trouble) = match app.screen() {
        Screen::Status if !app.status().filter.is_empty() => {
            (&app.status().filter, app.hidden_trouble())
        }
        Screen::Log if !app.log().filter.is_empty() => (&app.log().filter, Default::default()),
        _ => return None,
    };
    let clear = app
        .keymap()
        .keys_in(&Action::Back, false)
        .into_iter()
        .next()
        .unwrap_or_else(|| "Esc".into());
    let chip = format!(
        "{}: \"{}\" ({clear} {})",
        app.lang().t(T::FilterActive),
        crate::model::shown::line(text),
        app.lang().t(T::ClearsIt)
    );
    let crate::tui::app::HiddenTrouble {
        down,
        degraded,
        impacted,
    } = trouble;
    let many = |n: usize, one: &'static str, more: T| if n > 1 { app.lang().t(more) } else { one };
    let hidden: Vec<String> = [
        (down, app.lang().health(crate::model::health::Health::Down)),
        (
            degraded,
            many(
                degraded,
                app.lang().health(crate::model::health::Health::Degraded),
                T::DegradedMany,
            ),
        ),
        (
            impacted,
            many(impacted, app.lang().t(T::StateImpacted), T::ImpactedMany),
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if hidden.is_empty() {
        Some((chip, false))
    } else {
        Some((
            format!(
                "!! {} {} — {chip}",
                hidden.join(", "),
                app.lang().t(T::OutsideFilter)
            ),
            true,
        ))
    }
}

pub fn banners(frame: &mut Frame, area: Rect, app: &App, texts: &[String], notices: &[String]) {
    let mut lines: Vec<Line> = texts
        .iter()
        // Banners carry stored text (a page's message, a probe's): the one safe renderer,
        // and a banner wider than the screen says it goes on ("…"; the whole text is in
        // the log and on its screen).
        .map(|t| {
            let shown = crate::model::shown::line(t);
            Line::from(Span::styled(
                super::truncated(&shown, usize::from(area.width)).into_owned(),
                app.theme().alarm(),
            ))
        })
        .collect();
    lines.extend(
        notices
            .iter()
            .map(|t| Line::from(Span::styled(t.clone(), app.theme().key()))),
    );
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    if app.mode() == Mode::Confirm {
        let hint = app.lang().t(super::confirm_hint(app));
        // A question too long for this line stands above it, whole (views::draw).
        let line = if super::confirm_above(app, area.width).is_some() {
            Line::from(Span::styled(hint.trim_start(), app.theme().key()))
        } else {
            let question = app
                .prompt()
                .confirm
                .as_ref()
                .map(|(_, q)| q.clone())
                .unwrap_or_default();
            Line::from(vec![
                Span::styled(question, app.theme().warning()),
                Span::styled(hint, app.theme().dim()),
            ])
        };
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let prompt = match app.mode() {
        Mode::Filter => Some(T::FilterPrompt),
        Mode::Command => Some(T::CommandPrompt),
        Mode::Note => Some(T::NotePrompt),
        Mode::Prompt => Some(match app.prompt().kind {
            Some(PromptKind::IncidentNote(_)) => T::PromptIncidentNote,
            Some(PromptKind::DeclareTitle(_)) => T::PromptDeclare,
            Some(PromptKind::Status(_)) => T::PromptStatus,
            Some(PromptKind::Milestone(_)) => T::PromptMilestone,
            Some(PromptKind::Role(_)) => T::PromptRole,
            Some(PromptKind::RolePerson(..)) => T::PromptPerson,
            Some(PromptKind::DeclareSeverity(..)) => T::PromptSeverity,
            Some(PromptKind::StepSkip(..)) => T::PromptSkip,
            Some(PromptKind::StepNote(..)) => T::PromptStepNote,
            Some(PromptKind::StepUndo(..)) => T::PromptUndo,
            Some(PromptKind::RunAbort(_)) => T::PromptAbort,
            Some(PromptKind::Handoff(..)) => T::PromptHandoff,
            Some(PromptKind::Page(..)) => T::PromptPage,
            Some(PromptKind::Decide(..)) => T::PromptDecide,
            Some(PromptKind::DecideAgainst(..)) => T::PromptDecideAgainst,
            Some(PromptKind::Assess(_, ref answers)) => crate::tui::assess::label(answers.len()),
            // The value's own label is the prompt.
            Some(PromptKind::StepValue(..)) => T::PromptStepNote,
            Some(PromptKind::Flag(_)) | None => T::PromptFlag,
        }),
        Mode::Normal | Mode::Confirm => None,
    };
    if let Some(p) = prompt {
        let label = match &app.prompt().kind {
            Some(PromptKind::StepValue(_, n, label)) => {
                format!("{} {n}, {label}: ", app.lang().t(T::Step))
            }
            _ => app.lang().t(p).to_string(),
        };
        let picker = app
            .prompt()
            .picker
            .as_ref()
            .map(|p| picker_spans(app, p, usize::from(area.width)))
            .unwrap_or_default();
        // What is typed always has room on the line: a label too long beside it is cut
        // ("…") before the input is (at 80 columns the milestone's label and its picker
        // once filled the line, and the time typed was not seen).
        let picker_width: usize = picker.iter().map(|s| s.content.display_width()).sum();
        let keep = match &app.prompt().kind {
            // The milestone's picker takes a time typed beside it, seen whole; a list's
            // own prompt a few letters to find an option; text scrolls past the width.
            Some(PromptKind::Milestone(_)) => TIME_ROOM,
            _ if !picker.is_empty() => SEEK_ROOM,
            _ => TEXT_ROOM,
        };
        let label_room = usize::from(area.width).saturating_sub(picker_width + keep);
        let label = super::truncated(&label, label_room).into_owned();
        let mut spans = vec![Span::styled(label, app.theme().key())];
        spans.extend(picker);
        // Multi-line input shows its line breaks as ⏎ on the one footer line; past the
        // width it scrolls so the cursor stays in view (cut ends marked `…`).
        let used: usize = spans.iter().map(|s| s.content.display_width()).sum();
        let room = usize::from(area.width).saturating_sub(used);
        let shown = app.prompt().input.shown(room, app.lang().t(T::NewLineHint));
        let ellipsis = |cut: bool| if cut { "…" } else { "" };
        // Text offered as a whole (an answer asked again, or the one given before) is
        // marked as a selection is: typing replaces it.
        let text_style = if shown.offered {
            app.theme().selected()
        } else {
            ratatui::style::Style::default()
        };
        spans.push(Span::styled(
            format!("{}{}", ellipsis(shown.cut_start), shown.before),
            text_style,
        ));
        match shown.under {
            Some(c) => spans.push(Span::styled(c.to_string(), app.theme().selected())),
            None => spans.push(Span::styled("█", app.theme().dim())),
        }
        spans.push(Span::styled(
            format!("{}{}", shown.after, ellipsis(shown.cut_end)),
            text_style,
        ));
        let line = Line::from(spans);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if app.in_run_view() {
        // The run view keeps its keys on screen always; messages show under its gauge.
        super::hints::run(frame, area, app);
        return;
    }
    if let Some((text, is_error)) = app
        .message()
        .as_ref()
        .filter(|_| !super::message_above(app, area.width))
    {
        let style = if *is_error {
            app.theme().warning()
        } else {
            app.theme().key()
        };
        frame.render_widget(Paragraph::new(text.clone()).style(style), area);
        return;
    }
    super::hints::keys(frame, area, app);
}

/// A picker's options on the footer: all of them with the chosen one marked when they fit,
/// else the chosen one with its place (`‹ Måns Testberg (op.mans) › 3/24`).
/// The columns a prompt's input keeps on its line whatever the label and picker beside it
/// (a label too long is cut first): a date and time ("2026-12-06 10.30") and the cursor,
/// with some to spare, beside the milestone's picker;
const TIME_ROOM: usize = 20;

/// the letters typed to find an option in a list;
const SEEK_ROOM: usize = 4;

/// and a stretch of text, which scrolls to the cursor.
const TEXT_ROOM: usize = 12;

fn picker_spans(app: &App, p: &crate::tui::picker::Picker, width: usize) -> Vec<Span<'static>> {
    let all: usize = p.options.iter().map(|(_, l)| l.display_width() + 3).sum();
    if all + 40 <= width {
        let mut spans = Vec::new();
        for (i, (_, label)) in p.options.iter().enumerate() {
            if i == p.at {
                spans.push(Span::styled(format!("[{label}]"), app.theme().selected()));
            } else {
                spans.push(Span::styled(format!(" {label} "), app.theme().dim()));
            }
            spans.push(Span::raw(" "));
        }
        spans
    } else {
        let label = p.chosen().map(|(_, l)| l.clone()).unwrap_or_default();
        vec![
            Span::styled(format!("‹ {label} ›"), app.theme().selected()),
            Span::styled(
                format!(" {}/{} ", p.at + 1, p.options.len()),
                app.theme().dim(),
            ),
        ]
    }
}
