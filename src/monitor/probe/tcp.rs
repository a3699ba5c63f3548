//! TCP: connect to host:port.

use super::{ms, root_cause};
use crate::model::health::Verdict;
use std::time::Instant;

pub async fn probe(host: &str, port: u16) -> (Verdict, String) {
    let start = Instant::now();
    match tokio::net::TcpStream::connect((host, port)).await {
        Ok(_) => (
            Verdict::Ok,
            format!("connected to {host}:{port} in {}", ms(start.elapsed())),
        ),
        Err(e) => (
            Verdict::Fail,
            format!("cannot connect to {host}:{port}: {}", root_cause(&e)),
        ),
    }
}
