//! Screen 3 headless: the runbooks list, starting a run, the run view's keys, refresh and
//! resume. Keys in, effects and state out; no terminal, no database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::run::StepState;
use beredskap::ops::run::StepAction;
use beredskap::tui::action::Screen;
use beredskap::tui::app::{App, Effect, Mode};
use beredskap::tui::runs::{Entry, SavedView};
use common::console::{app, with_incidents, with_runs};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn special(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn typed(a: &mut App, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        a.on_key(key(c));
    }
    a.on_key(special(KeyCode::Enter))
}

fn open_run() -> App {
    with_runs(with_incidents(app(Lang::Sv, true)), true)
}

fn step_effect(step: usize, action: StepAction) -> Vec<Effect> {
    vec![Effect::RunStep {
        run: "RUN-2026-0003".into(),
        step,
        action,
    }]
}

#[test]
fn the_list_has_active_runs_then_runbooks_then_finished_runs() {
    let a = with_runs(app(Lang::Sv, true), false);
    let entries = a.runbook_entries();
    assert!(matches!(entries[0], Entry::Run(r) if r.id == "RUN-2026-0003"));
    assert!(matches!(entries.last().unwrap(), Entry::Run(r) if r.status == "completed"));
    let runbooks: Vec<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Runbook(b) => Some(b.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(runbooks.len(), 8, "{runbooks:?}");
    assert_eq!(a.runbooks().selected.as_deref(), Some("run:RUN-2026-0003"));
}

#[test]
fn the_selection_survives_a_refresh_that_adds_a_run() {
    let mut a = with_runs(app(Lang::Sv, true), false);
    a.on_key(key('j'));
    a.on_key(key('j'));
    let chosen = a.runbooks().selected.clone().unwrap();
    assert!(chosen.starts_with("runbook:"), "{chosen}");
    let mut rows = a.runbooks().runs.clone();
    let mut new = rows[0].clone();
    new.id = "RUN-2026-0004".into();
    rows.insert(0, new);
    a.set_runs(rows);
    assert_eq!(a.runbooks().selected.as_deref(), Some(chosen.as_str()));
}

#[test]
fn enter_on_a_runbook_asks_then_starts_it_for_the_incident_on_its_system() {
    let mut a = with_runs(with_incidents(app(Lang::Sv, true)), false);
    // The open incident INC-2026-0007 is on natverk-norra: the network runbook belongs to it.
    while a.runbooks().selected.as_deref() != Some("runbook:natverk-norra-nere") {
        a.on_key(key('j'));
    }
    assert!(a.on_key(special(KeyCode::Enter)).is_empty(), "asks first");
    assert_eq!(a.mode(), Mode::Confirm);
    let question = &a.prompt().confirm.as_ref().unwrap().1;
    assert!(question.contains("INC-2026-0007"), "{question}");
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::StartRun {
            runbook: "natverk-norra-nere".into(),
            incident: Some("INC-2026-0007".into())
        }]
    );
    // A runbook for a system no open incident touches starts on its own; n cancels.
    while a.runbooks().selected.as_deref() != Some("runbook:lab-nere") {
        a.on_key(key('k'));
    }
    a.on_key(special(KeyCode::Enter));
    assert!(!a.prompt().confirm.as_ref().unwrap().1.contains("INC-"));
    assert!(a.on_key(key('n')).is_empty());
    assert_eq!(a.mode(), Mode::Normal);
}

#[test]
fn enter_on_a_run_opens_it_and_escape_goes_back() {
    let mut a = with_runs(app(Lang::Sv, true), false);
    assert_eq!(
        a.on_key(special(KeyCode::Enter)),
        vec![Effect::LoadRun("RUN-2026-0003".into())]
    );
    assert!(a.in_run_view());
    assert_eq!(a.on_key(special(KeyCode::Esc)), vec![Effect::ReloadRuns]);
    assert!(!a.in_run_view());
}

#[test]
fn the_cursor_starts_on_the_first_open_step_and_enter_or_space_mark_it_done() {
    let mut a = open_run();
    assert_eq!(a.runbooks().step_cursor, 4, "steps 1-4 are finished");
    assert_eq!(
        a.on_key(special(KeyCode::Enter)),
        step_effect(5, StepAction::Done { value: None })
    );
    assert_eq!(
        a.on_key(key(' ')),
        step_effect(5, StepAction::Done { value: None })
    );
}

#[test]
fn a_step_that_asks_for_a_value_prompts_for_it() {
    let mut a = open_run();
    a.runbooks_mut().step_cursor = 12; // step 13: "Jämför telefonsvaren … (värde: antal skillnader)"
    let info = a.runbooks().run.as_ref().unwrap().info(12);
    assert_eq!(info.value.as_deref(), Some("antal skillnader"));
    assert!(a.on_key(key(' ')).is_empty());
    assert_eq!(a.mode(), Mode::Prompt);
    assert_eq!(
        typed(&mut a, "12"),
        step_effect(
            13,
            StepAction::Done {
                value: Some("12".into())
            }
        )
    );
}

