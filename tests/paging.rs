//! Paging and escalation on real database files: steps move on at their times (the clock is
//! passed in, so time is under the test's control), repeats stop at the cap, an
//! acknowledgement stops the escalation, a configuration edit does not change a running
//! page, two escalators never notify a step twice; outages page and recoveries resolve;
//! the webhook against real servers on 127.0.0.1 that fail, hang and succeed; the command
//! line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::check::Webhook;
use beredskap::model::event::StatusChange;
use beredskap::model::health::Health;
use beredskap::model::page::{PageStatus, Policy, Step, Target};
use beredskap::model::region::Region;
use beredskap::ops::Actor;
use beredskap::ops::page::{self as ops, NewPage, PageTarget};
use beredskap::store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{beredskap, repo, run, stderr, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn demo() -> Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

/// Monday 2026-11-23 10:00 local: op.greta primary, op.saga secondary for it-drift.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .unwrap()
}

fn policy() -> Policy {
    Policy {
        id: "test".into(),
        steps: vec![
            Step {
                targets: vec![Target::OnCall {
                    team: "it-drift".into(),
                    layer: "primär".into(),
                }],
                wait_secs: 300,
            },
            Step {
                targets: vec![
                    Target::OnCall {
                        team: "it-drift".into(),
                        layer: "sekundär".into(),
                    },
                    Target::Person {
                        account: "il.karin".into(),
                    },
                    Target::Supplier {
                        team: "lev-journal".into(),
                    },
                ],
                wait_secs: 600,
            },
        ],
        repeats: 1,
    }
}

fn region_with(policy: Policy) -> Region {
    let mut r = demo();
    for t in &mut r.teams {
        if t.id == "it-drift" {
            t.escalation = Some(policy.clone());
        }
    }
    r
}

fn actor(region: &Region, account: &str) -> Actor {
    Actor::resolve(region, "test", Some(account)).unwrap()
}

fn page_it(store: &mut Store, region: &Region, at: DateTime<Utc>) -> String {
    let p = NewPage {
        target: PageTarget::Team("it-drift".into()),
        message: "Journalen svarar inte".into(),
        system: Some("journal".into()),
        incident: None,
    };
    ops::trigger(store, region, &actor(region, "op.tekla"), &p, at).unwrap()
}

fn steps(n: &[ops::Notification]) -> Vec<(u32, usize, Vec<String>)> {
    n.iter()
        .map(|x| {
            (
                x.notified.round,
                x.notified.step,
                x.notified.recipients.clone(),
            )
        })
        .collect()
}

#[test]
fn unacknowledged_pages_move_step_by_step_and_stop_at_the_cap() {
    let region = region_with(policy());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let id = page_it(&mut store, &region, t0());
    let at = |m: i64| t0() + Duration::minutes(m);
    let mut esc = |m: i64| steps(&ops::escalate(&mut store, &region, at(m)).unwrap());
    let second = vec![
        "op.saga".to_string(),
        "il.karin".to_string(),
        "supplier:lev-journal".to_string(),
    ];
    assert_eq!(esc(0), vec![(0, 0, vec!["op.greta".to_string()])]);
    assert_eq!(esc(0), vec![], "a step is notified once");
    assert_eq!(esc(4), vec![]);
    assert_eq!(esc(5), vec![(0, 1, second.clone())]);
    assert_eq!(esc(14), vec![]);
    assert_eq!(esc(15), vec![(1, 0, vec!["op.greta".to_string()])]);
    assert_eq!(esc(20), vec![(1, 1, second)]);
    // The cap: one repeat, then nothing more however long it stays unacknowledged.
    assert_eq!(esc(30), vec![]);
    assert_eq!(esc(600), vec![]);
    let p = store.page(&id).unwrap().unwrap();
    assert_eq!(p.status, PageStatus::Escalated);
    assert_eq!(p.notified.len(), 4);
    assert_eq!(p.next_due(), None);
    assert!(store.verify(None).unwrap().intact());
}

