//! `beredskap config check` on the valid and invalid fixtures, through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks may stop at the first surprise

mod common;

use common::{bin, repo, run, stderr, stdout};
use std::process::Command;

fn check(path: &str) -> std::process::Output {
    run(Command::new(bin())
        .env_remove("BEREDSKAP_CONFIG")
        .args(["config", "check", "--config"])
        .arg(repo().join(path)))
}

#[test]
fn valid_configs_pass() {
    for path in [
        "fixtures/region-demo/beredskap.toml",
        "tests/valid_configs/minimal.toml",
        "tests/valid_configs/split/beredskap.toml",
    ] {
        let out = check(path);
        assert_eq!(out.status.code(), Some(0), "{path}: {}", stderr(&out));
        assert!(stdout(&out).starts_with("ok: "), "{path}: {}", stdout(&out));
    }
    // A system nothing watches is named (a warning: the configuration still loads).
    let out = check("tests/valid_configs/minimal.toml");
    assert!(
        stderr(&out).contains("`natet` has no check and no alert source"),
        "{}",
        stderr(&out)
    );
    let demo = check("fixtures/region-demo/beredskap.toml");
    assert!(!stderr(&demo).contains("no check and no alert source"));
}

#[test]
fn the_demo_region_is_as_large_as_promised() {
    let loaded = beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .expect("demo region loads");
    let r = &loaded.region;
    assert!(r.systems.len() >= 25, "{} systems", r.systems.len());
    assert!(r.teams.len() >= 8);
    assert!(r.people.len() >= 15);
    assert_eq!(
        loaded.files.len(),
        5,
        "main file and four included system files"
    );
    // Most clinical systems depend on identity, network or the integration platform.
    let journal = r.system("journal").expect("journal");
    for dep in ["identitet", "karnnat", "integrationsplattform"] {
        assert!(journal.depends_on.iter().any(|d| d == dep), "{dep}");
    }
    // The demo warns that actor override is on (demo regions only).
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("allow_actor_override"))
    );
}

#[test]
fn split_config_equals_single_file() {
    let single = beredskap::config::load(&repo().join("tests/valid_configs/minimal.toml")).unwrap();
    let split =
        beredskap::config::load(&repo().join("tests/valid_configs/split/beredskap.toml")).unwrap();
    let ids = |r: &beredskap::model::region::Region| {
        let mut v: Vec<String> = r.systems.iter().map(|s| s.id.clone()).collect();
        v.extend(r.people.iter().map(|p| p.account.clone()));
        v.extend(r.teams.iter().map(|t| t.id.clone()));
        v.sort();
        v
    };
    assert_eq!(ids(&single.region), ids(&split.region));
    assert_eq!(split.files.len(), 4);
}

