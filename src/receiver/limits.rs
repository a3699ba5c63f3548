//! What the receiver checks before it reads a body: the bearer token of the source
//! (compared in constant time) and its rate (a token bucket per source).

use sha2::{Digest, Sha256};
use std::time::Instant;

/// Whether the `Authorization` header carries `token`. Both sides are hashed first, so the
/// comparison takes the same time whatever the header holds.
pub fn token_ok(header: Option<&str>, token: &str) -> bool {
    let given = header
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default()
        .trim();
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(token.as_bytes());
    let same = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0;
    same && !token.is_empty()
}

/// A token bucket: `per_minute` requests a minute, in bursts of up to as many.
#[derive(Debug)]
pub struct Bucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
    last: Instant,
}

impl Bucket {
    pub fn new(per_minute: u32) -> Bucket {
        let capacity = f64::from(per_minute.max(1));
        Bucket {
            capacity,
            tokens: capacity,
            per_second: capacity / 60.0,
            last: Instant::now(),
        }
    }

    /// Takes one request's token; `false`: over the rate (answer 429).
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn only_the_right_bearer_token_passes() {
        assert!(token_ok(Some("Bearer s3cret"), "s3cret"));
        assert!(!token_ok(Some("Bearer s3cre"), "s3cret"));
        assert!(!token_ok(Some("s3cret"), "s3cret"));
        assert!(!token_ok(None, "s3cret"));
        assert!(
            !token_ok(Some("Bearer "), ""),
            "an empty token never passes"
        );
    }

    #[test]
    fn the_bucket_allows_its_rate_and_refills() {
        let start = Instant::now();
        let mut b = Bucket::new(60);
        assert!((0..60).all(|_| b.take(start)));
        assert!(!b.take(start));
        assert!(b.take(start + Duration::from_secs(1)));
        assert!(!b.take(start + Duration::from_secs(1)));
    }
}
