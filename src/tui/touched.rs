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
        for (_, kind) in kinds {
            let family = kind.split('.').next().unwrap_or_default();
            match family {
                "system" | "maintenance" | "monitor" => t.status = true,
                "incident" | "review" | "export" => t.incidents = true,
                "oncall" => t.oncall = true,
                "page" => t.pages = true,
                "run" => t.runs = true,
                "alert" => t.alerts = true,
                "log" => t.everything = true,
                _ => {}
            }
        }
        t
    }
}
