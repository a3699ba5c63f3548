//! The monitor's rules, driven through the recorder with a fake clock: thresholds,
//! dependency impact, maintenance, flapping, the connectivity canary, restarts.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::event::{NewEvent, StatusChange, kind};
use beredskap::model::health::{Health, Observation, Verdict};
use beredskap::model::maintenance::{MaintenanceWindow, Schedule};
use beredskap::model::region::Region;
use beredskap::monitor::recorder::{Recorder, jobs_for};
use beredskap::monitor::scheduler::ProbeReport;
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

// Jobs, in order: natet/router, journal/health, then the canary.
const NET: usize = 0;
const JOURNAL: usize = 1;
const CANARY: usize = 2;

fn region() -> Region {
    beredskap::config::load(&common::repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .region
}

struct Harness {
    recorder: Recorder,
    now: DateTime<Utc>,
}

impl Harness {
    fn new() -> Harness {
        let region = region();
        let jobs = Arc::new(jobs_for(&region));
        assert_eq!(jobs.len(), 3);
        Harness {
            recorder: Recorder::new(&region, jobs, &[], false, "monitor"),
            now: DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    /// One round: the given verdicts for (net, journal, canary), then a flush one second on.
    fn round(&mut self, net: Verdict, journal: Verdict, canary: Verdict) -> Vec<NewEvent> {
        self.round_in(net, journal, canary, &[])
    }

    fn round_in(
        &mut self,
        net: Verdict,
        journal: Verdict,
        canary: Verdict,
        windows: &[MaintenanceWindow],
    ) -> Vec<NewEvent> {
        for (job, verdict) in [(CANARY, canary), (NET, net), (JOURNAL, journal)] {
            self.recorder.observe(ProbeReport {
                job,
                at: self.now,
                lag: std::time::Duration::ZERO,
                observation: Observation {
                    verdict,
                    finding: beredskap::model::finding::Finding::said(format!("{verdict:?}")),
                    latency: std::time::Duration::from_millis(12),
                },
            });
        }
        self.now += Duration::seconds(1);
        self.recorder.flush(self.now, windows).events
    }
}

fn changes(events: &[NewEvent], system: &str) -> Vec<StatusChange> {
    events
        .iter()
        .filter(|e| {
            e.kind == kind::SYSTEM_STATUS_CHANGED && e.subject == format!("system:{system}")
        })
        .map(|e| serde_json::from_value(e.payload.clone()).unwrap())
        .collect()
}

use Verdict::{Fail, Ok as Good};

#[test]
fn down_only_after_the_failure_threshold_and_up_after_the_success_threshold() {
    let mut h = Harness::new();
    let first = h.round(Good, Good, Good);
    assert_eq!(changes(&first, "journal")[0].health, Health::Up);
    assert_eq!(changes(&first, "natet")[0].health, Health::Up);
    assert!(changes(&h.round(Good, Fail, Good), "journal").is_empty());
    assert!(changes(&h.round(Good, Fail, Good), "journal").is_empty());
    let third = h.round(Good, Fail, Good);
    let c = &changes(&third, "journal")[0];
    assert_eq!((c.previous, c.health), (Health::Up, Health::Down));
    assert_eq!(c.check, "health");
    assert_eq!(c.suppressed, None, "a real outage alerts");
    assert!(
        changes(&h.round(Good, Good, Good), "journal").is_empty(),
        "one success is not enough"
    );
    let back = changes(&h.round(Good, Good, Good), "journal");
    assert_eq!(back[0].health, Health::Up);
}

#[test]
fn a_down_dependency_marks_impact_suppresses_alerts_and_recovery_is_still_recorded() {
    let mut h = Harness::new();
    h.round(Good, Good, Good);
    h.round(Fail, Good, Good);
    let events = h.round(Fail, Good, Good); // net: failure threshold 2
    assert_eq!(changes(&events, "natet")[0].health, Health::Down);
    let journal = &changes(&events, "journal")[0];
    assert_eq!(journal.health, Health::Up, "its own checks pass");
    assert_eq!(journal.impacted_by, ["natet"]);
    assert_eq!(journal.suppressed.as_deref(), Some("impacted"));
    // The journal's own failure while impacted: recorded, but the alert is held back.
    h.round(Fail, Fail, Good);
    h.round(Fail, Fail, Good);
    let down = changes(&h.round(Fail, Fail, Good), "journal");
    assert_eq!(down[0].health, Health::Down);
    assert_eq!(down[0].suppressed.as_deref(), Some("impacted"));
    // Its own recovery is recorded even while the network is still down.
    h.round(Fail, Good, Good);
    let up = changes(&h.round(Fail, Good, Good), "journal");
    assert_eq!(up[0].health, Health::Up);
    assert_eq!(up[0].impacted_by, ["natet"]);
}

#[test]
fn maintenance_shows_and_holds_alerts_but_checks_keep_running() {
    let mut h = Harness::new();
    h.round(Good, Good, Good);
    let window = MaintenanceWindow {
        systems: vec!["journal".into()],
        schedule: Schedule::Once {
            from: h.now,
            to: h.now + Duration::minutes(30),
        },
        reason: "uppgradering".into(),
    };
    let w = [window];
    let events = h.round_in(Good, Fail, Good, &w);
    let c = &changes(&events, "journal")[0];
    assert_eq!(c.health, Health::Maintenance);
    assert_eq!(c.maintenance.as_deref(), Some("uppgradering"));
    assert_eq!(c.suppressed.as_deref(), Some("maintenance"));
    h.round_in(Good, Fail, Good, &w);
    let during = h.round_in(Good, Fail, Good, &w);
    let c = &changes(&during, "journal")[0];
    assert_eq!(
        (c.health, c.own),
        (Health::Maintenance, Health::Down),
        "its own state is still tracked"
    );
    assert!(
        changes(&during, "natet").is_empty(),
        "other systems are not in maintenance"
    );
}

#[test]
fn flapping_is_flagged_and_held_instead_of_alerting_on_every_change() {
    let mut h = Harness::new();
    h.round(Good, Good, Good);
    let mut flagged = None;
    for i in 0..20 {
        // net: 2 failures → down, 1 success → up: a transition every other round or so.
        let v = if i % 3 == 2 { Good } else { Fail };
        for c in changes(&h.round(v, Good, Good), "natet") {
            if c.flapping {
                flagged = Some(c);
            }
        }
    }
    let c = flagged.expect("flapping flagged");
    assert!(c.suppressed.is_some());
}

#[test]
fn a_blind_checker_says_so_once_and_marks_nothing_down() {
    let mut h = Harness::new();
    h.round(Good, Good, Good);
    let events = h.round(Fail, Fail, Fail);
    let blind: Vec<_> = events
        .iter()
        .filter(|e| e.kind == kind::MONITOR_BLIND)
        .collect();
    assert_eq!(blind.len(), 1);
    assert!(h.recorder.is_blind());
    for _ in 0..10 {
        let events = h.round(Fail, Fail, Fail);
        assert!(events.is_empty(), "nothing while blind: {events:?}");
    }
    let events = h.round(Good, Good, Good);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == kind::MONITOR_SIGHTED)
            .count(),
        1
    );
    assert!(
        changes(&events, "journal").is_empty(),
        "still up: the failures while blind did not count"
    );
    assert!(changes(&events, "natet").is_empty());
    // A flush while blind says in its batch that the monitor is blind.
    h.round(Good, Good, Fail);
    let batch = h.recorder.flush(h.now, &[]);
    assert!(batch.blind);
}

#[test]
fn a_restarted_monitor_does_not_repeat_what_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = beredskap::store::Store::open(&dir.path().join("log.db")).unwrap();
    let mut h = Harness::new();
    let events = h.round(Good, Good, Good);
    store.append_all(events).unwrap();
    let rows = store.status_rows().unwrap();
    assert_eq!(rows.len(), 2);

    let region = region();
    let mut again = Recorder::new(
        &region,
        Arc::new(jobs_for(&region)),
        &rows,
        false,
        "monitor",
    );
    for job in [NET, JOURNAL, CANARY] {
        again.observe(ProbeReport {
            job,
            at: h.now,
            lag: std::time::Duration::ZERO,
            observation: Observation {
                verdict: Good,
                finding: beredskap::model::finding::Finding::said("ok"),
                latency: std::time::Duration::ZERO,
            },
        });
    }
    assert!(again.flush(h.now, &[]).events.is_empty());
}

