//! The alert receiver over real HTTP on 127.0.0.1: Alertmanager's webhook takes the mapped
//! system's alert into the log; every bad request gets its status and writes nothing —
//! no token, a wrong token, an unknown source, a malformed or oversized body, too many
//! requests; heartbeats by POST; garbage never stops it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::repo;
use std::path::{Path, PathBuf};

fn region(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("tests/valid_configs/monitored.toml"))
        .unwrap()
        .replace(
            "\"../../runbooks\"",
            &format!("{:?}", repo().join("runbooks")),
        );
    let text = format!(
        "{text}\n[[systems]]\nid = \"lis\"\nname = \"Laboratoriesystem\"\ncategory = \"it\"\n\
         criticality = \"high\"\nkrt = {{ confidentiality = 2, integrity = 3, availability = 3 }}\n\
         owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"larm\"\nkind = \"alert\"\n\
         source = \"alertmanager\"\nmatch = '{{job=\"lis\"}}'\n\n[[systems.checks]]\n\
         name = \"livssignal\"\nkind = \"heartbeat\"\nheartbeat = \"lis-hl7\"\nperiod = \"1m\"\n"
    );
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The receiver while it runs, and its base URL.
struct Running(#[allow(dead_code)] common::alerting::Running, String);

fn start(dir: &Path, config: &Path, db: &Path) -> Running {
    use std::os::unix::fs::PermissionsExt;
    for (name, token) in [("am.token", "am-s3cret"), ("hb.token", "hb-s3cret")] {
        let p = dir.join(name);
        std::fs::write(&p, format!("{token}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut cmd = common::alerting::beredskap(config, db);
    cmd.args(["receive", "--listen", "127.0.0.1:0", "--source"])
        .arg(format!("alertmanager={}:8", dir.join("am.token").display()))
        .arg("--heartbeat-token")
        .arg(dir.join("hb.token"));
    let (running, addr, _) = common::alerting::receive(cmd);
    Running(running, format!("http://{addr}"))
}

fn payload(job: &str) -> String {
    format!(
        r#"{{"version":"4","status":"firing","alerts":[{{"status":"firing","labels":{{"alertname":"Down","job":"{job}","severity":"critical"}},"annotations":{{"summary":"{job} svarar inte"}},"startsAt":"2026-12-02T02:10:00Z","fingerprint":"fp-{job}"}}]}}"#
    )
}

fn events(db: &Path) -> i64 {
    beredskap::store::Store::open_existing(db)
        .map(|s| s.count().unwrap_or(0))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receiver_takes_good_alerts_and_answers_every_bad_request_with_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path());
    let db = dir.path().join("log.db");
    let r = start(dir.path(), &config, &db);
    let http = reqwest::Client::new();
    let post = |path: &str, token: Option<&str>, body: Vec<u8>| {
        let mut req = http.post(format!("{}{path}", r.1)).body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let health = http.get(format!("{}/health", r.1)).send().await.unwrap();
    assert_eq!(health.status(), 200);

    let before = events(&db);
    for (path, token, body, status) in [
        ("/alertmanager/alertmanager", None, payload("lis"), 401),
        (
            "/alertmanager/alertmanager",
            Some("wrong"),
            payload("lis"),
            401,
        ),
        (
            "/alertmanager/okand",
            Some("am-s3cret"),
            payload("lis"),
            404,
        ),
        (
            "/alertmanager/alertmanager",
            Some("am-s3cret"),
            "{\"alerts\":[1".into(),
            400,
        ),
        ("/nagot/annat", Some("am-s3cret"), payload("lis"), 404),
    ] {
        let answer = post(path, token, body.into_bytes()).await.unwrap();
        assert_eq!(answer.status(), status, "{path} {token:?}");
    }
    let big = post(
        "/alertmanager/alertmanager",
        Some("am-s3cret"),
        vec![b' '; 2 << 20],
    )
    .await
    .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(events(&db), before, "nothing written for a bad request");

    // A good payload: the alert is in the log, mapped to its system.
    let ok = post(
        "/alertmanager/alertmanager",
        Some("am-s3cret"),
        payload("lis").into_bytes(),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("1 changed"));
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let alert = store
        .events_page("", None, 100)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "alert.received")
        .unwrap();
    assert_eq!(alert.payload["systems"][0], "lis");
    // Recorded as who sent it: the source its token proves, from the client's address, by
    // the receiver's own OS account — never a constant.
    assert_eq!(alert.actor, "alertmanager");
    assert_eq!(alert.os_account, common::os_account());
    assert!(
        alert.payload["from"]
            .as_str()
            .is_some_and(|a| a.starts_with("127.0.0.1:")),
        "{}",
        alert.payload
    );

    // The source's rate (8 a minute here; refused requests before the token do not count):
    // a burst past it is refused.
    let statuses: Vec<u16> = {
        let mut out = Vec::new();
        for _ in 0..8 {
            let a = post(
                "/alertmanager/alertmanager",
                Some("am-s3cret"),
                payload("lis").into_bytes(),
            )
            .await
            .unwrap();
            out.push(a.status().as_u16());
        }
        out
    };
    assert!(statuses.contains(&429), "{statuses:?}");
    // The rate is per client too: one client flooding the token does not use up what
    // another (the real Alertmanager) may send.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let answer = other
        .post(format!("{}/alertmanager/alertmanager", r.1))
        .bearer_auth("am-s3cret")
        .body(payload("lis"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "another client is still heard");

    // Heartbeats by POST: an unknown id is 404; the known one is recorded.
    let hb = post("/heartbeat/okand", Some("hb-s3cret"), Vec::new())
        .await
        .unwrap();
    assert_eq!(hb.status(), 404);
    let hb = post("/heartbeat/lis-hl7", Some("am-s3cret"), Vec::new())
        .await
        .unwrap();
    assert_eq!(hb.status(), 401, "each endpoint its own token");
    let hb = post(
        "/heartbeat/lis-hl7?fail=1",
        Some("hb-s3cret"),
        b"kon full".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(hb.status(), 200);
    let ping = store.last_ping("lis-hl7").unwrap().unwrap();
    assert!(!ping.ok);
    assert_eq!(ping.message, "kon full");
    assert!(
        ping.sender.starts_with("receiver 127.0.0.1:"),
        "{}",
        ping.sender
    );

    // Garbage in the request line and headers never stops it.
    for junk in [
        &b"GARBAGE\r\n\r\n"[..],
        b"POST /alertmanager/x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"\x00\xff\xfe",
    ] {
        use tokio::io::AsyncWriteExt;
        let addr = r.1.trim_start_matches("http://").to_string();
        if let Ok(mut s) = tokio::net::TcpStream::connect(addr).await {
            let _ = s.write_all(junk).await;
        }
    }
    let health = http.get(format!("{}/health", r.1)).send().await.unwrap();
    assert_eq!(health.status(), 200);
}
