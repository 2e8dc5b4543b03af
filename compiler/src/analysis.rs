//! The analysis driver: [`analyse`] runs the passes over a repository's
//! texts — parse (per file, in parallel), check, rules, the look of names —
//! and puts what each returns together into [`File`]s and one [`Analysis`].
//! It is the only place that builds them; the passes read
//! [`ParsedFile`]s and return their findings.

use crate::check::{CheckedItem, ItemId, Value};
use crate::diagnostics::Diagnostic;
use crate::rules::Article;
use crate::source::{FileKind, ParsedFile, Source};
use crate::span::{FileId, LineIndex, Span};
use crate::{ast, check, config, rules, schema, stdlib, syntax};
use rayon::prelude::*;
use std::sync::Arc;

/// One analysed file.
#[derive(Clone, Debug)]
pub struct File {
    pub id: FileId,
    pub path: String,
    pub kind: FileKind,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    /// Empty for `kader.toml`.
    pub tree: Arc<ast::SourceFile>,
    /// Diagnostics whose primary span lies in this file, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The parser's diagnostics alone, kept so that an unchanged text can
    /// reuse its tree (see [`analyse_reusing`]).
    pub syntax: Vec<Diagnostic>,
    /// Hidden characters and names outside ASCII, kept with the tree.
    pub looks: Arc<syntax::Looks>,
    /// The top-level items whose kind the schema knows, checked, with every
    /// name resolved (see [`check::CheckedItem`]).
    pub checked: Vec<check::CheckedItem>,
    /// The file's `toets` items, checked.
    pub toetsen: Vec<check::CheckedToets>,
}

impl File {
    /// The file as the passes read it (sharing its text and tree).
    pub fn parsed(&self) -> ParsedFile {
        ParsedFile {
            id: self.id,
            path: self.path.clone(),
            kind: self.kind,
            text: self.text.clone(),
            line_index: self.line_index.clone(),
            tree: self.tree.clone(),
            syntax: self.syntax.clone(),
            looks: self.looks.clone(),
        }
    }
}

/// The result of analysing a repository.
#[derive(Debug)]
pub struct Analysis {
    /// The stdlib files first, then the sources in the order given, then
    /// `kader.toml` if there was one. `files[i].id == FileId(i)`.
    pub files: Vec<File>,
    pub config: config::Config,
    /// The kinds, fields and vocabularies of the stdlib and the repository.
    pub schema: schema::Schema,
    /// Every definition and reference, with what it resolves to.
    pub symbols: check::SymbolIndex,
    /// The compiled rules and parameters.
    pub rules: rules::Rules,
}

impl Analysis {
    pub fn file(&self, id: FileId) -> Option<&File> {
        self.files.get(id.index())
    }

    /// The checked form of a top-level item, found through its place in
    /// its file: from a reference to the fields of the item it names.
    pub fn checked_item(&self, id: ItemId) -> Option<&CheckedItem> {
        let def = self.symbols.item(id)?;
        let checked = &self.file(def.file)?.checked;
        // Checked items are in tree order, so a binary search finds it.
        let at = checked
            .binary_search_by_key(&def.tree_index, |c| c.tree_index)
            .ok()?;
        checked.get(at)
    }

    /// The `artikel` item called `id`, with its text.
    pub fn article(&self, id: &str) -> Option<Article> {
        let analysis = self;
        let kind = analysis.schema.kind_named("artikel")?;
        let item_id = analysis.symbols.item_named(kind.id, id)?;
        let item = analysis
            .files
            .iter()
            .flat_map(|f| f.checked.iter())
            .find(|i| i.item == Some(item_id))?;
        let field = |name: &str| {
            kind.field_named(name)
                .and_then(|f| item.field(f.id))
                .map(|f| &f.value.value)
        };
        let text = |name: &str| match field(name) {
            Some(Value::Text(s)) => Some(s.clone()),
            _ => None,
        };
        Some(Article {
            id: id.to_string(),
            cite: text("citeer").unwrap_or_default(),
            url: text("url").unwrap_or_default(),
            text: text("tekst"),
            verified: matches!(field("geverifieerd"), Some(Value::Bool(true))),
            note: text("toelichting"),
        })
    }

