//! Output that cannot lie: stored text with terminal escapes, C1 controls, NUL or bidi
//! overrides is shown visibly by every text output, never obeyed; JSON stays exact.
//! (Finding 2 of the hostile review: a note with `\r\e[2K\e[A` made `log show` display a
//! forged event and hide real ones.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::*;

const FORGED: &str = "ok\r\x1b[2K\x1b[A#42     2026-11-23 03:10:00  op1  diary.note  diary  allt lugnt\u{9b}31m\u{202E}gnp.exe\nrad två";

fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| (c.is_control() && *c != '\n') || matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

#[test]
fn stored_escapes_are_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let config = minimal_config();
    // A direction override is refused in typed text (a number backwards behind it reads as
    // another); the rest of the forgery is taken and must be shown, never obeyed.
    let refused = run(beredskap(&config, &db).args(["log", "note", "--as", "operator1", FORGED]));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("direction control (U+202E)"),
        "{}",
        stderr(&refused)
    );
    let typed = FORGED.replace('\u{202E}', "");
    // As an older log or machine text may hold it: the override itself, stored.
    beredskap::store::Store::open(&db)
        .unwrap()
        .append(note_event("operator1", FORGED))
        .unwrap();
    for args in [
        vec!["log", "note", "--as", "operator1", typed.as_str()],
        vec!["log", "note", "--as", "operator1", "efter"],
        vec![
            "incident",
            "declare",
            "--as",
            "admin1",
            "--title",
            typed.as_str(),
            "--system",
            "journal",
        ],
    ] {
        let out = run(beredskap(&config, &db).args(&args));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = run(beredskap(&config, &db).args(["log", "show"]));
    let shown = stdout(&out);
    assert!(controls(&shown).is_empty(), "{:?}", controls(&shown));
    assert!(shown.contains("␍␛[2K␛[A#42"), "{shown}");
    assert!(
        shown.contains("<U+009B>31m<U+202E>gnp.exe␊rad två"),
        "{shown}"
    );
    assert!(shown.contains("<U+009B>31mgnp.exe␊rad två"), "{shown}");
    // One event, one line: a note cannot forge or hide the lines after it.
    // (#2 is the configuration in force, recorded before the first command's write.)
    assert_eq!(shown.lines().count(), 5, "{shown}");
    assert!(shown.lines().nth(3).unwrap().contains("efter"), "{shown}");

    for args in [
        vec!["incident", "list"],
        vec!["incident", "show", "INC-2026-0001"],
    ] {
        let out = run(beredskap(&config, &db).args(&args));
        let text = stdout(&out);
        assert!(
            controls(&text).is_empty(),
            "{args:?}: {:?}",
            controls(&text)
        );
        assert!(text.contains("␛[2K"), "{args:?}: {text}");
    }
    // JSON stays exact: the text comes back as it was written.
    let out = run(beredskap(&config, &db).args(["log", "show", "--json"]));
    let note: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(note["payload"]["text"], FORGED);
}

/// A system up by its own checks while one it depends on is down is not listed as "up":
/// `status` says "◆ impacted", as the console does, and lists it before the unaffected.
#[test]
fn status_lists_an_impacted_system_as_impacted_not_up() {
    use beredskap::model::event::NewEvent;
    use beredskap::model::health::Health;
    let dir = tempfile::tempdir().unwrap();
    let config = beredskap::demo::materialize(dir.path(), 1).unwrap();
    let db = dir.path().join("log.db");
    let mut store = beredskap::store::Store::open(&db).unwrap();
    let change = |system: &str, health: Health, impacted_by: &[&str]| NewEvent {
        occurred_at: chrono::Utc::now(),
        actor: "beredskap".into(),
        os_account: "beredskap".into(),
        kind: "system.status_changed".into(),
        subject: format!("system:{system}"),
        corrects: None,
        payload_version: 1,
        origin: beredskap::model::guard::Origin::Machine,
        payload: common::record::change_payload(health, Health::Up, impacted_by),
    };
    store
        .append(change("natverk-norra", Health::Down, &[]))
        .unwrap();
    store
        .append(change("ctg", Health::Up, &["natverk-norra"]))
        .unwrap();
    store.append(change("lab", Health::Up, &[])).unwrap();
    drop(store);
    let out = run(beredskap(&config, &db).arg("status"));
    let text = stdout(&out);
    let line = |id: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} in:\n{text}"))
    };
    let ctg = &text.lines().nth(line("ctg")).unwrap();
    assert!(ctg.contains("◆ impacted"), "{ctg}");
    assert!(
        ctg.contains("impacted by Sjukhusnätverk, Norra sjukhuset"),
        "named as the region names it: {ctg}"
    );
    assert!(
        line("natverk-norra") < line("ctg") && line("ctg") < line("lab"),
        "{text}"
    );
}
