//! `beredskap heartbeat ID [--fail] [--message TEXT]`: a job says it has run. The monitor's
//! heartbeat check of that id reads the last ping; silence past its period and grace, or a
//! ping with `--fail`, is down.

use super::{Cli, Failure, context};
use crate::model::check::CheckKind;
use chrono::Utc;

pub fn ping(cli: &Cli, id: &str, fail: bool, message: &str) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let known: Vec<(&str, &str)> = loaded
        .region
        .systems
        .iter()
        .flat_map(|s| {
            s.checks.iter().filter_map(move |c| match &c.kind {
                CheckKind::Heartbeat { id, .. } => Some((id.as_str(), s.id.as_str())),
                _ => None,
            })
        })
        .collect();
    let Some((_, system)) = known.iter().find(|(k, _)| *k == id) else {
        let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
        return Err(Failure::bad_input(format!(
            "no heartbeat check is named `{id}`\n  = hint: {}",
            if names.is_empty() {
                "add a check with kind = \"heartbeat\" and heartbeat = \"ID\" to a system (docs/monitoring.md)".to_string()
            } else {
                format!("the region's heartbeats: {}", names.join(", "))
            }
        )));
    };
    // Only an account the heartbeat names may ping it: nothing is written otherwise.
    let sender = crate::ops::sender::Sender::for_heartbeat(
        &loaded.region,
        &crate::ops::actor::os_account(),
        cli.as_account.as_deref(),
        id,
    )?;
    // Machine text: an identity number in it is masked, never a reason to lose the ping.
    let message = crate::model::personnummer::mask_identity_numbers(message.trim());
    let mut store = context::open_for_writing(cli, &loaded)?;
    store.ping(id, !fail, &message, &sender.describe(), Utc::now())?;
    eprintln!(
        "{id}: {} recorded for {system}",
        if fail { "failure" } else { "heartbeat" }
    );
    Ok(0)
}
