//! Paper fallback: a runbook, or a run with its progress so far, as a printable A4 sheet
//! with a check box and lines for time and signature on every step. One model (`Sheet`),
//! two renderers: plain text (`txt.rs`) and PDF (`pdf.rs`). Print them before the outage.

pub mod pdf;
mod pdf_font;
pub mod txt;

use crate::i18n::{Lang, T};
use crate::model::run::{Run, RunStatus, StepState};
use crate::model::runbook::{Runbook, parse};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// What a run recorded for a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Done {
        by: String,
        at: String,
        value: Option<String>,
    },
    Skipped {
        by: String,
        at: String,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetStep {
    pub number: usize,
    pub text: String,
    pub role: Option<String>,
    /// The value the step asks to record (its label).
    pub value: Option<String>,
    pub recorded: Option<Recorded>,
    /// "who: text".
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSection {
    pub heading: String,
    pub steps: Vec<SheetStep>,
}

/// The run a sheet shows the progress of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunHead {
    pub id: String,
    pub started: String,
    pub started_by: String,
    pub incident: Option<String>,
    pub status: RunStatus,
    pub finished: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub lang: Lang,
    pub id: String,
    pub title: String,
    pub version: String,
    /// The first 12 hex digits of the runbook's SHA-256.
    pub checksum: String,
    pub systems: Vec<String>,
    pub owner: String,
    pub activation: String,
    pub roles: Vec<String>,
    pub run: Option<RunHead>,
    pub sections: Vec<SheetSection>,
    pub printed_at: String,
}

impl Sheet {
    pub fn t(&self, key: T) -> &'static str {
        self.lang.t(key)
    }

    pub fn step_count(&self) -> usize {
        self.sections.iter().map(|s| s.steps.len()).sum()
    }

    /// "lab-nere v1.1": what the page footers name.
    pub fn label(&self) -> String {
        match (&self.run, self.version.is_empty()) {
            (Some(r), _) => format!("{} ({})", r.id, self.id),
            (None, true) => self.id.clone(),
            (None, false) => format!("{} v{}", self.id, self.version),
        }
    }

    /// The file name for `--all` (without extension).
    pub fn file_stem(&self) -> String {
        self.run
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_else(|| self.id.clone())
    }
}

/// Text people typed (values, reasons, notes, names), as it may be printed: one line,
/// controls and invisible format characters shown visibly (`model::shown`).
fn typed(text: &str) -> String {
    crate::model::shown::line(text).into_owned()
}

fn local(t: DateTime<Utc>, tz: Tz, fmt: &str) -> String {
    t.with_timezone(&tz).format(fmt).to_string()
}

/// A blank sheet for a runbook.
pub fn from_runbook(rb: &Runbook, lang: Lang, now: DateTime<Utc>, tz: Tz) -> Sheet {
    Sheet {
        lang,
        id: rb.meta.id.clone(),
        title: rb.meta.title.clone(),
        version: rb.meta.version.clone(),
        checksum: rb.sha256.chars().take(12).collect(),
        systems: rb.meta.systems.clone(),
        owner: rb.meta.owner_team.clone(),
        activation: rb.meta.activation.clone(),
        roles: rb.meta.roles.clone(),
        run: None,
        sections: rb
            .sections
            .iter()
            .map(|s| SheetSection {
                heading: s.kind.heading().to_string(),
                steps: s
                    .steps
                    .iter()
                    .map(|st| SheetStep {
                        number: st.number,
                        text: st.text.clone(),
                        role: st.role.clone(),
                        value: st.value.clone(),
                        recorded: None,
                        notes: Vec::new(),
                    })
                    .collect(),
            })
            .collect(),
        printed_at: local(now, tz, "%Y-%m-%d %H:%M"),
    }
}

