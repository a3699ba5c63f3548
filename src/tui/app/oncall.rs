//! The router's side of screen 4: the rota in force, taking a shift, the handoff note and
//! its notice (rows and cover strips: `tui::oncall`).

use super::{App, Effect, Mode};
use crate::i18n::T;
use crate::model::oncall::Rota;
use crate::tui::action::Screen;
use crate::tui::oncall::*;
use chrono::Duration;

impl App {
    pub fn rota(&self) -> Rota {
        self.region.rota(self.oncall.overrides.clone())
    }

    /// The layers one can take a shift of (internal teams with a rota), in screen order.
    pub fn oncall_takeable(&self) -> Vec<(String, String)> {
        rows(&self.region, &self.rota(), self.lang, self.now)
            .into_iter()
            .filter(|r| !r.supplier && !r.layer.is_empty())
            .map(|r| (r.team, r.layer))
            .collect()
    }

    /// `t` on screen 4: take the selected layer's shift now (asks first).
    pub(super) fn start_take_shift(&mut self) -> Vec<Effect> {
        if self.screen != Screen::OnCall {
            return Vec::new();
        }
        if !self.user.can_change_rota {
            self.message = Some((
                format!(
                    "{} ({}: {})",
                    self.lang.t(T::RotaNotAllowed),
                    self.lang.t(T::Roles),
                    self.user.roles
                ),
                true,
            ));
            return Vec::new();
        }
        let Some((team, layer)) = self.oncall_takeable().get(self.oncall.selected).cloned() else {
            return Vec::new();
        };
        let (_, until) = self.rota().span(&team, &layer, self.now);
        let question = format!(
            "{} {team} {layer} {} {}?",
            self.lang.t(T::ConfirmTake),
            self.lang.t(T::Until),
            until
                .with_timezone(&self.region.site.time_zone)
                .format("%a %d/%m %H:%M")
        );
        self.prompt.confirm = Some((Effect::TakeShift { team, layer }, question));
        self.mode = Mode::Confirm;
        Vec::new()
    }
}

impl App {
    /// "You go on call in 1 h 50 min", with the handoff note left for you.
    pub fn handoff_notice(&self) -> Option<String> {
        let (team, layer, from) = upcoming_shift(
            &self.rota(),
            &self.region,
            &self.user.account,
            self.now,
            Duration::hours(2),
        )?;
        let mins = (from - self.now).num_minutes().max(0);
        let local = from.with_timezone(&self.region.site.time_zone);
        let mut text = format!(
            "{} {team} {layer} {} {} h {} min ({})",
            self.lang.t(T::YouGoOnCall),
            self.lang.t(T::In),
            mins / 60,
            mins % 60,
            local.format("%H:%M")
        );
        if let Some(n) = self
            .oncall
            .handoff_notes
            .iter()
            .rev()
            .find(|n| n.team == team && n.layer == layer && n.at > self.now - Duration::days(8))
        {
            text.push_str(&format!(
                " · {} {}: {}",
                self.lang.t(T::HandoffFrom),
                n.by,
                n.text
            ));
        }
        Some(text)
    }

    /// `n` on screen 4: a handoff note for the selected layer.
    pub(super) fn start_handoff_note(&mut self) -> Vec<Effect> {
        if !self.user.can_change_rota {
            self.message = Some((self.lang.t(T::RotaNotAllowed).to_string(), true));
            return Vec::new();
        }
        let Some((team, layer)) = self.oncall_takeable().get(self.oncall.selected).cloned() else {
            return Vec::new();
        };
        self.prompt.input.clear();
        self.prompt.kind = Some(super::PromptKind::Handoff(team, layer));
        self.mode = Mode::Prompt;
        Vec::new()
    }
}
