//! A failed action told in the interface language: the faults of the database that an
//! operator needs to act on get a plain sentence; anything else keeps its own message.

use crate::export::lex_maria::ExportError;
use crate::i18n::{Lang, T};
use crate::model::personnummer::PatientDataRefusal;
use crate::ops::OpError;
use crate::store::StoreError;
use rusqlite::ErrorCode;

/// An error that may carry a database fault.
pub trait Failed: std::fmt::Display {
    fn store(&self) -> Option<&StoreError>;
    /// The patient-data guard's refusal, if that is what it is.
    fn patient_data(&self) -> Option<&PatientDataRefusal> {
        match self.store() {
            Some(StoreError::PatientData(r)) => Some(r),
            _ => None,
        }
    }
}

impl Failed for StoreError {
    fn store(&self) -> Option<&StoreError> {
        Some(self)
    }
}

impl Failed for OpError {
    fn store(&self) -> Option<&StoreError> {
        match self {
            OpError::Store(s) => Some(s),
            _ => None,
        }
    }

    fn patient_data(&self) -> Option<&PatientDataRefusal> {
        match self {
            OpError::PatientData(r) => Some(r),
            OpError::Store(StoreError::PatientData(r)) => Some(r),
            _ => None,
        }
    }
}

/// The guard's refusal in the interface language: what, where, and what to do instead.
fn refusal(lang: Lang, r: &PatientDataRefusal) -> String {
    let Some(first) = r.hits.first() else {
        return r.to_string();
    };
    match lang {
        Lang::Sv => format!(
            "Texten innehåller något som liknar ett svenskt {} ({}) vid tecken {}–{}. \
             Patientuppgifter får inte sparas i driftloggen: beskriv patienten utan identitet \
             (t.ex. \"en patient på avdelning 12\"). Är det inget personnummer, skriv det med \
             sin vanliga gruppering (ett telefonnummer som 070-123 45 67).",
            first.kind.label(),
            first.masked,
            first.first_char,
            first.last_char
        ),
        Lang::En => r.to_string(),
    }
}

impl Failed for ExportError {
    fn store(&self) -> Option<&StoreError> {
        match self {
            ExportError::Store(s) => Some(s),
            _ => None,
        }
    }
}

fn fault(e: &StoreError) -> Option<T> {
    match e {
        StoreError::ReadOnlyFs(_) => Some(T::FaultReadOnly),
        StoreError::Damaged { .. } => Some(T::FaultDamaged),
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => match f.code {
            ErrorCode::DiskFull => Some(T::FaultDiskFull),
            ErrorCode::ReadOnly => Some(T::FaultReadOnly),
            ErrorCode::DatabaseCorrupt => Some(T::FaultDamaged),
            _ => None,
        },
        _ => None,
    }
}

/// What to show for `e` in `lang`.
pub fn describe(lang: Lang, e: &impl Failed) -> String {
    if let Some(r) = e.patient_data() {
        return refusal(lang, r);
    }
    match e.store().and_then(fault) {
        Some(t) => lang.t(t).to_string(),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn the_guards_refusal_is_told_in_the_interface_language() {
        let r =
            crate::model::personnummer::check_free_text("the note", "pat 121212-1212").unwrap_err();
        let e = OpError::PatientData(r);
        let sv = describe(Lang::Sv, &e);
        assert!(sv.starts_with("Texten innehåller något som liknar ett svenskt personnummer (121212-XXXX) vid tecken 5–15"), "{sv}");
        assert!(describe(Lang::En, &e).contains("looks like a Swedish personnummer"));
    }

    #[test]
    fn database_faults_are_told_in_the_interface_language() {
        let full = OpError::Store(sqlite(rusqlite::ffi::SQLITE_FULL));
        assert!(describe(Lang::Sv, &full).starts_with("Disken där loggen ligger är full"));
        assert!(describe(Lang::En, &full).starts_with("The disk holding the database is full"));
        let damaged = sqlite(rusqlite::ffi::SQLITE_CORRUPT);
        assert!(describe(Lang::Sv, &damaged).contains("skadad"));
        let read_only = StoreError::ReadOnlyFs("/x".into());
        assert!(describe(Lang::Sv, &read_only).contains("skrivskyddad"));
        // Anything else keeps its own words.
        let other = StoreError::Corrupt("event #3".into());
        assert_eq!(describe(Lang::Sv, &other), other.to_string());
    }
}
