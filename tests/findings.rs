//! Typed probe findings through a real log (issue 33): stored beside their English text,
//! read back typed, masked like the text, and rows from before findings were typed read
//! as their text.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::event::StatusChange;
use beredskap::model::finding::Finding;
use beredskap::model::health::{Health, Verdict};
use beredskap::store::{MonitorBatch, Sample, Store};
use chrono::{DateTime, Utc};
use std::time::Duration;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn change(message: &str, finding: Option<Finding>) -> StatusChange {
    StatusChange {
        health: Health::Down,
        previous: Health::Up,
        own: Health::Down,
        check: "livssignal".into(),
        message: message.into(),
        finding,
        latency_ms: None,
        impacted_by: vec![],
        suppressed: None,
        flapping: false,
        maintenance: None,
    }
}

fn append(store: &mut Store, system: &str, c: &StatusChange) {
    common::record::append_change(
        store,
        system,
        c,
        at("2026-12-02T03:00:00Z"),
        beredskap::model::guard::Origin::Machine,
    );
}

#[test]
fn a_status_recorded_typed_is_read_typed_and_an_old_one_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let overdue = Finding::HeartbeatOverdue {
        last: at("2026-12-02T02:10:00Z"),
    };
    append(
        &mut store,
        "lasekopia",
        &change(&overdue.to_string(), Some(overdue.clone())),
    );
    // Recorded before findings were typed: a message only.
    append(
        &mut store,
        "backup",
        &change("no heartbeat since 2026-12-02 02:10 UTC", None),
    );
    let rows = store.status_rows().unwrap();
    let row = |id: &str| rows.iter().find(|r| r.system_id == id).unwrap();
    assert_eq!(row("lasekopia").finding, overdue);
    assert_eq!(
        row("lasekopia").message,
        "no heartbeat since 2026-12-02 02:10 UTC"
    );
    assert_eq!(
        row("backup").finding,
        Finding::said("no heartbeat since 2026-12-02 02:10 UTC")
    );
    // Both read the same to a Swedish reader, in the site's zone.
    let tz = chrono_tz::Europe::Stockholm;
    for id in ["lasekopia", "backup"] {
        assert_eq!(
            beredskap::i18n::finding::shown(Lang::Sv, tz, &row(id).finding),
            "ingen livssignal sedan 2026-12-02 03:10",
            "{id}"
        );
    }
}

#[test]
fn a_sample_s_finding_is_masked_like_its_text_and_read_back_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let now = Utc::now();
    let fence = store
        .try_take_lease("m", "svc", Duration::from_secs(60), now)
        .unwrap()
        .unwrap();
    // A plugin that prints a (synthetic) identity number.
    let said = Finding::PluginExited {
        code: 4,
        output: "CRITICAL pat 19121212-1212 saknas".into(),
    };
    let batch = MonitorBatch {
        samples: vec![Sample {
            system_id: "lab".into(),
            check_name: "plugin".into(),
            at: now,
            verdict: Verdict::Unknown,
            latency_ms: 7,
            finding: said,
        }],
        ..Default::default()
    };
    store.record_monitor(&fence, batch, now).unwrap();
    let checks = store.latest_checks("lab").unwrap();
    let (_, verdict, latency, finding, _) = &checks[0];
    assert_eq!((verdict.as_str(), *latency), ("unknown", 7));
    let Finding::PluginExited { code, output } = finding else {
        panic!("not typed: {finding:?}");
    };
    assert_eq!(*code, 4);
    assert!(!output.contains("19121212-1212"), "{output}");
    assert!(output.starts_with("CRITICAL pat "), "{output}");
    assert_eq!(
        beredskap::i18n::finding::shown(Lang::Sv, chrono_tz::Europe::Stockholm, finding),
        format!("insticksprogrammet avslutades med 4: {output}")
    );
}
