//! `beredskap review …`, `export …`, `report …`: the command-line definition.

use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Record (or revise) the assessment from a TOML file: harm, serious_risk, reasoning,
    /// care_units, patients ("risk_only" or a count), informed, informed_how, earlier,
    /// causes, risk_assessment, actions. See docs/lex-maria.md.
    Assess {
        /// The incident's id (INC-2026-0007).
        incident: String,
        /// The assessment (TOML).
        file: PathBuf,
    },
    /// Record the decision: report to IVO under Lex Maria or not, and why.
    Decide {
        /// The incident's id (INC-2026-0007).
        incident: String,
        /// yes or no.
        #[arg(long, value_parser = ["yes", "no", "ja", "nej"])]
        report: String,
        /// Why: recorded with the decision and printed in the record.
        #[arg(long)]
        motivation: String,
        /// Not reporting although the assessment found a risk of serious harm: record it as
        /// a deliberate choice (refused without this flag).
        #[arg(long)]
        against_assessment: bool,
    },
    /// Record another reporting clock: nis2, gdpr or mdr (medical device).
    Clock {
        /// The incident's id (INC-2026-0007).
        incident: String,
        /// nis2, gdpr or mdr.
        clock: String,
        /// Whether the duty applies to this incident: yes or no.
        #[arg(long, value_parser = ["yes", "no", "ja", "nej"])]
        applies: String,
        /// When the region became aware.
        #[arg(long, value_name = "TIME")]
        aware: String,
        /// When it was reported, if it has been.
        #[arg(long, value_name = "TIME")]
        reported: Option<String>,
        /// The authority's reference for the report (a case number).
        #[arg(long, default_value = "")]
        reference: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The numbers an annual patient-safety report needs: major incidents per month and
    /// system, patient-safety flags and Lex Maria decisions, downtime hours, time to
    /// acknowledge and resolve (median, p90), runbook activations, coverage gaps.
    Year {
        /// The year (2026).
        year: i32,
        /// md or json.
        #[arg(long, default_value = "md", value_parser = ["md", "json"])]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The evidence for a Lex Maria assessment: everything about the incident, the
    /// assessment and decision, and an integrity section. Exporting is itself an event.
    LexMaria {
        /// The incident's id (INC-2026-0007).
        incident: String,
        /// md (to read and sign), json (docs/export-schema.json) or pdf (A4, needs -o).
        #[arg(long, default_value = "md", value_parser = ["md", "json", "pdf"])]
        format: String,
        /// Write to FILE (created new: an existing file is refused unless --force; a
        /// symbolic link at FILE is always refused).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
}
