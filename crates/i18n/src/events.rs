//! Every kind of event in words, in Swedish and English: one presenter over the typed
//! payloads (`model::payload`), used by `log show`, the console's log and detail views,
//! incident timelines and the exports. Times are shown in the site's zone. A payload that
//! does not read as its kind is shown as such, never as raw JSON.

use super::Lang;
use crate::model::event::{Event, StatusChange, kind as ev};
use crate::model::payload::{self as p, read};
use crate::model::region::Region;
use crate::model::{
    assessment as a, guard, incident, incident_log as i, oncall_log as o, redaction,
};
use chrono_tz::Tz;

pub use super::words::{milestone, status};
use super::words::{sv_en, when, yes};

/// The event in words, in `lang`, times in `tz`; systems by their ids.
pub fn describe(e: &Event, lang: Lang, tz: Tz) -> String {
    described(e, lang, tz, None)
}

/// The event in words, in `lang`, times in the site's zone, and every system it names by
/// its name in the region (a status change says which system changed).
pub fn describe_in(e: &Event, lang: Lang, region: &Region) -> String {
    described(e, lang, region.site.time_zone, Some((region, true)))
}

/// As `describe_in`, for a row that names the event's system already (the log's subject
/// column, a system's own events): the systems it mentions by name, its own not repeated.
pub fn describe_beside_subject(e: &Event, lang: Lang, region: &Region) -> String {
    described(e, lang, region.site.time_zone, Some((region, false)))
}

/// A system's name in the region, its id where the region does not know it.
/// Why a status change's alert was held, in words ("impacted" as the log stores it reads
/// "följdpåverkan"); a reason this version does not know is shown as stored.
fn held_because(lang: Lang, stored: &str) -> String {
    use crate::model::evaluation::Suppression as S;
    let Some(why) = [S::Blind, S::Maintenance, S::Impacted, S::Flapping]
        .into_iter()
        .find(|s| s.as_str() == stored)
    else {
        return stored.to_string();
    };
    let (sv, en) = match why {
        S::Blind => ("övervakningen ser inte ut", "the monitor cannot see out"),
        S::Maintenance => ("underhållsfönster", "maintenance window"),
        S::Impacted => ("följdpåverkan", "impacted by another system"),
        S::Flapping => ("fladdrar", "flapping"),
    };
    sv_en(lang, sv.to_string(), en.to_string())
}

fn system_name<'a>(region: Option<&'a Region>, id: &'a str) -> &'a str {
    region
        .and_then(|r| r.system(id))
        .map(|s| s.name.as_str())
        .unwrap_or(id)
}

/// A team by its name where the region knows it (the id otherwise).
fn team_name<'a>(region: Option<&'a Region>, id: &'a str) -> &'a str {
    region.map_or(id, |r| r.team_name(id))
}

fn described(e: &Event, lang: Lang, tz: Tz, region: Option<(&Region, bool)>) -> String {
    match text(e, lang, tz, region) {
        // Stored text passes the one renderer: controls and bidi overrides shown visibly.
        Ok(s) => crate::model::shown::shown(&s, crate::model::shown::Lines::Keep).into_owned(),
        Err(err) => sv_en(
            lang,
            format!("[oläsbar händelse av slaget {}: {err}]", e.kind),
            format!("[unreadable {} event: {err}]", e.kind),
        ),
    }
}