#[test]
fn an_acknowledgement_stops_the_escalation() {
    let region = region_with(policy());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let id = page_it(&mut store, &region, t0());
    assert_eq!(ops::escalate(&mut store, &region, t0()).unwrap().len(), 1);
    let greta = actor(&region, "op.greta");
    ops::acknowledge(&mut store, &greta, &id, t0() + Duration::minutes(2)).unwrap();
    assert!(
        ops::escalate(&mut store, &region, t0() + Duration::hours(3))
            .unwrap()
            .is_empty()
    );
    let p = store.page(&id).unwrap().unwrap();
    assert_eq!(p.status, PageStatus::Acknowledged);
    assert_eq!(p.acknowledged.as_ref().unwrap().0, "op.greta");
    // A second acknowledgement says who was first.
    let e = ops::acknowledge(&mut store, &actor(&region, "op.mans"), &id, t0()).unwrap_err();
    assert!(
        e.to_string().contains("already acknowledged by op.greta"),
        "{e}"
    );
    // Viewers may not acknowledge.
    let e = ops::acknowledge(&mut store, &actor(&region, "ledning.anna"), &id, t0()).unwrap_err();
    assert!(e.to_string().contains("may not page"), "{e}");
}

#[test]
fn editing_the_configuration_does_not_change_a_running_page() {
    let before = region_with(policy());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    page_it(&mut store, &before, t0());
    // The policy is edited: one step, to a different person, right away.
    let after = region_with(Policy {
        id: "edited".into(),
        steps: vec![Step {
            targets: vec![Target::Person {
                account: "adm.rut".into(),
            }],
            wait_secs: 60,
        }],
        repeats: 5,
    });
    let sent = ops::escalate(&mut store, &after, t0() + Duration::minutes(5)).unwrap();
    // The running page follows its snapshot: both of its steps, none of the new policy.
    assert_eq!(
        steps(&sent).iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
        vec![(0, 0), (0, 1)]
    );
    assert!(
        !sent
            .iter()
            .any(|n| n.notified.recipients.contains(&"adm.rut".to_string()))
    );
}

#[test]
fn a_team_with_nobody_on_call_is_paged_into_the_gap_and_says_so() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let p = NewPage {
        target: PageTarget::Team("mt-service".into()),
        message: "Pumpservern svarar inte".into(),
        system: Some("infusionspumpar".into()),
        incident: None,
    };
    let id = ops::trigger(&mut store, &region, &actor(&region, "op.tekla"), &p, t0()).unwrap();
    // MT has no rota: the default policy has no steps, nobody is notified, the page stays
    // open and visible.
    assert!(
        ops::escalate(&mut store, &region, t0() + Duration::hours(1))
            .unwrap()
            .is_empty()
    );
    let page = store.page(&id).unwrap().unwrap();
    assert!(page.status.is_open());
    assert!(page.policy.steps.is_empty());
}

#[test]
fn two_escalators_at_once_notify_each_step_once() {
    let region = region_with(policy());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut store = Store::open(&db).unwrap();
    for _ in 0..5 {
        page_it(&mut store, &region, t0());
    }
    drop(store);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (db, region) = (db.clone(), region.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&db).unwrap();
                let mut n = 0;
                for m in [0, 5, 15, 20] {
                    n += ops::escalate(&mut store, &region, t0() + Duration::minutes(m))
                        .unwrap()
                        .len();
                }
                n
            })
        })
        .collect();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(total, 5 * 4, "4 notifications per page, none twice");
    let store = Store::open_existing(&db).unwrap();
    for p in store.pages(true).unwrap() {
        let mut seen: Vec<(u32, usize)> = p
            .notified
            .iter()
            .map(|(_, _, n)| (n.round, n.step))
            .collect();
        let len = seen.len();
        seen.dedup();
        assert_eq!(seen.len(), len, "{}", p.id);
    }
}

