//! Redacting patient data that got into the log (`beredskap log redact`): who may, and
//! the store's redaction (see `store::redact` and `model::redaction`).

use super::{Actor, OpError, Refusal};
use crate::model::redaction;
use crate::model::redaction::FieldError;
use crate::model::role::{Permission, Role};
use crate::store::Store;
use crate::store::redact::{RedactError, RedactRequest, Redacted};
use chrono::{DateTime, Utc};

/// Takes the text at `field` out of event `event`. The reason is typed text: it may hold
/// no identity number itself.
pub fn redact(
    store: &mut Store,
    actor: &Actor,
    event: i64,
    field: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Redacted, OpError> {
    actor.require(Permission::RedactLog)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::NeedsReason.into());
    }
    let field = field.trim();
    if field.is_empty() {
        return Err(Refusal::NeedsField.into());
    }
    let Some(target) = store.event(event)? else {
        return Err(Refusal::NoEvent(event).into());
    };
    if !actor.roles.contains(&Role::Admin) && !redaction::clinical(&target.kind) {
        return Err(Refusal::NotClinical {
            event,
            kind: target.kind.clone(),
        }
        .into());
    }
    if target.kind == redaction::KIND {
        return Err(Refusal::RedactRedaction.into());
    }
    store
        .redact(&RedactRequest {
            event,
            field,
            reason,
            actor: &actor.account,
            os_account: &actor.os_account,
            now,
        })
        .map_err(|e| match e {
            RedactError::Store(s) => OpError::from(s),
            RedactError::NoEvent(id) => Refusal::NoEvent(id).into(),
            RedactError::Field(FieldError::Missing(field)) => {
                Refusal::NoField { event, field }.into()
            }
            RedactError::Field(FieldError::NotText(field)) => {
                Refusal::NotText { event, field }.into()
            }
        })
}
