//! A real Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run) on the
//! loopback with a webhook receiver pointing at `beredskap receive`: an alert pushed to
//! Alertmanager's API makes the mapped system go down in `status --json` and pages its
//! team; resolving it brings the system back. A maintenance window made in beredskap makes
//! the matching silence in Alertmanager; ending the window expires it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::alerting::Running;
use common::alerting::beredskap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn region(dir: &Path, http: std::net::SocketAddr, am_port: u16) -> PathBuf {
    let mut systems = String::from(
        "\n[[systems]]\nid = \"lis\"\nname = \"Laboratoriesystem\"\ncategory = \"it\"\n\
         criticality = \"business-critical\"\nkrt = { confidentiality = 2, integrity = 3, availability = 4 }\n\
         owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"larm\"\nkind = \"alert\"\n\
         source = \"alertmanager\"\nmatch = '{job=\"lis\", severity=~\"critical|page\"}'\n\
         interval = \"300ms\"\ntimeout = \"300ms\"\nfailure_threshold = 1\nsuccess_threshold = 1\n",
    );
    // The receiver as configured: the source's token file and Alertmanager's API.
    systems.push_str(&format!(
        "\n[receiver]\nlisten = \"127.0.0.1:0\"\n\n[[receiver.sources]]\nid = \"alertmanager\"\n\
         kind = \"alertmanager\"\ntoken_file = \"am.token\"\napi = \"http://127.0.0.1:{am_port}\"\n"
    ));
    common::alerting::region(dir, http, &systems)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait<T>(what: &str, within: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < within, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn health(config: &Path, db: &Path) -> Option<String> {
    common::alerting::health(config, db, "lis")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_pushed_to_a_real_alertmanager_take_the_mapped_system_down_and_up() {
    if Command::new("prometheus-alertmanager")
        .arg("--version")
        .output()
        .is_err()
    {
        common::tool_missing(
            "alerts_pushed_to_a_real_alertmanager_take_the_mapped_system_down_and_up",
            "prometheus-alertmanager is not installed (.ci/run installs it)",
        );
        return;
    }
    let http = common::servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let am_port = free_port();
    let config = region(dir.path(), http, am_port);
    let db = dir.path().join("log.db");
    let token = dir.path().join("am.token");
    std::fs::write(&token, "am-s3cret\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // The receiver, then Alertmanager pointing its webhook at it.
    let mut receiver = beredskap(&config, &db)
        .arg("receive")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // It says where it listens (after any warning about its token files).
    let mut line = String::new();
    let mut lines = BufReader::new(receiver.stderr.take().unwrap());
    while !line.contains("listening on") {
        line.clear();
        assert!(
            lines.read_line(&mut line).unwrap() > 0,
            "the receiver stopped"
        );
    }
    let _receiver = Running(receiver);
    let listen = line.trim().rsplit(' ').next().unwrap().to_string();
    let am_config = dir.path().join("alertmanager.yml");
    std::fs::write(
        &am_config,
        format!(
            "route:\n  receiver: beredskap\n  group_by: ['alertname', 'job']\n  group_wait: 1s\n  \
             group_interval: 1s\n  repeat_interval: 1m\nreceivers:\n  - name: beredskap\n    \
             webhook_configs:\n      - url: http://{listen}/alertmanager/alertmanager\n        \
             send_resolved: true\n        http_config:\n          authorization:\n            \
             type: Bearer\n            credentials_file: {}\n",
            token.display()
        ),
    )
    .unwrap();
    let _am = Running(
        Command::new("prometheus-alertmanager")
            .arg(format!("--config.file={}", am_config.display()))
            .arg(format!(
                "--storage.path={}",
                dir.path().join("am").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{am_port}"))
            .arg("--cluster.listen-address=")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let am = format!("http://127.0.0.1:{am_port}");
    let client = reqwest::Client::new();
    let start = Instant::now();
    loop {
        let ready = client.get(format!("{am}/-/ready")).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "Alertmanager never got ready"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _monitor = Running(
        beredskap(&config, &db)
            .args(["monitor", "--log-file"])
            .arg(dir.path().join("monitor.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let push = |ends: Option<chrono::DateTime<chrono::Utc>>| {
        let mut alert = serde_json::json!({
            "labels": {"alertname": "LisDown", "job": "lis", "severity": "critical"},
            "annotations": {"summary": "LIS svarar inte"},
            "startsAt": (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339(),
        });
        if let Some(e) = ends {
            alert["endsAt"] = serde_json::json!(e.to_rfc3339());
        }
        client
            .post(format!("{am}/api/v2/alerts"))
            .header("content-type", "application/json")
            .body(serde_json::json!([alert]).to_string())
            .send()
    };
    assert!(push(None).await.unwrap().status().is_success());
    wait("the system down", Duration::from_secs(30), || {
        (health(&config, &db).as_deref() == Some("down")).then_some(())
    });
    // Its team is paged, as for any outage of a business-critical system.
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    wait("a page", Duration::from_secs(10), || {
        store
            .events_page("", None, 1000)
            .ok()?
            .into_iter()
            .find(|e| e.kind == "page.triggered" && e.payload["system"] == "lis")
    });
    // Resolved in Alertmanager: it sends the resolution; the system comes back.
    assert!(
        push(Some(chrono::Utc::now() - chrono::Duration::seconds(1)))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    wait("the system up", Duration::from_secs(30), || {
        (health(&config, &db).as_deref() == Some("up")).then_some(())
    });
    let received: Vec<bool> = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "alert.received")
        .map(|e| e.payload["firing"].as_bool().unwrap())
        .collect();
    assert_eq!(
        received,
        [false, true],
        "newest first: fired once, resolved once"
    );

    // A maintenance window in beredskap: the matching silence in Alertmanager, active.
    let silences = || async {
        let body = client
            .get(format!("{am}/api/v2/silences"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        v.as_array().unwrap().clone()
    };
    let added = beredskap(&config, &db)
        .args([
            "--as",
            "operator1",
            "maintenance",
            "add",
            "lis",
            "--to",
            "+1h",
        ])
        .args(["--reason", "Uppgradering av LIS"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&added.stdout);
    assert_eq!(
        added.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(said.contains("silenced in alertmanager"), "{said}");
    let window: String = said
        .split("event #")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let made = silences().await;
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0]["status"]["state"], "active");
    assert!(
        made[0]["comment"]
            .as_str()
            .unwrap()
            .contains(&format!("#{window}: Uppgradering av LIS"))
    );
    let mut matchers: Vec<String> = made[0]["matchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}{}{}",
                m["name"].as_str().unwrap(),
                if m["isRegex"] == true { "=~" } else { "=" },
                m["value"].as_str().unwrap()
            )
        })
        .collect();
    matchers.sort();
    assert_eq!(matchers, ["job=lis", "severity=~critical|page"]);
    let listed = beredskap(&config, &db)
        .args(["maintenance", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&format!("#{window}  lis:")));
    // Ending the window early expires the silence.
    let ended = beredskap(&config, &db)
        .args([
            "--as",
            "operator1",
            "maintenance",
            "end",
            &window,
            "--reason",
            "Klart tidigt",
        ])
        .output()
        .unwrap();
    assert_eq!(
        ended.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ended.stderr)
    );
    let after = silences().await;
    assert_eq!(after[0]["status"]["state"], "expired", "{after:?}");
    let kinds: Vec<String> = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind.starts_with("maintenance."))
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "maintenance.unsilenced",
            "maintenance.ended",
            "maintenance.silenced",
            "maintenance.added"
        ]
    );
}
