//! Text a person types (a note, a reason, a title, a step's value): one check for every
//! operation — required or not, at most [`MAX_CHARS`] characters, and no identity number
//! (the patient-data guard refuses typed text). Diary notes, incident notes, step notes and
//! skip reasons had different limits (4,000 against none, 5,000 in the console's field).

use super::{OpError, Refusal};
use crate::model::personnummer::check_free_text;

/// The longest text a person may type into one field, in characters.
pub const MAX_CHARS: usize = 4000;

/// `text` trimmed, or why it is refused. `field` is the English name ("the note").
pub fn typed_text(
    field: crate::model::refusal::Field,
    text: &str,
    required: bool,
) -> Result<String, OpError> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(Refusal::Empty { field }.into());
    }
    let chars = t.chars().count();
    if chars > MAX_CHARS {
        return Err(Refusal::TooLong {
            field,
            chars,
            max: MAX_CHARS,
        }
        .into());
    }
    // A number written backwards behind a direction override reads as a personnummer on
    // screen but not to the guard: typed text may not hold one (machine text is stored as
    // received and always shown with the control visible, `model::shown`).
    if let Some(c) = t
        .chars()
        .find(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return Err(Refusal::DirectionControl {
            field,
            code: c as u32,
        }
        .into());
    }
    check_free_text(field.english(), t)?;
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_limit_for_every_typed_text_and_it_is_said() {
        assert_eq!(
            typed_text(
                crate::model::refusal::Field::Note,
                &"å".repeat(MAX_CHARS),
                true
            )
            .map(|t| t.chars().count())
            .ok(),
            Some(MAX_CHARS)
        );
        let long = typed_text(
            crate::model::refusal::Field::Note,
            &"å".repeat(MAX_CHARS + 1),
            true,
        );
        assert!(
            matches!(
                long,
                Err(OpError::Refused(Refusal::TooLong { chars, max, .. })) if chars == MAX_CHARS + 1 && max == MAX_CHARS
            ),
            "{long:?}"
        );
        assert!(matches!(
            typed_text(crate::model::refusal::Field::Reason, "  ", true),
            Err(OpError::Refused(Refusal::Empty { .. }))
        ));
        assert_eq!(
            typed_text(crate::model::refusal::Field::Reason, "  ", false).ok(),
            Some(String::new())
        );
        assert!(matches!(
            typed_text(
                crate::model::refusal::Field::Note,
                "pnr 19121212-1212",
                true
            ),
            Err(OpError::PatientData(_))
        ));
        assert_eq!(crate::diary::MAX_NOTE_CHARS, MAX_CHARS);
        // "Pat 2121-21212191" behind U+202E shows as 19121212-1212: refused typed.
        assert!(matches!(
            typed_text(
                crate::model::refusal::Field::Note,
                "Pat \u{202E}2121-21212191",
                true
            ),
            Err(OpError::Refused(Refusal::DirectionControl {
                code: 0x202E,
                ..
            }))
        ));
    }
}
