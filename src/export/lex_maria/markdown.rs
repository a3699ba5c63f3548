//! The Lex Maria evidence as Markdown, in Swedish, for the chief physician to read, sign and
//! archive (and the source of the PDF).

use super::evidence::{Evidence, SCHEMA, affected, durations};
use super::rows::{Fold, fold_row, follow_on_groups, in_words, seconds_in_words, target_name};
use super::words::{Hashes, local, local_parts, tr};
use crate::i18n::Lang;
use crate::model::incident::Milestone;
use crate::model::region::Region;
use crate::model::run::StepState;
use crate::model::shown::markdown as md;
use chrono::{DateTime, Utc};

/// The export as Markdown, in Swedish, for the physician to read, sign and archive.
pub fn to_markdown(region: &Region, e: &Evidence, exported_by: &str) -> String {
    to_markdown_in(Lang::Sv, region, e, exported_by)
}

/// The export as Markdown in `l` (Swedish by default; English on request): every term from
/// the i18n tables, none built from ids.
pub fn to_markdown_in(l: Lang, region: &Region, e: &Evidence, exported_by: &str) -> String {
    markdown(l, region, e, exported_by, Hashes::Full)
}

/// The record for printing (the PDF): the integrity section lists fingerprints.
pub fn to_markdown_for_print(l: Lang, region: &Region, e: &Evidence, exported_by: &str) -> String {
    markdown(l, region, e, exported_by, Hashes::Fingerprints)
}

fn markdown(l: Lang, region: &Region, e: &Evidence, exported_by: &str, hashes: Hashes) -> String {
    let (head, tail) = markdown_parts(l, region, e, exported_by, hashes);
    join_parts(l, e, head, &tail)
}

/// The record from its two parts and the chain line between them (`e` verified by now).
pub(super) fn join_parts(l: Lang, e: &Evidence, mut head: String, tail: &str) -> String {
    head.push_str(&super::sign::chain_line(l, e));
    head.push('\n');
    head.push_str(tail);
    head
}

/// The record but for its line on the chain: up to it, and after it (the list of hashes).
/// Neither reads the verification, so both are written while it runs.
pub(super) fn markdown_parts(
    l: Lang,
    region: &Region,
    e: &Evidence,
    exported_by: &str,
    hashes: Hashes,
) -> (String, String) {
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    head(l, region, e, exported_by, &mut line);
    summary(l, region, e, &mut line);
    milestones(l, region, e, &mut line);
    timeline(l, region, e, hashes, &mut line);
    routines_pages_review(l, region, e, &mut line);
    super::sign::review_and_signature(l, region, e, &mut line);
    let mut tail = String::new();
    super::sign::hash_list(
        l,
        e,
        &mut |t: String| {
            tail.push_str(&t);
            tail.push('\n');
        },
        hashes,
    );
    (s, tail)
}

