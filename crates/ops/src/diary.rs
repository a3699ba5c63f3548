//! The operations diary (driftdagbok): the simplest writer of the log.

use super::Refusal;
use super::{Actor, OpError};
use crate::model::event::{Event, NewEvent, kind, subject};
use crate::model::region::Region;
use crate::model::role::Permission;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};

/// Longest diary entry accepted, in characters (the one limit of typed text).
pub const MAX_NOTE_CHARS: usize = super::typed::MAX_CHARS;
/// How far in the future `occurred_at` may be (clock skew between hosts).
const FUTURE_TOLERANCE: Duration = Duration::minutes(2);

/// A diary entry to write.
#[derive(Debug, Clone, Default)]
pub struct Note {
    pub text: String,
    /// When it happened; now if not given.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The system it concerns, if any.
    pub system: Option<String>,
}

/// Checks a note and turns it into an event, without writing anything.
pub fn prepare_note(
    region: &Region,
    actor: &Actor,
    note: &Note,
    now: DateTime<Utc>,
) -> Result<NewEvent, OpError> {
    actor.require(Permission::WriteDiary)?;
    let text = super::typed::typed_text(crate::model::refusal::Field::Note, &note.text, true)?;
    let text = text.as_str();
    let occurred_at = note.occurred_at.unwrap_or(now);
    if occurred_at > now + FUTURE_TOLERANCE {
        return Err(Refusal::InFuture {
            field: crate::model::refusal::Field::NoteTime,
            at: occurred_at,
        }
        .into());
    }
    let subject = match &note.system {
        Some(id) if region.system(id).is_none() => {
            return Err(Refusal::UnknownSystem(id.clone()).into());
        }
        Some(id) => subject::system(id),
        None => subject::DIARY.to_string(),
    };
    Ok(NewEvent {
        occurred_at,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: kind::DIARY_NOTE.to_string(),
        subject,
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Person,
        payload: crate::model::payload::to_value(&crate::model::payload::DiaryNote {
            text: text.to_string(),
        })?,
    })
}

/// Writes one diary entry.
pub fn write_note(
    store: &mut Store,
    region: &Region,
    actor: &Actor,
    note: &Note,
    now: DateTime<Utc>,
) -> Result<Event, OpError> {
    let event = prepare_note(region, actor, note, now)?;
    Ok(store.append(event)?)
}
