//! The core operations: what a person can do, with the role checks and the patient-data
//! guard applied here (not in the front ends). The CLI and the console call these.
//!
//! A layer above the store, the configuration and the words (a page's message is written in
//! the region's language); below every front end.

/// The layers below, by the names the main crate gives them.
pub(crate) use beredskap_config as config;
pub(crate) use beredskap_host as host;
pub(crate) use beredskap_i18n as i18n;
pub(crate) use beredskap_model as model;
pub(crate) use beredskap_store as store;

pub mod actor;
pub mod alert;
pub mod checkpoint;
pub mod config_applied;
pub mod diary;
mod error;
pub mod incident;
pub mod link;
pub mod maintenance;
pub mod oncall;
pub mod owed;
pub mod page;
pub mod redact;
pub mod review;
pub mod run;
pub mod sender;
pub mod silence;
pub mod spool;
pub mod typed;
pub mod unlogged;

/// Why an operation refused its input, as data (the model's: the words are i18n's).
pub use crate::model::refusal::{self, Refusal};
pub use actor::Actor;
pub use error::OpError;
