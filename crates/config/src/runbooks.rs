//! The runbook index: which runbook ids exist in the runbooks directory. A runbook is a
//! Markdown file that starts with TOML front matter between `+++` lines holding its `id`
//! (see docs/runbook-format.md). Only the ids are read here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runbook id → file.
pub fn index(dir: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = crate::host::bounded::read_text(&path, crate::host::bounded::limit::RUNBOOK)
        else {
            continue;
        };
        if let Some(id) = front_matter_id(&text) {
            out.entry(id).or_insert(path);
        }
    }
    Ok(out)
}

/// The `id` in a file's `+++` front matter.
pub fn front_matter_id(text: &str) -> Option<String> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix('\n')
        .or_else(|| rest.strip_prefix("\r\n"))?;
    let end = rest.find("\n+++")?;
    let table: toml::Table = toml::from_str(&rest[..end]).ok()?;
    table.get("id")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_id_from_front_matter() {
        let text = "+++\nid = \"pas-nere\"\ntitle = \"x\"\n+++\n# Rubrik\n";
        assert_eq!(front_matter_id(text), Some("pas-nere".into()));
        assert_eq!(front_matter_id("# no front matter"), None);
        assert_eq!(front_matter_id("+++\ntitle = 1\n+++\n"), None);
    }
}

/// A problem found by the linter, with its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintProblem {
    pub file: PathBuf,
    pub problem: crate::model::runbook::RunbookProblem,
}

impl std::fmt::Display for LintProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.problem.line == 0 {
            writeln!(
                f,
                "{}: error: {}",
                self.file.display(),
                self.problem.message
            )?;
        } else if self.problem.column == 0 {
            writeln!(
                f,
                "{}:{}: error: {}",
                self.file.display(),
                self.problem.line,
                self.problem.message
            )?;
        } else {
            writeln!(
                f,
                "{}:{}:{}: error: {}",
                self.file.display(),
                self.problem.line,
                self.problem.column,
                self.problem.message
            )?;
        }
        write!(f, "  = hint: {}", self.problem.hint)
    }
}

/// The `.md` files named, directories expanded (sorted).
pub fn runbook_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|e| e == "md"))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// A runbook that parsed and passed the checks, with the exact text it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedRunbook {
    pub file: PathBuf,
    pub runbook: crate::model::runbook::Runbook,
    pub text: String,
}

/// The valid runbooks in the region's runbooks directory, and the problems of the others.
pub fn load_all(
    region: &crate::model::region::Region,
) -> std::io::Result<(Vec<LoadedRunbook>, Vec<LintProblem>)> {
    let files = runbook_files(std::slice::from_ref(&region.site.runbooks_dir))?;
    Ok(lint(&files, Some(region)))
}

/// Parses and checks runbooks; with a region, their systems and owner teams must exist.
pub fn lint(
    files: &[PathBuf],
    region: Option<&crate::model::region::Region>,
) -> (Vec<LoadedRunbook>, Vec<LintProblem>) {
    use crate::model::runbook::{RunbookProblem, parse};
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        let text = match crate::host::bounded::read_text(file, crate::host::bounded::limit::RUNBOOK)
        {
            Ok(t) => t,
            Err(e) => {
                problems.push(LintProblem {
                    file: file.clone(),
                    problem: RunbookProblem {
                        line: 0,
                        column: 0,
                        message: format!("cannot read the file: {e}"),
                        hint: "runbooks are UTF-8 Markdown files".into(),
                    },
                });
                continue;
            }
        };
        // Runbook text is shown to ward staff and printed: no controls or bidi overrides.
        if let Some((at, c)) = text
            .char_indices()
            .find(|(_, c)| crate::model::shown::hidden(*c) && !matches!(c, '\n' | '\t' | '\r'))
        {
            let source = crate::diagnostic::SourceFile {
                path: file,
                text: &text,
            };
            let (line, column) = source.position(at);
            problems.push(LintProblem {
                file: file.clone(),
                problem: RunbookProblem {
                    line,
                    column,
                    message: format!(
                        "a control or invisible formatting character (U+{:04X}) in the runbook",
                        c as u32
                    ),
                    hint: "remove it: what ward staff read must be what is stored".into(),
                },
            });
            continue;
        }
        // Runbook text is copied into the log when a run starts: no identity numbers.
        let numbers = crate::model::personnummer::find_identity_numbers(&text);
        if !numbers.is_empty() {
            let source = crate::diagnostic::SourceFile {
                path: file,
                text: &text,
            };
            for hit in numbers {
                let (line, column) = source.position(hit.start);
                problems.push(LintProblem {
                    file: file.clone(),
                    problem: RunbookProblem {
                        line,
                        column,
                        message: format!(
                            "this looks like a Swedish {} ({}): patient data must not be in a \
                             runbook, whose text is copied into the log",
                            hit.kind.label(),
                            hit.masked
                        ),
                        hint: "remove it; if it is not an identity number, write it in its \
                               usual grouping (a phone number as 070-123 45 67)"
                            .into(),
                    },
                });
            }
            continue;
        }
        let runbook = match parse(&text) {
            Ok(r) => r,
            Err(ps) => {
                problems.extend(ps.into_iter().map(|problem| LintProblem {
                    file: file.clone(),
                    problem,
                }));
                continue;
            }
        };
        let meta_line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
                .unwrap_or(1)
        };
        let mut bad = |line: usize, message: String, hint: &str| {
            problems.push(LintProblem {
                file: file.clone(),
                problem: RunbookProblem {
                    line,
                    column: 0,
                    message,
                    hint: hint.into(),
                },
            });
        };
        if let Some(first) = seen.get(&runbook.meta.id) {
            bad(
                meta_line("id"),
                format!("duplicate runbook id `{}`", runbook.meta.id),
                &format!("also used by {}", first.display()),
            );
        }
        seen.insert(runbook.meta.id.clone(), file.clone());
        if let Some(region) = region {
            for s in &runbook.meta.systems {
                if region.system(s).is_none() {
                    bad(
                        meta_line("systems"),
                        format!("unknown system `{s}`"),
                        "systems must be ids from the region's [[systems]]",
                    );
                }
            }
            if !runbook.meta.owner_team.is_empty()
                && region.team(&runbook.meta.owner_team).is_none()
            {
                bad(
                    meta_line("owner_team"),
                    format!("unknown team `{}`", runbook.meta.owner_team),
                    "owner_team must be a team id from [[teams]]",
                );
            }
        }
        ok.push(LoadedRunbook {
            file: file.clone(),
            runbook,
            text,
        });
    }
    (ok, problems)
}
