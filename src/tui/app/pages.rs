//! The router's side of pages: the ones calling this user, alerting once per
//! notification, acknowledging, paging a team (`tui::pages`: the alert).

use super::{App, Effect};
use crate::i18n::T;
use crate::model::page::Page;
use crate::tui::pages::*;

impl App {
    /// Open pages that have notified this user and are not acknowledged, newest first.
    pub fn my_pages(&self) -> Vec<&Page> {
        let me = self.user.account.as_str();
        let mut out: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.status.is_open() && p.recipients().contains(&me))
            .collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.triggered_at));
        out
    }

    /// New pages: notes the notifications for this user not alerted yet, and returns them.
    pub fn set_pages(&mut self, pages: Vec<Page>) -> Vec<Alert> {
        self.pages = pages;
        let me = self.user.account.clone();
        let mut alerts = Vec::new();
        for p in &self.pages {
            if !p.status.is_open() {
                continue;
            }
            for (event, _, n) in &p.notified {
                if n.recipients.contains(&me) && !self.alerted.contains(event) {
                    self.alerted.push(*event);
                    alerts.push(Alert {
                        page: p.id.clone(),
                        event: *event,
                        text: p.message.clone(),
                    });
                }
            }
        }
        alerts
    }

    /// `p`: page a team by hand — the selected system's owner team on the status screen, the
    /// selected layer's team on screen 4 — with a message (prefilled), then confirmed.
    pub(super) fn start_page(&mut self) -> Vec<Effect> {
        let target = match self.screen {
            crate::tui::action::Screen::Status => self.status.selected.as_ref().and_then(|id| {
                self.region.system(id).map(|s| {
                    (
                        s.owner_team.clone(),
                        Some(s.id.clone()),
                        format!("{}: ", s.name),
                    )
                })
            }),
            crate::tui::action::Screen::OnCall => self
                .oncall_takeable()
                .get(self.oncall.selected)
                .map(|(team, _)| (team.clone(), None, String::new())),
            _ => None,
        };
        let Some((team, system, prefill)) = target else {
            return Vec::new();
        };
        self.prompt.input.set(&prefill);
        self.prompt.kind = Some(super::PromptKind::Page(team, system));
        self.mode = super::Mode::Prompt;
        Vec::new()
    }

    /// `a`: acknowledge the newest page calling me (or, on screen 4, the first open page).
    pub(super) fn acknowledge(&mut self) -> Vec<Effect> {
        let id = self.my_pages().first().map(|p| p.id.clone()).or_else(|| {
            (self.screen == crate::tui::action::Screen::OnCall)
                .then(|| self.pages.iter().find(|p| p.status.is_open()))
                .flatten()
                .map(|p| p.id.clone())
        });
        match id {
            Some(id) if self.user.can_change_rota || self.user.can_write => {
                vec![Effect::Acknowledge(id)]
            }
            Some(_) => {
                self.message = Some((self.lang.t(T::NoteRefusedReadOnly).to_string(), true));
                Vec::new()
            }
            None => {
                self.message = Some((self.lang.t(T::NoPagesToAck).to_string(), false));
                Vec::new()
            }
        }
    }
}
