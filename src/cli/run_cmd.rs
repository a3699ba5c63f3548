//! `beredskap runbook start | runs | run | step | complete | abort`.

use super::args::RunbookCommand;
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::config::runbooks::{LintProblem, LoadedRunbook, load_all};
use crate::model::region::Region;
use crate::model::run::StepState;
use crate::ops::run::{self as ops, StepAction};
use chrono::Utc;

pub fn run(cli: &Cli, cmd: &RunbookCommand) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let tz = region.site.time_zone;
    let now = Utc::now();
    let local =
        |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    match cmd {
        RunbookCommand::Runs { json } => {
            let store = context::open_for_reading(cli, Some(&loaded))?;
            let rows = store.run_rows()?;
            if *json {
                super::print_json(&rows)?;
            } else if rows.is_empty() {
                println!("no runs");
            } else {
                for r in rows {
                    println!(
                        "{}  {:<9} {:>2}/{:<2} {}  {}",
                        r.id,
                        r.status,
                        r.finished,
                        r.total,
                        r.runbook_id,
                        r.incident.unwrap_or_default()
                    );
                }
            }
            return Ok(code::OK);
        }
        RunbookCommand::Run { id, json } => {
            let store = context::open_for_reading(cli, Some(&loaded))?;
            let run = store
                .run(id)?
                .ok_or_else(|| Failure::bad_input(format!("there is no run {id}")))?;
            if *json {
                super::print_json(&run)?;
            } else {
                let (done, total) = run.progress();
                println!(
                    "{}  {}  ({done}/{total}, {:?})",
                    run.id, run.title, run.status
                );
                for s in &run.steps {
                    let state = match &s.state {
                        StepState::Pending => "[ ]".to_string(),
                        StepState::Done { by, at, value, .. } => format!(
                            "[x] {by} {}{}",
                            local(*at),
                            value
                                .as_ref()
                                .map(|v| format!(" = {v}"))
                                .unwrap_or_default()
                        ),
                        StepState::Skipped { by, at, reason, .. } => {
                            format!("[-] {by} {} skipped: {reason}", local(*at))
                        }
                    };
                    println!("{:>3}. {}  {state}", s.number, s.text);
                }
            }
            return Ok(code::OK);
        }
        _ => {}
    }
    let actor = context::actor(cli, &loaded)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    match cmd {
        RunbookCommand::Start {
            runbook,
            incident,
            json,
        } => {
            let rb = find_runbook(region, runbook)?;
            let id = ops::start(
                &mut store,
                region,
                &actor,
                &rb.runbook,
                &rb.text,
                incident.as_deref(),
                now,
            )?;
            if *json {
                super::print_json(&super::json_out::Created {
                    id: &id,
                    steps: Some(rb.runbook.step_count()),
                })?;
            } else {
                println!("{id}");
            }
        }
        RunbookCommand::Step {
            id,
            step,
            action,
            value,
            reason,
            text,
        } => {
            let action = match action.as_str() {
                "done" => StepAction::Done {
                    value: value.clone(),
                },
                "skip" => StepAction::Skip {
                    reason: reason.clone(),
                },
                "note" => StepAction::Note { text: text.clone() },
                "undo" => StepAction::Undo {
                    reason: reason.clone(),
                },
                other => {
                    return Err(Failure::bad_input(format!(
                        "`{other}`: done, skip, note or undo"
                    )));
                }
            };
            let e = ops::step(&mut store, region, &actor, id, *step, &action, now)?;
            println!("{id} step {step}: event #{}", e.id);
        }
        RunbookCommand::Complete { id } => {
            ops::complete(&mut store, &actor, id, now)?;
            println!("{id} completed");
        }
        RunbookCommand::Abort { id, reason } => {
            ops::abort(&mut store, &actor, id, reason, now)?;
            println!("{id} aborted");
        }
        _ => {}
    }
    Ok(code::OK)
}

/// The region's valid runbooks and the problems of the others.
pub fn load_runbooks(region: &Region) -> Result<(Vec<LoadedRunbook>, Vec<LintProblem>), Failure> {
    load_all(region).map_err(|e| {
        Failure::bad_input(format!(
            "cannot read {}: {e}",
            region.site.runbooks_dir.display()
        ))
    })
}

/// One valid runbook by id.
pub fn find_runbook(region: &Region, id: &str) -> Result<LoadedRunbook, Failure> {
    let (ok, _) = load_runbooks(region)?;
    ok.into_iter()
        .find(|l| l.runbook.meta.id == id)
        .ok_or_else(|| {
            Failure::bad_input(format!(
                "no valid runbook `{id}` (see `beredskap runbook list` and `runbook lint`)"
            ))
        })
}
