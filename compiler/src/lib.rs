//! kader: beleid als code voor online onderzoek en monitoring van sociale
//! media door gemeenten — policy-as-code for municipal online research.
//!
//! The library has one entry point, [`analyse`]: give it the texts of a
//! policy repository (and its `kader.toml`), get back an [`Analysis`] with the
//! parse trees and every diagnostic. It does no I/O; the command line reads
//! the disk and the language server supplies editor buffers.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod ast;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod fmt;
pub mod ide;
pub mod reading;
pub mod report;
pub mod rules;
pub mod schema;
pub mod span;
pub mod stdlib;
pub mod suggest;
pub mod syntax;

pub use diagnostics::{Diagnostic, Severity, Taal, Text};
pub use span::{FileId, LineIndex, Span};

use rayon::prelude::*;
use std::sync::Arc;

/// One source text, as read from disk or from an editor buffer.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path relative to the repository root, with `/` separators.
    pub path: String,
    pub text: String,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
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
    /// The top-level items whose kind the schema knows, checked, with every
    /// name resolved (see [`check::CheckedItem`]).
    pub checked: Vec<check::CheckedItem>,
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
            ast::ItemKind::Error => true,
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
    let stdlib = stdlib::FILES
        .iter()
        .map(|(path, text)| (FileKind::Stdlib, *path, *text));
    let own = sources
        .iter()
        .map(|s| (FileKind::Policy, s.path.as_str(), s.text.as_str()));
    let inputs: Vec<(FileKind, &str, &str)> = stdlib.chain(own).collect();

    let mut files: Vec<File> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, (kind, path, text))| {
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            let same = previous
                .and_then(|p| p.files.get(i))
                .filter(|f| f.kind == *kind && f.path == *path && &*f.text == *text);
            if let Some(old) = same {
                return File {
                    id,
                    path: old.path.clone(),
                    kind: *kind,
                    text: old.text.clone(),
                    line_index: old.line_index.clone(),
                    tree: old.tree.clone(),
                    diagnostics: old.syntax.clone(),
                    syntax: old.syntax.clone(),
                    checked: Vec::new(),
                };
            }
            let parsed = syntax::parse(id, text);
            File {
                id,
                path: (*path).to_string(),
                kind: *kind,
                text: Arc::from(*text),
                line_index: LineIndex::new(text),
                tree: Arc::new(parsed.tree),
                syntax: parsed.diagnostics.clone(),
                diagnostics: parsed.diagnostics,
                checked: Vec::new(),
            }
        })
        .collect();

    let mut cfg = config::Config::default();
    if let Some(source) = config {
        let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
        let (parsed, diagnostics) = config::parse(id, &source.text);
        cfg = parsed;
        files.push(File {
            id,
            path: source.path.clone(),
            kind: FileKind::Config,
            text: Arc::from(source.text.as_str()),
            line_index: LineIndex::new(&source.text),
            tree: Arc::new(ast::SourceFile {
                items: Vec::new(),
                comments: Vec::new(),
                span: Span::new(id, 0, source.text.len()),
            }),
            syntax: Vec::new(),
            diagnostics,
            checked: Vec::new(),
        });
    }

    let checked = check::check(&files);
    for (file, result) in files.iter_mut().zip(checked.files) {
        file.checked = result.items;
        file.diagnostics.extend(result.diagnostics);
    }

    let rules = rules::run(&mut files, &checked.schema, &checked.symbols, &cfg);
    syntax::unicode::check(&mut files, &checked.schema, &checked.symbols);

    for file in &mut files {
        file.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        name_items(file);
    }
    Analysis {
        files,
        config: cfg,
        schema: checked.schema,
        symbols: checked.symbols,
        rules,
    }
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
