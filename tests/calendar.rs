//! Calendars that never guess (`oncall import-ics`): exact names only, the calendar's own
//! recurrence kept and answered for any time asked, daylight-saving handoffs that stay at
//! 08:00, re-imports that replace instead of duplicating, and the quirks of real exports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::maintenance::local_start;
use chrono::{DateTime, NaiveDateTime, Utc};
use common::*;
use std::path::{Path, PathBuf};

fn config() -> PathBuf {
    repo().join("fixtures/region-demo/beredskap.toml")
}

fn at(s: &str) -> DateTime<Utc> {
    let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    local_start(n.date(), n.time(), chrono_tz::Europe::Stockholm).unwrap()
}

/// Three people taking a week each in turn (weekly, INTERVAL=3) from September, across the
/// October change to winter time; Edit's 9 November week is an EXDATE, and Olle's
/// 7 December week was swapped to Tekla (a moved occurrence, RECURRENCE-ID). Written as
/// Outlook writes: BOM, CRLF, folded lines, a Windows TZID, DURATION for one series.
const ROTATION: &str = "\u{FEFF}BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n\
BEGIN:VEVENT\r\nUID:a@example.invalid\r\nDTSTAMP:20260901T090000Z\r\n\
DTSTART;TZID=W. Europe Standard Time:20260907T080000\r\nDTEND;TZID=W. Europe Standard Time:20260914T080000\r\n\
RRULE:FREQ=WEEKLY;INTERVAL=3\r\nEXDATE;TZID=W. Europe Standard Time:20261109T080000\r\n\
SUMMARY:Nätverksjour: Edit Nä\r\n tlund\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@example.invalid\r\nDTSTAMP:20260901T090000Z\r\n\
DTSTART;TZID=Europe/Stockholm:20260914T080000\r\nDTEND;TZID=Europe/Stockholm:20260921T080000\r\n\
RRULE:FREQ=WEEKLY;INTERVAL=3\r\nSUMMARY:Nätverksjour net.olle\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c@example.invalid\r\nDTSTAMP:20260901T090000Z\r\n\
DTSTART;TZID=Europe/Stockholm:20260921T080000\r\nDURATION:P7D\r\n\
RRULE:FREQ=WEEKLY;INTERVAL=3\r\nSUMMARY:Nätverksjour: Lisa Växelgren (tel.lisa)\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@example.invalid\r\nDTSTAMP:20261101T090000Z\r\n\
RECURRENCE-ID;TZID=Europe/Stockholm:20261207T080000\r\n\
DTSTART;TZID=Europe/Stockholm:20261207T080000\r\nDTEND;TZID=Europe/Stockholm:20261214T080000\r\n\
SUMMARY:Byte: Tekla Provsdotter tar veckan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(config: &Path, db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = beredskap(config, db);
    cmd.args(["--as", "net.edit", "oncall", "import-ics"])
        .arg(file)
        .args(["--team", "natverk", "--new-layer", "kalender"])
        .args(extra);
    run(&mut cmd)
}