#[test]
fn skipping_needs_a_reason_and_an_empty_one_is_said_not_saved() {
    let mut a = open_run();
    assert!(a.on_key(key('s')).is_empty());
    assert_eq!(a.mode(), Mode::Prompt);
    // An empty reason: said, nothing saved, the prompt stays (it closed without a word).
    assert!(typed(&mut a, "  ").is_empty());
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(a.message().clone().unwrap().0.contains("inget sparades"));
    a.on_key(special(KeyCode::Esc));
    assert_eq!(a.mode(), Mode::Normal, "Esc cancels");
    a.on_key(key('s'));
    assert_eq!(
        typed(&mut a, "Inga planerade prover i dag"),
        step_effect(
            5,
            StepAction::Skip {
                reason: "Inga planerade prover i dag".into()
            }
        )
    );
}

#[test]
fn a_finished_step_says_who_took_it_and_offers_undo() {
    let mut a = open_run();
    a.runbooks_mut().step_cursor = 0;
    assert!(a.on_key(special(KeyCode::Enter)).is_empty());
    let (text, error) = a.message().clone().unwrap();
    assert!(error);
    assert!(
        text.contains("Steg 1") && text.contains("avd12.sara"),
        "{text}"
    );
    assert!(
        a.on_key(key('s')).is_empty(),
        "a done step cannot be skipped"
    );
    a.on_key(key('u'));
    assert_eq!(a.mode(), Mode::Prompt);
    assert_eq!(
        typed(&mut a, "fel patientgrupp"),
        step_effect(
            1,
            StepAction::Undo {
                reason: "fel patientgrupp".into()
            }
        )
    );
    // Nothing to undo on an open step.
    a.runbooks_mut().step_cursor = 4;
    assert!(a.on_key(key('u')).is_empty());
    assert!(a.message().as_ref().unwrap().1);
}

#[test]
fn notes_go_on_any_step() {
    let mut a = open_run();
    a.runbooks_mut().step_cursor = 0;
    a.on_key(key('n'));
    assert_eq!(
        typed(&mut a, "Svar lämnat till dr på avd 12"),
        step_effect(
            1,
            StepAction::Note {
                text: "Svar lämnat till dr på avd 12".into()
            }
        )
    );
}

#[test]
fn completing_needs_every_step_and_aborting_asks_for_a_reason_and_confirmation() {
    let mut a = open_run();
    assert!(a.on_key(key('c')).is_empty());
    let (text, _) = a.message().clone().unwrap();
    assert!(text.contains("steg kvar"), "{text}");
    a.on_key(key('x'));
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(typed(&mut a, "Systemet tillbaka efter tio minuter").is_empty());
    assert_eq!(a.mode(), Mode::Confirm);
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::AbortRun {
            run: "RUN-2026-0003".into(),
            reason: "Systemet tillbaka efter tio minuter".into()
        }]
    );
}

#[test]
fn someone_without_the_right_is_told_why() {
    let mut a = open_run();
    a.user_mut().can_run = false;
    a.user_mut().roles = "viewer".into();
    assert!(a.on_key(special(KeyCode::Enter)).is_empty());
    let (text, error) = a.message().clone().unwrap();
    assert!(
        error && text.contains("behörighet") && text.contains("viewer"),
        "{text}"
    );
}

#[test]
fn a_refresh_keeps_the_cursor_and_shows_the_other_persons_step() {
    let mut a = open_run();
    a.runbooks_mut().step_cursor = 6;
    let mut view = a.runbooks().run.clone().unwrap();
    view.run.steps[4].state = StepState::Done {
        by: "op.mans".into(),
        at: common::console::frozen_now(),
        value: None,
        event: 999,
    };
    a.set_run(Some(view));
    assert_eq!(
        a.runbooks().step_cursor,
        6,
        "another person's step does not move my cursor"
    );
    // After my own step, the cursor moves on to the next open step.
    a.advance_cursor(6);
    assert_eq!(a.runbooks().step_cursor, 7);
    // Enter on the step the other person took tells who, without writing.
    a.runbooks_mut().step_cursor = 4;
    assert!(a.on_key(special(KeyCode::Enter)).is_empty());
    assert!(a.message().as_ref().unwrap().0.contains("op.mans"));
}

