//! The runbook index: which runbook ids exist in the runbooks directory. A runbook is a
//! Markdown file that starts with TOML front matter between `+++` lines holding its `id`
//! (see docs/runbook-format.md). Only the ids are read here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runbook id → file.
pub fn index(dir: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(id) = front_matter_id(&text) {
            out.entry(id).or_insert(path);
        }
    }
    Ok(out)
}

/// The `id` in a file's `+++` front matter.
pub fn front_matter_id(text: &str) -> Option<String> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix('\n')
        .or_else(|| rest.strip_prefix("\r\n"))?;
    let end = rest.find("\n+++")?;
    let table: toml::Table = toml::from_str(&rest[..end]).ok()?;
    table.get("id")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_id_from_front_matter() {
        let text = "+++\nid = \"pas-nere\"\ntitle = \"x\"\n+++\n# Rubrik\n";
        assert_eq!(front_matter_id(text), Some("pas-nere".into()));
        assert_eq!(front_matter_id("# no front matter"), None);
        assert_eq!(front_matter_id("+++\ntitle = 1\n+++\n"), None);
    }
}
