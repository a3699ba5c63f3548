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
    /// The assessment in force found a risk of serious harm (deciding not to report goes
    /// against it).
    pub serious_risk: bool,
    /// The incident's care units (the assessment's answer starts from them).
    pub care_units: Vec<String>,
    /// The assessment in force: a new one starts from its answers.
    pub assessment: Option<crate::model::assessment::Assessment>,
    /// Deadlines of the clocks that apply and are not reported yet: (clock, what, when).
    pub deadlines: Vec<(ClockKind, &'static str, DateTime<Utc>)>,
}

impl ReviewRow {
    pub fn new(row: &IncidentRow, review: &Review, care_units: Vec<String>) -> ReviewRow {
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
            serious_risk: review
                .assessment
                .as_ref()
                .is_some_and(|(a, ..)| a.serious_risk),
            care_units,
            assessment: review.assessment.as_ref().map(|(a, ..)| a.clone()),
            deadlines,
        }
    }
}

/// The record's Markdown lines as screen 6 shows them, wrapped to `width`: (heading?, text).
/// A table's row is its cells two spaces apart, its rule line and the marks for bold and
/// code go. The keys scroll by these lines.
pub fn record_lines(lines: &[String], width: usize) -> Vec<(bool, String)> {
    lines
        .iter()
        .filter(|l| !l.starts_with("|--"))
        .flat_map(|l| {
            let (heading, text) = if l.starts_with('#') {
                (true, l.trim_start_matches('#').trim().to_string())
            } else if l.starts_with('|') {
                let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
                (false, crate::model::shown::unmarkdown(&cells.join("  ")))
            } else {
                (false, crate::model::shown::unmarkdown(l))
            };
            // A line that fits stays as it is (its indentation too).
            if crate::model::text::width(&text) <= width.max(10) {
                return vec![(heading, text)];
            }
            crate::model::text::wrap(&text, width.max(10))
                .into_iter()
                .map(|part| (heading, part))
                .collect()
        })
        .collect()
}
