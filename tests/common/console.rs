//! A console in a known state for UI tests: the demo region, a frozen clock, synthetic
//! status and log data. Nothing here touches a terminal or a database.
#![allow(dead_code)]

use beredskap::i18n::Lang;
use beredskap::model::event::{Event, StatusChange};
use beredskap::model::health::Health;
use beredskap::tui::app::{App, MonitorView, SystemRow, User};
use beredskap::tui::keymap::Keymap;
use beredskap::tui::theme::Theme;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::sync::Arc;

pub fn frozen_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 10, 5)
        .single()
        .unwrap()
}

pub fn region() -> beredskap::model::region::Region {
    beredskap::config::load(&super::repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

/// Status for the demo region: the lab is down, the hospital network at Norra is down and
/// impacts its dependants, PACS is slow, e-tjänster is in maintenance, the rest is up.
pub fn rows(region: &beredskap::model::region::Region) -> Vec<SystemRow> {
    let now = frozen_now();
    region
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (health, message) = match s.id.as_str() {
                "lab" => (Health::Down, "HTTP 503 Service Unavailable".to_string()),
                "natverk-norra" => (Health::Down, "no answer within 3s".to_string()),
                "pacs" => (Health::Degraded, "slow: 1.2s (limit 800ms)".to_string()),
                "e-tjanster" => (Health::Maintenance, "weekly update".to_string()),
                _ => (Health::Up, "HTTP 200 OK in 3ms".to_string()),
            };
            let impacted_by = if s.depends_on.iter().any(|d| d == "natverk-norra") {
                vec!["natverk-norra".to_string()]
            } else {
                vec![]
            };
            SystemRow {
                id: s.id.clone(),
                name: s.name.clone(),
                health,
                since: Some(now - Duration::seconds(37 + 61 * i as i64)),
                latency_ms: Some(3 + (i as u64 * 7) % 40),
                spark: (0..16)
                    .map(|k| 3 + ((k * 13 + i as u64 * 5) % 30))
                    .collect(),
                uptime: Some(if health == Health::Down { 0.9312 } else { 1.0 }),
                owner: s.owner_team.clone(),
                impacted_by,
                criticality: s.criticality,
                flapping: false,
                message,
                has_checks: !s.checks.is_empty(),
                checked: true,
            }
        })
        .collect()
}

pub fn events() -> Vec<Event> {
    let now = frozen_now();
    let change = |id: i64, system: &str, prev: Health, health: Health, msg: &str, mins: i64| {
        let c = StatusChange {
            health,
            previous: prev,
            own: health,
            check: "hälsa".into(),
            message: msg.into(),
            latency_ms: Some(3),
            impacted_by: vec![],
            suppressed: None,
            flapping: false,
            maintenance: None,
        };
        Event {
            id,
            recorded_at: now - Duration::minutes(mins),
            occurred_at: now - Duration::minutes(mins),
            actor: "beredskap".into(),
            os_account: "beredskap".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{system}"),
            corrects: None,
            payload_version: 1,
            payload: serde_json::to_value(c).unwrap(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    };
    let note = |id: i64, actor: &str, text: &str, mins: i64, late: i64| Event {
        id,
        recorded_at: now - Duration::minutes(mins - late),
        occurred_at: now - Duration::minutes(mins),
        actor: actor.into(),
        os_account: actor.into(),
        kind: "diary.note".into(),
        subject: "diary".into(),
        corrects: None,
        payload_version: 1,
        payload: serde_json::json!({ "text": text }),
        prev_hash: String::new(),
        hash: String::new(),
    };
    vec![
        note(
            5,
            "op.tekla",
            "Leverantören kontaktad om labbsystemet, ärende INC-2026-0042",
            2,
            0,
        ),
        change(
            4,
            "natverk-norra",
            Health::Up,
            Health::Down,
            "no answer within 3s",
            6,
        ),
        note(
            3,
            "op.mans",
            "Larm från övervakningscentralen, kontrollerat på plats",
            9,
            5,
        ),
        change(
            2,
            "lab",
            Health::Up,
            Health::Down,
            "HTTP 503 Service Unavailable",
            12,
        ),
        change(
            1,
            "pacs",
            Health::Up,
            Health::Degraded,
            "slow: 1.2s (limit 800ms)",
            20,
        ),
    ]
}

pub fn app(lang: Lang, color: bool) -> App {
    let region = region();
    let rows = rows(&region);
    let user = User {
        account: "op.tekla".into(),
        roles: "operator".into(),
        can_write: true,
    };
    let mut app = App::new(
        Arc::new(region),
        lang,
        Theme::new(color),
        Keymap::default(),
        user,
        "/var/log/beredskap/console.log".into(),
        frozen_now(),
    );
    app.set_rows(rows);
    app.set_log(events(), false);
    app.monitor = MonitorView::Here;
    app
}
