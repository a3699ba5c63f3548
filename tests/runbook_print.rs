//! Paper fallback: `runbook print` as text (golden files) and PDF (opened with an
//! independent parser: pages, text), for a runbook and for a run with progress; the
//! command line's files, `--all`, and its refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::i18n::Lang;
use beredskap::model::run;
use beredskap::model::runbook::{Runbook, parse};
use beredskap::print::{self, pdf, txt};
use chrono::{DateTime, TimeZone, Utc};
use common::{beredskap, repo, run as exec, stderr, stdout};

fn frozen() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 10, 0)
        .single()
        .unwrap()
}

fn tz() -> chrono_tz::Tz {
    chrono_tz::Europe::Stockholm
}

fn shipped(id: &str) -> (Runbook, String) {
    let text = std::fs::read_to_string(repo().join(format!("runbooks/{id}.md"))).unwrap();
    (parse(&text).unwrap(), text)
}

/// A run of lab-nere: 1 done, 2 skipped, 6 done with a value and a note.
fn lab_run() -> run::Run {
    let (rb, text) = shipped("lab-nere");
    common::run_of(
        "RUN-2026-0003",
        frozen(),
        &rb,
        &text,
        Some("INC-2026-0007"),
        ("op.tekla", 30),
        &[
            (
                "avd12.sara",
                run::kind::DONE,
                28,
                serde_json::json!({"step": 1}),
            ),
            (
                "op.tekla",
                run::kind::SKIPPED,
                25,
                serde_json::json!({"step": 2, "text": "Numret sitter redan på tavlan"}),
            ),
            (
                "avd12.sara",
                run::kind::DONE,
                12,
                serde_json::json!({"step": 6, "value": "14"}),
            ),
            (
                "avd12.sara",
                run::kind::NOTED,
                11,
                serde_json::json!({"step": 6, "text": "Två till mikrobiologin"}),
            ),
        ],
    )
}

/// A runbook of `n` short steps in one section.
fn long_runbook(n: usize) -> Runbook {
    let mut text = String::from(
        "+++\nid = \"lang\"\ntitle = \"Lång rutin\"\nactivation = \"Test.\"\n+++\n\n## Under driftstopp\n\n",
    );
    for i in 1..=n {
        text.push_str(&format!("- [ ] Kontrollera punkt {i}.\n"));
    }
    parse(&text).unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("golden");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn the_text_sheet_matches_its_golden_files() {
    let (rb, _) = shipped("lab-nere");
    let blank = txt::render(&print::from_runbook(&rb, Lang::Sv, frozen(), tz()));
    let progress = txt::render(&print::from_run(&lab_run(), Lang::Sv, frozen(), tz()));
    settings().bind(|| {
        insta::assert_snapshot!("lab-nere.txt", blank);
        insta::assert_snapshot!("lab-nere-run.txt", progress);
    });
}

#[test]
fn the_text_sheet_has_a_box_time_and_signature_for_every_step_and_fits_a4() {
    let (rb, _) = shipped("lab-nere");
    let text = txt::render(&print::from_runbook(&rb, Lang::Sv, frozen(), tz()));
    assert_eq!(text.matches("[ ] ").count(), rb.step_count());
    assert_eq!(text.matches("Tid: ________").count(), rb.step_count());
    assert!(text.contains("Skriv ut reservrutinen innan driftstoppet"));
    assert!(text.contains("Antal pappersremisser: ____________"));
    for line in text.lines() {
        assert!(line.chars().count() <= txt::WIDTH, "too wide: {line:?}");
    }
    for page in text.split('\u{c}') {
        assert!(page.lines().count() <= txt::PAGE_LINES, "{page}");
    }
    // The run's sheet: what was recorded instead of blank lines.
    let run = txt::render(&print::from_run(&lab_run(), Lang::Sv, frozen(), tz()));
    assert!(run.contains("[x]   1"), "{run}");
    assert!(run.contains("Klart 02:42 avd12.sara"), "{run}");
    assert!(run.contains("[-]   2"));
    assert!(run.contains("Överhoppat 02:45 op.tekla: Numret sitter redan på tavlan"));
    assert!(run.contains("Antal pappersremisser: 14"));
    assert!(run.contains("Anteckning avd12.sara: Två till mikrobiologin"));
    assert!(run.contains("3 av 14 steg"));
    assert_eq!(run.matches("Tid: ________").count(), 14 - 3);
}

#[test]
fn a_long_text_sheet_breaks_pages_between_steps() {
    let rb = long_runbook(120);
    let text = txt::render(&print::from_runbook(&rb, Lang::Sv, frozen(), tz()));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() >= 5, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.lines().count() <= txt::PAGE_LINES);
        assert!(
            page.trim_end()
                .ends_with(&format!("sida {} av {}", i + 1, pages.len())),
            "{page}"
        );
        // A step's box line and its time line are on the same page.
        assert_eq!(page.matches("[ ] ").count(), page.matches("Tid: ").count());
    }
}

use common::pdf::{open as open_pdf, page_text};

