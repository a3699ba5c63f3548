//! Every piece of interface text, in Swedish and English. Views never hold string literals:
//! they ask for a [`T`] in the chosen [`Lang`]. Each language is one exhaustive `match`, so
//! a text missing in one language does not compile.
//!
//! A layer below the operations (they write words too: a page's message in the region's
//! language, a late page's prefix) that knows only the model.

/// The layer below, by the name the main crate gives it.
pub(crate) use beredskap_model as model;

pub mod calendar;
pub mod cli;
mod config_applied;
mod en;
pub mod events;
mod events_work;
pub mod finding;
pub mod follow_on;
pub mod probe;
pub mod refusal;
mod sv;
pub mod words;

use crate::model::health::Health;
use crate::model::region::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_lowercase();
        if s.starts_with("sv") {
            Some(Lang::Sv)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `--lang`, else the region's language, else `$LANG`, else Swedish.
    pub fn choose(flag: Option<&str>, region: Option<Language>, env_lang: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or(region.map(|l| match l {
                Language::Sv => Lang::Sv,
                Language::En => Lang::En,
            }))
            .or_else(|| env_lang.and_then(Lang::parse))
            .unwrap_or(Lang::Sv)
    }

    /// A weekday's short name: "mån", "Mon".
    pub fn weekday(self, d: chrono::Weekday) -> &'static str {
        use chrono::Weekday::*;
        match (self, d) {
            (Lang::Sv, Mon) => "mån",
            (Lang::Sv, Tue) => "tis",
            (Lang::Sv, Wed) => "ons",
            (Lang::Sv, Thu) => "tor",
            (Lang::Sv, Fri) => "fre",
            (Lang::Sv, Sat) => "lör",
            (Lang::Sv, Sun) => "sön",
            (Lang::En, Mon) => "Mon",
            (Lang::En, Tue) => "Tue",
            (Lang::En, Wed) => "Wed",
            (Lang::En, Thu) => "Thu",
            (Lang::En, Fri) => "Fri",
            (Lang::En, Sat) => "Sat",
            (Lang::En, Sun) => "Sun",
        }
    }

    /// The language's code: "sv", "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn t(self, key: T) -> &'static str {
        match self {
            Lang::Sv => sv::text(key),
            Lang::En => en::text(key),
        }
    }

    pub fn criticality(self, c: crate::model::region::Criticality) -> &'static str {
        use crate::model::region::Criticality;
        self.t(match c {
            Criticality::BusinessCritical => T::CritBusiness,
            Criticality::High => T::CritHigh,
            Criticality::Normal => T::CritNormal,
            Criticality::Low => T::CritLow,
        })
    }

    /// What a permission lets one do, as the end of "får inte …" / "may not …".
    pub fn permission(self, p: crate::model::role::Permission) -> &'static str {
        use crate::model::role::Permission as P;
        match (self, p) {
            (Lang::Sv, P::WriteDiary) => "skriva i driftdagboken",
            (Lang::Sv, P::PlanMaintenance) => "lägga in underhåll",
            (Lang::Sv, P::NoteIncident) => "skriva i en incidents tidslinje",
            (Lang::Sv, P::DeclareIncident) => "deklarera incidenter",
            (Lang::Sv, P::CommandIncident) => "leda incidenter (status, milstolpar, roller)",
            (Lang::Sv, P::FlagPatientSafety) => "flagga risk för vårdskada",
            (Lang::Sv, P::RunRunbook) => "köra reservrutiner",
            (Lang::Sv, P::ChangeRota) => "ändra jourschemat",
            (Lang::Sv, P::Page) => "larma eller kvittera larm",
            (Lang::Sv, P::Assess) => "göra Lex Maria-bedömningar och beslut",
            (Lang::Sv, P::RestoreLog) => "återställa loggen",
            (Lang::Sv, P::RedactLog) => "ta bort patientuppgifter ur loggen",
            (Lang::Sv, P::ExportLexMaria) => "exportera Lex Maria-underlag",
            (Lang::En, P::WriteDiary) => "write to the operations diary",
            (Lang::En, P::PlanMaintenance) => "add maintenance windows",
            (Lang::En, P::NoteIncident) => "add to an incident's timeline",
            (Lang::En, P::DeclareIncident) => "declare incidents",
            (Lang::En, P::CommandIncident) => "command incidents (status, milestones, roles)",
            (Lang::En, P::FlagPatientSafety) => "flag a risk of patient harm",
            (Lang::En, P::RunRunbook) => "run downtime runbooks",
            (Lang::En, P::ChangeRota) => "change the on-call rota",
            (Lang::En, P::Page) => "page people or acknowledge pages",
            (Lang::En, P::Assess) => "record Lex Maria assessments and decisions",
            (Lang::En, P::RestoreLog) => "restore the log",
            (Lang::En, P::RedactLog) => "take patient data out of the log",
            (Lang::En, P::ExportLexMaria) => "export the Lex Maria record",
        }
    }

    /// A person's role in words.
    pub fn role(self, r: crate::model::role::Role) -> &'static str {
        use crate::model::role::Role;
        match (self, r) {
            (Lang::Sv, Role::Viewer) => "läsare",
            (Lang::Sv, Role::Ward) => "avdelning",
            (Lang::Sv, Role::Operator) => "driftjour",
            (Lang::Sv, Role::Commander) => "incidentledare",
            (Lang::Sv, Role::Physician) => "chefläkare",
            (Lang::Sv, Role::Admin) => "administratör",
            (Lang::En, Role::Viewer) => "viewer",
            (Lang::En, Role::Ward) => "ward staff",
            (Lang::En, Role::Operator) => "on-call engineer",
            (Lang::En, Role::Commander) => "incident commander",
            (Lang::En, Role::Physician) => "chief physician",
            (Lang::En, Role::Admin) => "administrator",
        }
    }

    /// A probe's verdict as stored ("ok", "warn", "fail", "unknown") in words; anything
    /// else as it is.
    pub fn verdict(self, stored: &str) -> &str {
        match (self, stored) {
            (Lang::Sv, "warn") => "varning",
            (Lang::Sv, "fail") => "fel",
            (Lang::Sv, "unknown") => "okänt",
            (Lang::En, "warn") => "warning",
            (Lang::En, "fail") => "failed",
            _ => stored,
        }
    }

    pub fn health(self, h: Health) -> &'static str {
        self.t(match h {
            Health::Up => T::Up,
            Health::Degraded => T::Degraded,
            Health::Down => T::Down,
            Health::Unknown => T::Unknown,
            Health::Maintenance => T::Maintenance,
        })
    }
}

