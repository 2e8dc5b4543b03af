//! Completion: what may be written at the cursor, from the schema.
//!
//! Where a field name goes, the fields of the enclosing item's kind that
//! are not written yet, and the kinds that may be nested in it; after
//! `field:`, the values that fit the field's type (vocabulary values, the
//! items of the right kind from any file, `ja`/`nee`, units after a
//! number); at the top level, every kind that may stand there, each also
//! as a snippet with its required fields. Names follow the language the
//! file is written in.

use super::context::{enclosing, file_taal, Enclosing};
use super::hover::names_detail;
use super::settings;
use crate::ast::DurationUnit;
use crate::config::{self, Level};
use crate::schema::{FieldDef, Kind, Schema, Type};
use crate::{Analysis, FileId, Span, Taal};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Field,
    Kind,
    Variant,
    Item,
    Unit,
    Value,
    Snippet,
}

/// One proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A short line beside the label: the other spelling, the type.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What is inserted in place of [`Completion::replace`].
    pub insert: String,
    /// `insert` is a snippet with `$1`, `${2:x}` and `$0` stops.
    pub snippet: bool,
    /// The partly typed word the proposal replaces.
    pub replace: Span,
}

/// The proposals at `offset` of `file`. `fallback` is the language used
/// when the file does not show one.
pub fn completion(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    fallback: Taal,
) -> Vec<Completion> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    if f.kind == crate::FileKind::Config {
        return in_settings(analysis, file, offset, fallback);
    }
    let offset = crate::span::floor_char_boundary(&f.text, offset);
    let taal = file_taal(analysis, file, fallback);
    let text = &f.text;
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let prefix = text.get(line_start..offset).unwrap_or("");
    let word_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let replace = Span::new(file, offset - word_len, offset);
    let before_word = prefix.get(..prefix.len() - word_len).unwrap_or("");
    let ctx = Ctx {
        analysis,
        schema: &analysis.schema,
        taal,
        replace,
        newline: crate::span::line_ending(text),
    };

    if let Some(codes) = in_test_codes(analysis, f, offset, prefix, taal) {
        return codes;
    }
    let chain = enclosing(analysis, f, offset);
    let Some(inner) = chain.last() else {
        if before_word.trim().is_empty() {
            return ctx.top_level();
        }
        return Vec::new();
    };
    let Some(kind) = inner.kind else {
        return Vec::new();
    };

    // `field: value…` on this line: complete the value.
    if let Some((name, value_prefix)) = field_and_value(before_word) {
        let Some(field) = kind.field_named(name) else {
            return Vec::new();
        };
        return ctx.values(field, value_prefix);
    }
    if before_word.trim().is_empty() {
        return ctx.members(inner, kind);
    }
    Vec::new()
}

/// The proposals at `offset` of `kader.toml`.
pub(crate) fn in_settings(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    taal: Taal,
) -> Vec<Completion> {
    let Some(f) = analysis.file(file) else {
        return Vec::new();
    };
    let p = settings::place(&f.text, file, offset);
    let before = p.prefix.get(..p.prefix.len() - p.word.len()).unwrap_or("");
    let plain = |label: String, kind, detail: Option<String>, doc: Option<String>| Completion {
        insert: label.clone(),
        label,
        kind,
        detail,
        documentation: doc,
        snippet: false,
        replace: p.word,
    };
    // `[` at the start of a line: the tables.
    if before.trim() == "[" {
        return config::sections()
            .iter()
            .map(|k| {
                let (label, other) = settings::key_detail(k, taal);
                plain(
                    label,
                    CompletionKind::Kind,
                    other,
                    Some(k.doc.get(taal).to_string()),
                )
            })
            .collect();
    }
    if !before.trim().is_empty() {
        // After `=`: the levels under `[regels]`.
        if settings::is(p.section, "regels") && before.contains('=') {
            return Level::WORDS
                .iter()
                .filter(|(w, _)| {
                    let dutch = ["uit", "info", "waarschuwing", "fout"].contains(w);
                    (taal == Taal::Nl) == dutch || *w == "info"
                })
                .map(|(w, _)| plain((*w).to_string(), CompletionKind::Value, None, None))
                .collect();
        }
        return Vec::new();
    }
    if settings::is(p.section, "regels") {
        return rule_codes(analysis, taal, p.word)
            .map(|mut c| {
                c.insert = format!("{} = ", c.label);
                c
            })
            .collect();
    }
    if settings::is(p.section, "parameters") {
        return analysis
            .rules
            .params
            .iter()
            .map(|param| {
                let name = param.names.get(taal).to_string();
                let mut c = plain(
                    name.clone(),
                    CompletionKind::Field,
                    Some(settings::param_type(analysis, param, taal)),
                    Some(settings::param_text(analysis, param, taal)),
                );
                c.insert = format!("{name} = ");
                c
            })
            .collect();
    }
    let Some(section) = p.section else {
        return Vec::new();
    };
    config::keys_of(section)
        .iter()
        .map(|k| {
            let (label, other) = settings::key_detail(k, taal);
            let mut c = plain(
                label.clone(),
                CompletionKind::Field,
                other,
                Some(k.doc.get(taal).to_string()),
            );
            c.insert = format!("{label} = ");
            c
        })
        .collect()
}

