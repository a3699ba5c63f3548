//! Reading with a limit: every file, standard input or stream a person can point the program
//! at stops at its limit before allocating past it (`beredskap log note --stdin < /dev/zero`
//! once grew to 23 GB in a second and set off the host's OOM killer, which may take the
//! monitor or sshd with it).

use std::io::{BufRead, Read};
use std::path::Path;

/// The limits, by what is read.
pub mod limit {
    /// A configuration file (a region of thousands of systems is a few MiB).
    pub const CONFIG: u64 = 16 * 1024 * 1024;
    /// A runbook.
    pub const RUNBOOK: u64 = 2 * 1024 * 1024;
    /// An iCalendar file (years of an Outlook calendar).
    pub const CALENDAR: u64 = 64 * 1024 * 1024;
    /// A secret (a token file).
    pub const SECRET: u64 = 64 * 1024;
    /// A text a person hands over in a file (an assessment, a draft).
    pub const TEXT: u64 = 4 * 1024 * 1024;
    /// A syslog extract with checkpoints.
    pub const EXTRACT: u64 = 512 * 1024 * 1024;
}

#[derive(Debug, thiserror::Error)]
pub enum BoundedError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is larger than {} (read stopped there)", size(*.max))]
    TooLarge { max: u64 },
    #[error("it is not UTF-8 text (byte {at})")]
    NotText { at: usize },
}

/// A size in words: "16 MiB", "4000 bytes".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 && b.is_multiple_of(1024 * 1024) => {
            format!("{} MiB", b / (1024 * 1024))
        }
        b if b >= 1024 && b.is_multiple_of(1024) => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// Reads at most `max` bytes from `r`; more is an error (at most `max + 1` are read).
pub fn read_bytes(r: impl Read, max: u64) -> Result<Vec<u8>, BoundedError> {
    let mut out = Vec::new();
    r.take(max.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > max {
        return Err(BoundedError::TooLarge { max });
    }
    Ok(out)
}

/// The file at `path` as bytes, if it is at most `max` bytes.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, BoundedError> {
    let file = std::fs::File::open(path)?;
    // A regular file says its size: refused before reading.
    if let Ok(m) = file.metadata()
        && m.is_file()
        && m.len() > max
    {
        return Err(BoundedError::TooLarge { max });
    }
    read_bytes(file, max)
}

/// The file at `path` as text, if it is at most `max` bytes of UTF-8.
pub fn read_text(path: &Path, max: u64) -> Result<String, BoundedError> {
    String::from_utf8(read_file(path, max)?).map_err(|e| BoundedError::NotText {
        at: e.utf8_error().valid_up_to(),
    })
}

/// One line read by [`Lines`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line (without its end), and its number from 1.
    Text(usize, String),
    /// Line `n` is longer than the limit: reading stopped there, the rest unread.
    TooLong(usize),
    /// Line `n` is not UTF-8.
    NotText(usize),
}

/// Lines of at most `max` bytes each: a longer line (an endless one, /dev/zero) is never
/// held whole; reading stops at it.
pub struct Lines<R> {
    reader: R,
    max: usize,
    number: usize,
    stopped: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max: usize) -> Lines<R> {
        Lines {
            reader,
            max,
            number: 0,
            stopped: false,
        }
    }

    /// The input ended (or reading stopped at a line too long, or an error).
    pub fn ended(&self) -> bool {
        self.stopped
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<Line, std::io::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        let mut line = Vec::new();
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.stopped = true;
                    return Some(Err(e));
                }
            };
            if buf.is_empty() {
                self.stopped = true;
                if line.is_empty() {
                    return None;
                }
                break;
            }
            let (take, ends) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (buf.len(), false),
            };
            if line.len() + take > self.max {
                self.number += 1;
                self.stopped = true;
                return Some(Ok(Line::TooLong(self.number)));
            }
            line.extend_from_slice(&buf[..take]);
            self.reader.consume(take + usize::from(ends));
            if ends {
                break;
            }
        }
        self.number += 1;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Some(Ok(match String::from_utf8(line) {
            Ok(text) => Line::Text(self.number, text),
            Err(_) => Line::NotText(self.number),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_stop_at_the_first_too_long_one_without_holding_it() {
        let input = b"eins\r\nzwei\n0123456789abc\nnever read\n";
        let lines: Vec<Line> = Lines::new(&input[..], 10).map(|l| l.unwrap()).collect();
        assert_eq!(
            lines,
            vec![
                Line::Text(1, "eins".into()),
                Line::Text(2, "zwei".into()),
                Line::TooLong(3)
            ]
        );
        // An endless line: /dev/zero.
        let zero = std::io::BufReader::new(std::io::repeat(0));
        let lines: Vec<Line> = Lines::new(zero, 4096).map(|l| l.unwrap()).collect();
        assert_eq!(lines, vec![Line::TooLong(1)]);
        let last: Vec<Line> = Lines::new(&b"a\n\xff\nb"[..], 10)
            .map(|l| l.unwrap())
            .collect();
        assert_eq!(
            last,
            vec![
                Line::Text(1, "a".into()),
                Line::NotText(2),
                Line::Text(3, "b".into())
            ]
        );
    }

    #[test]
    fn a_file_or_stream_over_its_limit_is_refused_having_read_one_byte_more() {
        assert!(matches!(
            read_bytes(std::io::repeat(0), 1000),
            Err(BoundedError::TooLarge { max: 1000 })
        ));
        assert_eq!(read_bytes(&b"12345"[..], 5).unwrap(), b"12345");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2000]).unwrap();
        assert!(matches!(
            read_text(&big, 1999),
            Err(BoundedError::TooLarge { .. })
        ));
        assert_eq!(read_text(&big, 2000).unwrap().len(), 2000);
        assert!(matches!(
            read_text(Path::new("/dev/zero"), 4096),
            Err(BoundedError::TooLarge { .. })
        ));
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
    }
}
