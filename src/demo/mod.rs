//! `beredskap demo`: the demo region against a simulated region on 127.0.0.1, with the
//! console and the monitor running. Nothing to set up.

pub mod files;
pub mod scenario;
pub mod script;
pub mod simulator;

use std::path::{Path, PathBuf};

/// Writes the demo region to `dir`, pointing its checks at `port`; returns the main file.
pub fn materialize(dir: &Path, port: u16) -> std::io::Result<PathBuf> {
    for (path, text) in files::FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(
            &target,
            text.replace(files::PLACEHOLDER_PORT, &port.to_string()),
        )?;
    }
    Ok(dir.join(files::MAIN_CONFIG))
}
