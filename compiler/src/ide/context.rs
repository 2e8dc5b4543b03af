//! What the editor features share: the instances around the cursor, the
//! language a file is written in, the source text of a span, the rule at
//! an offset.

use crate::ast::{Instance, Item, ItemKind, Member};
use crate::schema::Kind;
use crate::{Analysis, File, FileId, Taal};

/// An instance around the cursor, with the kind the schema gives it.
#[derive(Clone, Copy)]
pub(crate) struct Enclosing<'a> {
    pub inst: &'a Instance,
    pub kind: Option<&'a Kind>,
}

/// The instances whose body holds `offset`, outermost first.
pub(crate) fn enclosing<'a>(
    analysis: &'a Analysis,
    file: &'a File,
    offset: usize,
) -> Vec<Enclosing<'a>> {
    let mut out = Vec::new();
    let mut items: Vec<&Item> = file.tree.items.iter().collect();
    loop {
        let next = items.iter().find_map(|item| match &item.kind {
            ItemKind::Instance(inst) if inside_body(inst, offset) => Some(inst),
            _ => None,
        });
        let Some(inst) = next else {
            break;
        };
        out.push(Enclosing {
            inst,
            kind: analysis.schema.kind_named(&inst.kind.name),
        });
        items = inst
            .members
            .iter()
            .filter_map(|m| match m {
                Member::Item(i) => Some(&**i),
                _ => None,
            })
            .collect();
    }
    out
}

/// True when `offset` lies after the `{` and before the `}` of the body.
fn inside_body(inst: &Instance, offset: usize) -> bool {
    let start = inst.body.start as usize;
    let end = inst.body.end as usize;
    offset > start && (offset < end || (!inst.closed && offset <= end))
}

/// The language a file is written in: the language of most kind and field
/// names whose two spellings differ; `fallback` when none tells.
pub fn file_taal(analysis: &Analysis, file: FileId, fallback: Taal) -> Taal {
    let Some(file) = analysis.file(file) else {
        return fallback;
    };
    let (mut nl, mut en) = (0usize, 0usize);
    let mut count = |names: &crate::schema::Names, written: &str| {
        if names.en.as_deref().is_some_and(|e| e != names.nl) {
            match names.language_of(written) {
                Some(Taal::Nl) => nl += 1,
                Some(Taal::En) => en += 1,
                None => {}
            }
        }
    };
    let mut stack: Vec<&Item> = file.tree.items.iter().collect();
    while let Some(item) = stack.pop() {
        if let ItemKind::Instance(inst) = &item.kind {
            if let Some(kind) = analysis.schema.kind_named(&inst.kind.name) {
                count(&kind.names, &inst.kind.name);
                for f in inst.fields() {
                    if let Some(def) = kind.field_named(&f.name.name) {
                        count(&def.names, &f.name.name);
                    }
                }
            }
            stack.extend(inst.nested());
        }
    }
    match nl.cmp(&en) {
        std::cmp::Ordering::Greater => Taal::Nl,
        std::cmp::Ordering::Less => Taal::En,
        std::cmp::Ordering::Equal => fallback,
    }
}

/// The text of a span, or "" when it does not lie in the file.
pub(crate) fn source(analysis: &Analysis, span: crate::Span) -> &str {
    analysis
        .file(span.file)
        .and_then(|f| f.text.get(span.range()))
        .unwrap_or("")
}

/// The rule whose code is written at `offset` (in an `afwijking`, in
/// `kader.toml`, in a rule file), with the span of the code.
pub(crate) fn rule_at(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Option<(&crate::rules::Rule, crate::Span)> {
    let text = &analysis.file(file)?.text;
    let offset = crate::span::floor_char_boundary(text, offset);
    let is_code = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = text
        .get(..offset)?
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_code(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text
            .get(offset..)?
            .chars()
            .take_while(|c| is_code(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let word = text.get(start..end)?;
    if !crate::check::is_rule_code(word) {
        return None;
    }
    let rule = analysis.rules.get(word)?;
    Some((rule, crate::Span::new(file, start, end)))
}

/// True for a name the parser reads as an identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if unicode_ident::is_xid_start(c) || c == '_' => {}
        _ => return false,
    }
    chars.all(unicode_ident::is_xid_continue)
}
