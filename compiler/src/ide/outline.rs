//! The shape of a file: its outline (document and workspace symbols), the
//! classes of its words (semantic tokens), the parts that fold, and inlay
//! hints (the length of a period in days).

use super::context::{file_taal, source};
use crate::ast::{Item, ItemKind, Member, ToetsMember, Value as AstValue, ValueKind};
use crate::check::{CheckedItem, Target, Value};
use crate::{Analysis, FileId, FileKind, Span, Taal};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    /// A top-level item: a policy, a team, an article.
    Item,
    /// An item inside another: a source, an exception.
    Nested,
    /// A `soort`.
    Kind,
    /// A `keuze`.
    Choice,
    /// A field declaration of a `soort`.
    Field,
    /// A variant of a `keuze`.
    Variant,
    /// A `regel`.
    Rule,
    /// A `parameter`.
    Parameter,
}

/// One entry of a file's outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outline {
    pub name: String,
    /// The kind as written, and the label of a nested item.
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// The whole item.
    pub span: Span,
    /// The name.
    pub selection: Span,
    pub children: Vec<Outline>,
}

/// The outline of one file.
pub fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<Outline> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    f.tree
        .items
        .iter()
        .filter_map(|i| outline(i, true))
        .collect()
}

fn outline(item: &Item, top: bool) -> Option<Outline> {
    match &item.kind {
        ItemKind::Instance(inst) => {
            let selection = inst.name.as_ref().map_or(inst.kind.span, |n| n.span);
            let name = inst
                .name
                .as_ref()
                .map_or_else(|| inst.kind.name.to_string(), |n| n.name.to_string());
            let detail = match &inst.label {
                Some(l) => format!("{} \"{}\"", inst.kind.name, l.value),
                None => inst.kind.name.to_string(),
            };
            Some(Outline {
                name,
                detail: Some(detail),
                kind: if top {
                    OutlineKind::Item
                } else {
                    OutlineKind::Nested
                },
                span: item.span,
                selection,
                children: inst.nested().filter_map(|i| outline(i, false)).collect(),
            })
        }
        ItemKind::Soort(s) => Some(Outline {
            name: s.names.nl.name.to_string(),
            detail: s.names.en.as_ref().map(|e| e.name.to_string()),
            kind: OutlineKind::Kind,
            span: item.span,
            selection: s.names.nl.span,
            children: s
                .fields
                .iter()
                .map(|f| Outline {
                    name: f.names.nl.name.to_string(),
                    detail: f.names.en.as_ref().map(|e| e.name.to_string()),
                    kind: OutlineKind::Field,
                    span: f.span,
                    selection: f.names.nl.span,
                    children: Vec::new(),
                })
                .collect(),
        }),
        ItemKind::Keuze(k) => Some(Outline {
            name: k.names.nl.name.to_string(),
            detail: k.names.en.as_ref().map(|e| e.name.to_string()),
            kind: OutlineKind::Choice,
            span: item.span,
            selection: k.names.nl.span,
            children: k
                .variants
                .iter()
                .map(|v| Outline {
                    name: v.names.nl.name.to_string(),
                    detail: v.names.en.as_ref().map(|e| e.name.to_string()),
                    kind: OutlineKind::Variant,
                    span: v.span,
                    selection: v.names.nl.span,
                    children: Vec::new(),
                })
                .collect(),
        }),
        ItemKind::Regel(r) => Some(Outline {
            name: r.code.name.to_string(),
            detail: Some("regel".to_string()),
            kind: OutlineKind::Rule,
            span: item.span,
            selection: r.code.span,
            children: Vec::new(),
        }),
        ItemKind::Parameter(p) => Some(Outline {
            name: p.names.nl.name.to_string(),
            detail: p.names.en.as_ref().map(|e| e.name.to_string()),
            kind: OutlineKind::Parameter,
            span: item.span,
            selection: p.names.nl.span,
            children: Vec::new(),
        }),
        ItemKind::Definitie(d) => Some(Outline {
            name: d.names.nl.name.to_string(),
            detail: d.names.en.as_ref().map(|e| e.name.to_string()),
            kind: OutlineKind::Parameter,
            span: item.span,
            selection: d.names.nl.span,
            children: Vec::new(),
        }),
        ItemKind::Toets(t) => Some(Outline {
            name: t.names.nl.name.to_string(),
            detail: Some(match &t.names.en {
                Some(en) => format!("toets / {}", en.name),
                None => "toets".to_string(),
            }),
            kind: OutlineKind::Item,
            span: item.span,
            selection: t.names.nl.span,
            children: Vec::new(),
        }),
        ItemKind::Error => None,
    }
}

