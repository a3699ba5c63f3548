//! `beredskap incident …`: the command-line definition.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// Answer in JSON (every incident command).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: IncidentCommand,
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Declare an incident (commander or admin). Prints its id.
    Declare(IncidentDeclareArgs),
    /// Open incidents first, then recent ones.
    List {
        /// Include closed and cancelled incidents.
        #[arg(long)]
        all: bool,
    },
    /// The incident: header, roles, milestones, timeline, systems.
    Show {
        /// The incident's id (INC-2026-0007).
        id: String,
    },
    /// Add to the timeline (operators and up). A note by default.
    Note(IncidentNoteArgs),
    /// Change the status: investigating, identified, monitoring, resolved, closed, cancelled.
    Status {
        /// The incident's id (INC-2026-0007).
        id: String,
        /// The new status: investigating, identified, monitoring, resolved, closed or
        /// cancelled.
        status: String,
        /// Why (recorded in the timeline).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Set a milestone: started, detected, acknowledged, declared, mitigated, resolved,
    /// closed. Setting one already set is a correction and needs --reason.
    Milestone {
        /// The incident's id (INC-2026-0007).
        id: String,
        /// The milestone: started, detected, acknowledged, declared, mitigated, resolved
        /// or closed.
        milestone: String,
        /// When (e.g. 03:10, "2026-11-23 03:10", 15m).
        #[arg(long, value_name = "TIME")]
        at: String,
        /// Why: needed when the milestone was set before (a correction).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Give a role to a person; a handover needs --note.
    Role {
        /// The incident's id (INC-2026-0007).
        id: String,
        /// The role's id from the configuration (commander, scribe, communications …).
        role: String,
        /// The person's account.
        account: String,
        /// A handover note for whoever takes the role over (needed for a handover).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Flag risk för vårdskada: the incident goes to the chief physician's review queue.
    Flag {
        /// The incident's id (INC-2026-0007).
        id: String,
        /// What put patients at risk (no identity numbers: they are refused).
        #[arg(long)]
        description: String,
    },
    /// Resolve (status and milestone).
    Resolve {
        /// The incident's id (INC-2026-0007).
        id: String,
        /// What resolved it (recorded in the timeline).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Close a resolved incident.
    Close {
        /// The incident's id (INC-2026-0007).
        id: String,
    },
    /// The post-incident review (after resolution).
    Review(IncidentReviewArgs),
}

#[derive(Debug, Args)]
pub struct IncidentDeclareArgs {
    /// What is wrong, in a line ("Journalsystemet nere på Norra sjukhuset").
    #[arg(long)]
    pub title: String,
    /// A severity id from the configuration (default: the most severe).
    #[arg(long)]
    pub severity: Option<String>,
    /// An affected system (repeatable).
    #[arg(long = "system", value_name = "SYSTEM")]
    pub systems: Vec<String>,
    /// An affected care unit (repeatable).
    #[arg(long = "unit", value_name = "CARE UNIT")]
    pub units: Vec<String>,
    /// More about it: what is known, who is affected.
    #[arg(long, default_value = "")]
    pub description: String,
    /// When it started, if known.
    #[arg(long, value_name = "TIME")]
    pub started: Option<String>,
    /// When it was detected, if known.
    #[arg(long, value_name = "TIME")]
    pub detected: Option<String>,
}

#[derive(Debug, Args)]
pub struct IncidentNoteArgs {
    /// The incident's id (INC-2026-0007).
    pub id: String,
    /// The text (no identity numbers: they are refused).
    pub text: String,
    /// A decision.
    #[arg(long, conflicts_with_all = ["update", "communication"])]
    pub decision: bool,
    /// A status update.
    #[arg(long, conflicts_with = "communication")]
    pub update: bool,
    /// A communication sent to this audience (care units, management, supplier, press …).
    #[arg(long, value_name = "AUDIENCE")]
    pub communication: Option<String>,
    /// When it happened, if not now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct IncidentReviewArgs {
    /// The incident's id (INC-2026-0007).
    pub id: String,
    /// What happened, in short.
    #[arg(long)]
    pub summary: String,
    /// What it meant for care and for the systems.
    #[arg(long, default_value = "")]
    pub impact: String,
    /// What worked well (routines, people, tools).
    #[arg(long, default_value = "")]
    pub worked: String,
    /// What contributed: causes and circumstances.
    #[arg(long, default_value = "")]
    pub factors: String,
    /// A follow-up action: "what|owner|due|verification" (repeatable).
    #[arg(long = "action", value_name = "WHAT|OWNER|DUE|VERIFICATION")]
    pub actions: Vec<String>,
}
