//! A test region's configuration with `[storage] engine = "postgres"` (issue 34), shared by
//! the tests (`common::engine`) and the benchmarks (`benches/year.rs`).

use beredskap::store::remote::RemoteConfig;
use std::path::{Path, PathBuf};

/// The region at `from` with `[storage] engine = "postgres"`, written into `dir` (its
/// runbooks directory and included files made absolute; the password file `pg-password`
/// beside it).
pub fn with_log_of_record(dir: &Path, from: &Path, config: &RemoteConfig) -> PathBuf {
    let text = std::fs::read_to_string(from).unwrap();
    let base = from.parent().unwrap_or(Path::new("."));
    let absolute = |p: &str| toml::Value::String(base.join(p).display().to_string());
    let mut table: toml::Table = text.parse().unwrap();
    if let Some(toml::Value::Array(files)) = table.get_mut("include") {
        for f in files.iter_mut() {
            if let Some(p) = f.as_str() {
                *f = absolute(p);
            }
        }
    }
    if let Some(site) = table.get_mut("site").and_then(toml::Value::as_table_mut)
        && let Some(runbooks) = site.get("runbooks_dir").and_then(toml::Value::as_str)
    {
        let runbooks = absolute(runbooks);
        site.insert("runbooks_dir".into(), runbooks);
    }
    let mut storage = toml::Table::new();
    storage.insert("engine".into(), "postgres".into());
    storage.insert("postgres".into(), config.conninfo.clone().into());
    storage.insert("password_file".into(), "pg-password".into());
    table.insert("storage".into(), toml::Value::Table(storage));
    let path = dir.join("beredskap.toml");
    std::fs::write(&path, toml::to_string(&table).unwrap()).unwrap();
    path
}
