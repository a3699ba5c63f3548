//! The sheet as an A4 PDF (krilla, with DejaVu Sans embedded and subset). Laid out as a
//! table: check box, number, the step's text, and lines for time and signature; about 40
//! one-line steps fit a page. Layout first (pure, into drawing operations per page), then
//! drawing.

use super::pdf_font::{BOLD, Metrics, REGULAR};
use super::{Recorded, Sheet, preamble, step_details};
use crate::i18n::T;
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::Font;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 40.0;
const RIGHT: f32 = PAGE_W - MARGIN;
const TEXT_X: f32 = MARGIN + 36.0;
const TIME_X: f32 = 428.0;
const TIME_W: f32 = 44.0;
const SIGN_X: f32 = 480.0;
const TEXT_W: f32 = TIME_X - 10.0 - TEXT_X;
const BODY: f32 = 9.0;
const BODY_LINE: f32 = 11.0;
const SMALL: f32 = 7.5;
const SMALL_LINE: f32 = 9.0;
const ROW_PAD: f32 = 7.0;
/// The lowest a row may reach; the footer lives below.
const BOTTOM: f32 = PAGE_H - MARGIN - 14.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    Black,
    Grey,
}

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        ink: Ink,
        text: String,
    },
    Box {
        x: f32,
        y: f32,
        side: f32,
    },
    Line {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

struct Layout<'a> {
    m: &'a Metrics,
    pages: Vec<Vec<Op>>,
    y: f32,
    title: String,
}

impl Layout<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, ink: Ink, text: &str) {
        let y = self.y;
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            ink,
            text: text.to_string(),
        });
    }

    /// Starts a new page when `height` does not fit on this one.
    fn room(&mut self, height: f32) {
        if self.y + height <= BOTTOM || self.pages.is_empty() {
            return;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN + 10.0;
        // The running title on one line: a long one ends in "…" inside the margin.
        let title = self.m.fit(&self.title, SMALL, true, RIGHT - MARGIN);
        self.text(MARGIN, SMALL, true, Ink::Grey, &title);
        self.y += 10.0;
    }
}

fn layout(sheet: &Sheet, m: &Metrics) -> Vec<Vec<Op>> {
    let mut l = Layout {
        m,
        pages: vec![Vec::new()],
        y: MARGIN + 14.0,
        title: format!("{} ({})", sheet.title, sheet.t(T::PrintContinued)),
    };
    let full = RIGHT - MARGIN;
    for line in m.wrap(
        &format!("{}  {}", sheet.t(T::PrintHeading), sheet.title),
        14.0,
        true,
        full,
    ) {
        l.text(MARGIN, 14.0, true, Ink::Black, &line);
        l.y += 18.0;
    }
    l.y += 2.0;
    for (label, text) in preamble(sheet) {
        let full_text = if label.is_empty() {
            text
        } else {
            format!("{label}: {text}")
        };
        for line in m.wrap(&full_text, 8.5, false, full) {
            l.text(MARGIN, 8.5, false, Ink::Black, &line);
            l.y += 11.0;
        }
    }
    l.y += 4.0;
    for line in m.wrap(sheet.t(T::PrintBefore), SMALL, false, full) {
        l.text(MARGIN, SMALL, false, Ink::Grey, &line);
        l.y += SMALL_LINE;
    }
    l.y += 12.0;
    // Unit, date, responsible: three labelled lines to fill in.
    let fields = [
        (T::PrintUnit, MARGIN, 200.0),
        (T::PrintDate, 255.0, 90.0),
        (T::PrintResponsible, 360.0, RIGHT - 360.0),
    ];
    for (label, x, w) in fields {
        let text = format!("{}:", sheet.t(label));
        let lw = m.width(&text, 8.5, false) + 4.0;
        l.text(x, 8.5, false, Ink::Black, &text);
        let y = l.y + 2.0;
        l.ops().push(Op::Line {
            x1: x + lw,
            x2: x + w - 8.0,
            y,
        });
    }
    l.y += 14.0;
    for section in &sheet.sections {
        let mut first = true;
        for step in &section.steps {
            let lines = m.wrap(&step.text, BODY, false, TEXT_W);
            let details: Vec<String> = step_details(sheet, step)
                .iter()
                .flat_map(|d| m.wrap(d, SMALL, false, TEXT_W))
                .collect();
            let row = BODY_LINE * lines.len() as f32 + SMALL_LINE * details.len() as f32 + ROW_PAD;
            let heading = if first && !section.heading.is_empty() {
                24.0
            } else {
                0.0
            };
            first = false;
            l.room(heading + row);
            if heading > 0.0 {
                l.y += 14.0;
                l.text(MARGIN, 10.0, true, Ink::Black, &section.heading);
                l.text(TIME_X, SMALL, false, Ink::Grey, sheet.t(T::PrintTime));
                l.text(SIGN_X, SMALL, false, Ink::Grey, sheet.t(T::PrintSignature));
                let y = l.y + 3.0;
                l.ops().push(Op::Line {
                    x1: MARGIN,
                    x2: RIGHT,
                    y,
                });
                l.y += 10.0;
            }
            step_row(&mut l, step, &lines, &details);
            l.y += row;
        }
    }
    l.pages
}

