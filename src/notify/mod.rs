//! Notification channels for pages: the terminal (bell, OSC 9 / OSC 777, written by each
//! console to its own user), the desktop (notify-rust, when a desktop session bus exists),
//! and a webhook (run by the process holding the monitor lease). Every delivery attempt is
//! a `page.delivery` event.

pub mod desktop;
pub mod terminal;
pub mod webhook;
