//! The record's rows in words: page targets and durations as a person says them, and
//! follow-on status changes folded into one row (lex_maria_md.rs writes the record).

use super::lex_maria_md::{local, local_parts, tr};
use crate::i18n::Lang;
use crate::model::region::Region;
use crate::model::shown::markdown as md;

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
    /// The fold's first row.
    First(FollowOn<'a>),
    Rest,
}

/// Status changes that only follow another system's, folded into one row.
pub(super) struct FollowOn<'a> {
    pub members: Vec<&'a crate::model::event::Event>,
    /// The system whose outage they follow.
    pub cause: String,
    /// The impact ending (the systems no longer impacted) rather than beginning.
    pub ended: bool,
}

/// Status changes caused by another system (`impacted_by`), grouped by that system and
/// the state they went to, and the changes that end such an impact (the same state, no
/// longer impacted: "uppe → uppe" read alone), grouped by the system that had caused it;
/// groups of three or more fold into one row.
pub(super) fn follow_on_groups(
    timeline: &[crate::model::event::Event],
) -> std::collections::HashMap<i64, Fold<'_>> {
    use crate::model::event::StatusChange;
    type Key = (String, String, bool);
    let mut groups: std::collections::BTreeMap<Key, Vec<&crate::model::event::Event>> =
        Default::default();
    // The system each system was last seen impacted by, in the record's order.
    let mut impacted: std::collections::HashMap<&str, String> = Default::default();
    for x in timeline {
        if x.kind != crate::model::event::kind::SYSTEM_STATUS_CHANGED {
            continue;
        }
        let Ok(c) = serde_json::from_value::<StatusChange>(x.payload.clone()) else {
            continue;
        };
        if let Some(cause) = c.impacted_by.first() {
            impacted.insert(&x.subject, cause.clone());
            if c.own == c.previous {
                groups
                    .entry((cause.clone(), format!("{:?}", c.health), false))
                    .or_default()
                    .push(x);
            }
        } else if let Some(cause) = impacted.remove(x.subject.as_str())
            && c.own == c.health
            && c.suppressed.is_none()
            && c.maintenance.is_none()
        {
            // Its own state is what it shows again: only the impact ended.
            groups
                .entry((cause, format!("{:?}→{:?}", c.previous, c.health), true))
                .or_default()
                .push(x);
        }
    }
    let mut out = std::collections::HashMap::new();
    for ((cause, _, ended), members) in groups.into_iter().filter(|(_, m)| m.len() >= 3) {
        for m in &members[1..] {
            out.insert(m.id, Fold::Rest);
        }
        out.insert(
            members[0].id,
            Fold::First(FollowOn {
                members,
                cause,
                ended,
            }),
        );
    }
    out
}

/// One row for a fold: "Kärnnätverk: 11 följdpåverkade system nere: A, B, …", or, where
/// the impact ended, "Kärnnätverk: följdpåverkan upphörde för 11 system: A, B, …"; the time
/// from the first to the last (once when they are the same minute). `by_day`: the time
/// only (the printed record has a line for each day).
pub(super) fn fold_row(l: Lang, region: &Region, fold: &FollowOn, by_day: bool) -> String {
    use crate::model::event::StatusChange;
    let members = &fold.members;
    let first = members[0];
    let last = members[members.len() - 1];
    let cause = region
        .system(&fold.cause)
        .map_or(fold.cause.as_str(), |s| s.name.as_str());
    let names: Vec<&str> = members
        .iter()
        .map(|x| {
            let id = crate::model::event::subject::system_id(&x.subject).unwrap_or(&x.subject);
            region.system(id).map_or(id, |s| s.name.as_str())
        })
        .collect();
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
    let n = members.len();
    let change = serde_json::from_value::<StatusChange>(first.payload.clone()).ok();
    let what = match change {
        Some(c) if fold.ended => {
            let mut what = match l {
                Lang::Sv => format!("följdpåverkan upphörde för {n} system"),
                Lang::En => format!("{n} systems no longer impacted"),
            };
            if c.previous != c.health {
                what.push_str(&format!(
                    ", {} → {}",
                    l.health(c.previous),
                    l.health(c.health)
                ));
            }
            what
        }
        Some(c) => format!(
            "{n} {} {}",
            tr(l, "följdpåverkade system", "systems impacted in turn,"),
            l.health(c.health)
        ),
        None => String::new(),
    };
    // The monitor's account, as the other status rows name it.
    let actor = if first.actor == first.os_account {
        md(&first.actor)
    } else {
        format!(
            "{} ({} {})",
            md(&first.actor),
            tr(l, "OS-konto", "OS account"),
            md(&first.os_account)
        )
    };
    format!(
        "| #{}–#{} ({n} {}) | {when} | {actor} | {}: {what}: {} |",
        first.id,
        last.id,
        tr(l, "händelser", "events"),
        md(cause),
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
