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
//! With a target language ([`Options::taal`]) every word whose meaning the
//! schema or the language knows is written in that language: kinds, field
//! names, vocabulary values, names of items that declare an English name,
//! types, modifiers, booleans, units of time and the keywords of `soort`,
//! `keuze` and `regel`, and inside rules the paths, functions, parameters
//! and compared vocabulary values. Names the author chose (a team, a
//! policy) stay, and so does text inside strings.
//!
//! The formatter checks its own output: it must parse without syntax
//! errors and, without a target language, to the same tree (spans aside)
//! with the same diagnostics. When it would not ([`FmtError::Meaning`],
//! e.g. a `///` comment in the middle of a line), the file is left alone.

mod print;
mod rules;
mod shape;

use crate::ast::{ItemKind, SourceFile};
use crate::check::Target;
use crate::diagnostics::codes::Category;
use crate::diagnostics::{Diagnostic, Severity};
use crate::schema::{Schema, BUILTIN_TYPES, MODIFIERS};
use crate::span::FileId;
use crate::{Analysis, Source, Taal};
use print::Renames;
pub use shape::same_shape;

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Rewrite every spelling into this language; `None` keeps them as written.
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

/// Whether `d` is about the text itself (K01xx): what formatting can
/// change, and what blocks it.
fn is_syntax(d: &Diagnostic) -> bool {
    crate::catalogue::category(&d.code) == Some(Category::Syntax)
}

/// Formats one file on its own. With [`Options::taal`] the file is analysed
/// together with the stdlib to know the schema; use [`format_in`] when the
/// file belongs to a repository that declares kinds of its own.
pub fn format(text: &str, options: &Options) -> Result<String, FmtError> {
    if options.taal.is_some() {
        let analysis = crate::analyse(&[Source::new("bestand.kader", text)], None);
        let Some(file) = analysis.policy_files().next() else {
            return Ok(text.to_string());
        };
        return format_in(&analysis, file.id, options);
    }
    let parsed = crate::syntax::parse(FileId(0), text);
    let errors = syntax_errors(&parsed.diagnostics);
    if !errors.is_empty() {
        return Err(FmtError::Syntax(errors));
    }
    let out = print::print(text, &parsed.tree, &Renames::new(), None, options.width);
    check_meaning(&parsed, &out, false)?;
    Ok(finish(text, out))
}

/// Checks the formatter's own output: it parses without syntax errors and,
/// unless spellings were rewritten, to the same tree (spans aside) with the
/// same diagnostics.
fn check_meaning(
    before: &crate::syntax::Parsed,
    out: &str,
    rewritten: bool,
) -> Result<(), FmtError> {
    let after = crate::syntax::parse(before.tree.span.file, out);
    if !syntax_errors(&after.diagnostics).is_empty()
        || after.tree.items.len() != before.tree.items.len()
    {
        return Err(FmtError::Meaning);
    }
    if rewritten {
        return Ok(());
    }
    let messages = |p: &crate::syntax::Parsed| -> Vec<(String, String)> {
        p.diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.message.en.clone()))
            .collect()
    };
    if !same_shape(&before.tree, &after.tree) || messages(before) != messages(&after) {
        return Err(FmtError::Meaning);
    }
    Ok(())
}

/// Formats one file of an analysed repository (its parse tree, and with a
/// target language the repository's schema and names).
pub fn format_in(analysis: &Analysis, file: FileId, options: &Options) -> Result<String, FmtError> {
    let Some(f) = analysis.file(file) else {
        return Ok(String::new());
    };
    let errors = syntax_errors(&f.diagnostics);
    if !errors.is_empty() {
        return Err(FmtError::Syntax(errors));
    }
    let renames = match options.taal {
        Some(taal) => renames(analysis, file, &f.tree, taal),
        None => Renames::new(),
    };
    let out = print::print(&f.text, &f.tree, &renames, options.taal, options.width);
    let before = crate::syntax::Parsed {
        tree: (*f.tree).clone(),
        diagnostics: f
            .diagnostics
            .iter()
            .filter(|d| is_syntax(d))
            .cloned()
            .collect(),
    };
    check_meaning(&before, &out, options.taal.is_some())?;
    Ok(finish(&f.text, out))
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

/// Which words to spell differently in `taal`, keyed by their offset.
fn renames(analysis: &Analysis, file: FileId, tree: &SourceFile, taal: Taal) -> Renames {
    let schema = &analysis.schema;
    let mut out = Renames::new();
    for sym in analysis.symbols.symbols_in(file) {
        if sym.definition {
            continue;
        }
        let spelling = match sym.target {
            Target::Kind(k) => schema.kind(k).map(|k| k.names.get(taal).to_string()),
            Target::Choice(c) => schema.choice(c).map(|c| c.names.get(taal).to_string()),
            Target::Field(k, f) => schema.field(k, f).map(|f| f.names.get(taal).to_string()),
            Target::Variant(c, v) => schema.variant(c, v).map(|v| v.names.get(taal).to_string()),
            Target::Item(i) => analysis.symbols.item(i).map(|d| match (taal, &d.name_en) {
                (Taal::En, Some(en)) => en.clone(),
                _ => d.name.clone(),
            }),
        };
        if let Some(s) = spelling {
            out.insert(sym.span.start, s);
        }
    }
    // Types and modifiers in schema declarations, and types of parameters.
    for item in &tree.items {
        match &item.kind {
            ItemKind::Soort(s) => {
                if let Some(t) = &s.name_type {
                    type_renames(t, schema, taal, &mut out);
                }
                for f in &s.fields {
                    type_renames(&f.ty, schema, taal, &mut out);
                    for m in &f.modifiers {
                        if let Some((nl, en)) = MODIFIERS
                            .iter()
                            .find(|(nl, en)| *nl == m.name || *en == m.name)
                        {
                            out.insert(m.span.start, pick(taal, nl, en));
                        }
                    }
                }
            }
            ItemKind::Parameter(p) => type_renames(&p.ty, schema, taal, &mut out),
            ItemKind::Regel(r) => rules::renames(r, analysis, taal, &mut out),
            ItemKind::Definitie(d) => rules::definition_renames(d, analysis, taal, &mut out),
            _ => {}
        }
    }
    out
}

fn pick(taal: Taal, nl: &str, en: &str) -> String {
    match taal {
        Taal::Nl => nl.to_string(),
        Taal::En => en.to_string(),
    }
}

fn type_renames(t: &crate::ast::TypeExpr, schema: &Schema, taal: Taal, out: &mut Renames) {
    match t {
        crate::ast::TypeExpr::Named(i) => {
            let name = i.name.as_str();
            let spelling = if let Some((nl, en, _)) = BUILTIN_TYPES
                .iter()
                .find(|(nl, en, _)| *nl == name || *en == name)
            {
                Some(pick(taal, nl, en))
            } else if let Some(k) = schema.kind_named(name) {
                Some(k.names.get(taal).to_string())
            } else {
                schema
                    .choice_named(name)
                    .map(|c| c.names.get(taal).to_string())
            };
            if let Some(s) = spelling {
                out.insert(i.span.start, s);
            }
        }
        crate::ast::TypeExpr::List(inner, _) => type_renames(inner, schema, taal, out),
        crate::ast::TypeExpr::Error(_) => {}
    }
}

#[cfg(test)]
mod tests;
