//! Name resolution and type checking of items against the schema.
//!
//! The checker runs over all files at once, the stdlib included, in four
//! steps, each linear in the size of the repository:
//!
//! 1. build the [`Schema`] from every `soort` and `keuze` item;
//! 2. index every top-level item by kind and by both spellings of its name
//!    (one namespace per kind, across all files), reporting duplicates;
//! 3. resolve the schema's own names: field types and `wet [...]` links to
//!    `artikel` items;
//! 4. check every file's items against the schema and the index, in
//!    parallel: kinds, fields, values, references, nesting, required
//!    fields.
//!
//! The result keeps what the language server and the rules need: the
//! schema, the [`SymbolIndex`] (every definition and reference with what it
//! resolves to) and, per file, the [`CheckedItem`]s.

pub mod codes;
mod confusable;
mod items;
pub mod symbols;

pub use codes::CODES;
pub use confusable::{is_unknown_name, names_that_mislead};
pub use items::{
    is_rule_code, CheckedField, CheckedItem, CheckedName, CheckedToets, CheckedValue, NestedItem,
    Value,
};
pub use symbols::{ItemDef, ItemId, Symbol, SymbolIndex, Target};

use crate::ast::{ItemKind, TypeExpr};
use crate::diagnostics::{Diagnostic, Taal, Text};
use crate::schema::{Schema, TypeName};
use crate::source::{FileKind, ParsedFile};
use crate::suggest;
use crate::text;
use items::FileChecker;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// What the checker found.
#[derive(Debug, Default)]
pub struct Checked {
    pub schema: Schema,
    pub symbols: SymbolIndex,
    /// Per file, in file order: the checked top-level items and the
    /// diagnostics whose primary span lies in the file (unsorted).
    pub files: Vec<CheckedFile>,
}

/// The checker's results for one file.
#[derive(Debug, Default)]
pub struct CheckedFile {
    pub items: Arc<Vec<CheckedItem>>,
    /// The `toets` items, checked, in file order.
    pub toetsen: Vec<CheckedToets>,
    /// What checking the file's items found (step 4): what an unchanged
    /// file can take over from an earlier check (see [`Earlier`]).
    pub found: Vec<Diagnostic>,
    /// What building the schema and the namespace found in the file
    /// (steps 1 to 3).
    pub diagnostics: Vec<Diagnostic>,
}

/// What an earlier check found in a file, to be taken over instead of
/// checking the file again: valid when the file's tree is the same and so
/// are the schema and the namespace (every top-level name with its
/// [`ItemId`]), which is all that checking a file reads besides the file.
pub struct Earlier<'a> {
    pub items: &'a Arc<Vec<CheckedItem>>,
    pub toetsen: &'a [CheckedToets],
    /// [`CheckedFile::found`] of the earlier check.
    pub found: &'a [Diagnostic],
    /// The file's symbols in the earlier [`SymbolIndex`].
    pub symbols: &'a [Symbol],
}

/// Checks all files. `files[i].id` must be `FileId(i)`. The trees stay
/// whole ([`Trees::Whole`]); the borrow is mutable only because
/// [`check_reusing`] can hollow them.
pub fn check(files: &mut [ParsedFile]) -> Checked {
    check_reusing(files, |_| None, Trees::Whole)
}

/// What becomes of the trees once their files are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trees {
    /// Kept whole: the language server, the formatter and every report
    /// read them again.
    Whole,
    /// A file of instances only keeps a hollow tree (see
    /// [`crate::ast::SourceFile::hollow`]) as soon as it is checked, and
    /// no symbols (the places of its names, see [`SymbolIndex::symbols_in`]):
    /// what comes after checking (the rules, the findings) reads the
    /// checked items and the items of the namespace, so neither need
    /// outlive the check. This is what `kader check` needs.
    Hollow,
}