fn text(
    e: &Event,
    lang: Lang,
    tz: Tz,
    named: Option<(&Region, bool)>,
) -> Result<String, p::FoldError> {
    let region = named.map(|(r, _)| r);
    let lead_with_system = named.is_some_and(|(_, lead)| lead);
    use crate::model::event_kind::EventKind as K;
    let Some(kind) = K::parse(&e.kind) else {
        return unread(e);
    };
    // Every kind, no wildcard: a new kind does not compile until it is worded.
    Ok(match kind {
        K::PageTriggered
        | K::PageNotified
        | K::PageAcknowledged
        | K::PageResolved
        | K::PageDelivery
        | K::PageLinked
        | K::RunStarted
        | K::RunStepDone
        | K::RunStepSkipped
        | K::RunStepNoted
        | K::RunStepUndone
        | K::RunCompleted
        | K::RunAborted
        | K::RunLinked => return super::events_work::text(e, lang, tz, region),
        K::SystemStatusChanged => return status_change(e, lang, tz, region, lead_with_system),
        K::MonitorBlind
        | K::MonitorSighted
        | K::ConfigApplied
        | K::LogRestored
        | K::MonitorLeaseTaken
        | K::AlertReceived => return monitor_and_log(e, lang, region),
        K::MaintenanceAdded
        | K::MaintenanceEnded
        | K::MaintenanceSilenced
        | K::MaintenanceUnsilenced => return maintenance(e, lang, tz),
        K::IncidentDeclared
        | K::IncidentNote
        | K::IncidentStatusChanged
        | K::IncidentMilestoneSet
        | K::IncidentRoleAssigned
        | K::IncidentPatientSafetyFlagged
        | K::IncidentReviewUpdated => return incident(e, lang, tz, region),
        K::OncallOverride
        | K::OncallOverrideCancelled
        | K::OncallHandoffNote
        | K::OncallCalendarImported => return oncall(e, lang, tz, region),
        K::ReviewAssessment | K::ReviewDecision | K::ReviewClock | K::ExportLexMaria => {
            return assessment(e, lang);
        }
        K::DiaryNote => read::<p::DiaryNote>(e)?.text,
        K::GuardMasked => {
            let x: guard::Masked = read(e)?;
            let n: usize = x.fields.iter().map(|f| f.count).sum();
            let fields: Vec<&str> = x.fields.iter().map(|f| f.field.as_str()).collect();
            sv_en(
                lang,
                format!(
                    "{n} personnummer maskerade i händelse #{} ({})",
                    x.event,
                    fields.join(", ")
                ),
                format!(
                    "{n} identity number(s) masked in event #{} ({})",
                    x.event,
                    fields.join(", ")
                ),
            )
        }
        K::LogRedacted => {
            let x: redaction::Redaction = read(e)?;
            sv_en(
                lang,
                format!(
                    "text borttagen ur händelse #{} ({}): {}",
                    x.event, x.field, x.reason
                ),
                format!(
                    "text taken out of event #{} ({}): {}",
                    x.event, x.field, x.reason
                ),
            )
        }
    })
}

/// A kind this build knows but the family above does not word: its name.
fn unread(e: &Event) -> Result<String, p::FoldError> {
    p::known(e)?;
    Ok(e.kind.clone())
}

/// A system's status change: its state, or ◆ impacted through a system it depends on, the check's words, why an alert is held back.
fn status_change(
    e: &Event,
    lang: Lang,
    tz: Tz,
    region: Option<&Region>,
    lead_with_system: bool,
) -> Result<String, p::FoldError> {
    Ok(match e.kind.as_str() {
        ev::SYSTEM_STATUS_CHANGED => {
            let c: StatusChange = read(e)?;
            let mut s = String::new();
            if lead_with_system {
                let id = e.subject.strip_prefix("system:").unwrap_or(&e.subject);
                s.push_str(system_name(region, id));
                s.push_str(": ");
            }
            let names: Vec<&str> = c
                .impacted_by
                .iter()
                .map(|id| system_name(region, id))
                .collect();
            if crate::model::follow_on::is_impacted(c.health, &c.impacted_by) {
                // Up by its own checks, not reached through the one down: never "uppe"
                // first (it read as up, fine).
                if c.previous != c.health {
                    s.push_str(lang.health(c.previous));
                    s.push_str(" → ");
                }
                s.push_str(&sv_en(
                    lang,
                    format!("◆ påverkad genom {}", names.join(", ")),
                    format!("◆ impacted through {}", names.join(", ")),
                ));
                if !c.message.is_empty() {
                    let own = super::finding::shown(lang, tz, &c.finding());
                    s.push_str(&sv_en(
                        lang,
                        format!(" (egna kontroller: {own})"),
                        format!(" (own checks: {own})"),
                    ));
                }
            } else if c.previous != c.health {
                s.push_str(&format!(
                    "{} → {}",
                    lang.health(c.previous),
                    lang.health(c.health)
                ));
            } else if names.is_empty() {
                // The state is the same; what changed is around it (an impact from
                // another system ended, maintenance, a held alert): not "uppe → uppe".
                s.push_str(&sv_en(
                    lang,
                    format!("{}, utan följdpåverkan", lang.health(c.health)),
                    format!("{}, not impacted", lang.health(c.health)),
                ));
            } else {
                s.push_str(lang.health(c.health));
            }
            let impacted = crate::model::follow_on::is_impacted(c.health, &c.impacted_by);
            if !c.message.is_empty() && !impacted {
                s.push_str(": ");
                s.push_str(&super::finding::shown(lang, tz, &c.finding()));
            }
            if !names.is_empty() && !impacted {
                s.push_str(&sv_en(
                    lang,
                    format!(" (följdpåverkan från {})", names.join(", ")),
                    format!(" (impacted by {})", names.join(", ")),
                ));
            }
            if let Some(why) = c.suppressed {
                let why = held_because(lang, &why);
                s.push_str(&sv_en(
                    lang,
                    format!(" [larmet hålls tillbaka: {why}]"),
                    format!(" [alert held: {why}]"),
                ));
            }
            s
        }
        _ => unread(e)?,
    })
}

