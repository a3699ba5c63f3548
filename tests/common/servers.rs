//! Real servers on 127.0.0.1 for probe tests: a small HTTP/1.1 server with misbehaving
//! paths, a listener that accepts and never answers, a closed port, self-signed TLS.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

async fn read_request<S: AsyncRead + Unpin>(s: &mut S) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
        if buf.len() > 16 * 1024 {
            return None;
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    text.split_whitespace().nth(1).map(str::to_string)
}

async fn respond<S: AsyncWrite + Unpin>(s: &mut S, status: &str, headers: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes()).await;
    let _ = s.write_all(body).await;
    let _ = s.shutdown().await;
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut s: S) {
    let Some(path) = read_request(&mut s).await else {
        return;
    };
    match path.as_str() {
        "/ok" => respond(&mut s, "200 OK", "", b"all systems go").await,
        "/json" => {
            respond(
                &mut s,
                "200 OK",
                "Content-Type: application/json\r\n",
                br#"{"status":"UP","db":{"ok":true}}"#,
            )
            .await
        }
        "/500" => respond(&mut s, "500 Internal Server Error", "", b"boom").await,
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            respond(&mut s, "200 OK", "", b"late").await
        }
        "/slowish" => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            respond(&mut s, "200 OK", "", b"a bit late").await
        }
        "/big" => {
            let total: usize = 50 * 1024 * 1024;
            let head =
                format!("HTTP/1.1 200 OK\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n");
            if s.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < total {
                if s.write_all(&chunk).await.is_err() {
                    return; // the client stopped reading: expected
                }
                sent += chunk.len();
            }
        }
        "/loop" => respond(&mut s, "302 Found", "Location: /loop\r\n", b"").await,
        // A chain of distinct addresses: /chain/3 → /chain/2 → … → /chain/0 (200).
        p if p.starts_with("/chain/") => match p["/chain/".len()..].parse::<u32>() {
            Ok(0) => respond(&mut s, "200 OK", "", b"end").await,
            Ok(n) => {
                let to = format!("Location: /chain/{}\r\n", n - 1);
                respond(&mut s, "302 Found", &to, b"").await
            }
            Err(_) => respond(&mut s, "404 Not Found", "", b"no").await,
        },
        // The simulated region: every system's health endpoint answers.
        p if p.ends_with("/health") => {
            respond(
                &mut s,
                "200 OK",
                "Content-Type: application/json\r\n",
                br#"{"status":"UP"}"#,
            )
            .await
        }
        _ => respond(&mut s, "404 Not Found", "", b"no").await,
    }
}

/// The HTTP server; returns its address.
/// A runtime on two threads of its own for a test's servers, which serve while the test
/// goes on outside it.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub async fn http() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(serve(s));
        }
    });
    addr
}

/// Accepts connections and never says a word.
pub async fn silent() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    addr
}

/// A port nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// HTTPS with a self-signed certificate for "localhost".
pub async fn self_signed_tls() -> SocketAddr {
    let _ = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_der = cert.cert.der().clone();
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
        cert.signing_key.serialize_der().into(),
    );
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(s).await {
                    serve(tls).await;
                }
            });
        }
    });
    addr
}
