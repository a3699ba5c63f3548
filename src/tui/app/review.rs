//! The router's side of screen 6: what its keys do with the flagged incidents, the record
//! and the year (`tui::review`: its rows).

use super::App;

impl App {
    /// `e` exports the selected incident's evidence; `l` asks for the Lex Maria decision.
    pub(super) fn review_action(
        &mut self,
        action: &crate::tui::action::Action,
    ) -> Vec<super::Effect> {
        if self.screen != crate::tui::action::Screen::Review {
            return Vec::new();
        }
        let Some(id) = self
            .review
            .queue
            .get(self.review.selected)
            .map(|r| r.id.clone())
        else {
            return Vec::new();
        };
        match action {
            crate::tui::action::Action::ExportRecord => vec![super::Effect::ExportRecord(id)],
            crate::tui::action::Action::YearOverview => {
                self.review.record_scroll = 0;
                vec![super::Effect::LoadYear]
            }
            crate::tui::action::Action::Assess => {
                self.start_assessment(id);
                Vec::new()
            }
            _ => {
                self.prompt.input.clear();
                self.prompt.kind = Some(super::PromptKind::Decide(id));
                self.mode = super::Mode::Prompt;
                Vec::new()
            }
        }
    }
}
