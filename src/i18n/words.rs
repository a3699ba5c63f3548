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
