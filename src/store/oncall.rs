//! On-call changes in the store: the overrides in force.

use super::query::EventFilter;
use super::{Store, StoreError};
use crate::model::oncall::Override;
use crate::model::oncall_log::{HandoffNote, calendars, fold, notes};

impl Store {
    /// Every override not cancelled (past ones included: the resolver ignores them), and
    /// the shifts of imported calendars from 100 days before now to 100 days after.
    pub fn oncall_overrides(&self) -> Result<Vec<Override>, StoreError> {
        self.oncall_overrides_at(chrono::Utc::now())
    }

    /// The same around another instant (`oncall --at` in the past or the future): the
    /// calendars' recurrence is expanded for the time asked.
    pub fn oncall_overrides_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Override>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec!["oncall.".into()],
            ..Default::default()
        })?;
        // The resolver looks about two months either way of the time asked (`Rota::span`);
        // a window of 100 days either way covers it.
        let (from, to) = (
            at - chrono::Duration::days(100),
            at + chrono::Duration::days(100),
        );
        let mut out: Vec<Override> = calendars(&events)?
            .iter()
            .flat_map(|c| c.overrides(from, to))
            .collect();
        // Overrides by hand after the calendar's import win: they come later, with higher
        // ids; the resolver takes the highest id (the last of equals).
        out.extend(fold(&events)?);
        out.sort_by_key(|o| o.id);
        Ok(out)
    }

    /// The calendars in force.
    pub fn oncall_calendars(&self) -> Result<Vec<crate::model::oncall_log::Calendar>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec!["oncall.".into()],
            ..Default::default()
        })?;
        Ok(calendars(&events)?)
    }

    /// Handoff notes of the last 30 days, oldest first.
    pub fn handoff_notes(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<HandoffNote>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec![crate::model::oncall_log::kind::HANDOFF_NOTE.into()],
            since: Some(now - chrono::Duration::days(30)),
            ..Default::default()
        })?;
        Ok(notes(&events))
    }
}
