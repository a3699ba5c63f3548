//! Exports of the record: the Lex Maria evidence (Markdown, JSON).

pub mod lex_maria;
mod lex_maria_md;
mod lex_maria_render;
mod lex_maria_rows;
mod lex_maria_sign;
pub mod year;
