//! Hover: what the name under the cursor is, from the schema and the
//! symbol index, and what a diagnostic at the cursor means.
//!
//! A field shows its type, whether it is required, its doc and the law it
//! rests on; a vocabulary value shows its doc and the text of the articles
//! with their links; a reference to an item shows a summary of that item;
//! a diagnostic shows its code's explanation (or the rule's) and its law.

use super::context::source;
use crate::check::{ItemId, Target, Value};
use crate::rules;
use crate::schema::{Doc, LawLink, Names};
use crate::{Analysis, FileId, Span, Taal};

/// The hover text (Markdown) and the words it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

fn words(taal: Taal) -> Words {
    match taal {
        Taal::Nl => Words {
            field: "veld",
            required: "verplicht",
            optional: "niet verplicht",
            nested: "genest",
            value_of: "waarde van",
            kind: "soort",
            choice: "keuze",
            fields: "Velden",
            values: "Waarden",
            law: "Wet",
            unverified: "tekst niet woordelijk geverifieerd",
            defined_in: "gedefinieerd in",
        },
        Taal::En => Words {
            field: "field",
            required: "required",
            optional: "optional",
            nested: "nested",
            value_of: "value of",
            kind: "kind",
            choice: "choice",
            fields: "Fields",
            values: "Values",
            law: "Law",
            unverified: "text not verified word for word",
            defined_in: "defined in",
        },
    }
}

struct Words {
    field: &'static str,
    required: &'static str,
    optional: &'static str,
    nested: &'static str,
    value_of: &'static str,
    kind: &'static str,
    choice: &'static str,
    fields: &'static str,
    values: &'static str,
    law: &'static str,
    unverified: &'static str,
    defined_in: &'static str,
}

/// The hover at `offset` of `file`, written in `taal`.
pub fn hover(analysis: &Analysis, file: FileId, offset: usize, taal: Taal) -> Option<Hover> {
    let symbol = analysis.symbols.symbol_at(file, offset).copied();
    let mut parts = Vec::new();
    let mut span = None;
    if let Some(symbol) = symbol {
        if let Some(text) = describe(analysis, symbol.target, taal) {
            parts.push(text);
            span = Some(symbol.span);
        }
    }
    let in_config = analysis
        .file(file)
        .is_some_and(|f| f.kind == crate::FileKind::Config);
    if span.is_none() && in_config {
        if let Some((text, at)) = super::settings::hover(analysis, file, offset, taal) {
            parts.push(text);
            span = Some(at);
        }
    }
    if span.is_none() {
        if let Some((rule, at)) = super::context::rule_at(analysis, file, offset) {
            parts.push(rule_text(analysis, rule, taal));
            span = Some(at);
        }
    }
    let f = analysis.file(file)?;
    for d in f.diagnostics.iter().filter(|d| d.span.contains(offset)) {
        parts.push(diagnostic(analysis, d, taal));
        span.get_or_insert(d.span);
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        span: span.unwrap_or(Span::new(file, offset, offset)),
        markdown: parts.join("\n\n---\n\n"),
    })
}

