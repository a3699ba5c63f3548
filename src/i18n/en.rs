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
        T::HelpClose => "Esc or ? closes help",
        T::ActQuit => "quit",
        T::ActUp => "up",
        T::ActDown => "down",
        T::ActPageUp => "page up",
        T::ActPageDown => "page down",
        T::ActTop => "first",
        T::ActBottom => "last",
        T::ActOpen => "open details",
        T::ActBack => "close / back",
        T::ActFilter => "filter the list",
        T::ActCommand => "command line (:status, :log, :q)",
        T::ActHelp => "help",
        T::ActNote => "new operations-diary note",
        T::ActScreen => "switch screen",
        T::CritBusiness => "business-critical",
        T::CritHigh => "high",
        T::CritNormal => "normal",
        T::CritLow => "low",
        T::LoadError => "Could not read the database",
        T::Matches => "matches",
    }
}
