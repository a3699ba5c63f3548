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
use common::language::{ENGLISH, SWEDISH, words};
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
    a.screen = Screen::Incidents;
    a.apply(Action::Open);
    out.push(("incident".into(), a));
    let mut a = with_runs(with_incidents(app(lang, false)), true);
    a.screen = Screen::Runbooks;
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
        a.screen = Screen::Runbooks;
        a.apply(action.clone());
        out.push((format!("{action:?} in a run"), a));
    }
    out
}

/// The scenario's own data — the region's configuration, the runbooks and, for the English
/// check, the fixture's notes and titles (written in Swedish, as a Swedish region writes
/// them) — as one run of lowercase words. Interface text is checked; data shown as written
/// is not: a stop word is excused when it and its neighbours on screen are a phrase of the
/// data.
fn data(with_fixture_texts: bool) -> String {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    let mut walk = vec![repo.join("fixtures/region-demo"), repo.join("runbooks")];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk.push(path);
            } else if path.extension().is_some_and(|e| e == "toml" || e == "md") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
                text.push('\n');
            }
        }
    }
    if with_fixture_texts {
        let fixture = std::fs::read_to_string(repo.join("tests/common/console.rs")).unwrap();
        for literal in fixture.split('"').skip(1).step_by(2) {
            text.push_str(literal);
            text.push('\n');
        }
    }
    format!(" {} ", words(&text).collect::<Vec<_>>().join(" "))
}

fn check(lang: Lang, stop: &[&str]) -> Vec<String> {
    let corpus = data(lang == Lang::En);
    let mut found = Vec::new();
    for (name, a) in screens(lang) {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| draw(f, &a)).unwrap();
            let screen = t.backend().to_string();
            for line in screen.lines() {
                let tokens: Vec<String> = words(line).collect();
                for (i, word) in tokens.iter().enumerate() {
                    if !stop.contains(&word.as_str()) {
                        continue;
                    }
                    // Data when the word and a neighbour on screen are a phrase of the data.
                    let before = (i > 0).then(|| format!("{} {word}", tokens[i - 1]));
                    let after = tokens.get(i + 1).map(|next| format!("{word} {next}"));
                    if [before, after]
                        .into_iter()
                        .flatten()
                        .any(|phrase| corpus.contains(&format!(" {phrase} ")))
                    {
                        continue;
                    }
                    // A server's reason phrase after its HTTP status is the server's own
                    // words, shown as they came ("HTTP 503 Service Unavailable").
                    // (An overlay may cover the "HTTP" before the status.)
                    let reason_phrase = (1..=3).any(|j| {
                        i >= j
                            && tokens[i - j]
                                .parse::<u16>()
                                .is_ok_and(|code| (100..600).contains(&code))
                    });
                    if reason_phrase {
                        continue;
                    }
                    // Data cut by an overlay's border or an ellipsis: the start of a word
                    // of the data ("Jour│" of a team name behind the help).
                    let lower = line.to_lowercase();
                    let cut = ['│', '…']
                        .iter()
                        .any(|end| lower.contains(&format!("{word}{end}")));
                    if cut && corpus.contains(&format!(" {word}")) {
                        continue;
                    }
                    found.push(format!("{name} {w}×{h}: `{word}` in {}", line.trim()));
                }
            }
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
