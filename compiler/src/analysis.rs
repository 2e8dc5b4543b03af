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
    pub checked: Arc<Vec<check::CheckedItem>>,
    /// What checking the file's items found, kept so that an unchanged file
    /// need not be checked again (see [`check::Earlier`]).
    pub check_found: Vec<Diagnostic>,
    /// The file's `toets` items, checked.
    pub toetsen: Vec<check::CheckedToets>,
}

impl File {
    /// A parsed file with what the passes made of it.
    fn new(
        parsed: ParsedFile,
        diagnostics: Vec<Diagnostic>,
        checked: Arc<Vec<check::CheckedItem>>,
        check_found: Vec<Diagnostic>,
        toetsen: Vec<check::CheckedToets>,
    ) -> File {
        File {
            id: parsed.id,
            path: parsed.path,
            kind: parsed.kind,
            text: parsed.text,
            line_index: parsed.line_index,
            tree: parsed.tree,
            diagnostics,
            syntax: parsed.syntax,
            looks: parsed.looks,
            checked,
            check_found,
            toetsen,
        }
    }

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
    /// The compiled rules and parameters (shared with the next analysis
    /// when no change could alter them, see [`analyse_reusing`]).
    pub rules: Arc<rules::Rules>,
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
            Some(Value::Text(s)) => Some(s.to_string()),
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
        self.with_inputs(|inputs| rules::traces(inputs, &self.rules, policy, code))
    }

    /// Calls `f` with what the rules read of this analysis.
    fn with_inputs<R>(&self, f: impl FnOnce(&rules::Inputs<'_>) -> R) -> R {
        let files: Vec<ParsedFile> = self.files.iter().map(File::parsed).collect();
        let checked: Vec<&[CheckedItem]> =
            self.files.iter().map(|f| f.checked.as_slice()).collect();
        f(&rules::Inputs {
            files: &files,
            checked: &checked,
            schema: &self.schema,
            symbols: &self.symbols,
            config: &self.config,
        })
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

/// Like [`analyse`], for what needs the findings only (`kader check`): a
/// file of instances only keeps a hollow tree, its items without their
/// members (see [`check::Trees::Hollow`]). Its checked items are whole.
pub fn analyse_hollow(sources: &[Source], config: Option<&Source>) -> Analysis {
    analyse_with(sources, config, None, check::Trees::Hollow)
}

/// The files of a repository read and parsed, nothing checked: what
/// formatting needs (`kader fmt` without `--taal`). Each file's
/// diagnostics are the parser's own; the schema, the names and the rules
/// are left empty, so nothing else can be asked of it.
pub fn analyse_syntax(sources: &[Source], config: Option<&Source>) -> Analysis {
    let (parsed, settings) = parse_with_config(sources, config, None);
    let files = parsed
        .into_iter()
        .map(|p| {
            let diagnostics = p.syntax.clone();
            File::new(p, diagnostics, Arc::default(), Vec::new(), Vec::new())
        })
        .collect();
    Analysis {
        files,
        config: settings,
        schema: schema::Schema::default(),
        symbols: check::SymbolIndex::default(),
        rules: Arc::default(),
    }
}

/// Like [`analyse`], but a file that has the same place, path and text as
/// in `previous` keeps its parse tree instead of being parsed again: after
/// an edit in the editor only the changed file is parsed.
pub fn analyse_reusing(
    sources: &[Source],
    config: Option<&Source>,
    previous: Option<&Analysis>,
) -> Analysis {
    analyse_with(sources, config, previous, check::Trees::Whole)
}

fn analyse_with(
    sources: &[Source],
    config: Option<&Source>,
    previous: Option<&Analysis>,
    trees: check::Trees,
) -> Analysis {
    let (mut parsed, settings) = parse_with_config(sources, config, previous);

    let kept = previous.map(|p| Kept::find(p, &parsed));

    // The passes, each returning what it found.
    let checked = check::check_reusing(&mut parsed, |i| kept.as_ref()?.earlier(i), trees);
    let items: Vec<&[check::CheckedItem]> =
        checked.files.iter().map(|f| f.items.as_slice()).collect();
    let inputs = rules::Inputs {
        files: &parsed,
        checked: &items,
        schema: &checked.schema,
        symbols: &checked.symbols,
        config: &settings,
    };
    let rules = match kept.as_ref().filter(|k| k.names) {
        Some(kept) => kept.previous.rules.clone(),
        None => Arc::new(rules::compile(&inputs)),
    };
    let mut taken_over = Vec::new();
    // With the same rules, a policy none of whose items changed keeps what
    // they found in it.
    let again = kept
        .as_ref()
        .filter(|k| Arc::ptr_eq(&rules, &k.previous.rules))
        .map(|k| (k, k.to_evaluate(&checked.symbols, &rules)));
    let wanted = |i: usize| {
        again
            .as_ref()
            .is_none_or(|(_, a)| a.get(i).copied().unwrap_or(true))
    };
    let evaluated = rules::evaluate(&inputs, &rules, wanted);
    if let Some((kept, again)) = &again {
        for (file, _) in kept.previous.files.iter().zip(again).filter(|(_, a)| !**a) {
            let earlier = file.diagnostics.iter().filter(|d| rules.evaluated(d));
            taken_over.extend(earlier.cloned());
        }
    }
    let looks = check::names_that_mislead(&parsed, &checked.schema, &checked.symbols);

    // Every finding to the file its primary span lies in.
    let mut toetsen = Vec::with_capacity(checked.files.len());
    let mut check_found = Vec::with_capacity(checked.files.len());
    let (items, mut found): (Vec<_>, Vec<_>) = checked
        .files
        .into_iter()
        .map(|f| {
            toetsen.push(f.toetsen);
            let mut diagnostics = f.found.clone();
            diagnostics.extend(f.diagnostics);
            check_found.push(f.found);
            (f.items, diagnostics)
        })
        .unzip();
    check_found.resize_with(parsed.len(), Vec::new);
    found.resize_with(parsed.len(), Vec::new);
    toetsen.resize_with(parsed.len(), Vec::new);
    let test_codes = toetsen
        .iter()
        .flat_map(|t| rules::unknown_test_codes(t, &rules));
    let to_file = |found: &mut Vec<Vec<Diagnostic>>, d: Diagnostic| {
        if let Some(list) = found.get_mut(d.span.file.index()) {
            list.push(d);
        }
    };
    for d in rules.findings.iter().cloned() {
        to_file(&mut found, d);
    }
    for (i, mut list) in evaluated.into_iter().enumerate() {
        // Nearly always every finding lies in the file of its policy: the
        // list moves there whole.
        match found.get_mut(i) {
            Some(here) if list.iter().all(|d| d.span.file.index() == i) => here.append(&mut list),
            _ => list.into_iter().for_each(|d| to_file(&mut found, d)),
        }
    }
    for d in taken_over.into_iter().chain(test_codes) {
        to_file(&mut found, d);
    }
    let files: Vec<File> = parsed
        .into_iter()
        .zip(items.into_iter().zip(toetsen.into_iter().zip(check_found)))
        .zip(found.into_iter().zip(looks))
        .map(
            |((p, (items, (toetsen, check_found))), (findings, looks))| {
                let mut diagnostics = findings;
                diagnostics.splice(0..0, p.syntax.iter().cloned());
                // A name flagged as confusable with a known word (K0115) is
                // not also reported as unknown: the warning says what it is,
                // and its fix writes the known word.
                let confusable: Vec<Span> = looks
                    .iter()
                    .filter(|d| d.code == crate::syntax::unicode::CONFUSABLE)
                    .flat_map(|d| d.labels.iter().map(|l| l.span))
                    .collect();
                if !confusable.is_empty() {
                    diagnostics.retain(|d| {
                        !(check::is_unknown_name(&d.code) && confusable.contains(&d.span))
                    });
                }
                diagnostics.extend(looks);
                diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
                let mut file = File::new(p, diagnostics, items, check_found, toetsen);
                name_items(&mut file);
                file
            },
        )
        .collect();
    Analysis {
        files,
        config: settings,
        schema: checked.schema,
        symbols: checked.symbols,
        rules,
    }
}

/// Every file parsed (the stdlib's, `sources`, reusing the trees of
/// `previous` where the text is the same) and `kader.toml` read, as the
/// last file.
fn parse_with_config(
    sources: &[Source],
    config: Option<&Source>,
    previous: Option<&Analysis>,
) -> (Vec<ParsedFile>, config::Config) {
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
            line_index: LineIndex::of(source.text.clone()),
            tree: Arc::new(ast::SourceFile {
                items: Vec::new(),
                comments: Vec::new(),
                span: Span::new(id, 0, source.text.len()),
            }),
            syntax: diagnostics,
            looks: Arc::new(looks),
        });
    }
    (parsed, settings)
}