/// The monitor's sight and lease, the configuration in force, a restore, an alert received.
fn monitor_and_log(e: &Event, lang: Lang, region: Option<&Region>) -> Result<String, p::FoldError> {
    use Lang::{En, Sv};
    Ok(match e.kind.as_str() {
        ev::MONITOR_BLIND => {
            let m: p::MonitorSight = read(e)?;
            sv_en(
                lang,
                format!("övervakningen ser inte ut: {}", m.message),
                format!("the monitor cannot see out: {}", m.message),
            )
        }
        ev::MONITOR_SIGHTED => {
            let m: p::MonitorSight = read(e)?;
            sv_en(
                lang,
                format!("övervakningen ser igen: {}", m.message),
                format!("the monitor sees again: {}", m.message),
            )
        }
        ev::CONFIG_APPLIED => {
            let c: p::ConfigApplied = read(e)?;
            super::config_applied::describe(lang, &c)
        }
        ev::LOG_RESTORED => {
            let x: p::LogRestored = read(e)?;
            let forced = if x.forced { " (--force)" } else { "" };
            sv_en(
                lang,
                format!(
                    "loggen återställd från säkerhetskopian {} ({} händelser){forced}",
                    x.from, x.events
                ),
                format!(
                    "log restored from backup {} ({} events){forced}",
                    x.from, x.events
                ),
            )
        }
        ev::MONITOR_LEASE_TAKEN => {
            let x: p::LeaseTaken = read(e)?;
            sv_en(
                lang,
                format!("övervakningen togs över av {}", x.holder),
                format!("monitoring taken over by {}", x.holder),
            )
        }
        p::ALERT_RECEIVED => {
            let x: p::AlertReceived = read(e)?;
            let systems = match region {
                Some(r) => x
                    .systems
                    .iter()
                    .map(|s| r.system(s).map_or(s.as_str(), |y| y.name.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => x.systems.join(", "),
            };
            match (lang, x.firing, systems.is_empty()) {
                (Sv, true, false) => format!("larm från {}: {} ({systems})", x.source, x.summary),
                (Sv, true, true) => format!("omappat larm från {}: {}", x.source, x.summary),
                (Sv, false, _) => format!("larm från {} upphörde: {}", x.source, x.summary),
                (En, true, false) => format!("alert from {}: {} ({systems})", x.source, x.summary),
                (En, true, true) => format!("unmapped alert from {}: {}", x.source, x.summary),
                (En, false, _) => format!("alert from {} resolved: {}", x.source, x.summary),
            }
        }
        _ => unread(e)?,
    })
}

/// Maintenance windows and the silences made for them.
fn maintenance(e: &Event, lang: Lang, tz: Tz) -> Result<String, p::FoldError> {
    Ok(match e.kind.as_str() {
        ev::MAINTENANCE_ADDED => {
            let x: p::MaintenanceAdded = read(e)?;
            let systems = if x.systems.is_empty() {
                sv_en(lang, "alla system".into(), "every system".into())
            } else {
                x.systems.join(", ")
            };
            let span = match (
                crate::model::timespec::from_storage(&x.from),
                crate::model::timespec::from_storage(&x.to),
            ) {
                (Some(f), Some(t)) => format!("{}–{}", when(f, tz), when(t, tz)),
                _ => format!("{}–{}", x.from, x.to),
            };
            sv_en(
                lang,
                format!("underhåll av {systems} {span}: {}", x.reason),
                format!("maintenance of {systems} {span}: {}", x.reason),
            )
        }
        ev::MAINTENANCE_ENDED => {
            let x: p::MaintenanceEnded = read(e)?;
            sv_en(
                lang,
                format!(
                    "underhållsfönster #{} avslutat i förtid: {}",
                    x.window, x.reason
                ),
                format!("maintenance window #{} ended early: {}", x.window, x.reason),
            )
        }
        ev::MAINTENANCE_SILENCED | ev::MAINTENANCE_UNSILENCED => {
            let x: p::MaintenanceSilences = read(e)?;
            let made = e.kind == ev::MAINTENANCE_SILENCED;
            match (&x.error, made) {
                (None, true) => sv_en(
                    lang,
                    format!(
                        "{} tystnad(er) i {} för underhållsfönster #{}",
                        x.silences.len(),
                        x.source,
                        x.window
                    ),
                    format!(
                        "{} silence(s) in {} for maintenance window #{}",
                        x.silences.len(),
                        x.source,
                        x.window
                    ),
                ),
                (None, false) => sv_en(
                    lang,
                    format!(
                        "tystnaderna i {} för underhållsfönster #{} har upphört",
                        x.source, x.window
                    ),
                    format!(
                        "the silences in {} for maintenance window #{} expired",
                        x.source, x.window
                    ),
                ),
                (Some(err), true) => sv_en(
                    lang,
                    format!(
                        "kunde inte tysta larmen i {} för underhållsfönster #{}: {err}",
                        x.source, x.window
                    ),
                    format!(
                        "could not silence {} for maintenance window #{}: {err}",
                        x.source, x.window
                    ),
                ),
                (Some(err), false) => sv_en(
                    lang,
                    format!(
                        "kunde inte häva tystnaderna i {} för underhållsfönster #{}: {err}",
                        x.source, x.window
                    ),
                    format!(
                        "could not expire the silences in {} for maintenance window #{}: {err}",
                        x.source, x.window
                    ),
                ),
            }
        }
        _ => unread(e)?,
    })
}

/// An incident's declaration, notes, status, milestones, roles, flag and review.
fn incident(
    e: &Event,
    lang: Lang,
    tz: Tz,
    region: Option<&Region>,
) -> Result<String, p::FoldError> {
    use Lang::{En, Sv};
    Ok(match e.kind.as_str() {
        i::kind::DECLARED => {
            let d: i::Declared = read(e)?;
            let severity = region
                .and_then(|r| r.severities.iter().find(|x| x.id == d.severity))
                .map(|x| x.name.as_str())
                .unwrap_or(&d.severity);
            sv_en(
                lang,
                format!("incident deklarerad: {} ({severity})", d.title),
                format!("incident declared: {} ({severity})", d.title),
            )
        }
        i::kind::NOTE => {
            let n: i::Note = read(e)?;
            let to = n.audience.unwrap_or_default();
            match (lang, n.kind) {
                (_, i::NoteKind::Note) => n.text,
                (Sv, i::NoteKind::Decision) => format!("beslut: {}", n.text),
                (En, i::NoteKind::Decision) => format!("decision: {}", n.text),
                (Sv, i::NoteKind::Update) => format!("lägesbild: {}", n.text),
                (En, i::NoteKind::Update) => format!("status update: {}", n.text),
                (Sv, i::NoteKind::Communication) => format!("kommunikation till {to}: {}", n.text),
                (En, i::NoteKind::Communication) => format!("communication to {to}: {}", n.text),
            }
        }
        i::kind::STATUS => {
            let s: i::StatusChanged = read(e)?;
            let reason = if s.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.reason)
            };
            format!(
                "status {} → {}{reason}",
                status(lang, s.from),
                status(lang, s.to)
            )
        }
        i::kind::MILESTONE => {
            let m: i::MilestoneSet = read(e)?;
            let correction = match (e.corrects, lang) {
                (Some(_), Sv) => format!(" — rättelse: {}", m.reason),
                (Some(_), En) => format!(" — correction: {}", m.reason),
                (None, _) => String::new(),
            };
            sv_en(
                lang,
                format!(
                    "incidenten {} {}{correction}",
                    milestone(lang, m.milestone),
                    when(m.at, tz)
                ),
                format!(
                    "milestone {} at {}{correction}",
                    milestone(lang, m.milestone),
                    when(m.at, tz)
                ),
            )
        }
        i::kind::ROLE => {
            let x: i::RoleAssigned = read(e)?;
            let from = match (&x.previous, lang) {
                (Some(p), Sv) => format!(" (överlämnad från {p}: {})", x.note),
                (Some(p), En) => format!(" (handed over from {p}: {})", x.note),
                (None, _) => String::new(),
            };
            let role = region
                .and_then(|r| r.incident_roles.iter().find(|y| y.id == x.role))
                .map(|y| y.name.as_str())
                .unwrap_or(&x.role);
            sv_en(
                lang,
                format!("{} tar rollen {role}{from}", x.account),
                format!("{} takes the role {role}{from}", x.account),
            )
        }
        i::kind::FLAGGED => {
            let f: i::Flagged = read(e)?;
            sv_en(
                lang,
                format!("RISK FÖR VÅRDSKADA: {}", f.description),
                format!("RISK OF PATIENT HARM: {}", f.description),
            )
        }
        i::kind::REVIEW => {
            let x: incident::Review = read(e)?;
            sv_en(
                lang,
                format!("uppföljning: {}", x.summary),
                format!("review: {}", x.summary),
            )
        }
        _ => unread(e)?,
    })
}

