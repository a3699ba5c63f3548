//! Several processes append to one log at the same time: one database file, or (issue 34)
//! one log of record on PostgreSQL with every process's host file its copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use common::engine::{Engine, Site, engines};
use common::stderr;
use std::collections::HashMap;
use std::io::Write;
use std::process::Stdio;

const PROCESSES: usize = 8;
const PER_PROCESS: usize = 500;

#[test]
fn eight_processes_append_500_events_each_without_loss_or_duplicates() {
    for engine in engines("eight_processes_append_500_events_each") {
        eight_processes_append(engine);
    }
}

fn eight_processes_append(engine: Engine) {
    let site = Site::new(engine);
    let accounts = ["operator1", "physician1"];

    // Start all writers first, then feed them, so they really overlap.
    let mut children = Vec::new();
    for p in 0..PROCESSES {
        let child = site
            .cli()
            .args(["--as", accounts[p % 2], "log", "note", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        children.push(child);
    }
    for (p, child) in children.iter_mut().enumerate() {
        let mut input = String::new();
        for i in 0..PER_PROCESS {
            input.push_str(&format!("writer {p} note {i}\n"));
        }
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    }
    let mut reported_ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(out.status.success(), "{engine}: writer failed: {err}");
        assert!(!err.to_lowercase().contains("locked"), "{err}");
        let ids: Vec<i64> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        assert_eq!(ids.len(), PER_PROCESS);
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "each writer's ids increase"
        );
        reported_ids.extend(ids);
    }

    let mut store = site.store();
    let mut events = store.events(&Default::default()).unwrap();
    // Eight processes started with the same configuration: it is recorded once, first.
    assert_eq!(events[0].kind, "config.applied");
    assert_eq!(
        events.iter().filter(|e| e.kind == "config.applied").count(),
        1
    );
    events.remove(0);
    assert_eq!(events.len(), PROCESSES * PER_PROCESS);
    // Every text exactly once.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in &events {
        *seen
            .entry(beredskap::i18n::events::describe(
                e,
                beredskap::i18n::Lang::Sv,
                chrono_tz::UTC,
            ))
            .or_default() += 1;
    }
    for p in 0..PROCESSES {
        for i in 0..PER_PROCESS {
            assert_eq!(
                seen.get(&format!("writer {p} note {i}")),
                Some(&1),
                "writer {p} note {i}"
            );
        }
    }
    // The ids the writers reported are exactly the ids in the log.
    reported_ids.sort();
    let stored: Vec<i64> = events.iter().map(|e| e.id).collect();
    assert_eq!(reported_ids, stored);
    assert_eq!(
        stored,
        (2..=(PROCESSES * PER_PROCESS + 1) as i64).collect::<Vec<_>>()
    );

    // The log itself (the log of record on PostgreSQL) and this host's file.
    for report in [
        store.verify_log(None, &mut |_| {}).unwrap(),
        store.verify(None).unwrap(),
    ] {
        assert!(report.intact(), "{engine}: {:?}", report.first_break);
        assert_eq!(report.events_checked, (PROCESSES * PER_PROCESS + 1) as u64);
    }

    let out = site.cli().args(["log", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
}
