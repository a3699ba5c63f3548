//! The console's event loop: terminal input, a one-second clock, database changes from any
//! process, and signals, all into one loop that owns the state and draws only when
//! something changed. The terminal is restored on every way out.

use super::action::Screen;
use super::app::Effect;
use super::data::{self, History};
use super::keymap::Keymap;
use super::theme::Theme;
use super::worker_io::{Focus, Patch};
use crate::i18n::{Lang, T};
use crate::model::region::Region;
use crate::ops::Actor;
use crate::ops::diary::{Note, write_note};
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// With a log of record: the configuration in force, recorded (when it differs from
    /// the last recorded) as soon as the worker reaches the log of record — the console
    /// does not wait for the network before its first frame, and one started while the
    /// log of record is down records it when it is back.
    pub configuration: Option<crate::model::payload::ConfigApplied>,
}

pub(super) struct Loader {
    pub(super) export_dir: PathBuf,
    /// Where the view is remembered between sessions.
    pub(super) views: super::resume::ViewFile,
    pub(super) store: Store,
    pub(super) region: Arc<Region>,
    pub(super) holder: String,
    pub(super) history: History,
    pub(super) history_at: Option<Instant>,
    /// The newest event the console has loaded: a change reloads only what the events
    /// after it touch.
    pub(super) seen: i64,
    /// The log of record, when the region keeps one, and when it was last tried: the
    /// console draws from this host's file at once and attaches it on the worker (and
    /// again, at most every few seconds, while it cannot be reached).
    pub(super) log_of_record: Option<crate::model::region::LogOfRecord>,
    pub(super) reach_tried: Option<Instant>,
}

pub(super) use super::touched::{MAX_CHANGES, Touched};

/// How often the worker tries again to reach a log of record it could not.
const REACH_AGAIN: std::time::Duration = std::time::Duration::from_secs(5);

impl Loader {
    /// On the worker only (the PostgreSQL client blocks): attaches the log of record when
    /// the region keeps one and it is not attached — before a write always, otherwise at
    /// most every few seconds. Until then this host's file is shown and takes no write (it
    /// follows the log of record).
    pub(super) fn reach_log_of_record(&mut self, for_write: bool) {
        let Some(log) = &self.log_of_record else {
            return;
        };
        if self.store.has_remote()
            || (!for_write && self.reach_tried.is_some_and(|t| t.elapsed() < REACH_AGAIN))
        {
            return;
        }
        self.reach_tried = Some(Instant::now());
        let attached = crate::store::remote::RemoteLog::connect(&log.into())
            .and_then(|remote| self.store.attach_remote(remote));
        let unreached = match attached {
            Ok(()) => {
                tracing::info!("the log of record is attached");
                // The configuration in force, pending since the start (`ConsoleOptions::
                // configuration`); kept pending for the next write when this fails.
                if let Err(e) = self.store.record_configuration() {
                    tracing::warn!("the configuration in force is not recorded yet: {e}");
                }
                None
            }
            Err(e) => {
                tracing::warn!("the log of record cannot be attached: {e}");
                Some(match e {
                    StoreError::Remote(f) => f.said().to_string(),
                    other => other.to_string(),
                })
            }
        };
        // A write refused meanwhile says why, not only that the file follows the log.
        self.store.set_unreached(unreached);
    }

