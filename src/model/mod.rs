//! The domain: plain Rust, no I/O, no terminal. Everything here is tested directly.

pub mod assessment;
pub mod calendar;
pub mod check;
pub mod checkpoint;
pub mod dependency;
pub mod duration;
pub mod evaluation;
pub mod event;
pub mod guard;
pub mod health;
pub mod ics;
pub mod incident;
pub mod incident_log;
pub mod maintenance;
pub mod oncall;
pub mod oncall_log;
pub mod page;
pub mod payload;
pub mod personnummer;
pub mod redaction;
pub mod region;
pub mod role;
pub mod run;
pub mod runbook;
pub mod shown;
pub mod timespec;
