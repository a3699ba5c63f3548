//! Pages in the console: which open pages are calling this user, the alerts to raise once
//! per notification (banner, terminal bell, OSC 9 / OSC 777 so the alert reaches the
//! laptop through the SSH session), and acknowledging with one key.

/// An alert to raise in the terminal for one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub page: String,
    /// The `page.notified` event.
    pub event: i64,
    pub text: String,
}
