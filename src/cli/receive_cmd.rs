//! `beredskap receive`: the alert receiver as a service (systemd unit in contrib/). Its
//! sources, token files, address and TLS come from `[receiver]`; `--source`,
//! `--heartbeat-token` and `--listen` add to or override them.

use super::{Cli, Failure, context};
use crate::model::alert_source::{DEFAULT_LISTEN, DEFAULT_PER_MINUTE, SourceFormat};
use crate::receiver::{Receiver, Source};
use std::path::Path;
use std::sync::Arc;

/// Reads a token file: the first line, trimmed. Refused when unreadable or empty; a file
/// others may read is served but warned about (the token is a password).
fn token(path: &Path) -> Result<String, Failure> {
    let text = crate::host::bounded::read_text(path, crate::host::bounded::limit::SECRET).map_err(
        |e| {
            Failure::bad_input(format!(
                "cannot read the token file {}: {e}",
                path.display()
            ))
        },
    )?;
    let token = text.lines().next().unwrap_or_default().trim().to_string();
    if token.is_empty() {
        return Err(Failure::bad_input(format!(
            "the token file {} is empty",
            path.display()
        )));
    }
    if let Some(problem) = crate::config::receiver::secret_file_problem(path) {
        eprintln!("warning: {problem}");
    }
    Ok(token)
}

/// `ID=FILE` or `ID=FILE:PER_MINUTE`: an Alertmanager source.
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
        _ => (rest, DEFAULT_PER_MINUTE),
    };
    Ok(Source {
        id: id.to_string(),
        token: token(Path::new(file))?,
        per_minute,
        format: SourceFormat::Alertmanager,
    })
}

pub fn receive(
    cli: &Cli,
    listen: Option<&str>,
    flags: &[String],
    heartbeat_token: Option<&Path>,
) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let settings = &loaded.region.receiver;
    let listen: std::net::SocketAddr = match listen {
        Some(l) => l
            .parse()
            .map_err(|_| Failure::bad_input(format!("`{l}` is not ADDRESS:PORT")))?,
        None => settings.listen.unwrap_or_else(|| {
            DEFAULT_LISTEN
                .parse()
                .unwrap_or(([127, 0, 0, 1], 9095).into())
        }),
    };
    let mut sources = Vec::new();
    for s in &settings.sources {
        // A source without a token file is for `beredskap ingest` by its senders only.
        let Some(token_file) = &s.token_file else {
            tracing::info!("source {} has no token_file: not served over HTTP", s.id);
            continue;
        };
        sources.push(Source {
            id: s.id.clone(),
            token: token(token_file)?,
            per_minute: s.per_minute,
            format: s.format.clone(),
        });
    }
    for spec in flags {
        let s = source(spec)?;
        sources.retain(|o: &Source| o.id != s.id);
        sources.push(s);
    }
    let heartbeat = heartbeat_token
        .or(settings.heartbeat_token_file.as_deref())
        .map(|p| {
            Ok::<_, Failure>(Source {
                id: "heartbeat".into(),
                token: token(p)?,
                per_minute: DEFAULT_PER_MINUTE,
                format: SourceFormat::Alertmanager,
            })
        })
        .transpose()?;
    if sources.is_empty() && heartbeat.is_none() {
        return Err(Failure::bad_input(
            "nothing to receive: configure [[receiver.sources]] (docs/alerts.md), or give \
             --source ID=TOKEN_FILE and/or --heartbeat-token FILE",
        ));
    }
    let tls = settings
        .tls
        .as_ref()
        .map(crate::receiver::tls::acceptor)
        .transpose()
        .map_err(Failure::bad_input)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    // An alert never waits long for another process's write lock (ops::owed).
    store
        .set_busy_timeout(crate::ops::owed::ALARM_WAIT)
        .map_err(Failure::from)?;
    let receiver = Arc::new(Receiver::new(
        loaded.region.clone(),
        store,
        sources,
        heartbeat,
    ));
    let rt = super::runtime()?;
    rt.block_on(crate::receiver::serve(receiver, listen, tls))
        .map_err(|e| Failure::system(format!("cannot listen on {listen}: {e}")))?;
    Ok(0)
}
