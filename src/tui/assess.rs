//! The chief physician's assessment in the console, question by question: each answer is
//! checked as it is given and asked again with the reason (the text kept: a refused
//! choice marked to type over, free text to edit); Esc goes back
//! one question; the last question asks for actions until "-"; then a summary to confirm,
//! and declining it goes back to the questions with every answer kept.

use crate::i18n::{Lang, T};
use crate::model::assessment::{
    Action, ActionStrength, Assessment, CauseArea, Earlier, Harm, Patients,
};

/// The questions before the actions: harm, serious risk, reasoning, care units, patients,
/// informed, earlier events, causes, cause areas, risk assessment.
pub const FIXED: usize = 10;

/// Why an answer cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    Harm,
    YesNo,
    Informed,
    Empty,
    Patients,
    Earlier,
    Areas,
    Action,
}

impl Unreadable {
    pub fn reason(self) -> T {
        match self {
            Unreadable::Harm => T::AssessBadHarm,
            Unreadable::YesNo => T::AssessBadYesNo,
            Unreadable::Informed => T::AssessBadInformed,
            Unreadable::Empty => T::AssessBadEmpty,
            Unreadable::Patients => T::AssessBadPatients,
            Unreadable::Earlier => T::AssessBadEarlier,
            Unreadable::Areas => T::AssessBadAreas,
            Unreadable::Action => T::AssessBadAction,
        }
    }
}

fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "j" | "ja" | "y" | "yes" => Some(true),
        "n" | "nej" | "no" => Some(false),
        _ => None,
    }
}

/// "-" or nothing: none (optional questions) or done (the actions).
pub(crate) fn none(s: &str) -> bool {
    matches!(s.trim(), "" | "-")
}

fn list(s: &str) -> Vec<String> {
    if none(s) {
        return Vec::new();
    }
    s.split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

fn earlier(s: &str) -> Result<Vec<Earlier>, Unreadable> {
    list(s)
        .into_iter()
        .map(|item| {
            let mut words = item.splitn(3, char::is_whitespace);
            let incident = words.next().unwrap_or_default().to_uppercase();
            let similar = words.next().and_then(yes_no).ok_or(Unreadable::Earlier)?;
            if !incident.starts_with("INC-") {
                return Err(Unreadable::Earlier);
            }
            Ok(Earlier {
                incident,
                similar,
                note: words.next().unwrap_or_default().trim().to_string(),
            })
        })
        .collect()
}

fn areas(s: &str) -> Result<Vec<CauseArea>, Unreadable> {
    if none(s) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for n in s.split(|c: char| c == ',' || c.is_whitespace()) {
        if n.is_empty() {
            continue;
        }
        let i: usize = n.parse().map_err(|_| Unreadable::Areas)?;
        let area = *CauseArea::ALL
            .get(i.wrapping_sub(1))
            .ok_or(Unreadable::Areas)?;
        if !out.contains(&area) {
            out.push(area);
        }
    }
    out.sort();
    Ok(out)
}

fn action(s: &str) -> Result<Action, Unreadable> {
    let parts: Vec<&str> = s.split(';').map(str::trim).collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or_default().to_string();
    let due = part(2);
    if part(0).is_empty()
        || parts.len() > 5
        || chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").is_err()
    {
        return Err(Unreadable::Action);
    }
    let strength = match part(4).as_str() {
        "" => None,
        x => Some(ActionStrength::parse(x).ok_or(Unreadable::Action)?),
    };
    Ok(Action {
        what: part(0),
        owner: part(1),
        due,
        verification: part(3),
        strength,
    })
}

/// Checks the answer to question `q` (0-based; `FIXED` and on are actions).
pub fn check(q: usize, text: &str) -> Result<(), Unreadable> {
    let t = text.trim();
    match q {
        0 => harm(t).map(|_| ()),
        1 => yes_no(t).map(|_| ()).ok_or(Unreadable::YesNo),
        2 | 7 | 9 if t.is_empty() || t == "-" => Err(Unreadable::Empty),
        4 => patients(t).map(|_| ()),
        5 => informed(t).map(|_| ()),
        6 => earlier(t).map(|_| ()),
        8 => areas(t).map(|_| ()),
        q if q >= FIXED && !none(t) => action(t).map(|_| ()),
        _ => Ok(()),
    }
}

fn harm(t: &str) -> Result<Harm, Unreadable> {
    match t.to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" => Ok(Harm::Yes),
        "nej" | "n" | "no" => Ok(Harm::No),
        "okänd" | "okänt" | "vet ej" | "unknown" => Ok(Harm::Unknown),
        _ => Err(Unreadable::Harm),
    }
}

