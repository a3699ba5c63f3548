//! Checks across entries and files: ids, references, cycles, time zone, value ranges.
//! Every problem is collected; nothing stops at the first.

use super::checker::{Checker, valid_email, valid_phone};
use super::diagnostic::Problem;
use super::parse::RawRegion;
use crate::model::dependency::find_cycles;
use crate::model::region::{Region, TeamKind};
use std::path::Path;

/// Validates the raw region; returns it with its warnings, or every problem.
pub fn validate(raw: &RawRegion, main: &Path) -> (Option<Region>, Vec<Problem>) {
    let mut c = Checker {
        raw,
        problems: raw.problems.clone(),
    };
    let base_dir = main.parent().unwrap_or(Path::new(".")).to_path_buf();
    if raw.syntax_failed {
        return (None, c.problems);
    }

    c.no_identity_numbers();
    c.no_hidden_characters();
    c.no_huge_values();
    c.unique_ids(
        "account",
        raw.people.iter().map(|p| (p.file, &p.value.account)),
    );
    c.unique_ids("team id", raw.teams.iter().map(|t| (t.file, &t.value.id)));
    c.unique_ids(
        "system id",
        raw.systems.iter().map(|s| (s.file, &s.value.id)),
    );
    people(&mut c);
    teams(&mut c);

    let site = super::site::check_site(&mut c, &base_dir);
    let tz = site
        .as_ref()
        .map(|s| s.time_zone)
        .unwrap_or(chrono_tz::Europe::Stockholm);
    let account_list: Vec<&str> = accounts(raw).collect();
    let on_call = super::oncall::teams(&mut c, &raw.teams, tz, &account_list);
    let runbook_ids = super::site::check_runbooks(&mut c, &base_dir);
    let system_checks = systems(&mut c, runbook_ids.as_ref());
    dependency_cycles(&mut c);

    let monitor = match &raw.monitor {
        Some(m) => super::checks::monitor(&mut c, m.file, &m.value),
        None => Default::default(),
    };
    let receiver = match &raw.receiver {
        Some(r) => super::receiver::receiver(&mut c, r.file, &base_dir, &r.value),
        None => Default::default(),
    };
    let log_of_record = raw
        .storage
        .as_ref()
        .and_then(|s| super::storage::log_of_record(&mut c, s.file, &base_dir, &s.value));
    let maintenance = maintenance_windows(&mut c, tz);
    let errors = c.problems.iter().any(Problem::is_error);
    let problems = c.problems;
    if errors {
        return (None, problems);
    }
    let Some(site) = site else {
        return (None, problems);
    };
    let parts = Checked {
        site,
        on_call,
        system_checks,
        maintenance,
        monitor,
        receiver,
        log_of_record,
    };
    (Some(region(raw, &base_dir, parts)), problems)
}

fn accounts(raw: &RawRegion) -> impl Iterator<Item = &str> + Clone {
    raw.people
        .iter()
        .map(|p| p.value.account.get_ref().as_str())
}

fn team_ids(raw: &RawRegion) -> impl Iterator<Item = &str> + Clone {
    raw.teams.iter().map(|t| t.value.id.get_ref().as_str())
}

fn system_ids(raw: &RawRegion) -> impl Iterator<Item = &str> + Clone {
    raw.systems.iter().map(|s| s.value.id.get_ref().as_str())
}

/// Each person: roles, phone, e-mail.
fn people(c: &mut Checker) {
    let raw = c.raw;
    for p in &raw.people {
        let v = &p.value;
        if v.roles.get_ref().is_empty() {
            c.error(
                p.file,
                v.roles.span(),
                format!("`{}` has no roles", v.account.get_ref()),
                Some("give at least [\"viewer\"]".into()),
            );
        }
        if !valid_phone(v.phone.get_ref()) {
            c.error(
                p.file,
                v.phone.span(),
                format!("`{}` is not a phone number", v.phone.get_ref()),
                Some("digits, spaces, + and -, e.g. \"010-000 00 00\"".into()),
            );
        }
        if !valid_email(v.email.get_ref()) {
            c.error(
                p.file,
                v.email.span(),
                format!("`{}` is not an e-mail address", v.email.get_ref()),
                Some("e.g. \"name@region.example\"".into()),
            );
        }
    }
}

