//! Each screen as a component, without the console around it (issue 33): its own keys on
//! its own state, with only the part of the shared state it needs (`tui::component::Ctx`).
//! The router's behaviour (prompts, writes, help) is tested through `App` in tui_app.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::health::Health;
use beredskap::model::region::Criticality;
use beredskap::tui::action::Action;
use beredskap::tui::component::{Component, Ctx};
use beredskap::tui::screens::{OnCallScreen, ReviewScreen, StatusScreen};
use beredskap::tui::state::{Effect, SystemRow};

fn ctx(page: usize, cols: usize, layers: usize) -> Ctx {
    Ctx {
        lang: Lang::Sv,
        page,
        cols,
        layers,
    }
}

fn row(id: &str, name: &str, health: Health) -> SystemRow {
    SystemRow {
        id: id.into(),
        name: name.into(),
        health,
        since: None,
        latency_ms: None,
        spark: Vec::new(),
        uptime: None,
        observed_secs: None,
        owner: "it-drift".into(),
        impacted_by: Vec::new(),
        criticality: Criticality::Normal,
        flapping: false,
        finding: beredskap::model::finding::Finding::said(""),
        has_checks: true,
        checked: true,
    }
}

/// The status list keeps its selection by system, pages by the rows shown, opens the
/// detail of the system under the cursor, and Esc clears a filter before anything else.
#[test]
fn the_status_screen_moves_by_system_and_opens_the_one_under_the_cursor() {
    let mut s = StatusScreen {
        rows: (0..10)
            .map(|i| row(&format!("s{i}"), &format!("System {i}"), Health::Up))
            .collect(),
        selected: Some("s0".into()),
        ..Default::default()
    };
    let c = ctx(4, 80, 0);
    assert_eq!(s.on_action(&Action::Down, &c), Some(Vec::new()));
    assert_eq!(s.selected.as_deref(), Some("s1"));
    s.on_action(&Action::PageDown, &c);
    assert_eq!(
        s.selected.as_deref(),
        Some("s5"),
        "a page is the rows shown"
    );
    s.on_action(&Action::Bottom, &c);
    assert_eq!(s.selected.as_deref(), Some("s9"));
    s.on_action(&Action::Down, &c);
    assert_eq!(s.selected.as_deref(), Some("s9"), "the end stays the end");
    // The list reorders: the selection stays on its system.
    s.rows.reverse();
    s.on_action(&Action::Up, &c);
    assert_eq!(
        s.selected.as_deref(),
        Some("s9"),
        "s9 is first now: up stays"
    );
    assert_eq!(
        s.on_action(&Action::Open, &c),
        Some(vec![Effect::LoadDetail("s9".into())])
    );
    assert!(s.detail_open);
    // A filter hides rows; Esc (with the detail closed) clears it.
    s.on_action(&Action::Back, &c);
    assert!(!s.detail_open);
    s.filtered("System 3".into(), Lang::Sv);
    assert_eq!(s.visible(Lang::Sv).len(), 1);
    assert_eq!(s.on_action(&Action::Back, &c), Some(Vec::new()));
    assert!(s.filter.is_empty());
    assert_eq!(s.visible(Lang::Sv).len(), 10);
    // What it does not handle goes back to the router.
    assert_eq!(s.on_action(&Action::Declare, &c), None);
}

/// The open record pages by its lines as wrapped to the terminal: a narrow terminal has
/// more of them, so PgDn goes further before the end.
#[test]
fn the_review_screen_pages_the_record_by_its_wrapped_lines() {
    let long = "ord ".repeat(60);
    let record: Vec<String> = std::iter::once("# Rubrik".to_string())
        .chain(std::iter::repeat_n(long, 5))
        .collect();
    let bottom = |cols: usize| {
        let mut s = ReviewScreen {
            record: Some(record.clone()),
            ..Default::default()
        };
        s.on_action(&Action::Bottom, &ctx(5, cols, 0));
        s.record_scroll
    };
    let wide = bottom(240);
    let narrow = bottom(40);
    assert!(narrow > wide, "40 columns: {narrow}, 240 columns: {wide}");
    // Esc closes the record; the queue moves again.
    let mut s = ReviewScreen {
        record: Some(record),
        ..Default::default()
    };
    assert_eq!(s.on_action(&Action::Back, &ctx(5, 80, 0)), Some(Vec::new()));
    assert!(s.record.is_none());
}

