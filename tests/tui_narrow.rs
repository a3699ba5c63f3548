//! The console at 80×24 in Swedish, read as its users read it over SSH: a question to
//! confirm shows whole with the keys that answer it, the header keeps the monitor's state
//! whole, an incident's timeline shows the newest event and scrolls back, and on-call
//! teams go by their names.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::tui::action::{Action, Screen};
use beredskap::tui::app::{App, Effect};
use beredskap::tui::views::draw;
use beredskap::tui::worker_io::{Done, Patch};
use common::console::{app, with_incidents, with_runs};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| draw(f, app)).unwrap();
    t.backend().to_string()
}

/// The screen's text as one run of words (wrapping and padding taken out).
fn read(app: &App) -> String {
    screen(app)
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_question_too_long_for_the_footer_shows_whole_with_the_keys_that_answer_it() {
    let mut a = with_runs(app(Lang::Sv, false), false);
    a.show(Screen::Runbooks);
    a.runbooks_mut().selected = Some("runbook:journal-nere".into());
    a.runbooks_mut().chosen = true;
    a.apply(Action::Open);
    let text = read(&a);
    assert!(
        text.contains(
            "Starta reservrutinen «Journalsystemet ur funktion (oplanerat) – reservrutin för vårdenhet»?"
        ),
        "{}",
        screen(&a)
    );
    let last = screen(&a).lines().last().unwrap().to_string();
    assert!(last.contains("(j = ja, annan tangent = nej)"), "{last}");
}

#[test]
fn the_header_shows_the_monitor_whole_when_the_roles_are_long() {
    let mut a = app(Lang::Sv, false);
    a.user_mut().account = "il.karin".into();
    a.user_mut().roles = "driftjour, incidentledare".into();
    let header = screen(&a).lines().next().unwrap().to_string();
    assert!(
        header.contains("il.karin (driftjour, incidentledare)"),
        "{header}"
    );
    assert!(header.contains("övervakning: körs här"), "{header}");
}

/// The fixture's incident with `n` notes more, a minute apart, the newest last.
fn long_incident(n: usize) -> App {
    let mut a = with_incidents(app(Lang::Sv, false));
    let detail = a.incidents_mut().detail.as_mut().unwrap();
    let template = detail.timeline[1].clone();
    let last = detail.timeline.last().unwrap().clone();
    for i in 0..n {
        let mut e = template.clone();
        e.id = 100 + i as i64;
        e.occurred_at = last.occurred_at + chrono::Duration::seconds(i as i64 + 1);
        e.recorded_at = e.occurred_at;
        e.payload = serde_json::json!({
            "text": format!("Anteckning {i}: läget på avdelningarna följs upp, reservrutinen går som planerat"),
            "kind": "note"
        });
        detail.timeline.push(e);
    }
    a.show(Screen::Incidents);
    a.incidents_mut().open = true;
    a
}

/// One more note after the newest entry of `timeline`.
fn push_note(timeline: &mut Vec<beredskap::model::event::Event>, text: &str) {
    let mut e = timeline.last().unwrap().clone();
    e.id += 1;
    e.payload = serde_json::json!({"text": text, "kind": "note"});
    timeline.push(e);
}

#[test]
fn an_incident_timeline_shows_the_newest_event_and_scrolls_back_from_it() {
    let mut a = long_incident(40);
    let text = read(&a);
    assert!(text.contains("Anteckning 39:"), "{}", screen(&a));
    assert!(!text.contains("incident deklarerad"), "{}", screen(&a));
    // A long note goes on under its text, not under the time.
    let s = screen(&a);
    let continued = s
        .lines()
        .find(|l| l.contains("reservrutinen går som planerat") && !l.contains("Anteckning"));
    if let Some(line) = continued {
        assert!(line.starts_with(&format!("\"{}", " ".repeat(20))), "{line}");
    }
    a.apply(Action::PageUp);
    let back = read(&a);
    assert!(!back.contains("Anteckning 39:"), "{}", screen(&a));
    a.apply(Action::Top);
    let top = read(&a);
    assert!(top.contains("incident deklarerad"), "{}", screen(&a));
    a.apply(Action::Bottom);
    assert!(read(&a).contains("Anteckning 39:"), "{}", screen(&a));
}

#[test]
fn scrolled_back_the_timeline_stays_where_it_is_while_new_events_arrive() {
    let mut a = long_incident(40);
    a.apply(Action::PageUp);
    let before = screen(&a);
    // The worker brings a longer timeline (two new notes): the window does not move.
    let mut grown = a.incidents().detail.clone().unwrap();
    for i in 0..2 {
        push_note(&mut grown.timeline, &format!("Ny anteckning {i}"));
    }
    let id = grown.incident.id.clone();
    a.apply_done(Done {
        effect: Effect::LoadIncident(id.clone()),
        patch: Patch {
            incident: Some((id, Some(grown))),
            ..Default::default()
        },
    });
    let after = screen(&a);
    let body = |s: &str| s.lines().skip(4).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&before), body(&after));
}

