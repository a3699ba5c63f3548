//! What the events written since the console last looked touch: which of its screens' data
//! a reload must read again (the periodic path reads only that).

/// What the events written since the console last looked touch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Touched {
    pub status: bool,
    pub incidents: bool,
    pub oncall: bool,
    pub pages: bool,
    pub runs: bool,
    /// Alerts began firing or resolved (the unmapped ones are listed on screen 1).
    pub alerts: bool,
    /// Something that can change any screen (a redaction, a restore): reload everything.
    pub everything: bool,
}

/// More new events than this at once (a restore, an import) reload everything.
pub(crate) const MAX_CHANGES: usize = 10_000;

impl Touched {
    pub(crate) fn by(kinds: &[(i64, String)]) -> Touched {
        let mut t = Touched {
            everything: kinds.len() > MAX_CHANGES,
            ..Touched::default()
        };
        use crate::model::event_kind::EventKind as K;
        for (_, kind) in kinds {
            // Every kind, no wildcard: a new kind says here which screens it touches. A
            // kind this build does not know (a newer writer's) touches nothing it shows.
            let Some(kind) = K::parse(kind) else {
                continue;
            };
            match kind {
                K::SystemStatusChanged
                | K::MaintenanceAdded
                | K::MaintenanceEnded
                | K::MaintenanceSilenced
                | K::MaintenanceUnsilenced
                | K::MonitorBlind
                | K::MonitorSighted
                | K::MonitorLeaseTaken => t.status = true,
                K::IncidentDeclared
                | K::IncidentNote
                | K::IncidentStatusChanged
                | K::IncidentMilestoneSet
                | K::IncidentRoleAssigned
                | K::IncidentPatientSafetyFlagged
                | K::IncidentReviewUpdated
                | K::ReviewAssessment
                | K::ReviewDecision
                | K::ReviewClock
                | K::ExportLexMaria => t.incidents = true,
                K::OncallOverride
                | K::OncallOverrideCancelled
                | K::OncallHandoffNote
                | K::OncallCalendarImported => t.oncall = true,
                K::PageTriggered
                | K::PageNotified
                | K::PageAcknowledged
                | K::PageResolved
                | K::PageDelivery
                | K::PageLinked => t.pages = true,
                K::RunStarted
                | K::RunStepDone
                | K::RunStepSkipped
                | K::RunStepNoted
                | K::RunStepUndone
                | K::RunCompleted
                | K::RunAborted
                | K::RunLinked => t.runs = true,
                K::AlertReceived => t.alerts = true,
                K::LogRestored | K::LogRedacted => t.everything = true,
                // The log screen reads every new event itself; these change no other view.
                K::DiaryNote | K::ConfigApplied | K::GuardMasked => {}
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::Touched;

    fn by(kinds: &[&str]) -> Touched {
        let kinds: Vec<(i64, String)> = kinds.iter().map(|k| (1, k.to_string())).collect();
        Touched::by(&kinds)
    }

    #[test]
    fn each_kind_touches_what_shows_it() {
        assert_eq!(
            by(&["page.notified"]),
            Touched {
                pages: true,
                ..Touched::default()
            }
        );
        assert!(by(&["review.decision"]).incidents);
        assert!(by(&["monitor.blind"]).status);
        assert!(by(&["log.redacted"]).everything);
        assert_eq!(
            by(&["diary.note", "a.kind.from.a.newer.writer"]),
            Touched::default()
        );
    }
}