/// Every rule code, with its severity beside it and its summary as
/// documentation; inserting the code itself in place of `replace`.
fn rule_codes(
    analysis: &Analysis,
    taal: Taal,
    replace: Span,
) -> impl Iterator<Item = Completion> + '_ {
    analysis.rules.rules.iter().map(move |r| Completion {
        label: r.code.to_string(),
        kind: CompletionKind::Value,
        detail: Some(r.severity.word(taal).to_string()),
        documentation: r.summary.as_ref().map(|s| s.get(taal).trim().to_string()),
        insert: r.code.to_string(),
        snippet: false,
        replace,
    })
}

/// Inside the list of `verwacht` / `expect` or `niet_verwacht` /
/// `expect_not` of a `toets`, on the line of its key: the rule codes not
/// yet in that list. `None` anywhere else.
fn in_test_codes(
    analysis: &Analysis,
    f: &crate::analysis::File,
    offset: usize,
    prefix: &str,
    taal: Taal,
) -> Option<Vec<Completion>> {
    let in_test = f.tree.items.iter().any(|item| {
        matches!(item.kind, crate::ast::ItemKind::Toets(_))
            && (item.span.start as usize) < offset
            && offset <= item.span.end as usize
    });
    if !in_test {
        return None;
    }
    let code_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let before = prefix.get(..prefix.len() - code_len)?;
    let (name, value) = field_and_value(before)?;
    let is_list_key = crate::ast::TOETS_WORDS
        .iter()
        .skip_while(|(nl, _)| *nl != "verwacht")
        .any(|(nl, en)| name == *nl || name == *en);
    let (_, list) = value.rsplit_once('[')?;
    if !is_list_key || list.contains(']') {
        return None;
    }
    let written: Vec<&str> = list.split(',').map(str::trim).collect();
    let replace = Span::new(f.id, offset - code_len, offset);
    Some(
        rule_codes(analysis, taal, replace)
            .filter(|c| !written.contains(&c.label.as_str()))
            .collect(),
    )
}

/// Splits `  naam: [a, ` into the field name and what follows the colon.
fn field_and_value(before: &str) -> Option<(&str, &str)> {
    let (name, rest) = before.split_once(':')?;
    let name = name.trim();
    if !super::context::is_identifier(name) {
        return None;
    }
    Some((name, rest))
}

struct Ctx<'a> {
    analysis: &'a Analysis,
    schema: &'a Schema,
    taal: Taal,
    replace: Span,
    /// The file's line ending, for snippets over several lines.
    newline: &'static str,
}

