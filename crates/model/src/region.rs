//! A region's configuration after validation: the site, people, teams and systems.

use super::check::{CheckSpec, MonitorSettings};
use super::maintenance::MaintenanceWindow;
use super::role::Role;
use chrono_tz::Tz;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Sv,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TeamKind {
    Internal,
    Supplier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Information technology.
    It,
    /// Medical technology (medicinteknik).
    Mt,
    Telephony,
    Infrastructure,
}

/// How much the care depends on a system. Ordered from most to least critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criticality {
    /// Verksamhetskritiskt system.
    BusinessCritical,
    High,
    Normal,
    Low,
}

/// Information-security classification (KRT): each 0 (none) to 4 (very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Krt {
    pub confidentiality: u8,
    pub integrity: u8,
    pub availability: u8,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub name: String,
    /// Vårdgivare.
    pub care_provider: String,
    pub organisation_number: String,
    /// Förvaltning.
    pub department: String,
    /// Anmälningsansvarig for Lex Maria: an account in `people`.
    pub lex_maria_responsible: String,
    pub time_zone: Tz,
    pub language: Language,
    pub runbooks_dir: PathBuf,
    /// Where the console writes exports (`[site] export_dir`, relative to the main
    /// configuration file); `None`: beside the log (`tui::export_dir`).
    #[serde(default)]
    pub export_dir: Option<PathBuf>,
    /// Lets `--as ACCOUNT` choose the actor. Only for test and demo regions.
    pub allow_actor_override: bool,
    /// Monday–Friday office hours (for rota restrictions and supplier coverage).
    pub office_hours: crate::oncall::OfficeHours,
    /// The region's own target for the Lex Maria decision, days from the event (a target,
    /// not law).
    pub lex_maria_target_days: u32,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub account: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub kind: TeamKind,
    pub members: Vec<String>,
    pub phone: Option<String>,
    /// Supplier teams: when their on-call answers.
    pub coverage: Option<crate::oncall::Hours>,
    /// The on-call rota, one rotation per layer (primary first).
    pub rotations: Vec<crate::oncall::Rotation>,
    /// How a page to the team escalates (`None`: each layer in turn, see `policy_for`).
    pub escalation: Option<crate::page::Policy>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct System {
    pub id: String,
    pub name: String,
    pub description: String,
    pub category: Category,
    pub criticality: Criticality,
    pub krt: Krt,
    pub owner_team: String,
    pub supplier_team: Option<String>,
    pub depends_on: Vec<String>,
    pub care_units: Vec<String>,
    pub runbooks: Vec<String>,
    pub checks: Vec<CheckSpec>,
}

/// A validated region.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Region {
    pub site: Site,
    pub people: Vec<Person>,
    pub teams: Vec<Team>,
    pub systems: Vec<System>,
    pub maintenance: Vec<MaintenanceWindow>,
    pub monitor: MonitorSettings,
    /// Incident severities, most severe first, and incident roles.
    pub severities: Vec<super::incident::Severity>,
    pub incident_roles: Vec<super::incident::IncidentRole>,
    /// Key overrides from `[keys]`: action name → keys (checked by the console's keymap).
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
    /// Database path from `[storage] database`, resolved against the config file.
    pub database: Option<PathBuf>,
    /// `[storage] engine = "postgres"`: the log of record in PostgreSQL (this host's
    /// database file is its read model).
    pub log_of_record: Option<LogOfRecord>,
    /// `[receiver]`: the alert receiver's sources, tokens and address.
    pub receiver: super::alert_source::ReceiverSettings,
}

/// Where the log of record lives when it is not this host's file: a libpq connection
/// string (no password in it), the file holding the password, and for TLS the CA that
/// signed the server's certificate and (instead of a password) a client certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LogOfRecord {
    pub conninfo: String,
    pub password_file: Option<PathBuf>,
    /// TLS: the server's certificate must chain to this CA and name the host connected to.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// TLS: this host's certificate and key, for the server's `cert` authentication.
    #[serde(default)]
    pub client_certificate: Option<PathBuf>,
    #[serde(default)]
    pub client_key: Option<PathBuf>,
}

impl Region {
    /// The built-in severities and incident roles (a region that configures none) named in
    /// English; a region's own names are its own and stay as written.
    pub fn name_builtins_in_english(&mut self) {
        let builtin_severities = self.severities == super::incident::default_severities();
        let builtin_roles = self.incident_roles == super::incident::default_roles();
        if builtin_severities {
            for s in &mut self.severities {
                if let Some(n) = super::incident::builtin_english(&s.id) {
                    s.name = n.into();
                }
            }
        }
        if builtin_roles {
            for r in &mut self.incident_roles {
                if let Some(n) = super::incident::builtin_english(&r.id) {
                    r.name = n.into();
                }
            }
        }
    }

    /// The on-call rota of the whole region, with the overrides made at run time.
    pub fn rota(&self, overrides: Vec<super::oncall::Override>) -> super::oncall::Rota {
        super::oncall::Rota {
            rotations: self
                .teams
                .iter()
                .flat_map(|t| t.rotations.iter().cloned())
                .collect(),
            overrides,
            suppliers: self
                .teams
                .iter()
                .filter_map(|t| {
                    t.coverage.map(|hours| super::oncall::SupplierCover {
                        team: t.id.clone(),
                        hours,
                    })
                })
                .collect(),
            office: self.site.office_hours,
            tz: Some(self.site.time_zone),
        }
    }

    /// The escalation policy a page to `team` starts with.
    pub fn policy_for(&self, team: &str) -> crate::page::Policy {
        let Some(t) = self.team(team) else {
            return crate::page::Policy::default_for(team, &[]);
        };
        t.escalation.clone().unwrap_or_else(|| {
            let layers: Vec<&str> = t.rotations.iter().map(|r| r.layer.as_str()).collect();
            crate::page::Policy::default_for(team, &layers)
        })
    }

    pub fn person(&self, account: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.account == account)
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// What people call a team: its name, or the id of a team the region no longer has.
    pub fn team_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.team(id).map_or(id, |t| t.name.as_str())
    }

    /// What was paged, as people call it: a team's name for `team:ID`, a person's name for
    /// `person:ACCOUNT` (the id or account when the region no longer has them).
    pub fn page_target_name<'a>(&'a self, target: &'a str) -> &'a str {
        match target.split_once(':') {
            Some(("team", id)) => self.team_name(id),
            Some(("person", a)) => self.person(a).map_or(a, |p| p.name.as_str()),
            _ => target,
        }
    }

    pub fn system(&self, id: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.id == id)
    }
}
