//! Screen 4 headless: who is shown as on call, overrides, gaps, taking a shift.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::oncall::Override;
use beredskap::tui::action::Screen;
use beredskap::tui::app::{Effect, Mode, PromptKind};
use beredskap::tui::oncall::{Cover, rows, strips};
use chrono::Duration;
use common::console::{app, frozen_now, page_for};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn rows_show_who_is_on_call_nobody_and_suppliers() {
    let a = app(Lang::Sv, false);
    let r = rows(a.region(), &a.rota(), a.lang(), a.now());
    let it = r
        .iter()
        .find(|r| r.team == "it-drift" && r.layer == "primär")
        .unwrap();
    // Monday 03:10, before the 08:00 handoff: last week's op.mans.
    assert_eq!(it.person.as_ref().unwrap().1, "op.mans");
    assert_eq!(it.next.as_ref().unwrap().0, "Greta Demoqvist");
    let mt = r.iter().find(|r| r.team == "mt-service").unwrap();
    assert!(mt.person.is_none() && mt.layer.is_empty());
    let lev_mt = r.iter().find(|r| r.team == "lev-mt").unwrap();
    assert_eq!(lev_mt.answers, Some(false), "office hours only, 03:10");
    let gaps = strips(a.region(), &a.rota(), a.now());
    let pumps = gaps.iter().find(|s| s.system == "infusionspumpar").unwrap();
    assert_eq!(pumps.cells.len(), 56);
    assert!(pumps.cells.contains(&Cover::None) && pumps.cells.contains(&Cover::Full));
    assert!(!gaps.iter().any(|s| s.system == "journal"));
}

#[test]
fn an_override_shows_who_took_the_shift() {
    let mut a = app(Lang::Sv, false);
    a.oncall_mut().overrides = vec![Override {
        id: 7,
        team: "it-drift".into(),
        layer: "primär".into(),
        person: "op.tekla".into(),
        from: frozen_now() - Duration::minutes(5),
        to: frozen_now() + Duration::hours(5),
        reason: "byte".into(),
        by: "op.tekla".into(),
    }];
    let r = rows(a.region(), &a.rota(), a.lang(), a.now());
    let it = r
        .iter()
        .find(|r| r.team == "it-drift" && r.layer == "primär")
        .unwrap();
    assert_eq!(it.person.as_ref().unwrap().1, "op.tekla");
    assert!(it.via_override);
    assert_eq!(it.until, Some(frozen_now() + Duration::hours(5)));
}

#[test]
fn t_takes_the_selected_shift_after_asking_and_only_with_the_right() {
    let mut a = app(Lang::Sv, false);
    a.show(Screen::OnCall);
    a.on_key(key('j')); // it-drift sekundär
    assert!(a.on_key(key('t')).is_empty(), "asks first");
    assert_eq!(a.mode(), Mode::Confirm);
    assert!(
        a.prompt()
            .confirm
            .as_ref()
            .unwrap()
            .1
            .contains("it-drift sekundär")
    );
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::TakeShift {
            team: "it-drift".into(),
            layer: "sekundär".into()
        }]
    );
    // Elsewhere t does nothing; without the right it says why.
    a.show(Screen::Status);
    assert!(a.on_key(key('t')).is_empty());
    assert_eq!(a.mode(), Mode::Normal);
    a.show(Screen::OnCall);
    a.user_mut().can_change_rota = false;
    assert!(a.on_key(key('t')).is_empty());
    assert!(a.message().as_ref().unwrap().0.contains("behörighet"));
}

