//! `beredskap log note | show` through the real binary: roles, the patient-data guard,
//! filters, and bad databases.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use beredskap::store::Store;
use common::{beredskap, minimal_config, repo, run, seed_notes, stderr, stdout};
use std::path::{Path, PathBuf};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    (dir, db)
}

fn note(db: &Path, actor: &str, args: &[&str]) -> std::process::Output {
    run(beredskap(&minimal_config(), db)
        .args(["--as", actor, "log", "note"])
        .args(args))
}

fn count(db: &Path) -> i64 {
    Store::open_existing(db)
        .map(|s| s.count().unwrap())
        .unwrap_or(0)
}

#[test]
fn an_operator_writes_a_note_that_shows_up_and_verifies() {
    let (_d, db) = temp_db();
    let out = note(
        &db,
        "operator1",
        &["Journalen svarar långsamt", "--system", "journal"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // #1 is the configuration in force (`config.applied`), written with the first note.
    assert!(stdout(&out).contains("noted as event #2"));
    let out = run(beredskap(&minimal_config(), &db).args(["--lang", "sv", "log", "show"]));
    let shown = stdout(&out);
    assert!(shown.contains("operator1"), "{shown}");
    assert!(shown.contains("system:journal"), "{shown}");
    assert!(shown.contains("Journalen svarar långsamt"), "{shown}");
    assert!(
        shown.contains("(av OS-kontot "),
        "the real account is shown: {shown}"
    );
}

#[test]
fn viewers_and_unknown_accounts_may_not_write_and_nothing_is_written() {
    let (_d, db) = temp_db();
    seed_notes(&db, "operator1", 2);
    let out = note(&db, "viewer1", &["Försöker skriva"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`viewer1` may not write to the operations diary"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("has roles: viewer"));

    // Without --as the actor is the OS account running the test, which is not a person.
    let out = run(beredskap(&minimal_config(), &db).args(["log", "note", "hej"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a person in this region's configuration"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&db), 2);
}

#[test]
fn actor_override_is_refused_unless_the_region_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(minimal_config())
        .unwrap()
        .replace(
            "allow_actor_override = true",
            "allow_actor_override = false",
        )
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    let config = dir.path().join("prod.toml");
    std::fs::write(&config, text).unwrap();
    let db = dir.path().join("log.db");
    let out = run(beredskap(&config, &db).args(["--as", "operator1", "log", "note", "x"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not allow acting as another account"),
        "{}",
        stderr(&out)
    );
    assert!(!db.exists() || count(&db) == 0);

    let out = note(&db, "nobody", &["x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such account"), "{}", stderr(&out));
}

#[test]
fn a_personnummer_is_refused_with_where_and_nothing_is_written() {
    let (_d, db) = temp_db();
    seed_notes(&db, "operator1", 3);
    let before = Store::open(&db).unwrap().head().unwrap();
    for text in [
        "Pat 19121212-1212 påverkad",
        "pnr 121212-1212",
        "kontakta 191212121212",
    ] {
        let out = note(&db, "operator1", &[text]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr(&out);
        assert!(err.contains("personnummer"), "{err}");
        assert!(err.contains("at characters"), "{err}");
        assert!(
            !err.contains("1212-1212") && !err.contains("121212121212"),
            "the number is masked: {err}"
        );
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.head().unwrap(), before);
    assert!(store.verify(None).unwrap().intact());
    // Ordinary numbers pass.
    let out = note(
        &db,
        "operator1",
        &["INC-2026-0042: ring 070-174 06 05 kl 03:10 2026-11-23"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn stdin_mode_refuses_bad_lines_and_keeps_the_rest() {
    let (_d, db) = temp_db();
    let mut child = beredskap(&minimal_config(), &db)
        .args(["--as", "operator1", "log", "note", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"first\n\nsecond 121212-1212\nthird\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "2\n3\n", "#1 is the configuration in force");
    assert!(stderr(&out).contains("line 3:"), "{}", stderr(&out));
    assert_eq!(count(&db), 3, "config.applied and the two good lines");
}

#[test]
fn bad_note_input_is_refused() {
    let (_d, db) = temp_db();
    let cases: &[(&[&str], &str)] = &[
        (&["   "], "the note is empty"),
        (&["x", "--system", "nosuch"], "unknown system `nosuch`"),
        (&["x", "--at", "2999-01-01 10:00"], "in the future"),
        (&["x", "--at", "igår"], "cannot read \"igår\" as a time"),
        (&["x", "--at", "2026-03-29 02:30"], "does not exist"),
    ];
    for (args, expected) in cases {
        let out = note(&db, "operator1", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let long = "a".repeat(4001);
    let out = note(&db, "operator1", &[&long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the note is 4001 characters; the most is 4000"));
    // With --lang sv the core's refusal is told in Swedish, times in the site's zone.
    let out = run(beredskap(&minimal_config(), &db).args([
        "--lang",
        "sv",
        "--as",
        "operator1",
        "log",
        "note",
        &long,
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Anteckningen är 4001 tecken; högst 4000 får plats"),
        "{}",
        stderr(&out)
    );
    let out = run(beredskap(&minimal_config(), &db).args([
        "--lang",
        "sv",
        "--as",
        "operator1",
        "log",
        "note",
        "x",
        "--system",
        "nosuch",
    ]));
    assert!(
        stderr(&out).contains("Okänt system \"nosuch\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&db), 0);
}

#[test]
fn a_note_can_be_dated_back_and_shows_both_times() {
    let (_d, db) = temp_db();
    let out = note(
        &db,
        "operator1",
        &["Larmet kom", "--at", "2026-11-23T02:10:00Z"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(beredskap(&minimal_config(), &db).args(["--lang", "sv", "log", "show"]));
    let shown = stdout(&out);
    assert!(
        shown.contains("2026-11-23 03:10:00"),
        "local time (CET): {shown}"
    );
    assert!(shown.contains("(registrerad "), "{shown}");
}

#[test]
fn show_filters_by_kind_subject_time_and_limit() {
    let (_d, db) = temp_db();
    for (text, system, at) in [
        ("one", None, "2026-11-20T10:00:00Z"),
        ("two", Some("journal"), "2026-11-21T10:00:00Z"),
        ("three", Some("natet"), "2026-11-22T10:00:00Z"),
        ("four", None, "2026-11-23T01:00:00Z"),
    ] {
        let mut args = vec![text, "--at", at];
        if let Some(s) = system {
            args.extend(["--system", s]);
        }
        assert_eq!(note(&db, "operator1", &args).status.code(), Some(0));
    }
    let texts = |args: &[&str]| -> Vec<String> {
        let out = run(beredskap(&minimal_config(), &db)
            .args(["log", "show", "--json"])
            .args(args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            // The configuration in force (#1) is not one of the notes.
            .filter(|v| v["kind"] != "config.applied")
            .map(|v| v["payload"]["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(texts(&[]), ["one", "two", "three", "four"]);
    assert_eq!(texts(&["--subject", "system:journal"]), ["two"]);
    assert_eq!(texts(&["--subject", "system:*"]), ["two", "three"]);
    assert_eq!(
        texts(&["--kind", "diary.note"]),
        ["one", "two", "three", "four"]
    );
    assert_eq!(texts(&["--kind", "incident.*"]), Vec::<String>::new());
    assert_eq!(
        texts(&[
            "--since",
            "2026-11-21T00:00:00Z",
            "--until",
            "2026-11-23T00:00:00Z"
        ]),
        ["two", "three"]
    );
    assert_eq!(texts(&["--limit", "2"]), ["three", "four"]);

    let out = run(beredskap(&minimal_config(), &db).args(["log", "show", "--since", "whenever"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--since"), "{}", stderr(&out));
}

#[test]
fn reading_a_missing_log_says_so_and_creates_nothing() {
    let (_d, db) = temp_db();
    for args in [&["log", "show"][..], &["log", "verify"][..]] {
        let out = run(beredskap(&minimal_config(), &db).args(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("there is no log at"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!db.exists());
}

#[test]
fn help_explains_discovery_and_exit_codes() {
    let out = run(std::process::Command::new(common::bin()).arg("--help"));
    let help = stdout(&out);
    for needle in [
        "--config",
        "$BEREDSKAP_DB",
        "Exit codes",
        "patient data",
        "config check",
    ] {
        assert!(help.contains(needle), "{needle} in\n{help}");
    }
    let out = run(std::process::Command::new(common::bin()).args(["log", "verify", "--help"]));
    assert!(stdout(&out).contains("write it down"), "{}", stdout(&out));
    let out = run(std::process::Command::new(common::bin()).args(["log", "bogus"]));
    assert_eq!(out.status.code(), Some(2));
}
