//! `beredskap monitor`: the service.

use super::args::MonitorArgs;
use super::{Cli, Failure, code, context};
use crate::monitor::service;

pub fn run(cli: &Cli, args: &MonitorArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let store = context::open_for_writing(cli, &loaded)?;
    let log_path = args
        .log_file
        .clone()
        .unwrap_or_else(|| super::logging::state_file("monitor.log"));
    let _guard = super::logging::to_file(&log_path)?;
    let checks: usize = loaded.region.systems.iter().map(|s| s.checks.len()).sum();
    eprintln!(
        "beredskap monitor: {checks} checks, database {}, logging to {}",
        store.path().display(),
        log_path.display()
    );
    let actor = crate::ops::actor::os_account();
    let publish = args.checkpoints || crate::host::secure::enabled();
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
        service::run(
            loaded.region,
            store,
            actor,
            Some(service::INTEGRITY_EVERY),
            publish,
            stop_rx,
        )
        .await
    });
    match result {
        Ok(()) => {
            eprintln!("beredskap monitor: stopped");
            Ok(code::OK)
        }
        Err(e) => Err(e.into()),
    }
}
