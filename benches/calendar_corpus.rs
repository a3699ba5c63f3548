//! The calendar importer over a corpus of real calendar files, printed (no assertions):
//! how many files it reads, and per class of problem how many it refuses, with the time
//! per file. `CALENDAR_CORPUS=DIR cargo bench --bench calendar_corpus` (e.g. the test and
//! fuzzing calendars of the Python `icalendar` project; nothing of them is committed here).
//! The demo region is the region: most public events name nobody in it, which is counted
//! as its own class.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop at the first surprise

use std::collections::BTreeMap;
use std::time::Instant;

fn class(message: &str) -> String {
    let m = message;
    for (needle, name) in [
        ("names nobody", "names nobody in the region"),
        ("more than one person", "names several people"),
        ("unknown time zone", "unknown time zone"),
        ("truncated", "truncated file"),
        ("no BEGIN:VCALENDAR", "not an iCalendar file"),
        ("nested deeper", "nested too deep"),
        ("has no `:`", "malformed line"),
        ("without a BEGIN", "malformed nesting"),
        ("closes BEGIN", "malformed nesting"),
        ("outside BEGIN:VCALENDAR", "text outside a calendar"),
        ("no DTSTART", "no DTSTART"),
        ("no end", "no DTEND or DURATION"),
        ("not a date", "unreadable date or time"),
        ("is not a duration", "unreadable DURATION"),
        ("recurrence cannot be read", "unreadable RRULE"),
        ("ends before it starts", "ends before it starts"),
        ("no events", "no events"),
        ("does not exist", "time that does not exist"),
    ] {
        if m.contains(needle) {
            return name.into();
        }
    }
    format!("other: {}", m.chars().take(60).collect::<String>())
}

fn main() {
    let Ok(dir) = std::env::var("CALENDAR_CORPUS") else {
        println!("set CALENDAR_CORPUS=DIR to a directory of .ics files");
        return;
    };
    let region = beredskap::config::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/region-demo/beredskap.toml"),
    )
    .unwrap()
    .region;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    let (mut read, mut not_utf8, mut only_nobody) = (0, 0, 0);
    let mut refused_files: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = (0.0f64, String::new());
    let start = Instant::now();
    for f in &files {
        let Ok(text) = String::from_utf8(std::fs::read(f).unwrap()) else {
            not_utf8 += 1;
            continue;
        };
        let t = Instant::now();
        let result = beredskap::model::calendar::parse(&text, &region);
        let took = t.elapsed().as_secs_f64();
        if took > slowest.0 {
            slowest = (took, f.display().to_string());
        }
        match result {
            Ok(_) => read += 1,
            Err(ps) => {
                let mut classes: Vec<String> =
                    ps.iter().map(|p| class(&p.issue.to_string())).collect();
                classes.sort();
                classes.dedup();
                if classes == ["names nobody in the region"] {
                    only_nobody += 1;
                }
                for c in &classes {
                    *refused_files.entry(c.clone()).or_default() += 1;
                }
                for p in &ps {
                    *problems.entry(class(&p.issue.to_string())).or_default() += 1;
                }
            }
        }
    }
    println!(
        "{} files: {read} read whole, {} refused, {not_utf8} not UTF-8; {:.1} ms in all, slowest {:.2} ms ({})",
        files.len(),
        files.len() - read - not_utf8,
        start.elapsed().as_secs_f64() * 1e3,
        slowest.0 * 1e3,
        slowest.1
    );
    println!(
        "{only_nobody} of the refused files are readable calendars whose only problem is that \
         their events name nobody in the demo region"
    );
    println!(
        "{:<34} {:>6} {:>9}",
        "class of problem", "files", "problems"
    );
    for (c, n) in &refused_files {
        println!("{c:<34} {n:>6} {:>9}", problems.get(c).unwrap_or(&0));
    }
}
