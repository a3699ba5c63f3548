//! The console's event loop: terminal input, a one-second clock, database changes from any
//! process, and signals, all into one loop that owns the state and draws only when
//! something changed. The terminal is restored on every way out.

use super::app::{App, Effect};
use super::data::{self, History};
use super::keymap::Keymap;
use super::theme::Theme;
use crate::i18n::{Lang, T};
use crate::model::region::Region;
use crate::ops::Actor;
use crate::ops::diary::{Note, write_note};
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::watcher::WATCH_EVERY;
/// How often uptime and sparklines are recomputed.
const HISTORY_EVERY: Duration = Duration::from_secs(15);

pub struct ConsoleOptions {
    pub region: Region,
    pub db: PathBuf,
    pub actor: Actor,
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub log_file: PathBuf,
    /// Run the monitor in this process when no other does.
    pub monitor: bool,
    /// Where the console remembers its screen and open run between sessions.
    pub view_file: PathBuf,
    /// Where `e` on screen 6 writes exports.
    pub export_dir: PathBuf,
    /// Warnings to show when the console opens (unsafe file modes).
    pub notices: Vec<String>,
}

pub(super) struct Loader {
    pub(super) export_dir: PathBuf,
    pub(super) store: Store,
    pub(super) region: Arc<Region>,
    pub(super) holder: String,
    pub(super) history: History,
    pub(super) history_at: Option<Instant>,
    /// The newest event the console has loaded: a change reloads only what the events
    /// after it touch.
    pub(super) seen: i64,
}

/// What the events written since the console last looked touch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Touched {
    pub status: bool,
    pub incidents: bool,
    pub oncall: bool,
    pub pages: bool,
    pub runs: bool,
    /// Something that can change any screen (a redaction, a restore): reload everything.
    pub everything: bool,
}

/// More new events than this at once (a restore, an import) reload everything.
const MAX_CHANGES: usize = 10_000;

impl Touched {
    pub(super) fn by(kinds: &[(i64, String)]) -> Touched {
        let mut t = Touched {
            everything: kinds.len() > MAX_CHANGES,
            ..Touched::default()
        };
        for (_, kind) in kinds {
            let family = kind.split('.').next().unwrap_or_default();
            match family {
                "system" | "maintenance" | "monitor" => t.status = true,
                "incident" | "review" | "export" => t.incidents = true,
                "oncall" => t.oncall = true,
                "page" => t.pages = true,
                "run" => t.runs = true,
                "log" => t.everything = true,
                _ => {}
            }
        }
        t
    }
}

impl Loader {
    /// Reloads what the events after the last one seen touch (and the monitor's state and
    /// the damage marker, which are not events). The periodic path: nothing here reads
    /// more than the new events, a projection's rows or an index range.
    fn changed(&mut self, app: &mut App) -> Result<(), StoreError> {
        let now = Utc::now();
        let new = self.store.kinds_after(self.seen, MAX_CHANGES + 1)?;
        let t = Touched::by(&new);
        if t.everything {
            return self.status(app);
        }
        if let Some((id, _)) = new.last() {
            self.seen = *id;
        }
        app.monitor = data::load_monitor(&self.store, &self.region, &self.holder, now)?;
        app.damaged = self.store.damaged().map(|d| d.found);
        let stale = self.history_at.is_none_or(|t| t.elapsed() >= HISTORY_EVERY);
        if stale {
            self.history = data::load_history(&self.store, now)?;
            self.history_at = Some(Instant::now());
        }
        if t.status || stale {
            app.set_rows(data::load_rows(&self.store, &self.region, &self.history)?);
        }
        if t.incidents {
            app.set_incidents(self.store.incident_rows(true)?);
            if app.screen == super::action::Screen::Review {
                app.review_queue = self.review_queue()?;
            }
        }
        // The open incident's timeline holds its systems' status changes, runs and pages.
        if (t.incidents || t.runs || t.pages || t.status)
            && app.incident_open
            && let Some(id) = app.selected_incident().map(|r| r.id.clone())
        {
            app.incident = super::incident_effects::load(&self.store, &id)?;
        }
        if t.oncall {
            app.oncall_overrides = self.store.oncall_overrides()?;
            app.handoff_notes = self.store.handoff_notes(now)?;
        }
        if t.pages {
            let alerts = app.set_pages(self.store.pages(false)?);
            app.pending_alerts.extend(alerts);
        }
        if t.runs && app.screen == super::action::Screen::Runbooks {
            self.runs(app)?;
        }
        if app.detail_open
            && let Some(id) = app.selected.clone()
        {
            app.detail = Some(data::load_detail(&self.store, &id)?);
        }
        Ok(())
    }

