//! `beredskap receive`: the alert receiver as a service (systemd unit in contrib/).

use super::{Cli, Failure, context};
use crate::receiver::{Receiver, Source};
use std::path::Path;
use std::sync::Arc;

/// Reads a token file: the first line, trimmed. Refused when unreadable or empty; a file
/// others may read is served but warned about (the token is a password).
fn token(path: &Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::bad_input(format!(
            "cannot read the token file {}: {e}",
            path.display()
        ))
    })?;
    let token = text.lines().next().unwrap_or_default().trim().to_string();
    if token.is_empty() {
        return Err(Failure::bad_input(format!(
            "the token file {} is empty",
            path.display()
        )));
    }
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o004 != 0
    {
        eprintln!(
            "warning: every account on this machine can read the token file {} (chmod o-r it)",
            path.display()
        );
    }
    Ok(token)
}

/// `ID=FILE` or `ID=FILE:PER_MINUTE`.
fn source(spec: &str) -> Result<Source, Failure> {
    let (id, rest) = spec.split_once('=').ok_or_else(|| {
        Failure::bad_input(format!(
            "`{spec}` is not ID=TOKEN_FILE (e.g. alertmanager=/etc/beredskap/tokens/alertmanager)"
        ))
    })?;
    if !crate::model::check::heartbeat_id_ok(id) {
        return Err(Failure::bad_input(format!("`{id}` is not a source name")));
    }
    let (file, per_minute) = match rest.rsplit_once(':') {
        Some((f, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => (
            f,
            n.parse()
                .map_err(|_| Failure::bad_input(format!("`{n}` is not a rate per minute")))?,
        ),
        _ => (rest, 600),
    };
    Ok(Source {
        id: id.to_string(),
        token: token(Path::new(file))?,
        per_minute,
    })
}

pub fn receive(
    cli: &Cli,
    listen: &str,
    sources: &[String],
    heartbeat_token: Option<&Path>,
) -> Result<u8, Failure> {
    let listen: std::net::SocketAddr = listen
        .parse()
        .map_err(|_| Failure::bad_input(format!("`{listen}` is not ADDRESS:PORT")))?;
    let sources = sources
        .iter()
        .map(|s| source(s))
        .collect::<Result<Vec<_>, _>>()?;
    let heartbeat = heartbeat_token
        .map(|p| {
            Ok::<_, Failure>(Source {
                id: "heartbeat".into(),
                token: token(p)?,
                per_minute: 600,
            })
        })
        .transpose()?;
    if sources.is_empty() && heartbeat.is_none() {
        return Err(Failure::bad_input(
            "nothing to receive: give --source ID=TOKEN_FILE and/or --heartbeat-token FILE",
        ));
    }
    let loaded = context::load_config(cli)?;
    let store = context::open_for_writing(cli, &loaded)?;
    let receiver = Arc::new(Receiver::new(
        loaded.region.clone(),
        store,
        sources,
        heartbeat,
    ));
    let rt = super::runtime()?;
    rt.block_on(crate::receiver::serve(receiver, listen))
        .map_err(|e| Failure::system(format!("cannot listen on {listen}: {e}")))?;
    Ok(0)
}