/// On-call overrides, their cancellation, handoff notes and imported calendars.
fn oncall(e: &Event, lang: Lang, tz: Tz, region: Option<&Region>) -> Result<String, p::FoldError> {
    Ok(match e.kind.as_str() {
        o::kind::OVERRIDE => {
            let x: o::OverridePayload = read(e)?;
            let span = match (
                crate::model::timespec::from_storage(&x.from),
                crate::model::timespec::from_storage(&x.to),
            ) {
                (Some(f), Some(t)) => format!("{}–{}", when(f, tz), when(t, tz)),
                _ => format!("{}–{}", x.from, x.to),
            };
            let team = team_name(region, &x.team);
            sv_en(
                lang,
                format!(
                    "{} har jouren för {team} ({}) {span}: {}",
                    x.person, x.layer, x.reason
                ),
                format!(
                    "{} on call for {team} ({}) {span}: {}",
                    x.person, x.layer, x.reason
                ),
            )
        }
        o::kind::OVERRIDE_CANCELLED => {
            let x: p::Reasoned = read(e)?;
            let id = e.corrects.unwrap_or_default();
            sv_en(
                lang,
                format!("jourändring #{id} återkallad: {}", x.text),
                format!("on-call change #{id} cancelled: {}", x.text),
            )
        }
        o::kind::HANDOFF_NOTE => {
            let x: p::HandoffNoted = read(e)?;
            let team = team_name(region, &x.team);
            sv_en(
                lang,
                format!("till nästa jour {team} ({}): {}", x.layer, x.text),
                format!("for the next on call {team} ({}): {}", x.layer, x.text),
            )
        }
        o::kind::CALENDAR_IMPORTED => {
            let x: o::CalendarImported = read(e)?;
            let team = team_name(region, &x.team);
            sv_en(
                lang,
                format!(
                    "kalendern {} importerad för {team} ({}): {} serier",
                    x.file,
                    x.layer,
                    x.series.len()
                ),
                format!(
                    "calendar {} imported for {team} ({}): {} series",
                    x.file,
                    x.layer,
                    x.series.len()
                ),
            )
        }
        _ => unread(e)?,
    })
}