#[test]
fn a_page_for_me_alerts_once_shows_a_banner_and_a_acknowledges_it() {
    let mut a = app(Lang::Sv, false);
    let alerts = a.set_pages(vec![page_for("op.tekla", 41)]);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].event, 41);
    assert!(
        a.set_pages(vec![page_for("op.tekla", 41)]).is_empty(),
        "once per notification"
    );
    let banners = beredskap::tui::views::banner_texts(&a);
    assert!(banners[0].contains("LARM PAGE-2026-0001"), "{banners:?}");
    // At 80 columns a longer banner is cut where the screen ends, and says it goes on.
    let mut long = app(Lang::Sv, false);
    let mut page = page_for("op.tekla", 43);
    page.message = "Laboratoriesvar (LIS) nere: HTTP 503 tjänsten otillgänglig".into();
    long.set_pages(vec![page]);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| beredskap::tui::views::draw(f, &long)).unwrap();
    let screen = t.backend().to_string();
    let row = screen
        .lines()
        .find(|l| l.contains("LARM PAGE-2026-0001"))
        .unwrap();
    assert!(row.trim_end_matches(['"', ' ']).ends_with('…'), "{row}");
    assert_eq!(
        a.on_key(key('a')),
        vec![Effect::Acknowledge("PAGE-2026-0001".into())]
    );
    // A page for someone else: no alert, no banner; a has nothing to acknowledge here.
    let mut b = app(Lang::Sv, false);
    assert!(b.set_pages(vec![page_for("op.mans", 42)]).is_empty());
    assert!(
        beredskap::tui::views::banner_texts(&b)
            .iter()
            .all(|t| !t.contains("LARM"))
    );
    assert!(b.on_key(key('a')).is_empty());
    // On screen 4 any open page can be acknowledged.
    b.show(Screen::OnCall);
    assert_eq!(
        b.on_key(key('a')),
        vec![Effect::Acknowledge("PAGE-2026-0001".into())]
    );
}

#[test]
fn the_next_person_on_call_is_told_in_time_with_the_handoff_note() {
    let mut a = app(Lang::Sv, false);
    assert_eq!(
        a.handoff_notice(),
        None,
        "op.tekla is not next within two hours"
    );
    a.oncall_mut().overrides = vec![Override {
        id: 9,
        team: "it-drift".into(),
        layer: "primär".into(),
        person: "op.tekla".into(),
        from: frozen_now() + Duration::minutes(90),
        to: frozen_now() + Duration::hours(5),
        reason: "byte".into(),
        by: "op.mans".into(),
    }];
    a.oncall_mut().handoff_notes = vec![beredskap::model::oncall_log::HandoffNote {
        team: "it-drift".into(),
        layer: "primär".into(),
        text: "Labbet har larmat två gånger i natt, leverantören vet".into(),
        by: "op.mans".into(),
        at: frozen_now() - Duration::minutes(10),
    }];
    let notice = a.handoff_notice().unwrap();
    assert!(
        notice.starts_with("Du går på jour för it-drift primär om 1 h 30 min (04:40)"),
        "{notice}"
    );
    assert!(
        notice.contains("Överlämning från op.mans: Labbet har larmat"),
        "{notice}"
    );
    // n on screen 4 writes a handoff note for the selected layer.
    a.show(Screen::OnCall);
    a.on_key(key('n'));
    assert_eq!(a.mode(), Mode::Prompt);
    for c in "Allt lugnt".chars() {
        a.on_key(key(c));
    }
    assert_eq!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        vec![Effect::HandoffNote {
            team: "it-drift".into(),
            layer: "primär".into(),
            text: "Allt lugnt".into()
        }]
    );
}

#[test]
fn p_pages_the_selected_systems_team_after_asking() {
    let mut a = app(Lang::Sv, false);
    let system = a.status().selected.clone().unwrap();
    let owner = a.region().system(&system).unwrap().owner_team.clone();
    let name = a.region().system(&system).unwrap().name.clone();
    a.on_key(key('p'));
    assert_eq!(a.mode(), Mode::Prompt);
    assert_eq!(a.prompt().input.text(), format!("{name}: "));
    for c in "svarar inte".chars() {
        a.on_key(key(c));
    }
    assert!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            .is_empty()
    );
    assert_eq!(a.mode(), Mode::Confirm);
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::Page {
            team: owner,
            system: Some(system),
            message: format!("{name}: svarar inte")
        }]
    );
}