/// What an analysis keeps of the previous one: found from the trees alone,
/// before any pass runs.
struct Kept<'a> {
    previous: &'a Analysis,
    /// Whether the schema, the namespace of top-level items (every name
    /// with its `ItemId`) and everything the rules are compiled from are
    /// the previous analysis's: the files are the same ones in the same
    /// places, `kader.toml` has the same text, and every file whose text
    /// changed defines, before and after, the same items of the same kinds
    /// in the same order, and no kind, vocabulary, rule, parameter,
    /// definition or article.
    names: bool,
    /// Per file: whether its tree is the previous analysis's.
    same: Vec<bool>,
}

impl<'a> Kept<'a> {
    fn find(previous: &'a Analysis, files: &[ParsedFile]) -> Kept<'a> {
        let same: Vec<bool> = previous
            .files
            .iter()
            .zip(files)
            .map(|(old, new)| Arc::ptr_eq(&old.tree, &new.tree))
            .collect();
        let same_places = previous.files.len() == files.len()
            && previous
                .files
                .iter()
                .zip(files)
                .all(|(old, new)| old.kind == new.kind && old.path == new.path);
        let names = same_places
            && previous
                .files
                .iter()
                .zip(files)
                .zip(&same)
                .all(|((old, new), same)| {
                    if new.kind == FileKind::Config {
                        return old.text == new.text;
                    }
                    *same || {
                        let before = names_defined(&previous.schema, &old.tree);
                        before.is_some() && before == names_defined(&previous.schema, &new.tree)
                    }
                });
        Kept {
            previous,
            names,
            same,
        }
    }

    /// Per file, whether the rules must run over its policies again: the
    /// file changed, or holds an item that names (through any chain of
    /// names) an item of a changed file; every file if a rule names an
    /// item of such a file. `symbols` is the new analysis's index: it
    /// holds every reference, and an unchanged file's are the same as
    /// before. Only for the same rules.
    fn to_evaluate(&self, symbols: &check::SymbolIndex, rules: &rules::Rules) -> Vec<bool> {
        let mut again: Vec<bool> = self
            .same
            .iter()
            .zip(&self.previous.files)
            .map(|(same, f)| !same && f.kind != FileKind::Config)
            .collect();
        let mut defined: Vec<Vec<ItemId>> = vec![Vec::new(); again.len()];
        for (i, def) in symbols.items().iter().enumerate() {
            if let Some(list) = defined.get_mut(def.file.index()) {
                list.push(ItemId(u32::try_from(i).unwrap_or(u32::MAX)));
            }
        }
        let mut queue: Vec<usize> = (0..again.len())
            .filter(|&i| again.get(i).copied().unwrap_or(false))
            .collect();
        while let Some(file) = queue.pop() {
            for id in defined.get(file).into_iter().flatten() {
                for span in symbols.references(check::Target::Item(*id)) {
                    let by = span.file.index();
                    if let Some(a) = again.get_mut(by).filter(|a| !**a) {
                        *a = true;
                        queue.push(by);
                    }
                }
            }
        }
        let named_by_rule = rules.resolved.items().any(|id| {
            symbols
                .item(id)
                .is_some_and(|d| again.get(d.file.index()).copied().unwrap_or(true))
        });
        if named_by_rule {
            again.fill(true);
        }
        again
    }

    /// What the previous analysis found checking file `i`, if it stands:
    /// the file and the namespace are the same.
    fn earlier(&self, i: usize) -> Option<check::Earlier<'a>> {
        if !self.names || !self.same.get(i).copied().unwrap_or(false) {
            return None;
        }
        let file = self.previous.files.get(i)?;
        Some(check::Earlier {
            items: &file.checked,
            toetsen: &file.toetsen,
            found: &file.check_found,
            symbols: self.previous.symbols.symbols_in(file.id),
        })
    }
}

