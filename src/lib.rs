//! beredskap: a terminal console for the people who keep a hospital region's IT and
//! medical-technology systems running during outages.
//!
//! Layers, from the bottom, each its own crate that cannot import anything above it:
//! [`model`] (the domain) ← [`host`] ← [`store`] and [`config`]; [`model`] ← [`i18n`]'s
//! words; all of them ← [`ops`] (the core operations, with role checks) ← the front ends
//! in this crate ([`cli`], [`tui`], [`monitor`], [`receiver`], [`notify`], [`export`],
//! [`print`], [`demo`]). docs/architecture.md draws them.

pub mod cli;
/// The configuration, from its own crate.
pub use beredskap_config as config;
pub mod demo;
pub mod export;
/// The host: files, permissions, secure mode, from its own crate.
pub use beredskap_host as host;
pub mod i18n;
/// The domain, from its own crate: `beredskap::model::…` as before.
pub use beredskap_model as model;
pub mod monitor;
pub mod notify;
/// The core operations, from their own crate.
pub use beredskap_ops as ops;
pub mod print;
pub mod receiver;
/// The log, from its own crate.
pub use beredskap_store as store;
pub mod tui;