#[test]
fn the_review_queue_shows_flagged_incidents_with_target_and_clocks() {
    use beredskap::model::assessment::{Clock, ClockKind, Review};
    use beredskap::tui::review::ReviewRow;
    let mut a = common::console::with_incidents(app(Lang::Sv, false));
    let flagged: Vec<_> = a
        .incidents()
        .rows
        .iter()
        .filter(|r| r.patient_safety)
        .cloned()
        .collect();
    assert!(!flagged.is_empty());
    let mut review = Review::default();
    review.clocks.push((
        Clock {
            clock: ClockKind::Nis2,
            applies: true,
            aware_at: beredskap::model::timespec::to_storage(frozen_now() - Duration::hours(10)),
            reported_at: None,
            reference: String::new(),
        },
        "cl.berg".into(),
        frozen_now(),
        1,
    ));
    a.review_mut().queue = flagged
        .iter()
        .map(|r| ReviewRow::new(r, &review, Vec::new()))
        .collect();
    assert_eq!(
        a.review().queue[0].deadlines.len(),
        2,
        "24 h and 72 h until reported"
    );
    a.show(Screen::Review);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 20)).unwrap();
    t.draw(|f| beredskap::tui::views::draw(f, &a)).unwrap();
    let screen = t.backend().to_string();
    assert!(screen.contains("INC-2026-0007"), "{screen}");
    assert!(screen.contains("NIS2 14 h"), "{screen}");
    assert!(
        screen.contains("NIS2: tidig varning (24 h) till 2026-11-23 17:10 (om 14 h)"),
        "{screen}"
    );
    assert!(screen.contains("ej ännu"), "{screen}");
    assert!(screen.contains("Lokalt mål för beslut"), "{screen}");
}

#[test]
fn the_review_screen_opens_exports_and_takes_the_decision() {
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    let id = a.review().queue[0].id.clone();
    assert_eq!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        vec![Effect::LoadRecord(id.clone())]
    );
    // Longer than a page: j scrolls a line (a record that fits does not scroll).
    let mut record = vec!["# Underlag".to_string()];
    record.extend((0..40).map(|i| format!("rad {i}")));
    a.review_mut().record = Some(record);
    a.on_key(key('j'));
    assert_eq!(a.review().record_scroll, 1);
    a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(a.review().record.is_none());
    assert_eq!(a.on_key(key('e')), vec![Effect::ExportRecord(id.clone())]);
    a.on_key(key('l'));
    for c in "j Risk för allvarlig vårdskada".chars() {
        a.on_key(key(c));
    }
    assert!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            .is_empty(),
        "asks first"
    );
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::Decide {
            incident: id.clone(),
            report: true,
            motivation: "Risk för allvarlig vårdskada".into(),
            against_assessment: false,
        }]
    );
    // Anything but yes or no first is refused with a hint.
    a.on_key(key('l'));
    for c in "kanske".chars() {
        a.on_key(key(c));
    }
    assert!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            .is_empty()
    );
    assert!(a.message().as_ref().unwrap().0.contains("j eller n"));
    // "Not report" after an assessment that found a risk of serious harm: the motivation
    // is asked for on its own and the decision is recorded as a deliberate choice.
    a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    a.review_mut().queue[0].serious_risk = true;
    a.on_key(key('l'));
    for c in "n Ingen patient skadades".chars() {
        a.on_key(key(c));
    }
    assert!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            .is_empty()
    );
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(matches!(
        a.prompt().kind,
        Some(PromptKind::DecideAgainst(_))
    ));
    assert!(a.message().as_ref().unwrap().0.contains("medvetet val"));
    assert_eq!(a.prompt().input.text(), "Ingen patient skadades");
    for c in ", reservrutinen höll".chars() {
        a.on_key(key(c));
    }
    a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(a.mode(), Mode::Confirm);
    assert_eq!(
        a.on_key(key('j')),
        vec![Effect::Decide {
            incident: id,
            report: false,
            motivation: "Ingen patient skadades, reservrutinen höll".into(),
            against_assessment: true,
        }]
    );
}