#[test]
fn on_call_names_the_teams_and_keeps_the_legend_whole() {
    let mut a = app(Lang::Sv, false);
    a.apply(Action::Show(Screen::OnCall));
    let s = screen(&a);
    assert!(s.contains("IT-drift (drift…"), "{s}");
    assert!(!s.contains("it-drift "), "{s}");
    assert!(s.contains("━ täckt  ╍ delvis  ✖ ingen jour"), "{s}");
}

#[test]
fn a_status_change_starts_at_the_status_after_the_incidents_own() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut a = long_incident(0);
    // The fixture's incident has its cause identified ("orsak känd"): next is monitoring
    // ("bevakas"), third of six.
    a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE));
    let footer = screen(&a).lines().last().unwrap().to_string();
    assert!(footer.contains("‹ bevakas › 3/6"), "{footer}");
}

#[test]
fn the_log_names_its_subjects_in_words_and_gives_the_text_the_room() {
    let mut a = app(Lang::Sv, false);
    a.apply(Action::Show(Screen::Log));
    let s = screen(&a);
    // The diary by its Swedish name, the year left out at 80 columns.
    assert!(s.contains("23/11 03:08:05 op.tekla   driftdagbok"), "{s}");
    assert!(!s.contains(" diary "), "{s}");
    // A text cut at the screen's edge says so.
    assert!(s.contains("Leverantören kontaktad om labbsystem…"), "{s}");
}

#[test]
fn a_checks_verdict_is_in_words() {
    assert_eq!(Lang::Sv.verdict("fail"), "fel");
    assert_eq!(Lang::Sv.verdict("warn"), "varning");
    assert_eq!(Lang::Sv.verdict("ok"), "ok");
    assert_eq!(Lang::En.verdict("fail"), "failed");
}

#[test]
fn an_open_incident_without_its_commander_says_so_with_the_key() {
    let mut a = long_incident(0);
    let s = screen(&a);
    assert!(!s.contains("inte utsedd"), "{s}");
    a.incidents_mut()
        .detail
        .as_mut()
        .unwrap()
        .incident
        .roles
        .remove("commander");
    let s = screen(&a);
    assert!(
        s.contains("Incidentledare inte utsedd — r tilldelar"),
        "{s}"
    );
    // The whole head shows, every milestone too, before the timeline.
    assert!(s.contains("deklarerades 02:56 (+4 min)"), "{s}");
}

#[test]
fn the_timeline_shows_whole_entries_only_with_the_newest_at_the_bottom() {
    // Two-line notes, then a one-line one: the room above cannot hold whole notes exactly
    // on one of two screen heights, so try both.
    for extra in 0..2 {
        check_whole_entries(extra);
    }
}

fn check_whole_entries(extra: usize) {
    let mut a = long_incident(40);
    let detail = a.incidents_mut().detail.as_mut().unwrap();
    for i in 0..=extra {
        push_note(&mut detail.timeline, &format!("Kort {i}"));
    }
    let s = screen(&a);
    let lines: Vec<&str> = s.lines().collect();
    let top = lines.iter().position(|l| l.contains("Tidslinje")).unwrap();
    // The first line under the heading is an entry's start (a time) or empty, never the
    // continuation of an entry cut off above.
    let first = lines[top + 1].trim_matches('"');
    assert!(
        first.trim().is_empty() || first.chars().next().is_some_and(|c| c.is_ascii_digit()),
        "{s}"
    );
    // The newest entry's last line is the screen's last line above the footer.
    let last = lines[lines.len() - 2];
    assert!(last.contains(&format!("Kort {extra}")), "{s}");
}

#[test]
fn a_status_heading_too_wide_for_its_column_is_marked_and_an_empty_impact_column_has_none() {
    let mut a = app(Lang::Sv, false);
    let heading = |a: &App| {
        screen(a)
            .lines()
            .find(|l| l.contains("Läge"))
            .unwrap()
            .to_string()
    };
    // The fixture has rows impacted by the network: the heading is cut, and says so.
    let cut = heading(&a);
    assert!(cut.contains("Påverkad …"), "{cut}");
    // Nothing impacted on screen and a narrow column: no heading over nothing.
    let mut rows = common::console::rows(a.region());
    for r in &mut rows {
        r.impacted_by.clear();
    }
    a.set_rows(rows);
    let quiet = heading(&a);
    assert!(!quiet.contains("Påverk"), "{quiet}");
}

