//! A real PostgreSQL 15 server for a test (issue 34): `initdb` into a temporary directory,
//! `pg_ctl start` on a free loopback port with its socket in that directory, stopped
//! (immediately) when dropped. Run as the `postgres` user when the test runs as root (the
//! server refuses root). `.ci/run` installs Debian's postgresql-15.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct Postgres {
    dir: tempfile::TempDir,
    pub port: u16,
}

/// Whether this process runs as root (then the server runs as `postgres`).
fn as_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

/// `program args…` as the server's user.
fn command(program: &str) -> Command {
    let path = Path::new(BIN).join(program);
    if as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn ok(what: &str, out: std::io::Result<Output>) -> Output {
    let out = out.unwrap_or_else(|e| panic!("{what}: {e} (is postgresql-15 installed?)"));
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A temporary directory the server's user owns.
fn own_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("beredskap-pg")
        .tempdir()
        .unwrap();
    if as_root() {
        let (uid, gid) = (
            nix::unistd::User::from_name("postgres")
                .unwrap()
                .unwrap()
                .uid,
            nix::unistd::Group::from_name("postgres")
                .unwrap()
                .unwrap()
                .gid,
        );
        nix::unistd::chown(dir.path(), Some(uid), Some(gid)).unwrap();
    }
    dir
}

impl Postgres {
    /// A fresh cluster, started, with the superuser `postgres` (trusted on its socket
    /// only; over TCP every role needs its password) and a database `beredskap`.
    pub fn start() -> Postgres {
        let dir = own_dir();
        let data = dir.path().join("data");
        ok(
            "initdb",
            command("initdb")
                .args([
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "-D",
                ])
                .arg(&data)
                .output(),
        );
        let port = free_port();
        let pg = Postgres { dir, port };
        pg.start_server();
        ok("createdb", pg.client("createdb").arg("beredskap").output());
        pg
    }

    /// A synchronous streaming standby of `primary`, started: `pg_basebackup -R` into a
    /// directory of its own, on a port of its own; the primary waits for it on every
    /// commit (`synchronous_standby_names = '*'`).
    pub fn standby_of(primary: &Postgres) -> Postgres {
        let dir = own_dir();
        let data = dir.path().join("data");
        ok(
            "pg_basebackup",
            primary
                .client("pg_basebackup")
                .args(["-R", "-X", "stream", "-c", "fast", "--no-sync", "-D"])
                .arg(&data)
                .output(),
        );
        let standby = Postgres {
            dir,
            port: free_port(),
        };
        standby.start_server();
        primary.psql("ALTER SYSTEM SET synchronous_standby_names = '*'");
        primary.psql("SELECT pg_reload_conf()");
        // Streaming and synchronous before the test goes on.
        let waited = std::time::Instant::now();
        while primary.psql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")
            != "1"
        {
            assert!(
                waited.elapsed() < std::time::Duration::from_secs(60),
                "the standby never became synchronous"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        standby
    }

    /// TLS on, and only TLS over TCP: the server's certificate and key and the CA it checks
    /// client certificates against copied into its data directory; `pg_hba.conf` takes
    /// `cert_role` by client certificate and every other role by password, both only over
    /// TLS (the socket stays trusted for the superuser).
    pub fn tls_only(&self, certificate: &Path, key: &Path, ca: &Path, cert_role: &str) {
        use std::os::unix::fs::PermissionsExt;
        let data = self.data();
        for (from, name, mode) in [
            (certificate, "server.pem", 0o644),
            (key, "server.key", 0o600),
            (ca, "client-ca.pem", 0o644),
        ] {
            let to = data.join(name);
            std::fs::copy(from, &to).unwrap();
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(mode)).unwrap();
            if as_root() {
                let user = nix::unistd::User::from_name("postgres").unwrap().unwrap();
                nix::unistd::chown(&to, Some(user.uid), Some(user.gid)).unwrap();
            }
        }
        std::fs::write(
            data.join("pg_hba.conf"),
            format!(
                "local all all trust\n\
                 hostssl all {cert_role} 127.0.0.1/32 cert\n\
                 hostssl all all 127.0.0.1/32 scram-sha-256\n"
            ),
        )
        .unwrap();
        // One statement a call: ALTER SYSTEM refuses a transaction block.
        for setting in [
            "ssl = on",
            "ssl_cert_file = 'server.pem'",
            "ssl_key_file = 'server.key'",
            "ssl_ca_file = 'client-ca.pem'",
        ] {
            self.psql(&format!("ALTER SYSTEM SET {setting}"));
        }
        self.psql("SELECT pg_reload_conf()");
    }

    /// The server's process (the postmaster), from its pid file.
    pub fn pid(&self) -> i32 {
        std::fs::read_to_string(self.data().join("postmaster.pid"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Kills the server as a power cut would: SIGKILL to the postmaster and every backend
    /// (no shutdown, no checkpoint).
    pub fn kill_hard(&self) {
        let pid = self.pid();
        let _ = Command::new("pkill")
            .args(["-KILL", "-P", &pid.to_string()])
            .status();
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }

    /// Stops the server (fast: sessions are ended) and starts it again on the same port.
    pub fn stop(&self) {
        ok(
            "pg_ctl stop",
            command("pg_ctl")
                .args(["-w", "-m", "fast", "-D"])
                .arg(self.data())
                .arg("stop")
                .output(),
        );
    }

    pub fn start_again(&self) {
        self.start_server();
    }

    /// Promotes a standby to primary and waits until it takes writes.
    pub fn promote(&self) {
        ok(
            "pg_ctl promote",
            command("pg_ctl")
                .args(["-w", "-D"])
                .arg(self.data())
                .arg("promote")
                .output(),
        );
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The socket directory (the cluster's own directory).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    fn start_server(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=on",
            self.port,
            self.socket_dir().display()
        );
        ok(
            "pg_ctl start",
            command("pg_ctl")
                .args(["-w", "-t", "60", "-o", &options, "-l"])
                .arg(self.dir.path().join("server.log"))
                .arg("-D")
                .arg(self.data())
                .arg("start")
                .output(),
        );
    }

    /// A client program (`psql`, `createdb` …) connected as the superuser.
    pub fn client(&self, program: &str) -> Command {
        let mut c = command(program);
        c.arg("-h")
            .arg(self.socket_dir())
            .args(["-p", &self.port.to_string(), "-U", "postgres"]);
        c
    }

    /// Runs SQL as the superuser in database `beredskap`; its output.
    pub fn psql(&self, sql: &str) -> String {
        self.psql_in("beredskap", sql)
    }

    /// Runs SQL as the superuser in `database`; its output.
    pub fn psql_in(&self, database: &str, sql: &str) -> String {
        self.try_psql_in(database, sql)
            .unwrap_or_else(|e| panic!("psql: {e}"))
    }

    /// Runs SQL as the superuser in `database`: its output, or what psql said.
    pub fn try_psql_in(&self, database: &str, sql: &str) -> Result<String, String> {
        let out = self
            .client("psql")
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                database,
                "-c",
            ])
            .arg(sql)
            .output()
            .unwrap_or_else(|e| panic!("psql: {e} (is postgresql-15 installed?)"));
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// A libpq connection string for `user` over loopback TCP.
    pub fn url(&self, user: &str) -> String {
        self.url_for(user, "beredskap")
    }

    /// A libpq connection string for `user` and `database` over loopback TCP.
    pub fn url_for(&self, user: &str, database: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={user} dbname={database} connect_timeout=5",
            self.port
        )
    }

    /// The superuser's connection string over the server's socket (trusted).
    pub fn socket_url(&self, user: &str, database: &str) -> String {
        format!(
            "host={} port={} user={user} dbname={database}",
            self.socket_dir().display(),
            self.port
        )
    }

    /// For a server shared by a whole test binary (never dropped): a watchdog stops it and
    /// removes its directory once process `pid` is gone.
    pub fn stop_when_gone(&self, pid: u32) {
        let script = format!(
            "while [ -d /proc/{pid} ]; do sleep 0.5; done; \
             {BIN}/pg_ctl -m immediate -D '{data}' stop >/dev/null 2>&1; rm -rf '{dir}'",
            data = self.data().display(),
            dir = self.dir.path().display()
        );
        let mut watchdog = if as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", "sh", "-c", &script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", &script]);
            c
        };
        // Left to run past this process: reaped by init once it has stopped the server.
        #[allow(clippy::zombie_processes)]
        watchdog
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = command("pg_ctl")
            .args(["-m", "immediate", "-D"])
            .arg(self.data())
            .arg("stop")
            .output();
    }
}