    /// The repository's own top-level items (not the stdlib's), by id: the
    /// items whose content counts in a fingerprint.
    pub fn own_items(&self) -> std::collections::HashMap<ItemId, &CheckedItem> {
        self.files
            .iter()
            .filter(|f| f.kind != FileKind::Stdlib)
            .flat_map(|f| f.checked.iter())
            .filter_map(|i| i.item.map(|id| (id, i)))
            .collect()
    }

    /// The policies (`beleid` items) of the repository, in file order.
    pub fn policies(&self) -> impl Iterator<Item = (&File, &CheckedItem)> {
        let policy = self.schema.kind_named("beleid").map(|k| k.id);
        self.policy_files().flat_map(move |f| {
            f.checked
                .iter()
                .filter(move |i| Some(i.kind) == policy && i.item.is_some())
                .map(move |i| (f, i))
        })
    }

    /// The text a checked item gives one of its fields (by its Dutch name),
    /// if it has that field and the value is a text.
    pub fn text_field<'a>(&self, item: &'a CheckedItem, field: &str) -> Option<&'a str> {
        let kind = self.schema.kind(item.kind)?;
        let field = kind.field_named(field)?;
        match &item.field(field.id)?.value.value {
            crate::check::Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The fingerprint of a policy's meaning (see [`crate::fingerprint`]).
    pub fn fingerprint(&self, policy: &CheckedItem) -> String {
        let own = self.own_items();
        crate::fingerprint::fingerprint(
            &crate::fingerprint::Repository {
                schema: &self.schema,
                symbols: &self.symbols,
                own: &own,
            },
            policy,
        )
    }

    /// Why the rule `code` fired for `policy` (a `beleid` item of this
    /// analysis), or why it did not; `None` when there is no such rule.
    pub fn trace(&self, policy: &CheckedItem, code: &str) -> Option<rules::Trace> {
        self.traces_of(policy, Some(code)).into_iter().next()
    }

    /// Why every rule that fired for `policy` did (switched-off rules aside;
    /// waived rules included, with their exception), in rule order.
    pub fn traces(&self, policy: &CheckedItem) -> Vec<rules::Trace> {
        self.traces_of(policy, None)
    }

    fn traces_of(&self, policy: &CheckedItem, code: Option<&str>) -> Vec<rules::Trace> {
        let files: Vec<ParsedFile> = self.files.iter().map(File::parsed).collect();
        let checked: Vec<&[CheckedItem]> =
            self.files.iter().map(|f| f.checked.as_slice()).collect();
        let inputs = rules::Inputs {
            files: &files,
            checked: &checked,
            schema: &self.schema,
            symbols: &self.symbols,
            config: &self.config,
        };
        rules::traces(&inputs, &self.rules, policy, code)
    }

    /// Every diagnostic, file by file in source order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    /// The repository's own files (not the stdlib, not `kader.toml`).
    pub fn policy_files(&self) -> impl Iterator<Item = &File> {
        self.files.iter().filter(|f| f.kind == FileKind::Policy)
    }

    /// The repository's files that hold anything other than policies
    /// (`team`, `verwerker`, `dpia`, schema extensions, rules, ...): what a
    /// policy can refer to or be checked by. With the stdlib and
    /// `kader.toml` they are the context one policy file is checked in.
    pub fn context_files(&self) -> impl Iterator<Item = &File> {
        let policy = self.schema.kind_named("beleid").map(|k| k.id);
        let is_policy = move |item: &ast::Item| match &item.kind {
            ast::ItemKind::Instance(inst) => {
                policy.is_some() && self.schema.kind_named(&inst.kind.name).map(|k| k.id) == policy
            }
            // Nothing refers to a test, so a file of tests and the
            // policies written for them is no context either.
            ast::ItemKind::Error | ast::ItemKind::Toets(_) => true,
            _ => false,
        };
        self.policy_files()
            .filter(move |f| !f.tree.items.iter().all(is_policy))
    }
}

/// Analyses a repository: the stdlib, `sources`, and the text of
/// `kader.toml` if the repository has one.
pub fn analyse(sources: &[Source], config: Option<&Source>) -> Analysis {
    analyse_reusing(sources, config, None)
}

