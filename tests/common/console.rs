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
                observed_secs: None,
                owner: s.owner_team.clone(),
                impacted_by,
                criticality: s.criticality,
                flapping: false,
                finding: beredskap::model::finding::Finding::said(message),
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
            finding: None,
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
        roles: lang.role(beredskap::model::role::Role::Operator).into(),
        can_write: true,
        can_run: true,
        can_change_rota: true,
        // Every key works in the fixture; the role tests take permissions away.
        grants: beredskap::model::role::Permission::ALL.to_vec(),
        role_ids: vec![beredskap::model::role::Role::Operator],
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
    app.set_monitor(MonitorView::Here);
    app
}

/// Two incidents: an open major one with a detail loaded, and a closed one.
pub fn with_incidents(mut app: App) -> App {
    use beredskap::model::incident::{Incident, Milestone, Status};
    use beredskap::store::incidents::IncidentRow;
    use beredskap::tui::incidents::{IncidentDetail, Live};
    let now = frozen_now();
    let rows = vec![
        IncidentRow {
            id: "INC-2026-0007".into(),
            title: "Sjukhusnätverket på Norra sjukhuset nere".into(),
            severity: "major".into(),
            status: Status::Identified,
            declared_at: now - Duration::minutes(14),
            updated_at: now - Duration::minutes(2),
            commander: Some("il.karin".into()),
            patient_safety: true,
            systems: vec!["natverk-norra".into(), "ctg".into()],
        },
        IncidentRow {
            id: "INC-2026-0006".into(),
            title: "Labbsvar försenade".into(),
            severity: "high".into(),
            status: Status::Closed,
            declared_at: now - Duration::days(3),
            updated_at: now - Duration::days(2),
            commander: Some("il.nils".into()),
            patient_safety: false,
            systems: vec!["lab".into()],
        },
    ];
    app.set_incidents(rows);
    let mut milestones = std::collections::BTreeMap::new();
    milestones.insert(Milestone::Started, now - Duration::minutes(22));
    milestones.insert(Milestone::Detected, now - Duration::minutes(20));
    milestones.insert(Milestone::Declared, now - Duration::minutes(14));
    milestones.insert(Milestone::Acknowledged, now - Duration::minutes(18));
    let mut roles = std::collections::BTreeMap::new();
    roles.insert("commander".to_string(), "il.karin".to_string());
    roles.insert("scribe".to_string(), "op.mans".to_string());
    let incident = Incident {
        id: "INC-2026-0007".into(),
        title: "Sjukhusnätverket på Norra sjukhuset nere".into(),
        severity: "major".into(),
        status: Status::Identified,
        systems: vec!["natverk-norra".into(), "ctg".into()],
        care_units: vec!["IVA".into(), "Förlossningen".into()],
        description: String::new(),
        milestones,
        roles,
        patient_safety: Some("CTG-övervakningen syns inte centralt".into()),
        review: None,
        declared_by: "il.karin".into(),
    };
    let event =
        |id: i64, actor: &str, kind: &str, payload: serde_json::Value, mins: i64, late: i64| {
            Event {
                id,
                recorded_at: now - Duration::minutes(mins - late),
                occurred_at: now - Duration::minutes(mins),
                actor: actor.into(),
                os_account: actor.into(),
                kind: kind.into(),
                subject: "incident:INC-2026-0007".into(),
                corrects: None,
                payload_version: 1,
                payload,
                prev_hash: String::new(),
                hash: String::new(),
            }
        };
    let timeline = vec![
        event(
            10,
            "il.karin",
            "incident.declared",
            serde_json::json!({"title": "Sjukhusnätverket på Norra sjukhuset nere", "severity": "major"}),
            14,
            0,
        ),
        event(
            11,
            "op.mans",
            "incident.note",
            serde_json::json!({"text": "Nätverksjouren larmad", "kind": "note"}),
            13,
            0,
        ),
        event(
            12,
            "il.karin",
            "incident.role_assigned",
            serde_json::json!({"role": "scribe", "account": "op.mans", "note": ""}),
            12,
            0,
        ),
        event(
            13,
            "op.mans",
            "incident.note",
            serde_json::json!({"text": "IVA och förlossningen går över till reservrutin", "kind": "communication", "audience": "vårdenheter"}),
            11,
            6,
        ),
        event(
            14,
            "op.tekla",
            "incident.patient_safety_flagged",
            serde_json::json!({"description": "CTG-övervakningen syns inte centralt"}),
            5,
            0,
        ),
    ];
    app.incidents_mut().detail = Some(IncidentDetail::new(
        incident,
        timeline,
        vec![
            ("natverk-norra".into(), Live::Health(Health::Down)),
            // Up by its own checks while the network is down: impacted.
            ("ctg".into(), Live::Impacted),
        ],
    ));
    app
}