#[test]
fn an_impacted_row_is_shown_since_the_impact_began_not_since_it_came_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = beredskap::store::Store::open(&dir.path().join("log.db")).unwrap();
    let mut h = Harness::new();
    store.append_all(h.round(Good, Good, Good)).unwrap();
    let came_up = h.now;
    for _ in 0..10 {
        store.append_all(h.round(Good, Good, Good)).unwrap();
    }
    store.append_all(h.round(Fail, Good, Good)).unwrap();
    store.append_all(h.round(Fail, Good, Good)).unwrap(); // net down: the journal impacted
    let impact_began = h.now;
    // More changes while the impact lasts (its own check fails and recovers) keep its start.
    for v in [Fail, Fail, Fail, Good, Good] {
        store.append_all(h.round(Fail, v, Good)).unwrap();
    }
    let journal = |store: &beredskap::store::Store| {
        store
            .status_rows()
            .unwrap()
            .into_iter()
            .find(|r| r.system_id == "journal")
            .unwrap()
    };
    let row = journal(&store);
    assert_eq!(row.health, Health::Up);
    assert_eq!(row.impacted_by, ["natet"]);
    assert_eq!(row.impacted_since, Some(impact_began));
    assert_eq!(row.shown_since(), impact_began);
    assert!(row.since > came_up, "its own recovery moved its own since");
    // The impact ends: the row is up, shown since it came up, no impact time.
    store.append_all(h.round(Good, Good, Good)).unwrap();
    store.append_all(h.round(Good, Good, Good)).unwrap();
    let row = journal(&store);
    assert!(row.impacted_by.is_empty());
    assert_eq!(row.impacted_since, None);
    assert_eq!(row.shown_since(), row.since);
}
