use super::T;

pub fn text(key: T) -> &'static str {
    match key {
        T::ScreenStatus => "Status",
        T::ScreenIncidents => "Incidents",
        T::ScreenRunbooks => "Runbooks",
        T::ScreenOnCall => "On-call",
        T::ScreenLog => "Log",
        T::ScreenReview => "Review",
        T::ComingIncidents => {
            "Major incidents: declare, roles, timeline, communication, resolution and review. Arrives with the incident feature."
        }
        T::ComingRunbooks => {
            "Downtime routines: active runs and routines per system, step by step. Arrives with the runbook feature."
        }
        T::ComingOnCall => {
            "On-call: who is on call now, internal and supplier, coverage gaps, escalation. Arrives with the on-call feature."
        }
        T::ComingReview => {
            "Review: the chief physician's queue of events with a risk of patient harm and the Lex Maria record. Arrives with the review feature."
        }
        T::Up => "up",
        T::Degraded => "degraded",
        T::Down => "down",
        T::Unknown => "unknown",
        T::Maintenance => "maintenance",
        T::MonitorHere => "monitor: running here",
        T::MonitorElsewhere => "monitor: run by",
        T::MonitorStaleSince => "monitor: STALE since",
        T::MonitorBlind => "monitor: BLIND",
        T::MonitorNone => "monitor: STARTING",
        T::ReadOnly => "read only",
        T::BannerStale => "STALE STATUS: no monitor has reported since",
        T::BannerLockedBy => "THE LOG IS LOCKED by",
        T::BannerLockedFor => "for",
        T::BannerLockedAlarms => "alarms go out all the same",
        T::BannerLogOfRecordLost => {
            "THE LOG IN POSTGRESQL CANNOT BE REACHED: showing what was last known; nothing can be saved until it is back"
        }
        T::BannerDamaged => {
            "THE LOG IS DAMAGED: nothing can be saved, restore a backup (operations.md)."
        }
        T::BannerWatchdog => "THE REGION'S MONITORING IS SILENT",
        T::BannerWatchdogWhy => "its alerts cannot reach us; systems it watches show UNKNOWN",
        T::BannerBlind => "MONITOR BLIND: it lost connectivity itself. Status UNKNOWN, not down.",
        T::BannerNoMonitor => "NO MONITOR HAS REPORTED YET: status is unknown.",
        T::ColSystem => "System",
        T::ColState => "State",
        T::ColSince => "Since",
        T::ColLatency => "Latency",
        T::ColUptime => "Up 24h",
        T::ColOwner => "Owner",
        T::ColImpactedBy => "Impacted by",
        T::NoChecks => "no checks",
        T::NotChecked => "not checked",
        T::StateImpacted => "impacted",
        T::DegradedMany => "degraded",
        T::ImpactedMany => "impacted",
        T::Flapping => "flapping",
        T::DetailChecks => "Checks",
        T::DetailUpstream => "Depends on",
        T::DetailDownstream => "Used by",
        T::DetailRunbooks => "Runbooks",
        T::DetailEvents => "Recent events",
        T::DetailNone => "none",
        T::DetailCriticality => "Criticality",
        T::ColTime => "Time",
        T::ColActor => "By",
        T::ColKind => "Kind",
        T::ColSubject => "Subject",
        T::ColText => "Text",
        T::LogEmpty => "No events.",
        T::LogRecorded => "recorded",
        T::NotePrompt => "Note (Enter saves, Esc cancels): ",
        T::FaultDiskFull => {
            "The disk holding the database is full: nothing was saved and the log is as it \
             was. Tell the IT on-call; try again when there is space."
        }
        T::FaultReadOnly => {
            "The log cannot be written from here (read-only): nothing was saved. Tell the IT \
             on-call."
        }
        T::FaultDamaged => {
            "The database file is damaged: nothing was saved. Tell the IT on-call (restore \
             from backup)."
        }
        T::NoteSaved => "Note saved as event",
        T::NoteRefusedReadOnly => {
            "You can only read: the account is not a person in the configuration."
        }
        T::HintMove => "↑↓ move",
        T::HintOpen => "Enter details",
        T::HintClose => "Esc close",
        T::HintFilter => "/ filter",
        T::HintScreens => "1-6 screens",
        T::HintHelp => "? help",
        T::HintQuit => "q quit",
        T::HintNote => "n note",
        T::HintCommand => "command",
        T::HintPage => "PgUp/PgDn page",
        T::FilterPrompt => "Filter: ",
        T::CommandPrompt => ":",
        T::UnknownCommand => "Unknown command",
        T::HelpTitle => "Help",
        T::HelpLogFile => "Log file",
        T::HelpKeys => "Keys",
        T::HelpInRun => "In an open run (screen 3)",
        T::HelpClose => "Esc or ? closes help",
        T::ActQuit => "quit",
        T::ActUp => "up",
        T::ActDown => "down",
        T::ActPageUp => "page up",
        T::ActPageDown => "page down",
        T::ActTop => "first",
        T::ActBottom => "last",
        T::ActOpen => "open",
        T::ActBack => "close / back",
        T::ActFilter => "filter the list",
        T::ActCommand => "command line (:status, :log, :q)",
        T::ActHelp => "help",
        T::ActNote => "new operations-diary note",
        T::ActIncidentNote => "incident note",
        T::ActScreen => "switch screen",
        T::DeclareDefaultTitle => "disruption",
        T::ConfirmDeclare => "Declare incident",
        T::ConfirmStatus => "Change status of",
        T::StillOut => "Still down or affected:",
        T::AndMore => "and another",
        T::ConfirmMilestone => "Set the milestone",
        T::MovedRow => "moved in the list, row",
        T::RunHintNote => "note",
        T::RunHintComplete => "complete",
        T::RunHintAbort => "abort",
        T::RunHintBack => "back",
        T::DraftKept => {
            "Nothing saved; what you typed is kept as a draft for when you open the prompt again"
        }
        T::EmptyNothingSaved => {
            "Nothing typed — nothing was saved. Type the answer, or Esc to cancel"
        }
        T::FilterCleared => "The filter was cleared to show what is wrong",
        T::SinceWord => "since",
        T::CursorWent => "the cursor went with it",
        T::Today => "today",
        T::Yesterday => "yesterday",
        T::TimeUnreadable => {
            "cannot be read as a time: write e.g. 10:30, 2026-12-06 10:30 or 15m (15 minutes \
             ago). Nothing was saved"
        }
        T::PickerNoMatch => "Nothing in the list matches",
        T::ConfirmFlag => "Flag risk of patient harm for",
        T::Cancelled => "Cancelled.",
        T::ConfirmHint => "  (y = yes, any other key = no)",
        T::PromptIncidentNote => "Note (Enter saves, Ctrl-J new line, Esc cancels): ",
        T::PromptDeclare => "New incident, title: ",
        T::PromptStatus => "New status (↑↓ choose, Enter): ",
        T::PromptMilestone => "Milestone (↑↓ choose; time e.g. 10:30, none = now): ",
        T::PromptRole => "Role (↑↓ choose, Enter): ",
        T::PromptPerson => "Who (↑↓ choose, Enter): ",
        T::PromptSeverity => "Severity (↑↓ choose, Enter): ",
        T::PromptFlag => "Risk of patient harm, describe: ",
        T::NewLineHint => "⏎",
        T::ColId => "Id",
        T::ColIncStatus => "Status",
        T::ColSeverity => "Severity",
        T::ColTitle => "Title",
        T::ColCommander => "Commander",
        T::ColDeclared => "Declared",
        T::NoIncidents => {
            "No incidents. Declare one with d (here, or from a system on the status screen)."
        }
        T::IncLeadMissing => "not assigned",
        T::IncAssigns => "assigns",
        T::IncRoles => "Roles",
        T::IncMilestones => "Milestones",
        T::IncTimeline => "Timeline",
        T::IncSystems => "Affected systems",
        T::IncSafety => "RISK OF PATIENT HARM",
        T::BannerMajor => "MAJOR INCIDENT OPEN",
        T::ActDeclare => "declare incident",
        T::ActSetStatus => "change status",
        T::ActSetMilestone => "set milestone",
        T::ActAssignRole => "assign role",
        T::ActFlag => "flag risk of patient harm",
        T::IncDeclared => "Incident declared",
        T::IncDone => "Saved",
        T::CritBusiness => "business-critical",
        T::CritHigh => "high",
        T::CritNormal => "normal",
        T::CritLow => "low",
        T::RunNotAllowed => "You may not run downtime runbooks",
        T::Roles => "roles",
        T::ConfirmStartRun => "Start the runbook",
        T::ForIncident => "for",
        T::RunNotActive => "This run is finished and takes no more steps",
        T::NothingToUndo => "The step is not marked: nothing to undo",
        T::StepsLeft => "steps left: mark them done or skip them (s), or abort the run (a)",
        T::ConfirmComplete => "Complete the run",
        T::ConfirmAbort => "Abort the run",
        T::Step => "Step",
        T::AlreadyTaken => "was already marked by",
        T::RunbookProblems => {
            "runbook file(s) have problems and are not shown: run `beredskap runbook lint`"
        }
        T::RunbookGone => "the runbook is gone (or has problems): run `beredskap runbook lint`",
        T::RunGone => "there is no such run",
        T::RunStarted => "Runbook started:",
        T::Saved => "saved",
        T::PromptSkip => "Why is the step skipped? ",
        T::PromptStepNote => "Note on the step: ",
        T::PromptUndo => "Why is the step undone? ",
        T::PromptAbort => "Why is the run aborted? ",
        T::RunsActive => "Active runs",
        T::RunbooksHeading => "Runbooks (Enter starts one)",
        T::RunsFinished => "Finished runs",
        T::NoRunbooks => "No runbooks found in the runbooks directory.",
        T::StepsWord => "steps",
        T::OfWord => "of",
        T::StepsFinished => "steps finished",
        T::StateDone => "done",
        T::StateSkipped => "skipped",
        T::RunCompletedBanner => "The run is completed",
        T::RunAbortedBanner => "The run was aborted",
        T::StartedBy => "started by",
        T::RoleWord => "role",
        T::ValueWord => "record",
        T::ActStepDone => "done",
        T::ActStepSkip => "skip",
        T::ActStepNote => "note",
        T::ActStepUndo => "undo",
        T::ActRunComplete => "complete the run",
        T::ActRunAbort => "abort the run",
        T::KeySpace => "Space",
        T::AllStepsFinished => "Every step is finished: press c to complete the run.",
        T::PrintHeading => "DOWNTIME RUNBOOK",
        T::PrintVersion => "version",
        T::PrintOwner => "owner",
        T::PrintSystems => "systems:",
        T::PrintChecksum => "checksum",
        T::PrintPrinted => "printed",
        T::PrintRun => "Run",
        T::PrintRunActive => "in progress",
        T::PrintActivation => "Activate when",
        T::PrintRoles => "Roles",
        T::PrintRole => "Role",
        T::PrintDone => "Done",
        T::PrintSkipped => "Skipped",
        T::PrintNote => "Note",
        T::PrintBefore => {
            "Print the runbook before the outage and keep it in the downtime binder: when the systems are down it cannot be printed. Tick the box, write the time and sign every step. Never write personal identity numbers here."
        }
        T::PrintUnit => "Unit",
        T::PrintDate => "Date",
        T::PrintResponsible => "Responsible",
        T::PrintTime => "Time",
        T::PrintSignature => "Signature",
        T::PrintPage => "page",
        T::PrintContinued => "cont.",
        T::Hours247 => "24/7",
        T::HoursOffice => "office hours",
        T::HoursOutside => "outside office hours",
        T::HoursWeekends => "weekends",
        T::RotaNotAllowed => "You may not change the on-call rota",
        T::ConfirmTake => "Take the shift of",
        T::Until => "until",
        T::OncallNow => "On call now",
        T::ColTeam => "Team",
        T::ColLayer => "Layer",
        T::ColOnCall => "On call",
        T::ColPhone => "Phone",
        T::ColUntil => "Until",
        T::ColNext => "Next",
        T::Nobody => "NOBODY ON CALL",
        T::Suppliers => "Supplier on-call",
        T::AnswersNow => "answers now",
        T::NotAnswering => "NOT answering now",
        T::CoverageHeading => "Cover for 14 days, business-critical systems with gaps",
        T::CoverageLegend => "━ covered  ╍ partly  ✖ nobody",
        T::NoGaps => "Every business-critical system has on-call cover for the next 14 days.",
        T::ActTake => "take the shift",
        T::OverrideMark => "override",
        T::DetailWhoToCall => "Who to call",
        T::DetailSupplier => "Supplier",
        T::ShiftTaken => "You are on call now",
        T::NoPagesToAck => "No page to acknowledge",
        T::BannerPage => "PAGE",
        T::Press => "press",
        T::AndThen => "and then",
        T::ToAck => "to acknowledge",
        T::AckByCommand => "type :ack and Enter to acknowledge",
        T::FilterActive => "Filter",
        T::ClearsIt => "clears",
        T::OutsideFilter => "outside the filter",
        T::PasteOutsidePrompt => "pasted text is only taken in a note or a prompt (press n first)",
        T::NewTrouble => "New trouble",
        T::JumpsThere => "jumps there",
        T::HelpEverywhere => "Everywhere",
        T::HelpTyping => "While typing",
        T::HelpNotYourRole => "(not with your role)",
        T::Saving => "saving…",
        T::WorkerGone => {
            "the console's worker has stopped: nothing more can be saved — restart the console"
        }
        T::TypeMove => "line start / end, one character back / forward",
        T::TypeWord => "one word back / forward",
        T::TypeDelete => "delete the word before / to the start / to the end",
        T::TypeNewLine => "new line (notes, fields of several lines)",
        T::TypeCancel => "cancel, nothing is saved",
        T::HelpLines => "lines",
        T::YourRole => "Your role",
        T::MayNot => "may not",
        T::AlreadyActiveRun => "There is already an active run of",
        T::StartedAt => "started",
        T::ConfirmOpenOrStartHint => "  Enter = open it, y = start another, any other key = cancel",
        T::SavingBusy => "saving… the log is busy in another process, trying again",
        T::StepIsFor => "is for",
        T::YouAre => "you are",
        T::MarkDoneAnyway => "Mark it done anyway?",
        T::DoneBy => "done by",
        T::Confirmed => "confirmed",
        T::EventTitle => "Event",
        T::EventClose => "Esc closes, ↑↓ scroll",
        T::EventHash => "hash",
        T::EventPrevHash => "previous hash",
        T::OsAccount => "OS account",
        T::DetailScrollHint => "PgUp/PgDn scroll",
        T::ActAck => "acknowledge page",
        T::PagesOpen => "Open pages",
        T::NoOpenPages => "No open pages.",
        T::Acknowledged => "Acknowledged",
        T::NextStep => "next step",
        T::AtClock => "at",
        T::StepWord => "step",
        T::RoundWord => "round",
        T::DesktopOff => {
            "Desktop notifications are off here (no D-Bus session); alerts go through the terminal: bell and OSC 9"
        }
        T::YouGoOnCall => "You go on call for",
        T::In => "in",
        T::HandoffFrom => "Handoff from",
        T::PromptHandoff => "Handoff note for the next on-call: ",
        T::HandoffSaved => "Handoff note saved",
        T::ActHandoff => "handoff note",
        T::PromptPage => "Page message: ",
        T::ConfirmPage => "Page",
        T::ActPage => "page on-call",
        T::Paged => "Paged",
        T::NoReviews => "No incidents flagged for risk of patient harm await review.",
        T::ColAge => "Age",
        T::ColTarget => "Local target",
        T::ColAssessed => "Assessed by",
        T::ColDecision => "Lex Maria",
        T::Late => "late",
        T::NotYet => "not yet",
        T::ReportYes => "report",
        T::ReportNo => "no report",
        T::TargetNote => {
            "Local target for the decision (the region's target, not law; the law says as soon as possible):"
        }
        T::Days => "days",
        T::ExportHint => {
            "Assess with b, decide with l; e saves the record (Markdown and PDF/A) in the export directory and shows where. From the command line: beredskap review assess, beredskap export lex-maria."
        }
        T::ReviewReadOnly => {
            "Your role can read the record (Enter); assessing, deciding and exporting need another role."
        }
        T::ColClocks => "Other clocks",
        T::ActExport => "export the record",
        T::ActDecide => "Lex Maria decision",
        T::PromptDecide => "Report to IVO? y or n, then the motivation: ",
        T::Exported => "Evidence saved",
        T::DecideFormat => "Write y or n followed by the motivation",
        T::ActAssess => "assess",
        T::AssessQ0 => "1/11 Did harm occur? yes, no or unknown: ",
        T::AssessQ1 => "2/11 Risk of serious harm? y or n: ",
        T::AssessQ2 => "3/11 Reasoning: ",
        T::AssessQ3 => "4/11 Care units affected (- for none): ",
        T::AssessQ4 => "5/11 Patients affected: a count, or risk: ",
        T::AssessQ5 => "6/11 Patient or family informed? y or n, then how: ",
        T::AssessQ6 => "7/11 Earlier similar events (- for none): ",
        T::AssessQ7 => "8/11 Underlying causes: ",
        T::AssessQ8 => "9/11 Cause areas (- for none): ",
        T::AssessQ9 => "10/11 Risk assessment: ",
        T::AssessAction => "11/11 Action (- when done): ",
        T::AssessBad => "The answer cannot be read; try again",
        T::AssessBadHarm => "Answer yes, no or unknown",
        T::AssessBadYesNo => "Answer y or n",
        T::AssessBadInformed => "Answer y or n first, then how: for example y, by phone",
        T::AssessBadEmpty => "The question needs an answer: IVO asks for it",
        T::AssessBadPatients => "Write a count (for example 3) or risk",
        T::AssessBadEarlier => {
            "Write the incident id and y or n, for example INC-2025-0003 y; commas between several"
        }
        T::AssessBadAreas => "Write the numbers 1–6, for example 4 5",
        T::AssessBadAction => {
            "Write what; owner; due YYYY-MM-DD; verification; strong, intermediate or weak. What and a valid date are needed"
        }
        T::AssessGuideEarlier => {
            "Earlier similar events: write the incident id and y (similar) or n (not similar), commas between several, for example INC-2025-0003 y. The suggested ones are in the record (Enter on the row)."
        }
        T::AssessGuideAreas => {
            "Cause areas (event analysis): 1 Communication and information · 2 Education and competence · 3 Environment · 4 Technology, equipment and apparatus · 5 Procedures, routines and guidelines · 6 Barriers and safeguards. Write the numbers, for example 4 5."
        }
        T::AssessGuideAction => {
            "what; owner; due YYYY-MM-DD; how it will be verified; strong, intermediate or weak. For example: Alert on certificates; it-ops; 2026-12-15; alert 14 days before; strong."
        }
        T::AssessGuidePatients => {
            "Patients affected: the number of patients affected, or risk when none was but some could have been. Esc goes back one question."
        }
        T::SubjectDiary => "diary",
        T::SubjectMonitor => "monitor",
        T::SubjectMaintenance => "maintenance",
        T::SubjectConfig => "configuration",
        T::SubjectLog => "log",
        T::AssessBackHint => "Esc goes back one question",
        T::ConfirmAssess => "Save the assessment of",
        T::DecideAgainstWhy => {
            "The assessment found a risk of serious harm: not reporting goes against it. Say why; it is recorded as a deliberate choice."
        }
        T::PromptDecideAgainst => "Why not report despite the risk: ",
        T::ConfirmDecideAgainst => "No report, deliberately against the assessment, for",
        T::ActYear => "year overview",
        T::ActUnmapped => "show unmapped alerts",
        T::UnmappedBanner => "unmapped alerts from the region's monitoring — no system takes them",
        T::UnmappedBannerOne => "unmapped alert from the region's monitoring — no system takes it",
        T::UnmappedTitle => "Unmapped alerts",
        T::UnmappedMapWith => "Map it to a system: add under the system's [[systems]]:",
        T::UnmappedNone => "No unmapped alerts: every alert sent reaches a system.",
        T::UnmappedSeen => "first",
        T::LoadError => "Could not read the database",
        T::Matches => "matches",
    }
}