fn on_call(config: &Path, db: &Path, when: &str) -> Option<String> {
    let out = run(beredskap(config, db).args([
        "oncall",
        "--team",
        "natverk",
        "--at",
        &at(when).to_rfc3339(),
        "--json",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["teams"][0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == "kalender")
        .and_then(|l| l["now"]["account"].as_str().map(str::to_string))
}

#[test]
fn a_three_weekly_series_across_the_october_change_answers_the_right_person() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let file = write(dir.path(), "natverk.ics", ROTATION);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = [
        ("2026-09-09 12:00", Some("net.edit")),
        ("2026-09-16 12:00", Some("net.olle")),
        ("2026-09-23 12:00", Some("tel.lisa")),
        ("2026-10-21 12:00", Some("net.edit")),
        // The handoff stays at 08:00 local after the change on 25 October.
        ("2026-10-26 07:30", Some("net.edit")),
        ("2026-10-26 08:30", Some("net.olle")),
        ("2026-10-28 12:00", Some("net.olle")),
        ("2026-11-04 12:00", Some("tel.lisa")),
        ("2026-11-11 12:00", None), // Edit's week is an EXDATE
        ("2026-11-18 12:00", Some("net.olle")),
        ("2026-12-02 12:00", Some("net.edit")),
        ("2026-12-09 12:00", Some("op.tekla")), // the swap
        ("2026-12-16 12:00", Some("tel.lisa")),
        ("2026-12-30 12:00", Some("net.olle")),
        ("2027-03-17 12:00", Some("net.edit")),
        ("2027-10-27 12:00", Some("tel.lisa")), // a year on, after next October's change
    ];
    for (when, who) in expected {
        assert_eq!(
            on_call(&config(), &db, when).as_deref(),
            who,
            "who was on call {when}"
        );
    }
}

#[test]
fn a_near_namesake_or_two_people_refuse_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let text = ROTATION
        .replace("Lisa Växelgren (tel.lisa)", "Lisa Växelgrenius")
        .replace(
            "Byte: Tekla Provsdotter tar veckan",
            "Byte: net.olle och net.edit",
        );
    let file = write(dir.path(), "fel.ics", &text);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("«Nätverksjour: Lisa Växelgrenius» (UID c@example.invalid, line")
            && err.contains("names nobody in the region"),
        "{err}"
    );
    assert!(
        err.contains("names more than one person: net.edit, net.olle"),
        "{err}"
    );
    assert!(
        err.contains("2 problem(s) in the calendar; nothing imported"),
        "{err}"
    );
    assert!(
        !db.exists() || event_hashes(&db).is_empty(),
        "nothing written"
    );
}

#[test]
fn a_re_import_replaces_and_a_changed_file_shows_what_changes_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let file = write(dir.path(), "natverk.ics", ROTATION);
    let out = import(&config(), &db, &file, &["--days", "400"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = import(&config(), &db, &file, &["--days", "400"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("no change to who is on call"), "{text}");
    assert!(text.contains("replacing the earlier import #2"), "{text}");
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    assert_eq!(store.oncall_calendars().unwrap().len(), 1, "not duplicated");
    drop(store);
    // The same calendar with the swap moved to Lisa: --dry-run shows it and writes nothing.
    let changed = write(
        dir.path(),
        "natverk2.ics",
        &ROTATION.replace("Byte: Tekla Provsdotter tar veckan", "Byte: Lisa Växelgren"),
    );
    let before = event_hashes(&db);
    let out = import(&config(), &db, &changed, &["--days", "400", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("- mån 2026-12-07 08:00 – mån 2026-12-14 08:00  op.tekla")
            || text.contains("- Mon 2026-12-07 08:00 – Mon 2026-12-14 08:00  op.tekla"),
        "{text}"
    );
    assert!(
        text.contains("2026-12-07 08:00") && text.contains("tel.lisa"),
        "{text}"
    );
    assert!(text.contains("--dry-run: nothing imported"), "{text}");
    assert_eq!(event_hashes(&db), before);
    assert_eq!(
        on_call(&config(), &db, "2026-12-09 12:00").as_deref(),
        Some("op.tekla")
    );
}

#[test]
fn all_day_events_durations_own_zones_and_several_calendars_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Regionens tid\n\
        BEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\n\
        BEGIN:DAYLIGHT\nDTSTART:19700329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\n\
        END:VTIMEZONE\n\
        BEGIN:VEVENT\nUID:jul@x\nDTSTART;VALUE=DATE:20261224\nSUMMARY:Julafton: net.olle\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:dur@x\nDTSTART;TZID=Regionens tid:20261228T080000\nDURATION:PT12H\n\
        SUMMARY:Dagjour: Edit Nätlund\nEND:VEVENT\nEND:VCALENDAR\n\
        BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:nyar@x\n\
        DTSTART:20261231T230000Z\nDTEND:20270101T230000Z\nSUMMARY:Nyårsdagen\n\
        ATTENDEE;CN=\"Lisa V\";ROLE=REQ-PARTICIPANT:mailto:LISA.VAXELGREN@region-exempel.example\n\
        END:VEVENT\nEND:VCALENDAR\n";
    let file = write(dir.path(), "helger.ics", text);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        on_call(&config(), &db, "2026-12-24 23:30").as_deref(),
        Some("net.olle")
    );
    assert_eq!(on_call(&config(), &db, "2026-12-25 00:30"), None);
    assert_eq!(
        on_call(&config(), &db, "2026-12-28 19:30").as_deref(),
        Some("net.edit")
    );
    assert_eq!(on_call(&config(), &db, "2026-12-28 20:30"), None);
    assert_eq!(
        on_call(&config(), &db, "2027-01-01 12:00").as_deref(),
        Some("tel.lisa")
    );
}

#[test]
fn truncated_and_hostile_files_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let cut = &ROTATION[..ROTATION.len() / 2];
    let file = write(dir.path(), "avklippt.ics", cut);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("looks truncated"), "{}", stderr(&out));
    let deep = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:VEVENT\n".repeat(10_000);
    let file = write(dir.path(), "djup.ics", &deep);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nested deeper"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn a_number_in_a_calendar_is_masked_not_a_reason_to_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let text = ROTATION.replace(
        "SUMMARY:Nätverksjour net.olle",
        "SUMMARY:Nätverksjour net.olle (ring pat 19121212-1212)",
    );
    let file = write(dir.path(), "remiss_19121212-1212.ics", &text);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(beredskap(&config(), &db).args(["log", "show", "--json"]));
    let shown = stdout(&out);
    assert!(!shown.contains("1212-1212"), "{shown}");
    assert!(shown.contains("remiss_19121212-XXXX.ics"), "{shown}");
    assert!(shown.contains("guard.masked"), "{shown}");
}

