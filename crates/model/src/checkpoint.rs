//! Checkpoints: the log's head anchored outside the host. Anyone who can write the log's
//! file (root, or anyone if its modes are broken) can rewrite the whole chain so that it
//! verifies again; a published checkpoint — event id and hash at a time, kept by the
//! region's central log management — cannot be rewritten with it. The monitor publishes one
//! every 10 minutes and `backup` one for each copy (syslog and its own log); `log verify
//! --checkpoints FILE` checks the log against them (docs/log-format.md, "Checkpoints").
//!
//! Since issue 31 a checkpoint names its log and proves where it came from. Every beredskap
//! process on a host once published to the same syslog (a person's demo, other databases),
//! and `logger -t beredskap "beredskap-checkpoint v1 …"` from any account made a line that
//! looked real, so an untouched log failed its check. A v2 checkpoint carries:
//! - `log=`: the log's identity, the first 16 hex digits of its first event's hash (made
//!   when the log is created, recorded in it, the same for every copy of it);
//! - `mac=`: HMAC-SHA256 over the rest of the line under the log's checkpoint key, a file
//!   beside the log that only the log's group reads (`host::checkpoint_key`): a person
//!   cannot make one.
//!
//! `log verify --checkpoints` checks the lines whose MAC holds under its log's key (whatever
//! `log=` says: a history rewritten from its first event has another identity and is caught
//! by the hashes), and says how many it left out and why — of other logs, or not signed by
//! this log's writer; a forged or foreign line can never make a true log fail.
//!
//! One line each, anywhere in a line (syslog adds its own prefix):
//! `beredskap-checkpoint v2 log=<16 hex> event=42 hash=<64 hex> at=2026-12-01T03:10:00Z mac=<64 hex>`

use chrono::{DateTime, Utc};
use hmac::{KeyInit, Mac};

/// What starts a checkpoint of any version inside a log line.
pub const PREFIX: &str = "beredskap-checkpoint v";
/// The marker of the checkpoints published now.
pub const MARKER: &str = "beredskap-checkpoint v2";
/// The marker of unsigned checkpoints (before issue 31): read, never trusted.
pub const MARKER_V1: &str = "beredskap-checkpoint v1";

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub event: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    /// The log's identity (`log_id`); `None` on a v1 line.
    pub log: Option<String>,
    /// The MAC, hex; `None` on a v1 line.
    pub mac: Option<String>,
}

/// A log's identity from its first event's hash.
pub fn log_id(first_hash: &str) -> String {
    first_hash.chars().take(16).collect()
}

impl Checkpoint {
    /// A checkpoint of the log `log` signed with `key`.
    pub fn signed(
        event: i64,
        hash: String,
        at: DateTime<Utc>,
        log: String,
        key: &[u8],
    ) -> Checkpoint {
        let mut c = Checkpoint {
            event,
            hash,
            at,
            log: Some(log),
            mac: None,
        };
        c.mac = c.compute_mac(key);
        c
    }

    /// What the MAC covers: every field but the MAC, as the line writes them.
    fn signed_part(&self) -> Option<String> {
        Some(format!(
            "{MARKER} log={} event={} hash={} at={}",
            self.log.as_ref()?,
            self.event,
            self.hash,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ))
    }

    /// The MAC over the signed part under `key`, ready to finish or verify.
    fn mac(&self, key: &[u8]) -> Option<HmacSha256> {
        let part = self.signed_part()?;
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).ok()?;
        mac.update(part.as_bytes());
        Some(mac)
    }

    fn compute_mac(&self, key: &[u8]) -> Option<String> {
        let bytes = self.mac(key)?.finalize().into_bytes();
        Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Whether the line was made under `key` (a v1 line never was).
    pub fn mac_holds(&self, key: &[u8]) -> bool {
        let (Some(given), Some(mac)) = (&self.mac, self.mac(key)) else {
            return false;
        };
        // Compared in constant time by the MAC itself.
        hex_bytes(given).is_ok_and(|given| mac.verify_slice(&given).is_ok())
    }

    /// The line that is published.
    pub fn line(&self) -> String {
        match (self.signed_part(), &self.mac) {
            (Some(part), Some(mac)) => format!("{part} mac={mac}"),
            _ => format!(
                "{MARKER_V1} event={} hash={} at={}",
                self.event,
                self.hash,
                self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

fn hex_bytes(s: &str) -> Result<Vec<u8>, ()> {
    if !s.len().is_multiple_of(2) {
        return Err(());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).ok_or(())?, 16).map_err(|_| ()))
        .collect()
}

/// A line that holds the marker but cannot be read: its number (from 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub why: String,
}

/// Every checkpoint in `text` (lines without the marker are skipped: a whole syslog file
/// can be given), and the lines that hold the marker but are malformed.
pub fn parse_all(text: &str) -> (Vec<Checkpoint>, Vec<BadLine>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let (start, version) = if let Some(s) = line.find(MARKER) {
            (s + MARKER.len(), 2)
        } else if let Some(s) = line.find(MARKER_V1) {
            (s + MARKER_V1.len(), 1)
        } else {
            continue;
        };
        match parse(&line[start..], version) {
            Ok(c) => found.push(c),
            Err(why) => bad.push(BadLine { line: i + 1, why }),
        }
    }
    (found, bad)
}

