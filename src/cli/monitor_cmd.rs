//! `beredskap monitor`: the service.

use super::args::MonitorArgs;
use super::{Cli, Failure, code, context};
use crate::monitor::service;
use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

fn default_log_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "beredskap")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .join("monitor.log")
        })
        .unwrap_or_else(|| PathBuf::from("beredskap-monitor.log"))
}

pub fn run(cli: &Cli, args: &MonitorArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let store = context::open_for_writing(cli, &loaded)?;
    let log_path = args.log_file.clone().unwrap_or_else(default_log_path);
    if let Some(dir) = log_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::system(format!("cannot create {}: {e}", dir.display())))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(|e| {
            Failure::system(format!(
                "cannot open the log file {}: {e}",
                log_path.display()
            ))
        })?;
    let (writer, _guard) = tracing_appender::non_blocking(file);
    let filter =
        EnvFilter::try_from_env("BEREDSKAP_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    let checks: usize = loaded.region.systems.iter().map(|s| s.checks.len()).sum();
    eprintln!(
        "beredskap monitor: {checks} checks, database {}, logging to {}",
        store.path().display(),
        log_path.display()
    );
    let actor = crate::ops::actor::os_account();
    let rt = super::runtime()?;
    let result = rt.block_on(async move {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
                signal(SignalKind::hangup()),
            ) else {
                return;
            };
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
                _ = hup.recv() => {}
            }
            tracing::info!("signal received; stopping");
            let _ = stop_tx.send(true);
        });
        service::run(loaded.region, store, actor, stop_rx).await
    });
    match result {
        Ok(()) => {
            eprintln!("beredskap monitor: stopped");
            Ok(code::OK)
        }
        Err(e) => Err(e.into()),
    }
}