/// A run's sheet: the runbook text the run started from, with what has been recorded.
pub fn from_run(run: &Run, lang: Lang, now: DateTime<Utc>, tz: Tz) -> Sheet {
    let mut sheet = match parse(&run.text) {
        Ok(rb) => from_runbook(&rb, lang, now, tz),
        // A snapshot that no longer parses (an older format): the steps, in one list.
        Err(_) => Sheet {
            lang,
            id: run.runbook_id.clone(),
            title: run.title.clone(),
            version: String::new(),
            checksum: run.sha256.chars().take(12).collect(),
            systems: Vec::new(),
            owner: String::new(),
            activation: String::new(),
            roles: Vec::new(),
            run: None,
            sections: vec![SheetSection {
                heading: String::new(),
                steps: run
                    .steps
                    .iter()
                    .map(|s| SheetStep {
                        number: s.number,
                        text: s.text.clone(),
                        role: None,
                        value: None,
                        recorded: None,
                        notes: Vec::new(),
                    })
                    .collect(),
            }],
            printed_at: local(now, tz, "%Y-%m-%d %H:%M"),
        },
    };
    for section in &mut sheet.sections {
        for step in &mut section.steps {
            let Some(s) = run.steps.get(step.number.wrapping_sub(1)) else {
                continue;
            };
            step.recorded = match &s.state {
                StepState::Pending => None,
                StepState::Done { by, at, value, .. } => Some(Recorded::Done {
                    by: typed(by),
                    at: local(*at, tz, "%H:%M"),
                    value: value.as_deref().map(typed),
                }),
                StepState::Skipped { by, at, reason, .. } => Some(Recorded::Skipped {
                    by: typed(by),
                    at: local(*at, tz, "%H:%M"),
                    reason: typed(reason),
                }),
            };
            step.notes = s
                .notes
                .iter()
                .map(|(by, t)| typed(&format!("{by}: {t}")))
                .collect();
        }
    }
    let (finished, total) = run.progress();
    sheet.run = Some(RunHead {
        id: run.id.clone(),
        started: local(run.started_at, tz, "%Y-%m-%d %H:%M"),
        started_by: typed(&run.started_by),
        incident: run.incident.as_deref().map(typed),
        status: run.status,
        finished,
        total,
    });
    sheet
}

/// The sheet's opening lines (title aside), shared by both renderers: each is
/// (label, text); an empty label is a line of its own.
pub fn preamble(sheet: &Sheet) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut meta = vec![sheet.id.clone()];
    if !sheet.version.is_empty() {
        meta.push(format!("{} {}", sheet.t(T::PrintVersion), sheet.version));
    }
    if !sheet.owner.is_empty() {
        meta.push(format!("{} {}", sheet.t(T::PrintOwner), sheet.owner));
    }
    if !sheet.systems.is_empty() {
        meta.push(format!(
            "{} {}",
            sheet.t(T::PrintSystems),
            sheet.systems.join(", ")
        ));
    }
    out.push((String::new(), meta.join(" · ")));
    out.push((
        String::new(),
        format!(
            "{} {} · {} {}",
            sheet.t(T::PrintChecksum),
            sheet.checksum,
            sheet.t(T::PrintPrinted),
            sheet.printed_at
        ),
    ));
    if let Some(r) = &sheet.run {
        let status = match r.status {
            RunStatus::Active => sheet.t(T::PrintRunActive),
            RunStatus::Completed => sheet.t(T::RunCompletedBanner),
            RunStatus::Aborted => sheet.t(T::RunAbortedBanner),
        };
        let mut text = format!(
            "{} {} · {} {} {} · {} {} {} {} · {status}",
            sheet.t(T::PrintRun),
            r.id,
            sheet.t(T::StartedBy),
            r.started_by,
            r.started,
            r.finished,
            sheet.t(T::OfWord),
            r.total,
            sheet.t(T::StepsFinished),
        );
        if let Some(i) = &r.incident {
            text.push_str(&format!(" · {i}"));
        }
        out.push((String::new(), text));
    }
    if !sheet.activation.is_empty() {
        out.push((
            sheet.t(T::PrintActivation).to_string(),
            sheet.activation.clone(),
        ));
    }
    if !sheet.roles.is_empty() {
        out.push((sheet.t(T::PrintRoles).to_string(), sheet.roles.join(", ")));
    }
    out
}

/// The lines under a step's text: role, value to record, what was recorded, notes.
pub fn step_details(sheet: &Sheet, step: &SheetStep) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &step.role {
        out.push(format!("{}: {r}", sheet.t(T::PrintRole)));
    }
    match (&step.value, &step.recorded) {
        (Some(label), Some(Recorded::Done { value: Some(v), .. })) => {
            out.push(format!("{}: {v}", capitalised(label)))
        }
        (Some(label), Some(Recorded::Skipped { .. })) => {
            out.push(format!("{}: –", capitalised(label)))
        }
        (Some(label), _) => out.push(format!("{}: ____________", capitalised(label))),
        _ => {}
    }
    match &step.recorded {
        Some(Recorded::Done { by, at, .. }) => {
            out.push(format!("{} {at} {by}", sheet.t(T::PrintDone)))
        }
        Some(Recorded::Skipped { by, at, reason }) => {
            out.push(format!("{} {at} {by}: {reason}", sheet.t(T::PrintSkipped)))
        }
        None => {}
    }
    for n in &step.notes {
        out.push(format!("{} {n}", sheet.t(T::PrintNote)));
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_the_first_letter_only() {
        assert_eq!(
            capitalised("antal pappersremisser"),
            "Antal pappersremisser"
        );
        assert_eq!(capitalised("åtgärd"), "Åtgärd");
        assert_eq!(capitalised(""), "");
    }
}
