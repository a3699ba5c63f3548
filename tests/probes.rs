//! Every probe kind against real servers and programs started by the test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::check::{CheckKind, CheckSpec, HttpCheck};
use beredskap::model::health::Verdict;
use beredskap::monitor::probe::{HttpClients, probe};
use common::servers;
use std::time::Duration;

fn http(url: String) -> HttpCheck {
    HttpCheck {
        url,
        method: "GET".into(),
        headers: vec![],
        expect_status: vec![],
        body_contains: None,
        json: None,
        degraded_above: None,
        verify_tls: true,
        cert_warning_days: 14,
        max_redirects: 5,
        connect_timeout: Duration::from_secs(2),
    }
}

fn spec(kind: CheckKind, timeout_ms: u64) -> CheckSpec {
    CheckSpec {
        name: "t".into(),
        kind,
        interval: Duration::from_secs(30),
        timeout: Duration::from_millis(timeout_ms),
        failure_threshold: 3,
        success_threshold: 2,
    }
}

async fn run_http(check: HttpCheck, timeout_ms: u64) -> (Verdict, String) {
    let o = probe(
        &spec(CheckKind::Http(Box::new(check)), timeout_ms),
        &HttpClients::default(),
    )
    .await;
    (o.verdict, o.finding.to_string())
}

#[tokio::test]
async fn http_200_500_and_content_checks() {
    let a = servers::http().await;
    let (v, m) = run_http(http(format!("http://{a}/ok")), 2000).await;
    assert_eq!(v, Verdict::Ok, "{m}");
    assert!(m.starts_with("HTTP 200"), "{m}");

    let (v, m) = run_http(http(format!("http://{a}/500")), 2000).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("HTTP 500"), "{m}");

    let mut c = http(format!("http://{a}/500"));
    c.expect_status = vec![500];
    assert_eq!(
        run_http(c, 2000).await.0,
        Verdict::Ok,
        "500 accepted when expected"
    );

    let mut c = http(format!("http://{a}/ok"));
    c.body_contains = Some("systems go".into());
    assert_eq!(run_http(c, 2000).await.0, Verdict::Ok);
    let mut c = http(format!("http://{a}/ok"));
    c.body_contains = Some("nothing like this".into());
    let (v, m) = run_http(c, 2000).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("does not contain"), "{m}");

    let mut c = http(format!("http://{a}/json"));
    c.json = Some(("/db/ok".into(), serde_json::json!(true)));
    assert_eq!(run_http(c, 2000).await.0, Verdict::Ok);
    let mut c = http(format!("http://{a}/json"));
    c.json = Some(("/status".into(), serde_json::json!("DOWN")));
    let (v, m) = run_http(c, 2000).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("/status is \"UP\", expected \"DOWN\""), "{m}");
}

#[tokio::test]
async fn slow_responses_degrade_and_very_slow_ones_time_out() {
    let a = servers::http().await;
    let mut c = http(format!("http://{a}/slowish"));
    c.degraded_above = Some(Duration::from_millis(100));
    let (v, m) = run_http(c, 3000).await;
    assert_eq!(v, Verdict::Warn, "{m}");
    assert!(m.starts_with("slow:"), "{m}");

    let (v, m) = run_http(http(format!("http://{a}/slow")), 500).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("no answer within 500ms"), "{m}");
}

#[tokio::test]
async fn accepts_then_never_answers_times_out() {
    let a = servers::silent().await;
    let (v, m) = run_http(http(format!("http://{a}/")), 500).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("no answer within"), "{m}");
}

#[tokio::test]
async fn connection_refused_is_named() {
    let a = servers::closed_port().await;
    let (v, m) = run_http(http(format!("http://{a}/")), 2000).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.to_lowercase().contains("refused"), "{m}");
    let o = probe(
        &spec(
            CheckKind::Tcp {
                host: "127.0.0.1".into(),
                port: a.port(),
            },
            2000,
        ),
        &HttpClients::default(),
    )
    .await;
    assert_eq!(o.verdict, Verdict::Fail);
    assert!(
        o.finding.to_string().to_lowercase().contains("refused"),
        "{}",
        o.finding.to_string()
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[tokio::test]
async fn a_50_mib_body_is_capped_and_memory_stays_bounded() {
    let a = servers::http().await;
    let before = rss_kib();
    let (v, m) = run_http(http(format!("http://{a}/big")), 10_000).await;
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    assert_eq!(v, Verdict::Ok, "{m}");
    assert!(m.contains("body capped at 1 MiB"), "{m}");
    assert!(
        grown_mib < 30,
        "RSS grew by {grown_mib} MiB reading a capped 50 MiB body"
    );
}

#[tokio::test]
async fn a_redirect_loop_fails_clearly() {
    let a = servers::http().await;
    // The test server closes each connection after its answer; the loop must still be
    // said as a loop every time, never as the reset the second request would meet.
    for _ in 0..6 {
        let (v, m) = run_http(http(format!("http://{a}/loop")), 3000).await;
        assert_eq!(v, Verdict::Fail);
        assert_eq!(m, "redirect loop: /loop → /loop");
    }
}

#[tokio::test]
async fn a_redirect_chain_longer_than_allowed_is_too_many_redirects() {
    let a = servers::http().await;
    let mut c = http(format!("http://{a}/chain/9"));
    c.max_redirects = 3;
    let (v, m) = run_http(c, 3000).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.starts_with("too many redirects"), "{m}");
}