/// The title, who exported it and when, the completeness check, the care provider.
fn head(l: Lang, region: &Region, e: &Evidence, exported_by: &str, line: &mut impl FnMut(String)) {
    let i = &e.incident;
    let site = &region.site;
    line(format!(
        "# {}: {} {}",
        tr(
            l,
            "Underlag för bedömning enligt lex Maria",
            "Record for a Lex Maria assessment"
        ),
        i.id,
        md(&i.title)
    ));
    line(String::new());
    line(format!(
        "{} {} {} {} {} ({} {SCHEMA}). {}",
        tr(l, "Exporterat", "Exported"),
        local(region, e.exported_at),
        tr(l, "av", "by"),
        md(exported_by),
        tr(l, "ur beredskap", "from beredskap"),
        tr(l, "schema", "schema"),
        tr(
            l,
            "Underlaget lämnas inte till IVO av beredskap; anmälan görs i IVO:s e-tjänst.",
            "beredskap does not send the record to IVO; the report is made in IVO's e-service."
        )
    ));
    line(String::new());
    line(format!(
        "{} ({}){}",
        tr(l, "Alla tider är lokal tid", "All times are local time"),
        site.time_zone,
        tr(l, ", till minuten.", ", to the minute.")
    ));
    line(String::new());
    // The completeness check, first: what to add before signing (it does not block).
    let gaps = super::evidence::gaps(e);
    if gaps.is_empty() {
        line(
            tr(
                l,
                "Kontroll av fullständighet: inget av det IVO oftast saknar fattas.",
                "Completeness check: nothing IVO most often finds missing is missing.",
            )
            .into(),
        );
    } else {
        let named = gaps
            .iter()
            .map(|g| if l == Lang::Sv { g.sv() } else { g.en() })
            .collect::<Vec<_>>()
            .join(", ");
        line(match l {
            Lang::Sv => format!("Ofullständigt: {named} saknas."),
            Lang::En => format!("Incomplete: {named} missing."),
        });
    }
    line(String::new());
    line(format!("## {}", tr(l, "Vårdgivare", "Care provider")));
    line(format!(
        "- {}: {}",
        tr(l, "Vårdgivare", "Care provider"),
        md(&site.care_provider)
    ));
    line(format!(
        "- {}: {}",
        tr(l, "Organisationsnummer", "Organisation number"),
        md(&site.organisation_number)
    ));
    line(format!(
        "- {}: {}",
        tr(l, "Förvaltning", "Department"),
        md(&site.department)
    ));
    let resp = region
        .person(&site.lex_maria_responsible)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    line(format!(
        "- {}: {} ({})",
        tr(l, "Anmälningsansvarig", "Responsible for reporting"),
        md(&resp),
        md(&site.lex_maria_responsible)
    ));
    line(String::new());
}

