//! Lowercase hexadecimal, for digests (the chain's hashes, a runbook's checksum, an alert's
//! fingerprint).

/// `bytes` as lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// Whether `hex` is `bytes` as lowercase hex: `to_hex(bytes) == hex`, without building the
/// text (a digest checked against the one stored, a million times in `log verify`).
pub fn is_hex_of(bytes: &[u8], hex: &str) -> bool {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let hex = hex.as_bytes();
    hex.len() == bytes.len() * 2
        && bytes.iter().zip(hex.chunks_exact(2)).all(|(b, pair)| {
            pair[0] == DIGITS[usize::from(b >> 4)] && pair[1] == DIGITS[usize::from(b & 0x0f)]
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_read_as_lowercase_hex() {
        assert_eq!(super::to_hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(super::to_hex(&[]), "");
    }

    #[test]
    fn hex_is_checked_against_bytes_as_to_hex_writes_them() {
        let bytes = [0x00, 0x0f, 0xa5, 0xff];
        assert!(super::is_hex_of(&bytes, "000fa5ff"));
        assert!(super::is_hex_of(&[], ""));
        // Upper case, one digit off, too short, too long, not hex at all: not the same.
        for other in [
            "000FA5FF",
            "000fa5fe",
            "100fa5ff",
            "000fa5f",
            "000fa5ff0",
            "000fa5zz",
        ] {
            assert!(!super::is_hex_of(&bytes, other), "{other}");
        }
    }
}
