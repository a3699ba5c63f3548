//! The Lex Maria record's second half: the physician's assessment and decision, the other
//! reporting duties, the signature block and the integrity section (lex_maria_md.rs writes
//! the first half and calls this).

use super::evidence::{Evidence, digest};
use super::rows::named;
use super::words::{Hashes, in_force, local, tr, yes_no};
use crate::i18n::Lang;
use crate::model::assessment;
use crate::model::region::Region;
use crate::model::shown::markdown as md;
use chrono::{DateTime, Utc};

/// From "Bedömning (chefläkare)" to the integrity section's line on the log's head
/// (`chain_line` and `hash_list` follow).
pub(super) fn review_and_signature(
    l: Lang,
    region: &Region,
    e: &Evidence,
    line: &mut impl FnMut(String),
) {
    let i = &e.incident;
    let site = &region.site;
    line(format!(
        "## {}",
        tr(l, "Bedömning (chefläkare)", "Assessment (chief physician)")
    ));
    match &e.review.assessment {
        Some((a, by, at, id)) => assessment_lines(l, region, e, line, a, by, *at, *id),
        None => line(tr(l, "Ingen bedömning registrerad.", "No assessment recorded.").into()),
    }
    line(format!(
        "### {}",
        tr(
            l,
            "Tidigare händelser på samma system (24 månader, föreslagna)",
            "Earlier events on the same systems (24 months, suggested)"
        )
    ));
    if e.earlier.is_empty() {
        line(tr(l, "Inga.", "None.").into());
    }
    for (id, title, at) in &e.earlier {
        let verdict = e
            .review
            .assessment
            .as_ref()
            .and_then(|(a, ..)| a.earlier.iter().find(|x| &x.incident == id))
            .map(|x| {
                if x.similar {
                    tr(l, "bekräftad som liknande", "confirmed as similar")
                } else {
                    tr(l, "avfärdad", "dismissed")
                }
            })
            .unwrap_or(tr(l, "ej prövad", "not reviewed"));
        line(format!(
            "- {id} {} ({}): {verdict}",
            md(title),
            local(region, *at)
        ));
    }
    line(String::new());
    line(format!("## {}", tr(l, "Beslut", "Decision")));
    match &e.review.decision {
        Some((d, by, at, id)) => {
            line(format!(
                "- {}: {}",
                tr(
                    l,
                    "Anmälan till IVO enligt lex Maria",
                    "Report to IVO under Lex Maria"
                ),
                yes_no(l, d.report)
            ));
            line(format!(
                "- {}: {}",
                tr(l, "Motivering", "Motivation"),
                md(&d.motivation)
            ));
            if d.against_assessment {
                line(format!(
                    "- {}",
                    tr(
                        l,
                        "Beslutet går emot bedömningen (risk för allvarlig vårdskada: ja) och är ett medvetet val, motiverat ovan.",
                        "The decision goes against the assessment (risk of serious harm: yes) and is a deliberate choice, motivated above."
                    )
                ));
            }
            line(format!(
                "- {} {} {}{}",
                tr(l, "Beslutat av", "Decided by"),
                md(&named(region, by)),
                local(region, *at),
                in_force(l, e, *id)
            ));
        }
        None => line(tr(l, "Inget beslut registrerat.", "No decision recorded.").into()),
    }
    line(String::new());
    line(format!(
        "## {}",
        tr(
            l,
            "Andra rapporteringsskyldigheter",
            "Other reporting duties"
        )
    ));
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
            "- {}{}: {}",
            tr(
                l,
                "Medicintekniska produkter berörs",
                "Medical devices are involved"
            ),
            if devices.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&devices.join(", ")))
            },
            tr(
                l,
                "enligt HSLF-FS 2021:52 (5 kap. 2–3 §§) ska vårdgivaren rapportera negativa \
                 händelser och tillbud med medicintekniska produkter till tillverkaren och till \
                 Läkemedelsverket. Det är en egen rapportering, vid sidan av anmälan enligt lex \
                 Maria till IVO.",
                "under HSLF-FS 2021:52 (chapter 5, sections 2–3) the care provider reports adverse \
                 events and incidents with medical devices to the manufacturer and to the Swedish \
                 Medical Products Agency (Läkemedelsverket). That is a report of its own, beside \
                 the Lex Maria report to IVO."
            )
        ));
    }
    if e.review.clocks.is_empty() && devices.is_empty() {
        line(tr(l, "Inga registrerade.", "None recorded.").into());
    }
    for (c, by, _, _) in &e.review.clocks {
        let aware = crate::model::timespec::from_storage(&c.aware_at);
        let reported = c
            .reported_at
            .as_deref()
            .and_then(crate::model::timespec::from_storage);
        line(format!(
            "- {}: {} {} ({} {}); {} {}; {} {}; {} {}",
            if l == Lang::Sv {
                c.clock.name()
            } else {
                c.clock.name_en()
            },
            tr(l, "gäller", "applies"),
            yes_no(l, c.applies),
            tr(l, "bedömt av", "assessed by"),
            md(&named(region, by)),
            tr(l, "kännedom", "aware"),
            aware.map(|t| local(region, t)).unwrap_or_default(),
            tr(l, "rapporterat", "reported"),
            reported
                .map(|t| local(region, t))
                .unwrap_or_else(|| "-".into()),
            tr(l, "referens", "reference"),
            if c.reference.is_empty() {
                "-".to_string()
            } else {
                md(&c.reference)
            }
        ));
        if let Some(a) = aware {
            for (what, at) in c.clock.deadlines(a, reported) {
                let what = if l == Lang::Sv {
                    what
                } else {
                    crate::model::assessment::ClockKind::deadline_en(what)
                };
                line(format!(
                    "  - {what}: {} {}",
                    tr(l, "senast", "by"),
                    local(region, at)
                ));
            }
        }
    }
    line(String::new());
    // Who signs: the one who decided, else the region's responsible for lex Maria.
    line(format!("## {}", tr(l, "Underskrift", "Signature")));
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
    line(format!(
        "- {}: {} ({})",
        tr(l, "Namn", "Name"),
        md(&signer_name),
        md(&signer)
    ));
    line(format!(
        "- {}",
        tr(
            l,
            "Roll: chefläkare, anmälningsansvarig enligt lex Maria (SOSFS 2011:9)",
            "Role: chief physician, responsible for Lex Maria reporting (SOSFS 2011:9)"
        )
    ));
    if let Some((_, _, at, _)) = &e.review.decision {
        line(format!(
            "- {}: {}",
            tr(l, "Beslutet registrerat", "Decision recorded"),
            local(region, *at)
        ));
    }
    line(String::new());
    line(format!(
        "{}: ______________________________",
        tr(l, "Ort och datum", "Place and date")
    ));
    line(String::new());
    line(format!(
        "{}: ______________________________",
        tr(l, "Underskrift", "Signature")
    ));
    line(String::new());
    line(format!(
        "{}: {}",
        tr(l, "Namnförtydligande", "Name in print"),
        md(&signer_name)
    ));
    line(String::new());
    line(format!("## {}", tr(l, "Spårbarhet", "Integrity")));
    line(format!(
        "- {}: {}",
        tr(l, "Händelser i underlaget", "Events in the record"),
        e.timeline.len()
    ));
    line(format!(
        "- {}: `{}`",
        tr(
            l,
            "SHA-256 över händelsernas id och hash",
            "SHA-256 over the events' ids and hashes"
        ),
        digest(&e.timeline)
    ));
    if let Some((id, hash)) = &e.head {
        line(format!(
            "- {}: #{id} `{hash}`",
            tr(l, "Loggens senaste händelse", "The log's latest event")
        ));
    }
}