/// The chief physician's assessment, decision, reporting clocks and the record's exports.
fn assessment(e: &Event, lang: Lang) -> Result<String, p::FoldError> {
    use Lang::{En, Sv};
    Ok(match e.kind.as_str() {
        a::kind::ASSESSMENT => {
            let x: a::Assessment = read(e)?;
            sv_en(
                lang,
                format!(
                    "bedömning enligt lex Maria registrerad (risk för allvarlig vårdskada: {})",
                    yes(lang, x.serious_risk)
                ),
                format!(
                    "Lex Maria assessment recorded (risk of serious patient harm: {})",
                    yes(lang, x.serious_risk)
                ),
            )
        }
        a::kind::DECISION => {
            let x: a::Decision = read(e)?;
            sv_en(
                lang,
                format!(
                    "beslut: anmälan till IVO enligt lex Maria: {} — {}",
                    yes(lang, x.report),
                    x.motivation
                ),
                format!(
                    "decision: Lex Maria report to IVO: {} — {}",
                    yes(lang, x.report),
                    x.motivation
                ),
            )
        }
        a::kind::CLOCK => {
            let x: a::Clock = read(e)?;
            let clock = match (lang, x.clock) {
                (_, a::ClockKind::Nis2) => "NIS2",
                (_, a::ClockKind::Gdpr) => "GDPR art. 33",
                (Sv, a::ClockKind::MedicalDevice) => "medicinteknisk produkt",
                (En, a::ClockKind::MedicalDevice) => "medical device",
            };
            sv_en(
                lang,
                format!(
                    "rapporteringsskyldighet {clock}: gäller {}",
                    yes(lang, x.applies)
                ),
                format!("reporting duty {clock}: applies {}", yes(lang, x.applies)),
            )
        }
        a::kind::EXPORTED => {
            let x: p::Exported = read(e)?;
            let digest: String = x.digest.chars().take(16).collect();
            sv_en(
                lang,
                format!(
                    "lex Maria-underlag exporterat ({}), SHA-256 {digest}…",
                    x.format
                ),
                format!(
                    "Lex Maria record exported ({}), SHA-256 {digest}…",
                    x.format
                ),
            )
        }
        _ => unread(e)?,
    })
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
