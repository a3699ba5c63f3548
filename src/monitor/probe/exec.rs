//! Nagios-compatible plugins: run without a shell; exit 0 OK, 1 WARNING, 2 CRITICAL,
//! 3 UNKNOWN; the first line of output (before `|` performance data) is the message.
//! A plugin still running at the timeout is killed with its whole process group and reaped.

use super::root_cause;
use crate::model::finding::Finding;
use crate::model::health::Verdict;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncReadExt;

/// The most of a plugin's output that is read.
const OUTPUT_CAP: u64 = 64 * 1024;

pub async fn probe(command: &str, args: &[String], timeout: Duration) -> (Verdict, Finding) {
    let mut cmd = tokio::process::Command::new(command);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .process_group(0);
    if crate::host::secure::enabled() {
        // The deployed install: a plugin gets a fixed environment, not the caller's (a
        // planted $PATH or proxy must not decide what runs or what it reports).
        cmd.env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("LANG", "C.UTF-8");
    }
    // Never started while another thread has the log's group raised.
    let mut child = match crate::host::privilege::as_user(|| cmd.spawn()) {
        Ok(c) => c,
        Err(e) => {
            return (
                Verdict::Unknown,
                Finding::CannotRun {
                    command: command.to_string(),
                    cause: root_cause(&e),
                },
            );
        }
    };
    let pid = child.id();
    // Leave a little of the check's timeout for killing and reaping.
    let budget = timeout
        .saturating_sub(Duration::from_millis(100))
        .max(Duration::from_millis(50));
    let finished = {
        let stdout = child.stdout.take();
        let run = async {
            let mut out = Vec::new();
            if let Some(s) = stdout {
                let _ = s.take(OUTPUT_CAP).read_to_end(&mut out).await;
            }
            let status = child.wait().await;
            (out, status)
        };
        tokio::time::timeout(budget, run).await
    };
    match finished {
        Ok((out, Ok(status))) => {
            let text = String::from_utf8_lossy(&out);
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .split('|')
                .next()
                .unwrap_or("")
                .trim();
            // Empty: "(no output)" in the finding's words.
            let output = first.to_string();
            let verdict = match status.code() {
                Some(0) => Verdict::Ok,
                Some(1) => Verdict::Warn,
                Some(2) => Verdict::Fail,
                Some(3) => Verdict::Unknown,
                Some(n) => {
                    return (Verdict::Unknown, Finding::PluginExited { code: n, output });
                }
                None => return (Verdict::Unknown, Finding::PluginKilled),
            };
            (verdict, Finding::PluginSays { output })
        }
        Ok((_, Err(e))) => (
            Verdict::Unknown,
            Finding::PluginLost {
                command: command.to_string(),
                cause: e.to_string(),
            },
        ),
        Err(_) => {
            if let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()) {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
            let _ = child.kill().await;
            let _ = child.wait().await;
            (
                Verdict::Fail,
                Finding::PluginTimedOut {
                    timeout_ms: super::ms(timeout),
                },
            )
        }
    }
}
