//! Every kind of event this build writes and reads, as one enum (issue 33): a `match` over
//! [`EventKind`] without a wildcard is checked by the compiler, so the payload check, the
//! presenter (`i18n::events`) and the guard's tests cannot forget a kind. The stored name
//! (`"page.triggered"`) is [`EventKind::as_str`]; the per-family constants
//! (`page::kind::TRIGGERED`) are these names.

macro_rules! event_kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A kind of event, by the name it is stored under.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventKind {
            $($(#[$doc])* $variant,)*
        }

        impl EventKind {
            /// Every kind, in the order of the log format's documentation.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// Every kind's stored name, in the order of [`EventKind::ALL`].
            pub const NAMES: &'static [&'static str] = &[$($name,)*];

            /// The name the kind is stored under.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $name,)*
                }
            }

            /// The kind stored under `name`, if this build knows it.
            pub fn parse(name: &str) -> Option<EventKind> {
                match name {
                    $($name => Some(EventKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

event_kinds! {
    /// An operations-diary entry (driftdagbok).
    DiaryNote = "diary.note",
    /// A system's shown status changed.
    SystemStatusChanged = "system.status_changed",
    /// The monitor's canaries all failed: it cannot see.
    MonitorBlind = "monitor.blind",
    /// The canaries answer again.
    MonitorSighted = "monitor.sighted",
    /// A backup was restored as the log.
    LogRestored = "log.restored",
    /// A process started with a configuration other than the last one recorded.
    ConfigApplied = "config.applied",
    /// A monitor process took the lease.
    MonitorLeaseTaken = "monitor.lease_taken",
    /// A maintenance window added at run time.
    MaintenanceAdded = "maintenance.added",
    /// A run-time window ended before its time.
    MaintenanceEnded = "maintenance.ended",
    /// Silences made in Alertmanager for a window (or the attempt that failed).
    MaintenanceSilenced = "maintenance.silenced",
    /// A window's silences expired (or the attempt that failed).
    MaintenanceUnsilenced = "maintenance.unsilenced",
    /// An alert from the region's monitoring changed state.
    AlertReceived = "alert.received",
    /// An incident was declared.
    IncidentDeclared = "incident.declared",
    /// A note, decision, status update or communication in an incident.
    IncidentNote = "incident.note",
    /// An incident's status changed.
    IncidentStatusChanged = "incident.status_changed",
    /// A milestone's time was set (or corrected).
    IncidentMilestoneSet = "incident.milestone_set",
    /// A role was assigned (or handed over).
    IncidentRoleAssigned = "incident.role_assigned",
    /// The incident was flagged as a risk to patient safety.
    IncidentPatientSafetyFlagged = "incident.patient_safety_flagged",
    /// The post-incident review was updated.
    IncidentReviewUpdated = "incident.review_updated",
    /// An on-call override (a swap) was made.
    OncallOverride = "oncall.override",
    /// An override was cancelled.
    OncallOverrideCancelled = "oncall.override_cancelled",
    /// A hand-off note.
    OncallHandoffNote = "oncall.handoff_note",
    /// A calendar was imported as overrides.
    OncallCalendarImported = "oncall.calendar_imported",
    /// A page was raised.
    PageTriggered = "page.triggered",
    /// A page went to someone (an escalation step).
    PageNotified = "page.notified",
    /// A page was acknowledged.
    PageAcknowledged = "page.acknowledged",
    /// A page was resolved.
    PageResolved = "page.resolved",
    /// What a channel said about delivering a page.
    PageDelivery = "page.delivery",
    /// A page joined to an incident declared after it was raised.
    PageLinked = "page.linked",
    /// A run of a downtime routine began.
    RunStarted = "run.started",
    /// A step was done.
    RunStepDone = "run.step_done",
    /// A step was skipped.
    RunStepSkipped = "run.step_skipped",
    /// A note on a step.
    RunStepNoted = "run.step_noted",
    /// A step was undone.
    RunStepUndone = "run.step_undone",
    /// The run was completed.
    RunCompleted = "run.completed",
    /// The run was aborted.
    RunAborted = "run.aborted",
    /// A run joined to an incident declared after it started.
    RunLinked = "run.linked",
    /// A Lex Maria assessment was answered.
    ReviewAssessment = "review.assessment",
    /// The chief physician's decision.
    ReviewDecision = "review.decision",
    /// A reporting clock (NIS2, GDPR, medical device).
    ReviewClock = "review.clock",
    /// The Lex Maria record was exported.
    ExportLexMaria = "export.lex_maria",
    /// The guard masked something in an event.
    GuardMasked = "guard.masked",
    /// An event's payload was redacted through the one recorded path.
    LogRedacted = "log.redacted",
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::EventKind;

    #[test]
    fn every_kind_reads_back_from_its_name_and_no_two_share_one() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(*k));
        }
        let mut names = EventKind::NAMES.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
        assert_eq!(EventKind::parse("page.triggerd"), None);
    }
}