/// A top-level item as the namespace sees it: its kind (if the schema knows
/// it), its name and its English name.
type Defined<'t> = (Option<schema::KindId>, &'t str, Option<&'t str>);

/// The top-level items a file defines, as (kind, name, English name) in
/// file order; `None` if it also declares a kind or vocabulary, or holds a
/// rule, parameter, definition or article: what the schema and the rules
/// are built from.
fn names_defined<'t>(
    schema: &schema::Schema,
    tree: &'t ast::SourceFile,
) -> Option<Vec<Defined<'t>>> {
    let article = schema.kind_named("artikel").map(|k| k.id);
    let mut out = Vec::with_capacity(tree.items.len());
    for item in &tree.items {
        match &item.kind {
            ast::ItemKind::Instance(inst) => {
                let kind = schema.kind_named(&inst.kind.name).map(|k| k.id);
                if kind.is_some() && kind == article {
                    return None;
                }
                out.push((
                    kind,
                    inst.name.as_ref().map_or("", |n| n.name.as_str()),
                    inst.name_en.as_ref().map(|n| n.name.as_str()),
                ));
            }
            ast::ItemKind::Toets(_) | ast::ItemKind::Error => {}
            ast::ItemKind::Soort(_)
            | ast::ItemKind::Keuze(_)
            | ast::ItemKind::Regel(_)
            | ast::ItemKind::Parameter(_)
            | ast::ItemKind::Definitie(_) => return None,
        }
    }
    Some(out)
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
                .map(|(j, (kind, path, text, shared))| {
                    // The same text is most often the same `Arc`.
                    let same = |f: &File| {
                        shared.is_some_and(|s| Arc::ptr_eq(s, &f.text)) || &*f.text == *text
                    };
                    previous
                        .and_then(|p| p.files.get(first + j))
                        .filter(|f| f.kind == *kind && f.path == *path && same(f))
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
                        let text: Arc<str> = shared.cloned().unwrap_or_else(|| Arc::from(text));
                        ParsedFile {
                            id: id(i),
                            path: path.to_string(),
                            kind,
                            line_index: LineIndex::of(text.clone()),
                            text,
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
    if file.diagnostics.iter().all(|d| d.item.is_some()) {
        return;
    }
    let items: Vec<(u32, u32, ast::Name)> = file
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

    pub(super) const RULE: &str = "regel T-LOG {\n    ernst: waarschuwing\n    zodra { niet (beleid.logboek == ja) }\n    wijs: beleid.logboek\n    melding { nl: \"Geen logboek.\" en: \"No log.\" }\n}\n";

    fn codes_of(a: &Analysis) -> Vec<(String, String)> {
        a.files
            .iter()
            .flat_map(|f| {
                f.diagnostics
                    .iter()
                    .map(|d| (f.path.clone(), d.code.as_str().to_string()))
            })
            .collect()
    }

    /// Everything an analysis found and resolved, file by file.
    fn all_of(a: &Analysis) -> Vec<(&[Diagnostic], &[check::CheckedItem], &[check::Symbol])> {
        a.files
            .iter()
            .map(|f| {
                let symbols = a.symbols.symbols_in(f.id);
                (f.diagnostics.as_slice(), f.checked.as_slice(), symbols)
            })
            .collect()
    }

    /// With the same rules, only the policies that changed or that name
    /// (through any chain of names) an item of a changed file are run
    /// again; every other policy keeps its findings, which are what a
    /// fresh analysis finds.
    #[test]
    fn only_the_policies_a_change_reaches_are_run_again() {
        let rule = "regel T-TEAM {\n    ernst: waarschuwing\n    zodra {\n        t in beleid.geautoriseerd\n        t.omschrijving == \"open\"\n    }\n    melding { nl: \"Open team.\" en: \"Open team.\" }\n}\n";
        let team = |text: &str| {
            Source::new(
                "organisatie/teams.kader",
                format!("team t {{\n  omschrijving: \"{text}\"\n}}\n"),
            )
        };
        let mut sources = vec![
            Source::new("beleid/a.kader", "beleid a {\n  geautoriseerd: [t]\n}\n"),
            team("open"),
            Source::new("beleid/b.kader", "beleid b {\n  logboek: nee\n}\n"),
            Source::new("regels/eigen.kader", rule),
        ];
        let first = analyse(&sources, None);
        let fired = |a: &Analysis| {
            a.files
                .iter()
                .filter(|f| f.diagnostics.iter().any(|d| d.code.as_str() == "T-TEAM"))
                .map(|f| f.path.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(fired(&first), ["beleid/a.kader"]);

        // The team changes: policy `a` names it, `b` does not.
        sources[1] = team("gesloten");
        let second = analyse_reusing(&sources, None, Some(&first));
        assert!(Arc::ptr_eq(&first.rules, &second.rules));
        assert!(fired(&second).is_empty());
        assert_eq!(all_of(&second), all_of(&analyse(&sources, None)));
        let parsed: Vec<ParsedFile> = second.files.iter().map(File::parsed).collect();
        let kept = Kept::find(&first, &parsed);
        let again: Vec<&str> = kept
            .to_evaluate(&second.symbols, &second.rules)
            .iter()
            .zip(&second.files)
            .filter(|(again, _)| **again)
            .map(|(_, f)| f.path.as_str())
            .collect();
        assert_eq!(again, ["beleid/a.kader", "organisatie/teams.kader"]);

        // Back again, and `b` changes on its own: `a` keeps its finding.
        sources[1] = team("open");
        let third = analyse_reusing(&sources, None, Some(&second));
        sources[2] = Source::new("beleid/b.kader", "beleid b {\n  logboek: ja\n}\n");
        let fourth = analyse_reusing(&sources, None, Some(&third));
        assert_eq!(fired(&fourth), ["beleid/a.kader"]);
        assert_eq!(all_of(&fourth), all_of(&analyse(&sources, None)));
    }

    /// What the rules find running over policies, exceptions included, is
    /// recognised as such: it is what an unchanged policy takes over.
    #[test]
    fn every_finding_of_running_the_rules_is_recognised() {
        let policy = "beleid a {\n  logboek: nee\n  afwijking OO-ONBEKEND {\n    motivering: \"x\"\n  }\n  afwijking OO-TIJDSBEGRENZING {\n  }\n}\n";
        let sources = [Source::new("beleid/a.kader", policy)];
        let a = analyse(&sources, None);
        let found: Vec<Diagnostic> = a.with_inputs(|inputs| {
            let per_file = rules::evaluate(inputs, &a.rules, |_| true);
            per_file.into_iter().flatten().collect()
        });
        let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.iter().any(|c| c.starts_with("K05")), "{codes:?}");
        assert!(codes.iter().any(|c| !c.starts_with('K')), "{codes:?}");
        assert!(found.iter().all(|d| a.rules.evaluated(d)), "{codes:?}");
        // The near miss: what checking finds is not.
        let checking = a.files.iter().flat_map(|f| &f.check_found);
        assert!(
            checking.clone().count() > 0 && !checking.into_iter().any(|d| a.rules.evaluated(d))
        );
    }

    /// A file whose text did not change is not checked again while every
    /// name stays what it was, and what it takes over is what checking it
    /// again would give.
    #[test]
    fn an_unchanged_file_keeps_its_check_while_the_names_stay() {
        let team = "team t {\n  naam: \"T\"\n}\n";
        let mut sources = vec![
            Source::new(
                "beleid/a.kader",
                "beleid a {\n  team: t\n  logboek: nee\n}\n",
            ),
            Source::new("organisatie/teams.kader", team),
            Source::new(
                "beleid/b.kader",
                "beleid b {\n  team: t\n  onbekend: 1\n}\n",
            ),
        ];
        let first = analyse(&sources, None);
        let at = |a: &Analysis, path: &str| a.files.iter().position(|f| f.path == path).unwrap();
        let b = at(&first, "beleid/b.kader");
        assert!(!first.files[b].check_found.is_empty());

        sources[0] = Source::new(
            "beleid/a.kader",
            "beleid a {\n  team: t\n  logboek: ja\n}\n",
        );
        let second = analyse_reusing(&sources, None, Some(&first));
        assert!(Arc::ptr_eq(
            &first.files[b].checked,
            &second.files[b].checked
        ));
        let fresh = analyse(&sources, None);
        assert_eq!(all_of(&second), all_of(&fresh));

        // The near miss: a new name in the changed file checks every file.
        sources[0] = Source::new("beleid/a.kader", "beleid a2 {\n  team: t\n}\n");
        let third = analyse_reusing(&sources, None, Some(&second));
        assert!(!Arc::ptr_eq(
            &second.files[b].checked,
            &third.files[b].checked
        ));
        assert_eq!(all_of(&third), all_of(&analyse(&sources, None)));
    }

    /// The compiled rules are shared with the next analysis only when no
    /// change could alter them; what the rules find is the same as a fresh
    /// analysis finds either way.
    #[test]
    fn the_rules_are_kept_only_when_nothing_they_are_compiled_from_changed() {
        let mut sources = vec![
            Source::new("beleid/a.kader", "beleid a {\n  logboek: nee\n}\n"),
            Source::new("regels/eigen.kader", RULE),
        ];
        let config = Source::new("kader.toml", "[regels]\nT-LOG = \"fout\"\n");
        let mut previous = analyse(&sources, Some(&config));
        assert!(codes_of(&previous).contains(&("beleid/a.kader".into(), "T-LOG".into())));
        let mut step = |sources: &[Source], config: &Source, kept: bool| {
            let next = analyse_reusing(sources, Some(config), Some(&previous));
            assert_eq!(Arc::ptr_eq(&next.rules, &previous.rules), kept);
            assert_eq!(codes_of(&next), codes_of(&analyse(sources, Some(config))));
            previous = next;
        };

        // Only the policy's content changed: the rules are kept, and fire.
        sources[0] = Source::new(
            "beleid/a.kader",
            "beleid a {\n  doel: \"x\"\n  logboek: nee\n}\n",
        );
        step(&sources, &config, true);
        // The near misses: the policy's name, the rule, `kader.toml`.
        sources[0] = Source::new("beleid/a.kader", "beleid b {\n  logboek: nee\n}\n");
        step(&sources, &config, false);
        sources[1] = Source::new("regels/eigen.kader", RULE.replace("== ja", "== nee"));
        step(&sources, &config, false);
        let config = Source::new("kader.toml", "[regels]\nT-LOG = \"uit\"\n");
        step(&sources, &config, false);
        // An article is what rules cite: a file that holds one is read again.
        sources.push(Source::new(
            "wet/eigen.kader",
            "artikel eigen_1 {\n  citeer: \"x\"\n}\n",
        ));
        step(&sources, &config, false);
        sources[2] = Source::new("wet/eigen.kader", "artikel eigen_1 {\n  citeer: \"y\"\n}\n");
        step(&sources, &config, false);
        sources[0] = Source::new("beleid/a.kader", "beleid b {\n  logboek: ja\n}\n");
        step(&sources, &config, true);
    }

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

#[cfg(test)]
mod hollow_tests {
    use super::*;

    fn findings(a: &Analysis) -> Vec<(String, String, Span, String)> {
        a.files
            .iter()
            .flat_map(|f| {
                f.diagnostics.iter().map(|d| {
                    let message = d.message.nl.to_string();
                    (f.path.clone(), d.code.to_string(), d.span, message)
                })
            })
            .collect()
    }

    fn members(a: &Analysis, path: &str) -> usize {
        let file = a.files.iter().find(|f| f.path == path).unwrap();
        file.tree
            .items
            .iter()
            .map(|i| match &i.kind {
                ast::ItemKind::Instance(inst) => inst.members.len(),
                _ => 1,
            })
            .sum()
    }

    #[test]
    fn a_hollow_analysis_finds_what_a_whole_one_finds() {
        let rules_and_team = format!("{}\nteam t {{\n    leden: 3\n}}\n", super::tests::RULE);
        let sources = [
            Source::new("regels/r.kader", rules_and_team.as_str()),
            Source::new(
                "beleid/a.kader",
                "beleid a {\n    logboek: nee\n    onbekend_veld: 1\n}\n",
            ),
            Source::new(
                "beleid/b.kader",
                "beleid b {\n    logboek: ja\n    doel: openbare_ord\n",
            ),
        ];
        let whole = analyse(&sources, None);
        let hollow = analyse_hollow(&sources, None);
        let found = findings(&whole);
        assert!(found.iter().any(|f| f.1 == "T-LOG"), "{found:#?}");
        assert!(found.iter().any(|f| f.1.starts_with('K')), "{found:#?}");
        assert_eq!(found, findings(&hollow));

        // The policies' trees keep their items, without members, and their
        // files keep no symbols.
        for path in ["beleid/a.kader", "beleid/b.kader"] {
            assert!(members(&whole, path) > 0);
            assert_eq!(members(&hollow, path), 0, "{path}");
            let items = |a: &Analysis| {
                let f = a.files.iter().find(|f| f.path == path).unwrap();
                (
                    f.tree.items.len(),
                    f.checked.len(),
                    a.symbols.symbols_in(f.id).len(),
                )
            };
            let (tree_items, checked, _) = items(&whole);
            assert_eq!(items(&hollow), (tree_items, checked, 0), "{path}");
        }
        // The near miss: a file with a rule is never hollowed, not even
        // the team beside it.
        assert!(members(&hollow, "regels/r.kader") > 1);
        assert_eq!(
            members(&hollow, "regels/r.kader"),
            members(&whole, "regels/r.kader")
        );
    }
}
