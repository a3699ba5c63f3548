//! What the rest of the console reads of the router, and the few things it may set (issue
//! 33: `App`'s fields are private). Each screen's state is its own (`tui::screens`): the
//! event loop and the tests reach it through `status()` / `status_mut()` and the like; the
//! router's own bookkeeping (writes in flight, writes held back, alerts raised) only
//! through what it says about it.

use super::{App, Effect, Mode, MonitorView, PromptKind, User};
use crate::i18n::Lang;
use crate::model::region::Region;
use crate::tui::action::Screen;
use crate::tui::keymap::Keymap;
use crate::tui::screens::{
    IncidentsScreen, LogScreen, OnCallScreen, Prompt, ReviewScreen, RunbooksScreen, StatusScreen,
};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use std::sync::Arc;

impl App {
    pub fn lang(&self) -> Lang {
        self.lang
    }
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn region(&self) -> &Arc<Region> {
        &self.region
    }
    /// Who is at the console and what they may do.
    pub fn user(&self) -> &User {
        &self.user
    }
    /// The console's clock (the last tick).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// Whether the help is open, and its first line shown.
    pub fn help(&self) -> (bool, u16) {
        (self.help, self.help_scroll)
    }
    pub fn status(&self) -> &StatusScreen {
        &self.status
    }
    pub fn log(&self) -> &LogScreen {
        &self.log
    }
    pub fn incidents(&self) -> &IncidentsScreen {
        &self.incidents
    }
    pub fn runbooks(&self) -> &RunbooksScreen {
        &self.runbooks
    }
    pub fn oncall(&self) -> &OnCallScreen {
        &self.oncall
    }
    pub fn review(&self) -> &ReviewScreen {
        &self.review
    }
    /// The one prompt (the footer's line, its kind and what is typed).
    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }
    pub fn monitor(&self) -> &MonitorView {
        &self.monitor
    }
    /// The log's damage marker, when one was found.
    pub fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }
    /// Why the log of record (PostgreSQL) cannot be reached, while it cannot.
    pub fn log_of_record_lost(&self) -> Option<&str> {
        self.log_of_record_lost.as_deref()
    }
    /// Another process holding the log's write lock, and since when it is seen holding it.
    pub fn log_lock(
        &self,
    ) -> Option<&(
        crate::store::lock_holder::LockHolder,
        chrono::DateTime<chrono::Utc>,
    )> {
        self.log_lock.as_ref()
    }
    /// The footer's message, and whether it is an error.
    pub fn message(&self) -> &Option<(String, bool)> {
        &self.message
    }
    /// Whether the person asked to leave.
    pub fn quits(&self) -> bool {
        self.quit
    }
    /// Rows and columns of the list last drawn.
    pub fn page_rows(&self) -> usize {
        self.page_rows
    }
    pub fn page_cols(&self) -> usize {
        self.page_cols
    }
    /// Writes that found the log held by another process, to try again.
    pub fn held_writes(&self) -> &[Effect] {
        &self.pending_writes
    }
    /// Open pages (and recently closed ones shown on screen 4).
    pub fn pages(&self) -> &[crate::model::page::Page] {
        &self.pages
    }

    /// Alerts to raise in the terminal (bell, OSC 9/777) at the next chance.
    pub fn alerts_pending(&self) -> &[crate::tui::pages::Alert] {
        &self.pending_alerts
    }

    // What the event loop and the tests set.

    /// The held writes, to try again (they are held again if the log is still held).
    pub fn take_held_writes(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.pending_writes)
    }
    /// The alerts raised now: taken, so each is raised once.
    pub fn take_alerts(&mut self) -> Vec<crate::tui::pages::Alert> {
        std::mem::take(&mut self.pending_alerts)
    }
    /// The terminal is gone or the console was told to stop: it closes.
    pub fn close(&mut self) {
        self.quit = true;
    }

    /// The clock's tick.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }
    /// A configuration applied while the console runs.
    pub fn set_region(&mut self, region: Arc<Region>) {
        self.region = region;
    }
    /// The keys as configured (`[console.keys]`).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }
    pub fn user_mut(&mut self) -> &mut User {
        &mut self.user
    }
    /// Shows a screen as it is (no reload: `Action::Screen` asks for one).
    pub fn show(&mut self, screen: Screen) {
        self.screen = screen;
    }
    /// The terminal's size as last drawn: rows of the list, and columns.
    pub fn set_page(&mut self, rows: usize, cols: usize) {
        self.page_rows = rows;
        self.page_cols = cols;
    }
    pub fn set_page_rows(&mut self, rows: usize) {
        self.page_rows = rows;
    }
    pub fn set_message(&mut self, message: Option<(String, bool)>) {
        self.message = message;
    }
    /// The log of record lost (why) or reached again (none).
    pub fn set_log_of_record_lost(&mut self, lost: Option<String>) {
        self.log_of_record_lost = lost;
    }
    pub fn set_damaged(&mut self, damaged: Option<String>) {
        self.damaged = damaged;
    }
    pub fn set_monitor(&mut self, monitor: MonitorView) {
        self.monitor = monitor;
    }
    /// Opens the prompt of `kind`, empty.
    pub fn ask(&mut self, kind: PromptKind) {
        self.prompt.input.clear();
        self.prompt.kind = Some(kind);
        self.mode = Mode::Prompt;
    }
    pub fn status_mut(&mut self) -> &mut StatusScreen {
        &mut self.status
    }
    pub fn log_mut(&mut self) -> &mut LogScreen {
        &mut self.log
    }
    pub fn incidents_mut(&mut self) -> &mut IncidentsScreen {
        &mut self.incidents
    }
    pub fn runbooks_mut(&mut self) -> &mut RunbooksScreen {
        &mut self.runbooks
    }
    pub fn oncall_mut(&mut self) -> &mut OnCallScreen {
        &mut self.oncall
    }
    pub fn review_mut(&mut self) -> &mut ReviewScreen {
        &mut self.review
    }
    pub fn prompt_mut(&mut self) -> &mut Prompt {
        &mut self.prompt
    }
}
