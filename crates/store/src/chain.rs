//! The hash chain: canonical encoding of an event and its SHA-256.
//!
//! `hash = SHA-256("beredskap/event/v1" ‖ f(id) ‖ f(recorded_at) ‖ f(occurred_at) ‖ f(actor)
//!  ‖ f(os_account) ‖ f(kind) ‖ f(subject) ‖ f(corrects) ‖ f(payload_version)
//!  ‖ f(payload_sha256) ‖ f(prev_hash))`, where `f(x)` is the 8-byte big-endian length of
//! the UTF-8 text of `x` followed by that text; integers are written in decimal, an absent
//! `corrects` as the empty text with length `u64::MAX`. `payload_sha256` is the SHA-256 of
//! the payload exactly as stored (canonical JSON: object keys sorted, no spaces).
//! The first event's `prev_hash` is 64 zeros. See docs/log-format.md.

use serde_json::Value;
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const DOMAIN: &[u8] = b"beredskap/event/v1";

/// The fields that the hash covers, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct HashedFields<'a> {
    pub id: i64,
    pub recorded_at: &'a str,
    pub occurred_at: &'a str,
    pub actor: &'a str,
    pub os_account: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub corrects: Option<i64>,
    pub payload_version: i64,
    pub payload_sha256: &'a str,
    pub prev_hash: &'a str,
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn int_field(h: &mut Sha256, v: i64) {
    field(h, itoa::Buffer::new().format(v).as_bytes());
}

impl HashedFields<'_> {
    pub fn hash(&self) -> String {
        to_hex(&self.digest())
    }

    /// Whether `hash` (hexadecimal, as stored) is these fields' hash: `hash() == hash`,
    /// without building the text (`log verify` asks it of every event).
    pub fn hashes_to(&self, hash: &str) -> bool {
        crate::model::hex::is_hex_of(&self.digest(), hash)
    }

    fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        int_field(&mut h, self.id);
        field(&mut h, self.recorded_at.as_bytes());
        field(&mut h, self.occurred_at.as_bytes());
        field(&mut h, self.actor.as_bytes());
        field(&mut h, self.os_account.as_bytes());
        field(&mut h, self.kind.as_bytes());
        field(&mut h, self.subject.as_bytes());
        match self.corrects {
            Some(c) => int_field(&mut h, c),
            None => h.update(u64::MAX.to_be_bytes()),
        }
        int_field(&mut h, self.payload_version);
        field(&mut h, self.payload_sha256.as_bytes());
        field(&mut h, self.prev_hash.as_bytes());
        h.finalize().into()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Whether `hex` is the SHA-256 of `bytes`: `sha256_hex(bytes) == hex`, without building
/// the text.
pub fn sha256_is(bytes: &[u8], hex: &str) -> bool {
    crate::model::hex::is_hex_of(&Sha256::digest(bytes), hex)
}

/// Lower-case hexadecimal, through a table (the `hex` crate's char-by-char iterator was
/// 14 % of `log verify`, which encodes two digests per event).
pub use crate::model::hex::to_hex;

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no insignificant whitespace.
/// Independent of serde_json's map ordering features.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> HashedFields<'static> {
        HashedFields {
            id: 1,
            recorded_at: "2026-11-23T03:10:00.000000Z",
            occurred_at: "2026-11-23T03:05:00.000000Z",
            actor: "op1",
            os_account: "op1",
            kind: "diary.note",
            subject: "diary",
            corrects: None,
            payload_version: 1,
            payload_sha256: "ab",
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = sample().hash();
        let variants = [
            HashedFields { id: 2, ..sample() },
            HashedFields {
                recorded_at: "2026-11-23T03:10:00.000001Z",
                ..sample()
            },
            HashedFields {
                occurred_at: "x",
                ..sample()
            },
            HashedFields {
                actor: "op2",
                ..sample()
            },
            HashedFields {
                os_account: "root",
                ..sample()
            },
            HashedFields {
                kind: "diary.notes",
                ..sample()
            },
            HashedFields {
                subject: "system:pas",
                ..sample()
            },
            HashedFields {
                corrects: Some(0),
                ..sample()
            },
            HashedFields {
                payload_version: 2,
                ..sample()
            },
            HashedFields {
                payload_sha256: "ac",
                ..sample()
            },
            HashedFields {
                prev_hash: "1",
                ..sample()
            },
        ];
        for v in variants {
            assert_ne!(v.hash(), base);
        }
        assert_eq!(sample().hash(), base, "deterministic");
    }

    #[test]
    fn length_prefix_prevents_field_shifting() {
        let a = HashedFields {
            actor: "op1d",
            kind: "iary.note",
            ..sample()
        };
        let b = HashedFields {
            actor: "op1",
            kind: "diary.note",
            ..sample()
        };
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = json!({"b": 1, "a": {"z": [1, {"y": 2, "x": "å"}], "c": null}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"z":[1,{"x":"å","y":2}]},"b":1}"#
        );
    }
}