    /// Reloads everything the status, incident, on-call and review screens show (at start
    /// and when the person switches screens).
    pub(super) fn status(&mut self, app: &mut App) -> Result<(), StoreError> {
        let now = Utc::now();
        self.seen = self.store.head()?.map(|(id, _)| id).unwrap_or(0);
        if self.history_at.is_none_or(|t| t.elapsed() >= HISTORY_EVERY) {
            self.history = data::load_history(&self.store, now)?;
            self.history_at = Some(Instant::now());
        }
        app.set_rows(data::load_rows(&self.store, &self.region, &self.history)?);
        app.set_incidents(self.store.incident_rows(true)?);
        if app.incident_open
            && let Some(id) = app.selected_incident().map(|r| r.id.clone())
        {
            app.incident = super::incident_effects::load(&self.store, &id)?;
        }
        app.monitor = data::load_monitor(&self.store, &self.region, &self.holder, now)?;
        app.damaged = self.store.damaged().map(|d| d.found);
        app.oncall_overrides = self.store.oncall_overrides()?;
        app.handoff_notes = self.store.handoff_notes(now)?;
        if app.screen == super::action::Screen::Review {
            app.review_queue = self.review_queue()?;
        }
        let alerts = app.set_pages(self.store.pages(false)?);
        app.pending_alerts.extend(alerts);
        if app.screen == super::action::Screen::Runbooks {
            self.runs(app)?;
        }
        if app.detail_open
            && let Some(id) = app.selected.clone()
        {
            app.detail = Some(data::load_detail(&self.store, &id)?);
        }
        Ok(())
    }

    /// Flagged incidents (any status), oldest first, with their review.
    fn review_queue(&self) -> Result<Vec<super::review::ReviewRow>, StoreError> {
        let mut rows: Vec<_> = self
            .store
            .incident_rows(true)?
            .into_iter()
            .filter(|r| r.patient_safety)
            .collect();
        rows.sort_by_key(|r| r.declared_at);
        rows.iter()
            .map(|r| {
                let events =
                    crate::store::incidents::incident_events(self.store.connection(), &r.id)?;
                Ok(super::review::ReviewRow::new(
                    r,
                    &crate::model::assessment::fold(&events)?,
                ))
            })
            .collect()
    }

    /// The runs list and the open run (another person's steps show up here).
    fn runs(&mut self, app: &mut App) -> Result<(), StoreError> {
        app.set_runs(self.store.run_rows()?);
        if let Some(id) = app.run_id.clone().filter(|_| app.run_open) {
            app.set_run(super::run_effects::load_run(&self.store, &id)?);
        }
        Ok(())
    }

    /// Carries out an effect. A write of typed text that is refused brings its prompt back
    /// with the text as typed and the reason under it, to be fixed rather than retyped.
    pub(super) fn run(
        &mut self,
        app: &mut App,
        effect: Effect,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let typed = app.typed_in(&effect).then(|| effect.clone());
        let again = effect.clone();
        let before = app.message.clone();
        self.carry_out(app, effect, actor)?;
        // Another process held the log past the console's short wait: nothing was written.
        // The write waits in line and is tried again between frames, the console answering
        // keys meanwhile ("sparar…").
        if self.store.take_write_busy() {
            app.message = Some((app.lang.t(T::SavingBusy).to_string(), false));
            app.pending_writes.push(again);
            return Ok(());
        }
        if let Some(effect) = typed
            && app.message != before
            && app.message.as_ref().is_some_and(|(_, error)| *error)
        {
            app.reopen_with(&effect);
        }
        Ok(())
    }

