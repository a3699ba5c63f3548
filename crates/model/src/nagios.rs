//! A Nagios-family notification (Nagios, Icinga, Naemon and the products built on them) as
//! an alert: what the notification command passes — host, service, state, notification
//! type, output — read into the same shape as Alertmanager's. Pure.

use super::alert::{Labels, Received};

/// What a notification command was given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notification {
    pub host: String,
    /// Empty for a host notification.
    pub service: String,
    /// OK, WARNING, CRITICAL, UNKNOWN (service) or UP, DOWN, UNREACHABLE (host); any
    /// other word is taken as trouble.
    pub state: String,
    /// PROBLEM, RECOVERY, ACKNOWLEDGEMENT, FLAPPINGSTART, FLAPPINGSTOP, DOWNTIMESTART,
    /// DOWNTIMEEND, DOWNTIMECANCELLED, CUSTOM.
    pub kind: String,
    pub output: String,
}

/// Why a notification cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    #[error("no host (give --host, or run from a notification command: $NAGIOS_HOSTNAME)")]
    NoHost,
}

/// The notification as an alert: labels `host`, `service` (when a service), `state` and
/// `severity` (`warning` for WARNING, else `critical`); the fingerprint `host/service`.
/// It fires while the state is a problem, except in a downtime Nagios scheduled (planned);
/// a RECOVERY or an OK/UP state resolves it.
pub fn received(n: &Notification) -> Result<Received, NotificationError> {
    let host = n.host.trim();
    if host.is_empty() {
        return Err(NotificationError::NoHost);
    }
    let state = n.state.trim().to_ascii_uppercase();
    // A state or type this build does not know is still a notification about trouble: an
    // alarm is never lost to a validation rule. It fires (as critical) unless it says OK/UP.
    let problem = !matches!(state.as_str(), "OK" | "UP");
    let kind = n.kind.trim().to_ascii_uppercase();
    let firing = match kind.as_str() {
        "RECOVERY" | "DOWNTIMESTART" => false,
        _ => problem,
    };
    let service = n.service.trim();
    let mut labels = Labels::new();
    labels.insert("host".into(), host.to_string());
    if !service.is_empty() {
        labels.insert("service".into(), service.to_string());
    }
    labels.insert("state".into(), state.clone());
    labels.insert(
        "severity".into(),
        if state == "WARNING" {
            "warning"
        } else {
            "critical"
        }
        .into(),
    );
    let what = if service.is_empty() {
        host.to_string()
    } else {
        format!("{host}/{service}")
    };
    let output = n.output.lines().next().unwrap_or_default().trim();
    Ok(Received {
        fingerprint: what.clone(),
        summary: if output.is_empty() {
            format!("{what} {state}")
        } else {
            format!("{what} {state}: {output}")
        },
        labels,
        firing,
        starts_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(state: &str, kind: &str) -> Notification {
        Notification {
            host: "lab01".into(),
            service: "HTTP".into(),
            state: state.into(),
            kind: kind.into(),
            output: "HTTP CRITICAL - 503 Service Unavailable\nmore".into(),
        }
    }

    #[test]
    fn notifications_fire_and_resolve_as_the_states_say() {
        let r = received(&n("CRITICAL", "PROBLEM")).unwrap();
        assert!(r.firing);
        assert_eq!(r.fingerprint, "lab01/HTTP");
        assert_eq!(r.labels["severity"], "critical");
        assert_eq!(
            r.summary,
            "lab01/HTTP CRITICAL: HTTP CRITICAL - 503 Service Unavailable"
        );
        assert_eq!(
            received(&n("WARNING", "PROBLEM")).unwrap().labels["severity"],
            "warning"
        );
        assert!(!received(&n("OK", "RECOVERY")).unwrap().firing);
        assert!(received(&n("CRITICAL", "ACKNOWLEDGEMENT")).unwrap().firing);
        assert!(!received(&n("CRITICAL", "DOWNTIMESTART")).unwrap().firing);
        assert!(received(&n("down", "problem")).unwrap().firing);
        // Unknown words never lose the alarm: a state not OK/UP fires, as critical.
        let odd = received(&n("BROKEN", "WHATEVER")).unwrap();
        assert!(odd.firing);
        assert_eq!(odd.labels["severity"], "critical");
        assert!(!received(&n("OK", "WHATEVER")).unwrap().firing);
        let mut host = n("DOWN", "PROBLEM");
        host.service.clear();
        assert_eq!(received(&host).unwrap().fingerprint, "lab01");
        host.host.clear();
        assert_eq!(received(&host), Err(NotificationError::NoHost));
    }
}
