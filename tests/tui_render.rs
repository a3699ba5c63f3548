//! The console drawn into ratatui's TestBackend: insta snapshots of the status, log and help
//! screens (80×24 and 120×40, colour and monochrome, Swedish and English, frozen time), and
//! every view at tiny sizes without panicking.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::tui::action::{Action, Screen};
use beredskap::tui::app::{App, MonitorView};
use beredskap::tui::views::draw;
use common::console::app;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(f, app)).unwrap();
    t
}

/// Text for monochrome (what a reader sees); text plus styles for colour.
fn snapshot(app: &App, w: u16, h: u16) -> String {
    let t = render(app, w, h);
    if app.theme().color {
        format!("{}\n{:?}", t.backend(), t.backend().buffer())
    } else {
        t.backend().to_string()
    }
}

fn setup(screen: &str, lang: Lang, color: bool) -> App {
    let mut a = app(lang, color);
    match screen {
        "status" => {}
        "status_detail" => {
            a.apply(Action::Open);
        }
        "log" => a.show(Screen::Log),
        "help" => {
            a.apply(Action::Help);
        }
        _ => unreachable!(),
    }
    a
}

#[test]
fn snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for screen in ["status", "log", "help"] {
            for (w, h) in [(80, 24), (120, 40)] {
                for color in [true, false] {
                    for lang in [Lang::Sv, Lang::En] {
                        let a = setup(screen, lang, color);
                        let name = format!(
                            "{screen}_{w}x{h}_{}_{}",
                            if color { "colour" } else { "mono" },
                            if lang == Lang::Sv { "sv" } else { "en" }
                        );
                        insta::assert_snapshot!(name, snapshot(&a, w, h));
                    }
                }
            }
        }
        // Screen 3: the run view (big numbered steps, gauge, who and when, plain hints) and
        // the list, at both sizes.
        for (w, h) in [(80, 24), (120, 40)] {
            for (color, lang) in [(false, Lang::Sv), (true, Lang::Sv), (false, Lang::En)] {
                let a = common::console::with_runs(
                    common::console::with_incidents(app(lang, color)),
                    true,
                );
                let name = format!(
                    "run_view_{w}x{h}_{}_{}",
                    if color { "colour" } else { "mono" },
                    if lang == Lang::Sv { "sv" } else { "en" }
                );
                insta::assert_snapshot!(name, snapshot(&a, w, h));
            }
            let a = common::console::with_runs(app(Lang::Sv, false), false);
            insta::assert_snapshot!(format!("runbooks_{w}x{h}_mono_sv"), snapshot(&a, w, h));
        }
        // Screen 4: on call (the frozen clock is Monday 03:10: night, the MT gap open).
        for (w, h) in [(80, 24), (120, 40)] {
            for (color, lang) in [(false, Lang::Sv), (true, Lang::Sv), (false, Lang::En)] {
                let mut a = app(lang, color);
                a.show(Screen::OnCall);
                let name = format!(
                    "oncall_{w}x{h}_{}_{}",
                    if color { "colour" } else { "mono" },
                    if lang == Lang::Sv { "sv" } else { "en" }
                );
                insta::assert_snapshot!(name, snapshot(&a, w, h));
            }
        }
        // Screen 6: the review queue.
        for (w, h) in [(80, 24), (120, 40)] {
            let mut a = common::console::with_review_queue(common::console::with_incidents(app(
                Lang::Sv,
                false,
            )));
            a.show(Screen::Review);
            insta::assert_snapshot!(format!("review_{w}x{h}_mono_sv"), snapshot(&a, w, h));
        }
        // Help inside a run lists the run's keys first.
        let mut a = common::console::with_runs(app(Lang::Sv, false), true);
        a.apply(Action::Help);
        insta::assert_snapshot!("help_in_run_80x24_mono_sv", snapshot(&a, 80, 24));
        // The detail pane at both sizes (below at 80, beside at 120).
        for (w, h) in [(80, 24), (120, 40)] {
            let a = setup("status_detail", Lang::Sv, false);
            insta::assert_snapshot!(format!("status_detail_{w}x{h}_mono_sv"), snapshot(&a, w, h));
        }
    });
}