    /// Reloads what the events after the last one seen touch (and the monitor's state and
    /// the damage marker, which are not events). The periodic path: nothing here reads
    /// more than the new events, a projection's rows or an index range.
    fn changed(&mut self, f: &Focus, p: &mut Patch) -> Result<(), StoreError> {
        let now = Utc::now();
        let new = self.store.kinds_after(self.seen, MAX_CHANGES + 1)?;
        let t = Touched::by(&new);
        if t.everything {
            return self.status(f, p);
        }
        if let Some((id, _)) = new.last() {
            self.seen = *id;
        }
        self.monitor_and_damage(p, now)?;
        let stale = self.history_at.is_none_or(|t| t.elapsed() >= HISTORY_EVERY);
        if stale {
            self.history = data::load_history(&self.store, now)?;
            self.history_at = Some(Instant::now());
        }
        if t.status || stale {
            p.rows = Some(data::load_rows(&self.store, &self.region, &self.history)?);
        }
        if t.incidents {
            p.incidents = Some(self.store.incident_rows(true)?);
            if f.screen == Screen::Review {
                p.review_queue = Some(self.review_queue()?);
            }
        }
        // The open incident's timeline holds its systems' status changes, runs and pages.
        if t.incidents || t.runs || t.pages || t.status {
            self.open_incident(f, p)?;
        }
        if t.oncall {
            p.overrides = Some(self.store.oncall_overrides()?);
            p.handoff_notes = Some(self.store.handoff_notes(now)?);
        }
        if t.pages {
            p.pages = Some(self.store.pages(false)?);
        }
        if t.alerts {
            p.unmapped = Some(self.unmapped()?);
        }
        if t.runs && f.screen == Screen::Runbooks {
            self.runs(f, p)?;
        }
        if let Some(id) = &f.detail {
            p.detail = Some((id.clone(), data::load_detail(&self.store, id)?));
        }
        Ok(())
    }

    /// The monitor's state and the damage marker (neither is an event).
    fn monitor_and_damage(
        &self,
        p: &mut Patch,
        now: chrono::DateTime<Utc>,
    ) -> Result<(), StoreError> {
        p.monitor = Some(data::load_monitor(
            &self.store,
            &self.region,
            &self.holder,
            now,
        )?);
        p.damaged = Some(self.store.damaged().map(|d| d.found));
        Ok(())
    }

    fn open_incident(&self, f: &Focus, p: &mut Patch) -> Result<(), StoreError> {
        if let Some(id) = &f.incident {
            p.incident = Some((id.clone(), super::incident_effects::load(&self.store, id)?));
        }
        Ok(())
    }

    /// Reloads everything the status, incident, on-call and review screens show (at start
    /// and when the person switches screens).
    pub(super) fn status(&mut self, f: &Focus, p: &mut Patch) -> Result<(), StoreError> {
        let now = Utc::now();
        self.seen = self.store.head()?.map(|(id, _)| id).unwrap_or(0);
        if self.history_at.is_none_or(|t| t.elapsed() >= HISTORY_EVERY) {
            self.history = data::load_history(&self.store, now)?;
            self.history_at = Some(Instant::now());
        }
        p.rows = Some(data::load_rows(&self.store, &self.region, &self.history)?);
        p.incidents = Some(self.store.incident_rows(true)?);
        self.open_incident(f, p)?;
        self.monitor_and_damage(p, now)?;
        p.overrides = Some(self.store.oncall_overrides()?);
        p.handoff_notes = Some(self.store.handoff_notes(now)?);
        if f.screen == Screen::Review {
            p.review_queue = Some(self.review_queue()?);
        }
        p.pages = Some(self.store.pages(false)?);
        p.unmapped = Some(self.unmapped()?);
        if f.screen == Screen::Runbooks {
            self.runs(f, p)?;
        }
        if let Some(id) = &f.detail {
            p.detail = Some((id.clone(), data::load_detail(&self.store, id)?));
        }
        Ok(())
    }