fn parse(fields: &str, version: u8) -> Result<Checkpoint, String> {
    let mut event = None;
    let mut hash = None;
    let mut at = None;
    let mut log = None;
    let mut mac = None;
    let hex = |v: &str, len: usize| v.len() == len && v.bytes().all(|b| b.is_ascii_hexdigit());
    for field in fields.split_whitespace() {
        match field.split_once('=') {
            Some(("event", v)) => {
                event = Some(
                    v.parse::<i64>()
                        .map_err(|_| format!("event={v} is not an event id"))?,
                )
            }
            Some(("hash", v)) => {
                if !hex(v, 64) {
                    return Err(format!("hash={v} is not a SHA-256 hash"));
                }
                hash = Some(v.to_ascii_lowercase());
            }
            Some(("at", v)) => {
                at = Some(
                    DateTime::parse_from_rfc3339(v)
                        .map_err(|e| format!("at={v}: {e}"))?
                        .with_timezone(&Utc),
                )
            }
            Some(("log", v)) if version >= 2 => {
                if !hex(v, 16) {
                    return Err(format!("log={v} is not a log's identity (16 hex digits)"));
                }
                log = Some(v.to_ascii_lowercase());
            }
            Some(("mac", v)) if version >= 2 => {
                if !hex(v, 64) {
                    return Err(format!("mac={v} is not a MAC (64 hex digits)"));
                }
                mac = Some(v.to_ascii_lowercase());
            }
            _ => {}
        }
    }
    match (event, hash, at, version, &log, &mac) {
        (Some(event), Some(hash), Some(at), 1, _, _) => Ok(Checkpoint {
            event,
            hash,
            at,
            log: None,
            mac: None,
        }),
        (Some(event), Some(hash), Some(at), _, Some(_), Some(_)) => Ok(Checkpoint {
            event,
            hash,
            at,
            log,
            mac,
        }),
        (_, _, _, 1, _, _) => Err("needs event=, hash= and at=".into()),
        _ => Err("needs log=, event=, hash=, at= and mac=".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_line_reads_back_inside_a_syslog_line() {
        let c = Checkpoint::signed(
            42,
            "ab".repeat(32),
            "2026-12-01T03:10:00Z".parse().unwrap(),
            "0123456789abcdef".into(),
            b"key",
        );
        let text = format!(
            "Dec  1 04:10:00 host beredskap[311]: {}\nunrelated line\n\
             Dec  1 04:20:00 host beredskap[311]: {MARKER} event=x hash=1 at=now\n",
            c.line()
        );
        let (found, bad) = parse_all(&text);
        assert_eq!(found, [c]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 3);
        assert!(bad[0].why.contains("event=x"), "{:?}", bad[0]);
        assert!(found[0].mac_holds(b"key"));
        assert!(!found[0].mac_holds(b"another key"));
    }

    #[test]
    fn a_changed_field_or_an_unsigned_line_does_not_hold() {
        let c = Checkpoint::signed(
            42,
            "ab".repeat(32),
            "2026-12-01T03:10:00Z".parse().unwrap(),
            "0123456789abcdef".into(),
            b"key",
        );
        for forged in [
            c.line().replace("event=42", "event=43"),
            c.line()
                .replace("log=0123456789abcdef", "log=fedcba9876543210"),
            c.line().replace(&"ab".repeat(32), &"00".repeat(32)),
            format!(
                "{MARKER_V1} event=42 hash={} at=2026-12-01T03:10:00Z",
                "ab".repeat(32)
            ),
        ] {
            let (found, bad) = parse_all(&forged);
            assert!(bad.is_empty(), "{bad:?}");
            assert!(!found[0].mac_holds(b"key"), "{forged}");
        }
    }
}
