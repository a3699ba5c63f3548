//! The same tests on both engines (issue 34): a test asks [`engines`] and runs its body on
//! each [`Site`] — the log in this host's SQLite file, or the log of record on PostgreSQL
//! with this host's file as its copy. One PostgreSQL server per test binary, a database of
//! its own for each site; the server stops when the test binary ends (a watchdog beside it),
//! so nothing is left running.
//!
//! `BEREDSKAP_TEST_ENGINES=sqlite` (or `postgres`) runs one engine alone.

use super::pg::Postgres;
pub use super::storage_config::with_log_of_record;
use beredskap::model::region::LogOfRecord;
use beredskap::store::Store;
use beredskap::store::remote::{RemoteConfig, RemoteLog};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub const APP_ROLE: &str = "beredskap_app";
/// Synthetic, for the tests' own servers only.
pub const APP_PASSWORD: &str = "test-only-7f3a";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        })
    }
}

/// The engines this run tests: both, unless `BEREDSKAP_TEST_ENGINES` names one; PostgreSQL
/// only where it is installed (under CI as root, its absence fails the test).
pub fn engines(test: &str) -> Vec<Engine> {
    let only = std::env::var("BEREDSKAP_TEST_ENGINES").unwrap_or_default();
    let mut out = Vec::new();
    if only.is_empty() || only.contains("sqlite") {
        out.push(Engine::Sqlite);
    }
    if only.is_empty() || only.contains("postgres") {
        if Path::new("/usr/lib/postgresql/15/bin/initdb").exists() {
            out.push(Engine::Postgres);
        } else {
            super::tool_missing(test, "PostgreSQL 15 is not installed (postgresql-15)");
        }
    }
    out
}

/// The test binary's one server, started on first use.
fn server() -> &'static Postgres {
    static SERVER: OnceLock<Postgres> = OnceLock::new();
    SERVER.get_or_init(|| {
        let pg = Postgres::start();
        pg.psql(&format!(
            "CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'"
        ));
        pg.stop_when_gone(std::process::id());
        pg
    })
}

/// A host of a test region on one engine: its configuration, its file and (on PostgreSQL)
/// the log of record's database.
pub struct Site {
    pub engine: Engine,
    pub dir: tempfile::TempDir,
    /// The region's configuration (with `[storage]` on PostgreSQL).
    pub config: PathBuf,
    /// This host's file: the log (SQLite) or its copy (PostgreSQL).
    pub db: PathBuf,
    /// The log of record's database on the shared server.
    database: Option<String>,
}

impl Site {
    /// The minimal test region on `engine`.
    pub fn new(engine: Engine) -> Site {
        Site::of(engine, &super::minimal_config())
    }

