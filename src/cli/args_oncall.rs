//! `beredskap oncall …`: the command-line definition.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct OncallArgs {
    /// Only this team.
    #[arg(long)]
    pub team: Option<String>,
    /// Who is on call at this time instead of now ("03:10", "2026-12-24 18:00", "-2h").
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Print it as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<OncallCommand>,
}

#[derive(Debug, Subcommand)]
pub enum OncallCommand {
    /// When nobody covers a business-critical system (no internal on-call, no supplier
    /// on-call) in the next days.
    Gaps {
        /// How many days ahead to look.
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// Every system, not only the business-critical ones.
        #[arg(long)]
        all: bool,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Who to call for a system now: its team's on-call layers and its supplier.
    Who {
        /// The system's id.
        system: String,
        /// At this time instead of now ("03:10", "2026-12-24 18:00", "-2h").
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put someone on call for a team's layer for a while (an event with your name).
    Override {
        /// The team's id.
        team: String,
        /// The person taking the shifts.
        #[arg(long)]
        person: String,
        /// From ("2026-12-24 18:00", "18:00" today).
        #[arg(long, value_name = "TIME")]
        from: String,
        /// To ("2026-12-25 08:00").
        #[arg(long, value_name = "TIME")]
        to: String,
        /// Default: the team's first layer.
        #[arg(long)]
        layer: Option<String>,
        /// Why (recorded with the override).
        #[arg(long)]
        reason: String,
    },
    /// Take the current shift of a team's layer now, to its end.
    Take {
        /// The team's id.
        team: String,
        /// Default: the team's first layer.
        #[arg(long)]
        layer: Option<String>,
        /// Why (recorded with it).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Leave a handoff note for whoever takes the layer's next shift (shown to them when
    /// they go on call).
    Note {
        /// The team's id.
        team: String,
        /// The note (no identity numbers: they are refused).
        text: String,
        /// Default: the team's first layer.
        #[arg(long)]
        layer: Option<String>,
    },
    /// The overrides in force, and the shifts of imported calendars, that begin within the
    /// days asked (or have begun and not ended).
    Overrides {
        /// How many days ahead.
        #[arg(long, default_value_t = 100)]
        days: u32,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cancel an override by its number (see `oncall overrides`).
    Cancel {
        /// The override's number.
        id: i64,
        /// Why (recorded with the cancellation).
        #[arg(long)]
        reason: String,
    },
    /// Import an .ics calendar (Outlook, Google Calendar) for a team's layer, or as a new
    /// layer. Its recurrence (RRULE, RDATE, EXDATE, moved occurrences) is kept and worked
    /// out for any time asked, past or future. Each event must name exactly one person of
    /// the region: an attendee's e-mail, their account, or their full name as written in
    /// [[people]] (never part of a longer name). Importing the same calendar again (same
    /// UIDs) replaces the earlier import. Prints what changes; all or nothing.
    ImportIcs {
        /// The calendar file (.ics, UTF-8).
        #[arg(value_name = "FILE.ics")]
        file: std::path::PathBuf,
        /// The team whose on-call the calendar holds.
        #[arg(long)]
        team: String,
        /// The layer the calendar overrides (default: the team's first).
        #[arg(long, conflicts_with = "new_layer")]
        layer: Option<String>,
        /// Import as a layer of its own with this name.
        #[arg(long, value_name = "NAME")]
        new_layer: Option<String>,
        /// How many days ahead the printed changes cover (the calendar itself has no end).
        #[arg(long, default_value_t = 28)]
        days: u32,
        /// Print what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The final schedule (rota with overrides) as .ics, for a team or a person.
    ExportIcs {
        /// The team's id.
        #[arg(long, required_unless_present = "person")]
        team: Option<String>,
        /// A person's account: their shifts in every team.
        #[arg(long)]
        person: Option<String>,
        /// How many days ahead.
        #[arg(long, default_value_t = 28)]
        days: u32,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
}
