//! Lexer and parser. chumsky lives here and nowhere else.

use crate::ast::SourceFile;
use crate::diagnostics::codes::CodeInfo;
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};

/// A parse tree and the problems found while reading it. Parsing never fails.
#[derive(Debug)]
pub struct Parsed {
    pub tree: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn parse(file: FileId, text: &str) -> Parsed {
    Parsed {
        tree: SourceFile {
            items: Vec::new(),
            comments: Vec::new(),
            span: Span::new(file, 0, text.len()),
        },
        diagnostics: Vec::new(),
    }
}

/// The syntax diagnostic codes.
pub static CODES: &[CodeInfo] = &[];
