//! What the command line says to a person, in the interface language: `status`, `check`
//! and `oncall` (with its calendar import and export). Each line is a typed [`Said`] with
//! its parameters; one exhaustive `match` gives both languages, so a line missing in one
//! does not compile. `--json` output is never translated.

use super::Lang;
use crate::model::oncall::Hours;

/// One thing the command line says. Times and durations come formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said<'a> {
    // `status`
    NoMonitor,
    Stale {
        since: &'a str,
        ago: &'a str,
    },
    Blind {
        ago: &'a str,
    },
    Fresh {
        ago: &'a str,
    },
    LastWrite {
        ago: &'a str,
    },
    Lease {
        holder: &'a str,
        current: bool,
        token: i64,
        ago: &'a str,
    },
    StatusHeader,
    ImpactedBy(&'a str),
    Flapping,
    Maintenance(&'a str),
    // `check`
    Running(usize),
    CheckHeader,
    Canary,
    NoChecksConfigured,
    // `oncall`
    OnCallAt(&'a str),
    Until(&'a str),
    Nobody {
        until: &'a str,
    },
    Next {
        who: &'a str,
        from: &'a str,
    },
    OverrideMark(i64),
    SupplierOnCall {
        hours: Hours,
        answers: bool,
    },
    NoRota,
    NoGaps {
        days: u32,
    },
    Gaps {
        systems: usize,
        days: u32,
    },
    GapSystem {
        id: &'a str,
        name: &'a str,
        owner: &'a str,
        supplier: Option<&'a str>,
        hours: i64,
    },
    AndMore(usize),
    WhoAt {
        id: &'a str,
        name: &'a str,
        at: &'a str,
    },
    Team {
        id: &'a str,
        phone: &'a str,
    },
    Supplier {
        name: &'a str,
        phone: &'a str,
        answers: bool,
    },
    NobodyFor(&'a str),
    OverrideAdded {
        id: i64,
        person: &'a str,
        team: &'a str,
        from: &'a str,
        to: &'a str,
    },
    TookShift {
        id: i64,
        person: &'a str,
        team: &'a str,
        until: &'a str,
    },
    NoOverrides,
    OverrideLine {
        by: &'a str,
        reason: &'a str,
    },
    Imported {
        file: &'a str,
        team: &'a str,
        layer: &'a str,
        id: i64,
        replaces: &'a str,
    },
    DryRun,
    NoChange {
        days: u32,
    },
    Changes {
        days: u32,
        layer: &'a str,
    },
    HandoffNote {
        id: i64,
        team: &'a str,
    },
    Cancelled(i64),
    CannotRead {
        file: &'a str,
        why: &'a str,
    },
    NotUtf8 {
        file: &'a str,
        byte: usize,
    },
    CalendarProblems(usize),
    TimeFlag {
        flag: &'a str,
        input: &'a str,
    },
    /// The start of each exported shift's summary.
    IcsOnCall,
}

/// The hours a supplier answers.
pub fn hours(lang: Lang, h: Hours) -> &'static str {
    match (lang, h) {
        (_, Hours::Always) => "24/7",
        (Lang::Sv, Hours::OfficeHours) => "kontorstid",
        (Lang::Sv, Hours::OutsideOfficeHours) => "utanför kontorstid",
        (Lang::Sv, Hours::Weekends) => "helger",
        (Lang::En, Hours::OfficeHours) => "office hours",
        (Lang::En, Hours::OutsideOfficeHours) => "outside office hours",
        (Lang::En, Hours::Weekends) => "weekends",
    }
}

/// What `said` reads in `lang`.
pub fn say(lang: Lang, said: &Said<'_>) -> String {
    let sv = lang == Lang::Sv;
    let pick = |s: String, e: String| if sv { s } else { e };
    match said {
        Said::NoMonitor => pick(
            "!! INGEN ÖVERVAKNING HAR RAPPORTERAT: inget nedan är känt. Starta en med \
             `beredskap monitor`."
                .into(),
            "!! NO MONITOR HAS REPORTED: nothing below is known. Start one with \
             `beredskap monitor`."
                .into(),
        ),
        Said::Stale { since, ago } => pick(
            format!(
                "!! INAKTUELLT: ingen övervakning har rapporterat sedan {since} (för {ago} \
                 sedan). Statusen nedan kan vara gammal."
            ),
            format!(
                "!! STALE: no monitor has reported since {since} ({ago} ago). The status below \
                 may be out of date."
            ),
        ),
        Said::Blind { ago } => pick(
            format!(
                "!! ÖVERVAKNINGEN ÄR BLIND (rapporterade för {ago} sedan): den har själv tappat \
                 förbindelsen. Statusen är OKÄND, inte nere."
            ),
            format!(
                "!! MONITOR BLIND (reported {ago} ago): it has lost connectivity itself. Status \
                 is UNKNOWN, not down."
            ),
        ),
        Said::Fresh { ago } => pick(
            format!("övervakning: rapporterar, senast för {ago} sedan"),
            format!("monitor: reporting, last {ago} ago"),
        ),
        Said::LastWrite { ago } => pick(
            format!("; senaste skrivning för {ago} sedan"),
            format!("; last write {ago} ago"),
        ),
        Said::Lease {
            holder,
            current,
            token,
            ago,
        } => pick(
            format!(
                "övervakningens ledning: {holder} {} den (token {token}, förnyad för {ago} sedan)",
                if *current { "har" } else { "hade" }
            ),
            format!(
                "lease: {holder} {} it (token {token}, renewed {ago} ago)",
                if *current { "holds" } else { "held" }
            ),
        ),
        Said::StatusHeader => pick(
            "SYSTEM|STATUS|SEDAN|UPP 24 H|DETALJ".into(),
            "SYSTEM|STATUS|SINCE|UP 24H|DETAIL".into(),
        ),
        Said::ImpactedBy(names) => pick(
            format!(" — påverkad av {names}"),
            format!(" — impacted by {names}"),
        ),
        Said::Flapping => pick(" — fladdrar".into(), " — flapping".into()),
        Said::Maintenance(m) => pick(format!(" — underhåll: {m}"), format!(" — maintenance: {m}")),
        Said::Running(n) => pick(
            format!(
                "kör {n} {} …",
                if *n == 1 { "kontroll" } else { "kontroller" }
            ),
            format!("running {n} check(s) …"),
        ),
        Said::CheckHeader => pick(
            "SYSTEM|KONTROLL|STATUS|SVARSTID|MEDDELANDE".into(),
            "SYSTEM|CHECK|STATUS|LATENCY|MESSAGE".into(),
        ),
        Said::Canary => pick("(förbindelsekontroll)".into(), "(canary)".into()),
        Said::NoChecksConfigured => pick(
            "inga kontroller är konfigurerade (se [[systems.checks]] i docs/configuration.md)"
                .into(),
            "no checks are configured (see [[systems.checks]] in docs/configuration.md)".into(),
        ),
        Said::OnCallAt(at) => pick(format!("Jour {at}"), format!("On call at {at}")),
        Said::Until(at) => pick(format!("till {at}"), format!("until {at}")),
        Said::Nobody { until } => pick(
            format!("INGEN till {until}"),
            format!("NOBODY until {until}"),
        ),
        Said::Next { who, from } => pick(
            format!("nästa: {who} från {from}"),
            format!("next: {who} from {from}"),
        ),
        Said::OverrideMark(id) => pick(format!(" [byte #{id}]"), format!(" [override #{id}]")),
        Said::SupplierOnCall { hours: h, answers } => pick(
            format!(
                "  leverantörsjour {}: {}",
                hours(Lang::Sv, *h),
                if *answers {
                    "svarar nu"
                } else {
                    "SVARAR INTE nu"
                }
            ),
            format!(
                "  supplier on-call {}: {}",
                hours(Lang::En, *h),
                if *answers {
                    "answers now"
                } else {
                    "NOT answering now"
                }
            ),
        ),
        Said::NoRota => pick(
            "  ingen jourlista: ingen har jour".into(),
            "  no on-call rota: nobody is on call".into(),
        ),
        Said::NoGaps { days } => pick(
            format!("inga luckor i jouren de närmaste {days} dagarna"),
            format!("no coverage gaps in the next {days} days"),
        ),
        Said::Gaps { systems, days } => pick(
            format!("{systems} system utan jour vissa tider de närmaste {days} dagarna:"),
            format!("{systems} system(s) without on-call cover at times in the next {days} days:"),
        ),
        Said::GapSystem {
            id,
            name,
            owner,
            supplier,
            hours: h,
        } => pick(
            format!(
                "{id} — {name} (ägare {owner}, leverantör {}): {h} h utan jour",
                supplier.unwrap_or("ingen")
            ),
            format!(
                "{id} — {name} (owner {owner}, supplier {}): {h} h uncovered",
                supplier.unwrap_or("none")
            ),
        ),
        Said::AndMore(n) => pick(format!("  … och {n} till"), format!("  … and {n} more")),
        Said::WhoAt { id, name, at } => pick(
            format!("{id} — {name} {at}"),
            format!("{id} — {name} at {at}"),
        ),
        Said::Team { id, phone } => {
            pick(format!("team {id} {phone}"), format!("team {id} {phone}"))
        }
        Said::Supplier {
            name,
            phone,
            answers,
        } => pick(
            format!(
                "leverantör {name} {phone}: {}",
                if *answers {
                    "svarar nu"
                } else {
                    "SVARAR INTE nu"
                }
            ),
            format!(
                "supplier {name} {phone}: {}",
                if *answers {
                    "answers now"
                } else {
                    "NOT answering now"
                }
            ),
        ),
        Said::NobodyFor(id) => pick(
            format!("INGEN har jour för {id} nu"),
            format!("NOBODY is on call for {id} now"),
        ),
        Said::OverrideAdded {
            id,
            person,
            team,
            from,
            to,
        } => pick(
            format!("byte #{id}: {person} har jour för {team} {from} → {to}"),
            format!("override #{id}: {person} on call for {team} {from} → {to}"),
        ),
        Said::TookShift {
            id,
            person,
            team,
            until,
        } => pick(
            format!("byte #{id}: {person} har jour för {team} från nu till {until}"),
            format!("override #{id}: {person} on call for {team} now, until {until}"),
        ),
        Said::NoOverrides => pick("inga byten gäller".into(), "no overrides in force".into()),
        Said::OverrideLine { by, reason } => pick(
            format!("({reason}, av {by})"),
            format!("({reason}, by {by})"),
        ),
        Said::Imported {
            file,
            team,
            layer,
            id,
            replaces,
        } => pick(
            format!(
                "importerade {file} för {team} {layer} som händelse #{id}{}",
                if replaces.is_empty() {
                    String::new()
                } else {
                    format!(", i stället för den tidigare importen {replaces}")
                }
            ),
            format!(
                "imported {file} for {team} {layer} as event #{id}{}",
                if replaces.is_empty() {
                    String::new()
                } else {
                    format!(", replacing the earlier import {replaces}")
                }
            ),
        ),
        Said::DryRun => pick(
            "--dry-run: inget importerades".into(),
            "--dry-run: nothing imported".into(),
        ),
        Said::NoChange { days } => pick(
            format!("ingen ändring av vem som har jour de närmaste {days} dagarna"),
            format!("no change to who is on call in the next {days} days"),
        ),
        Said::Changes { days, layer } => pick(
            format!("ändringar de närmaste {days} dagarna ({layer}):"),
            format!("changes in the next {days} days ({layer}):"),
        ),
        Said::HandoffNote { id, team } => pick(
            format!("överlämningsanteckning #{id} för {team}"),
            format!("handoff note #{id} for {team}"),
        ),
        Said::Cancelled(id) => pick(
            format!("byte #{id} återkallat"),
            format!("override #{id} cancelled"),
        ),
        Said::CannotRead { file, why } => pick(
            format!("kan inte läsa {file}: {why}"),
            format!("cannot read {file}: {why}"),
        ),
        Said::NotUtf8 { file, byte } => pick(
            format!("{file}: inte UTF-8-text (byte {byte}): exportera kalendern som UTF-8 .ics"),
            format!("{file}: not UTF-8 text (byte {byte}): export the calendar as UTF-8 .ics"),
        ),
        Said::CalendarProblems(n) => pick(
            format!("{n} problem i kalendern; inget importerades"),
            format!("{n} problem(s) in the calendar; nothing imported"),
        ),
        Said::IcsOnCall => pick("Jour".into(), "On call".into()),
        Said::TimeFlag { flag, input } => pick(
            format!("{flag}: «{input}» {}", Lang::Sv.t(super::T::TimeUnreadable)),
            format!("{flag}: «{input}» {}", Lang::En.t(super::T::TimeUnreadable)),
        ),
    }
}
