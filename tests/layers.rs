//! The layers point downward (issue 33): each crate of the workspace may depend only on the
//! project's crates below it. The compiler refuses an import of a crate that is not a
//! dependency, and cargo a cycle; this test refuses a new dependency that points up, before
//! anyone builds on it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::collections::BTreeMap;
use std::path::Path;

/// Each layer crate and the project crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("beredskap-model", &[]),
    ("beredskap-host", &["beredskap-model"]),
    ("beredskap-store", &["beredskap-model", "beredskap-host"]),
    ("beredskap-config", &["beredskap-model", "beredskap-host"]),
    // The words know the model; the configuration only for their tests (a real region).
    ("beredskap-i18n", &["beredskap-model", "beredskap-config"]),
    (
        "beredskap-ops",
        &[
            "beredskap-model",
            "beredskap-host",
            "beredskap-store",
            "beredskap-config",
            "beredskap-i18n",
        ],
    ),
];

/// The project's crates a manifest depends on (by path), with its own name.
fn project_dependencies(manifest: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(manifest).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let name = doc["package"]["name"].as_str().unwrap().to_string();
    let mut deps = Vec::new();
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        if let Some(table) = doc.get(section).and_then(|d| d.as_table()) {
            for (dep, spec) in table {
                if spec.get("path").is_some() {
                    deps.push(dep.clone());
                }
            }
        }
    }
    (name, deps)
}

#[test]
fn every_layer_crate_depends_only_on_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        let (name, deps) = project_dependencies(&manifest);
        let Some(may) = allowed.get(name.as_str()) else {
            panic!("{name} is not a known layer: add it to ALLOWED with what it may use");
        };
        for d in &deps {
            assert!(
                may.contains(&d.as_str()),
                "{name} depends on {d}, which is not below it (docs/architecture.md)"
            );
        }
        seen.push(name);
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "beredskap-config",
            "beredskap-host",
            "beredskap-i18n",
            "beredskap-model",
            "beredskap-ops",
            "beredskap-store"
        ]
    );
    // The root package is above every layer crate.
    let (root_name, root_deps) = project_dependencies(&root.join("Cargo.toml"));
    assert_eq!(root_name, "beredskap");
    for (layer, _) in ALLOWED {
        assert!(root_deps.contains(&layer.to_string()), "{layer}");
    }
    // The layer crates' sources name nothing of the main crate.
    let mut stack = vec![root.join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    path.extension().is_none_or(|e| e != "rs") || !text.contains("beredskap::"),
                    "{} names the layers above it",
                    path.display()
                );
            }
        }
    }
}

/// The engine stays inside the store crate (issue 33): the product's code names no
/// `rusqlite` and never reaches the store's raw connection; the main package depends on the
/// engine's library only for its tests and benchmarks, which go behind the log's back.
#[test]
fn the_engine_is_named_only_inside_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("rusqlite") || text.contains(".connection()") {
                    found.push(path.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{found:?} name the engine: ask the store (crates/store) for what it needs"
    );
    let doc: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let deps = doc["dependencies"].as_table().unwrap();
    assert!(
        !deps.contains_key("rusqlite"),
        "the product depends on the engine"
    );
    assert!(
        deps["beredskap-store"].get("features").is_none(),
        "the product enables a store feature meant for tests: {:?}",
        deps["beredskap-store"]
    );
}

/// The console lays text out by display width, through one text module (issue 33): no view
/// counts characters for a width (`model::text::DisplayWidth`, `width`, `cut`, `pad`).
#[test]
fn the_console_views_measure_text_by_display_width() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root.join("src/tui/views")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        if code.contains(".chars().count()") {
            found.push(path.display().to_string());
        }
    }
    assert!(found.is_empty(), "{found:?} count characters for a width");
}
