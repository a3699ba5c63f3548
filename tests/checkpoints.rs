//! The head anchored outside the file (issue 15): checkpoints published by `backup` and the
//! monitor, and `log verify --checkpoints FILE`, which catches a history rewritten so that
//! it verifies on its own, and a log cut back. On both engines (issue 34,
//! `common::engine`): on PostgreSQL each log is a log of record of its own.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::checkpoint::MARKER;
use common::engine::{Engine, Site, engines};
use common::{run, stderr, stdout};
use std::path::Path;
use std::time::{Duration, Instant};

fn verify(site: &Site, checkpoints: &Path) -> std::process::Output {
    run(site
        .cli()
        .args(["log", "verify", "--checkpoints"])
        .arg(checkpoints))
}

/// `n` notes by `account` appended to the site's log.
fn seed_notes(site: &Site, account: &str, n: usize) {
    site.store()
        .append_all(
            (0..n)
                .map(|i| common::note_event(account, &format!("note {i}")))
                .collect(),
        )
        .unwrap();
}

#[test]
fn a_rewritten_or_cut_back_history_is_caught_by_a_published_checkpoint() {
    for engine in engines("a_rewritten_or_cut_back_history_is_caught_by_a_published_checkpoint") {
        a_rewritten_or_cut_back_history_is_caught_by_a_published_checkpoint_on(engine);
    }
}

fn a_rewritten_or_cut_back_history_is_caught_by_a_published_checkpoint_on(engine: Engine) {
    let site = Site::new(engine);
    let (dir, db) = (site.dir.path(), &site.db);
    seed_notes(&site, "operator1", 20);
    // A backup publishes the head it holds (in secure mode always; here asked).
    let out = run(site
        .cli()
        .args(["backup", "--checkpoint", "-o"])
        .arg(dir.join("copy.db")));
    assert!(out.status.success(), "{}", stderr(&out));
    let published: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.contains(MARKER))
        .map(|l| {
            format!(
                "Dec  1 03:10:00 vm12 beredskap[4711]: {}",
                l.trim_start_matches("published ")
            )
        })
        .collect();
    assert_eq!(published.len(), 1, "{}", stderr(&out));
    assert!(published[0].contains("event=20 hash="), "{}", published[0]);
    let file = dir.join("central.log");
    std::fs::write(&file, format!("other host noise\n{}\n", published[0])).unwrap();

    // The log that was published, grown since: holds.
    seed_notes(&site, "operator1", 5);
    let out = verify(&site, &file);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("checkpoints: 1 of 1 match"),
        "{}",
        stdout(&out)
    );

    // Someone with write access made another history in the log's place (its key beside
    // it): it verifies on its own…
    let forged = Site::new(engine);
    seed_notes(&forged, "viewer1", 25);
    let key = |db: &Path| beredskap::host::checkpoint_key::path(db);
    std::fs::copy(key(db), key(&forged.db)).unwrap();
    let out = run(forged.cli().args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // …but not against what was published.
    let out = verify(&forged, &file);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("CHECKPOINT DIFFERS: event #20"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("checkpoints: 0 of 1 match"),
        "{}",
        stdout(&out)
    );

    // A log cut back before the checkpoint.
    let short = Site::new(engine);
    seed_notes(&short, "operator1", 12);
    std::fs::copy(key(db), key(&short.db)).unwrap();
    let out = verify(&short, &file);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("CHECKPOINT MISSING: event #20") && stdout(&out).contains("#12"),
        "{}",
        stdout(&out)
    );

    // JSON says the same.
    let out = run(forged
        .cli()
        .args(["log", "verify", "--json", "--checkpoints"])
        .arg(&file));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["checkpoints_hold"], false);
    assert_eq!(v["checkpoints"][0]["verdict"], "differs");
}

#[test]
fn a_malformed_or_empty_checkpoint_file_is_bad_input() {
    for engine in engines("a_malformed_or_empty_checkpoint_file_is_bad_input") {
        a_malformed_or_empty_checkpoint_file_is_bad_input_on(engine);
    }
}

