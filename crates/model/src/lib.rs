//! The domain: plain Rust, no I/O, no terminal. Everything here is tested directly.
//!
//! The bottom layer of beredskap, its own crate (`beredskap-model`): it depends on no other
//! part of the project, so an import from a layer above does not compile. The main crate
//! re-exports it as its `model` module.

pub mod alert;
pub mod alert_source;
pub mod assessment;
pub mod calendar;
pub mod check;
pub mod checkpoint;
pub mod dependency;
pub mod duration;
pub mod evaluation;
pub mod event;
pub mod event_kind;
pub mod finding;
pub mod fold;
pub mod follow_on;
pub mod guard;
pub mod health;
pub mod hex;
pub mod ics;
pub mod incident;
pub mod incident_log;
pub mod maintenance;
pub mod nagios;
pub mod oncall;
pub mod oncall_log;
pub mod outage;
pub mod page;
pub mod payload;
pub mod personnummer;
pub mod redaction;
pub mod refusal;
pub mod region;
pub mod role;
pub mod run;
pub mod runbook;
pub mod shown;
pub mod silence;
pub mod text;
pub mod timespec;
pub mod webhook;