/// The summary and the systems affected, with their own downtime and impact beside it.
fn summary(l: Lang, region: &Region, e: &Evidence, line: &mut impl FnMut(String)) {
    let i = &e.incident;
    line(format!("## {}", tr(l, "Sammanfattning", "Summary")));
    line(format!(
        "- {}: {} · {}: {}",
        tr(l, "Allvarlighetsgrad", "Severity"),
        md(region
            .severities
            .iter()
            .find(|s| s.id == i.severity)
            .map_or(i.severity.as_str(), |s| s.name.as_str())),
        tr(l, "status", "status"),
        crate::i18n::words::status(l, i.status)
    ));
    if !i.description.is_empty() {
        line(format!(
            "- {}: {}",
            tr(l, "Beskrivning", "Description"),
            md(&i.description)
        ));
    }
    if let Some(p) = &i.patient_safety {
        line(format!(
            "- {}: {}",
            tr(
                l,
                "Risk för vårdskada (flaggad)",
                "Risk of patient harm (flagged)"
            ),
            md(&p.to_string())
        ));
    }
    if !i.care_units.is_empty() {
        line(format!(
            "- {}: {}",
            tr(l, "Berörda enheter", "Care units affected"),
            md(&i.care_units.join(", "))
        ));
    }
    line(String::new());
    line(format!(
        "## {}",
        tr(l, "Påverkade system", "Systems affected")
    ));
    for (sys, down, impacted) in affected(e) {
        let x = region.system(&sys);
        line(format!(
            "- {} ({sys}): {} {}; {} {}; {}: {}; {}: {}",
            md(x.map(|x| x.name.as_str()).unwrap_or("")),
            tr(l, "nere eller försämrat", "down or degraded for"),
            seconds_in_words(l, down),
            tr(
                l,
                "◆ påverkat genom ett system det beror på",
                "◆ impacted through a system it depends on for"
            ),
            seconds_in_words(l, impacted),
            tr(l, "vårdenheter", "care units"),
            md(&x.map(|x| x.care_units.join(", ")).unwrap_or_default()),
            tr(l, "beror på", "depends on"),
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
}

/// The milestones, the first sign of trouble when it came before the start, the minutes between them.
fn milestones(l: Lang, region: &Region, e: &Evidence, line: &mut impl FnMut(String)) {
    let i = &e.incident;
    line(format!("## {}", tr(l, "Milstolpar", "Milestones")));
    let mut ms: Vec<(Milestone, DateTime<Utc>)> =
        i.milestones.iter().map(|(m, t)| (*m, *t)).collect();
    ms.sort_by_key(|(m, t)| (*t, *m));
    for (m, t) in &ms {
        let name = crate::i18n::words::milestone(l, *m);
        let mut c = name.chars();
        let name: String = c
            .next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
        line(format!("- {name}: {}", local(region, *t)));
    }
    // The first sign of trouble in the log, when it came before the stated start (a late
    // declaration): the pages and runs linked afterwards began from it.
    let first_trouble = e
        .timeline
        .iter()
        .filter(|x| x.kind == crate::model::event::kind::SYSTEM_STATUS_CHANGED)
        .find(|x| {
            serde_json::from_value::<crate::model::event::StatusChange>(x.payload.clone())
                .is_ok_and(|c| {
                    matches!(
                        c.health,
                        crate::model::health::Health::Down | crate::model::health::Health::Degraded
                    )
                })
        })
        .map(|x| x.occurred_at);
    if let Some(at) = first_trouble
        && i.milestones
            .get(&Milestone::Started)
            .is_none_or(|s| at < *s)
    {
        line(format!(
            "- {}: {}",
            tr(
                l,
                "Första tecknet på störning i loggen",
                "First sign of trouble in the log"
            ),
            local(region, at)
        ));
    }
    let d = durations(i);
    let m = |v: Option<i64>| match v {
        Some(v) => in_words(l, v),
        None => "–".to_string(),
    };
    line(format!(
        "{} {}, {} {}, {} {}, {} {}",
        tr(
            l,
            "- Från start till upptäckt",
            "- From the start to detection"
        ),
        m(d.to_detect_min),
        tr(l, "till kvittens", "to acknowledgement"),
        m(d.to_acknowledge_min),
        tr(l, "till åtgärd", "to mitigation"),
        m(d.to_mitigate_min),
        tr(l, "till löst", "to resolution"),
        m(d.to_resolve_min)
    ));
    line(String::new());
}

/// The timeline: every event, follow-on changes folded, grouped by day when printed.
fn timeline(l: Lang, region: &Region, e: &Evidence, hashes: Hashes, line: &mut impl FnMut(String)) {
    line(format!("## {}", tr(l, "Tidslinje", "Timeline")));
    line(
        tr(
            l,
            "| händelse | tid | av | vad |",
            "| event | time | by | what |",
        )
        .into(),
    );
    line("|---|---|---|---|".into());
    // Status changes that only follow another system's (impacted by it, to the same state)
    // are folded into one row where three or more would repeat it.
    let folds = follow_on_groups(&e.timeline);
    // Printed, the rows are grouped by day under a line with the date, and each row gives
    // the time: as a reader scans a long timeline, and a tenth of the glyphs to draw.
    let by_day = hashes == Hashes::Fingerprints;
    let mut today = String::new();
    for x in &e.timeline {
        let (day, time) = local_parts(region, x.occurred_at);
        if by_day && day != today && !matches!(folds.get(&x.id), Some(Fold::Rest)) {
            line(format!("#### {day}"));
            today = day.clone();
        }
        match folds.get(&x.id) {
            Some(Fold::First(fold)) => {
                line(fold_row(l, region, &e.timeline, fold, by_day));
                continue;
            }
            Some(Fold::Rest) => continue,
            None => {}
        }
        line(format!(
            "| #{} | {} | {} | {} |",
            x.id,
            if by_day {
                time
            } else {
                format!("{day} {time}")
            },
            // Who wrote it: the monitor by name, a person with the OS account if it differs.
            md(&crate::i18n::words::who(l, x)),
            md(&crate::i18n::events::describe_in(x, l, region))
        ));
    }
    line(String::new());
}

/// The downtime routines run, the pages and their escalation, the post-incident review.
fn routines_pages_review(l: Lang, region: &Region, e: &Evidence, line: &mut impl FnMut(String)) {
    let i = &e.incident;
    line(format!(
        "## {}",
        tr(l, "Reservrutiner", "Downtime routines")
    ));
    if e.runs.is_empty() {
        line(
            tr(
                l,
                "Inga reservrutiner kördes för incidenten.",
                "No downtime routines were run for the incident.",
            )
            .into(),
        );
    }
    for r in &e.runs {
        let (done, total) = r.progress();
        line(format!(
            "### {} {} ({done} {} {total} {}, {}){}",
            r.id,
            md(&r.title),
            tr(l, "av", "of"),
            tr(l, "steg", "steps"),
            match r.status {
                crate::model::run::RunStatus::Active => tr(l, "pågår", "in progress"),
                crate::model::run::RunStatus::Completed => tr(l, "avslutad", "completed"),
                crate::model::run::RunStatus::Aborted => tr(l, "avbruten", "aborted"),
            },
            afterwards(
                l,
                region,
                r.linked_afterwards,
                r.started_at,
                r.started_by.as_str()
            )
        ));
        for st in &r.steps {
            let what = match &st.state {
                StepState::Pending => tr(l, "ej utfört", "not done").to_string(),
                StepState::Done { by, at, value, .. } => format!(
                    "{} {} {} {}{}",
                    tr(l, "klart", "done"),
                    local(region, *at),
                    tr(l, "av", "by"),
                    md(by),
                    value
                        .as_ref()
                        .map(|v| format!(", {}: {}", tr(l, "värde", "value"), md(v)))
                        .unwrap_or_default()
                ),
                StepState::Skipped { by, at, reason, .. } => {
                    format!(
                        "{} {} {} {}: {}",
                        tr(l, "överhoppat", "skipped"),
                        local(region, *at),
                        tr(l, "av", "by"),
                        md(by),
                        md(reason)
                    )
                }
            };
            line(format!("{}. {} — {what}", st.number, md(&st.text)));
        }
    }
    line(String::new());
    line(format!(
        "## {}",
        tr(l, "Larm och eskalering", "Pages and escalation")
    ));
    if e.pages.is_empty() {
        line(tr(l, "Inga larm.", "No pages.").into());
    }
    for p in &e.pages {
        line(format!(
            "- {} {} {}: {} ({} {} {} {}){}",
            p.id,
            tr(l, "till", "to"),
            md(&target_name(l, region, &p.target)),
            md(&p.message),
            tr(l, "utlöst", "raised"),
            local(region, p.triggered_at),
            tr(l, "av", "by"),
            md(&p.triggered_by),
            afterwards(l, region, p.linked_afterwards, p.triggered_at, "")
        ));
        for (_, at, n) in &p.notified {
            line(format!(
                "  - {} {} ({} {}) {}: {}",
                tr(l, "steg", "step"),
                n.step + 1,
                tr(l, "varv", "round"),
                n.round + 1,
                local(region, *at),
                md(&n.recipients.join(", "))
            ));
        }
        if let Some((by, at)) = &p.acknowledged {
            line(format!(
                "  - {} {} {}",
                tr(l, "kvitterat av", "acknowledged by"),
                md(by),
                local(region, *at)
            ));
        }
    }
    line(String::new());
    line(format!(
        "## {}",
        tr(l, "Efteranalys", "Post-incident review")
    ));
    match &i.review {
        Some(r) => {
            for (sv, en, text) in [
                ("Sammanfattning", "Summary", &r.summary),
                ("Påverkan", "Impact", &r.impact),
                ("Det som fungerade", "What worked", &r.what_worked),
                (
                    "Bidragande orsaker",
                    "Contributing factors",
                    &r.contributing_factors,
                ),
            ] {
                line(format!("- {}: {}", tr(l, sv, en), md(text)));
            }
        }
        None => line(
            tr(
                l,
                "Ingen efteranalys registrerad.",
                "No post-incident review recorded.",
            )
            .into(),
        ),
    }
    line(String::new());
}

/// " — kopplat i efterhand": a page or run joined to the incident when it was declared,
/// after it began.
fn afterwards(l: Lang, _region: &Region, linked: bool, _at: DateTime<Utc>, _by: &str) -> String {
    if linked {
        format!(
            " — {}",
            tr(
                l,
                "kopplat i efterhand: det började före deklarationen",
                "linked afterwards: it began before the declaration"
            )
        )
    } else {
        String::new()
    }
}
