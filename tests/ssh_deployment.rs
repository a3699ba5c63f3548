//! The shared deployment of docs/operations.md, end to end, installed by contrib/install.sh
//! as the trusted writer (set-group-ID) in a private mount namespace: a real OpenSSH server on
//! 127.0.0.1 with a test host key, two people with their own accounts in the `beredskap`
//! group, one database in a set-group-ID directory, two consoles through `ssh -tt` at once
//! (one of them started by a `ForceCommand`, as for ward accounts), and an account outside
//! the group that is refused with a clear message.
//!
//! Needs root (it creates accounts) and Debian's openssh-server; `.ci/run` installs it.
//! Without root the test says so and passes; as root without sshd it fails under CI (`CI`
//! set: the install failed) and says so elsewhere.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::pty::Console;
use portable_pty::CommandBuilder;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";
const GROUP: &str = "beredskap";
const ANNA: &str = "bsk-e2e-anna";
const BO: &str = "bsk-e2e-bo";
const OUTSIDER: &str = "bsk-e2e-utan";

fn ready() -> bool {
    if !nix::unistd::Uid::effective().is_root() {
        common::not_run(
            "ssh_deployment",
            "the SSH deployment test creates accounts, which needs root",
        );
        return false;
    }
    if Path::new(SSHD).exists() {
        return true;
    }
    common::tool_missing(
        "ssh_deployment",
        &format!("the SSH deployment test needs {SSHD}: .ci/run installs openssh-server"),
    );
    false
}

