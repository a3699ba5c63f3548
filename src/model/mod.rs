//! The domain: plain Rust, no I/O, no terminal. Everything here is tested directly.

pub mod dependency;
pub mod event;
pub mod personnummer;
pub mod region;
pub mod role;
pub mod timespec;
