//! Screen 6's state: the review queue for the chief physician — incidents flagged "risk för
//! vårdskada", oldest first, with their age, the region's local target for the decision,
//! whether they are assessed and decided, and the countdowns of the other reporting clocks.

use crate::model::assessment::{ClockKind, Review};
use crate::store::incidents::IncidentRow;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub id: String,
    pub title: String,
    pub declared_at: DateTime<Utc>,
    pub assessed: Option<(String, DateTime<Utc>)>,
    /// Report to IVO under Lex Maria: yes / no, when decided.
    pub decision: Option<bool>,
    /// Deadlines of the clocks that apply and are not reported yet: (clock, what, when).
    pub deadlines: Vec<(ClockKind, &'static str, DateTime<Utc>)>,
}

impl ReviewRow {
    pub fn new(row: &IncidentRow, review: &Review) -> ReviewRow {
        let mut deadlines = Vec::new();
        for (c, ..) in &review.clocks {
            if !c.applies {
                continue;
            }
            let aware = crate::model::timespec::from_storage(&c.aware_at);
            let reported = c
                .reported_at
                .as_deref()
                .and_then(crate::model::timespec::from_storage);
            if let Some(a) = aware {
                for (what, at) in c.clock.deadlines(a, reported) {
                    if reported.is_none() || what.contains("slutrapport") {
                        deadlines.push((c.clock, what, at));
                    }
                }
            }
        }
        ReviewRow {
            id: row.id.clone(),
            title: row.title.clone(),
            declared_at: row.declared_at,
            assessed: review
                .assessment
                .as_ref()
                .map(|(_, by, at, _)| (by.clone(), *at)),
            decision: review.decision.as_ref().map(|(d, ..)| d.report),
            deadlines,
        }
    }
}

impl super::app::App {
    /// `e` exports the selected incident's evidence; `l` asks for the Lex Maria decision.
    pub(super) fn review_action(
        &mut self,
        action: &super::action::Action,
    ) -> Vec<super::app::Effect> {
        if self.screen != super::action::Screen::Review {
            return Vec::new();
        }
        let Some(id) = self
            .review
            .queue
            .get(self.review.selected)
            .map(|r| r.id.clone())
        else {
            return Vec::new();
        };
        match action {
            super::action::Action::ExportRecord => vec![super::app::Effect::ExportRecord(id)],
            super::action::Action::YearOverview => {
                self.review.record_scroll = 0;
                vec![super::app::Effect::LoadYear]
            }
            super::action::Action::Assess => {
                self.prompt.input.clear();
                self.prompt.kind = Some(super::app::PromptKind::Assess(id, Vec::new()));
                self.mode = super::app::Mode::Prompt;
                Vec::new()
            }
            _ => {
                self.prompt.input.clear();
                self.prompt.kind = Some(super::app::PromptKind::Decide(id));
                self.mode = super::app::Mode::Prompt;
                Vec::new()
            }
        }
    }
}

/// Whether the answer to question `question` (0-based) of the step-by-step assessment can
/// be read: harm (ja/nej/okänt), risk of serious harm (ja/nej), patients (a count or
/// "risk"), informed (ja/nej, then how); the free-text questions take anything.
pub fn answer_reads(question: usize, text: &str) -> bool {
    let mut answers: Vec<String> = ["nej", "nej", "-", "risk", "nej", "-", "-"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    match answers.get_mut(question) {
        Some(a) => *a = text.to_string(),
        None => return true,
    }
    assessment_from(&answers, Vec::new()).is_ok()
}

/// The seven answers of the console's assessment, read into an assessment (care units from
/// the incident). `Err(question)` names the answer that cannot be read.
pub fn assessment_from(
    answers: &[String],
    care_units: Vec<String>,
) -> Result<crate::model::assessment::Assessment, usize> {
    use crate::model::assessment::{Assessment, Harm, Patients};
    let yes_no = |s: &str| match s.trim().to_lowercase().as_str() {
        "j" | "ja" | "y" | "yes" => Some(true),
        "n" | "nej" | "no" => Some(false),
        _ => None,
    };
    let get = |i: usize| {
        answers
            .get(i)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let harm = match get(0).to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" => Harm::Yes,
        "nej" | "n" | "no" => Harm::No,
        "okänd" | "okänt" | "vet ej" | "unknown" => Harm::Unknown,
        _ => return Err(0),
    };
    let serious_risk = yes_no(&get(1)).ok_or(1usize)?;
    let patients = match get(3).to_lowercase().as_str() {
        "risk" | "endast risk" | "risk only" => Patients::RiskOnly,
        n => Patients::Count(n.parse().map_err(|_| 3usize)?),
    };
    let informed_answer = get(4);
    let mut words = informed_answer.splitn(2, char::is_whitespace);
    let informed = yes_no(words.next().unwrap_or_default()).ok_or(4usize)?;
    Ok(Assessment {
        harm,
        serious_risk,
        reasoning: get(2),
        care_units,
        patients,
        informed,
        informed_how: words.next().unwrap_or_default().trim().to_string(),
        earlier: Vec::new(),
        causes: get(5),
        risk_assessment: get(6),
        actions: Vec::new(),
    })
}
