//! The command-line front end: parse, dispatch, print, map errors to exit codes.

/// `println!` for text a person reads: every line passes the one renderer
/// (`model::shown::line`), so stored text cannot drive the terminal (escape sequences,
/// bidi overrides, forged lines). JSON output is printed with `std::println!`: exact.
macro_rules! shown_println {
    () => {
        std::println!()
    };
    ($($arg:tt)*) => {
        std::println!("{}", $crate::model::shown::line(&format!($($arg)*)))
    };
}
pub(crate) use shown_println;

mod args;
mod args_alerts;
mod args_incident;
mod args_oncall;
mod args_ops;
mod args_review;
mod backup_cmd;
mod check_cmd;
mod config_cmd;
mod console_cmd;
mod context;
mod doctor;
mod heartbeat_cmd;
mod incident_cmd;
mod ingest_cmd;
mod json_out;
mod log_cmd;
mod log_config_cmd;
mod log_migrate_cmd;
mod logging;
mod maintenance_cmd;
mod manual_cmd;
mod monitor_cmd;
mod oncall_cmd;
mod oncall_ctx;
mod oncall_ics_cmd;
mod oncall_json;
mod page_cmd;
mod print_cmd;
mod receive_cmd;
mod review_cmd;
mod run_cmd;
mod runbook_cmd;
mod status_cmd;

pub use args::Cli;

use clap::Parser;
use std::process::ExitCode;

/// Exit codes (documented in `--help`).
pub mod code {
    pub const OK: u8 = 0;
    pub const BROKEN: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
    pub const FAILURE: u8 = 3;
}

/// A failure, with the exit code it maps to. Printed to stderr by `run`, which says it in
/// the language and the zone of the command (`context::speech`): a refusal stays typed
/// until then, so no language or zone has to be kept in a static on the way.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    why: Why,
}

/// What went wrong: the command's own words, or the core's or the store's typed error.
#[derive(Debug)]
enum Why {
    Text(String),
    Op(crate::ops::OpError),
    Store(crate::store::StoreError),
}

/// `value` (a `--json` output's serde struct) as JSON, its keys in one (sorted) order; a
/// value that cannot be written is a failure said as such, never a `null`.
pub(crate) fn json_of<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(value)
        .map_err(|e| Failure::system(format!("cannot write the JSON output: {e}")))
}

/// Prints `value` as one line of JSON (`--json`).
pub(crate) fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    std::println!("{}", json_of(value)?);
    Ok(())
}

impl Failure {
    pub fn bad_input(message: impl Into<String>) -> Failure {
        Failure::with(code::BAD_INPUT, message)
    }

    pub fn system(message: impl Into<String>) -> Failure {
        Failure::with(code::FAILURE, message)
    }

    pub fn with(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            why: Why::Text(message.into()),
        }
    }

    /// What to print, in `lang` with times in `tz`.
    pub fn said(&self, lang: crate::i18n::Lang, tz: chrono_tz::Tz) -> String {
        match &self.why {
            Why::Text(t) => t.clone(),
            Why::Op(e) => crate::i18n::failure::describe(lang, tz, e),
            // English keeps the store's own full sentence (the marker's path, the steps).
            Why::Store(e) if lang == crate::i18n::Lang::En => e.to_string(),
            Why::Store(e) => crate::i18n::failure::describe(lang, tz, e),
        }
    }
}

impl From<crate::ops::OpError> for Failure {
    /// Refusals from the core are data (`ops::Refusal`), said by i18n when printed.
    fn from(e: crate::ops::OpError) -> Failure {
        match e {
            crate::ops::OpError::Store(s) => s.into(),
            crate::ops::OpError::Runbooks(_) => Failure {
                code: code::FAILURE,
                why: Why::Op(e),
            },
            other => Failure {
                code: code::BAD_INPUT,
                why: Why::Op(other),
            },
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Failure {
        use crate::store::StoreError;
        let code = match e {
            // The path given does not lead to a log: the input is wrong, not the system.
            StoreError::Missing(_) | StoreError::NotADatabase { .. } | StoreError::Denied(_) => {
                code::BAD_INPUT
            }
            _ => code::FAILURE,
        };
        Failure {
            code,
            why: Why::Store(e),
        }
    }
}

/// A multi-threaded runtime for the commands that probe.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::system(format!("cannot start the async runtime: {e}")))
}

/// A reader that went away (`beredskap … | head`) ends the command quietly with 141 (as a
/// shell reports a process stopped by SIGPIPE) instead of a panic message.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    // First of all: a set-group-ID install drops the log's group until the log is opened.
    crate::host::privilege::init();
    quiet_broken_pipe();
    let cli = Cli::parse();
    let checking_config = matches!(
        cli.command,
        Some(args::Command::Config(args::ConfigCommand::Check))
    );
    // The restore test (docs/operations.md): a scratch copy restored and read with the
    // installed program.
    let scratch_db = matches!(
        cli.command,
        Some(
            args::Command::Restore(_)
                | args::Command::Log(args::LogCommand::Verify(_) | args::LogCommand::Show(_))
        )
    );
    let outcome = context::refuse_in_secure_mode(&cli, checking_config, scratch_db)
        .and_then(|()| dispatch(&cli));
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            let (lang, tz) = context::speech(&cli);
            eprintln!("beredskap: {}", f.said(lang, tz));
            ExitCode::from(f.code)
        }
    }
}

