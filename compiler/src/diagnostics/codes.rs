//! The catalogue of compiler diagnostic codes (syntax, schema, names,
//! configuration, I/O), with the explanations `kader explain` prints.
//!
//! Legal rule codes (`OO-…`, `AVG-…`) are not listed here: they are declared
//! by `regel` items in the stdlib. Each stage owns a table of its codes; this
//! module joins them so `explain` and the tests see one catalogue.

use super::Code;

/// What `kader explain` prints for a compiler code.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    /// One line: what went wrong.
    pub title_nl: &'static str,
    pub title_en: &'static str,
    /// A paragraph for a policy author.
    pub explanation_nl: &'static str,
    pub explanation_en: &'static str,
    /// A small example that has the problem, and the same example corrected.
    pub wrong: &'static str,
    pub right: &'static str,
}

impl CodeInfo {
    pub fn code(&self) -> Code {
        Code::fixed(self.code)
    }
}

/// Every compiler code, in code order.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    crate::syntax::CODES
        .iter()
        .chain(crate::syntax::unicode::CODES)
        .chain(crate::check::CODES)
        .chain(crate::rules::CODES)
        .chain(crate::config::CODES)
        .chain(crate::cli::CODES)
}

/// The entry for `code`, if it is a compiler code.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    all().find(|c| c.code.eq_ignore_ascii_case(code))
}
