//! The log of record on PostgreSQL (issue 34). A region that runs beredskap at two sites
//! keeps its events in the PostgreSQL cluster its database team runs (streaming
//! replication, a synchronous standby at the other site); each host keeps its SQLite file
//! as the read model it answers from (projections, the console's queries, the exports) and
//! brings it up to the log of record before every write and when asked (`Store::catch_up`).
//!
//! A write takes the chain's head `FOR UPDATE` in a PostgreSQL transaction (the one lock
//! every writer at every site queues on), brings the local file up to that head, builds and
//! hashes the events locally exactly as on one host (the guard, the payload check, the
//! projections), inserts the same rows into PostgreSQL and commits there first: the local
//! file commits only what the log of record holds. A stopped client cannot hold the log:
//! the server ends its transaction (`idle_in_transaction_session_timeout`) and a writer
//! waits at most `lock_timeout` for the head.

mod dial;
mod follow;
mod lease;
mod log;
mod tls;

pub use follow::{Reach, follow};
pub(crate) use lease::LeaseRow;
pub(crate) use log::Appended;
pub use log::StoredRow;

use crate::StoreError;
use std::path::{Path, PathBuf};

/// How to reach the log of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteConfig {
    /// A libpq connection string without a password; it may name several hosts
    /// (`host=a,b … target_session_attrs=read-write`).
    pub conninfo: String,
    /// The password, read from a file only the trusted writer can read (never in the
    /// configuration, never on the command line).
    pub password_file: Option<PathBuf>,
    /// TLS, when set: the server's certificate must chain to this CA (PEM) and name the
    /// host connected to; the connection is refused otherwise.
    pub ca_file: Option<PathBuf>,
    /// TLS client authentication: this host's certificate and its key (PEM), for a server
    /// that signs in with certificates (`cert` in pg_hba.conf) instead of a password.
    pub client_certificate: Option<(PathBuf, PathBuf)>,
}

impl From<&crate::model::region::LogOfRecord> for RemoteConfig {
    fn from(log: &crate::model::region::LogOfRecord) -> Self {
        RemoteConfig {
            conninfo: log.conninfo.clone(),
            password_file: log.password_file.clone(),
            ca_file: log.ca_file.clone(),
            client_certificate: log.client_certificate.clone().zip(log.client_key.clone()),
        }
    }
}

/// What the server is told for every session: a writer waits at most this long for the
/// chain's head, and a session that stops inside a transaction is ended by the server.
pub const LOCK_TIMEOUT: &str = "5s";
pub const IDLE_IN_TRANSACTION_TIMEOUT: &str = "10s";
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
const CONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
const DEAD_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// A failure of the log of record, in words: what the server said, and whether another
/// writer held the head too long (`is_busy`).
#[derive(Debug)]
pub struct RemoteFailure {
    pub(crate) text: String,
    pub(crate) busy: bool,
}

impl std::fmt::Display for RemoteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the log of record (PostgreSQL): {}", self.text)
    }
}

impl std::error::Error for RemoteFailure {}

impl RemoteFailure {
    /// What the server or the connection said, as it said it.
    pub fn said(&self) -> &str {
        &self.text
    }

    /// A failure with these words (for the tests of what is said about one).
    pub fn new(text: impl Into<String>, busy: bool) -> RemoteFailure {
        RemoteFailure {
            text: text.into(),
            busy,
        }
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let busy = e.code().is_some_and(|c| {
            *c == postgres::error::SqlState::LOCK_NOT_AVAILABLE
                || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
                || *c == postgres::error::SqlState::QUERY_CANCELED
        });
        let text = match e.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => {
                let mut text = e.to_string();
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    text = format!("{text}: {c}");
                    cause = c.source();
                }
                text
            }
        };
        StoreError::Remote(RemoteFailure { text, busy })
    }
}

/// The log of record: one connection.
pub struct RemoteLog {
    client: postgres::Client,
    /// How it was reached, to reach it again when the connection goes.
    config: RemoteConfig,
    /// How long a write waits for the chain's head (the session's lock_timeout).
    lock_wait: std::time::Duration,
    /// The lock_timeout the session has now (a write built on a known head sets it when it
    /// differs from `lock_wait`).
    lock_wait_set: std::time::Duration,
    /// The event insert, prepared once per connection.
    insert: Option<postgres::Statement>,
    /// The insert on a known head (`append_on_head`), prepared on a connection's second
    /// append; whether it has appended on a known head yet.
    insert_on_head: Option<postgres::Statement>,
    appended_on_head: bool,
    /// The same insert prepared on the server (`PREPARE beredskap_append`), for a write's
    /// insert and commit in one round trip; once per connection.
    append_prepared: bool,
    /// The rows of a write whose commit was sent but not answered (the connection went):
    /// they may or may not be in the log of record. Carried to the next connection, which
    /// finds out (`Store::append_all` returns them instead of writing the same again).
    pub(crate) unsure: Option<Vec<StoredRow>>,
    /// The last write found others' events to copy under the head: the next one copies
    /// what it can before it queues for the head, so that little is left to do holding it.
    pub(crate) contended: bool,
}

