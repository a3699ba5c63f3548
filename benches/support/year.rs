//! A region's year, generated with the project's own API in seconds (issue 16).
//!
//! The region: the demo region plus extra systems up to `systems` in all, each with an
//! HTTP check and a dependency on one of the demo's infrastructure systems. The year:
//! status changes (flapping systems, outages with their dependants following), diary
//! notes, pages for business-critical outages raised, escalated, acknowledged and
//! resolved through `ops::page`, on-call overrides through `ops::oncall`, downtime runs
//! through `ops::run`, and 16 major incidents through `ops::incident` (roles, milestones,
//! notes, patient-safety flags, status changes, reviews) — one of them with a long
//! timeline (10,000 notes when the log is large enough). Bulk events go in batches of
//! 10,000 through `Store::append_all` (projections in the same transaction, as always);
//! the generator turns SQLite's `synchronous` off for its own connection only, since a
//! benchmark's log needs no durability while it is built.

#![allow(dead_code)] // each benchmark uses part of the support

use beredskap::config::Loaded;
use beredskap::model::event::{NewEvent, StatusChange};
use beredskap::model::guard::Origin;
use beredskap::model::health::Health;
use beredskap::model::incident::{FollowUp, Milestone, Review, Status};
use beredskap::ops::Actor;
use beredskap::ops::incident::{self as inc, Assignment, Declare};
use beredskap::store::Store;
use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};

/// A tiny deterministic generator (xorshift64*), so every run builds the same year.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, per_thousand: u64) -> bool {
        self.next() % 1000 < per_thousand
    }
}

/// The demo region with extra systems up to `systems` in all; returns the main file.
pub fn region(dir: &Path, port: u16, systems: usize) -> PathBuf {
    let config = beredskap::demo::materialize(dir, port).expect("the demo region");
    let have = beredskap::config::load(&config)
        .expect("the demo region loads")
        .region
        .systems
        .len();
    let infrastructure = ["karnnat", "natverk-norra", "dns-dhcp", "databaskluster"];
    let mut extra = String::new();
    for i in 0..systems.saturating_sub(have) {
        let criticality = if i % 10 == 0 {
            "business-critical"
        } else {
            "normal"
        };
        extra.push_str(&format!(
            "\n[[systems]]\nid = \"sys-{i:05}\"\nname = \"Verksamhetssystem {i}\"\ncategory = \"it\"\n\
             criticality = \"{criticality}\"\nkrt = {{ confidentiality = 2, integrity = 2, availability = 3 }}\n\
             owner_team = \"it-drift\"\ndepends_on = [\"{}\"]\n\n[[systems.checks]]\nkind = \"http\"\n\
             url = \"http://127.0.0.1:{port}/sys-{i:05}/health\"\ninterval = \"30s\"\n",
            infrastructure[i % infrastructure.len()]
        ));
    }
    std::fs::write(config.parent().unwrap().join("systems/year.toml"), extra).unwrap();
    config
}

/// What the generated year holds, for the benchmarks to use.
pub struct Year {
    pub events: i64,
    /// The incident with the longest timeline, and how many timeline events it has.
    pub long_incident: String,
    pub long_incident_events: usize,
    pub incidents: usize,
    pub pages: usize,
    pub runs: usize,
    pub overrides: usize,
}

struct Builder<'a> {
    store: &'a mut Store,
    loaded: &'a Loaded,
    dice: Dice,
    batch: Vec<NewEvent>,
    health: Vec<Health>,
    written: i64,
}

impl Builder<'_> {
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            self.written += batch.len() as i64;
            self.store.append_all(batch).expect("a batch of the year");
        }
    }

    fn push(&mut self, e: NewEvent) {
        self.batch.push(e);
        if self.batch.len() >= 10_000 {
            self.flush();
        }
    }

    fn change(&mut self, system: usize, to: Health, at: DateTime<Utc>, impacted_by: Vec<String>) {
        let region = &self.loaded.region;
        let s = &region.systems[system];
        let previous = self.health[system];
        self.health[system] = to;
        let own = if impacted_by.is_empty() {
            to
        } else {
            Health::Up
        };
        let message = match to {
            Health::Up => "HTTP 200".to_string(),
            Health::Degraded => format!("svarstid {} ms", 800 + self.dice.below(4000)),
            _ => "tidsgräns efter 10 s".to_string(),
        };
        let change = StatusChange {
            health: to,
            previous,
            own,
            check: "hälsa".into(),
            message,
            finding: None,
            latency_ms: Some(20 + self.dice.below(500) as u64),
            impacted_by,
            suppressed: None,
            flapping: false,
            maintenance: None,
        };
        self.push(NewEvent {
            occurred_at: at,
            actor: "monitor".into(),
            os_account: "beredskap".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{}", s.id),
            corrects: None,
            payload_version: 1,
            origin: Origin::Machine,
            payload: serde_json::to_value(change).unwrap(),
        });
    }

    fn note(&mut self, at: DateTime<Utc>, i: i64) {
        let texts = [
            "Kontrollerat reservrutinerna på akuten, inga avvikelser",
            "Leverantören bekräftar planerat underhåll i helgen",
            "Skiftbyte: inga öppna ärenden, larmkön tom",
            "Ny certifikatkedja installerad på integrationsplattformen",
        ];
        let text = format!("{} ({i})", texts[(i as usize) % texts.len()]);
        self.push(NewEvent {
            occurred_at: at,
            actor: "op.tekla".into(),
            os_account: "op.tekla".into(),
            kind: "diary.note".into(),
            subject: "diary".into(),
            corrects: None,
            payload_version: 1,
            origin: Origin::Person,
            payload: serde_json::json!({ "text": text }),
        });
    }
}

