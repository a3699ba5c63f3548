//! On-call configuration: `[site] office_hours`, a supplier team's `coverage`, and
//! `[[teams.rotations]]` (layers) → validated, with a located problem for every mistake.

use super::checker::Checker;
use super::parse::Located;
use super::schema::{RawRotation, RawTeam};
use crate::model::duration::parse_duration;
use crate::model::maintenance::parse_weekday;
use crate::model::oncall::{Hours, OfficeHours, Rotation, Shift};
use crate::model::page::{Policy, Step, Target};
use crate::model::region::TeamKind;
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use toml::Spanned;

/// The default first day of a rota when `start` is not given.
const DEFAULT_START: (i32, u32, u32) = (2026, 1, 1);

pub(super) fn office_hours(
    c: &mut Checker<'_>,
    file: usize,
    value: &Option<Spanned<String>>,
) -> OfficeHours {
    match value {
        None => OfficeHours::default(),
        Some(v) => OfficeHours::parse(v.get_ref()).unwrap_or_else(|| {
            c.error(
                file,
                v.span(),
                format!("`{}` is not a span of office hours", v.get_ref()),
                Some("Monday–Friday hours as \"08:00-17:00\"".into()),
            );
            OfficeHours::default()
        }),
    }
}

fn hours(c: &mut Checker<'_>, file: usize, v: &Spanned<String>) -> Option<Hours> {
    let parsed = Hours::parse(v.get_ref());
    if parsed.is_none() {
        c.error(
            file,
            v.span(),
            format!("`{}` is not an on-call coverage", v.get_ref()),
            Some(format!("use {}", Hours::NAMES)),
        );
    }
    parsed
}

/// Every team's on-call configuration: (coverage, rotations, escalation policy). Policies
/// are checked after every rota is known, since they name other teams' layers.
pub(super) type TeamOnCall = (Option<Hours>, Vec<Rotation>, Option<Policy>);

pub(super) fn teams(
    c: &mut Checker<'_>,
    teams: &[Located<RawTeam>],
    site_tz: Tz,
    accounts: &[&str],
) -> Vec<TeamOnCall> {
    let first: Vec<(Option<Hours>, Vec<Rotation>)> = teams
        .iter()
        .map(|t| (coverage(c, t), rotations(c, t, site_tz, accounts)))
        .collect();
    let layers: std::collections::BTreeMap<String, Vec<String>> = teams
        .iter()
        .zip(&first)
        .filter(|(_, (_, rots))| !rots.is_empty())
        .map(|(t, (_, rots))| {
            (
                t.value.id.get_ref().clone(),
                rots.iter().map(|r| r.layer.clone()).collect(),
            )
        })
        .collect();
    let suppliers: Vec<&str> = teams
        .iter()
        .filter(|t| t.value.kind == TeamKind::Supplier)
        .map(|t| t.value.id.get_ref().as_str())
        .collect();
    let policies: Vec<Option<Policy>> = teams
        .iter()
        .map(|t| escalation(c, t, &layers, &suppliers, accounts))
        .collect();
    first
        .into_iter()
        .zip(policies)
        .map(|((cov, rots), policy)| (cov, rots, policy))
        .collect()
}

/// A supplier team's coverage (default 24/7); refused on internal teams, whose cover is
/// their rota.
pub(super) fn coverage(c: &mut Checker<'_>, t: &Located<RawTeam>) -> Option<Hours> {
    let v = &t.value;
    match (&v.coverage, v.kind) {
        (None, TeamKind::Supplier) => Some(Hours::Always),
        (None, _) => None,
        (Some(cov), TeamKind::Supplier) => hours(c, t.file, cov),
        (Some(cov), _) => {
            c.error(
                t.file,
                cov.span(),
                "coverage is for supplier teams".into(),
                Some("an internal team's cover is its [[teams.rotations]]".into()),
            );
            None
        }
    }
}

/// "mon 08:00" (weekly handoffs) or "08:00" (any day).
fn handoff(s: &str) -> Option<(Option<chrono::Weekday>, NaiveTime)> {
    let mut words = s.split_whitespace();
    let (first, second) = (words.next()?, words.next());
    if words.next().is_some() {
        return None;
    }
    match second {
        None => Some((None, NaiveTime::parse_from_str(first, "%H:%M").ok()?)),
        Some(time) => Some((
            Some(parse_weekday(first)?),
            NaiveTime::parse_from_str(time, "%H:%M").ok()?,
        )),
    }
}