    fn carry_out(
        &mut self,
        app: &mut App,
        effect: Effect,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        const PAGE: usize = 200;
        match effect {
            Effect::ReloadStatus => self.status(app)?,
            Effect::ReloadChanged => self.changed(app)?,
            Effect::LoadDetail(id) => app.detail = Some(data::load_detail(&self.store, &id)?),
            Effect::ReloadLog => {
                let page = self.store.events_page(&app.log_filter, None, PAGE)?;
                app.set_log(page, false);
            }
            Effect::LoadOlderLog => {
                let before = app.log.last().map(|e| e.id);
                let page = self.store.events_page(&app.log_filter, before, PAGE)?;
                app.set_log(page, true);
            }
            Effect::ReloadIncidents => {
                app.set_incidents(self.store.incident_rows(true)?);
                if app.incident_open
                    && let Some(id) = app.selected_incident().map(|r| r.id.clone())
                {
                    self.carry_out(app, Effect::LoadIncident(id), actor)?;
                }
            }
            Effect::ReloadRuns => self.runs(app)?,
            Effect::LoadRun(id) => {
                let view = super::run_effects::load_run(&self.store, &id)?;
                if view.is_none() {
                    app.message = Some((format!("{id}: {}", app.lang.t(T::RunGone)), true));
                    app.run_open = false;
                }
                app.set_run(view);
            }
            e @ (Effect::StartRun { .. }
            | Effect::RunStep { .. }
            | Effect::RunStepAsOtherRole { .. }
            | Effect::CompleteRun(_)
            | Effect::AbortRun { .. }) => {
                let (started, step_taken) =
                    super::run_effects::carry_out(&mut self.store, &self.region, actor, app, e);
                if let Some(id) = started {
                    app.run_open = true;
                    app.run_id = Some(id.clone());
                    app.runbook_selected = Some(format!("run:{id}"));
                    app.runbook_chosen = true;
                }
                let at = app.step_cursor;
                self.runs(app)?;
                if step_taken {
                    app.advance_cursor(at);
                }
            }
            Effect::Page {
                team,
                system,
                message,
            } => {
                let p = crate::ops::page::NewPage {
                    target: crate::ops::page::PageTarget::Team(team),
                    message,
                    system,
                    incident: None,
                };
                match crate::ops::page::trigger(
                    &mut self.store,
                    &self.region,
                    actor,
                    &p,
                    Utc::now(),
                ) {
                    Ok(id) => {
                        app.message = Some((format!("{}: {id}", app.lang.t(T::Paged)), false))
                    }
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                let alerts = app.set_pages(self.store.pages(false)?);
                app.pending_alerts.extend(alerts);
            }
            Effect::LoadRecord(id) => {
                match crate::export::lex_maria::render(
                    &self.store,
                    &self.region,
                    &id,
                    "md",
                    &actor.account,
                    Utc::now(),
                ) {
                    Ok(r) => app.record = Some(r.text.lines().map(str::to_string).collect()),
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
            }
            Effect::ExportRecord(id) => {
                if let Err(e) = actor.require(crate::model::role::Permission::ExportLexMaria) {
                    app.message = Some((e.to_string(), true));
                    return Ok(());
                }
                let now = Utc::now();
                let dir = self.export_dir.clone();
                let mut saved = Vec::new();
                let mut failed = None;
                for format in ["md", "pdf"] {
                    match crate::export::lex_maria::render(
                        &self.store,
                        &self.region,
                        &id,
                        format,
                        &actor.account,
                        now,
                    ) {
                        Ok(r) => {
                            let path = dir.join(format!("{id}.{format}"));
                            let written = std::fs::create_dir_all(&dir)
                                .and_then(|_| crate::host::write_atomically(&path, &r.bytes));
                            match written {
                                Ok(()) => {
                                    crate::export::lex_maria::record(
                                        &mut self.store,
                                        actor,
                                        &id,
                                        format,
                                        &r,
                                        now,
                                    )?;
                                    saved.push(path.display().to_string());
                                }
                                Err(e) => failed = Some(format!("{}: {e}", path.display())),
                            }
                        }
                        Err(e) => failed = Some(e.to_string()),
                    }
                }
                app.message = Some(match failed {
                    Some(e) => (e, true),
                    None => (
                        format!("{}: {}", app.lang.t(T::Exported), saved.join(", ")),
                        false,
                    ),
                });
            }
            Effect::Assess {
                incident,
                mut assessment,
            } => {
                // What the console does not ask (earlier events, actions, care units) is kept
                // from the assessment before, if any.
                let events =
                    crate::store::incidents::incident_events(self.store.connection(), &incident)?;
                if let Some((before, ..)) = crate::model::assessment::fold(&events)?.assessment {
                    assessment.earlier = before.earlier;
                    assessment.actions = before.actions;
                    assessment.care_units = before.care_units;
                }
                match crate::ops::review::assess(
                    &mut self.store,
                    actor,
                    &incident,
                    &assessment,
                    Utc::now(),
                ) {
                    Ok(_) => app.message = Some((app.lang.t(T::IncDone).to_string(), false)),
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                app.review_queue = self.review_queue()?;
            }
            Effect::LoadYear => {
                let year =
                    chrono::Datelike::year(&Utc::now().with_timezone(&self.region.site.time_zone));
                if let Some(r) = crate::export::year::build(&self.store, &self.region, year)? {
                    app.record = Some(
                        crate::export::year::to_markdown(&self.region, &r)
                            .lines()
                            .filter(|l| !l.starts_with("```"))
                            .map(str::to_string)
                            .collect(),
                    );
                }
            }
            Effect::Decide {
                incident,
                report,
                motivation,
            } => {
                let d = crate::model::assessment::Decision { report, motivation };
                match crate::ops::review::decide(&mut self.store, actor, &incident, &d, Utc::now())
                {
                    Ok(_) => app.message = Some((app.lang.t(T::IncDone).to_string(), false)),
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                app.review_queue = self.review_queue()?;
            }
            Effect::HandoffNote { team, layer, text } => {
                match crate::ops::oncall::handoff_note(
                    &mut self.store,
                    &self.region,
                    actor,
                    &team,
                    Some(&layer),
                    &text,
                    Utc::now(),
                ) {
                    Ok(_) => app.message = Some((app.lang.t(T::HandoffSaved).to_string(), false)),
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                app.handoff_notes = self.store.handoff_notes(Utc::now())?;
            }
            Effect::Acknowledge(id) => {
                match crate::ops::page::acknowledge(&mut self.store, actor, &id, Utc::now()) {
                    Ok(_) => {
                        app.message =
                            Some((format!("{}: {id}", app.lang.t(T::Acknowledged)), false))
                    }
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                let alerts = app.set_pages(self.store.pages(false)?);
                app.pending_alerts.extend(alerts);
            }
            Effect::TakeShift { team, layer } => {
                match crate::ops::oncall::take_shift(
                    &mut self.store,
                    &self.region,
                    actor,
                    &team,
                    Some(&layer),
                    "",
                    Utc::now(),
                ) {
                    Ok(_) => {
                        app.message = Some((
                            format!("{}: {team} {layer}", app.lang.t(T::ShiftTaken)),
                            false,
                        ))
                    }
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                app.oncall_overrides = self.store.oncall_overrides()?;
            }
            Effect::LoadIncident(id) => {
                app.incident = super::incident_effects::load(&self.store, &id)?;
            }
            e @ (Effect::Declare { .. }
            | Effect::IncidentNote { .. }
            | Effect::IncidentStatus { .. }
            | Effect::IncidentMilestone { .. }
            | Effect::IncidentRole { .. }
            | Effect::IncidentFlag { .. }) => {
                let declared = super::incident_effects::carry_out(
                    &mut self.store,
                    &self.region,
                    actor,
                    app,
                    e,
                );
                app.set_incidents(self.store.incident_rows(true)?);
                if let Some(id) = declared {
                    app.screen = super::action::Screen::Incidents;
                    app.select_incident(&id);
                    app.incident_open = true;
                }
                if let Some(id) = app.selected_incident().map(|r| r.id.clone())
                    && app.incident_open
                {
                    app.incident = super::incident_effects::load(&self.store, &id)?;
                }
            }
            Effect::SaveNote(text) => {
                let note = Note {
                    text,
                    occurred_at: None,
                    system: None,
                };
                match write_note(&mut self.store, &self.region, actor, &note, Utc::now()) {
                    Ok(e) => {
                        app.message =
                            Some((format!("{} #{}", app.lang.t(T::NoteSaved), e.id), false))
                    }
                    Err(e) => {
                        app.message = Some((
                            crate::i18n::failure::describe(app.lang, app.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
                self.carry_out(app, Effect::ReloadLog, actor)?;
            }
        }
        Ok(())
    }
}

pub use super::event_loop::run;

#[cfg(test)]
#[path = "run_plans.rs"]
mod plans;
