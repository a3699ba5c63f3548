//! The evidence record for a Lex Maria assessment: everything beredskap holds about an
//! incident, in Markdown (to read and sign), JSON (versioned, `docs/export-schema.json`) and
//! PDF/A, with an integrity section a reader can check against the log: every included
//! event's id and hash, a SHA-256 over them, the log's head and the result of verifying the
//! chain.
//!
//! `evidence` gathers and verifies (and writes the JSON); `markdown` writes the record by
//! section, `rows` and `sign` its tables and its signature and integrity sections, `words`
//! the forms they share; `render` delivers it (files, PDF, the guard, the export event).

mod evidence;
mod markdown;
mod record;
mod render;
mod rows;
mod sign;
mod words;

pub use evidence::{Evidence, SCHEMA, digest, gaps, gather, to_json, to_json_in};
pub use markdown::{to_markdown, to_markdown_for_print, to_markdown_in};
pub use record::schema;
pub use render::{ExportError, Exported, Rendered, guard, record, render};
pub use words::Hashes;
