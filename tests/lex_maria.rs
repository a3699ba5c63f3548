//! The Lex Maria record end to end: a full incident (outage, page and acknowledgement,
//! downtime routine run, notes and a communication, milestones, the patient-safety flag,
//! the physician's assessment, decision and another clock) exported as Markdown and JSON
//! (golden files, volatile hashes and clock times masked); a changed event makes the
//! export's integrity section say the chain is broken; only the physician records an
//! assessment, in the core and on the command line; the patient-data guard's last pass.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::export::lex_maria;
use beredskap::model::assessment::{Clock, ClockKind, Decision, Earlier};
use beredskap::model::event::{NewEvent, StatusChange};
use beredskap::model::health::Health;
use beredskap::model::incident::Milestone;
use beredskap::model::incident_log::NoteKind;
use beredskap::model::region::Region;
use beredskap::model::timespec::to_storage;
use beredskap::ops::incident::{self as inc, Declare};
use beredskap::ops::review;
use beredskap::store::Store;
use chrono::{DateTime, Utc};
use common::record::{
    actor, assessment, demo, masked_json, masked_md, status, t, tamper_with_first_note,
};
use common::{beredskap, repo, run, stderr, stdout};
use std::path::Path;

/// The full incident; returns its id.
fn scenario(db: &Path, region: &Region) -> String {
    let mut store = Store::open(db).unwrap();
    let karin = actor(region, "il.karin");
    let tekla = actor(region, "op.tekla");
    let greta = actor(region, "op.greta");
    let sara = actor(region, "avd12.sara");
    let berg = actor(region, "cl.berg");
    status(&mut store, "lab", Health::Down, Health::Up, t(0));
    let d = Declare {
        title: "Laboratoriesvar når inte vården".into(),
        systems: vec!["lab".into()],
        care_units: vec!["Avdelning 12".into()],
        started_at: Some(t(0)),
        detected_at: Some(t(3)),
        ..Default::default()
    };
    let id = inc::declare(&mut store, region, &karin, &d, t(5)).unwrap();
    // The outage pages IT operations; op.greta (on call this week) acknowledges.
    let changes = vec![("lab".to_string(), serde_json::from_value::<StatusChange>(serde_json::json!({
        "health": "down", "previous": "up", "own": "down", "check": "hälsa", "message": "HTTP 503",
        "latency_ms": 3, "impacted_by": [], "suppressed": null, "flapping": false, "maintenance": null
    })).unwrap())];
    let pages =
        beredskap::ops::page::on_status_changes(&mut store, region, &changes, t(6)).unwrap();
    beredskap::ops::page::escalate(&mut store, region, t(6)).unwrap();
    beredskap::ops::page::acknowledge(&mut store, &greta, &pages[0], t(8)).unwrap();
    inc::set_milestone(
        &mut store,
        &karin,
        &id,
        Milestone::Acknowledged,
        t(8),
        "",
        t(8),
    )
    .unwrap();
    // The ward runs the lab downtime routine.
    let text = std::fs::read_to_string(repo().join("runbooks/lab-nere.md")).unwrap();
    let rb = beredskap::model::runbook::parse(&text).unwrap();
    let run_id =
        beredskap::ops::run::start(&mut store, region, &sara, &rb, &text, Some(&id), t(10))
            .unwrap();
    use beredskap::ops::run::StepAction;
    beredskap::ops::run::step(
        &mut store,
        region,
        &sara,
        &run_id,
        1,
        &StepAction::Done { value: None },
        t(11),
    )
    .unwrap();
    beredskap::ops::run::step(
        &mut store,
        region,
        &sara,
        &run_id,
        2,
        &StepAction::Skip {
            reason: "Numret sitter redan på tavlan".into(),
        },
        t(12),
    )
    .unwrap();
    beredskap::ops::run::step(
        &mut store,
        region,
        &sara,
        &run_id,
        6,
        &StepAction::Done {
            value: Some("6".into()),
        },
        t(20),
    )
    .unwrap();
    inc::note(
        &mut store,
        &tekla,
        &id,
        "Leverantören larmad, ärende 4471",
        NoteKind::Note,
        None,
        None,
        t(15),
    )
    .unwrap();
    inc::note(
        &mut store,
        &karin,
        &id,
        "Avdelningarna informerade om reservrutinen",
        NoteKind::Communication,
        Some("vårdenheter"),
        None,
        t(16),
    )
    .unwrap();
    inc::flag_patient_safety(&mut store, &tekla, &id, "Akuta provsvar fördröjda", t(18)).unwrap();
    status(&mut store, "lab", Health::Up, Health::Down, t(50));
    inc::set_milestone(
        &mut store,
        &karin,
        &id,
        Milestone::Mitigated,
        t(45),
        "",
        t(50),
    )
    .unwrap();
    inc::set_milestone(
        &mut store,
        &karin,
        &id,
        Milestone::Resolved,
        t(50),
        "",
        t(51),
    )
    .unwrap();
    // The chief physician's review.
    review::assess(&mut store, &berg, &id, &assessment(), t(24 * 60)).unwrap();
    review::decide(
        &mut store,
        &berg,
        &id,
        &Decision {
            report: true,
            motivation: "Risk för allvarlig vårdskada förelåg.".into(),
            against_assessment: false,
        },
        t(24 * 60 + 5),
    )
    .unwrap();
    review::set_clock(
        &mut store,
        &berg,
        &id,
        &Clock {
            clock: ClockKind::Nis2,
            applies: false,
            aware_at: to_storage(t(3)),
            reported_at: None,
            reference: String::new(),
        },
        t(24 * 60 + 6),
    )
    .unwrap();
    id
}