#[test]
fn the_view_is_saved_and_restored() {
    let mut a = open_run();
    a.runbooks_mut().step_cursor = 7;
    let saved = a.saved_view();
    assert_eq!(
        saved,
        SavedView {
            screen: 3,
            run: Some("RUN-2026-0003".into()),
            step: 7
        }
    );
    let mut b = app(Lang::Sv, true);
    let effects = b.restore(&saved);
    assert_eq!(b.screen(), Screen::Runbooks);
    assert!(effects.contains(&Effect::LoadRun("RUN-2026-0003".into())));
    let run = a.runbooks().run.clone();
    b.set_run(run);
    assert_eq!(b.runbooks().step_cursor, 7);
    assert!(b.in_run_view());
    // A saved view that names no screen we know is ignored.
    let mut c = app(Lang::Sv, true);
    assert!(
        c.restore(&SavedView {
            screen: 42,
            run: None,
            step: 0
        })
        .is_empty()
    );
    assert_eq!(c.screen(), Screen::Status);
}

#[test]
fn starting_a_runbook_that_is_already_running_offers_to_open_that_run() {
    let mut a = with_runs(app(Lang::Sv, true), false);
    while a.runbooks().selected.as_deref() != Some("runbook:lab-nere") {
        a.on_key(key('j'));
    }
    assert!(a.on_key(special(KeyCode::Enter)).is_empty());
    assert_eq!(a.mode(), Mode::Confirm);
    let question = a.prompt().confirm.as_ref().unwrap().1.clone();
    assert!(
        question.starts_with("Det finns redan en aktiv körning av «")
            && question.contains("RUN-2026-0003, startad "),
        "{question}"
    );
    // Enter opens the run that is going on.
    assert_eq!(
        a.on_key(special(KeyCode::Enter)),
        vec![Effect::LoadRun("RUN-2026-0003".into())]
    );
    assert!(a.runbooks().run_open);
    // j starts another, knowingly.
    let mut b = with_runs(app(Lang::Sv, true), false);
    while b.runbooks().selected.as_deref() != Some("runbook:lab-nere") {
        b.on_key(key('j'));
    }
    b.on_key(special(KeyCode::Enter));
    assert_eq!(
        b.on_key(key('j')),
        vec![Effect::StartRun {
            runbook: "lab-nere".into(),
            incident: None
        }]
    );
}

#[test]
fn a_step_written_for_another_role_asks_first_and_records_that_it_was_confirmed() {
    use beredskap::model::role::Role;
    let mut a = open_run();
    let view = a.runbooks().run.clone().unwrap();
    let pending = |i: usize| matches!(view.run.steps[i].state, StepState::Pending);
    let index = (0..view.run.steps.len())
        .find(|&i| {
            let info = view.info(i);
            pending(i)
                && info.value.is_none()
                && info
                    .role
                    .as_deref()
                    .is_some_and(|r| !Role::Operator.covers_step_role(r))
        })
        .expect("a step for another role in lab-nere");
    let role = view.info(index).role.unwrap();
    let number = view.run.steps[index].number;
    a.runbooks_mut().step_cursor = index;
    assert!(a.on_key(special(KeyCode::Enter)).is_empty(), "asks first");
    assert_eq!(a.mode(), Mode::Confirm);
    let question = a.prompt().confirm.as_ref().unwrap().1.clone();
    assert_eq!(
        question,
        format!("Steg {number} är för {role}; du är driftjour. Markera klart ändå?")
    );
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::RunStepAsOtherRole {
            run: "RUN-2026-0003".into(),
            step: number,
            note: format!("är för {role}, utfört av driftjour (bekräftat)"),
        }]
    );
    // Someone in the step's role is not asked.
    let mut b = open_run();
    b.user_mut().role_ids = vec![Role::Ward, Role::Physician];
    b.runbooks_mut().step_cursor = index;
    assert_eq!(
        b.on_key(special(KeyCode::Enter)),
        vec![Effect::RunStep {
            run: "RUN-2026-0003".into(),
            step: number,
            action: StepAction::Done { value: None },
        }]
    );
}

/// After a long note on step 7 the cursor on step 8 was below the view at 80×24 and Enter
/// acted on a step the nurse could not see (issue 32). The step acted on is always shown.
#[test]
fn the_step_under_the_cursor_is_on_screen_after_a_long_note_above_it() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut a = open_run();
    let mut view = a.runbooks().run.clone().unwrap();
    let long = "Labbet ringde tillbaka och berättade om läget på avdelningen. ".repeat(30);
    view.run.steps[6].notes.push(("avd12.sara".into(), long));
    a.set_run(Some(view));
    for cursor in [7, 8] {
        a.runbooks_mut().step_cursor = cursor;
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| beredskap::tui::views::draw(f, &a)).unwrap();
        let screen = format!("{}", t.backend());
        let marker = format!("▶ {:>2} ", cursor + 1);
        assert!(
            screen.contains(&marker),
            "step {} not shown:\n{screen}",
            cursor + 1
        );
    }
}