#[test]
fn the_assessment_is_asked_one_question_at_a_time_and_bad_answers_are_asked_again() {
    use beredskap::model::assessment::{Harm, Patients};
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    let id = a.review().queue[0].id.clone();
    let answer = |a: &mut beredskap::tui::app::App, text: &str| {
        for c in text.chars() {
            a.on_key(key(c));
        }
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
    };
    a.on_key(key('b'));
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(answer(&mut a, "nej").is_empty());
    // "kanske" is not yes or no: question 2 is asked again at once, the text kept to fix.
    assert!(answer(&mut a, "kanske").is_empty());
    assert!(a.message().as_ref().unwrap().0.contains("Svara j eller n"));
    assert_eq!(a.mode(), Mode::Prompt);
    assert_eq!(a.prompt().input.text(), "kanske");
    a.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    for text in ["j", "Svar dröjde"] {
        assert!(answer(&mut a, text).is_empty());
    }
    // The care units start from the incident's own, ready to add to.
    assert_eq!(a.prompt().input.text(), "IVA, Förlossningen, ");
    assert!(answer(&mut a, "Avd 12").is_empty());
    // "några" is neither a count nor "risk": asked again.
    assert!(answer(&mut a, "några").is_empty());
    assert_eq!(a.prompt().input.text(), "några");
    a.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    for text in [
        "risk",
        "j via telefon",
        "-",
        "Certifikat",
        "4 5",
        "Låg",
        "-",
    ] {
        assert!(answer(&mut a, text).is_empty());
    }
    assert_eq!(a.mode(), Mode::Confirm);
    let effects = a.on_key(key('j'));
    let [
        Effect::Assess {
            incident,
            assessment,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(incident, &id);
    assert_eq!(assessment.harm, Harm::No);
    assert!(assessment.serious_risk);
    assert_eq!(assessment.patients, Patients::RiskOnly);
    assert!(assessment.informed);
    assert_eq!(assessment.informed_how, "via telefon");
    assert_eq!(assessment.risk_assessment, "Låg");
    assert_eq!(assessment.care_units, ["IVA", "Förlossningen", "Avd 12"]);
    assert_eq!(assessment.cause_areas.len(), 2);
    assert!(assessment.actions.is_empty());
    // y shows the year's overview.
    assert_eq!(a.on_key(key('y')), vec![Effect::LoadYear]);
}

/// The key the page banner names, read from the banner: `(tryck a för att kvittera)` or
/// `(tryck Esc och sedan a för att kvittera)`. Returns the keys to press, in order.
fn keys_named_by_the_banner(a: &beredskap::tui::app::App) -> Vec<KeyEvent> {
    let banners = beredskap::tui::views::banner_texts(a);
    let banner = banners
        .iter()
        .find(|b| b.contains("PAGE-2026-0001"))
        .unwrap_or_else(|| panic!("no page banner in {banners:?}"));
    let hint = banner
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(hint, _)| hint)
        .unwrap();
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"tryck"), "{hint}");
    let until = words.iter().position(|w| *w == "för").unwrap();
    words[1..until]
        .iter()
        .filter(|w| !matches!(**w, "och" | "sedan"))
        .map(|w| match *w {
            "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            w if w.chars().count() == 1 => key(w.chars().next().unwrap()),
            other => panic!("the banner names {other:?}, not a key: {hint}"),
        })
        .collect()
}