fn step_row(l: &mut Layout, step: &super::SheetStep, lines: &[String], details: &[String]) {
    let top = l.y;
    let baseline = top + BODY;
    l.ops().push(Op::Box {
        x: MARGIN,
        y: baseline - 8.0,
        side: 9.0,
    });
    let mark = match &step.recorded {
        Some(Recorded::Done { .. }) => Some("✔"),
        Some(Recorded::Skipped { .. }) => Some("–"),
        None => None,
    };
    l.y = baseline;
    if let Some(mark) = mark {
        l.text(MARGIN + 1.2, 8.5, true, Ink::Black, mark);
    }
    let number = step.number.to_string();
    let nw = l.m.width(&number, BODY, true);
    l.text(TEXT_X - 6.0 - nw, BODY, true, Ink::Black, &number);
    for line in lines {
        l.text(TEXT_X, BODY, false, Ink::Black, line);
        l.y += BODY_LINE;
    }
    l.y -= BODY_LINE - SMALL_LINE;
    for d in details {
        l.text(TEXT_X, SMALL, false, Ink::Grey, d);
        l.y += SMALL_LINE;
    }
    // Time and signature: filled in from the run, or lines to write on.
    l.y = baseline;
    if let Some(Recorded::Done { by, at, .. } | Recorded::Skipped { by, at, .. }) = &step.recorded {
        l.text(TIME_X, 8.0, false, Ink::Black, at);
        l.text(SIGN_X, 8.0, false, Ink::Black, by);
    }
    let y = baseline + 2.0;
    l.ops().push(Op::Line {
        x1: TIME_X,
        x2: TIME_X + TIME_W,
        y,
    });
    l.ops().push(Op::Line {
        x1: SIGN_X,
        x2: RIGHT,
        y,
    });
    l.y = top;
}

/// The sheet as PDF bytes.
/// What a PDF says about itself (its document information and XMP metadata).
pub struct PdfMeta<'a> {
    pub title: &'a str,
    /// The region that issues the document.
    pub author: &'a str,
    /// What it is about (the incident's id for a record).
    pub subject: &'a str,
    pub created: chrono::DateTime<chrono::Utc>,
    pub lang: crate::i18n::Lang,
}

/// The archival level every PDF is written to: PDF/A-2u. PDF/A-2 keeps compression (a
/// 10,000-event record stays small) and is what records systems (diarium) take; "u" maps
/// every glyph to Unicode, so the text can be searched and copied (and `pdftotext` reads
/// it); "a" would need a full tag tree of the document's structure, which pages laid out
/// line by line do not have.
pub const ARCHIVAL: krilla::configure::Archival = krilla::configure::Archival::A2_U;

