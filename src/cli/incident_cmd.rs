//! `beredskap incident …`.

use super::args::IncidentCommand;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::incident::{FollowUp, Incident, Milestone, Review, Status};
use crate::model::incident_log::NoteKind;
use crate::model::timespec::parse_time;
use crate::ops::incident::{self as ops, Assignment, Declare};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

fn time(
    name: &str,
    v: &Option<String>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, Failure> {
    v.as_deref()
        .map(|s| parse_time(s, tz, now).map_err(|e| Failure::bad_input(format!("{name}: {e}"))))
        .transpose()
}

/// Prints the outcome of a change: JSON with the incident id and the events written, or text.
fn done(
    json: bool,
    id: &str,
    events: &[crate::model::event::Event],
    text: String,
) -> Result<(), Failure> {
    if json {
        super::print_json(&super::json_out::Written {
            id,
            events: events.iter().map(|e| e.id).collect(),
            message: &text,
        })?;
    } else {
        println!("{text}");
    }
    Ok(())
}

pub fn run(cli: &Cli, cmd: &IncidentCommand, json: bool) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let tz = region.site.time_zone;
    let now = Utc::now();
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
    match cmd {
        IncidentCommand::List { all } => {
            let store = context::open_for_reading(cli, Some(&loaded))?;
            let rows = store.incident_rows(*all)?;
            if json {
                super::print_json(&rows)?;
            } else if rows.is_empty() {
                println!("no incidents");
            } else {
                for r in rows {
                    println!(
                        "{}  {:<13} {:<9} {}  {}{}",
                        r.id,
                        r.status,
                        r.severity,
                        local(r.declared_at),
                        r.title,
                        if r.patient_safety {
                            "  [risk för vårdskada]"
                        } else {
                            ""
                        }
                    );
                }
            }
            return Ok(code::OK);
        }
        IncidentCommand::Show { id } => {
            let store = context::open_for_reading(cli, Some(&loaded))?;
            let incident = store
                .incident(id)?
                .ok_or_else(|| Failure::bad_input(format!("there is no incident {id}")))?;
            let timeline = store.incident_timeline(&incident)?;
            let status = store.status_rows()?;
            let systems: Vec<_> = incident
                .systems
                .iter()
                .map(|s| super::json_out::SystemHealth {
                    system: s,
                    health: status.iter().find(|r| &r.system_id == s).map(|r| r.health),
                })
                .collect();
            if json {
                let timeline = timeline
                    .iter()
                    .map(super::log_cmd::event_json)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| Failure::system(format!("cannot write the JSON output: {e}")))?;
                let out = super::json_of(&super::json_out::IncidentShown {
                    incident: &incident,
                    timeline,
                    systems,
                })?;
                println!("{out}");
            } else {
                let lang = crate::i18n::Lang::choose(
                    cli.lang.as_deref(),
                    Some(region.site.language),
                    std::env::var("LANG").ok().as_deref(),
                );
                print_incident(&incident, &timeline, &systems, (tz, lang), region);
            }
            return Ok(code::OK);
        }
        _ => {}
    }
    let actor = context::actor(cli, &loaded)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    match cmd {
        IncidentCommand::Declare(a) => {
            let d = Declare {
                title: a.title.clone(),
                severity: a.severity.clone(),
                systems: a.systems.clone(),
                care_units: a.units.clone(),
                description: a.description.clone(),
                started_at: time("--started", &a.started, tz, now)?,
                detected_at: time("--detected", &a.detected, tz, now)?,
            };
            let id = ops::declare(&mut store, region, &actor, &d, now)?;
            if json {
                super::print_json(&super::json_out::Created {
                    id: &id,
                    steps: None,
                })?;
            } else {
                println!("{id}");
            }
        }
        IncidentCommand::Note(a) => {
            let kind = if a.decision {
                NoteKind::Decision
            } else if a.update {
                NoteKind::Update
            } else if a.communication.is_some() {
                NoteKind::Communication
            } else {
                NoteKind::Note
            };
            let at = time("--at", &a.at, tz, now)?;
            let e = ops::note(
                &mut store,
                &actor,
                &a.id,
                &a.text,
                kind,
                a.communication.as_deref(),
                at,
                now,
            )?;
            let text = format!("added to {} as event #{}", a.id, e.id);
            done(json, &a.id, &[e], text)?;
        }
        IncidentCommand::Status { id, status, reason } => {
            let to = Status::parse(status).ok_or_else(|| Failure::bad_input(format!("unknown status `{status}` (investigating, identified, monitoring, resolved, closed, cancelled)")))?;
            let events = ops::set_status(&mut store, &actor, id, to, reason, now)?;
            done(json, id, &events, format!("{id} is {to}"))?;
        }
        IncidentCommand::Resolve { id, reason } => {
            let events = ops::set_status(&mut store, &actor, id, Status::Resolved, reason, now)?;
            done(json, id, &events, format!("{id} is resolved"))?;
        }
        IncidentCommand::Close { id } => {
            let events = ops::set_status(&mut store, &actor, id, Status::Closed, "", now)?;
            done(json, id, &events, format!("{id} is closed"))?;
        }
        IncidentCommand::Milestone {
            id,
            milestone,
            at,
            reason,
        } => {
            let m = Milestone::parse(milestone).ok_or_else(|| Failure::bad_input(format!("unknown milestone `{milestone}` (started, detected, acknowledged, declared, mitigated, resolved, closed)")))?;
            let at = time("--at", &Some(at.clone()), tz, now)?.unwrap_or(now);
            let e = ops::set_milestone(&mut store, &actor, id, m, at, reason, now)?;
            let text = match e.corrects {
                Some(c) => format!(
                    "{m} of {id} corrected to {} (event #{}, corrects #{c})",
                    local(at),
                    e.id
                ),
                None => format!("{m} of {id} set to {}", local(at)),
            };
            done(json, id, &[e], text)?;
        }
        IncidentCommand::Role {
            id,
            role,
            account,
            note,
        } => {
            let a = Assignment {
                role: role.clone(),
                account: account.clone(),
                note: note.clone(),
            };
            let e = ops::assign_role(&mut store, region, &actor, id, &a, now)?;
            let instructions = region
                .incident_roles
                .iter()
                .find(|r| &r.id == role)
                .map(|r| r.instructions.clone())
                .unwrap_or_default();
            done(
                json,
                id,
                &[e],
                format!("{account} is {role} of {id}. {instructions}"),
            )?;
        }
        IncidentCommand::Flag { id, description } => {
            let e = ops::flag_patient_safety(&mut store, &actor, id, description, now)?;
            let text = format!(
                "{id} is flagged: risk för vårdskada; it is in the chief physician's review queue"
            );
            done(json, id, &[e], text)?;
        }
        IncidentCommand::Review(a) => {
            let mut actions = Vec::new();
            for raw in &a.actions {
                let parts: Vec<&str> = raw.split('|').map(str::trim).collect();
                if parts.len() < 3 || parts.len() > 4 {
                    return Err(Failure::bad_input(format!(
                        "--action {raw:?}: write \"what|owner|due|verification\""
                    )));
                }
                actions.push(FollowUp {
                    what: parts[0].into(),
                    owner: parts[1].into(),
                    due: parts[2].into(),
                    verification: parts.get(3).copied().unwrap_or("").into(),
                });
            }
            let r = Review {
                summary: a.summary.clone(),
                impact: a.impact.clone(),
                what_worked: a.worked.clone(),
                contributing_factors: a.factors.clone(),
                actions,
            };
            let e = ops::review(&mut store, &actor, &a.id, &r, now)?;
            done(
                json,
                &a.id,
                std::slice::from_ref(&e),
                format!("review of {} saved as event #{}", a.id, e.id),
            )?;
        }
        IncidentCommand::List { .. } | IncidentCommand::Show { .. } => {}
    }
    Ok(code::OK)
}