/// Screen 4 chooses among the layers that can be taken (as many as the router says there
/// are), scrolls by pages and goes back to the top with Home.
#[test]
fn the_on_call_screen_chooses_among_the_takeable_layers() {
    let mut s = OnCallScreen::default();
    let c = ctx(10, 80, 3);
    s.on_action(&Action::Down, &c);
    s.on_action(&Action::Down, &c);
    s.on_action(&Action::Down, &c);
    assert_eq!(s.selected, 2, "three layers: the last is 2");
    s.on_action(&Action::PageDown, &c);
    assert_eq!(s.scroll, 10);
    s.on_action(&Action::Top, &c);
    assert_eq!((s.selected, s.scroll), (0, 0));
    // No layer to take: the cursor stays.
    s.on_action(&Action::Down, &ctx(10, 80, 0));
    assert_eq!(s.selected, 0);
    assert_eq!(s.on_action(&Action::Open, &c), None, "the router's");
}

/// Each screen names its own footer keys, most needed first: Esc first when something is
/// open over the list; the physician's keys before paging with a record open (80 columns
/// leave paging out); no incident to act on, the key that declares one.
#[test]
fn each_screen_names_its_own_footer_keys() {
    use beredskap::tui::screens::IncidentsScreen;
    let actions = |h: Vec<(Action, beredskap::i18n::T)>| -> Vec<Action> {
        h.into_iter().map(|(a, _)| a).collect()
    };
    let mut review = ReviewScreen::default();
    assert_eq!(actions(review.hints())[0], Action::Open);
    review.record = Some(vec!["# Rubrik".into()]);
    assert_eq!(
        actions(review.hints()),
        [
            Action::Back,
            Action::Assess,
            Action::Decide,
            Action::ExportRecord,
            Action::PageDown
        ]
    );
    assert_eq!(
        actions(IncidentsScreen::default().hints()),
        [Action::Declare]
    );
    let mut status = StatusScreen::default();
    assert_eq!(actions(status.hints())[0], Action::Open);
    status.detail_open = true;
    assert_eq!(actions(status.hints())[0], Action::Back);
}

/// A screen's view draws from the screen's own state and a `Look` (language, styles,
/// region, keymap), not from the whole console: the incidents screen, empty and then with
/// its log screen's open event, drawn with no App.
#[test]
fn a_screen_draws_from_its_own_state_and_a_look() {
    use beredskap::tui::component::Look;
    use beredskap::tui::keymap::Keymap;
    use beredskap::tui::screens::{IncidentsScreen, LogScreen};
    use beredskap::tui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let region = common::console::region();
    let (theme, keymap) = (Theme::new(false), Keymap::default());
    let look = Look {
        lang: Lang::Sv,
        theme: &theme,
        region: &region,
        keymap: &keymap,
        now: chrono::Utc::now(),
        may: Box::new(|_| true),
    };
    let mut t = Terminal::new(TestBackend::new(80, 10)).unwrap();
    t.draw(|f| {
        beredskap::tui::views::incidents::draw(f, f.area(), &IncidentsScreen::default(), &look)
    })
    .unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("Inga incidenter"), "{screen}");
    // The log's list, with nothing loaded, in the look's language.
    let look = Look {
        lang: Lang::En,
        ..look
    };
    t.draw(|f| beredskap::tui::views::log::draw(f, f.area(), &LogScreen::default(), &look))
        .unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("No events."), "{screen}");
    let look = Look {
        lang: Lang::Sv,
        ..look
    };
    t.draw(|f| beredskap::tui::views::log::draw(f, f.area(), &LogScreen::default(), &look))
        .unwrap();
    let screen = format!("{}", t.backend());
    assert!(!screen.contains("No events."), "{screen}");
    // Screen 6 with nothing flagged says so; its keys offer only what the user may do.
    t.draw(|f| beredskap::tui::views::review::draw(f, f.area(), &ReviewScreen::default(), &look))
        .unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("Inga incidenter flaggade"), "{screen}");
    // Screen 1 with its detail pane open: the systems and who to call, from the status
    // screen's own rows, the look and the rota (the router's on-call state) alone.
    let rows = common::console::rows(&region);
    let lab = rows
        .iter()
        .find(|r| r.name.starts_with("Laboratoriesvar"))
        .unwrap()
        .id
        .clone();
    let status = StatusScreen {
        rows,
        selected: Some(lab),
        detail_open: true,
        ..Default::default()
    };
    let mut t = Terminal::new(TestBackend::new(120, 30)).unwrap();
    t.draw(|f| {
        beredskap::tui::views::status::draw(f, f.area(), &status, &look, &|| {
            region.rota(Vec::new())
        })
    })
    .unwrap();
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("Laboratoriesvar (LIS)")
            && screen.contains("Vem ringer jag")
            && screen.contains("primär: Hugo Fiktivsson"),
        "{screen}"
    );
}