/// (fixture, line:column of the first error, what its message must say)
const INVALID: &[(&str, &str, &[&str])] = &[
    (
        "01-syntax",
        "56:16",
        &["TOML syntax", "invalid basic string"],
    ),
    (
        "02-unknown-top-level",
        "65:3",
        &["unknown top-level key `sytems`", "did you mean `systems`?"],
    ),
    (
        "03-unknown-field",
        "60:1",
        &["unknown field `ownerteam`", "did you mean `owner_team`?"],
    ),
    (
        "04-wrong-type",
        "59:60",
        &["invalid type: string \"4\"", "u8"],
    ),
    (
        "05-duplicate-system",
        "66:6",
        &["duplicate system id `natet`", "first defined at", ":47:6"],
    ),
    (
        "06-duplicate-account",
        "27:11",
        &["duplicate account `operator1`", ":13:11"],
    ),
    (
        "07-unknown-team",
        "60:14",
        &["unknown team `drfit`", "did you mean `drift`?"],
    ),
    (
        "08-unknown-dependency",
        "62:24",
        &["unknown system `identitet`"],
    ),
    (
        "09-unknown-member",
        "37:25",
        &["unknown person (account) `operator9`"],
    ),
    (
        "10-unknown-runbook",
        "63:13",
        &[
            "unknown runbook `journal-ner`",
            "did you mean `journal-nere`?",
        ],
    ),
    (
        "11-dependency-cycle",
        "53:15",
        &["dependency cycle: natet → journal → natet"],
    ),
    (
        "12-unknown-time-zone",
        "8:13",
        &[
            "unknown time zone `Europe/Stokholm`",
            "did you mean `Europe/Stockholm`?",
        ],
    ),
    (
        "13-krt-out-of-range",
        "51:60",
        &["KRT availability 5 is out of range", "0 (none) to 4"],
    ),
    (
        "14-unknown-criticality",
        "58:15",
        &["unknown value `critical`", "`business-critical`"],
    ),
    ("15-missing-field", "54:1", &["missing field `owner_team`"]),
    (
        "16-organisation-number",
        "5:23",
        &["`999999-9998` is not a valid organisation number", "Luhn"],
    ),
    (
        "17-supplier-is-internal",
        "61:17",
        &["`drift` is not a supplier team"],
    ),
    (
        "18-unknown-lex-maria-responsible",
        "7:25",
        &["unknown person (account) `chefslakaren`"],
    ),
    (
        "19-include-matches-nothing",
        "2:12",
        &["include pattern \"systems/*.toml\" matches no file"],
    ),
    (
        "20-bad-email",
        "30:9",
        &["`viewer1 at test` is not an e-mail address"],
    ),
    (
        "21-unknown-role",
        "31:10",
        &["unknown value `superuser`", "`physician`"],
    ),
    (
        "22-missing-site",
        "",
        &["the configuration has no [site] table"],
    ),
    (
        "23-people-not-a-list",
        "2:10",
        &[
            "`people` must be a list of tables, not a string",
            "[[people]]",
        ],
    ),
    (
        "24-many-problems",
        "8:13",
        &[
            "unknown time zone `Mars/Olympus`",
            "unknown person (account) `nobody`",
            "KRT availability 9",
            "unknown team `drfit`",
            "4 error(s)",
        ],
    ),
    (
        "25-supplier-without-phone",
        "41:6",
        &["supplier team `lev` has no contact phone"],
    ),
    (
        "26-self-dependency",
        "62:24",
        &["dependency cycle: journal → journal"],
    ),
    (
        "27-bad-system-id",
        "47:6",
        &["system id `Nätet` is not valid", "lowercase"],
    ),
    (
        "28-several-problems-in-one-entry",
        "59:60",
        &[
            "invalid type: string \"high\"",
            "unknown field `ownerteam`",
            "unknown field `criticallity`",
            "did you mean `criticality`?",
            "3 error(s)",
        ],
    ),
    (
        "29-bad-rotation",
        "42:25",
        &[
            "unknown person (account) `ghost`",
            "`1 fortnight` is not a shift length",
            "`someday 08:00` is not a handoff",
            "`nights` is not an on-call coverage",
            "the layer `primär` appears twice in `drift`",
            "the layer `primär` has no members",
            "a weekday handoff needs a shift in days or weeks",
            "7 error(s)",
        ],
    ),
    (
        "30-supplier-coverage",
        "39:12",
        &[
            "coverage is for supplier teams",
            "supplier team `lev` has a rota",
            "`kontorstider` is not an on-call coverage",
            "3 error(s)",
        ],
    ),
    (
        "31-identity-number",
        "29:25",
        &[
            "looks like a Swedish personnummer (19121212-XXXX)",
            "31-identity-number.toml:77:28",
            "(121212-XXXX)",
            "2 error(s)",
        ],
    ),
    (
        "32-hidden-character",
        "55:10",
        &[
            "a control or invisible formatting character (U+202E)",
            "name = \"N<U+202E>ätet\"",
            "1 error(s)",
        ],
    ),
    (
        "33-heartbeat",
        "80:1",
        &[
            "a heartbeat check needs `period`",
            "`backup natt` is not a heartbeat id",
            "33-heartbeat.toml:83:13",
            "2 error(s)",
        ],
    ),
    (
        "34-receiver",
        "89:10",
        &[
            "`localhost` is not ADDRESS:PORT",
            "TLS needs both `tls_certificate` and `tls_key`",
            "34-receiver.toml:96:10",
            "`system` is only for kind = \"webhook\"",
            "`host` is not a JSON pointer",
            "the label `severity` is set from the source's own key",
            "34-receiver.toml:101:14",
            "will not start without it",
            "5 error(s)",
        ],
    ),
];

#[test]
fn every_invalid_config_exits_2_with_its_message_and_location() {
    let dir = repo().join("tests/invalid_configs");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    let listed: Vec<String> = INVALID
        .iter()
        .map(|(n, _, _)| format!("{n}.toml"))
        .collect();
    assert_eq!(
        files, listed,
        "every fixture has an expectation and vice versa"
    );
    assert!(INVALID.len() >= 15);

    for (name, position, messages) in INVALID {
        let path = format!("tests/invalid_configs/{name}.toml");
        let out = check(&path);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        let first_error = err
            .lines()
            .skip_while(|l| !l.starts_with("beredskap: error:") && !l.starts_with("error:"))
            .nth(1)
            .unwrap_or_default();
        if position.is_empty() {
            assert!(
                first_error.trim_end().ends_with(&format!("{name}.toml")),
                "{name}: {err}"
            );
        } else {
            assert!(
                first_error.ends_with(&format!("{name}.toml:{position}")),
                "{name}: first error at {first_error:?}, expected {position}\n{err}"
            );
        }
        for m in *messages {
            assert!(err.contains(m), "{name}: expected {m:?} in\n{err}");
        }
        assert!(
            err.contains("hint:"),
            "{name}: every problem has a hint\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}");
    }
}

