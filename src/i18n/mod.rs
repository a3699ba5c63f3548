//! Every piece of interface text: the words are the `beredskap-i18n` crate's (below the
//! operations, which write words too: a page's message in the region's language); a failed
//! action told in the interface language is here, above the operations it tells of.

pub use beredskap_i18n::*;

pub mod failure;
