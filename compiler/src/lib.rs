//! kader: beleid als code voor online onderzoek en monitoring van sociale
//! media door gemeenten — policy-as-code for municipal online research.
//!
//! The library has one entry point, [`analyse`]: give it the texts of a
//! policy repository (and its `kader.toml`), get back an [`Analysis`] with the
//! parse trees and every diagnostic. It does no I/O; the command line reads
//! the disk and the language server supplies editor buffers.

// Every `pub` item is reachable from outside: what is not part of the
// surface below is `pub(crate)`.
#![warn(unreachable_pub)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// The way in: analyse the texts of a repository. These modules are private;
// what a caller needs of them is re-exported here.
mod analysis;
mod source;
mod span;
mod suggest;

pub use analysis::{analyse, analyse_hollow, analyse_reusing, analyse_syntax, Analysis, File};
pub use diagnostics::{Diagnostic, Severity, Taal, Text};
pub use source::{FileKind, ParsedFile, Source};
pub use span::{
    ceil_char_boundary, floor_char_boundary, line_ending, FileId, LineCol, LineIndex, Span,
};
pub use suggest::did_you_mean;

// The model an analysis holds, as plain data, in the order the stages build
// it: the syntax tree, the schema, the checked items, the fingerprint of a
// policy's meaning, the compiled rules, and the diagnostics with their codes.
pub mod ast;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod fingerprint;
pub mod reading;
pub mod rules;
pub mod schema;
pub mod stdlib;
pub mod syntax;

// What is built on the text and on an analysis: the formatter (syntactic),
// translation into the other language, the editor features, the register,
// the terminal rendering of diagnostics and the code catalogue.
pub mod catalogue;
pub mod fmt;
pub mod ide;
pub mod render;
pub mod report;
pub mod toets;
pub mod translate;