/// An SQL identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn read_password(path: &Path) -> Result<String, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        StoreError::Denied(format!(
            "cannot read the PostgreSQL password file {}: {e}",
            path.display()
        ))
    })?;
    Ok(text.lines().next().unwrap_or_default().to_string())
}

impl RemoteLog {
    /// Connects (to the first host that takes writes, when several are named) and sets the
    /// session's limits.
    pub fn connect(config: &RemoteConfig) -> Result<RemoteLog, StoreError> {
        let client = match dial::ahead::take(config) {
            Some(reached) => reached?,
            None => Self::client(config, LOCK_WAIT)?,
        };
        Ok(RemoteLog {
            client,
            config: config.clone(),
            lock_wait: LOCK_WAIT,
            lock_wait_set: LOCK_WAIT,
            insert: None,
            insert_on_head: None,
            appended_on_head: false,
            append_prepared: false,
            unsure: None,
            contended: false,
        })
    }

    /// How long a write waits for the chain's head before it says the log is busy (the
    /// monitor sets its alarm bound: an alarm never waits longer on a held log).
    /// Nothing is asked of the server here (it may be called on an async runtime's thread):
    /// each write sets it in the round trip that begins it.
    pub fn set_lock_wait(&mut self, wait: std::time::Duration) {
        self.lock_wait = wait;
    }

    /// A new connection when the last one went (the server restarted, a failover, the
    /// network): nothing when it is still open.
    pub(crate) fn reconnect_if_gone(&mut self) -> Result<(), StoreError> {
        if self.client.is_closed() {
            self.client = Self::client(&self.config, self.lock_wait)?;
            self.lock_wait_set = self.lock_wait;
            self.insert = None;
            self.insert_on_head = None;
            self.appended_on_head = false;
            self.append_prepared = false;
        }
        Ok(())
    }

    /// Starts connecting to the log of record `config` names on a thread of its own, while
    /// this process does its other starting work (reading and validating the configuration:
    /// several milliseconds, as long as connecting and signing in): the next [`connect`]
    /// with the same configuration takes this connection (or its failure) instead of
    /// connecting again. The secrets are read here, on the calling thread, with the log's
    /// group raised as every read of them is; the thread only dials and signs in.
    ///
    /// [`connect`]: RemoteLog::connect
    pub fn connect_ahead(config: &RemoteConfig) {
        if let Ok(dialling) = dial::Dialling::of(config, LOCK_WAIT) {
            dial::ahead::start(config, dialling);
        }
    }

    fn client(
        config: &RemoteConfig,
        lock_wait: std::time::Duration,
    ) -> Result<postgres::Client, StoreError> {
        dial::Dialling::of(config, lock_wait)?.connect()
    }

    pub fn install(&mut self, app_role: Option<&str>) -> Result<(), StoreError> {
        self.client.batch_execute(include_str!("schema.sql"))?;
        if let Some(role) = app_role {
            let role = ident(role);
            self.client.batch_execute(&format!(
                "REVOKE ALL ON beredskap.events, beredskap.log_head, beredskap.monitor_lease \
                 FROM PUBLIC; \
                 GRANT USAGE ON SCHEMA beredskap TO {role}; \
                 GRANT SELECT, INSERT ON beredskap.events TO {role}; \
                 GRANT SELECT, UPDATE ON beredskap.log_head TO {role}; \
                 GRANT SELECT, INSERT, UPDATE ON beredskap.monitor_lease TO {role}; \
                 GRANT EXECUTE ON FUNCTION beredskap.redact(bigint, text) TO {role}; \
                 ALTER ROLE {role} SET lock_timeout = '{LOCK_TIMEOUT}'; \
                 ALTER ROLE {role} SET idle_in_transaction_session_timeout = \
                 '{IDLE_IN_TRANSACTION_TIMEOUT}'"
            ))?;
        }
        Ok(())
    }
}
