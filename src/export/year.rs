//! The yearly numbers an annual patient-safety report (patientsäkerhetsberättelse) needs:
//! major incidents per month and per system, patient-safety flags and Lex Maria decisions,
//! downtime hours per system, time to acknowledge and to resolve (median, p90), runbook
//! activations, and on-call coverage gaps of the business-critical systems.

use crate::i18n::Lang;
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
            let events = store.incident_events(&i.id)?;
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
/// The year in words, in `lang`: the numbers, a bar per month, systems by name.
pub fn to_markdown(lang: Lang, region: &Region, r: &YearReport) -> String {
    let sv = lang == Lang::Sv;
    let tr = |a: &'static str, b: &'static str| if sv { a } else { b };
    let months: [&str; 12] = if sv {
        [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ]
    } else {
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
    };
    let mut s = format!(
        "# {} {}: {}\n\n",
        tr(
            "Driftstörningar och patientsäkerhet",
            "Outages and patient safety"
        ),
        r.year,
        region.site.care_provider
    );
    s.push_str(&if sv {
        format!(
            "- Incidenter: {} varav stora (högsta allvarlighetsgrad): {}\n- Flaggade för risk \
             för vårdskada: {}\n- Lex Maria: anmälda {}, ej anmälda {}, utan beslut {}\n\n",
            r.incidents,
            r.major_incidents,
            r.patient_safety_flags,
            r.lex_maria_reported,
            r.lex_maria_not_reported,
            r.lex_maria_undecided
        )
    } else {
        format!(
            "- Incidents: {}, of them major (the most severe level): {}\n- Flagged for risk of \
             patient harm: {}\n- Lex Maria: reported {}, not reported {}, undecided {}\n\n",
            r.incidents,
            r.major_incidents,
            r.patient_safety_flags,
            r.lex_maria_reported,
            r.lex_maria_not_reported,
            r.lex_maria_undecided
        )
    });
    s.push_str(&format!(
        "## {}\n\n```\n",
        tr("Stora incidenter per månad", "Major incidents per month")
    ));
    let max = r.major_per_month.iter().copied().max().unwrap_or(0);
    for (m, n) in r.major_per_month.iter().enumerate() {
        s.push_str(&format!("{} {:>3} {}\n", months[m], n, bar(*n, max, 40)));
    }
    // Systems by name, the id in brackets (it said "- ctg: 1").
    let name = |id: &str| match region.system(id) {
        Some(x) => format!("{} ({id})", x.name),
        None => id.to_string(),
    };
    let section = |s: &mut String, title: &str, rows: Vec<(String, String)>| {
        s.push_str(&format!("\n## {title}\n\n"));
        for (what, n) in rows {
            s.push_str(&format!("- {what}: {n}\n"));
        }
    };
    s.push_str("```\n");
    let by_system = |m: &BTreeMap<String, f64>| -> Vec<(String, String)> {
        m.iter().map(|(k, v)| (name(k), v.to_string())).collect()
    };
    section(
        &mut s,
        tr("Stora incidenter per system", "Major incidents per system"),
        r.major_per_system
            .iter()
            .map(|(k, v)| (name(k), v.to_string()))
            .collect(),
    );
    section(
        &mut s,
        tr(
            "Nertid per system (timmar, nere eller försämrat)",
            "Downtime per system (hours, down or degraded)",
        ),
        by_system(&r.downtime_hours),
    );
    section(
        &mut s,
        tr(
            "Påverkan per system (timmar ◆ påverkat genom ett system det beror på, egna \
             kontroller uppe)",
            "Impact per system (hours ◆ impacted through a system it depends on, its own checks \
             up)",
        ),
        by_system(&r.impacted_hours),
    );
    let spread_text = |x: &Spread| match (x.median_min, x.p90_min) {
        (Some(m), Some(p)) => format!(
            "median {m} min, p90 {p} min ({} {})",
            x.count,
            tr("incidenter", "incidents")
        ),
        _ => tr("inga", "none").into(),
    };
    s.push_str(&format!(
        "\n## {}\n\n- {}: {}\n- {}: {}\n",
        tr("Tider", "Times"),
        tr("Till kvittens", "To acknowledgement"),
        spread_text(&r.time_to_acknowledge),
        tr("Till löst", "To resolution"),
        spread_text(&r.time_to_resolve)
    ));
    section(
        &mut s,
        tr("Aktiverade reservrutiner", "Downtime routines activated"),
        r.runbook_activations
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect(),
    );
    section(
        &mut s,
        tr(
            "Luckor i jourtäckningen (verksamhetskritiska system, timmar utan jour enligt \
             schemat)",
            "Gaps in on-call cover (business-critical systems, hours without anyone on call by \
             the rota)",
        ),
        by_system(&r.coverage_gap_hours),
    );
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
