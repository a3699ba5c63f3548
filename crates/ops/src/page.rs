//! Paging: trigger a page (by hand, or when a business-critical system goes down),
//! escalate it step by step on the policy it started with, acknowledge, resolve. Every
//! change is an event written under the write lock after checking the page's state, so a
//! step is notified once and an acknowledgement stops the next one.

use super::Refusal;
use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent, StatusChange};
use crate::model::health::Health;
use crate::model::page::{self, Notified, Page, PageStatus, Policy, Triggered, kind};
use crate::model::personnummer::check_free_text;
use crate::model::region::{Criticality, Region};
use crate::model::role::Permission;
use crate::store::Store;
use chrono::{DateTime, Datelike, Utc};

/// The name system-made page events carry as their actor (the monitor); their
/// `os_account` is the real OS account of the process that wrote them.
pub const SYSTEM_ACTOR: &str = crate::model::event::SYSTEM_ACTOR;

/// What a page is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageTarget {
    Team(String),
    Person(String),
}

#[derive(Debug, Clone)]
pub struct NewPage {
    pub target: PageTarget,
    pub message: String,
    pub system: Option<String>,
    pub incident: Option<String>,
}

fn event(
    actor: &str,
    os: &str,
    id: &str,
    kind: &str,
    now: DateTime<Utc>,
    payload: serde_json::Value,
) -> NewEvent {
    NewEvent {
        occurred_at: now,
        actor: actor.to_string(),
        os_account: os.to_string(),
        kind: kind.into(),
        subject: page::subject(id),
        corrects: None,
        payload_version: 1,
        origin: if actor == SYSTEM_ACTOR {
            crate::model::guard::Origin::Machine
        } else {
            crate::model::guard::Origin::Person
        },
        payload,
    }
}

fn page_in(conn: &crate::store::UnderLock, id: &str) -> Result<Page, OpError> {
    page::fold(&conn.page_events(id)?)?.ok_or_else(|| Refusal::NoPage(id.to_string()).into())
}

/// Triggers a page; returns its id. By hand: needs the right to page.
pub fn trigger(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    p: &NewPage,
    now: DateTime<Utc>,
) -> Result<String, OpError> {
    actor.require(Permission::Page)?;
    trigger_as(store, region, &actor.account, &actor.os_account, p, now)
}

fn trigger_as(
    store: &mut Store,
    region: &Region,
    actor: &str,
    os: &str,
    p: &NewPage,
    now: DateTime<Utc>,
) -> Result<String, OpError> {
    let message = p.message.trim();
    if message.is_empty() {
        return Err(Refusal::PageNeedsMessage.into());
    }
    if actor != SYSTEM_ACTOR {
        // Typed by a person: refused here with a plain field name. The monitor's pages
        // carry machine text, which the store's guard masks: an alarm is never held back.
        check_free_text("the message", message)?;
    }
    let (target, policy) = match &p.target {
        PageTarget::Team(t) => {
            if region.team(t).is_none() {
                return Err(Refusal::UnknownTeam(t.clone()).into());
            }
            (format!("team:{t}"), region.policy_for(t))
        }
        PageTarget::Person(a) => {
            if region.person(a).is_none() {
                return Err(Refusal::UnknownPerson(a.clone()).into());
            }
            (format!("person:{a}"), Policy::person(a))
        }
    };
    if let Some(s) = &p.system
        && region.system(s).is_none()
    {
        return Err(Refusal::UnknownSystem(s.clone()).into());
    }
    let year = now.with_timezone(&region.site.time_zone).year();
    let payload = Triggered {
        target,
        message: message.to_string(),
        system: p.system.clone(),
        incident: p.incident.clone(),
        policy,
        late: None,
    };
    let stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        if let Some(i) = &p.incident
            && conn.incident_events(i)?.is_empty()
        {
            return Err(Refusal::NoIncident(i.clone()).into());
        }
        let id = conn.next_page_id(year)?;
        // A page for a system of an open incident carries it from the start.
        let mut payload = payload.clone();
        if payload.incident.is_none()
            && let Some(system) = &payload.system
        {
            payload.incident =
                super::link::open_incident_for(conn, region, std::slice::from_ref(system), None)?;
        }
        Ok(vec![event(
            actor,
            os,
            &id,
            kind::TRIGGERED,
            now,
            crate::model::payload::to_value(&payload)?,
        )])
    })?;
    stored
        .first()
        .and_then(|e| page::id_of(&e.subject).map(str::to_string))
        .ok_or(OpError::NOTHING_WRITTEN)
}

