//! The log refuses edits, and `log verify` names every kind of tampering done behind the
//! triggers' back — on both engines (issue 34): with the sqlite3 library in the file, or as
//! PostgreSQL's superuser with the append-only triggers off in the log of record. Each test
//! runs its body on every engine (`common::engine`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use beredskap::store::{ChainBreak, VerifyReport};
use common::engine::{Engine, Site, engines};
use common::{stderr, stdout};

/// A log of `n` notes on `engine`.
fn fresh_log(engine: Engine, n: usize) -> Site {
    let site = Site::new(engine);
    seed(&site, n);
    site
}

fn seed(site: &Site, n: usize) {
    let events = (0..n)
        .map(|i| common::note_event("operator1", &format!("note {i}")))
        .collect();
    site.store().append_all(events).unwrap();
}

/// The log's own walk (the log of record's on PostgreSQL), as a process opening it does
/// it: a host copy that no longer follows a tampered log of record is opened all the same.
fn verify(site: &Site, expect: Option<&str>) -> VerifyReport {
    let mut store = beredskap::store::Store::open(&site.db).unwrap();
    if let Some(config) = site.remote_config() {
        let remote = beredskap::store::remote::RemoteLog::connect(&config).unwrap();
        let _ = store.attach_remote(remote);
    }
    store.verify_log(expect, &mut |_| {}).unwrap()
}

fn head(site: &Site) -> String {
    site.store().head().unwrap().unwrap().1
}

fn verify_cli(site: &Site, extra: &[&str]) -> (Option<i32>, String) {
    let out = site
        .cli()
        .args(["log", "verify"])
        .args(extra)
        .output()
        .unwrap();
    let said = format!("{}{}", stdout(&out), stderr(&out));
    // Every line its own: a break inside one printed call shows as a visible '␊'.
    assert!(!said.contains('␊'), "{said}");
    (out.status.code(), said)
}

#[test]
fn triggers_refuse_update_and_delete() {
    for engine in engines("triggers_refuse_update_and_delete") {
        let site = fresh_log(engine, 3);
        let e = site
            .sql_as_owner("UPDATE events SET payload = '{\"text\":\"x\"}' WHERE id = 2")
            .unwrap_err();
        assert!(e.contains("append-only"), "{engine}: {e}");
        let e = site
            .sql_as_owner("DELETE FROM events WHERE id = 3")
            .unwrap_err();
        assert!(e.contains("append-only"), "{engine}: {e}");
        assert!(verify(&site, None).intact(), "{engine}");
    }
}

#[test]
fn an_intact_log_verifies_and_prints_its_head() {
    for engine in engines("an_intact_log_verifies_and_prints_its_head") {
        let site = fresh_log(engine, 5);
        let head = head(&site);
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(0), "{engine}: {out}");
        assert!(out.contains("intact: 5 events"), "{engine}: {out}");
        assert!(out.contains(&format!("head: #5 {head}")), "{engine}: {out}");
        if engine == Engine::Postgres {
            assert!(out.contains("this host's copy"), "{out}");
            assert!(out.contains("intact, 5 events"), "{out}");
        }
    }
}

#[test]
fn a_changed_payload_is_named() {
    for engine in engines("a_changed_payload_is_named") {
        let site = fresh_log(engine, 10);
        site.tamper("UPDATE events SET payload = '{\"text\":\"allt lugnt\"}' WHERE id = 4;");
        let report = verify(&site, None);
        assert_eq!(
            report.first_break,
            Some(ChainBreak::PayloadChanged { id: 4 }),
            "{engine}"
        );
        assert_eq!(report.events_checked, 3, "{engine}");
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(1), "{engine}: {out}");
        assert!(
            out.contains("BROKEN: event #4: payload changed"),
            "{engine}: {out}"
        );
    }
}

#[test]
fn a_payload_changed_together_with_its_digest_is_still_caught() {
    for engine in engines("a_payload_changed_together_with_its_digest_is_still_caught") {
        let site = fresh_log(engine, 10);
        let text = r#"{"text":"allt lugnt"}"#;
        let digest = beredskap::store::chain::sha256_hex(text.as_bytes());
        site.tamper(&format!(
            "UPDATE events SET payload = '{text}', payload_sha256 = '{digest}' WHERE id = 6;"
        ));
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::FieldsChanged { id: 6 }),
            "{engine}"
        );
    }
}

