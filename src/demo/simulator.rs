//! The simulated region: an HTTP server on 127.0.0.1 answering `/<system>/health` as the
//! scenario says at each moment.

use super::scenario::Scenario;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Starts the simulator on a free loopback port; returns its address.
pub async fn start(scenario: Scenario) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let scenario = Arc::new(scenario);
    let start = Instant::now();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let scenario = scenario.clone();
            tokio::spawn(async move {
                let _ = serve(stream, &scenario, start).await;
            });
        }
    });
    Ok(addr)
}

async fn serve(mut s: TcpStream, scenario: &Scenario, start: Instant) -> std::io::Result<()> {
    let mut buf = vec![0u8; 4096];
    let mut filled = 0;
    loop {
        let n = s.read(&mut buf[filled..]).await?;
        if n == 0 {
            return Ok(());
        }
        filled += n;
        if let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            let system = path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_string();
            let answer = scenario.answers_at(start.elapsed()).get(&system).copied();
            let (status, latency) = answer
                .map(|a| (a.status, a.latency))
                .unwrap_or((200, std::time::Duration::ZERO));
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            let (reason, body) = if !path.ends_with("/health") {
                ("Not Found", r#"{"status":"UNKNOWN"}"#)
            } else if status == 200 {
                ("OK", r#"{"status":"UP"}"#)
            } else {
                ("Service Unavailable", r#"{"status":"DOWN"}"#)
            };
            let code = if path.ends_with("/health") {
                status
            } else {
                404
            };
            let response = format!(
                "HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            s.write_all(response.as_bytes()).await?;
            // Keep the connection for the next request (the monitor pools connections).
            buf.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        } else if filled == buf.len() {
            return Ok(());
        }
    }
}
