//! Delivering pages outside the console: an HTTP POST of a documented JSON body to the
//! configured webhook (an SMS gateway, a chat system), with a timeout per attempt and
//! retries with backoff. Every attempt and its outcome is a `page.delivery` event. Runs in
//! the process holding the monitor lease, beside the escalation timer.
//! (Consoles deliver to their own user: banner, bell, OSC 9 / OSC 777.)

use crate::model::check::Webhook;
use crate::model::page::kind;
use crate::model::region::Region;
use crate::ops::page::{Notification, SYSTEM_ACTOR};
use crate::store::Store;
use chrono::Utc;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::{info, warn};

/// The JSON body POSTed for a notification (schema version 1; docs/monitoring.md).
pub fn body(region: &Region, n: &Notification) -> Value {
    let mut people = Vec::new();
    let mut suppliers = Vec::new();
    for r in &n.notified.recipients {
        if let Some(team) = r.strip_prefix("supplier:") {
            let t = region.team(team);
            suppliers.push(json!({
                "team": team,
                "name": t.map(|t| t.name.clone()),
                "phone": t.and_then(|t| t.phone.clone()),
            }));
        } else {
            let p = region.person(r);
            people.push(json!({
                "account": r,
                "name": p.map(|p| p.name.clone()),
                "phone": p.map(|p| p.phone.clone()),
                "email": p.map(|p| p.email.clone()),
            }));
        }
    }
    json!({
        "version": 1,
        "region": region.site.name,
        "page": n.page,
        "event": n.event,
        "message": n.message,
        "system": n.system,
        "step": n.notified.step + 1,
        "round": n.notified.round + 1,
        "recipients": people,
        "suppliers": suppliers,
        "unresolved": n.notified.unresolved,
    })
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub number: usize,
    pub ok: bool,
    pub detail: String,
}

/// POSTs `body` with retries: waits `backoff`, then twice that, … between attempts.
/// Returns every attempt; the last one says whether it got through.
pub async fn post(
    client: &reqwest::Client,
    hook: &Webhook,
    body: &Value,
    backoff: Duration,
) -> Vec<Attempt> {
    let mut attempts = Vec::new();
    let mut wait = backoff;
    for number in 1..=hook.retries + 1 {
        let result = client
            .post(&hook.url)
            .timeout(hook.timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await;
        let (ok, detail) = match result {
            Ok(r) if r.status().is_success() => (true, format!("HTTP {}", r.status().as_u16())),
            Ok(r) => (false, format!("HTTP {}", r.status().as_u16())),
            Err(e) if e.is_timeout() => (false, format!("no answer within {:?}", hook.timeout)),
            Err(e) => (false, format!("{e}")),
        };
        attempts.push(Attempt { number, ok, detail });
        if ok {
            break;
        }
        if number <= hook.retries {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
    }
    attempts
}

fn record(
    db: &std::path::Path,
    log: Option<&crate::model::region::LogOfRecord>,
    n: &Notification,
    url: &str,
    a: &Attempt,
) {
    if n.event == 0 {
        // Sent without the log (damaged, or held by another process): there is no page
        // event to attach the attempt to yet; the monitor's own log has it.
        info!(
            "webhook attempt {} for an alarm not yet in the log: {}",
            a.number, a.detail
        );
        return;
    }
    let delivery = crate::model::payload::Delivery {
        channel: "webhook".into(),
        to: url.to_string(),
        attempt: u32::try_from(a.number).unwrap_or(u32::MAX),
        ok: a.ok,
        detail: a.detail.clone(),
        notified: Some(n.event),
        message: format!("webhook attempt {}: {}", a.number, a.detail),
    };
    let payload = match crate::model::payload::to_value(&delivery) {
        Ok(payload) => payload,
        Err(e) => {
            warn!("could not record the delivery of {}: {e}", n.page);
            return;
        }
    };
    let event = crate::model::event::NewEvent {
        occurred_at: Utc::now(),
        actor: SYSTEM_ACTOR.into(),
        os_account: crate::ops::actor::os_account(),
        kind: kind::DELIVERY.into(),
        subject: crate::model::page::subject(&n.page),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload,
    };
    match Store::open_for(db, log).and_then(|mut s| s.append(event)) {
        Ok(_) => {}
        Err(e) => warn!("could not record the delivery of {}: {e}", n.page),
    }
}

/// Starts the delivery task; notifications sent to the returned channel are delivered in
/// the background (a slow webhook never holds up escalation).
pub fn spawn(region: Region, db: PathBuf) -> mpsc::UnboundedSender<Notification> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Notification>();
    tokio::spawn(async move {
        let client = if crate::host::secure::enabled() {
            // Deployed: the caller's $HTTPS_PROXY must not see or answer the deliveries.
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap_or_default()
        } else {
            reqwest::Client::new()
        };
        while let Some(n) = rx.recv().await {
            let Some(hook) = region.monitor.webhook.clone() else {
                continue;
            };
            let body = body(&region, &n);
            let (client, region_db, n2) = (client.clone(), db.clone(), n.clone());
            let log = region.log_of_record.clone();
            tokio::spawn(async move {
                let attempts = post(&client, &hook, &body, Duration::from_secs(1)).await;
                for a in &attempts {
                    let db = region_db.clone();
                    let (n, url, a) = (n2.clone(), hook.url.clone(), a.clone());
                    let log = log.clone();
                    let _ = tokio::task::spawn_blocking(move || {
                        record(&db, log.as_ref(), &n, &url, &a)
                    })
                    .await;
                }
                match attempts.last() {
                    Some(a) if a.ok => info!("page {} delivered to the webhook", n2.page),
                    Some(a) => warn!(
                        "page {} NOT delivered to the webhook after {} attempts: {}",
                        n2.page, a.number, a.detail
                    ),
                    None => {}
                }
            });
        }
    });
    tx
}
