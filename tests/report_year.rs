//! `report year` on a seeded year of incidents with known counts.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::assessment::Decision;
use beredskap::model::event::{NewEvent, StatusChange};
use beredskap::model::health::Health;
use beredskap::model::incident::Milestone;
use beredskap::model::maintenance::local_start;
use beredskap::model::region::Region;
use beredskap::ops::Actor;
use beredskap::ops::incident::{self as inc, Declare};
use beredskap::store::Store;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use common::{beredskap, repo, run, stderr, stdout};

fn demo() -> Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

fn at(s: &str) -> DateTime<Utc> {
    let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    local_start(n.date(), n.time(), chrono_tz::Europe::Stockholm).unwrap()
}

fn change(store: &mut Store, system: &str, health: Health, when: DateTime<Utc>) {
    let c = StatusChange {
        health,
        previous: Health::Up,
        own: health,
        check: "hälsa".into(),
        message: String::new(),
        finding: None,
        latency_ms: None,
        impacted_by: vec![],
        suppressed: None,
        flapping: false,
        maintenance: None,
    };
    store
        .append(NewEvent {
            occurred_at: when,
            actor: "beredskap".into(),
            os_account: "beredskap".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{system}"),
            corrects: None,
            payload_version: 1,
            origin: beredskap::model::guard::Origin::Person,
            payload: serde_json::to_value(c).unwrap(),
        })
        .unwrap();
}

/// (start, severity, systems, minutes to acknowledge, minutes to resolve, flag, decision)
type Seed = (
    &'static str,
    &'static str,
    &'static [&'static str],
    i64,
    i64,
    bool,
    Option<bool>,
);

#[test]
fn a_seeded_year_gives_the_known_numbers() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    let actor = |a: &str| Actor::resolve(&region, "test", Some(a)).unwrap();
    let karin = actor("il.karin");
    // (start, severity, systems, minutes to acknowledge, minutes to resolve, flag, decision)
    let seed: [Seed; 6] = [
        (
            "2024-12-30 10:00",
            "major",
            &["lab"],
            5,
            30,
            true,
            Some(true),
        ), // the year before
        (
            "2025-01-15 03:10",
            "major",
            &["lab"],
            10,
            60,
            true,
            Some(true),
        ),
        (
            "2025-03-02 14:00",
            "major",
            &["journal", "lab"],
            20,
            120,
            true,
            None,
        ),
        (
            "2025-03-20 08:00",
            "major",
            &["journal"],
            30,
            180,
            false,
            None,
        ),
        (
            "2025-06-01 12:00",
            "high",
            &["vaxel"],
            40,
            240,
            true,
            Some(false),
        ),
        (
            "2025-12-31 22:00",
            "moderate",
            &["pacs"],
            50,
            300,
            false,
            None,
        ),
    ];
    for (start, severity, systems, ack, res, flag, decision) in seed {
        let t = at(start);
        let d = Declare {
            title: format!("Störning {start}"),
            severity: Some(severity.into()),
            systems: systems.iter().map(|s| s.to_string()).collect(),
            started_at: Some(t),
            ..Default::default()
        };
        let id = inc::declare(&mut store, &region, &karin, &d, t).unwrap();
        inc::set_milestone(
            &mut store,
            &karin,
            &id,
            Milestone::Acknowledged,
            t + Duration::minutes(ack),
            "",
            t + Duration::days(1),
        )
        .unwrap();
        inc::set_milestone(
            &mut store,
            &karin,
            &id,
            Milestone::Resolved,
            t + Duration::minutes(res),
            "",
            t + Duration::days(1),
        )
        .unwrap();
        if flag {
            inc::flag_patient_safety(&mut store, &karin, &id, "Risk", t).unwrap();
        }
        if let Some(report) = decision {
            beredskap::ops::review::decide(
                &mut store,
                &actor("cl.berg"),
                &id,
                &Decision {
                    report,
                    motivation: "Bedömt".into(),
                    against_assessment: false,
                },
                t,
            )
            .unwrap();
        }
    }
    // Downtime: lab 2 h in March; journal from New Year's Eve 23:00 to 01:00 (1 h in 2025).
    change(&mut store, "lab", Health::Down, at("2025-03-01 10:00"));
    change(&mut store, "lab", Health::Up, at("2025-03-01 12:00"));
    change(
        &mut store,
        "journal",
        Health::Degraded,
        at("2025-12-31 23:00"),
    );
    change(&mut store, "journal", Health::Up, at("2026-01-01 01:00"));
    // Two lab runbook runs in 2025, one in 2026.
    let text = std::fs::read_to_string(repo().join("runbooks/lab-nere.md")).unwrap();
    let rb = beredskap::model::runbook::parse(&text).unwrap();
    for when in ["2025-01-15 03:30", "2025-03-02 14:10", "2026-01-05 09:00"] {
        beredskap::ops::run::start(
            &mut store,
            &region,
            &actor("avd12.sara"),
            &rb,
            &text,
            None,
            at(when),
        )
        .unwrap();
    }
    let r = beredskap::export::year::build(&store, &region, 2025)
        .unwrap()
        .unwrap();
    assert_eq!(r.incidents, 5);
    assert_eq!(r.major_incidents, 3);
    let mut months = [0; 12];
    months[0] = 1;
    months[2] = 2;
    assert_eq!(r.major_per_month, months);
    assert_eq!(r.major_per_system.get("lab"), Some(&2));
    assert_eq!(r.major_per_system.get("journal"), Some(&2));
    assert_eq!(r.patient_safety_flags, 3);
    assert_eq!(
        (
            r.lex_maria_reported,
            r.lex_maria_not_reported,
            r.lex_maria_undecided
        ),
        (1, 1, 1)
    );
    assert_eq!(r.downtime_hours.get("lab"), Some(&2.0));
    assert_eq!(r.downtime_hours.get("journal"), Some(&1.0));
    assert_eq!(
        (
            r.time_to_acknowledge.count,
            r.time_to_acknowledge.median_min,
            r.time_to_acknowledge.p90_min
        ),
        (5, Some(30), Some(50))
    );
    assert_eq!(
        (r.time_to_resolve.median_min, r.time_to_resolve.p90_min),
        (Some(180), Some(300))
    );
    assert_eq!(r.runbook_activations.get("lab-nere"), Some(&2));
    assert!(
        r.coverage_gap_hours.contains_key("infusionspumpar"),
        "the MT gap over the year"
    );
    assert!(!r.coverage_gap_hours.contains_key("journal"));
    drop(store);
    // The command line, Markdown and JSON.
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let out = run(beredskap(&config, &db).args(["--lang", "sv", "report", "year", "2025"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("Incidenter: 5 varav stora (högsta allvarlighetsgrad): 3"),
        "{md}"
    );
    assert!(
        md.contains("mar   2 ████████████████████████████████████████"),
        "{md}"
    );
    let out = run(beredskap(&config, &db).args(["report", "year", "2025", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["major_incidents"], 3);
    let out = run(beredskap(&config, &db).args(["report", "year", "99999"]));
    assert_eq!(out.status.code(), Some(2));
}
