//! Helpers of the alert, heartbeat and receiver tests: the monitored test region with its
//! targets pointed at a test server and systems of the test's own, a child process stopped
//! when the test ends, and a system's health in `status --json`.

use super::repo;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// `tests/valid_configs/monitored.toml` with its checks and canary pointed at `http` (a
/// canary that cannot answer makes the monitor blind), the runbooks found, and `systems`
/// (TOML) appended; written to `dir/region.toml`.
pub fn region(dir: &Path, http: std::net::SocketAddr, systems: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace("http://127.0.0.1:9/health", &format!("http://{http}/ok"))
        .replace("port = 9", &format!("port = {}", http.port()))
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    let path = dir.join("region.toml");
    std::fs::write(&path, format!("{text}{systems}")).unwrap();
    path
}

/// A process killed and reaped when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `beredskap --config … --db …`, ready for its arguments.
pub fn beredskap(config: &Path, db: &Path) -> Command {
    super::beredskap(config, db)
}

/// A system's health in `status --json`.
pub fn health(config: &Path, db: &Path, system: &str) -> Option<String> {
    let out = beredskap(config, db)
        .args(["status", "--json"])
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["systems"]
        .as_array()?
        .iter()
        .find(|s| s["system"] == system)?["health"]
        .as_str()
        .map(str::to_string)
}

/// Starts `beredskap receive` (`cmd`, its arguments given) and waits for the line where it
/// says where it listens: the running receiver, its address ("127.0.0.1:40123"), and that
/// line ("… listening on 127.0.0.1:40123 (TLS)").
pub fn receive(mut cmd: Command) -> (Running, String, String) {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("listening on"), "{line}");
    let addr = line
        .split_whitespace()
        .skip_while(|w| *w != "on")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (Running(child), addr, line)
}
