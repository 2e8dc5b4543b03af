//! Names that mislead a reader: K0114 (a name that mixes scripts) and
//! K0115 (a name that looks like a word kader knows but is written with
//! other characters), and K0113 (hidden characters) with them, one list
//! per file.
//!
//! The parse records which names are odd ([`crate::syntax::Looks`]); what
//! they could be mistaken for — a kind, field, vocabulary or variant of the
//! schema in either language, or an item of the repository — is known only
//! after name resolution, so the checker runs these checks.

use crate::diagnostics::{Code, Diagnostic};
use crate::schema::Schema;
use crate::source::ParsedFile;
use crate::syntax::unicode;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::codes;
use super::symbols::SymbolIndex;

/// K0113, K0114 and K0115 for every file, in file order.
pub fn names_that_mislead(
    files: &[ParsedFile],
    schema: &Schema,
    symbols: &SymbolIndex,
) -> Vec<Vec<Diagnostic>> {
    // Built once, by whichever file first needs it.
    let vocabulary: OnceLock<HashMap<String, String>> = OnceLock::new();
    files
        .par_iter()
        .map(|file| {
            let mut found = file.looks.hidden.clone();
            let names = &file.looks.odd_names;
            if !names.is_empty() {
                let vocabulary = vocabulary.get_or_init(|| skeletons(schema, symbols));
                found.extend(names.iter().filter_map(|(span, name)| {
                    let known = vocabulary.get(&unicode::skeleton_of(name));
                    unicode::name_diagnostic(*span, name, known.map(String::as_str))
                }));
            }
            found
        })
        .collect()
}

/// Whether `code` says a name is unknown (kind, field, value, item): what a
/// K0115 on the same name explains better.
pub fn is_unknown_name(code: &Code) -> bool {
    [
        codes::UNKNOWN_KIND,
        codes::UNKNOWN_FIELD,
        codes::UNKNOWN_VARIANT,
        codes::UNKNOWN_REFERENCE,
    ]
    .contains(code)
}

/// The confusable skeleton of every word kader knows, with the word.
fn skeletons(schema: &Schema, symbols: &SymbolIndex) -> HashMap<String, String> {
    let mut words: Vec<&str> = Vec::new();
    for kind in schema.kinds() {
        words.extend(kind.names.spellings().map(|(w, _)| w));
        for field in &kind.fields {
            words.extend(field.names.spellings().map(|(w, _)| w));
        }
    }
    for choice in schema.choices() {
        words.extend(choice.names.spellings().map(|(w, _)| w));
        for variant in &choice.variants {
            words.extend(variant.names.spellings().map(|(w, _)| w));
        }
    }
    for item in symbols.items() {
        words.extend(item.spellings());
    }
    let mut map = HashMap::new();
    for word in words {
        map.entry(unicode::skeleton_of(word))
            .or_insert_with(|| word.to_string());
    }
    map
}
