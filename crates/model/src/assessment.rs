//! The chief physician's Lex Maria assessment of an incident, the decision, and the other
//! reporting clocks the incident may start. Each save is an event on the incident; the
//! latest of each kind is in force and the earlier ones stay in the log. Pure.

use super::event::Event;
use super::fold::{FoldError, known, read};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub mod kind {
    pub const ASSESSMENT: &str = crate::event_kind::EventKind::ReviewAssessment.as_str();
    pub const DECISION: &str = crate::event_kind::EventKind::ReviewDecision.as_str();
    pub const CLOCK: &str = crate::event_kind::EventKind::ReviewClock.as_str();
    pub const EXPORTED: &str = crate::event_kind::EventKind::ExportLexMaria.as_str();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Harm {
    Yes,
    No,
    Unknown,
}

/// Patients affected: a count, or "risk only" — never identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Patients {
    Count(u32),
    RiskOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Action {
    pub what: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: String,
    pub verification: String,
    /// How strongly the action is expected to prevent a recurrence (the action hierarchy of
    /// the risk- and event-analysis method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<ActionStrength>,
}

/// The cause areas (orsaksområden) of the Swedish event-analysis method (händelseanalys,
/// Socialstyrelsen and SKL's guidance for patient-safety work, built on the US VA National
/// Center for Patient Safety's root cause analysis): where an underlying cause lies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CauseArea {
    /// Kommunikation och information.
    CommunicationInformation,
    /// Utbildning och kompetens.
    EducationCompetence,
    /// Omgivning (the work environment, workload, staffing).
    Environment,
    /// Teknik, utrustning och apparatur.
    TechnologyEquipment,
    /// Procedurer, rutiner och riktlinjer.
    Procedures,
    /// Barriärer och skydd.
    Barriers,
}

impl CauseArea {
    pub const ALL: [CauseArea; 6] = [
        CauseArea::CommunicationInformation,
        CauseArea::EducationCompetence,
        CauseArea::Environment,
        CauseArea::TechnologyEquipment,
        CauseArea::Procedures,
        CauseArea::Barriers,
    ];

    pub fn sv(self) -> &'static str {
        match self {
            CauseArea::CommunicationInformation => "Kommunikation och information",
            CauseArea::EducationCompetence => "Utbildning och kompetens",
            CauseArea::Environment => "Omgivning",
            CauseArea::TechnologyEquipment => "Teknik, utrustning och apparatur",
            CauseArea::Procedures => "Procedurer, rutiner och riktlinjer",
            CauseArea::Barriers => "Barriärer och skydd",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            CauseArea::CommunicationInformation => "Communication and information",
            CauseArea::EducationCompetence => "Education and competence",
            CauseArea::Environment => "Environment",
            CauseArea::TechnologyEquipment => "Technology, equipment and apparatus",
            CauseArea::Procedures => "Procedures, routines and guidelines",
            CauseArea::Barriers => "Barriers and safeguards",
        }
    }

    /// The stored name (`technology_equipment`), as the TOML file and the JSON give it.
    pub fn id(self) -> &'static str {
        match self {
            CauseArea::CommunicationInformation => "communication_information",
            CauseArea::EducationCompetence => "education_competence",
            CauseArea::Environment => "environment",
            CauseArea::TechnologyEquipment => "technology_equipment",
            CauseArea::Procedures => "procedures",
            CauseArea::Barriers => "barriers",
        }
    }
}

/// The strength of an action in the method's action hierarchy: strong actions change the
/// system (a forcing function, an automatic check), intermediate ones support people
/// (checklists, redundancy), weak ones rely on people (training, a new written rule).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionStrength {
    Strong,
    Intermediate,
    Weak,
}

impl ActionStrength {
    pub const ALL: [ActionStrength; 3] = [
        ActionStrength::Strong,
        ActionStrength::Intermediate,
        ActionStrength::Weak,
    ];

