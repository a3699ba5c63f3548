//! Reaching the log of record in two steps: what connecting needs read first
//! ([`Dialling::of`], on the calling thread: the connection string, and the secrets with
//! the log's group raised), then the server dialled and signed in to
//! ([`Dialling::connect`], on any thread). So a command can start connecting while it
//! reads its configuration ([`ahead`]), and no thread but the caller's ever raises the
//! log's group for it.

use super::{
    CONNECT_WAIT, DEAD_AFTER, IDLE_IN_TRANSACTION_TIMEOUT, RemoteConfig, RemoteFailure,
    read_password, tls,
};
use crate::StoreError;
use std::str::FromStr;
use std::time::Duration;

/// A connection to the log of record, ready to be made.
pub(super) struct Dialling {
    pg: postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    lock_wait: Duration,
}

impl Dialling {
    /// Reads what connecting to `config`'s log of record needs: nothing is sent yet.
    pub(super) fn of(config: &RemoteConfig, lock_wait: Duration) -> Result<Dialling, StoreError> {
        let mut pg = postgres::Config::from_str(&config.conninfo).map_err(|e| {
            StoreError::Remote(RemoteFailure {
                text: format!("the connection string cannot be read: {e}"),
                busy: false,
            })
        })?;
        // The secret files are the services' and the set-group-ID binary's alone
        // (`privilege::with_secret`: read with the log's group raised, under the lock that
        // keeps every other thread's raising and lowering out of the way meanwhile).
        if let Some(file) = &config.password_file {
            pg.password(crate::host::privilege::with_secret(|| read_password(file))?);
        }
        if pg.get_application_name().is_none() {
            pg.application_name("beredskap");
        }
        // A database that does not answer (a partition dropping packets, not refusing
        // them) must not hold a write, and so an alarm, for minutes: connecting gives up
        // after CONNECT_WAIT unless the connection string says otherwise, and a connection
        // whose packets go unanswered is given up after DEAD_AFTER.
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(CONNECT_WAIT);
        }
        pg.tcp_user_timeout(DEAD_AFTER);
        pg.keepalives_idle(DEAD_AFTER);
        let tls = match &config.ca_file {
            None => None,
            Some(ca) => {
                // Verified, always: the chain to the CA and the host's name.
                pg.ssl_mode(postgres::config::SslMode::Require);
                Some(crate::host::privilege::with_secret(|| {
                    tls::connector(ca, config.client_certificate.as_ref())
                })?)
            }
        };
        Ok(Dialling { pg, tls, lock_wait })
    }

    /// Dials the server, signs in, and sets the session's limits.
    pub(super) fn connect(self) -> Result<postgres::Client, StoreError> {
        let mut client = match self.tls {
            None => self.pg.connect(postgres::NoTls)?,
            Some(tls) => self.pg.connect(tls)?,
        };
        client.batch_execute(&format!(
            "SET lock_timeout = '{}ms'; \
             SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION_TIMEOUT}'; \
             SET synchronous_commit = on; SET standard_conforming_strings = on",
            self.lock_wait.as_millis().max(1)
        ))?;
        Ok(client)
    }
}

/// The one connection of a process started ahead of need (`RemoteLog::connect_ahead`),
/// until a `RemoteLog::connect` to the same log of record takes it.
pub(super) mod ahead {
    use super::{Dialling, RemoteConfig, RemoteFailure, StoreError};
    use std::sync::Mutex;
    use std::thread::JoinHandle;

    type Reaching = (
        RemoteConfig,
        JoinHandle<Result<postgres::Client, StoreError>>,
    );

    static AHEAD: Mutex<Option<Reaching>> = Mutex::new(None);

    /// Dials on a thread of its own (a connection started before replaces none: the first
    /// stays, and this one is not made).
    pub(in super::super) fn start(config: &RemoteConfig, dialling: Dialling) {
        let mut slot = AHEAD.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return;
        }
        if let Ok(handle) = std::thread::Builder::new()
            .name("log-of-record".into())
            .spawn(move || dialling.connect())
        {
            *slot = Some((config.clone(), handle));
        }
    }

    /// The connection started ahead to `config`'s log of record, once made (or why it
    /// could not be: what connecting now would say). None when none was started to it
    /// (one started to another log stays for the connection that asks for that one).
    pub(in super::super) fn take(
        config: &RemoteConfig,
    ) -> Option<Result<postgres::Client, StoreError>> {
        let (_, handle) = {
            let mut slot = AHEAD.lock().unwrap_or_else(|p| p.into_inner());
            if slot.as_ref().is_none_or(|(reaching, _)| reaching != config) {
                return None;
            }
            slot.take()?
        };
        Some(handle.join().unwrap_or_else(|_| {
            Err(StoreError::Remote(RemoteFailure::new(
                "connecting stopped unexpectedly",
                false,
            )))
        }))
    }
}
