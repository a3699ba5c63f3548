//! The sheet as plain text for an A4 page in a monospaced font: 78 columns, 60 lines a
//! page, a form feed between pages, a step never split over two pages.

use super::{Recorded, Sheet, preamble, step_details};
use crate::i18n::T;
use crate::model::text::DisplayWidth;

pub const WIDTH: usize = 78;
pub const PAGE_LINES: usize = 60;
/// Where a step's text starts: "[ ]  12  ".
const INDENT: usize = 9;

/// Word wrap to `width` columns; a word wider than a line is cut (`model::text::wrap`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::model::text::wrap(text, width)
}

/// `label: text` wrapped, continuation lines indented by two.
fn labelled(label: &str, text: &str, indent: usize) -> Vec<String> {
    let full = if label.is_empty() {
        text.to_string()
    } else {
        format!("{label}: {text}")
    };
    let pad = " ".repeat(indent);
    // A labelled text hangs under its label; plain text does not.
    let hang = if label.is_empty() { "" } else { "  " };
    wrap(&full, WIDTH - indent - hang.len())
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{pad}{l}")
            } else {
                format!("{pad}{hang}{l}")
            }
        })
        .collect()
}

/// The blocks of the sheet: the opening, then one block per section heading and step.
fn blocks(sheet: &Sheet) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut head = vec![
        format!("{}  {}", sheet.t(T::PrintHeading), sheet.title),
        String::new(),
    ];
    for (label, text) in preamble(sheet) {
        head.extend(labelled(&label, &text, 0));
    }
    head.push(String::new());
    head.extend(labelled("", sheet.t(T::PrintBefore), 0));
    head.push(String::new());
    head.push(format!(
        "{}: ____________________  {}: __________  {}: ____________________",
        sheet.t(T::PrintUnit),
        sheet.t(T::PrintDate),
        sheet.t(T::PrintResponsible)
    ));
    head.push(String::new());
    out.push(head);
    for section in &sheet.sections {
        let mut first = true;
        for step in &section.steps {
            let mut block = Vec::new();
            if first && !section.heading.is_empty() {
                block.push(section.heading.to_uppercase());
                block.push("─".repeat(section.heading.display_width()));
            }
            first = false;
            let mark = match &step.recorded {
                None => "[ ]",
                Some(Recorded::Done { .. }) => "[x]",
                Some(Recorded::Skipped { .. }) => "[-]",
            };
            let pad = " ".repeat(INDENT);
            for (i, line) in wrap(&step.text, WIDTH - INDENT).into_iter().enumerate() {
                if i == 0 {
                    block.push(format!("{mark} {:>3}  {line}", step.number));
                } else {
                    block.push(format!("{pad}{line}"));
                }
            }
            for d in step_details(sheet, step) {
                block.extend(labelled("", &d, INDENT));
            }
            if step.recorded.is_none() {
                block.push(format!(
                    "{pad}{}: ________  {}: ______________________________",
                    sheet.t(T::PrintTime),
                    sheet.t(T::PrintSignature)
                ));
            }
            block.push(String::new());
            out.push(block);
        }
    }
    out
}

/// The whole sheet as text, pages separated by form feeds.
pub fn render(sheet: &Sheet) -> String {
    let body = PAGE_LINES - 2; // the footer and the line above it
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for block in blocks(sheet) {
        let Some(page) = pages.last_mut() else { break };
        if !page.is_empty() && page.len() + block.len() > body {
            let mut next = vec![
                format!("{} ({})", sheet.title, sheet.t(T::PrintContinued)),
                String::new(),
            ];
            next.extend(block.into_iter().skip_while(|l| l.is_empty()));
            pages.push(next);
        } else {
            page.extend(block);
        }
    }
    let count = pages.len();
    let mut out = String::new();
    for (i, mut page) in pages.into_iter().enumerate() {
        while page.last().is_some_and(|l| l.is_empty()) {
            page.pop();
        }
        let footer = format!(
            "{} · {} {} {} {count}",
            sheet.label(),
            sheet.t(T::PrintPage),
            i + 1,
            sheet.t(T::OfWord)
        );
        let lines = page.len();
        for line in page {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        // The footer at the foot of a full page.
        for _ in lines..body + 1 {
            out.push('\n');
        }
        out.push_str(&format!("{footer:>WIDTH$}\n"));
        if i + 1 < count {
            out.push('\u{c}');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fills_lines_and_cuts_long_words() {
        assert_eq!(wrap("a b c", 3), vec!["a b", "c"]);
        assert_eq!(wrap("abcdefg", 3), vec!["abc", "def", "g"]);
        assert_eq!(wrap("", 3), vec![""]);
        assert!(
            wrap(&"ord ".repeat(100), 20)
                .iter()
                .all(|l| l.chars().count() <= 20)
        );
    }
}
