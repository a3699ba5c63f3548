//! No English on a Swedish screen and no Swedish on an English one: every screen, pane and
//! overlay of a populated scenario (a major incident with its timeline, runs, a page, the
//! review queue) drawn at 80×24 and 120×40, each word checked against a stop-list of the
//! other language.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::tui::action::{Action, Screen};
use beredskap::tui::app::App;
use beredskap::tui::views::draw;
use common::console::{app, with_incidents, with_review_queue, with_runs};
use common::language::{ENGLISH, SWEDISH, corpus, stopped};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screens(lang: Lang) -> Vec<(String, App)> {
    let base = || with_runs(with_incidents(app(lang, false)), false);
    let mut out: Vec<(String, App)> = Vec::new();
    for s in Screen::ALL {
        let mut a = base();
        a.apply(Action::Show(s));
        out.push((format!("{s:?}"), a));
    }
    let mut a = base();
    a.apply(Action::Open);
    out.push(("status detail".into(), a));
    let mut a = base();
    a.show(Screen::Incidents);
    a.apply(Action::Open);
    out.push(("incident".into(), a));
    let mut a = with_runs(with_incidents(app(lang, false)), true);
    a.show(Screen::Runbooks);
    out.push(("run view".into(), a));
    for s in Screen::ALL {
        let mut a = base();
        a.apply(Action::Show(s));
        a.apply(Action::Help);
        out.push((format!("help on {s:?}"), a));
    }
    // Prompts and questions: each screen's actions as the user starts them.
    for s in Screen::ALL {
        for action in Action::of_screen(s, false) {
            let mut a = with_review_queue(base());
            a.apply(Action::Show(s));
            a.apply(action.clone());
            out.push((format!("{action:?} on {s:?}"), a));
        }
    }
    for action in Action::of_screen(Screen::Runbooks, true) {
        let mut a = with_runs(with_incidents(app(lang, false)), true);
        a.show(Screen::Runbooks);
        a.apply(action.clone());
        out.push((format!("{action:?} in a run"), a));
    }
    out
}

fn check(lang: Lang, stop: &[&str]) -> Vec<String> {
    let corpus = corpus(lang == Lang::En);
    let mut found = Vec::new();
    for (name, a) in screens(lang) {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| draw(f, &a)).unwrap();
            let screen = t.backend().to_string();
            found.extend(stopped(&format!("{name} {w}×{h}"), &screen, stop, &corpus));
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn a_swedish_console_has_no_english_words() {
    let found = check(Lang::Sv, ENGLISH);
    assert!(
        found.is_empty(),
        "{} English words:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn an_english_console_has_no_swedish_words() {
    let found = check(Lang::En, SWEDISH);
    assert!(
        found.is_empty(),
        "{} Swedish words:\n{}",
        found.len(),
        found.join("\n")
    );
}
