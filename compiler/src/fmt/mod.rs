//! The formatter: one canonical layout for every `.kader` file, used by
//! `kader fmt` and by the language server's formatting request.
//!
//! The formatter works from the syntax tree, the comments kept beside it
//! and the source text; it never guesses at text it could not parse, so a
//! file with syntax errors is refused ([`FmtError::Syntax`]) and nothing is
//! written. The layout (see `ARCHITECTURE.md` and [`format()`]):
//!
//! - four spaces per level; `{` on the header line, `}` on a line of its own;
//!   one field, declaration, variant or clause per line; `,` and `;` after
//!   fields are dropped;
//! - no column alignment: `naam: waarde` with one space, so adding a field
//!   never changes the lines around it;
//! - exactly one blank line between top-level items; inside a body, blank
//!   lines are kept where the author put them, at most one in a row, never
//!   right after `{` or before `}`;
//! - a list stays on one line when it fits in [`Options::width`] columns and
//!   holds no comment or text block; otherwise one element per line, each
//!   with a trailing comma;
//! - a text block starts with `"""` after the field name; its lines and the
//!   closing `"""` are indented one level deeper than the field;
//! - in rules, one clause per line; a clause that does not fit breaks
//!   before each `en` / `of` (one level deeper), a `laat x = [...]` list that
//!   does not fit gets one element per line with its `als` condition on the
//!   next line when both do not fit, and brackets are kept as written;
//! - comments stay in order: a comment on its own line stays above what
//!   follows it, an end-of-line comment stays at the end of its line;
//! - line endings are kept: a file whose first line ends in `\r\n` is
//!   written with `\r\n` throughout.
//!
//! The formatter is syntactic: it knows the text, the tree and the words
//! of the language itself, never the schema or what a name refers to. With
//! a target language ([`Options::taal`]) it writes the language's own words
//! in that language (the keywords of `soort`, `keuze` and `regel`, the
//! severity of a rule, booleans and units of time), and every other word
//! as the caller's [`Renames`] say. What those are for kinds, fields,
//! vocabulary values, types, item names and the names in rules is worked
//! out from an analysis by [`crate::translate`], which formats through
//! [`format_parsed`].
//!
//! The formatter checks its own output: it must parse without syntax
//! errors and, without a target language, to the same tree (spans aside,
//! [`same_shape`]) with the same diagnostics. When it would not
//! ([`FmtError::Meaning`], e.g. a `///` comment in the middle of a line),
//! the file is left alone.

mod print;
mod shape;

use crate::ast::SourceFile;
use crate::diagnostics::{Diagnostic, Severity};
use crate::span::FileId;
use crate::Taal;
pub use print::{keyword, Renames};
pub use shape::same_shape;

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Write the file in this language; `None` keeps every spelling as
    /// written. The formatter itself rewrites only the language's own
    /// words; the names come from the [`Renames`] given to
    /// [`format_parsed`] (see [`crate::translate`]).
    pub taal: Option<Taal>,
    /// The column limit for lists kept on one line.
    pub width: usize,
}

/// The default column limit.
pub const WIDTH: usize = 100;

impl Default for Options {
    fn default() -> Options {
        Options {
            taal: None,
            width: WIDTH,
        }
    }
}

/// Why a file was not formatted.
#[derive(Clone, Debug)]
pub enum FmtError {
    /// The file has syntax errors (K01xx); these are they.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean what the file means (the
    /// formatter checks its own output), so the file is left as it is. This
    /// is a shortcoming of the formatter, e.g. a `///` comment in the middle
    /// of a line, which would document something else once moved.
    Meaning,
}

impl std::fmt::Display for FmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FmtError::Syntax(d) => write!(
                f,
                "het bestand heeft {} syntaxfout(en) / the file has {} syntax error(s)",
                d.len(),
                d.len()
            ),
            FmtError::Meaning => f.write_str(
                "de opmaak zou de betekenis veranderen; het bestand blijft zoals het is / formatting would change the meaning; the file is left as it is",
            ),
        }
    }
}

