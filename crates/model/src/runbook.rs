//! Downtime runbooks (reservrutiner): the format, parsed with line numbers for every
//! problem. A runbook is Markdown with TOML front matter between `+++` lines; sections
//! `## Förberedelse`, `## Aktivering`, `## Under driftstopp`, `## Återställning`,
//! `## Efterregistrering` in that order; steps are task-list items `- [ ] …`, optionally
//! naming a role `(roll: …)` and asking for a value `(värde: …)`. See docs/runbook-format.md.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The sections, in their required order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Prepare,
    Activate,
    During,
    Recover,
    BackEntry,
}

impl SectionKind {
    pub const ALL: [SectionKind; 5] = [
        SectionKind::Prepare,
        SectionKind::Activate,
        SectionKind::During,
        SectionKind::Recover,
        SectionKind::BackEntry,
    ];

    /// The Swedish heading.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Prepare => "Förberedelse",
            SectionKind::Activate => "Aktivering",
            SectionKind::During => "Under driftstopp",
            SectionKind::Recover => "Återställning",
            SectionKind::BackEntry => "Efterregistrering",
        }
    }

    pub fn from_heading(text: &str) -> Option<SectionKind> {
        let t = text.trim().to_lowercase();
        SectionKind::ALL
            .into_iter()
            .find(|k| k.heading().to_lowercase() == t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// 1-based, across the whole runbook.
    pub number: usize,
    pub text: String,
    pub role: Option<String>,
    /// The value the step asks to record, e.g. "antal pappersremisser".
    pub value: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub owner_team: String,
    #[serde(default)]
    pub activation: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Runbook {
    pub meta: FrontMatter,
    pub sections: Vec<Section>,
    /// SHA-256 of the whole file, so a run can say exactly which text it followed.
    pub sha256: String,
}

impl Runbook {
    pub fn steps(&self) -> impl Iterator<Item = (&Section, &Step)> {
        self.sections
            .iter()
            .flat_map(|s| s.steps.iter().map(move |st| (s, st)))
    }

    pub fn step_count(&self) -> usize {
        self.sections.iter().map(|s| s.steps.len()).sum()
    }
}

/// A problem in a runbook file: line (1-based, 0 for the whole file), message and hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunbookProblem {
    pub line: usize,
    /// 1-based column in characters; 0 when only the line is known.
    pub column: usize,
    pub message: String,
    pub hint: String,
}

fn problem(line: usize, message: impl Into<String>, hint: impl Into<String>) -> RunbookProblem {
    RunbookProblem {
        line,
        column: 0,
        message: message.into(),
        hint: hint.into(),
    }
}

/// Pulls `(roll: …)` and `(värde: …)` out of a step's text.
fn step_parts(text: &str) -> (String, Option<String>, Option<String>) {
    let mut rest = text.to_string();
    let mut take = |key: &str| -> Option<String> {
        let open = format!("({key}:");
        let start = rest.find(&open)?;
        let end = start + rest[start..].find(')')?;
        let value = rest[start + open.len()..end].trim().to_string();
        rest.replace_range(start..=end, "");
        Some(value)
    };
    let role = take("roll");
    let value = take("värde");
    (
        rest.split_whitespace().collect::<Vec<_>>().join(" "),
        role,
        value,
    )
}

/// Parses a runbook; returns it, or every problem found.
pub fn parse(text: &str) -> Result<Runbook, Vec<RunbookProblem>> {
    let mut problems = Vec::new();
    // Line numbers by binary search over the line starts: linear parsing however many
    // steps (counting newlines before each step made 40,000 steps take a minute).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset.min(text.len()));
    // Front matter.
    let Some(after) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(vec![problem(
            1,
            "the runbook does not start with front matter",
            "start the file with a +++ line, the TOML fields (id, title, activation …), and another +++ line",
        )]);
    };
    let Some(end) = after.find("\n+++") else {
        return Err(vec![problem(
            1,
            "the front matter is not closed",
            "end the front matter with a line that is just +++",
        )]);
    };
    let front = &after[..end + 1];
    let body_start = 4 + end + 4;
    let meta: Option<FrontMatter> = match toml::from_str::<FrontMatter>(front) {
        Ok(m) => Some(m),
        Err(e) => {
            let line = e
                .span()
                .map(|s| 1 + front[..s.start.min(front.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            problems.push(problem(
                line,
                format!("front matter: {}", e.message().trim()),
                "fields: id, title, version, systems, owner_team, activation, roles",
            ));
            None
        }
    };
    if let Some(m) = &meta {
        if m.id.trim().is_empty() {
            problems.push(problem(2, "the runbook has no id", "id = \"journal-nere\""));
        }
        if m.title.trim().is_empty() {
            problems.push(problem(2, "the runbook has no title", "title = \"…\""));
        }
        if m.activation.trim().is_empty() {
            problems.push(problem(
                2,
                "the runbook says nothing about when to activate it",
                "activation = \"När … i mer än 15 minuter\"",
            ));
        }
    }
    // Body.
    let body = text.get(body_start.min(text.len())..).unwrap_or("");
    let offset_base = body_start.min(text.len());
    let mut sections: Vec<Section> = Vec::new();
    let mut in_h2 = false;
    let mut heading = String::new();
    let mut heading_line = 0;
    let mut in_item: Option<(usize, bool)> = None; // (line, is task)
    let mut item_text = String::new();
    let mut checked_in_source = false;
    let mut number = 0;
    for (ev, range) in Parser::new_ext(body, Options::ENABLE_TASKLISTS).into_offset_iter() {
        let line = line_of(offset_base + range.start);
        match ev {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                heading.clear();
                heading_line = line;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_h2 = false;
                match SectionKind::from_heading(&heading) {
                    Some(kind) => {
                        if sections.iter().any(|s| s.kind == kind) {
                            problems.push(problem(heading_line, format!("the section \"{}\" appears twice", kind.heading()), "merge the two sections"));
                        } else if let Some(last) = sections.last()
                            && last.kind > kind
                        {
                            problems.push(problem(heading_line, format!("the section \"{}\" comes after \"{}\"", kind.heading(), last.kind.heading()), "order: Förberedelse, Aktivering, Under driftstopp, Återställning, Efterregistrering"));
                        }
                        sections.push(Section { kind, steps: Vec::new() });
                    }
                    None => problems.push(problem(heading_line, format!("unknown section \"{}\"", heading.trim()), "use Förberedelse, Aktivering, Under driftstopp, Återställning or Efterregistrering")),
                }
            }
            Event::Start(Tag::Item) => {
                in_item = Some((line, false));
                item_text.clear();
                checked_in_source = false;
            }
            Event::TaskListMarker(checked) => {
                if let Some((l, _)) = in_item {
                    in_item = Some((l, true));
                }
                checked_in_source = checked;
            }
            Event::End(TagEnd::Item) => {
                if let Some((l, true)) = in_item.take() {
                    let (text, role, value) = step_parts(&item_text);
                    if checked_in_source {
                        problems.push(problem(
                            l,
                            "a step is already checked ([x]) in the runbook",
                            "ship runbooks with every step unchecked: - [ ]",
                        ));
                    }
                    if text.is_empty() {
                        problems.push(problem(
                            l,
                            "a step has no text",
                            "write what to do after - [ ]",
                        ));
                    } else if let Some(section) = sections.last_mut() {
                        number += 1;
                        section.steps.push(Step {
                            number,
                            text,
                            role,
                            value,
                            line: l,
                        });
                    } else {
                        problems.push(problem(
                            l,
                            "a step stands before any section",
                            "put steps under ## Förberedelse, ## Aktivering …",
                        ));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_h2 {
                    heading.push_str(&t);
                } else if in_item.is_some() {
                    item_text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_item.is_some() => item_text.push(' '),
            _ => {}
        }
    }
    if number == 0 && problems.is_empty() {
        problems.push(problem(
            0,
            "the runbook has no steps",
            "add steps as task-list items: - [ ] Ring IT-driftens växel",
        ));
    }
    if !sections.iter().any(|s| s.kind == SectionKind::During) && number > 0 {
        problems.push(problem(
            0,
            "the runbook has no \"Under driftstopp\" section",
            "say what staff do while the system is down",
        ));
    }
    match (meta, problems.is_empty()) {
        (Some(meta), true) => Ok(Runbook {
            meta,
            sections,
            sha256: crate::hex::to_hex(&Sha256::digest(text.as_bytes())),
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"x\"\ntitle = \"X nere\"\nactivation = \"När X är nere\"\n+++\n\n# X\n\n## Förberedelse\n\n- [ ] Ta fram pärmen.\n\n## Aktivering\n\n- [ ] Ring växeln. (roll: ansvarig sjuksköterska)\n\n## Under driftstopp\n\n- [ ] Skriv remisser på papper. (värde: antal remisser)\n- [ ] Ring in svar\n  muntligt.\n\n## Återställning\n\n- [ ] Vänta på besked.\n\n## Efterregistrering\n\n- [ ] För in allt.\n";

    #[test]
    fn every_section_and_step_form() {
        let r = parse(GOOD).unwrap();
        assert_eq!(r.sections.len(), 5);
        assert_eq!(r.step_count(), 6);
        let steps: Vec<&Step> = r.steps().map(|(_, s)| s).collect();
        assert_eq!(steps[1].role.as_deref(), Some("ansvarig sjuksköterska"));
        assert_eq!(steps[1].text, "Ring växeln.");
        assert_eq!(steps[2].value.as_deref(), Some("antal remisser"));
        assert_eq!(
            steps[3].text, "Ring in svar muntligt.",
            "a step over two lines"
        );
        assert_eq!(steps[0].line, 11);
        assert_eq!(
            steps.iter().map(|s| s.number).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(r.sha256.len(), 64);
    }

    fn first_problem(text: &str) -> RunbookProblem {
        parse(text).unwrap_err().remove(0)
    }

    #[test]
    fn malformed_runbooks_say_what_and_where() {
        let cases: Vec<(String, usize, &str)> = vec![
            (
                "# no front matter\n- [ ] x\n".into(),
                1,
                "does not start with front matter",
            ),
            ("+++\nid = \"x\"\n".into(), 1, "not closed"),
            (
                GOOD.replace("title = \"X nere\"", "title = X nere"),
                3,
                "front matter",
            ),
            (
                GOOD.replace(
                    "activation = \"När X är nere\"\n",
                    "color = \"red\"\nactivation = \"a\"\n",
                ),
                4,
                "unknown field",
            ),
            (
                GOOD.replace("activation = \"När X är nere\"", "activation = \"\""),
                2,
                "nothing about when to activate",
            ),
            (
                GOOD.replace("## Förberedelse", "## Förberedelser"),
                9,
                "unknown section \"Förberedelser\"",
            ),
            (
                GOOD.replace(
                    "## Aktivering\n\n- [ ] Ring växeln. (roll: ansvarig sjuksköterska)\n\n",
                    "",
                ) + "\n## Aktivering\n\n- [ ] Sent.\n",
                27,
                "comes after",
            ),
            (
                GOOD.replace("- [ ] Ta fram pärmen.", "- [x] Ta fram pärmen."),
                11,
                "already checked",
            ),
            (
                GOOD.replace("- [ ] Ta fram pärmen.", "- [ ]"),
                11,
                "no text",
            ),
            (
                GOOD.replace(
                    "# X\n\n## Förberedelse\n\n",
                    "# X\n\n- [ ] Orphan.\n\n## Förberedelse\n\n",
                ),
                9,
                "before any section",
            ),
            (
                "+++\nid = \"x\"\ntitle = \"t\"\nactivation = \"a\"\n+++\n# Tom\n".into(),
                0,
                "no steps",
            ),
            (
                GOOD.replace("## Under driftstopp", "## Förberedelse"),
                17,
                "appears twice",
            ),
        ];
        for (text, line, message) in cases {
            let p = first_problem(&text);
            assert!(p.message.contains(message), "{message:?} vs {p:?}");
            assert_eq!(p.line, line, "{message}: {p:?}");
            assert!(!p.hint.is_empty());
        }
    }

    #[test]
    fn a_task_list_inside_a_code_block_is_not_a_step() {
        let text = GOOD.replace(
            "## Återställning\n",
            "## Återställning\n\n```\n- [ ] inte ett steg\n```\n",
        );
        assert_eq!(parse(&text).unwrap().step_count(), 6);
    }
}
