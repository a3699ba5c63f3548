//! The console: one event loop that owns the state; keys become actions; views draw from
//! state and do no I/O.

pub mod action;
pub mod alerts;
pub mod app;
pub mod assess;
pub mod component;
pub mod data;
mod event_loop;
/// The console: the event loop over the terminal.
pub use event_loop::run;
/// How often the database is asked whether anyone wrote.
pub use watcher::WATCH_EVERY;
pub mod incident_effects;
pub mod incidents;
pub mod keymap;
pub mod oncall;
pub mod pages;
pub mod picker;
pub mod resume;
pub mod review;
pub mod run;
pub mod run_effects;
pub mod runs;
pub mod screens;
pub mod state;
pub mod theme;
mod touched;
pub mod typing;
pub mod views;
mod watcher;
pub mod worker;
pub mod worker_io;
