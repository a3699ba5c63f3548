//! The command line, as clap derives it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Where things are found:
  configuration  --config PATH, else $BEREDSKAP_CONFIG, else ./beredskap.toml,
                 else ~/.config/beredskap/beredskap.toml
  database       --db PATH, else $BEREDSKAP_DB, else [storage] database in the
                 configuration, else ~/.local/share/beredskap/beredskap.db

Who you are: the operating-system account running beredskap. Accounts listed
under [[people]] in the configuration may write according to their roles;
other accounts may only read.

Exit codes:
  0  done
  1  `log verify` found the log broken
  2  bad input: configuration, arguments, missing rights, patient data in text
  3  the database or the file system failed

Try it on the demo region:
  beredskap --config fixtures/region-demo/beredskap.toml config check";

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

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with the region's configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The append-only, tamper-evident operations log.
    #[command(subcommand)]
    Log(LogCommand),
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
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head hash recorded earlier: verify fails if it is no longer in the log.
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
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
