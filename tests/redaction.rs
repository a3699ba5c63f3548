//! Redaction: a number written before the store's guard existed (a fixture database made
//! by that release) is taken out; a byte search of the database, its WAL and a backup
//! finds no trace; `log verify` passes and lists the redaction; the Lex Maria export
//! succeeds. The upgrade of that log to the new schema keeps its chain as it was. On both
//! engines (issue 34): on PostgreSQL the old log is first moved into the log of record
//! (`log migrate`), the text is taken out there by its one recorded path, and a second
//! host's copy follows the redaction.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::engine::{Engine, Site, engines};
use common::*;
use std::path::{Path, PathBuf};

const NUMBER: &str = "19121212-1212";

fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("log.db");
    std::fs::copy(repo().join("tests/fixtures/log-before-redaction.db"), &db).unwrap();
    (repo().join("tests/fixtures/log-before-redaction.toml"), db)
}

fn holds(path: &Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .unwrap_or(false)
}

fn wal(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", db.display()))
}

fn user_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The old release's log on `engine`: the file (SQLite), or moved into the log of record
/// with `log migrate --to postgres` (this host's file its copy).
fn fixture_on(engine: Engine) -> Site {
    let site = Site::of(
        engine,
        &repo().join("tests/fixtures/log-before-redaction.toml"),
    );
    std::fs::copy(
        repo().join("tests/fixtures/log-before-redaction.db"),
        &site.db,
    )
    .unwrap();
    if engine == Engine::Postgres {
        let out = run(site.cli().args(["log", "migrate", "--to", "postgres"]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            holds_there(&site, NUMBER),
            "the log of record holds the number"
        );
    }
    site
}

/// Whether the log of record's events hold `needle` (PostgreSQL).
fn holds_there(site: &Site, needle: &str) -> bool {
    site.sql_as_owner(&format!(
        "SELECT count(*) FROM events WHERE position('{needle}' in payload) > 0"
    ))
    .unwrap()
        != "0"
}

#[test]
fn a_number_from_before_is_taken_out_and_the_chain_still_verifies() {
    for engine in engines("a_number_from_before_is_taken_out") {
        taken_out(engine);
    }
}

fn taken_out(engine: Engine) {
    let site = fixture_on(engine);
    let (config, db, dir) = (&site.config, &site.db, site.dir.path());
    assert!(holds(db, NUMBER), "the fixture holds the number");
    let before = event_hashes(db);
    // On PostgreSQL a second host, its copy taken before the redaction.
    let other = dir.join("other-host.db");
    if engine == Engine::Postgres {
        drop(site.store_at(&other));
        assert!(
            holds(&other, NUMBER),
            "the other host's copy holds the number"
        );
    }

    // Who may not: a viewer, an operator, and the physician outside the clinical record.
    for (account, says) in [
        ("viewer1", "may not take patient data out of the log"),
        ("operator1", "may not take patient data out of the log"),
        ("physician1", "not part of the clinical record"),
    ] {
        let out = run(beredskap(config, db).args([
            "log",
            "redact",
            "3",
            "--field",
            "message",
            "--reason",
            "pnr i utdata",
            "--as",
            account,
        ]));
        assert_eq!(out.status.code(), Some(2), "{account}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{account}: {}", stderr(&out));
    }
    // Bad requests: no such event, no such field, a reason with a number in it.
    for (args, says) in [
        (vec!["99", "--field", "message"], "there is no event #99"),
        (vec!["3", "--field", "nope"], "has no field `nope`"),
        (vec!["3", "--field", "latency_ms"], "is not a text"),
    ] {
        let mut cmd = beredskap(config, db);
        cmd.args(["log", "redact"]).args(&args).args([
            "--reason",
            "pnr i utdata",
            "--as",
            "admin1",
        ]);
        let out = run(&mut cmd);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = run(beredskap(config, db).args([
        "log",
        "redact",
        "3",
        "--field",
        "message",
        "--reason",
        "gällde 121212-1212",
        "--as",
        "admin1",
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(event_hashes(db), before, "nothing written by a refusal");

    let out = run(beredskap(config, db).args([
        "log",
        "redact",
        "#3",
        "--field",
        "message",
        "--reason",
        "personnummer i pluginutdata",
        "--as",
        "admin1",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("gone from the database file and its WAL"),
        "{}",
        stdout(&out)
    );
    // Gone from the file and the WAL, byte for byte.
    for needle in [NUMBER, "12-1212", "lab queue stuck, last msg pat"] {
        assert!(!holds(db, needle), "{needle} still in the database");
        assert!(!holds(&wal(db), needle), "{needle} still in the WAL");
    }
    assert_eq!(
        user_version(db),
        i64::from(beredskap::store::SCHEMA_VERSION),
        "upgraded in place (to the latest schema)"
    );

    // The chain: every earlier hash as it was, intact, the redaction listed.
    let after = event_hashes(db);
    assert_eq!(&after[..before.len()], &before[..]);
    let out = run(beredskap(config, db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{engine}: {}", stdout(&out));
    assert!(
        stdout(&out).contains("1 event(s) redacted, each as its redaction recorded: #3 (by #4)"),
        "{engine}: {}",
        stdout(&out)
    );
    if engine == Engine::Postgres {
        // Gone from the log of record too, and from the other host's copy once it follows.
        assert!(
            !holds_there(&site, NUMBER),
            "the number is still in PostgreSQL"
        );
        assert!(!holds_there(&site, "lab queue stuck, last msg pat"));
        let copy = site.store_at(&other);
        assert_eq!(copy.event(3).unwrap(), site.store().event(3).unwrap());
        assert!(copy.verify(None).unwrap().intact());
        assert_eq!(copy.verify(None).unwrap().redacted, vec![(3, 4)]);
        drop(copy);
        for needle in [NUMBER, "12-1212", "lab queue stuck, last msg pat"] {
            assert!(
                !holds(&other, needle),
                "{needle} still in the other host's file"
            );
            assert!(!holds(&wal(&other), needle), "{needle} still in its WAL");
        }
        // A host new to the log of record copies the redacted payload, checked against
        // the redaction that records it.
        let fresh = site.store_at(&dir.join("new-host.db"));
        assert_eq!(fresh.verify(None).unwrap().redacted, vec![(3, 4)]);
        assert!(fresh.verify(None).unwrap().intact());
    }
    let out = run(beredskap(config, db).args(["log", "show", "--json"]));
    let shown = stdout(&out);
    assert!(
        shown.contains("[borttaget: personuppgift, händelse #4]"),
        "{shown}"
    );
    assert!(shown.contains("\"kind\":\"log.redacted\""), "{shown}");
    assert!(shown.contains("personnummer i pluginutdata"), "{shown}");

    // A backup taken now holds no trace either.
    let backup = dir.join("backup.db");
    let out = run(beredskap(config, db).arg("backup").arg("-o").arg(&backup));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!holds(&backup, NUMBER));

    // And the incident on that system exports.
    let id = declare_journal_incident(config, db);
    let out = run(beredskap(config, db).args(["--as", "physician1", "export", "lex-maria", &id]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_payload_cannot_be_replaced_behind_the_programs_back() {
    let dir = tempfile::tempdir().unwrap();
    let (config, db) = fixture(dir.path());
    // Upgrade by opening for writing (a note).
    let out = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", "kontroll"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let err = conn
        .execute(
            "UPDATE events SET payload = '{\"message\":\"x\"}' WHERE id = 3",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // A redactions row alone does not let any other column change.
    conn.execute(
        "INSERT INTO redactions (event_id, redaction_event, payload) VALUES (3, 99, 'x')",
        [],
    )
    .unwrap();
    let err = conn
        .execute(
            "UPDATE events SET actor = 'x', payload = 'x' WHERE id = 3",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // A payload swapped in with a forged redactions row but no redaction event: verify
    // names it.
    conn.execute("UPDATE events SET payload = 'x' WHERE id = 3", [])
        .unwrap();
    drop(conn);
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("event #3: payload changed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn upgrading_the_old_log_keeps_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (config, db) = fixture(dir.path());
    assert_eq!(user_version(&db), 5, "the fixture is the old schema");
    let before = event_hashes(&db);
    let out = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", "efter"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        user_version(&db),
        i64::from(beredskap::store::SCHEMA_VERSION)
    );
    assert_eq!(&event_hashes(&db)[..before.len()], &before[..]);
    let out = run(beredskap(&config, &db).args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// On PostgreSQL the application's role may not change a payload at all, and the one
/// recorded path (`beredskap.redact`) refuses a payload no `log.redacted` event records;
/// the owner is refused by the trigger. Nothing changed.
#[test]
fn the_log_of_record_takes_a_payload_only_by_its_recorded_redaction() {
    if !engines("the_log_of_record_takes_a_payload_only_by_its_recorded_redaction")
        .contains(&Engine::Postgres)
    {
        return;
    }
    let site = fixture_on(Engine::Postgres);
    let mut app = site.app_client().unwrap();
    let e = app
        .batch_execute("UPDATE beredskap.events SET payload = '{}' WHERE id = 3")
        .unwrap_err();
    assert!(format!("{e:?}").contains("permission denied"), "{e:?}");
    let e = app
        .execute("SELECT beredskap.redact(3, '{\"message\":\"x\"}')", &[])
        .unwrap_err();
    assert!(
        format!("{e:?}").contains("no recorded redaction of event 3"),
        "{e:?}"
    );
    // Setting the function's flag by hand lends no right to update.
    let e = app
        .batch_execute(
            "BEGIN; SELECT set_config('beredskap.redacting', '3', true); \
             UPDATE beredskap.events SET payload = '{}' WHERE id = 3; COMMIT",
        )
        .unwrap_err();
    assert!(format!("{e:?}").contains("permission denied"), "{e:?}");
    let e = site
        .sql_as_owner("UPDATE events SET payload = '{}' WHERE id = 3")
        .unwrap_err();
    assert!(e.contains("append-only"), "{e}");
    assert!(holds_there(&site, NUMBER), "nothing changed");
    let out = run(site.cli().args(["log", "verify"]));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
