//! Desktop notifications (notify-rust over D-Bus) for a console running on a desktop. Over
//! SSH there is normally no session bus: then the channel says so, once, in plain words,
//! and the terminal's OSC 9 / OSC 777 carry the alert instead. Never a crash, never a hang:
//! the call runs on a blocking thread under a timeout.

use std::time::Duration;

/// Why the desktop channel cannot be used here, if it cannot.
pub fn unavailable() -> Option<String> {
    match std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        Ok(a) if !a.trim().is_empty() => None,
        _ => Some(
            "no desktop session bus (DBUS_SESSION_BUS_ADDRESS is not set): desktop notifications are off; the terminal's bell and OSC 9/777 carry alerts"
                .into(),
        ),
    }
}

/// Shows a desktop notification; `Err` with the reason when it could not be shown within
/// `timeout`.
pub async fn notify(summary: &str, body: &str, timeout: Duration) -> Result<(), String> {
    if let Some(reason) = unavailable() {
        return Err(reason);
    }
    let (summary, body) = (summary.to_string(), body.to_string());
    let shown = tokio::task::spawn_blocking(move || {
        notify_rust::Notification::new()
            .appname("beredskap")
            .summary(&summary)
            .body(&body)
            .urgency(notify_rust::Urgency::Critical)
            .show()
            .map(|_| ())
            .map_err(|e| format!("the desktop did not take the notification: {e}"))
    });
    match tokio::time::timeout(timeout, shown).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => Err(format!("the notification task failed: {e}")),
        Err(_) => Err(format!(
            "the desktop did not answer within {timeout:?}: desktop notifications are off"
        )),
    }
}
