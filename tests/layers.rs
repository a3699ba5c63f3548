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

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
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
    for path in files_under(&root.join("crates")) {
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("beredskap::"),
                "{} names the layers above it",
                path.display()
            );
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
    for path in files_under(&root.join("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("rusqlite") || text.contains(".connection()") {
            found.push(path.strip_prefix(root).unwrap().display().to_string());
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

/// The console's router keeps its state to itself (issue 33): no field of `App` is public;
/// the rest reads it through what `tui/app/access.rs` says, and only the router's own
/// handlers (`tui/app/`) change it.
#[test]
fn the_console_router_has_no_public_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("src/tui/app/mod.rs")).unwrap();
    let start = text
        .find("pub struct App {")
        .expect("App is defined in tui/app/mod.rs");
    let body = &text[start..start + text[start..].find("\n}\n").unwrap()];
    let public: Vec<&str> = body
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("pub"))
        .collect();
    assert!(public.is_empty(), "public fields of App: {public:?}");
    // Nothing outside the router implements App's methods (they would need its fields).
    let outside: Vec<String> = files_under(&root.join("src"))
        .into_iter()
        .filter(|p| !p.starts_with(root.join("src/tui/app")))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .any(|l| l.trim_start().starts_with("impl App"))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(outside.is_empty(), "impl App outside tui/app/: {outside:?}");
}

/// The modules of every crate as a graph of their `crate::` and `super::` paths (test
/// modules aside): each module's name and the modules it names.
fn module_graph(src: &Path) -> BTreeMap<String, Vec<String>> {
    let files: Vec<_> = files_under(src)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    let name = |path: &Path| -> Vec<String> {
        let rel = path.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
        if parts
            .last()
            .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
        {
            parts.pop();
        }
        parts
    };
    let modules: std::collections::BTreeSet<Vec<String>> = files.iter().map(|f| name(f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let here = name(file);
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut named = Vec::new();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or_default();
            let parent = here[..here.len().saturating_sub(1)].to_vec();
            for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
                let mut rest = line;
                while let Some(at) = rest.find(prefix) {
                    let before = rest[..at].chars().last();
                    rest = &rest[at + prefix.len()..];
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    let mut base = base.clone();
                    let mut path = rest;
                    while let Some(up) = path.strip_prefix("super::") {
                        base.pop();
                        path = up;
                    }
                    // `use super::{a, b::c}`: each item's first segments.
                    let items: Vec<&str> = match path.strip_prefix('{') {
                        Some(group) => group
                            .split('}')
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .collect(),
                        None => vec![path],
                    };
                    for item in items {
                        let mut full = base.clone();
                        full.extend(item.trim().split("::").map_while(|p| {
                            let p: String = p
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect();
                            (!p.is_empty()
                                && p.chars()
                                    .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_'))
                            .then_some(p)
                        }));
                        while !full.is_empty() && !modules.contains(&full) {
                            full.pop();
                        }
                        if !full.is_empty() && full != here {
                            named.push(full.join("::"));
                        }
                    }
                }
            }
        }
        named.sort();
        named.dedup();
        graph.insert(here.join("::"), named);
    }
    graph
}

/// The modules that name one another in a circle (each circle once).
fn circles(graph: &BTreeMap<String, Vec<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m.clone()) {
                stack.extend(graph.get(&m).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut found: Vec<Vec<String>> = Vec::new();
    for m in graph.keys() {
        if found.iter().any(|c| c.contains(m)) {
            continue;
        }
        let circle: Vec<String> = graph
            .keys()
            .filter(|n| *n == m || (reaches(m, n) && reaches(n, m)))
            .cloned()
            .collect();
        if circle.len() > 1 {
            found.push(circle);
        }
    }
    found
}

/// No two modules of different responsibilities import each other, directly or round a
/// circle (issue 33): what both need goes to a module of its own, below both.
#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        sources.push(entry.unwrap().path().join("src"));
    }
    for src in sources {
        let found = circles(&module_graph(&src));
        assert!(
            found.is_empty(),
            "{}: modules in a circle: {found:?}",
            src.display()
        );
    }
    // The check finds a circle when there is one.
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), vec!["b".to_string()]);
    graph.insert("b".to_string(), vec!["a".to_string()]);
    graph.insert("c".to_string(), vec!["a".to_string()]);
    assert_eq!(circles(&graph), [["a", "b"]]);
}
