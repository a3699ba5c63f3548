//! What belongs to an incident declared late: the lab goes down at 03:00, the monitor pages
//! IT operations, the on-call engineer acknowledges, a ward starts the lab downtime routine
//! — and only at 03:10 does the commander declare the incident. The page and the run are
//! joined to it with the declaration (`page.linked`, `run.linked`) and the record says they
//! were linked afterwards; a page raised after the declaration carries the incident from the
//! start. Golden files in Swedish and English, Markdown and JSON; no English word in the
//! Swedish record; local times.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::export::lex_maria;
use beredskap::i18n::Lang;
use beredskap::model::assessment::Decision;
use beredskap::model::event::StatusChange;
use beredskap::model::health::Health;
use beredskap::model::incident::Milestone;
use beredskap::model::incident_log::NoteKind;
use beredskap::model::region::Region;
use beredskap::ops::incident::{self as inc, Declare};
use beredskap::ops::page::{NewPage, PageTarget};
use beredskap::ops::review;
use beredskap::ops::run::StepAction;
use beredskap::store::Store;
use common::language::{ENGLISH, words};
use common::record::{actor, assessment, demo, masked_json, masked_md, status, t};
use common::repo;
use std::path::Path;

/// The late declaration; returns (incident, the early page, the early run, the later page).
fn scenario(db: &Path, region: &Region) -> (String, String, String, String) {
    let mut store = Store::open(db).unwrap();
    let karin = actor(region, "il.karin");
    let greta = actor(region, "op.greta");
    let sara = actor(region, "avd12.sara");
    let berg = actor(region, "cl.berg");
    // 03:00 the lab goes down; the monitor pages IT operations at once.
    status(&mut store, "lab", Health::Down, Health::Up, t(0));
    let change: StatusChange = serde_json::from_value(serde_json::json!({
        "health": "down", "previous": "up", "own": "down", "check": "hälsa", "message": "HTTP 503",
        "latency_ms": 3, "impacted_by": [], "suppressed": null, "flapping": false, "maintenance": null
    }))
    .unwrap();
    let pages = beredskap::ops::page::on_status_changes(
        &mut store,
        region,
        &[("lab".to_string(), change)],
        t(1),
    )
    .unwrap();
    beredskap::ops::page::escalate(&mut store, region, t(1)).unwrap();
    beredskap::ops::page::acknowledge(&mut store, &greta, &pages[0], t(3)).unwrap();
    // 03:04 ward 12 starts the lab downtime routine: there is no incident yet.
    let text = std::fs::read_to_string(repo().join("runbooks/lab-nere.md")).unwrap();
    let rb = beredskap::model::runbook::parse(&text).unwrap();
    let run =
        beredskap::ops::run::start(&mut store, region, &sara, &rb, &text, None, t(4)).unwrap();
    beredskap::ops::run::step(
        &mut store,
        region,
        &sara,
        &run,
        1,
        &StepAction::Done { value: None },
        t(5),
    )
    .unwrap();
    // 03:10 the incident is declared.
    let d = Declare {
        title: "Laboratoriesvar når inte vården".into(),
        systems: vec!["lab".into()],
        care_units: vec!["Avdelning 12".into()],
        ..Default::default()
    };
    let id = inc::declare(&mut store, region, &karin, &d, t(10)).unwrap();
    // 03:12 a page raised now carries the incident from the start.
    let later = beredskap::ops::page::trigger(
        &mut store,
        region,
        &karin,
        &NewPage {
            target: PageTarget::Team("lev-lab".into()),
            message: "Integrationen mot labbet svarar inte".into(),
            system: Some("lab".into()),
            incident: None,
        },
        t(12),
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
        t(14),
    )
    .unwrap();
    inc::flag_patient_safety(&mut store, &karin, &id, "Akuta provsvar fördröjda", t(15)).unwrap();
    beredskap::ops::run::step(
        &mut store,
        region,
        &sara,
        &run,
        2,
        &StepAction::Skip {
            reason: "Numret sitter redan på tavlan".into(),
        },
        t(16),
    )
    .unwrap();
    status(&mut store, "lab", Health::Up, Health::Down, t(40));
    for (m, at) in [(Milestone::Mitigated, t(40)), (Milestone::Resolved, t(41))] {
        inc::set_milestone(&mut store, &karin, &id, m, at, "", at).unwrap();
    }
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
    (id, pages[0].clone(), run, later)
}

