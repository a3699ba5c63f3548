//! The router's side of the Lex Maria assessment: starting it, each answer checked and
//! asked again, back and forward (the questions and their checks: `tui::assess`).

use super::{App, Effect, Mode, PromptKind};
use crate::i18n::T;
use crate::tui::assess::*;

impl App {
    /// Starts the assessment of `incident`.
    pub(super) fn start_assessment(&mut self, incident: String) {
        // A revision starts from the assessment in force, each answer ready to change.
        self.prompt.assess_before = self
            .review
            .queue
            .iter()
            .find(|r| r.id == incident)
            .and_then(|r| r.assessment.as_ref())
            .map(answers_of)
            .unwrap_or_default();
        self.prompt.input.clear();
        if let Some(first) = self.prompt.assess_before.first().cloned() {
            self.put_answer(0, &first);
        }
        self.prompt.kind = Some(PromptKind::Assess(incident, Vec::new()));
        self.mode = Mode::Prompt;
    }

    /// An answer given (Enter): asked again with the reason if it cannot be read; the next
    /// question; or, after the actions, the summary to confirm.
    pub(super) fn assessment_answer(
        &mut self,
        incident: String,
        mut answers: Vec<String>,
        text: String,
    ) -> Vec<Effect> {
        let q = answers.len();
        self.mode = Mode::Prompt;
        if let Err(why) = check(q, &text) {
            self.message = Some((self.lang.t(why.reason()).to_string(), true));
            self.put_answer(q, &text);
            self.prompt.kind = Some(PromptKind::Assess(incident, answers));
            return Vec::new();
        }
        self.message = None;
        if q < FIXED || !none(&text) {
            answers.push(text);
            if let Some(before) = self
                .prompt
                .assess_before
                .get(answers.len())
                .filter(|b| !b.is_empty())
            {
                let before = before.clone();
                self.put_answer(answers.len(), &before);
            } else if answers.len() == 3 {
                // The care units: the incident's own, ready to change, and ready to add to
                // (typing on at the end added to the last unit's name).
                let units = self
                    .review
                    .queue
                    .iter()
                    .find(|r| r.id == incident && !r.care_units.is_empty())
                    .map(|r| format!("{}, ", r.care_units.join(", ")))
                    .unwrap_or_default();
                self.prompt.input.set(&units);
            }
            self.prompt.kind = Some(PromptKind::Assess(incident, answers));
            return Vec::new();
        }
        match assessment_from(&answers) {
            Err((q, why)) => {
                let text = answers.get(q).cloned().unwrap_or_default();
                answers.truncate(q);
                self.message = Some((self.lang.t(why.reason()).to_string(), true));
                self.put_answer(q, &text);
                self.prompt.kind = Some(PromptKind::Assess(incident, answers));
            }
            Ok(assessment) => {
                let question = format!("{} {incident}?", self.lang.t(T::ConfirmAssess));
                self.prompt.assess_back =
                    Some((incident.clone(), answers, summary(self.lang, &assessment)));
                self.prompt.confirm = Some((
                    Effect::Assess {
                        incident,
                        assessment,
                    },
                    question,
                ));
                self.mode = Mode::Confirm;
            }
        }
        Vec::new()
    }

    /// Esc in the assessment: back one question, its answer ready to change. What was
    /// written for the question left is kept and offered again on the way forward (going
    /// back two questions and forward left 3/11 empty).
    pub(super) fn assessment_back(&mut self) {
        if let Some(PromptKind::Assess(_, answers)) = self.prompt.kind.as_mut()
            && let Some(last) = answers.pop()
        {
            let left = answers.len() + 1;
            let ahead = &mut self.prompt.assess_before;
            if ahead.len() <= left {
                ahead.resize(left + 1, String::new());
            }
            ahead[left] = self.prompt.input.text();
            let q = answers.len();
            self.message = None;
            self.put_answer(q, &last);
        }
    }

    /// An answer to question `q` put back in the prompt (asked again, given before, or
    /// gone back to). A choice (harm, serious risk, patients) is offered as a whole, so
    /// typing "nej" over a refused "kanske" gives "nej"; free text stays to add to or
    /// edit, so typing on never loses what was written.
    fn put_answer(&mut self, q: usize, text: &str) {
        if matches!(q, 0 | 1 | 4) {
            self.prompt.input.offer(text);
        } else {
            self.prompt.input.set(text);
        }
    }

    /// The summary declined: back to the last question, every answer kept.
    pub(super) fn assessment_declined(&mut self) -> bool {
        let Some((incident, answers, _)) = self.prompt.assess_back.take() else {
            return false;
        };
        self.prompt.input.clear();
        self.prompt.kind = Some(PromptKind::Assess(incident, answers));
        self.mode = Mode::Prompt;
        true
    }
}
