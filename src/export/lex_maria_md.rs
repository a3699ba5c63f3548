//! The Lex Maria evidence as Markdown, in Swedish, for the chief physician to read, sign and
//! archive (and the source of the PDF).

use super::lex_maria::{Evidence, SCHEMA, digest, downtime, durations};
use super::lex_maria_rows::{Fold, fold_row, follow_on_groups, in_words, target_name};
use crate::model::assessment;
use crate::model::incident::Milestone;
use crate::model::region::Region;
use crate::model::run::StepState;
use crate::model::shown::markdown as md;
use chrono::{DateTime, Utc};

pub(super) fn local(region: &Region, t: DateTime<Utc>) -> String {
    t.with_timezone(&region.site.time_zone)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// " (konfiguration i kraft: …)": which configuration (who had which role) applied to a
/// decision; nothing for a log from before configurations were recorded.
fn in_force(e: &Evidence, event: i64) -> String {
    e.configuration_at(event)
        .map(|d| format!(" (konfiguration i kraft: {})", d.get(..12).unwrap_or(d)))
        .unwrap_or_default()
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nej" }
}

/// The export as Markdown, in Swedish, for the physician to read, sign and archive.
pub fn to_markdown(region: &Region, e: &Evidence, exported_by: &str) -> String {
    let i = &e.incident;
    let site = &region.site;
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    line(format!(
        "# Underlag för bedömning enligt lex Maria: {} {}",
        i.id,
        md(&i.title)
    ));
    line(String::new());
    line(format!(
        "Exporterat {} av {} ur beredskap (schema {SCHEMA}). Underlaget lämnas inte till IVO av beredskap; anmälan görs i IVO:s e-tjänst.",
        local(region, e.exported_at),
        md(exported_by)
    ));
    line(String::new());
    line(format!(
        "Alla tider är lokal tid ({}), till minuten.",
        site.time_zone
    ));
    line(String::new());
    // The completeness check, first: what to add before signing (it does not block).
    let gaps = crate::model::assessment::missing(
        e.review.assessment.as_ref().map(|(a, ..)| a),
        e.review.decision.is_some(),
    );
    if gaps.is_empty() {
        line("Kontroll av fullständighet: inget av det IVO oftast saknar fattas.".into());
    } else {
        line(format!(
            "Ofullständigt: {} saknas.",
            gaps.iter().map(|g| g.sv()).collect::<Vec<_>>().join(", ")
        ));
    }
    line(String::new());
    line("## Vårdgivare".into());
    line(format!("- Vårdgivare: {}", md(&site.care_provider)));
    line(format!(
        "- Organisationsnummer: {}",
        md(&site.organisation_number)
    ));
    line(format!("- Förvaltning: {}", md(&site.department)));
    let resp = region
        .person(&site.lex_maria_responsible)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    line(format!(
        "- Anmälningsansvarig: {} ({})",
        md(&resp),
        md(&site.lex_maria_responsible)
    ));
    line(String::new());
    line("## Sammanfattning".into());
    line(format!(
        "- Allvarlighetsgrad: {} · status: {}",
        md(region
            .severities
            .iter()
            .find(|s| s.id == i.severity)
            .map_or(i.severity.as_str(), |s| s.name.as_str())),
        crate::i18n::words::status(crate::i18n::Lang::Sv, i.status)
    ));
    if !i.description.is_empty() {
        line(format!("- Beskrivning: {}", md(&i.description)));
    }
    if let Some(p) = &i.patient_safety {
        line(format!(
            "- Risk för vårdskada (flaggad): {}",
            md(&p.to_string())
        ));
    }
    if !i.care_units.is_empty() {
        line(format!(
            "- Berörda enheter: {}",
            md(&i.care_units.join(", "))
        ));
    }
    line(String::new());
    line("## Påverkade system".into());
    for (sys, down) in downtime(e) {
        let x = region.system(&sys);
        line(format!(
            "- {} ({sys}): nere eller försämrat {}; vårdenheter: {}; beror på: {}",
            md(x.map(|x| x.name.as_str()).unwrap_or("")),
            in_words(down),
            md(&x.map(|x| x.care_units.join(", ")).unwrap_or_default()),
            md(&x
                .map(|x| {
                    x.depends_on
                        .iter()
                        .map(|d| region.system(d).map_or(d.as_str(), |s| s.name.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default())
        ));
    }
    line(String::new());
    line("## Milstolpar".into());
    let mut ms: Vec<(Milestone, DateTime<Utc>)> =
        i.milestones.iter().map(|(m, t)| (*m, *t)).collect();
    ms.sort_by_key(|(m, t)| (*t, *m));
    for (m, t) in &ms {
        let name = crate::i18n::words::milestone(crate::i18n::Lang::Sv, *m);
        let mut c = name.chars();
        let name: String = c
            .next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
        line(format!("- {name}: {}", local(region, *t)));
    }
    let d = durations(i);
    let m = |k: &str| match d[k].as_i64() {
        Some(v) => in_words(v),
        None => "–".to_string(),
    };
    line(format!(
        "- Från start till upptäckt {}, till kvittens {}, till åtgärd {}, till löst {}",
        m("to_detect_min"),
        m("to_acknowledge_min"),
        m("to_mitigate_min"),
        m("to_resolve_min")
    ));
    line(String::new());
    line("## Tidslinje".into());
    line("| händelse | tid | av | vad |".into());
    line("|---|---|---|---|".into());
    // Status changes that only follow another system's (impacted by it, to the same state)
    // are folded into one row where three or more would repeat it.
    let folds = follow_on_groups(&e.timeline);
    for x in &e.timeline {
        match folds.get(&x.id) {
            Some(Fold::First(members)) => {
                line(fold_row(region, members));
                continue;
            }
            Some(Fold::Rest) => continue,
            None => {}
        }
        line(format!(
            "| #{} | {} | {} | {} |",
            x.id,
            local(region, x.occurred_at),
            // Actor and account, always both when they differ.
            if x.actor == x.os_account {
                md(&x.actor)
            } else {
                format!("{} (OS-konto {})", md(&x.actor), md(&x.os_account))
            },
            md(&crate::i18n::events::describe_in(
                x,
                crate::i18n::Lang::Sv,
                region
            ))
        ));
    }
    line(String::new());
    line("## Reservrutiner".into());
    if e.runs.is_empty() {
        line("Inga reservrutiner kördes för incidenten.".into());
    }
    for r in &e.runs {
        let (done, total) = r.progress();
        line(format!(
            "### {} {} ({done} av {total} steg, {})",
            r.id,
            md(&r.title),
            match r.status {
                crate::model::run::RunStatus::Active => "pågår",
                crate::model::run::RunStatus::Completed => "avslutad",
                crate::model::run::RunStatus::Aborted => "avbruten",
            }
        ));
        for st in &r.steps {
            let what = match &st.state {
                StepState::Pending => "ej utfört".to_string(),
                StepState::Done { by, at, value, .. } => format!(
                    "klart {} av {}{}",
                    local(region, *at),
                    md(by),
                    value
                        .as_ref()
                        .map(|v| format!(", värde: {}", md(v)))
                        .unwrap_or_default()
                ),
                StepState::Skipped { by, at, reason, .. } => {
                    format!(
                        "överhoppat {} av {}: {}",
                        local(region, *at),
                        md(by),
                        md(reason)
                    )
                }
            };
            line(format!("{}. {} — {what}", st.number, md(&st.text)));
        }
    }
    line(String::new());
    line("## Larm och eskalering".into());
    if e.pages.is_empty() {
        line("Inga larm.".into());
    }
    for p in &e.pages {
        line(format!(
            "- {} till {}: {} (utlöst {} av {})",
            p.id,
            md(&target_name(region, &p.target)),
            md(&p.message),
            local(region, p.triggered_at),
            md(&p.triggered_by)
        ));
        for (_, at, n) in &p.notified {
            line(format!(
                "  - steg {} omgång {} {}: {}",
                n.step + 1,
                n.round + 1,
                local(region, *at),
                md(&n.recipients.join(", "))
            ));
        }
        if let Some((by, at)) = &p.acknowledged {
            line(format!(
                "  - kvitterat av {} {}",
                md(by),
                local(region, *at)
            ));
        }
    }
    line(String::new());
    line("## Efteranalys".into());
    match &i.review {
        Some(r) => {
            line(format!("- Sammanfattning: {}", md(&r.summary)));
            line(format!("- Påverkan: {}", md(&r.impact)));
            line(format!("- Det som fungerade: {}", md(&r.what_worked)));
            line(format!(
                "- Bidragande orsaker: {}",
                md(&r.contributing_factors)
            ));
        }
        None => line("Ingen efteranalys registrerad.".into()),
    }
    line(String::new());
    line("## Bedömning (chefläkare)".into());
    match &e.review.assessment {
        Some((a, by, at, id)) => {
            line(format!(
                "Registrerad {} av {}{}.",
                local(region, *at),
                md(by),
                in_force(e, *id)
            ));
            line(format!(
                "- Vårdskada: {}",
                match a.harm {
                    crate::model::assessment::Harm::Yes => "ja",
                    crate::model::assessment::Harm::No => "nej",
                    crate::model::assessment::Harm::Unknown => "okänt",
                }
            ));
            line(format!(
                "- Risk för allvarlig vårdskada: {}",
                yes_no(a.serious_risk)
            ));
            line(format!("- Motivering: {}", md(&a.reasoning)));
            line(format!(
                "- Berörda vårdenheter: {}",
                md(&a.care_units.join(", "))
            ));
            line(format!(
                "- Berörda patienter: {}",
                match &a.patients {
                    assessment::Patients::Count(n) => format!("{n}"),
                    assessment::Patients::RiskOnly => "endast risk".into(),
                }
            ));
            line(format!(
                "- Patient eller närstående informerad: {}{}",
                yes_no(a.informed),
                if a.informed_how.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", md(&a.informed_how))
                }
            ));
            line(format!("- Bakomliggande orsaker: {}", md(&a.causes)));
            line(format!("- Riskbedömning: {}", md(&a.risk_assessment)));
            for x in &a.earlier {
                line(format!(
                    "- Tidigare liknande händelse {}: {}{}",
                    x.incident,
                    if x.similar { "bekräftad" } else { "avfärdad" },
                    if x.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", md(&x.note))
                    }
                ));
            }
            for x in &a.actions {
                line(format!(
                    "- Åtgärd: {} · ansvarig {} · klart {} · uppföljning: {}",
                    md(&x.what),
                    md(&x.owner),
                    md(&x.due.to_string()),
                    md(&x.verification)
                ));
            }
        }
        None => line("Ingen bedömning registrerad.".into()),
    }
    line("### Tidigare händelser på samma system (24 månader, föreslagna)".into());
    if e.earlier.is_empty() {
        line("Inga.".into());
    }
    for (id, title, at) in &e.earlier {
        let verdict = e
            .review
            .assessment
            .as_ref()
            .and_then(|(a, ..)| a.earlier.iter().find(|x| &x.incident == id))
            .map(|x| {
                if x.similar {
                    "bekräftad som liknande"
                } else {
                    "avfärdad"
                }
            })
            .unwrap_or("ej prövad");
        line(format!(
            "- {id} {} ({}): {verdict}",
            md(title),
            local(region, *at)
        ));
    }
    line(String::new());
    line("## Beslut".into());
    match &e.review.decision {
        Some((d, by, at, id)) => {
            line(format!(
                "- Anmälan till IVO enligt lex Maria: {}",
                yes_no(d.report)
            ));
            line(format!("- Motivering: {}", md(&d.motivation)));
            line(format!(
                "- Beslutat av {} {}{}",
                md(by),
                local(region, *at),
                in_force(e, *id)
            ));
        }
        None => line("Inget beslut registrerat.".into()),
    }
    line(String::new());
    line("## Andra rapporteringsskyldigheter".into());
    // A medical-device event: the care provider's own duties, beside the lex Maria clock.
    let devices: Vec<&str> = i
        .systems
        .iter()
        .filter_map(|s| region.system(s))
        .filter(|s| s.category == crate::model::region::Category::Mt)
        .map(|s| s.name.as_str())
        .collect();
    let device_clock = e
        .review
        .clocks
        .iter()
        .any(|(c, ..)| c.clock == crate::model::assessment::ClockKind::MedicalDevice);
    if !devices.is_empty() || device_clock {
        line(format!(
            "- Medicintekniska produkter berörs{}: enligt HSLF-FS 2021:52 (5 kap. 2–3 §§) ska \
             vårdgivaren rapportera negativa händelser och tillbud med medicintekniska \
             produkter till tillverkaren och till Läkemedelsverket. Det är en egen \
             rapportering, vid sidan av anmälan enligt lex Maria till IVO.",
            if devices.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&devices.join(", ")))
            }
        ));
    }
    if e.review.clocks.is_empty() && devices.is_empty() {
        line("Inga registrerade.".into());
    }
    for (c, by, _, _) in &e.review.clocks {
        let aware = crate::model::timespec::from_storage(&c.aware_at);
        let reported = c
            .reported_at
            .as_deref()
            .and_then(crate::model::timespec::from_storage);
        line(format!(
            "- {}: gäller {} (bedömt av {}); kännedom {}; rapporterat {}; referens {}",
            c.clock.name(),
            yes_no(c.applies),
            md(by),
            aware.map(|t| local(region, t)).unwrap_or_default(),
            reported
                .map(|t| local(region, t))
                .unwrap_or_else(|| "-".into()),
            if c.reference.is_empty() {
                "-".to_string()
            } else {
                md(&c.reference)
            }
        ));
        if let Some(a) = aware {
            for (what, at) in c.clock.deadlines(a, reported) {
                line(format!("  - {what}: senast {}", local(region, at)));
            }
        }
    }
    line(String::new());
    // Who signs: the one who decided, else the region's responsible for lex Maria.
    line("## Underskrift".into());
    let signer = e
        .review
        .decision
        .as_ref()
        .map(|(_, by, _, _)| by.clone())
        .unwrap_or_else(|| site.lex_maria_responsible.clone());
    let signer_name = region
        .person(&signer)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    line(format!("- Namn: {} ({})", md(&signer_name), md(&signer)));
    line("- Roll: chefläkare, anmälningsansvarig enligt lex Maria (SOSFS 2011:9)".into());
    if let Some((_, _, at, _)) = &e.review.decision {
        line(format!("- Beslutet registrerat: {}", local(region, *at)));
    }
    line(String::new());
    line("Ort och datum: ______________________________".into());
    line(String::new());
    line("Underskrift: ______________________________".into());
    line(String::new());
    line(format!("Namnförtydligande: {}", md(&signer_name)));
    line(String::new());
    line("## Spårbarhet".into());
    line(format!("- Händelser i underlaget: {}", e.timeline.len()));
    line(format!(
        "- SHA-256 över händelsernas id och hash: `{}`",
        digest(&e.timeline)
    ));
    if let Some((id, hash)) = &e.head {
        line(format!("- Loggens senaste händelse: #{id} `{hash}`"));
    }
    match &e.chain_break {
        None => line(format!(
            "- Kedjan verifierad: obruten för underlagets händelser och deras grannar ({} \
             händelser kontrollerade i {} {}; hela loggen kontrolleras med \
             `beredskap log verify`)",
            e.events_verified,
            e.verified.len(),
            if e.verified.len() == 1 {
                "sträcka"
            } else {
                "sträckor"
            }
        )),
        Some(b) => line(format!("- Kedjan verifierad: **BRUTEN** — {b}")),
    }
    line(String::new());
    line("| händelse | hash |".into());
    line("|---|---|".into());
    for x in &e.timeline {
        line(format!("| #{} | `{}` |", x.id, x.hash));
    }
    s
}