/// Like [`analyse`], but a file that has the same place, path and text as
/// in `previous` keeps its parse tree instead of being parsed again: after
/// an edit in the editor only the changed file is parsed.
pub fn analyse_reusing(
    sources: &[Source],
    config: Option<&Source>,
    previous: Option<&Analysis>,
) -> Analysis {
    let mut parsed = parse_all(sources, previous);
    let mut settings = config::Config::default();
    if let Some(source) = config {
        let id = FileId(u32::try_from(parsed.len()).unwrap_or(u32::MAX));
        let (read, diagnostics) = config::parse(id, &source.text);
        settings = read;
        let looks = syntax::Looks {
            hidden: syntax::unicode::hidden_chars(id, &source.text, &diagnostics),
            odd_names: Vec::new(),
        };
        parsed.push(ParsedFile {
            id,
            path: source.path.clone(),
            kind: FileKind::Config,
            text: source.text.clone(),
            line_index: LineIndex::new(&source.text),
            tree: Arc::new(ast::SourceFile {
                items: Vec::new(),
                comments: Vec::new(),
                span: Span::new(id, 0, source.text.len()),
            }),
            syntax: diagnostics,
            looks: Arc::new(looks),
        });
    }

    // The passes, each returning what it found.
    let checked = check::check(&parsed);
    let items: Vec<&[check::CheckedItem]> =
        checked.files.iter().map(|f| f.items.as_slice()).collect();
    let (rules, rule_findings) = rules::run(
        &parsed,
        &items,
        &checked.schema,
        &checked.symbols,
        &settings,
    );
    let looks = check::names_that_mislead(&parsed, &checked.schema, &checked.symbols);

    // Every finding to the file its primary span lies in.
    let mut toetsen = Vec::with_capacity(checked.files.len());
    let (items, mut found): (Vec<_>, Vec<_>) = checked
        .files
        .into_iter()
        .map(|f| {
            toetsen.push(f.toetsen);
            (f.items, f.diagnostics)
        })
        .unzip();
    found.resize_with(parsed.len(), Vec::new);
    toetsen.resize_with(parsed.len(), Vec::new);
    let test_codes = toetsen
        .iter()
        .flat_map(|t| rules::unknown_test_codes(t, &rules));
    for d in rule_findings
        .into_iter()
        .chain(test_codes.collect::<Vec<_>>())
    {
        if let Some(list) = found.get_mut(d.span.file.index()) {
            list.push(d);
        }
    }
    let files: Vec<File> = parsed
        .into_iter()
        .zip(items.into_iter().zip(toetsen))
        .zip(found.into_iter().zip(looks))
        .map(|((p, (items, toetsen)), (findings, looks))| {
            let mut diagnostics = p.syntax.clone();
            diagnostics.extend(findings);
            // A name flagged as confusable with a known word (K0115) is
            // not also reported as unknown: the warning says what it is,
            // and its fix writes the known word.
            let confusable: Vec<Span> = looks
                .iter()
                .filter(|d| d.code == crate::syntax::unicode::CONFUSABLE)
                .flat_map(|d| d.labels.iter().map(|l| l.span))
                .collect();
            if !confusable.is_empty() {
                diagnostics
                    .retain(|d| !(check::is_unknown_name(&d.code) && confusable.contains(&d.span)));
            }
            diagnostics.extend(looks);
            diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
            let mut file = File {
                id: p.id,
                path: p.path,
                kind: p.kind,
                text: p.text,
                line_index: p.line_index,
                tree: p.tree,
                diagnostics,
                syntax: p.syntax,
                looks: p.looks,
                checked: items,
                toetsen,
            };
            name_items(&mut file);
            file
        })
        .collect();
    Analysis {
        files,
        config: settings,
        schema: checked.schema,
        symbols: checked.symbols,
        rules,
    }
}

