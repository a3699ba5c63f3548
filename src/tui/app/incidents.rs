//! The router's side of screen 2: incident rows kept under the cursor, declaring, the
//! incident prompts and confirmations (the screen's state and detail: `tui::incidents`).

use super::{App, Effect, Mode, PromptKind};
use crate::i18n::T;
use crate::store::incidents::IncidentRow;
use crate::tui::action::{Action, Screen};
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub fn set_incidents(&mut self, rows: Vec<IncidentRow>) {
        let keep = self
            .incidents
            .rows
            .get(self.incidents.selected)
            .map(|r| r.id.clone());
        self.incidents.rows = rows;
        self.incidents.selected = keep
            .and_then(|id| self.incidents.rows.iter().position(|r| r.id == id))
            .unwrap_or(0)
            .min(self.incidents.rows.len().saturating_sub(1));
    }

    /// Selects an incident by id (after declaring it).
    pub fn select_incident(&mut self, id: &str) {
        if let Some(i) = self.incidents.rows.iter().position(|r| r.id == id) {
            self.incidents.selected = i;
        }
    }

    pub fn selected_incident(&self) -> Option<&IncidentRow> {
        self.incidents.rows.get(self.incidents.selected)
    }

    /// The open major incidents (the most severe level), for the red banner.
    pub fn major_open(&self) -> Vec<&IncidentRow> {
        let top = self
            .region
            .severities
            .first()
            .map(|s| s.id.as_str())
            .unwrap_or("major");
        self.incidents
            .rows
            .iter()
            .filter(|r| r.status.is_open() && r.severity == top)
            .collect()
    }

    /// The incident an action applies to: the open one, or the selected one.
    fn target_incident(&self) -> Option<String> {
        if self.screen != Screen::Incidents {
            return None;
        }
        self.selected_incident().map(|r| r.id.clone())
    }

    pub(super) fn start_incident_action(&mut self, action: &Action) -> Vec<Effect> {
        if !self.user.can_write {
            self.message = Some((self.lang.t(T::NoteRefusedReadOnly).to_string(), true));
            return Vec::new();
        }
        let kind = match action {
            Action::Declare => match self.screen {
                Screen::Status => Some(PromptKind::DeclareTitle(self.status.selected.clone())),
                Screen::Incidents => Some(PromptKind::DeclareTitle(None)),
                _ => None,
            },
            Action::NewNote => self.target_incident().map(PromptKind::IncidentNote),
            Action::SetStatus => self.target_incident().map(PromptKind::Status),
            Action::SetMilestone => self.target_incident().map(PromptKind::Milestone),
            Action::AssignRole => self.target_incident().map(PromptKind::Role),
            Action::FlagSafety => self.target_incident().map(PromptKind::Flag),
            _ => None,
        };
        let Some(kind) = kind else { return Vec::new() };
        // The declare form is prefilled from the system.
        let prefill = match &kind {
            PromptKind::DeclareTitle(Some(system)) => {
                let name = self
                    .region
                    .system(system)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                format!("{name}: {}", self.lang.t(T::DeclareDefaultTitle))
            }
            _ => String::new(),
        };
        self.prompt.input.set(&prefill);
        self.prompt.prefill = prefill;
        self.restore_draft(&format!("{kind:?}"));
        self.prompt.picker = match &kind {
            PromptKind::Status(id) => Some(
                self.status_picker(
                    self.incidents
                        .rows
                        .iter()
                        .find(|r| &r.id == id)
                        .map(|r| r.status),
                ),
            ),
            PromptKind::Milestone(_) => Some(self.milestone_picker()),
            PromptKind::Role(_) => Some(self.role_picker()),
            _ => None,
        };
        self.prompt.kind = Some(kind);
        self.mode = Mode::Prompt;
        Vec::new()
    }

    pub(super) fn on_incident_prompt_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let typing = !self.prompt.input.is_empty();
        if let Some(p) = self.prompt.picker.as_mut()
            && p.on_key(&key, typing)
        {
            return Vec::new();
        }
        match key.code {
            // In the step-by-step assessment Esc goes back one question, the answer given
            // there ready to change; nothing answered is thrown away.
            KeyCode::Esc if matches!(&self.prompt.kind, Some(PromptKind::Assess(_, a)) if !a.is_empty()) =>
            {
                self.assessment_back();
            }
            KeyCode::Esc => {
                if let Some(kind) = &self.prompt.kind {
                    self.keep_draft(format!("{kind:?}"));
                }
                self.mode = Mode::Normal;
                self.prompt.kind = None;
                self.prompt.picker = None;
                self.prompt.input.clear();
            }
            // Typed to find an option, and nothing matches: said, the prompt stays.
            KeyCode::Enter
                if !matches!(self.prompt.kind, Some(PromptKind::Milestone(_)))
                    && self.prompt.picker.as_ref().is_some_and(|p| {
                        !self.prompt.input.is_empty() && !p.clone().seek(&self.prompt.input.text())
                    }) =>
            {
                self.message = Some((
                    format!(
                        "{} «{}»",
                        self.lang.t(T::PickerNoMatch),
                        self.prompt.input.text().trim()
                    ),
                    true,
                ));
            }
            KeyCode::Enter => {
                let text = self.prompt.input.take().trim().to_string();
                let kind = self.prompt.kind.take();
                let picked = self.prompt.picker.take().and_then(|p| p.chosen().cloned());
                self.mode = Mode::Normal;
                // The assessment takes every answer, an empty one too ("none", or asked
                // again): Enter never throws the answers away.
                if let Some(PromptKind::Assess(incident, answers)) = kind {
                    return self.assessment_answer(incident, answers, text);
                }
                if let Some(choice) = picked {
                    return self.finish_pick(kind, choice, text);
                }
                if text.is_empty() {
                    // Nothing typed: said, and the prompt stays for the answer (Esc leaves).
                    self.message = Some((self.lang.t(T::EmptyNothingSaved).to_string(), true));
                    self.prompt.kind = kind;
                    self.mode = Mode::Prompt;
                    return Vec::new();
                }
                // A title with an identity number is refused as it is entered, not after the
                // severity and a confirmation that echoes it back.
                if let Some(PromptKind::DeclareTitle(_)) = &kind
                    && let Err(refusal) =
                        crate::model::personnummer::check_free_text("the title", &text)
                {
                    let e = crate::ops::OpError::PatientData(refusal);
                    self.message = Some((
                        crate::i18n::failure::describe(self.lang, self.region.site.time_zone, &e),
                        true,
                    ));
                    self.prompt.input.set(&text);
                    self.prompt.kind = kind;
                    self.mode = Mode::Prompt;
                    return Vec::new();
                }
                let (effect, question) = match kind {
                    Some(
                        k @ (PromptKind::StepValue(..)
                        | PromptKind::StepSkip(..)
                        | PromptKind::StepNote(..)
                        | PromptKind::StepUndo(..)
                        | PromptKind::RunAbort(_)),
                    ) => return self.finish_run_prompt(k, text),
                    Some(PromptKind::Assess(..)) => return Vec::new(),
                    Some(PromptKind::Decide(incident)) => {
                        let Some((report, motivation)) = crate::tui::assess::leading_yes_no(&text)
                        else {
                            self.message = Some((self.lang.t(T::DecideFormat).to_string(), true));
                            return Vec::new();
                        };
                        let motivation = motivation.to_string();
                        // Not reporting against an assessment that found a risk of serious
                        // harm: the motivation is asked for on its own, as a deliberate
                        // choice.
                        let against = !report
                            && self
                                .review
                                .queue
                                .iter()
                                .any(|r| r.id == incident && r.serious_risk);
                        if against {
                            self.message =
                                Some((self.lang.t(T::DecideAgainstWhy).to_string(), true));
                            self.prompt.input.set(&motivation);
                            self.prompt.kind = Some(PromptKind::DecideAgainst(incident));
                            self.mode = Mode::Prompt;
                            return Vec::new();
                        }
                        let q = format!(
                            "{} {incident}: {}?",
                            self.lang.t(T::ActDecide),
                            self.lang.t(if report { T::ReportYes } else { T::ReportNo })
                        );
                        (
                            Effect::Decide {
                                incident,
                                report,
                                motivation,
                                against_assessment: false,
                            },
                            q,
                        )
                    }
                    Some(PromptKind::DecideAgainst(incident)) => {
                        self.message = None;
                        let q = format!("{} {incident}?", self.lang.t(T::ConfirmDecideAgainst));
                        (
                            Effect::Decide {
                                incident,
                                report: false,
                                motivation: text,
                                against_assessment: true,
                            },
                            q,
                        )
                    }
                    Some(PromptKind::Handoff(team, layer)) => {
                        return vec![Effect::HandoffNote { team, layer, text }];
                    }
                    Some(PromptKind::Page(team, system)) => {
                        let q = format!(
                            "{} {}: «{text}»?",
                            self.lang.t(T::ConfirmPage),
                            self.region.team_name(&team)
                        );
                        (
                            Effect::Page {
                                team,
                                system,
                                message: text,
                            },
                            q,
                        )
                    }
                    Some(PromptKind::IncidentNote(id)) => {
                        return vec![Effect::IncidentNote { id, text }];
                    }
                    Some(PromptKind::Milestone(id)) => {
                        return vec![Effect::IncidentMilestone { id, text }];
                    }
                    Some(PromptKind::Role(id)) => return vec![Effect::IncidentRole { id, text }],
                    // No one to pick from (an empty list): the account as typed.
                    Some(PromptKind::RolePerson(id, role)) => {
                        return vec![Effect::IncidentRole {
                            id,
                            text: format!("{role} {text}"),
                        }];
                    }
                    Some(PromptKind::DeclareSeverity(title, system)) => {
                        let q = format!(
                            "{} «{title}»{}?",
                            self.lang.t(T::ConfirmDeclare),
                            self.system_as_seen(system.as_deref())
                        );
                        (
                            Effect::Declare {
                                title,
                                system,
                                severity: None,
                            },
                            q,
                        )
                    }
                    Some(PromptKind::DeclareTitle(system)) => {
                        // Then the severity, picked from the region's.
                        self.prompt.kind = Some(PromptKind::DeclareSeverity(text, system));
                        self.prompt.picker = Some(self.severity_picker());
                        self.mode = Mode::Prompt;
                        return Vec::new();
                    }
                    Some(PromptKind::Status(id)) => {
                        let q = format!(
                            "{} {id} → {text}?{}",
                            self.lang.t(T::ConfirmStatus),
                            self.still_out_if_ending(&id, &text)
                        );
                        (Effect::IncidentStatus { id, status: text }, q)
                    }
                    Some(PromptKind::Flag(id)) => {
                        let q = format!("{} {id}?", self.lang.t(T::ConfirmFlag));
                        (Effect::IncidentFlag { id, text }, q)
                    }
                    None => return Vec::new(),
                };
                self.prompt.confirm = Some((effect, question));
                self.mode = Mode::Confirm;
            }
            _ => {
                self.prompt.input.edit(&key);
                // A list without text beside it: what is typed finds its option.
                let takes_text = matches!(self.prompt.kind, Some(PromptKind::Milestone(_)));
                if !takes_text && let Some(p) = self.prompt.picker.as_mut() {
                    p.seek(&self.prompt.input.text());
                }
            }
        }
        Vec::new()
    }

    /// Before an incident is resolved, closed or cancelled (`status`): its systems that are
    /// down, degraded or affected through a dependency right now, as the open detail shows
    /// them (" Fortfarande nere eller påverkat: …"), else nothing. A commander at 03:00
    /// closing an incident whose network went down again sees it in the question.
    fn still_out_if_ending(&self, id: &str, status: &str) -> String {
        use crate::model::health::Health;
        use crate::model::incident::Status;
        let ending = Status::parse(status).is_some_and(|s| !s.is_open());
        let Some(detail) = self
            .incidents
            .detail
            .as_ref()
            .filter(|d| ending && d.incident.id == id)
        else {
            return String::new();
        };
        let out: Vec<&str> = detail
            .systems
            .iter()
            .filter(|(_, live)| {
                matches!(
                    live,
                    crate::tui::incidents::Live::Health(Health::Down | Health::Degraded)
                        | crate::tui::incidents::Live::Impacted
                )
            })
            .map(|(system, _)| {
                self.region
                    .system(system)
                    .map_or(system.as_str(), |s| s.name.as_str())
            })
            .collect();
        match out.len() {
            0 => String::new(),
            1..=3 => format!(" {} {}.", self.lang.t(T::StillOut), out.join(", ")),
            n => format!(
                " {} {} {} {}.",
                self.lang.t(T::StillOut),
                out[..3].join(", "),
                self.lang.t(T::AndMore),
                n - 3
            ),
        }
    }

    /// A prompt's answer picked from its list (and what was typed beside it: a milestone's
    /// time).
    fn finish_pick(
        &mut self,
        kind: Option<PromptKind>,
        (value, label): (String, String),
        text: String,
    ) -> Vec<Effect> {
        let (effect, question) = match kind {
            Some(PromptKind::Status(id)) => {
                let question = format!(
                    "{} {id} → {label}?{}",
                    self.lang.t(T::ConfirmStatus),
                    self.still_out_if_ending(&id, &value)
                );
                (
                    Effect::IncidentStatus {
                        id: id.clone(),
                        status: value,
                    },
                    question,
                )
            }
            Some(PromptKind::Milestone(id)) => {
                // The time as it will be saved, in words, before anything is saved; a time
                // that cannot be read keeps the prompt open with what was typed.
                let tz = self.region.site.time_zone;
                match crate::model::timespec::leading_time(&text, tz, self.now) {
                    Err(e) => {
                        self.message = Some((
                            format!("«{}» {}", e.input, self.lang.t(T::TimeUnreadable)),
                            true,
                        ));
                        self.prompt.input.set(&text);
                        self.prompt.picker = Some(self.milestone_picker().at_value(&value));
                        self.prompt.kind = Some(PromptKind::Milestone(id));
                        self.mode = Mode::Prompt;
                        return Vec::new();
                    }
                    Ok((at, _)) => (
                        Effect::IncidentMilestone {
                            id: id.clone(),
                            text: format!("{value} {text}").trim().to_string(),
                        },
                        format!(
                            "{} «{label}» {}?",
                            self.lang.t(T::ConfirmMilestone),
                            self.when_in_words(at.unwrap_or(self.now))
                        ),
                    ),
                }
            }
            Some(PromptKind::Role(id)) => {
                self.prompt.kind = Some(PromptKind::RolePerson(id, value));
                self.prompt.picker = Some(self.person_picker());
                self.mode = Mode::Prompt;
                return Vec::new();
            }
            Some(PromptKind::RolePerson(id, role)) => {
                return vec![Effect::IncidentRole {
                    id,
                    text: format!("{role} {value}"),
                }];
            }
            Some(PromptKind::DeclareSeverity(title, system)) => (
                Effect::Declare {
                    title: title.clone(),
                    system: system.clone(),
                    severity: Some(value),
                },
                format!(
                    "{} «{title}» ({label}){}?",
                    self.lang.t(T::ConfirmDeclare),
                    self.system_as_seen(system.as_deref())
                ),
            ),
            _ => return Vec::new(),
        };
        self.prompt.confirm = Some((effect, question));
        self.mode = Mode::Confirm;
        Vec::new()
    }

    pub(super) fn on_confirm_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        self.mode = Mode::Normal;
        // "There is already an active run": Enter opens it instead of starting another.
        if let Some(run) = self.prompt.confirm_open.take()
            && key.code == KeyCode::Enter
        {
            self.prompt.confirm = None;
            self.runbooks.run_open = true;
            self.runbooks.run_id = Some(run.clone());
            return vec![Effect::LoadRun(run)];
        }
        let confirmed = matches!(key.code, KeyCode::Char('j' | 'J' | 'y' | 'Y'));
        // A declined assessment summary goes back to the questions, every answer kept.
        if !confirmed && self.assessment_declined() {
            self.prompt.confirm = None;
            return Vec::new();
        }
        self.prompt.assess_back = None;
        match self.prompt.confirm.take() {
            Some((effect, _)) if confirmed => vec![effect],
            _ => {
                self.message = Some((self.lang.t(T::Cancelled).to_string(), false));
                Vec::new()
            }
        }
    }
}

impl App {
    /// The system a declaration is for, with the state the console shows for it now: " —
    /// RIS: nere sedan 03:10". The row acted on is the row seen: a list that reordered under
    /// the cursor shows here as a system in a state the person did not mean.
    fn system_as_seen(&self, system: Option<&str>) -> String {
        let Some(row) = system.and_then(|id| self.status.rows.iter().find(|r| r.id == id)) else {
            return String::new();
        };
        let since = row
            .since
            .map(|t| {
                format!(
                    " {} {}",
                    self.lang.t(T::SinceWord),
                    t.with_timezone(&self.region.site.time_zone).format("%H:%M")
                )
            })
            .unwrap_or_default();
        format!(
            " — {}: {}{since}",
            crate::model::shown::line(&row.name),
            self.lang.health(row.health)
        )
    }
}
