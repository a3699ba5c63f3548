//! Probe messages recorded as text only, in the interface language: rows from before
//! findings were typed (issue 33; `finding::shown` renders the typed ones from their fields
//! and comes here only for `Finding::Said`). A Swedish screen shows the known shapes in
//! Swedish — timeouts, refused connections, HTTP statuses, TLS, DNS, plugins — with the raw
//! detail (an OS error, a URL, a value) kept after them. A message no rule knows is shown
//! as recorded. `cause` translates an OS's or a library's known words in a typed finding.

use super::Lang;
use std::borrow::Cow;

/// `raw` (a probe's message as recorded) in `lang`.
pub fn message(lang: Lang, raw: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(raw),
        Lang::Sv => match swedish(raw) {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(raw),
        },
    }
}

/// `text` with each "YYYY-MM-DD HH:MM UTC" a probe wrote (the evidence is kept in UTC) shown
/// in the site's time zone: "YYYY-MM-DD HH:MM", as every other time on screen and in records.
pub fn local_stamps(text: &str, tz: chrono_tz::Tz) -> Cow<'_, str> {
    const STAMP: usize = "2026-12-02 02:10".len();
    if !text.contains(" UTC") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" UTC") {
        let (before, after) = rest.split_at(at);
        let stamp = before
            .len()
            .checked_sub(STAMP)
            .filter(|start| before.is_char_boundary(*start))
            .and_then(|start| {
                chrono::NaiveDateTime::parse_from_str(&before[start..], "%Y-%m-%d %H:%M")
                    .ok()
                    .map(|t| (start, t))
            });
        match stamp {
            Some((start, t)) => {
                out.push_str(&before[..start]);
                let local = t.and_utc().with_timezone(&tz);
                out.push_str(&local.format("%Y-%m-%d %H:%M").to_string());
            }
            None => {
                out.push_str(before);
                out.push_str(" UTC");
            }
        }
        rest = &after[" UTC".len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A probe's message as shown: in `lang`, its times local.
pub fn shown(lang: Lang, tz: chrono_tz::Tz, raw: &str) -> String {
    local_stamps(&message(lang, raw), tz).into_owned()
}

/// Whole-message shapes: (English start, Swedish start). The rest of the message follows
/// as recorded, its known causes translated.
const PREFIXES: &[(&str, &str)] = &[
    ("no answer within ", "inget svar inom "),
    ("no heartbeat since ", "ingen livssignal sedan "),
    ("no alert firing", "inget larm aktivt"),
    ("alert: ", "larm: "),
    (
        "the source is silent: the alert was last sent at ",
        "okänt, källan tyst: larmet skickades senast ",
    ),
    (
        "the source is silent: no Watchdog since ",
        "okänt, källan tyst: ingen Watchdog sedan ",
    ),
    (
        "the source is silent: its Watchdog has not come",
        "okänt, källan tyst: dess Watchdog har inte kommit",
    ),
    (
        "the source is silent: its Watchdog resolved",
        "okänt, källan tyst: dess Watchdog upphörde",
    ),
    ("no heartbeat has come", "ingen livssignal har kommit"),
    (
        "no heartbeat yet (waiting one period)",
        "ingen livssignal ännu (väntar en period)",
    ),
    ("the job reported a failure at ", "jobbet rapporterade fel "),
    ("heartbeat at ", "livssignal "),
    ("too many redirects ", "för många omdirigeringar "),
    ("redirect loop: ", "omdirigeringsslinga: "),
    ("TLS: ", "TLS-fel: "),
    ("cannot connect to ", "kan inte ansluta till "),
    ("cannot connect: ", "kan inte ansluta: "),
    ("connected to ", "ansluten till "),
    ("reading the body: ", "när svaret lästes: "),
    ("slow: ", "långsam: "),
    ("the body does not contain ", "svaret innehåller inte "),
    ("the body is not JSON", "svaret är inte JSON"),
    (
        "the TLS certificate expired ",
        "TLS-certifikatet gick ut för ",
    ),
    (
        "the TLS certificate expires in ",
        "TLS-certifikatet går ut om ",
    ),
    ("DNS: cannot resolve ", "DNS: kan inte slå upp "),
    ("cannot run ", "kan inte köra "),
    ("plugin exited with ", "insticksprogrammet avslutades med "),
    (
        "plugin did not finish within ",
        "insticksprogrammet blev inte klart inom ",
    ),
    ("waiting for ", "i väntan på "),
    (
        "cannot build an HTTP client: ",
        "kan inte skapa en HTTP-klient: ",
    ),
];

/// Words and phrases inside a message: English → Swedish, longest first where they overlap.
const PHRASES: &[(&str, &str)] = &[
    (" days ago", " dagar sedan"),
    (" days (HTTP ", " dagar (HTTP "),
    ("(limit ", "(gräns "),
    (", body capped at 1 MiB", ", svaret kapat vid 1 MiB"),
    ("; killed", "; avbröts"),
    (" is missing from the JSON body", " saknas i JSON-svaret"),
    (", expected ", ", väntat "),
    (" resolves to nothing", " pekar inte på någon adress"),
    (", not the expected ", ", inte den väntade "),
    (" resolves to ", " pekar på "),
    (
        "Connection refused",
        "anslutningen nekades (Connection refused)",
    ),
    (
        "Connection reset by peer",
        "anslutningen bröts (Connection reset by peer)",
    ),
    (
        "No route to host",
        "ingen väg till värden (No route to host)",
    ),
    (
        "Network is unreachable",
        "nätverket nås inte (Network is unreachable)",
    ),
    (
        "Name or service not known",
        "namnet är okänt (Name or service not known)",
    ),
    ("timed out", "tidsgränsen passerades (timed out)"),
    // What the HTTP and TLS libraries say (issue 32: shown raw on a Swedish screen), each
    // with the library's own words after it for a search.
    (
        "invalid HTTP version parsed",
        "svaret är inte HTTP (invalid HTTP version parsed)",
    ),
    ("invalid peer certificate: ", "ogiltigt servercertifikat: "),
    (
        "Other(OtherError(CaUsedAsEndEntity))",
        "ett CA-certifikat används som serverns eget (CaUsedAsEndEntity)",
    ),
    ("UnknownIssuer", "okänd utfärdare (UnknownIssuer)"),
    (
        "NotValidForName",
        "gäller inte för värdnamnet (NotValidForName)",
    ),
    ("BadSignature", "felaktig signatur (BadSignature)"),
    (" from ", " från "),
];

/// An OS's or a library's error in `lang`: its known words translated, with the original
/// after them for a search ("anslutningen nekades (Connection refused)").
pub fn cause(lang: Lang, raw: &str) -> String {
    let mut out = raw.to_string();
    if lang == Lang::Sv {
        for (en, sv) in PHRASES.iter().chain(CAUSE_ONLY) {
            if out.contains(en) {
                out = out.replace(en, sv);
            }
        }
    }
    out
}

/// Words only a library's error says ("more than 3" redirects: the policy's words).
const CAUSE_ONLY: &[(&str, &str)] = &[("more than ", "fler än ")];

fn swedish(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = raw;
    if let Some((en, sv)) = PREFIXES.iter().find(|(en, _)| raw.starts_with(en)) {
        out.push_str(sv);
        rest = &raw[en.len()..];
    } else if let Some(after) = raw.strip_prefix("HTTP ") {
        out.push_str("HTTP ");
        rest = after;
    }
    // Someone else's words are evidence, shown as they came (issue 32: "503 Service
    // Unavailable" read "503 tjänsten otillgänglig"): an alert's summary, a plugin's
    // output, a job's message; only our own words around them are translated.
    if let Some(summary) = raw.strip_prefix("alert: ") {
        let (text, more) = match summary.rfind(" (+") {
            Some(i) if summary.ends_with(" more)") => (
                &summary[..i],
                summary[i + 3..summary.len() - " more)".len()]
                    .parse::<usize>()
                    .ok(),
            ),
            _ => (summary, None),
        };
        out.push_str(text);
        if let Some(n) = more {
            out.push_str(&format!(" (+{n} till)"));
        }
        return (out != raw).then_some(out);
    }
    if raw.starts_with("plugin exited with ") || raw.starts_with("the job reported a failure at ") {
        out.push_str(rest);
        return (out != raw).then_some(out);
    }
    let mut body = rest.to_string();
    // The server's reason phrase after an HTTP status is its own: kept as it came.
    for (en, sv) in PHRASES {
        if body.contains(en) {
            body = body.replace(en, sv);
        }
    }
    // "HTTP 200 in 3ms", "connected to h:p in 2ms": the time the answer took.
    if let Some(i) = body.find(" in ")
        && body[i + 4..].starts_with(|c: char| c.is_ascii_digit())
    {
        body.replace_range(i..i + 4, " på ");
    }
    // A JSON pointer's value: "/status is "down", expected "ok"".
    if raw.starts_with('/') {
        body = body.replacen(" is ", " är ", 1);
    }
    // "…expires in 12 days": "…går ut om 12 dagar".
    if raw.starts_with("the TLS certificate expire") {
        body = body.replacen(" days", " dagar", 1);
    }
    out.push_str(&body);
    (out != raw).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_messages_read_in_swedish_with_their_detail_kept() {
        let cases = [
            ("no answer within 3s", "inget svar inom 3s"),
            (
                "redirect loop: /loop → /loop",
                "omdirigeringsslinga: /loop → /loop",
            ),
            (
                "cannot connect: Connection refused (os error 111)",
                "kan inte ansluta: anslutningen nekades (Connection refused) (os error 111)",
            ),
            (
                "cannot connect to 10.0.0.5:104: No route to host (os error 113)",
                "kan inte ansluta till 10.0.0.5:104: ingen väg till värden (No route to host) (os error 113)",
            ),
            // The server's and the plugin's words are kept; ours around them translated.
            (
                "HTTP 503 Service Unavailable",
                "HTTP 503 Service Unavailable",
            ),
            (
                "HTTP 500 Internal Server Error from https://lis.example/health",
                "HTTP 500 Internal Server Error från https://lis.example/health",
            ),
            (
                "alert: Journal svarar inte, timed out from db01 (+2 more)",
                "larm: Journal svarar inte, timed out from db01 (+2 till)",
            ),
            (
                "plugin exited with 2: CRITICAL - Connection refused from 10.0.0.5",
                "insticksprogrammet avslutades med 2: CRITICAL - Connection refused from 10.0.0.5",
            ),
            ("HTTP 200 OK in 3ms", "HTTP 200 OK på 3ms"),
            (
                "slow: 1.2s (limit 800ms), HTTP 200 OK",
                "långsam: 1.2s (gräns 800ms), HTTP 200 OK",
            ),
            (
                "TLS: invalid peer certificate: UnknownIssuer",
                "TLS-fel: ogiltigt servercertifikat: okänd utfärdare (UnknownIssuer)",
            ),
            (
                "TLS: invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))",
                "TLS-fel: ogiltigt servercertifikat: ett CA-certifikat används som serverns eget (CaUsedAsEndEntity)",
            ),
            (
                "cannot connect: invalid HTTP version parsed",
                "kan inte ansluta: svaret är inte HTTP (invalid HTTP version parsed)",
            ),
            (
                "the TLS certificate expired 3 days ago",
                "TLS-certifikatet gick ut för 3 dagar sedan",
            ),
            (
                "the TLS certificate expires in 12 days (HTTP 200 OK, 4ms)",
                "TLS-certifikatet går ut om 12 dagar (HTTP 200 OK, 4ms)",
            ),
            (
                "DNS: cannot resolve lis.region.example: failed to lookup address",
                "DNS: kan inte slå upp lis.region.example: failed to lookup address",
            ),
            (
                "lis.region.example resolves to 10.0.0.9, not the expected 10.0.0.8",
                "lis.region.example pekar på 10.0.0.9, inte den väntade 10.0.0.8",
            ),
            (
                "/status is \"down\", expected \"ok\"",
                "/status är \"down\", väntat \"ok\"",
            ),
            (
                "plugin did not finish within 10s; killed",
                "insticksprogrammet blev inte klart inom 10s; avbröts",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(message(Lang::Sv, raw), want, "{raw}");
            assert_eq!(message(Lang::En, raw), raw);
        }
    }

    #[test]
    fn an_unknown_message_is_shown_as_recorded() {
        for raw in ["weekly update", "", "läget oförändrat", "HTTP"] {
            assert_eq!(message(Lang::Sv, raw), raw);
        }
    }

    #[test]
    fn probe_times_are_shown_local() {
        let tz = chrono_tz::Europe::Stockholm;
        assert_eq!(
            shown(Lang::Sv, tz, "no heartbeat since 2026-12-02 02:10 UTC"),
            "ingen livssignal sedan 2026-12-02 03:10"
        );
        assert_eq!(
            local_stamps("a 2026-07-01 22:30 UTC and 2026-07-01 23:00 UTC", tz),
            "a 2026-07-02 00:30 and 2026-07-02 01:00"
        );
        assert_eq!(local_stamps("UTC time: x UTC", tz), "UTC time: x UTC");
        assert_eq!(local_stamps("åäö UTC", tz), "åäö UTC");
    }
}