fn must(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Test accounts, removed again (with their homes) when dropped.
struct Accounts(Vec<&'static str>);

impl Accounts {
    fn create(client_key: &Path) -> Accounts {
        // The group may exist from an earlier run or a real installation: keep it.
        must(Command::new("groupadd").args(["-f", GROUP]));
        let accounts = Accounts(vec![ANNA, BO, OUTSIDER]);
        let public = std::fs::read_to_string(client_key.with_extension("pub")).unwrap();
        for name in &accounts.0 {
            let _ = Command::new("userdel").args(["-r", name]).output();
            // `*`: no password, but not locked (sshd refuses a locked account's keys).
            let mut add = Command::new("useradd");
            add.args(["-m", "-s", "/bin/sh", "-p", "*"]);
            if *name != OUTSIDER {
                add.args(["-G", GROUP]);
            }
            must(add.arg(name));
            let home = PathBuf::from(format!("/home/{name}"));
            let ssh = home.join(".ssh");
            std::fs::create_dir_all(&ssh).unwrap();
            std::fs::write(ssh.join("authorized_keys"), &public).unwrap();
            chmod(&ssh, 0o700);
            chmod(&ssh.join("authorized_keys"), 0o600);
            must(
                Command::new("chown")
                    .args(["-R", &format!("{name}:{name}")])
                    .arg(&home),
            );
        }
        accounts
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for name in &self.0 {
            let _ = Command::new("pkill").args(["-KILL", "-u", name]).output();
            let _ = Command::new("userdel").args(["-r", name]).output();
        }
    }
}

struct Sshd {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn keygen(path: &Path) {
    must(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(path),
    );
}

fn start_sshd(ns: &Namespace, dir: &Path, force_for_bo: &str) -> Sshd {
    std::fs::create_dir_all("/run/sshd").unwrap();
    let host_key = dir.join("host_key");
    keygen(&host_key);
    let port = free_port();
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\n\
             AuthorizedKeysFile .ssh/authorized_keys\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin no\nStrictModes yes\n\
             LogLevel VERBOSE\n\
             Match User {BO}\n    ForceCommand {force_for_bo}\n",
            host_key.display(),
            dir.join("sshd.pid").display()
        ),
    )
    .unwrap();
    must(Command::new(SSHD).arg("-t").arg("-f").arg(&config));
    let log = dir.join("sshd.log");
    let child = ns
        .command(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "sshd did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Sshd { child, port, log }
}

fn ssh_args(key: &Path, port: u16, account: &str) -> Vec<String> {
    [
        "-tt",
        "-F",
        "/dev/null",
        "-i",
        &key.display().to_string(),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-p",
        &port.to_string(),
        &format!("{account}@127.0.0.1"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The host's install paths, made private to this test: a mount namespace (a `sleep` that
/// holds it) in which `/etc/beredskap`, `/usr/local/bin` and `/var/lib/beredskap` are bind
/// mounts of directories under `stage`. Everything that must see the install (the install
/// script, sshd and so every SSH session, the doctor) runs inside it with `nsenter`.
struct Namespace {
    holder: Child,
    stage: PathBuf,
    made: Vec<&'static str>,
}

const MOUNTS: [(&str, &str); 3] = [
    ("etc", "/etc/beredskap"),
    ("bin", "/usr/local/bin"),
    ("var", "/var/lib/beredskap"),
];

impl Namespace {
    fn create(stage: &Path) -> Namespace {
        let mut made = Vec::new();
        let mut script = String::new();
        for (name, target) in MOUNTS {
            let source = stage.join(name);
            std::fs::create_dir_all(&source).unwrap();
            chmod(&source, 0o755);
            if !Path::new(target).exists() {
                std::fs::create_dir_all(target).unwrap();
                made.push(target);
            }
            script += &format!("mount --bind {} {target} && ", source.display());
        }
        script += "echo ready && exec sleep 3600";
        let mut holder = Command::new("unshare")
            .args(["-m", "--propagation", "private", "sh", "-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "ready", "the mount namespace was not set up");
        Namespace {
            holder,
            stage: stage.to_path_buf(),
            made,
        }
    }

    /// A command run inside the namespace.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new("nsenter");
        cmd.args(["-t", &self.holder.id().to_string(), "-m", "--", program]);
        cmd
    }

    /// The log's database as seen from outside the namespace.
    fn db(&self) -> PathBuf {
        self.stage.join("var/beredskap.db")
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
        for dir in &self.made {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The region as the install script gets it: a directory with the configuration (the log
/// in /var/lib/beredskap) and an empty runbook directory.
fn region_source(dir: &Path) -> PathBuf {
    let source = dir.join("region");
    std::fs::create_dir_all(source.join("runbooks")).unwrap();
    // Long enough to be cached (config::cache::WORTH_CACHING), as a large region is.
    let notes: String = (0..1_400)
        .map(|i| {
            format!(
                "# Anteckning {i} om regionens system och deras beroenden.{}\n",
                " ".repeat(40)
            )
        })
        .collect();
    let region = region_text().replace("allow_actor_override = true\n", "")
        + "\n[storage]\ndatabase = \"/var/lib/beredskap/beredskap.db\"\n"
        + "\n[receiver]\nheartbeat_token_file = \"tokens/heartbeat\"\n\n[[receiver.sources]]\n\
           id = \"alertmanager\"\nkind = \"alertmanager\"\ntoken_file = \"tokens/alertmanager\"\n"
        + &notes;
    std::fs::write(source.join("beredskap.toml"), region).unwrap();
    // The tokens as an administrator might leave them: readable by everyone. install.sh
    // makes them the services' alone.
    std::fs::create_dir_all(source.join("tokens")).unwrap();
    for name in ["heartbeat", "alertmanager"] {
        std::fs::write(source.join("tokens").join(name), format!("{name}-s3cret\n")).unwrap();
        chmod(&source.join("tokens").join(name), 0o644);
    }
    source
}

/// The test region with the test accounts: Anna and Bo operators.
fn region_text() -> String {
    std::fs::read_to_string(common::minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            "runbooks_dir = \"runbooks\"",
        )
        .replace("runbooks = [\"journal-nere\"]\n", "")
        .replace("\"operator1\"", &format!("\"{ANNA}\""))
        .replace("\"viewer1\"", &format!("\"{BO}\""))
        .replace("roles = [\"viewer\"]", "roles = [\"operator\"]")
}

/// Runs `remote` as `account` over SSH; (exit code, stdout and stderr together).
fn ssh_run(key: &Path, port: u16, account: &str, remote: &str) -> (Option<i32>, String) {
    let out = Command::new("ssh")
        .args(ssh_args(key, port, account))
        .arg(remote)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), said)
}

fn ssh_console(key: &Path, port: u16, account: &str, remote: Option<&str>) -> Console {
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args(ssh_args(key, port, account));
    if let Some(remote) = remote {
        cmd.arg(remote);
    }
    Console::spawn_command(cmd)
}

fn wait_line(c: &Console, needles: &[&str], deadline: Duration) -> String {
    let start = Instant::now();
    loop {
        let screen = c.screen();
        if let Some(line) = screen
            .lines()
            .find(|l| needles.iter().all(|n| l.contains(n)))
        {
            return line.to_string();
        }
        assert!(
            start.elapsed() < deadline,
            "timed out waiting for a line with {needles:?}; screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The program as everyone runs it: from $PATH, with nothing but the language.
const PROGRAM: &str = "beredskap --lang en";

#[test]
fn two_people_share_one_log_over_ssh_and_nobody_can_be_someone_else() {
    if !ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let ssh_dir = dir.path().join("ssh");
    std::fs::create_dir(&ssh_dir).unwrap();
    let client_key = ssh_dir.join("id_test");
    keygen(&client_key);
    let _accounts = Accounts::create(&client_key);
    let ns = Namespace::create(&dir.path().join("stage"));

    // The install of docs/operations.md, by its own script, ending with the doctor.
    let out = ns
        .command("sh")
        .arg(common::repo().join("contrib/install.sh"))
        .arg("--binary")
        .arg(common::bin())
        .arg("--etc")
        .arg(region_source(dir.path()))
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "install.sh:\n{said}");
    assert!(
        said.contains("the install is sound for secure mode"),
        "{said}"
    );
    let meta = std::fs::metadata(dir.path().join("stage/bin/beredskap")).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o2755);

    let sshd = start_sshd(&ns, &ssh_dir, "/usr/local/bin/beredskap --lang en");
    let fail = |what: &str| -> String {
        format!(
            "{what}\nsshd said:\n{}",
            std::fs::read_to_string(&sshd.log).unwrap_or_default()
        )
    };
    let run = |account: &str, remote: &str| ssh_run(&client_key, sshd.port, account, remote);

    // Anna asks for the console; Bo's account can only ever get it (ForceCommand).
    let mut anna = ssh_console(&client_key, sshd.port, ANNA, Some(PROGRAM));
    let mut bo = ssh_console(&client_key, sshd.port, BO, None);
    for (name, c) in [(ANNA, &anna), (BO, &bo)] {
        let start = Instant::now();
        while !c.screen().contains("Testregion") {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{}",
                fail(&format!("{name}'s console did not open:\n{}", c.screen()))
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    for c in [&mut anna, &mut bo] {
        c.press("5");
        c.wait_for("Log", Duration::from_secs(10));
    }
    anna.press("n");
    anna.wait_for("Note (Enter saves", Duration::from_secs(5));
    anna.press("Reservkraften testad, allt normalt\r");
    // Bo sees it, with who wrote it.
    wait_line(
        &bo,
        &["Reservkraften testad, allt normalt", ANNA],
        Duration::from_secs(10),
    );
    // And the other way round.
    bo.press("n");
    bo.wait_for("Note (Enter saves", Duration::from_secs(5));
    bo.press("Kvitterat av Bo\r");
    wait_line(&anna, &["Kvitterat av Bo", BO], Duration::from_secs(10));
    for c in [&mut anna, &mut bo] {
        c.press("q");
        assert!(c.wait_exit(Duration::from_secs(20)).success());
    }

    // Every command works through the program, as the account logged in.
    let (code, said) = run(ANNA, &format!("{PROGRAM} log note 'Genom programmet'"));
    assert_eq!(code, Some(0), "{}", fail(&said));
    // The large configuration is cached beside the log, where only the program reaches,
    // readable by the log's group alone; the next command reads it.
    let cache = dir.path().join("stage/var/config.cache");
    let meta = std::fs::metadata(&cache).unwrap_or_else(|e| panic!("no cache: {e}"));
    assert_eq!(meta.mode() & 0o7777, 0o640);
    assert_eq!(
        nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(meta.gid()))
            .unwrap()
            .unwrap()
            .name,
        "beredskap-log"
    );
    let (code, said) = run(ANNA, "cat /var/lib/beredskap/config.cache");
    assert_ne!(code, Some(0), "the cache is out of her reach: {said}");
    // The receiver's tokens are the services' alone (issue 31.3): install.sh made them
    // root:beredskap-log 0640 although they came world-readable; a person cannot read one.
    for name in ["heartbeat", "alertmanager"] {
        let token = dir.path().join("stage/etc/tokens").join(name);
        let meta = std::fs::metadata(&token).unwrap();
        assert_eq!(meta.mode() & 0o7777, 0o640, "{name}");
        assert_eq!(meta.uid(), 0);
        assert_eq!(
            nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(meta.gid()))
                .unwrap()
                .unwrap()
                .name,
            "beredskap-log"
        );
        let (code, said) = run(ANNA, &format!("cat /etc/beredskap/tokens/{name}"));
        assert_ne!(code, Some(0), "the token is out of her reach: {said}");
        assert!(!said.contains("s3cret"), "{said}");
    }
    let (code, said) = run(ANNA, &format!("{PROGRAM} log verify"));
    assert_eq!(code, Some(0), "{}", fail(&said));
    assert!(said.contains("intact"), "{said}");
    // Reading commands, each through the installed program (status: 1 while no monitor
    // has reported, which is what it says).
    for (command, codes) in [
        ("config check", &[0][..]),
        ("status", &[0, 1][..]),
        ("oncall", &[0][..]),
        ("incident list", &[0][..]),
        ("pages", &[0][..]),
        ("maintenance list", &[0][..]),
        ("runbook list", &[0][..]),
        ("log show", &[0][..]),
    ] {
        let (code, said) = run(ANNA, &format!("{PROGRAM} {command}"));
        assert!(
            code.is_some_and(|c| codes.contains(&c)),
            "{command}: {code:?}\n{said}"
        );
        assert!(
            !said.to_lowercase().contains("permission denied"),
            "{command}: {said}"
        );
    }

    // A member cannot write (or even reach) the log's files directly.
    let (code, said) = run(ANNA, "echo forged >> /var/lib/beredskap/beredskap.db");
    assert_ne!(code, Some(0), "{said}");
    assert!(said.contains("Permission denied"), "{said}");
    let (code, said) = run(ANNA, "ls /var/lib/beredskap");
    assert_ne!(code, Some(0), "{said}");

    // A personal configuration that makes Anna admin and lets her act as anyone is ignored,
    // and so is every way of pointing the program at it.
    let forged = region_text().replace(
        "roles = [\"operator\"]\n\n[[people]]\naccount = \"physician1\"",
        "roles = [\"admin\", \"physician\"]\n\n[[people]]\naccount = \"physician1\"",
    ) + "\n[storage]\ndatabase = \"/var/lib/beredskap/beredskap.db\"\n";
    assert!(forged.contains("allow_actor_override = true"));
    let home = PathBuf::from(format!("/home/{ANNA}"));
    std::fs::create_dir_all(home.join(".config/beredskap")).unwrap();
    std::fs::write(home.join(".config/beredskap/beredskap.toml"), &forged).unwrap();
    std::fs::write(home.join("beredskap.toml"), &forged).unwrap();
    must(
        Command::new("chown")
            .args(["-R", &format!("{ANNA}:{ANNA}")])
            .arg(&home),
    );
    // An admin-only command: refused for the operator she is in /etc/beredskap.
    let (code, said) = run(
        ANNA,
        &format!("{PROGRAM} log redact 1 --field text --reason prov"),
    );
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains(&format!("`{ANNA}` may not")), "{said}");
    let (code, said) = run(
        ANNA,
        &format!(
            "BEREDSKAP_CONFIG=$HOME/beredskap.toml {PROGRAM} log redact 1 --field text --reason prov"
        ),
    );
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("BEREDSKAP_CONFIG is ignored"), "{said}");
    assert!(said.contains(&format!("`{ANNA}` may not")), "{said}");
    for flags in [
        "--config $HOME/beredskap.toml".to_string(),
        "--db /tmp/own.db".to_string(),
        format!("--as {BO}"),
    ] {
        let (code, said) = run(ANNA, &format!("{PROGRAM} {flags} log note forged"));
        assert_eq!(code, Some(2), "{flags}: {said}");
        assert!(
            said.contains("is refused: this is the deployed install"),
            "{said}"
        );
    }
    // A file she asks for is written with her rights: never into the log's directory.
    for target in [
        "/var/lib/beredskap/beredskap.db",
        "/var/lib/beredskap/copy.db",
    ] {
        let (code, said) = run(ANNA, &format!("{PROGRAM} backup -o {target}"));
        assert_ne!(code, Some(0), "{target}: {said}");
        assert!(said.contains("log's directory"), "{said}");
    }
    let (code, said) = run(ANNA, &format!("{PROGRAM} backup -o $HOME/kopia.db"));
    assert_eq!(code, Some(0), "{said}");
    let copy = std::fs::metadata(home.join("kopia.db")).unwrap();
    assert_eq!(
        nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(copy.uid()))
            .unwrap()
            .unwrap()
            .name,
        ANNA
    );
    assert_ne!(
        nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(copy.gid()))
            .unwrap()
            .unwrap()
            .name,
        "beredskap-log"
    );

    // The account outside the group: refused, told why, nothing written.
    let (code, said) = run(OUTSIDER, PROGRAM);
    assert_eq!(code, Some(2), "{}", fail(&said));
    for needle in [
        "permission denied",
        &format!("account `{OUTSIDER}`"),
        &format!("not in the group `{GROUP}`"),
        &format!("usermod -aG {GROUP} {OUTSIDER}"),
    ] {
        assert!(said.contains(needle), "`{needle}` in {said}");
    }

    // A configuration someone else could change stops the program, and the doctor names it.
    let config = dir.path().join("stage/etc/beredskap.toml");
    chmod(&config, 0o660);
    let (code, said) = run(ANNA, &format!("{PROGRAM} log show"));
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("refusing to start"), "{said}");
    assert!(said.contains("writable by its group"), "{said}");
    let doctor = ns
        .command("/usr/local/bin/beredskap")
        .arg("doctor")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&doctor.stdout).to_string();
    assert_eq!(doctor.status.code(), Some(1), "{report}");
    let wrong: Vec<&str> = report.lines().filter(|l| l.starts_with("WRONG")).collect();
    assert_eq!(wrong.len(), 1, "{report}");
    assert!(
        wrong[0].contains("/etc/beredskap/beredskap.toml"),
        "{report}"
    );
    chmod(&config, 0o640);
    let doctor = ns
        .command("/usr/local/bin/beredskap")
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(
        doctor.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&doctor.stdout)
    );

    // The restore test of docs/operations.md, its block run as written (as root, `sudo`
    // being root here; the backups in a directory of the test's): a scratch copy restored,
    // verified and read with the installed program, the note written by Anna herself.
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    must(Command::new("chgrp").arg("beredskap-log").arg(&backups));
    chmod(&backups, 0o2770);
    let out = ns
        .command("/usr/local/bin/beredskap")
        .args(["backup", "-o"])
        .arg(format!("{}/", backups.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = std::fs::read_to_string(common::repo().join("docs/operations.md")).unwrap();
    let section = docs.split("## The restore test").nth(1).unwrap();
    let block = section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let (as_root, as_person): (Vec<&str>, Vec<&str>) = block
        .lines()
        .partition(|l| !l.starts_with("beredskap log note"));
    let script = as_root
        .join("\n")
        .replace("/var/backups/beredskap", &backups.display().to_string())
        .replace("sudo ", "")
        .replace("beredskap ", "/usr/local/bin/beredskap --lang en ");
    let out = ns.command("sh").args(["-ec", &script]).output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the restore test as documented:\n{script}\n{said}"
    );
    assert!(said.contains("intact"), "{said}");
    assert!(said.contains("restored"), "{said}");
    assert!(
        !Path::new("/tmp/restore-test.db").exists(),
        "the scratch copy is removed"
    );
    // The note of the test, by Anna herself.
    let note = as_person[0]
        .replace("$latest", "nattkopian")
        .replace("beredskap ", "/usr/local/bin/beredskap --lang en ");
    let (code, said) = run(ANNA, &note);
    assert_eq!(code, Some(0), "{note}: {said}");
    // And never the log itself, nor a file in its directory, however named.
    for target in [
        "/var/lib/beredskap/beredskap.db",
        "/var/lib/beredskap/scratch.db",
        "/var/lib/beredskap/../beredskap/x.db",
    ] {
        let out = ns
            .command("/usr/local/bin/beredskap")
            .args(["--db", target, "log", "verify"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{target}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("in the log's directory"),
            "{target}"
        );
    }
    // A person may not name another log for writing commands.
    let (code, said) = run(ANNA, &format!("{PROGRAM} --db /tmp/own.db log note x"));
    assert_eq!(code, Some(2), "{said}");

    // Restoring for real, as root through the installed program: the current log is kept
    // beside it (in the directory only the program reaches), the backup put back.
    let backup = dir.path().join("nightly.db");
    let out = ns
        .command("/usr/local/bin/beredskap")
        .args(["backup", "-o"])
        .arg(&backup)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ns
        .command("/usr/local/bin/beredskap")
        .arg("restore")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("stage/var"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");

    // The files are the log group's and nobody else's, whoever created them.
    let db = ns.db();
    for file in beredskap::host::permissions::database_files(&db) {
        let meta = std::fs::metadata(&file).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o660, "{}", file.display());
        assert_eq!(
            nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(meta.gid()))
                .unwrap()
                .unwrap()
                .name,
            "beredskap-log",
            "{}",
            file.display()
        );
    }
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    assert!(store.verify(None).unwrap().intact());
    let notes: Vec<(String, String, String)> = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["diary.note".into()],
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.actor.clone(),
                e.os_account.clone(),
                beredskap::i18n::events::describe(&e, beredskap::i18n::Lang::Sv, chrono_tz::UTC),
            )
        })
        .collect();
    let note = |who: &str, text: &str| (who.to_string(), who.to_string(), text.to_string());
    assert_eq!(
        notes,
        [
            note(ANNA, "Reservkraften testad, allt normalt"),
            note(BO, "Kvitterat av Bo"),
            note(ANNA, "Genom programmet"),
            note(ANNA, "Återläsningstest av nattkopian: OK"),
        ]
    );
}
