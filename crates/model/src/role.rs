//! Roles people hold, and what each lets them do. Checked in the core operations.

use serde::Deserialize;
use std::fmt;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// May look at everything, write nothing.
    Viewer,
    /// Ward staff (avdelningspersonal): runs downtime runbooks, reads everything else.
    Ward,
    /// On-call engineer: notes, acknowledgements, runbook steps.
    Operator,
    /// Incident commander (incidentledare).
    Commander,
    /// Chief physician (chefläkare): patient-safety assessments.
    Physician,
    /// Everything, including configuration-level actions.
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Viewer,
        Role::Ward,
        Role::Operator,
        Role::Commander,
        Role::Physician,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Ward => "ward",
            Role::Operator => "operator",
            Role::Commander => "commander",
            Role::Physician => "physician",
            Role::Admin => "admin",
        }
    }
}

impl Role {
    /// Whether someone in this role is who a runbook step's `(roll: …)` names. Steps name
    /// roles in the ward's words ("ansvarig sjuksköterska", "läkare", "MT-ingenjör"); each
    /// role covers the words of the people who hold it. An administrator covers every step.
    pub fn covers_step_role(self, step_role: &str) -> bool {
        let text = step_role.to_lowercase();
        let words: &[&str] = match self {
            Role::Admin => return true,
            Role::Viewer => &[],
            Role::Ward => &[
                "sjuksköterska",
                "undersköterska",
                "avdelning",
                "sekreterare",
                "laboratori",
                "barnmorska",
                "vårdpersonal",
            ],
            Role::Operator => &[
                "tekniker",
                "ingenjör",
                "nätverksjour",
                "driftjour",
                "säkerhetssamordnare",
                "it-",
            ],
            Role::Commander => &["incidentledare", "samordnare", "ledning"],
            Role::Physician => &["läkare"],
        };
        words.iter().any(|w| text.contains(w))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something an operation needs permission for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Write an entry in the operations diary (driftdagbok).
    WriteDiary,
    /// Add a maintenance window.
    PlanMaintenance,
    /// Add notes and communications to an incident's timeline.
    NoteIncident,
    /// Declare an incident.
    DeclareIncident,
    /// Change an incident's status and milestones, assign roles, resolve, close, review.
    CommandIncident,
    /// Flag an incident for patient safety (risk för vårdskada).
    FlagPatientSafety,
    /// Start runbook runs and record their steps.
    RunRunbook,
    /// Change the on-call rota at run time: overrides, taking a shift.
    ChangeRota,
    /// Page a team or a person, acknowledge and resolve pages.
    Page,
    /// Record the Lex Maria assessment, the decision and the other reporting clocks.
    Assess,
    /// Put a backup back as the log (`beredskap restore`).
    RestoreLog,
    /// Take patient data out of the log (`beredskap log redact`): an administrator any
    /// event, the physician the clinical record (see `model::redaction`).
    RedactLog,
    /// Export the Lex Maria record (evidence about patients' safety): the physician, the
    /// incident commander or an administrator. The export is always logged.
    ExportLexMaria,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Permission::WriteDiary,
        Permission::PlanMaintenance,
        Permission::NoteIncident,
        Permission::DeclareIncident,
        Permission::CommandIncident,
        Permission::FlagPatientSafety,
        Permission::RunRunbook,
        Permission::ChangeRota,
        Permission::Page,
        Permission::Assess,
        Permission::RestoreLog,
        Permission::RedactLog,
        Permission::ExportLexMaria,
    ];

    /// Every permission some of `roles` grants.
    pub fn granted_to(roles: &[Role]) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| p.granted_by().iter().any(|r| roles.contains(r)))
            .collect()
    }

    /// The roles that grant this permission.
    pub fn granted_by(self) -> &'static [Role] {
        match self {
            Permission::WriteDiary => &[
                Role::Operator,
                Role::Commander,
                Role::Physician,
                Role::Admin,
            ],
            Permission::PlanMaintenance => &[Role::Operator, Role::Commander, Role::Admin],
            Permission::NoteIncident => &[
                Role::Operator,
                Role::Commander,
                Role::Physician,
                Role::Admin,
            ],
            Permission::DeclareIncident | Permission::CommandIncident => {
                &[Role::Commander, Role::Admin]
            }
            Permission::RunRunbook => &[
                Role::Ward,
                Role::Operator,
                Role::Commander,
                Role::Physician,
                Role::Admin,
            ],
            Permission::ChangeRota => &[Role::Operator, Role::Commander, Role::Admin],
            Permission::Assess => &[Role::Physician],
            Permission::RestoreLog => &[Role::Admin],
            Permission::RedactLog => &[Role::Admin, Role::Physician],
            Permission::ExportLexMaria => &[Role::Physician, Role::Commander, Role::Admin],
            Permission::Page => &[
                Role::Operator,
                Role::Commander,
                Role::Physician,
                Role::Admin,
            ],
            Permission::FlagPatientSafety => &[
                Role::Operator,
                Role::Commander,
                Role::Physician,
                Role::Admin,
            ],
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Permission::WriteDiary => "write to the operations diary",
            Permission::PlanMaintenance => "add maintenance windows",
            Permission::NoteIncident => "add to an incident's timeline",
            Permission::DeclareIncident => "declare incidents",
            Permission::CommandIncident => {
                "command incidents (status, milestones, roles, resolve, close, review)"
            }
            Permission::FlagPatientSafety => "flag an incident for patient safety",
            Permission::RunRunbook => "run downtime runbooks",
            Permission::ChangeRota => "change the on-call rota",
            Permission::Page => "page people or acknowledge pages",
            Permission::Assess => {
                "record Lex Maria assessments and decisions (the chief physician)"
            }
            Permission::RestoreLog => "restore the log from a backup (admin, or root)",
            Permission::ExportLexMaria => {
                "export the Lex Maria record (physician, commander or admin)"
            }
            Permission::RedactLog => {
                "take patient data out of the log (admin; the physician for the clinical record)"
            }
        }
    }
}

/// True when any of `roles` grants `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| permission.granted_by().contains(r))
}

#[cfg(test)]
mod step_role_tests {
    use super::Role;

    #[test]
    fn roles_cover_the_steps_written_for_them() {
        let cases = [
            ("ansvarig sjuksköterska", Role::Ward, true),
            ("undersköterska", Role::Ward, true),
            ("läkare", Role::Ward, false),
            ("läkare", Role::Physician, true),
            ("MT-ingenjör", Role::Operator, true),
            ("jourhavande tekniker", Role::Operator, true),
            ("ansvarig sjuksköterska", Role::Operator, false),
            ("läkare", Role::Admin, true),
            ("läkare", Role::Viewer, false),
        ];
        for (step, role, covers) in cases {
            assert_eq!(role.covers_step_role(step), covers, "{step} / {role}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_cannot_write_the_diary_but_others_can() {
        let cases: &[(&[Role], bool)] = &[
            (&[], false),
            (&[Role::Viewer], false),
            (&[Role::Operator], true),
            (&[Role::Viewer, Role::Commander], true),
            (&[Role::Physician], true),
            (&[Role::Admin], true),
        ];
        for (roles, expected) in cases {
            assert_eq!(
                allows(roles, Permission::WriteDiary),
                *expected,
                "{roles:?}"
            );
        }
    }
}
