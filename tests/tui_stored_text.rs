//! Stored text on the console, as an attacker with a shell would plant it (an incident
//! title, a page's message, a note): escape sequences and right-to-left overrides are shown
//! visibly where the text is, and no such character reaches the terminal on any screen.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::shown::hidden;
use beredskap::tui::action::Screen;
use beredskap::tui::app::App;
use beredskap::tui::views::draw;
use common::console::{app, page_for, with_incidents, with_review_queue};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FORGED: &str = "Nät \u{202E}ererepmok\u{202C} \u{1b}[2J\u{1b}]0;ägd\u{7} \u{200B}slut";

/// Every cell's text, row by row, as the terminal would be sent it.
fn cells(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn forged_page() -> beredskap::model::page::Page {
    let mut page = page_for("op.mans", 41);
    page.id = "PAGE-2026-0009".into();
    page.message = FORGED.into();
    page
}

fn planted() -> App {
    let mut a = with_review_queue(with_incidents(app(Lang::Sv, false)));
    let mut rows = a.incidents().rows.clone();
    rows[0].title = FORGED.into();
    a.set_incidents(rows);
    if let Some(d) = a.incidents_mut().detail.as_mut() {
        d.incident.title = FORGED.into();
        d.incident.care_units.push(FORGED.into());
        d.incident.patient_safety = Some(FORGED.into());
    }
    for r in &mut a.review_mut().queue {
        r.title = FORGED.into();
    }
    a.set_pages(vec![forged_page()]);
    a
}

#[test]
fn planted_escapes_and_overrides_never_reach_the_terminal_on_any_screen() {
    let mut a = planted();
    for (width, height) in [(80, 24), (120, 30)] {
        for screen in Screen::ALL {
            a.show(screen);
            for open in [false, true] {
                a.incidents_mut().open = open;
                for row in cells(&a, width, height) {
                    assert!(
                        !row.chars().any(hidden),
                        "{screen:?} (open: {open}) at {width}×{height} sends {row:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_planted_title_and_page_message_are_shown_visibly_where_they_stand() {
    let mut a = planted();
    let visible = "<U+202E>ererepmok<U+202C> ␛[2J␛]0;ägd␇";
    a.show(Screen::Incidents);
    let list = cells(&a, 140, 30).join("\n");
    assert!(list.contains(visible), "{list}");
    a.incidents_mut().open = true;
    let detail = cells(&a, 140, 30).join("\n");
    assert!(detail.contains(visible), "{detail}");
    a.incidents_mut().open = false;
    a.show(Screen::OnCall);
    let oncall = cells(&a, 140, 30).join("\n");
    assert!(oncall.contains(visible), "{oncall}");
    // At 80 columns the page's first line says who has it and what comes next, whole;
    // the team it was for goes by its name before the message.
    let narrow = cells(&a, 80, 24);
    let at = narrow
        .iter()
        .position(|l| l.starts_with("PAGE-2026-0009"))
        .unwrap();
    let head = &narrow[at];
    assert!(head.contains("steg 1 → op.mans"), "{head}");
    // One step in the policy: what comes next is that step again, in the next round.
    assert!(
        head.contains("nästa steg 1 (varv 2) kl "),
        "today's next step by the clock, the round named: {head}"
    );
    assert!(!head.trim_end().ends_with('…'), "{head}");
    assert!(
        narrow[at + 1].starts_with("  IT-drift (driftcentralen): Nät"),
        "{}",
        narrow[at + 1]
    );
    a.show(Screen::Review);
    let review = cells(&a, 140, 30).join("\n");
    assert!(review.contains("<U+202E>"), "{review}");
}

/// The run view (screen 3) shows a planted note, skip reason and title visibly as the other
/// views do; it used to drop the control characters without a word.
#[test]
fn a_planted_step_note_is_shown_visibly_in_the_run_view() {
    let mut a = common::console::with_runs(app(Lang::Sv, false), true);
    let mut view = a.runbooks().run.clone().unwrap();
    view.run.steps[2]
        .notes
        .push(("op.tekla".into(), FORGED.into()));
    view.run.title = FORGED.into();
    a.set_run(Some(view));
    let screen = cells(&a, 140, 40).join("\n");
    assert!(screen.contains("␛[2J␛]0;ägd␇"), "{screen}");
    assert!(screen.contains("<U+202E>"), "{screen}");
    for row in screen.lines() {
        assert!(!row.chars().any(hidden), "{row:?}");
    }
}
