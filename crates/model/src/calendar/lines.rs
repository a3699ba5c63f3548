//! iCalendar text (RFC 5545) as components and properties, read the way real exports are
//! written: a UTF-8 byte-order mark (Windows), CRLF or LF, folded lines, colons inside
//! values (`SUMMARY:Jour: Sam`), quoted parameters, several VCALENDARs in one file. Each
//! property keeps its line number for messages. Nesting depth and the number of components
//! are bounded, so no file can exhaust the stack or the memory.

/// Deepest nesting accepted (VCALENDAR > VEVENT > VALARM is 3).
pub const MAX_DEPTH: usize = 8;
/// Most components accepted in one file.
pub const MAX_COMPONENTS: usize = 100_000;

/// One property: `NAME;PARAM=VALUE:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
    /// 1-based line of the property in the file (its first physical line).
    pub line: usize,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A component (`BEGIN:X` … `END:X`) with its properties and sub-components.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    pub name: String,
    pub line: usize,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
}

impl Component {
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn all(&self, name: &str) -> impl Iterator<Item = &Property> {
        self.properties
            .iter()
            .filter(move |p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.get(name).map(|p| p.value.as_str())
    }
}

/// What is wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Malformation {
    /// The line's start, shortened.
    #[error("«{0}» has no `:` between name and value")]
    NoColon(String),
    #[error("a property without a name")]
    NoName,
    #[error("END:{0} without a BEGIN")]
    EndWithoutBegin(String),
    #[error("END:{end} closes BEGIN:{open} (line {open_line})")]
    EndCloses {
        end: String,
        open: String,
        open_line: usize,
    },
    #[error("{0} outside BEGIN:VCALENDAR")]
    Outside(String),
}

/// Why the text is not a readable calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinesError {
    #[error("not an iCalendar file: no BEGIN:VCALENDAR")]
    NotACalendar,
    #[error("line {line}: {what}")]
    Malformed { line: usize, what: Malformation },
    #[error(
        "the file ends inside {open} (begun on line {line}): it looks truncated; export it \
         again"
    )]
    Truncated { open: String, line: usize },
    #[error("line {line}: components nested deeper than {MAX_DEPTH}: not a calendar export")]
    TooDeep { line: usize },
    #[error("more than {MAX_COMPONENTS} components: split the calendar")]
    TooMany,
}

/// Unfolds lines (a line starting with a space or tab continues the one before) and
/// returns each logical line with the number of its first physical line.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix([' ', '\t'])
            && let Some((_, last)) = out.last_mut()
        {
            last.push_str(rest);
            continue;
        }
        if !line.trim().is_empty() {
            out.push((i + 1, line.to_string()));
        }
    }
    out
}

/// Splits `NAME;P=V;Q="a:b":value` at the first colon outside quotes.
fn property(line: usize, text: &str) -> Result<Property, LinesError> {
    let mut in_quotes = false;
    let mut split = None;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                split = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(at) = split else {
        return Err(LinesError::Malformed {
            line,
            what: Malformation::NoColon(shorten(text)),
        });
    };
    let (head, value) = (&text[..at], &text[at + 1..]);
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or_default().trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(LinesError::Malformed {
            line,
            what: Malformation::NoName,
        });
    }
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect();
    Ok(Property {
        name,
        params,
        value: value.to_string(),
        line,
    })
}

fn shorten(text: &str) -> String {
    let s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        format!("{s}…")
    } else {
        s
    }
}

/// Every VCALENDAR in the text (a file may hold several).
pub fn calendars(text: &str) -> Result<Vec<Component>, LinesError> {
    let mut stack: Vec<Component> = Vec::new();
    let mut done: Vec<Component> = Vec::new();
    let mut count = 0usize;
    for (line, text) in logical_lines(text) {
        let p = property(line, &text)?;
        match p.name.as_str() {
            "BEGIN" => {
                if stack.len() >= MAX_DEPTH {
                    return Err(LinesError::TooDeep { line });
                }
                count += 1;
                if count > MAX_COMPONENTS {
                    return Err(LinesError::TooMany);
                }
                stack.push(Component {
                    name: p.value.trim().to_ascii_uppercase(),
                    line,
                    ..Default::default()
                });
            }
            "END" => {
                let name = p.value.trim().to_ascii_uppercase();
                let Some(open) = stack.pop() else {
                    return Err(LinesError::Malformed {
                        line,
                        what: Malformation::EndWithoutBegin(name),
                    });
                };
                if open.name != name {
                    return Err(LinesError::Malformed {
                        line,
                        what: Malformation::EndCloses {
                            end: name,
                            open: open.name,
                            open_line: open.line,
                        },
                    });
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(open),
                    None => done.push(open),
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.properties.push(p),
                None => {
                    return Err(LinesError::Malformed {
                        line,
                        what: Malformation::Outside(p.name),
                    });
                }
            },
        }
    }
    if let Some(open) = stack.first() {
        let innermost = stack.last().unwrap_or(open);
        return Err(LinesError::Truncated {
            open: innermost.name.clone(),
            line: innermost.line,
        });
    }
    let calendars: Vec<Component> = done.into_iter().filter(|c| c.name == "VCALENDAR").collect();
    if calendars.is_empty() {
        return Err(LinesError::NotACalendar);
    }
    Ok(calendars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_folding_colons_and_several_calendars() {
        let text = "\u{FEFF}BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Jour: Sam\r\n  Berg\r\n\
                    DTSTART;TZID=\"W. Europe Standard Time\":20261005T080000\r\nEND:VEVENT\r\n\
                    END:VCALENDAR\r\nBEGIN:VCALENDAR\nEND:VCALENDAR\n";
        let cals = calendars(text).unwrap();
        assert_eq!(cals.len(), 2);
        let e = &cals[0].children[0];
        assert_eq!(e.value("SUMMARY"), Some("Jour: Sam Berg"));
        let start = e.get("DTSTART").unwrap();
        assert_eq!(start.param("TZID"), Some("W. Europe Standard Time"));
        assert_eq!(start.value, "20261005T080000");
        assert_eq!(start.line, 5);
    }

    #[test]
    fn truncated_deep_and_foreign_files_are_named() {
        assert_eq!(
            calendars("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"),
            Err(LinesError::Truncated {
                open: "VEVENT".into(),
                line: 2
            })
        );
        let deep = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:VEVENT\n".repeat(10_000);
        assert!(matches!(calendars(&deep), Err(LinesError::TooDeep { .. })));
        assert_eq!(
            calendars("hello"),
            Err(LinesError::Malformed {
                line: 1,
                what: Malformation::NoColon("hello".into())
            })
        );
        assert_eq!(
            calendars("BEGIN:VCARD\nEND:VCARD\n"),
            Err(LinesError::NotACalendar)
        );
    }
}
