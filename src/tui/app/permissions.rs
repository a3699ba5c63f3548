//! What the user's roles allow in the console: keys for the rest are not offered in hints
//! and are refused at once, before any typing (the core checks the same permissions).

use super::App;
use crate::tui::action::{Action, Screen};

impl App {
    /// The permission `action` needs where the user is, if any (reading never does).
    pub fn needs(&self, action: &Action) -> Option<crate::model::role::Permission> {
        use crate::model::role::Permission as P;
        if self.in_run_view() && action.in_run() {
            return Some(P::RunRunbook);
        }
        Some(match (action, self.screen) {
            (Action::NewNote, Screen::Incidents) => P::NoteIncident,
            (Action::NewNote, Screen::OnCall) => P::ChangeRota,
            (Action::NewNote, _) => P::WriteDiary,
            (Action::Declare, Screen::Status | Screen::Incidents) => P::DeclareIncident,
            (Action::SetStatus | Action::SetMilestone | Action::AssignRole, Screen::Incidents) => {
                P::CommandIncident
            }
            (Action::FlagSafety, Screen::Incidents) => P::FlagPatientSafety,
            (Action::TakeShift, Screen::OnCall) => P::ChangeRota,
            (Action::PageTeam, Screen::Status | Screen::OnCall) => P::Page,
            (Action::Acknowledge, _) => P::Page,
            (Action::ExportRecord, Screen::Review) => P::ExportLexMaria,
            (Action::Decide | Action::Assess, Screen::Review) => P::Assess,
            _ => return None,
        })
    }

    /// Whether the user's roles allow `action` where they are.
    pub fn may(&self, action: &Action) -> bool {
        self.needs(action)
            .is_none_or(|p| self.user.grants.contains(&p))
    }
}
