//! The PDFs' built-in fonts (DejaVu Sans, embedded): glyphs and advances looked up once per
//! character, widths and word wrap for the layout (pdf.rs lays out and draws).

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

pub(super) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One built-in font's glyphs by character: its glyph id and advance (in em), looked up
/// in the font's tables the first time a character appears. The text of a record is
/// Latin script (Swedish), which needs no shaping beyond this: placing glyphs ourselves
/// instead of shaping every line (krilla's `draw_text` parses the font and shapes each
/// call) made a 10,000-event record's PDF three times faster.
pub(super) struct Face {
    font: FontRef<'static>,
    /// The font's character map, built once (it is not free: it picks the best subtable).
    charmap: skrifa::charmap::Charmap<'static>,
    latin: std::cell::RefCell<Vec<Option<(u32, f32)>>>,
    glyphs: std::cell::RefCell<std::collections::HashMap<char, (u32, f32)>>,
}

/// The advance of a character the font lacks (drawn as the font's "missing" glyph).
const MISSING_ADVANCE: f32 = 0.6;

impl Face {
    fn new(data: &'static [u8]) -> Result<Face, String> {
        let font = FontRef::new(data).map_err(|e| format!("font: {e}"))?;
        Ok(Face {
            charmap: font.charmap(),
            font,
            latin: std::cell::RefCell::new(vec![None; LATIN]),
            glyphs: Default::default(),
        })
    }

    /// The glyph id and advance (em) of `c`: Latin text from a table filled as characters
    /// first appear, anything else from a map.
    fn glyph(&self, c: char) -> (u32, f32) {
        let index = c as usize;
        if index < LATIN {
            if let Some(known) = self.latin.borrow()[index] {
                return known;
            }
            let found = self.look_up(c);
            self.latin.borrow_mut()[index] = Some(found);
            return found;
        }
        *self
            .glyphs
            .borrow_mut()
            .entry(c)
            .or_insert_with(|| self.look_up(c))
    }

    fn look_up(&self, c: char) -> (u32, f32) {
        match self.charmap.map(c) {
            Some(g) => (
                g.to_u32(),
                self.font
                    .glyph_metrics(Size::new(1.0), LocationRef::default())
                    .advance_width(g)
                    .unwrap_or(MISSING_ADVANCE),
            ),
            None => (0, MISSING_ADVANCE),
        }
    }

    /// The characters `c` is drawn as: itself, or — when the font lacks it — its name in
    /// ASCII, so nothing a text holds is lost to a `?` (an archival PDF may not draw the
    /// font's "missing" glyph): a control's picture as `<ESC>`, `<BEL>`; anything else as
    /// `<U+1F600>`.
    fn drawn_as(&self, c: char, mut each: impl FnMut(char, (u32, f32))) {
        let found = self.glyph(c);
        if found.0 != 0 || c == ' ' {
            return each(c, found);
        }
        for n in missing_name(c).chars() {
            each(n, self.glyph(n));
        }
    }

    /// The advance (em) of `text` as drawn.
    fn advance(&self, text: &str) -> f32 {
        let mut sum = 0.0;
        for c in text.chars() {
            self.drawn_as(c, |_, (_, a)| sum += a);
        }
        sum
    }

    /// `text` as drawn and its glyphs in a row, each with the bytes of the drawn text it
    /// stands for (`drawn_as`: the record must never fail to print, nor lose a character).
    pub(super) fn run(&self, text: &str) -> (String, Vec<krilla::text::KrillaGlyph>) {
        let mut drawn = String::with_capacity(text.len());
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            self.drawn_as(c, |c, (id, advance)| {
                let at = drawn.len();
                drawn.push(c);
                glyphs.push(krilla::text::KrillaGlyph {
                    glyph_id: krilla::text::GlyphId::new(id),
                    text_range: at..drawn.len(),
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                });
            });
        }
        (drawn, glyphs)
    }
}

/// The ASCII name of a character the font lacks: a C0 control picture (what `shown` makes
/// of ESC, BEL …) as the control's abbreviation, anything else as its code point.
fn missing_name(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
        "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
        "ESC", "FS", "GS", "RS", "US",
    ];
    match c as u32 {
        code @ 0x2400..=0x241F => format!("<{}>", C0[(code - 0x2400) as usize]),
        0x2421 => "<DEL>".into(),
        code => format!("<U+{code:04X}>"),
    }
}

/// What keeps a printed table's columns apart: an em space, as wide as three spaces and one
/// glyph to draw.
pub(super) const COLUMN_GAP: char = '\u{2003}';

/// The characters kept in a table rather than a map: Latin-1 and Latin Extended-A/B.
const LATIN: usize = 0x250;

pub(super) struct Metrics {
    regular: Face,
    bold: Face,
}

impl Metrics {
    pub(super) fn new() -> Result<Metrics, String> {
        Ok(Metrics {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    pub(super) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }

    pub(super) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.face(bold).advance(text) * size
    }

    /// `text` cut to `width` points, ending in "…" when it was cut (`model::text`).
    pub(super) fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        crate::model::text::cut_by(&self.at(size, bold), text, width).into_owned()
    }

    /// Word wrap to `width` points (`model::text`). Whitespace between words becomes one
    /// space, but for the em space that keeps a table's columns apart: it stays, inside
    /// the word.
    pub(super) fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        crate::model::text::wrap_by(&self.at(size, bold), text, width)
    }

    fn at(&self, size: f32, bold: bool) -> Points<'_> {
        Points {
            metrics: self,
            size,
            bold,
        }
    }
}

/// A face at a size, as `model::text` measures: in points.
struct Points<'a> {
    metrics: &'a Metrics,
    size: f32,
    bold: bool,
}

impl crate::model::text::Measure for Points<'_> {
    type Width = f32;
    fn width(&self, text: &str) -> f32 {
        self.metrics.width(text, self.size, self.bold)
    }
    fn breaks_at(&self, c: char) -> bool {
        c.is_whitespace() && c != COLUMN_GAP
    }
}