pub fn render(sheet: &Sheet) -> Result<Vec<u8>, String> {
    let m = Metrics::new()?;
    let pages = layout(sheet, &m);
    let footer = |i: usize, count: usize| {
        format!(
            "{} · {} {} {} {count}",
            sheet.label(),
            sheet.t(T::PrintPage),
            i + 1,
            sheet.t(T::OfWord)
        )
    };
    let meta = PdfMeta {
        title: &sheet.title,
        author: "beredskap",
        subject: &sheet.title,
        created: chrono::Utc::now(),
        lang: sheet.lang,
    };
    draw(&m, &pages, &meta, &footer)
}

/// Draws laid-out pages into a PDF, with `footer(page index, page count)` on each.
fn draw(
    m: &Metrics,
    pages: &[Vec<Op>],
    meta: &PdfMeta,
    footer: &dyn Fn(usize, usize) -> String,
) -> Result<Vec<u8>, String> {
    let regular = Font::new(REGULAR.into(), 0).ok_or("the built-in font did not load")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("the built-in font did not load")?;
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    let configuration = krilla::configure::ConfigurationBuilder::new()
        .with_archival_validator(ARCHIVAL)
        .finish()
        .map_err(|e| format!("PDF/A configuration: {e:?}"))?;
    let mut doc = Document::new_with(krilla::SerializeSettings {
        configuration,
        ..Default::default()
    });
    let created = {
        use chrono::{Datelike, Timelike};
        let t = meta.created;
        krilla::metadata::DateTime::new(u16::try_from(t.year()).unwrap_or(2000))
            .month(t.month() as u8)
            .day(t.day() as u8)
            .hour(t.hour() as u8)
            .minute(t.minute() as u8)
            .second(t.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0)
    };
    doc.set_metadata(
        Metadata::new()
            .title(meta.title.to_string())
            .authors(vec![meta.author.to_string()])
            .description(meta.subject.to_string())
            .creator("beredskap".into())
            .creation_date(created)
            .language(match meta.lang {
                crate::i18n::Lang::Sv => "sv".into(),
                crate::i18n::Lang::En => "en".into(),
            }),
    );
    let count = pages.len();
    for (i, ops) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        let footer = footer(i, count);
        let fw = m.width(&footer, SMALL, false);
        let footer_op = Op::Text {
            x: RIGHT - fw,
            y: PAGE_H - MARGIN,
            size: SMALL,
            bold: false,
            ink: Ink::Grey,
            text: footer,
        };
        for op in ops.iter().chain(std::iter::once(&footer_op)) {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    ink,
                    text,
                } => {
                    let grey = if *ink == Ink::Grey { 90 } else { 0 };
                    surface.set_fill(Some(Fill {
                        paint: luma::Color::new(grey).into(),
                        ..Default::default()
                    }));
                    let (text, glyphs) = m.face(*b).run(text);
                    surface.draw_glyphs(
                        Point::from_xy(*x, *y),
                        &glyphs,
                        if *b { bold.clone() } else { regular.clone() },
                        &text,
                        *size,
                        false,
                    );
                }
                Op::Box { x, y, side } => {
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *side, *side) {
                        pb.push_rect(r);
                    }
                    stroke(&mut surface, pb);
                }
                Op::Line { x1, x2, y } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y);
                    pb.line_to(*x2, *y);
                    stroke(&mut surface, pb);
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| match e {
        krilla::error::KrillaError::Validation(problems) => format!(
            "the PDF would not be PDF/A-2u: {}",
            problems
                .iter()
                .map(|(p, _)| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => format!("cannot write the PDF: {other:?}"),
    })
}

