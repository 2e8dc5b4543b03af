//! Document links and usage counts: the names in a file that lead
//! somewhere else, and how many policies use each shared item.
//!
//! Links: a reference to a statutory task (the type of the policy field
//! `taak`) leads to the task's definition; a rule code (the name of an
//! `afwijking`, a key under `[regels]` in `kader.toml`) leads to the rule;
//! a law article named in `wet [...]` of a schema or `wet: [...]` of a rule
//! (or anywhere an article is referred to) leads to the article's official
//! address (wetten.overheid.nl, EUR-Lex, as the stdlib records it).

use crate::ast::{Instance, Item, ItemKind, Member, RegelMember, ValueKind};
use crate::check::{ItemId, Target};
use crate::schema::Type;
use crate::{Analysis, FileId, FileKind, Span};

/// Where a link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// A place in a file of the analysis (a definition).
    Definition(Span),
    /// A web address.
    Address(String),
}

/// One link: the text that is the link and where it leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub target: LinkTarget,
}

/// The links of `file`, in the order of the text.
pub fn document_links(analysis: &Analysis, file: FileId) -> Vec<Link> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let task = task_kind(analysis);
    let artikel = analysis.schema.kind_named("artikel").map(|k| k.id);
    let mut out = Vec::new();
    for symbol in analysis.symbols.symbols_in(file) {
        let Target::Item(id) = symbol.target else {
            continue;
        };
        if symbol.definition {
            continue;
        }
        let Some(def) = analysis.symbols.item(id) else {
            continue;
        };
        let target = if Some(def.kind) == artikel && artikel.is_some() {
            analysis
                .article(&def.name)
                .map(|a| LinkTarget::Address(a.url))
        } else if Some(def.kind) == task && task.is_some() {
            Some(LinkTarget::Definition(def.name_span))
        } else {
            None
        };
        if let Some(target) = target {
            out.push(Link {
                span: symbol.span,
                target,
            });
        }
    }
    let rule = |code: &str, span: Span| {
        analysis.rules.get(code).map(|r| Link {
            span,
            target: LinkTarget::Definition(r.span),
        })
    };
    match f.kind {
        FileKind::Config => {
            out.extend(
                analysis
                    .config
                    .rules
                    .iter()
                    .filter(|o| o.code.span.file == file)
                    .filter_map(|o| rule(&o.code.value, o.code.span)),
            );
        }
        _ => {
            let mut stack: Vec<&Item> = f.tree.items.iter().collect();
            while let Some(item) = stack.pop() {
                match &item.kind {
                    ItemKind::Instance(inst) => {
                        out.extend(exception_code(inst).and_then(|(c, s)| rule(c, s)));
                        stack.extend(nested(inst));
                    }
                    ItemKind::Regel(regel) => {
                        out.extend(rule_law(analysis, &regel.members));
                    }
                    _ => {}
                }
            }
        }
    }
    out.sort_by_key(|l| (l.span.start, l.span.end));
    out.dedup();
    out
}

/// The kind of statutory tasks: the type of the policy field `taak`.
fn task_kind(analysis: &Analysis) -> Option<crate::schema::KindId> {
    let policy = analysis.schema.kind_named("beleid")?;
    match policy.field_named("taak")?.ty.element() {
        Type::Kind(k) => Some(*k),
        _ => None,
    }
}

/// The rule code an instance is named after (`afwijking AVG-TAAK { ... }`).
fn exception_code(inst: &Instance) -> Option<(&str, Span)> {
    let name = inst.name.as_ref()?;
    crate::check::is_rule_code(&name.name).then_some((name.name.as_str(), name.span))
}

fn nested(inst: &Instance) -> impl Iterator<Item = &Item> {
    inst.members.iter().filter_map(|m| match m {
        Member::Item(i) => Some(&**i),
        _ => None,
    })
}

/// The articles of a rule's `wet: [...]`, each to its address.
fn rule_law<'a>(
    analysis: &'a Analysis,
    members: &'a [RegelMember],
) -> impl Iterator<Item = Link> + 'a {
    members
        .iter()
        .filter_map(|m| match m {
            RegelMember::Setting { key, value } if matches!(key.name.as_str(), "wet" | "law") => {
                Some(value)
            }
            _ => None,
        })
        .flat_map(|value| match &value.kind {
            ValueKind::List(items) => items.iter().collect::<Vec<_>>(),
            _ => vec![value],
        })
        .filter_map(|v| match &v.kind {
            ValueKind::Ref(name) => analysis.article(name).map(|a| Link {
                span: v.span,
                target: LinkTarget::Address(a.url),
            }),
            _ => None,
        })
}

/// How many policies use a shared item defined in a file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub item: ItemId,
    /// The item's name where it is defined.
    pub name: Span,
    /// The number of policies that refer to it.
    pub policies: usize,
    /// Every place it is referred to.
    pub references: Vec<Span>,
}

/// The shared items defined in `file` (every top-level item that is not a
/// policy: a team, a processor, a DPIA, a local task, ...) with the number
/// of policies that use each.
pub fn usages(analysis: &Analysis, file: FileId) -> Vec<Usage> {
    if analysis.file(file).map(|f| f.kind) != Some(FileKind::Policy) {
        return Vec::new();
    }
    let policy = analysis.schema.kind_named("beleid").map(|k| k.id);
    let policies: Vec<Span> = analysis.policies().map(|(_, p)| p.span).collect();
    analysis
        .symbols
        .items()
        .iter()
        .enumerate()
        .filter(|(_, def)| def.file == file && Some(def.kind) != policy)
        .filter_map(|(i, def)| {
            let item = ItemId(u32::try_from(i).ok()?);
            let references = analysis.symbols.references(Target::Item(item)).to_vec();
            let used = policies
                .iter()
                .filter(|p| {
                    references
                        .iter()
                        .any(|r| r.file == p.file && p.start <= r.start && r.end <= p.end)
                })
                .count();
            Some(Usage {
                item,
                name: def.name_span,
                policies: used,
                references,
            })
        })
        .collect()
}
