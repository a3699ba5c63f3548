//! The Lex Maria record's test fixtures: the demo region, actors, a fixed clock, status
//! changes written as the monitor writes them, and masks for what changes from run to run.

use beredskap::model::assessment::{
    Action, ActionStrength, Assessment, CauseArea, Earlier, Harm, Patients,
};
use beredskap::model::event::{NewEvent, StatusChange};
use beredskap::model::health::Health;
use beredskap::model::region::Region;
use beredskap::ops::Actor;
use beredskap::store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::repo;

pub fn demo() -> Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

pub fn actor(region: &Region, account: &str) -> Actor {
    Actor::resolve(region, "test", Some(account)).unwrap()
}

/// Monday 2026-11-23 02:00 UTC (03:00 local).
pub fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0)
        .single()
        .unwrap()
        + Duration::minutes(min)
}

/// A status change's payload as the monitor writes it: `own` as `health`, "HTTP 200 OK",
/// and held back as "impacted" when another system's outage impacts it.
pub fn change_payload(health: Health, previous: Health, impacted_by: &[&str]) -> serde_json::Value {
    serde_json::to_value(StatusChange {
        health,
        previous,
        own: health,
        check: "hälsa".into(),
        message: "HTTP 200 OK".into(),
        finding: None,
        latency_ms: Some(3),
        impacted_by: impacted_by.iter().map(|s| s.to_string()).collect(),
        suppressed: (!impacted_by.is_empty()).then(|| "impacted".into()),
        flapping: false,
        maintenance: None,
    })
    .unwrap()
}

pub fn status(
    store: &mut Store,
    system: &str,
    health: Health,
    previous: Health,
    at: DateTime<Utc>,
) {
    let c = StatusChange {
        health,
        previous,
        own: health,
        check: "hälsa".into(),
        message: if health == Health::Down {
            "HTTP 503".into()
        } else {
            "HTTP 200".into()
        },
        finding: None,
        latency_ms: Some(3),
        impacted_by: vec![],
        suppressed: None,
        flapping: false,
        maintenance: None,
    };
    append_change(
        store,
        system,
        &c,
        at,
        beredskap::model::guard::Origin::Person,
    );
}

/// Appends `c` as `system`'s status change at `at`, written by `origin`.
pub fn append_change(
    store: &mut Store,
    system: &str,
    c: &StatusChange,
    at: DateTime<Utc>,
    origin: beredskap::model::guard::Origin,
) {
    store
        .append(NewEvent {
            occurred_at: at,
            actor: "beredskap".into(),
            os_account: "beredskap".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{system}"),
            corrects: None,
            payload_version: 1,
            origin,
            payload: serde_json::to_value(c).unwrap(),
        })
        .unwrap();
}

/// Masks what changes from run to run: hashes, digests, recording times, the export time.
pub fn masked_json(mut v: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value, key: &str) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    walk(x, k);
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, key)),
            serde_json::Value::String(s) => {
                if matches!(
                    key,
                    "hash" | "digest_sha256" | "recorded_at" | "exported_at" | "runbook_sha256"
                ) {
                    *s = format!("[{key}]");
                }
                // The monitor's events carry the real OS account of the process that wrote
                // them: whoever runs the tests.
                if key == "os_account" && *s == super::os_account() {
                    *s = "[os_account]".into();
                }
            }
            _ => {}
        }
    }
    walk(&mut v, "");
    v
}

pub fn masked_md(text: &str) -> String {
    // The monitor's events name the real OS account that wrote them: whoever runs the tests.
    let me = super::os_account();
    let text = text
        .replace(&format!("OS-konto {me})"), "OS-konto [konto])")
        .replace(&format!("OS account {me})"), "OS account [account])")
        .replace(&format!("tjänstekonto {me})"), "tjänstekonto [konto])")
        .replace(
            &format!("service account {me})"),
            "service account [account])",
        );
    text.lines()
        .map(|l| {
            let mut out = String::new();
            let mut hex = String::new();
            for c in l.chars() {
                if c.is_ascii_hexdigit() && c.is_lowercase() || c.is_ascii_digit() {
                    hex.push(c);
                    continue;
                }
                if hex.len() >= 40 {
                    out.push_str("[hash]");
                } else {
                    out.push_str(&hex);
                }
                hex.clear();
                out.push(c);
            }
            if hex.len() >= 40 {
                out.push_str("[hash]");
            } else {
                out.push_str(&hex);
            }
            if out.starts_with("Exporterat ") || out.starts_with("Exported ") {
                // "Exporterat 2026-11-26 03:00 av …": the time of the export.
                let w: Vec<&str> = out.splitn(4, ' ').collect();
                return format!("{} [tid] {}", w[0], w.get(3).unwrap_or(&""));
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn assessment() -> Assessment {
    Assessment {
        harm: Harm::No,
        serious_risk: true,
        reasoning: "Provsvar dröjde upp till 50 minuter på två vårdavdelningar; akuta svar lämnades per telefon enligt reservrutinen.".into(),
        care_units: vec!["Avdelning 12".into(), "Akutmottagningen".into()],
        patients: Patients::RiskOnly,
        informed: false,
        informed_how: String::new(),
        earlier: vec![Earlier {
            incident: "INC-2025-0031".into(),
            similar: true,
            note: "samma integrationsfel".into(),
        }],
        causes: "Certifikatet för integrationen mot labbsystemet gick ut utan larm.".into(),
        cause_areas: vec![CauseArea::TechnologyEquipment, CauseArea::Procedures],
        risk_assessment: "Risk för fördröjd behandling vid akuta provsvar; sannolikhet låg, konsekvens allvarlig.".into(),
        actions: vec![Action {
            what: "Övervaka certifikatens giltighet".into(),
            owner: "it-drift".into(),
            due: "2026-12-15".into(),
            verification: "Larm syns i beredskap 14 dagar före utgång".into(),
            strength: Some(ActionStrength::Strong),
        }],
    }
}

/// Changes the record's first note behind the log's back (its update trigger dropped, the
/// payload rewritten in place), as someone with the database file could; returns its id.
pub fn tamper_with_first_note(
    db: &std::path::Path,
    e: &beredskap::export::lex_maria::Evidence,
) -> i64 {
    let victim = e
        .timeline
        .iter()
        .find(|x| x.kind == "incident.note")
        .expect("the record has a note")
        .id;
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    conn.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS events_refuse_update; \
         UPDATE events SET payload = '{{\"kind\":\"note\",\"text\":\"Allt lugnt\"}}' \
         WHERE id = {victim};"
    ))
    .expect("the direct write");
    victim
}
