//! Problems found in configuration files, with file:line:column, the source line and a hint.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// How much of a source line a problem shows: at most this many characters, starting at
/// most `SHOWN_BEFORE` before the problem.
const SHOWN_LINE: usize = 160;
const SHOWN_BEFORE: usize = 40;
/// How much of a message a problem shows.
const MESSAGE_CHARS: usize = 400;

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, for display.
    pub source_line: Option<String>,
    /// Width of the underline under `source_line`.
    pub width: usize,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or just the file).
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // A message quoting a huge value is cut: the place and the line say the rest.
        let message: String = self.message.chars().take(MESSAGE_CHARS).collect();
        let more = if message.len() < self.message.len() {
            "…"
        } else {
            ""
        };
        writeln!(f, "{label}: {}{more}", crate::model::shown::line(&message))?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            // The line as it may be shown: a control or bidi character in it is named,
            // not obeyed; a very long line is cut around the problem.
            let skip = self.column.saturating_sub(SHOWN_BEFORE + 1);
            let cut: String = src.chars().skip(skip).take(SHOWN_LINE).collect();
            let more = if src.chars().count() > skip + SHOWN_LINE {
                " …"
            } else {
                ""
            };
            let lead = if skip > 0 { "… " } else { "" };
            writeln!(
                f,
                "{number} | {lead}{}{more}",
                crate::model::shown::line(&cut)
            )?;
            let indent: String = lead
                .chars()
                .map(|_| ' ')
                .chain(
                    cut.chars()
                        .take(self.column.saturating_sub(1 + skip))
                        .map(|c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let width = self.width.clamp(1, SHOWN_LINE);
            writeln!(f, "{pad} | {indent}{}", "^".repeat(width))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A file's text, for turning byte offsets into positions.
pub struct SourceFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl SourceFile<'_> {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    pub fn problem(
        &self,
        severity: Severity,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Problem {
        let Some(span) = span else {
            return Problem {
                severity,
                file: self.path.to_path_buf(),
                line: 0,
                column: 0,
                message: message.into(),
                hint,
                source_line: None,
                width: 0,
            };
        };
        let (line, column) = self.position(span.start);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("").to_string();
        let end = floor_char_boundary(self.text, span.end.min(self.text.len()));
        let start = floor_char_boundary(self.text, span.start.min(end));
        let spanned = &self.text[start..end];
        let first_line_of_span = spanned.split('\n').next().unwrap_or("");
        let width = first_line_of_span
            .chars()
            .count()
            .min(line_text.chars().count().saturating_sub(column - 1).max(1));
        Problem {
            severity,
            file: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint,
            source_line: Some(line_text),
            width,
        }
    }

    pub fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Problem {
        self.problem(Severity::Error, span, message, hint)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceFile {
            path: Path::new("x.toml"),
            text: "a = 1\nnamn = \"Åsa\" bad\n",
        };
        let offset = src.text.find("bad").unwrap();
        assert_eq!(src.position(offset), (2, 14));
        let p = src.error(Some(offset..offset + 3), "oops", Some("fix it".into()));
        let shown = p.to_string();
        assert!(shown.contains("x.toml:2:14"), "{shown}");
        assert!(shown.contains("^^^"), "{shown}");
        assert!(shown.contains("hint: fix it"), "{shown}");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("ownerteam", ["owner_team", "name"]),
            Some("owner_team")
        );
        assert_eq!(did_you_mean("zzz", ["owner_team", "name"]), None);
    }
}
