//! Exports of the record: the Lex Maria evidence (Markdown, JSON).

pub mod lex_maria;
pub mod year;