pub(super) fn rotations(
    c: &mut Checker<'_>,
    t: &Located<RawTeam>,
    site_tz: Tz,
    accounts: &[&str],
) -> Vec<Rotation> {
    let v = &t.value;
    if !v.rotations.is_empty() && v.kind == TeamKind::Supplier {
        c.error(
            t.file,
            v.id.span(),
            format!(
                "supplier team `{}` has a rota; a supplier's on-call is its phone",
                v.id.get_ref()
            ),
            Some("give the supplier `coverage = \"24/7\"` (or \"office-hours\") instead".into()),
        );
        return Vec::new();
    }
    let mut layers: Vec<&str> = Vec::new();
    v.rotations
        .iter()
        .filter_map(|r| {
            if layers.contains(&r.layer.get_ref().as_str()) {
                c.error(
                    t.file,
                    r.layer.span(),
                    format!(
                        "the layer `{}` appears twice in `{}`",
                        r.layer.get_ref(),
                        v.id.get_ref()
                    ),
                    Some("name each layer once, e.g. \"primär\" and \"sekundär\"".into()),
                );
            }
            layers.push(r.layer.get_ref());
            rotation(c, t.file, v.id.get_ref(), r, site_tz, accounts)
        })
        .collect()
}

fn rotation(
    c: &mut Checker<'_>,
    file: usize,
    team: &str,
    r: &RawRotation,
    site_tz: Tz,
    accounts: &[&str],
) -> Option<Rotation> {
    let mut ok = true;
    if r.members.get_ref().is_empty() {
        c.error(
            file,
            r.members.span(),
            format!("the layer `{}` has no members", r.layer.get_ref()),
            Some("list the accounts in rota order: members = [\"op.tekla\", \"op.mans\"]".into()),
        );
        ok = false;
    }
    for m in r.members.get_ref() {
        ok &= c.reference(file, m, "person (account)", accounts.iter().copied());
    }
    let shift = Shift::parse(r.shift.get_ref());
    if shift.is_none() {
        c.error(
            file,
            r.shift.span(),
            format!("`{}` is not a shift length", r.shift.get_ref()),
            Some("\"1w\" (weeks), \"1d\" (days) or \"12h\" (hours)".into()),
        );
    }
    let hand = handoff(r.handoff.get_ref());
    if hand.is_none() {
        c.error(
            file,
            r.handoff.span(),
            format!("`{}` is not a handoff", r.handoff.get_ref()),
            Some(
                "a weekday and a time, \"mon 08:00\", or a time for daily handoffs, \"08:00\""
                    .into(),
            ),
        );
    }
    let start = match &r.start {
        None => NaiveDate::from_ymd_opt(DEFAULT_START.0, DEFAULT_START.1, DEFAULT_START.2),
        Some(s) => {
            let d = NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d").ok();
            if d.is_none() {
                c.error(
                    file,
                    s.span(),
                    format!("`{}` is not a date", s.get_ref()),
                    Some("YYYY-MM-DD: the rota's first member starts at the first handoff on or after it".into()),
                );
            }
            d
        }
    };
    let tz = match &r.time_zone {
        None => Some(site_tz),
        Some(z) => {
            let parsed = z.get_ref().parse::<Tz>().ok();
            if parsed.is_none() {
                c.error(
                    file,
                    z.span(),
                    format!("unknown time zone `{}`", z.get_ref()),
                    Some("an IANA name such as Europe/Stockholm".into()),
                );
            }
            parsed
        }
    };
    let only = match &r.only {
        None => Some(Hours::Always),
        Some(o) => hours(c, file, o),
    };
    let ((weekday, time), shift, start, tz, only) = (hand?, shift?, start?, tz?, only?);
    if weekday.is_some() && matches!(shift, Shift::Hours(_)) {
        c.error(
            file,
            r.handoff.span(),
            "a weekday handoff needs a shift in days or weeks".into(),
            Some("give handoff = \"08:00\" for shifts in hours".into()),
        );
        return None;
    }
    ok.then(|| Rotation {
        team: team.to_string(),
        layer: r.layer.get_ref().clone(),
        members: r
            .members
            .get_ref()
            .iter()
            .map(|m| m.get_ref().clone())
            .collect(),
        shift,
        handoff_weekday: weekday,
        handoff_time: time,
        start,
        tz,
        only,
    })
}

