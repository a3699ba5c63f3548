//! The log of record on a real PostgreSQL 15 server (issue 34), started by the test: two
//! hosts (two SQLite files) append through it and read each other's events; the engine
//! refuses to change an event whoever asks; 8 processes × 500 appends land exactly once,
//! in one chain; a process stopped while it holds the chain's head does not hold the log
//! (the server ends its transaction); a log copied into PostgreSQL and back keeps every id
//! and hash.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::event::NewEvent;
use beredskap::store::Store;
use beredskap::store::remote::{RemoteConfig, RemoteLog};
use common::pg::Postgres;
use std::path::Path;
use std::time::{Duration, Instant};

use common::engine::{APP_PASSWORD, APP_ROLE};

/// A server with the log installed and the application's role, and a password file for it.
fn server(dir: &Path) -> (Postgres, RemoteConfig) {
    let pg = Postgres::start();
    let config = install(&pg, dir);
    (pg, config)
}

/// The log installed on `pg` with the application's role; its connection for that role.
fn install(pg: &Postgres, dir: &Path) -> RemoteConfig {
    pg.psql(&format!(
        "CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'"
    ));
    let mut owner = RemoteLog::connect(&RemoteConfig {
        conninfo: format!(
            "host={} port={} user=postgres dbname=beredskap",
            pg.socket_dir().display(),
            pg.port
        ),
        password_file: None,
        ..Default::default()
    })
    .unwrap();
    owner.install(Some(APP_ROLE)).unwrap();
    let password = dir.join("pg-password");
    std::fs::write(&password, format!("{APP_PASSWORD}\n")).unwrap();
    RemoteConfig {
        conninfo: pg.url(APP_ROLE),
        password_file: Some(password),
        ..Default::default()
    }
}

fn note(actor: &str, text: &str) -> NewEvent {
    common::note_event(actor, text)
}

fn host(dir: &Path, name: &str, config: &RemoteConfig) -> Store {
    let mut store = Store::open(&dir.join(name)).unwrap();
    store
        .attach_remote(RemoteLog::connect(config).unwrap())
        .unwrap();
    store
}

/// Every event's (id, hash) in a host's file.
fn hashes(store: &Store) -> Vec<(i64, String)> {
    store
        .events(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.hash))
        .collect()
}

#[test]
fn two_hosts_append_through_the_log_of_record_and_read_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let mut a = host(dir.path(), "a.db", &config);
    let mut b = host(dir.path(), "b.db", &config);
    a.append(note("op.tekla", "Norra: reservkraft provas"))
        .unwrap();
    b.append(note("op.ivar", "Södra: inget att rapportera"))
        .unwrap();
    let third = a.append(note("op.tekla", "Norra: provet klart")).unwrap();
    // A's third event follows B's: A took B's event before it wrote.
    assert_eq!(third.id, 3);
    b.catch_up().unwrap();
    assert_eq!(hashes(&a), hashes(&b));
    assert_eq!(hashes(&a).len(), 3);
    // The projections follow: B's diary holds A's notes.
    let texts: Vec<String> = b
        .events(&Default::default())
        .unwrap()
        .iter()
        .map(|e| e.payload["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts[2], "Norra: provet klart");
    let remote = a.remote().unwrap().verify().unwrap();
    assert_eq!((remote.events_checked, remote.first_break), (3, None));
    assert_eq!(remote.head_hash, Some(hashes(&b)[2].1.clone()));
    for store in [&a, &b] {
        assert!(store.verify(None).unwrap().intact());
    }
}

/// A write is built on the head this host's file holds and appended only if that is still
/// the log of record's: a host whose file is behind builds it again on what it lacked (its
/// checks see the other host's events), and a refusal made on a file that may be behind is
/// made again on the head itself before it is said.
#[test]
fn a_write_built_on_a_file_that_is_behind_is_built_again_on_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let mut a = host(dir.path(), "a.db", &config);
    let mut b = host(dir.path(), "b.db", &config);
    let declared = NewEvent {
        kind: "incident.declared".into(),
        subject: "incident:INC-2026-0001".into(),
        payload: serde_json::json!({"title": "Journalsystemet nere", "severity": "major"}),
        ..note("il.karin", "")
    };
    a.append(declared).unwrap();
    // B's file has not seen the incident: its first build refuses, the second (queued for
    // the head, the file brought up to it) finds it and writes.
    let mut builds = Vec::new();
    let written = b
        .append_with(|under| -> Result<_, beredskap::store::StoreError> {
            let exists = under.incident_exists("INC-2026-0001")?;
            builds.push(exists);
            if !exists {
                return Err(beredskap::store::StoreError::Corrupt(
                    "no such incident".into(),
                ));
            }
            Ok(vec![NewEvent {
                kind: "incident.note".into(),
                subject: "incident:INC-2026-0001".into(),
                payload: serde_json::json!({"text": "Reservrutin startad", "kind": "note"}),
                ..note("op.ivar", "")
            }])
        })
        .unwrap();
    assert_eq!(
        builds,
        [false, true],
        "refused once on the file, then built on the head"
    );
    assert_eq!(written[0].id, 2);
    // A, behind by B's note, appends: built on its head (1), found moved, built again on 2.
    let third = a.append(note("op.tekla", "Norra: klart")).unwrap();
    assert_eq!(third.id, 3);
    assert_eq!(hashes(&a)[..2], hashes(&b)[..2]);
    // A refusal that holds on the head is said, after a build on the head itself (a new
    // host, its file brought up to the head when attached: built on the file first).
    let mut c = host(dir.path(), "c.db", &config);
    let mut tries = 0;
    let refused = c.append_with(
        |under| -> Result<Vec<NewEvent>, beredskap::store::StoreError> {
            tries += 1;
            let _ = under.incident_exists("INC-2026-0099")?;
            Err(beredskap::store::StoreError::Corrupt(
                "no such incident".into(),
            ))
        },
    );
    assert!(refused.is_err());
    assert_eq!(tries, 2);
    let remote = a.remote().unwrap().verify().unwrap();
    assert_eq!((remote.events_checked, remote.first_break), (3, None));
}

