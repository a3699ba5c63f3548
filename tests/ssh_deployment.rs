//! The shared deployment of docs/operations.md, end to end: a real OpenSSH server on
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
        eprintln!("not run: the SSH deployment test creates accounts, which needs root");
        return false;
    }
    if Path::new(SSHD).exists() {
        return true;
    }
    let why = format!("the SSH deployment test needs {SSHD}: .ci/run installs openssh-server");
    // Under CI as root, a missing server means the install failed: say so loudly.
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("not run: {why}");
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

fn chown(path: &Path, owner: &str) {
    must(Command::new("chown").arg(owner).arg(path));
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

fn start_sshd(dir: &Path, force_for_bo: &str) -> Sshd {
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
    let child = Command::new(SSHD)
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

/// The installation of docs/operations.md under `root`: the program, the configuration
/// readable by the group only, and the set-group-ID directory for the database.
struct Install {
    bin: PathBuf,
    config: PathBuf,
    db: PathBuf,
}

fn install(root: &Path) -> Install {
    std::fs::create_dir_all(root).unwrap();
    chmod(root, 0o755);
    let bin_dir = root.join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    let bin = bin_dir.join("beredskap");
    std::fs::copy(common::bin(), &bin).unwrap();
    chmod(&bin, 0o755);

    let etc = root.join("etc");
    std::fs::create_dir_all(etc.join("runbooks")).unwrap();
    let region = std::fs::read_to_string(common::minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            "runbooks_dir = \"runbooks\"",
        )
        .replace("runbooks = [\"journal-nere\"]\n", "")
        .replace("allow_actor_override = true\n", "")
        .replace("\"operator1\"", &format!("\"{ANNA}\""))
        .replace("\"viewer1\"", &format!("\"{BO}\""))
        .replace("roles = [\"viewer\"]", "roles = [\"operator\"]");
    let config = etc.join("beredskap.toml");
    std::fs::write(&config, region).unwrap();
    for path in [&etc, &etc.join("runbooks")] {
        chown(path, &format!("root:{GROUP}"));
        chmod(path, 0o750);
    }
    chown(&config, &format!("root:{GROUP}"));
    chmod(&config, 0o640);

    let var = root.join("var");
    std::fs::create_dir(&var).unwrap();
    chown(&var, &format!("root:{GROUP}"));
    chmod(&var, 0o2770);
    Install {
        bin,
        config,
        db: var.join("beredskap.db"),
    }
}

impl Install {
    fn command_line(&self) -> String {
        format!(
            "{} --lang en --config {} --db {}",
            self.bin.display(),
            self.config.display(),
            self.db.display()
        )
    }
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

#[test]
fn two_people_share_one_log_over_ssh_and_an_outsider_is_refused() {
    if !ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The accounts must be able to walk down to the installation.
    chmod(dir.path(), 0o755);
    let ssh_dir = dir.path().join("ssh");
    std::fs::create_dir(&ssh_dir).unwrap();
    let client_key = ssh_dir.join("id_test");
    keygen(&client_key);
    let _accounts = Accounts::create(&client_key);
    let site = install(&dir.path().join("srv"));
    let sshd = start_sshd(&ssh_dir, &site.command_line());
    let fail = |what: &str| -> String {
        format!(
            "{what}\nsshd said:\n{}",
            std::fs::read_to_string(&sshd.log).unwrap_or_default()
        )
    };

    // Anna asks for the console; Bo's account can only ever get it (ForceCommand).
    let mut anna = ssh_console(&client_key, sshd.port, ANNA, Some(&site.command_line()));
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
    let line = wait_line(
        &bo,
        &["Reservkraften testad, allt normalt", ANNA],
        Duration::from_secs(10),
    );
    assert!(
        line.contains("diary.note") || line.contains("note"),
        "{line}"
    );
    // And the other way round.
    bo.press("n");
    bo.wait_for("Note (Enter saves", Duration::from_secs(5));
    bo.press("Kvitterat av Bo\r");
    wait_line(&anna, &["Kvitterat av Bo", BO], Duration::from_secs(10));

    // The account outside the group: refused, told why, nothing written.
    let out = Command::new("ssh")
        .args(ssh_args(&client_key, sshd.port, OUTSIDER))
        .arg(site.command_line())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", fail(&said));
    for needle in [
        "permission denied",
        &format!("account `{OUTSIDER}`"),
        &format!("not in the group `{GROUP}`"),
        &format!("usermod -aG {GROUP} {OUTSIDER}"),
    ] {
        assert!(said.contains(needle), "`{needle}` in {said}");
    }

    for c in [&mut anna, &mut bo] {
        c.press("q");
        assert!(c.wait_exit(Duration::from_secs(20)).success());
    }

    // The files are the group's and nobody else's, whoever created them.
    for file in beredskap::host::permissions::database_files(&site.db) {
        let meta = std::fs::metadata(&file).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o660, "{}", file.display());
        assert_eq!(
            nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(meta.gid()))
                .unwrap()
                .unwrap()
                .name,
            GROUP,
            "{}",
            file.display()
        );
    }
    let store = beredskap::store::Store::open_existing(&site.db).unwrap();
    assert!(store.verify(None).unwrap().intact());
    let notes: Vec<(String, String)> = store
        .events(&beredskap::store::EventFilter {
            kinds: vec!["diary.note".into()],
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e.os_account.clone(),
                beredskap::i18n::events::describe(&e, beredskap::i18n::Lang::Sv, chrono_tz::UTC),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                ANNA.to_string(),
                "Reservkraften testad, allt normalt".to_string()
            ),
            (BO.to_string(), "Kvitterat av Bo".to_string())
        ]
    );
}
