//! On-call on the demo region: who is on call, the MT coverage gap of the reference case,
//! overrides and "take the shift" through the real binary, refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::model::maintenance::local_start;
use beredskap::model::region::{Criticality, Region};
use chrono::{DateTime, NaiveDateTime, Utc};
use common::{beredskap, repo, run, stderr, stdout};
use std::process::Stdio;

fn demo() -> Region {
    beredskap::config::load(&repo().join("fixtures/region-demo/beredskap.toml"))
        .unwrap()
        .region
}

fn at(s: &str) -> DateTime<Utc> {
    let n = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    local_start(n.date(), n.time(), chrono_tz::Europe::Stockholm).unwrap()
}

#[test]
fn the_demo_rota_answers_who_is_on_call() {
    let region = demo();
    let rota = region.rota(Vec::new());
    let who = |team: &str, layer: &str, t: &str| rota.on_call(team, layer, at(t)).map(|o| o.person);
    // it-drift's primary rota starts with op.tekla on Monday 2026-01-05 08:00; week 46
    // (from Monday 2026-11-23 08:00) is op.greta's (46 mod 4 = 2), the night before it is
    // still week 45's, op.mans.
    let cases = [
        ("it-drift", "primär", "2026-01-05 08:00", Some("op.tekla")),
        ("it-drift", "primär", "2026-11-23 03:10", Some("op.mans")),
        ("it-drift", "primär", "2026-11-23 08:00", Some("op.greta")),
        ("it-drift", "primär", "2026-11-30 08:00", Some("op.hugo")),
        ("it-drift", "sekundär", "2026-11-23 03:10", Some("op.ivar")),
        ("it-drift", "sekundär", "2026-11-23 08:00", Some("op.saga")),
        // Client platform: office hours only.
        ("klientplattform", "primär", "2026-11-23 03:10", None),
        (
            "klientplattform",
            "primär",
            "2026-11-23 10:00",
            Some("kl.vera"),
        ),
        // Medical technology has no rota at all.
        ("mt-service", "primär", "2026-11-23 10:00", None),
    ];
    for (team, layer, t, expected) in cases {
        assert_eq!(
            who(team, layer, t).as_deref(),
            expected,
            "{team} {layer} {t}"
        );
    }
    assert!(rota.supplier_covers("lev-journal", at("2026-11-23 03:10")));
    assert!(!rota.supplier_covers("lev-mt", at("2026-11-23 03:10")));
    assert!(rota.supplier_covers("lev-mt", at("2026-11-23 10:00")));
}

#[test]
fn the_demo_region_shows_the_mt_gap_and_nothing_else_uncovered_among_it_systems() {
    let region = demo();
    let rota = region.rota(Vec::new());
    let (from, to) = (at("2026-11-23 00:00"), at("2026-11-30 00:00"));
    let mut uncovered: Vec<&str> = Vec::new();
    for s in region
        .systems
        .iter()
        .filter(|s| s.criticality == Criticality::BusinessCritical)
    {
        let gaps = rota.gaps(&s.id, &s.owner_team, s.supplier_team.as_deref(), from, to);
        if !gaps.is_empty() {
            uncovered.push(&s.id);
        }
    }
    uncovered.sort();
    // The MT systems (no MT on-call, supplier office hours only) and the client platform
    // (office hours only).
    let mt: Vec<&str> = region
        .systems
        .iter()
        .filter(|s| s.criticality == Criticality::BusinessCritical && s.owner_team == "mt-service")
        .map(|s| s.id.as_str())
        .collect();
    assert!(!mt.is_empty());
    for id in &mt {
        assert!(
            uncovered.contains(id),
            "{id} should have a gap: {uncovered:?}"
        );
    }
    assert!(!uncovered.contains(&"journal"));
    assert!(!uncovered.contains(&"lab"));
    // The pump server: every night and the weekend, 08–17 on weekdays covered by the supplier.
    let pumps = region.system("infusionspumpar").unwrap();
    let gaps = rota.gaps(
        "infusionspumpar",
        &pumps.owner_team,
        pumps.supplier_team.as_deref(),
        from,
        to,
    );
    let hours: i64 = gaps.iter().map(|g| (g.to - g.from).num_hours()).sum();
    assert_eq!(hours, 7 * 24 - 5 * 9, "{gaps:?}");
    assert_eq!(gaps[0].from, at("2026-11-23 00:00"));
    assert_eq!(gaps[0].to, at("2026-11-23 08:00"));
}

