//! `beredskap oncall [--team T] [--at TIME] [--json]`, `oncall gaps | who | override | take
//! | overrides | cancel`.

use super::args::{OncallArgs, OncallCommand};
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::oncall::{Hours, Rota};
use crate::model::region::{Criticality, Region, TeamKind};
use crate::model::timespec::parse_time;
use crate::ops::oncall::{self as ops, NewOverride};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// The overrides in force and imported calendars' shifts around `at` (past or future);
/// none when nothing has been written yet.
fn overrides(
    cli: &Cli,
    loaded: &crate::config::Loaded,
    at: DateTime<Utc>,
) -> Result<Vec<crate::model::oncall::Override>, Failure> {
    overrides_over(cli, loaded, at, at)
}

/// The same for every instant of [from, to]: the calendars expanded over the whole span.
fn overrides_over(
    cli: &Cli,
    loaded: &crate::config::Loaded,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<crate::model::oncall::Override>, Failure> {
    let path = context::database_path(cli, Some(loaded))?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    Ok(crate::store::Store::open_existing(&path)?.oncall_overrides_over(from, to)?)
}

fn at(region: &Region, spec: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    match spec {
        None => Ok(now),
        Some(s) => parse_time(s, region.site.time_zone, now)
            .map_err(|e| Failure::bad_input(format!("--at: {e}"))),
    }
}

fn local(region: &Region, t: DateTime<Utc>) -> String {
    t.with_timezone(&region.site.time_zone)
        .format("%a %Y-%m-%d %H:%M")
        .to_string()
}

fn hours_name(h: Hours) -> &'static str {
    match h {
        Hours::Always => "24/7",
        Hours::OfficeHours => "office hours",
        Hours::OutsideOfficeHours => "outside office hours",
        Hours::Weekends => "weekends",
    }
}

/// One layer's answer: who now (name, phone), until when, who next.
pub fn layer_json(
    region: &Region,
    rota: &Rota,
    team: &str,
    layer: &str,
    t: DateTime<Utc>,
) -> Value {
    let person = |a: &str| {
        region
            .person(a)
            .map(|p| json!({"account": p.account, "name": p.name, "phone": p.phone}))
            .unwrap_or_else(|| json!({"account": a}))
    };
    let now = rota.on_call(team, layer, t);
    let (_, until) = rota.span(team, layer, t);
    let next = rota.next(team, layer, t);
    json!({
        "layer": layer,
        "now": now.as_ref().map(|o| person(&o.person)),
        "override": now.as_ref().and_then(|o| o.via_override),
        "until": until.to_rfc3339(),
        "next": next.as_ref().map(|(o, from)| json!({"person": person(&o.person), "from": from.to_rfc3339()})),
    })
}

fn print_layer(region: &Region, rota: &Rota, team: &str, layer: &str, t: DateTime<Utc>) {
    let name = |a: &str| {
        region
            .person(a)
            .map(|p| format!("{} ({}, {})", p.name, p.account, p.phone))
            .unwrap_or_else(|| a.to_string())
    };
    let (_, until) = rota.span(team, layer, t);
    match rota.on_call(team, layer, t) {
        Some(o) => println!(
            "  {layer:<10} {}{}  until {}",
            name(&o.person),
            o.via_override
                .map(|id| format!(" [override #{id}]"))
                .unwrap_or_default(),
            local(region, until)
        ),
        None => println!("  {layer:<10} NOBODY until {}", local(region, until)),
    }
    if let Some((o, from)) = rota.next(team, layer, t) {
        println!(
            "  {:<10} next: {} from {}",
            "",
            name(&o.person),
            local(region, from)
        );
    }
}

