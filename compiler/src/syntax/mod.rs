//! Lexer and parser. chumsky lives here and nowhere else.
//!
//! [`parse`] never fails: it returns a tree (with error nodes where the text
//! could not be read) and every problem it found.

mod errors;
mod grammar;
mod lexer;
mod parser;
mod token;
pub mod unicode;

pub use errors::CODES;
pub use lexer::{dedent_block, lex, unescape, Lexed, Tok};

use crate::ast::{Doc, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use chumsky::input::Input as _;
use chumsky::Parser as _;
use std::collections::HashMap;

/// A parse tree and the problems found while reading it.
#[derive(Debug)]
pub struct Parsed {
    pub tree: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    pub looks: Looks,
}

/// What the text alone shows that may mislead a reader (see [`unicode`]):
/// found while parsing, so an unchanged text is never scanned again.
#[derive(Clone, Debug, Default)]
pub struct Looks {
    /// K0113 for each hidden character.
    pub hidden: Vec<Diagnostic>,
    /// Every name with a character outside ASCII: the checker compares
    /// them with the words it knows (K0114, K0115).
    pub odd_names: Vec<(Span, String)>,
}

/// The stack a parse runs on. Nesting is bounded (64 brackets, see the
/// lexer), but the parser's frames are large, above all in a debug build;
/// a fresh stack of this size makes parsing independent of the calling
/// thread's stack (rayon and tokio threads have 2 MiB). The memory is only
/// reserved, and used as far as the parse actually goes.
const PARSE_STACK: usize = 64 * 1024 * 1024;

/// The stack a parse may need at most: with this much left, a parse runs
/// on the stack it is called on.
const PARSE_RED_ZONE: usize = PARSE_STACK / 2;

/// Parses one file, on a stack of its own unless it is called on a parse
/// stack (see [`on_parse_stack`]) that has room for it.
pub fn parse(file: FileId, text: &str) -> Parsed {
    stacker::maybe_grow(PARSE_RED_ZONE, PARSE_STACK, || parse_here(file, text))
}

/// How many files to parse one after another on one parse stack (see
/// [`on_parse_stack`]): enough for the stack to pay off, few enough that
/// both cores stay busy on a small repository.
pub const PARSE_BATCH: usize = 32;

/// Runs `work` on one fresh parse stack, so that every [`parse`] inside it
/// uses that stack. A stack is mapped for every call and its pages are
/// faulted in as a parse reaches them: one stack for a batch of files
/// saves a page fault per stack page per file (for 10,000 files, about
/// half of all page faults of `kader check`).
pub fn on_parse_stack<R>(work: impl FnOnce() -> R) -> R {
    stacker::grow(PARSE_STACK, work)
}

fn parse_here(file: FileId, text: &str) -> Parsed {
    let lexed = lex(file, text);
    let Lexed {
        tokens,
        line_start,
        comments,
        mut diagnostics,
    } = lexed;

    let line_starts = tokens
        .iter()
        .zip(&line_start)
        .filter(|(_, first)| **first)
        .map(|((_, s), _)| u32::try_from(s.start).unwrap_or(u32::MAX))
        .collect();
    let (docs, doc_groups) = doc_groups(file, text, &comments, &tokens);
    let ctx = parser::Ctx {
        file,
        docs,
        line_starts,
    };

    let odd_names = lexer::odd_names(file, &tokens);
    let eoi = chumsky::span::SimpleSpan::from(text.len()..text.len());
    let input = tokens.as_slice().map(eoi, |(t, s)| (t, s));
    let (items, errors) = grammar::items::file(&ctx).parse(input).into_output_errors();
    for err in errors {
        diagnostics.push(errors::to_diagnostic(
            err,
            &tokens,
            &line_start,
            file,
            text.len(),
        ));
    }
    let items = items.unwrap_or_default();

    let tree = SourceFile {
        items,
        comments,
        span: Span::new(file, 0, text.len()),
    };
    loose_docs(&tree, &doc_groups, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics.dedup_by(|a, b| a.span == b.span && a.code == b.code);
    let looks = Looks {
        hidden: unicode::hidden_chars(file, text, &diagnostics),
        odd_names,
    };
    Parsed {
        tree,
        diagnostics,
        looks,
    }
}

/// Joins consecutive `///` lines into blocks and keys each block by the
/// offset of the token right after it.
fn doc_groups(
    file: FileId,
    text: &str,
    comments: &[crate::ast::Comment],
    tokens: &[(Tok<'_>, chumsky::span::SimpleSpan)],
) -> (HashMap<u32, Doc>, Vec<Doc>) {
    let mut groups: Vec<Doc> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut group_span: Option<Span> = None;
    let flush = |lines: &mut Vec<&str>, span: &mut Option<Span>, groups: &mut Vec<Doc>| {
        if let Some(s) = span.take() {
            let text = lines
                .iter()
                .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
                .collect::<Vec<_>>()
                .join("\n");
            groups.push(Doc { text, span: s });
        }
        lines.clear();
    };
    for c in comments {
        let adjacent = group_span.is_some_and(|g| {
            text.get(g.end as usize..c.span.start as usize)
                .is_some_and(|between| {
                    between.trim().is_empty() && between.matches('\n').count() <= 1
                })
        });
        if !c.doc || !adjacent {
            flush(&mut lines, &mut group_span, &mut groups);
        }
        if c.doc {
            group_span = Some(group_span.map_or(c.span, |g| g.to(c.span)));
            lines.push(&c.text);
        }
    }
    flush(&mut lines, &mut group_span, &mut groups);

    let mut docs = HashMap::new();
    for g in &groups {
        let next = tokens.partition_point(|(_, s)| s.start < g.span.end as usize);
        if let Some((_, s)) = tokens.get(next) {
            let between = text.get(g.span.end as usize..s.start).unwrap_or("");
            if between.trim().is_empty() {
                if let Ok(k) = u32::try_from(s.start) {
                    docs.insert(k, g.clone());
                }
            }
        }
    }
    let _ = file;
    (docs, groups)
}

/// Warns about `///` blocks that ended up documenting nothing.
fn loose_docs(tree: &SourceFile, groups: &[Doc], diagnostics: &mut Vec<Diagnostic>) {
    let mut used = std::collections::HashSet::new();
    fn visit_item(item: &crate::ast::Item, used: &mut std::collections::HashSet<u32>) {
        use crate::ast::{ItemKind, Member, ToetsMember};
        if let Some(d) = &item.doc {
            used.insert(d.span.start);
        }
        let visit_members = |members: &[Member], used: &mut std::collections::HashSet<u32>| {
            for m in members {
                match m {
                    Member::Field(f) => {
                        if let Some(d) = &f.doc {
                            used.insert(d.span.start);
                        }
                    }
                    Member::Item(n) => visit_item(n, used),
                    Member::Error(_) => {}
                }
            }
        };
        match &item.kind {
            ItemKind::Instance(i) => visit_members(&i.members, used),
            ItemKind::Toets(t) => {
                for m in &t.members {
                    if let ToetsMember::Wijzig { members, .. } = m {
                        visit_members(members, used);
                    }
                }
            }
            ItemKind::Soort(s) => {
                for f in &s.fields {
                    if let Some(d) = &f.doc {
                        used.insert(d.span.start);
                    }
                }
            }
            ItemKind::Keuze(k) => {
                for v in &k.variants {
                    if let Some(d) = &v.doc {
                        used.insert(d.span.start);
                    }
                }
            }
            ItemKind::Regel(_)
            | ItemKind::Parameter(_)
            | ItemKind::Definitie(_)
            | ItemKind::Error => {}
        }
    }
    for item in &tree.items {
        visit_item(item, &mut used);
    }
    for g in groups {
        if !used.contains(&g.span.start) {
            diagnostics.push(errors::diagnostic(
                errors::LOOSE_DOC,
                g.span,
                crate::Text::new(
                    "deze documentatie (`///`) staat niet direct boven een onderdeel, veld of keuzewaarde en wordt nergens getoond",
                    "this documentation (`///`) is not directly above an item, field or variant and is shown nowhere",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