/// The top-level items of every file whose name contains `query`
/// (ignoring case); the repository's own items before the stdlib's.
pub fn workspace_symbols(analysis: &Analysis, query: &str, taal: Taal) -> Vec<Outline> {
    let query = query.to_lowercase();
    let mut out: Vec<(bool, Outline)> = analysis
        .symbols
        .items()
        .iter()
        .filter(|d| d.spellings().any(|s| s.to_lowercase().contains(&query)))
        .map(|d| {
            let stdlib = analysis.file(d.file).map(|f| f.kind) == Some(FileKind::Stdlib);
            let kind = analysis
                .schema
                .kind(d.kind)
                .map(|k| k.names.get(taal).to_string());
            (
                stdlib,
                Outline {
                    name: d.name.to_string(),
                    detail: kind,
                    kind: OutlineKind::Item,
                    span: d.span,
                    selection: d.name_span,
                    children: Vec::new(),
                },
            )
        })
        .collect();
    out.sort_by_key(|(stdlib, _)| *stdlib);
    out.into_iter().map(|(_, o)| o).take(500).collect()
}

/// The class of a word, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// `soort`, `keuze`, and the kind that opens an item (`beleid`).
    Keyword,
    /// A kind or vocabulary name in the schema.
    Type,
    /// A field name.
    Property,
    /// A vocabulary value.
    EnumMember,
    /// The name of an item.
    Variable,
    String,
    Number,
    Comment,
}

/// One classified word. A token may span lines (a text block); the server
/// splits it for clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The name is declared here.
    pub declaration: bool,
    /// A `///` comment.
    pub documentation: bool,
    /// The name is declared in the stdlib.
    pub library: bool,
}

