//! Machine senders: the jobs and services that write to the log without being people — a
//! job's heartbeat, the Nagios notification command, a script feeding Alertmanager's
//! payload, the alert receiver. Each goes through one identity and permission check: the
//! configuration names the OS accounts that may send for a heartbeat or an alert source
//! (`senders = [...]`), a permission of its own, not a person's role; the receiver's
//! sources are proven by their token. What is written names who really sent it: the OS
//! account that ran the command, or the receiver's source and the client's address.

use super::OpError;
use super::refusal::{Refusal, SendsFor};
use crate::model::check::CheckKind;
use crate::model::region::Region;

/// Who sent what is about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// The account events are attributed to: the sending OS account, or the receiver's
    /// source id.
    pub account: String,
    /// The OS account of the process that wrote it.
    pub os_account: String,
    /// The client's address, for what came through the receiver.
    pub address: Option<String>,
}

impl Sender {
    /// `os_account` (or `--as` in a region that allows it) sending for heartbeat `id`.
    pub fn for_heartbeat(
        region: &Region,
        os_account: &str,
        override_account: Option<&str>,
        id: &str,
    ) -> Result<Sender, OpError> {
        let senders = region
            .systems
            .iter()
            .flat_map(|s| &s.checks)
            .find_map(|c| match &c.kind {
                CheckKind::Heartbeat {
                    id: hid, senders, ..
                } if hid == id => Some(senders.clone()),
                _ => None,
            })
            // A source's Watchdog heartbeat is sent for by the source's senders.
            .or_else(|| {
                let source = id.strip_suffix(".watchdog")?;
                region.receiver.source(source).map(|s| s.senders.clone())
            })
            .unwrap_or_default();
        Self::named(
            region,
            os_account,
            override_account,
            SendsFor::Heartbeat(id.to_string()),
            senders,
        )
    }

    /// `os_account` (or `--as`) sending alerts of `source` with `beredskap ingest`.
    pub fn for_source(
        region: &Region,
        os_account: &str,
        override_account: Option<&str>,
        source: &str,
    ) -> Result<Sender, OpError> {
        let senders = region
            .receiver
            .source(source)
            .map(|s| s.senders.clone())
            .unwrap_or_default();
        Self::named(
            region,
            os_account,
            override_account,
            SendsFor::Source(source.to_string()),
            senders,
        )
    }

    /// The receiver, for a request that proved `source`'s token from `address`.
    pub fn receiver(source: &str, os_account: &str, address: Option<String>) -> Sender {
        Sender {
            account: source.to_string(),
            os_account: os_account.to_string(),
            address,
        }
    }

    /// The sender as a heartbeat's last ping names it: "nagios", "alertmanager
    /// (127.0.0.1:40312)".
    pub fn describe(&self) -> String {
        match &self.address {
            Some(a) => format!("{} {a}", self.account),
            None => self.account.clone(),
        }
    }

    fn named(
        region: &Region,
        os_account: &str,
        override_account: Option<&str>,
        what: SendsFor,
        senders: Vec<String>,
    ) -> Result<Sender, OpError> {
        let account = match override_account {
            Some(a) if !region.site.allow_actor_override => {
                return Err(super::actor::override_refused(a));
            }
            Some(a) => a,
            None => os_account,
        };
        if !senders.iter().any(|s| s == account) {
            return Err(Refusal::NotASender {
                account: account.to_string(),
                what,
                senders,
            }
            .into());
        }
        Ok(Sender {
            account: account.to_string(),
            os_account: os_account.to_string(),
            address: None,
        })
    }
}