fn patients(t: &str) -> Result<Patients, Unreadable> {
    match t.to_lowercase().as_str() {
        "risk" | "endast risk" | "risk only" => Ok(Patients::RiskOnly),
        n => n
            .parse()
            .map(Patients::Count)
            .map_err(|_| Unreadable::Patients),
    }
}

fn informed(t: &str) -> Result<(bool, String), Unreadable> {
    let (yes, how) = leading_yes_no(t).ok_or(Unreadable::Informed)?;
    Ok((yes, how.to_string()))
}

/// A yes or no first and the words after it, as people write them: "ja, per telefon",
/// "n: ingen risk", "j hur". `None` when the first word is neither.
pub(super) fn leading_yes_no(text: &str) -> Option<(bool, &str)> {
    let text = text.trim_start();
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'))
        .unwrap_or(text.len());
    let yes = yes_no(&text[..end])?;
    let rest = text[end..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'));
    Some((yes, rest.trim_end()))
}

/// The answers read into an assessment. `Err((question, why))` names the first answer that
/// cannot be read.
pub fn assessment_from(answers: &[String]) -> Result<Assessment, (usize, Unreadable)> {
    for (q, a) in answers.iter().enumerate() {
        check(q, a).map_err(|why| (q, why))?;
    }
    if answers.len() < FIXED {
        return Err((answers.len(), Unreadable::Empty));
    }
    let get = |i: usize| answers.get(i).map(|s| s.trim()).unwrap_or_default();
    let (informed, informed_how) = informed(get(5)).map_err(|w| (5, w))?;
    Ok(Assessment {
        harm: harm(get(0)).map_err(|w| (0, w))?,
        serious_risk: yes_no(get(1)).ok_or((1, Unreadable::YesNo))?,
        reasoning: get(2).to_string(),
        care_units: list(get(3)),
        patients: patients(get(4)).map_err(|w| (4, w))?,
        informed,
        informed_how,
        earlier: earlier(get(6)).map_err(|w| (6, w))?,
        causes: get(7).to_string(),
        cause_areas: areas(get(8)).map_err(|w| (8, w))?,
        risk_assessment: get(9).to_string(),
        actions: answers[FIXED..]
            .iter()
            .filter(|a| !none(a))
            .map(|a| action(a))
            .collect::<Result<_, _>>()
            .map_err(|w| (FIXED, w))?,
    })
}

/// An assessment as the answers that give it (to ask again after a refused save).
pub fn answers_of(a: &Assessment) -> Vec<String> {
    let yn = |b: bool| if b { "j" } else { "n" };
    let mut out = vec![
        match a.harm {
            Harm::Yes => "ja",
            Harm::No => "nej",
            Harm::Unknown => "okänd",
        }
        .to_string(),
        yn(a.serious_risk).to_string(),
        a.reasoning.clone(),
        a.care_units.join(", "),
        match &a.patients {
            Patients::Count(n) => n.to_string(),
            Patients::RiskOnly => "risk".into(),
        },
        format!("{} {}", yn(a.informed), a.informed_how)
            .trim()
            .to_string(),
        a.earlier
            .iter()
            .map(|e| {
                format!("{} {} {}", e.incident, yn(e.similar), e.note)
                    .trim()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(", "),
        a.causes.clone(),
        a.cause_areas
            .iter()
            .filter_map(|x| CauseArea::ALL.iter().position(|y| y == x))
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(" "),
        a.risk_assessment.clone(),
    ];
    out.extend(a.actions.iter().map(|x| {
        format!(
            "{}; {}; {}; {}; {}",
            x.what,
            x.owner,
            x.due,
            x.verification,
            x.strength.map(|s| s.sv()).unwrap_or_default()
        )
    }));
    out
}

/// The prompt's label for question `q`.
pub fn label(q: usize) -> T {
    [
        T::AssessQ0,
        T::AssessQ1,
        T::AssessQ2,
        T::AssessQ3,
        T::AssessQ4,
        T::AssessQ5,
        T::AssessQ6,
        T::AssessQ7,
        T::AssessQ8,
        T::AssessQ9,
    ]
    .get(q)
    .copied()
    .unwrap_or(T::AssessAction)
}

/// What stands above the prompt for question `q`: how to answer, where it is not plain.
pub fn guide(lang: Lang, q: usize) -> Option<String> {
    let t = match q {
        4 => T::AssessGuidePatients,
        6 => T::AssessGuideEarlier,
        8 => T::AssessGuideAreas,
        q if q >= FIXED => {
            let n = q - FIXED + 1;
            return Some(match lang {
                Lang::Sv => format!("Åtgärd {n}: {}", lang.t(T::AssessGuideAction)),
                Lang::En => format!("Action {n}: {}", lang.t(T::AssessGuideAction)),
            });
        }
        0 => return None,
        // The way back, where the question itself needs no help.
        _ => T::AssessBackHint,
    };
    Some(lang.t(t).to_string())
}

/// The assessment in a few lines, to confirm before it is saved.
pub fn summary(lang: Lang, a: &Assessment) -> String {
    let sv = lang == Lang::Sv;
    let yn = |b: bool| match (b, sv) {
        (true, true) => "ja",
        (false, true) => "nej",
        (true, false) => "yes",
        (false, false) => "no",
    };
    let harm = match (a.harm, sv) {
        (Harm::Yes, _) => yn(true),
        (Harm::No, _) => yn(false),
        (Harm::Unknown, true) => "okänt",
        (Harm::Unknown, false) => "unknown",
    };
    let patients = match (&a.patients, sv) {
        (Patients::Count(n), _) => n.to_string(),
        (Patients::RiskOnly, true) => "endast risk".into(),
        (Patients::RiskOnly, false) => "risk only".into(),
    };
    let dash = |v: String| if v.is_empty() { "–".to_string() } else { v };
    let areas = dash(
        a.cause_areas
            .iter()
            .map(|x| if sv { x.sv() } else { x.en() })
            .collect::<Vec<_>>()
            .join("; "),
    );
    let earlier = dash(
        a.earlier
            .iter()
            .map(|e| format!("{} {}", e.incident, yn(e.similar)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let gaps = crate::model::assessment::missing(Some(a), true);
    let gaps = gaps
        .iter()
        .map(|g| if sv { g.sv() } else { g.en() })
        .collect::<Vec<_>>()
        .join(", ");
    let units = dash(a.care_units.join(", "));
    let n = a.actions.len();
    if sv {
        format!(
            "Vårdskada: {harm} · risk för allvarlig vårdskada: {} · patienter: {patients} · \
             informerad: {} · vårdenheter: {units} · tidigare: {earlier} · orsaksområden: \
             {areas} · åtgärder: {n}.{}",
            yn(a.serious_risk),
            yn(a.informed),
            if gaps.is_empty() {
                String::new()
            } else {
                format!(" Saknas ännu: {gaps}.")
            }
        )
    } else {
        format!(
            "Harm: {harm} · risk of serious harm: {} · patients: {patients} · informed: {} · \
             care units: {units} · earlier: {earlier} · cause areas: {areas} · actions: {n}.{}",
            yn(a.serious_risk),
            yn(a.informed),
            if gaps.is_empty() {
                String::new()
            } else {
                format!(" Still missing: {gaps}.")
            }
        )
    }
}

#[cfg(test)]
#[path = "assess_tests.rs"]
mod tests;
