//! Go-to-definition, find references and rename, by looking names up in
//! the symbol index.
//!
//! Rename works on items (`team`, `beleid`, `artikel`, …) of the
//! repository: it rewrites the declaration and every use in every file that
//! is spelled like the name under the cursor, so renaming the Dutch
//! spelling of an item that also has an English one leaves the English uses
//! alone. Stdlib items and schema names are not renamed.

use super::context::{is_identifier, source};
use crate::check::Target;
use crate::diagnostics::Edit;
use crate::text;
use crate::{Analysis, FileId, FileKind, Span, Text};

/// Where the name at `offset` is declared.
pub fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Vec<Span> {
    let Some(symbol) = analysis.symbols.symbol_at(file, offset) else {
        // A rule code leads to the rule.
        return super::context::rule_at(analysis, file, offset)
            .map(|(rule, _)| vec![rule.span])
            .unwrap_or_default();
    };
    let defs = analysis.symbols.definitions(symbol.target);
    // The declaration of the spelling under the cursor first.
    let written = source(analysis, symbol.span);
    let mut out: Vec<Span> = defs.to_vec();
    out.sort_by_key(|s| source(analysis, *s) != written);
    out
}

/// Every use of the name at `offset`, and its declarations when
/// `declarations` is true.
pub fn references(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    declarations: bool,
) -> Vec<Span> {
    let Some(symbol) = analysis.symbols.symbol_at(file, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if declarations {
        out.extend_from_slice(analysis.symbols.definitions(symbol.target));
    }
    out.extend_from_slice(analysis.symbols.references(symbol.target));
    out.sort();
    out.dedup();
    out
}

/// The name that a rename at `offset` would change, if it can be renamed.
pub fn prepare_rename(analysis: &Analysis, file: FileId, offset: usize) -> Result<Span, Text> {
    let symbol = analysis
        .symbols
        .symbol_at(file, offset)
        .ok_or_else(|| Text::new("Hier staat geen naam.", "There is no name here."))?;
    let Target::Item(id) = symbol.target else {
        return Err(Text::new(
            "Alleen de namen van items (zoals een team of beleid) kunnen worden hernoemd; dit is een naam uit het schema.",
            "Only the names of items (such as a team or policy) can be renamed; this is a name from the schema.",
        ));
    };
    let def = analysis
        .symbols
        .item(id)
        .ok_or_else(|| Text::new("Onbekend item.", "Unknown item."))?;
    if analysis.file(def.file).map(|f| f.kind) != Some(FileKind::Policy) {
        return Err(Text::new(
            "Dit item staat in de standaardbibliotheek en kan hier niet worden hernoemd.",
            "This item is part of the standard library and cannot be renamed here.",
        ));
    }
    Ok(symbol.span)
}

/// The edits that rename the name at `offset` to `new_name`.
pub fn rename(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, Text> {
    let span = prepare_rename(analysis, file, offset)?;
    if !is_identifier(new_name) {
        return Err(text!("`{new_name}` is geen geldige naam: gebruik letters, cijfers en `_`, en begin met een letter.", "`{new_name}` is not a valid name: use letters, digits and `_`, and start with a letter."));
    }
    let taken = analysis
        .symbols
        .symbol_at(file, offset)
        .and_then(|sym| match sym.target {
            Target::Item(id) => analysis.symbols.item(id),
            _ => None,
        });
    if let Some(def) = taken {
        if analysis.symbols.item_named(def.kind, new_name).is_some() {
            return Err(text!(
                "Er is al een item met de naam `{new_name}` van deze soort.",
                "There already is an item of this kind named `{new_name}`."
            ));
        }
    }
    let old = source(analysis, span).to_string();
    let mut edits: Vec<Edit> = references(analysis, file, offset, true)
        .into_iter()
        .filter(|s| source(analysis, *s) == old)
        .filter(|s| analysis.file(s.file).map(|f| f.kind) == Some(FileKind::Policy))
        .map(|span| Edit {
            span,
            new_text: new_name.to_string(),
        })
        .collect();
    edits.sort_by_key(|e| e.span);
    Ok(edits)
}