#[test]
fn stale_and_blind_are_impossible_to_miss() {
    let mut a = app(Lang::Sv, false);
    a.set_monitor(MonitorView::Stale(
        common::console::frozen_now() - chrono::Duration::minutes(8),
    ));
    let screen = render(&a, 80, 24).backend().to_string();
    assert!(screen.contains("!! INAKTUELL STATUS"), "{screen}");
    assert!(screen.contains("(8 min)"), "{screen}");
    a.set_monitor(MonitorView::Blind);
    let screen = render(&a, 80, 24).backend().to_string();
    assert!(screen.contains("BLIND"), "{screen}");
    a.set_lang(Lang::En);
    let screen = render(&a, 80, 24).backend().to_string();
    assert!(screen.contains("UNKNOWN, not down"), "{screen}");
}

#[test]
fn monochrome_still_tells_every_state_apart_by_symbol_and_word() {
    let a = app(Lang::En, false);
    let screen = render(&a, 120, 40).backend().to_string();
    for word in ["✖ down", "▲ degraded", "◷ maintenance", "✔ up"] {
        assert!(screen.contains(word), "{word} in\n{screen}");
    }
    let buffer = render(&a, 120, 40).backend().buffer().clone();
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "no colour in monochrome"
    );
}

#[test]
fn every_view_renders_at_tiny_sizes_without_panicking() {
    for screen in Screen::ALL {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (1, 0),
            (0, 1),
            (2, 2),
            (10, 3),
            (20, 5),
            (40, 10),
        ] {
            for (extra, runs) in [
                (None, false),
                (Some(Action::Open), false),
                (Some(Action::Help), false),
                (None, true),
                (Some(Action::Help), true),
            ] {
                let mut a = app(Lang::Sv, true);
                if runs {
                    a = common::console::with_runs(a, true);
                }
                a.show(screen);
                if let Some(x) = extra.clone() {
                    a.apply(x);
                }
                render(&a, w, h);
            }
        }
    }
}

#[test]
fn narrow_terminals_drop_columns_not_content() {
    let a = app(Lang::En, false);
    let wide = render(&a, 120, 40).backend().to_string();
    assert!(
        wide.contains("Owner") && wide.contains("Impacted by"),
        "{wide}"
    );
    let narrow = render(&a, 60, 20).backend().to_string();
    assert!(!narrow.contains("Owner"), "{narrow}");
    assert!(
        narrow.contains("✖ down"),
        "the state always stays: {narrow}"
    );
}

#[test]
fn the_selected_row_stays_in_view_when_scrolled_far_down() {
    let mut a = app(Lang::En, false);
    a.apply(Action::Bottom);
    let last = a.visible_rows().last().unwrap().name.clone();
    let first = a.visible_rows().first().unwrap().name.clone();
    let screen = render(&a, 80, 12).backend().to_string();
    let shown: String = last.chars().take(16).collect();
    assert!(screen.contains(&shown), "{shown} in\n{screen}");
    let first_shown: String = first.chars().take(16).collect();
    assert!(
        !screen.contains(&first_shown),
        "the list scrolled\n{screen}"
    );
    a.show(Screen::Log);
    a.apply(Action::Bottom);
    let screen = render(&a, 100, 6).backend().to_string();
    assert!(
        screen.contains("Bildarkiv (PACS)") && screen.contains("up → degraded"),
        "the oldest event is in view, its system by name:\n{screen}"
    );
}

