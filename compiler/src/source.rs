//! The texts an analysis starts from, and the parse of each: the input of
//! every pass. Passes read [`ParsedFile`]s and return what they found; only
//! the analysis driver ([`crate::analysis`]) puts the results together into
//! [`crate::File`]s.

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, LineIndex};
use crate::syntax::Looks;
use std::sync::Arc;

/// One source text, as read from disk or from an editor buffer.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path relative to the repository root, with `/` separators.
    pub path: String,
    /// Shared with the analysis: a text is held once, however many
    /// analyses read it.
    pub text: Arc<str>,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// What a file is to the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Built into the binary.
    Stdlib,
    /// A `.kader` file of the repository.
    Policy,
    /// The repository's `kader.toml`.
    Config,
}

/// One file, parsed: what every pass reads.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub id: FileId,
    pub path: String,
    pub kind: FileKind,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    /// Empty for `kader.toml`.
    pub tree: Arc<ast::SourceFile>,
    /// The parser's diagnostics (for `kader.toml`: the configuration's).
    pub syntax: Vec<Diagnostic>,
    /// Hidden characters and names outside ASCII, found while parsing.
    pub looks: Arc<Looks>,
}
