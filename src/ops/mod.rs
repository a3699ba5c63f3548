//! The core operations: what a person can do, with the role checks and the patient-data
//! guard applied here (not in the front ends). The CLI and the console call these.

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
pub mod refusal;
pub mod review;
pub mod run;
pub mod sender;
pub mod silence;
pub mod spool;
pub mod typed;
pub mod unlogged;

pub use actor::Actor;
pub use error::OpError;
pub use refusal::Refusal;
