//! The incident parts of the console's state: the list, the open incident, prompts and
//! confirmations for incident actions. No I/O: actions become effects.

use crate::model::event::Event;
use crate::model::health::Health;
use crate::model::incident::Incident;

/// An affected system's live state as the status screen shows it: impacted (up by its own
/// checks while a system it depends on is down) is its own state, never "up".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    Health(Health),
    Impacted,
}

/// An open incident as the detail view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    pub incident: Incident,
    /// The timeline as shown: follow-on status changes folded into their first (`folds`).
    pub timeline: Vec<Event>,
    /// The affected systems with their live state.
    pub systems: Vec<(String, Live)>,
    /// Follow-on status changes shown as one row, by the id of the event that stands for
    /// them: the fold and its systems (ids).
    pub folds: std::collections::HashMap<i64, (crate::model::follow_on::FollowOn, Vec<String>)>,
}

impl IncidentDetail {
    /// The detail of `incident` with its whole `timeline`: three or more status changes
    /// that only follow another system's outage (its start or its end) become one row, as
    /// in the Lex Maria record — a network outage impacting ten systems is one line on the
    /// commander's timeline, not ten.
    pub fn new(incident: Incident, timeline: Vec<Event>, systems: Vec<(String, Live)>) -> Self {
        let mut folds = std::collections::HashMap::new();
        let mut folded = std::collections::HashSet::new();
        for g in crate::model::follow_on::groups(&timeline) {
            folded.extend(g.members[1..].iter().map(|i| timeline[*i].id));
            let systems = g.systems(&timeline);
            folds.insert(timeline[g.members[0]].id, (g, systems));
        }
        let timeline = timeline
            .into_iter()
            .filter(|e| !folded.contains(&e.id))
            .collect();
        IncidentDetail {
            incident,
            timeline,
            systems,
            folds,
        }
    }
}
