//! Rundt's words in Danish, Norwegian Bokmål and English.
//!
//! The words live in Fluent catalogues, one set of files per language
//! (`locales/<lang>/pages.ftl`, `results.ftl`, `messages.ftl`), built into
//! the binary and parsed once. Page words are looked up by id; messages of
//! the domain and the use cases ([`rundt_domain::Message`]: a code and its
//! named values) are rendered from their code, English included. Plurals
//! follow each language's CLDR rules ("1 familie / 2 familier"), and decimal
//! numbers are written with a comma in Danish and Norwegian.
#![forbid(unsafe_code)]

mod catalogue;
mod locale;

pub use catalogue::{
    catalogue_ids, catalogue_sources, format, message, try_format, variables, word,
};
pub use locale::Locale;
