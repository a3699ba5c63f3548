//! The schema, the code and docs/configuration.md agree: every key serde accepts is in the
//! section of the docs for its table, and every key the docs list there is accepted. So the
//! docs cannot fall out of date with the code without this failing.

use super::schema::{
    KnownKeys, RawAlertSource, RawCheck, RawEscalation, RawEscalationStep, RawIncidentRole, RawKrt,
    RawMaintenance, RawMonitor, RawPerson, RawReceiver, RawRotation, RawSeverity, RawSite,
    RawStorage, RawSystem, RawTeam, TOP_LEVEL_KEYS,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;

/// The field names serde knows for `T`, read from its "unknown field" error.
fn fields<T: DeserializeOwned + std::fmt::Debug>() -> BTreeSet<String> {
    let err = toml::from_str::<T>("zz_not_a_field = 1").unwrap_err();
    let msg = err.message().to_string();
    let expected = msg
        .split("expected")
        .nth(1)
        .unwrap_or_else(|| panic!("{msg}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn docs() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/configuration.md"
    ))
    .unwrap()
}

/// The text of the section headed `## heading` (up to the next `## `).
fn section<'a>(docs: &'a str, heading: &str) -> &'a str {
    let start = docs
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section `## {heading}` in docs/configuration.md"));
    let body = &docs[start + heading.len() + 5..];
    &body[..body.find("\n## ").unwrap_or(body.len())]
}

/// The keys a section's tables list: the first cell of each row, `| \`key\` |`, with the
/// brackets of `[table]` and `[[list]]` taken off.
fn listed(section: &str) -> BTreeSet<String> {
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` |").map(|(key, _)| key))
        .map(|key| key.trim_matches(['[', ']']).to_string())
        .collect()
}

fn assert_same(heading: &str, code: BTreeSet<String>) {
    let docs = docs();
    let documented = listed(section(&docs, heading));
    let missing: Vec<_> = code.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&code).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/configuration.md, section {heading}: not documented {missing:?}; documented but \
         not accepted {stale:?}"
    );
}

#[test]
fn every_table_s_keys_are_documented_in_its_section_and_nothing_else() {
    assert_same(
        "Top level",
        TOP_LEVEL_KEYS.iter().map(|k| k.to_string()).collect(),
    );
    assert_same("`[site]`", fields::<RawSite>());
    assert_same("`[storage]`", fields::<RawStorage>());
    assert_same("`[[people]]`", fields::<RawPerson>());
    assert_same("`[[teams]]`", fields::<RawTeam>());
    assert_same("`[[teams.rotations]]`", fields::<RawRotation>());
    let mut escalation = fields::<RawEscalation>();
    escalation.extend(fields::<RawEscalationStep>());
    escalation.insert("escalation".into());
    assert_same("`[teams.escalation]`", escalation);
    assert_same("`[[systems]]`", fields::<RawSystem>());
    assert_same("`[[systems.checks]]`", fields::<RawCheck>());
    assert_same("`[monitor]`", fields::<RawMonitor>());
    assert_same("`[[maintenance]]`", fields::<RawMaintenance>());
    assert_same("`[receiver]`", fields::<RawReceiver>());
    assert_same("`[[receiver.sources]]`", fields::<RawAlertSource>());
}

#[test]
fn keys_described_inline_are_all_there() {
    let docs = docs();
    let top = section(&docs, "Top level");
    let row = |key: &str| {
        top.lines()
            .find(|l| l.starts_with(&format!("| `{key}`")))
            .unwrap_or_else(|| panic!("no row for {key}"))
            .to_string()
    };
    for (table, keys) in [
        ("[[severities]]", fields::<RawSeverity>()),
        ("[[incident_roles]]", fields::<RawIncidentRole>()),
    ] {
        let text = row(table);
        for key in keys {
            assert!(text.contains(&format!("`{key}`")), "{table}: `{key}`");
        }
    }
    let systems = section(&docs, "`[[systems]]`");
    for key in fields::<RawKrt>() {
        assert!(systems.contains(&format!("{key} = 0-4")), "krt: {key}");
    }
}

fn same_keys<T: DeserializeOwned + KnownKeys + std::fmt::Debug>() {
    let known: BTreeSet<String> = T::KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(known, fields::<T>(), "{}", std::any::type_name::<T>());
}

#[test]
fn known_keys_match_the_structs() {
    same_keys::<RawSite>();
    same_keys::<RawStorage>();
    same_keys::<RawPerson>();
    same_keys::<RawTeam>();
    same_keys::<RawSystem>();
    same_keys::<RawMonitor>();
    same_keys::<RawMaintenance>();
    same_keys::<RawSeverity>();
    same_keys::<RawIncidentRole>();
    same_keys::<RawReceiver>();
}
