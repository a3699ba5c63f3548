//! DNS: resolve a name through the system resolver, optionally expecting an address.

use super::root_cause;
use crate::model::health::Verdict;
use std::net::IpAddr;

pub async fn probe(name: &str, expect: Option<IpAddr>) -> (Verdict, String) {
    match tokio::net::lookup_host((name, 0)).await {
        Ok(addrs) => {
            let mut ips: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
            ips.sort();
            ips.dedup();
            let list = ips
                .iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            match expect {
                Some(want) if !ips.contains(&want) => (
                    Verdict::Fail,
                    format!("{name} resolves to {list}, not the expected {want}"),
                ),
                _ if ips.is_empty() => (Verdict::Fail, format!("{name} resolves to nothing")),
                _ => (Verdict::Ok, format!("{name} resolves to {list}")),
            }
        }
        Err(e) => (
            Verdict::Fail,
            format!("DNS: cannot resolve {name}: {}", root_cause(&e)),
        ),
    }
}