#[test]
fn missing_config_is_bad_input_with_guidance() {
    let out = run(Command::new(bin())
        .env_remove("BEREDSKAP_CONFIG")
        .current_dir(std::env::temp_dir())
        .env("HOME", "/nonexistent-home")
        .env("XDG_CONFIG_HOME", "/nonexistent-home/.config")
        .args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no configuration found"), "{err}");
    assert!(err.contains("--config"), "{err}");

    let out = run(Command::new(bin())
        .env("BEREDSKAP_CONFIG", "/nonexistent/region.toml")
        .args(["config", "check"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("from the environment"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_files_that_are_not_text_or_not_there_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8])] = &[
        ("empty.toml", b""),
        ("binary.toml", &[0xff, 0xfe, 0x00, 0x01, 0x80]),
        ("garbage.toml", b"[[[[\n= = =\n\"unterminated"),
        ("deep.toml", b"a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = run(Command::new(bin())
            .args(["config", "check", "--config"])
            .arg(&path));
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{name}");
    }
}

/// Issue 15, finding 6: a 10 MB value kept `config check` busy for minutes and printed it
/// back in full. Now it is an error at its place, and every problem shows only part of it.
#[test]
fn a_huge_value_is_refused_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/minimal.toml"))
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            &format!("runbooks_dir = \"{}\"", repo().join("runbooks").display()),
        )
        .replace(
            "id = \"journal\"",
            &format!("id = \"{}\"", "j".repeat(10_000_000)),
        );
    let path = dir.path().join("huge.toml");
    std::fs::write(&path, text).unwrap();
    let out = run(Command::new(bin())
        .env_remove("BEREDSKAP_CONFIG")
        .args(["config", "check", "--config"])
        .arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("a line longer than 4096 characters"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 20_000,
        "the value is not printed back: {} bytes",
        err.len()
    );
}

/// `[storage]` for TLS to the log of record: a client certificate without its key, or
/// without the CA that TLS needs, is an error with its place; a key file others can read is
/// warned about; the keys on the SQLite engine are warned about as unread.
#[test]
fn the_log_of_record_s_tls_files_are_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for f in ["ca.pem", "client.pem", "client.key", "pg-password"] {
        std::fs::write(dir.path().join(f), "x\n").unwrap();
        std::fs::set_permissions(dir.path().join(f), std::fs::Permissions::from_mode(0o600))
            .unwrap();
    }
    let base = std::fs::read_to_string(repo().join("tests/valid_configs/minimal.toml"))
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            &format!("runbooks_dir = \"{}\"", repo().join("runbooks").display()),
        );
    let check_with = |storage: &str| {
        let path = dir.path().join("beredskap.toml");
        std::fs::write(&path, format!("{base}\n[storage]\n{storage}")).unwrap();
        run(Command::new(bin())
            .env_remove("BEREDSKAP_CONFIG")
            .args(["config", "check", "--config"])
            .arg(&path))
    };
    let pg = "engine = \"postgres\"\npostgres = \"host=db-a,db-b dbname=beredskap user=app\"\n";
    let out = check_with(&format!(
        "{pg}ca_file = \"ca.pem\"\nclient_certificate = \"client.pem\"\nclient_key = \"client.key\"\n"
    ));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = check_with(&format!(
        "{pg}ca_file = \"ca.pem\"\nclient_certificate = \"client.pem\"\n"
    ));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`client_certificate` and `client_key` go together"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("beredskap.toml:"), "{}", stderr(&out));
    let out = check_with(&format!(
        "{pg}client_certificate = \"client.pem\"\nclient_key = \"client.key\"\n"
    ));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a client certificate needs TLS"),
        "{}",
        stderr(&out)
    );
    std::fs::set_permissions(
        dir.path().join("client.key"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let out = check_with(&format!(
        "{pg}ca_file = \"ca.pem\"\nclient_certificate = \"client.pem\"\nclient_key = \"client.key\"\n"
    ));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("can read"), "{}", stderr(&out));
    let out = check_with("engine = \"sqlite\"\nca_file = \"ca.pem\"\n");
    assert!(
        stderr(&out).contains("`ca_file` is read only with engine = \"postgres\""),
        "{}",
        stderr(&out)
    );
}
