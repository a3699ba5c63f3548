//! Helpers shared by the integration tests: the real binary, temporary regions and logs.
#![allow(dead_code)]

pub mod console;
pub mod pdf;
pub mod servers;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_beredskap")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The minimal test region (allows `--as`).
pub fn minimal_config() -> PathBuf {
    repo().join("tests/valid_configs/minimal.toml")
}

/// A command for the real binary with the environment cleared of beredskap settings.
pub fn beredskap(config: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_remove("BEREDSKAP_CONFIG")
        .env_remove("BEREDSKAP_DB")
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db);
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run beredskap")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `n` notes as `account` through the library (fast setup for tests).
pub fn seed_notes(db: &Path, account: &str, n: usize) {
    use beredskap::model::event::NewEvent;
    let mut store = beredskap::store::Store::open(db).expect("open store");
    let events = (0..n)
        .map(|i| NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: account.to_string(),
            os_account: account.to_string(),
            kind: "diary.note".into(),
            subject: "diary".into(),
            corrects: None,
            payload_version: 1,
            payload: serde_json::json!({ "text": format!("note {i}") }),
        })
        .collect();
    store.append_all(events).expect("append");
}