fn actor(loaded: &Loaded, account: &str) -> Actor {
    Actor::resolve(&loaded.region, "bench", Some(account)).expect("a demo account")
}

/// Builds a year of about `events` events ending now into `store` for `loaded`'s region.
pub fn generate(store: &mut Store, loaded: &Loaded, events: i64) -> Year {
    store
        .connection()
        .execute_batch("PRAGMA synchronous = OFF")
        .unwrap();
    let region = &loaded.region;
    let n = region.systems.len();
    let mut b = Builder {
        store,
        loaded,
        dice: Dice::new(0x5eed_2026),
        batch: Vec::with_capacity(10_000),
        health: vec![Health::Unknown; n],
        written: 0,
    };
    let end = Utc::now() - Duration::hours(1);
    let start = end - Duration::days(365);
    let span = (end - start).num_seconds();
    // Everything comes up once at the start of the year.
    for s in 0..n {
        b.change(s, Health::Up, start, vec![]);
    }
    let (tekla, karin, berg, sara, greta) = (
        actor(loaded, "op.tekla"),
        actor(loaded, "il.karin"),
        actor(loaded, "cl.berg"),
        actor(loaded, "avd12.sara"),
        actor(loaded, "op.greta"),
    );
    let runbook_text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("runbooks/lab-nere.md"),
    )
    .unwrap();
    let runbook = beredskap::model::runbook::parse(&runbook_text).unwrap();
    let critical: Vec<usize> = (0..n)
        .filter(|&i| {
            region.systems[i].criticality == beredskap::model::region::Criticality::BusinessCritical
        })
        .collect();
    let long_notes = (events / 10).min(10_000);
    let mut year = Year {
        events: 0,
        long_incident: String::new(),
        long_incident_events: 0,
        incidents: 0,
        pages: 0,
        runs: 0,
        overrides: 0,
    };
    // The budget: ~16 incidents, a page per ~2,000 events (at most 3,000), a run and an
    // override per ~10,000 events; the rest status changes (88 %) and diary notes.
    let steps = (events - n as i64 - long_notes).max(1);
    let incident_every = steps / 18;
    let page_every = (steps / 3_000).max(2_000.min(steps / 4).max(1));
    let run_every = (steps / 400).max(10_000.min(steps / 2).max(1));
    for i in 0..steps {
        let at = start + Duration::seconds(span * i / steps);
        if b.written + b.batch.len() as i64 >= events {
            break;
        }
        let roll = b.dice.below(100);
        if roll < 8 {
            b.note(at, i);
        } else {
            // An outage: an infrastructure system takes its dependants with it now and
            // then; otherwise one system flaps or goes down and comes back.
            let s = b.dice.below(n);
            let to = match b.health[s] {
                Health::Up => {
                    if b.dice.chance(300) {
                        Health::Down
                    } else {
                        Health::Degraded
                    }
                }
                _ => Health::Up,
            };
            b.change(s, to, at, vec![]);
        }
        if i % page_every == page_every - 1 && !critical.is_empty() {
            b.flush();
            let s = critical[b.dice.below(critical.len())];
            let id = region.systems[s].id.clone();
            b.change(s, Health::Down, at, vec![]);
            let change = (
                id.clone(),
                StatusChange {
                    health: Health::Down,
                    previous: Health::Up,
                    own: Health::Down,
                    check: "hälsa".into(),
                    message: "HTTP 503".into(),
                    finding: None,
                    latency_ms: Some(4),
                    impacted_by: vec![],
                    suppressed: None,
                    flapping: false,
                    maintenance: None,
                },
            );
            b.flush();
            let pages =
                beredskap::ops::page::on_status_changes(b.store, region, &[change], at).unwrap();
            beredskap::ops::page::escalate(b.store, region, at + Duration::minutes(6)).unwrap();
            for p in &pages {
                beredskap::ops::page::acknowledge(b.store, &greta, p, at + Duration::minutes(7))
                    .unwrap();
                beredskap::ops::page::resolve(
                    b.store,
                    &greta,
                    p,
                    "Tjänsten omstartad, svarar igen",
                    at + Duration::minutes(40),
                )
                .unwrap();
                year.pages += 1;
            }
            b.change(s, Health::Up, at + Duration::minutes(40), vec![]);
        }
        if i % run_every == run_every / 2 {
            b.flush();
            let id = beredskap::ops::run::start(
                b.store,
                region,
                &sara,
                &runbook,
                &runbook_text,
                None,
                at,
            )
            .unwrap();
            for step in 1..=runbook.steps().count() {
                beredskap::ops::run::step(
                    b.store,
                    region,
                    &sara,
                    &id,
                    step,
                    &beredskap::ops::run::StepAction::Done { value: None },
                    at + Duration::minutes(step as i64),
                )
                .unwrap();
            }
            beredskap::ops::run::complete(b.store, &sara, &id, at + Duration::minutes(30)).unwrap();
            year.runs += 1;
            b.flush();
            beredskap::ops::oncall::add_override(
                b.store,
                region,
                &tekla,
                &beredskap::ops::oncall::NewOverride {
                    team: "it-drift".into(),
                    layer: None,
                    person: "op.hugo".into(),
                    from: at + Duration::days(1),
                    to: at + Duration::days(2),
                    reason: "Byte av jourpass".into(),
                },
                at,
            )
            .unwrap();
            year.overrides += 1;
        }
        if incident_every > 0 && i % incident_every == incident_every / 2 && year.incidents < 16 {
            b.flush();
            let notes = if year.incidents == 8 { long_notes } else { 40 };
            let id = incident(&mut b, &karin, &berg, at, year.incidents, notes);
            if notes as usize >= year.long_incident_events {
                year.long_incident = id;
                year.long_incident_events = notes as usize;
            }
            year.incidents += 1;
        }
    }
    b.flush();
    year.events = b.store.count().unwrap();
    b.store
        .connection()
        .execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    year
}

