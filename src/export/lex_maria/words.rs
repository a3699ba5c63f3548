//! The record's shared forms: a phrase in the record's language, local times, yes and no,
//! the configuration in force, and how the integrity section lists hashes. Used by every
//! part of the record (its Markdown, its rows, its signature block, its rendering).

use super::evidence::Evidence;
use crate::i18n::Lang;
use crate::model::region::Region;
use chrono::{DateTime, Utc};

/// The Swedish or the English of a phrase.
pub(super) fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

pub(super) fn local(region: &Region, t: DateTime<Utc>) -> String {
    let (day, time) = local_parts(region, t);
    format!("{day} {time}")
}

/// The local day ("2026-05-23") and time to the minute ("20:41") of `t` (written out by
/// hand: a 10,000-row timeline spent more parsing chrono's format string than writing).
pub(super) fn local_parts(region: &Region, t: DateTime<Utc>) -> (String, String) {
    use chrono::{Datelike, Timelike};
    let l = t.with_timezone(&region.site.time_zone);
    (
        format!("{:04}-{:02}-{:02}", l.year(), l.month(), l.day()),
        format!("{:02}:{:02}", l.hour(), l.minute()),
    )
}

/// " (konfiguration i kraft: …)": which configuration (who had which role) applied to a
/// decision; nothing for a log from before configurations were recorded.
pub(super) fn in_force(l: Lang, e: &Evidence, event: i64) -> String {
    e.configuration_at(event)
        .map(|d| {
            format!(
                " ({}: {})",
                tr(l, "konfiguration i kraft", "configuration in force"),
                d.get(..12).unwrap_or(d)
            )
        })
        .unwrap_or_default()
}

pub(super) fn yes_no(l: Lang, b: bool) -> &'static str {
    match (b, l) {
        (true, Lang::Sv) => "ja",
        (false, Lang::Sv) => "nej",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// How the integrity section lists the events' hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hashes {
    /// A table of every event's id and full hash (Markdown, JSON).
    Full,
    /// The first 16 hex digits of each, three to a line (the PDF): enough to find which
    /// event changed, with the SHA-256 over the full hashes binding them all; a
    /// 10,000-event record spent a third of its PDF time drawing 64-digit hashes.
    Fingerprints,
}
