//! What the router does with the effect worker (`tui::worker`): the view an effect concerns
//! (`Focus`), handing effects over, and applying what one changed (`Done`).

use super::{App, Effect};
use crate::tui::worker::Worker;
use crate::tui::worker_io::{Done, Focus};

impl App {
    pub fn focus(&self) -> Focus {
        Focus {
            lang: self.lang,
            screen: self.screen,
            incident: self
                .incidents
                .open
                .then(|| self.selected_incident().map(|r| r.id.clone()))
                .flatten(),
            detail: self
                .status
                .selected
                .clone()
                .filter(|_| self.status.detail_open),
            run: self
                .runbooks
                .run_id
                .clone()
                .filter(|_| self.runbooks.run_open),
            log_filter: self.log.filter.clone(),
            log_oldest: self.log.events.last().map(|e| e.id),
        }
    }
}

impl App {
    /// Applies what an effect changed. Data for a view no longer open (the person moved
    /// on while it loaded) is left out; a refused write of typed text reopens its prompt
    /// with the text as typed and the reason under it, unless another prompt is open now.
    pub fn apply_done(&mut self, done: Done) {
        let Done { effect, patch: p } = done;
        if effect.writes() {
            self.writes_in_flight = self.writes_in_flight.saturating_sub(1);
        }
        if p.busy {
            self.message = Some((self.lang.t(crate::i18n::T::SavingBusy).to_string(), false));
            self.pending_writes.push(effect);
            return;
        }
        if let Some(rows) = p.rows {
            self.set_rows(rows);
        }
        if let Some(rows) = p.incidents {
            self.set_incidents(rows);
        }
        if let Some(id) = p.declared {
            self.screen = crate::tui::action::Screen::Incidents;
            self.select_incident(&id);
            self.incidents.open = true;
        }
        if let Some((id, detail)) = p.incident
            && self.incidents.open
            && self.selected_incident().is_some_and(|r| r.id == id)
        {
            // Scrolled back, the window stays on what it shows while new events arrive.
            let grown = |d: &Option<crate::tui::incidents::IncidentDetail>| {
                d.as_ref().map_or(0, |d| d.timeline.len())
            };
            if self.incidents.timeline_back > 0 {
                self.incidents.timeline_back +=
                    grown(&detail).saturating_sub(grown(&self.incidents.detail));
            }
            self.incidents.detail = detail;
        }
        if let Some(m) = p.monitor {
            self.monitor = m;
        }
        if let Some(d) = p.damaged {
            self.damaged = d;
        }
        if let Some(o) = p.overrides {
            self.oncall.overrides = o;
        }
        if let Some(h) = p.handoff_notes {
            self.oncall.handoff_notes = h;
        }
        if let Some(q) = p.review_queue {
            self.review.queue = q;
        }
        if let Some(pages) = p.pages {
            let alerts = self.set_pages(pages);
            self.pending_alerts.extend(alerts);
        }
        if let Some(unmapped) = p.unmapped {
            if unmapped.is_empty() {
                self.status.unmapped_open = false;
            }
            self.status.unmapped = unmapped;
        }
        if let Some(id) = p.started_run {
            self.runbooks.run_open = true;
            self.runbooks.selected = Some(format!("run:{id}"));
            self.runbooks.run_id = Some(id);
            self.runbooks.chosen = true;
        }
        if let Some(rows) = p.runs {
            self.set_runs(rows);
        }
        if let Some((id, view)) = p.run
            && self.runbooks.run_open
            && self.runbooks.run_id.as_deref() == Some(id.as_str())
        {
            if view.is_none() {
                self.runbooks.run_open = false;
            }
            self.set_run(view);
        }
        if let Some(step) = p.step_taken {
            self.advance_cursor(step.saturating_sub(1));
        }
        if let Some((id, detail)) = p.detail
            && self.status.detail_open
            && self.status.selected.as_deref() == Some(id.as_str())
        {
            self.status.detail = Some(detail);
        }
        if let Some((filter, page, older)) = p.log
            && filter == self.log.filter
        {
            self.set_log(page, older);
        }
        if let Some(record) = p.record {
            self.review.record = Some(record);
        }
        if let Some(record) = p.refreshed_record
            && self.review.record.is_some()
        {
            self.review.record = Some(record);
        }
        if let Some(failed) = p.failed {
            self.message = Some((failed, true));
        } else if let Some(message) = p.message {
            let refused = message.1;
            self.message = Some(message);
            if refused && self.typed_in(&effect) && self.mode == super::Mode::Normal {
                self.reopen_with(&effect);
            }
        }
    }

    /// Hands effects to the worker, in order: "sparar…" shows while a write is under way.
    pub fn dispatch(&mut self, worker: &Worker, effects: Vec<Effect>) {
        for effect in effects {
            if effect.writes() {
                self.writes_in_flight += 1;
                self.message = Some((self.lang.t(crate::i18n::T::Saving).to_string(), false));
            }
            if !worker.send(effect, self.focus()) {
                self.message = Some((self.lang.t(crate::i18n::T::WorkerGone).to_string(), true));
            }
        }
    }
}