#[test]
fn the_engine_refuses_to_change_an_event_whoever_asks() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let mut a = host(dir.path(), "a.db", &config);
    a.append(note("op.tekla", "en rad")).unwrap();
    // The application's role may read and append, not change (grants).
    let mut app = app_client(&config);
    for sql in [
        "UPDATE beredskap.events SET actor = 'x'",
        "DELETE FROM beredskap.events",
        "TRUNCATE beredskap.events",
    ] {
        let e = app.batch_execute(sql).unwrap_err();
        assert!(
            e.to_string().contains("permission denied")
                || format!("{:?}", e.as_db_error()).contains("permission denied"),
            "{sql}: {e:?}"
        );
    }
    // The owner neither (triggers).
    for sql in [
        "UPDATE beredskap.events SET actor = 'x'",
        "DELETE FROM beredskap.events",
        "TRUNCATE beredskap.events",
    ] {
        let out = pg
            .client("psql")
            .args(["-X", "-q", "-d", "beredskap", "-c", sql])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sql} passed");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("append-only"),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(a.remote().unwrap().verify().unwrap().events_checked, 1);
}

/// A raw connection as the application's role.
fn app_client(config: &RemoteConfig) -> postgres::Client {
    let mut c: postgres::Config = config.conninfo.parse().unwrap();
    c.password(APP_PASSWORD);
    c.connect(postgres::NoTls).unwrap()
}

/// Run as a child process by the tests below (`BEREDSKAP_PG_CHILD` says what to do).
#[test]
#[ignore = "a child process of the tests in this file"]
fn child() {
    let task = std::env::var("BEREDSKAP_PG_CHILD").expect("run by the tests in this file");
    let config = RemoteConfig {
        conninfo: std::env::var("BEREDSKAP_PG_URL").unwrap(),
        password_file: Some(std::env::var("BEREDSKAP_PG_PASSWORD_FILE").unwrap().into()),
        ..Default::default()
    };
    let db = std::env::var("BEREDSKAP_PG_DB").unwrap();
    match task.as_str() {
        "append" => {
            let n: usize = std::env::var("BEREDSKAP_PG_N").unwrap().parse().unwrap();
            let name = std::env::var("BEREDSKAP_PG_NAME").unwrap();
            let acks = std::env::var("BEREDSKAP_PG_ACKS").ok();
            let mut acked = acks.map(|p| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .unwrap()
            });
            let mut store = Store::open(Path::new(&db)).unwrap();
            store
                .attach_remote(RemoteLog::connect(&config).unwrap())
                .unwrap();
            for i in 0..n {
                let text = format!("{name} {i}");
                // The same event each time it is asked for: after a commit that went
                // unanswered, asking again returns it if it landed (never twice).
                let event = note("op.tekla", &text);
                loop {
                    match store.append(event.clone()) {
                        Ok(_) => break,
                        // Another writer holding the head past the lock timeout: again.
                        Err(e) if e.is_busy() => continue,
                        // The server went away (a failover): connect again — to whichever
                        // host takes writes now — and go on. The local file commits only
                        // what the log of record acknowledged, so it cannot be ahead.
                        Err(_) if acked.is_some() => reconnect(&mut store, &config),
                        Err(e) => panic!("{text}: {e}"),
                    }
                }
                if let Some(f) = acked.as_mut() {
                    use std::io::Write;
                    let ms = chrono::Utc::now().timestamp_millis();
                    writeln!(f, "{text}\t{ms}").unwrap();
                }
            }
        }
        "hold" => {
            // Takes the chain's head in a transaction, says so, and waits (the test stops
            // this process meanwhile).
            let mut client = app_client(&config);
            client
                .batch_execute(
                    "BEGIN; SELECT last_id FROM beredskap.log_head WHERE singleton = 1 FOR UPDATE",
                )
                .unwrap();
            std::fs::write(format!("{db}.holding"), "").unwrap();
            std::thread::sleep(Duration::from_secs(120));
        }
        other => panic!("unknown child task {other}"),
    }
}

/// Connects again until a host takes writes (a minute at most) and brings the local file
/// up to the log of record.
fn reconnect(store: &mut Store, config: &RemoteConfig) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match RemoteLog::connect(config).and_then(|r| store.attach_remote(r)) {
            Ok(()) => return,
            Err(e) => {
                assert!(Instant::now() < deadline, "no host took writes: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn spawn_child(
    task: &str,
    config: &RemoteConfig,
    db: &Path,
    extra: &[(&str, String)],
) -> std::process::Child {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "child",
        "--ignored",
        "--nocapture",
        "--test-threads",
        "1",
    ])
    .env("BEREDSKAP_PG_CHILD", task)
    .env("BEREDSKAP_PG_URL", &config.conninfo)
    .env(
        "BEREDSKAP_PG_PASSWORD_FILE",
        config.password_file.as_ref().unwrap(),
    )
    .env("BEREDSKAP_PG_DB", db)
    .stdout(std::process::Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

#[test]
fn eight_processes_append_500_each_exactly_once_in_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let started = Instant::now();
    let children: Vec<_> = (0..8)
        .map(|p| {
            spawn_child(
                "append",
                &config,
                &dir.path().join(format!("host{p}.db")),
                &[
                    ("BEREDSKAP_PG_N", "500".into()),
                    ("BEREDSKAP_PG_NAME", format!("p{p}")),
                ],
            )
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    eprintln!(
        "8 × 500 appends through PostgreSQL in {:?}",
        started.elapsed()
    );
    // A ninth host reads the whole log of record.
    let reader = host(dir.path(), "reader.db", &config);
    let events = reader.events(&Default::default()).unwrap();
    assert_eq!(events.len(), 4000);
    let mut seen: Vec<String> = events
        .iter()
        .map(|e| e.payload["text"].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4000, "an append landed twice or not at all");
    assert!(reader.verify(None).unwrap().intact());
    let mut reader = reader;
    let remote = reader.remote().unwrap().verify().unwrap();
    assert_eq!((remote.events_checked, remote.first_break), (4000, None));
}

#[test]
fn a_stopped_process_holding_the_chain_s_head_does_not_hold_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let held = dir.path().join("holder.db");
    let mut holder = spawn_child("hold", &config, &held, &[]);
    let flag = dir.path().join("holder.db.holding");
    let waited = Instant::now();
    while !flag.exists() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the holder never took the head"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Stopped, as Ctrl-Z stops a process: it holds the head and never lets go itself.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(holder.id() as i32),
        nix::sys::signal::Signal::SIGSTOP,
    )
    .unwrap();
    let mut writer = host(dir.path(), "writer.db", &config);
    // The monitor's bound on a held log applies to the chain's head too: a write says the
    // log is busy after it, so the alarm can go out through the spool.
    writer.set_busy_timeout(Duration::from_secs(2)).unwrap();
    let asked = Instant::now();
    let first = writer.append(note("op.tekla", "larm väntar inte"));
    assert!(first.as_ref().is_err_and(|e| e.is_busy()), "{first:?}");
    eprintln!("busy said after {:?} (bound 2 s)", asked.elapsed());
    let started = Instant::now();
    let mut busy = 0;
    loop {
        match writer.append(note("op.tekla", "skrivs trots allt")) {
            Ok(_) => break,
            Err(e) if e.is_busy() => busy += 1,
            Err(e) => panic!("{e}"),
        }
        assert!(busy < 10, "still held after {busy} tries");
    }
    let took = started.elapsed();
    eprintln!("written {took:?} after the holder stopped ({busy} busy tries)");
    let _ = holder.kill();
    let _ = holder.wait();
    // The server ended the stopped session's transaction: the write went through, bounded
    // by the idle-in-transaction timeout (10 s) and the lock timeout (5 s) each try.
    assert_eq!(writer.remote().unwrap().verify().unwrap().events_checked, 1);
}

#[test]
fn a_log_copied_into_postgresql_and_back_keeps_every_id_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    // A one-host log with history.
    let mut local = Store::open(&dir.path().join("local.db")).unwrap();
    for i in 0..300 {
        local.append(note("op.tekla", &format!("rad {i}"))).unwrap();
    }
    let before = hashes(&local);
    let mut remote = RemoteLog::connect(&config).unwrap();
    assert_eq!(local.copy_to_remote(&mut remote).unwrap(), 300);
    // Again: nothing more to copy, nothing changed.
    assert_eq!(local.copy_to_remote(&mut remote).unwrap(), 0);
    let v = remote.verify().unwrap();
    assert_eq!((v.events_checked, v.first_break), (300, None));
    assert_eq!(v.head_hash.as_deref(), Some(before[299].1.as_str()));
    // The host goes on with the log of record; a new host copies it back whole.
    local.attach_remote(remote).unwrap();
    local.append(note("op.ivar", "efter flytten")).unwrap();
    let back = host(dir.path(), "back.db", &config);
    assert_eq!(hashes(&back), hashes(&local));
    assert_eq!(hashes(&back)[..300], before[..]);
    assert!(back.verify(None).unwrap().intact());
    // A different local log cannot be attached: it is not a copy of the log of record.
    let mut other = Store::open(&dir.path().join("other.db")).unwrap();
    other.append(note("op.ivar", "en annan logg")).unwrap();
    let e = other
        .attach_remote(RemoteLog::connect(&config).unwrap())
        .unwrap_err();
    assert!(
        e.to_string().contains("not a copy of the log of record"),
        "{e}"
    );
}