#[test]
fn a_run_without_an_incident_gives_its_title_the_incident_columns_room() {
    let mut a = with_runs(app(Lang::Sv, false), false);
    a.show(Screen::Runbooks);
    let row = |a: &App| {
        screen(a)
            .lines()
            .find(|l| l.contains("RUN-2026-0003"))
            .unwrap()
            .to_string()
    };
    let with = row(&a);
    assert!(with.contains("INC-"), "{with}");
    for r in &mut a.runbooks_mut().runs {
        r.incident = None;
    }
    let without = row(&a);
    let title = |l: &str| {
        l.split("RUN-2026-0003")
            .nth(1)
            .unwrap()
            .split("  ")
            .nth(1)
            .map(str::len)
    };
    assert!(title(&without) > title(&with), "{with}\n{without}");
}

#[test]
fn the_review_screen_offers_its_keys_only_to_a_role_that_may_use_them() {
    use beredskap::model::role::{Permission, Role};
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    a.user_mut().grants = Permission::granted_to(&[Role::Physician]);
    let physician = read(&a);
    assert!(
        physician.contains("Bedöm med b, besluta med l"),
        "{physician}"
    );
    a.user_mut().roles = "avdelning".into();
    a.user_mut().grants = Permission::granted_to(&[Role::Ward]);
    let ward = read(&a);
    assert!(!ward.contains("Bedöm med b"), "{ward}");
    assert!(
        ward.contains("Din roll kan läsa underlaget (Enter)"),
        "{ward}"
    );
}

#[test]
fn an_empty_incident_list_offers_the_key_that_declares_one() {
    let mut a = app(Lang::Sv, false);
    a.show(Screen::Incidents);
    assert!(a.incidents().rows.is_empty());
    let s = screen(&a);
    let footer = s.lines().last().unwrap();
    assert!(footer.contains("d deklarera incident"), "{footer}");
    assert!(!footer.contains("ändra status"), "{footer}");
    // With incidents, the incident keys come back.
    let a = with_incidents(a);
    let s = screen(&a);
    assert!(s.lines().last().unwrap().contains("s "), "{s}");
}

#[test]
fn an_open_record_or_incident_offers_esc_and_its_own_keys_not_enter_to_open() {
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    a.review_mut().record = Some(vec!["# Underlag".into(); 60]);
    let s = screen(&a);
    let footer = s.lines().last().unwrap();
    assert!(footer.contains("Esc stäng / tillbaka"), "{footer}");
    assert!(footer.contains("b bedöm"), "{footer}");
    assert!(footer.contains("e exportera underlag"), "{footer}");
    assert!(!footer.contains("Enter öppna"), "{footer}");
    // Closed, the queue's keys are back.
    a.review_mut().record = None;
    let s = screen(&a);
    assert!(s.lines().last().unwrap().contains("Enter öppna"), "{s}");
    // An open incident: Esc, and no "Enter öppna" for what is already open.
    a.show(Screen::Incidents);
    a.incidents_mut().open = true;
    let s = screen(&a);
    let footer = s.lines().last().unwrap();
    assert!(footer.contains("Esc stäng / tillbaka"), "{footer}");
    assert!(!footer.contains("Enter öppna"), "{footer}");
}

#[test]
fn the_open_record_reads_as_printed_not_as_markdown_source() {
    let mut a =
        common::console::with_review_queue(common::console::with_incidents(app(Lang::Sv, false)));
    a.show(Screen::Review);
    let title = beredskap::model::shown::markdown("Labb_svar **nere** | igen");
    a.review_mut().record = Some(vec![
        "## Tidslinje".into(),
        "| händelse | tid | av | vad |".into(),
        "|---|---|---|---|".into(),
        format!("| #42 | 2026-12-02 21:06 | il.karin | {title} |"),
        "- **Beslut:** `anmäls ej`".into(),
    ]);
    let s = screen(&a);
    assert!(
        s.contains("#42  2026-12-02 21:06  il.karin  Labb_svar **nere** | igen"),
        "{s}"
    );
    assert!(s.contains("- Beslut: anmäls ej"), "{s}");
    assert!(!s.contains("|---"), "{s}");
    assert!(!s.contains("\\_"), "{s}");
}
