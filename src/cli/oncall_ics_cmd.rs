//! `oncall import-ics` and `oncall export-ics`: calendars in (parsed, every problem said,
//! what changes shown first) and the final schedule out. The rest of `oncall` is in
//! oncall_cmd.rs.

use super::oncall_ctx::{Ctx, local, overrides_over, refused};
use super::shown_println as println;
use super::{Failure, code, context};
use crate::i18n::Lang;
use crate::i18n::cli::{Said, say};
use crate::model::region::Region;
use crate::ops::Refusal;
use crate::ops::oncall as ops;
use chrono::{DateTime, Utc};

pub(super) fn import_ics(
    c: &Ctx<'_>,
    file: &std::path::Path,
    team: &str,
    layer: &Option<String>,
    new_layer: &Option<String>,
    days: &u32,
    dry_run: &bool,
) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let bytes = crate::host::bounded::read_file(file, crate::host::bounded::limit::CALENDAR)
        .map_err(|e| {
            Failure::bad_input(say(
                lang,
                &Said::CannotRead {
                    file: &file.display().to_string(),
                    why: &e.to_string(),
                },
            ))
        })?;
    let text = String::from_utf8(bytes.clone()).map_err(|e| {
        Failure::bad_input(say(
            lang,
            &Said::NotUtf8 {
                file: &file.display().to_string(),
                byte: e.utf8_error().valid_up_to(),
            },
        ))
    })?;
    let series = crate::model::calendar::parse(&text, region).map_err(|problems| {
        let list: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    file.display(),
                    crate::i18n::calendar::say(lang, p)
                )
            })
            .collect();
        Failure::bad_input(format!(
            "{}\n{}",
            list.join("\n"),
            say(lang, &Said::CalendarProblems(problems.len()))
        ))
    })?;
    let actor = context::actor(cli, loaded)?;
    let mut store = context::open_for_writing(cli, loaded)?;
    let source = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sha256 = crate::store::chain::sha256_hex(&bytes);
    let until = now + chrono::Duration::days(i64::from(*days));
    let plan = ops::import_calendar(
        &mut store,
        region,
        &actor,
        &ops::Import {
            team,
            layer: layer.as_deref(),
            new_layer: new_layer.as_deref(),
            source: &source,
            sha256: &sha256,
        },
        series,
        (now, until),
        *dry_run,
    )?;
    print_plan(lang, region, &plan, *days);
    let replaces = plan
        .replaces
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    match plan.written {
        Some(id) => println!(
            "{}",
            say(
                lang,
                &Said::Imported {
                    file: &file.display().to_string(),
                    team,
                    layer: &plan.layer,
                    id,
                    replaces: &replaces,
                }
            )
        ),
        None => println!("{}", say(lang, &Said::DryRun)),
    }
    Ok(code::OK)
}

pub(super) fn export_ics(
    c: &Ctx<'_>,
    team: &Option<String>,
    person: &Option<String>,
    days: &u32,
    output: &Option<std::path::PathBuf>,
) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    if let Some(t) = team
        && region.team(t).is_none()
    {
        return Err(refused(Refusal::UnknownTeam(t.clone())));
    }
    if let Some(p) = person
        && region.person(p).is_none()
    {
        return Err(refused(Refusal::UnknownPerson(p.clone())));
    }
    let to = now + chrono::Duration::days(i64::from(*days));
    let rota = region.rota(overrides_over(cli, loaded, now, to)?);
    let text = crate::model::ics::write(
        region,
        &rota,
        team.as_deref(),
        person.as_deref(),
        (now, to),
        now,
        &say(lang, &Said::IcsOnCall),
    );
    match output {
        Some(path) => {
            crate::host::write_atomically(path, text.as_bytes())
                .map_err(|e| Failure::system(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("{}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(code::OK)
}

/// The shifts an import adds and removes in the days shown.
fn print_plan(lang: Lang, region: &Region, plan: &ops::ImportPlan, days: u32) {
    if plan.added.is_empty() && plan.removed.is_empty() {
        println!("{}", say(lang, &Said::NoChange { days }));
        return;
    }
    println!(
        "{}",
        say(
            lang,
            &Said::Changes {
                days,
                layer: &plan.layer
            }
        )
    );
    let mut lines: Vec<(DateTime<Utc>, String)> = Vec::new();
    for (sign, list) in [("-", &plan.removed), ("+", &plan.added)] {
        for o in list {
            lines.push((
                o.from,
                format!(
                    "  {sign} {} – {}  {}",
                    local(lang, region, o.from),
                    local(lang, region, o.to),
                    o.person
                ),
            ));
        }
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, l) in lines {
        println!("{l}");
    }
}