    /// The region at `config` on `engine`.
    pub fn of(engine: Engine, config: &Path) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("log.db");
        match engine {
            Engine::Sqlite => Site {
                engine,
                config: config.to_path_buf(),
                db,
                database: None,
                dir,
            },
            Engine::Postgres => {
                static NEXT: AtomicU32 = AtomicU32::new(1);
                let database = format!("site_{}", NEXT.fetch_add(1, Ordering::Relaxed));
                let pg = server();
                // One installation at a time: each sets the role's settings, and the
                // catalog refuses two such changes at once.
                static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
                let _one = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
                pg.psql(&format!("CREATE DATABASE {database}"));
                let mut owner = RemoteLog::connect(&RemoteConfig {
                    conninfo: pg.socket_url("postgres", &database),
                    password_file: None,
                    ..Default::default()
                })
                .unwrap();
                owner.install(Some(APP_ROLE)).unwrap();
                let remote = remote_config(dir.path(), pg.url_for(APP_ROLE, &database));
                let config = with_log_of_record(dir.path(), config, &remote);
                Site {
                    engine,
                    config,
                    db,
                    database: Some(database),
                    dir,
                }
            }
        }
    }

    /// The log of record's connection, on PostgreSQL.
    pub fn remote_config(&self) -> Option<RemoteConfig> {
        self.database.as_ref().map(|d| RemoteConfig {
            conninfo: server().url_for(APP_ROLE, d),
            password_file: Some(self.dir.path().join("pg-password")),
            ..Default::default()
        })
    }

    /// A raw connection to the log of record as the application's role.
    pub fn app_client(&self) -> Option<postgres::Client> {
        self.remote_config().map(|config| {
            let mut c: postgres::Config = config.conninfo.parse().unwrap();
            c.password(APP_PASSWORD);
            c.connect(postgres::NoTls).unwrap()
        })
    }

    /// The log of record as the store takes it.
    pub fn log_of_record(&self) -> Option<LogOfRecord> {
        self.remote_config().map(|c| LogOfRecord {
            conninfo: c.conninfo,
            password_file: c.password_file,
            ..Default::default()
        })
    }

    /// The store as a process of this host opens it (attached to the log of record).
    pub fn store(&self) -> Store {
        self.store_at(&self.db)
    }

    /// Another file of this host (a second process's, a copy) opened the same way.
    pub fn store_at(&self, path: &Path) -> Store {
        Store::open_for(path, self.log_of_record().as_ref()).unwrap()
    }

    /// Another process's write holding the log for `how_long`: the file's write lock
    /// (SQLite), or the log of record's head taken FOR UPDATE (PostgreSQL). Returns once
    /// it is held; join the handle to wait for its end.
    pub fn hold_log(&self, how_long: std::time::Duration) -> std::thread::JoinHandle<()> {
        let (taken_tx, taken_rx) = std::sync::mpsc::channel();
        let (db, app) = (self.db.clone(), self.app_client());
        let holder = std::thread::spawn(move || match app {
            None => {
                let conn = rusqlite::Connection::open(&db).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                taken_tx.send(()).unwrap();
                std::thread::sleep(how_long);
                conn.execute_batch("COMMIT").unwrap();
            }
            Some(mut client) => {
                client
                    .batch_execute(
                        "BEGIN; SELECT 1 FROM beredskap.log_head WHERE singleton = 1 FOR UPDATE",
                    )
                    .unwrap();
                taken_tx.send(()).unwrap();
                std::thread::sleep(how_long);
                // The server may have ended an idle holder's transaction already.
                let _ = client.batch_execute("COMMIT");
            }
        });
        taken_rx.recv().unwrap();
        holder
    }

    /// The real binary against this site, speaking English.
    pub fn cli(&self) -> Command {
        super::beredskap(&self.config, &self.db)
    }

    /// Goes behind the log's back with `sql` (written for SQLite's `events` and
    /// `log_head`): triggers dropped from the file, or on PostgreSQL the superuser with the
    /// append-only triggers off for the statement — in the log itself, where `log verify`
    /// must find it.
    pub fn tamper(&self, sql: &str) {
        match &self.database {
            None => {
                let conn = rusqlite::Connection::open(&self.db).unwrap();
                conn.execute_batch(&format!(
                    "DROP TRIGGER IF EXISTS events_refuse_update; \
                     DROP TRIGGER IF EXISTS events_refuse_delete; {sql}"
                ))
                .unwrap();
            }
            Some(database) => {
                server().psql_in(
                    database,
                    &format!(
                        "SET search_path = beredskap; \
                         ALTER TABLE events DISABLE TRIGGER USER; {sql} \
                         ALTER TABLE events ENABLE TRIGGER USER;"
                    ),
                );
            }
        }
    }

    /// SQL as the log's owner, straight on the log (SQLite: the file; PostgreSQL: the log
    /// of record's database, `beredskap` schema first): its output, one row a line.
    pub fn sql_as_owner(&self, sql: &str) -> Result<String, String> {
        match &self.database {
            None => {
                let conn = rusqlite::Connection::open(&self.db).unwrap();
                conn.execute_batch(sql)
                    .map(|()| String::new())
                    .map_err(|e| e.to_string())
            }
            Some(database) => {
                server().try_psql_in(database, &format!("SET search_path = beredskap; {sql}"))
            }
        }
    }
}

/// The connection for the application's role, its password in a 0600 file in `dir`.
fn remote_config(dir: &Path, conninfo: String) -> RemoteConfig {
    use std::os::unix::fs::PermissionsExt;
    let password = dir.join("pg-password");
    std::fs::write(&password, format!("{APP_PASSWORD}\n")).unwrap();
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
    RemoteConfig {
        conninfo,
        password_file: Some(password),
        ..Default::default()
    }
}
