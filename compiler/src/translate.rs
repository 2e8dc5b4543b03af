//! Translation: a file of an analysis written in Dutch or English
//! (`kader fmt --taal`, the editor's "write the file in English").
//!
//! Every word whose meaning the analysis knows is written in the target
//! language: kinds, field names, vocabulary values, names of items that
//! declare an English name, types and modifiers in `soort` items, and
//! inside rules and definitions the paths, functions, parameters,
//! definitions and compared vocabulary values. Names the author chose (a
//! team, a policy, a name bound in a rule) stay, and so does text inside
//! strings. The language's own words (keywords, booleans, units of time)
//! are the formatter's.
//!
//! Nothing is resolved here: the references outside rules come from the
//! symbol index, the names in rules from what the rule compiler recorded
//! while compiling them ([`Rules::resolved`](crate::rules::Rules::resolved)),
//! and their spellings from the schema and the compiled rules. A name the
//! analysis could not resolve is left as written (the analysis reports it).
//! The formatter ([`crate::fmt`]) then prints the file with these spellings.

use crate::analysis::Analysis;
use crate::ast::{ItemKind, SourceFile, TypeExpr};
use crate::check::Target;
use crate::diagnostics::Taal;
use crate::fmt::{self, FmtError, Options, Renames};
use crate::rules::Resolved;
use crate::schema::{Schema, BUILTIN_TYPES, MODIFIERS};
use crate::source::Source;
use crate::span::FileId;

/// Formats one file of an analysed repository; with [`Options::taal`] the
/// file is written in that language, with the repository's schema and
/// names.
pub fn format_in(analysis: &Analysis, file: FileId, options: &Options) -> Result<String, FmtError> {
    let Some(f) = analysis.file(file) else {
        return Ok(String::new());
    };
    let renames = match options.taal {
        Some(taal) if fmt::syntax_errors(&f.diagnostics).is_empty() => {
            renames(analysis, file, taal)
        }
        _ => Renames::new(),
    };
    fmt::format_parsed(&f.text, &f.tree, &f.diagnostics, &renames, options)
}

/// Writes one file on its own in `taal`: the file is analysed together
/// with the stdlib to know the schema. Use [`format_in`] when the file
/// belongs to a repository that declares kinds of its own.
pub fn format_translated(text: &str, taal: Taal) -> Result<String, FmtError> {
    let analysis = crate::analysis::analyse(&[Source::new("bestand.kader", text)], None);
    let Some(file) = analysis.policy_files().next() else {
        return Ok(text.to_string());
    };
    let options = Options {
        taal: Some(taal),
        ..Options::default()
    };
    format_in(&analysis, file.id, &options)
}

/// Which words of `file` to spell differently in `taal`, keyed by the
/// offset where they start.
pub fn renames(analysis: &Analysis, file: FileId, taal: Taal) -> Renames {
    let mut out = Renames::new();
    references(analysis, file, taal, &mut out);
    if let Some(f) = analysis.file(file) {
        declarations(&f.tree, &analysis.schema, taal, &mut out);
    }
    rule_names(analysis, file, taal, &mut out);
    out
}

/// The references the symbol index knows: kinds, vocabularies, fields,
/// vocabulary values and items.
fn references(analysis: &Analysis, file: FileId, taal: Taal, out: &mut Renames) {
    let schema = &analysis.schema;
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
                (Taal::En, Some(en)) => en.to_string(),
                _ => d.name.to_string(),
            }),
        };
        if let Some(s) = spelling {
            out.insert(sym.span.start, s);
        }
    }
}

/// Types and modifiers in schema declarations, and types of parameters.
fn declarations(tree: &SourceFile, schema: &Schema, taal: Taal, out: &mut Renames) {
    for item in &tree.items {
        match &item.kind {
            ItemKind::Soort(s) => {
                if let Some(t) = &s.name_type {
                    type_renames(t, schema, taal, out);
                }
                for f in &s.fields {
                    type_renames(&f.ty, schema, taal, out);
                    for m in &f.modifiers {
                        if let Some((nl, en)) = MODIFIERS
                            .iter()
                            .find(|(nl, en)| *nl == m.name || *en == m.name)
                        {
                            out.insert(m.span.start, taal.pick(nl, en).to_string());
                        }
                    }
                }
            }
            ItemKind::Parameter(p) => type_renames(&p.ty, schema, taal, out),
            _ => {}
        }
    }
}

fn type_renames(t: &TypeExpr, schema: &Schema, taal: Taal, out: &mut Renames) {
    match t {
        TypeExpr::Named(i) => {
            let name = i.name.as_str();
            let spelling = if let Some((nl, en, _)) = BUILTIN_TYPES
                .iter()
                .find(|(nl, en, _)| *nl == name || *en == name)
            {
                Some(taal.pick(nl, en).to_string())
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
        TypeExpr::List(inner, _) => type_renames(inner, schema, taal, out),
        TypeExpr::Error(_) => {}
    }
}

/// The names in rules and definitions, as the rule compiler resolved them:
/// `beleid.verantwoordelijke` becomes `policy.controller`.
fn rule_names(analysis: &Analysis, file: FileId, taal: Taal, out: &mut Renames) {
    let rules = &analysis.rules;
    for (offset, resolved) in rules.resolved.in_file(file) {
        let spelling = Resolved::spelling(
            resolved,
            &analysis.schema,
            &rules.params,
            &rules.definitions,
            taal,
        );
        if let Some(s) = spelling {
            out.insert(offset, s.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_to_english() {
        let out = format_translated(
            "beleid b {\n    bron x { toegang: openbaar }\n    bewaartermijn: 14 dagen\n    logboek: ja\n}\n",
            Taal::En,
        )
        .unwrap();
        assert_eq!(
            out,
            "policy b {\n    source x {\n        access: public\n    }\n    retention: 14 days\n    log: yes\n}\n"
        );
    }

    #[test]
    fn a_toets_translates_with_its_policy_fields_and_back() {
        let nl = "beleid b {\n    titel: \"B\"\n}\n\n/// Kort.\ntoets kort / short {\n    beleid: b\n    wijzig {\n        periode: 2025-03-04 .. 2025-03-06\n        gegevens: [berichtinhoud]\n    }\n    verwacht: []\n    niet_verwacht: [OO-STELSELMATIG]\n}\n";
        let en = format_translated(nl, Taal::En).unwrap();
        assert_eq!(
            en,
            "policy b {\n    title: \"B\"\n}\n\n/// Kort.\ntest kort / short {\n    policy: b\n    change {\n        period: 2025-03-04 .. 2025-03-06\n        data: [post_content]\n    }\n    expect: []\n    expect_not: [OO-STELSELMATIG]\n}\n"
        );
        assert_eq!(format_translated(&en, Taal::Nl).unwrap(), nl);
    }
}
