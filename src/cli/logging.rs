//! Logging to a file in the state directory (never to the terminal).

use super::Failure;
use std::path::{Path, PathBuf};
use tracing_subscriber::EnvFilter;

/// `~/.local/state/beredskap/NAME` (or the data directory where there is no state directory).
pub fn state_file(name: &str) -> PathBuf {
    directories::ProjectDirs::from("", "", "beredskap")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .join(name)
        })
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Sends tracing output to `path`; level from `$BEREDSKAP_LOG` (default info). Keep the
/// guard alive while logging.
/// `-` means standard error (for systemd's journal).
pub fn to_file(path: &Path) -> Result<tracing_appender::non_blocking::WorkerGuard, Failure> {
    if path == Path::new("-") {
        let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
        init(writer);
        return Ok(guard);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::system(format!("cannot create {}: {e}", dir.display())))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| {
            Failure::system(format!("cannot open the log file {}: {e}", path.display()))
        })?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    init(writer);
    Ok(guard)
}

fn init(writer: tracing_appender::non_blocking::NonBlocking) {
    let filter =
        EnvFilter::try_from_env("BEREDSKAP_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}