#[test]
fn the_key_the_page_banner_names_acknowledges_it_on_every_screen_and_in_every_mode() {
    use beredskap::tui::action::Action;
    use common::console::{with_incidents, with_runs};
    let ack = vec![Effect::Acknowledge("PAGE-2026-0001".into())];
    type Setup = fn(&mut beredskap::tui::app::App);
    let contexts: Vec<(&str, Setup)> = vec![
        ("status", |a| a.show(Screen::Status)),
        ("status with the detail open", |a| {
            a.show(Screen::Status);
            a.apply(Action::Open);
        }),
        ("incidents", |a| a.show(Screen::Incidents)),
        ("an open incident", |a| {
            a.show(Screen::Incidents);
            a.apply(Action::Open);
        }),
        ("runbooks", |a| a.show(Screen::Runbooks)),
        ("inside a run", |a| {
            a.show(Screen::Runbooks);
            a.apply(Action::Open);
        }),
        ("on call", |a| a.show(Screen::OnCall)),
        ("log", |a| a.show(Screen::Log)),
        ("review", |a| a.show(Screen::Review)),
        ("help", |a| {
            a.apply(Action::Help);
        }),
        ("the filter prompt", |a| {
            a.apply(Action::Filter);
        }),
        ("the command line", |a| {
            a.apply(Action::Command);
        }),
        ("a diary note", |a| {
            a.show(Screen::Log);
            a.apply(Action::NewNote);
        }),
        ("a step note inside a run", |a| {
            a.show(Screen::Runbooks);
            a.apply(Action::Open);
            a.apply(Action::StepNote);
        }),
        ("declaring, its title prompt", |a| {
            a.show(Screen::Status);
            a.apply(Action::Declare);
        }),
        ("picking a severity", |a| {
            a.show(Screen::Status);
            a.apply(Action::Declare);
            a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            assert!(a.prompt().picker.is_some());
        }),
        ("a question to confirm", |a| {
            a.show(Screen::Status);
            a.apply(Action::Declare);
            a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            assert_eq!(a.mode(), Mode::Confirm);
        }),
    ];
    for (name, setup) in contexts {
        let mut a = with_runs(with_incidents(app(Lang::Sv, false)), false);
        a.set_pages(vec![page_for("op.tekla", 41)]);
        setup(&mut a);
        let keys = keys_named_by_the_banner(&a);
        let mut effects = Vec::new();
        for k in keys {
            effects = a.on_key(k);
        }
        assert_eq!(effects, ack, "{name}: the named key did not acknowledge");
    }
    // The run view in particular: `a` acknowledges there, and aborting has its own key.
    let mut a = with_runs(with_incidents(app(Lang::Sv, false)), true);
    a.set_pages(vec![page_for("op.tekla", 41)]);
    assert!(a.in_run_view());
    assert_eq!(a.on_key(key('a')), ack);
    // A keymap that gives `a` to something else in a run: the banner names what works.
    let mut overrides = std::collections::BTreeMap::new();
    overrides.insert("run_abort".to_string(), vec!["a".to_string()]);
    let (keymap, problems) = beredskap::tui::keymap::Keymap::with_overrides(&overrides);
    assert!(problems.is_empty());
    a.set_keymap(keymap);
    let banner = beredskap::tui::views::banner_texts(&a)[0].clone();
    assert!(banner.contains(":kvittera"), "{banner}");
    a.apply(Action::Command);
    for c in "kvittera".chars() {
        a.on_key(key(c));
    }
    assert_eq!(
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        ack
    );
}

#[test]
fn a_revised_assessment_starts_from_the_one_in_force_answer_by_answer() {
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    let before = beredskap::tui::assess::assessment_from(
        &[
            "ja",
            "j",
            "Svar dröjde",
            "IVA",
            "2",
            "j per telefon",
            "-",
            "Certifikat",
            "4",
            "Låg",
            "Larma; it-drift; 2026-12-15; larm; stark",
        ]
        .map(String::from),
    )
    .unwrap();
    a.review_mut().queue[0].assessment = Some(before.clone());
    a.on_key(key('b'));
    assert_eq!(a.prompt().input.text(), "ja");
    // Enter keeps each answer as it was; the actions too, then "-" ends.
    for _ in 0..11 {
        a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }
    assert_eq!(a.prompt().input.text(), "");
    a.on_key(key('-'));
    a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(a.mode(), Mode::Confirm);
    match &a.prompt().confirm {
        Some((Effect::Assess { assessment, .. }, _)) => assert_eq!(assessment, &before),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_open_page_names_the_round_when_its_escalation_starts_over() {
    let read = |lang: Lang, round: u32| {
        let mut a = app(lang, false);
        let mut page = page_for("op.tekla", 41);
        page.policy.repeats = 3;
        page.notified[0].2.round = round;
        a.set_pages(vec![page]);
        a.show(Screen::OnCall);
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| beredskap::tui::views::draw(f, &a)).unwrap();
        let screen = t.backend().to_string();
        screen
            .lines()
            .find(|l| l.contains("PAGE-2026-0001 ·"))
            .unwrap_or_else(|| panic!("no page line:\n{screen}"))
            .to_string()
    };
    // The one step of the policy, first round: what comes next is that step again.
    let first = read(Lang::Sv, 0);
    assert!(first.contains("steg 1 → op.tekla"), "{first}");
    assert!(first.contains("nästa steg 1 (varv 2)"), "{first}");
    // A later round says so on both sides.
    let later = read(Lang::Sv, 1);
    assert!(later.contains("steg 1 (varv 2) → op.tekla"), "{later}");
    assert!(later.contains("nästa steg 1 (varv 3)"), "{later}");
    let en = read(Lang::En, 1);
    assert!(en.contains("step 1 (round 2) → op.tekla"), "{en}");
    assert!(en.contains("next step 1 (round 3)"), "{en}");
}