/// Acknowledges an open page: its escalation stops.
pub fn acknowledge(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::Page)?;
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let p = page_in(conn, id)?;
        if let Some((by, at)) = &p.acknowledged {
            return Err(Refusal::AlreadyAcknowledged {
                id: id.to_string(),
                by: by.clone(),
                at: *at,
            }
            .into());
        }
        if p.status == PageStatus::Resolved {
            return Err(Refusal::AlreadyResolved(id.to_string()).into());
        }
        Ok(vec![event(
            &actor.account,
            &actor.os_account,
            id,
            kind::ACKNOWLEDGED,
            now,
            crate::model::payload::to_value(&crate::model::payload::Message {
                message: format!("{id} acknowledged by {}", actor.account),
            })?,
        )])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// Resolves a page (by hand; pages for a system resolve when it recovers).
pub fn resolve(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    actor.require(Permission::Page)?;
    check_free_text("the reason", reason)?;
    resolve_as(store, &actor.account, &actor.os_account, id, reason, now)
}

fn resolve_as(
    store: &mut Store,
    actor: &str,
    os: &str,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    let mut stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let p = page_in(conn, id)?;
        if p.status == PageStatus::Resolved {
            return Err(Refusal::AlreadyResolved(id.to_string()).into());
        }
        Ok(vec![event(
            actor,
            os,
            id,
            kind::RESOLVED,
            now,
            crate::model::payload::to_value(&crate::model::payload::Reasoned {
                text: reason.to_string(),
                message: format!("{id} resolved: {reason}"),
            })?,
        )])
    })?;
    stored.pop().ok_or(OpError::NOTHING_WRITTEN)
}

/// One step that was notified now, for the channels to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub page: String,
    pub event: i64,
    pub message: String,
    pub system: Option<String>,
    pub notified: Notified,
}

/// The language of what goes to people from the region (pages, their steps).
pub(crate) fn region_lang(region: &Region) -> crate::i18n::Lang {
    crate::i18n::Lang::choose(None, Some(region.site.language), None)
}

/// Who step `step` of round `round` of page `p` reaches at `now`; its message in `lang`
/// (it goes to people as it is).
pub(crate) fn notified(
    p: &Page,
    round: u32,
    step: usize,
    rota: &crate::model::oncall::Rota,
    now: DateTime<Utc>,
    lang: crate::i18n::Lang,
) -> Notified {
    let mut recipients = Vec::new();
    let mut unresolved = Vec::new();
    for t in p
        .policy
        .steps
        .get(step)
        .map(|s| s.targets.as_slice())
        .unwrap_or(&[])
    {
        match t.resolve(rota, now) {
            Some(r) if !recipients.contains(&r) => recipients.push(r),
            Some(_) => {}
            None => unresolved.push(t.label()),
        }
    }
    Notified {
        round,
        step,
        recipients,
        unresolved,
        message: match lang {
            crate::i18n::Lang::Sv => format!(
                "{} steg {} (varv {}): {}",
                p.id,
                step + 1,
                round + 1,
                p.message
            ),
            crate::i18n::Lang::En => format!(
                "{} step {} (round {}): {}",
                p.id,
                step + 1,
                round + 1,
                p.message
            ),
        },
        late: None,
    }
}

/// Notifies every step that has fallen due at `now`, on each open page's own policy
/// snapshot. Run by the process holding the monitor lease, once a second.
pub fn escalate(
    store: &mut Store,
    region: &Region,
    now: DateTime<Utc>,
) -> Result<Vec<Notification>, OpError> {
    let rota = region.rota(store.oncall_overrides()?);
    let stored = store.append_with(|conn| -> Result<Vec<NewEvent>, OpError> {
        let mut out = Vec::new();
        for id in conn.open_page_ids()? {
            let mut p = page_in(conn, &id)?;
            while let Some((round, step, due)) = p.next_due() {
                if due > now {
                    break;
                }
                let n = notified(&p, round, step, &rota, now, region_lang(region));
                out.push(event(
                    SYSTEM_ACTOR,
                    &super::actor::os_account(),
                    &id,
                    kind::NOTIFIED,
                    now,
                    crate::model::payload::to_value(&n)?,
                ));
                p.notified.push((0, now, n));
            }
        }
        Ok(out)
    })?;
    Ok(stored
        .into_iter()
        .filter_map(|e| {
            let n: Notified = serde_json::from_value(e.payload.clone()).ok()?;
            let id = page::id_of(&e.subject)?.to_string();
            let p = store.page(&id).ok().flatten()?;
            Some(Notification {
                page: id,
                event: e.id,
                message: p.message,
                system: p.system,
                notified: n,
            })
        })
        .collect())
}

