//! The real console in a pseudo-terminal, read through a vt100 parser.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Console {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, escape sequences included.
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Option<Box<dyn portable_pty::MasterPty + Send>>,
}

impl Console {
    pub fn start(config: &Path, db: &Path) -> Console {
        Console::start_as("op.tekla", config, db)
    }

    pub fn start_as(account: &str, config: &Path, db: &Path) -> Console {
        Console::start_in("en", account, config, db)
    }

    pub fn start_in(lang: &str, account: &str, config: &Path, db: &Path) -> Console {
        let mut args: Vec<std::ffi::OsString> = ["--as", account, "--lang", lang, "--config"]
            .iter()
            .map(|s| s.into())
            .collect();
        args.push(config.into());
        args.push("--db".into());
        args.push(db.into());
        Console::spawn(&args, db.parent().unwrap())
    }

    /// The console as `account` in `lang` at 80×24, the smallest terminal it is made for
    /// (an SSH session at 03:00).
    pub fn start_small(lang: &str, account: &str, config: &Path, db: &Path) -> Console {
        let mut cmd = CommandBuilder::new(super::bin());
        cmd.args(["--as", account, "--lang", lang, "--config"]);
        cmd.arg(config);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("XDG_STATE_HOME", db.parent().unwrap());
        cmd.env_remove("NO_COLOR");
        Console::spawn_sized(cmd, 24, 80)
    }

    pub fn spawn(args: &[std::ffi::OsString], state: &Path) -> Console {
        let mut cmd = CommandBuilder::new(super::bin());
        cmd.args(args);
        cmd.env("XDG_STATE_HOME", state);
        cmd.env_remove("NO_COLOR");
        Console::spawn_command(cmd)
    }

    /// Any command in a 120×40 pseudo-terminal (`ssh -tt …`, say).
    pub fn spawn_command(cmd: CommandBuilder) -> Console {
        Console::spawn_sized(cmd, 40, 120)
    }

    pub fn spawn_sized(mut cmd: CommandBuilder, rows: u16, cols: u16) -> Console {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = parser.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = raw.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Console {
            parser,
            raw,
            writer,
            child,
            master: Some(pair.master),
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, what: &str, deadline: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < deadline,
                "timed out waiting for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `what` is no longer on the screen (a banner cleared, a prompt closed);
    /// the screen then.
    pub fn wait_gone(&self, what: &str, deadline: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if !s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < deadline,
                "timed out waiting for {what:?} to go; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The text of the highlighted (reverse-video) line of the list, if any.
    pub fn selected_line(&self) -> Option<String> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows).find_map(|r| {
            let cell = screen.cell(r, 2)?;
            cell.inverse()
                .then(|| screen.contents_between(r, 0, r, cols))
        })
    }

    pub fn kill(&mut self) {
        let pid = self.child.process_id().unwrap();
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .unwrap();
        self.wait_exit(Duration::from_secs(10));
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self, deadline: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < deadline, "the console did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