/// The minimal region with `[storage] engine = "postgres"` and the password file beside it.
fn config_with_log_of_record(dir: &Path, config: &RemoteConfig) -> std::path::PathBuf {
    config_with_log_of_record_from(dir, &common::minimal_config(), config)
}

/// The region at `from` with `[storage] engine = "postgres"`, written into `dir`.
fn config_with_log_of_record_from(
    dir: &Path,
    from: &Path,
    config: &RemoteConfig,
) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        config.password_file.as_ref().unwrap(),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    common::engine::with_log_of_record(dir, from, config)
}

#[test]
fn the_commands_move_a_log_into_postgresql_and_two_hosts_write_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let toml = config_with_log_of_record(dir.path(), &config);
    let (north, south) = (dir.path().join("north.db"), dir.path().join("south.db"));
    common::seed_notes(&north, "operator1", 5);
    // `config check` accepts the section (the password file is 0600).
    let checked = common::run(common::beredskap(&toml, &north).args(["config", "check"]));
    assert!(checked.status.success(), "{}", common::stderr(&checked));
    let moved =
        common::run(common::beredskap(&toml, &north).args(["log", "migrate", "--to", "postgres"]));
    assert!(moved.status.success(), "{}", common::stderr(&moved));
    assert!(
        common::stdout(&moved).contains("copied 5 events"),
        "{}",
        common::stdout(&moved)
    );
    // Again: nothing to copy.
    let again =
        common::run(common::beredskap(&toml, &north).args(["log", "migrate", "--to", "postgres"]));
    assert!(
        common::stdout(&again).contains("copied 0 events"),
        "{}",
        common::stdout(&again)
    );
    // A note at each site, through the log of record.
    for (db, text) in [
        (&south, "Södra: reservkraft provad"),
        (&north, "Norra: allt lugnt"),
    ] {
        let out = common::run(common::beredskap(&toml, db).args([
            "--as",
            "operator1",
            "log",
            "note",
            text,
        ]));
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    // South reads north's history and note; both verify with the same head.
    let shown = common::run(common::beredskap(&toml, &south).args(["log", "show"]));
    let text = common::stdout(&shown);
    assert!(
        text.contains("note 4") && text.contains("Norra: allt lugnt"),
        "{text}"
    );
    let heads: Vec<String> = [&north, &south]
        .iter()
        .map(|db| {
            let out = common::run(common::beredskap(&toml, db).args(["log", "verify"]));
            assert!(out.status.success(), "{}", common::stderr(&out));
            Store::open_existing(db).unwrap().head().unwrap().unwrap().1
        })
        .collect();
    assert_eq!(heads[0], heads[1]);
    // The log of record copied into a new SQLite file: evidence read with no server.
    let copy = dir.path().join("evidence.db");
    let copied = common::run(
        common::beredskap(&toml, &north)
            .args(["log", "copy", "--to", "sqlite"])
            .arg(&copy),
    );
    assert!(copied.status.success(), "{}", common::stderr(&copied));
    assert!(
        common::stdout(&copied).contains("it verifies"),
        "{}",
        common::stdout(&copied)
    );
    let verified =
        common::run(common::beredskap(&common::minimal_config(), &copy).args(["log", "verify"]));
    assert!(verified.status.success(), "{}", common::stderr(&verified));
    assert_eq!(
        Store::open_existing(&copy)
            .unwrap()
            .head()
            .unwrap()
            .unwrap()
            .1,
        heads[0]
    );
    let again = common::run(
        common::beredskap(&toml, &north)
            .args(["log", "copy", "--to", "sqlite"])
            .arg(&copy),
    );
    assert_eq!(again.status.code(), Some(2), "a copy never replaces a file");
    // A password in the connection string is refused by `config check`, with its place.
    let bad = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("connect_timeout=5", "connect_timeout=5 password=hemligt");
    std::fs::write(&toml, bad).unwrap();
    let refused = common::run(common::beredskap(&toml, &north).args(["config", "check"]));
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        common::stderr(&refused).contains("the connection string holds a password"),
        "{}",
        common::stderr(&refused)
    );
}

