//! Status changes that only follow another system's outage: the systems impacted by it
//! (`impacted_by`), and the changes that end such an impact. A region's network going
//! down impacts ten systems at once; the record and the console's timeline show that as
//! one row, not ten (i18n::follow_on says it in words).

use crate::event::{Event, StatusChange, kind};
use crate::health::Health;

/// A system up by its own checks while one it depends on is down: shown "◆ påverkad" /
/// "impacted", not "up", wherever a state is shown (console, `status`).
pub fn is_impacted(health: Health, impacted_by: &[String]) -> bool {
    health == Health::Up && !impacted_by.is_empty()
}

/// At least this many alike changes fold into one row.
pub const AT_LEAST: usize = 3;

/// Alike follow-on changes of one timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowOn {
    /// Indexes into the timeline, in its order.
    pub members: Vec<usize>,
    /// The system whose outage they follow.
    pub cause: String,
    /// The impact ending (the systems no longer impacted) rather than beginning.
    pub ended: bool,
    /// The state the members went from and to.
    pub previous: Health,
    pub health: Health,
}

impl FollowOn {
    /// The members' systems (ids), in order.
    pub fn systems(&self, timeline: &[Event]) -> Vec<String> {
        self.members
            .iter()
            .filter_map(|i| timeline.get(*i))
            .map(|x| {
                crate::event::subject::system_id(&x.subject)
                    .unwrap_or(&x.subject)
                    .to_string()
            })
            .collect()
    }
}

/// The follow-on changes of `timeline` grouped by the system that caused them, the state
/// they went to and whether the impact began or ended; only groups of `AT_LEAST` or more.
/// An impact's end is a change of a system last seen impacted, now without impact, to
/// what its own checks say (read alone it is "uppe → uppe"). A system seen again for the
/// same key begins another group: the cause went down twice, and a second outage's
/// impacts are not the first's (one row once said "10 systems" for five, each twice).
pub fn groups(timeline: &[Event]) -> Vec<FollowOn> {
    type Key = (String, String, bool);
    let mut groups: std::collections::BTreeMap<Key, FollowOn> = Default::default();
    let mut done: Vec<FollowOn> = Vec::new();
    // The system each system was last seen impacted by, in the timeline's order.
    let mut impacted: std::collections::HashMap<&str, String> = Default::default();
    for (i, x) in timeline.iter().enumerate() {
        if x.kind != kind::SYSTEM_STATUS_CHANGED {
            continue;
        }
        // Read in place: the payload is not copied for each status change.
        let Ok(c) = <StatusChange as serde::Deserialize>::deserialize(&x.payload) else {
            continue;
        };
        let (cause, ended) = if let Some(cause) = c.impacted_by.first() {
            impacted.insert(&x.subject, cause.clone());
            if c.own != c.previous {
                continue;
            }
            (cause.clone(), false)
        } else if let Some(cause) = impacted.remove(x.subject.as_str())
            && c.own == c.health
            && c.suppressed.is_none()
            && c.maintenance.is_none()
        {
            (cause, true)
        } else {
            continue;
        };
        let shape = if ended {
            format!("{:?}→{:?}", c.previous, c.health)
        } else {
            format!("{:?}", c.health)
        };
        let key = (cause.clone(), shape, ended);
        if groups
            .get(&key)
            .is_some_and(|g| g.members.iter().any(|m| timeline[*m].subject == x.subject))
        {
            done.extend(groups.remove(&key));
        }
        groups
            .entry(key)
            .or_insert_with(|| FollowOn {
                members: Vec::new(),
                cause,
                ended,
                previous: c.previous,
                health: c.health,
            })
            .members
            .push(i);
    }
    let mut out: Vec<FollowOn> = done
        .into_iter()
        .chain(groups.into_values())
        .filter(|g| g.members.len() >= AT_LEAST)
        .collect();
    out.sort_by_key(|g| g.members[0]);
    out
}
