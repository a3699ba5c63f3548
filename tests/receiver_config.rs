//! The receiver as the configuration describes it (`[receiver]`): a generic JSON webhook
//! source read with its pointers (a Zabbix media type's body), over TLS with the region's
//! certificate, its token from a file `config check` warns about while others may read it;
//! `ingest webhook` reads the same source from standard input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::alerting::beredskap;
use common::repo;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const SYSTEM: &str = r#"
[[systems]]
id = "lis"
name = "Laboratoriesystem"
category = "it"
criticality = "high"
krt = { confidentiality = 2, integrity = 3, availability = 3 }
owner_team = "drift"

[[systems.checks]]
name = "zabbix"
kind = "alert"
source = "zabbix"
match = '{system="lis-db01"}'

[[systems.checks]]
name = "hl7"
kind = "heartbeat"
heartbeat = "lis-hl7"
period = "1h"
"#;

const RECEIVER: &str = r#"
[receiver]
listen = "127.0.0.1:0"
heartbeat_token_file = "tokens/heartbeat"
tls_certificate = "tls/cert.pem"
tls_key = "tls/key.pem"

[[receiver.sources]]
id = "zabbix"
kind = "webhook"
token_file = "tokens/zabbix"
fingerprint = "/event_id"
system = "/host"
state = "/event_value"
message = "/subject"
severity = "/severity"
labels = { trigger = "/trigger" }
"#;

