//! One language at a time on the command line too (issue 32): in a Swedish region without
//! `--lang`, `status`, `check`, `oncall` (who, gaps, overrides, take, note, cancel, import
//! and export of calendars) and the refusals say nothing in English; with `--lang en` they
//! say nothing in Swedish. Every word of standard output and standard error is checked
//! against the other language's stop-list, the region's own data excused as on screen.
//! `--json` is the same in both.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::language::{ENGLISH, SWEDISH, corpus, stopped, words};
use common::{run, servers, stderr, stdout};
use std::path::Path;

/// Runs every command in `lang` (None: the region's Swedish) against a fresh log; returns
/// (what was run, what it printed) for each.
fn outputs(dir: &Path, port: u16, lang: Option<&str>) -> Vec<(String, String)> {
    let config = beredskap::demo::materialize(dir, port).unwrap();
    let db = dir.join("log.db");
    let repo = common::repo();
    let bad_ics = repo.join("tests/ics/bad.ics");
    let outlook = repo.join("tests/ics/outlook-helg.ics");
    let mut out = Vec::new();
    let mut go = |who: Option<&str>, args: &[&str]| -> String {
        // Not common::beredskap, which speaks English: no --lang unless asked.
        let mut cmd = std::process::Command::new(common::bin());
        cmd.env_remove("BEREDSKAP_CONFIG")
            .env_remove("BEREDSKAP_DB")
            .arg("--config")
            .arg(&config)
            .arg("--db")
            .arg(&db);
        if let Some(l) = lang {
            cmd.args(["--lang", l]);
        }
        if let Some(w) = who {
            cmd.args(["--as", w]);
        }
        cmd.args(args);
        let o = run(&mut cmd);
        let text = format!("{}{}", stdout(&o), stderr(&o));
        out.push((args.join(" "), text.clone()));
        text
    };
    // Before anything is written: the log is not there.
    go(None, &["status"]);
    go(None, &["oncall", "overrides"]);
    let tekla = Some("op.tekla");
    go(
        tekla,
        &[
            "oncall", "override", "it-drift", "--person", "net.olle", "--from", "+1h", "--to",
            "+3h", "--reason", "Sjuk",
        ],
    );
    go(None, &["status"]);
    go(None, &["check", "--system", "lab"]);
    go(None, &["check", "--system", "journal"]);
    go(None, &["oncall"]);
    go(None, &["oncall", "--team", "it-drift"]);
    go(None, &["oncall", "who", "lab"]);
    go(None, &["oncall", "who", "overvakningscentral"]);
    go(None, &["oncall", "gaps", "--days", "3", "--all"]);
    go(None, &["oncall", "gaps", "--days", "3"]);
    go(None, &["oncall", "overrides"]);
    go(
        Some("op.mans"),
        &["oncall", "take", "it-drift", "--reason", "Byte"],
    );
    go(
        Some("op.mans"),
        &["oncall", "note", "it-drift", "Labbet larmar ibland"],
    );
    let listed = go(None, &["oncall", "overrides", "--json"]);
    let id = serde_json::from_str::<serde_json::Value>(&listed).unwrap()[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    go(tekla, &["oncall", "cancel", &id, "--reason", "Frisk igen"]);
    go(
        Some("tel.lisa"),
        &[
            "oncall",
            "import-ics",
            outlook.to_str().unwrap(),
            "--team",
            "telefoni",
            "--dry-run",
        ],
    );
    go(
        Some("tel.lisa"),
        &[
            "oncall",
            "import-ics",
            bad_ics.to_str().unwrap(),
            "--team",
            "telefoni",
        ],
    );
    go(
        None,
        &["oncall", "export-ics", "--team", "it-drift", "--days", "2"],
    );
    // Refusals.
    go(None, &["oncall", "who", "okant-system"]);
    go(None, &["oncall", "--at", "25:99"]);
    go(None, &["oncall", "--team", "okant-team"]);
    go(
        tekla,
        &[
            "oncall", "override", "it-drift", "--person", "net.olle", "--from", "+2h", "--to",
            "+1h", "--reason", "Fel",
        ],
    );
    go(tekla, &["oncall", "cancel", "9999", "--reason", "Fel"]);
    go(tekla, &["maintenance", "end", "9999", "--reason", "Fel"]);
    go(
        Some("il.karin"),
        &["incident", "note", "INC-2026-0099", "Ingen sådan"],
    );
    go(
        Some("il.karin"),
        &["incident", "note", "INC-2026-0099", " "],
    );
    out
}

fn check(lang: Option<&str>, stop: &[&str]) -> Vec<String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(servers::http());
    let dir = tempfile::tempdir().unwrap();
    // The calendars' own words (their SUMMARY lines) are data too.
    let mut data = corpus(false);
    for f in ["bad.ics", "outlook-helg.ics"] {
        let text = std::fs::read_to_string(common::repo().join("tests/ics").join(f)).unwrap();
        data.push_str(&words(&text).collect::<Vec<_>>().join(" "));
        data.push(' ');
    }
    let mut found = Vec::new();
    let all = outputs(dir.path(), server.port(), lang);
    assert!(all.len() > 25, "{}", all.len());
    for (args, text) in all {
        assert!(!text.trim().is_empty(), "`{args}` said nothing");
        if args.contains("--json") {
            continue; // the same in both languages
        }
        // A command named in a hint (`beredskap maintenance list`) is the command's name.
        let text = text.replace("beredskap maintenance list", "beredskap");
        found.extend(stopped(&args, &text, stop, &data));
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn a_swedish_region_s_command_line_says_nothing_in_english() {
    let found = check(None, ENGLISH);
    assert!(
        found.is_empty(),
        "{} English words:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_command_line_with_lang_en_says_nothing_in_swedish() {
    let found = check(Some("en"), SWEDISH);
    assert!(
        found.is_empty(),
        "{} Swedish words:\n{}",
        found.len(),
        found.join("\n")
    );
}