fn print_incident(
    i: &Incident,
    timeline: &[crate::model::event::Event],
    systems: &[super::json_out::SystemHealth<'_>],
    (tz, lang): (Tz, crate::i18n::Lang),
    region: &crate::model::region::Region,
) {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
    let severity = region
        .severities
        .iter()
        .find(|s| s.id == i.severity)
        .map(|s| s.name.as_str())
        .unwrap_or(i.severity.as_str());
    println!("{}  {}", i.id, i.title);
    println!(
        "  severity {severity}, status {}, declared by {}",
        i.status, i.declared_by
    );
    if let Some(p) = &i.patient_safety {
        println!("  !! risk för vårdskada: {p}");
    }
    println!("roles:");
    for r in &region.incident_roles {
        println!(
            "  {:<24} {}",
            r.name,
            i.roles.get(&r.id).map(String::as_str).unwrap_or("-")
        );
    }
    println!("milestones:");
    for (m, t) in &i.milestones {
        println!("  {m:<13} {}", local(*t));
    }
    for (a, b, from, to) in i.intervals() {
        println!(
            "  {a} → {b}: {} min",
            crate::model::timespec::minutes_as_shown(from, to)
        );
    }
    println!("systems:");
    for s in systems {
        println!(
            "  {} {}",
            s.system,
            s.health.map_or("unknown", |h| h.as_str())
        );
    }
    println!("timeline:");
    for e in timeline {
        let mut line = format!(
            "  {} {:<10} {:<28} {}",
            local(e.occurred_at),
            e.actor,
            e.kind,
            crate::i18n::events::describe_in(e, lang, region)
        );
        if (e.recorded_at - e.occurred_at).num_seconds().abs() >= 60 {
            line.push_str(&format!("  (recorded {})", local(e.recorded_at)));
        }
        println!("{line}");
    }
}