    pub fn sv(self) -> &'static str {
        match self {
            ActionStrength::Strong => "stark",
            ActionStrength::Intermediate => "medelstark",
            ActionStrength::Weak => "svag",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ActionStrength::Strong => "strong",
            ActionStrength::Intermediate => "intermediate",
            ActionStrength::Weak => "weak",
        }
    }

    /// Read from either language or the stored name.
    pub fn parse(s: &str) -> Option<ActionStrength> {
        let s = s.trim().to_lowercase();
        ActionStrength::ALL
            .into_iter()
            .find(|x| s == x.sv() || s == x.en() || s == format!("{x:?}").to_lowercase())
    }
}

/// An earlier similar event (a past incident) and whether the physician confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Earlier {
    pub incident: String,
    pub similar: bool,
    #[serde(default)]
    pub note: String,
}

/// `review.assessment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub harm: Harm,
    pub serious_risk: bool,
    pub reasoning: String,
    #[serde(default)]
    pub care_units: Vec<String>,
    pub patients: Patients,
    pub informed: bool,
    #[serde(default)]
    pub informed_how: String,
    #[serde(default)]
    pub earlier: Vec<Earlier>,
    pub causes: String,
    /// The cause areas the underlying causes lie in (besides the free text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cause_areas: Vec<CauseArea>,
    pub risk_assessment: String,
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// `review.decision`: report to IVO under Lex Maria or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub report: bool,
    pub motivation: String,
    /// Not reporting although the assessment in force found a risk of serious harm: a
    /// deliberate choice, with its motivation (never passed without a word).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub against_assessment: bool,
}

/// The other reporting regimes an incident can start.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// NIS2 / cybersäkerhetslagen: significant incident.
    Nis2,
    /// GDPR art. 33: personal-data breach, to IMY.
    Gdpr,
    /// Medical-device event, to Läkemedelsverket and the manufacturer.
    MedicalDevice,
}

impl ClockKind {
    pub fn parse(s: &str) -> Option<ClockKind> {
        match s {
            "nis2" | "cyber" => Some(ClockKind::Nis2),
            "gdpr" | "imy" => Some(ClockKind::Gdpr),
            "mdr" | "medical-device" | "lv" => Some(ClockKind::MedicalDevice),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ClockKind::Nis2 => "NIS2 / cybersäkerhetslagen (betydande incident)",
            ClockKind::Gdpr => "GDPR art. 33 (personuppgiftsincident till IMY)",
            ClockKind::MedicalDevice => {
                "Medicinteknisk produkt (Läkemedelsverket och tillverkaren)"
            }
        }
    }

    /// The name in English.
    pub fn name_en(self) -> &'static str {
        match self {
            ClockKind::Nis2 => "NIS2 / the Swedish Cybersecurity Act (significant incident)",
            ClockKind::Gdpr => "GDPR art. 33 (personal-data breach, to IMY)",
            ClockKind::MedicalDevice => {
                "Medical device (the Medical Products Agency and the manufacturer)"
            }
        }
    }

    /// A deadline's name (as `deadlines` gives it in Swedish) in English.
    pub fn deadline_en(what: &str) -> &str {
        match what {
            "tidig varning (24 h)" => "early warning (24 h)",
            "incidentanmälan (72 h)" => "incident notification (72 h)",
            "slutrapport (en månad efter anmälan)" => {
                "final report (a month after the notification)"
            }
            "anmälan till IMY (72 h)" => "notification to IMY (72 h)",
            other => other,
        }
    }

    /// The deadlines counted from becoming aware (NIS2's final report counts from the
    /// notification; it is shown once the notification is reported). "Snarast" has none.
    pub fn deadlines(
        self,
        aware: DateTime<Utc>,
        reported: Option<DateTime<Utc>>,
    ) -> Vec<(&'static str, DateTime<Utc>)> {
        match self {
            ClockKind::Nis2 => {
                let mut d = vec![
                    ("tidig varning (24 h)", aware + Duration::hours(24)),
                    ("incidentanmälan (72 h)", aware + Duration::hours(72)),
                ];
                if let Some(r) = reported {
                    d.push((
                        "slutrapport (en månad efter anmälan)",
                        r + Duration::days(30),
                    ));
                }
                d
            }
            ClockKind::Gdpr => vec![("anmälan till IMY (72 h)", aware + Duration::hours(72))],
            ClockKind::MedicalDevice => Vec::new(),
        }
    }
}

