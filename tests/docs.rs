//! The documents stay true to the code: the export's field table names exactly the schema's
//! fields, and every file the README and operations.md point at exists.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::repo;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

#[test]
fn the_export_field_table_names_the_schema_s_fields() {
    let schema: serde_json::Value = serde_json::from_str(&read("docs/export-schema.json")).unwrap();
    let in_schema: BTreeSet<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let docs = read("docs/lex-maria.md");
    let table = docs
        .split("### The JSON, field by field")
        .nth(1)
        .expect("a field table in docs/lex-maria.md");
    let table = &table[..table.find("\n## ").unwrap_or(table.len())];
    let in_docs: BTreeSet<String> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` |").map(|(k, _)| k.to_string()))
        .collect();
    assert_eq!(in_docs, in_schema);
    let required: BTreeSet<String> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        required, in_schema,
        "the docs say every field is always present"
    );
}

/// Relative links `](path)` and repository paths in backquotes that name a file here.
fn referenced(text: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for part in text.split("](").skip(1) {
        let target = part.split(')').next().unwrap_or("");
        if !target.starts_with("http") && !target.starts_with('#') {
            paths.insert(target.split('#').next().unwrap().to_string());
        }
    }
    for part in text.split('`').skip(1).step_by(2) {
        if (part.starts_with("contrib/") || part.starts_with("docs/") || part.starts_with("tests/"))
            && !part.contains(' ')
        {
            paths.insert(part.to_string());
        }
    }
    paths
}

#[test]
fn the_files_the_docs_point_at_exist() {
    for (doc, base) in [
        ("README.md", ""),
        ("docs/operations.md", "docs/"),
        ("docs/avdelning.md", "docs/"),
        ("docs/lex-maria.md", "docs/"),
    ] {
        let paths = referenced(&read(doc));
        assert!(!paths.is_empty(), "{doc}");
        for path in paths {
            let candidates = [repo().join(base).join(&path), repo().join(&path)];
            assert!(
                candidates.iter().any(|p| p.exists()),
                "{doc} points at {path}, which does not exist"
            );
        }
    }
}

/// The ward's guide names the keys of a run as the console's keymap has them (issue 32:
/// it said `a` aborts the routine; the console uses `x`, and `a` acknowledges a page).
#[test]
fn the_ward_guide_s_run_keys_are_the_keymap_s() {
    use beredskap::tui::action::Action;
    use beredskap::tui::keymap::Keymap;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (keymap, problems) = Keymap::with_overrides(&Default::default());
    assert!(problems.is_empty());
    let guide = read("docs/avdelning.md");
    let mut checked = 0;
    for line in guide.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let [keys, meaning] = cells.as_slice() else {
            continue;
        };
        let wanted = [
            ("avbryt rutinen", Action::RunAbort),
            ("slutför rutinen", Action::RunComplete),
            ("hoppa över", Action::StepSkip),
            ("ångra", Action::StepUndo),
            ("anteckning till steget", Action::StepNote),
            ("steget är klart", Action::StepDone),
        ];
        let Some((_, action)) = wanted.iter().find(|(w, _)| meaning.contains(w)) else {
            continue;
        };
        // The first key in backticks: `x`, `Enter`.
        let key = keys.split('`').nth(1).unwrap_or_default();
        let code = match key {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            k if k.chars().count() == 1 => KeyCode::Char(k.chars().next().unwrap()),
            other => panic!("a key the test cannot read: {other}"),
        };
        assert_eq!(
            keymap.resolve_in(&KeyEvent::new(code, KeyModifiers::NONE), true),
            Some(action.clone()),
            "docs/avdelning.md: `{key}` for «{meaning}»"
        );
        checked += 1;
    }
    assert_eq!(checked, 6, "every run key of the guide's table was found");
}

/// `[keys]` in docs/configuration.md lists every action the console accepts, and nothing
/// it does not (moved here from the configuration's own tests: the console's actions sit
/// above the configuration's crate).
#[test]
fn the_keys_table_lists_every_console_action() {
    let docs = read("docs/configuration.md");
    let row = docs
        .lines()
        .find(|l| l.starts_with("| `[keys]`"))
        .expect("a row for [keys] in docs/configuration.md");
    let actions = row
        .split("Actions:")
        .nth(1)
        .and_then(|s| s.split(". Keys:").next())
        .expect("an `Actions: … . Keys:` list in the [keys] row");
    let listed: BTreeSet<String> = actions
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let code: BTreeSet<String> = beredskap::tui::action::Action::all()
        .iter()
        .map(|a| a.name())
        .collect();
    let missing: Vec<_> = code.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&code).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "[keys] actions: not documented {missing:?}; documented but unknown {stale:?}"
    );
}
