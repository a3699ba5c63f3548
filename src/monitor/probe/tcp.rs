//! TCP: connect to host:port.

use super::{ms, root_cause};
use crate::model::finding::Finding;
use crate::model::health::Verdict;
use std::time::Instant;

pub async fn probe(host: &str, port: u16) -> (Verdict, Finding) {
    let start = Instant::now();
    match tokio::net::TcpStream::connect((host, port)).await {
        Ok(_) => (
            Verdict::Ok,
            Finding::Connected {
                to: format!("{host}:{port}"),
                latency_ms: ms(start.elapsed()),
            },
        ),
        Err(e) => (
            Verdict::Fail,
            Finding::CannotConnect {
                to: Some(format!("{host}:{port}")),
                cause: root_cause(&e),
            },
        ),
    }
}