/// The runbooks screen with the shipped runbooks, one active run of `lab-nere` linked to an
/// incident (steps 1–3 done by two people, step 4 skipped, a note) and one finished run.
/// With `open`, the run view shows the active run.
pub fn with_runs(mut app: App, open: bool) -> App {
    use beredskap::model::run;
    use beredskap::store::runs::RunRow;
    use beredskap::tui::action::Screen;
    use beredskap::tui::runs::{RunView, RunbookEntry};
    let now = frozen_now();
    let dir = super::repo().join("runbooks");
    let files = beredskap::config::runbooks::runbook_files(&[dir]).unwrap();
    let (ok, problems) = beredskap::config::runbooks::lint(&files, None);
    assert!(problems.is_empty());
    app.set_runbooks(
        ok.iter()
            .map(|l| RunbookEntry {
                id: l.runbook.meta.id.clone(),
                title: l.runbook.meta.title.clone(),
                systems: l.runbook.meta.systems.clone(),
                steps: l.runbook.step_count(),
                path: l.file.clone(),
            })
            .collect(),
    );
    let lab = ok.iter().find(|l| l.runbook.meta.id == "lab-nere").unwrap();
    let id = "RUN-2026-0003";
    let run = super::run_of(
        id,
        now,
        &lab.runbook,
        &lab.text,
        Some("INC-2026-0007"),
        ("op.tekla", 20),
        &[
            (
                "avd12.sara",
                run::kind::DONE,
                18,
                serde_json::json!({"step": 1}),
            ),
            (
                "avd12.sara",
                run::kind::DONE,
                17,
                serde_json::json!({"step": 2}),
            ),
            (
                "op.tekla",
                run::kind::SKIPPED,
                15,
                serde_json::json!({"step": 3, "text": "Ingen på labbet svarar, provar igen 02:00"}),
            ),
            (
                "op.tekla",
                run::kind::NOTED,
                14,
                serde_json::json!({"step": 3, "text": "Labbets jourtelefon är upptagen"}),
            ),
            (
                "avd12.sara",
                run::kind::DONE,
                12,
                serde_json::json!({"step": 4}),
            ),
            (
                "avd12.sara",
                run::kind::DONE,
                8,
                serde_json::json!({"step": 6, "value": "14"}),
            ),
        ],
    );
    let (finished, total) = run.progress();
    app.set_runs(vec![
        RunRow {
            id: id.into(),
            runbook_id: "lab-nere".into(),
            title: run.title.clone(),
            status: "active".into(),
            started_at: beredskap::model::timespec::to_storage(now - Duration::minutes(20)),
            incident: Some("INC-2026-0007".into()),
            finished: finished as i64,
            total: total as i64,
        },
        RunRow {
            id: "RUN-2026-0002".into(),
            runbook_id: "telefoni-nere".into(),
            title: "Telefoni och larm ur funktion – reservrutin".into(),
            status: "completed".into(),
            started_at: beredskap::model::timespec::to_storage(now - Duration::days(3)),
            incident: None,
            finished: 17,
            total: 17,
        },
    ]);
    app.show(Screen::Runbooks);
    if open {
        app.runbooks_mut().run_open = true;
        app.runbooks_mut().run_id = Some(id.into());
        app.set_run(Some(RunView::new(run)));
    }
    app
}

/// The review queue filled with the incidents flagged for patient safety.
pub fn with_review_queue(mut app: App) -> App {
    app.review_mut().queue = app
        .incidents()
        .rows
        .iter()
        .filter(|r| r.patient_safety)
        .map(|r| {
            beredskap::tui::review::ReviewRow::new(
                r,
                &Default::default(),
                vec!["IVA".into(), "Förlossningen".into()],
            )
        })
        .collect();
    app
}

/// A page to it-drift about the lab, notified to `account` by log event `event`.
#[allow(dead_code)] // not every test binary pages
pub fn page_for(account: &str, event: i64) -> beredskap::model::page::Page {
    use beredskap::model::page::{Notified, Page, PageStatus, Policy};
    Page {
        id: "PAGE-2026-0001".into(),
        target: "team:it-drift".into(),
        message: "Laboratoriesvar nere".into(),
        system: Some("lab".into()),
        incident: None,
        linked_afterwards: false,
        policy: Policy::default_for("it-drift", &["primär"]),
        triggered_by: "beredskap".into(),
        triggered_at: frozen_now(),
        status: PageStatus::Notified,
        notified: vec![(
            event,
            frozen_now(),
            Notified {
                round: 0,
                step: 0,
                recipients: vec![account.into()],
                unresolved: vec![],
                message: String::new(),
                late: None,
            },
        )],
        acknowledged: None,
        resolved: None,
        deliveries: Vec::new(),
    }
}
