//! The receiver's settings from `[receiver]`: where it listens, its TLS certificate, and
//! the sources it takes alerts from — each with its token file, rate and body format.

use super::webhook::WebhookFields;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the receiver listens when neither `[receiver] listen` nor `--listen` says.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9095";

/// Requests a minute a source may send when it does not say.
pub const DEFAULT_PER_MINUTE: u32 = 600;

/// How a source's bodies are read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceFormat {
    /// Alertmanager's webhook, version 4 (Grafana's too).
    Alertmanager,
    /// A JSON body read with the source's pointers.
    Webhook(Box<WebhookFields>),
}

/// One source of alerts (`[[receiver.sources]]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AlertSource {
    pub id: String,
    pub format: SourceFormat,
    /// The file the bearer token is read from (never the token itself in the configuration).
    /// Without one the receiver does not serve the source (only `beredskap ingest` does).
    pub token_file: Option<PathBuf>,
    /// The OS accounts that may send for it with `beredskap ingest` (the Nagios account,
    /// say): a machine sender's own permission, not a person's role.
    pub senders: Vec<String>,
    pub per_minute: u32,
    /// Alertmanager's API (`http://127.0.0.1:9093`): maintenance windows become silences.
    pub api: Option<String>,
}

/// A certificate chain and its key, PEM files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tls {
    pub certificate: PathBuf,
    pub key: PathBuf,
}

/// `[receiver]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReceiverSettings {
    pub listen: Option<SocketAddr>,
    pub heartbeat_token_file: Option<PathBuf>,
    pub tls: Option<Tls>,
    pub sources: Vec<AlertSource>,
}

impl ReceiverSettings {
    pub fn source(&self, id: &str) -> Option<&AlertSource> {
        self.sources.iter().find(|s| s.id == id)
    }
}
