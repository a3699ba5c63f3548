//! Arguments of the commands that keep beredskap running: backup, restore, archive export,
//! shell completions and the man page.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["output", "verify"])))]
pub struct BackupArgs {
    /// Write a consistent copy of the log to FILE while others go on writing (SQLite's
    /// online backup API). The copy is one self-contained file, checked before this returns.
    /// A directory (ending in `/` or existing) gets `beredskap-YYYYMMDDTHHMMSSZ.db` in it.
    #[arg(short, long, value_name = "FILE|DIR/")]
    pub output: Option<PathBuf>,
    /// With a directory: afterwards keep only the newest N `beredskap-*.db` backups in it
    /// (only once the new copy is checked intact).
    #[arg(long, value_name = "N", requires = "output", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
    /// Check an existing backup instead: SQLite's integrity check, the schema version and
    /// the whole hash chain. Exit 1 when the chain is broken.
    #[arg(long, value_name = "FILE")]
    pub verify: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Publish the copy's head as a signed checkpoint (syslog and standard error). Always
    /// done in secure mode (the deployed backup service); a person's test log does not.
    #[arg(long)]
    pub checkpoint: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (made by `beredskap backup -o`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Restore even when the current log has events the backup lacks, or cannot be read.
    /// The current file is kept beside it as `….before-restore-TIME` either way.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct LogExportArgs {
    /// From the first event *recorded* at or after this time (e.g. 2026-01-01, "2026-11-23
    /// 03:00", 30d for thirty days ago). By recording time, so that a period is one unbroken
    /// run of the chain and consecutive archives link up.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// To the last event recorded before this time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// The JSON Lines file to write (replaced only once complete).
    #[arg(short, long, value_name = "FILE.jsonl")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write beredskap.1 and one page per command (beredskap-log.1 …) into DIR instead of
    /// printing beredskap.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