#[test]
fn incident_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut a = common::console::with_incidents(app(Lang::Sv, false));
            a.show(Screen::Incidents);
            insta::assert_snapshot!(
                format!("incidents_list_{w}x{h}_mono_sv"),
                snapshot(&a, w, h)
            );
            a.incidents_mut().open = true;
            insta::assert_snapshot!(
                format!("incident_detail_{w}x{h}_mono_sv"),
                snapshot(&a, w, h)
            );
            let mut d = app(Lang::Sv, false);
            d.apply(Action::Declare);
            insta::assert_snapshot!(
                format!("incident_declare_{w}x{h}_mono_sv"),
                snapshot(&d, w, h)
            );
            d.on_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Enter,
                crossterm::event::KeyModifiers::NONE,
            ));
            insta::assert_snapshot!(
                format!("incident_declare_severity_{w}x{h}_mono_sv"),
                snapshot(&d, w, h)
            );
            d.on_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Enter,
                crossterm::event::KeyModifiers::NONE,
            ));
            insta::assert_snapshot!(
                format!("incident_declare_confirm_{w}x{h}_mono_sv"),
                snapshot(&d, w, h)
            );
        }
    });
}

#[test]
fn an_open_major_incident_shows_a_banner_on_every_screen() {
    let mut a = common::console::with_incidents(app(Lang::En, false));
    for s in Screen::ALL {
        a.show(s);
        let screen = render(&a, 100, 24).backend().to_string();
        assert!(
            screen.contains("!! MAJOR INCIDENT OPEN: INC-2026-0007"),
            "{s:?}\n{screen}"
        );
    }
}

#[test]
fn the_monitor_state_is_never_cut_from_the_header() {
    let a = app(Lang::En, false);
    for w in [80, 90, 100, 110, 120, 160] {
        let header = render(&a, w, 24)
            .backend()
            .to_string()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(header.contains("monitor: running here"), "{w}: {header}");
    }
}

/// The text capture of the status screen in README.md is what the console draws today.
#[test]
fn the_readme_shows_the_status_screen_as_drawn() {
    let a = setup("status_detail", Lang::En, false);
    let screen: String = render(&a, 110, 30)
        .backend()
        .to_string()
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_string() + "\n")
        .collect();
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let start = readme
        .find("<!-- status-screen -->\n```text\n")
        .expect("a status-screen capture in README.md")
        + "<!-- status-screen -->\n```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{screen}{}", &readme[..start], &readme[end..]);
        std::fs::write(common::repo().join("README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        screen,
        "README.md's capture is out of date: UPDATE_README=1 cargo test --test tui_render the_readme"
    );
}

/// The status list's rows as drawn: every line between the column header and the footer.
fn status_lines(a: &App, w: u16, h: u16) -> Vec<String> {
    let t = render(a, w, h);
    let buffer = t.backend().buffer();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn names_are_not_cut_while_columns_stand_empty_and_a_cut_ends_in_an_ellipsis() {
    for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 40)] {
        for lang in [Lang::Sv, Lang::En] {
            let a = app(lang, false);
            let lines = status_lines(&a, w, h);
            let header = lines
                .iter()
                .position(|l| l.starts_with("Läge") || l.starts_with("State"))
                .unwrap();
            let rows: Vec<&String> = lines[header + 1..lines.len() - 1]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .collect();
            let shown = a.visible_rows();
            let cut: Vec<&str> = shown
                .iter()
                .take(rows.len())
                .filter(|r| !rows.iter().any(|l| l.contains(r.name.as_str())))
                .map(|r| r.name.as_str())
                .collect();
            // The table reaches the right edge whenever a name had to give way.
            let widest = rows
                .iter()
                .map(|l| l.trim_end().chars().count())
                .max()
                .unwrap_or(0);
            assert!(
                cut.is_empty() || widest >= usize::from(w) - 1,
                "{w}×{h} {lang:?}: {cut:?} cut while the table ends at column {widest}:\n{}",
                rows.iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            // A name cut short says so.
            for name in cut {
                let stem: String = name.chars().take(6).collect();
                let line = rows.iter().find(|l| l.contains(&stem)).unwrap();
                assert!(line.contains('…'), "{w}×{h}: {name} cut without …: {line}");
            }
        }
    }
    // At 200 columns every name shows whole.
    let a = app(Lang::Sv, false);
    let lines = status_lines(&a, 200, 40).join("\n");
    for r in a.visible_rows() {
        assert!(
            lines.contains(r.name.as_str()),
            "{} cut at 200 columns",
            r.name
        );
    }
}