/// `review.clock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub clock: ClockKind,
    pub applies: bool,
    /// Storage format.
    pub aware_at: String,
    #[serde(default)]
    pub reported_at: Option<String>,
    #[serde(default)]
    pub reference: String,
}

/// The review of an incident as it stands: the latest of each, with who and when.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    pub assessment: Option<(Assessment, String, DateTime<Utc>, i64)>,
    pub decision: Option<(Decision, String, DateTime<Utc>, i64)>,
    pub clocks: Vec<(Clock, String, DateTime<Utc>, i64)>,
    /// Earlier versions of the assessment (event ids), oldest first.
    pub superseded: Vec<i64>,
}

/// Folds an incident's review events. The latest recorded save is in force, whatever
/// time it names.
pub fn fold(events: &[Event]) -> Result<Review, FoldError> {
    let mut r = Review::default();
    let mut in_order: Vec<&Event> = events.iter().collect();
    in_order.sort_by_key(|e| e.id);
    for e in in_order {
        match e.kind.as_str() {
            kind::ASSESSMENT => {
                let a: Assessment = read(e)?;
                if let Some((_, _, _, id)) = r.assessment.take() {
                    r.superseded.push(id);
                }
                r.assessment = Some((a, e.actor.clone(), e.occurred_at, e.id));
            }
            kind::DECISION => {
                let d: Decision = read(e)?;
                r.decision = Some((d, e.actor.clone(), e.occurred_at, e.id));
            }
            kind::CLOCK => {
                let c: Clock = read(e)?;
                r.clocks.retain(|(x, ..)| x.clock != c.clock);
                r.clocks.push((c, e.actor.clone(), e.occurred_at, e.id));
            }
            _ => known(e)?,
        }
    }
    r.clocks.sort_by_key(|(c, ..)| c.clock);
    Ok(r)
}

/// What IVO most often finds missing in a lex Maria report, as far as the record can tell:
/// the export lists it ("Ofullständigt: …") without blocking the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    Assessment,
    UnderlyingCauses,
    /// Causes given in free text but not classified in the method's cause areas.
    CauseAreas,
    RiskAssessment,
    /// The patient or family was informed, but not how.
    InformedHow,
    Actions,
    ActionOwner,
    ActionDue,
    ActionVerification,
    Decision,
    /// The incident has no post-incident review recorded.
    PostIncidentReview,
    /// A page of the incident was never acknowledged.
    UnacknowledgedPage,
}

impl Missing {
    /// In English, as the English record says it.
    pub fn en(self) -> &'static str {
        match self {
            Missing::Assessment => "the assessment",
            Missing::UnderlyingCauses => "underlying causes",
            Missing::CauseAreas => "the cause areas of the causes",
            Missing::RiskAssessment => "a risk assessment",
            Missing::InformedHow => "how the patient or family was informed",
            Missing::Actions => "actions",
            Missing::ActionOwner => "an action's owner",
            Missing::ActionDue => "an action's due date",
            Missing::ActionVerification => "how an action will be verified",
            Missing::Decision => "the decision on reporting",
            Missing::PostIncidentReview => "the post-incident review",
            Missing::UnacknowledgedPage => "an acknowledgement of a page nobody acknowledged",
        }
    }

    /// In Swedish, as the record and the console say it.
    pub fn sv(self) -> &'static str {
        match self {
            Missing::Assessment => "bedömning",
            Missing::UnderlyingCauses => "bakomliggande orsaker",
            Missing::CauseAreas => "orsaksområden för orsakerna",
            Missing::RiskAssessment => "riskbedömning",
            Missing::InformedHow => "hur patienten eller närstående informerades",
            Missing::Actions => "åtgärder",
            Missing::ActionOwner => "ansvarig för en åtgärd",
            Missing::ActionDue => "slutdatum för en åtgärd",
            Missing::ActionVerification => "hur en åtgärd ska följas upp",
            Missing::Decision => "beslut om anmälan",
            Missing::PostIncidentReview => "uppföljning efter incidenten",
            Missing::UnacknowledgedPage => "kvittens av ett larm som ingen kvitterade",
        }
    }
}

