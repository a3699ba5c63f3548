//! Text input in the console's prompt modes (filter, command line, diary note), the `:`
//! command line and drafts kept on Esc: the router's own (it owns the one prompt).

use super::{App, Effect, Mode, PromptKind};
use crate::tui::action::{Action, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(super) fn on_prompt_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.mode == Mode::Confirm {
            return self.on_confirm_key(key);
        }
        let alt_enter = key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT);
        let ctrl_j =
            key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL);
        if (alt_enter || ctrl_j) && matches!(self.mode, Mode::Note | Mode::Prompt) {
            // A new line: works over SSH, where Shift-Enter cannot be told from Enter.
            self.prompt.input.newline();
            return Vec::new();
        }
        if self.mode == Mode::Prompt {
            return self.on_incident_prompt_key(key);
        }
        match key.code {
            KeyCode::Esc => {
                if self.mode == Mode::Filter {
                    self.set_filter(String::new());
                }
                if self.mode == Mode::Note {
                    self.keep_draft("note".into());
                }
                self.mode = Mode::Normal;
                self.prompt.input.clear();
                return if self.screen == Screen::Log {
                    vec![Effect::ReloadLog]
                } else {
                    Vec::new()
                };
            }
            KeyCode::Enter => {
                let text = self.prompt.input.take();
                let mode = std::mem::replace(&mut self.mode, Mode::Normal);
                return match mode {
                    Mode::Filter => {
                        self.set_filter(text);
                        if self.screen == Screen::Log {
                            vec![Effect::ReloadLog]
                        } else {
                            Vec::new()
                        }
                    }
                    Mode::Command => self.run_command(text.trim()),
                    Mode::Note if !text.trim().is_empty() => vec![Effect::SaveNote(text)],
                    _ => Vec::new(),
                };
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.mode = Mode::Normal;
                self.prompt.input.clear();
            }
            _ => {
                self.prompt.input.edit(&key);
            }
        }
        if self.mode == Mode::Filter {
            // Filter as you type on the status screen (in memory); the log filters on Enter.
            if self.screen == Screen::Status {
                self.status.filter = self.prompt.input.text();
                let rows = std::mem::take(&mut self.status.rows);
                self.set_rows(rows);
            }
        }
        Vec::new()
    }

    /// A paste (bracketed paste): the whole text in one step, not key by key. Line breaks
    /// stay in a note and in prompts that take several lines; the filter and the command
    /// line take one line. Outside a prompt a paste does nothing, so pasted text never runs
    /// as keys.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match self.mode {
            Mode::Note | Mode::Prompt => self.prompt.input.insert(&text),
            Mode::Filter | Mode::Command => {
                let one_line = text.replace('\n', " ");
                self.prompt.input.insert(one_line.trim_end());
                if self.mode == Mode::Filter && self.screen == Screen::Status {
                    self.status.filter = self.prompt.input.text();
                    let rows = std::mem::take(&mut self.status.rows);
                    self.set_rows(rows);
                }
            }
            Mode::Normal | Mode::Confirm => {
                self.message = Some((
                    self.lang.t(crate::i18n::T::PasteOutsidePrompt).to_string(),
                    false,
                ));
            }
        }
        Vec::new()
    }

    /// Whether `effect` writes text the user typed (kept if the write is refused).
    pub fn typed_in(&self, effect: &Effect) -> bool {
        self.prompt_for(effect).is_some()
    }

    /// The prompt that produced `effect`, with the text typed into it.
    fn prompt_for(&self, effect: &Effect) -> Option<(Mode, Option<PromptKind>, String)> {
        use crate::ops::run::StepAction;
        let prompt =
            |kind: PromptKind, text: &String| Some((Mode::Prompt, Some(kind), text.clone()));
        match effect {
            Effect::SaveNote(text) => Some((Mode::Note, None, text.clone())),
            Effect::IncidentNote { id, text } => prompt(PromptKind::IncidentNote(id.clone()), text),
            Effect::IncidentFlag { id, text } => prompt(PromptKind::Flag(id.clone()), text),
            Effect::HandoffNote { team, layer, text } => {
                prompt(PromptKind::Handoff(team.clone(), layer.clone()), text)
            }
            Effect::Page {
                team,
                system,
                message,
            } => prompt(PromptKind::Page(team.clone(), system.clone()), message),
            Effect::Declare { title, system, .. } => {
                prompt(PromptKind::DeclareTitle(system.clone()), title)
            }
            Effect::AbortRun { run, reason } => prompt(PromptKind::RunAbort(run.clone()), reason),
            Effect::Decide {
                incident,
                report,
                motivation,
                against_assessment,
            } => {
                if *against_assessment {
                    prompt(PromptKind::DecideAgainst(incident.clone()), motivation)
                } else {
                    let answer = if *report { "j" } else { "n" };
                    prompt(
                        PromptKind::Decide(incident.clone()),
                        &format!("{answer} {motivation}"),
                    )
                }
            }
            Effect::Assess {
                incident,
                assessment,
            } => Some((
                Mode::Prompt,
                Some(PromptKind::Assess(
                    incident.clone(),
                    crate::tui::assess::answers_of(assessment),
                )),
                String::new(),
            )),
            Effect::RunStep { run, step, action } => match action {
                StepAction::Note { text } => prompt(PromptKind::StepNote(run.clone(), *step), text),
                StepAction::Skip { reason } => {
                    prompt(PromptKind::StepSkip(run.clone(), *step), reason)
                }
                StepAction::Undo { reason } => {
                    prompt(PromptKind::StepUndo(run.clone(), *step), reason)
                }
                StepAction::Done { .. } => None,
            },
            _ => None,
        }
    }

    /// A refused write of typed text: its prompt again, the text as typed, the reason (the
    /// message) shown under it.
    pub fn reopen_with(&mut self, effect: &Effect) {
        if let Some((mode, prompt, text)) = self.prompt_for(effect) {
            self.mode = mode;
            self.prompt.kind = prompt;
            self.prompt.picker = None;
            self.prompt.confirm = None;
            self.prompt.input.set(&text);
        }
    }

    pub(super) fn set_filter(&mut self, text: String) {
        match self.screen {
            Screen::Log => self.log.filter = text,
            _ => {
                self.status.filter = text;
                let rows = std::mem::take(&mut self.status.rows);
                self.set_rows(rows);
            }
        }
    }

    pub(super) fn run_command(&mut self, cmd: &str) -> Vec<Effect> {
        let screens = [
            (Screen::Status, ["status", "1"]),
            (Screen::Incidents, ["incidenter", "incidents"]),
            (Screen::Runbooks, ["reservrutiner", "runbooks"]),
            (Screen::OnCall, ["jour", "oncall"]),
            (Screen::Log, ["logg", "log"]),
            (Screen::Review, ["granskning", "review"]),
        ];
        if let Ok(n) = cmd.parse::<usize>()
            && let Some(s) = Screen::ALL.get(n.wrapping_sub(1))
        {
            return self.apply(Action::Show(*s));
        }
        if let Some((s, _)) = screens.iter().find(|(_, names)| names.contains(&cmd)) {
            return self.apply(Action::Show(*s));
        }
        match cmd {
            "q" | "quit" | "avsluta" => self.apply(Action::Quit),
            "kvittera" | "ack" | "acknowledge" => self.apply(Action::Acknowledge),
            "help" | "hjälp" => self.apply(Action::Help),
            _ => {
                self.message = Some((
                    format!("{}: {cmd}", self.lang.t(crate::i18n::T::UnknownCommand)),
                    true,
                ));
                Vec::new()
            }
        }
    }
}

impl App {
    /// Keeps what is typed in the prompt as a draft for `key`, and says so; nothing typed,
    /// nothing kept.
    pub(super) fn keep_draft(&mut self, key: String) {
        let text = self.prompt.input.text();
        if text.trim().is_empty() || text == self.prompt.prefill {
            return;
        }
        self.prompt.drafts.insert(key, text);
        self.message = Some((self.lang.t(crate::i18n::T::DraftKept).to_string(), false));
    }

    /// Puts back the draft kept for `key`, if there is one.
    pub(super) fn restore_draft(&mut self, key: &str) {
        if let Some(text) = self.prompt.drafts.remove(key) {
            self.prompt.input.set(&text);
        }
    }
}
