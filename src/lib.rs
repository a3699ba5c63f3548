//! beredskap: a terminal console for the people who keep a hospital region's IT and
//! medical-technology systems running during outages.
//!
//! Layers, from the bottom: [`model`] (pure domain) ← [`config`] and [`store`] ←
//! [`ops`] (the core operations, with role checks) ← [`cli`] (and later the TUI).

pub mod cli;
pub mod config;
pub mod demo;
pub mod export;
pub mod host;
pub mod i18n;
pub mod model;
pub mod monitor;
pub mod notify;
pub mod ops;
pub mod print;
pub mod receiver;
pub mod store;
pub mod tui;
