//! Bounded input everywhere (issue 31.4): `log note --stdin < /dev/zero` reached 23 GB in
//! about a second and set off the host's OOM killer; a 50 MB one-line file was refused only
//! after 65 MB were read. Every reader stops at its limit before allocating past it.
//!
//! One test in this binary: the peak memory of the children is read with getrusage, which
//! covers every child this process has waited for.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, minimal_config, run, stderr, stdout};
use std::process::Stdio;

/// The largest peak resident set of the children waited for so far, in KiB.
fn children_peak_kib() -> i64 {
    nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .unwrap()
        .max_rss()
}

fn note_from(db: &std::path::Path, input: Stdio) -> std::process::Output {
    beredskap(&minimal_config(), db)
        .args(["--as", "operator1", "log", "note", "--stdin"])
        .stdin(input)
        .output()
        .unwrap()
}

#[test]
fn standard_input_and_files_stop_at_their_limit_in_a_few_mib() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    // The 50 MB one-line file is made by the shell: a child's peak includes what its parent
    // held when it forked, so this process never holds it.
    let long = dir.path().join("long.txt");
    let made = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg("printf 'rad ett\\nrad två\\n' > \"$1\"; head -c 50000000 /dev/zero | tr '\\0' 'x' >> \"$1\"")
        .arg("sh")
        .arg(&long)
        .status()
        .unwrap();
    assert!(made.success());
    assert!(std::fs::metadata(&long).unwrap().len() > 50_000_000);
    // Idle: a small batch of notes.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "första\n\nandra\nden tredje raden\n").unwrap();
    let out = note_from(&db, std::fs::File::open(&small).unwrap().into());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        3,
        "three notes: {}",
        stdout(&out)
    );
    let idle = children_peak_kib();

    // /dev/zero: one endless line. Refused at the note's limit, in bounded memory.
    let out = note_from(&db, std::fs::File::open("/dev/zero").unwrap().into());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 1 is longer than a note may be (4000 characters)"),
        "{}",
        stderr(&out)
    );
    // A 50 MB one-line file after two good lines: those are written, the rest unread.
    let out = note_from(&db, std::fs::File::open(&long).unwrap().into());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 3 is longer")
            && stderr(&out).contains("2 note(s) before it were written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 2);
    let peak = children_peak_kib();
    eprintln!("peak RSS of the children: idle {idle} KiB, after /dev/zero and 50 MB {peak} KiB");
    assert!(
        peak <= idle + 8 * 1024,
        "memory grew with the input: idle {idle} KiB, peak {peak} KiB"
    );

    // A configuration of 100 MB (sparse) is refused at its limit, not read.
    let huge = dir.path().join("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100_000_000)
        .unwrap();
    let out = run(beredskap(&huge, &db).args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));

    // Batches: 1,200 lines arrive as 1,200 notes, each printed once, in order.
    let many: String = (1..=1200).map(|i| format!("anteckning {i}\n")).collect();
    let file = dir.path().join("many.txt");
    std::fs::write(&file, many).unwrap();
    let out = note_from(&db, std::fs::File::open(&file).unwrap().into());
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<i64> = stdout(&out).lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(ids.len(), 1200);
    assert!(
        ids.windows(2).all(|w| w[1] == w[0] + 1),
        "in order, once each"
    );
}