fn a_malformed_or_empty_checkpoint_file_is_bad_input_on(engine: Engine) {
    let site = Site::new(engine);
    let dir = site.dir.path();
    seed_notes(&site, "operator1", 3);
    let file = dir.join("cp.txt");
    std::fs::write(
        &file,
        format!(
            "x\n{MARKER} log=0123456789abcdef event=3 hash=abc at=2026-12-01T03:10:00Z mac=00\n"
        ),
    )
    .unwrap();
    let out = verify(&site, &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cp.txt:2: not a checkpoint: hash=abc"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&file, "nothing here\n").unwrap();
    let out = verify(&site, &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no `beredskap-checkpoint v2` line"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_monitor_publishes_the_head_when_it_takes_the_lease() {
    for engine in engines("the_monitor_publishes_the_head_when_it_takes_the_lease") {
        the_monitor_publishes_the_head_when_it_takes_the_lease_on(engine);
    }
}

fn the_monitor_publishes_the_head_when_it_takes_the_lease_on(engine: Engine) {
    let site = Site::new(engine);
    let dir = site.dir.path();
    seed_notes(&site, "operator1", 7);
    let log = dir.join("monitor.log");
    let mut monitor = site
        .cli()
        .args(["monitor", "--checkpoints", "--log-file"])
        .arg(&log)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains(MARKER) || start.elapsed() > Duration::from_secs(20) {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = monitor.kill();
    let _ = monitor.wait();
    let line = text
        .lines()
        .find(|l| l.contains(MARKER))
        .unwrap_or_else(|| panic!("{text}"));
    // The lease taken is itself an event: the head is at least #8.
    let (found, _) = beredskap::model::checkpoint::parse_all(line);
    assert!(found[0].event >= 8, "{line}");
    let store = site.store();
    let verdicts = store.check_checkpoints(&found).unwrap();
    assert_eq!(
        verdicts[0].1,
        beredskap::store::checkpoints::Verdict::Matches
    );
}

/// A forged line (anyone can `logger -t beredskap …`), an unsigned v1 line and the lines of
/// another log on the same host (a person's demo) never make a true log fail: they are left
/// out and counted, and the log's own signed checkpoint is checked.
#[test]
fn forged_and_foreign_checkpoint_lines_are_ignored_and_counted() {
    for engine in engines("forged_and_foreign_checkpoint_lines_are_ignored_and_counted") {
        forged_and_foreign_checkpoint_lines_are_ignored_and_counted_on(engine);
    }
}

fn forged_and_foreign_checkpoint_lines_are_ignored_and_counted_on(engine: Engine) {
    let site = Site::new(engine);
    let dir = site.dir.path();
    seed_notes(&site, "operator1", 10);
    let other = Site::new(engine);
    seed_notes(&other, "operator1", 40);
    let published = |site: &Site| -> String {
        let out = run(site
            .cli()
            .args(["backup", "--checkpoint", "-o"])
            .arg(site.db.with_extension("copy")));
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
            .lines()
            .find(|l| l.contains(MARKER))
            .unwrap()
            .trim_start_matches("published ")
            .to_string()
    };
    let own = published(&site);
    let foreign = published(&other);
    let store = site.store();
    let (head, hash) = store.head().unwrap().unwrap();
    let log = store.log_identity().unwrap().unwrap();
    let forged = [
        // What `logger` from any account can write: this log's id, a made-up MAC.
        format!(
            "{MARKER} log={log} event={head} hash={} at=2026-12-01T03:10:00Z mac={}",
            "0".repeat(64),
            "1".repeat(64)
        ),
        // The true head with a MAC made without the key.
        format!(
            "{MARKER} log={log} event={head} hash={hash} at=2026-12-01T03:10:00Z mac={}",
            "2".repeat(64)
        ),
        // The old unsigned form.
        format!(
            "{} event=40 hash={} at=2026-12-01T03:10:00Z",
            beredskap::model::checkpoint::MARKER_V1,
            "0".repeat(64)
        ),
    ];
    let file = dir.join("syslog");
    std::fs::write(
        &file,
        format!(
            "Dec  6 11:00:00 vm beredskap[10]: {own}\nDec  6 11:00:01 vm beredskap[20]: {foreign}\n{}\n",
            forged.iter().map(|l| format!("Dec  6 11:00:02 vm beredskap: {l}")).collect::<Vec<_>>().join("\n")
        ),
    )
    .unwrap();
    let out = verify(&site, &file);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let said = stdout(&out);
    assert!(said.contains("checkpoints: 1 of 1 match"), "{said}");
    assert!(said.contains("checkpoints ignored: 4"), "{said}");
    assert!(said.contains("1 of other logs"), "{said}");
    assert!(said.contains("3 not signed by this log's writer"), "{said}");

    // Without its own line, the file says nothing against the log.
    std::fs::write(&file, format!("{foreign}\n{}\n", forged.join("\n"))).unwrap();
    let out = verify(&site, &file);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no checkpoint of this log to check"),
        "{}",
        stdout(&out)
    );

    // A person's test monitor or demo publishes nothing unless asked.
    let log_file = dir.join("monitor.log");
    let mut monitor = site
        .cli()
        .args(["monitor", "--log-file"])
        .arg(&log_file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !std::fs::read_to_string(&log_file)
        .unwrap_or_default()
        .contains("active: took the lease")
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    let _ = monitor.kill();
    let _ = monitor.wait();
    let text = std::fs::read_to_string(&log_file).unwrap_or_default();
    assert!(text.contains("active: took the lease"), "{text}");
    assert!(!text.contains(MARKER), "{text}");
}
