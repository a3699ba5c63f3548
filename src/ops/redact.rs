//! Redacting patient data that got into the log (`beredskap log redact`): who may, and
//! the store's redaction (see `store::redact` and `model::redaction`).

use super::{Actor, OpError};
use crate::model::redaction;
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
        return Err(OpError::Invalid(
            "give a reason (--reason): it is recorded with the redaction".into(),
        ));
    }
    let field = field.trim();
    if field.is_empty() {
        return Err(OpError::Invalid(
            "name the field (--field), e.g. message".into(),
        ));
    }
    let Some(target) = store.event(event)? else {
        return Err(OpError::Invalid(format!("there is no event #{event}")));
    };
    if !actor.roles.contains(&Role::Admin) && !redaction::clinical(&target.kind) {
        return Err(OpError::Invalid(format!(
            "event #{event} ({}) is not part of the clinical record: only an administrator \
             may redact it",
            target.kind
        )));
    }
    if target.kind == redaction::KIND {
        return Err(OpError::Invalid(
            "a redaction cannot itself be redacted".into(),
        ));
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
            RedactError::NoEvent(id) => OpError::Invalid(format!("there is no event #{id}")),
            RedactError::Field(f) => OpError::Invalid(format!("event #{event}: {f}")),
        })
}
