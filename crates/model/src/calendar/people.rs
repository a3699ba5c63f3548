//! Who a calendar event names, exactly: an attendee's (or, without attendees, the
//! organiser's) e-mail, an account written as a word, or a person's full configured name
//! as a whole sequence of words — case- and accent-insensitive. Never a substring: with
//! "Sam Berg" configured, "Jour: Sam Berggren" names nobody.

use super::lines::Component;
use crate::region::Region;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents removed (`Åsa Öst` → `asa ost`).
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words for name matching: letters and digits only.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tokens for account matching: accounts may hold `.`, `_` and `-`.
fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|t| t.trim_matches(|c| matches!(c, '.' | '-' | '_')))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn mail(value: &str) -> String {
    let v = value.trim();
    let v = v
        .strip_prefix("mailto:")
        .or_else(|| v.strip_prefix("MAILTO:"))
        .unwrap_or(v);
    v.to_ascii_lowercase()
}

/// Every person of the region the event names (accounts, sorted, without repeats).
pub fn candidates(region: &Region, event: &Component) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |account: &str| {
        if !found.iter().any(|f| f == account) {
            found.push(account.to_string());
        }
    };
    let attendees: Vec<String> = event.all("ATTENDEE").map(|p| mail(&p.value)).collect();
    let addresses: Vec<String> = if attendees.is_empty() {
        event.all("ORGANIZER").map(|p| mail(&p.value)).collect()
    } else {
        attendees
    };
    for address in &addresses {
        for p in &region.people {
            if !p.email.is_empty() && p.email.eq_ignore_ascii_case(address) {
                add(&p.account);
            }
        }
    }
    let text = format!(
        "{}\n{}",
        event.value("SUMMARY").unwrap_or_default(),
        event.value("DESCRIPTION").unwrap_or_default()
    )
    .replace("\\n", "\n")
    .replace("\\,", ",")
    .replace("\\;", ";");
    let toks = tokens(&text);
    let ws = words(&text);
    for p in &region.people {
        if toks.iter().any(|t| *t == fold(&p.account)) {
            add(&p.account);
        }
        let name = words(&p.name);
        if !name.is_empty() && ws.windows(name.len()).any(|w| w == name.as_slice()) {
            add(&p.account);
        }
    }
    found.sort();
    found
}
