//! beredskap: a terminal console for the people who keep a hospital region's IT and
//! medical-technology systems running during outages.
//!
//! Layers, from the bottom: [`model`] (pure domain, its own crate `beredskap-model`, which
//! cannot import anything above it) ← [`config`] and [`store`] ← [`ops`] (the core
//! operations, with role checks) ← the front ends ([`cli`], [`tui`], [`monitor`],
//! [`receiver`], [`export`] and [`print`]). docs/architecture.md draws them.

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
pub mod ops;
pub mod print;
pub mod receiver;
/// The log, from its own crate.
pub use beredskap_store as store;
pub mod tui;