/// Each team: its members are people; a phone that is one; a supplier's contact phone.
fn teams(c: &mut Checker) {
    let raw = c.raw;
    for t in &raw.teams {
        let v = &t.value;
        for m in &v.members {
            c.reference(t.file, m, "person (account)", accounts(raw));
        }
        match &v.phone {
            Some(phone) if !valid_phone(phone.get_ref()) => c.error(
                t.file,
                phone.span(),
                format!("`{}` is not a phone number", phone.get_ref()),
                Some("digits, spaces, + and -".into()),
            ),
            None if v.kind == TeamKind::Supplier => c.error(
                t.file,
                v.id.span(),
                format!("supplier team `{}` has no contact phone", v.id.get_ref()),
                Some("add phone = \"…\": the number the region calls at 03:00".into()),
            ),
            _ => {}
        }
    }
}

/// Each system: its checks, owner and supplier teams, dependencies, runbooks, KRT values;
/// the checks validated, system by system.
fn systems(
    c: &mut Checker,
    runbook_ids: Option<&std::collections::BTreeMap<String, std::path::PathBuf>>,
) -> Vec<Vec<crate::model::check::CheckSpec>> {
    let raw = c.raw;
    let mut system_checks = Vec::with_capacity(raw.systems.len());
    for s in &raw.systems {
        let v = &s.value;
        let checks: Vec<_> = v
            .checks
            .iter()
            .enumerate()
            .filter_map(|(i, r)| super::checks::check(c, s.file, r, i))
            .collect();
        super::checks::unique_names(c, s.file, &v.id, &checks);
        if v.checks.is_empty() {
            c.warn(
                s.file,
                v.id.span(),
                format!(
                    "`{}` has no check and no alert source: its status is never known",
                    v.id.get_ref()
                ),
                Some(
                    "add a [[systems.checks]] — a probe of its own, a heartbeat, or an alert \
                     check mapping the region's monitoring (docs/alerts.md)"
                        .into(),
                ),
            );
        }
        system_checks.push(checks);
        if c.reference(s.file, &v.owner_team, "team", team_ids(raw)) {
            // known
        }
        if let Some(sup) = &v.supplier_team
            && c.reference(s.file, sup, "team", team_ids(raw))
            && raw.teams.iter().any(|t| {
                t.value.id.get_ref() == sup.get_ref() && t.value.kind != TeamKind::Supplier
            })
        {
            c.error(
                s.file,
                sup.span(),
                format!("`{}` is not a supplier team", sup.get_ref()),
                Some("supplier_team must name a team with kind = \"supplier\"".into()),
            );
        }
        for d in &v.depends_on {
            c.reference(s.file, d, "system", system_ids(raw));
        }
        for r in &v.runbooks {
            if let Some(ids) = runbook_ids {
                c.reference(s.file, r, "runbook", ids.keys().map(String::as_str));
            }
        }
        for (name, value) in [
            ("confidentiality", &v.krt.confidentiality),
            ("integrity", &v.krt.integrity),
            ("availability", &v.krt.availability),
        ] {
            if *value.get_ref() > 4 {
                c.error(
                    s.file,
                    value.span(),
                    format!("KRT {name} {} is out of range", value.get_ref()),
                    Some("each KRT value is 0 (none) to 4 (very high)".into()),
                );
            }
        }
    }

    system_checks
}

