//! The alert receiver (`beredskap receive`): an HTTP listener (hyper on tokio, TLS with
//! rustls when configured) for the region's monitoring — alerts at `POST /alerts/SOURCE`
//! (Alertmanager's webhook or a JSON webhook read with the source's pointers;
//! `/alertmanager/SOURCE` is the same), heartbeats at `POST /heartbeat/ID` — on 127.0.0.1
//! by default. Every request needs its source's bearer token (read from a file, compared in
//! constant time); bodies are capped at 1 MiB and each source has a rate; the answers are
//! short and plain: 200, 400, 401, 404, 413, 429, 500. It writes through the same core
//! operations and the same log as every command, one transaction a request (a group of
//! alerts together); it never panics on any input.

pub mod limits;
pub mod tls;

use crate::model::alert_source::SourceFormat;

use crate::model::region::Region;
use crate::store::Store;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The most a request body may be.
pub const BODY_CAP: usize = 1 << 20;

/// One source the receiver accepts.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub token: String,
    pub per_minute: u32,
    pub format: SourceFormat,
}

/// What the receiver serves with.
pub struct Receiver {
    pub region: Region,
    /// The region's alert checks, their selectors parsed once.
    pub mapping: crate::ops::alert::Mapping,
    pub store: Mutex<Store>,
    pub sources: HashMap<String, Source>,
    /// The token heartbeats are pinged with (`POST /heartbeat/ID`); none: not served.
    pub heartbeat: Option<Source>,
    buckets: Mutex<HashMap<String, limits::Bucket>>,
}

impl Receiver {
    pub fn new(
        region: Region,
        store: Store,
        sources: Vec<Source>,
        heartbeat: Option<Source>,
    ) -> Receiver {
        Receiver {
            mapping: crate::ops::alert::Mapping::of(&region),
            region,
            store: Mutex::new(store),
            sources: sources.into_iter().map(|s| (s.id.clone(), s)).collect(),
            heartbeat,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Within the source's rate for this client, and the source's rate over all its
    /// clients (ten times as many): one client flooding a source's token no longer uses up
    /// what its other clients (the real Alertmanager) may send.
    fn within_rate(&self, source: &Source, client: Option<std::net::IpAddr>) -> bool {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = std::time::Instant::now();
        let client_key = format!(
            "{}@{}",
            source.id,
            client.map_or_else(|| "?".to_string(), |c| c.to_string())
        );
        buckets
            .entry(client_key)
            .or_insert_with(|| limits::Bucket::new(source.per_minute))
            .take(now)
            && buckets
                .entry(source.id.clone())
                .or_insert_with(|| limits::Bucket::new(source.per_minute.saturating_mul(10)))
                .take(now)
    }
}

fn plain(status: StatusCode, text: impl Into<String>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(format!("{}\n", text.into()))));
    *r.status_mut() = status;
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// Serves until the listener fails, over TLS when given an acceptor. Says where it listens
/// on standard error first.
pub async fn serve(
    receiver: Arc<Receiver>,
    listen: SocketAddr,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    // What was accepted while the log was held goes in once it lets go.
    {
        let receiver = receiver.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let r = receiver.clone();
                let _ = tokio::task::spawn_blocking(move || record_owed(&r)).await;
            }
        });
    }
    eprintln!(
        "beredskap receive: listening on {}{}",
        listener.local_addr()?,
        if tls.is_some() { " (TLS)" } else { "" }
    );
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("accept: {e}");
                continue;
            }
        };
        let receiver = receiver.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => connection(receiver, stream, Some(peer)).await,
                Some(acceptor) => {
                    let shake = std::time::Duration::from_secs(10);
                    match tokio::time::timeout(shake, acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => connection(receiver, stream, Some(peer)).await,
                        Ok(Err(e)) => tracing::debug!("TLS handshake: {e}"),
                        Err(_) => tracing::debug!("TLS handshake: timed out"),
                    }
                }
            }
        });
    }
}

/// Serves one connection's requests.
async fn connection<S>(receiver: Arc<Receiver>, stream: S, peer: Option<SocketAddr>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| {
        let receiver = receiver.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(receiver, req, peer).await) }
    });
    let served = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(std::time::Duration::from_secs(10))
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
        .await;
    if let Err(e) = served {
        tracing::debug!("connection: {e}");
    }
}

/// One request from `peer` → its answer.
pub async fn handle(
    receiver: Arc<Receiver>,
    req: Request<Incoming>,
    peer: Option<SocketAddr>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if req.method() == hyper::Method::GET && path == "/health" {
        return plain(StatusCode::OK, "ok");
    }
    if req.method() != hyper::Method::POST {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "POST only");
    }
    let (source, what) = match parts.as_slice() {
        ["alerts" | "alertmanager", source] => match receiver.sources.get(*source) {
            Some(s) => (s.clone(), Route::Alerts),
            None => return plain(StatusCode::NOT_FOUND, "unknown source"),
        },
        ["heartbeat", id] => match &receiver.heartbeat {
            Some(s) => (s.clone(), Route::Heartbeat(id.to_string())),
            None => return plain(StatusCode::NOT_FOUND, "heartbeats are not received here"),
        },
        _ => return plain(StatusCode::NOT_FOUND, "no such endpoint"),
    };
    let auth = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !limits::token_ok(auth, &source.token) {
        return plain(StatusCode::UNAUTHORIZED, "a bearer token is needed");
    }
    if !receiver.within_rate(&source, peer.map(|p| p.ip())) {
        return plain(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; slow down",
        );
    }
    let body = match Limited::new(req.into_body(), BODY_CAP).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "the body is over 1 MiB");
        }
        Err(_) => return plain(StatusCode::BAD_REQUEST, "the body could not be read"),
    };
    // Who sent it, as the log records it: the source its token proves, the client's address.
    let sender = crate::ops::sender::Sender::receiver(
        &source.id,
        &crate::ops::actor::os_account(),
        peer.map(|p| p.to_string()),
    );
    let done = tokio::task::spawn_blocking(move || {
        write(&receiver, &source, &sender, what, &body, &query)
    })
    .await;
    match done {
        Ok(r) => r,
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "the write stopped"),
    }
}