impl Ctx<'_> {
    fn item(&self, label: String, kind: CompletionKind, insert: String) -> Completion {
        Completion {
            label,
            kind,
            detail: None,
            documentation: None,
            insert,
            snippet: false,
            replace: self.replace,
        }
    }

    /// The fields not yet written, and the nested kinds.
    fn members(&self, inner: &Enclosing<'_>, kind: &Kind) -> Vec<Completion> {
        let written: Vec<_> = inner
            .inst
            .fields()
            .filter_map(|f| kind.field_named(&f.name.name).map(|d| d.id))
            .collect();
        let mut out = Vec::new();
        for field in &kind.fields {
            if field.nested {
                if let Type::Kind(child) = field.ty.element() {
                    if let Some(child) = self.schema.kind(*child) {
                        out.push(self.kind_snippet(child, false));
                    }
                }
                continue;
            }
            if written.contains(&field.id) {
                continue;
            }
            let name = field.names.get(self.taal);
            let mut c = self.item(name.to_string(), CompletionKind::Field, String::new());
            c.insert = format!("{name}: {}", value_snippet(&field.ty, 1));
            c.snippet = true;
            c.detail = Some(self.field_detail(field));
            c.documentation = field.doc.as_ref().map(|d| d.get(self.taal).to_string());
            out.push(c);
        }
        // Required fields first, then in declaration order.
        out.sort_by_key(|c| {
            let required = kind.field_named(&c.label).is_some_and(|f| f.required);
            !required
        });
        out
    }

    fn field_detail(&self, field: &FieldDef) -> String {
        let need = match (field.required, self.taal) {
            (true, Taal::Nl) => ", verplicht",
            (true, Taal::En) => ", required",
            (false, _) => "",
        };
        format!(
            "{}: {}{need}",
            names_detail(&field.names, self.taal),
            field.ty.spelling(self.schema, self.taal)
        )
    }

    /// The values that fit a field.
    fn values(&self, field: &FieldDef, value_prefix: &str) -> Vec<Completion> {
        // Inside a text nothing is proposed.
        if value_prefix.matches('"').count() % 2 == 1 {
            return Vec::new();
        }
        let ty = field.ty.element();
        // A number followed by a space: the units of a duration.
        let trimmed = value_prefix.trim_end();
        let after_number = !trimmed.is_empty()
            && trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
            && value_prefix.ends_with(char::is_whitespace);
        if *ty == Type::Duration {
            if !after_number {
                return Vec::new();
            }
            let mut out = Vec::new();
            let plural = trimmed.trim() != "1";
            for unit in [
                DurationUnit::Day,
                DurationUnit::Week,
                DurationUnit::Month,
                DurationUnit::Year,
                DurationUnit::Hour,
            ] {
                let w = unit.word(self.taal, plural);
                out.push(self.item(w.to_string(), CompletionKind::Unit, w.to_string()));
            }
            return out;
        }
        match ty {
            Type::Choice(id) => {
                let Some(choice) = self.schema.choice(*id) else {
                    return Vec::new();
                };
                choice
                    .variants
                    .iter()
                    .map(|v| {
                        let name = v.names.get(self.taal).to_string();
                        let mut c = self.item(name.clone(), CompletionKind::Variant, name);
                        c.detail = Some(names_detail(&v.names, self.taal));
                        c.documentation = v.doc.as_ref().map(|d| d.get(self.taal).to_string());
                        c
                    })
                    .collect()
            }
            Type::Kind(id) if !field.nested => self
                .analysis
                .symbols
                .items_of(*id)
                .map(|(item, def)| {
                    let name = match (self.taal, &def.name_en) {
                        (Taal::En, Some(en)) => en.to_string(),
                        _ => def.name.to_string(),
                    };
                    let mut c = self.item(name.clone(), CompletionKind::Item, name);
                    c.detail = self.analysis.file(def.file).map(|f| f.path.clone());
                    c.documentation = super::hover::describe(
                        self.analysis,
                        crate::check::Target::Item(item),
                        self.taal,
                    );
                    c
                })
                .collect(),
            Type::Bool => {
                let (yes, no) = match self.taal {
                    Taal::Nl => ("ja", "nee"),
                    Taal::En => ("yes", "no"),
                };
                [yes, no]
                    .iter()
                    .map(|w| self.item((*w).to_string(), CompletionKind::Value, (*w).to_string()))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// Every kind that may stand at the top level, as a word and as a
    /// snippet with its required fields.
    fn top_level(&self) -> Vec<Completion> {
        let mut out = Vec::new();
        for kind in self.schema.top_level_kinds() {
            out.push(self.kind_snippet(kind, true));
        }
        out
    }

    /// `beleid ${1:naam} {\n    titel: "$2"\n ...}`.
    fn kind_snippet(&self, kind: &Kind, top: bool) -> Completion {
        let word = kind.names.get(self.taal);
        let name_hint = match self.taal {
            Taal::Nl => "naam",
            Taal::En => "name",
        };
        let mut body = String::new();
        for (stop, field) in (2..).zip(kind.required_fields().filter(|f| !f.nested)) {
            body.push_str(&format!(
                "{}    {}: {}",
                self.newline,
                field.names.get(self.taal),
                value_snippet(&field.ty, stop)
            ));
        }
        if body.is_empty() {
            body.push_str(self.newline);
            body.push_str("    $0");
        }
        let insert = format!("{word} ${{1:{name_hint}}} {{{body}{}}}", self.newline);
        let mut c = self.item(word.to_string(), CompletionKind::Snippet, insert);
        c.snippet = true;
        c.detail = Some(match (top, self.taal) {
            (true, Taal::Nl) => format!(
                "nieuw(e) {} met de verplichte velden",
                names_detail(&kind.names, self.taal)
            ),
            (true, Taal::En) => format!(
                "new {} with its required fields",
                names_detail(&kind.names, self.taal)
            ),
            (false, Taal::Nl) => format!("geneste {}", names_detail(&kind.names, self.taal)),
            (false, Taal::En) => format!("nested {}", names_detail(&kind.names, self.taal)),
        });
        c.documentation = kind.doc.as_ref().map(|d| d.get(self.taal).to_string());
        c
    }
}

/// A placeholder for a value of `ty` at tab stop `stop`.
fn value_snippet(ty: &Type, stop: usize) -> String {
    match ty {
        Type::Text => format!("\"${stop}\""),
        Type::List(_) => format!("[${stop}]"),
        _ => format!("${stop}"),
    }
}