#[test]
fn acknowledged_writes_survive_the_primary_s_loss_with_a_synchronous_standby() {
    let dir = tempfile::tempdir().unwrap();
    let primary = Postgres::start();
    let mut config = install(&primary, dir.path());
    let t0 = Instant::now();
    let standby = Postgres::standby_of(&primary);
    eprintln!("standby streaming, synchronous: {:?}", t0.elapsed());
    // Both hosts named: the one that takes writes is used.
    config.conninfo = format!(
        "host=127.0.0.1,127.0.0.1 port={},{} user={APP_ROLE} dbname=beredskap \
         connect_timeout=2 target_session_attrs=read-write",
        primary.port, standby.port
    );
    let acks: Vec<_> = (0..8)
        .map(|p| dir.path().join(format!("acks{p}")))
        .collect();
    let children: Vec<_> = (0..8)
        .map(|p| {
            spawn_child(
                "append",
                &config,
                &dir.path().join(format!("host{p}.db")),
                &[
                    ("BEREDSKAP_PG_N", "250".into()),
                    ("BEREDSKAP_PG_NAME", format!("p{p}")),
                    ("BEREDSKAP_PG_ACKS", acks[p].display().to_string()),
                ],
            )
        })
        .collect();
    let acked = |acks: &[std::path::PathBuf]| -> Vec<(String, i64)> {
        acks.iter()
            .flat_map(|p| {
                std::fs::read_to_string(p)
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter_map(|l| {
                let (text, ms) = l.split_once('\t')?;
                Some((text.to_string(), ms.parse().ok()?))
            })
            .collect()
    };
    let waited = Instant::now();
    while acked(&acks).len() < 400 {
        assert!(
            waited.elapsed() < Duration::from_secs(60),
            "the writers did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("400 acknowledged: {:?}", t0.elapsed());
    // The primary's site goes dark; the HA manager promotes the standby.
    let killed_at = chrono::Utc::now().timestamp_millis();
    primary.kill_hard();
    standby.promote();
    let promoted_at = chrono::Utc::now().timestamp_millis();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a writer failed");
    }
    let done_at = chrono::Utc::now().timestamp_millis();
    let acked = acked(&acks);
    assert_eq!(acked.len(), 2000, "every write was acknowledged in the end");
    let first_after = acked
        .iter()
        .map(|(_, ms)| *ms)
        .filter(|ms| *ms > promoted_at)
        .min()
        .unwrap();
    eprintln!("writers done: {:?}", t0.elapsed());
    // A new host reads the log of record on the promoted standby.
    let reader = host(dir.path(), "reader.db", &config);
    let events = reader.events(&Default::default()).unwrap();
    let mut texts: Vec<String> = events
        .iter()
        .map(|e| e.payload["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    let all = texts.len();
    texts.dedup();
    assert_eq!(all, texts.len(), "an event is in the log twice");
    let lost: Vec<&String> = acked
        .iter()
        .map(|(t, _)| t)
        .filter(|t| texts.binary_search(t).is_err())
        .collect();
    eprintln!(
        "failover: {} acknowledged before the kill; promoted {} ms after it, the first write \
         acknowledged after the promotion {} ms after the kill; the rest done {} ms after it; \
         {} events in the log, writes lost: {}",
        acked.iter().filter(|(_, ms)| *ms <= killed_at).count(),
        promoted_at - killed_at,
        first_after - killed_at,
        done_at - killed_at,
        all,
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    assert!(reader.verify(None).unwrap().intact());
    let mut reader = reader;
    let remote = reader.remote().unwrap().verify().unwrap();
    assert_eq!(remote.first_break, None);
    assert_eq!(remote.events_checked as usize, all);
}

/// A monitor's batch: `system` down.
fn down(system: &str) -> beredskap::store::MonitorBatch {
    let change = beredskap::model::event::StatusChange {
        health: beredskap::model::health::Health::Down,
        previous: beredskap::model::health::Health::Up,
        own: beredskap::model::health::Health::Down,
        check: "hälsa".into(),
        message: "no answer within 3s".into(),
        finding: Some(beredskap::model::finding::Finding::NoAnswerWithin { timeout_ms: 3000 }),
        latency_ms: None,
        impacted_by: vec![],
        suppressed: None,
        flapping: false,
        maintenance: None,
    };
    beredskap::store::MonitorBatch {
        samples: Vec::new(),
        events: vec![NewEvent {
            occurred_at: chrono::Utc::now(),
            actor: "beredskap".into(),
            os_account: "beredskap".into(),
            kind: "system.status_changed".into(),
            subject: format!("system:{system}"),
            corrects: None,
            payload_version: 1,
            origin: beredskap::model::guard::Origin::Machine,
            payload: serde_json::to_value(change).unwrap(),
        }],
        blind: false,
    }
}

#[test]
fn one_monitor_across_the_sites_holds_the_lease_and_the_other_is_fenced() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let mut north = host(dir.path(), "north.db", &config);
    let mut south = host(dir.path(), "south.db", &config);
    let ttl = Duration::from_secs(30);
    let now = chrono::Utc::now();
    let fence_n = north
        .try_take_lease("norra", "beredskap", ttl, now)
        .unwrap()
        .unwrap();
    // The other site's monitor waits while the lease lives, though its own file has none.
    assert!(
        south
            .try_take_lease("sodra", "beredskap", ttl, now)
            .unwrap()
            .is_none()
    );
    north
        .record_monitor(&fence_n, down("journal"), now)
        .unwrap();
    // Norra's site goes quiet: no renewal. After the lease's time Södra takes over with the
    // next token.
    let later = now + chrono::Duration::seconds(31);
    let fence_s = south
        .try_take_lease("sodra", "beredskap", ttl, later)
        .unwrap()
        .unwrap();
    assert_eq!(fence_s.token, fence_n.token + 1);
    // Norra comes back believing it still holds the lease: fenced, nothing written.
    let before = north.remote().unwrap().verify().unwrap().events_checked;
    let e = north
        .record_monitor(&fence_n, down("lab"), later)
        .unwrap_err();
    assert!(
        matches!(&e, beredskap::store::StoreError::LeaseLost { holder } if holder == "sodra"),
        "{e}"
    );
    assert!(!north.renew_lease(&fence_n, ttl, later).unwrap());
    assert_eq!(
        north.remote().unwrap().verify().unwrap().events_checked,
        before
    );
    south.record_monitor(&fence_s, down("lab"), later).unwrap();
    // Both takeovers are in the log of record; Norra's file shows Södra holding the lease.
    north.catch_up().unwrap();
    let taken = north
        .events(&Default::default())
        .unwrap()
        .iter()
        .filter(|e| e.kind == "monitor.lease_taken")
        .count();
    assert_eq!(taken, 2);
    assert_eq!(north.lease().unwrap().unwrap().holder, "sodra");
}

#[test]
fn a_file_that_follows_the_log_of_record_takes_no_write_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, config) = server(dir.path());
    let path = dir.path().join("host.db");
    let mut attached = host(dir.path(), "host.db", &config);
    attached
        .append(note("op.tekla", "genom PostgreSQL"))
        .unwrap();
    drop(attached);
    // A process that opens the file without the configuration that names the log of record.
    let mut alone = Store::open(&path).unwrap();
    let e = alone.append(note("op.tekla", "förbi")).unwrap_err();
    assert!(
        matches!(e, beredskap::store::StoreError::FollowsLogOfRecord),
        "{e}"
    );
    assert_eq!(alone.count().unwrap(), 1, "nothing was written");
    // Through it, the same file takes the write.
    let mut again = host(dir.path(), "host.db", &config);
    again.append(note("op.tekla", "genom igen")).unwrap();
    assert_eq!(again.remote().unwrap().verify().unwrap().events_checked, 2);
}

#[test]
fn a_host_follows_the_log_of_record_by_push_and_says_when_it_is_lost() {
    use beredskap::store::remote::{Reach, follow};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let mut north = host(dir.path(), "north.db", &config);
    drop(host(dir.path(), "south.db", &config));
    let south = dir.path().join("south.db");
    let stop = Arc::new(AtomicBool::new(false));
    let said: Arc<Mutex<Vec<Reach>>> = Arc::default();
    let follower = {
        let (stop, said, config, south) =
            (stop.clone(), said.clone(), config.clone(), south.clone());
        std::thread::spawn(move || {
            follow(
                &south,
                &config,
                &|| stop.load(Ordering::Relaxed),
                &mut |r| said.lock().unwrap().push(r),
            )
        })
    };
    let count = || Store::open_existing(&south).unwrap().count().unwrap();
    let until = |what: &str, ok: &dyn Fn() -> bool| {
        let started = Instant::now();
        while !ok() {
            assert!(started.elapsed() < Duration::from_secs(20), "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
        started.elapsed()
    };
    until("reached", &|| {
        said.lock().unwrap().first() == Some(&Reach::Reached)
    });
    north
        .append(note("op.tekla", "Norra: strömavbrott"))
        .unwrap();
    let took = until("south has north's note", &|| count() == 1);
    eprintln!("pushed to the other host's file in {took:?}");
    // The database goes away: the follower says so, and the file keeps what it had.
    pg.stop();
    until("lost said", &|| {
        matches!(said.lock().unwrap().last(), Some(Reach::Lost(_)))
    });
    assert_eq!(count(), 1);
    pg.start_again();
    until("reached again", &|| {
        said.lock().unwrap().last() == Some(&Reach::Reached)
    });
    let mut north = host(dir.path(), "north.db", &config);
    north
        .append(note("op.tekla", "Norra: strömmen tillbaka"))
        .unwrap();
    until("south follows again", &|| count() == 2);
    stop.store(true, Ordering::Relaxed);
    follower.join().unwrap();
}

/// `beredskap monitor` at a site: its own file, the shared log of record.
fn site_monitor(config: &Path, db: &Path, log: &Path) -> std::process::Child {
    std::process::Command::new(common::bin())
        .args(["monitor", "--log-file"])
        .arg(log)
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn two_site_monitors_page_a_failing_check_once_when_the_active_site_dies() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let (port, bodies) = common::webhook::receiver();
    // A business-critical journal whose check fails at once, paging the on-call; the
    // lease renewed every second (3 s to take over), the log of record in PostgreSQL.
    let region = common::webhook::failing_region(dir.path(), port);
    let text = std::fs::read_to_string(&region)
        .unwrap()
        .replace("[monitor]\n", "[monitor]\nlease_interval = \"1s\"\n");
    std::fs::write(&region, text).unwrap();
    let toml = config_with_log_of_record_from(dir.path(), &region, &config);
    let holder = || pg.psql("SELECT holder FROM beredskap.monitor_lease");
    let mut north = site_monitor(
        &toml,
        &dir.path().join("north.db"),
        &dir.path().join("north.log"),
    );
    let waited = Instant::now();
    while holder().is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "no monitor took the lease"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut south = site_monitor(
        &toml,
        &dir.path().join("south.db"),
        &dir.path().join("south.log"),
    );
    // The journal fails: one page.
    let first = bodies
        .recv_timeout(Duration::from_secs(30))
        .expect("a page");
    let page = first["page"].clone();
    assert!(!page.is_null(), "{first}");
    let north_holder = holder();
    // Norra's site goes dark: its monitor and its connection with it.
    north.kill().unwrap();
    north.wait().unwrap();
    let waited = Instant::now();
    while holder() == north_holder {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "Södra never took over"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let took_over = waited.elapsed();
    // Södra keeps checking the failing journal for a while: still one page.
    std::thread::sleep(Duration::from_secs(4));
    let later: Vec<serde_json::Value> = bodies.try_iter().collect();
    let pages: Vec<String> = pg
        .psql("SELECT subject FROM beredskap.events WHERE kind = 'page.triggered'")
        .lines()
        .map(str::to_string)
        .collect();
    eprintln!(
        "Södra took the lease {took_over:?} after Norra died; pages triggered: {pages:?}; \
         webhook bodies after the first: {}",
        later.len()
    );
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(
        later.iter().all(|b| b["page"] == page),
        "another page after the takeover: {later:?}"
    );
    south.kill().unwrap();
    south.wait().unwrap();
}

#[test]
fn a_monitor_cut_off_from_the_database_pages_and_records_it_all_once_on_return() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let (port, bodies) = common::webhook::receiver();
    let flag = dir.path().join("journal-down");
    let region = common::webhook::region_with_plugin(
        dir.path(),
        port,
        &format!(
            "if [ -e {} ]; then echo 'CRITICAL - journalen svarar inte'; exit 2; fi; echo OK; exit 0",
            flag.display()
        ),
    );
    let toml = config_with_log_of_record_from(dir.path(), &region, &config);
    let mut monitor = site_monitor(
        &toml,
        &dir.path().join("site.db"),
        &dir.path().join("site.log"),
    );
    let waited = Instant::now();
    while pg.psql("SELECT count(*) FROM beredskap.events WHERE kind = 'system.status_changed'")
        == "0"
    {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the journal never came up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The site loses the database; meanwhile the journal goes down.
    pg.stop();
    let cut_at = chrono::Utc::now();
    std::fs::write(&flag, "").unwrap();
    let alarm = bodies
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|e| {
            panic!(
                "not paged while the database is away ({e}): {}",
                std::fs::read_to_string(dir.path().join("site.log")).unwrap_or_default()
            )
        });
    eprintln!("paged while cut off: {alarm}");
    // It goes to people in the region's language, the step's words too.
    let said = alarm["message"].as_str().unwrap();
    assert!(said.contains("steg 1 (varv 1): Journal nere"), "{said}");
    std::thread::sleep(Duration::from_secs(2));
    pg.start_again();
    // On return: the change and the page recorded once, the change's time from before.
    let waited = Instant::now();
    while pg.psql("SELECT count(*) FROM beredskap.events WHERE kind = 'page.triggered'") != "1" {
        assert!(
            waited.elapsed() < Duration::from_secs(60),
            "nothing recorded after the database came back: {}",
            std::fs::read_to_string(dir.path().join("site.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(3));
    let downs = pg.psql(
        "SELECT occurred_at || ' ' || recorded_at FROM beredskap.events \
         WHERE kind = 'system.status_changed' AND payload LIKE '%\"health\":\"down\"%'",
    );
    let pages = pg.psql("SELECT count(*) FROM beredskap.events WHERE kind = 'page.triggered'");
    monitor.kill().unwrap();
    monitor.wait().unwrap();
    eprintln!("recorded after the return: down {downs:?}, pages {pages}");
    assert_eq!(pages, "1");
    assert_eq!(downs.lines().count(), 1, "{downs}");
    let (occurred, recorded) = downs.split_once(' ').unwrap();
    assert!(occurred < recorded, "both times kept: {downs}");
    assert!(
        occurred >= beredskap::model::timespec::to_storage(cut_at).as_str(),
        "{downs}"
    );
    let mut remote = RemoteLog::connect(&config).unwrap();
    assert_eq!(remote.verify().unwrap().first_break, None);
}

/// A proxy between a host and the server that, once armed, cuts the connection as the
/// client's `COMMIT` goes by: after passing it on (the server commits, the answer never
/// reaches the client) or before (the server never sees it and rolls back).
struct CommitCutter {
    port: u16,
    mode: std::sync::Arc<std::sync::atomic::AtomicU8>,
}

const PASS: u8 = 0;
const CUT_AFTER_COMMIT: u8 = 1;
const CUT_BEFORE_COMMIT: u8 = 2;

impl CommitCutter {
    fn start(server_port: u16) -> CommitCutter {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(PASS));
        let shared = mode.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { return };
                let Ok(mut server) = std::net::TcpStream::connect(("127.0.0.1", server_port))
                else {
                    continue;
                };
                let (mut client_r, mut server_w) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let cut = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
                let (mode, cut_up) = (shared.clone(), cut.clone());
                // Client to server, watching for the commit.
                std::thread::spawn(move || {
                    // A message that commits: a simple query that ends in COMMIT (alone, or
                    // after a write's insert), or a note appended on a known head (one
                    // statement outside a transaction block, its rows bound as values).
                    let commits = [&b"COMMIT\0"[..], &b"diary.note"[..]];
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = client_r.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        let chunk = &buf[..n];
                        let is_commit = commits
                            .iter()
                            .any(|c| chunk.windows(c.len()).any(|w| w == *c));
                        match mode.load(Ordering::SeqCst) {
                            CUT_AFTER_COMMIT if is_commit => {
                                cut_up.store(true, Ordering::SeqCst);
                                let _ = server_w.write_all(chunk);
                                std::thread::sleep(Duration::from_millis(300));
                                let _ = client_r.shutdown(std::net::Shutdown::Both);
                                let _ = server_w.shutdown(std::net::Shutdown::Both);
                                break;
                            }
                            CUT_BEFORE_COMMIT if is_commit => {
                                cut_up.store(true, Ordering::SeqCst);
                                let _ = client_r.shutdown(std::net::Shutdown::Both);
                                let _ = server_w.shutdown(std::net::Shutdown::Both);
                                break;
                            }
                            _ => {
                                if server_w.write_all(chunk).is_err() {
                                    break;
                                }
                            }
                        }
                    }
                });
                // Server to client, silent once cut.
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = server.read(&mut buf) {
                        if n == 0 || cut.load(Ordering::SeqCst) {
                            break;
                        }
                        if client.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        CommitCutter { port, mode }
    }

    fn arm(&self, mode: u8) {
        self.mode.store(mode, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The count of notes with `text` in the log of record.
fn notes_there(pg: &Postgres, text: &str) -> usize {
    pg.psql(&format!(
        "SELECT count(*) FROM beredskap.events WHERE kind = 'diary.note' \
         AND payload = '{{\"text\":\"{text}\"}}'"
    ))
    .parse()
    .unwrap()
}

/// A commit that reaches the server but whose answer is lost: the write fails for the
/// caller, who asks again with the same events — and gets the events that landed, written
/// once, not twice. A commit that never reached the server is written again, once.
#[test]
fn a_write_asked_again_after_an_unanswered_commit_is_in_the_log_once() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, direct) = server(dir.path());
    let cutter = CommitCutter::start(pg.port);
    let config = RemoteConfig {
        conninfo: format!(
            "host=127.0.0.1 port={} user={APP_ROLE} dbname=beredskap connect_timeout=5",
            cutter.port
        ),
        password_file: direct.password_file.clone(),
        ..Default::default()
    };
    let mut host = host(dir.path(), "a.db", &config);
    host.append(note("op.tekla", "före")).unwrap();

    // The answer to the commit is lost: the write fails here, yet it is in the log.
    let asked = note("op.tekla", "landade");
    cutter.arm(CUT_AFTER_COMMIT);
    let e = host.append(asked.clone()).unwrap_err();
    cutter.arm(PASS);
    assert_eq!(
        notes_there(&pg, "landade"),
        1,
        "the commit reached the server: {e}"
    );
    // Asked again (as the console's worker and the CLI's retry do): the same event back.
    let again = host.append(asked).unwrap();
    assert_eq!(notes_there(&pg, "landade"), 1, "written twice");
    assert_eq!(again.id, 2);
    assert_eq!(hashes(&host).last().unwrap().0, 2);

    // The commit never reached the server: nothing there; asked again, written once.
    let lost = note("op.tekla", "förlorad");
    cutter.arm(CUT_BEFORE_COMMIT);
    assert!(host.append(lost.clone()).is_err());
    cutter.arm(PASS);
    // The server rolls the cut transaction back when it sees the connection gone.
    let waited = Instant::now();
    while pg.psql("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in%'") != "0"
        && waited.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(notes_there(&pg, "förlorad"), 0);
    let written = host.append(lost).unwrap();
    assert_eq!(notes_there(&pg, "förlorad"), 1);
    assert_eq!(written.id, 3);
    // A different event asked after an unanswered commit is written as usual.
    cutter.arm(CUT_AFTER_COMMIT);
    assert!(host.append(note("op.tekla", "x1")).is_err());
    cutter.arm(PASS);
    let other = host.append(note("op.tekla", "x2")).unwrap();
    assert_eq!(other.id, 5, "x1 landed as #4, x2 follows it");
    assert_eq!((notes_there(&pg, "x1"), notes_there(&pg, "x2")), (1, 1));
    let v = host.remote().unwrap().verify().unwrap();
    assert_eq!((v.events_checked, v.first_break), (5, None));
    assert!(host.verify(None).unwrap().intact());
}

/// Test certificates (rcgen): a CA, the server's certificate for 127.0.0.1 (and nothing
/// else) and a client certificate for `cert_role`, both signed by it, and another CA that
/// signed nothing here — PEM files in a directory, returned.
fn certificates(dir: &Path, cert_role: &str) -> std::path::PathBuf {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    };
    let at = dir.join("tls");
    std::fs::create_dir_all(&at).unwrap();
    let write = |name: &str, text: String| std::fs::write(at.join(name), text).unwrap();
    let ca = |name: &str| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let cert = params.self_signed(&key).unwrap();
        (cert.pem(), Issuer::new(params, key))
    };
    let (ca_pem, issuer) = ca("Testregionens CA");
    write("ca.pem", ca_pem);
    write("other-ca.pem", ca("Någon annans CA").0);
    for (name, names, common, usage) in [
        (
            "server",
            vec!["127.0.0.1".to_string()],
            "127.0.0.1",
            ExtendedKeyUsagePurpose::ServerAuth,
        ),
        (
            "client",
            Vec::new(),
            cert_role,
            ExtendedKeyUsagePurpose::ClientAuth,
        ),
    ] {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, common);
        params.extended_key_usages = vec![usage];
        write(
            &format!("{name}.pem"),
            params.signed_by(&key, &issuer).unwrap().pem(),
        );
        write(&format!("{name}.key"), key.serialize_pem());
    }
    at
}

/// What connecting with `config` failed with (it must fail).
fn refused(config: &RemoteConfig) -> String {
    match RemoteLog::connect(config) {
        Ok(_) => panic!("connected with {config:?}"),
        Err(e) => e.to_string(),
    }
}

/// TLS to the log of record: a server that takes TCP connections over TLS only; beredskap
/// reaches it with the region's CA (the chain and the host's name checked), signing in with
/// its password or with a client certificate instead; a certificate another CA signed, a
/// host name the certificate does not name, and a connection without TLS are all refused.
#[test]
fn the_log_of_record_is_reached_over_tls_with_its_certificate_checked() {
    const CERT_ROLE: &str = "beredskap_cert";
    let dir = tempfile::tempdir().unwrap();
    let (pg, plain) = server(dir.path());
    let tls = certificates(dir.path(), CERT_ROLE);
    pg.psql(&format!("CREATE ROLE {CERT_ROLE} LOGIN"));
    RemoteLog::connect(&RemoteConfig {
        conninfo: format!(
            "host={} port={} user=postgres dbname=beredskap",
            pg.socket_dir().display(),
            pg.port
        ),
        ..Default::default()
    })
    .unwrap()
    .install(Some(CERT_ROLE))
    .unwrap();
    pg.tls_only(
        &tls.join("server.pem"),
        &tls.join("server.key"),
        &tls.join("ca.pem"),
        CERT_ROLE,
    );

    // Without TLS the server has no way in.
    let e = refused(&plain);
    assert!(e.contains("no pg_hba.conf entry"), "{e}");

    // With the region's CA: in, encrypted, and writing.
    let with_ca = RemoteConfig {
        ca_file: Some(tls.join("ca.pem")),
        ..plain.clone()
    };
    let mut a = host(dir.path(), "a.db", &with_ca);
    a.append(note("op.tekla", "över TLS")).unwrap();
    assert_eq!(
        pg.psql(
            "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
             WHERE a.usename = 'beredskap_app'"
        ),
        "t",
        "every session of the application's role is encrypted"
    );

    // A client certificate instead of a password.
    let by_certificate = RemoteConfig {
        conninfo: pg.url(CERT_ROLE),
        password_file: None,
        ca_file: Some(tls.join("ca.pem")),
        client_certificate: Some((tls.join("client.pem"), tls.join("client.key"))),
    };
    let mut b = host(dir.path(), "b.db", &by_certificate);
    assert_eq!(hashes(&b).len(), 1, "b follows what a wrote");
    b.append(note("op.mans", "med certifikat")).unwrap();
    assert_eq!(b.remote().unwrap().verify().unwrap().events_checked, 2);

    // Refused: a server certificate another CA signed; a name the certificate does not
    // hold (verify-full, always); a client certificate's role without one.
    let other_ca = RemoteConfig {
        ca_file: Some(tls.join("other-ca.pem")),
        ..plain.clone()
    };
    let e = refused(&other_ca);
    assert!(e.to_lowercase().contains("certificate"), "{e}");
    let wrong_name = RemoteConfig {
        conninfo: plain
            .conninfo
            .replace("host=127.0.0.1", "host=localhost hostaddr=127.0.0.1"),
        ..with_ca.clone()
    };
    let e = refused(&wrong_name);
    assert!(e.to_lowercase().contains("certificate"), "{e}");
    let no_client_certificate = RemoteConfig {
        client_certificate: None,
        ..by_certificate.clone()
    };
    refused(&no_client_certificate);
    // A CA file that holds no certificate says so.
    std::fs::write(dir.path().join("empty.pem"), "").unwrap();
    let e = refused(&RemoteConfig {
        ca_file: Some(dir.path().join("empty.pem")),
        ..plain
    });
    assert!(e.contains("holds no certificate"), "{e}");
}

/// 03:00, the primary is being failed over as the on-call engineer starts the console: it
/// starts all the same from this host's file and says on the screen that the log of record
/// cannot be reached; a note typed meanwhile is refused with that reason, nothing written,
/// its text kept in the prompt; when the database answers again the banner goes and Enter
/// saves the kept note, through the log of record, once.
#[test]
fn a_console_started_while_the_log_of_record_is_down_shows_the_host_file_and_writes_when_it_is_back()
 {
    use common::pty::Console;
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let toml = config_with_log_of_record(dir.path(), &config);
    let db = dir.path().join("host.db");
    host(dir.path(), "host.db", &config)
        .append(note("operator1", "före avbrottet"))
        .unwrap();
    pg.stop();
    let wait = Duration::from_secs(20);
    // At 80×24, the on-call engineer's SSH terminal.
    let mut c = Console::start_small("sv", "operator1", &toml, &db);
    c.wait_for("LOGGEN I POSTGRESQL NÅS INTE", wait);
    c.press("5");
    c.wait_for("före avbrottet", wait);
    c.press("n");
    c.wait_for("Anteckning (Enter sparar", wait);
    c.press("skriven under avbrottet\r");
    let refused = c.wait_for("nås inte", wait);
    assert!(refused.contains("inget sparades"), "{refused}");
    assert!(
        refused.contains("Anteckning (Enter sparar, Esc avbryter): skriven under avbrottet"),
        "the text is kept:\n{refused}"
    );
    // Esc closes the reopened prompt, the text kept as a draft; `n` brings it back.
    c.press("\x1b");
    c.wait_gone("Anteckning (Enter sparar", wait);
    c.press("n");
    c.wait_for(
        "Anteckning (Enter sparar, Esc avbryter): skriven under avbrottet",
        wait,
    );
    pg.start_again();
    c.wait_gone("LOGGEN I POSTGRESQL NÅS INTE", Duration::from_secs(40));
    // The configuration in force is recorded as soon as the log of record is reached
    // (not only with the next write).
    let configured =
        || pg.psql("SELECT count(*) FROM beredskap.events WHERE kind = 'config.applied'");
    let start = Instant::now();
    while configured() != "1" {
        assert!(
            start.elapsed() < wait,
            "no config.applied: {}",
            configured()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    c.press("\r");
    c.wait_for("Anteckningen sparad", wait);
    c.press("q");
    assert!(c.wait_exit(Duration::from_secs(15)).success());
    let texts: Vec<String> = host(dir.path(), "host.db", &config)
        .events(&Default::default())
        .unwrap()
        .iter()
        .filter(|e| e.kind == "diary.note")
        .filter_map(|e| e.payload["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(texts, ["före avbrottet", "skriven under avbrottet"]);
    assert_eq!(configured(), "1", "recorded once");
}

/// The application's sessions open on `pg` now: when each began, by the server's clock
/// (seconds since the epoch), oldest first.
fn app_sessions_began(pg: &Postgres) -> Vec<f64> {
    pg.psql(&format!(
        "SELECT extract(epoch FROM backend_start) FROM pg_stat_activity \
         WHERE usename = '{APP_ROLE}' ORDER BY backend_start"
    ))
    .lines()
    .map(|l| l.trim().parse().unwrap())
    .collect()
}

/// The server's clock now (seconds since the epoch).
fn server_now(pg: &Postgres) -> f64 {
    pg.psql("SELECT extract(epoch FROM clock_timestamp())")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_connection_started_ahead_is_the_one_its_log_of_record_is_reached_with() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    RemoteLog::connect_ahead(&config);
    // Wait until the connection started ahead is signed in.
    let deadline = Instant::now() + Duration::from_secs(30);
    while app_sessions_began(&pg).is_empty() {
        assert!(Instant::now() < deadline, "no connection was started ahead");
        std::thread::sleep(Duration::from_millis(20));
    }
    let asked = server_now(&pg);
    // Another log of record (here: the same server under another application name) is
    // reached with a connection of its own; the one started ahead is left for its own.
    let other = RemoteConfig {
        conninfo: format!("{} application_name=other", config.conninfo),
        ..config.clone()
    };
    let _other = RemoteLog::connect(&other).unwrap();
    let began = app_sessions_began(&pg);
    assert_eq!(began.len(), 2, "{began:?}");
    assert!(
        began[0] < asked && began[1] > asked,
        "{began:?} asked {asked}"
    );
    // The log it was started for takes it: no new connection, and it appends through it.
    let mut store = Store::open(&dir.path().join("host.db")).unwrap();
    store
        .attach_remote(RemoteLog::connect(&config).unwrap())
        .unwrap();
    store.append(note("operator1", "Läget lugnt")).unwrap();
    assert_eq!(app_sessions_began(&pg), began);
    // Taken once: the next connection to it is a new one.
    let _again = RemoteLog::connect(&config).unwrap();
    assert_eq!(app_sessions_began(&pg).len(), 3);
}

#[test]
fn a_command_signs_in_to_its_log_of_record_once_and_one_that_needs_no_log_never() {
    let dir = tempfile::tempdir().unwrap();
    let (pg, config) = server(dir.path());
    let toml = config_with_log_of_record(dir.path(), &config);
    let db = dir.path().join("host.db");
    pg.psql("ALTER SYSTEM SET log_connections = on");
    pg.psql("SELECT pg_reload_conf()");
    let log = pg.socket_dir().join("server.log");
    let signed_in = || {
        std::fs::read_to_string(&log)
            .unwrap()
            .matches(&format!("connection authorized: user={APP_ROLE}"))
            .count()
    };
    // Wait until the reload has reached new sessions (the owner's own sign-in is logged).
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&log)
        .unwrap()
        .contains("connection authorized")
    {
        assert!(
            Instant::now() < deadline,
            "log_connections never took effect"
        );
        pg.psql("SELECT 1");
    }
    let before = signed_in();
    let checked = common::run(common::beredskap(&toml, &db).args(["config", "check"]));
    assert!(checked.status.success(), "{}", common::stderr(&checked));
    assert_eq!(
        signed_in(),
        before,
        "config check reached the log of record"
    );
    for args in [
        &["--as", "operator1", "log", "note", "Reservkraft provad"][..],
        &["log", "show"][..],
    ] {
        let before = signed_in();
        let out = common::run(common::beredskap(&toml, &db).args(args));
        assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
        assert_eq!(signed_in(), before + 1, "{args:?}");
    }
    assert!(
        common::stdout(&common::run(
            common::beredskap(&toml, &db).args(["log", "show"])
        ))
        .contains("Reservkraft provad")
    );
}