/// Interface texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    // screens
    ScreenStatus,
    ScreenIncidents,
    ScreenRunbooks,
    ScreenOnCall,
    ScreenLog,
    ScreenReview,
    ComingIncidents,
    ComingRunbooks,
    ComingOnCall,
    ComingReview,
    // health
    Up,
    Degraded,
    Down,
    Unknown,
    Maintenance,
    // header
    MonitorHere,
    MonitorElsewhere,
    MonitorStaleSince,
    MonitorBlind,
    MonitorNone,
    ReadOnly,
    BannerStale,
    BannerBlind,
    BannerWatchdog,
    BannerWatchdogWhy,
    BannerDamaged,
    BannerLogOfRecordLost,
    BannerLockedBy,
    BannerLockedFor,
    BannerLockedAlarms,
    BannerNoMonitor,
    // status table
    ColSystem,
    ColState,
    ColSince,
    ColLatency,
    ColUptime,
    ColOwner,
    ColImpactedBy,
    NoChecks,
    NotChecked,
    /// A system whose own checks pass while one it depends on is down: its state on the
    /// status screen, where "uppe" would read as unaffected.
    StateImpacted,
    /// Two or more degraded ("2 försämrade utanför filtret").
    DegradedMany,
    /// Two or more impacted ("5 påverkade utanför filtret").
    ImpactedMany,
    Flapping,
    // detail
    DetailChecks,
    DetailUpstream,
    DetailDownstream,
    DetailRunbooks,
    DetailEvents,
    DetailNone,
    DetailCriticality,
    // log
    ColTime,
    ColActor,
    ColKind,
    ColSubject,
    ColText,
    LogEmpty,
    LogRecorded,
    NotePrompt,
    FaultDiskFull,
    FaultReadOnly,
    FaultDamaged,
    NoteSaved,
    NoteRefusedReadOnly,
    // footer hints
    HintMove,
    HintOpen,
    HintClose,
    HintFilter,
    HintScreens,
    HintHelp,
    HintQuit,
    HintNote,
    HintCommand,
    HintPage,
    FilterPrompt,
    CommandPrompt,
    UnknownCommand,
    // help
    HelpTitle,
    HelpLogFile,
    HelpKeys,
    HelpClose,
    HelpInRun,
    // actions (names shown in help)
    ActQuit,
    ActUp,
    ActDown,
    ActPageUp,
    ActPageDown,
    ActTop,
    ActBottom,
    ActOpen,
    ActBack,
    ActFilter,
    ActCommand,
    ActHelp,
    ActNote,
    ActIncidentNote,
    ActScreen,
    // incidents
    DeclareDefaultTitle,
    ConfirmDeclare,
    ConfirmStatus,
    StillOut,
    AndMore,
    ConfirmMilestone,
    MovedRow,
    RunHintNote,
    RunHintComplete,
    RunHintAbort,
    RunHintBack,
    DraftKept,
    EmptyNothingSaved,
    FilterCleared,
    SinceWord,
    CursorWent,
    Today,
    Yesterday,
    TimeUnreadable,
    PickerNoMatch,
    ConfirmFlag,
    Cancelled,
    ConfirmHint,
    PromptIncidentNote,
    PromptDeclare,
    PromptStatus,
    PromptMilestone,
    PromptRole,
    PromptPerson,
    PromptSeverity,
    PromptFlag,
    NewLineHint,
    ColId,
    ColIncStatus,
    ColSeverity,
    ColTitle,
    ColCommander,
    ColDeclared,
    NoIncidents,
    IncRoles,
    IncLeadMissing,
    IncAssigns,
    IncMilestones,
    IncTimeline,
    IncSystems,
    IncSafety,
    BannerMajor,
    ActDeclare,
    ActSetStatus,
    ActSetMilestone,
    ActAssignRole,
    ActFlag,
    IncDeclared,
    IncDone,
    // criticality
    CritBusiness,
    CritHigh,
    CritNormal,
    CritLow,
    // runbooks (screen 3)
    RunNotAllowed,
    Roles,
    ConfirmStartRun,
    ForIncident,
    RunNotActive,
    NothingToUndo,
    StepsLeft,
    ConfirmComplete,
    ConfirmAbort,
    Step,
    AlreadyTaken,
    RunbookProblems,
    RunbookGone,
    RunGone,
    RunStarted,
    Saved,
    PromptSkip,
    PromptStepNote,
    PromptUndo,
    PromptAbort,
    RunsActive,
    RunbooksHeading,
    RunsFinished,
    NoRunbooks,
    StepsWord,
    OfWord,
    StepsFinished,
    StateDone,
    StateSkipped,
    RunCompletedBanner,
    RunAbortedBanner,
    StartedBy,
    RoleWord,
    ValueWord,
    ActStepDone,
    ActStepSkip,
    ActStepNote,
    ActStepUndo,
    ActRunComplete,
    ActRunAbort,
    KeySpace,
    AllStepsFinished,
    // paper (runbook print)
    PrintHeading,
    PrintVersion,
    PrintOwner,
    PrintSystems,
    PrintChecksum,
    PrintPrinted,
    PrintRun,
    PrintRunActive,
    PrintActivation,
    PrintRoles,
    PrintRole,
    PrintDone,
    PrintSkipped,
    PrintNote,
    PrintBefore,
    PrintUnit,
    PrintDate,
    PrintResponsible,
    PrintTime,
    PrintSignature,
    PrintPage,
    PrintContinued,
    // on-call (screen 4)
    Hours247,
    HoursOffice,
    HoursOutside,
    HoursWeekends,
    RotaNotAllowed,
    ConfirmTake,
    Until,
    OncallNow,
    ColTeam,
    ColLayer,
    ColOnCall,
    ColPhone,
    ColUntil,
    ColNext,
    Nobody,
    Suppliers,
    AnswersNow,
    NotAnswering,
    CoverageHeading,
    CoverageLegend,
    NoGaps,
    ActTake,
    OverrideMark,
    DetailWhoToCall,
    DetailSupplier,
    ShiftTaken,
    // pages
    NoPagesToAck,
    BannerPage,
    Press,
    AndThen,
    ToAck,
    AckByCommand,
    FilterActive,
    ClearsIt,
    OutsideFilter,
    PasteOutsidePrompt,
    NewTrouble,
    JumpsThere,
    HelpEverywhere,
    HelpTyping,
    /// After a key in the help that the user's roles do not allow.
    HelpNotYourRole,
    Saving,
    WorkerGone,
    TypeMove,
    TypeWord,
    TypeDelete,
    TypeNewLine,
    TypeCancel,
    HelpLines,
    YourRole,
    MayNot,
    AlreadyActiveRun,
    StartedAt,
    ConfirmOpenOrStartHint,
    SavingBusy,
    StepIsFor,
    YouAre,
    MarkDoneAnyway,
    DoneBy,
    Confirmed,
    EventTitle,
    EventClose,
    EventHash,
    EventPrevHash,
    OsAccount,
    DetailScrollHint,
    ActAck,
    PagesOpen,
    NoOpenPages,
    Acknowledged,
    NextStep,
    /// Before a time of day today: "kl 19:22".
    AtClock,
    StepWord,
    /// "varv": a round of a page's escalation, when it starts over from the first step.
    RoundWord,
    DesktopOff,
    YouGoOnCall,
    In,
    HandoffFrom,
    PromptHandoff,
    HandoffSaved,
    ActHandoff,
    PromptPage,
    ConfirmPage,
    ActPage,
    Paged,
    // review (screen 6)
    NoReviews,
    ColAge,
    ColTarget,
    ColAssessed,
    ColDecision,
    Late,
    NotYet,
    ReportYes,
    ReportNo,
    TargetNote,
    Days,
    ExportHint,
    /// The review screen's hint for a role that may only read.
    ReviewReadOnly,
    ColClocks,
    ActExport,
    ActDecide,
    PromptDecide,
    Exported,
    DecideFormat,
    ActAssess,
    ActYear,
    ActUnmapped,
    UnmappedBanner,
    UnmappedBannerOne,
    UnmappedTitle,
    UnmappedMapWith,
    UnmappedSeen,
    UnmappedNone,
    AssessQ0,
    AssessQ1,
    AssessQ2,
    AssessQ3,
    AssessQ4,
    AssessQ5,
    AssessQ6,
    AssessQ7,
    AssessQ8,
    AssessQ9,
    AssessAction,
    AssessBad,
    AssessBadHarm,
    AssessBadYesNo,
    AssessBadInformed,
    AssessBadEmpty,
    AssessBadPatients,
    AssessBadEarlier,
    AssessBadAreas,
    AssessBadAction,
    AssessGuideEarlier,
    AssessGuideAreas,
    AssessGuideAction,
    AssessGuidePatients,
    SubjectDiary,
    SubjectMonitor,
    SubjectMaintenance,
    SubjectConfig,
    SubjectLog,
    AssessBackHint,
    ConfirmAssess,
    DecideAgainstWhy,
    PromptDecideAgainst,
    ConfirmDecideAgainst,
    // messages
    LoadError,
    Matches,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_region_then_lang_then_swedish() {
        assert_eq!(
            Lang::choose(Some("en"), Some(Language::Sv), Some("sv_SE.UTF-8")),
            Lang::En
        );
        assert_eq!(
            Lang::choose(None, Some(Language::En), Some("sv_SE.UTF-8")),
            Lang::En
        );
        assert_eq!(Lang::choose(None, None, Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::choose(None, None, Some("C")), Lang::Sv);
        assert_eq!(Lang::choose(None, None, None), Lang::Sv);
    }

    #[test]
    fn both_languages_say_different_things() {
        assert_ne!(Lang::Sv.t(T::BannerBlind), Lang::En.t(T::BannerBlind));
        assert_eq!(Lang::Sv.health(Health::Down), "nere");
        assert_eq!(Lang::En.health(Health::Down), "down");
    }
}
