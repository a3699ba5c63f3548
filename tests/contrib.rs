//! The files in contrib/ stay true: every beredskap command line in them parses with this
//! build's command line, the monitor unit has its restart and hardening settings, systemd
//! itself accepts the units (where `systemd-analyze` is installed), and `backup -o DIR/
//! --keep N` as the timer runs it keeps the newest N copies.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::cli::Cli;
use clap::Parser;
use common::{beredskap, minimal_config, run, seed_notes, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALLED: &str = "/usr/local/bin/beredskap";

fn contrib(path: &str) -> PathBuf {
    common::repo().join("contrib").join(path)
}

fn units() -> Vec<PathBuf> {
    let mut units: Vec<PathBuf> = std::fs::read_dir(contrib("systemd"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    units.sort();
    assert_eq!(units.len(), 4, "{units:?}");
    units
}

/// Every beredskap invocation in `text`, as its arguments.
fn invocations(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(INSTALLED).map(|(_, rest)| rest))
        .map(|rest| rest.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[test]
fn every_command_line_in_contrib_parses() {
    let mut files = units();
    files.push(contrib("ssh/sshd_config.d-beredskap.conf"));
    let mut seen = 0;
    for file in files {
        for args in invocations(&std::fs::read_to_string(&file).unwrap()) {
            let argv = std::iter::once("beredskap".to_string()).chain(args.iter().cloned());
            if let Err(e) = Cli::try_parse_from(argv) {
                panic!("{}: `beredskap {}`: {e}", file.display(), args.join(" "));
            }
            seen += 1;
        }
    }
    assert_eq!(
        seen, 6,
        "config check and monitor, config check and receive, backup, the ForceCommand console"
    );
}

#[test]
fn the_monitor_unit_restarts_and_is_hardened() {
    let unit = std::fs::read_to_string(contrib("systemd/beredskap-monitor.service")).unwrap();
    for setting in [
        "Restart=on-failure",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/beredskap",
        "ProtectHome=yes",
        "UMask=0007",
        "Group=beredskap-log",
        "SupplementaryGroups=beredskap",
        "Environment=BEREDSKAP_SECURE=1",
        "monitor --log-file -",
        "WantedBy=multi-user.target",
    ] {
        assert!(
            unit.lines().any(|l| l.contains(setting)),
            "{setting} in the monitor unit"
        );
    }
}

#[test]
fn systemd_accepts_the_units() {
    let Ok(out) = Command::new("systemd-analyze").arg("--version").output() else {
        common::tool_missing(
            "systemd_accepts_the_units",
            "systemd-analyze is not installed (.ci/run installs systemd)",
        );
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let mut copies = Vec::new();
    for unit in units() {
        let text = std::fs::read_to_string(&unit)
            .unwrap()
            .replace(INSTALLED, common::bin());
        let copy = dir.path().join(unit.file_name().unwrap());
        std::fs::write(&copy, text).unwrap();
        copies.push(copy);
    }
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&copies)
        .output()
        .unwrap();
    // Unknown or misspelt keys are only warnings for systemd: refuse any output.
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn backups_into_a_directory_are_dated_and_the_newest_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    seed_notes(&db, "operator1", 3);
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    for old in ["20260101T023000Z", "20260102T023000Z", "20260103T023000Z"] {
        std::fs::write(backups.join(format!("beredskap-{old}.db")), "old").unwrap();
    }
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    let out = run(beredskap(&minimal_config(), &db)
        .args(["backup", "--keep", "2", "-o"])
        .arg(format!("{}/", backups.display())));
    assert!(out.status.success(), "{}", stderr(&out));
    let names = backups_in(&backups);
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[0], "beredskap-20260103T023000Z.db");
    assert!(names[1].starts_with("beredskap-2026") && names[1] != names[0]);
    assert_eq!(names[2], "notes.txt");
    assert!(stderr(&out).contains("removed the older backup"));
    let newest = backups.join(&names[1]);
    let verify = run(Command::new(common::bin())
        .args(["backup", "--verify"])
        .arg(&newest));
    assert!(verify.status.success(), "{}", stderr(&verify));

    let out = run(beredskap(&minimal_config(), &db)
        .args(["backup", "--keep", "2", "-o"])
        .arg(dir.path().join("one.db")));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--keep needs -o DIR/"));
}

/// The doctor on an install that is not there at all: every missing piece named with what
/// to do, exit 1. (The correct install and a broken mode: tests/ssh_deployment.rs, as root.)
#[test]
fn the_doctor_names_what_an_empty_staging_root_lacks() {
    let root = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::bin())
        .args(["doctor", "--root"])
        .arg(root.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for needle in [
        "usr/local/bin/beredskap",
        "want: installed (contrib/install.sh)",
        "want: a configuration that loads (cannot read the configuration file",
        "etc/beredskap/beredskap.toml",
        "thing(s) to fix; contrib/install.sh sets every owner and mode",
    ] {
        assert!(report.contains(needle), "`{needle}` in\n{report}");
    }
    assert!(!report.contains("\nok "), "{report}");
}

/// `--help` explains every command and every argument: a person at 03:00 reads it instead
/// of the manual.
#[test]
fn every_command_and_argument_has_help() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.is_hide_set() || matches!(id, "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let here = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() && sub.get_long_about().is_none() {
                missing.push(format!("{here} (the command)"));
            }
            walk(sub, &here, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&Cli::command(), "beredskap", &mut missing);
    assert!(missing.is_empty(), "no help for:\n{}", missing.join("\n"));
}
