//! HTTP(S): status, body (read up to 1 MiB), content and JSON checks, response time,
//! certificate expiry.

use super::{ms, root_cause};
use crate::model::check::{BODY_CAP, HttpCheck};
use crate::model::finding::Finding;
use crate::model::health::Verdict;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Clients shared between probes, one per combination of TLS verification, redirect limit
/// and connect timeout (reqwest fixes these per client). Connections are pooled.
#[derive(Default)]
pub struct HttpClients {
    clients: Mutex<HashMap<(bool, u32, u128), reqwest::Client>>,
}

impl HttpClients {
    fn get(&self, check: &HttpCheck) -> Result<reqwest::Client, String> {
        let key = (
            check.verify_tls,
            check.max_redirects,
            check.connect_timeout.as_millis(),
        );
        let mut clients = self
            .clients
            .lock()
            .map_err(|_| "client cache poisoned".to_string())?;
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let mut builder = reqwest::Client::builder();
        if crate::host::secure::enabled() {
            // The deployed install: the caller's $HTTPS_PROXY must not answer the checks.
            builder = builder.no_proxy();
        }
        let client = builder
            .user_agent(concat!("beredskap/", env!("CARGO_PKG_VERSION")))
            .danger_accept_invalid_certs(!check.verify_tls)
            .redirect(redirects(check.max_redirects as usize))
            .connect_timeout(check.connect_timeout)
            .tls_info(true)
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| root_cause(&e))?;
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// Follows at most `max` redirects and stops at the first one back to an address already
/// visited: a loop is said as a loop, with its chain, before another request is made (a
/// server that closes each connection made the loop's second request end as "connection
/// reset by peer").
fn redirects(max: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().contains(attempt.url()) {
            let first = attempt.previous().first().cloned();
            let shown = |u: &reqwest::Url| match &first {
                Some(f) if f.origin() == u.origin() => match u.query() {
                    Some(q) => format!("{}?{q}", u.path()),
                    None => u.path().to_string(),
                },
                _ => u.to_string(),
            };
            let chain: Vec<String> = attempt
                .previous()
                .iter()
                .chain(std::iter::once(attempt.url()))
                .map(shown)
                .collect();
            attempt.error(LoopChain(chain))
        } else if attempt.previous().len() > max {
            attempt.error(format!("more than {max}"))
        } else {
            attempt.follow()
        }
    })
}

/// The redirect policy's loop, with its chain: handed to the library as an error and found
/// again in the request's error by its type.
#[derive(Debug)]
struct LoopChain(Vec<String>);

impl std::fmt::Display for LoopChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect loop: {}", self.0.join(" → "))
    }
}

impl std::error::Error for LoopChain {}

/// The redirect loop behind a request's error, if that is what stopped it.
fn redirect_loop<'e>(e: &'e (dyn std::error::Error + 'static)) -> Option<&'e LoopChain> {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if let Some(chain) = c.downcast_ref::<LoopChain>() {
            return Some(chain);
        }
        cause = c.source();
    }
    None
}

/// What a failed request found.
fn explain(e: &reqwest::Error, timeout: Duration) -> Finding {
    let cause = root_cause(e);
    if e.is_timeout() {
        Finding::NoAnswerWithin {
            timeout_ms: ms(timeout),
        }
    } else if let Some(LoopChain(chain)) = redirect_loop(e) {
        Finding::RedirectLoop {
            chain: chain.clone(),
        }
    } else if e.is_redirect() {
        Finding::TooManyRedirects { cause }
    } else if cause.contains("certificate")
        || cause.contains("Certificate")
        || cause.contains("tls")
    {
        Finding::Tls { cause }
    } else if e.is_connect() {
        Finding::CannotConnect { to: None, cause }
    } else {
        Finding::Failed { cause }
    }
}

pub async fn probe(
    check: &HttpCheck,
    timeout: Duration,
    clients: &HttpClients,
) -> (Verdict, Finding) {
    let client = match clients.get(check) {
        Ok(c) => c,
        Err(cause) => return (Verdict::Unknown, Finding::NoHttpClient { cause }),
    };
    let method =
        reqwest::Method::from_bytes(check.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut request = client.request(method, &check.url).timeout(timeout);
    for (k, v) in &check.headers {
        request = request.header(k, v);
    }
    let start = Instant::now();
    let mut response = match request.send().await {
        Ok(r) => r,
        Err(e) => return (Verdict::Fail, explain(&e, timeout)),
    };
    let status = response.status();
    let cert_days = response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .and_then(days_until_expiry);
    let mut body: Vec<u8> = Vec::new();
    let mut truncated = false;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = BODY_CAP - body.len();
                if chunk.len() >= room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                return (
                    Verdict::Fail,
                    Finding::ReadingBody {
                        cause: Box::new(explain(&e, timeout)),
                    },
                );
            }
        }
    }
    drop(response);
    let latency = start.elapsed();

    let status_ok = if check.expect_status.is_empty() {
        status.is_success()
    } else {
        check.expect_status.contains(&status.as_u16())
    };
    if !status_ok {
        return (
            Verdict::Fail,
            Finding::HttpStatus {
                status: status.to_string(),
                url: check.url.clone(),
            },
        );
    }
    if let Some(needle) = &check.body_contains
        && !String::from_utf8_lossy(&body).contains(needle.as_str())
    {
        return (
            Verdict::Fail,
            Finding::BodyLacks {
                needle: needle.clone(),
                capped: truncated,
            },
        );
    }
    if let Some((pointer, expected)) = &check.json {
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return (
                    Verdict::Fail,
                    Finding::BodyNotJson {
                        capped: truncated,
                        cause: e.to_string(),
                    },
                );
            }
        };
        match value.pointer(pointer) {
            Some(found) if found == expected => {}
            Some(found) => {
                return (
                    Verdict::Fail,
                    Finding::JsonValue {
                        pointer: pointer.clone(),
                        found: found.to_string(),
                        expected: expected.to_string(),
                    },
                );
            }
            None => {
                return (
                    Verdict::Fail,
                    Finding::JsonMissing {
                        pointer: pointer.clone(),
                    },
                );
            }
        }
    }
    if let Some(days) = cert_days {
        if days < 0 {
            return (
                Verdict::Fail,
                Finding::CertificateExpired { days_ago: -days },
            );
        }
        if days < i64::from(check.cert_warning_days) {
            return (
                Verdict::Warn,
                Finding::CertificateExpires {
                    days,
                    status: status.to_string(),
                    latency_ms: ms(latency),
                },
            );
        }
    }
    if let Some(limit) = check.degraded_above
        && latency > limit
    {
        return (
            Verdict::Warn,
            Finding::Slow {
                latency_ms: ms(latency),
                limit_ms: ms(limit),
                status: status.to_string(),
            },
        );
    }
    (
        Verdict::Ok,
        Finding::HttpOk {
            status: status.to_string(),
            latency_ms: ms(latency),
            capped: truncated,
        },
    )
}

/// Whole days until a DER certificate's notAfter (negative when expired).
fn days_until_expiry(der: &[u8]) -> Option<i64> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let not_after = cert.validity().not_after.timestamp();
    let now = chrono::Utc::now().timestamp();
    Some((not_after - now).div_euclid(86_400))
}