/// A team's escalation policy: each step's targets resolved against the region's teams,
/// layers and people.
pub(super) fn escalation(
    c: &mut Checker<'_>,
    t: &Located<RawTeam>,
    layers: &std::collections::BTreeMap<String, Vec<String>>,
    suppliers: &[&str],
    accounts: &[&str],
) -> Option<Policy> {
    let raw = t.value.escalation.as_ref()?;
    let file = t.file;
    if raw.steps.get_ref().is_empty() {
        c.error(
            file,
            raw.steps.span(),
            "an escalation policy with no steps".into(),
            Some("add [[teams.escalation.steps]] with targets = [\"oncall:TEAM\"]".into()),
        );
        return None;
    }
    let repeats = raw.repeats.as_ref().map(|r| *r.get_ref()).unwrap_or(1);
    if let Some(r) = raw.repeats.as_ref().filter(|r| *r.get_ref() > 10) {
        c.error(
            file,
            r.span(),
            format!("{} repeats: at most 10", r.get_ref()),
            Some("the cap keeps a forgotten page from ringing all night".into()),
        );
    }
    let mut steps = Vec::new();
    let mut ok = true;
    for step in raw.steps.get_ref() {
        let wait = match &step.wait {
            None => Some(600),
            Some(w) => match parse_duration(w.get_ref()) {
                Ok(d) if !d.is_zero() => Some(d.as_secs() as i64),
                _ => {
                    c.error(
                        file,
                        w.span(),
                        format!("`{}` is not a wait", w.get_ref()),
                        Some("how long to wait for an acknowledgement, e.g. \"10m\"".into()),
                    );
                    None
                }
            },
        };
        if step.targets.get_ref().is_empty() {
            c.error(
                file,
                step.targets.span(),
                "an escalation step with no targets".into(),
                Some("targets = [\"oncall:it-drift\", \"person:il.karin\"]".into()),
            );
            ok = false;
        }
        let mut targets = Vec::new();
        for raw_target in step.targets.get_ref() {
            let first = |team: &str| layers.get(team).and_then(|l| l.first().cloned());
            let parsed = Target::parse(raw_target.get_ref(), first);
            let problem = match &parsed {
                None => Some((
                    format!("`{}` is not an escalation target", raw_target.get_ref()),
                    "oncall:TEAM[/LAYER], next:TEAM[/LAYER], person:ACCOUNT or supplier:TEAM (a team needs a rota for oncall/next)".to_string(),
                )),
                Some(Target::OnCall { team, layer } | Target::Next { team, layer }) => {
                    match layers.get(team) {
                        None => Some((
                            format!("`{team}` has no on-call rota"),
                            "name a team with [[teams.rotations]]".into(),
                        )),
                        Some(ls) if !ls.contains(layer) => Some((
                            format!("`{team}` has no layer `{layer}`"),
                            format!("its layers: {}", ls.join(", ")),
                        )),
                        _ => None,
                    }
                }
                Some(Target::Person { account }) => (!accounts.contains(&account.as_str())).then(|| {
                    (
                        format!("unknown person (account) `{account}`"),
                        "an account under [[people]]".to_string(),
                    )
                }),
                Some(Target::Supplier { team }) => (!suppliers.contains(&team.as_str())).then(|| {
                    (
                        format!("`{team}` is not a supplier team"),
                        "a team with kind = \"supplier\"".to_string(),
                    )
                }),
            };
            match (problem, parsed) {
                (Some((message, hint)), _) => {
                    c.error(file, raw_target.span(), message, Some(hint));
                    ok = false;
                }
                (None, Some(target)) => targets.push(target),
                (None, None) => ok = false,
            }
        }
        match wait {
            Some(wait_secs) => steps.push(Step { targets, wait_secs }),
            None => ok = false,
        }
    }
    ok.then(|| Policy {
        id: t.value.id.get_ref().clone(),
        steps,
        repeats: repeats.min(10),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoffs_parse() {
        assert_eq!(
            handoff("mon 08:00"),
            Some((
                Some(chrono::Weekday::Mon),
                NaiveTime::from_hms_opt(8, 0, 0).unwrap()
            ))
        );
        assert_eq!(
            handoff("måndag 07:30").map(|h| h.0),
            Some(Some(chrono::Weekday::Mon))
        );
        assert_eq!(handoff("16:00").map(|h| h.0), Some(None));
        assert_eq!(handoff("mon"), None);
        assert_eq!(handoff("mon 25:00"), None);
        assert_eq!(handoff("mon 08:00 extra"), None);
    }
}