fn change(health: Health, suppressed: Option<&str>) -> StatusChange {
    StatusChange {
        health,
        previous: Health::Up,
        own: health,
        check: "hälsa".into(),
        message: "HTTP 503".into(),
        finding: None,
        latency_ms: None,
        impacted_by: vec![],
        suppressed: suppressed.map(str::to_string),
        flapping: false,
        maintenance: None,
    }
}

#[test]
fn a_business_critical_outage_pages_its_team_once_and_recovery_resolves_it() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let down = vec![("lab".to_string(), change(Health::Down, None))];
    let paged = ops::on_status_changes(&mut store, &region, &down, t0()).unwrap();
    assert_eq!(paged.len(), 1);
    assert!(
        ops::on_status_changes(&mut store, &region, &down, t0())
            .unwrap()
            .is_empty(),
        "one page per outage"
    );
    // Held back (maintenance, impact, blind): no page. Not business-critical: no page.
    let held = vec![(
        "journal".to_string(),
        change(Health::Down, Some("maintenance")),
    )];
    assert!(
        ops::on_status_changes(&mut store, &region, &held, t0())
            .unwrap()
            .is_empty()
    );
    let low = region
        .systems
        .iter()
        .find(|s| s.criticality != beredskap::model::region::Criticality::BusinessCritical)
        .unwrap();
    let low = vec![(low.id.clone(), change(Health::Down, None))];
    assert!(
        ops::on_status_changes(&mut store, &region, &low, t0())
            .unwrap()
            .is_empty()
    );
    let page = store.page(&paged[0]).unwrap().unwrap();
    assert_eq!(page.target, "team:it-drift");
    assert_eq!(page.triggered_by, "beredskap");
    let up = vec![("lab".to_string(), change(Health::Up, None))];
    ops::on_status_changes(&mut store, &region, &up, t0() + Duration::minutes(20)).unwrap();
    assert_eq!(
        store.page(&paged[0]).unwrap().unwrap().status,
        PageStatus::Resolved
    );
}

/// A webhook receiver on 127.0.0.1: fails the first `fail` requests with 500, hangs on
/// them instead when `hang`, then answers 200; keeps every body it got.
async fn receiver(
    fail: usize,
    hang: bool,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (h, b) = (hits.clone(), bodies.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let (h, b) = (h.clone(), b.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head and the body (Content-Length).
                loop {
                    let n = s.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(i) = text.find("\r\n\r\n") {
                        let len = text
                            .lines()
                            .find_map(|l| {
                                l.to_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= i + 4 + len {
                            b.lock().unwrap().push(text[i + 4..].to_string());
                            break;
                        }
                    }
                }
                let n = h.fetch_add(1, Ordering::SeqCst);
                if n < fail {
                    if hang {
                        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                        return;
                    }
                    let _ = s.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\nboom").await;
                } else {
                    let _ = s
                        .write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                        )
                        .await;
                }
                let _ = s.shutdown().await;
            });
        }
    });
    (format!("http://{addr}/page"), hits, bodies)
}

fn notification(region: &Region) -> ops::Notification {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    page_it(&mut store, region, t0());
    ops::escalate(&mut store, region, t0() + Duration::minutes(5))
        .unwrap()
        .pop()
        .unwrap()
}

#[tokio::test]
async fn the_webhook_retries_a_failing_server_until_it_answers() {
    let region = region_with(policy());
    let (url, hits, bodies) = receiver(2, false).await;
    let hook = Webhook {
        url,
        timeout: std::time::Duration::from_secs(2),
        retries: 3,
    };
    let n = notification(&region);
    let body = beredskap::notify::webhook::body(&region, &n);
    let client = reqwest::Client::new();
    let attempts = beredskap::notify::webhook::post(
        &client,
        &hook,
        &body,
        std::time::Duration::from_millis(20),
    )
    .await;
    assert_eq!(attempts.len(), 3);
    assert_eq!(
        (attempts[0].ok, attempts[0].detail.as_str()),
        (false, "HTTP 500")
    );
    assert!(attempts[2].ok);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    // The documented body.
    let got: serde_json::Value = serde_json::from_str(&bodies.lock().unwrap()[2]).unwrap();
    assert_eq!(got["version"], 1);
    assert_eq!(got["page"], n.page);
    assert_eq!(got["step"], 2);
    assert_eq!(got["recipients"][0]["account"], "op.saga");
    assert_eq!(got["recipients"][0]["phone"], "070-174 06 09");
    assert_eq!(got["suppliers"][0]["team"], "lev-journal");
}

