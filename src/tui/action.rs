//! What the user can ask for. Keys become actions (keymap.rs); actions change state (app.rs).

/// The screens, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Status,
    Incidents,
    Runbooks,
    OnCall,
    Log,
    Review,
}

impl Screen {
    /// The screen's name in `lang` ("Status", "Incidenter" …).
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::T;
        lang.t(match self {
            Screen::Status => T::ScreenStatus,
            Screen::Incidents => T::ScreenIncidents,
            Screen::Runbooks => T::ScreenRunbooks,
            Screen::OnCall => T::ScreenOnCall,
            Screen::Log => T::ScreenLog,
            Screen::Review => T::ScreenReview,
        })
    }

    pub const ALL: [Screen; 6] = [
        Screen::Status,
        Screen::Incidents,
        Screen::Runbooks,
        Screen::OnCall,
        Screen::Log,
        Screen::Review,
    ];

    pub fn number(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open details / confirm.
    Open,
    /// Esc: close the pane, the help, the prompt.
    Back,
    Filter,
    Command,
    Help,
    NewNote,
    /// Declare an incident (from the selected system on the status screen).
    Declare,
    /// Incident: change status, set a milestone, assign a role, flag patient safety.
    SetStatus,
    SetMilestone,
    AssignRole,
    FlagSafety,
    /// In an open run: the step under the cursor is done / skipped / gets a note / is
    /// undone; the run is completed / aborted.
    StepDone,
    StepSkip,
    StepNote,
    StepUndo,
    RunComplete,
    RunAbort,
    /// On screen 4: take the selected layer's shift now.
    TakeShift,
    /// Acknowledge the page calling me (one key).
    Acknowledge,
    /// Page the selected system's team (status screen) or the selected team (screen 4).
    PageTeam,
    /// Screen 6: export the selected incident's evidence; record the Lex Maria decision.
    ExportRecord,
    Decide,
    /// Screen 6: record the assessment, one question at a time; the year's overview.
    Assess,
    YearOverview,
    /// Screen 1: the firing alerts no system's check maps, with the check that would.
    Unmapped,
    Show(Screen),
}

impl Action {
    /// The action's name in configuration (`[keys]`).
    pub fn name(&self) -> String {
        match self {
            Action::Quit => "quit".into(),
            Action::Up => "up".into(),
            Action::Down => "down".into(),
            Action::PageUp => "page_up".into(),
            Action::PageDown => "page_down".into(),
            Action::Top => "top".into(),
            Action::Bottom => "bottom".into(),
            Action::Open => "open".into(),
            Action::Back => "back".into(),
            Action::Filter => "filter".into(),
            Action::Command => "command".into(),
            Action::Help => "help".into(),
            Action::NewNote => "note".into(),
            Action::Declare => "declare".into(),
            Action::SetStatus => "status".into(),
            Action::SetMilestone => "milestone".into(),
            Action::AssignRole => "role".into(),
            Action::FlagSafety => "flag".into(),
            Action::StepDone => "step_done".into(),
            Action::StepSkip => "step_skip".into(),
            Action::StepNote => "step_note".into(),
            Action::StepUndo => "step_undo".into(),
            Action::RunComplete => "run_complete".into(),
            Action::RunAbort => "run_abort".into(),
            Action::TakeShift => "take_shift".into(),
            Action::Acknowledge => "acknowledge".into(),
            Action::PageTeam => "page".into(),
            Action::ExportRecord => "export".into(),
            Action::Decide => "decide".into(),
            Action::Assess => "assess".into(),
            Action::YearOverview => "year".into(),
            Action::Unmapped => "unmapped".into(),
            Action::Show(s) => format!("screen_{}", s.number()),
        }
    }

    /// Every action that can be bound.
    pub fn all() -> Vec<Action> {
        let mut v = vec![
            Action::Quit,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::Open,
            Action::Back,
            Action::Filter,
            Action::Command,
            Action::Help,
            Action::NewNote,
            Action::Declare,
            Action::SetStatus,
            Action::SetMilestone,
            Action::AssignRole,
            Action::FlagSafety,
            Action::StepDone,
            Action::StepSkip,
            Action::StepNote,
            Action::StepUndo,
            Action::RunComplete,
            Action::RunAbort,
            Action::TakeShift,
            Action::Acknowledge,
            Action::PageTeam,
            Action::ExportRecord,
            Action::Decide,
            Action::Assess,
            Action::YearOverview,
            Action::Unmapped,
        ];
        v.extend(Screen::ALL.iter().map(|s| Action::Show(*s)));
        v
    }

    /// Bound only inside an open run, where its keys take precedence.
    pub fn in_run(&self) -> bool {
        matches!(
            self,
            Action::StepDone
                | Action::StepSkip
                | Action::StepNote
                | Action::StepUndo
                | Action::RunComplete
                | Action::RunAbort
        )
    }

    /// What keys do on `screen` (inside an open run when `in_run`), most used first: the
    /// help lists these before the keys that work everywhere, and a test holds this list to
    /// what `App::apply` does.
    pub fn of_screen(screen: Screen, in_run: bool) -> Vec<Action> {
        if in_run {
            return vec![
                Action::StepDone,
                Action::StepSkip,
                Action::StepNote,
                Action::StepUndo,
                Action::RunComplete,
                Action::RunAbort,
            ];
        }
        match screen {
            Screen::Status => vec![
                Action::Open,
                Action::Filter,
                Action::Declare,
                Action::PageTeam,
                Action::NewNote,
                Action::Unmapped,
            ],
            Screen::Incidents => vec![
                Action::Open,
                Action::NewNote,
                Action::SetStatus,
                Action::SetMilestone,
                Action::AssignRole,
                Action::FlagSafety,
                Action::Declare,
            ],
            Screen::Runbooks => vec![Action::Open],
            Screen::OnCall => vec![
                Action::Acknowledge,
                Action::PageTeam,
                Action::TakeShift,
                Action::NewNote,
            ],
            Screen::Log => vec![Action::Open, Action::NewNote, Action::Filter],
            Screen::Review => vec![
                Action::Open,
                Action::ExportRecord,
                Action::Decide,
                Action::Assess,
                Action::YearOverview,
            ],
        }
    }

    /// Keys that work on every screen.
    pub fn everywhere() -> Vec<Action> {
        let mut v = vec![
            Action::Acknowledge,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::Back,
            Action::Command,
            Action::Help,
            Action::Quit,
        ];
        v.extend(Screen::ALL.iter().map(|s| Action::Show(*s)));
        v
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().into_iter().find(|a| a.name() == name)
    }
}
