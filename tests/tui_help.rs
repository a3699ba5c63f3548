//! The help is per screen and complete: in every context (each screen, inside a run) and at
//! 80×24 and 120×40, scrolling through it shows every key that does something there, named
//! as the keymap has it in that context; and every key the help lists for a screen does
//! something there (a prompt, a question, an effect, a message — never nothing).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::tui::action::{Action, Screen};
use beredskap::tui::app::App;
use beredskap::tui::views::{draw, list_rows};
use common::console::{app, with_incidents, with_review_queue, with_runs};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn populated(lang: Lang, in_run: bool) -> App {
    with_review_queue(with_runs(with_incidents(app(lang, false)), in_run))
}

fn contexts() -> Vec<(String, Screen, bool)> {
    let mut out: Vec<(String, Screen, bool)> = Screen::ALL
        .iter()
        .map(|s| (format!("{s:?}"), *s, false))
        .collect();
    out.push(("inside a run".into(), Screen::Runbooks, true));
    out
}

fn screen_text(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(f, a)).unwrap();
    t.backend().to_string()
}

#[test]
fn help_lists_every_key_of_its_context_and_scrolls_to_show_them_all() {
    for lang in [Lang::Sv, Lang::En] {
        for (name, screen, in_run) in contexts() {
            for (w, h) in [(80u16, 24u16), (120, 40)] {
                let mut a = populated(lang, in_run);
                a.show(screen);
                assert_eq!(a.in_run_view(), in_run, "{name}");
                a.set_page_rows(list_rows(h));
                a.apply(Action::Help);
                // Scroll to the end, gathering every screenful.
                let mut seen = String::new();
                let mut last = String::new();
                for _ in 0..40 {
                    let now = screen_text(&a, w, h);
                    if now == last {
                        break;
                    }
                    seen.push_str(&now);
                    last = now;
                    a.apply(Action::Down);
                }
                assert!(a.help().0, "{name}: scrolling keeps the help open");
                let mut wanted = Action::of_screen(screen, in_run);
                wanted.extend(
                    Action::everywhere()
                        .into_iter()
                        .filter(|x| !matches!(x, Action::Show(_))),
                );
                for action in wanted {
                    let keys = a.keymap().keys_in(&action, in_run);
                    assert!(!keys.is_empty(), "{name}: no key does {action:?} here");
                    let shown = keys
                        .iter()
                        .map(|k| {
                            if k == "Space" {
                                lang.t(beredskap::i18n::T::KeySpace).to_string()
                            } else {
                                k.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    assert!(
                        seen.lines().any(|l| l.contains(&format!("│  {shown} "))),
                        "{name} {w}×{h} {lang:?}: the help does not list {action:?} ({shown}):\n{last}"
                    );
                }
                // The screen's own keys come before the ones that work everywhere.
                let first = screen_text(
                    &{
                        let mut b = populated(lang, in_run);
                        b.show(screen);
                        b.set_page_rows(list_rows(h));
                        b.apply(Action::Help);
                        b
                    },
                    w,
                    h,
                );
                let own = Action::of_screen(screen, in_run)[0].clone();
                let own_key = a.keymap().keys_in(&own, in_run)[0].clone();
                let own_key = if own_key == "Space" {
                    lang.t(beredskap::i18n::T::KeySpace).to_string()
                } else {
                    own_key
                };
                let at = |needle: &str| first.lines().position(|l| l.contains(needle));
                let quit = a.keymap().keys_in(&Action::Quit, in_run).join(", ");
                assert!(
                    at(&format!("│  {own_key}")).is_some()
                        && at(&format!("│  {own_key}"))
                            < at(&format!("│  {quit} ")).or(Some(usize::MAX)),
                    "{name} {w}×{h}: the screen's keys are not first:\n{first}"
                );
            }
        }
    }
}

/// What a key press left behind, to tell "did something" from "did nothing".
fn trace(a: &App) -> String {
    format!(
        "{:?} {:?} {:?} {} {} {} {} {:?} {} {} {}",
        a.mode(),
        a.message(),
        a.prompt().kind.is_some(),
        a.status().detail_open,
        a.incidents().open,
        a.runbooks().run_open,
        a.review().record.is_some(),
        a.screen(),
        a.prompt().input.text(),
        a.prompt().confirm.is_some(),
        a.log().event_open
    )
}

#[test]
fn every_key_the_help_lists_for_a_screen_does_something_there() {
    for (name, screen, in_run) in contexts() {
        for action in Action::of_screen(screen, in_run) {
            let mut a = populated(Lang::Sv, in_run);
            a.show(screen);
            let before = trace(&a);
            let effects = a.apply(action.clone());
            assert!(
                !effects.is_empty() || trace(&a) != before,
                "{name}: {action:?} did nothing"
            );
        }
    }
}
