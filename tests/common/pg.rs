//! A real PostgreSQL 15 server for a test (issue 34): `initdb` into a temporary directory,
//! `pg_ctl start` on a free loopback port with its socket in that directory, stopped
//! (immediately) when dropped. Run as the `postgres` user when the test runs as root (the
//! server refuses root). `.ci/run` installs Debian's postgresql-15.

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

impl Postgres {
    /// A fresh cluster, started, with the superuser `postgres` (trusted on its socket
    /// only; over TCP every role needs its password) and a database `beredskap`.
    pub fn start() -> Postgres {
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
        let out = ok(
            "psql",
            self.client("psql")
                .args([
                    "-X",
                    "-q",
                    "-A",
                    "-t",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    "beredskap",
                    "-c",
                ])
                .arg(sql)
                .output(),
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A libpq connection string for `user` over loopback TCP.
    pub fn url(&self, user: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={user} dbname=beredskap connect_timeout=5",
            self.port
        )
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
