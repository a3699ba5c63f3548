//! Words the event texts and the console share: incident statuses and milestones, yes and
//! no, a time in the site's zone.

use super::Lang;
use crate::model::incident::{Milestone, Status};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// An incident's status in words.
pub fn status(lang: Lang, s: Status) -> &'static str {
    match (lang, s) {
        (Lang::Sv, Status::Investigating) => "utreds",
        (Lang::Sv, Status::Identified) => "orsak känd",
        (Lang::Sv, Status::Monitoring) => "bevakas",
        (Lang::Sv, Status::Resolved) => "löst",
        (Lang::Sv, Status::Closed) => "stängd",
        (Lang::Sv, Status::Cancelled) => "avbruten",
        (Lang::En, s) => s.as_str(),
    }
}

/// A milestone in words, as a verb in the past ("upptäcktes").
pub fn milestone(lang: Lang, m: Milestone) -> &'static str {
    match (lang, m) {
        (Lang::Sv, Milestone::Started) => "började",
        (Lang::Sv, Milestone::Detected) => "upptäcktes",
        (Lang::Sv, Milestone::Acknowledged) => "kvitterades",
        (Lang::Sv, Milestone::Declared) => "deklarerades",
        (Lang::Sv, Milestone::Mitigated) => "åtgärdades",
        (Lang::Sv, Milestone::Resolved) => "löstes",
        (Lang::Sv, Milestone::Closed) => "stängdes",
        (Lang::En, m) => m.as_str(),
    }
}

pub(super) fn when(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn yes(lang: Lang, b: bool) -> &'static str {
    match (lang, b) {
        (Lang::Sv, true) => "ja",
        (Lang::Sv, false) => "nej",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// Who wrote an event, as a physician reading the record asks it: the monitor by its name
/// ("övervakningen (tjänstekonto root)" — not a bare "root" or "beredskap"), a person by
/// account with the OS account when it differs ("il.karin (OS-konto test)").
pub fn who(lang: Lang, e: &crate::model::event::Event) -> String {
    let by_monitor = e.actor == crate::model::event::SYSTEM_ACTOR
        || e.kind == crate::model::event::kind::SYSTEM_STATUS_CHANGED
        || e.kind.starts_with("monitor.");
    match (by_monitor, lang) {
        (true, Lang::Sv) => format!("övervakningen (tjänstekonto {})", e.os_account),
        (true, Lang::En) => format!("the monitor (service account {})", e.os_account),
        (false, _) if e.actor == e.os_account => e.actor.clone(),
        (false, Lang::Sv) => format!("{} (OS-konto {})", e.actor, e.os_account),
        (false, Lang::En) => format!("{} (OS account {})", e.actor, e.os_account),
    }
}

/// An event kind in words, for the log's `Typ` column and the event view (they showed
/// `page.notified`, `system.status_changed` on a Swedish screen). The stored kind stays the
/// key (`--kind`, JSON); an unknown one is shown as stored.
pub fn kind(lang: Lang, kind: &str) -> String {
    let (sv, en) = match kind {
        "system.status_changed" => ("statusändring", "status change"),
        "alert.received" => ("larm mottaget", "alert received"),
        "config.applied" => ("konfiguration", "configuration"),
        "diary.note" => ("driftdagbok", "diary note"),
        "export.lex_maria" => ("lex Maria-export", "Lex Maria export"),
        "guard.masked" => ("maskerat personnummer", "identity number masked"),
        "incident.declared" => ("incident deklarerad", "incident declared"),
        "incident.milestone_set" => ("milstolpe", "milestone"),
        "incident.note" => ("incidentanteckning", "incident note"),
        "incident.patient_safety_flagged" => ("risk för vårdskada", "patient-safety flag"),
        "incident.review_updated" => ("uppföljning", "post-incident review"),
        "incident.role_assigned" => ("roll", "role"),
        "incident.status_changed" => ("incidentstatus", "incident status"),
        "log.redacted" => ("borttagning", "redaction"),
        "log.restored" => ("återställning", "restore"),
        "maintenance.added" => ("underhåll", "maintenance"),
        "maintenance.ended" => ("underhåll slut", "maintenance ended"),
        "maintenance.silenced" => ("tystnad", "silence"),
        "maintenance.unsilenced" => ("tystnad slut", "silence ended"),
        "monitor.blind" => ("övervakningen blind", "monitor blind"),
        "monitor.lease_taken" => ("övervakningen tog över", "monitor took over"),
        "monitor.sighted" => ("övervakningen ser", "monitor sees"),
        "oncall.calendar_imported" => ("jourkalender", "on-call calendar"),
        "oncall.handoff_note" => ("överlämning", "handoff note"),
        "oncall.override" => ("jourbyte", "on-call override"),
        "oncall.override_cancelled" => ("jourbyte ångrat", "override cancelled"),
        "page.acknowledged" => ("larm kvitterat", "page acknowledged"),
        "page.delivery" => ("larmleverans", "page delivery"),
        "page.linked" => ("larm kopplat", "page linked"),
        "page.notified" => ("larmsteg", "page step"),
        "page.resolved" => ("larm avslutat", "page resolved"),
        "page.triggered" => ("larm", "page"),
        "review.assessment" => ("bedömning", "assessment"),
        "review.clock" => ("rapporteringsklocka", "reporting clock"),
        "review.decision" => ("beslut", "decision"),
        "run.aborted" => ("rutin avbruten", "run aborted"),
        "run.completed" => ("rutin slutförd", "run completed"),
        "run.linked" => ("rutin kopplad", "run linked"),
        "run.started" => ("rutin startad", "run started"),
        "run.step_done" => ("steg klart", "step done"),
        "run.step_noted" => ("stegnotering", "step note"),
        "run.step_skipped" => ("steg överhoppat", "step skipped"),
        "run.step_undone" => ("steg ångrat", "step undone"),
        other => return other.to_string(),
    };
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

/// One of two texts already made, by language.
pub fn sv_en(lang: Lang, sv: String, en: String) -> String {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}