/// The completeness check: what is missing from the assessment and the decision.
pub fn missing(assessment: Option<&Assessment>, decided: bool) -> Vec<Missing> {
    let mut out = Vec::new();
    match assessment {
        None => out.push(Missing::Assessment),
        Some(a) => {
            if a.causes.trim().is_empty() {
                out.push(Missing::UnderlyingCauses);
            } else if a.cause_areas.is_empty() {
                out.push(Missing::CauseAreas);
            }
            if a.risk_assessment.trim().is_empty() {
                out.push(Missing::RiskAssessment);
            }
            if a.informed && a.informed_how.trim().is_empty() {
                out.push(Missing::InformedHow);
            }
            if a.actions.is_empty() {
                out.push(Missing::Actions);
            }
            let any = |f: fn(&Action) -> &str| a.actions.iter().any(|x| f(x).trim().is_empty());
            if any(|x| &x.owner) {
                out.push(Missing::ActionOwner);
            }
            if any(|x| &x.due) {
                out.push(Missing::ActionDue);
            }
            if any(|x| &x.verification) {
                out.push(Missing::ActionVerification);
            }
        }
    }
    if !decided {
        out.push(Missing::Decision);
    }
    out
}

#[cfg(test)]
mod completeness_tests {
    /// Each gap is named as the thing missing: the record says "Ofullständigt: X, Y
    /// saknas" / "Incomplete: X, Y missing", so a gap worded as a negation ("ingen
    /// bedömning … saknas") says the opposite of what it means.
    #[test]
    fn every_gap_is_named_as_what_is_missing_not_negated() {
        use super::Missing::*;
        for gap in [
            Assessment,
            UnderlyingCauses,
            CauseAreas,
            RiskAssessment,
            InformedHow,
            Actions,
            ActionOwner,
            ActionDue,
            ActionVerification,
            Decision,
            PostIncidentReview,
            UnacknowledgedPage,
        ] {
            let (sv, en) = (gap.sv().to_lowercase(), gap.en().to_lowercase());
            assert!(
                !sv.starts_with("ingen ") && !sv.starts_with("inga ") && !sv.starts_with("inget "),
                "{gap:?}: {sv}"
            );
            assert!(!en.starts_with("no "), "{gap:?}: {en}");
        }
    }

    use super::*;

    fn assessed() -> Assessment {
        Assessment {
            harm: Harm::No,
            serious_risk: true,
            reasoning: "Provsvar dröjde".into(),
            care_units: vec![],
            patients: Patients::RiskOnly,
            informed: false,
            informed_how: String::new(),
            earlier: vec![],
            causes: "Certifikatet gick ut".into(),
            cause_areas: vec![CauseArea::TechnologyEquipment],
            risk_assessment: "Låg sannolikhet, allvarlig konsekvens".into(),
            actions: vec![Action {
                what: "Övervaka certifikat".into(),
                owner: "it-drift".into(),
                due: "2026-12-15".into(),
                verification: "Larm 14 dagar före".into(),
                strength: Some(ActionStrength::Strong),
            }],
        }
    }

    #[test]
    fn a_complete_review_misses_nothing_and_each_gap_is_named() {
        assert!(missing(Some(&assessed()), true).is_empty());
        assert_eq!(
            missing(None, false),
            [Missing::Assessment, Missing::Decision]
        );
        let mut a = assessed();
        a.causes = " ".into();
        a.informed = true;
        a.actions[0].verification.clear();
        assert_eq!(
            missing(Some(&a), true),
            [
                Missing::UnderlyingCauses,
                Missing::InformedHow,
                Missing::ActionVerification
            ]
        );
        a.actions.clear();
        assert!(missing(Some(&a), true).contains(&Missing::Actions));
        let mut a = assessed();
        a.cause_areas.clear();
        assert_eq!(missing(Some(&a), true), [Missing::CauseAreas]);
    }

    #[test]
    fn strengths_read_in_either_language() {
        assert_eq!(
            ActionStrength::parse("Medelstark"),
            Some(ActionStrength::Intermediate)
        );
        assert_eq!(
            ActionStrength::parse("strong"),
            Some(ActionStrength::Strong)
        );
        assert_eq!(ActionStrength::parse("kanske"), None);
    }
}
