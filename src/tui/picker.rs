//! Choices instead of ids to type: a prompt that picks a status, a milestone, a role, a
//! person or a severity from a list in the interface language. ↑↓ (or ←→, Tab) move, Enter
//! takes the one under the cursor. What is typed is never given another meaning: in a
//! prompt that takes text beside its list (a milestone's time) it is that text; in one that
//! does not, it is type-ahead on the list's own words (`seek`). A digit once jumped in the
//! list, so "10:30" typed as a milestone's time picked the first milestone and saved 00:30.

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
            _ => return false,
        }
        true
    }

    /// Type-ahead: the cursor on the first option whose label starts with `typed` (case and
    /// accents as written), else the first whose label or value holds it. False when none
    /// does (the cursor stays).
    pub fn seek(&mut self, typed: &str) -> bool {
        let typed = typed.trim().to_lowercase();
        if typed.is_empty() {
            return true;
        }
        let label = |i: usize| self.options[i].1.to_lowercase();
        let value = |i: usize| self.options[i].0.to_lowercase();
        let found = (0..self.options.len())
            .find(|&i| label(i).starts_with(&typed))
            .or_else(|| {
                (0..self.options.len())
                    .find(|&i| label(i).contains(&typed) || value(i).contains(&typed))
            });
        if let Some(i) = found {
            self.at = i;
        }
        found.is_some()
    }
}