#[test]
fn a_prompt_longer_than_the_line_scrolls_to_what_is_being_typed() {
    let mut a = app(Lang::Sv, false);
    a.show(Screen::Log);
    a.apply(Action::NewNote);
    for c in "Början av en lång anteckning som fortsätter förbi kanten och slutar med SLUT".chars()
    {
        a.on_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
    }
    let lines = status_lines(&a, 60, 12);
    let footer = lines.last().unwrap();
    assert!(footer.trim_end().ends_with("slutar med SLUT█"), "{footer}");
    assert!(
        footer.contains('…') && !footer.contains("Början"),
        "{footer}"
    );
    // Short input shows whole.
    let mut b = app(Lang::Sv, false);
    b.show(Screen::Log);
    b.apply(Action::NewNote);
    b.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('x'),
        crossterm::event::KeyModifiers::NONE,
    ));
    let footer = status_lines(&b, 60, 12).last().unwrap().clone();
    assert!(footer.contains("x█") && !footer.contains('…'), "{footer}");
}

#[test]
fn the_physicians_keys_show_on_the_review_screen_at_80_columns() {
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    let lines = status_lines(&a, 80, 24);
    let footer = lines.last().unwrap();
    for hint in [
        "e exportera",
        "l Lex Maria-beslut",
        "b bedöm",
        "y årsöversikt",
    ] {
        assert!(footer.contains(hint), "{hint} missing: {footer}");
    }
}

/// Issue 34: a console whose log of record (PostgreSQL) cannot be reached says so on every
/// screen, above everything but a page, and keeps showing what it last had.
#[test]
fn a_lost_log_of_record_is_said_on_every_screen_and_the_rows_stay() {
    for lang in [Lang::Sv, Lang::En] {
        let mut a = app(lang, false);
        let rows_before = a.status().rows.len();
        a.set_log_of_record_lost(Some("connection refused".into()));
        let want = match lang {
            Lang::Sv => "LOGGEN I POSTGRESQL NÅS INTE",
            Lang::En => "THE LOG IN POSTGRESQL CANNOT BE REACHED",
        };
        for s in Screen::ALL {
            a.show(s);
            let text = render(&a, 80, 24).backend().to_string();
            assert!(text.contains(want), "{s:?}\n{text}");
        }
        assert_eq!(a.status().rows.len(), rows_before);
        a.set_log_of_record_lost(None);
        a.show(Screen::Status);
        assert!(!render(&a, 80, 24).backend().to_string().contains(want));
    }
}

/// The time typed at the milestone's prompt is on the line as it is typed, at 80 columns
/// and narrower (the label and the picker beside it once filled 80 columns in Swedish, and
/// what was typed was not seen): a label too long is cut before the input is.
#[test]
fn a_time_typed_beside_the_milestone_picker_is_seen_at_any_width() {
    for lang in [Lang::Sv, Lang::En] {
        let mut a = common::console::with_incidents(app(lang, false));
        a.show(Screen::Incidents);
        a.apply(Action::SetMilestone);
        for c in "2026-12-06 10.30".chars() {
            a.on_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            ));
        }
        for width in [80, 60, 50] {
            let footer = status_lines(&a, width, 24).last().unwrap().clone();
            assert!(footer.contains("2026-12-06 10.30█"), "{width}: {footer}");
            // The option chosen stays in view too.
            assert!(
                footer.contains('‹') && footer.contains('›'),
                "{width}: {footer}"
            );
        }
    }
}