/// What a target is, in Markdown.
pub(crate) fn describe(analysis: &Analysis, target: Target, taal: Taal) -> Option<String> {
    let schema = &analysis.schema;
    let w = words(taal);
    match target {
        Target::Field(k, f) => {
            let kind = schema.kind(k)?;
            let field = kind.field(f)?;
            let need = if field.required {
                w.required
            } else {
                w.optional
            };
            let mut head = format!(
                "**{}** — {} `{}`: `{}`, {need}",
                field.names.both(),
                w.field,
                kind.names.get(taal),
                field.ty.spelling(schema, taal),
            );
            if field.nested {
                head.push_str(&format!(", {}", w.nested));
            }
            let mut out = vec![head, field.ty.describe(schema).get(taal).to_string()];
            push_doc(&mut out, field.doc.as_ref(), taal);
            push_law(&mut out, analysis, &field.law, taal, false);
            Some(out.join("\n\n"))
        }
        Target::Variant(c, v) => {
            let choice = schema.choice(c)?;
            let variant = choice.variant(v)?;
            let mut out = vec![format!(
                "**{}** — {} `{}`",
                variant.names.both(),
                w.value_of,
                choice.names.get(taal)
            )];
            push_doc(&mut out, variant.doc.as_ref(), taal);
            push_law(&mut out, analysis, &variant.law, taal, true);
            Some(out.join("\n\n"))
        }
        Target::Kind(k) => {
            let kind = schema.kind(k)?;
            let mut out = vec![format!("**{}** — {}", kind.names.both(), w.kind)];
            push_doc(&mut out, kind.doc.as_ref(), taal);
            let fields: Vec<String> = kind
                .fields
                .iter()
                .map(|f| {
                    let need = if f.required {
                        format!(" ({})", w.required)
                    } else {
                        String::new()
                    };
                    format!("- `{}`{need}", f.names.get(taal))
                })
                .collect();
            if !fields.is_empty() {
                out.push(format!("{}:\n{}", w.fields, fields.join("\n")));
            }
            Some(out.join("\n\n"))
        }
        Target::Choice(c) => {
            let choice = schema.choice(c)?;
            let mut out = vec![format!("**{}** — {}", choice.names.both(), w.choice)];
            push_doc(&mut out, choice.doc.as_ref(), taal);
            let values: Vec<String> = choice
                .variants
                .iter()
                .map(|v| format!("`{}`", v.names.get(taal)))
                .collect();
            out.push(format!("{}: {}", w.values, values.join(", ")));
            Some(out.join("\n\n"))
        }
        Target::Item(id) => item_summary(analysis, id, taal),
    }
}

/// A summary of a top-level item: its kind and name, its doc, and its text
/// fields; for a law article, its citation, text and link.
fn item_summary(analysis: &Analysis, id: ItemId, taal: Taal) -> Option<String> {
    let w = words(taal);
    let def = analysis.symbols.item(id)?;
    let kind = analysis.schema.kind(def.kind)?;
    let mut out = Vec::new();
    let name = match &def.name_en {
        Some(en) if *en != def.name => format!("{} / {en}", def.name),
        _ => def.name.to_string(),
    };
    out.push(format!("**{}** `{name}`", kind.names.get(taal)));
    let file = analysis.file(def.file)?;
    if let Some(doc) = file
        .tree
        .items
        .get(def.tree_index)
        .and_then(|i| i.doc.as_ref())
    {
        out.push(prose(Doc::parse(&doc.text).get(taal)));
    }
    if let Some(article) = analysis
        .article(&def.name)
        .filter(|_| is_article(analysis, id))
    {
        out.push(article_text(&article, taal, w.unverified));
    } else if let Some(checked) = file.checked.iter().find(|c| c.item == Some(id)) {
        let lines: Vec<String> = checked
            .fields
            .iter()
            .filter_map(|f| {
                let field = kind.field(f.field)?;
                let value = match &f.value.value {
                    Value::Text(s) => first_line(s),
                    _ => source(analysis, f.value.span).to_string(),
                };
                Some(format!("- {}: {}", field.names.get(taal), value))
            })
            .take(8)
            .collect();
        if !lines.is_empty() {
            out.push(lines.join("\n"));
        }
    }
    out.push(format!("_{} `{}`_", w.defined_in, file.path));
    Some(out.join("\n\n"))
}

fn is_article(analysis: &Analysis, id: ItemId) -> bool {
    let article = analysis.schema.kind_named("artikel").map(|k| k.id);
    analysis.symbols.item(id).map(|d| d.kind) == article && article.is_some()
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(120).collect();
    if out.len() < s.trim_end().len() {
        out.push('…');
    }
    out
}

fn article_text(a: &rules::Article, taal: Taal, unverified: &str) -> String {
    let mut out = format!("[{}]({})", a.cite, a.url);
    if let Some(text) = &a.text {
        let quoted: Vec<String> = text.trim_end().lines().map(|l| format!("> {l}")).collect();
        out.push_str("\n\n");
        out.push_str(&quoted.join("\n"));
        if !a.verified {
            out.push_str(&format!("\n\n_({unverified})_"));
        }
    }
    let _ = taal;
    out
}

fn push_doc(out: &mut Vec<String>, doc: Option<&Doc>, taal: Taal) {
    if let Some(doc) = doc {
        out.push(prose(doc.get(taal)));
    }
}