/// Pages and resolves for the status changes just recorded: a business-critical system
/// going down pages its team (unless the change was held back: maintenance, dependency
/// impact, flapping, a blind checker), and its open page resolves when it is up again.
pub fn on_status_changes(
    store: &mut Store,
    region: &Region,
    changes: &[(String, StatusChange)],
    now: DateTime<Utc>,
) -> Result<Vec<String>, OpError> {
    let mut triggered = Vec::new();
    for (system, c) in changes {
        let Some(s) = region.system(system) else {
            continue;
        };
        let open: Vec<Page> = store
            .pages(false)?
            .into_iter()
            .filter(|p| p.system.as_deref() == Some(system.as_str()))
            .collect();
        match c.health {
            Health::Down
                if s.criticality == Criticality::BusinessCritical
                    && c.suppressed.is_none()
                    && !c.flapping
                    && open.is_empty() =>
            {
                // Linked to the newest open incident that affects the system, if any.
                let incident = store
                    .incident_rows(false)?
                    .into_iter()
                    .filter(|r| r.status.is_open() && r.systems.contains(system))
                    .max_by_key(|r| r.declared_at)
                    .map(|r| r.id);
                let p = NewPage {
                    target: PageTarget::Team(s.owner_team.clone()),
                    message: down_message(region, &s.name, &c.finding()),
                    system: Some(system.clone()),
                    incident,
                };
                triggered.push(trigger_as(
                    store,
                    region,
                    SYSTEM_ACTOR,
                    &super::actor::os_account(),
                    &p,
                    now,
                )?);
            }
            Health::Up => {
                for p in open {
                    resolve_as(
                        store,
                        SYSTEM_ACTOR,
                        &super::actor::os_account(),
                        &p.id,
                        &format!("{} är uppe igen", s.name),
                        now,
                    )?;
                }
            }
            _ => {}
        }
    }
    Ok(triggered)
}

/// What a page about a system that went down says, in the region's language with the
/// probe's times in its zone: "Läskopia av journalen nere: ingen livssignal sedan
/// 2026-12-02 03:55". It goes to people (SMS, chat, the desktop) as it is.
pub fn down_message(region: &Region, name: &str, probe: &crate::model::finding::Finding) -> String {
    let lang = region_lang(region);
    let down = match lang {
        crate::i18n::Lang::Sv => "nere",
        crate::i18n::Lang::En => "down",
    };
    format!(
        "{name} {down}: {}",
        crate::i18n::finding::shown(lang, region.site.time_zone, probe)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_about_a_system_down_reads_in_the_region_s_language_and_zone() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join("tests/valid_configs/minimal.toml");
        let mut region = crate::config::load(&path).unwrap().region;
        let probe = crate::model::finding::Finding::HeartbeatOverdue {
            last: chrono::DateTime::parse_from_rfc3339("2026-12-02T02:55:00Z")
                .unwrap()
                .to_utc(),
        };
        assert_eq!(
            super::down_message(&region, "Läskopia av journalen", &probe),
            "Läskopia av journalen nere: ingen livssignal sedan 2026-12-02 03:55"
        );
        region.site.language = crate::model::region::Language::En;
        assert_eq!(
            super::down_message(&region, "Read copy", &probe),
            "Read copy down: no heartbeat since 2026-12-02 03:55"
        );
        // A change recorded before findings were typed: its message, read as it was.
        let old = crate::model::finding::Finding::said("no heartbeat since 2026-12-02 02:55 UTC");
        assert_eq!(
            super::down_message(&region, "Read copy", &old),
            "Read copy down: no heartbeat since 2026-12-02 03:55"
        );
    }
}