/// Every classified word of a file, in order and without overlap.
pub fn semantic_tokens(analysis: &Analysis, file: FileId) -> Vec<Token> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let token = |span, kind| Token {
        span,
        kind,
        declaration: false,
        documentation: false,
        library: false,
    };
    for c in &f.tree.comments {
        out.push(Token {
            documentation: c.doc,
            ..token(c.span, TokenKind::Comment)
        });
    }
    for s in analysis.symbols.symbols_in(file) {
        let (kind, def_span) = match s.target {
            Target::Kind(_) => (TokenKind::Type, None),
            Target::Choice(_) => (TokenKind::Type, None),
            Target::Field(..) => (TokenKind::Property, None),
            Target::Variant(..) => (TokenKind::EnumMember, None),
            Target::Item(id) => (
                TokenKind::Variable,
                analysis.symbols.item(id).map(|d| d.name_span),
            ),
        };
        let kind = match s.target {
            // The kind word that opens an item reads as a keyword.
            Target::Kind(_) if !s.definition && is_item_head(f, s.span) => TokenKind::Keyword,
            _ => kind,
        };
        let defined_in = def_span.map(|d| d.file).or_else(|| {
            analysis
                .symbols
                .definitions(s.target)
                .first()
                .map(|d| d.file)
        });
        let library = defined_in
            .and_then(|d| analysis.file(d))
            .is_some_and(|d| d.kind == FileKind::Stdlib);
        out.push(Token {
            declaration: s.definition,
            library,
            ..token(s.span, kind)
        });
    }
    let mut stack: Vec<&Item> = f.tree.items.iter().collect();
    while let Some(item) = stack.pop() {
        match &item.kind {
            ItemKind::Instance(inst) => {
                for m in &inst.members {
                    match m {
                        Member::Field(field) => literals(&field.value, &mut out),
                        Member::Item(i) => stack.push(i),
                        Member::Error(_) => {}
                    }
                }
                if let Some(l) = &inst.label {
                    out.push(token(l.span, TokenKind::String));
                }
            }
            ItemKind::Soort(s) => {
                out.push(token(keyword_before(f, item.span), TokenKind::Keyword));
                for field in &s.fields {
                    for m in &field.modifiers {
                        out.push(token(m.span, TokenKind::Keyword));
                    }
                }
            }
            ItemKind::Keuze(_) | ItemKind::Parameter(_) | ItemKind::Definitie(_) => {
                out.push(token(keyword_before(f, item.span), TokenKind::Keyword));
            }
            ItemKind::Regel(r) => {
                out.push(token(keyword_before(f, item.span), TokenKind::Keyword));
                out.push(token(r.code.span, TokenKind::Variable));
            }
            ItemKind::Toets(t) => {
                out.push(token(keyword_before(f, item.span), TokenKind::Keyword));
                for m in &t.members {
                    match m {
                        ToetsMember::Setting { key, value } => {
                            out.push(token(key.span, TokenKind::Keyword));
                            literals(value, &mut out);
                        }
                        ToetsMember::Wijzig { key, members, .. } => {
                            out.push(token(key.span, TokenKind::Keyword));
                            for m in members {
                                match m {
                                    Member::Field(field) => literals(&field.value, &mut out),
                                    Member::Item(i) => stack.push(i),
                                    Member::Error(_) => {}
                                }
                            }
                        }
                        ToetsMember::Error(_) => {}
                    }
                }
            }
            ItemKind::Error => {}
        }
    }
    out.retain(|t| !t.span.is_empty());
    out.sort_by_key(|t| (t.span.start, t.span.end));
    // Drop tokens that overlap an earlier one.
    let mut kept: Vec<Token> = Vec::with_capacity(out.len());
    for t in out {
        if kept.last().is_some_and(|k| t.span.start < k.span.end) {
            continue;
        }
        kept.push(t);
    }
    kept
}

/// The first word of an item (`soort`, `keuze`), skipping its doc comment.
fn keyword_before(f: &crate::File, item: Span) -> Span {
    let text = f.text.get(item.range()).unwrap_or("");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        let lead = line.len() - trimmed.len();
        let word = trimmed
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum::<usize>();
        let start = item.start as usize + offset + lead;
        return Span::new(item.file, start, start + word);
    }
    Span::new(item.file, item.start as usize, item.start as usize)
}

/// True when `span` is the kind word at the head of an instance.
fn is_item_head(f: &crate::File, span: Span) -> bool {
    let mut stack: Vec<&Item> = f.tree.items.iter().collect();
    while let Some(item) = stack.pop() {
        if let ItemKind::Instance(inst) = &item.kind {
            if inst.kind.span == span {
                return true;
            }
            if item.span.contains(span.start as usize) {
                stack.extend(inst.nested());
            }
        }
    }
    false
}

fn literals(value: &AstValue, out: &mut Vec<Token>) {
    let kind = match &value.kind {
        ValueKind::Text(_) | ValueKind::TextBlock(_) => Some(TokenKind::String),
        ValueKind::Integer(_)
        | ValueKind::Decimal(_)
        | ValueKind::Date(_)
        | ValueKind::Period { .. }
        | ValueKind::Duration(_) => Some(TokenKind::Number),
        ValueKind::Bool(_) => Some(TokenKind::Keyword),
        ValueKind::List(items) => {
            for v in items {
                literals(v, out);
            }
            None
        }
        ValueKind::Ref(_) | ValueKind::Error => None,
    };
    if let Some(kind) = kind {
        out.push(Token {
            span: value.span,
            kind,
            declaration: false,
            documentation: false,
            library: false,
        });
    }
}

/// A part of a file that folds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    /// A run of comment lines.
    pub comment: bool,
}