/// One major incident with its roles, milestones, `notes` timeline notes, a status
/// history and a review.
fn incident(
    b: &mut Builder<'_>,
    karin: &Actor,
    berg: &Actor,
    at: DateTime<Utc>,
    number: usize,
    notes: i64,
) -> String {
    let region = &b.loaded.region;
    let systems = ["journal", "lab", "pacs", "natverk-norra", "lakemedel"];
    let system = systems[number % systems.len()];
    let d = Declare {
        title: format!("Avbrott i {system}"),
        systems: vec![system.into()],
        started_at: Some(at - Duration::minutes(20)),
        detected_at: Some(at - Duration::minutes(10)),
        ..Default::default()
    };
    let id = inc::declare(b.store, region, karin, &d, at).unwrap();
    inc::assign_role(
        b.store,
        region,
        karin,
        &id,
        &Assignment {
            role: "commander".into(),
            account: "il.karin".into(),
            note: String::new(),
        },
        at,
    )
    .unwrap();
    inc::set_milestone(b.store, karin, &id, Milestone::Acknowledged, at, "", at).unwrap();
    if number.is_multiple_of(4) {
        inc::flag_patient_safety(b.store, berg, &id, "Provsvar fördröjda under avbrottet", at)
            .unwrap();
    }
    let subject = format!("incident:{id}");
    for k in 0..notes {
        let t = at + Duration::seconds(k.min(20_000));
        b.push(NewEvent {
            occurred_at: t,
            actor: "il.karin".into(),
            os_account: "il.karin".into(),
            kind: "incident.note".into(),
            subject: subject.clone(),
            corrects: None,
            payload_version: 1,
            origin: Origin::Person,
            payload: serde_json::json!({"kind": "note", "text": format!("Läget kl {k}: avdelningarna kör reservrutin"), "audience": null}),
        });
    }
    b.flush();
    let end = at + Duration::hours(6);
    inc::set_status(b.store, karin, &id, Status::Resolved, "", end).unwrap();
    inc::set_status(
        b.store,
        karin,
        &id,
        Status::Closed,
        "",
        end + Duration::hours(1),
    )
    .unwrap();
    inc::review(
        b.store,
        karin,
        &id,
        &Review {
            summary: "Nätverksfel i kärnnätet, åtgärdat genom omstart".into(),
            impact: "Fördröjda provsvar i två timmar".into(),
            what_worked: "Reservrutinerna".into(),
            contributing_factors: "Saknad redundans".into(),
            actions: vec![FollowUp {
                what: "Redundant länk till norra".into(),
                owner: "natverk".into(),
                due: "2027-03-01".into(),
                verification: "Failover-test i april".into(),
            }],
        },
        end + Duration::hours(2),
    )
    .unwrap();
    id
}
