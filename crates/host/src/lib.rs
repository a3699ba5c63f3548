//! The host beredskap runs on: its accounts, groups and file modes. A region runs one shared
//! database owned by a group; these helpers say *why* an account is refused and warn about
//! files other accounts could read or change (docs/operations.md).

/// The domain, for the region a secret belongs to.
pub(crate) use beredskap_model as model;

pub mod atomic;
pub mod bounded;
pub mod checkpoint_key;
pub mod denied;
pub mod permissions;
pub mod privilege;
pub mod secrets;
pub mod secure;
pub mod syslog;

pub use atomic::write_atomically;
pub use denied::explain_denied;
pub use permissions::{FileRole, audit, create_private};
