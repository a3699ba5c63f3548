//! A failed action told in the interface language: the faults of the database that an
//! operator needs to act on get a plain sentence; anything else keeps its own message.

use crate::i18n::{Lang, T};
use crate::model::personnummer::PatientDataRefusal;
use crate::ops::OpError;
use crate::store::{Fault, StoreError};
use chrono_tz::Tz;

/// An error that may carry a database fault.
pub trait Failed: std::fmt::Display {
    fn store(&self) -> Option<&StoreError>;
    /// The core's refusal or the person's missing right, if that is what it is.
    fn op(&self) -> Option<&OpError> {
        None
    }
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
    fn op(&self) -> Option<&OpError> {
        Some(self)
    }

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

fn fault(e: &StoreError) -> Option<T> {
    e.fault().map(|f| match f {
        Fault::DiskFull => T::FaultDiskFull,
        Fault::ReadOnly => T::FaultReadOnly,
        Fault::Damaged => T::FaultDamaged,
    })
}

/// The core's refusals and missing rights in `lang`, times in `tz`.
fn refused(lang: Lang, tz: Tz, e: &OpError) -> Option<String> {
    match e {
        OpError::Refused(r) => Some(crate::i18n::refusal::say(lang, tz, r)),
        OpError::Forbidden {
            account,
            roles,
            needs,
        } => {
            let roles = roles
                .iter()
                .map(|r| lang.role(*r))
                .collect::<Vec<_>>()
                .join(", ");
            let granted = needs
                .granted_by()
                .iter()
                .map(|r| lang.role(*r))
                .collect::<Vec<_>>()
                .join(", ");
            Some(match lang {
                Lang::Sv => format!(
                    "{account} får inte {} (roller: {}; det kräver: {granted})",
                    lang.permission(*needs),
                    if roles.is_empty() { "inga" } else { &roles }
                ),
                Lang::En => e.to_string(),
            })
        }
        OpError::NotAPerson { account } => Some(match lang {
            Lang::Sv => format!(
                "{account} finns inte bland personerna i regionens konfiguration och får bara \
                 läsa; be en administratör lägga till kontot under [[people]]"
            ),
            Lang::En => e.to_string(),
        }),
        OpError::Runbooks(io) => Some(match lang {
            Lang::Sv => format!("Reservrutinerna kan inte läsas: {io}"),
            Lang::En => e.to_string(),
        }),
        _ => None,
    }
}

/// Where the log is not (or not one), in Swedish; the rest of the store's failures keep
/// their words (an operator's, with SQLite's terms to search for).
fn missing_sv(e: &StoreError) -> Option<String> {
    Some(match e {
        StoreError::Missing(path) => format!(
            "Det finns ingen logg i {} ännu (inget har skrivits); kontrollera --db eller \
             $BEREDSKAP_DB",
            path.display()
        ),
        StoreError::NotADatabase { path, detail } => {
            format!("{} är ingen beredskap-databas ({detail})", path.display())
        }
        StoreError::NewerSchema { found, known } => format!(
            "Databasen skrevs av en nyare beredskap (schemaversion {found}; den här versionen \
             känner till {known}). Uppgradera beredskap; databasen ändrades inte"
        ),
        StoreError::Remote(f) if e.is_busy() => format!(
            "Loggen i PostgreSQL hålls av en annan skrivare ({}): inget sparades, försök igen",
            f.said()
        ),
        StoreError::Remote(f) => format!(
            "Loggen i PostgreSQL nås inte ({}): inget sparades",
            f.said()
        ),
        StoreError::Diverged { local, remote } => format!(
            "Den här värdens logg (till händelse #{local}) är ingen kopia av loggen i \
             PostgreSQL (till #{remote}): inget sparades (operations.md, \"Two sites\")"
        ),
        StoreError::FollowsLogOfRecord => "Loggen följer loggen i PostgreSQL och tar bara emot \
             det som skrivs genom den: inget sparades. Kör beredskap med konfigurationen som \
             anger den ([storage] engine = \"postgres\")"
            .to_string(),
        _ => return None,
    })
}

/// What to show for `e` in `lang`, times in the site's zone `tz`.
pub fn describe(lang: Lang, tz: Tz, e: &impl Failed) -> String {
    if let Some(r) = e.patient_data() {
        return refusal(lang, r);
    }
    if let Some(said) = e.op().and_then(|o| refused(lang, tz, o)) {
        return said;
    }
    if lang == Lang::Sv
        && let Some(said) = e.store().and_then(missing_sv)
    {
        return said;
    }
    match e.store().and_then(fault) {
        Some(t) => lang.t(t).to_string(),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TZ: Tz = chrono_tz::Europe::Stockholm;

    #[test]
    fn the_log_of_record_out_of_reach_is_told_in_swedish() {
        let lost = StoreError::Remote(crate::store::remote::RemoteFailure::new(
            "connection closed",
            false,
        ));
        assert_eq!(
            describe(Lang::Sv, TZ, &OpError::Store(lost)),
            "Loggen i PostgreSQL nås inte (connection closed): inget sparades"
        );
        let held = StoreError::Remote(crate::store::remote::RemoteFailure::new(
            "canceling statement due to lock timeout (55P03)",
            true,
        ));
        assert!(describe(Lang::Sv, TZ, &held).starts_with("Loggen i PostgreSQL hålls av"));
        assert!(
            describe(Lang::En, TZ, &StoreError::FollowsLogOfRecord)
                .starts_with("this log follows the log of record")
        );
    }

    #[test]
    fn the_guards_refusal_is_told_in_the_interface_language() {
        let r =
            crate::model::personnummer::check_free_text("the note", "pat 121212-1212").unwrap_err();
        let e = OpError::PatientData(r);
        let sv = describe(Lang::Sv, TZ, &e);
        assert!(sv.starts_with("Texten innehåller något som liknar ett svenskt personnummer (121212-XXXX) vid tecken 5–15"), "{sv}");
        assert!(describe(Lang::En, TZ, &e).contains("looks like a Swedish personnummer"));
    }

    #[test]
    fn database_faults_are_told_in_the_interface_language() {
        let full = OpError::Store(StoreError::engine(Fault::DiskFull));
        assert!(describe(Lang::Sv, TZ, &full).starts_with("Disken där loggen ligger är full"));
        assert!(describe(Lang::En, TZ, &full).starts_with("The disk holding the database is full"));
        let damaged = StoreError::engine(Fault::Damaged);
        assert!(describe(Lang::Sv, TZ, &damaged).contains("skadad"));
        let read_only = StoreError::ReadOnlyFs("/x".into());
        assert!(describe(Lang::Sv, TZ, &read_only).contains("skrivskyddad"));
        // The core's refusals and missing rights are told in the interface language.
        let long = OpError::from(crate::ops::Refusal::TooLong {
            field: crate::model::refusal::Field::Note,
            chars: 4100,
            max: 4000,
        });
        assert!(describe(Lang::Sv, TZ, &long).starts_with("Anteckningen är 4100 tecken"));
        assert!(describe(Lang::En, TZ, &long).starts_with("the note is 4100 characters"));
        let forbidden = OpError::Forbidden {
            account: "avd12".into(),
            roles: vec![crate::model::role::Role::Ward],
            needs: crate::model::role::Permission::DeclareIncident,
        };
        assert_eq!(
            describe(Lang::Sv, TZ, &forbidden),
            "avd12 får inte deklarera incidenter (roller: avdelning; det kräver: incidentledare, \
             administratör)"
        );
        // Anything else keeps its own words.
        let other = StoreError::Corrupt("event #3".into());
        assert_eq!(describe(Lang::Sv, TZ, &other), other.to_string());
    }
}