/// The log is held by another process past the alarm path's bound: the alerts are kept in
/// the service's spool (the monitor's alert checks read them there) and recorded when the
/// log lets go; the sender is told they are accepted. Without a spool: 503, so it retries.
fn owe_alerts(
    store: &Store,
    source: &Source,
    sender: &crate::ops::sender::Sender,
    alerts: Vec<crate::model::alert::Received>,
    now: chrono::DateTime<chrono::Utc>,
) -> Response<Full<Bytes>> {
    let holder = crate::store::lock_holder::write_lock_holder(store.path())
        .map_or_else(|| "another process".to_string(), |h| h.to_string());
    let kept = crate::ops::spool::Spool::open(store.path()).and_then(|spool| {
        let key = spool.new_key(now);
        spool.put(&crate::ops::spool::Owed::Alerts {
            key,
            source: source.id.clone(),
            sender: crate::ops::spool::SentBy {
                account: sender.account.clone(),
                os_account: sender.os_account.clone(),
                address: sender.address.clone(),
            },
            alerts: alerts.clone(),
            at: now,
        })
    });
    match kept {
        Ok(()) => {
            tracing::warn!(
                "{} alert(s) from {} kept to record later: the log is held by {holder}",
                alerts.len(),
                source.id
            );
            plain(
                StatusCode::ACCEPTED,
                format!(
                    "accepted: {} alert(s); the log is held by {holder}, they are recorded when \
                     it lets go (the monitor sees them now)",
                    alerts.len()
                ),
            )
        }
        Err(e) => {
            tracing::error!(
                "alerts from {} could not be kept ({e}): the sender will retry",
                source.id
            );
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the log is held by {holder}; retry"),
            )
        }
    }
}

/// Records what the spool owes the log, when it owes anything (a tick of the receiver's).
pub fn record_owed(receiver: &Receiver) {
    let mut store = receiver
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(spool) = crate::ops::spool::Spool::existing(store.path()) else {
        return;
    };
    if spool.is_empty() {
        return;
    }
    match crate::ops::owed::record_owed(&mut store, &spool, &receiver.region) {
        Ok(n) if n > 0 => tracing::info!("recorded {n} entr(ies) the log was owed"),
        Ok(_) => {}
        Err(e) if e.is_busy() => {}
        Err(e) => tracing::error!("could not record what the spool owes the log: {e}"),
    }
}

enum Route {
    Alerts,
    Heartbeat(String),
}

fn write(
    receiver: &Receiver,
    source: &Source,
    sender: &crate::ops::sender::Sender,
    route: Route,
    body: &[u8],
    query: &str,
) -> Response<Full<Bytes>> {
    let mut store = receiver
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let now = chrono::Utc::now();
    match route {
        Route::Alerts => {
            let read = match &source.format {
                SourceFormat::Alertmanager => crate::model::alert::alertmanager(body)
                    .map(|(a, _)| a)
                    .map_err(|e| e.to_string()),
                SourceFormat::Webhook(fields) => {
                    crate::model::webhook::received(body, fields).map_err(|e| e.to_string())
                }
            };
            let alerts = match read {
                Ok(a) => a,
                Err(e) => return plain(StatusCode::BAD_REQUEST, e),
            };
            let received = crate::ops::alert::receive(
                &mut store,
                &receiver.mapping,
                sender,
                &source.id,
                &alerts,
                now,
            );
            if let Err(crate::ops::OpError::Store(e)) = &received
                && e.is_busy()
            {
                return owe_alerts(&store, source, sender, alerts, now);
            }
            match received {
                Ok(r) => plain(
                    StatusCode::OK,
                    format!(
                        "ok: {} alert(s), {} changed, {} unmapped",
                        r.alerts, r.changed, r.unmapped
                    ),
                ),
                Err(e) => {
                    tracing::error!("writing alerts from {}: {e}", source.id);
                    plain(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the log could not be written",
                    )
                }
            }
        }
        Route::Heartbeat(id) => {
            let known = receiver.region.systems.iter().any(|s| {
                s.checks.iter().any(|c| {
                    matches!(&c.kind, crate::model::check::CheckKind::Heartbeat { id: h, .. } if *h == id)
                })
            });
            if !known {
                return plain(StatusCode::NOT_FOUND, "no heartbeat check has this id");
            }
            let fail = query.split('&').any(|q| q == "fail" || q == "fail=1");
            let message = crate::model::personnummer::mask_identity_numbers(
                String::from_utf8_lossy(body).trim(),
            );
            let message: String = message.chars().take(500).collect();
            let from = match &sender.address {
                Some(a) => format!("receiver {a}"),
                None => "receiver".to_string(),
            };
            match store.ping(&id, !fail, &message, &from, now) {
                Ok(()) => plain(StatusCode::OK, "ok"),
                Err(e) => {
                    tracing::error!("writing heartbeat {id}: {e}");
                    plain(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the log could not be written",
                    )
                }
            }
        }
    }
}
