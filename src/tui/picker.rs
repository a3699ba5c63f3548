//! Choices instead of ids to type: a prompt that picks a status, a milestone, a role, a
//! person or a severity from a list in the interface language. ↑↓ (or ←→, Tab) move, a digit
//! jumps, Enter takes the one under the cursor.

use super::app::App;
use crossterm::event::{KeyCode, KeyEvent};

/// The options (value as the core takes it, label as the user reads it) and the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub options: Vec<(String, String)>,
    pub at: usize,
}

impl Picker {
    pub fn new(options: Vec<(String, String)>) -> Picker {
        Picker { options, at: 0 }
    }

    /// The cursor on the option with `value`, if there is one.
    pub fn at_value(mut self, value: &str) -> Picker {
        if let Some(i) = self.options.iter().position(|(v, _)| v == value) {
            self.at = i;
        }
        self
    }

    pub fn chosen(&self) -> Option<&(String, String)> {
        self.options.get(self.at)
    }

    /// Moves the cursor for a key; true when the key was the picker's.
    pub fn on_key(&mut self, key: &KeyEvent, typing: bool) -> bool {
        let n = self.options.len();
        if n == 0 {
            return false;
        }
        match key.code {
            // Left, Right, Home and End move in the text once something is typed.
            KeyCode::Down | KeyCode::Tab => self.at = (self.at + 1) % n,
            KeyCode::Right if !typing => self.at = (self.at + 1) % n,
            KeyCode::Up | KeyCode::BackTab => self.at = (self.at + n - 1) % n,
            KeyCode::Left if !typing => self.at = (self.at + n - 1) % n,
            KeyCode::Home if !typing => self.at = 0,
            KeyCode::End if !typing => self.at = n - 1,
            // A digit picks the option with that number, unless text is being typed.
            KeyCode::Char(c) if !typing && c.is_ascii_digit() && c != '0' => {
                let i = c as usize - '1' as usize;
                if i < n {
                    self.at = i;
                }
            }
            _ => return false,
        }
        true
    }
}

impl App {
    /// The incident statuses, in words, for an incident now in `current`.
    pub(super) fn status_picker(&self, current: Option<crate::model::incident::Status>) -> Picker {
        use crate::model::incident::Status;
        // The cursor starts on the status after the incident's own (investigating →
        // identified → monitoring → resolved → closed); every status keeps its number.
        let next =
            current.and_then(|c| Status::ALL.iter().skip_while(|s| **s != c).nth(1).copied());
        let picker = Picker::new(
            Status::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_string(),
                        crate::i18n::events::status(self.lang, *s).to_string(),
                    )
                })
                .collect(),
        );
        match next {
            Some(n) => picker.at_value(n.as_str()),
            None => picker,
        }
    }

    /// The milestones, in words.
    pub(super) fn milestone_picker(&self) -> Picker {
        Picker::new(
            crate::model::incident::Milestone::ALL
                .iter()
                .map(|m| {
                    (
                        m.as_str().to_string(),
                        crate::i18n::events::milestone(self.lang, *m).to_string(),
                    )
                })
                .collect(),
        )
    }

    /// The region's incident roles by name.
    pub(super) fn role_picker(&self) -> Picker {
        Picker::new(
            self.region
                .incident_roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        )
    }

    /// The region's people, by name with their account.
    pub(super) fn person_picker(&self) -> Picker {
        let mut people: Vec<(String, String)> = self
            .region
            .people
            .iter()
            .map(|p| (p.account.clone(), format!("{} ({})", p.name, p.account)))
            .collect();
        people.sort_by(|a, b| a.1.cmp(&b.1));
        Picker::new(people).at_value(&self.user.account)
    }

    /// The region's severities by name, the most severe first (the default).
    pub(super) fn severity_picker(&self) -> Picker {
        Picker::new(
            self.region
                .severities
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
        )
    }
}