/// The integrity section's line on the chain: verified intact over the record's stretches,
/// or where it broke (the verification runs beside the writing of the rest, see `render`).
pub(super) fn chain_line(l: Lang, e: &Evidence) -> String {
    match (&e.chain_break, l) {
        (None, Lang::Sv) => format!(
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
        ),
        (None, Lang::En) => format!(
            "- Chain verified: intact for the record's events and their neighbours ({} \
             events checked in {} {}; `beredskap log verify` checks the whole log)",
            e.events_verified,
            e.verified.len(),
            if e.verified.len() == 1 {
                "stretch"
            } else {
                "stretches"
            }
        ),
        (Some(b), Lang::Sv) => format!("- Kedjan verifierad: **BRUTEN** — {b}"),
        (Some(b), Lang::En) => format!("- Chain verified: **BROKEN** — {b}"),
    }
}

/// The integrity section's list of every event's hash (whole, or fingerprints in print).
pub(super) fn hash_list(l: Lang, e: &Evidence, line: &mut impl FnMut(String), hashes: Hashes) {
    line(String::new());
    match hashes {
        Hashes::Full => {
            line(tr(l, "| händelse | hash |", "| event | hash |").into());
            line("|---|---|".into());
            for x in &e.timeline {
                line(format!("| #{} | `{}` |", x.id, x.hash));
            }
        }
        Hashes::Fingerprints => {
            line(
                tr(
                    l,
                    "Händelsernas hash, de första 16 tecknen (hela i Markdown- och JSON-exporten):",
                    "The events' hashes, the first 16 digits (whole in the Markdown and JSON exports):",
                )
                .into(),
            );
            for l in fingerprint_lines(e.timeline.iter().map(|x| (x.id, x.hash.as_str()))) {
                line(l);
            }
        }
    }
}

