//! `beredskap review assess|decide|clock`, `beredskap export lex-maria`.

use super::args::{ExportCommand, ReviewCommand};
use super::{Cli, Failure, code, context};
use crate::export::lex_maria;
use crate::model::assessment::{Assessment, Clock, ClockKind, Decision};
use crate::model::timespec::{parse_time, to_storage};
use crate::ops::review as ops;
use chrono::Utc;

fn yes(s: &str) -> bool {
    matches!(s, "yes" | "ja")
}

pub fn review(cli: &Cli, cmd: &ReviewCommand) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let now = Utc::now();
    let actor = context::actor(cli, &loaded)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    match cmd {
        ReviewCommand::Assess { incident, file } => {
            let text = crate::host::bounded::read_text(file, crate::host::bounded::limit::TEXT)
                .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", file.display())))?;
            let a: Assessment = toml::from_str(&text).map_err(|e| {
                let at = e
                    .span()
                    .map(|s| {
                        let line = text[..s.start].matches('\n').count() + 1;
                        let col = s.start - text[..s.start].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
                        format!(":{line}:{col}")
                    })
                    .unwrap_or_default();
                Failure::bad_input(format!(
                    "{}{at}: {}\n  = hint: see docs/lex-maria.md for the fields (harm = \"yes\"|\"no\"|\"unknown\", serious_risk = true|false, patients = \"risk_only\" or {{ count = N }} …)",
                    file.display(),
                    e.message()
                ))
            })?;
            let e = ops::assess(&mut store, &actor, incident, &a, now)?;
            println!("{incident}: assessment recorded (event #{})", e.id);
        }
        ReviewCommand::Decide {
            incident,
            report,
            motivation,
            against_assessment,
        } => {
            let d = Decision {
                report: yes(report),
                motivation: motivation.clone(),
                against_assessment: *against_assessment,
            };
            let e = ops::decide(&mut store, &actor, incident, &d, now)?;
            println!(
                "{incident}: decision recorded — {} (event #{})",
                if d.report {
                    "report to IVO under Lex Maria"
                } else {
                    "no Lex Maria report"
                },
                e.id
            );
        }
        ReviewCommand::Clock {
            incident,
            clock,
            applies,
            aware,
            reported,
            reference,
        } => {
            let tz = region.site.time_zone;
            let which = ClockKind::parse(clock)
                .ok_or_else(|| Failure::bad_input(format!("`{clock}`: nis2, gdpr or mdr")))?;
            let aware = parse_time(aware, tz, now)
                .map_err(|e| Failure::bad_input(format!("--aware: {e}")))?;
            let reported = reported
                .as_deref()
                .map(|r| {
                    parse_time(r, tz, now)
                        .map_err(|e| Failure::bad_input(format!("--reported: {e}")))
                })
                .transpose()?;
            let c = Clock {
                clock: which,
                applies: yes(applies),
                aware_at: to_storage(aware),
                reported_at: reported.map(to_storage),
                reference: reference.clone(),
            };
            ops::set_clock(&mut store, &actor, incident, &c, now)?;
            println!("{incident}: {} recorded", which.name());
        }
    }
    Ok(code::OK)
}

pub fn export(cli: &Cli, cmd: &ExportCommand) -> Result<u8, Failure> {
    let ExportCommand::LexMaria {
        incident,
        format,
        output,
        force,
    } = cmd;
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let actor = context::actor(cli, &loaded)?;
    // Only someone who may write can export: the export is always recorded.
    actor
        .require(crate::model::role::Permission::ExportLexMaria)
        .map_err(Failure::from)?;
    let now = Utc::now();
    let mut store = context::open_for_writing(cli, &loaded)?;
    if format == "pdf" && output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Failure::bad_input(
            "a PDF does not belong on a terminal: give -o FILE.pdf",
        ));
    }
    // The record in the region's language unless `--lang` asks for another.
    let lang = super::context::lang(cli, Some(region));
    let r = lex_maria::render(&store, region, incident, format, lang, &actor.account, now)
        .map_err(|e| match e {
            lex_maria::ExportError::Store(s) => Failure::from(s),
            lex_maria::ExportError::Pdf(p) => Failure::system(p),
            other => Failure::bad_input(other.to_string()),
        })?;
    match output {
        Some(path) => {
            let written = if *force {
                crate::host::write_atomically(path, &r.bytes)
            } else {
                crate::host::atomic::write_new(path, &r.bytes)
            };
            written.map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Failure::bad_input(format!(
                    "{} exists: nothing was written (choose a new name, or --force to replace \
                     it)",
                    path.display()
                )),
                _ => Failure::system(format!("cannot write {}: {e}", path.display())),
            })?;
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&r.bytes)
                .and_then(|_| out.flush())
                .map_err(|e| Failure::system(format!("cannot write: {e}")))?;
        }
    }
    lex_maria::record(&mut store, &actor, incident, format, &r, now)?;
    if let Some(path) = output {
        eprintln!(
            "{} ({} events, digest {})",
            path.display(),
            r.events,
            r.digest
        );
    }
    if !r.chain_intact {
        eprintln!(
            "warning: the log's chain is BROKEN; the export says so in its integrity section"
        );
    }
    Ok(code::OK)
}

/// `beredskap report year YEAR [--format md|json]`.
pub fn year(cli: &Cli, year: i32, format: &str) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let store = context::open_for_reading(cli, Some(&loaded))?;
    let report = crate::export::year::build(&store, &loaded.region, year)?.ok_or_else(|| {
        Failure::bad_input(format!("{year} is not a year beredskap can report on"))
    })?;
    if format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!(
            "{}",
            crate::export::year::to_markdown(
                super::context::lang(cli, Some(&loaded.region)),
                &loaded.region,
                &report
            )
        );
    }
    Ok(code::OK)
}