/// Like [`check`], but a file for which `earlier` gives what an earlier
/// check found (see [`Earlier`]) takes that over instead of being checked,
/// and with [`Trees::Hollow`] the trees are hollowed as they are checked.
pub fn check_reusing<'a>(
    files: &mut [ParsedFile],
    earlier: impl Fn(usize) -> Option<Earlier<'a>> + Sync,
    trees: Trees,
) -> Checked {
    let (schema, schema_diagnostics) = Schema::build(files.iter().map(|f| &*f.tree));
    let mut diagnostics = schema_diagnostics;
    let mut symbols = SymbolIndex::with_files(files.len());

    // Step 2: the namespace of top-level items.
    let mut ids: Vec<Vec<Option<ItemId>>> = Vec::with_capacity(files.len());
    let mut reported_first: HashSet<ItemId> = HashSet::new();
    for file in files.iter() {
        let mut file_ids = Vec::with_capacity(file.tree.items.len());
        for (index, item) in file.tree.items.iter().enumerate() {
            let id = match &item.kind {
                ItemKind::Instance(inst) => {
                    let kind = schema
                        .kind_named(&inst.kind.name)
                        .filter(|k| !k.nested_only);
                    match (kind, &inst.name) {
                        (Some(kind), Some(name)) => {
                            let def = ItemDef {
                                kind: kind.id,
                                name: name.name.clone(),
                                name_en: inst.name_en.as_ref().map(|n| n.name.clone()),
                                file: file.id,
                                name_span: name.span,
                                name_en_span: inst.name_en.as_ref().map(|n| n.span),
                                span: item.span,
                                tree_index: index,
                            };
                            let (id, clashes) = symbols.add_item(def);
                            for span in std::iter::once(name.span)
                                .chain(inst.name_en.as_ref().map(|n| n.span))
                            {
                                symbols.add(Symbol {
                                    span,
                                    target: Target::Item(id),
                                    definition: true,
                                });
                            }
                            for (span, first) in clashes {
                                duplicate_item(
                                    files,
                                    &symbols,
                                    span,
                                    first,
                                    &mut reported_first,
                                    &mut diagnostics,
                                );
                            }
                            Some(id)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            file_ids.push(id);
        }
        ids.push(file_ids);
    }

    // Step 3: the schema's own names.
    schema_symbols(files, &schema, &mut symbols, &mut diagnostics);

    // Step 4: every file's items, in parallel. Each file's symbols go on
    // from those of steps 2 and 3, moved rather than copied.
    let known = symbols.take_files();
    let per_file: Vec<(CheckedFile, Vec<Symbol>)> = files
        .par_iter_mut()
        .zip(ids.par_iter())
        .zip(known)
        .enumerate()
        .map(|(i, ((file, file_ids), known))| {
            if let Some(earlier) = earlier(i) {
                let checked = CheckedFile {
                    items: earlier.items.clone(),
                    toetsen: earlier.toetsen.to_vec(),
                    found: earlier.found.to_vec(),
                    diagnostics: Vec::new(),
                };
                let mut file_symbols = SymbolIndex::with_earlier(known, earlier.symbols);
                SymbolIndex::settle(&mut file_symbols);
                return (checked, file_symbols);
            }
            let mut checker = FileChecker::new(&schema, &symbols, &file.text);
            checker.symbols = known;
            let mut items = Vec::new();
            let mut toetsen = Vec::new();
            for (index, item) in file.tree.items.iter().enumerate() {
                if let ItemKind::Toets(t) = &item.kind {
                    toetsen.extend(checker.toets(index, item, t));
                    continue;
                }
                let id = file_ids.get(index).copied().flatten();
                if let Some(checked) = checker.top_level(index, item, id) {
                    items.push(checked);
                }
            }
            if !in_tests_folder(&file.path) {
                for item in items.iter().filter(|i| is_test_only(&schema, i)) {
                    checker.diagnostics.push(test_only_outside(&schema, item));
                }
            }
            let found = checker.diagnostics;
            let mut file_symbols = checker.symbols;
            if trees == Trees::Hollow {
                if let Some(hollow) = file.tree.hollow() {
                    file.tree = Arc::new(hollow);
                    // The places of names go with the members they are in.
                    file_symbols = Vec::new();
                }
            }
            SymbolIndex::settle(&mut file_symbols);
            (
                CheckedFile {
                    items: Arc::new(items),
                    toetsen,
                    found,
                    diagnostics: Vec::new(),
                },
                file_symbols,
            )
        })
        .collect();

    let mut out_files = Vec::with_capacity(files.len());
    for (file, (checked, file_symbols)) in files.iter().zip(per_file) {
        symbols.put_back(file.id, file_symbols);
        out_files.push(checked);
    }
    for d in diagnostics {
        if let Some(f) = out_files.get_mut(d.span.file.index()) {
            f.diagnostics.push(d);
        }
    }
    Checked {
        schema,
        symbols,
        files: out_files,
    }
}

/// Whether a checked item is a policy written only for tests
/// (`alleen_voor_toetsen: ja`): the register leaves it out, and the rules
/// report on it only when a test runs it.
pub fn is_test_only(schema: &Schema, item: &CheckedItem) -> bool {
    let Some(kind) = schema.kind_named("beleid").filter(|k| k.id == item.kind) else {
        return false;
    };
    kind.field_named("alleen_voor_toetsen")
        .and_then(|f| item.field(f.id))
        .is_some_and(|f| f.value.value == Value::Bool(true))
}

/// Whether a repository path lies in a folder called `toetsen` (or `tests`).
pub fn in_tests_folder(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop();
    parts.iter().any(|p| *p == "toetsen" || *p == "tests")
}

/// K0218 on a test-only policy outside a `toetsen/` folder.
fn test_only_outside(schema: &Schema, item: &CheckedItem) -> Diagnostic {
    let field = schema
        .kind_named("beleid")
        .and_then(|k| k.field_named("alleen_voor_toetsen"))
        .and_then(|f| item.field(f.id));
    let span = field.map_or(item.span, |f| f.span);
    let mut d = Diagnostic::warning(
        codes::TEST_ONLY_OUTSIDE_TESTS,
        span,
        Text::new(
            "Dit beleid is alleen voor toetsen, maar staat niet in een map `toetsen/`.",
            "This policy is only for tests, but is not in a folder `toetsen/`.",
        ),
    )
    .with_help(Text::new(
        "Verplaats het bestand naar `toetsen/`, of haal `alleen_voor_toetsen` weg als het een echte werkwijze is (dan komt het in het register).",
        "Move the file to `toetsen/`, or remove `test_only` if it is a real practice (then it goes into the register).",
    ));
    d.item = item.name().map(Into::into);
    d
}

/// Reports a name that is already taken in its kind: at the new item, with
/// a label at the first, and once at the first, with a label at the new one
/// (unless the first is built in and the new one is the repository's).
fn duplicate_item(
    files: &[ParsedFile],
    symbols: &SymbolIndex,
    span: crate::Span,
    first: ItemId,
    reported_first: &mut HashSet<ItemId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(first_def) = symbols.item(first) else {
        return;
    };
    let name = files
        .get(span.file.index())
        .and_then(|f| f.text.get(span.range()))
        .unwrap_or(&first_def.name)
        .to_string();
    let first_span = first_def
        .spellings()
        .zip(std::iter::once(first_def.name_span).chain(first_def.name_en_span))
        .find(|(s, _)| *s == name)
        .map(|(_, sp)| sp)
        .unwrap_or(first_def.name_span);
    let stdlib = |s: crate::Span| {
        files
            .get(s.file.index())
            .is_some_and(|f| f.kind == FileKind::Stdlib)
    };
    let message = Text {
        nl: format!("De naam `{name}` is al gebruikt voor een ander item van dezelfde soort.")
            .into(),
        en: format!("The name `{name}` is already used by another item of the same kind.").into(),
    };
    let help = Text::new(
        "Geef elk item een eigen naam; verwijzingen moeten precies één item aanwijzen.",
        "Give every item a name of its own; a reference must point at exactly one item.",
    );
    let builtin_help = Text::new(
        "Deze naam bestaat al in de standaardbibliotheek; kies een andere naam.",
        "This name already exists in the standard library; choose another name.",
    );
    diagnostics.push(
        Diagnostic::error(codes::DUPLICATE_ITEM, span, message.clone())
            .with_label(
                first_span,
                Text::new("hier staat de eerste", "the first is here"),
            )
            .with_help(if stdlib(first_span) && !stdlib(span) {
                builtin_help
            } else {
                help.clone()
            })
            .with_item(name.clone()),
    );
    if (stdlib(first_span) && !stdlib(span)) || !reported_first.insert(first) {
        return;
    }
    diagnostics.push(
        Diagnostic::error(codes::DUPLICATE_ITEM, first_span, message)
            .with_label(
                span,
                Text::new("hier staat de tweede", "the second is here"),
            )
            .with_help(help)
            .with_item(name),
    );
}

/// Records the schema's declarations and the names it uses (field types,
/// `wet [...]` links) in the symbol index, and reports law links that name
/// no `artikel` item.
fn schema_symbols(
    files: &[ParsedFile],
    schema: &Schema,
    symbols: &mut SymbolIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let define = |symbols: &mut SymbolIndex, span, target| {
        symbols.add(Symbol {
            span,
            target,
            definition: true,
        })
    };
    for kind in schema.kinds() {
        for span in kind.names.spans() {
            define(symbols, span, Target::Kind(kind.id));
        }
        for field in &kind.fields {
            for span in field.names.spans() {
                define(symbols, span, Target::Field(kind.id, field.id));
            }
        }
    }
    for choice in schema.choices() {
        for span in choice.names.spans() {
            define(symbols, span, Target::Choice(choice.id));
        }
        for variant in &choice.variants {
            for span in variant.names.spans() {
                define(symbols, span, Target::Variant(choice.id, variant.id));
            }
        }
    }

    // Type names used in field declarations and name types.
    for file in files {
        for item in &file.tree.items {
            let ItemKind::Soort(soort) = &item.kind else {
                continue;
            };
            let types = soort
                .name_type
                .iter()
                .chain(soort.fields.iter().map(|f| &f.ty));
            for ty in types {
                let mut t = ty;
                while let TypeExpr::List(inner, _) = t {
                    t = inner;
                }
                if let TypeExpr::Named(ident) = t {
                    let target = match schema.type_named(&ident.name) {
                        Some(TypeName::Kind(id)) => Target::Kind(id),
                        Some(TypeName::Choice(id)) => Target::Choice(id),
                        None => continue,
                    };
                    symbols.add(Symbol {
                        span: ident.span,
                        target,
                        definition: false,
                    });
                }
            }
        }
    }

    // Law links.
    let artikel = schema
        .kind_named("artikel")
        .or_else(|| schema.kind_named("article"));
    let links = schema
        .kinds()
        .iter()
        .flat_map(|k| k.fields.iter().map(move |f| (&k.names.nl, &f.law)))
        .chain(
            schema
                .choices()
                .iter()
                .flat_map(|c| c.variants.iter().map(move |v| (&c.names.nl, &v.law))),
        );
    for (owner, law) in links {
        for link in law {
            let found = artikel.and_then(|a| symbols.item_named(a.id, &link.name));
            match found {
                Some(id) => symbols.add(Symbol {
                    span: link.span,
                    target: Target::Item(id),
                    definition: false,
                }),
                None => {
                    let name = &link.name;
                    let mut d = Diagnostic::error(
                        codes::UNKNOWN_LAW,
                        link.span,
                        text!(
                            "Er is geen `artikel` met de naam `{name}`.",
                            "There is no `article` named `{name}`."
                        ),
                    )
                    .with_item(owner.clone());
                    if let Some(a) = artikel {
                        if let Some(other) = items::other_kind(schema, symbols, a.id, name) {
                            let (onl, oen) = (&other.names.nl, other.names.get(Taal::En));
                            d = d.with_help(text!("`{name}` is een `{onl}`, geen `artikel`; na `wet` staan alleen artikelen.", "`{name}` is a `{oen}`, not an `article`; after `law` come only articles."));
                        }
                        let suggestion = suggest::best(
                            name,
                            symbols.names_of(a.id).map(|n| (n.as_str(), Taal::Nl)),
                        );
                        d = suggest::with_help(d, suggestion.as_ref().map(|s| (link.span, s)), &[]);
                    }
                    diagnostics.push(d);
                }
            }
        }
    }
}