pub fn run(cli: &Cli, args: &OncallArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let now = Utc::now();
    match &args.command {
        None => {
            let t = at(region, args.at.as_deref(), now)?;
            let rota = region.rota(overrides(cli, &loaded, t)?);
            if let Some(team) = &args.team
                && region.team(team).is_none()
            {
                return Err(Failure::bad_input(format!("unknown team `{team}`")));
            }
            let teams: Vec<_> = region
                .teams
                .iter()
                .filter(|tm| args.team.as_ref().is_none_or(|x| x == &tm.id))
                .collect();
            if args.json {
                let out: Vec<Value> = teams
                    .iter()
                    .map(|tm| {
                        json!({
                            "team": tm.id,
                            "name": tm.name,
                            "kind": match tm.kind { TeamKind::Supplier => "supplier", TeamKind::Internal => "internal" },
                            "phone": tm.phone,
                            "coverage": tm.coverage.map(hours_name),
                            "covering_now": tm.coverage.map(|_| rota.supplier_covers(&tm.id, t)),
                            "layers": rota.layers(&tm.id).iter().map(|l| layer_json(region, &rota, &tm.id, l, t)).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                std::println!("{}", json!({"at": t.to_rfc3339(), "teams": out}));
                return Ok(code::OK);
            }
            println!("On call at {}", local(region, t));
            for tm in teams {
                let phone = tm.phone.clone().unwrap_or_default();
                println!();
                println!("{} — {} {phone}", tm.id, tm.name);
                match tm.kind {
                    TeamKind::Supplier => {
                        let hours = tm.coverage.unwrap_or(Hours::Always);
                        let now_cov = rota.supplier_covers(&tm.id, t);
                        println!(
                            "  supplier on-call {}: {}",
                            hours_name(hours),
                            if now_cov {
                                "answers now"
                            } else {
                                "NOT answering now"
                            }
                        );
                    }
                    TeamKind::Internal => {
                        let layers = rota.layers(&tm.id);
                        if layers.is_empty() {
                            println!("  no on-call rota: nobody is on call");
                        }
                        for l in layers {
                            print_layer(region, &rota, &tm.id, l, t);
                        }
                    }
                }
            }
            Ok(code::OK)
        }
        Some(OncallCommand::Gaps { days, all, json }) => {
            let to = now + chrono::Duration::days(i64::from(*days));
            let rota = region.rota(overrides_over(cli, &loaded, now, to)?);
            let mut gaps = Vec::new();
            for s in region
                .systems
                .iter()
                .filter(|s| *all || s.criticality == Criticality::BusinessCritical)
            {
                gaps.extend(rota.gaps(&s.id, &s.owner_team, s.supplier_team.as_deref(), now, to));
            }
            if *json {
                let out: Vec<Value> = gaps
                    .iter()
                    .map(|g| json!({"system": g.system, "from": g.from.to_rfc3339(), "to": g.to.to_rfc3339(), "hours": (g.to - g.from).num_minutes() as f64 / 60.0}))
                    .collect();
                println!(
                    "{}",
                    json!({"from": now.to_rfc3339(), "to": to.to_rfc3339(), "gaps": out})
                );
                return Ok(code::OK);
            }
            if gaps.is_empty() {
                println!("no coverage gaps in the next {days} days");
                return Ok(code::OK);
            }
            let mut systems: Vec<&str> = gaps.iter().map(|g| g.system.as_str()).collect();
            systems.dedup();
            println!(
                "{} system(s) without on-call cover at times in the next {days} days:",
                systems.len()
            );
            for id in systems {
                let s = region.system(id);
                let mine: Vec<_> = gaps.iter().filter(|g| g.system == id).collect();
                let total: i64 = mine.iter().map(|g| (g.to - g.from).num_minutes()).sum();
                println!();
                println!(
                    "{id} — {} (owner {}, supplier {}): {} h uncovered",
                    s.map(|s| s.name.as_str()).unwrap_or(id),
                    s.map(|s| s.owner_team.as_str()).unwrap_or("-"),
                    s.and_then(|s| s.supplier_team.as_deref()).unwrap_or("none"),
                    total / 60
                );
                for g in mine.iter().take(6) {
                    println!("  {} → {}", local(region, g.from), local(region, g.to));
                }
                if mine.len() > 6 {
                    println!("  … and {} more", mine.len() - 6);
                }
            }
            Ok(code::OK)
        }
        Some(OncallCommand::Who {
            system,
            at: when,
            json,
        }) => {
            let t = at(region, when.as_deref(), now)?;
            let rota = region.rota(overrides(cli, &loaded, t)?);
            let s = region
                .system(system)
                .ok_or_else(|| Failure::bad_input(format!("unknown system `{system}`")))?;
            let owner = region.team(&s.owner_team);
            let supplier = s.supplier_team.as_deref().and_then(|x| region.team(x));
            if *json {
                println!(
                    "{}",
                    json!({
                        "system": s.id,
                        "at": t.to_rfc3339(),
                        "team": s.owner_team,
                        "team_phone": owner.and_then(|o| o.phone.clone()),
                        "layers": rota.layers(&s.owner_team).iter().map(|l| layer_json(region, &rota, &s.owner_team, l, t)).collect::<Vec<_>>(),
                        "supplier": supplier.map(|x| json!({"team": x.id, "name": x.name, "phone": x.phone, "answers_now": rota.supplier_covers(&x.id, t)})),
                        "covered": rota.covered(&s.owner_team, s.supplier_team.as_deref(), t),
                    })
                );
                return Ok(code::OK);
            }
            println!("{} — {} at {}", s.id, s.name, local(region, t));
            println!(
                "team {} {}",
                s.owner_team,
                owner.and_then(|o| o.phone.clone()).unwrap_or_default()
            );
            let layers = rota.layers(&s.owner_team);
            if layers.is_empty() {
                println!("  no on-call rota: nobody is on call");
            }
            for l in layers {
                print_layer(region, &rota, &s.owner_team, l, t);
            }
            if let Some(x) = supplier {
                println!(
                    "supplier {} {}: {}",
                    x.name,
                    x.phone.clone().unwrap_or_default(),
                    if rota.supplier_covers(&x.id, t) {
                        "answers now"
                    } else {
                        "NOT answering now"
                    }
                );
            }
            if !rota.covered(&s.owner_team, s.supplier_team.as_deref(), t) {
                println!("NOBODY is on call for {} now", s.id);
            }
            Ok(code::OK)
        }
        Some(OncallCommand::Override {
            team,
            person,
            from,
            to,
            layer,
            reason,
        }) => {
            let actor = context::actor(cli, &loaded)?;
            let mut store = context::open_for_writing(cli, &loaded)?;
            let tz = region.site.time_zone;
            let from = parse_time(from, tz, now)
                .map_err(|e| Failure::bad_input(format!("--from: {e}")))?;
            let to =
                parse_time(to, tz, now).map_err(|e| Failure::bad_input(format!("--to: {e}")))?;
            let e = ops::add_override(
                &mut store,
                region,
                &actor,
                &NewOverride {
                    team: team.clone(),
                    layer: layer.clone(),
                    person: person.clone(),
                    from,
                    to,
                    reason: reason.clone(),
                },
                now,
            )?;
            println!(
                "override #{}: {person} on call for {team} {} → {}",
                e.id,
                local(region, from),
                local(region, to)
            );
            Ok(code::OK)
        }
        Some(OncallCommand::Take {
            team,
            layer,
            reason,
        }) => {
            let actor = context::actor(cli, &loaded)?;
            let mut store = context::open_for_writing(cli, &loaded)?;
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
                .map(|t| local(region, t))
                .unwrap_or_default();
            println!(
                "override #{}: {} on call for {team} now, until {to}",
                e.id, actor.account
            );
            Ok(code::OK)
        }
        Some(OncallCommand::Overrides { days, json }) => {
            let store = context::open_for_reading(cli, Some(&loaded))?;
            let to = now + chrono::Duration::days(i64::from(*days));
            let list: Vec<_> = store
                .oncall_overrides_over(now, to)?
                .into_iter()
                .filter(|o| o.to > now && o.from < to)
                .collect();
            if *json {
                let out: Vec<Value> = list
                    .iter()
                    .map(|o| json!({"id": o.id, "team": o.team, "layer": o.layer, "person": o.person, "from": o.from.to_rfc3339(), "to": o.to.to_rfc3339(), "reason": o.reason, "by": o.by}))
                    .collect();
                println!("{}", Value::Array(out));
            } else if list.is_empty() {
                println!("no overrides in force");
            } else {
                for o in list {
                    println!(
                        "#{:<5} {} {}: {} {} → {}  ({}, by {})",
                        o.id,
                        o.team,
                        o.layer,
                        o.person,
                        local(region, o.from),
                        local(region, o.to),
                        o.reason,
                        o.by
                    );
                }
            }
            Ok(code::OK)
        }
        Some(OncallCommand::ImportIcs {
            file,
            team,
            layer,
            new_layer,
            days,
            dry_run,
        }) => {
            let bytes =
                crate::host::bounded::read_file(file, crate::host::bounded::limit::CALENDAR)
                    .map_err(|e| {
                        Failure::bad_input(format!("cannot read {}: {e}", file.display()))
                    })?;
            let text = String::from_utf8(bytes.clone()).map_err(|e| {
                Failure::bad_input(format!(
                    "{}: not UTF-8 text (byte {}): export the calendar as UTF-8 .ics",
                    file.display(),
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let series = crate::model::calendar::parse(&text, region).map_err(|problems| {
                let list: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {p}", file.display()))
                    .collect();
                Failure::bad_input(format!(
                    "{}\n{} problem(s) in the calendar; nothing imported",
                    list.join("\n"),
                    problems.len()
                ))
            })?;
            let actor = context::actor(cli, &loaded)?;
            let mut store = context::open_for_writing(cli, &loaded)?;
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
            print_plan(region, &plan, *days);
            match plan.written {
                Some(id) => println!(
                    "imported {} for {team} {} as event #{id}{}",
                    file.display(),
                    plan.layer,
                    if plan.replaces.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", replacing the earlier import #{}",
                            plan.replaces
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", #")
                        )
                    }
                ),
                None => println!("--dry-run: nothing imported"),
            }
            Ok(code::OK)
        }
        Some(OncallCommand::ExportIcs {
            team,
            person,
            days,
            output,
        }) => {
            if let Some(t) = team
                && region.team(t).is_none()
            {
                return Err(Failure::bad_input(format!("unknown team `{t}`")));
            }
            if let Some(p) = person
                && region.person(p).is_none()
            {
                return Err(Failure::bad_input(format!("unknown person `{p}`")));
            }
            let to = now + chrono::Duration::days(i64::from(*days));
            let rota = region.rota(overrides_over(cli, &loaded, now, to)?);
            let text = crate::model::ics::write(
                region,
                &rota,
                team.as_deref(),
                person.as_deref(),
                now,
                to,
                now,
            );
            match output {
                Some(path) => {
                    crate::host::write_atomically(path, text.as_bytes()).map_err(|e| {
                        Failure::system(format!("cannot write {}: {e}", path.display()))
                    })?;
                    eprintln!("{}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(code::OK)
        }
        Some(OncallCommand::Note { team, text, layer }) => {
            let actor = context::actor(cli, &loaded)?;
            let mut store = context::open_for_writing(cli, &loaded)?;
            let e = ops::handoff_note(
                &mut store,
                region,
                &actor,
                team,
                layer.as_deref(),
                text,
                now,
            )?;
            println!("handoff note #{} for {team}", e.id);
            Ok(code::OK)
        }
        Some(OncallCommand::Cancel { id, reason }) => {
            let actor = context::actor(cli, &loaded)?;
            let mut store = context::open_for_writing(cli, &loaded)?;
            ops::cancel_override(&mut store, &actor, *id, reason, now)?;
            println!("override #{id} cancelled");
            Ok(code::OK)
        }
    }
}

/// The shifts an import adds and removes in the days shown.
fn print_plan(region: &Region, plan: &ops::ImportPlan, days: u32) {
    if plan.added.is_empty() && plan.removed.is_empty() {
        println!("no change to who is on call in the next {days} days");
        return;
    }
    println!("changes in the next {days} days ({}):", plan.layer);
    let mut lines: Vec<(DateTime<Utc>, String)> = Vec::new();
    for (sign, list) in [("-", &plan.removed), ("+", &plan.added)] {
        for o in list {
            lines.push((
                o.from,
                format!(
                    "  {sign} {} – {}  {}",
                    local(region, o.from),
                    local(region, o.to),
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
