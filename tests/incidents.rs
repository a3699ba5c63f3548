//! Incidents through the core operations and the real binary, on real database files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::incident::{Milestone, Status};
use beredskap::model::incident_log::NoteKind;
use beredskap::ops::Actor;
use beredskap::ops::incident::{self as ops, Assignment, Declare};
use beredskap::store::Store;
use chrono::{Duration, Utc};
use common::{beredskap, minimal_config, stderr, stdout};
use std::path::Path;

/// The minimal region with a commander added.
fn commander_config(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(minimal_config()).unwrap().replace(
        "\"../../runbooks\"",
        &format!("{:?}", common::repo().join("runbooks")),
    ) + "\n[[people]]\naccount = \"commander1\"\nname = \"Ledare Fyra\"\nphone = \"070-174 06 55\"\nemail = \"c1@test.example\"\nroles = [\"commander\"]\n";
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn actor(region: &beredskap::model::region::Region, account: &str) -> Actor {
    Actor::resolve(region, "test", Some(account)).unwrap()
}

fn setup() -> (tempfile::TempDir, beredskap::model::region::Region, Store) {
    let dir = tempfile::tempdir().unwrap();
    let config = commander_config(dir.path());
    let region = beredskap::config::load(&config).unwrap().region;
    let store = Store::open(&dir.path().join("log.db")).unwrap();
    (dir, region, store)
}

fn declare(store: &mut Store, region: &beredskap::model::region::Region) -> String {
    let d = Declare {
        title: "Journalen nere på alla sjukhus".into(),
        systems: vec!["journal".into()],
        care_units: vec!["Akutmottagningen".into()],
        started_at: Some(Utc::now() - Duration::minutes(30)),
        detected_at: Some(Utc::now() - Duration::minutes(20)),
        ..Default::default()
    };
    ops::declare(store, region, &actor(region, "commander1"), &d, Utc::now()).unwrap()
}

#[test]
fn a_whole_incident_from_declaration_to_review() {
    let (_d, region, mut store) = setup();
    let c = actor(&region, "commander1");
    let id = declare(&mut store, &region);
    assert!(
        id.starts_with(&format!("INC-{}-0001", Utc::now().format("%Y"))),
        "{id}"
    );
    let now = Utc::now();
    ops::note(
        &mut store,
        &actor(&region, "operator1"),
        &id,
        "Leverantören kontaktad",
        NoteKind::Note,
        None,
        None,
        now,
    )
    .unwrap();
    ops::note(
        &mut store,
        &c,
        &id,
        "Avdelningarna går över till reservrutin",
        NoteKind::Communication,
        Some("vårdenheter"),
        Some(now - Duration::minutes(10)),
        now,
    )
    .unwrap();
    ops::assign_role(
        &mut store,
        &region,
        &c,
        &id,
        &Assignment {
            role: "commander".into(),
            account: "commander1".into(),
            note: String::new(),
        },
        now,
    )
    .unwrap();
    ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Acknowledged,
        now - Duration::minutes(15),
        "",
        now,
    )
    .unwrap();
    ops::set_status(&mut store, &c, &id, Status::Identified, "", now).unwrap();
    ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Mitigated,
        now - Duration::minutes(1),
        "",
        now,
    )
    .unwrap();
    ops::flag_patient_safety(
        &mut store,
        &actor(&region, "operator1"),
        &id,
        "Läkemedelslistor kunde inte läsas på IVA",
        now,
    )
    .unwrap();
    ops::set_status(&mut store, &c, &id, Status::Resolved, "", now).unwrap();
    let review = beredskap::model::incident::Review {
        summary: "Databasklustret tappade en nod".into(),
        impact: "40 minuter utan journal".into(),
        what_worked: "Läskopian".into(),
        contributing_factors: "Ingen övervakning av klustrets kvorum".into(),
        actions: vec![beredskap::model::incident::FollowUp {
            what: "Övervaka kvorum".into(),
            owner: "it-drift".into(),
            due: "2026-12-31".into(),
            verification: "Larm provat".into(),
        }],
    };
    ops::review(&mut store, &c, &id, &review, now).unwrap();
    ops::set_status(&mut store, &c, &id, Status::Closed, "", now).unwrap();

    let i = store.incident(&id).unwrap().unwrap();
    assert_eq!(i.status, Status::Closed);
    assert_eq!(
        i.roles.get("commander").map(String::as_str),
        Some("commander1")
    );
    assert!(i.patient_safety.is_some());
    assert_eq!(i.review.as_ref().unwrap().actions.len(), 1);
    for m in [
        Milestone::Started,
        Milestone::Detected,
        Milestone::Acknowledged,
        Milestone::Declared,
        Milestone::Mitigated,
        Milestone::Resolved,
        Milestone::Closed,
    ] {
        assert!(i.milestones.contains_key(&m), "{m}");
    }
    let timeline = store.incident_timeline(&i).unwrap();
    assert!(timeline.iter().any(|e| {
        beredskap::i18n::events::describe(e, beredskap::i18n::Lang::Sv, chrono_tz::UTC)
            .contains("reservrutin")
    }));
    let rows = store.incident_rows(true).unwrap();
    assert_eq!(rows[0].commander.as_deref(), Some("commander1"));
    assert!(rows[0].patient_safety);
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn refused_transitions_and_out_of_order_milestones_write_nothing() {
    let (_d, region, mut store) = setup();
    let c = actor(&region, "commander1");
    let id = declare(&mut store, &region);
    let head = store.head().unwrap();
    let now = Utc::now();
    let e = ops::set_status(&mut store, &c, &id, Status::Closed, "", now).unwrap_err();
    assert!(
        e.to_string()
            .contains("only a resolved incident can be closed"),
        "{e}"
    );
    let e = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Acknowledged,
        now - Duration::minutes(25),
        "",
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("would be before detected"), "{e}");
    let e = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Mitigated,
        now + Duration::hours(1),
        "",
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("in the future"), "{e}");
    let e = ops::set_status(&mut store, &c, &id, Status::Cancelled, "", now).unwrap_err();
    assert!(e.to_string().contains("the reason is empty"), "{e}");
    assert_eq!(store.head().unwrap(), head, "nothing was written");
    let e = ops::note(
        &mut store,
        &c,
        "INC-1999-0001",
        "x",
        NoteKind::Note,
        None,
        None,
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("there is no incident"), "{e}");
}