    /// The firing alerts no system's check maps — by the configuration this console runs
    /// with, so mapping one in the configuration takes it off the list.
    fn unmapped(&self) -> Result<Vec<crate::store::alerts::Unmapped>, StoreError> {
        let mapping = crate::ops::alert::Mapping::of(&self.region);
        Ok(self
            .store
            .unmapped_alerts(super::views::unmapped::SHOWN)?
            .into_iter()
            .filter(|a| mapping.systems_for(&a.source, &a.labels).is_empty())
            .collect())
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
                let events = self.store.incident_events(&r.id)?;
                let care_units = crate::model::incident_log::fold(&events)?
                    .map(|i| i.care_units)
                    .unwrap_or_default();
                let review = crate::model::assessment::fold(&events)?;
                Ok(super::review::ReviewRow::new(r, &review, care_units))
            })
            .collect()
    }

    /// The runs list and the open run (another person's steps show up here).
    fn runs(&mut self, f: &Focus, p: &mut Patch) -> Result<(), StoreError> {
        p.runs = Some(self.store.run_rows()?);
        if let Some(id) = &f.run {
            p.run = Some((id.clone(), super::run_effects::load_run(&self.store, id)?));
        }
        Ok(())
    }

    /// Carries out an effect here and now and applies it (at start, before the worker
    /// takes the loader; and in tests).
    /// Err: what could not be loaded (also shown in the footer).
    pub(super) fn run(
        &mut self,
        app: &mut super::app::App,
        effect: Effect,
        actor: &Actor,
    ) -> Result<(), String> {
        let patch = self.carry(&app.focus(), effect.clone(), actor);
        let failed = patch.failed.clone();
        app.apply_done(super::worker_io::Done { effect, patch });
        failed.map_or(Ok(()), Err)
    }

    /// Carries out an effect on the worker (`tui::worker`) and says what changed.
    pub(super) fn carry(&mut self, f: &Focus, effect: Effect, actor: &Actor) -> Patch {
        let mut p = Patch::default();
        if let Err(e) = self.carry_out(f, &mut p, effect, actor) {
            p.failed = Some(format!(
                "{}: {}",
                f.lang.t(T::LoadError),
                crate::i18n::failure::describe(f.lang, self.region.site.time_zone, &e)
            ));
        }
        // Another process held the log past the console's short wait: nothing was written.
        // The console keeps the write in line and asks again ("sparar…").
        p.busy = self.store.take_write_busy();
        p
    }

    /// A write's outcome in the footer: what was done, or the refusal in the interface
    /// language.
    fn said<T2>(
        &self,
        f: &Focus,
        p: &mut Patch,
        result: Result<T2, crate::ops::OpError>,
        ok: impl FnOnce(T2) -> String,
    ) {
        p.message = Some(match result {
            Ok(v) => (ok(v), false),
            Err(e) => (
                crate::i18n::failure::describe(f.lang, self.region.site.time_zone, &e),
                true,
            ),
        });
    }

    fn carry_out(
        &mut self,
        f: &Focus,
        p: &mut Patch,
        effect: Effect,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        const PAGE: usize = 200;
        let lang = f.lang;
        match effect {
            Effect::ReloadStatus => self.status(f, p)?,
            Effect::ReloadChanged => self.changed(f, p)?,
            Effect::LoadDetail(id) => {
                let d = data::load_detail(&self.store, &id)?;
                p.detail = Some((id, d));
            }
            Effect::ReloadLog => {
                let page = self.store.events_page(&f.log_filter, None, PAGE)?;
                p.log = Some((f.log_filter.clone(), page, false));
            }
            Effect::LoadOlderLog => {
                let page = self.store.events_page(&f.log_filter, f.log_oldest, PAGE)?;
                p.log = Some((f.log_filter.clone(), page, true));
            }
            Effect::ReloadIncidents => {
                p.incidents = Some(self.store.incident_rows(true)?);
                self.open_incident(f, p)?;
            }
            Effect::ReloadRuns => self.runs(f, p)?,
            Effect::LoadRun(id) => {
                let view = super::run_effects::load_run(&self.store, &id)?;
                if view.is_none() {
                    p.message = Some((format!("{id}: {}", lang.t(T::RunGone)), true));
                }
                p.run = Some((id, view));
            }
            e @ (Effect::StartRun { .. }
            | Effect::RunStep { .. }
            | Effect::RunStepAsOtherRole { .. }
            | Effect::CompleteRun(_)
            | Effect::AbortRun { .. }) => {
                let (started, step_taken, message) =
                    super::run_effects::carry_out(&mut self.store, &self.region, actor, lang, e);
                p.message = Some(message);
                p.step_taken = step_taken;
                let mut f = f.clone();
                if let Some(id) = started {
                    f.run = Some(id.clone());
                    p.started_run = Some(id);
                }
                self.runs(&f, p)?;
            }
            Effect::Page {
                team,
                system,
                message,
            } => {
                let page = crate::ops::page::NewPage {
                    target: crate::ops::page::PageTarget::Team(team),
                    message,
                    system,
                    incident: None,
                };
                let r = crate::ops::page::trigger(
                    &mut self.store,
                    &self.region,
                    actor,
                    &page,
                    Utc::now(),
                );
                self.said(f, p, r, |id| format!("{}: {id}", lang.t(T::Paged)));
                p.pages = Some(self.store.pages(false)?);
            }
            Effect::LoadRecord(id) => {
                match crate::export::lex_maria::render(
                    &self.store,
                    &self.region,
                    &id,
                    "md",
                    f.lang,
                    &actor.account,
                    Utc::now(),
                ) {
                    Ok(r) => p.record = Some(r.text.lines().map(str::to_string).collect()),
                    Err(e) => {
                        p.message = Some((
                            crate::i18n::failure::describe(lang, self.region.site.time_zone, &e),
                            true,
                        ))
                    }
                }
            }
            Effect::ExportRecord(id) => p.message = Some(self.export(lang, &id, actor)?),
            Effect::Assess {
                incident,
                assessment,
            } => {
                let r = crate::ops::review::assess(
                    &mut self.store,
                    actor,
                    &incident,
                    &assessment,
                    Utc::now(),
                );
                self.said(f, p, r, |_| lang.t(T::IncDone).to_string());
                p.review_queue = Some(self.review_queue()?);
                self.refreshed_record(p, &incident, actor, lang);
            }
            Effect::LoadYear => {
                let year =
                    chrono::Datelike::year(&Utc::now().with_timezone(&self.region.site.time_zone));
                if let Some(r) = crate::export::year::build(&self.store, &self.region, year)? {
                    p.record = Some(
                        crate::export::year::to_markdown(f.lang, &self.region, &r)
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
                against_assessment,
            } => {
                let d = crate::model::assessment::Decision {
                    report,
                    motivation,
                    against_assessment,
                };
                let r =
                    crate::ops::review::decide(&mut self.store, actor, &incident, &d, Utc::now());
                self.said(f, p, r, |_| lang.t(T::IncDone).to_string());
                p.review_queue = Some(self.review_queue()?);
                self.refreshed_record(p, &incident, actor, lang);
            }
            Effect::HandoffNote { team, layer, text } => {
                let r = crate::ops::oncall::handoff_note(
                    &mut self.store,
                    &self.region,
                    actor,
                    &team,
                    Some(&layer),
                    &text,
                    Utc::now(),
                );
                self.said(f, p, r, |_| lang.t(T::HandoffSaved).to_string());
                p.handoff_notes = Some(self.store.handoff_notes(Utc::now())?);
            }
            Effect::Acknowledge(id) => {
                let r = crate::ops::page::acknowledge(&mut self.store, actor, &id, Utc::now());
                self.said(f, p, r, |_| format!("{}: {id}", lang.t(T::Acknowledged)));
                p.pages = Some(self.store.pages(false)?);
            }
            Effect::TakeShift { team, layer } => {
                let r = crate::ops::oncall::take_shift(
                    &mut self.store,
                    &self.region,
                    actor,
                    &team,
                    Some(&layer),
                    "",
                    Utc::now(),
                );
                self.said(f, p, r, |_| {
                    format!("{}: {team} {layer}", lang.t(T::ShiftTaken))
                });
                p.overrides = Some(self.store.oncall_overrides()?);
            }
            Effect::LoadIncident(id) => {
                let detail = super::incident_effects::load(&self.store, &id)?;
                p.incident = Some((id, detail));
            }
            e @ (Effect::Declare { .. }
            | Effect::IncidentNote { .. }
            | Effect::IncidentStatus { .. }
            | Effect::IncidentMilestone { .. }
            | Effect::IncidentRole { .. }
            | Effect::IncidentFlag { .. }) => {
                let (declared, message) = super::incident_effects::carry_out(
                    &mut self.store,
                    &self.region,
                    actor,
                    lang,
                    e,
                );
                p.message = Some(message);
                p.incidents = Some(self.store.incident_rows(true)?);
                let mut f = f.clone();
                if let Some(id) = declared {
                    f.incident = Some(id.clone());
                    p.declared = Some(id);
                }
                self.open_incident(&f, p)?;
            }
            Effect::SaveNote(text) => {
                let note = Note {
                    text,
                    occurred_at: None,
                    system: None,
                };
                let r = write_note(&mut self.store, &self.region, actor, &note, Utc::now());
                self.said(f, p, r, |e| format!("{} #{}", lang.t(T::NoteSaved), e.id));
                let page = self.store.events_page(&f.log_filter, None, PAGE)?;
                p.log = Some((f.log_filter.clone(), page, false));
            }
            Effect::RememberView(view) => {
                if let Err(e) = self.views.save(&view) {
                    tracing::warn!(
                        "cannot remember the console view in {}: {e}",
                        self.views.path.display()
                    );
                }
            }
            Effect::RecordDeliveries(events) => {
                for event in events {
                    if let Err(e) = self.store.append(event) {
                        tracing::warn!("could not record a console delivery: {e}");
                    }
                }
            }
        }
        Ok(())
    }

    /// The record after an assessment or a decision, so an open record shows it at once
    /// (applied only while a record is open).
    fn refreshed_record(&self, p: &mut Patch, incident: &str, actor: &Actor, lang: Lang) {
        if let Ok(r) = crate::export::lex_maria::render(
            &self.store,
            &self.region,
            incident,
            "md",
            lang,
            &actor.account,
            Utc::now(),
        ) {
            p.refreshed_record = Some(r.text.lines().map(str::to_string).collect());
        }
    }

    /// Screen 6's export: the record as Markdown and PDF into the export directory, each
    /// recorded in the log with its digest.
    fn export(
        &mut self,
        lang: crate::i18n::Lang,
        id: &str,
        actor: &Actor,
    ) -> Result<(String, bool), StoreError> {
        if let Err(e) = actor.require(crate::model::role::Permission::ExportLexMaria) {
            return Ok((
                crate::i18n::failure::describe(lang, self.region.site.time_zone, &e),
                true,
            ));
        }
        let now = Utc::now();
        let dir = self.export_dir.clone();
        // A new pair of files each time, named by the incident and the local time; nothing
        // already there is replaced.
        let stamp = now
            .with_timezone(&self.region.site.time_zone)
            .format("%Y-%m-%d-%H%M%S");
        let mut saved = Vec::new();
        let mut failed = None;
        for format in ["md", "pdf"] {
            match crate::export::lex_maria::render(
                &self.store,
                &self.region,
                id,
                format,
                lang,
                &actor.account,
                now,
            ) {
                Ok(r) => {
                    let path = dir.join(format!("{id}-{stamp}.{format}"));
                    let written = std::fs::create_dir_all(&dir)
                        .and_then(|_| crate::host::atomic::write_new(&path, &r.bytes));
                    match written {
                        Ok(()) => {
                            crate::export::lex_maria::record(
                                &mut self.store,
                                actor,
                                id,
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
        Ok(match failed {
            Some(e) => (e, true),
            None => (
                format!("{}: {}", lang.t(T::Exported), saved.join(", ")),
                false,
            ),
        })
    }
}

#[cfg(test)]
#[path = "run_plans.rs"]
mod plans;