#[tokio::test]
async fn the_webhook_gives_up_on_a_hanging_or_dead_server_and_says_why() {
    let region = region_with(policy());
    let n = notification(&region);
    let body = beredskap::notify::webhook::body(&region, &n);
    let client = reqwest::Client::new();
    let (url, hits, _) = receiver(usize::MAX, true).await;
    let hook = Webhook {
        url,
        timeout: std::time::Duration::from_millis(300),
        retries: 1,
    };
    let attempts = beredskap::notify::webhook::post(
        &client,
        &hook,
        &body,
        std::time::Duration::from_millis(10),
    )
    .await;
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|a| !a.ok && a.detail.contains("no answer within")),
        "{attempts:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    // Nobody listening at all.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let hook = Webhook {
        url: format!("http://{addr}/page"),
        timeout: std::time::Duration::from_millis(300),
        retries: 2,
    };
    let attempts = beredskap::notify::webhook::post(
        &client,
        &hook,
        &body,
        std::time::Duration::from_millis(10),
    )
    .await;
    assert_eq!(attempts.len(), 3);
    assert!(attempts.iter().all(|a| !a.ok));
}

#[test]
fn page_ack_and_pages_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let out = run(beredskap(&config, &db).args([
        "--as",
        "op.tekla",
        "page",
        "it-drift",
        "Journalen svarar inte",
        "--system",
        "journal",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert!(id.starts_with("PAGE-"), "{id}");
    let out = run(beredskap(&config, &db).args(["pages"]));
    assert!(
        stdout(&out).contains(&id) && stdout(&out).contains("triggered"),
        "{}",
        stdout(&out)
    );
    let out = run(beredskap(&config, &db).args(["--as", "op.greta", "ack", &id]));
    assert!(out.status.success(), "{}", stderr(&out));
    // What happened to the page stands on lines of its own (not joined by a visible "␊").
    let out = run(beredskap(&config, &db).args(["pages", "--all"]));
    let text = stdout(&out);
    assert!(!text.contains('␊'), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("      acknowledged by op.greta at ")),
        "{text}"
    );
    let out = run(beredskap(&config, &db).args(["pages", "--all", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["status"], "acknowledged");
    // A person can be paged directly.
    let out =
        run(beredskap(&config, &db).args(["--as", "op.tekla", "page", "il.karin", "Ring mig"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let refused = [
        (
            vec!["--as", "op.tekla", "page", "nobody", "x"],
            "neither a team nor a person",
        ),
        (
            vec!["--as", "ledning.anna", "page", "it-drift", "x"],
            "may not page",
        ),
        (
            vec!["--as", "op.tekla", "page", "it-drift", "pat 19121212-1212"],
            "personnummer",
        ),
        (
            vec![
                "--as",
                "op.tekla",
                "page",
                "it-drift",
                "x",
                "--incident",
                "INC-2026-9999",
            ],
            "no incident",
        ),
        (
            vec!["--as", "op.tekla", "ack", "PAGE-2026-9999"],
            "no page PAGE-2026-9999",
        ),
        (vec!["--as", "op.tekla", "ack", &id], "already acknowledged"),
    ];
    for (args, expected) in refused {
        let out = run(beredskap(&config, &db).args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

fn wait_with_deadline(mut child: std::process::Child, secs: u64) -> std::process::Output {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        assert!(start.elapsed().as_secs() < secs, "it hung");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_test_says_which_channels_work_and_never_hangs_without_a_desktop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    for bus in [None, Some("unix:path=/nonexistent/bus")] {
        let mut cmd = beredskap(&config, &db);
        cmd.arg("notify-test")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        match bus {
            None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
            Some(b) => cmd.env("DBUS_SESSION_BUS_ADDRESS", b),
        };
        let out = wait_with_deadline(cmd.spawn().unwrap(), 30);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("desktop: off:"), "{bus:?}: {text}");
        assert!(text.contains("terminal: not a terminal here"), "{text}");
        assert!(text.contains("webhook: none configured"), "{text}");
    }
    // A configured webhook that fails: exit 1 and the reason.
    let (url, _, _) = receiver(usize::MAX, false).await;
    let region_dir = dir.path().join("region");
    let main = beredskap::demo::materialize(&region_dir, 1).unwrap();
    let text = std::fs::read_to_string(&main).unwrap().replace(
        "[monitor]\n",
        &format!(
            "[monitor]\nwebhook_url = \"{url}\"\nwebhook_retries = 1\nwebhook_timeout = \"1s\"\n"
        ),
    );
    std::fs::write(&main, text).unwrap();
    let mut cmd = beredskap(&main, &db);
    cmd.arg("notify-test")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let out = tokio::task::spawn_blocking(move || wait_with_deadline(cmd.spawn().unwrap(), 30))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("webhook: FAILED after 2 attempt(s): HTTP 500"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lease_holders_webhook_deliveries_are_recorded_and_failures_shown() {
    let (url, hits, _) = receiver(usize::MAX, false).await;
    let mut region = region_with(policy());
    region.monitor.webhook = Some(Webhook {
        url: url.clone(),
        timeout: std::time::Duration::from_secs(1),
        retries: 1,
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let n = {
        let mut store = Store::open(&db).unwrap();
        page_it(&mut store, &region, t0());
        ops::escalate(&mut store, &region, t0())
            .unwrap()
            .pop()
            .unwrap()
    };
    let tx = beredskap::notify::webhook::spawn(region.clone(), db.clone());
    tx.send(n.clone()).unwrap();
    // Two attempts (one retry after a second), each recorded.
    let start = std::time::Instant::now();
    loop {
        let store = Store::open_existing(&db).unwrap();
        let p = store.page(&n.page).unwrap().unwrap();
        if p.deliveries.len() == 2 {
            assert!(
                p.deliveries
                    .iter()
                    .all(|(c, to, ok, d)| c == "webhook" && to == &url && !ok && d == "HTTP 500")
            );
            break;
        }
        assert!(start.elapsed().as_secs() < 20, "{:?}", p.deliveries);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    let config = repo().join("fixtures/region-demo/beredskap.toml");
    let out = tokio::task::spawn_blocking(move || run(beredskap(&config, &db).args(["pages"])))
        .await
        .unwrap();
    assert!(
        stdout(&out).contains("webhook to http://") && stdout(&out).contains("FAILED (HTTP 500)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_outage_page_joins_the_open_incident_on_that_system_and_its_timeline() {
    let region = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("log.db")).unwrap();
    let karin = actor(&region, "il.karin");
    let d = beredskap::ops::incident::Declare {
        title: "Labbet nere".into(),
        systems: vec!["lab".into()],
        ..Default::default()
    };
    let inc = beredskap::ops::incident::declare(&mut store, &region, &karin, &d, t0()).unwrap();
    let down = vec![("lab".to_string(), change(Health::Down, None))];
    let paged = ops::on_status_changes(&mut store, &region, &down, t0()).unwrap();
    let page = store.page(&paged[0]).unwrap().unwrap();
    assert_eq!(page.incident.as_deref(), Some(inc.as_str()));
    ops::escalate(&mut store, &region, t0()).unwrap();
    let i = store.incident(&inc).unwrap().unwrap();
    let kinds: Vec<String> = store
        .incident_timeline(&i)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"page.triggered".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"page.notified".to_string()), "{kinds:?}");
}
