//! A refusal from the core (`model::refusal::Refusal`, the operations') told in the interface language, with times in
//! the site's zone. The console and the CLI both render refusals here.

use super::Lang;
use super::words::{milestone, status};
use crate::model::incident::{MilestoneError, Status, TransitionError};
use crate::model::refusal::{Field, Refusal};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The name of a field a person typed into, in `lang` ("the note", "anteckningen").
pub fn field(lang: Lang, f: Field) -> &'static str {
    if lang == Lang::En {
        return f.english();
    }
    match f {
        Field::Note => "anteckningen",
        Field::NoteTime => "anteckningens tid",
        Field::Reason => "orsaken",
        Field::SkipReason => "orsaken till att steget hoppas över",
        Field::Title => "rubriken",
        Field::Description => "beskrivningen",
        Field::CareUnit => "en vårdenhet",
        Field::Audience => "mottagarna",
        Field::HandoverNote => "överlämningsanteckningen",
        Field::Summary => "sammanfattningen",
        Field::Impact => "påverkan",
        Field::WhatWorked => "det som fungerade",
        Field::ContributingFactors => "de bidragande faktorerna",
        Field::FollowUpAction => "en uppföljande åtgärd",
        Field::FollowUpOwner => "dess ansvarige",
        Field::FollowUpDue => "dess slutdatum",
        Field::FollowUpVerification => "hur den följs upp",
        Field::Time => "tiden",
        Field::Milestone => "milstolpen",
        Field::Started => "start",
        Field::Detected => "upptäckt",
        Field::Value => "värdet",
        Field::NewLayerName => "det nya jourlagrets namn",
        Field::Reasoning => "motiveringen",
        Field::Causes => "de bakomliggande orsakerna",
        Field::RiskAssessment => "riskbedömningen",
        Field::ActionDue => "åtgärdens slutdatum",
    }
}

fn local(at: DateTime<Utc>, tz: Tz, with_date: bool) -> String {
    let at = at.with_timezone(&tz);
    if with_date {
        at.format("%Y-%m-%d %H:%M").to_string()
    } else {
        at.format("%H:%M").to_string()
    }
}

