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
        self.oncall_overrides_over(at, at)
    }

    /// The same for every instant of [from, to] (an export or a list over `--days`): the
    /// calendars are expanded over the whole span, however long (they stopped 100 days
    /// after now whatever `--days` said).
    pub fn oncall_overrides_over(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Override>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec!["oncall.".into()],
            ..Default::default()
        })?;
        // The resolver looks about two months either way of the time asked (`Rota::span`);
        // 100 days either way of the span covers it.
        let reach = chrono::Duration::days(100);
        let (from, to) = (
            from.checked_sub_signed(reach).unwrap_or(from),
            to.checked_add_signed(reach).unwrap_or(to),
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