#[test]
fn the_pdf_opens_is_a4_and_has_about_forty_steps_a_page() {
    let (rb, _) = shipped("lab-nere");
    let sheet = print::from_runbook(&rb, Lang::Sv, frozen(), tz());
    let doc = open_pdf(&pdf::render(&sheet).unwrap());
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "14 steps fit one page");
    let text = page_text(&doc, 1);
    for expected in [
        "Laboratoriesvar saknas",
        "Förberedelse",
        "Signatur",
        "Återställning",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let media = doc
        .get_object(pages[&1])
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32))
        .collect::<Vec<_>>();
    assert!(
        (media[2] - 595.28).abs() < 0.5 && (media[3] - 841.89).abs() < 0.5,
        "{media:?}"
    );
    for n in [40, 120, 200] {
        let sheet = print::from_runbook(&long_runbook(n), Lang::Sv, frozen(), tz());
        let doc = open_pdf(&pdf::render(&sheet).unwrap());
        let pages = doc.get_pages().len();
        assert_eq!(pages, pdf::page_count(&sheet).unwrap());
        let expected = n.div_ceil(40);
        assert!(
            pages >= expected && pages <= expected + 1,
            "{n} steps: {pages} pages"
        );
        let last = page_text(&doc, pages as u32);
        assert!(last.contains(&format!("Kontrollera punkt {n}.")), "{last}");
    }
}

#[test]
fn the_run_pdf_shows_who_did_what() {
    let sheet = print::from_run(&lab_run(), Lang::Sv, frozen(), tz());
    let doc = open_pdf(&pdf::render(&sheet).unwrap());
    let text = page_text(&doc, 1);
    for expected in [
        "RUN-2026-0003",
        "avd12.sara",
        "Överhoppat",
        "Numret sitter redan på tavlan",
        "Antal pappersremisser: 14",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
}

#[test]
fn the_command_line_prints_files_all_runbooks_and_runs_and_refuses_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let db = dir.path().join("log.db");
    // One runbook as text on stdout, in the region's Swedish.
    let out =
        exec(beredskap(&config, &db).args(["--lang", "sv", "runbook", "print", "telefoni-nere"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("RESERVRUTIN  Telefoni och larm"));
    // A PDF chosen by the file name.
    let file = dir.path().join("lab.pdf");
    let out = exec(
        beredskap(&config, &db)
            .args(["runbook", "print", "lab-nere", "-o"])
            .arg(&file),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    open_pdf(&std::fs::read(&file).unwrap());
    // The whole binder.
    let binder = dir.path().join("reservparm");
    let out = exec(
        beredskap(&config, &db)
            .args(["runbook", "print", "--all", "--format", "pdf", "-o"])
            .arg(&binder),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut files: Vec<String> = std::fs::read_dir(&binder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 8, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with(".pdf")));
    for f in &files {
        open_pdf(&std::fs::read(binder.join(f)).unwrap());
    }
    // A run, with its progress.
    let started =
        exec(beredskap(&config, &db).args(["--as", "avd12.sara", "runbook", "start", "lab-nere"]));
    assert!(started.status.success(), "{}", stderr(&started));
    let id = stdout(&started).trim().to_string();
    let step = exec(beredskap(&config, &db).args([
        "--as",
        "avd12.sara",
        "runbook",
        "step",
        &id,
        "1",
        "done",
    ]));
    assert!(step.status.success(), "{}", stderr(&step));
    let out = exec(beredskap(&config, &db).args(["--lang", "sv", "runbook", "print", &id]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("Körning {id}")), "{text}");
    assert!(text.contains("1 av 14 steg"), "{text}");
    assert!(text.contains("avd12.sara"));

    // Refusals: exit 2 with the reason, nothing written.
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["runbook".into(), "print".into(), "finns-inte".into()],
            "no valid runbook `finns-inte`",
        ),
        (
            vec!["runbook".into(), "print".into(), "RUN-2026-9999".into()],
            "there is no run RUN-2026-9999",
        ),
        (
            vec![
                "runbook".into(),
                "print".into(),
                repo()
                    .join("tests/invalid_runbooks/12-no-steps.md")
                    .display()
                    .to_string(),
            ],
            "12-no-steps.md:",
        ),
        (
            vec!["runbook".into(), "print".into(), "--all".into()],
            "--output",
        ),
    ];
    for (args, expected) in cases {
        let out = exec(beredskap(&config, &db).args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("print-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// What people typed during a run is printed visibly, never obeyed by a terminal that
/// shows the text sheet (issue 15: "one function renders stored text … printed runbooks").
#[test]
fn typed_text_on_a_printed_run_cannot_drive_a_terminal() {
    let (rb, text) = shipped("lab-nere");
    let r = common::run_of(
        "RUN-2026-0009",
        frozen(),
        &rb,
        &text,
        None,
        ("op.tekla", 30),
        &[
            (
                "avd12.sara",
                run::kind::DONE,
                12,
                serde_json::json!({"step": 6, "value": "14\u{1b}[2J"}),
            ),
            (
                "avd12.sara",
                run::kind::NOTED,
                11,
                serde_json::json!({"step": 6, "text": "ok\r\u{1b}[Aförfalskad\u{202E}txet"}),
            ),
        ],
    );
    let sheet = print::from_run(&r, Lang::Sv, frozen(), tz());
    let out = txt::render(&sheet);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202E}') && !out.contains('\r'));
    for visible in ["14␛[2J", "ok␍␛[Aförfalskad<U+202E>txet"] {
        assert!(out.contains(visible), "`{visible}` in\n{out}");
    }
}