fn first_upper(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// What to show for a refusal in `lang`, times in `tz`.
pub fn say(lang: Lang, tz: Tz, r: &Refusal) -> String {
    match lang {
        Lang::En => english(tz, r),
        Lang::Sv => swedish(tz, r),
    }
}

fn english(tz: Tz, r: &Refusal) -> String {
    match r {
        Refusal::InFuture { field, at } => {
            format!("{field} ({} {tz}) is in the future", local(*at, tz, true))
        }
        Refusal::AlreadyAcknowledged { id, by, at } => format!(
            "{id} is already acknowledged by {by} at {}",
            local(*at, tz, false)
        ),
        Refusal::StepDone { step, by, at } => format!(
            "step {step} is already done: by {by} at {}",
            local(*at, tz, false)
        ),
        Refusal::StepSkipped { step, by, at } => format!(
            "step {step} was already skipped: by {by} at {}",
            local(*at, tz, false)
        ),
        Refusal::MilestoneOrder(e) => milestone_order(Lang::En, tz, e),
        other => other.to_string(),
    }
}

fn transition(e: &TransitionError) -> String {
    let (from, to) = (status(Lang::Sv, e.from), status(Lang::Sv, e.to));
    let why = match (e.from, e.to) {
        (a, b) if a == b => "den har redan den statusen".to_string(),
        (Status::Closed | Status::Cancelled, _) => {
            format!("en incident med status {from} kan inte ändras")
        }
        (_, Status::Closed) => "bara en åtgärdad incident kan stängas".to_string(),
        (Status::Resolved, _) => {
            "en åtgärdad incident kan bara stängas eller öppnas igen som under utredning"
                .to_string()
        }
        _ => "den övergången är inte tillåten".to_string(),
    };
    format!("Kan inte gå från {from} till {to}: {why}")
}

fn milestone_order(lang: Lang, tz: Tz, e: &MilestoneError) -> String {
    let (m, other) = (
        milestone(lang, e.milestone),
        milestone(lang, e.conflicts_with),
    );
    let (at, other_at) = (local(e.at, tz, true), local(e.other_at, tz, true));
    match (lang, e.at < e.other_at) {
        (Lang::En, before) => format!(
            "{m} at {at} would be {} {other} at {other_at}: milestones must be in order \
             (started ≤ detected ≤ acknowledged ≤ mitigated ≤ resolved ≤ closed). Correct the \
             other milestone first if it is the wrong one",
            if before { "before" } else { "after" }
        ),
        (Lang::Sv, before) => format!(
            "{} {at} skulle komma {} {other} {other_at}: milstolparna ska vara i ordning \
             (start ≤ upptäckt ≤ kvitterad ≤ begränsad ≤ åtgärdad ≤ stängd). Rätta den andra \
             milstolpen först om det är den som är fel",
            first_upper(m.to_string()),
            if before { "före" } else { "efter" }
        ),
    }
}

fn swedish(tz: Tz, r: &Refusal) -> String {
    let f = |name: &Field| field(Lang::Sv, *name).to_string();
    match r {
        Refusal::Empty { field } => {
            let name = f(field);
            // "värdet är tomt", "anteckningen är tom".
            let empty = if name.ends_with("et") || name.ends_with("at") {
                "tomt"
            } else {
                "tom"
            };
            format!("{} är {empty} — skriv något", first_upper(name))
        }
        Refusal::DirectionControl { field, code } => format!(
            "{} innehåller ett osynligt riktningstecken (U+{code:04X}): det tas inte emot i text \
             som skrivs, där det visar tecknen efter sig i annan ordning (ett nummer baklänges)",
            first_upper(f(field))
        ),
        Refusal::TooLong { field, chars, max } => format!(
            "{} är {chars} tecken; högst {max} får plats: dela upp den i flera",
            first_upper(f(field))
        ),
        Refusal::InFuture { field, at } => format!(
            "{} ({} {tz}) ligger i framtiden",
            first_upper(f(field)),
            local(*at, tz, true)
        ),
        Refusal::NeedsReason => "Ange en orsak".to_string(),
        Refusal::UnknownSystem(s) => {
            format!("Okänt system \"{s}\" (se beredskap config check för systemen)")
        }
        Refusal::UnknownTeam(t) => format!("Okänt team \"{t}\""),
        Refusal::NotASender {
            account,
            what,
            senders,
        } => {
            let what = match what {
                crate::model::refusal::SendsFor::Heartbeat(id) => format!("livssignalen \"{id}\""),
                crate::model::refusal::SendsFor::Source(id) => format!("larmkällan \"{id}\""),
            };
            let who = if senders.is_empty() {
                "inget konto är angivet".to_string()
            } else {
                format!("bara {} får", senders.join(", "))
            };
            format!(
                "{account} får inte skicka för {what}: {who} (senders i konfigurationen anger \
                 vilka konton som får; inget skrevs)"
            )
        }
        Refusal::UnknownPerson(p) => format!("Okänd person \"{p}\""),
        Refusal::UnknownRole { role, known } => {
            format!("Okänd roll \"{role}\" (kända: {})", known.join(", "))
        }
        Refusal::UnknownSeverity { severity, known } => format!(
            "Okänd allvarlighetsgrad \"{severity}\" (kända: {})",
            known.join(", ")
        ),
        Refusal::NoIncident(id) => format!("Det finns ingen incident {id}"),
        Refusal::NoRun(id) => format!("Det finns ingen körning {id}"),
        Refusal::NoPage(id) => format!("Det finns inget larm {id}"),
        Refusal::AlreadyAcknowledged { id, by, at } => format!(
            "{id} är redan kvitterat av {by} kl. {}",
            local(*at, tz, false)
        ),
        Refusal::AlreadyResolved(id) => format!("{id} är redan åtgärdat"),
        Refusal::PageNeedsMessage => "Larmet behöver ett meddelande".to_string(),
        Refusal::DecisionNeedsMotivation => "Beslutet behöver en motivering".to_string(),
        Refusal::DecisionAgainstAssessment => "Bedömningen fann risk för allvarlig vårdskada: \
            att inte anmäla går emot den. Motivera varför, som ett medvetet val"
            .to_string(),
        Refusal::RunNotActive(id) => {
            format!("{id} är inte aktiv: den tar inte emot fler steg")
        }
        Refusal::NoStep { run, steps, number } => {
            format!("{run} har steg 1–{steps}, inte {number}")
        }
        Refusal::StepDone { step, by, at } => format!(
            "Steg {step} är redan gjort: av {by} kl. {}",
            local(*at, tz, false)
        ),
        Refusal::StepSkipped { step, by, at } => format!(
            "Steg {step} är redan överhoppat: av {by} kl. {}",
            local(*at, tz, false)
        ),
        Refusal::NothingToUndo(step) => {
            format!("Steg {step} är varken gjort eller överhoppat: inget att ångra")
        }
        Refusal::StepsOpen { open, total } => format!(
            "{open} av {total} steg är varken gjorda eller överhoppade (hoppa över dem med en \
             orsak, eller avbryt körningen)"
        ),
        Refusal::IncidentEnded { id, status: s } => {
            format!("{id} är {}", status(Lang::Sv, *s))
        }
        Refusal::Transition(e) => transition(e),
        Refusal::MilestoneOrder(e) => milestone_order(Lang::Sv, tz, e),
        Refusal::MilestoneSet(m) => format!(
            "{} är redan satt; att rätta den kräver en orsak",
            first_upper(milestone(Lang::Sv, *m).to_string())
        ),
        Refusal::AlreadyHolds { account, role } => format!("{account} har redan rollen {role}"),
        Refusal::HandoverNeedsNote { role, holder } => {
            format!("Rollen {role} innehas av {holder}: en överlämning behöver en anteckning")
        }
        Refusal::NeedsAudience => "En kommunikation behöver mottagare (t.ex. vårdenheter, \
                                   ledning, leverantör, presstjänst)"
            .to_string(),
        Refusal::NoRota(t) => {
            format!("Teamet \"{t}\" har ingen jourlista ([[teams.rotations]] i konfigurationen)")
        }
        Refusal::NoLayer { team, layer, known } => format!(
            "Teamet \"{team}\" har inget jourlager \"{layer}\" (det har {})",
            known.join(", ")
        ),
        Refusal::EndsBeforeStart(s) => format!(
            "{} slutar innan det börjar (--to måste vara efter --from)",
            span(*s)
        ),
        Refusal::AlreadyEnded(s) => format!("{} har redan tagit slut", span(*s)),
        Refusal::NoOverride(id) => {
            format!("Det finns inget byte #{id} som gäller (se beredskap oncall overrides)")
        }
        Refusal::NoWindow(id) => format!(
            "#{id} är inget underhållsfönster som lagts till under drift (se beredskap \
             maintenance list)"
        ),
        Refusal::WindowOver(id) => format!("Underhållsfönster #{id} är redan slut"),
        Refusal::NoSuchAccount(a) => format!("--as {a}: inget sådant konto under [[people]]"),
        Refusal::ActorOverride(a) => format!(
            "--as {a} nekas: regionen tillåter inte att man agerar som ett annat konto ([site] \
             allow_actor_override är bara för test- och demoregioner)"
        ),
        Refusal::DetectedBeforeStarted => "Upptäckt kan inte ligga före start".to_string(),
        Refusal::ReviewBeforeResolution { id, status: s } => format!(
            "{id} är fortfarande {}: efteranalysen skrivs när incidenten är åtgärdad",
            status(Lang::Sv, *s)
        ),
        Refusal::IvoAsks(name) => {
            format!("{} saknas: IVO frågar efter det", first_upper(f(name)))
        }
        Refusal::NotADate { field, value } => format!(
            "{} \"{value}\" är inget datum (ÅÅÅÅ-MM-DD)",
            first_upper(f(field))
        ),
        Refusal::ClockTime => "En tid i rapporteringsklockan kan inte läsas".to_string(),
        Refusal::NeedsField => "Ange fältet (--field), t.ex. message".to_string(),
        Refusal::NoEvent(id) => format!("Det finns ingen händelse #{id}"),
        Refusal::NotClinical { event, kind } => format!(
            "Händelse #{event} ({}) hör inte till det kliniska underlaget: bara en \
             administratör får ta bort text ur den",
            super::words::kind(Lang::Sv, kind)
        ),
        Refusal::RedactRedaction => "En borttagning kan inte själv tas bort".to_string(),
        Refusal::NoField { event, field } => {
            format!("Händelse #{event} har inget fält \"{field}\"")
        }
        Refusal::NotText { event, field } => {
            format!("Händelse #{event}: \"{field}\" är ingen text (bara text kan tas bort)")
        }
        Refusal::UnknownStatus(s) => format!(
            "Okänd status \"{s}\" ({})",
            Status::ALL
                .iter()
                .map(|x| status(Lang::Sv, *x))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Refusal::UnknownMilestone(m) => format!(
            "Okänd milstolpe \"{m}\" ({})",
            crate::model::incident::Milestone::ALL
                .iter()
                .map(|x| milestone(Lang::Sv, *x))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Refusal::Time(e) => format!("«{}» {}", e.input, Lang::Sv.t(super::T::TimeUnreadable)),
        Refusal::RunbookGone(id) => format!("{id}: {}", Lang::Sv.t(super::T::RunbookGone)),
    }
}

/// What a refusal about a span of time is about, in Swedish.
fn span(s: crate::model::refusal::Span) -> &'static str {
    match s {
        crate::model::refusal::Span::Override => "Bytet",
        crate::model::refusal::Span::MaintenanceWindow => "Underhållsfönstret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::incident::Milestone;
    use chrono::TimeZone;

    /// Every field name the core refuses by is said in Swedish on a Swedish screen (they
    /// showed "The value är tom", "informed_how", "care_units").
    #[test]
    fn every_field_name_has_its_swedish_words() {
        for f in Field::ALL {
            assert_ne!(field(Lang::Sv, *f), f.english(), "{f}");
            assert_eq!(field(Lang::En, *f), f.english());
        }
        let tz = chrono_tz::Europe::Stockholm;
        let empty = |f: Field| say(Lang::Sv, tz, &Refusal::Empty { field: f });
        assert_eq!(empty(Field::Value), "Värdet är tomt — skriv något");
        assert_eq!(empty(Field::Note), "Anteckningen är tom — skriv något");
        // A milestone set in the future read "The milestone (…) ligger i framtiden": its
        // name was a string the Swedish list did not have.
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 2, 2, 12, 0).unwrap();
        let future = say(
            Lang::Sv,
            tz,
            &Refusal::InFuture {
                field: Field::Milestone,
                at,
            },
        );
        assert!(
            future.starts_with("Milstolpen (2026-12-02 03:12"),
            "{future}"
        );
    }

    fn every_refusal() -> Vec<Refusal> {
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 2, 12, 0).unwrap();
        vec![
            Refusal::Empty { field: Field::Note },
            Refusal::TooLong {
                field: Field::Note,
                chars: 4100,
                max: 4000,
            },
            Refusal::InFuture {
                field: Field::NoteTime,
                at,
            },
            Refusal::NeedsReason,
            Refusal::UnknownSystem("lis".into()),
            Refusal::UnknownTeam("drift".into()),
            Refusal::DirectionControl {
                field: Field::Note,
                code: 0x202E,
            },
            Refusal::NotASender {
                account: "avd12.sara".into(),
                what: crate::model::refusal::SendsFor::Heartbeat("backup-natt".into()),
                senders: vec!["backup".into()],
            },
            Refusal::UnknownPerson("p1".into()),
            Refusal::UnknownRole {
                role: "x".into(),
                known: vec!["commander".into()],
            },
            Refusal::UnknownSeverity {
                severity: "x".into(),
                known: vec!["sev1".into()],
            },
            Refusal::NoIncident("INC-1".into()),
            Refusal::NoRun("RUN-1".into()),
            Refusal::NoPage("PAGE-1".into()),
            Refusal::AlreadyAcknowledged {
                id: "PAGE-1".into(),
                by: "p1".into(),
                at,
            },
            Refusal::AlreadyResolved("PAGE-1".into()),
            Refusal::PageNeedsMessage,
            Refusal::DecisionNeedsMotivation,
            Refusal::DecisionAgainstAssessment,
            Refusal::RunNotActive("RUN-1".into()),
            Refusal::NoStep {
                run: "RUN-1".into(),
                steps: 3,
                number: 9,
            },
            Refusal::StepDone {
                step: 2,
                by: "p1".into(),
                at,
            },
            Refusal::StepSkipped {
                step: 2,
                by: "p1".into(),
                at,
            },
            Refusal::NothingToUndo(2),
            Refusal::StepsOpen { open: 2, total: 5 },
            Refusal::IncidentEnded {
                id: "INC-1".into(),
                status: Status::Closed,
            },
            Refusal::Transition(TransitionError {
                from: Status::Closed,
                to: Status::Investigating,
            }),
            Refusal::MilestoneOrder(MilestoneError {
                milestone: Milestone::Detected,
                at,
                conflicts_with: Milestone::Started,
                other_at: at + chrono::Duration::hours(1),
            }),
            Refusal::MilestoneSet(Milestone::Detected),
            Refusal::AlreadyHolds {
                account: "p1".into(),
                role: "commander".into(),
            },
            Refusal::HandoverNeedsNote {
                role: "commander".into(),
                holder: "p2".into(),
            },
            Refusal::NeedsAudience,
            Refusal::NoRota("drift".into()),
            Refusal::NoLayer {
                team: "drift".into(),
                layer: "tredje".into(),
                known: vec!["primär".into()],
            },
            Refusal::EndsBeforeStart(crate::model::refusal::Span::Override),
            Refusal::EndsBeforeStart(crate::model::refusal::Span::MaintenanceWindow),
            Refusal::AlreadyEnded(crate::model::refusal::Span::Override),
            Refusal::AlreadyEnded(crate::model::refusal::Span::MaintenanceWindow),
            Refusal::NoOverride(42),
            Refusal::NoWindow(7),
            Refusal::WindowOver(7),
            Refusal::NoSuchAccount("p9".into()),
            Refusal::ActorOverride("p9".into()),
            Refusal::DetectedBeforeStarted,
            Refusal::ReviewBeforeResolution {
                id: "INC-1".into(),
                status: Status::Investigating,
            },
            Refusal::IvoAsks(Field::Reasoning),
            Refusal::IvoAsks(Field::Causes),
            Refusal::IvoAsks(Field::RiskAssessment),
            Refusal::NotADate {
                field: Field::ActionDue,
                value: "snart".into(),
            },
            Refusal::ClockTime,
            Refusal::NeedsField,
            Refusal::NoEvent(9),
            Refusal::NotClinical {
                event: 9,
                kind: "system.status_changed".into(),
            },
            Refusal::RedactRedaction,
            Refusal::NoField {
                event: 9,
                field: "message".into(),
            },
            Refusal::NotText {
                event: 9,
                field: "health".into(),
            },
            Refusal::UnknownStatus("klar".into()),
            Refusal::UnknownMilestone("klar".into()),
            Refusal::Time(crate::model::timespec::TimeSpecError {
                input: "25:99".into(),
                reason: "not a time".into(),
            }),
            Refusal::RunbookGone("lab-nere".into()),
        ]
    }

    #[test]
    fn every_refusal_is_told_in_swedish_without_english_words_and_in_local_time() {
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let english = [
            " the ",
            " is ",
            " already ",
            " not ",
            "unknown",
            "empty",
            " step ",
            "UTC",
            "reason",
            " needs ",
        ];
        for r in every_refusal() {
            let sv = say(Lang::Sv, tz, &r);
            for word in english {
                assert!(
                    !format!(" {sv} ").to_lowercase().contains(word),
                    "{word:?} in {sv:?}"
                );
            }
            let en = say(Lang::En, tz, &r);
            assert_ne!(sv, en);
            // 02:12 UTC is 03:12 in Stockholm in December.
            if en.contains("03:12") || en.contains("02:12") {
                assert!(sv.contains("03:12") && !sv.contains("02:12"), "{sv}");
                assert!(en.contains("03:12") && !en.contains("02:12"), "{en}");
            }
        }
        assert_eq!(
            say(
                Lang::Sv,
                tz,
                &Refusal::TooLong {
                    field: Field::Note,
                    chars: 4100,
                    max: 4000
                }
            ),
            "Anteckningen är 4100 tecken; högst 4000 får plats: dela upp den i flera"
        );
    }
}
