//! `beredskap oncall [--team T] [--at TIME] [--json]`, `oncall gaps | who | override | take
//! | overrides | cancel`.

use super::args::{OncallArgs, OncallCommand};
use super::oncall_ctx::{Ctx, local, overrides_over, refused};
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::i18n::Lang;
use crate::i18n::cli::{Said, say};
use crate::model::oncall::{Hours, Rota};
use crate::model::region::{Criticality, Region, TeamKind};
use crate::model::timespec::parse_time;
use crate::ops::Refusal;
use crate::ops::oncall::{self as ops, NewOverride};
use chrono::{DateTime, Utc};

/// The overrides in force and imported calendars' shifts around `at` (past or future);
/// none when nothing has been written yet.
fn overrides(
    cli: &Cli,
    loaded: &crate::config::Loaded,
    at: DateTime<Utc>,
) -> Result<Vec<crate::model::oncall::Override>, Failure> {
    overrides_over(cli, loaded, at, at)
}

/// A time given with `flag` (`--at`, `--from`, `--to`), read in the site's zone.
fn time(
    lang: Lang,
    region: &Region,
    flag: &str,
    spec: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Failure> {
    parse_time(spec, region.site.time_zone, now).map_err(|e| {
        Failure::bad_input(say(
            lang,
            &Said::TimeFlag {
                flag,
                input: &e.input,
            },
        ))
    })
}

fn at(
    lang: Lang,
    region: &Region,
    spec: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Failure> {
    match spec {
        None => Ok(now),
        Some(s) => time(lang, region, "--at", s, now),
    }
}

fn print_layer(
    lang: Lang,
    region: &Region,
    rota: &Rota,
    team: &str,
    layer: &str,
    t: DateTime<Utc>,
) {
    let name = |a: &str| {
        region
            .person(a)
            .map(|p| format!("{} ({}, {})", p.name, p.account, p.phone))
            .unwrap_or_else(|| a.to_string())
    };
    let (_, until) = rota.span(team, layer, t);
    match rota.on_call(team, layer, t) {
        Some(o) => println!(
            "  {layer:<10} {}{}  {}",
            name(&o.person),
            o.via_override
                .map(|id| say(lang, &Said::OverrideMark(id)))
                .unwrap_or_default(),
            say(lang, &Said::Until(&local(lang, region, until)))
        ),
        None => println!(
            "  {layer:<10} {}",
            say(
                lang,
                &Said::Nobody {
                    until: &local(lang, region, until)
                }
            )
        ),
    }
    if let Some((o, from)) = rota.next(team, layer, t) {
        println!(
            "  {:<10} {}",
            "",
            say(
                lang,
                &Said::Next {
                    who: &name(&o.person),
                    from: &local(lang, region, from)
                }
            )
        );
    }
}

pub fn run(cli: &Cli, args: &OncallArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let c = Ctx {
        cli,
        loaded: &loaded,
        lang: context::lang(cli, Some(region)),
        now: Utc::now(),
    };
    match &args.command {
        None => current(&c, args),
        Some(OncallCommand::Gaps { days, all, json }) => gaps(&c, days, all, json),
        Some(OncallCommand::Who {
            system,
            at: when,
            json,
        }) => who(&c, system, when, json),
        Some(OncallCommand::Override {
            team,
            person,
            from,
            to,
            layer,
            reason,
        }) => add_override(&c, team, person, from, to, layer, reason),
        Some(OncallCommand::Take {
            team,
            layer,
            reason,
        }) => take(&c, team, layer, reason),
        Some(OncallCommand::Overrides { days, json }) => list_overrides(&c, days, json),
        Some(OncallCommand::ImportIcs {
            file,
            team,
            layer,
            new_layer,
            days,
            dry_run,
        }) => super::oncall_ics_cmd::import_ics(&c, file, team, layer, new_layer, days, dry_run),
        Some(OncallCommand::ExportIcs {
            team,
            person,
            days,
            output,
        }) => super::oncall_ics_cmd::export_ics(&c, team, person, days, output),
        Some(OncallCommand::Note { team, text, layer }) => note(&c, team, text, layer),
        Some(OncallCommand::Cancel { id, reason }) => cancel(&c, id, reason),
    }
}

fn current(c: &Ctx<'_>, args: &OncallArgs) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let t = at(lang, region, args.at.as_deref(), now)?;
    let rota = region.rota(overrides(cli, loaded, t)?);
    if let Some(team) = &args.team
        && region.team(team).is_none()
    {
        return Err(refused(Refusal::UnknownTeam(team.clone())));
    }
    let teams: Vec<_> = region
        .teams
        .iter()
        .filter(|tm| args.team.as_ref().is_none_or(|x| x == &tm.id))
        .collect();
    if args.json {
        super::print_json(&super::oncall_json::teams(region, &rota, &teams, t))?;
        return Ok(code::OK);
    }
    println!("{}", say(lang, &Said::OnCallAt(&local(lang, region, t))));
    for tm in teams {
        let phone = tm.phone.clone().unwrap_or_default();
        println!();
        println!("{} — {} {phone}", tm.id, tm.name);
        match tm.kind {
            TeamKind::Supplier => {
                let hours = tm.coverage.unwrap_or(Hours::Always);
                let answers = rota.supplier_covers(&tm.id, t);
                println!("{}", say(lang, &Said::SupplierOnCall { hours, answers }));
            }
            TeamKind::Internal => {
                let layers = rota.layers(&tm.id);
                if layers.is_empty() {
                    println!("{}", say(lang, &Said::NoRota));
                }
                for l in layers {
                    print_layer(lang, region, &rota, &tm.id, l, t);
                }
            }
        }
    }
    Ok(code::OK)
}

fn gaps(c: &Ctx<'_>, days: &u32, all: &bool, json: &bool) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let to = now + chrono::Duration::days(i64::from(*days));
    let rota = region.rota(overrides_over(cli, loaded, now, to)?);
    let mut gaps = Vec::new();
    for s in region
        .systems
        .iter()
        .filter(|s| *all || s.criticality == Criticality::BusinessCritical)
    {
        gaps.extend(rota.gaps(&s.id, &s.owner_team, s.supplier_team.as_deref(), now, to));
    }
    if *json {
        let out = super::json_of(&super::oncall_json::gaps(&gaps, now, to))?;
        println!("{out}");
        return Ok(code::OK);
    }
    if gaps.is_empty() {
        println!("{}", say(lang, &Said::NoGaps { days: *days }));
        return Ok(code::OK);
    }
    let mut systems: Vec<&str> = gaps.iter().map(|g| g.system.as_str()).collect();
    systems.dedup();
    println!(
        "{}",
        say(
            lang,
            &Said::Gaps {
                systems: systems.len(),
                days: *days
            }
        )
    );
    for id in systems {
        let s = region.system(id);
        let mine: Vec<_> = gaps.iter().filter(|g| g.system == id).collect();
        let total: i64 = mine.iter().map(|g| (g.to - g.from).num_minutes()).sum();
        println!();
        let team_name = |t: &str| region.team(t).map_or(t.to_string(), |x| x.name.clone());
        println!(
            "{}",
            say(
                lang,
                &Said::GapSystem {
                    id,
                    name: s.map(|s| s.name.as_str()).unwrap_or(id),
                    owner: &s.map(|s| team_name(&s.owner_team)).unwrap_or_default(),
                    supplier: s
                        .and_then(|s| s.supplier_team.as_deref())
                        .map(team_name)
                        .as_deref(),
                    hours: total / 60,
                }
            )
        );
        for g in mine.iter().take(6) {
            println!(
                "  {} → {}",
                local(lang, region, g.from),
                local(lang, region, g.to)
            );
        }
        if mine.len() > 6 {
            println!("{}", say(lang, &Said::AndMore(mine.len() - 6)));
        }
    }
    Ok(code::OK)
}

fn who(c: &Ctx<'_>, system: &str, when: &Option<String>, json: &bool) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let t = at(lang, region, when.as_deref(), now)?;
    let rota = region.rota(overrides(cli, loaded, t)?);
    let s = region
        .system(system)
        .ok_or_else(|| refused(Refusal::UnknownSystem(system.to_string())))?;
    let owner = region.team(&s.owner_team);
    let supplier = s.supplier_team.as_deref().and_then(|x| region.team(x));
    if *json {
        let out = super::json_of(&super::oncall_json::who(region, &rota, s, t))?;
        println!("{out}");
        return Ok(code::OK);
    }
    println!(
        "{}",
        say(
            lang,
            &Said::WhoAt {
                id: &s.id,
                name: &s.name,
                at: &local(lang, region, t)
            }
        )
    );
    println!(
        "{}",
        say(
            lang,
            &Said::Team {
                id: &owner.map_or(s.owner_team.clone(), |o| o.name.clone()),
                phone: &owner.and_then(|o| o.phone.clone()).unwrap_or_default()
            }
        )
    );
    let layers = rota.layers(&s.owner_team);
    if layers.is_empty() {
        println!("{}", say(lang, &Said::NoRota));
    }
    for l in layers {
        print_layer(lang, region, &rota, &s.owner_team, l, t);
    }
    if let Some(x) = supplier {
        println!(
            "{}",
            say(
                lang,
                &Said::Supplier {
                    name: &x.name,
                    phone: &x.phone.clone().unwrap_or_default(),
                    answers: rota.supplier_covers(&x.id, t),
                }
            )
        );
    }
    if !rota.covered(&s.owner_team, s.supplier_team.as_deref(), t) {
        println!("{}", say(lang, &Said::NobodyFor(&s.id)));
    }
    Ok(code::OK)
}

fn add_override(
    c: &Ctx<'_>,
    team: &str,
    person: &str,
    from: &str,
    to: &str,
    layer: &Option<String>,
    reason: &str,
) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let actor = context::actor(cli, loaded)?;
    let mut store = context::open_for_writing(cli, loaded)?;
    let from = time(lang, region, "--from", from, now)?;
    let to = time(lang, region, "--to", to, now)?;
    let e = ops::add_override(
        &mut store,
        region,
        &actor,
        &NewOverride {
            team: team.to_string(),
            layer: layer.clone(),
            person: person.to_string(),
            from,
            to,
            reason: reason.to_string(),
        },
        now,
    )?;
    println!(
        "{}",
        say(
            lang,
            &Said::OverrideAdded {
                id: e.id,
                person,
                team,
                from: &local(lang, region, from),
                to: &local(lang, region, to),
            }
        )
    );
    Ok(code::OK)
}

fn take(c: &Ctx<'_>, team: &str, layer: &Option<String>, reason: &str) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let actor = context::actor(cli, loaded)?;
    let mut store = context::open_for_writing(cli, loaded)?;
    let e = ops::take_shift(
        &mut store,
        region,
        &actor,
        team,
        layer.as_deref(),
        reason,
        now,
    )?;
    let to = e
        .payload
        .get("to")
        .and_then(|v| v.as_str())
        .and_then(crate::model::timespec::from_storage)
        .map(|t| local(lang, region, t))
        .unwrap_or_default();
    println!(
        "{}",
        say(
            lang,
            &Said::TookShift {
                id: e.id,
                person: &actor.account,
                team,
                until: &to,
            }
        )
    );
    Ok(code::OK)
}

fn list_overrides(c: &Ctx<'_>, days: &u32, json: &bool) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let store = context::open_for_reading(cli, Some(loaded))?;
    let to = now + chrono::Duration::days(i64::from(*days));
    let list: Vec<_> = store
        .oncall_overrides_over(now, to)?
        .into_iter()
        .filter(|o| o.to > now && o.from < to)
        .collect();
    if *json {
        let out = super::json_of(&super::oncall_json::overrides(&list))?;
        println!("{out}");
    } else if list.is_empty() {
        println!("{}", say(lang, &Said::NoOverrides));
    } else {
        for o in list {
            println!(
                "#{:<5} {} {}: {} {} → {}  {}",
                o.id,
                o.team,
                o.layer,
                o.person,
                local(lang, region, o.from),
                local(lang, region, o.to),
                say(
                    lang,
                    &Said::OverrideLine {
                        by: &o.by,
                        reason: &o.reason
                    }
                )
            );
        }
    }
    Ok(code::OK)
}

fn note(c: &Ctx<'_>, team: &str, text: &str, layer: &Option<String>) -> Result<u8, Failure> {
    let (cli, loaded, region, lang, now) = c.parts();
    let actor = context::actor(cli, loaded)?;
    let mut store = context::open_for_writing(cli, loaded)?;
    let e = ops::handoff_note(
        &mut store,
        region,
        &actor,
        team,
        layer.as_deref(),
        text,
        now,
    )?;
    println!("{}", say(lang, &Said::HandoffNote { id: e.id, team }));
    Ok(code::OK)
}

fn cancel(c: &Ctx<'_>, id: &i64, reason: &str) -> Result<u8, Failure> {
    let (cli, loaded, _, lang, now) = c.parts();
    let actor = context::actor(cli, loaded)?;
    let mut store = context::open_for_writing(cli, loaded)?;
    ops::cancel_override(&mut store, &actor, *id, reason, now)?;
    println!("{}", say(lang, &Said::Cancelled(*id)));
    Ok(code::OK)
}