#[test]
fn a_correction_is_a_new_event_that_names_what_it_corrects_and_why() {
    let (_d, region, mut store) = setup();
    let c = actor(&region, "commander1");
    let id = declare(&mut store, &region);
    let now = Utc::now();
    let first = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Acknowledged,
        now - Duration::minutes(15),
        "",
        now,
    )
    .unwrap();
    let e = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Acknowledged,
        now - Duration::minutes(12),
        "",
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("needs a reason"), "{e}");
    let fixed = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Acknowledged,
        now - Duration::minutes(12),
        "Larmet kvitterades 03:12 enligt växeln",
        now,
    )
    .unwrap();
    assert_eq!(fixed.corrects, Some(first.id));
    assert!(
        beredskap::i18n::events::describe(&fixed, beredskap::i18n::Lang::En, chrono_tz::UTC)
            .contains("correction: Larmet kvitterades"),
        "{}",
        beredskap::i18n::events::describe(&fixed, beredskap::i18n::Lang::En, chrono_tz::UTC)
    );
    let i = store.incident(&id).unwrap().unwrap();
    assert_eq!(
        i.milestones[&Milestone::Acknowledged],
        now - Duration::minutes(12)
    );
    // The started time from the declaration can be corrected too, naming the declaration.
    let s = ops::set_milestone(
        &mut store,
        &c,
        &id,
        Milestone::Started,
        now - Duration::minutes(40),
        "Loggarna visar 02:30",
        now,
    )
    .unwrap();
    assert!(s.corrects.is_some());
}

#[test]
fn roles_are_checked_in_the_core() {
    let (_d, region, mut store) = setup();
    let now = Utc::now();
    let viewer = actor(&region, "viewer1");
    let operator = actor(&region, "operator1");
    let d = Declare {
        title: "x".into(),
        ..Default::default()
    };
    for who in [&viewer, &operator] {
        let e = ops::declare(&mut store, &region, who, &d, now).unwrap_err();
        assert!(e.to_string().contains("may not declare incidents"), "{e}");
    }
    let id = declare(&mut store, &region);
    let e = ops::note(
        &mut store,
        &viewer,
        &id,
        "x",
        NoteKind::Note,
        None,
        None,
        now,
    )
    .unwrap_err();
    assert!(e.to_string().contains("may not add to an incident"), "{e}");
    assert!(
        ops::note(
            &mut store,
            &operator,
            &id,
            "ok",
            NoteKind::Note,
            None,
            None,
            now
        )
        .is_ok()
    );
    let e = ops::set_status(&mut store, &operator, &id, Status::Resolved, "", now).unwrap_err();
    assert!(e.to_string().contains("may not command incidents"), "{e}");
    let a = Assignment {
        role: "scribe".into(),
        account: "operator1".into(),
        note: String::new(),
    };
    assert!(ops::assign_role(&mut store, &region, &operator, &id, &a, now).is_err());
    let c = actor(&region, "commander1");
    ops::assign_role(&mut store, &region, &c, &id, &a, now).unwrap();
    let handover = Assignment {
        role: "scribe".into(),
        account: "commander1".into(),
        note: String::new(),
    };
    let e = ops::assign_role(&mut store, &region, &c, &id, &handover, now).unwrap_err();
    assert!(e.to_string().contains("a handover needs a note"), "{e}");
    let handover = Assignment {
        note: "Skiftbyte 07:00".into(),
        ..handover
    };
    let ev = ops::assign_role(&mut store, &region, &c, &id, &handover, now).unwrap();
    assert!(
        beredskap::i18n::events::describe(&ev, beredskap::i18n::Lang::En, chrono_tz::UTC)
            .contains("handed over from operator1"),
        "{}",
        beredskap::i18n::events::describe(&ev, beredskap::i18n::Lang::En, chrono_tz::UTC)
    );
}

