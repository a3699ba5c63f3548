//! Screen 1 with firing alerts no system's check maps: a banner above the systems that no
//! filter hides, and on `u` the pane listing them with the check that would map each —
//! drawn into ratatui's TestBackend at 80×24 in Swedish (insta snapshots) and English.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::store::alerts::Unmapped;
use beredskap::tui::action::Action;
use beredskap::tui::app::App;
use beredskap::tui::views::draw;
use chrono::TimeZone;
use common::console::app;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| draw(f, a)).unwrap();
    t.backend().to_string()
}

fn with_unmapped(lang: Lang) -> App {
    let mut a = app(lang, false);
    let at = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 2, 10, 0).unwrap();
    a.status_mut().unmapped = vec![Unmapped {
        source: "alertmanager".into(),
        fingerprint: "fp-1".into(),
        labels: [
            ("alertname", "DiskFull"),
            ("job", "pacs"),
            ("severity", "critical"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        // Stored text never drives the terminal.
        summary: "Disken full på pacs01\u{1b}]0;kapat\u{7}".into(),
        first_seen: at,
        last_seen: at,
    }];
    a
}

#[test]
fn unmapped_alerts_stand_above_the_systems_and_open_with_their_check() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let mut a = with_unmapped(Lang::Sv);
    let closed = screen(&a);
    assert!(
        closed.contains("⚠ 1 omappat larm från regionens övervakning") && closed.contains("[u]"),
        "{closed}"
    );
    // A filter that hides every system leaves the banner.
    a.status_mut().filtered("finns-inte".into(), Lang::Sv);
    assert!(screen(&a).contains("⚠ 1 omappat larm"));
    a.status_mut().filtered(String::new(), Lang::Sv);

    a.apply(Action::Unmapped);
    assert!(a.status().unmapped_open);
    let open = screen(&a);
    assert!(open.contains("Omappade larm (1)"), "{open}");
    assert!(
        !open.contains('\u{1b}'),
        "no escape sequence reaches the terminal"
    );
    settings.bind(|| insta::assert_snapshot!("unmapped_sv_80x24", open));
    a.apply(Action::Back);
    assert!(!a.status().unmapped_open, "Esc closes the pane");
    a.apply(Action::Open);
    a.apply(Action::Unmapped);
    assert!(
        a.status().unmapped_open && !a.status().detail_open,
        "one pane at a time"
    );

    assert!(
        open.contains(r#"    match = '{alertname="DiskFull", job="pacs"}'"#),
        "the check ready to paste: {open}"
    );
    let mut en = with_unmapped(Lang::En);
    en.apply(Action::Unmapped);
    let text = screen(&en);
    assert!(text.contains("Unmapped alerts (1)"), "{text}");
    assert!(text.contains("Map it to a system: add under"), "{text}");

    // As many as the console reads: it says there may be more.
    let mut many = with_unmapped(Lang::Sv);
    let one = many.status().unmapped[0].clone();
    many.status_mut().unmapped = vec![one; beredskap::tui::views::unmapped::SHOWN];
    assert!(screen(&many).contains("⚠ 200+ omappade larm"));

    // Nothing unmapped: no banner, and `u` opens nothing but says so.
    let mut none = app(Lang::Sv, false);
    assert!(!screen(&none).contains("omappade"));
    none.apply(Action::Unmapped);
    assert!(!none.status().unmapped_open);
    assert!(screen(&none).contains("Inga omappade larm"));
}

/// The region's monitoring gone quiet (its Watchdog's heartbeat system down) is a banner on
/// every screen, as the monitor's own blindness is, with the time local.
#[test]
fn a_silent_watchdog_is_a_banner_like_blindness() {
    use beredskap::model::check::{CheckKind, CheckSpec};
    use beredskap::model::health::Health;
    let mut a = app(Lang::Sv, false);
    let mut region = (**a.region()).clone();
    let system = region.systems[0].id.clone();
    region.systems[0].checks.push(CheckSpec {
        name: "watchdog".into(),
        kind: CheckKind::Heartbeat {
            id: "alertmanager.watchdog".into(),
            period: std::time::Duration::from_secs(300),
            grace: std::time::Duration::from_secs(120),
            senders: Vec::new(),
        },
        interval: std::time::Duration::from_secs(30),
        timeout: std::time::Duration::from_secs(5),
        failure_threshold: 1,
        success_threshold: 1,
    });
    a.set_region(std::sync::Arc::new(region));
    assert!(!screen(&a).contains("ÖVERVAKNING TYST"), "up: no banner");
    let row = a
        .status_mut()
        .rows
        .iter_mut()
        .find(|r| r.id == system)
        .unwrap();
    row.health = Health::Down;
    row.finding = beredskap::model::finding::Finding::HeartbeatOverdue {
        last: chrono::DateTime::parse_from_rfc3339("2026-11-23T01:55:00Z")
            .unwrap()
            .to_utc(),
    };
    for s in beredskap::tui::action::Screen::ALL {
        a.show(s);
        let mut t = Terminal::new(TestBackend::new(160, 24)).unwrap();
        t.draw(|f| draw(f, &a)).unwrap();
        let text = t.backend().to_string();
        assert!(
            text.contains("!! REGIONENS ÖVERVAKNING TYST (alertmanager): ingen livssignal sedan 2026-11-23 02:55"),
            "{s:?}\n{text}"
        );
    }
}