#[test]
fn a_full_incident_exports_as_golden_markdown_and_json_with_an_intact_chain() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    assert!(e.chain_break.is_none());
    // Only the record's events and their neighbours are walked, never the log between.
    let in_record: std::collections::BTreeSet<i64> = e.timeline.iter().map(|x| x.id).collect();
    assert!(
        e.events_verified as usize <= in_record.len() + e.verified.len(),
        "{} verified for {} events in {:?}",
        e.events_verified,
        in_record.len(),
        e.verified
    );
    for id in &in_record {
        assert!(
            e.verified.iter().any(|(from, to)| from <= id && id <= to),
            "#{id} was not verified: {:?}",
            e.verified
        );
    }
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    assert_eq!(json["schema"], "beredskap/lex-maria/1");
    assert_eq!(json["integrity"]["chain"], "intact");
    assert_eq!(json["decision"]["report_to_ivo"], true);
    assert_eq!(
        json["runs"][0]["steps"][1]["skip_reason"],
        "Numret sitter redan på tavlan"
    );
    assert_eq!(json["pages"][0]["acknowledged"]["by"], "op.greta");
    assert_eq!(json["incident"]["durations"]["to_acknowledge_min"], 8);
    assert_eq!(json["systems"][0]["downtime_min"], 50);
    assert_eq!(
        json["care_provider"]["organisation_number"],
        region.site.organisation_number
    );
    let n = json["integrity"]["events"].as_array().unwrap().len();
    assert_eq!(n, e.timeline.len());
    let md = lex_maria::to_markdown(&region, &e, "cl.berg");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("golden");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!("lex-maria.md", masked_md(&md));
        insta::assert_snapshot!(
            "lex-maria.json",
            serde_json::to_string_pretty(&masked_json(json)).unwrap()
        );
    });
}

#[test]
fn a_changed_event_makes_the_export_say_the_chain_is_broken() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    drop(store);
    let victim = tamper_with_first_note(&db, &e);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    assert_eq!(json["integrity"]["chain"], "broken");
    assert!(
        json["integrity"]["chain_break"]
            .as_str()
            .unwrap()
            .contains(&format!("#{victim}"))
    );
    assert!(
        lex_maria::to_markdown(&region, &e, "cl.berg").contains("Kedjan verifierad: **BRUTEN**")
    );
}

