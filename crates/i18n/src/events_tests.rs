//! The events in words: every kind in both languages, held alerts and deliveries.

use super::*;
use crate::model::payload::ALL_KINDS;

/// Event #7 of `kind` about `subject` with `payload`, as the log would hand it over.
fn event(kind: &str, subject: &str, payload: serde_json::Value) -> Event {
    Event {
        id: 7,
        recorded_at: chrono::Utc::now(),
        occurred_at: chrono::Utc::now(),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: kind.to_string(),
        subject: subject.to_string(),
        corrects: None,
        payload_version: 1,
        payload,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

/// Every kind has its own words: none falls through to the kind's name, in either
/// language (a payload that does not read is named as unreadable, not shown raw).
#[test]
fn every_kind_is_described_in_both_languages() {
    for kind in ALL_KINDS {
        let e = event(kind, "run:RUN-2026-0001", serde_json::json!({}));
        for lang in [Lang::Sv, Lang::En] {
            let s = describe(&e, lang, chrono_tz::Europe::Stockholm);
            assert_ne!(s, *kind, "{kind} has no words in {lang:?}");
            assert!(!s.contains('{'), "{kind}: raw JSON in {s}");
        }
    }
}

/// A held alert's reason reads in the console's language: "[larmet hålls tillbaka:
/// följdpåverkan]", never the stored "impacted" on a Swedish screen.
#[test]
fn a_held_alert_says_why_in_words() {
    for (stored, sv, en) in [
        ("impacted", "följdpåverkan", "impacted by another system"),
        ("maintenance", "underhållsfönster", "maintenance window"),
        ("flapping", "fladdrar", "flapping"),
        (
            "blind",
            "övervakningen ser inte ut",
            "the monitor cannot see out",
        ),
    ] {
        let change = StatusChange {
            health: crate::model::health::Health::Up,
            previous: crate::model::health::Health::Up,
            own: crate::model::health::Health::Up,
            check: "http".into(),
            message: "HTTP 200".into(),
            finding: None,
            latency_ms: None,
            impacted_by: Vec::new(),
            suppressed: Some(stored.into()),
            flapping: false,
            maintenance: None,
        };
        let e = event(
            ev::SYSTEM_STATUS_CHANGED,
            "system:ctg",
            serde_json::to_value(change).unwrap(),
        );
        let s = describe(&e, Lang::Sv, chrono_tz::Europe::Stockholm);
        assert!(
            s.ends_with(&format!("[larmet hålls tillbaka: {sv}]")),
            "{s}"
        );
        let s = describe(&e, Lang::En, chrono_tz::Europe::Stockholm);
        assert!(s.ends_with(&format!("[alert held: {en}]")), "{s}");
    }
}

/// A page delivered on a built-in channel names it in Swedish on a Swedish screen.
#[test]
fn a_delivery_names_the_built_in_channel_in_swedish() {
    for (channel, sv) in [
        ("console", "konsolen"),
        ("desktop", "skrivbordsnotis"),
        ("sms-gateway", "sms-gateway"),
    ] {
        let delivery = p::Delivery {
            channel: channel.into(),
            to: "op.tekla".into(),
            attempt: 1,
            ok: true,
            detail: String::new(),
            notified: None,
            message: String::new(),
        };
        let e = event(
            crate::model::page::kind::DELIVERY,
            "page:PAGE-2026-0003",
            serde_json::to_value(delivery).unwrap(),
        );
        let s = describe(&e, Lang::Sv, chrono_tz::Europe::Stockholm);
        assert!(
            s.ends_with(&format!("{sv} till op.tekla: levererat")),
            "{s}"
        );
        let s = describe(&e, Lang::En, chrono_tz::Europe::Stockholm);
        assert!(
            s.ends_with(&format!("{channel} to op.tekla: delivered")),
            "{s}"
        );
    }
}

/// A handoff note names the team as the region calls it where the region is known, and by
/// its id where it is not (a team since removed).
#[test]
fn a_handoff_note_names_the_team() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join("fixtures/region-demo/beredskap.toml");
    let region = beredskap_config::load(&path).unwrap().region;
    let note = |team: &str| {
        event(
            crate::model::oncall_log::kind::HANDOFF_NOTE,
            &format!("oncall:{team}"),
            serde_json::json!({"team": team, "layer": "primär", "text": "Labbet bevakas"}),
        )
    };
    let s = describe_in(&note("it-drift"), Lang::Sv, &region);
    assert!(
        s.contains("till nästa jour IT-drift (driftcentralen) (primär): Labbet bevakas"),
        "{s}"
    );
    let s = describe_in(&note("gamla-teamet"), Lang::En, &region);
    assert!(
        s.contains("for the next on call gamla-teamet (primär)"),
        "{s}"
    );
}