#[tokio::test]
async fn self_signed_certificates_fail_unless_verification_is_off() {
    let a = servers::self_signed_tls().await;
    let url = format!("https://localhost:{}/ok", a.port());
    let (v, m) = run_http(http(url.clone()), 3000).await;
    assert_eq!(v, Verdict::Fail, "{m}");
    assert!(m.starts_with("TLS:"), "{m}");
    assert!(m.to_lowercase().contains("certificate"), "{m}");

    let mut c = http(url);
    c.verify_tls = false;
    let (v, m) = run_http(c.clone(), 3000).await;
    assert!(matches!(v, Verdict::Ok | Verdict::Warn), "{m}");
    // rcgen's certificates are valid for years: no expiry warning at 14 days …
    assert_eq!(v, Verdict::Ok, "{m}");
    // … but a warning window longer than the certificate's life warns.
    c.cert_warning_days = 365 * 10_000;
    let (v, m) = run_http(c, 3000).await;
    assert_eq!(v, Verdict::Warn, "{m}");
    assert!(m.contains("certificate expires in"), "{m}");
}

#[tokio::test]
async fn dns_failure_and_success() {
    let o = probe(
        &spec(
            CheckKind::Dns {
                name: "journal.region-exempel.invalid".into(),
                expect: None,
            },
            5000,
        ),
        &HttpClients::default(),
    )
    .await;
    assert_eq!(o.verdict, Verdict::Fail);
    assert!(
        o.finding.to_string().starts_with("DNS: cannot resolve"),
        "{}",
        o.finding.to_string()
    );

    let ok = probe(
        &spec(
            CheckKind::Dns {
                name: "localhost".into(),
                expect: Some("127.0.0.1".parse().unwrap()),
            },
            5000,
        ),
        &HttpClients::default(),
    )
    .await;
    assert_eq!(ok.verdict, Verdict::Ok, "{}", ok.finding);
    let wrong = probe(
        &spec(
            CheckKind::Dns {
                name: "localhost".into(),
                expect: Some("10.9.9.9".parse().unwrap()),
            },
            5000,
        ),
        &HttpClients::default(),
    )
    .await;
    assert_eq!(wrong.verdict, Verdict::Fail);
    assert!(
        wrong
            .finding
            .to_string()
            .contains("not the expected 10.9.9.9"),
        "{}",
        wrong.finding.to_string()
    );
}

fn plugin(dir: &std::path::Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

async fn run_exec(command: String, args: &[&str], timeout_ms: u64) -> (Verdict, String) {
    let kind = CheckKind::Exec {
        command,
        args: args.iter().map(|s| s.to_string()).collect(),
    };
    let o = probe(&spec(kind, timeout_ms), &HttpClients::default()).await;
    (o.verdict, o.finding.to_string())
}

#[tokio::test]
async fn nagios_plugins_map_each_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (0, Verdict::Ok, "DISK OK - 42% free"),
        (1, Verdict::Warn, "DISK WARNING - 9% free"),
        (2, Verdict::Fail, "DISK CRITICAL - 1% free"),
        (3, Verdict::Unknown, "DISK UNKNOWN - no such mount"),
    ];
    for (code, verdict, text) in cases {
        let p = plugin(
            dir.path(),
            &format!("check_{code}"),
            &format!("echo '{text} | free=42%;10;5'\necho 'second line'\nexit {code}"),
        );
        let (v, m) = run_exec(p, &[], 3000).await;
        assert_eq!(v, verdict, "exit {code}");
        assert_eq!(m, text, "first line without performance data");
    }
    let p = plugin(dir.path(), "check_args", "echo \"got $1 and $2\"; exit 0");
    let (_, m) = run_exec(p, &["a b", "$HOME"], 3000).await;
    assert_eq!(m, "got a b and $HOME", "arguments pass without a shell");
    let (v, m) = run_exec(plugin(dir.path(), "check_7", "exit 7"), &[], 3000).await;
    assert_eq!(v, Verdict::Unknown);
    assert!(m.contains("exited with 7"), "{m}");
    let (v, m) = run_exec("/nonexistent/check_x".into(), &[], 3000).await;
    assert_eq!(v, Verdict::Unknown);
    assert!(m.contains("cannot run"), "{m}");
}

#[tokio::test]
async fn a_hanging_plugin_is_killed_with_its_children_and_reaped() {
    let dir = tempfile::tempdir().unwrap();
    let pids = dir.path().join("pids");
    let p = plugin(
        dir.path(),
        "check_hang",
        &format!(
            "sleep 60 &\necho $! > {0}.child\necho $$ > {0}\nwait",
            pids.display()
        ),
    );
    let (v, m) = run_exec(p, &[], 700).await;
    assert_eq!(v, Verdict::Fail);
    assert!(m.contains("did not finish within 700ms; killed"), "{m}");
    for file in [pids.clone(), pids.with_extension("child")] {
        let pid = std::fs::read_to_string(&file).unwrap().trim().to_string();
        // SIGKILL is delivered asynchronously: allow the kernel a moment to finish it off.
        // Gone entirely, or at most a zombie awaiting init — never running, never our zombie.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let state = status
                .lines()
                .find(|l| l.starts_with("State:"))
                .unwrap_or("State: gone")
                .to_string();
            let parent_is_us = status
                .lines()
                .any(|l| l == format!("PPid:\t{}", std::process::id()));
            let alive = state.contains("sleeping") || state.contains("running");
            let our_zombie = parent_is_us && state.contains("zombie");
            if !(alive || our_zombie) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{file:?} still {state} (ours: {parent_is_us})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