/// The assessment in force, each answer on its line.
#[allow(clippy::too_many_arguments)]
fn assessment_lines(
    l: Lang,
    region: &Region,
    e: &Evidence,
    line: &mut impl FnMut(String),
    a: &assessment::Assessment,
    by: &str,
    at: DateTime<Utc>,
    id: i64,
) {
    line(format!(
        "{} {} {} {}{}.",
        tr(l, "Registrerad", "Recorded"),
        local(region, at),
        tr(l, "av", "by"),
        md(&named(region, by)),
        in_force(l, e, id)
    ));
    let field = |sv: &'static str, en: &'static str, v: String| format!("- {}: {v}", tr(l, sv, en));
    line(field(
        "Vårdskada",
        "Patient harm",
        match a.harm {
            assessment::Harm::Yes => yes_no(l, true),
            assessment::Harm::No => yes_no(l, false),
            assessment::Harm::Unknown => tr(l, "okänt", "unknown"),
        }
        .into(),
    ));
    line(field(
        "Risk för allvarlig vårdskada",
        "Risk of serious harm",
        yes_no(l, a.serious_risk).into(),
    ));
    line(field("Motivering", "Reasoning", md(&a.reasoning)));
    line(field(
        "Berörda vårdenheter",
        "Care units affected",
        md(&a.care_units.join(", ")),
    ));
    line(field(
        "Berörda patienter",
        "Patients affected",
        match &a.patients {
            assessment::Patients::Count(n) => format!("{n}"),
            assessment::Patients::RiskOnly => tr(l, "endast risk", "risk only").into(),
        },
    ));
    line(field(
        "Patient eller närstående informerad",
        "Patient or family informed",
        format!(
            "{}{}",
            yes_no(l, a.informed),
            if a.informed_how.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&a.informed_how))
            }
        ),
    ));
    line(field(
        "Bakomliggande orsaker",
        "Underlying causes",
        md(&a.causes),
    ));
    line(field(
        "Orsaksområden (händelseanalys)",
        "Cause areas (event analysis)",
        if a.cause_areas.is_empty() {
            "–".into()
        } else {
            a.cause_areas
                .iter()
                .map(|x| if l == Lang::Sv { x.sv() } else { x.en() })
                .collect::<Vec<_>>()
                .join("; ")
        },
    ));
    line(field(
        "Riskbedömning",
        "Risk assessment",
        md(&a.risk_assessment),
    ));
    for x in &a.earlier {
        line(format!(
            "- {} {}: {}{}",
            tr(l, "Tidigare liknande händelse", "Earlier similar event"),
            x.incident,
            if x.similar {
                tr(l, "bekräftad", "confirmed")
            } else {
                tr(l, "avfärdad", "dismissed")
            },
            if x.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&x.note))
            }
        ));
    }
    for x in &a.actions {
        line(format!(
            "- {}: {} · {} {} · {} {} · {}: {}{}",
            tr(l, "Åtgärd", "Action"),
            md(&x.what),
            tr(l, "ansvarig", "owner"),
            md(&named(region, &x.owner)),
            tr(l, "klart", "due"),
            md(&x.due),
            tr(l, "uppföljning", "verification"),
            md(&x.verification),
            x.strength
                .map(|s| format!(
                    " · {}: {}",
                    tr(l, "styrka", "strength"),
                    if l == Lang::Sv { s.sv() } else { s.en() }
                ))
                .unwrap_or_default()
        ));
    }
}

/// An event's id and the first 16 digits of its hash: "#470620: 1234abcd…", never
/// "#470620 1234abcd…" (an id, a space and four digits read as a personal identity number
/// to the patient-data guard, which then refused the whole export).
fn fingerprint(id: i64, hash: &str) -> String {
    format!("#{id}: {}", hash.get(..16).unwrap_or(hash))
}

/// The printed list of fingerprints, three to a line: four did not fit the page's width
/// with a year's event numbers, and the fourth's hash fell onto a line of its own, away
/// from its event's number.
fn fingerprint_lines<'a>(events: impl Iterator<Item = (i64, &'a str)>) -> Vec<String> {
    let all: Vec<String> = events.map(|(id, hash)| fingerprint(id, hash)).collect();
    all.chunks(3).map(|three| three.join(" · ")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_fingerprint_stays_on_one_printed_line_with_its_event_number() {
        // Event numbers of a region's second year, the widest hash digits ('d' and the
        // numbers are as wide as each other; 'f' is narrow).
        let hash = "d".repeat(64);
        let events: Vec<(i64, String)> = (9_999_990..10_000_002)
            .map(|id| (id, hash.clone()))
            .collect();
        let lines = super::fingerprint_lines(events.iter().map(|(id, h)| (*id, h.as_str())));
        let printed = crate::print::pdf::laid_out_lines(&lines.join("\n"));
        for (id, _) in &events {
            let mark = format!("#{id}: {}", &hash[..16]);
            assert!(
                printed.iter().any(|l| l.contains(&mark)),
                "{mark} is not whole on a line: {printed:#?}"
            );
        }
        assert_eq!(printed.len(), lines.len(), "a line wrapped: {printed:#?}");
    }

    #[test]
    fn a_fingerprint_line_never_reads_as_an_identity_number() {
        // 121212-1212, the well-known synthetic test number, in the old shape.
        let hash = "1212abcd5678ef901234abcd5678ef901234abcd5678ef901234abcd5678ef90";
        assert!(crate::model::personnummer::check_free_text("x", "#121212 1212abcd").is_err());
        let line = [
            super::fingerprint(121212, hash),
            super::fingerprint(7, hash),
        ]
        .join(" · ");
        assert!(
            crate::model::personnummer::check_free_text("x", &line).is_ok(),
            "{line}"
        );
    }
}
