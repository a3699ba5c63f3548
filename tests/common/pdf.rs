//! Reading PDFs back in tests with an independent parser (lopdf): pages, page size, and the
//! text of a page decoded through each font's ToUnicode map. (lopdf's own text extraction
//! rejects CMaps that carry the usual PostScript resource header, so the `bfchar`/`bfrange`
//! entries are read here.)

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use std::collections::HashMap;

pub fn open(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    Document::load_mem(bytes).expect("the PDF opens")
}

fn hex_value(s: &str) -> u32 {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).unwrap_or(0)
}

fn utf16(hex: &str) -> String {
    let h = hex.trim_matches(|c| c == '<' || c == '>');
    let units: Vec<u16> = (0..h.len() / 4)
        .filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16_lossy(&units)
}

/// Glyph code → text, from a ToUnicode CMap.
fn to_unicode(cmap: &str) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let mut mode = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("end") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [code, text]) => {
                map.insert(hex_value(code), utf16(text));
            }
            ("range", [lo, hi, start]) if start.starts_with('<') => {
                let (lo, hi, first) = (hex_value(lo), hex_value(hi), hex_value(start));
                for (k, code) in (lo..=hi).enumerate() {
                    if let Some(c) = char::from_u32(first + k as u32) {
                        map.insert(code, c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn fonts(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, HashMap<u32, String>> {
    let mut out = HashMap::new();
    let Ok(fonts) = doc.get_page_fonts(page) else {
        return out;
    };
    for (name, font) in fonts {
        let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
            continue;
        };
        let Ok(stream) = doc.get_object(*id).and_then(Object::as_stream) else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        out.insert(name, to_unicode(&String::from_utf8_lossy(&data)));
    }
    out
}

/// The text drawn on page `number` (1-based), one line per text-showing operation.
pub fn page_text(doc: &Document, number: u32) -> String {
    let pages = doc.get_pages();
    let page = pages[&number];
    let fonts = fonts(doc, page);
    let content = Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
    let mut current: Option<&HashMap<u32, String>> = None;
    let mut out = String::new();
    let decode = |bytes: &[u8], map: Option<&HashMap<u32, String>>, out: &mut String| {
        for pair in bytes.chunks(2) {
            let code = pair.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
            if let Some(t) = map.and_then(|m| m.get(&code)) {
                out.push_str(t);
            }
        }
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                    current = fonts.get(name);
                }
            }
            "Tj" => {
                if let Some(Object::String(bytes, _)) = op.operands.first() {
                    decode(bytes, current, &mut out);
                }
                out.push('\n');
            }
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    for item in items {
                        if let Object::String(bytes, _) = item {
                            decode(bytes, current, &mut out);
                        }
                    }
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}
