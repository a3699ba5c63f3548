//! The record's rows in words: page targets and durations as a person says them, and
//! follow-on status changes folded into one row (lex_maria_md.rs writes the record).

use super::lex_maria_md::{local, local_parts, tr};
use crate::i18n::Lang;
use crate::model::region::Region;
use crate::model::shown::markdown as md;
use chrono::{DateTime, Utc};

/// A page's target by name: "IT-drift" for `team:it-drift`, a person's name for
/// `person:…`.
pub(super) fn target_name(l: Lang, region: &Region, target: &str) -> String {
    let name = region.page_target_name(target);
    match target.split_once(':') {
        Some(("team", id)) if region.team(id).is_some() => {
            format!("{} {name}", tr(l, "teamet", "the team"))
        }
        _ => name.to_string(),
    }
}

/// A timeline row's place in a fold of follow-on status changes.
pub(super) enum Fold<'a> {
    First(Vec<&'a crate::model::event::Event>),
    Rest,
}

/// Status changes caused by another system (`impacted_by`), grouped by that system and
/// the state they went to; groups of three or more fold into one row.
pub(super) fn follow_on_groups(
    timeline: &[crate::model::event::Event],
) -> std::collections::HashMap<i64, Fold<'_>> {
    use crate::model::event::StatusChange;
    let mut groups: std::collections::BTreeMap<(String, String), Vec<&crate::model::event::Event>> =
        Default::default();
    for x in timeline {
        if x.kind != "system.status_changed" {
            continue;
        }
        let Ok(c) = serde_json::from_value::<StatusChange>(x.payload.clone()) else {
            continue;
        };
        if let Some(cause) = c.impacted_by.first()
            && c.own == c.previous
        {
            groups
                .entry((cause.clone(), format!("{:?}", c.health)))
                .or_default()
                .push(x);
        }
    }
    let mut out = std::collections::HashMap::new();
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() >= 3) {
        for m in &members[1..] {
            out.insert(m.id, Fold::Rest);
        }
        out.insert(members[0].id, Fold::First(members));
    }
    out
}

/// One row for a fold: "Kärnnätverk: 11 följdpåverkade system nere, 03:12–04:40: A, B, …".
pub(super) fn fold_row(
    l: Lang,
    region: &Region,
    members: &[&crate::model::event::Event],
) -> String {
    use crate::model::event::StatusChange;
    let change = |x: &crate::model::event::Event| {
        serde_json::from_value::<StatusChange>(x.payload.clone()).ok()
    };
    let first = members[0];
    let last = members[members.len() - 1];
    let cause = change(first)
        .and_then(|c| c.impacted_by.first().cloned())
        .unwrap_or_default();
    let cause_name = region
        .system(&cause)
        .map_or(cause.as_str(), |s| s.name.as_str());
    let health = change(first)
        .map(|c| l.health(c.health))
        .unwrap_or_default();
    let names: Vec<&str> = members
        .iter()
        .map(|x| {
            let id = crate::model::event::subject::system_id(&x.subject).unwrap_or(&x.subject);
            region.system(id).map_or(id, |s| s.name.as_str())
        })
        .collect();
    let hm = |t: DateTime<Utc>| local_parts(region, t).1;
    format!(
        "| #{}–#{} ({} {}) | {}–{} | beredskap | {}: {} {} {health}: {} |",
        first.id,
        last.id,
        members.len(),
        tr(l, "händelser", "events"),
        local(region, first.occurred_at),
        hm(last.occurred_at),
        md(cause_name),
        members.len(),
        tr(l, "följdpåverkade system", "systems impacted in turn,"),
        md(&names.join(", "))
    )
}

/// Minutes in words, as a person says them: "50 min", "1 h 5 min", "2 dygn 3 h" ("2 d 3 h"
/// in English).
pub fn in_words(l: Lang, minutes: i64) -> String {
    let m = minutes.max(0);
    let (days, hours, mins) = (m / 1440, m % 1440 / 60, m % 60);
    let day = tr(l, "dygn", "d");
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} {day}"),
        (d, h, _) => format!("{d} {day} {h} h"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_words() {
        use super::in_words;
        use crate::i18n::Lang::{En, Sv};
        assert_eq!(in_words(Sv, 0), "0 min");
        assert_eq!(in_words(Sv, 50), "50 min");
        assert_eq!(in_words(Sv, 60), "1 h");
        assert_eq!(in_words(Sv, 65), "1 h 5 min");
        assert_eq!(in_words(Sv, 1440), "1 dygn");
        assert_eq!(in_words(Sv, 3 * 1440 + 125), "3 dygn 2 h");
        assert_eq!(in_words(En, 3 * 1440 + 125), "3 d 2 h");
        assert_eq!(in_words(Sv, -5), "0 min");
    }
}
