//! Raising page alerts from the console: in the terminal (bell, OSC 9 / OSC 777 — through
//! SSH to the desktop) and on a local desktop when there is one; each a delivery event.

use super::app::App;
use crate::i18n::T;
use crate::ops::Actor;
use chrono::Utc;
use std::time::Duration;

/// Rings the terminal and sends OSC 9 / OSC 777 for each new page notification, so the
/// alert reaches the engineer's desktop through the SSH session. Returns the console
/// deliveries to record (by the worker).
pub fn terminal(
    terminal: &mut ratatui::DefaultTerminal,
    actor: &Actor,
    app: &mut App,
) -> Vec<crate::model::event::NewEvent> {
    use std::io::Write;
    let mut deliveries = Vec::new();
    for alert in app.take_alerts() {
        let seq = crate::notify::terminal::escape_sequences(
            "beredskap",
            &format!("{}: {}", alert.page, alert.text),
        );
        let out = terminal.backend_mut();
        let written = out.write_all(seq.as_bytes()).and_then(|_| out.flush());
        let event = crate::model::event::NewEvent {
            occurred_at: Utc::now(),
            actor: actor.account.clone(),
            os_account: actor.os_account.clone(),
            kind: crate::model::page::kind::DELIVERY.into(),
            subject: crate::model::page::subject(&alert.page),
            corrects: None,
            payload_version: 1,
            origin: crate::model::guard::Origin::Machine,
            payload: match crate::model::payload::to_value(&crate::model::payload::Delivery {
                channel: "console".into(),
                to: actor.account.clone(),
                attempt: 1,
                ok: written.is_ok(),
                detail: match &written {
                    Ok(()) => "banner, bell, OSC 9 and OSC 777".to_string(),
                    Err(e) => format!("the terminal did not take it: {e}"),
                },
                notified: Some(alert.event),
                message: format!("{} shown in {}'s console", alert.page, actor.account),
            }) {
                Ok(payload) => payload,
                Err(e) => {
                    // A bug in the payload's type: said in the console's log, never a null.
                    tracing::error!("cannot record the delivery of {}: {e}", alert.page);
                    continue;
                }
            },
        };
        deliveries.push(event);
    }
    deliveries
}

/// Desktop notifications for new alerts (in the background; the outcome is a delivery
/// event). When there is no desktop here, says so once in the footer.
pub fn desktop(db: &std::path::Path, actor: &Actor, app: &mut App, told: &mut bool) {
    if let Some(reason) = crate::notify::desktop::unavailable() {
        if !*told {
            *told = true;
            tracing::info!("{reason}");
            app.set_message(Some((app.lang().t(T::DesktopOff).to_string(), false)));
        }
        return;
    }
    for alert in app.alerts_pending() {
        let (db, actor, alert) = (db.to_path_buf(), actor.clone(), alert.clone());
        let log = app.region().log_of_record.clone();
        tokio::spawn(async move {
            let result = crate::notify::desktop::notify(
                &format!("beredskap {}", alert.page),
                &alert.text,
                Duration::from_secs(3),
            )
            .await;
            let event = crate::model::event::NewEvent {
                occurred_at: Utc::now(),
                actor: actor.account.clone(),
                os_account: actor.os_account.clone(),
                kind: crate::model::page::kind::DELIVERY.into(),
                subject: crate::model::page::subject(&alert.page),
                corrects: None,
                payload_version: 1,
                origin: crate::model::guard::Origin::Machine,
                payload: match crate::model::payload::to_value(&crate::model::payload::Delivery {
                    channel: "desktop".into(),
                    to: actor.account.clone(),
                    attempt: 1,
                    ok: result.is_ok(),
                    detail: result
                        .as_ref()
                        .err()
                        .cloned()
                        .unwrap_or_else(|| "shown".into()),
                    notified: Some(alert.event),
                    message: format!(
                        "{} desktop notification: {}",
                        alert.page,
                        if result.is_ok() { "shown" } else { "not shown" }
                    ),
                }) {
                    Ok(payload) => payload,
                    Err(e) => {
                        tracing::error!("cannot record the delivery of {}: {e}", alert.page);
                        return;
                    }
                },
            };
            let _ = tokio::task::spawn_blocking(move || {
                crate::store::Store::open_for(&db, log.as_ref()).and_then(|mut s| s.append(event))
            })
            .await;
        });
    }
}
