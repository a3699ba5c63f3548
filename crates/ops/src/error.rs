use crate::model::personnummer::PatientDataRefusal;
use crate::model::role::{Permission, Role};
use crate::store::StoreError;

/// Why an operation was not carried out. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error(
        "`{account}` is not a person in this region's configuration and may only read; ask an \
         administrator to add the account under [[people]]"
    )]
    NotAPerson { account: String },
    #[error(
        "`{account}` may not {} (has roles: {}; needs one of: {})",
        needs.describe(),
        if roles.is_empty() { "none".to_string() } else { roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ") },
        needs.granted_by().iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
    )]
    Forbidden {
        account: String,
        roles: Vec<Role>,
        needs: Permission,
    },
    #[error("{0}")]
    PatientData(#[from] PatientDataRefusal),
    /// The input refused, as data (rendered in the interface language by `i18n::refusal`).
    #[error(transparent)]
    Refused(#[from] super::refusal::Refusal),
    /// The runbooks could not be read (the directory, its files).
    #[error("cannot read the runbooks: {0}")]
    Runbooks(std::io::Error),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for OpError {
    /// The store's patient-data refusal is the user's input, not a system failure.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::PatientData(refusal) => OpError::PatientData(refusal),
            other => OpError::Store(other),
        }
    }
}

impl OpError {
    /// A write that gave back no event.
    pub const NOTHING_WRITTEN: OpError = OpError::Store(StoreError::NothingWritten);

    /// True when the cause is the input or the user's rights (exit code 2), not the system.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, OpError::Store(_) | OpError::Runbooks(_))
    }
}

impl From<crate::model::payload::PayloadError> for OpError {
    /// A payload that cannot be written: a bug in the writer, nothing was written.
    fn from(e: crate::model::payload::PayloadError) -> Self {
        OpError::Store(StoreError::Payload(e))
    }
}

impl From<crate::model::payload::FoldError> for OpError {
    fn from(e: crate::model::payload::FoldError) -> Self {
        OpError::Store(StoreError::from(e))
    }
}