/// Parses the stdlib and `sources` in parallel. A file with the same
/// place, path and text as in `previous` keeps its tree.
fn parse_all(sources: &[Source], previous: Option<&Analysis>) -> Vec<ParsedFile> {
    // The stdlib's texts are copied once; a source's text is shared.
    let builtin = stdlib::FILES
        .iter()
        .map(|(path, text)| (FileKind::Stdlib, *path, *text, None));
    let own = sources
        .iter()
        .map(|s| (FileKind::Policy, s.path.as_str(), &*s.text, Some(&s.text)));
    let inputs: Vec<(FileKind, &str, &str, Option<&Arc<str>>)> = builtin.chain(own).collect();
    let id = |i: usize| FileId(u32::try_from(i).unwrap_or(u32::MAX));
    inputs
        .par_chunks(syntax::PARSE_BATCH)
        .enumerate()
        .flat_map_iter(|(batch, chunk)| {
            let first = batch * syntax::PARSE_BATCH;
            // Each file's tree from `previous`, when its text is the same.
            let olds: Vec<_> = chunk
                .iter()
                .enumerate()
                .map(|(j, (kind, path, text, _))| {
                    previous
                        .and_then(|p| p.files.get(first + j))
                        .filter(|f| f.kind == *kind && f.path == *path && &*f.text == *text)
                })
                .collect();
            let parse = || {
                chunk
                    .iter()
                    .zip(&olds)
                    .enumerate()
                    .map(|(j, (input, old))| {
                        let (kind, path, text, shared) = *input;
                        let i = first + j;
                        if let Some(old) = old {
                            return ParsedFile {
                                id: id(i),
                                path: old.path.clone(),
                                kind,
                                text: old.text.clone(),
                                line_index: old.line_index.clone(),
                                tree: old.tree.clone(),
                                syntax: old.syntax.clone(),
                                looks: old.looks.clone(),
                            };
                        }
                        let parsed = syntax::parse(id(i), text);
                        ParsedFile {
                            id: id(i),
                            path: path.to_string(),
                            kind,
                            text: shared.cloned().unwrap_or_else(|| Arc::from(text)),
                            line_index: LineIndex::new(text),
                            tree: Arc::new(parsed.tree),
                            syntax: parsed.diagnostics,
                            looks: Arc::new(parsed.looks),
                        }
                    })
                    .collect::<Vec<_>>()
            };
            // A batch whose files all keep their trees needs no stack.
            if olds.iter().any(Option::is_none) {
                syntax::on_parse_stack(parse)
            } else {
                parse()
            }
        })
        .collect()
}

/// Gives every diagnostic inside a top-level item that item's name, so a
/// syntax error in a policy is reported under that policy too.
fn name_items(file: &mut File) {
    let items: Vec<(u32, u32, String)> = file
        .tree
        .items
        .iter()
        .filter_map(|item| {
            let name = match &item.kind {
                ast::ItemKind::Instance(i) => i.name.as_ref().map(|n| n.name.clone()),
                ast::ItemKind::Soort(s) => Some(s.names.nl.name.clone()),
                ast::ItemKind::Keuze(k) => Some(k.names.nl.name.clone()),
                ast::ItemKind::Regel(r) => Some(r.code.name.clone()),
                ast::ItemKind::Parameter(p) => Some(p.names.nl.name.clone()),
                ast::ItemKind::Definitie(d) => Some(d.names.nl.name.clone()),
                ast::ItemKind::Toets(t) => Some(t.names.nl.name.clone()),
                ast::ItemKind::Error => None,
            }?;
            Some((item.span.start, item.span.end, name))
        })
        .collect();
    for d in file.diagnostics.iter_mut().filter(|d| d.item.is_none()) {
        let at = items.partition_point(|(_, end, _)| *end < d.span.start);
        if let Some((start, end, name)) = items.get(at) {
            if *start <= d.span.start && d.span.start <= *end {
                d.item = Some(name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unchanged text is not scanned again for hidden characters and
    /// odd names: its findings come from the parse it keeps.
    #[test]
    fn an_unchanged_text_keeps_what_its_parse_found() {
        let odd = "beleid x {\n  doel: \"a\u{200B}b\"\n}\nbeleid \u{0430}ccount_volgen {}\n";
        let mut sources = vec![
            Source::new("a.kader", odd),
            Source::new("b.kader", "beleid y {}\n"),
        ];
        let first = analyse(&sources, None);
        let a = first.files.iter().find(|f| f.path == "a.kader").unwrap();
        assert_eq!(a.looks.hidden.len(), 1);
        assert_eq!(a.looks.odd_names.len(), 1);
        assert!(a.diagnostics.iter().any(|d| d.code.as_str() == "K0113"));

        sources[1] = Source::new("b.kader", "beleid z {}\n");
        let second = analyse_reusing(&sources, None, Some(&first));
        let again = second.files.iter().find(|f| f.path == "a.kader").unwrap();
        assert!(Arc::ptr_eq(&a.looks, &again.looks));
        assert!(Arc::ptr_eq(&a.text, &again.text));
        let codes = |f: &File| {
            f.diagnostics
                .iter()
                .map(|d| d.code.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(a), codes(again));
        let b = second.files.iter().find(|f| f.path == "b.kader").unwrap();
        assert!(b.looks.hidden.is_empty() && b.looks.odd_names.is_empty());
    }
}
