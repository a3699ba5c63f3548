//! The yearly numbers an annual patient-safety report (patientsäkerhetsberättelse) needs:
//! major incidents per month and per system, patient-safety flags and Lex Maria decisions,
//! downtime hours per system, time to acknowledge and to resolve (median, p90), runbook
//! activations, and on-call coverage gaps of the business-critical systems.

use crate::model::assessment;
use crate::model::event::{StatusChange, kind};
use crate::model::incident::Milestone;
use crate::model::region::{Criticality, Region};
use crate::store::{EventFilter, Store, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub count: usize,
    pub median_min: Option<i64>,
    pub p90_min: Option<i64>,
}

fn spread(mut v: Vec<i64>) -> Spread {
    v.sort();
    let at = |p: f64| -> Option<i64> {
        if v.is_empty() {
            None
        } else {
            // Nearest rank.
            let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
            Some(v[rank - 1])
        }
    };
    Spread {
        count: v.len(),
        median_min: at(0.5),
        p90_min: at(0.9),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearReport {
    pub year: i32,
    pub incidents: usize,
    /// The most severe level.
    pub major_incidents: usize,
    /// Major incidents per month, January first.
    pub major_per_month: [usize; 12],
    pub major_per_system: BTreeMap<String, usize>,
    pub patient_safety_flags: usize,
    pub lex_maria_reported: usize,
    pub lex_maria_not_reported: usize,
    pub lex_maria_undecided: usize,
    pub downtime_hours: BTreeMap<String, f64>,
    /// Hours each system was impacted through a system it depends on (up by its own
    /// checks, not reached through the one down): counted apart from its own downtime.
    pub impacted_hours: BTreeMap<String, f64>,
    pub time_to_acknowledge: Spread,
    pub time_to_resolve: Spread,
    pub runbook_activations: BTreeMap<String, usize>,
    /// Hours in the year when nobody was on call for a business-critical system, per
    /// system, by today's rota (the overrides of the year included).
    pub coverage_gap_hours: BTreeMap<String, f64>,
}

fn year_bounds(region: &Region, year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if !(1970..=9999).contains(&year) {
        return None;
    }
    let tz = region.site.time_zone;
    let from = crate::model::maintenance::local_start(
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveTime::MIN,
        tz,
    )?;
    let to = crate::model::maintenance::local_start(
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        NaiveTime::MIN,
        tz,
    )?;
    Some((from, to))
}

pub fn build(store: &Store, region: &Region, year: i32) -> Result<Option<YearReport>, StoreError> {
    let Some((from, to)) = year_bounds(region, year) else {
        return Ok(None);
    };
    let tz = region.site.time_zone;
    let top = region
        .severities
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_else(|| "major".into());
    let mut r = YearReport {
        year,
        incidents: 0,
        major_incidents: 0,
        major_per_month: [0; 12],
        major_per_system: BTreeMap::new(),
        patient_safety_flags: 0,
        lex_maria_reported: 0,
        lex_maria_not_reported: 0,
        lex_maria_undecided: 0,
        downtime_hours: BTreeMap::new(),
        impacted_hours: BTreeMap::new(),
        time_to_acknowledge: spread(Vec::new()),
        time_to_resolve: spread(Vec::new()),
        runbook_activations: BTreeMap::new(),
        coverage_gap_hours: BTreeMap::new(),
    };
    let mut ack = Vec::new();
    let mut resolve = Vec::new();
    for row in store.incident_rows(true)? {
        let Some(i) = store.incident(&row.id)? else {
            continue;
        };
        let start = i
            .milestones
            .get(&Milestone::Started)
            .copied()
            .unwrap_or(row.declared_at);
        if start < from || start >= to {
            continue;
        }
        r.incidents += 1;
        if i.severity == top {
            r.major_incidents += 1;
            r.major_per_month[start.with_timezone(&tz).month0() as usize] += 1;
            for s in &i.systems {
                *r.major_per_system.entry(s.clone()).or_default() += 1;
            }
        }
        if let Some(t) = i.milestones.get(&Milestone::Acknowledged) {
            ack.push((*t - start).num_minutes());
        }
        if let Some(t) = i.milestones.get(&Milestone::Resolved) {
            resolve.push((*t - start).num_minutes());
        }
        if i.patient_safety.is_some() {
            r.patient_safety_flags += 1;
            let events = crate::store::incidents::incident_events(store.connection(), &i.id)?;
            match assessment::fold(&events)?.decision {
                Some((d, ..)) if d.report => r.lex_maria_reported += 1,
                Some(_) => r.lex_maria_not_reported += 1,
                None => r.lex_maria_undecided += 1,
            }
        }
    }
    r.time_to_acknowledge = spread(ack);
    r.time_to_resolve = spread(resolve);
    // Downtime and impact: their stretches (model::outage), clipped to the year.
    let changes = store.events(&EventFilter {
        kinds: vec![kind::SYSTEM_STATUS_CHANGED.into()],
        until: Some(to),
        ..Default::default()
    })?;
    let mut by_system: BTreeMap<String, Vec<(DateTime<Utc>, StatusChange)>> = BTreeMap::new();
    for e in &changes {
        let Some(system) = crate::model::event::subject::system_id(&e.subject) else {
            continue;
        };
        let Ok(c) = serde_json::from_value::<StatusChange>(e.payload.clone()) else {
            continue;
        };
        by_system
            .entry(system.to_string())
            .or_default()
            .push((e.occurred_at, c));
    }
    let end = Utc::now().min(to);
    let hours = |s: i64| (s as f64 / 3600.0 * 10.0).round() / 10.0;
    for (system, list) in by_system {
        let st = crate::model::outage::stretches(list.iter().map(|(a, c)| (*a, c)), end);
        let (down, impacted) = (st.down_within(from, to), st.impacted_within(from, to));
        if down > 0 {
            r.downtime_hours.insert(system.clone(), hours(down));
        }
        if impacted > 0 {
            r.impacted_hours.insert(system, hours(impacted));
        }
    }
    for run in store.run_rows()? {
        let Some(t) = crate::model::timespec::from_storage(&run.started_at) else {
            continue;
        };
        if t >= from && t < to {
            *r.runbook_activations.entry(run.runbook_id).or_default() += 1;
        }
    }
    let rota = region.rota(store.oncall_overrides()?);
    for s in region
        .systems
        .iter()
        .filter(|s| s.criticality == Criticality::BusinessCritical)
    {
        let hours: f64 = rota
            .gaps(&s.id, &s.owner_team, s.supplier_team.as_deref(), from, to)
            .iter()
            .map(|g| (g.to - g.from).num_minutes() as f64 / 60.0)
            .sum();
        if hours > 0.0 {
            r.coverage_gap_hours.insert(s.id.clone(), hours.round());
        }
    }
    Ok(Some(r))
}

fn bar(n: usize, max: usize, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    "█".repeat((n * width).div_ceil(max).min(width))
}

/// The report as Markdown, in Swedish, with bar charts.
pub fn to_markdown(region: &Region, r: &YearReport) -> String {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let mut s = format!(
        "# Driftstörningar och patientsäkerhet {}: {}\n\n",
        r.year, region.site.care_provider
    );
    s.push_str(&format!(
        "- Incidenter: {} varav stora (högsta allvarlighetsgrad): {}\n- Flaggade för risk för vårdskada: {}\n- Lex Maria: anmälda {}, ej anmälda {}, utan beslut {}\n\n",
        r.incidents, r.major_incidents, r.patient_safety_flags, r.lex_maria_reported, r.lex_maria_not_reported, r.lex_maria_undecided
    ));
    s.push_str("## Stora incidenter per månad\n\n```\n");
    let max = r.major_per_month.iter().copied().max().unwrap_or(0);
    for (m, n) in r.major_per_month.iter().enumerate() {
        s.push_str(&format!("{} {:>3} {}\n", MONTHS[m], n, bar(*n, max, 40)));
    }
    s.push_str("```\n\n## Stora incidenter per system\n\n");
    // Systems by name, the id in brackets (it said "- ctg: 1").
    let name = |id: &str| match region.system(id) {
        Some(x) => format!("{} ({id})", x.name),
        None => id.to_string(),
    };
    for (sys, n) in &r.major_per_system {
        s.push_str(&format!("- {}: {n}\n", name(sys)));
    }
    s.push_str("\n## Nertid per system (timmar, nere eller försämrat)\n\n");
    for (sys, h) in &r.downtime_hours {
        s.push_str(&format!("- {}: {h}\n", name(sys)));
    }
    s.push_str(
        "\n## Påverkan per system (timmar ◆ påverkat genom ett system det beror på, egna \
         kontroller uppe)\n\n",
    );
    for (sys, h) in &r.impacted_hours {
        s.push_str(&format!("- {}: {h}\n", name(sys)));
    }
    let spread_text = |x: &Spread| match (x.median_min, x.p90_min) {
        (Some(m), Some(p)) => format!("median {m} min, p90 {p} min ({} incidenter)", x.count),
        _ => "inga".into(),
    };
    s.push_str(&format!(
        "\n## Tider\n\n- Till kvittens: {}\n- Till löst: {}\n\n## Aktiverade reservrutiner\n\n",
        spread_text(&r.time_to_acknowledge),
        spread_text(&r.time_to_resolve)
    ));
    for (rb, n) in &r.runbook_activations {
        s.push_str(&format!("- {rb}: {n}\n"));
    }
    s.push_str("\n## Luckor i jourtäckningen (verksamhetskritiska system, timmar utan jour enligt schemat)\n\n");
    for (sys, h) in &r.coverage_gap_hours {
        s.push_str(&format!("- {}: {h}\n", name(sys)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_uses_the_nearest_rank() {
        let s = spread(vec![10, 1, 5, 7, 3, 2, 8, 4, 6, 9]);
        assert_eq!((s.count, s.median_min, s.p90_min), (10, Some(5), Some(9)));
        assert_eq!(spread(Vec::new()).median_min, None);
        assert_eq!(bar(5, 10, 40).chars().count(), 20);
    }
}
