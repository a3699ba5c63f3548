//! The record's rows in words: page targets and durations as a person says them, and
//! follow-on status changes folded into one row (lex_maria_md.rs writes the record).

use super::words::{local, local_parts, tr};
use crate::i18n::Lang;
use crate::model::region::Region;
use crate::model::shown::markdown as md;

/// A page's target by name: "IT-drift" for `team:it-drift`, a person's name for
/// `person:…`.
/// A person or a team as the region names them, the id in brackets ("Dr. Elsa Granskargren
/// (cl.berg)", "Nätverk och kommunikation (natverk)"); anything else as written (it said a
/// bare "cl.berg", "ansvarig natverk").
pub(super) fn named(region: &Region, id: &str) -> String {
    let id = id.trim();
    if let Some(p) = region.person(id) {
        format!("{} ({id})", p.name)
    } else if let Some(t) = region.team(id) {
        format!("{} ({id})", t.name)
    } else {
        id.to_string()
    }
}

pub(super) fn target_name(l: Lang, region: &Region, target: &str) -> String {
    let name = region.page_target_name(target);
    match target.split_once(':') {
        Some(("team", id)) if region.team(id).is_some() => {
            format!("{} {name}", tr(l, "teamet", "the team"))
        }
        _ => name.to_string(),
    }
}

/// A timeline row's place in a fold of follow-on status changes (model::follow_on).
pub(super) enum Fold {
    /// The fold's first row.
    First(crate::model::follow_on::FollowOn),
    Rest,
}

/// The record's timeline rows that fold, by event id.
pub(super) fn follow_on_groups(
    timeline: &[crate::model::event::Event],
) -> std::collections::HashMap<i64, Fold> {
    let mut out = std::collections::HashMap::new();
    for g in crate::model::follow_on::groups(timeline) {
        for i in &g.members[1..] {
            out.insert(timeline[*i].id, Fold::Rest);
        }
        out.insert(timeline[g.members[0]].id, Fold::First(g));
    }
    out
}

/// One row for a fold (its words from i18n::follow_on): the events' numbers, the time
/// from the first to the last (once when they are the same minute), the monitor's
/// account. `by_day`: the time only (the printed record has a line for each day).
pub(super) fn fold_row(
    l: Lang,
    region: &Region,
    timeline: &[crate::model::event::Event],
    fold: &crate::model::follow_on::FollowOn,
    by_day: bool,
) -> String {
    let first = &timeline[fold.members[0]];
    let last = &timeline[fold.members[fold.members.len() - 1]];
    let (first_day, first_time) = local_parts(region, first.occurred_at);
    let last_at = local_parts(region, last.occurred_at);
    let start = if by_day {
        first_time.clone()
    } else {
        local(region, first.occurred_at)
    };
    let when = if (first_day, first_time) == last_at {
        start
    } else {
        format!("{start}–{}", last_at.1)
    };
    // The monitor, as the other status rows name it.
    let actor = md(&crate::i18n::words::who(l, first));
    format!(
        "| #{}–#{} ({} {}) | {when} | {actor} | {} |",
        first.id,
        last.id,
        fold.members.len(),
        tr(l, "händelser", "events"),
        md(&crate::i18n::follow_on::text(
            l,
            region,
            fold,
            &fold.systems(timeline)
        ))
    )
}

/// Minutes in words, as a person says them: "50 min", "1 h 5 min", "2 dygn 3 h" ("2 d 3 h"
/// in English).
/// Seconds in words to the nearest minute; a stretch under a minute is "under 1 min", never
/// "0 min" (a 40-second impact happened).
pub fn seconds_in_words(l: Lang, seconds: i64) -> String {
    match seconds {
        ..=0 => in_words(l, 0),
        1..60 => "under 1 min".into(),
        s => in_words(l, (s + 30) / 60),
    }
}

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
