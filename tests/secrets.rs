//! Secrets the services alone may read (issue 31.3): a ward account read both of the
//! receiver's tokens with `cat` and posted a forged alert and a forged heartbeat. Now
//! `config check` and `doctor` name every person who can read a token or the TLS key, and
//! `doctor --secrets` lists them for contrib/install.sh, which makes them
//! root:beredskap-log 0640 (tests/ssh_deployment.rs checks that on a real install).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::{beredskap, run, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The minimal region whose person `operator1` is the account running the test, with a
/// receiver source whose token that account owns (as a careless copy leaves it).
fn stage(root: &Path) -> std::path::PathBuf {
    let etc = root.join("etc/beredskap");
    std::fs::create_dir_all(etc.join("tokens")).unwrap();
    let me = common::os_account();
    let text = std::fs::read_to_string(common::minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            &format!("runbooks_dir = {:?}", common::repo().join("runbooks")),
        )
        .replace("\"operator1\"", &format!("\"{me}\""));
    // The log of record's password and client key are secrets too (issue 34): whoever
    // reads them signs in to the database as beredskap.
    let text = format!(
        "{text}\n[receiver]\nheartbeat_token_file = \"tokens/heartbeat\"\n\n[[receiver.sources]]\n\
         id = \"alertmanager\"\nkind = \"alertmanager\"\ntoken_file = \"tokens/am\"\n\n\
         [storage]\nengine = \"postgres\"\n\
         postgres = \"host=db.region.example user=beredskap_app dbname=beredskap\"\n\
         password_file = \"tokens/pg-password\"\nca_file = \"tokens/ca.pem\"\n\
         client_certificate = \"tokens/pg-cert.pem\"\nclient_key = \"tokens/pg-key.pem\"\n"
    );
    for name in SECRETS.iter().chain(&["ca.pem", "pg-cert.pem"]) {
        let p = etc.join("tokens").join(name);
        std::fs::write(&p, "s3cret\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let config = etc.join("beredskap.toml");
    std::fs::write(&config, text).unwrap();
    config
}

/// The secret files `stage` writes, under etc/beredskap/tokens.
const SECRETS: [&str; 4] = ["am", "heartbeat", "pg-password", "pg-key.pem"];

#[test]
fn a_secret_a_person_can_read_is_named_by_config_check_and_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let config = stage(dir.path());
    let db = dir.path().join("log.db");
    let me = common::os_account();

    let out = run(beredskap(&config, &db).args(["config", "check"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in SECRETS {
        let name = format!("tokens/{name}");
        assert!(
            stderr(&out).contains(&format!("{name} holds a secret and can be read by {me}")),
            "{}",
            stderr(&out)
        );
    }
    assert!(stdout(&out).contains("warning(s)"), "{}", stdout(&out));

    let out = run(common::plain_command()
        .args(["doctor", "--root"])
        .arg(dir.path()));
    let said = stdout(&out) + &stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{said}");
    for name in SECRETS {
        assert!(
            said.lines()
                .any(|l| l.contains(&format!("tokens/{name}")) && l.starts_with("WRONG")),
            "{name}: {said}"
        );
    }
    assert!(said.contains("a secret is the services' alone"), "{said}");
    assert!(said.contains(&format!("{me} can read it now")), "{said}");

    // The list install.sh sets the modes from.
    let out = run(common::plain_command()
        .args(["doctor", "--secrets", "--root"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let listed: Vec<&str> = text.lines().collect();
    assert_eq!(listed.len(), SECRETS.len(), "{listed:?}");
    assert!(listed.iter().all(|l| l.contains("etc/beredskap/tokens/")));

    // Closed to the person (another owner, no group or other access): no warning.
    if !nix::unistd::Uid::effective().is_root() {
        common::not_run(
            "a_secret_a_person_can_read_is_named_by_config_check_and_doctor (its last part)",
            "giving the token another owner needs root (CI runs as root)",
        );
    } else {
        for name in SECRETS {
            let p = dir.path().join("etc/beredskap/tokens").join(name);
            std::os::unix::fs::chown(&p, Some(65534), None).unwrap();
        }
        let out = run(beredskap(&config, &db).args(["config", "check"]));
        assert!(!stderr(&out).contains("holds a secret"), "{}", stderr(&out));
    }
}
