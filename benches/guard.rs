//! The patient-data guard's throughput, printed (no assertions). `cargo bench --bench guard`.
//!
//! Mixed text as the log sees it: probe and plugin output with timestamps, URLs and
//! ticket numbers, Swedish notes with dates and phone numbers, and now and then a
//! (synthetic) identity number in one of the ways people write them. Reports MB/s for
//! finding numbers and for masking them, and for a text with no digits at all.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use beredskap::model::personnummer::{find_identity_numbers, mask_identity_numbers};
use std::time::Instant;

const LINES: &[&str] = &[
    "CRITICAL - HTTP 503 Service Unavailable från https://lis.region.example/api/v2/health (1712 ms)",
    "OK - 14 köer, äldsta meddelande 2026-11-23T03:10:00Z, ts=1810127140",
    "Ringde leverantören på 070-174 06 41, ärende INC-2026-0042 och SR-1212121212 öppnade",
    "Avdelning 12 kör reservrutin enligt papperskopia sedan 03:12, läskopia startad 03:20",
    "Åtgärd: omstart av integrationsmotorn version 4.12.1212 klar 04:40, verifierat av jouren",
    "Pat.19121212-1212 på avd 5 fick fel provsvar – remiss_121212-1212.pdf skickad igen",
    "WARNING - certifikatet går ut 2027-01-15 (45 dagar), serienummer 0A:1B:2C:3D",
    "Planerat underhåll fredag 22:00–23:00; kontakt växel 08-123 456 78, beställning ORD-2026-000123",
];

fn corpus(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(LINES[i % LINES.len()]);
        s.push('\n');
        i += 1;
    }
    s
}

fn rate(label: &str, bytes: usize, mut f: impl FnMut() -> usize) {
    let reps = 5;
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..reps {
        let t = Instant::now();
        found = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{label:<44} {:>8.1} MB/s  ({} hits in {:.1} MB, best of {reps})",
        bytes as f64 / best / 1e6,
        found,
        bytes as f64 / 1e6
    );
}

fn main() {
    let text = corpus(8_000_000);
    // As the store guard sees it: one field at a time (a line each).
    let lines: Vec<&str> = text.lines().collect();
    rate("find, one 8 MB text", text.len(), || {
        find_identity_numbers(&text).len()
    });
    rate("find, line by line (payload fields)", text.len(), || {
        lines.iter().map(|l| find_identity_numbers(l).len()).sum()
    });
    rate("mask, line by line", text.len(), || {
        lines
            .iter()
            .map(|l| mask_identity_numbers(l).matches("XXXX").count())
            .sum::<usize>()
    });
    let plain = "Ingen siffra här, bara text om läget på avdelningen. ".repeat(150_000);
    rate("find, text without digits", plain.len(), || {
        find_identity_numbers(&plain).len()
    });
}