fn demo_config() -> std::path::PathBuf {
    repo().join("fixtures/region-demo/beredskap.toml")
}

#[test]
fn overrides_take_and_cancel_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = demo_config();
    // Reading needs no log; each team starts on a line of its own, after an empty one.
    let plain = run(beredskap(&config, &db).args(["oncall"]));
    assert!(!stdout(&plain).contains('␊'), "{}", stdout(&plain));
    assert!(
        stdout(&plain).contains("\n\nit-drift — "),
        "{}",
        stdout(&plain)
    );
    let gaps = run(beredskap(&config, &db).args(["oncall", "gaps", "--days", "14"]));
    assert!(!stdout(&gaps).contains('␊'), "{}", stdout(&gaps));
    assert!(stdout(&gaps).contains("h uncovered"), "{}", stdout(&gaps));
    let out = run(beredskap(&config, &db).args(["oncall", "--team", "it-drift", "--json"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let before = v["teams"][0]["layers"][0]["now"]["account"]
        .as_str()
        .unwrap()
        .to_string();

    // Måns takes the primary shift now.
    let out = run(beredskap(&config, &db).args([
        "--as",
        "op.mans",
        "oncall",
        "take",
        "it-drift",
        "--reason",
        "Byter med Greta",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("op.mans on call for it-drift now"),
        "{}",
        stdout(&out)
    );
    let out = run(beredskap(&config, &db).args(["oncall", "--team", "it-drift", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let layer = &v["teams"][0]["layers"][0];
    assert_eq!(layer["now"]["account"], "op.mans");
    let id = layer["override"].as_i64().unwrap();
    // Until the end of the shift that was running: the next one is the rota's again.
    assert_eq!(layer["next"]["from"], layer["until"]);
    assert!(layer["next"]["person"]["account"].is_string());

    // An override for someone else, then cancelled.
    let out = run(beredskap(&config, &db).args([
        "--as", "op.tekla", "oncall", "override", "natverk", "--person", "net.olle", "--from",
        "+1h", "--to", "+5h", "--reason", "Sjukdom",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(beredskap(&config, &db).args(["oncall", "overrides"]));
    assert!(
        stdout(&out).contains("natverk primär: net.olle"),
        "{}",
        stdout(&out)
    );
    let out = run(beredskap(&config, &db).args([
        "--as",
        "op.tekla",
        "oncall",
        "cancel",
        &id.to_string(),
        "--reason",
        "Greta frisk igen",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(beredskap(&config, &db).args(["oncall", "--team", "it-drift", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["teams"][0]["layers"][0]["now"]["account"],
        before.as_str()
    );

    // A handoff note for the next person.
    let out = run(beredskap(&config, &db).args([
        "--as",
        "op.greta",
        "oncall",
        "note",
        "it-drift",
        "Labbet larmar ibland, leverantören vet",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let notes = beredskap::store::Store::open_existing(&db)
        .unwrap()
        .handoff_notes(Utc::now())
        .unwrap();
    assert_eq!(
        (notes[0].layer.as_str(), notes[0].by.as_str()),
        ("primär", "op.greta")
    );

    // Refusals: exit 2, nothing written.
    let count = || {
        beredskap::store::Store::open_existing(&db)
            .unwrap()
            .events(&Default::default())
            .unwrap()
            .len()
    };
    let n = count();
    let refused = [
        (
            vec!["--as", "ledning.anna", "oncall", "take", "it-drift"],
            "may not change the on-call rota",
        ),
        (
            vec!["--as", "op.tekla", "oncall", "take", "mt-service"],
            "has no on-call rota",
        ),
        (
            vec![
                "--as", "op.tekla", "oncall", "take", "it-drift", "--layer", "tertiär",
            ],
            "has no layer `tertiär`",
        ),
        (
            vec![
                "--as", "op.tekla", "oncall", "override", "it-drift", "--person", "nobody",
                "--from", "+1h", "--to", "+2h", "--reason", "x",
            ],
            "unknown person `nobody`",
        ),
        (
            vec![
                "--as", "op.tekla", "oncall", "override", "it-drift", "--person", "op.hugo",
                "--from", "+2h", "--to", "+1h", "--reason", "x",
            ],
            "ends before it starts",
        ),
        (
            vec![
                "--as",
                "op.tekla",
                "oncall",
                "override",
                "it-drift",
                "--person",
                "op.hugo",
                "--from",
                "+1h",
                "--to",
                "+2h",
                "--reason",
                "pat 19121212-1212",
            ],
            "personnummer",
        ),
        (
            vec![
                "--as", "op.tekla", "oncall", "cancel", "99999", "--reason", "x",
            ],
            "no override #99999",
        ),
        (
            vec!["oncall", "--team", "finns-inte"],
            "unknown team `finns-inte`",
        ),
        (vec!["oncall", "--at", "igår kväll"], "--at"),
        (vec!["oncall", "who", "finns-inte"], "unknown system"),
    ];
    for (args, expected) in refused {
        let out = run(beredskap(&config, &db).args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(count(), n, "refusals write nothing");
}

#[test]
fn who_to_call_for_a_system_names_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let out = run(beredskap(&demo_config(), &db).args([
        "oncall",
        "who",
        "infusionspumpar",
        "--at",
        "2026-11-24 03:00",
        "--json",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["covered"], false);
    assert_eq!(v["supplier"]["answers_now"], false);
    let out = run(beredskap(&demo_config(), &db).args([
        "oncall",
        "who",
        "journal",
        "--at",
        "2026-11-24 03:00",
    ]));
    let text = stdout(&out);
    assert!(
        text.contains("primär") && text.contains("answers now"),
        "{text}"
    );
    assert!(!text.contains("NOBODY"), "{text}");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let mut child = beredskap(&demo_config(), &db)
        .args(["oncall", "gaps", "--days", "60", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

fn ics(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/ics").join(name)).unwrap()
}

/// The shifts a calendar's series hold in [from, to), oldest first.
fn read_calendar(
    text: &str,
    region: &beredskap::model::region::Region,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<
    Vec<beredskap::model::calendar::Occurrence>,
    Vec<beredskap::model::calendar::CalendarProblem>,
> {
    let series = beredskap::model::calendar::parse(text, region)?;
    let mut out: Vec<_> = series
        .iter()
        .flat_map(|s| s.occurrences(from, to).unwrap())
        .collect();
    out.sort_by_key(|o| o.from);
    Ok(out)
}

#[test]
fn a_google_calendar_with_rrule_exdate_and_tzid_resolves_to_the_expected_people() {
    let region = demo();
    let shifts = read_calendar(
        &ics("google-natverk.ics"),
        &region,
        at("2026-11-23 00:00"),
        at("2027-01-20 12:00"),
    )
    .unwrap();
    let got: Vec<(String, String)> = shifts
        .iter()
        .map(|s| {
            (
                s.from
                    .with_timezone(&chrono_tz::Europe::Stockholm)
                    .format("%m-%d %H:%M")
                    .to_string(),
                s.person.clone(),
            )
        })
        .collect();
    let expected = [
        ("11-25 12:00", "net.edit"), // the attendee's e-mail
        ("12-02 12:00", "net.olle"), // the account in the summary
        ("12-09 12:00", "net.edit"),
        ("12-16 12:00", "net.olle"),
        ("12-23 12:00", "net.olle"), // Edit's 12-23 is an EXDATE; the full name in a summary
        ("12-30 12:00", "net.olle"),
        ("01-06 12:00", "net.edit"),
        ("01-13 12:00", "net.olle"),
    ];
    assert_eq!(
        got,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    // Each shift lasts a week, handed over at 12:00 local.
    assert!(shifts.iter().all(|s| (s.to - s.from).num_days() == 7));
    // Imported as overrides, the resolver answers with them.
    let mut rota = region.rota(Vec::new());
    rota.overrides = shifts
        .iter()
        .enumerate()
        .map(|(i, s)| beredskap::model::oncall::Override {
            id: i as i64 + 1,
            team: "natverk".into(),
            layer: "primär".into(),
            person: s.person.clone(),
            from: s.from,
            to: s.to,
            reason: "ics".into(),
            by: "test".into(),
        })
        .collect();
    assert_eq!(
        rota.on_call("natverk", "primär", at("2026-12-24 03:00"))
            .unwrap()
            .person,
        "net.olle"
    );
    assert_eq!(
        rota.on_call("natverk", "primär", at("2027-01-07 03:00"))
            .unwrap()
            .person,
        "net.edit"
    );
}

#[test]
fn an_outlook_calendar_with_a_windows_time_zone_follows_daylight_saving() {
    let region = demo();
    let shifts = read_calendar(
        &ics("outlook-helg.ics"),
        &region,
        at("2026-03-20 00:00"),
        at("2026-04-20 00:00"),
    )
    .unwrap();
    let utc: Vec<String> = shifts
        .iter()
        .map(|s| s.from.format("%m-%d %H:%M").to_string())
        .collect();
    // Saturday 08:00 local: 07:00 UTC before the change (2026-03-29), 06:00 after; 04-04 is
    // an EXDATE.
    assert_eq!(
        utc,
        ["03-21 07:00", "03-28 07:00", "04-11 06:00", "04-18 06:00"]
    );
    assert!(shifts.iter().all(|s| s.person == "tel.lisa"));
}

#[test]
fn a_calendar_that_names_nobody_or_an_unknown_zone_is_refused_whole() {
    let region = demo();
    let problems = read_calendar(
        &ics("bad.ics"),
        &region,
        at("2026-11-23 00:00"),
        at("2027-01-01 00:00"),
    )
    .unwrap_err();
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{text:?}");
    assert!(
        text[0].contains("«Jour: Okänd Person»") && text[0].contains("names nobody"),
        "{text:?}"
    );
    assert!(
        text[1].contains("«Jour net.olle»")
            && text[1].contains("unknown time zone \"Mars/Olympus\""),
        "{text:?}"
    );
    assert!(
        read_calendar(
            "not a calendar",
            &region,
            at("2026-11-23 00:00"),
            at("2027-01-01 00:00")
        )
        .is_err()
    );
}

#[test]
fn import_and_export_ics_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = demo_config();
    // A weekly shift for net.olle starting tomorrow, in the file's own words.
    let start = Utc::now() + chrono::Duration::days(1);
    let file = dir.path().join("natverk.ics");
    let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    std::fs::write(
        &file,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nDTSTART:{}\r\nDTEND:{}\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nDTSTAMP:{}\r\nUID:t1@example.invalid\r\nSUMMARY:Jour net.olle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            stamp(start),
            stamp(start + chrono::Duration::hours(12)),
            stamp(Utc::now())
        ),
    )
    .unwrap();
    let out = run(beredskap(&config, &db)
        .args(["--as", "net.edit", "oncall", "import-ics"])
        .arg(&file)
        .args(["--team", "natverk"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("imported") && stdout(&out).matches("  + ").count() == 3,
        "{}",
        stdout(&out)
    );
    let when = (start + chrono::Duration::hours(1)).to_rfc3339();
    let out =
        run(beredskap(&config, &db).args(["oncall", "--team", "natverk", "--at", &when, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["teams"][0]["layers"][0]["now"]["account"], "net.olle");
    // A bad file: exit 2, the problem named, nothing written.
    let out = run(beredskap(&config, &db)
        .args(["--as", "net.edit", "oncall", "import-ics"])
        .arg(repo().join("tests/ics/bad.ics"))
        .args(["--team", "natverk"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("names nobody") && stderr(&out).contains("nothing imported"),
        "{}",
        stderr(&out)
    );
    // Export: a valid calendar with the imported shifts in it.
    let out = run(beredskap(&config, &db).args([
        "oncall",
        "export-ics",
        "--person",
        "net.olle",
        "--days",
        "21",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let summaries: Vec<String> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .filter_map(|e| icalendar::Component::get_summary(e).map(str::to_string))
        .collect();
    assert!(summaries.len() >= 3, "{summaries:?}");
    assert!(
        summaries.iter().all(|s| s.contains("Olle Kabelström")),
        "{summaries:?}"
    );
}
