//! Code actions: the fixes the diagnostics carry, "add the missing required
//! fields" for the item at the cursor, and "document an exception" for a
//! finding of a rule that may be waived.
//!
//! The exception kind is found in the schema as the kind whose items are
//! named by a rule code (`soort afwijking / exception: regelcode`), so the
//! skeleton follows whatever fields the schema requires of it.

use super::context::{enclosing, file_taal, Enclosing};
use crate::ast::{Instance, ItemKind};
use crate::diagnostics::Edit;
use crate::schema::{Kind, Type};
use crate::text;
use crate::{Analysis, FileId, Span, Taal, Text};

/// One action: a title and the edits it makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: Text,
    pub edits: Vec<Edit>,
    /// The diagnostic (index into the file's diagnostics) it resolves.
    pub diagnostic: Option<usize>,
    /// True for the diagnostic's own fix, which may be applied without
    /// asking.
    pub preferred: bool,
}

/// The actions for the range `span` of `file`.
pub fn code_actions(analysis: &Analysis, file: FileId, span: Span, fallback: Taal) -> Vec<Action> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let taal = file_taal(analysis, file, fallback);
    let mut out = Vec::new();
    let overlaps = |s: Span| s.start <= span.end && span.start <= s.end;
    for (i, d) in f.diagnostics.iter().enumerate() {
        if !overlaps(d.span) {
            continue;
        }
        if let Some(fix) = &d.fix {
            out.push(Action {
                title: fix.title.clone(),
                edits: fix.edits.clone(),
                diagnostic: Some(i),
                preferred: true,
            });
        }
        let waivable = analysis
            .rules
            .get(d.code.as_str())
            .is_some_and(|r| r.waivable);
        if waivable {
            if let Some(action) = exception(analysis, file, d.span, d.code.as_str(), taal) {
                out.push(Action {
                    diagnostic: Some(i),
                    ..action
                });
            }
        }
    }
    let chain = enclosing(analysis, f, span.start as usize);
    if let Some(inner) = chain.last() {
        if let Some(action) = missing_fields(analysis, inner, taal) {
            out.push(action);
        }
    } else if let Some(action) = f.tree.items.iter().find_map(|item| match &item.kind {
        ItemKind::Instance(inst) if item.span.contains(span.start as usize) => {
            let kind = analysis.schema.kind_named(&inst.kind.name);
            missing_fields(analysis, &Enclosing { inst, kind }, taal)
        }
        _ => None,
    }) {
        out.push(action);
    }
    out
}

/// Adds the required fields the item does not have yet.
fn missing_fields(analysis: &Analysis, at: &Enclosing<'_>, taal: Taal) -> Option<Action> {
    let kind = at.kind?;
    let written: Vec<_> = at
        .inst
        .fields()
        .filter_map(|f| kind.field_named(&f.name.name).map(|d| d.id))
        .collect();
    let missing: Vec<_> = kind
        .required_fields()
        .filter(|f| !f.nested && !written.contains(&f.id))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let lines: Vec<String> = missing
        .iter()
        .map(|f| format!("{}: {}", f.names.get(taal), placeholder(&f.ty)))
        .collect();
    let edit = insert_members(analysis, at.inst, &lines)?;
    let names: Vec<String> = missing
        .iter()
        .map(|f| format!("`{}`", f.names.get(taal)))
        .collect();
    Some(Action {
        title: Text {
            nl: format!("Vul de verplichte velden aan: {}", names.join(", ")).into(),
            en: format!("Add the missing required fields: {}", names.join(", ")).into(),
        },
        edits: vec![edit],
        diagnostic: None,
        preferred: false,
    })
}

/// `afwijking CODE { motivering: "" }` in the top-level item around `at`.
fn exception(
    analysis: &Analysis,
    file: FileId,
    at: Span,
    code: &str,
    taal: Taal,
) -> Option<Action> {
    let f = analysis.file(file)?;
    let kind: &Kind = analysis
        .schema
        .kinds()
        .iter()
        .find(|k| k.name_type == Some(Type::RuleCode))?;
    let parent = f.tree.items.iter().find_map(|item| match &item.kind {
        ItemKind::Instance(inst) if item.span.contains(at.start as usize) => Some(inst),
        _ => None,
    })?;
    let parent_kind = analysis.schema.kind_named(&parent.kind.name)?;
    parent_kind.nested_field_for(kind.id)?;
    let mut lines = vec![format!("{} {code} {{", kind.names.get(taal))];
    for field in kind.required_fields().filter(|f| !f.nested) {
        lines.push(format!(
            "    {}: {}",
            field.names.get(taal),
            placeholder(&field.ty)
        ));
    }
    lines.push("}".to_string());
    let edit = insert_members(analysis, parent, &lines)?;
    Some(Action {
        title: text!(
            "Leg een afwijking van {code} vast, met motivering",
            "Document an exception to {code}, with its reasons"
        ),
        edits: vec![edit],
        diagnostic: None,
        preferred: false,
    })
}

/// An edit that adds `lines` at the end of an item's body, indented like
/// its members.
fn insert_members(analysis: &Analysis, inst: &Instance, lines: &[String]) -> Option<Edit> {
    let file = analysis.file(inst.body.file)?;
    let text = &file.text;
    let body_end = inst.body.end as usize;
    // The position of the closing brace, or the end of the text.
    let close = if inst.closed {
        body_end.saturating_sub(1)
    } else {
        body_end
    };
    let line_start = text
        .get(..close)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before_close = text.get(line_start..close).unwrap_or("");
    let member_indent = inst
        .members
        .first()
        .map(|m| {
            let s = m.span().start as usize;
            let ls = text
                .get(..s)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            text.get(ls..s).unwrap_or("").to_string()
        })
        .filter(|i| i.chars().all(char::is_whitespace) && !i.is_empty());
    let outer_indent: String = text
        .get(line_start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let indent = member_indent.unwrap_or_else(|| format!("{outer_indent}    "));
    let newline = crate::span::line_ending(text);
    let block: String = lines
        .iter()
        .map(|l| format!("{indent}{l}{newline}"))
        .collect();
    if before_close.trim().is_empty() && inst.closed {
        // `}` stands on its own line: insert the lines above it.
        Some(Edit {
            span: Span::new(inst.body.file, line_start, line_start),
            new_text: block,
        })
    } else {
        Some(Edit {
            span: Span::new(inst.body.file, close, close),
            new_text: format!("{newline}{block}{outer_indent}"),
        })
    }
}

/// What a new field is given: an empty text or list, or nothing for the
/// author to fill in.
fn placeholder(ty: &Type) -> &'static str {
    match ty {
        Type::Text => "\"\"",
        Type::List(_) => "[]",
        _ => "",
    }
}
