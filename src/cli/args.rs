//! The command line, as clap derives it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use super::args_alerts::IngestCommand;
pub use super::args_incident::{IncidentArgs, IncidentCommand};
pub use super::args_oncall::{OncallArgs, OncallCommand};
pub use super::args_ops::{BackupArgs, CompletionsArgs, LogExportArgs, ManArgs, RestoreArgs};
pub use super::args_review::{ExportCommand, ReportCommand, ReviewCommand};

const AFTER_HELP: &str = "\
Where things are found:
  configuration  --config PATH, else $BEREDSKAP_CONFIG, else ./beredskap.toml,
                 else ~/.config/beredskap/beredskap.toml,
                 else /etc/beredskap/beredskap.toml
  database       --db PATH, else $BEREDSKAP_DB, else [storage] database in the
                 configuration, else ~/.local/share/beredskap/beredskap.db

Who you are: the operating-system account running beredskap. Accounts listed
under [[people]] in the configuration may write according to their roles;
other accounts may only read.

Exit codes:
  0  done
  1  `log verify` found the log broken
  2  bad input: configuration, arguments, missing rights, patient data in text
  3  the database or the file system failed (disk full, read-only, damaged,
     written by a newer beredskap)

Try it:
  beredskap demo                 the console on a simulated region, no setup
  beredskap                      the console for the configured region
  beredskap --config fixtures/region-demo/beredskap.toml config check

The console logs to ~/.local/state/beredskap/console.log (shown in its help, key ?).";

