//! One line to the host's syslog (`/dev/log`: rsyslog, or systemd-journald, which a
//! region's central log management collects), without a library: a datagram in the
//! traditional format `<PRI>beredskap[PID]: TEXT`.

use std::os::unix::net::UnixDatagram;

/// Where syslog listens on Linux.
pub const SOCKET: &str = "/dev/log";

/// Sends `text` at facility user, level notice. An error says why (no syslog here).
pub fn notice(text: &str) -> std::io::Result<()> {
    send_to(SOCKET, text)
}

/// As [`notice`], to the socket at `path` (tests).
pub fn send_to(path: &str, text: &str) -> std::io::Result<()> {
    // facility user (1) × 8 + notice (5)
    let datagram = format!("<13>beredskap[{}]: {text}", std::process::id());
    UnixDatagram::unbound()?.send_to(datagram.as_bytes(), path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_arrives_as_a_syslog_datagram() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.sock");
        let server = UnixDatagram::bind(&path).unwrap();
        send_to(path.to_str().unwrap(), "hello").unwrap();
        let mut buf = [0; 256];
        let n = server.recv(&mut buf).unwrap();
        let got = String::from_utf8_lossy(&buf[..n]);
        assert!(got.starts_with("<13>beredskap["), "{got}");
        assert!(got.ends_with("]: hello"), "{got}");
        assert!(send_to(dir.path().join("none").to_str().unwrap(), "x").is_err());
    }
}