/// A weekly series under a zone the file defines itself with its history, as Outlook and
/// the tz-derived exports write it: the 1981–1995 European rules (summer time ending in
/// September) beside those from 1996.
const HISTORICAL_ZONE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Exempel//Historisk//SV\r\n\
BEGIN:VTIMEZONE\r\nTZID:Centraleuropeisk tid\r\n\
BEGIN:STANDARD\r\nDTSTART:19810927T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU;UNTIL=19950924T010000Z\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:hist@example.invalid\r\nDTSTAMP:20261101T090000Z\r\n\
DTSTART;TZID=Centraleuropeisk tid:20261207T080000\r\nDTEND;TZID=Centraleuropeisk tid:20261214T080000\r\n\
RRULE:FREQ=WEEKLY;INTERVAL=2\r\nSUMMARY:Nätverksjour net.olle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn a_zone_with_historical_rule_blocks_and_shifts_a_year_ahead_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let file = write(dir.path(), "historisk.ics", HISTORICAL_ZONE);
    let out = import(&config(), &db, &file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Olle's weeks, every other Monday 08:00 local: summer time after March stays 08:00.
    assert_eq!(
        on_call(&config(), &db, "2027-04-07 12:00").as_deref(),
        None,
        "a week off"
    );
    assert_eq!(
        on_call(&config(), &db, "2027-04-12 07:30").as_deref(),
        None,
        "before 08:00 local in summer time"
    );
    assert_eq!(
        on_call(&config(), &db, "2027-04-12 08:30").as_deref(),
        Some("net.olle")
    );
    // The export over a year holds the shifts after 2027-03-22 (it stopped 100 days on)
    // and the list of overrides over the days asked likewise.
    let out = run(beredskap(&config(), &db).args([
        "oncall",
        "export-ics",
        "--person",
        "net.olle",
        "--days",
        "400",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = stdout(&out);
    for start in ["20270412", "20270913", "20271206"] {
        assert!(
            ics.contains(&format!("DTSTART:{start}T060000Z"))
                || ics.contains(&format!("DTSTART:{start}T070000Z")),
            "no shift starting {start} in the export"
        );
    }
    let out =
        run(beredskap(&config(), &db).args(["oncall", "overrides", "--days", "400", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let latest = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["from"].as_str())
        .max()
        .unwrap()
        .to_string();
    assert!(latest.as_str() > "2027-12-01", "{latest}");
}
