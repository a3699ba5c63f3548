//! Rules for the text of every configuration file, whatever section it is in: its text is
//! copied into the log and shown to people, so it holds no personal identity number, no
//! control or invisible formatting character, and no line longer than `MAX_LINE`.

use super::checker::Checker;
use std::ops::Range;

/// The longest line a configuration file may hold.
pub const MAX_LINE: usize = 4096;

impl Checker<'_> {
    /// The configuration is copied into the log (maintenance reasons, names, runbook
    /// text): an identity number anywhere in its files is an error where it stands.
    pub(super) fn no_identity_numbers(&mut self) {
        for file in 0..self.raw.files.len() {
            let hits = crate::model::personnummer::find_identity_numbers(&self.raw.files[file].1);
            for hit in hits {
                self.error(
                    file,
                    hit.start..hit.end,
                    format!(
                        "this looks like a Swedish {} ({}): patient data must not be in the \
                         configuration, whose text is copied into the log",
                        hit.kind.label(),
                        hit.masked
                    ),
                    Some(
                        "remove it; if it is not an identity number, write it in its usual \
                         grouping (a phone number as 070-123 45 67)"
                            .into(),
                    ),
                );
            }
        }
    }

    /// Names, steps and reasons are shown to people: a control or invisible formatting
    /// character (an escape, a bidi override) in the configuration is an error where it
    /// stands.
    pub(super) fn no_hidden_characters(&mut self) {
        for file in 0..self.raw.files.len() {
            let found: Vec<(usize, char)> = self.raw.files[file]
                .1
                .char_indices()
                .filter(|(_, c)| {
                    crate::model::shown::hidden(*c) && !matches!(c, '\n' | '\t' | '\r')
                })
                .collect();
            for (at, c) in found {
                self.error(
                    file,
                    at..at + c.len_utf8(),
                    format!(
                        "a control or invisible formatting character (U+{:04X}): it could make \
                         what people see differ from what is stored",
                        c as u32
                    ),
                    Some("remove it; write the text with visible characters only".into()),
                );
            }
        }
    }

    /// No value (no line) in the configuration is longer than `MAX_LINE` characters: a
    /// name or a reason is a line, not a file.
    pub(super) fn no_huge_values(&mut self) {
        for file in 0..self.raw.files.len() {
            let long: Vec<Range<usize>> = {
                let text = &self.raw.files[file].1;
                let mut at = 0;
                let mut out = Vec::new();
                for line in text.split_inclusive('\n') {
                    if line.chars().count() > MAX_LINE {
                        out.push(at..at + line.trim_end().len());
                    }
                    at += line.len();
                }
                out
            };
            for span in long {
                self.error(
                    file,
                    span,
                    format!("a line longer than {MAX_LINE} characters"),
                    Some("names, reasons and commands are short; keep long texts out of the configuration".into()),
                );
            }
        }
    }
}