#[test]
fn a_changed_actor_or_time_is_named() {
    for engine in engines("a_changed_actor_or_time_is_named") {
        let site = fresh_log(engine, 10);
        site.tamper("UPDATE events SET actor = 'someone_else' WHERE id = 7;");
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::FieldsChanged { id: 7 }),
            "{engine}"
        );
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(1), "{engine}: {out}");
        assert!(out.contains("event #7: content changed"), "{engine}: {out}");
    }
}

#[test]
fn a_deleted_event_is_named() {
    for engine in engines("a_deleted_event_is_named") {
        let site = fresh_log(engine, 10);
        site.tamper("DELETE FROM events WHERE id = 5;");
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::Missing {
                after: 4,
                before: 6
            }),
            "{engine}"
        );
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(1), "{engine}: {out}");
        assert!(out.contains("event missing: #5 is gone"), "{engine}: {out}");
    }
}

#[test]
fn a_deleted_event_with_renumbered_successors_is_named() {
    for engine in engines("a_deleted_event_with_renumbered_successors_is_named") {
        let site = fresh_log(engine, 10);
        site.tamper("DELETE FROM events WHERE id = 5; UPDATE events SET id = id - 1 WHERE id > 5;");
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::Missing {
                after: 4,
                before: 5
            }),
            "{engine}"
        );
    }
}

#[test]
fn swapped_events_are_named() {
    for engine in engines("swapped_events_are_named") {
        let site = fresh_log(engine, 10);
        site.tamper(
            "UPDATE events SET id = -1 WHERE id = 5; UPDATE events SET id = 5 WHERE id = 6; \
             UPDATE events SET id = 6 WHERE id = -1;",
        );
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::OrderChanged {
                id: 5,
                written_as: 6
            }),
            "{engine}"
        );
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(1), "{engine}: {out}");
        assert!(out.contains("event #5: order changed"), "{engine}: {out}");
        assert!(out.contains("written as #6"), "{engine}: {out}");
    }
}

#[test]
fn a_deleted_tail_is_caught_by_the_head_record_or_the_expected_head() {
    for engine in engines("a_deleted_tail_is_caught_by_the_head_record_or_the_expected_head") {
        let site = fresh_log(engine, 10);
        let head_before = head(&site);
        let hash_8 = site.store().event(8).unwrap().unwrap().hash;
        site.tamper("DELETE FROM events WHERE id > 8;");
        assert_eq!(
            verify(&site, None).first_break,
            Some(ChainBreak::TailMissing {
                last_present: 8,
                head_record: 10
            }),
            "{engine}"
        );
        // A careful forger also rewinds the head record: only the written-down head helps.
        site.tamper(&format!(
            "UPDATE log_head SET last_id = 8, last_hash = '{hash_8}';"
        ));
        assert!(verify(&site, None).intact(), "{engine}");
        let (code, out) = verify_cli(&site, &["--expect-head", &head_before]);
        assert_eq!(code, Some(1), "{engine}: {out}");
        assert!(out.contains("is not in the log"), "{engine}: {out}");
        if engine == Engine::Postgres {
            // This host's copy still holds #9 and #10: it no longer follows the log of
            // record, and says so.
            assert!(out.contains("does not follow the log of record"), "{out}");
        }
    }
}

#[test]
fn an_expected_head_that_has_been_appended_to_is_fine() {
    for engine in engines("an_expected_head_that_has_been_appended_to_is_fine") {
        let site = fresh_log(engine, 3);
        let head = head(&site);
        seed(&site, 2);
        let (code, out) = verify_cli(&site, &["--expect-head", &head, "--json"]);
        assert_eq!(code, Some(0), "{engine}: {out}");
        let json: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(json["intact"], true, "{engine}");
        assert_eq!(json["expected_head_at"], 3, "{engine}");
        assert_eq!(json["head_id"], 5, "{engine}");
        assert_eq!(
            json["host_copy"]["head_id"],
            if engine == Engine::Postgres {
                serde_json::json!(5)
            } else {
                serde_json::Value::Null
            },
            "{engine}"
        );
    }
}

