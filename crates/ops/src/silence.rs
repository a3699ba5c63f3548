//! Maintenance windows and Alertmanager's silences, so both agree: a run-time window makes
//! a silence (API v2) for each alert check of an Alertmanager source with an `api` on its
//! systems; ending the window early expires them. What was made, or why it could not be, is
//! an event (`maintenance.silenced` / `maintenance.unsilenced`): the window itself always
//! stands in beredskap — Alertmanager being unreachable never undoes it.

use super::OpError;
use crate::model::alert_source::{AlertSource, SourceFormat};
use crate::model::event::{NewEvent, kind, subject};
use crate::model::payload::MaintenanceSilences;
use crate::model::region::Region;
use crate::model::silence::NewSilence;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// How long one call to Alertmanager may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The sources whose Alertmanager takes silences.
pub fn silencing_sources(region: &Region) -> impl Iterator<Item = (&AlertSource, &str)> {
    region
        .receiver
        .sources
        .iter()
        .filter_map(|s| match (&s.format, &s.api) {
            (SourceFormat::Alertmanager, Some(api)) => Some((s, api.as_str())),
            _ => None,
        })
}

fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| e.to_string())
}

/// Makes the silences; their ids, or the first failure (with the ids made before it).
pub async fn create(api: &str, silences: &[NewSilence]) -> (Vec<String>, Option<String>) {
    let client = match client() {
        Ok(c) => c,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let mut ids = Vec::new();
    for s in silences {
        let answer = client
            .post(format!("{api}/api/v2/silences"))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(s).unwrap_or_default())
            .send()
            .await;
        let id = match answer {
            Err(e) => Err(format!("{api}: {e}")),
            Ok(r) if !r.status().is_success() => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                Err(format!(
                    "{api} answered {status}: {}",
                    text.chars().take(200).collect::<String>().trim()
                ))
            }
            Ok(r) => r
                .bytes()
                .await
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .and_then(|v| v["silenceID"].as_str().map(str::to_string))
                .ok_or_else(|| format!("{api} did not say the silence's id")),
        };
        match id {
            Ok(id) => ids.push(id),
            Err(e) => return (ids, Some(e)),
        }
    }
    (ids, None)
}

/// Expires the silences; the first failure, if any (a silence already gone is no failure).
pub async fn expire(api: &str, ids: &[String]) -> Option<String> {
    let client = match client() {
        Ok(c) => c,
        Err(e) => return Some(e),
    };
    for id in ids {
        match client
            .delete(format!("{api}/api/v2/silence/{id}"))
            .send()
            .await
        {
            Err(e) => return Some(format!("{api}: {e}")),
            Ok(r) if r.status().is_success() || r.status() == 404 => {}
            Ok(r) => return Some(format!("{api} answered {} for silence {id}", r.status())),
        }
    }
    None
}

/// Records what was done for a window in one source's Alertmanager.
pub fn record(
    store: &mut Store,
    actor: &super::Actor,
    made: bool,
    window: i64,
    source: &str,
    (silences, error): (Vec<String>, Option<String>),
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    let message = match (&error, made) {
        (None, true) => format!(
            "{} silence(s) in {source} for window #{window}",
            silences.len()
        ),
        (None, false) => format!("the silences in {source} for window #{window} expired"),
        (Some(e), _) => format!("{source}, window #{window}: {e}"),
    };
    store.append(NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: if made {
            kind::MAINTENANCE_SILENCED
        } else {
            kind::MAINTENANCE_UNSILENCED
        }
        .into(),
        subject: subject::MAINTENANCE.into(),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload: crate::model::payload::to_value(&MaintenanceSilences {
            window,
            source: source.to_string(),
            silences,
            error: error.map(|e| crate::model::personnummer::mask_identity_numbers(&e)),
            message,
        })?,
    })?;
    Ok(())
}