#[test]
fn every_free_text_is_guarded() {
    let (_d, region, mut store) = setup();
    let c = actor(&region, "commander1");
    let now = Utc::now();
    let pnr = "pat 19121212-1212";
    let d = Declare {
        title: pnr.into(),
        ..Default::default()
    };
    assert!(
        ops::declare(&mut store, &region, &c, &d, now)
            .unwrap_err()
            .to_string()
            .contains("personnummer")
    );
    let id = declare(&mut store, &region);
    let head = store.head().unwrap();
    assert!(ops::note(&mut store, &c, &id, pnr, NoteKind::Note, None, None, now).is_err());
    assert!(ops::flag_patient_safety(&mut store, &c, &id, pnr, now).is_err());
    assert!(ops::set_status(&mut store, &c, &id, Status::Cancelled, pnr, now).is_err());
    let a = Assignment {
        role: "scribe".into(),
        account: "operator1".into(),
        note: pnr.into(),
    };
    assert!(ops::assign_role(&mut store, &region, &c, &id, &a, now).is_err());
    assert_eq!(store.head().unwrap(), head);
}

#[test]
fn concurrent_declarations_get_distinct_ids_and_concurrent_notes_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let config = commander_config(dir.path());
    let db = dir.path().join("log.db");
    // Two processes declare at once, repeatedly.
    let mut children = Vec::new();
    for p in 0..4 {
        children.push(
            beredskap(&config, &db)
                .args([
                    "--as",
                    "commander1",
                    "incident",
                    "declare",
                    "--title",
                    &format!("Samtidig {p}"),
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "{ids:?}");
    // Two processes add notes to the same incident at the same moment.
    let id = &ids[0];
    let notes: Vec<_> = ["Första anteckningen", "Andra anteckningen"]
        .iter()
        .map(|t| {
            beredskap(&config, &db)
                .args(["--as", "operator1", "incident", "note", id, t])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for n in notes {
        assert!(n.wait_with_output().unwrap().status.success());
    }
    let out = beredskap(&config, &db)
        .args(["incident", "show", id, "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts: Vec<String> = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["payload"]["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    // Stable order: by time, then by id — the same every time it is read.
    let again = beredskap(&config, &db)
        .args(["incident", "show", id, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn the_command_line_does_it_all_with_clear_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let config = commander_config(dir.path());
    let db = dir.path().join("log.db");
    let run = |args: &[&str]| beredskap(&config, &db).args(args).output().unwrap();
    let out = run(&[
        "--as",
        "commander1",
        "incident",
        "declare",
        "--title",
        "Labbet svarar inte",
        "--system",
        "journal",
        "--started",
        "30m",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec![
            "--as",
            "operator1",
            "incident",
            "note",
            id.as_str(),
            "Kontrollerat",
            "--at",
            "5m",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "role",
            id.as_str(),
            "commander",
            "commander1",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "milestone",
            id.as_str(),
            "acknowledged",
            "--at",
            "20m",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "status",
            id.as_str(),
            "monitoring",
        ],
        vec![
            "--as",
            "operator1",
            "incident",
            "flag",
            id.as_str(),
            "--description",
            "Provsvar försenade",
        ],
        vec!["--as", "commander1", "incident", "resolve", id.as_str()],
        vec![
            "--as",
            "commander1",
            "incident",
            "review",
            id.as_str(),
            "--summary",
            "Nätverksfel",
            "--action",
            "Byt switch|natverk|2026-12-01|Test",
        ],
        vec!["--as", "commander1", "incident", "close", id.as_str()],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = run(&["incident", "show", &id, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["incident"]["status"], "closed");
    assert_eq!(json["incident"]["roles"]["commander"], "commander1");
    let out = run(&["incident", "show", &id]);
    assert!(
        stdout(&out).contains("risk för vårdskada"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("(recorded "),
        "a note dated back shows both times: {}",
        stdout(&out)
    );
    let out = run(&["incident", "list", "--all"]);
    assert!(stdout(&out).contains(&id));
    for (args, needle) in [
        (
            vec!["--as", "operator1", "incident", "declare", "--title", "x"],
            "may not declare incidents",
        ),
        (
            vec![
                "--as",
                "commander1",
                "incident",
                "status",
                id.as_str(),
                "bogus",
            ],
            "unknown status",
        ),
        (
            vec![
                "--as",
                "commander1",
                "incident",
                "status",
                id.as_str(),
                "investigating",
            ],
            "cannot go from closed",
        ),
        (
            vec![
                "--as",
                "operator1",
                "incident",
                "note",
                id.as_str(),
                "pnr 121212-1212",
            ],
            "personnummer",
        ),
        (
            vec![
                "--as",
                "commander1",
                "incident",
                "declare",
                "--title",
                "x",
                "--severity",
                "nope",
            ],
            "unknown severity",
        ),
        (
            vec!["incident", "show", "INC-1999-0009"],
            "there is no incident",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn the_affected_systems_status_changes_appear_in_the_timeline_by_themselves() {
    use beredskap::model::event::{NewEvent, StatusChange};
    use beredskap::model::health::Health;
    let (_d, region, mut store) = setup();
    let id = declare(&mut store, &region); // affects `journal`, started 30 min ago
    let change = |system: &str, health: Health, minutes_ago: i64| NewEvent {
        occurred_at: Utc::now() - Duration::minutes(minutes_ago),
        actor: "monitor".into(),
        os_account: "monitor".into(),
        kind: "system.status_changed".into(),
        subject: format!("system:{system}"),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Person,
        payload: serde_json::to_value(StatusChange {
            health,
            previous: Health::Up,
            own: health,
            check: "hälsa".into(),
            message: format!("{system} {health}"),
            finding: None,
            latency_ms: None,
            impacted_by: vec![],
            suppressed: None,
            flapping: false,
            maintenance: None,
        })
        .unwrap(),
    };
    store.append(change("journal", Health::Down, 25)).unwrap(); // during: shown
    store.append(change("natet", Health::Down, 24)).unwrap(); // another system: not shown
    store
        .append(change("journal", Health::Degraded, 120))
        .unwrap(); // long before: not shown
    let i = store.incident(&id).unwrap().unwrap();
    let texts: Vec<String> = store
        .incident_timeline(&i)
        .unwrap()
        .iter()
        .map(|e| beredskap::i18n::events::describe(e, beredskap::i18n::Lang::Sv, chrono_tz::UTC))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("journal down")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("natet")), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.contains("journal degraded")),
        "{texts:?}"
    );
    // Oldest first, by when it happened.
    let ids = store.incident_timeline(&i).unwrap();
    assert!(ids.windows(2).all(|w| w[0].occurred_at <= w[1].occurred_at));
}

#[test]
fn every_incident_command_answers_in_json_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let config = commander_config(dir.path());
    let db = dir.path().join("log.db");
    let run = |args: &[&str]| {
        let out = beredskap(&config, &db).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
    };
    let id = run(&[
        "--as",
        "commander1",
        "incident",
        "declare",
        "--title",
        "JSON",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec![
            "--as",
            "operator1",
            "incident",
            "note",
            id.as_str(),
            "x",
            "--json",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "role",
            id.as_str(),
            "scribe",
            "operator1",
            "--json",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "milestone",
            id.as_str(),
            "acknowledged",
            "--at",
            "0s",
            "--json",
        ],
        vec![
            "--as",
            "operator1",
            "incident",
            "flag",
            id.as_str(),
            "--description",
            "y",
            "--json",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "resolve",
            id.as_str(),
            "--json",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "review",
            id.as_str(),
            "--summary",
            "z",
            "--json",
        ],
        vec![
            "--as",
            "commander1",
            "incident",
            "close",
            id.as_str(),
            "--json",
        ],
    ] {
        let v = run(&args);
        assert_eq!(v["id"], id.as_str(), "{args:?}");
        assert!(!v["events"].as_array().unwrap().is_empty(), "{args:?}");
    }
    assert!(
        run(&["incident", "list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 1
    );
    assert_eq!(
        run(&["incident", "show", &id, "--json"])["incident"]["status"],
        "closed"
    );
}
