//! `beredskap runbook lint` on the shipped runbooks and on malformed ones.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{bin, repo, stderr, stdout};
use std::process::Command;

fn lint(args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .current_dir(repo())
        .env_remove("BEREDSKAP_CONFIG")
        .args([
            "--config",
            "fixtures/region-demo/beredskap.toml",
            "runbook",
            "lint",
        ])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_shipped_runbooks_pass() {
    let out = lint(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
    let out = lint(&["runbooks/"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

const INVALID: &[(&str, &str)] = &[
    (
        "01-no-front-matter",
        ":1: error: the runbook does not start with front matter",
    ),
    (
        "02-front-matter-not-closed",
        ":1: error: the front matter is not closed",
    ),
    (
        "03-front-matter-toml",
        ":4: error: front matter: invalid float",
    ),
    (
        "04-unknown-field",
        ":5: error: front matter: unknown field `author`",
    ),
    (
        "05-no-activation",
        ":2: error: the runbook says nothing about when to activate it",
    ),
    (
        "06-unknown-section",
        ":28: error: unknown section \"Återgång\"",
    ),
    (
        "07-section-order",
        ":17: error: the section \"Förberedelse\" comes after \"Aktivering\"",
    ),
    (
        "08-checked-step",
        ":19: error: a step is already checked ([x]) in the runbook",
    ),
    ("09-empty-step", ":30: error: a step has no text"),
    ("10-unknown-system", ":5: error: unknown system `labb`"),
    ("11-unknown-team", ":6: error: unknown team `it-driften`"),
    ("12-no-steps", ": error: the runbook has no steps"),
    (
        "13-identity-number",
        ":15:46: error: this looks like a Swedish personnummer (121212-XXXX)",
    ),
    (
        "14-hidden-character",
        ":15:25: error: a control or invisible formatting character (U+001B) in the runbook",
    ),
];

#[test]
fn every_malformed_runbook_exits_2_with_its_message_and_line() {
    for (name, expected) in INVALID {
        let path = format!("tests/invalid_runbooks/{name}.md");
        let out = lint(&[&path]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{path}{expected}")),
            "{name}: expected {expected:?} in\n{err}"
        );
        assert!(err.contains("= hint: "), "{name}");
    }
    let out = lint(&["tests/invalid_runbooks/duplicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("b.md:2: error: duplicate runbook id `lab-nere`"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("also used by tests/invalid_runbooks/duplicate/a.md"));
}

#[test]
fn a_directory_reports_every_file_at_once() {
    let out = lint(&["tests/invalid_runbooks"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for (name, _) in INVALID {
        assert!(
            err.contains(&format!("{name}.md")),
            "{name} missing from\n{err}"
        );
    }
}
