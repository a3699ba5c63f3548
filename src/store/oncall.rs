//! On-call changes in the store: the overrides in force.

use super::query::EventFilter;
use super::{Store, StoreError};
use crate::model::oncall::Override;
use crate::model::oncall_log::{HandoffNote, fold, notes};

impl Store {
    /// Every override not cancelled (past ones included: the resolver ignores them).
    pub fn oncall_overrides(&self) -> Result<Vec<Override>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec!["oncall.".into()],
            ..Default::default()
        })?;
        Ok(fold(&events)?)
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