#[test]
fn a_page_and_a_run_before_the_declaration_are_linked_to_it_and_the_record_says_so() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let (id, early_page, early_run, later_page) = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    // Linking is explicit in the data: one event each, with the declaration.
    let page = store.page(&early_page).unwrap().unwrap();
    assert_eq!(page.incident.as_deref(), Some(id.as_str()));
    assert!(page.linked_afterwards);
    let run = store.run(&early_run).unwrap().unwrap();
    assert_eq!(run.incident.as_deref(), Some(id.as_str()));
    assert!(run.linked_afterwards);
    let later = store.page(&later_page).unwrap().unwrap();
    assert_eq!(later.incident.as_deref(), Some(id.as_str()));
    assert!(!later.linked_afterwards, "raised after the declaration");

    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    assert!(e.chain_break.is_none());
    // The timeline reaches back to the first sign of trouble (03:00), before the declaration.
    assert_eq!(e.timeline.first().unwrap().occurred_at, t(0));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("golden");
    settings.set_prepend_module_to_snapshot(false);
    for lang in [Lang::Sv, Lang::En] {
        let md = lex_maria::to_markdown_in(lang, &region, &e, "cl.berg");
        let json = lex_maria::to_json_in(lang, &region, &e, "cl.berg").unwrap();
        assert_eq!(json["language"], lang.code());
        assert_eq!(json["pages"].as_array().unwrap().len(), 2);
        assert_eq!(json["pages"][0]["linked_afterwards"], true);
        assert_eq!(json["runs"][0]["linked_afterwards"], true);
        let (linked, page_word) = match lang {
            Lang::Sv => ("kopplat i efterhand", "Larm och eskalering"),
            Lang::En => ("linked afterwards", "Pages and escalation"),
        };
        assert!(md.contains(page_word));
        for what in [&early_page, &early_run] {
            assert!(
                md.lines()
                    .any(|l| l.contains(what.as_str()) && l.contains(linked)),
                "{what} not marked as linked afterwards:\n{md}"
            );
        }
        assert!(
            md.lines()
                .filter(|l| l.contains(later_page.as_str()) && l.contains(linked))
                .count()
                == 0,
            "the later page was never linked afterwards"
        );
        // Times are local (03:00 for 02:00 UTC); never raw UTC.
        assert!(md.contains("2026-11-23 03:00"));
        assert!(!md.contains("T02:"), "a raw UTC time in the record");
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("lex-maria-linked.{}.md", lang.code()),
                masked_md(&md)
            );
            insta::assert_snapshot!(
                format!("lex-maria-linked.{}.json", lang.code()),
                serde_json::to_string_pretty(&masked_json(json)).unwrap()
            );
        });
    }
}

/// Every row of the timeline names its system by name, never by id.
#[test]
fn every_status_row_names_its_system_and_the_swedish_record_has_no_english_word() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let (id, ..) = scenario(&db, &region);
    let store = Store::open_existing(&db).unwrap();
    let e = lex_maria::gather(&store, &id, t(3 * 24 * 60))
        .unwrap()
        .unwrap();
    let md = lex_maria::to_markdown_in(Lang::Sv, &region, &e, "cl.berg");
    let lab = region.system("lab").unwrap().name.clone();
    let timeline: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## Tidslinje"))
        .take_while(|l| !l.starts_with("## Reservrutiner"))
        .filter(|l| l.starts_with("| #"))
        .collect();
    let status_rows: Vec<&&str> = timeline
        .iter()
        .filter(|l| l.contains("nere") || l.contains("uppe"))
        .collect();
    assert!(status_rows.len() >= 2, "{timeline:?}");
    for row in status_rows {
        assert!(row.contains(&lab), "a status row without its system: {row}");
    }
    // The record's own words: the data (names, notes, runbook steps, the region's texts)
    // is Swedish as written; interface words come from the i18n tables.
    let found: Vec<String> = md
        .lines()
        .flat_map(|line| {
            words(line)
                .filter(|w| ENGLISH.contains(&w.as_str()))
                .map(move |w| format!("`{w}` in {line}"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "English in the Swedish record:\n{}",
        found.join("\n")
    );
}

/// `render` writes the record on one core while verifying the chain on the other, and puts
/// the line on the chain in afterwards: the result is the record `gather` and the writers
/// make one after the other — in both languages, every format, intact and broken.
#[test]
fn the_export_written_beside_its_verification_is_the_record_written_after_it() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let (id, ..) = scenario(&db, &region);
    let now = t(3 * 24 * 60);
    let same = |store: &Store, expect_intact: bool| {
        let e = lex_maria::gather(store, &id, now).unwrap().unwrap();
        assert_eq!(e.chain_break.is_none(), expect_intact);
        for lang in [Lang::Sv, Lang::En] {
            let written = [
                (
                    "md",
                    lex_maria::to_markdown_in(lang, &region, &e, "cl.berg"),
                ),
                (
                    "json",
                    serde_json::to_string_pretty(
                        &lex_maria::to_json_in(lang, &region, &e, "cl.berg").unwrap(),
                    )
                    .unwrap(),
                ),
                (
                    "pdf",
                    lex_maria::to_markdown_for_print(lang, &region, &e, "cl.berg"),
                ),
            ];
            for (format, expected) in written {
                let r =
                    lex_maria::render(store, &region, &id, format, lang, "cl.berg", now).unwrap();
                assert_eq!(r.text, expected, "{format} in {lang:?}");
                assert_eq!(r.chain_intact, expect_intact);
            }
        }
        let md = lex_maria::render(store, &region, &id, "md", Lang::Sv, "cl.berg", now)
            .unwrap()
            .text;
        assert_eq!(
            md.contains("Kedjan verifierad: **BRUTEN**"),
            !expect_intact,
            "{md}"
        );
    };
    let store = Store::open_existing(&db).unwrap();
    same(&store, true);
    // The printed timeline is grouped by day: a line with the date, then rows with the time.
    let e = lex_maria::gather(&store, &id, now).unwrap().unwrap();
    let print = lex_maria::to_markdown_for_print(Lang::Sv, &region, &e, "cl.berg");
    let first = e.timeline.first().unwrap();
    let day = first
        .occurred_at
        .with_timezone(&region.site.time_zone)
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        print.contains(&format!("#### {day}\n| #{} | ", first.id)),
        "{print}"
    );
    let row = print
        .lines()
        .find(|l| l.starts_with(&format!("| #{} | ", first.id)))
        .unwrap();
    assert!(
        !row.contains(&day),
        "the day is above, not in the row: {row}"
    );
    drop(store);
    // A changed event: the chain line written in afterwards says it broke.
    common::record::tamper_with_first_note(&db, &e);
    same(&Store::open_existing(&db).unwrap(), false);
}
