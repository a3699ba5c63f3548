//! The configuration in force is part of the record (issue 15): a process writes
//! `config.applied` in front of its first event when its configuration differs from the last
//! one recorded — with the files' text, who has which role, the teams, and what changed —
//! and a refused command still writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::payload::{ConfigApplied, ConfigChange};
use beredskap::store::{EventFilter, Store};
use common::{beredskap, minimal_config, run, stderr};
use std::path::Path;

fn applied(db: &Path) -> Vec<ConfigApplied> {
    Store::open_existing(db)
        .unwrap()
        .events(&EventFilter {
            kinds: vec!["config.applied".into()],
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_value(e.payload).unwrap())
        .collect()
}

/// The test region as a file of its own in `dir` (to change it between writes), and its text.
fn region_file(dir: &Path) -> (std::path::PathBuf, String) {
    let config = dir.join("beredskap.toml");
    let original = std::fs::read_to_string(minimal_config()).unwrap().replace(
        "../../runbooks",
        &common::repo().join("runbooks").display().to_string(),
    );
    std::fs::write(&config, &original).unwrap();
    (config, original)
}

fn note(config: &Path, db: &Path, account: &str, text: &str) -> std::process::Output {
    run(beredskap(config, db).args(["--as", account, "log", "note", text]))
}

#[test]
fn the_configuration_is_recorded_once_and_again_with_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let (config, original) = region_file(dir.path());

    // A refused write writes nothing, not even the configuration.
    let out = note(&config, &db, "viewer1", "får inte");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!db.exists() || applied(&db).is_empty());

    for text in ["första", "andra"] {
        let out = note(&config, &db, "operator1", text);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let first = applied(&db);
    assert_eq!(first.len(), 1, "the same configuration is recorded once");
    assert_eq!(first[0].files[0].name, "beredskap.toml");
    assert_eq!(first[0].files[0].text, original);
    assert!(first[0].changes.is_empty());
    assert!(
        first[0]
            .people
            .iter()
            .any(|p| p.account == "viewer1" && p.roles == ["viewer"])
    );

    // Root changes who may do what: the next write records it, with the change in words.
    let changed = original
        .replace(
            "roles = [\"viewer\"]",
            "roles = [\"viewer\", \"commander\"]",
        )
        .replace(
            "members = [\"operator1\"]",
            "members = [\"operator1\", \"admin1\"]",
        );
    std::fs::write(&config, changed).unwrap();
    let out = note(&config, &db, "operator1", "tredje");
    assert!(out.status.success(), "{}", stderr(&out));
    let all = applied(&db);
    assert_eq!(all.len(), 2);
    assert_ne!(all[0].digest, all[1].digest);
    assert_eq!(
        all[1].changes,
        [
            ConfigChange::RolesChanged {
                account: "viewer1".into(),
                from: vec!["viewer".into()],
                to: vec!["viewer".into(), "commander".into()],
            },
            ConfigChange::MembersChanged {
                team: "drift".into(),
                from: vec!["operator1".into()],
                to: vec!["operator1".into(), "admin1".into()],
            },
        ]
    );
    // In the log, in words, in front of the note it came with.
    let out = run(beredskap(&config, &db).args(["--lang", "sv", "log", "show"]));
    let shown = common::stdout(&out);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 5, "{shown}");
    assert!(lines[3].contains("config.applied"), "{shown}");
    assert!(
        lines[3].contains("viewer1: roller viewer → viewer, commander"),
        "{shown}"
    );
    assert!(
        lines[3].contains("drift: medlemmar operator1 → operator1, admin1"),
        "{shown}"
    );
    assert!(lines[4].contains("tredje"), "{shown}");
    assert!(
        Store::open_existing(&db)
            .unwrap()
            .verify(None)
            .unwrap()
            .intact()
    );
}

/// "Who had which role at 03:12" from the log alone: `log config --at` gives the
/// configuration then, and `-o DIR` writes its files back for `oncall --at`.
#[test]
fn the_configuration_at_a_time_is_read_back_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let (config, original) = region_file(dir.path());
    assert!(note(&config, &db, "operator1", "före").status.success());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let between = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        &config,
        original.replace("roles = [\"viewer\"]", "roles = [\"admin\"]"),
    )
    .unwrap();
    assert!(note(&config, &db, "operator1", "efter").status.success());

    let at = |when: &str| {
        let out = run(beredskap(&config, &db).args(["log", "config", "--at", when]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        common::stdout(&out)
    };
    let then = at(&between);
    assert!(then.contains("  viewer1: viewer\n"), "{then}");
    let now = at("now");
    assert!(now.contains("  viewer1: admin\n"), "{now}");

    // The files of then, written back: a configuration that loads, as it was.
    let out_dir = dir.path().join("then");
    let out = run(beredskap(&config, &db)
        .args(["log", "config", "--at", &between, "-o"])
        .arg(&out_dir));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("oncall --at"), "{}", stderr(&out));
    let written = out_dir.join("beredskap.toml");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), original);
    let out = run(beredskap(&written, &db).args(["oncall", "--at", &between]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Before anything was recorded: said so, exit 1.
    let out = run(beredskap(&config, &db).args(["log", "config", "--at", "2020-01-01 00:00"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stdout(&out).contains("no configuration recorded"));
}