/// beredskap: the readiness console for a hospital region's IT and medical-technology
/// systems: status, major incidents, downtime routines, on-call, and a tamper-evident log.
#[derive(Debug, Parser)]
#[command(name = "beredskap", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The region's configuration file.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The database file (the shared event log).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Act as another account. Refused unless the region sets
    /// [site] allow_actor_override = true (test and demo regions only).
    #[arg(long = "as", global = true, value_name = "ACCOUNT")]
    pub as_account: Option<String>,

    /// The language of what a person reads — the console, `status`, `check`, `oncall` and
    /// every refusal: sv or en. Default: the region's [site] language, then $LANG. `--json`
    /// output is the same in both; service logs (monitor, receive) are in English.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["sv", "en"], overrides_with = "lang")]
    pub lang: Option<String>,

    /// No colours (also with $NO_COLOR): states stay apart by symbol and word.
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Without a command, beredskap opens the console.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console on a simulated region: starts a simulated region on 127.0.0.1 driven by
    /// a scenario (systems fail and recover), the demo configuration with a fresh temporary
    /// database (or --db PATH to keep it), the monitor, and the console. Nothing to set up.
    Demo(DemoArgs),
    /// Work with the region's configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The append-only, tamper-evident operations log.
    #[command(subcommand)]
    Log(LogCommand),
    /// Run every check once now and print the results. Nagios-style exit code: 0 all up,
    /// 1 something degraded, 2 something down, 3 something unknown — usable from cron or
    /// another monitoring system.
    Check(CheckArgs),
    /// The status recorded by the monitor, with the age of the data and who runs the
    /// monitor. Exit 1 when no monitor reports (stale or never ran) or it is blind.
    Status(StatusArgs),
    /// Run the health checks as a service: waits in standby while another monitor holds
    /// the lease, takes over when it goes quiet. Logs to a file (see --log-file); SIGTERM
    /// or Ctrl-C stops it cleanly.
    Monitor(MonitorArgs),
    /// Maintenance windows: alerts are held back, checks keep running.
    #[command(subcommand)]
    Maintenance(MaintenanceCommand),
    /// Major incidents: declare, note, status, milestones, roles, patient safety, resolve,
    /// close, review.
    Incident(IncidentArgs),
    /// Downtime runbooks (reservrutiner).
    #[command(subcommand)]
    Runbook(RunbookCommand),
    /// On call (jour): who to call now for each team and system, coverage gaps, overrides.
    Oncall(OncallArgs),
    /// Page a team (its escalation policy: on-call layers step by step) or a person. The
    /// process running the monitor escalates until someone acknowledges. Prints the id.
    Page {
        /// A team id or a person's account.
        to: String,
        /// What is wrong, as the person paged reads it first (no identity numbers).
        message: String,
        /// The incident the page belongs to: it appears in the incident's timeline.
        #[arg(long)]
        incident: Option<String>,
        /// The system the page is about.
        #[arg(long)]
        system: Option<String>,
    },
    /// Acknowledge a page: its escalation stops.
    Ack {
        /// The page's id (PAGE-2026-0003).
        page: String,
    },
    /// Alerts from the monitoring the region already runs, written to the log (no network
    /// needed): an Alertmanager webhook payload, or a Nagios-family notification.
    #[command(subcommand)]
    Ingest(IngestCommand),
    /// The alert receiver, as a service: alerts at POST /alerts/SOURCE (Alertmanager's
    /// webhook, or JSON read with the source's pointers), heartbeats at POST /heartbeat/ID,
    /// each with its bearer token. Sources, token files, address and TLS come from
    /// [receiver] in the configuration (docs/alerts.md); the flags add to them.
    Receive {
        /// Where to listen [default: [receiver] listen, else 127.0.0.1:9095].
        #[arg(long)]
        listen: Option<String>,
        /// ID=TOKEN_FILE[:PER_MINUTE]: an Alertmanager source and the file holding its
        /// token (repeatable; replaces a configured source of the same id).
        #[arg(long = "source", value_name = "ID=FILE")]
        sources: Vec<String>,
        /// The file holding the token heartbeats are pinged with.
        #[arg(long, value_name = "FILE")]
        heartbeat_token: Option<std::path::PathBuf>,
    },
    /// A job says it has run (a dead man's switch): the nightly backup, an integration
    /// flow. The system's heartbeat check with this id is down when no ping came within its
    /// period and grace, or when the last one says it failed (docs/monitoring.md).
    Heartbeat {
        /// The heartbeat's id (`heartbeat = "…"` in the system's check).
        id: String,
        /// The job ran and failed: the system is down at once.
        #[arg(long)]
        fail: bool,
        /// What the job says (shown with the status).
        #[arg(long, default_value = "")]
        message: String,
    },
    /// Try every notification channel from here (terminal, desktop, webhook) with a test
    /// message, and say which work. Exit 1 when a configured channel fails.
    NotifyTest,
    /// Take a consistent copy of the log while others write (`-o FILE`), or check one
    /// (`--verify FILE`). Schedule it, and test a restore now and then (docs/operations.md).
    Backup(BackupArgs),
    /// Put a backup back as the log (admin role, or root). Refuses to overwrite a log with
    /// events the backup lacks unless --force; the current file is kept beside it.
    Restore(RestoreArgs),
    /// Shell completions for bash, zsh, fish, elvish or PowerShell, on standard output.
    Completions(CompletionsArgs),
    /// The manual page (roff), generated from this command line.
    Man(ManArgs),
    /// Check a deployed install: every file's owner and mode against what secure mode
    /// needs (the set-group-ID program, /etc/beredskap, the log's directory and files, the
    /// groups). Exit 0 when sound, 1 with what to fix (docs/operations.md, "Threat model").
    Doctor(DoctorArgs),
    /// The chief physician's review of an incident (physician role): the Lex Maria
    /// assessment, the decision, the other reporting clocks.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Exports of the record.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Reports for the year.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Pages: open ones with their escalation state (`--all`: recent closed ones too).
    Pages {
        /// Recent closed pages too.
        #[arg(long)]
        all: bool,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
        /// Resolve this page (with --reason).
        #[arg(long, value_name = "PAGE")]
        resolve: Option<String>,
        /// Why it is resolved (with --resolve).
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RunbookCommand {
    /// Check runbooks: front matter, sections and their order, steps; with a configuration
    /// also their systems and owner team; duplicate ids. Every problem with file:line and a
    /// hint; exit 2 on any. Default: the region's runbooks directory.
    Lint {
        /// Files or directories.
        paths: Vec<PathBuf>,
    },
    /// The region's runbooks: id, title, steps, systems.
    List {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Start a run of a runbook (the run keeps the runbook's text as it is now).
    Start {
        /// The runbook's id (`runbook list`).
        runbook: String,
        /// The incident the run belongs to: its steps appear in the incident's timeline.
        #[arg(long, value_name = "INCIDENT")]
        incident: Option<String>,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Runs: active first, then recent.
    Runs {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// One run: every step, who did it and when.
    Run {
        /// The run's id (RUN-2026-0003).
        id: String,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record a step: done (optionally --value), skip (--reason), note (--text), undo.
    Step {
        /// The run's id (RUN-2026-0003).
        id: String,
        /// The step's number.
        step: usize,
        /// done, skip, note or undo
        action: String,
        /// With done: what the step asks to write down (a value, a time).
        #[arg(long)]
        value: Option<String>,
        /// With skip: why the step is skipped.
        #[arg(long, default_value = "")]
        reason: String,
        /// With note: the note.
        #[arg(long, default_value = "")]
        text: String,
    },
    /// A printable A4 version for the downtime binder: check boxes, time and signature on
    /// every step. ID is a runbook id, a runbook file (.md) or a run (RUN-…, printed with
    /// its progress so far). Print them before the outage.
    #[command(
        after_help = "Examples:\n  beredskap runbook print lab-nere | lp\n  beredskap runbook print lab-nere --format pdf -o lab-nere.pdf\n  beredskap runbook print --all --format pdf -o reservparm/\n  beredskap runbook print RUN-2026-0003 -o RUN-2026-0003.pdf"
    )]
    Print {
        /// Runbook id, runbook file or run id.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Every valid runbook of the region, one file each, into the directory given by -o.
        #[arg(long, requires = "output")]
        all: bool,
        /// txt or pdf (default: from the file name given by -o, else txt).
        #[arg(long, value_parser = ["txt", "pdf"])]
        format: Option<String>,
        /// The file to write (a directory with --all). Without it, text goes to stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Complete a run whose every step is done or skipped.
    Complete {
        /// The run's id (RUN-2026-0003).
        id: String,
    },
    /// Abort a run, with a reason.
    Abort {
        /// The run's id (RUN-2026-0003).
        id: String,
        /// Why it is aborted.
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Do not open the console: run the simulator and the monitor until Ctrl-C (for
    /// trying `beredskap status` or a second console against the demo database).
    #[arg(long)]
    pub headless: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only this system's checks.
    #[arg(long, value_name = "SYSTEM")]
    pub system: Option<String>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Where to write the log (default: beredskap/monitor.log in the user's state
    /// directory, e.g. ~/.local/state/beredskap/monitor.log); `-` for standard error (the
    /// journal, under systemd). Level from $BEREDSKAP_LOG (default info).
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Publish the log's head as a signed checkpoint every 10 minutes (syslog and this
    /// log). Always done in secure mode (the deployed service); a person's test monitor
    /// does not unless asked.
    #[arg(long)]
    pub checkpoints: bool,
}

#[derive(Debug, Subcommand)]
pub enum MaintenanceCommand {
    /// Add a maintenance window (an event in the log). Sources with an Alertmanager `api`
    /// in [[receiver.sources]] get matching silences.
    Add(MaintenanceAddArgs),
    /// End a window added at run time now (its number from `maintenance list`); its
    /// silences in Alertmanager expire.
    End {
        /// The window's number, e.g. 12 or #12.
        window: String,
        /// Why it ends early.
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// List the maintenance windows: configured ones and those added at run time.
    List,
}

#[derive(Debug, Args)]
pub struct MaintenanceAddArgs {
    /// The systems it covers (at least one; or --all).
    #[arg(value_name = "SYSTEM", required_unless_present = "all")]
    pub systems: Vec<String>,
    /// Every system.
    #[arg(long, conflicts_with = "systems")]
    pub all: bool,
    /// Start (e.g. "2026-12-01 22:00" local, 22:00 today, or now).
    #[arg(long, value_name = "TIME", default_value = "0s")]
    pub from: String,
    /// End (e.g. "2026-12-02 02:00").
    #[arg(long, value_name = "TIME")]
    pub to: String,
    /// Why: shown in the console and in the log.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Look at an install under this directory instead of the host's own (a staged image).
    #[arg(long, default_value = "/")]
    pub root: std::path::PathBuf,
    /// The group the program is set-group-ID to, which alone writes the log.
    #[arg(long, default_value = "beredskap-log")]
    pub log_group: String,
    /// The people's group, which may read the configuration and so use the program.
    #[arg(long, default_value = "beredskap")]
    pub group: String,
    /// Print the secret files the configuration names (tokens, the TLS key), one a line,
    /// and nothing else: contrib/install.sh makes each root:LOG_GROUP 0640 from it.
    #[arg(long)]
    pub secrets: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration and every file it includes; list every problem with
    /// file:line:column and a hint. Exits 0 when clean, 2 otherwise.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Walk the hash chain and report the first broken link. Prints the head hash: write
    /// it down elsewhere, since a deleted tail can only be detected against such a record.
    Verify(VerifyArgs),
    /// Show events, oldest first. Times are shown in the site's time zone.
    Show(ShowArgs),
    /// Write an entry in the operations diary (driftdagbok).
    Note(NoteArgs),
    /// Archive events as JSON Lines (one event per line, with its hashes), e.g. before a
    /// year is moved off the host. Events are never deleted from the log.
    Export(LogExportArgs),
    /// Take patient data that got into the log back out: the text of one field of one
    /// event is replaced by "[borttaget: personuppgift, händelse #N]" and gone from the
    /// database file and its WAL; the redaction is itself an event (who, when, why) and the
    /// chain still verifies. Admin role; the physician for incidents, runs and the review.
    /// Backups taken before still hold the text: replace them.
    Redact(RedactArgs),
    /// Create the log the configuration names (its schema, no events), or bring an existing
    /// one's schema up to date. contrib/install.sh runs it once; any writing command would
    /// create the log too.
    Init,
    /// The configuration in force at a time, from the log alone (its `config.applied`
    /// events): who had which role, the teams. With -o DIR its files are written there, so
    /// that `beredskap --config DIR/beredskap.toml oncall --at TIME` says who was on call.
    Config(LogConfigArgs),
    /// Copy this host's log into the log of record in PostgreSQL that `[storage] engine =
    /// "postgres"` names, every event with its id and hash, and verify both sides. Run once
    /// when a region moves to two sites; run again, it copies only what is missing and
    /// refuses a log of record on another chain (docs/operations.md, "Two sites").
    Migrate(MigrateArgs),
    /// Copy the log of record (PostgreSQL) into a new SQLite file: every event with its id
    /// and hash, each checked, the copy verified — portable evidence to hand over, readable
    /// with `--db FILE` and no database server. Never replaces a file.
    Copy(CopyArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// What to copy into: a new SQLite file.
    #[arg(long, value_enum)]
    pub to: CopyTarget,
    /// The new file (refused if it exists).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
}

/// The engines a log can be copied into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CopyTarget {
    Sqlite,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Where to: the log of record in PostgreSQL.
    #[arg(long, value_enum)]
    pub to: MigrateTarget,
    /// Create the log's schema first (connect as the database's owner for this).
    #[arg(long)]
    pub install: bool,
    /// With --install: the role beredskap runs as, granted reading and appending only.
    #[arg(long, value_name = "ROLE", requires = "install")]
    pub app_role: Option<String>,
}

/// The engines a log can be moved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MigrateTarget {
    Postgres,
}

#[derive(Debug, Args)]
pub struct LogConfigArgs {
    /// The time ("03:12", "2026-11-23 03:12", "-2h"); default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Write the configuration's files into this directory (created if needed).
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
    /// Print it as JSON (the `config.applied` payload, with the event's id and time).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The event's id (as `log show` prints it, with or without #).
    #[arg(value_name = "EVENT")]
    pub event: String,
    /// The field to take out, as a JSON path: `message`, `text`, `steps.3`.
    #[arg(long, value_name = "PATH")]
    pub field: String,
    /// Why (recorded with the redaction).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head hash recorded earlier: verify fails if it is no longer in the log.
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
    /// Check the log against published checkpoints: a file of lines holding
    /// `beredskap-checkpoint v1 event=N hash=H at=T` (a syslog extract will do; other lines
    /// are skipped). Fails when an event is missing or has another hash.
    #[arg(long, value_name = "FILE")]
    pub checkpoints: Option<std::path::PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Only events that happened at or after this time (e.g. 2026-11-23T03:00:00Z,
    /// "2026-11-23 03:00" local, 03:00 today, 2h for two hours ago).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events that happened before this time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only this kind (repeatable); `diary.*` matches a prefix.
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Only this subject (e.g. system:pas); `system:*` matches a prefix.
    #[arg(long, value_name = "SUBJECT")]
    pub subject: Option<String>,
    /// Only the newest N events.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// One JSON object per line (JSON Lines), with hashes.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The text. Patient identity numbers are refused.
    #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
    pub text: Option<String>,
    /// When it happened, if not now (e.g. 03:10, "2026-11-23 03:10", 15m).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The system the note concerns.
    #[arg(long, value_name = "SYSTEM")]
    pub system: Option<String>,
    /// Read notes from standard input, one per line; print each event id as it is
    /// committed.
    #[arg(long)]
    pub stdin: bool,
}