/// A text written for people (a rule's explanation, a doc comment) as
/// Markdown: a line indented by four spaces or more is a quotation in
/// such texts (an article quoted in a rule's explanation), not code, so it
/// becomes a quoted line; Markdown would otherwise show it as a code block
/// with its spaces.
pub(crate) fn prose(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            if indent >= 4 && !line.trim().is_empty() {
                format!("> {}", line.trim())
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The law a field or variant rests on: citations with links, and with
/// `full` the article texts.
fn push_law(out: &mut Vec<String>, analysis: &Analysis, law: &[LawLink], taal: Taal, full: bool) {
    let w = words(taal);
    let articles: Vec<rules::Article> = law
        .iter()
        .filter_map(|l| analysis.article(&l.name))
        .collect();
    if articles.is_empty() {
        return;
    }
    if full {
        for a in &articles {
            out.push(article_text(a, taal, w.unverified));
        }
    } else {
        let links: Vec<String> = articles
            .iter()
            .map(|a| format!("[{}]({})", a.cite, a.url))
            .collect();
        out.push(format!("{}: {}", w.law, links.join(", ")));
    }
}

/// A diagnostic at the cursor: its code with the explanation of the code
/// (or of the rule), and the articles it rests on.
fn diagnostic(analysis: &Analysis, d: &crate::Diagnostic, taal: Taal) -> String {
    let code = d.code.as_str();
    let mut out = vec![format!("**{code}** — {}", d.message.get(taal))];
    if let Some(info) = crate::catalogue::lookup(code) {
        out.push(match taal {
            Taal::Nl => info.explanation_nl.to_string(),
            Taal::En => info.explanation_en.to_string(),
        });
    } else if let Some(rule) = analysis.rules.get(code) {
        if let Some(text) = rule.explanation.as_ref().or(rule.summary.as_ref()) {
            out.push(prose(text.get(taal)));
        }
    }
    let w = words(taal);
    for law in d.law.iter() {
        match analysis.article(&law.id) {
            Some(a) => out.push(article_text(&a, taal, w.unverified)),
            None => out.push(format!("[{}]({})", law.cite, law.url)),
        }
    }
    out.extend(why(analysis, d, taal));
    out.join("\n\n")
}

/// For a rule's finding on a policy, the clauses that decided it, in one
/// line (the whole trace is the command "Waarom? / Why?").
fn why(analysis: &Analysis, d: &crate::Diagnostic, taal: Taal) -> Option<String> {
    analysis.rules.get(d.code.as_str())?;
    let name = d.item.as_deref()?;
    let (_, policy) = analysis.policies().find(|(_, p)| p.name() == Some(name))?;
    let trace = analysis.trace(policy, d.code.as_str())?;
    let line = trace.deciding(taal);
    (!line.is_empty()).then(|| match taal {
        Taal::Nl => format!("**Waarom:** {line}"),
        Taal::En => format!("**Why:** {line}"),
    })
}

/// A rule: its summary, severity, whether it may be waived, its
/// explanation and the articles it rests on.
fn rule_text(analysis: &Analysis, rule: &rules::Rule, taal: Taal) -> String {
    let w = words(taal);
    let summary = rule
        .summary
        .as_ref()
        .map(|s| s.get(taal).trim_end().to_string())
        .unwrap_or_default();
    let waivable = match (rule.waivable, taal) {
        (true, Taal::Nl) => "afwijkbaar",
        (true, Taal::En) => "may be waived",
        (false, Taal::Nl) => "niet afwijkbaar",
        (false, Taal::En) => "may not be waived",
    };
    let mut out = vec![format!(
        "**{}** — {}, {waivable}",
        rule.code,
        rule.severity.word(taal)
    )];
    if !summary.is_empty() {
        out.push(prose(&summary));
    }
    if let Some(text) = &rule.explanation {
        out.push(prose(text.get(taal)));
    }
    for law in rule.law.iter() {
        match analysis.article(&law.id) {
            Some(a) => out.push(article_text(&a, taal, w.unverified)),
            None => out.push(format!("[{}]({})", law.cite, law.url)),
        }
    }
    out.join("\n\n")
}

/// The label for a name in the file's language, with the other spelling.
pub(crate) fn names_detail(names: &Names, taal: Taal) -> String {
    let other = match taal {
        Taal::Nl => names.en.as_deref(),
        Taal::En => Some(names.nl.as_str()),
    };
    match other {
        Some(o) if o != names.get(taal) => format!("{} / {o}", names.get(taal)),
        _ => names.get(taal).to_string(),
    }
}