/// Dependency cycles, each reported at the first link of the cycle.
fn dependency_cycles(c: &mut Checker) {
    let raw = c.raw;
    let graph: Vec<(&str, Vec<&str>)> = raw
        .systems
        .iter()
        .map(|s| {
            (
                s.value.id.get_ref().as_str(),
                s.value
                    .depends_on
                    .iter()
                    .map(|d| d.get_ref().as_str())
                    .collect(),
            )
        })
        .collect();
    for cycle in find_cycles(&graph) {
        let Some(first) = raw
            .systems
            .iter()
            .find(|s| s.value.id.get_ref() == cycle[0])
        else {
            continue;
        };
        let edge = first
            .value
            .depends_on
            .iter()
            .find(|d| cycle.get(1).is_some_and(|n| d.get_ref() == n))
            .map(|d| d.span())
            .unwrap_or_else(|| first.value.id.span());
        c.error(
            first.file,
            edge,
            format!("dependency cycle: {}", cycle.join(" → ")),
            Some(
                "a system cannot depend on itself through others; remove one depends_on link"
                    .into(),
            ),
        );
    }
}

/// The configured maintenance windows: their systems exist; each window in local time.
fn maintenance_windows(
    c: &mut Checker,
    tz: chrono_tz::Tz,
) -> Vec<crate::model::maintenance::MaintenanceWindow> {
    let raw = c.raw;
    let mut maintenance = Vec::new();
    for m in &raw.maintenance {
        for sys in &m.value.systems {
            c.reference(m.file, sys, "system", system_ids(raw));
        }
        maintenance.extend(super::maintenance::maintenance(
            c,
            m.file,
            m.span.clone(),
            &m.value,
            tz,
        ));
    }
    maintenance
}

/// What the section checks gave, for building the region once nothing is wrong.
struct Checked {
    site: crate::model::region::Site,
    on_call: Vec<super::oncall::TeamOnCall>,
    system_checks: Vec<Vec<crate::model::check::CheckSpec>>,
    maintenance: Vec<crate::model::maintenance::MaintenanceWindow>,
    monitor: crate::model::check::MonitorSettings,
    receiver: crate::model::alert_source::ReceiverSettings,
    log_of_record: Option<crate::model::region::LogOfRecord>,
}

/// The validated region, from the raw one and what its checks gave.
fn region(raw: &RawRegion, base_dir: &Path, parts: Checked) -> Region {
    let Checked {
        site,
        on_call,
        system_checks,
        maintenance,
        monitor,
        receiver,
        log_of_record,
    } = parts;
    Region {
        site,
        people: raw.people.iter().map(super::convert::person).collect(),
        teams: raw
            .teams
            .iter()
            .zip(on_call)
            .map(|(t, (coverage, rotations, escalation))| {
                let mut team = super::convert::team(t);
                team.coverage = coverage;
                team.rotations = rotations;
                team.escalation = escalation;
                team
            })
            .collect(),
        systems: raw
            .systems
            .iter()
            .zip(system_checks)
            .map(|(s, checks)| super::convert::system(s, checks))
            .collect(),
        maintenance,
        monitor,
        keys: raw.keys.clone(),
        severities: if raw.severities.is_empty() {
            crate::model::incident::default_severities()
        } else {
            raw.severities
                .iter()
                .map(|s| crate::model::incident::Severity {
                    id: s.value.id.get_ref().clone(),
                    name: s.value.name.clone(),
                    definition: s.value.definition.clone(),
                })
                .collect()
        },
        incident_roles: if raw.incident_roles.is_empty() {
            crate::model::incident::default_roles()
        } else {
            raw.incident_roles
                .iter()
                .map(|r| crate::model::incident::IncidentRole {
                    id: r.value.id.get_ref().clone(),
                    name: r.value.name.clone(),
                    instructions: r.value.instructions.clone(),
                })
                .collect()
        },
        database: raw
            .storage
            .as_ref()
            .and_then(|s| s.value.database.as_ref())
            .map(|d| base_dir.join(d)),
        log_of_record,
        receiver,
    }
}
