//! What `oncall … --json` prints, as serde structs (issue 33): a team's layers, the teams
//! now, the gaps, who answers for a system, the overrides. Times are RFC 3339 as
//! `to_rfc3339` writes them ("+00:00"), as the output has always had them.

use crate::model::oncall::{Gap, Override, Rota};
use crate::model::region::{Region, System, Team, TeamKind};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A person by account, with name and phone when the region knows them.
#[derive(Serialize)]
pub(super) struct PersonJson {
    account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
}

fn person(region: &Region, account: &str) -> PersonJson {
    let known = region.person(account);
    PersonJson {
        account: account.to_string(),
        name: known.map(|p| p.name.clone()),
        phone: known.map(|p| p.phone.clone()),
    }
}

/// One layer's answer: who now, by which override, until when, who next and from when.
#[derive(Serialize)]
pub(super) struct LayerJson {
    layer: String,
    now: Option<PersonJson>,
    #[serde(rename = "override")]
    via_override: Option<i64>,
    until: String,
    next: Option<NextJson>,
}

#[derive(Serialize)]
pub(super) struct NextJson {
    person: PersonJson,
    from: String,
}

/// One layer's answer at `t`.
pub(super) fn layer(
    region: &Region,
    rota: &Rota,
    team: &str,
    layer: &str,
    t: DateTime<Utc>,
) -> LayerJson {
    let now = rota.on_call(team, layer, t);
    let (_, until) = rota.span(team, layer, t);
    let next = rota.next(team, layer, t);
    LayerJson {
        layer: layer.to_string(),
        now: now.as_ref().map(|o| person(region, &o.person)),
        via_override: now.as_ref().and_then(|o| o.via_override),
        until: until.to_rfc3339(),
        next: next.as_ref().map(|(o, from)| NextJson {
            person: person(region, &o.person),
            from: from.to_rfc3339(),
        }),
    }
}

fn layers(region: &Region, rota: &Rota, team: &str, t: DateTime<Utc>) -> Vec<LayerJson> {
    rota.layers(team)
        .iter()
        .map(|l| layer(region, rota, team, l, t))
        .collect()
}

/// `oncall --json`: every team at `at` with its layers.
#[derive(Serialize)]
pub(super) struct TeamsJson {
    at: String,
    teams: Vec<TeamJson>,
}

#[derive(Serialize)]
pub(super) struct TeamJson {
    team: String,
    name: String,
    kind: &'static str,
    phone: Option<String>,
    coverage: Option<&'static str>,
    covering_now: Option<bool>,
    layers: Vec<LayerJson>,
}

/// The teams at `t`.
pub(super) fn teams(region: &Region, rota: &Rota, teams: &[&Team], t: DateTime<Utc>) -> TeamsJson {
    TeamsJson {
        at: t.to_rfc3339(),
        teams: teams
            .iter()
            .map(|tm| TeamJson {
                team: tm.id.clone(),
                name: tm.name.clone(),
                kind: match tm.kind {
                    TeamKind::Supplier => "supplier",
                    TeamKind::Internal => "internal",
                },
                phone: tm.phone.clone(),
                coverage: tm
                    .coverage
                    .map(|h| crate::i18n::cli::hours(crate::i18n::Lang::En, h)),
                covering_now: tm.coverage.map(|_| rota.supplier_covers(&tm.id, t)),
                layers: layers(region, rota, &tm.id, t),
            })
            .collect(),
    }
}

/// `oncall gaps --json`: the stretches without anyone on call, from now to `to`.
#[derive(Serialize)]
pub(super) struct GapsJson {
    from: String,
    to: String,
    gaps: Vec<GapJson>,
}

#[derive(Serialize)]
pub(super) struct GapJson {
    system: String,
    from: String,
    to: String,
    hours: f64,
}

pub(super) fn gaps(gaps: &[Gap], from: DateTime<Utc>, to: DateTime<Utc>) -> GapsJson {
    GapsJson {
        from: from.to_rfc3339(),
        to: to.to_rfc3339(),
        gaps: gaps
            .iter()
            .map(|g| GapJson {
                system: g.system.clone(),
                from: g.from.to_rfc3339(),
                to: g.to.to_rfc3339(),
                hours: (g.to - g.from).num_minutes() as f64 / 60.0,
            })
            .collect(),
    }
}

/// `oncall who SYSTEM --json`: who answers for a system at `at`.
#[derive(Serialize)]
pub(super) struct WhoJson {
    system: String,
    at: String,
    team: String,
    team_phone: Option<String>,
    layers: Vec<LayerJson>,
    supplier: Option<SupplierJson>,
    covered: bool,
}

#[derive(Serialize)]
pub(super) struct SupplierJson {
    team: String,
    name: String,
    phone: Option<String>,
    answers_now: bool,
}

pub(super) fn who(region: &Region, rota: &Rota, s: &System, t: DateTime<Utc>) -> WhoJson {
    let owner = region.team(&s.owner_team);
    let supplier = s.supplier_team.as_deref().and_then(|x| region.team(x));
    WhoJson {
        system: s.id.clone(),
        at: t.to_rfc3339(),
        team: s.owner_team.clone(),
        team_phone: owner.and_then(|o| o.phone.clone()),
        layers: layers(region, rota, &s.owner_team, t),
        supplier: supplier.map(|x| SupplierJson {
            team: x.id.clone(),
            name: x.name.clone(),
            phone: x.phone.clone(),
            answers_now: rota.supplier_covers(&x.id, t),
        }),
        covered: rota.covered(&s.owner_team, s.supplier_team.as_deref(), t),
    }
}

/// `oncall overrides --json`: one override.
#[derive(Serialize)]
pub(super) struct OverrideJson {
    id: i64,
    team: String,
    layer: String,
    person: String,
    from: String,
    to: String,
    reason: String,
    by: String,
}

pub(super) fn overrides(list: &[Override]) -> Vec<OverrideJson> {
    list.iter()
        .map(|o| OverrideJson {
            id: o.id,
            team: o.team.clone(),
            layer: o.layer.clone(),
            person: o.person.clone(),
            from: o.from.to_rfc3339(),
            to: o.to.to_rfc3339(),
            reason: o.reason.clone(),
            by: o.by.clone(),
        })
        .collect()
}