/// The items, text blocks and runs of comment lines of a file. The server
/// keeps those that span more than one line.
pub fn folding_ranges(analysis: &Analysis, file: FileId) -> Vec<Fold> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<&Item> = f.tree.items.iter().collect();
    while let Some(item) = stack.pop() {
        let body = match &item.kind {
            ItemKind::Instance(inst) => {
                stack.extend(inst.nested());
                for field in inst.fields() {
                    if matches!(
                        field.value.kind,
                        ValueKind::TextBlock(_) | ValueKind::List(_)
                    ) {
                        out.push(Fold {
                            span: field.value.span,
                            comment: false,
                        });
                    }
                }
                inst.body
            }
            ItemKind::Soort(s) => s.body,
            ItemKind::Keuze(k) => k.body,
            ItemKind::Regel(r) => r.body,
            ItemKind::Toets(t) => t.body,
            ItemKind::Parameter(_) | ItemKind::Definitie(_) | ItemKind::Error => continue,
        };
        out.push(Fold {
            span: body,
            comment: false,
        });
    }
    // Runs of comments on consecutive lines.
    let mut run: Option<(Span, u32)> = None;
    for c in &f.tree.comments {
        let line = f.line_index.line_col_utf8(c.span.start as usize).0;
        run = match run {
            Some((span, last)) if line == last + 1 => Some((span.to(c.span), line)),
            Some((span, _)) => {
                out.push(Fold {
                    span,
                    comment: true,
                });
                Some((c.span, line))
            }
            None => Some((c.span, line)),
        };
    }
    if let Some((span, _)) = run {
        out.push(Fold {
            span,
            comment: true,
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// A short text the editor shows after `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

/// The length of every closed `periode` in days, counting both ends; the
/// severity `kader.toml` gives a rule, after each finding of that rule; and
/// in `kader.toml`, each overridden rule's own severity.
pub fn inlay_hints(analysis: &Analysis, file: FileId, fallback: Taal) -> Vec<InlayHint> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let taal = file_taal(analysis, file, fallback);
    let mut out = Vec::new();
    for o in &analysis.config.rules {
        if o.level.span.file != file {
            continue;
        }
        if let Some(rule) = analysis.rules.get(&o.code.value) {
            let word = rule.severity.word(taal);
            out.push(InlayHint {
                offset: o.level.span.end as usize,
                label: match taal {
                    Taal::Nl => format!("standaard {word}"),
                    Taal::En => format!("default {word}"),
                },
            });
        }
    }
    for d in &f.diagnostics {
        if analysis.config.rule_level(d.code.as_str()).is_some() {
            let word = d.severity.word(taal);
            out.push(InlayHint {
                offset: d.span.end as usize,
                label: match taal {
                    Taal::Nl => format!("{word} volgens kader.toml"),
                    Taal::En => format!("{word} per kader.toml"),
                },
            });
        }
    }
    let mut stack: Vec<&CheckedItem> = f.checked.iter().collect();
    while let Some(item) = stack.pop() {
        for field in &item.fields {
            periods(&field.value.value, field.value.span, taal, &mut out);
        }
        stack.extend(item.nested.iter().map(|n| &n.item));
    }
    out.sort_by_key(|h| h.offset);
    let _ = source;
    out
}

fn periods(value: &Value, span: Span, taal: Taal, out: &mut Vec<InlayHint>) {
    match value {
        Value::Period {
            start,
            end: Some(end),
        } => {
            let days = end.days_since_epoch() - start.days_since_epoch() + 1;
            if days >= 1 {
                let word = match (taal, days) {
                    (Taal::Nl, 1) => "dag",
                    (Taal::Nl, _) => "dagen",
                    (Taal::En, 1) => "day",
                    (Taal::En, _) => "days",
                };
                out.push(InlayHint {
                    offset: span.end as usize,
                    label: format!("{days} {word}"),
                });
            }
        }
        Value::List(items) => {
            for v in items {
                periods(&v.value, v.span, taal, out);
            }
        }
        _ => {}
    }
}
