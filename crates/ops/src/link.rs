//! What belongs to an incident, made explicit in the log. A page raised for one of an open
//! incident's systems, and a run of one of their runbooks, carry the incident when they
//! begin. Those that began *before* the incident was declared — from the first sign of
//! trouble on its systems — are joined to it by a `page.linked` / `run.linked` event written
//! with the declaration, in the same transaction, so the record can say which were linked
//! afterwards.

use crate::model::event::NewEvent;
use crate::model::health::Health;
use crate::model::payload::Linked;
use crate::model::region::Region;
use crate::store::{StoreError, UnderLock};
use chrono::{DateTime, Duration, Utc};

/// How far back before a declaration the first sign of trouble is looked for.
pub const LOOKBACK: Duration = Duration::hours(24);

/// The start of the trouble on `system` that was under way at `at` (or had just ended): the
/// first down or degraded status change of the last stretch with no recovery in it, at most
/// [`LOOKBACK`] before `at`.
fn trouble_since(
    log: &UnderLock,
    system: &str,
    at: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let mut since = None;
    for (when, health) in log.status_changes(system, at - LOOKBACK, at)? {
        match health {
            Health::Down | Health::Degraded => since = Some(when),
            // A recovery before the stretch found so far ends it; one after it (the system
            // is up again at the declaration) is passed over to the stretch before.
            Health::Up if since.is_some() => break,
            _ => {}
        }
    }
    Ok(since)
}

/// The start of the window whose pages and runs belong to an incident declared at `at` on
/// `systems`: the earliest first sign of trouble, or the stated start, or `at`.
pub fn window_start(
    log: &UnderLock,
    systems: &[String],
    started: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Result<DateTime<Utc>, StoreError> {
    let mut from = started.unwrap_or(at).min(at);
    for s in systems {
        if let Some(t) = trouble_since(log, s, at)? {
            from = from.min(t);
        }
    }
    Ok(from)
}

/// The runbooks that belong to `systems` (the systems' own lists and the runbooks' front
/// matter, as the region names them).
fn runbooks_of(region: &Region, systems: &[String]) -> Vec<String> {
    let mut out: Vec<String> = systems
        .iter()
        .filter_map(|s| region.system(s))
        .flat_map(|s| s.runbooks.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The `page.linked` and `run.linked` events for a declaration: pages for `systems` and
/// runs of their runbooks that began in `[from, at]` and belong to no incident yet,
/// attributed to the one who declared.
pub fn afterwards(
    log: &UnderLock,
    region: &Region,
    actor: &crate::Actor,
    incident: &str,
    systems: &[String],
    from: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<Vec<NewEvent>, StoreError> {
    let link = Linked {
        incident: incident.to_string(),
        since: from,
    };
    let payload = crate::model::payload::to_value(&link)?;
    let event = |subject: String, kind: &str| NewEvent {
        occurred_at: at,
        // Part of the declaration: the one who declared, computed by beredskap.
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind.to_string(),
        subject,
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload: payload.clone(),
    };
    let mut out = Vec::new();
    for p in log.unlinked_pages(from, at)? {
        if p.of.is_some_and(|s| systems.contains(&s)) {
            out.push(event(
                crate::model::page::subject(&p.id),
                crate::model::page::kind::LINKED,
            ));
        }
    }
    let runbooks = runbooks_of(region, systems);
    for r in log.unlinked_runs(from, at)? {
        if r.of.is_some_and(|b| runbooks.contains(&b)) {
            out.push(event(
                crate::model::run::subject(&r.id),
                crate::model::run::kind::LINKED,
            ));
        }
    }
    Ok(out)
}

/// The open incident a page for one of `systems` or a run of `runbook` belongs to when it
/// begins: the most recently declared open incident on one of those systems (or on a
/// system whose runbook it is).
pub fn open_incident_for(
    log: &UnderLock,
    region: &Region,
    systems: &[String],
    runbook: Option<&str>,
) -> Result<Option<String>, StoreError> {
    if systems.is_empty() && runbook.is_none() {
        return Ok(None);
    }
    for (id, theirs) in log.open_incidents()? {
        let by_system = systems.iter().any(|s| theirs.contains(s));
        let by_runbook =
            runbook.is_some_and(|b| runbooks_of(region, &theirs).iter().any(|x| x == b));
        if by_system || by_runbook {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
