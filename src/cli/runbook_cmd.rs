//! `beredskap runbook lint | list`.

use super::args::RunbookCommand;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::config::runbooks::{lint, runbook_files};

pub fn run(cli: &Cli, cmd: &RunbookCommand) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let region = loaded.as_ref().map(|l| &l.region);
    match cmd {
        RunbookCommand::Lint { paths } => {
            let paths = if paths.is_empty() {
                match region {
                    Some(r) => vec![r.site.runbooks_dir.clone()],
                    None => {
                        return Err(Failure::bad_input(
                            "give runbook files or directories, or a configuration (--config) whose runbooks_dir to check",
                        ));
                    }
                }
            } else {
                paths.clone()
            };
            let files = runbook_files(&paths).map_err(|e| {
                Failure::bad_input(format!(
                    "cannot read {}: {e}",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            if files.is_empty() {
                return Err(Failure::bad_input("no runbook files (*.md) found"));
            }
            let (ok, problems) = lint(&files, region);
            for p in &problems {
                eprintln!("{p}");
            }
            if problems.is_empty() {
                let steps: usize = ok.iter().map(|l| l.runbook.step_count()).sum();
                println!("ok: {} runbooks, {steps} steps", ok.len());
                Ok(code::OK)
            } else {
                Err(Failure::bad_input(format!(
                    "{} problem(s) in the runbooks",
                    problems.len()
                )))
            }
        }
        RunbookCommand::List { json } => {
            let region =
                region.ok_or_else(|| Failure::bad_input("no configuration found (--config)"))?;
            let (ok, problems) = super::run_cmd::load_runbooks(region)?;
            if *json {
                let list: Vec<_> = ok
                    .iter()
                    .map(|l| super::json_out::RunbookListed {
                        id: &l.runbook.meta.id,
                        title: &l.runbook.meta.title,
                        steps: l.runbook.step_count(),
                        systems: &l.runbook.meta.systems,
                        file: l.file.display().to_string(),
                        sha256: &l.runbook.sha256,
                    })
                    .collect();
                super::print_json(&list)?;
            } else {
                for r in ok.iter().map(|l| &l.runbook) {
                    println!(
                        "{:<20} {:>3} steg  {}  [{}]",
                        r.meta.id,
                        r.step_count(),
                        r.meta.title,
                        r.meta.systems.join(", ")
                    );
                }
            }
            if !problems.is_empty() {
                eprintln!(
                    "{} runbook file(s) have problems: run `beredskap runbook lint`",
                    problems.len()
                );
            }
            Ok(code::OK)
        }
        RunbookCommand::Print {
            id,
            all,
            format,
            output,
        } => super::print_cmd::run(
            cli,
            id.as_deref(),
            *all,
            format.as_deref(),
            output.as_deref(),
        ),
        other => super::run_cmd::run(cli, other),
    }
}
