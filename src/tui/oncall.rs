//! Screen 4's state and what it shows, computed from the region's rota, the overrides in
//! force and the clock. Pure: the views draw these rows, tests check them.

use crate::i18n::T;
use crate::model::oncall::{Hours, Rota};
use crate::model::region::{Criticality, Region, TeamKind};
use chrono::{DateTime, Duration, Utc};

/// Who answers for a team's layer, or a supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct OncallRow {
    pub team: String,
    /// What the screen calls the team (its name; the id is for commands).
    pub team_name: String,
    pub supplier: bool,
    /// The layer (internal) or the coverage hours (supplier).
    pub layer: String,
    /// Name, account and phone of the person on call; `None` when nobody is.
    pub person: Option<(String, String, String)>,
    pub via_override: bool,
    pub until: Option<DateTime<Utc>>,
    /// The next person and when they start.
    pub next: Option<(String, DateTime<Utc>)>,
    /// Suppliers: whether their on-call answers now.
    pub answers: Option<bool>,
    pub phone: String,
}

/// A system's cover over the coming days, one cell per `CELL_HOURS`.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverStrip {
    pub system: String,
    /// What the strip is labelled with on screen.
    pub name: String,
    pub cells: Vec<Cover>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    Full,
    Partial,
    None,
}

pub const DAYS: i64 = 14;
pub const CELL_HOURS: i64 = 6;

pub fn hours_word(lang: crate::i18n::Lang, h: Hours) -> &'static str {
    lang.t(match h {
        Hours::Always => T::Hours247,
        Hours::OfficeHours => T::HoursOffice,
        Hours::OutsideOfficeHours => T::HoursOutside,
        Hours::Weekends => T::HoursWeekends,
    })
}

/// Every internal team's layers, then the suppliers.
pub fn rows(
    region: &Region,
    rota: &Rota,
    lang: crate::i18n::Lang,
    now: DateTime<Utc>,
) -> Vec<OncallRow> {
    let person = |account: &str| {
        region
            .person(account)
            .map(|p| (p.name.clone(), p.account.clone(), p.phone.clone()))
            .unwrap_or_else(|| (account.to_string(), account.to_string(), String::new()))
    };
    let mut out = Vec::new();
    for team in region.teams.iter().filter(|t| t.kind == TeamKind::Internal) {
        let layers = rota.layers(&team.id);
        let phone = team.phone.clone().unwrap_or_default();
        if layers.is_empty() {
            out.push(OncallRow {
                team: team.id.clone(),
                team_name: team.name.clone(),
                supplier: false,
                layer: String::new(),
                person: None,
                via_override: false,
                until: None,
                next: None,
                answers: None,
                phone,
            });
            continue;
        }
        for layer in layers {
            let now_on = rota.on_call(&team.id, layer, now);
            let (_, until) = rota.span(&team.id, layer, now);
            out.push(OncallRow {
                team: team.id.clone(),
                team_name: team.name.clone(),
                supplier: false,
                layer: layer.to_string(),
                person: now_on.as_ref().map(|o| person(&o.person)),
                via_override: now_on.as_ref().is_some_and(|o| o.via_override.is_some()),
                until: Some(until),
                next: rota
                    .next(&team.id, layer, now)
                    .map(|(o, from)| (person(&o.person).0, from)),
                answers: None,
                phone: phone.clone(),
            });
        }
    }
    for team in region.teams.iter().filter(|t| t.kind == TeamKind::Supplier) {
        out.push(OncallRow {
            team: team.id.clone(),
            team_name: team.name.clone(),
            supplier: true,
            layer: hours_word(lang, team.coverage.unwrap_or(Hours::Always)).to_string(),
            person: None,
            via_override: false,
            until: None,
            next: None,
            answers: Some(rota.supplier_covers(&team.id, now)),
            phone: team.phone.clone().unwrap_or_default(),
        });
    }
    out
}

/// The business-critical systems that have a gap in the coming days, with their strips.
pub fn strips(region: &Region, rota: &Rota, now: DateTime<Utc>) -> Vec<CoverStrip> {
    let to = now + Duration::days(DAYS);
    let cells = (DAYS * 24 / CELL_HOURS) as usize;
    region
        .systems
        .iter()
        .filter(|s| s.criticality == Criticality::BusinessCritical)
        .filter_map(|s| {
            let gaps = rota.gaps(&s.id, &s.owner_team, s.supplier_team.as_deref(), now, to);
            if gaps.is_empty() {
                return None;
            }
            let cells = (0..cells)
                .map(|i| {
                    let a = now + Duration::hours(i as i64 * CELL_HOURS);
                    let b = a + Duration::hours(CELL_HOURS);
                    let uncovered: i64 = gaps
                        .iter()
                        .map(|g| (g.to.min(b) - g.from.max(a)).num_seconds().max(0))
                        .sum();
                    if uncovered == 0 {
                        Cover::Full
                    } else if uncovered >= (b - a).num_seconds() {
                        Cover::None
                    } else {
                        Cover::Partial
                    }
                })
                .collect();
            Some(CoverStrip {
                system: s.id.clone(),
                name: s.name.clone(),
                cells,
            })
        })
        .collect()
}

/// The shift this user starts within `within`, if any: (team, layer, when).
pub fn upcoming_shift(
    rota: &Rota,
    region: &Region,
    account: &str,
    now: DateTime<Utc>,
    within: Duration,
) -> Option<(String, String, DateTime<Utc>)> {
    region
        .teams
        .iter()
        .flat_map(|t| {
            rota.layers(&t.id)
                .into_iter()
                .map(move |l| (t.id.clone(), l.to_string()))
        })
        .filter(|(t, l)| rota.on_call(t, l, now).is_none_or(|o| o.person != account))
        .filter_map(|(t, l)| {
            let (next, from) = rota.next(&t, &l, now)?;
            (next.person == account && from - now <= within).then_some((t, l, from))
        })
        .min_by_key(|(_, _, from)| *from)
}