fn stroke(surface: &mut krilla::surface::Surface, pb: PathBuilder) {
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width: 0.6,
        ..Default::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// How many pages the sheet takes (for `--bench` and tests without rendering).
pub fn page_count(sheet: &Sheet) -> Result<usize, String> {
    let m = Metrics::new()?;
    Ok(layout(sheet, &m).len())
}

/// A line-oriented Markdown document (headings, bullets, tables, paragraphs — what the
/// exports write) as A4 PDF pages, with "page N of M" and `label` in each footer.
pub fn document(markdown: &str, meta: &PdfMeta, label: &str) -> Result<Vec<u8>, String> {
    let lang = meta.lang;
    let m = Metrics::new()?;
    let pages = layout_document(
        markdown,
        &m,
        format!("{} ({})", meta.title, lang.t(T::PrintContinued)),
    );
    let footer = |i: usize, count: usize| {
        format!(
            "{label} · {} {} {} {count}",
            lang.t(T::PrintPage),
            i + 1,
            lang.t(T::OfWord)
        )
    };
    draw(&m, &pages, meta, &footer)
}

/// The document's lines laid out into pages of drawing operations, `title` at the top of
/// every page after the first.
fn layout_document(markdown: &str, m: &Metrics, title: String) -> Vec<Vec<Op>> {
    let full = RIGHT - MARGIN;
    let mut l = Layout {
        m,
        pages: vec![Vec::new()],
        y: MARGIN + 10.0,
        title,
    };
    for raw in markdown.lines() {
        let line = raw.trim_end();
        let (size, bold, indent, text, gap) = if let Some(h) = line.strip_prefix("#### ") {
            (BODY, true, 0.0, h.to_string(), 3.0)
        } else if let Some(h) = line.strip_prefix("### ") {
            (10.0, true, 0.0, h.to_string(), 6.0)
        } else if let Some(h) = line.strip_prefix("## ") {
            (11.5, true, 0.0, h.to_string(), 10.0)
        } else if let Some(h) = line.strip_prefix("# ") {
            (14.0, true, 0.0, h.to_string(), 0.0)
        } else if line.starts_with("|---") || line.starts_with("|--") {
            continue;
        } else if line.starts_with('|') {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            let gap = super::pdf_font::COLUMN_GAP.to_string();
            (SMALL, false, 0.0, cells.join(&gap), 0.0)
        } else if let Some(b) = line.strip_prefix("  - ") {
            (BODY, false, 24.0, format!("– {b}"), 0.0)
        } else if let Some(b) = line.strip_prefix("- ") {
            (BODY, false, 10.0, format!("• {b}"), 0.0)
        } else if line.is_empty() {
            l.y += 5.0;
            continue;
        } else {
            (BODY, false, 0.0, line.to_string(), 0.0)
        };
        let text = crate::model::shown::unmarkdown(&text);
        let line_h = size * 1.25;
        // A list item's further lines hang under its text, not under its bullet.
        let hang = ["• ", "– "]
            .into_iter()
            .find(|bullet| text.starts_with(bullet))
            .map_or(0.0, |bullet| m.width(bullet, size, bold));
        let wrapped = m.wrap(&text, size, bold, full - indent - hang);
        // A heading keeps two lines of what follows it on its page: never a heading alone
        // at the foot of a page with its section over the leaf.
        let keep_with_next = if line.starts_with('#') {
            5.0 + 2.0 * BODY * 1.25
        } else {
            0.0
        };
        l.room(gap + line_h * wrapped.len().min(3) as f32 + keep_with_next);
        l.y += gap;
        for (k, part) in wrapped.iter().enumerate() {
            l.room(line_h);
            l.y += line_h;
            let x = MARGIN + indent + if k == 0 { 0.0 } else { hang };
            l.text(x, size, bold, Ink::Black, part);
        }
    }
    l.pages
}

/// The text of each line as laid out on the pages, in order (for tests elsewhere that ask
/// whether something fits a line).
#[cfg(test)]
pub(crate) fn laid_out_lines(markdown: &str) -> Vec<String> {
    let m = Metrics::new().unwrap_or_else(|e| panic!("{e}"));
    layout_document(markdown, &m, String::new())
        .iter()
        .flatten()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pages: &[Vec<Op>]) -> Vec<(f32, String)> {
        pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { x, text, .. } => Some((*x, text.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_list_item_hangs_under_its_text_and_a_paragraph_does_not() {
        let m = Metrics::new().unwrap();
        let long = "Sjukhusnätverk, Norra sjukhuset (natverk-norra): nere eller försämrat 1 h 57 \
                    min; vårdenheter: Norra sjukhuset, Akutmottagningen, Avdelning 12; beror på: \
                    Kärnnätverk";
        let pages = layout_document(&format!("- {long}\n\n{long}\n"), &m, "t".into());
        let lines = texts(&pages);
        assert_eq!(lines.len(), 4, "{lines:?}");
        let (bullet_x, first) = &lines[0];
        assert!(first.starts_with("• Sjukhusnätverk"), "{first}");
        let hang = m.width("• ", BODY, false);
        assert!((lines[1].0 - (bullet_x + hang)).abs() < 0.01, "{lines:?}");
        // A paragraph's lines start where it does.
        assert_eq!(lines[2].0, lines[3].0, "{lines:?}");
        assert_eq!(lines[2].0, MARGIN);
    }

    #[test]
    fn peoples_text_prints_as_they_wrote_it_without_the_markdown_escapes() {
        let typed = crate::model::shown::markdown("mt_service **nere** | `x`");
        let lines = laid_out_lines(&format!("- **Rubrik:** {typed}\n| #7 | {typed} |\n"));
        assert_eq!(lines[0], "• Rubrik: mt_service **nere** | `x`");
        assert_eq!(lines[1], "#7\u{2003}mt_service **nere** | `x`");
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let m = Metrics::new().unwrap();
        // Wherever the page breaks, the heading shares its page with the text under it.
        for filler in 40..90 {
            let mut md = "Rad\n".repeat(filler);
            md.push_str("\n## Andra rapporteringsskyldigheter\n\nInga registrerade.\n");
            let pages = layout_document(&md, &m, "t".into());
            let page_of = |text: &str| {
                pages
                    .iter()
                    .position(|p| {
                        p.iter()
                            .any(|op| matches!(op, Op::Text { text: t, .. } if t == text))
                    })
                    .unwrap()
            };
            assert_eq!(
                page_of("Andra rapporteringsskyldigheter"),
                page_of("Inga registrerade."),
                "after {filler} lines"
            );
        }
    }

    #[test]
    fn printed_table_cells_are_an_em_space_apart_in_one_run() {
        let m = Metrics::new().unwrap();
        let pages = layout_document(
            "#### 2026-05-23\n| #7 | 03:05 | il.karin | Läget |\n",
            &m,
            "t".into(),
        );
        let lines = texts(&pages);
        assert_eq!(lines[0].1, "2026-05-23");
        assert_eq!(lines[1].1, "#7\u{2003}03:05\u{2003}il.karin\u{2003}Läget");
        // The font has the em space: it is drawn, not replaced by "?".
        let (drawn, _) = m.face(false).run(&lines[1].1);
        assert!(!drawn.contains('?'), "{drawn}");
    }

    #[test]
    fn a_character_the_font_lacks_is_named_not_lost_and_a_long_word_is_cut_to_the_line() {
        let m = Metrics::new().unwrap();
        // What `shown` makes of ESC and BEL: control pictures the font does not have.
        let (drawn, glyphs) = m.face(false).run("a␛[2J␇b");
        assert_eq!(drawn, "a<ESC>[2J<BEL>b");
        assert_eq!(glyphs.len(), drawn.chars().count());
        assert!(!drawn.contains('?'));
        assert_eq!(
            m.width("␛", BODY, false),
            m.width("<ESC>", BODY, false),
            "measured as drawn"
        );
        let title = "Ö".repeat(300);
        let lines = m.wrap(&title, BODY, true, TEXT_W);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(m.width(l, BODY, true) <= TEXT_W, "{l}");
        }
        assert_eq!(lines.concat(), title, "nothing lost");
        // The running title of the pages after the first: one line, cut with "…".
        let pages = layout_document(&"rad\n\n".repeat(400), &m, title.clone());
        assert!(pages.len() > 1);
        for page in &pages[1..] {
            let Some(Op::Text {
                text,
                size,
                bold,
                x,
                ..
            }) = page.first()
            else {
                panic!("a running title");
            };
            assert!(text.ends_with('…'), "{text}");
            assert!(x + m.width(text, *size, *bold) <= RIGHT, "{text}");
        }
    }
}
