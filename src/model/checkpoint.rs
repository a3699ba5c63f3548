//! Checkpoints: the log's head anchored outside the host. Anyone who can write the log's
//! file (root, or anyone if its modes are broken) can rewrite the whole chain so that it
//! verifies again; a published checkpoint — event id and hash at a time, kept by the
//! region's central log management — cannot be rewritten with it. The monitor publishes one
//! every 10 minutes and `backup` one for each copy (syslog and its own log); `log verify
//! --checkpoints FILE` checks the log against them (docs/log-format.md, "Checkpoints").
//!
//! One line each, anywhere in a line (syslog adds its own prefix):
//! `beredskap-checkpoint v1 event=42 hash=<64 hex> at=2026-12-01T03:10:00Z`

use chrono::{DateTime, Utc};

/// The marker that starts a checkpoint inside a log line.
pub const MARKER: &str = "beredskap-checkpoint v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub event: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

impl Checkpoint {
    /// The line that is published.
    pub fn line(&self) -> String {
        format!(
            "{MARKER} event={} hash={} at={}",
            self.event,
            self.hash,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
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
        let Some(start) = line.find(MARKER) else {
            continue;
        };
        match parse(&line[start + MARKER.len()..]) {
            Ok(c) => found.push(c),
            Err(why) => bad.push(BadLine { line: i + 1, why }),
        }
    }
    (found, bad)
}

fn parse(fields: &str) -> Result<Checkpoint, String> {
    let mut event = None;
    let mut hash = None;
    let mut at = None;
    for field in fields.split_whitespace() {
        match field.split_once('=') {
            Some(("event", v)) => {
                event = Some(
                    v.parse::<i64>()
                        .map_err(|_| format!("event={v} is not an event id"))?,
                )
            }
            Some(("hash", v)) => {
                if v.len() != 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
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
            _ => {}
        }
    }
    match (event, hash, at) {
        (Some(event), Some(hash), Some(at)) => Ok(Checkpoint { event, hash, at }),
        _ => Err("needs event=, hash= and at=".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_line_reads_back_inside_a_syslog_line() {
        let c = Checkpoint {
            event: 42,
            hash: "ab".repeat(32),
            at: "2026-12-01T03:10:00Z".parse().unwrap(),
        };
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
    }
}