#[test]
fn only_the_physician_records_an_assessment_in_the_core_and_on_the_command_line() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let mut store = Store::open_existing(&db).unwrap();
    for who in [
        "il.karin",
        "op.tekla",
        "adm.rut",
        "avd12.sara",
        "ledning.anna",
    ] {
        let e =
            review::assess(&mut store, &actor(&region, who), &id, &assessment(), t(0)).unwrap_err();
        assert!(
            e.to_string().contains("may not record Lex Maria"),
            "{who}: {e}"
        );
        let e = review::decide(
            &mut store,
            &actor(&region, who),
            &id,
            &Decision {
                report: false,
                motivation: "x".into(),
                against_assessment: false,
            },
            t(0),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("may not record Lex Maria"),
            "{who}: {e}"
        );
    }
    drop(store);
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let file = dir.path().join("bedomning.toml");
    std::fs::write(
        &file,
        "harm = \"unknown\"\nserious_risk = false\nreasoning = \"Ingen patient påverkades.\"\npatients = \"risk_only\"\ninformed = false\ncauses = \"Certifikat\"\nrisk_assessment = \"Låg\"\n",
    )
    .unwrap();
    let out = run(beredskap(&config, &db)
        .args(["--as", "op.tekla", "review", "assess", &id])
        .arg(&file));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("may not record Lex Maria"),
        "{}",
        stderr(&out)
    );
    let out = run(beredskap(&config, &db)
        .args(["--as", "cl.berg", "review", "assess", &id])
        .arg(&file));
    assert!(out.status.success(), "{}", stderr(&out));
    // A mistake in the file: its line and column.
    std::fs::write(&file, "harm = \"maybe\"\n").unwrap();
    let out = run(beredskap(&config, &db)
        .args(["--as", "cl.berg", "review", "assess", &id])
        .arg(&file));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bedomning.toml:1:8"),
        "{}",
        stderr(&out)
    );
    let out = run(beredskap(&config, &db).args([
        "--as",
        "cl.berg",
        "review",
        "decide",
        &id,
        "--report",
        "no",
        "--motivation",
        "Ingen risk för allvarlig vårdskada",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    // The export through the command line is itself an event.
    let out = run(beredskap(&config, &db).args([
        "--lang",
        "sv",
        "--as",
        "cl.berg",
        "export",
        "lex-maria",
        &id,
        "--format",
        "json",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["decision"]["report_to_ivo"], false,
        "the latest decision is in force"
    );
    assert_eq!(
        v["assessment"]["earlier_versions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let store = Store::open_existing(&db).unwrap();
    let exports = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["export.lex_maria".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].actor, "cl.berg");
    assert_eq!(
        exports[0].payload["digest"],
        v["integrity"]["digest_sha256"]
    );
}

#[test]
fn the_last_guard_pass_refuses_an_export_holding_a_personal_identity_number() {
    // Only something that slipped past the guard on the way in could reach an export: the
    // fixture is a log written by the release before the store's guard, whose monitor
    // recorded a plugin's output with a number in it.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    std::fs::copy(repo().join("tests/fixtures/log-before-redaction.db"), &db).unwrap();
    let config = repo().join("tests/fixtures/log-before-redaction.toml");
    let id = common::declare_journal_incident(&config, &db);
    let out = run(beredskap(&config, &db).args(["--as", "physician1", "export", "lex-maria", &id]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("the export is refused"), "{err}");
    assert!(
        err.contains("log redact 3"),
        "says how to take it out: {err}"
    );
    assert!(stdout(&out).is_empty(), "nothing leaves");
}

#[test]
fn the_json_export_validates_against_the_published_schema() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/export-schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not vacuous: a missing decision field or a bad hash fails it.
    let mut broken = json.clone();
    broken["decision"]
        .as_object_mut()
        .unwrap()
        .remove("motivation");
    assert!(!validator.is_valid(&broken));
    let mut broken = json.clone();
    broken["integrity"]["digest_sha256"] = serde_json::json!("not a digest");
    assert!(!validator.is_valid(&broken));
    // An export without a review yet is valid too (assessment and decision null).
    let mut store2 = Store::open(&dir.path().join("other.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let d = Declare {
        title: "Kort avbrott".into(),
        systems: vec!["lab".into()],
        ..Default::default()
    };
    let other = inc::declare(&mut store2, &region, &karin, &d, t(0)).unwrap();
    let e2 = lex_maria::gather(&store2, &other, t(60)).unwrap().unwrap();
    let j2 = lex_maria::to_json(&region, &e2, "cl.berg").unwrap();
    assert!(
        validator.is_valid(&j2),
        "{:#?}",
        validator
            .iter_errors(&j2)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_pdf_export_is_a_readable_a4_document_with_the_timeline() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let file = dir.path().join("underlag.pdf");
    let out = run(beredskap(&config, &db)
        .args([
            "--lang",
            "sv",
            "--as",
            "cl.berg",
            "export",
            "lex-maria",
            &id,
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&file));
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = common::pdf::open(&std::fs::read(&file).unwrap());
    let pages = doc.get_pages().len() as u32;
    assert!(pages >= 2, "{pages} pages");
    let text: String = (1..=pages)
        .map(|p| common::pdf::page_text(&doc, p))
        .collect();
    for expected in [
        "Underlag för bedömning enligt lex Maria",
        "Tidslinje",
        "reservrutin startad: Laboratoriesvar saknas",
        "Kedjan verifierad: obruten",
        "Underskrift",
    ] {
        assert!(text.contains(expected), "{expected:?} missing");
    }
    assert!(common::pdf::page_text(&doc, pages).contains(&format!("sida {pages} av {pages}")));
}

/// Runs a poppler tool on `file`; its stdout.
fn poppler(tool: &str, args: &[&str], file: &std::path::Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(file)
        .args((tool == "pdftotext").then_some("-"))
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, installed by .ci/run): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_pdf_is_an_archival_pdf_a_2u_with_metadata_that_poppler_reads() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    // A character the embedded font lacks must not stop the record (PDF/A may not draw
    // the "missing" glyph): it prints as `?`.
    {
        let mut store = Store::open(&db).unwrap();
        beredskap::ops::incident::note(
            &mut store,
            &actor(&region, "il.karin"),
            &id,
            "Larmet kom via chatten 🚑 kl 03:05",
            beredskap::model::incident_log::NoteKind::Note,
            None,
            None,
            Utc::now(),
        )
        .unwrap();
    }
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let file = dir.path().join("underlag.pdf");
    let out = run(beredskap(&config, &db)
        .args([
            "--lang",
            "sv",
            "--as",
            "cl.berg",
            "export",
            "lex-maria",
            &id,
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&file));
    assert!(out.status.success(), "{}", stderr(&out));
    // The file is new: exporting to the same name again is refused and changes nothing,
    // unless asked with --force.
    let bytes = std::fs::read(&file).unwrap();
    let again = run(beredskap(&config, &db)
        .args([
            "--lang",
            "sv",
            "--as",
            "cl.berg",
            "export",
            "lex-maria",
            &id,
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&file));
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("exists: nothing was written"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let forced = run(beredskap(&config, &db)
        .args([
            "--lang",
            "sv",
            "--as",
            "cl.berg",
            "export",
            "lex-maria",
            &id,
            "--format",
            "pdf",
            "--force",
            "-o",
        ])
        .arg(&file));
    assert!(forced.status.success(), "{}", stderr(&forced));
    // krilla validated it as PDF/A-2u while writing (a problem fails the export); the file
    // says so in its XMP metadata, as an archive's checker reads it.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(
        raw.contains("<pdfaid:conformance>U</pdfaid:conformance>"),
        "not level U"
    );
    assert_eq!(
        beredskap::print::pdf::ARCHIVAL,
        krilla::configure::Archival::A2_U
    );
    // Document metadata: title, the region as author, the incident as subject, created.
    let info = poppler("pdfinfo", &[], &file);
    for expected in [
        format!("Title:           Lex Maria {id}"),
        "Author:          Region Exempel".to_string(),
        format!("Subject:         {id}"),
        "PDF version:     1.7".to_string(),
    ] {
        assert!(info.contains(&expected), "{expected:?} not in:\n{info}");
    }
    assert!(
        info.lines().any(|l| l.starts_with("CreationDate:")),
        "{info}"
    );
    // The text as a records system extracts it: the timeline, the signature block, page
    // numbers, Swedish characters.
    let text = poppler("pdftotext", &["-layout"], &file);
    for expected in [
        "Tidslinje",
        "reservrutin startad: Laboratoriesvar saknas",
        "## Underskrift".trim_start_matches("## "),
        "Ort och datum:",
        "Namnförtydligande: Dr. Elsa Granskargren",
        "sida 1 av",
        "Larmet kom via chatten <U+1F691> kl 03:05",
        "de första 16 tecknen",
    ] {
        assert!(text.contains(expected), "{expected:?} not in the text");
    }
    // Each event's hash by its first 16 digits (the whole ones are in md and JSON), its
    // number and its hash on one line: none pushed apart by the page's edge.
    let store = Store::open_existing(&db).unwrap();
    let record = lex_maria::gather(&store, &id, chrono::Utc::now())
        .unwrap()
        .unwrap();
    assert!(record.timeline.len() > 4, "a record of more than one line");
    // (the export that wrote the file is recorded after it, and is not in it)
    let written = record.timeline.iter().filter(|e| {
        e.kind != "export.lex_maria" || record.timeline.iter().any(|later| later.id > e.id)
    });
    for e in written {
        assert!(
            text.contains(&format!("#{}: {}", e.id, &e.hash[..16])),
            "no fingerprint of #{} on one line:\n{}",
            e.id,
            text.lines()
                .skip_while(|l| !l.contains("de första 16 tecknen"))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn earlier_incidents_on_the_same_systems_are_suggested_and_the_physicians_verdict_shown() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let declare = |store: &mut Store, title: &str, systems: &[&str], at: DateTime<Utc>| {
        let d = Declare {
            title: title.into(),
            systems: systems.iter().map(|s| s.to_string()).collect(),
            started_at: Some(at),
            ..Default::default()
        };
        inc::declare(store, &region, &karin, &d, at).unwrap()
    };
    let old = declare(
        &mut store,
        "Labbet nere förra året",
        &["lab"],
        t(-400 * 24 * 60),
    );
    let _too_old = declare(
        &mut store,
        "Labbet nere för länge sedan",
        &["lab"],
        t(-800 * 24 * 60),
    );
    let _other = declare(&mut store, "Telefonin nere", &["vaxel"], t(-30 * 24 * 60));
    let now = declare(&mut store, "Labbet nere igen", &["lab", "remiss"], t(0));
    let e = lex_maria::gather(&store, &now, t(60)).unwrap().unwrap();
    let ids: Vec<&str> = e.earlier.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(ids, [old.as_str()], "same system, within 24 months");
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    assert_eq!(json["earlier_suggested"][0]["physician"], "not_reviewed");
    let mut a = assessment();
    a.earlier = vec![Earlier {
        incident: old.clone(),
        similar: true,
        note: String::new(),
    }];
    review::assess(&mut store, &actor(&region, "cl.berg"), &now, &a, t(61)).unwrap();
    let e = lex_maria::gather(&store, &now, t(62)).unwrap().unwrap();
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    assert_eq!(json["earlier_suggested"][0]["physician"], "confirmed");
    assert!(lex_maria::to_markdown(&region, &e, "cl.berg").contains("bekräftad som liknande"));
}

/// Text people typed cannot become markup in the record (issue 15: "the Markdown export
/// keeps user markup live"): no heading, link, image, HTML, emphasis or table cell of its
/// own, and the text is still there to read.
#[test]
fn user_text_in_the_record_is_text_not_markup() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let id = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let mut e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    let clean = pulldown_cmark_html(&lex_maria::to_markdown(&region, &e, "cl.berg"));
    let forged = "ok\n# Beslut: ingen anmälan | x | y |\n[se här](https://evil.example) \
                  ![bild](https://evil.example/p.png) <script>alert(1)</script> **fet** \
                  `kod` &lt;b&gt; \u{202E}gnäl";
    e.incident.description = forged.to_string();
    let md = lex_maria::to_markdown(&region, &e, "cl.berg");
    let html = pulldown_cmark_html(&md);
    for tag in [
        "<h1>", "<h2>", "<h3>", "<td>", "<th>", "<strong>", "<code>", "<a ", "<img",
    ] {
        assert_eq!(
            html.matches(tag).count(),
            clean.matches(tag).count(),
            "{tag} in\n{html}"
        );
    }
    assert!(!html.contains("<script"), "{html}");
    assert!(!md.contains('\u{202E}'), "{md}");
    for visible in [
        "Beslut: ingen anmälan",
        "https://evil.example",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "**fet**",
        "`kod`",
        "&amp;lt;b&amp;gt;",
        "&lt;U+202E&gt;gnäl",
    ] {
        assert!(html.contains(visible), "`{visible}` in\n{html}");
    }
}

fn pulldown_cmark_html(md: &str) -> String {
    let mut html = String::new();
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, options));
    html
}

/// The record states the configuration in force at each decision (issue 15): who had which
/// role then can be looked up in the log's `config.applied`.
#[test]
fn the_record_names_the_configuration_in_force_at_the_assessment_and_the_decision() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    let applied = beredskap::model::payload::ConfigApplied {
        digest: "c0ffee".repeat(10) + "abcd",
        files: Vec::new(),
        people: Vec::new(),
        teams: Vec::new(),
        changes: Vec::new(),
    };
    store.set_configuration(applied.clone(), "root");
    let recorded = store.record_configuration().unwrap().unwrap();
    drop(store);
    let id = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    assert_eq!(e.configurations, [(recorded.id, applied.digest.clone())]);
    let json = lex_maria::to_json(&region, &e, "cl.berg").unwrap();
    assert_eq!(json["assessment"]["config_digest"], applied.digest.as_str());
    assert_eq!(json["decision"]["config_digest"], applied.digest.as_str());
    let md = lex_maria::to_markdown(&region, &e, "cl.berg");
    assert_eq!(
        md.matches("(konfiguration i kraft: c0ffeec0ffee)").count(),
        2,
        "{md}"
    );
}

#[test]
fn follow_on_status_changes_fold_into_one_row_that_names_every_system() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let followers = ["dns-dhcp", "wlan", "identitet", "klientplattform"];
    let mut systems = vec!["karnnat".to_string()];
    systems.extend(followers.iter().map(|s| s.to_string()));
    let id = inc::declare(
        &mut store,
        &region,
        &karin,
        &Declare {
            title: "Kärnnätet nere".into(),
            systems,
            ..Default::default()
        },
        t(0),
    )
    .unwrap();
    let change = |system: &str, impacted_by: Vec<String>, own: Health| NewEvent {
        occurred_at: t(0),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: "system.status_changed".into(),
        subject: format!("system:{system}"),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Machine,
        payload: serde_json::to_value(StatusChange {
            health: Health::Down,
            previous: Health::Up,
            own,
            check: "hälsa".into(),
            message: "HTTP 503".into(),
            finding: None,
            latency_ms: None,
            impacted_by,
            suppressed: None,
            flapping: false,
            maintenance: None,
        })
        .unwrap(),
    };
    // The cause down at `at`, and the followers impacted by it.
    let outage = |store: &mut Store, at: DateTime<Utc>| {
        let at = |e: NewEvent| NewEvent {
            occurred_at: at,
            ..e
        };
        store
            .append(at(change("karnnat", vec![], Health::Down)))
            .unwrap();
        for s in followers {
            store
                .append(at(change(s, vec!["karnnat".into()], Health::Up)))
                .unwrap();
        }
    };
    outage(&mut store, t(0));
    let r = lex_maria::render(
        &store,
        &region,
        &id,
        "md",
        beredskap::i18n::Lang::Sv,
        "cl.berg",
        t(60),
    )
    .unwrap();
    let folded: Vec<&str> = r
        .text
        .lines()
        .filter(|l| l.contains("följdpåverkade system"))
        .collect();
    assert_eq!(folded.len(), 1, "{}", r.text);
    assert!(
        folded[0].contains("Kärnnätverk: 4 följdpåverkade system nere"),
        "{}",
        folded[0]
    );
    for s in followers {
        let name = &region.system(s).unwrap().name;
        assert!(
            folded[0].contains(name.as_str()),
            "{name} not in {}",
            folded[0]
        );
    }
    // The cause's own change keeps its row; the followers' rows are in the fold only, and
    // every event is still in the integrity table.
    let rows = r.text.lines().filter(|l| l.contains("uppe → nere")).count();
    assert_eq!(rows, 1, "{}", r.text);
    assert_eq!(r.events, 6);
    // When the cause is back, the impact ending folds too, by the system that caused it,
    // and says what happened rather than "nere → uppe" or "uppe → uppe" per system.
    let back = |system: &str, previous: Health| NewEvent {
        occurred_at: t(30),
        payload: common::record::change_payload(Health::Up, previous, &[]),
        ..change(system, vec![], Health::Up)
    };
    store.append(back("karnnat", Health::Down)).unwrap();
    for s in followers {
        store.append(back(s, Health::Down)).unwrap();
    }
    let text = |store: &Store, lang| {
        lex_maria::render(store, &region, &id, "md", lang, "cl.berg", t(60))
            .unwrap()
            .text
    };
    let sv = text(&store, beredskap::i18n::Lang::Sv);
    let ended: Vec<&str> = sv
        .lines()
        .filter(|l| l.contains("följdpåverkan upphörde"))
        .collect();
    assert_eq!(ended.len(), 1, "{sv}");
    assert!(
        ended[0].contains("Kärnnätverk: följdpåverkan upphörde för 4 system, nere → uppe:"),
        "{}",
        ended[0]
    );
    for s in followers {
        let name = &region.system(s).unwrap().name;
        assert!(
            ended[0].contains(name.as_str()),
            "{name} not in {}",
            ended[0]
        );
    }
    // The same minute is given once: "2026-…  10:00", not "10:00–10:00".
    let at = ended[0].split(" | ").nth(1).unwrap_or_default();
    assert!(!at.contains('–'), "{}", ended[0]);
    assert_eq!(
        sv.lines().filter(|l| l.contains("nere → uppe")).count(),
        2,
        "the cause's own row and the fold:\n{sv}"
    );
    let en = text(&store, beredskap::i18n::Lang::En);
    assert!(
        en.contains("Kärnnätverk: 4 systems no longer impacted, down → up:"),
        "{en}"
    );
    // The cause goes down again and the same four follow: a second row of four, not one
    // row of "8 systems" naming each twice.
    outage(&mut store, t(40));
    let sv = text(&store, beredskap::i18n::Lang::Sv);
    let began: Vec<&str> = sv
        .lines()
        .filter(|l| l.contains("följdpåverkade system"))
        .collect();
    assert_eq!(began.len(), 2, "{sv}");
    for row in &began {
        assert!(
            row.contains("Kärnnätverk: 4 följdpåverkade system nere"),
            "{row}"
        );
        let name = &region.system("wlan").unwrap().name;
        assert_eq!(row.matches(name.as_str()).count(), 1, "{row}");
    }
}

#[test]
fn a_status_change_that_keeps_its_state_says_so_rather_than_up_to_up() {
    let region = demo();
    let event = |impacted_by: &[&str]| beredskap::model::event::Event {
        id: 7,
        recorded_at: t(0),
        occurred_at: t(0),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: "system.status_changed".into(),
        subject: "system:ctg".into(),
        corrects: None,
        payload_version: 1,
        payload: common::record::change_payload(Health::Up, Health::Up, impacted_by),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let sv = |e| beredskap::i18n::events::describe_in(&e, beredskap::i18n::Lang::Sv, &region);
    let en = |e| beredskap::i18n::events::describe_in(&e, beredskap::i18n::Lang::En, &region);
    assert_eq!(
        sv(event(&[])),
        "CTG-övervakning: uppe, utan följdpåverkan: HTTP 200 OK"
    );
    assert_eq!(
        en(event(&[])),
        "CTG-övervakning: up, not impacted: HTTP 200 OK"
    );
    // Impacted: never "uppe" first (it read as up, fine; issue 32).
    let impacted = sv(event(&["natverk-norra"]));
    assert!(
        impacted.starts_with(
            "CTG-övervakning: ◆ påverkad genom Sjukhusnätverk, Norra sjukhuset (egna kontroller: \
             HTTP 200 OK)"
        ),
        "{impacted}"
    );
    assert!(en(event(&["natverk-norra"])).starts_with(
        "CTG-övervakning: ◆ impacted through Sjukhusnätverk, Norra sjukhuset (own checks:"
    ));
}

#[test]
fn a_medical_device_event_names_the_duties_to_the_manufacturer_and_lakemedelsverket() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let declare = |store: &mut Store, systems: &[&str]| {
        inc::declare(
            store,
            &region,
            &karin,
            &Declare {
                title: "Fel".into(),
                systems: systems.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            t(0),
        )
        .unwrap()
    };
    let pumps = declare(&mut store, &["infusionspumpar"]);
    let lab = declare(&mut store, &["lab"]);
    let text = |id: &str| {
        lex_maria::render(
            &store,
            &region,
            id,
            "md",
            beredskap::i18n::Lang::Sv,
            "cl.berg",
            t(60),
        )
        .unwrap()
        .text
    };
    let record = text(&pumps);
    let name = &region.system("infusionspumpar").unwrap().name;
    assert!(
        record.contains(&format!("Medicintekniska produkter berörs ({name})"))
            && record.contains("HSLF-FS 2021:52 (5 kap. 2–3 §§)")
            && record.contains("till tillverkaren och till Läkemedelsverket"),
        "{record}"
    );
    assert!(!text(&lab).contains("HSLF-FS 2021:52"));
}

/// The network to the wards is down for 90 minutes; CTG and the monitoring central answer
/// their own checks but cannot be seen through it (issue 32: the record said "nere eller
/// försämrat 0 min" for them and the timeline "2 följdpåverkade system uppe"). The impact
/// is counted beside their own downtime, in the record, its JSON and the year report, in
/// words that cannot be read as "up".
#[test]
fn an_impact_through_a_dependency_is_counted_beside_own_downtime_and_never_read_as_up() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let followers = ["ctg", "overvakningscentral"];
    let id = inc::declare(
        &mut store,
        &region,
        &karin,
        &Declare {
            title: "Nätverket till avdelningarna nere".into(),
            systems: vec![
                "natverk-norra".into(),
                "ctg".into(),
                "overvakningscentral".into(),
            ],
            ..Default::default()
        },
        t(0),
    )
    .unwrap();
    let change = |system: &str, at: i64, health: Health, previous: Health, by: &[&str]| NewEvent {
        occurred_at: t(at),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: "system.status_changed".into(),
        subject: format!("system:{system}"),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Machine,
        payload: common::record::change_payload(health, previous, by),
    };
    store
        .append(change("natverk-norra", 1, Health::Down, Health::Up, &[]))
        .unwrap();
    for s in followers {
        store
            .append(change(s, 1, Health::Up, Health::Up, &["natverk-norra"]))
            .unwrap();
    }
    store
        .append(change("natverk-norra", 91, Health::Up, Health::Down, &[]))
        .unwrap();
    for s in followers {
        store
            .append(change(s, 91, Health::Up, Health::Up, &[]))
            .unwrap();
    }
    let render = |format, lang| {
        lex_maria::render(&store, &region, &id, format, lang, "cl.berg", t(120))
            .unwrap()
            .text
    };
    let sv = render("md", beredskap::i18n::Lang::Sv);
    let ctg = sv
        .lines()
        .find(|l| l.starts_with("- CTG-övervakning (ctg):"))
        .unwrap_or_else(|| panic!("no CTG row:\n{sv}"));
    assert!(
        ctg.contains(
            "nere eller försämrat 0 min; ◆ påverkat genom ett system det beror på 1 h 30 min"
        ),
        "{ctg}"
    );
    // Two followers keep a row each (three or more fold): neither reads as up.
    for name in ["CTG-övervakning", "Patientövervakningscentral"] {
        let row = sv
            .lines()
            .find(|l| l.contains(&format!("| {name}: ◆ påverkad genom Sjukhusnätverk")))
            .unwrap_or_else(|| panic!("no impacted row for {name}:\n{sv}"));
        assert!(!row.contains(&format!("{name}: uppe")), "{row}");
    }
    let en = render("md", beredskap::i18n::Lang::En);
    assert!(
        en.contains("◆ impacted through a system it depends on for 1 h 30 min"),
        "{en}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&render("json", beredskap::i18n::Lang::Sv)).unwrap();
    let row = json["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "ctg")
        .unwrap();
    assert_eq!(row["impacted_s"], 90 * 60);
    assert_eq!(row["impacted_min"], 90);
    assert_eq!(row["downtime_min"], 0);
    // The year: hours impacted beside hours down, each system by its name.
    let year = beredskap::export::year::build(&store, &region, 2026)
        .unwrap()
        .unwrap();
    assert_eq!(year.impacted_hours.get("ctg"), Some(&1.5));
    assert_eq!(year.downtime_hours.get("natverk-norra"), Some(&1.5));
    assert_eq!(year.downtime_hours.get("ctg"), None);
    let md = beredskap::export::year::to_markdown(beredskap::i18n::Lang::Sv, &region, &year);
    assert!(md.contains("## Påverkan per system"), "{md}");
    assert!(md.contains("- CTG-övervakning (ctg): 1.5"), "{md}");
    // And in English, nothing of it Swedish but the region's own names.
    let en = beredskap::export::year::to_markdown(beredskap::i18n::Lang::En, &region, &year);
    assert!(en.contains("## Impact per system"), "{en}");
    assert!(en.contains("- CTG-övervakning (ctg): 1.5"), "{en}");
    for word in [
        "Påverkan",
        "Nertid",
        "Tider",
        "inga",
        "Luckor",
        "Incidenter",
    ] {
        assert!(!en.contains(word), "{word} in {en}");
    }
}

/// The minutes between milestones are counted as the record shows the milestones, to the
/// minute: started 09:59:50 and mitigated 10:01:10 read 09:59 → 10:01, "2 min" — not the
/// 1 minute 20 seconds between them floored to "1 min" beside times that say two.
#[test]
fn the_minutes_between_milestones_agree_with_the_times_shown() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let id = inc::declare(
        &mut store,
        &region,
        &karin,
        &Declare {
            title: "Labbsvar försenade".into(),
            systems: vec!["lab".into()],
            ..Default::default()
        },
        t(0),
    )
    .unwrap();
    let seconds = chrono::Duration::seconds;
    for (milestone, at) in [
        (Milestone::Started, t(0) - seconds(10)),
        (Milestone::Mitigated, t(1) + seconds(10)),
    ] {
        inc::set_milestone(&mut store, &karin, &id, milestone, at, "", t(5)).unwrap();
    }
    let r = lex_maria::render(
        &store,
        &region,
        &id,
        "md",
        beredskap::i18n::Lang::Sv,
        "cl.berg",
        t(60),
    )
    .unwrap();
    let line = r
        .text
        .lines()
        .find(|l| l.starts_with("- Från start till upptäckt"))
        .unwrap_or_else(|| panic!("{}", r.text));
    assert!(line.contains("till åtgärd 2 min"), "{line}");
}