/// Whether the command reads or writes the log (the console too): with a log of record,
/// it starts connecting at once (`context::connect_ahead`). Those that never open the log
/// make no connection.
fn reaches_log(command: Option<&args::Command>) -> bool {
    !matches!(
        command,
        Some(
            args::Command::Demo(_)
                | args::Command::Config(_)
                | args::Command::Check(_)
                | args::Command::NotifyTest
                | args::Command::Restore(_)
                | args::Command::Completions(_)
                | args::Command::Man(_)
                | args::Command::Doctor(_)
        )
    )
}

fn dispatch(cli: &Cli) -> Result<u8, Failure> {
    if reaches_log(cli.command.as_ref()) {
        context::connect_ahead(cli);
    }
    let Some(command) = &cli.command else {
        return console_cmd::console(cli);
    };
    match command {
        args::Command::Demo(a) => console_cmd::demo(cli, a),
        args::Command::Config(args::ConfigCommand::Check) => config_cmd::check(cli),
        args::Command::Log(args::LogCommand::Verify(a)) => log_cmd::verify(cli, a),
        args::Command::Log(args::LogCommand::Show(a)) => log_cmd::show(cli, a),
        args::Command::Log(args::LogCommand::Note(a)) => log_cmd::note(cli, a),
        args::Command::Check(a) => check_cmd::run(cli, a),
        args::Command::Status(a) => status_cmd::run(cli, a),
        args::Command::Monitor(a) => monitor_cmd::run(cli, a),
        args::Command::Maintenance(args::MaintenanceCommand::Add(a)) => {
            maintenance_cmd::add(cli, a)
        }
        args::Command::Maintenance(args::MaintenanceCommand::List) => maintenance_cmd::list(cli),
        args::Command::Maintenance(args::MaintenanceCommand::End { window, reason }) => {
            maintenance_cmd::end(cli, window, reason)
        }
        args::Command::Incident(a) => incident_cmd::run(cli, &a.command, a.json),
        args::Command::Runbook(c) => runbook_cmd::run(cli, c),
        args::Command::Oncall(a) => oncall_cmd::run(cli, a),
        args::Command::Page {
            to,
            message,
            incident,
            system,
        } => page_cmd::page(cli, to, message, incident.as_deref(), system.as_deref()),
        args::Command::Ack { page } => page_cmd::ack(cli, page),
        args::Command::Ingest(args::IngestCommand::Alertmanager { file, source }) => {
            ingest_cmd::alertmanager(cli, source, file.as_ref())
        }
        args::Command::Ingest(args::IngestCommand::Webhook { file, source }) => {
            ingest_cmd::webhook(cli, source, file.as_ref())
        }
        args::Command::Ingest(args::IngestCommand::Nagios {
            source,
            host,
            service,
            state,
            kind,
            output,
        }) => ingest_cmd::nagios(
            cli,
            source,
            &crate::model::nagios::Notification {
                host: host.clone(),
                service: service.clone(),
                state: state.clone(),
                kind: kind.clone(),
                output: output.clone(),
            },
        ),
        args::Command::Receive {
            listen,
            sources,
            heartbeat_token,
        } => receive_cmd::receive(cli, listen.as_deref(), sources, heartbeat_token.as_deref()),
        args::Command::Heartbeat { id, fail, message } => {
            heartbeat_cmd::ping(cli, id, *fail, message)
        }
        args::Command::NotifyTest => page_cmd::notify_test(cli),
        args::Command::Backup(a) => backup_cmd::backup(cli, a),
        args::Command::Restore(a) => backup_cmd::restore(cli, a),
        args::Command::Completions(a) => manual_cmd::completions(a),
        args::Command::Man(a) => manual_cmd::man(a),
        args::Command::Doctor(a) => config_cmd::doctor(a),
        args::Command::Log(args::LogCommand::Export(a)) => log_cmd::export(cli, a),
        args::Command::Log(args::LogCommand::Redact(a)) => log_cmd::redact(cli, a),
        args::Command::Log(args::LogCommand::Init) => log_cmd::init(cli),
        args::Command::Log(args::LogCommand::Config(a)) => log_config_cmd::run(cli, a),
        args::Command::Log(args::LogCommand::Migrate(a)) => log_migrate_cmd::run(cli, a),
        args::Command::Log(args::LogCommand::Copy(a)) => log_migrate_cmd::copy(cli, a),
        args::Command::Review(c) => review_cmd::review(cli, c),
        args::Command::Export(c) => review_cmd::export(cli, c),
        args::Command::Report(args::ReportCommand::Year { year, format }) => {
            review_cmd::year(cli, *year, format)
        }
        args::Command::Pages {
            all,
            json,
            resolve,
            reason,
        } => page_cmd::pages(cli, *all, *json, resolve.as_deref(), reason),
    }
}
