//! DNS: resolve a name through the system resolver, optionally expecting an address.

use super::root_cause;
use crate::model::finding::Finding;
use crate::model::health::Verdict;
use std::net::IpAddr;

pub async fn probe(name: &str, expect: Option<IpAddr>) -> (Verdict, Finding) {
    match tokio::net::lookup_host((name, 0)).await {
        Ok(addrs) => {
            let mut ips: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
            ips.sort();
            ips.dedup();
            let addresses: Vec<String> = ips.iter().map(IpAddr::to_string).collect();
            let name = name.to_string();
            match expect {
                Some(want) if !ips.contains(&want) => (
                    Verdict::Fail,
                    Finding::ResolvesElsewhere {
                        name,
                        addresses,
                        expected: want.to_string(),
                    },
                ),
                _ if ips.is_empty() => (Verdict::Fail, Finding::ResolvesToNothing { name }),
                _ => (Verdict::Ok, Finding::Resolves { name, addresses }),
            }
        }
        Err(e) => (
            Verdict::Fail,
            Finding::CannotResolve {
                name: name.to_string(),
                cause: root_cause(&e),
            },
        ),
    }
}
