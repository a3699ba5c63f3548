//! On-call changes in the store: the overrides in force.

use super::query::EventFilter;
use super::{Store, StoreError};
use crate::model::oncall::Override;
use crate::model::oncall_log::fold;

impl Store {
    /// Every override not cancelled (past ones included: the resolver ignores them).
    pub fn oncall_overrides(&self) -> Result<Vec<Override>, StoreError> {
        let events = self.events(&EventFilter {
            kinds: vec!["oncall.".into()],
            ..Default::default()
        })?;
        Ok(fold(&events))
    }
}
