//! Files that cannot be hijacked (issue 15, finding 3): `beredskap demo` works in a new
//! private directory of its own; a directory another account planted where the old
//! release would have looked (`$TMPDIR/beredskap-demo-<pid>`, with an extra
//! `systems/*.toml` holding an `exec` check) is never used, and its code never runs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

#[test]
fn the_demo_never_uses_a_planted_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("planted-code-ran");
    let planted = format!(
        "[[systems]]\nid = \"planted\"\nname = \"Planted\"\ncategory = \"it\"\n\
         criticality = \"normal\"\nkrt = {{ confidentiality = 1, integrity = 1, availability = 1 }}\n\
         owner_team = \"it-drift\"\n\n[[systems.checks]]\nname = \"x\"\nkind = \"exec\"\n\
         command = \"/bin/sh\"\nargs = [\"-c\", \"touch {}\"]\ninterval = \"1s\"\ntimeout = \"1s\"\n",
        marker.display()
    );
    // The next processes get pids just above ours: plant a directory for each.
    let me = std::process::id();
    for pid in me..me + 400 {
        let dir = tmp
            .path()
            .join(format!("beredskap-demo-{pid}/fixtures/region-demo/systems"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("zz-planted.toml"), &planted).unwrap();
    }
    let db = tmp.path().join("demo.db");
    let mut child = std::process::Command::new(bin())
        .args(["demo", "--headless", "--db"])
        .arg(&db)
        .env("TMPDIR", tmp.path())
        .env_remove("BEREDSKAP_CONFIG")
        .env_remove("BEREDSKAP_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let planted_dir = tmp.path().join(format!("beredskap-demo-{}", child.id()));
    // Wait until the demo's monitor has recorded status (its checks ran at least once).
    let start = Instant::now();
    let own_dir = loop {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the demo did not start"
        );
        let own: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("beredskap-demo-"))
                    && p.join("fixtures/region-demo/beredskap.toml").exists()
            })
            .collect();
        if own.len() == 1 && db.exists() && std::fs::metadata(&db).unwrap().len() > 0 {
            std::thread::sleep(Duration::from_secs(3));
            break own[0].clone();
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mode = std::fs::metadata(&own_dir).unwrap().permissions().mode() & 0o777;
    let _ = child.kill();
    let _ = child.wait();
    assert_ne!(own_dir, planted_dir, "the demo used the planted directory");
    assert!(
        !own_dir
            .join("fixtures/region-demo/systems/zz-planted.toml")
            .exists(),
        "a fresh directory"
    );
    assert_eq!(mode, 0o700, "private to the user");
    assert!(!marker.exists(), "the planted exec check ran");
}

/// Finding 4: `-o` writes followed symlinks planted in a shared directory. Now a symlink
/// at the target is refused, one at the old predictable temporary name is never used, and
/// the file is created private (0600).
#[test]
fn output_files_never_follow_a_planted_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = minimal_config();
    let out = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", "x"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let private = dir.path().join("private.txt");
    std::fs::write(&private, b"someone else's file").unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let link = shared.join("arkiv.jsonl");
    std::os::unix::fs::symlink(&private, &link).unwrap();
    let out = run(beredskap(&config, &db)
        .args(["log", "export", "--output"])
        .arg(&link));
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    // The schedule export too.
    let out = run(beredskap(&config, &db)
        .args(["oncall", "export-ics", "--team", "drift", "-o"])
        .arg(&link));
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(&private).unwrap(), b"someone else's file");
    // Beside the target, the old temporary name planted: not used; the file is private.
    let target = shared.join("ny.jsonl");
    for pid in std::process::id()..std::process::id() + 400 {
        let _ = std::os::unix::fs::symlink(&private, shared.join(format!("ny.jsonl.tmp-{pid}")));
    }
    let out = run(beredskap(&config, &db)
        .args(["log", "export", "--output"])
        .arg(&target));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(&private).unwrap(), b"someone else's file");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// Finding 6: a viewer's `export lex-maria` wrote an event although viewers may not write.
/// The export needs the physician, commander or admin role; refused, nothing is written.
#[test]
fn a_viewer_cannot_export_the_record_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = minimal_config();
    let id = declare_journal_incident(&config, &db);
    let before = event_hashes(&db);
    for account in ["viewer1", "operator1"] {
        let out = run(beredskap(&config, &db).args(["--as", account, "export", "lex-maria", &id]));
        assert_eq!(out.status.code(), Some(2), "{account}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("may not export the Lex Maria record"),
            "{}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
    assert_eq!(event_hashes(&db), before, "nothing written");
    let out = run(beredskap(&config, &db).args(["--as", "physician1", "export", "lex-maria", &id]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out =
        run(beredskap(&config, &db).args(["log", "show", "--kind", "export.lex_maria", "--json"]));
    let e: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(e["payload"]["file_sha256"].as_str().map(str::len), Some(64));
}