fn region(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    // [receiver] stands before the systems' tables so it is a top-level table.
    let (head, rest) = text.split_once("[[systems]]").unwrap();
    let path = dir.join("region.toml");
    std::fs::write(
        &path,
        format!(
            "{head}{RECEIVER}senders = [\"{}\"]\n\n[[systems]]{rest}{SYSTEM}",
            common::os_account()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("tls")).unwrap();
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.join("tls/cert.pem"), cert.cert.pem()).unwrap();
    std::fs::write(dir.join("tls/key.pem"), cert.signing_key.serialize_pem()).unwrap();
    std::fs::set_permissions(
        dir.join("tls/key.pem"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(dir.join("tokens/zabbix"), "zb-s3cret\n").unwrap();
    std::fs::write(dir.join("tokens/heartbeat"), "hb-s3cret\n").unwrap();
    std::fs::set_permissions(
        dir.join("tokens/heartbeat"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::set_permissions(
        dir.join("tokens/zabbix"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    path
}

fn verdict(config: &Path, db: &Path) -> String {
    let out = beredskap(config, db)
        .args(["check", "--system", "lis", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    format!("{} {}", v[0]["verdict"], v[0]["message"])
}

fn zabbix(value: u8, subject: &str) -> String {
    format!(
        r#"{{"event_id": "4711", "host": "lis-db01", "event_value": "{value}",
            "subject": "{subject}", "severity": "High", "trigger": "LIS DB ping"}}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_webhook_source_over_tls_takes_its_system_down_and_up() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path());
    let db = dir.path().join("log.db");

    // A token file every account can read: config check says so, where, and still passes.
    let out = beredskap(&config, &db)
        .args(["config", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("every account on this machine can read")
            && err.contains("region.toml:")
            && err.contains("tokens/zabbix"),
        "{err}"
    );
    std::fs::set_permissions(
        dir.path().join("tokens/zabbix"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();

    // No flags: everything from [receiver]; it says it serves TLS.
    let mut cmd = beredskap(&config, &db);
    cmd.arg("receive");
    let (_running, addr, line) = common::alerting::receive(cmd);
    assert!(line.contains("(TLS)"), "{line}");
    let url = format!("https://{addr}/alerts/zabbix");
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();

    let plain = reqwest::Client::new()
        .post(format!("http://{addr}/alerts/zabbix"))
        .bearer_auth("zb-s3cret")
        .body(zabbix(1, "x"))
        .send()
        .await;
    assert!(plain.is_err(), "plain HTTP is not served on a TLS listener");
    for (token, body, status) in [
        ("wrong", zabbix(1, "x"), 401),
        ("zb-s3cret", "inte json".to_string(), 400),
    ] {
        let r = http
            .post(&url)
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status);
    }
    assert!(verdict(&config, &db).starts_with("\"ok\""));

    let problem = http
        .post(&url)
        .bearer_auth("zb-s3cret")
        .body(zabbix(1, "Problem: LIS DB svarar inte"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem.status(), 200);
    let v = verdict(&config, &db);
    assert!(
        v.starts_with("\"fail\"") && v.contains("Problem: LIS DB svarar inte"),
        "{v}"
    );

    // The same alert again is one state; its recovery (event value 0) clears it.
    for body in [
        zabbix(1, "Problem: LIS DB svarar inte"),
        zabbix(0, "Resolved"),
    ] {
        let r = http
            .post(&url)
            .bearer_auth("zb-s3cret")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert!(verdict(&config, &db).starts_with("\"ok\""));
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let events: Vec<_> = store
        .events_page("", None, 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "alert.received")
        .collect();
    assert_eq!(events.len(), 2, "fired once, resolved once");
    assert_eq!(events[0].payload["labels"]["trigger"], "LIS DB ping");
    assert_eq!(events[0].payload["labels"]["severity_name"], "High");
    assert_eq!(events[0].payload["systems"][0], "lis");

    // The heartbeat token from [receiver] too.
    let hb = http
        .post(format!("https://{addr}/heartbeat/lis-hl7"))
        .bearer_auth("hb-s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(hb.status(), 200);
    assert!(store.last_ping("lis-hl7").unwrap().unwrap().ok);

    // The same source from a script: `ingest webhook` on standard input.
    let mut ingest = beredskap(&config, &db)
        .args(["ingest", "webhook", "--source", "zabbix"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    ingest
        .stdin
        .take()
        .unwrap()
        .write_all(zabbix(1, "Problem igen").as_bytes())
        .unwrap();
    let out = ingest.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(verdict(&config, &db).contains("Problem igen"));
    let unknown = beredskap(&config, &db)
        .args(["ingest", "webhook", "--source", "okand"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("the configured ones: zabbix"));
}

#[test]
fn a_window_stands_when_alertmanager_cannot_be_reached_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let config = dir.path().join("region.toml");
    std::fs::write(
        &config,
        format!(
            "{text}{}\n[receiver]\n[[receiver.sources]]\nid = \"zabbix\"\nkind = \"alertmanager\"\n\
             token_file = \"am.token\"\napi = \"http://{closed}\"\n",
            SYSTEM
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("am.token"), "t\n").unwrap();
    let db = dir.path().join("log.db");
    let add = beredskap(&config, &db)
        .args([
            "--as",
            "operator1",
            "maintenance",
            "add",
            "lis",
            "--to",
            "+2h",
        ])
        .args(["--reason", "Byte av disk"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&add.stderr);
    assert_eq!(add.status.code(), Some(0), "{err}");
    assert!(
        err.contains("could not silence the alerts in zabbix") && err.contains("window stands"),
        "{err}"
    );
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let events = store.events_page("", None, 100).unwrap();
    let failed = events
        .iter()
        .find(|e| e.kind == "maintenance.silenced")
        .unwrap();
    assert!(
        failed.payload["error"]
            .as_str()
            .unwrap()
            .contains(&closed.to_string())
    );
    let window = events
        .iter()
        .find(|e| e.kind == "maintenance.added")
        .unwrap()
        .id;
    assert_eq!(store.runtime_window(window).unwrap().unwrap().silences, []);
    drop(store);

    // Ending it: refused without a reason, and for a window that is not one; then ended.
    for (args, code) in [
        (vec!["maintenance", "end", "999999", "--reason", "x"], 2),
        (vec!["maintenance", "end", "nio", "--reason", "x"], 2),
        (
            vec!["maintenance", "end", &window.to_string(), "--reason", " "],
            2,
        ),
    ] {
        let out = beredskap(&config, &db)
            .args(["--as", "operator1"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    let end = beredskap(&config, &db)
        .args(["--as", "operator1", "maintenance", "end"])
        .arg(format!("#{window}"))
        .args(["--reason", "Klart"])
        .output()
        .unwrap();
    assert_eq!(end.status.code(), Some(0));
    let list = beredskap(&config, &db)
        .args(["maintenance", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(!listed.contains(&format!("#{window}")), "{listed}");
    let again = beredskap(&config, &db)
        .args(["--as", "operator1", "maintenance", "end"])
        .arg(window.to_string())
        .args(["--reason", "Klart"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("already over"));
}

/// `config check` says when the receiver's certificate and key do not go together (the
/// receiver itself refused to start only when it came to it).
#[test]
fn a_key_that_is_not_the_certificates_own_is_an_error_in_config_check() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path());
    let db = dir.path().join("log.db");
    let check = || {
        beredskap(&config, &db)
            .args(["config", "check"])
            .output()
            .unwrap()
    };
    assert_eq!(check().status.code(), Some(0));
    let other = rcgen::generate_simple_self_signed(vec!["other".to_string()]).unwrap();
    std::fs::write(
        dir.path().join("tls/key.pem"),
        other.signing_key.serialize_pem(),
    )
    .unwrap();
    let out = check();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("do not go together"), "{err}");
    assert!(err.contains("tls/key.pem"), "{err}");
}
