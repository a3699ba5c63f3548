//! The cache of the validated configuration (issue 16): a large region loads from it only
//! while every file, include pattern and runbook it was made from is unchanged, and what
//! loads from it is exactly what a full load gives.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use beredskap::config::{self, cache};
use common::{beredskap, repo, run, stdout};
use std::path::{Path, PathBuf};

/// The demo region with `extra` generated systems (in `systems/extra.toml`) and its own copy
/// of the runbooks, in `dir`; returns the main file.
fn big_region(dir: &Path, extra: usize) -> PathBuf {
    let main = beredskap::demo::materialize(dir, 47800).unwrap();
    let runbooks = dir.join("runbooks");
    std::fs::create_dir_all(&runbooks).unwrap();
    for e in std::fs::read_dir(repo().join("runbooks")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, runbooks.join(p.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(&main).unwrap();
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("runbooks_dir") {
                format!("runbooks_dir = \"{}\"", runbooks.display())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&main, text).unwrap();
    let mut systems = String::new();
    for i in 0..extra {
        systems.push_str(&format!(
            "\n[[systems]]\nid = \"sys-{i:04}\"\nname = \"Verksamhetssystem {i}\"\ncategory = \"it\"\n\
             criticality = \"normal\"\nkrt = {{ confidentiality = 2, integrity = 2, availability = 3 }}\n\
             owner_team = \"it-drift\"\ndepends_on = [\"karnnat\"]\n\n[[systems.checks]]\nkind = \"http\"\n\
             url = \"http://127.0.0.1:47800/sys-{i:04}/health\"\ninterval = \"30s\"\njson_pointer = \"/status\"\njson_equals = \"UP\"\n"
        ));
    }
    std::fs::write(main.parent().unwrap().join("systems/extra.toml"), systems).unwrap();
    main
}

fn same(a: &config::Loaded, b: &config::Loaded) -> bool {
    format!("{:?}", a.region) == format!("{:?}", b.region)
        && a.files == b.files
        && format!("{:?}", a.warnings) == format!("{:?}", b.warnings)
}

#[test]
fn a_cached_region_is_the_region_and_any_change_on_disk_refuses_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let main = big_region(dir.path(), 800);
    let store = dir.path().join("cache");
    std::fs::create_dir(&store).unwrap();
    let file = store.join("config.cache");
    let fresh = config::load(&main).unwrap();
    assert!(fresh.region.systems.len() > 800);
    cache::write(&file, &main, &fresh, false);
    let cached = cache::read(&file, &main, false).expect("the cache is used");
    assert!(
        same(&fresh, &cached),
        "the cache gives exactly the full load"
    );
    assert!(
        cached.region.systems.iter().any(|s| s.checks.iter().any(|c| matches!(
            &c.kind,
            beredskap::model::check::CheckKind::Http(h) if h.json.as_ref().is_some_and(|(_, v)| v == "UP")
        ))),
        "a check's expected JSON survives the cache"
    );
    assert!(
        cache::read(&file, &main, true).is_none(),
        "a cache written outside secure mode is not one for secure mode"
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o770)).unwrap();
    cache::write(&file, &main, &fresh, true);
    assert!(
        cache::read(&file, &main, true).is_some(),
        "a cache in a directory of root's that nobody else may enter is trusted in secure mode"
    );
    cache::write(&file, &main, &fresh, false);

    // An edited include, a new file matching an include pattern, a changed runbook, a
    // changed main file: each refuses the cache (a full load follows).
    let extra = main.parent().unwrap().join("systems/extra.toml");
    let original = std::fs::read_to_string(&extra).unwrap();
    std::fs::write(
        &extra,
        original.replacen("Verksamhetssystem 7\"", "Verksamhetssystem sju\"", 1),
    )
    .unwrap();
    assert!(
        cache::read(&file, &main, false).is_none(),
        "an edited include"
    );
    std::fs::write(&extra, &original).unwrap();
    assert!(cache::read(&file, &main, false).is_some(), "back as it was");

    let added = main.parent().unwrap().join("systems/zz-new.toml");
    std::fs::write(&added, "").unwrap();
    assert!(
        cache::read(&file, &main, false).is_none(),
        "a new included file"
    );
    std::fs::remove_file(&added).unwrap();
    assert!(cache::read(&file, &main, false).is_some());

    let runbook = dir.path().join("runbooks/lab-nere.md");
    let text = std::fs::read_to_string(&runbook).unwrap();
    std::fs::write(
        &runbook,
        text.replacen("id = \"lab-nere\"", "id = \"labb-nere\"", 1),
    )
    .unwrap();
    assert!(
        cache::read(&file, &main, false).is_none(),
        "a changed runbook"
    );
    std::fs::write(&runbook, &text).unwrap();
    assert!(cache::read(&file, &main, false).is_some());

    // Secure mode trusts it only where only the trusted writer reaches.
    cache::write(&file, &main, &fresh, true);
    assert!(cache::read(&file, &main, true).is_some());
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        cache::read(&file, &main, true).is_none(),
        "a directory others may enter"
    );
    cache::write(&file, &main, &fresh, false);
    assert!(cache::read(&file, &main, false).is_some());

    // A cache that does not read is a full load, never an error.
    std::fs::write(&file, b"not a cache").unwrap();
    assert!(cache::read(&file, &main, false).is_none());
    // A symbolic link is never followed.
    std::fs::remove_file(&file).unwrap();
    let elsewhere = dir.path().join("elsewhere.cache");
    cache::write(&elsewhere, &main, &fresh, false);
    std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    assert!(cache::read(&elsewhere, &main, false).is_some());
    assert!(cache::read(&file, &main, false).is_none(), "a planted link");
}

#[test]
fn a_small_region_is_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let main = big_region(dir.path(), 0);
    let file = dir.path().join("config.cache");
    cache::write(&file, &main, &config::load(&main).unwrap(), false);
    assert!(!file.exists());
}

/// Through the program: the second command reads the cache, and an edit shows at once.
#[test]
fn the_program_uses_the_cache_and_sees_an_edit_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let main = big_region(dir.path(), 800);
    let db = dir.path().join("log.db");
    let caches = dir.path().join("xdg-cache");
    let status = || {
        let o = run(beredskap(&main, &db)
            .env("XDG_CACHE_HOME", &caches)
            .args(["--as", "op.tekla", "status", "--json"]));
        // 1: no monitor has reported yet (the figures are not what this test is about).
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            common::stderr(&o)
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        json["systems"].to_string()
    };
    let o = run(beredskap(&main, &db).env("XDG_CACHE_HOME", &caches).args([
        "--as",
        "op.tekla",
        "log",
        "note",
        "Skiftbyte",
    ]));
    assert!(o.status.success(), "{}", common::stderr(&o));
    let cached: Vec<_> = std::fs::read_dir(caches.join("beredskap"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    let first = status();
    assert_eq!(status(), first, "the same answer from the cache");
    let extra = main.parent().unwrap().join("systems/extra.toml");
    let text = std::fs::read_to_string(&extra).unwrap();
    std::fs::write(
        &extra,
        text.replacen("Verksamhetssystem 7\"", "Verksamhetssystem sju\"", 1),
    )
    .unwrap();
    let after = status();
    assert!(after.contains("Verksamhetssystem sju"), "{after}");
    assert!(!first.contains("Verksamhetssystem sju"));
}