#[test]
fn a_malformed_expected_head_is_bad_input() {
    for engine in engines("a_malformed_expected_head_is_bad_input") {
        let site = fresh_log(engine, 1);
        let (code, out) = verify_cli(&site, &["--expect-head", "abc"]);
        assert_eq!(code, Some(2), "{engine}: {out}");
        assert!(out.contains("64 hexadecimal"), "{engine}: {out}");
    }
}

/// On PostgreSQL a tampered host copy is found too: the log of record verifies, this
/// host's file (an exports' source) does not, and `log verify` fails naming the copy. The
/// copy is checked against the log of record row by row, column by column; where it
/// differs in anything it is walked on its own, and its own break is named.
#[test]
fn a_tampered_host_copy_is_named_beside_an_intact_log_of_record() {
    if !engines("a_tampered_host_copy_is_named").contains(&Engine::Postgres) {
        return;
    }
    let cases = [
        (
            "UPDATE events SET payload = '{\"text\":\"x\"}' WHERE id = 2;",
            "event #2: payload changed",
        ),
        (
            "UPDATE events SET actor = 'op.annan' WHERE id = 3;",
            "event #3: content changed",
        ),
        (
            "DELETE FROM events WHERE id = 6;",
            "events missing at the end: the log ends at #5 but its head record says #6",
        ),
        (
            "UPDATE log_head SET last_id = 7 WHERE singleton = 1;",
            "events missing at the end: the log ends at #6 but its head record says #7",
        ),
    ];
    for (sql, named) in cases {
        let site = fresh_log(Engine::Postgres, 6);
        let conn = rusqlite::Connection::open(&site.db).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS events_refuse_update; \
             DROP TRIGGER IF EXISTS events_refuse_delete; {sql}"
        ))
        .unwrap();
        drop(conn);
        let (code, out) = verify_cli(&site, &[]);
        assert_eq!(code, Some(1), "{sql}: {out}");
        assert!(out.contains("intact: 6 events"), "{sql}: {out}");
        assert!(
            out.contains("BROKEN: this host's copy") && out.contains(named),
            "{sql}: {out}"
        );
    }
}

/// A long log is walked in stretches at once (`log verify` on two cores): whatever was done
/// to it, and wherever that falls against the stretches' edges, the report is the one a
/// single walk gives. (A walk of a file: on PostgreSQL the log of record is walked in one.)
#[test]
fn a_walk_in_stretches_reports_what_one_walk_reports() {
    let cases = [
        "",
        "UPDATE events SET payload = '{\"text\":\"x\"}' WHERE id = 7;",
        "DELETE FROM events WHERE id = 10;",
        "DELETE FROM events WHERE id = 11;",
        "DELETE FROM events WHERE id = 20; UPDATE events SET id = id - 1 WHERE id > 20;",
        "UPDATE events SET id = -1 WHERE id = 20; UPDATE events SET id = 20 WHERE id = 21; \
         UPDATE events SET id = 21 WHERE id = -1;",
        "DELETE FROM events WHERE id > 38;",
        "UPDATE events SET actor = 'someone' WHERE id = 31;",
    ];
    for sql in cases {
        let site = fresh_log(Engine::Sqlite, 40);
        let head = head(&site);
        if !sql.is_empty() {
            site.tamper(sql);
        }
        let store = site.store();
        for expect in [None, Some(head.as_str())] {
            let one = store.verify(expect).unwrap();
            for parts in 2..=4 {
                let seen = std::sync::atomic::AtomicU64::new(0);
                let split = store
                    .verify_in_parts(expect, parts, 2, &|n| {
                        seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
                    })
                    .unwrap();
                let what = format!("{sql:?} in {parts} stretches, expecting {expect:?}");
                assert_eq!(split.first_break, one.first_break, "{what}");
                assert_eq!(split.events_checked, one.events_checked, "{what}");
                assert_eq!(split.expected_head_at, one.expected_head_at, "{what}");
                if one.intact() {
                    assert_eq!(
                        (split.head_id, &split.head_hash),
                        (one.head_id, &one.head_hash),
                        "{what}"
                    );
                }
            }
        }
    }
}
