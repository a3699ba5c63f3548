//! A writer killed with SIGKILL in the middle of a stream of appends loses nothing it
//! reported as committed, and leaves a chain that verifies.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use common::{beredskap, minimal_config};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

#[test]
fn sigkill_mid_stream_keeps_every_committed_event_and_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let mut committed: Vec<(i64, String)> = Vec::new();

    for round in 0..12 {
        let mut child = beredskap(&minimal_config(), &db)
            .args(["--as", "operator1", "log", "note", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // Far more input than it will get through before the kill.
        let feeder = std::thread::spawn(move || {
            for i in 0..100_000 {
                if writeln!(stdin, "round {round} note {i}").is_err() {
                    break;
                }
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill after a different number of commits each round.
        let kill_after = 5 + round * 13;
        for i in 0..kill_after {
            let id: i64 = lines.next().unwrap().unwrap().parse().unwrap();
            committed.push((id, format!("round {round} note {i}")));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Anything it printed before dying was committed too.
        for line in lines.map_while(Result::ok) {
            let i = committed
                .iter()
                .filter(|(_, t)| t.starts_with(&format!("round {round} ")))
                .count();
            committed.push((line.parse().unwrap(), format!("round {round} note {i}")));
        }
        let _ = feeder.join();

        let store = beredskap::store::Store::open(&db).unwrap();
        let report = store.verify(None).unwrap();
        assert!(report.intact(), "round {round}: {:?}", report.first_break);
        let events = store.events(&Default::default()).unwrap();
        for (id, text) in &committed {
            let e = events.iter().find(|e| e.id == *id);
            assert_eq!(
                e.map(|e| beredskap::i18n::events::describe(
                    e,
                    beredskap::i18n::Lang::Sv,
                    chrono_tz::UTC
                )),
                Some(text.clone()),
                "round {round}: committed event #{id} is in the log"
            );
        }
    }
}
