//! kader: beleid als code voor online onderzoek en monitoring van sociale
//! media door gemeenten — policy-as-code for municipal online research.
//!
//! The library has one entry point, [`analyse`]: give it the texts of a
//! policy repository (and its `kader.toml`), get back an [`Analysis`] with the
//! parse trees and every diagnostic. It does no I/O; the command line reads
//! the disk and the language server supplies editor buffers.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analysis;
pub mod ast;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod fmt;
pub mod ide;
pub mod reading;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod span;
pub mod stdlib;
pub mod suggest;
pub mod syntax;
pub mod translate;

pub use analysis::{analyse, analyse_reusing, Analysis, File};
pub use diagnostics::{Diagnostic, Severity, Taal, Text};
pub use source::{FileKind, Source};
pub use span::{FileId, LineIndex, Span};