impl std::error::Error for FmtError {}

/// The syntax errors among `diagnostics`: the ones that block formatting.
pub fn syntax_errors<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error && is_syntax(d))
        .cloned()
        .collect()
}

/// Whether `d` is about the text itself (K01xx, declared by the parser):
/// what formatting can change, and what blocks it.
fn is_syntax(d: &Diagnostic) -> bool {
    is_parsers(d)
        || crate::syntax::unicode::CODES
            .iter()
            .any(|c| c.code.eq_ignore_ascii_case(d.code.as_str()))
}

/// Whether `d` is one the parser itself reports ([`crate::syntax::parse`]).
fn is_parsers(d: &Diagnostic) -> bool {
    crate::syntax::CODES
        .iter()
        .any(|c| c.code.eq_ignore_ascii_case(d.code.as_str()))
}

/// Formats one file on its own, from its text alone. With
/// [`Options::taal`] only the language's own words are rewritten; to write
/// a whole file in another language use [`crate::translate`].
pub fn format(text: &str, options: &Options) -> Result<String, FmtError> {
    let parsed = crate::syntax::parse(FileId(0), text);
    format_parsed(
        text,
        &parsed.tree,
        &parsed.diagnostics,
        &Renames::new(),
        options,
    )
}

/// Formats a text that is parsed already: `tree` and `diagnostics` are
/// what reading `text` gave (only its syntax errors count), and `renames`
/// the words to spell differently, by the offset where they start.
pub fn format_parsed(
    text: &str,
    tree: &SourceFile,
    diagnostics: &[Diagnostic],
    renames: &Renames,
    options: &Options,
) -> Result<String, FmtError> {
    let errors = syntax_errors(diagnostics);
    if !errors.is_empty() {
        return Err(FmtError::Syntax(errors));
    }
    let out = print::print(text, tree, renames, options.taal, options.width);
    // A text printed back exactly as it was cannot have changed meaning:
    // in a formatted repository (the usual `fmt --check`) nothing is read
    // a second time.
    if out == text {
        return Ok(out);
    }
    let rewritten = options.taal.is_some() || !renames.is_empty();
    check_meaning(tree, diagnostics, &out, rewritten)?;
    Ok(finish(text, out))
}

/// Checks the formatter's own output: it parses without syntax errors and,
/// unless spellings were rewritten, to the same tree (spans aside) with the
/// same diagnostics as `before`, read with `diagnostics`.
fn check_meaning(
    before: &SourceFile,
    diagnostics: &[Diagnostic],
    out: &str,
    rewritten: bool,
) -> Result<(), FmtError> {
    let after = crate::syntax::parse(before.span.file, out);
    if !syntax_errors(&after.diagnostics).is_empty() || after.tree.items.len() != before.items.len()
    {
        return Err(FmtError::Meaning);
    }
    if rewritten {
        return Ok(());
    }
    // Only the parser's own findings can be compared: reading the output
    // again finds those alone. The look of the text (K0113-K0115) is found
    // beside the parser, with the schema, and a file with an invisible
    // character or a look-alike name was refused as if its meaning changed.
    let messages = |d: &[Diagnostic]| -> Vec<(String, smol_str::SmolStr)> {
        d.iter()
            .filter(|d| is_parsers(d))
            .map(|d| (d.code.to_string(), d.message.en.clone()))
            .collect()
    };
    if !same_shape(before, &after.tree) || messages(diagnostics) != messages(&after.diagnostics) {
        return Err(FmtError::Meaning);
    }
    Ok(())
}

/// Restores the line endings of the original, and its byte order mark.
fn finish(original: &str, formatted: String) -> String {
    let formatted = match original.strip_prefix('\u{feff}') {
        Some(_) if !formatted.starts_with('\u{feff}') => format!("\u{feff}{formatted}"),
        _ => formatted,
    };
    match crate::span::line_ending(original) {
        "\n" => formatted,
        newline => formatted.replace('\n', newline),
    }
}

#[cfg(test)]
mod tests;
