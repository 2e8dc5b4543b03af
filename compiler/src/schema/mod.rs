//! The schema: kinds, fields and vocabularies, read from the `soort` and
//! `keuze` items of the stdlib (and of the repository).
//!
//! The compiler knows no field or vocabulary by heart. Every kind
//! (`soort beleid / policy`), its fields, and every vocabulary
//! (`keuze grondslag / legal_basis`) with its variants is read from source,
//! with both spellings, the doc comment and the law articles it rests on.
//! The checker type-checks items against a [`Schema`]; the rule language
//! type-checks its paths against it; hover and completion read their
//! knowledge from it and from nothing else.
//!
//! Building a schema never fails: problems in `soort` and `keuze` items
//! (unknown type names, unknown modifiers, duplicate names) become
//! diagnostics, and whatever could be understood is kept. Law links
//! (`wet [avg_6_1_e]`) are kept by name; the checker resolves them, because
//! `artikel` items are ordinary items of the repository's namespace.

use crate::ast::{self, Ident, ItemKind, TypeExpr};
mod codes;

pub use codes::CODES;

use crate::diagnostics::{Diagnostic, Taal, Text};
use crate::span::Span;
use codes as c;
use std::collections::HashMap;

/// Identifies a kind (`soort`) within a [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindId(pub u32);

/// Identifies a vocabulary (`keuze`) within a [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChoiceId(pub u32);

/// Identifies a field within its kind: the position in [`Kind::fields`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldId(pub u32);

/// Identifies a variant within its vocabulary: the position in
/// [`Choice::variants`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VariantId(pub u32);

fn id_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A name with its Dutch spelling and, when declared, its English one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    pub nl: String,
    pub en: Option<String>,
    /// Where the Dutch name is declared.
    pub nl_span: Span,
    /// Where the English name is declared.
    pub en_span: Option<Span>,
}

impl Names {
    fn from_ast(names: &ast::Names) -> Names {
        Names {
            nl: names.nl.name.to_string(),
            en: names.en.as_ref().map(|i| i.name.to_string()),
            nl_span: names.nl.span,
            en_span: names.en.as_ref().map(|i| i.span),
        }
    }

    /// The spelling in a language; the Dutch one when there is no English.
    pub fn get(&self, taal: Taal) -> &str {
        match (taal, &self.en) {
            (Taal::En, Some(en)) => en,
            _ => &self.nl,
        }
    }

    /// Both spellings, Dutch first, each with its language. A name without
    /// an English spelling yields only the Dutch one.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, Taal)> {
        std::iter::once((self.nl.as_str(), Taal::Nl))
            .chain(self.en.as_deref().map(|en| (en, Taal::En)))
    }

    /// The language of `spelling`, if it is one of the two spellings. A
    /// name spelled the same in both languages counts as Dutch.
    pub fn language_of(&self, spelling: &str) -> Option<Taal> {
        if self.nl == spelling {
            Some(Taal::Nl)
        } else if self.en.as_deref() == Some(spelling) {
            Some(Taal::En)
        } else {
            None
        }
    }

    /// `nl / en`, or `nl` alone, as the schema declares it.
    pub fn both(&self) -> String {
        match &self.en {
            Some(en) if *en != self.nl => format!("{} / {}", self.nl, en),
            _ => self.nl.clone(),
        }
    }

    /// The declaration spans of both spellings.
    pub fn spans(&self) -> impl Iterator<Item = Span> {
        std::iter::once(self.nl_span).chain(self.en_span)
    }
}

/// A doc comment of the schema. By convention a doc states the Dutch text
/// first and the English after a ` / ` on the same line, or on lines that
/// start with `/ ` (or `en: `) after the Dutch lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The text as written.
    pub raw: String,
    pub nl: String,
    /// The English text, when the doc gives one.
    pub en: Option<String>,
}

impl Doc {
    /// Splits a doc comment into its Dutch and English parts. When a line
    /// starts with `/ ` (or `en: `), it and the lines after it are the
    /// English; otherwise the first ` / ` on a line splits it.
    pub fn parse(raw: &str) -> Doc {
        let english_start = |line: &str| {
            let t = line.trim_start();
            t.strip_prefix("/ ")
                .or_else(|| t.strip_prefix("en: "))
                .or_else(|| t.strip_prefix("EN: "))
                .map(str::to_string)
        };
        let lines: Vec<&str> = raw.lines().collect();
        let split_line = lines.iter().position(|l| english_start(l).is_some());
        let (nl, en) = match split_line {
            Some(at) => {
                let nl = lines.get(..at).unwrap_or(&[]).join("\n");
                let mut en_lines: Vec<String> = lines
                    .get(at..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| l.to_string())
                    .collect();
                if let Some(first) = en_lines.first_mut() {
                    *first = english_start(first).unwrap_or_default();
                }
                (nl, en_lines.join("\n"))
            }
            None => match raw.split_once(" / ") {
                Some((nl, en)) => (nl.to_string(), en.to_string()),
                None => (raw.to_string(), String::new()),
            },
        };
        let en = en.trim().to_string();
        Doc {
            raw: raw.to_string(),
            nl: nl.trim().to_string(),
            en: if en.is_empty() { None } else { Some(en) },
        }
    }

    /// The text in a language; the Dutch when there is no English.
    pub fn get(&self, taal: Taal) -> &str {
        match (taal, &self.en) {
            (Taal::En, Some(en)) => en,
            _ => &self.nl,
        }
    }
}

fn doc_of(doc: &Option<Box<ast::Doc>>) -> Option<Doc> {
    doc.as_ref().map(|d| Doc::parse(&d.text))
}

/// A law article a field or variant rests on: `wet [avg_6_1_e]`. The name
/// refers to an `artikel` item; the checker resolves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LawLink {
    pub name: String,
    pub span: Span,
}

fn law_of(law: &[Ident]) -> Vec<LawLink> {
    law.iter()
        .map(|i| LawLink {
            name: i.name.to_string(),
            span: i.span,
        })
        .collect()
}

/// The type of a field, or of a typed item name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `tekst / text`: a string or a text block.
    Text,
    /// `getal / number`: an integer or a decimal.
    Number,
    /// `datum / date`.
    Date,
    /// `periode / period`: `2024-05-09 .. 2024-05-12`.
    Period,
    /// `duur / duration`: `14 dagen`.
    Duration,
    /// `ja_nee / bool`.
    Bool,
    /// `regelcode / rule_code`: `OO-NEPACCOUNT`.
    RuleCode,
    /// A variant of a vocabulary.
    Choice(ChoiceId),
    /// The name of an item of a kind, or nested items when the field is
    /// `genest`.
    Kind(KindId),
    /// `[T]`.
    List(Box<Type>),
    /// A type the schema could not resolve; the schema reported it, and
    /// values of this type are not checked.
    Unknown,
}

/// The built-in type names, Dutch and English.
pub const BUILTIN_TYPES: &[(&str, &str, Type)] = &[
    ("tekst", "text", Type::Text),
    ("getal", "number", Type::Number),
    ("datum", "date", Type::Date),
    ("periode", "period", Type::Period),
    ("duur", "duration", Type::Duration),
    ("ja_nee", "bool", Type::Bool),
    ("regelcode", "rule_code", Type::RuleCode),
];

/// The field modifiers, Dutch and English.
pub const MODIFIERS: &[(&str, &str)] = &[("verplicht", "required"), ("genest", "nested")];

impl Type {
    /// The element type of a list, or the type itself.
    pub fn element(&self) -> &Type {
        match self {
            Type::List(t) => t.element(),
            t => t,
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self, Type::List(_))
    }

    /// The type as the schema language spells it: `tekst`, `[team]`.
    pub fn spelling(&self, schema: &Schema, taal: Taal) -> String {
        let builtin = |t: &Type| {
            BUILTIN_TYPES
                .iter()
                .find(|(_, _, b)| b == t)
                .map(|(nl, en, _)| match taal {
                    Taal::Nl => (*nl).to_string(),
                    Taal::En => (*en).to_string(),
                })
        };
        match self {
            Type::Choice(id) => schema
                .choice(*id)
                .map(|c| c.names.get(taal).to_string())
                .unwrap_or_default(),
            Type::Kind(id) => schema
                .kind(*id)
                .map(|k| k.names.get(taal).to_string())
                .unwrap_or_default(),
            Type::List(t) => format!("[{}]", t.spelling(schema, taal)),
            Type::Unknown => "?".to_string(),
            t => builtin(t).unwrap_or_default(),
        }
    }

    /// What a value of this type is, in words for a policy author:
    /// "een datum" / "a date".
    pub fn describe(&self, schema: &Schema) -> Text {
        match self {
            Type::Text => Text::new("een tekst", "a text"),
            Type::Number => Text::new("een getal", "a number"),
            Type::Date => Text::new(
                "een datum (zoals `2024-05-09`)",
                "a date (such as `2024-05-09`)",
            ),
            Type::Period => Text::new(
                "een periode (zoals `2024-05-09 .. 2024-05-12`)",
                "a period (such as `2024-05-09 .. 2024-05-12`)",
            ),
            Type::Duration => Text::new(
                "een duur (zoals `14 dagen`)",
                "a duration (such as `14 days`)",
            ),
            Type::Bool => Text::new("`ja` of `nee`", "`yes` or `no`"),
            Type::RuleCode => Text::new(
                "een regelcode (zoals `OO-NEPACCOUNT`)",
                "a rule code (such as `OO-NEPACCOUNT`)",
            ),
            Type::Choice(id) => {
                let (nl, en) = schema
                    .choice(*id)
                    .map(|c| (c.names.nl.clone(), c.names.get(Taal::En).to_string()))
                    .unwrap_or_default();
                crate::text!("een keuze uit `{nl}`", "a choice from `{en}`")
            }
            Type::Kind(id) => {
                let (nl, en) = schema
                    .kind(*id)
                    .map(|k| (k.names.nl.clone(), k.names.get(Taal::En).to_string()))
                    .unwrap_or_default();
                crate::text!("de naam van een `{nl}`", "the name of a `{en}`")
            }
            Type::List(t) => {
                let inner = t.describe(schema);
                Text {
                    nl: format!("een lijst met {}", plural(&inner.nl, PLURAL_NL)).into(),
                    en: format!("a list of {}", plural(&inner.en, PLURAL_EN)).into(),
                }
            }
            Type::Unknown => Text::new("een waarde", "a value"),
        }
    }
}

const PLURAL_NL: &[(&str, &str)] = &[
    ("een tekst", "teksten"),
    ("een getal", "getallen"),
    ("een datum", "datums"),
    ("een periode", "periodes"),
    ("een duur", "duren"),
    ("een regelcode", "regelcodes"),
    ("een keuze uit", "keuzes uit"),
    ("de naam van een", "namen van een"),
];

const PLURAL_EN: &[(&str, &str)] = &[
    ("a text", "texts"),
    ("a number", "numbers"),
    ("a date", "dates"),
    ("a period", "periods"),
    ("a duration", "durations"),
    ("a rule code", "rule codes"),
    ("a choice from", "choices from"),
    ("the name of a", "names of a"),
];

/// Turns the description of one value into that of several: "a date (such
/// as ...)" becomes "dates (such as ...)".
fn plural(one: &str, table: &[(&str, &str)]) -> String {
    for (from, to) in table {
        if let Some(rest) = one.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    one.to_string()
}

/// A declared field of a kind.
#[derive(Clone, Debug)]
pub struct FieldDef {
    pub id: FieldId,
    pub names: Names,
    pub doc: Option<Doc>,
    pub ty: Type,
    /// `verplicht / required`: leaving the field out is an error.
    pub required: bool,
    /// `genest / nested`: the values are items written inside the parent
    /// (`bron x { ... }`), not `field: value`.
    pub nested: bool,
    pub law: Vec<LawLink>,
    /// The whole declaration.
    pub span: Span,
}

/// A declared kind: `soort beleid / policy { ... }`.
#[derive(Clone, Debug)]
pub struct Kind {
    pub id: KindId,
    pub names: Names,
    pub doc: Option<Doc>,
    /// The type of an item's name, when typed: `soort bron / source: platform`.
    pub name_type: Option<Type>,
    pub fields: Vec<FieldDef>,
    /// True when some field of some kind holds items of this kind nested
    /// (`bron / source: [bron] genest`): such items may not stand at the
    /// top level.
    pub nested_only: bool,
    /// The whole `soort` item.
    pub span: Span,
    field_index: HashMap<String, FieldId>,
}

impl Kind {
    /// The field spelled `name` in either language.
    pub fn field_named(&self, name: &str) -> Option<&FieldDef> {
        self.field_index.get(name).and_then(|id| self.field(*id))
    }

    pub fn field(&self, id: FieldId) -> Option<&FieldDef> {
        self.fields.get(id.0 as usize)
    }

    pub fn required_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| f.required)
    }

    /// The fields whose values are nested items.
    pub fn nested_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| f.nested)
    }

    /// The `genest` field that holds items of kind `child`, if any.
    pub fn nested_field_for(&self, child: KindId) -> Option<&FieldDef> {
        self.nested_fields()
            .find(|f| f.ty.element() == &Type::Kind(child))
    }
}

/// A declared variant of a vocabulary.
#[derive(Clone, Debug)]
pub struct VariantDef {
    pub id: VariantId,
    pub names: Names,
    pub doc: Option<Doc>,
    pub law: Vec<LawLink>,
    pub span: Span,
}

/// A declared vocabulary: `keuze grondslag / legal_basis { ... }`.
#[derive(Clone, Debug)]
pub struct Choice {
    pub id: ChoiceId,
    pub names: Names,
    pub doc: Option<Doc>,
    pub variants: Vec<VariantDef>,
    /// The whole `keuze` item.
    pub span: Span,
    variant_index: HashMap<String, VariantId>,
}

impl Choice {
    /// The variant spelled `name` in either language.
    pub fn variant_named(&self, name: &str) -> Option<&VariantDef> {
        self.variant_index
            .get(name)
            .and_then(|id| self.variant(*id))
    }

    pub fn variant(&self, id: VariantId) -> Option<&VariantDef> {
        self.variants.get(id.0 as usize)
    }
}

/// What a type name in the schema stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeName {
    Kind(KindId),
    Choice(ChoiceId),
}

/// Every kind and vocabulary of the stdlib and the repository.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    kinds: Vec<Kind>,
    choices: Vec<Choice>,
    /// Kinds and vocabularies share one namespace, because field types name
    /// both. Both spellings are keys.
    names: HashMap<String, TypeName>,
}

impl Schema {
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    pub fn kind(&self, id: KindId) -> Option<&Kind> {
        self.kinds.get(id.0 as usize)
    }

    pub fn choice(&self, id: ChoiceId) -> Option<&Choice> {
        self.choices.get(id.0 as usize)
    }

    /// The kind spelled `name` in either language.
    pub fn kind_named(&self, name: &str) -> Option<&Kind> {
        match self.names.get(name) {
            Some(TypeName::Kind(id)) => self.kind(*id),
            _ => None,
        }
    }

    /// The vocabulary spelled `name` in either language.
    pub fn choice_named(&self, name: &str) -> Option<&Choice> {
        match self.names.get(name) {
            Some(TypeName::Choice(id)) => self.choice(*id),
            _ => None,
        }
    }

    /// What a type name of the schema language stands for.
    pub fn type_named(&self, name: &str) -> Option<TypeName> {
        self.names.get(name).copied()
    }

    /// The field of a kind.
    pub fn field(&self, kind: KindId, field: FieldId) -> Option<&FieldDef> {
        self.kind(kind).and_then(|k| k.field(field))
    }

    /// The variant of a vocabulary.
    pub fn variant(&self, choice: ChoiceId, variant: VariantId) -> Option<&VariantDef> {
        self.choice(choice).and_then(|c| c.variant(variant))
    }

    /// The kinds that may stand at the top level of a file.
    pub fn top_level_kinds(&self) -> impl Iterator<Item = &Kind> {
        self.kinds.iter().filter(|k| !k.nested_only)
    }

    /// Reads the schema from the `soort` and `keuze` items of `files`, in
    /// order. The first declaration of a name wins; later ones are reported.
    pub fn build<'a>(
        files: impl IntoIterator<Item = &'a ast::SourceFile> + Clone,
    ) -> (Schema, Vec<Diagnostic>) {
        let mut schema = Schema::default();
        let mut diagnostics = Vec::new();
        // The declarations that were accepted, in id order, for pass two.
        let mut soorten: Vec<&ast::Soort> = Vec::new();
        let mut keuzes: Vec<&ast::Keuze> = Vec::new();
        // Where each name was first declared, for duplicate reports.
        let mut declared_at: HashMap<String, Span> = HashMap::new();

        // Pass one: the names, so that types may refer forward and across
        // files.
        for file in files.clone() {
            for item in &file.items {
                let names = match &item.kind {
                    ItemKind::Soort(s) => &s.names,
                    ItemKind::Keuze(k) => &k.names,
                    _ => continue,
                };
                let mut ok = true;
                for ident in std::iter::once(&names.nl).chain(names.en.as_ref()) {
                    if names.en.as_ref() == Some(ident) && ident.name == names.nl.name {
                        continue;
                    }
                    if let Some(first) = declared_at.get(ident.name.as_str()) {
                        diagnostics.push(duplicate_declaration(ident, *first, &names.nl.name));
                        ok = false;
                    } else if builtin_type(&ident.name).is_some() {
                        diagnostics.push(builtin_redeclared(ident, &names.nl.name));
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                for ident in std::iter::once(&names.nl).chain(names.en.as_ref()) {
                    declared_at.insert(ident.name.to_string(), ident.span);
                }
                let target = match &item.kind {
                    ItemKind::Soort(s) => {
                        let id = KindId(id_u32(schema.kinds.len()));
                        schema.kinds.push(Kind {
                            id,
                            names: Names::from_ast(&s.names),
                            doc: doc_of(&item.doc),
                            name_type: None,
                            fields: Vec::new(),
                            nested_only: false,
                            span: item.span,
                            field_index: HashMap::new(),
                        });
                        soorten.push(s);
                        TypeName::Kind(id)
                    }
                    ItemKind::Keuze(k) => {
                        let id = ChoiceId(id_u32(schema.choices.len()));
                        schema.choices.push(Choice {
                            id,
                            names: Names::from_ast(&k.names),
                            doc: doc_of(&item.doc),
                            variants: Vec::new(),
                            span: item.span,
                            variant_index: HashMap::new(),
                        });
                        keuzes.push(k);
                        TypeName::Choice(id)
                    }
                    _ => continue,
                };
                for ident in std::iter::once(&names.nl).chain(names.en.as_ref()) {
                    schema.names.insert(ident.name.to_string(), target);
                }
            }
        }

        // Pass two: fields and variants.
        let mut kinds = std::mem::take(&mut schema.kinds);
        for (kind, soort) in kinds.iter_mut().zip(&soorten) {
            let owner = &soort.names.nl.name;
            if let Some(ty) = &soort.name_type {
                let resolved = schema.resolve_type(ty, owner, &mut diagnostics);
                match resolved {
                    Type::Choice(_) | Type::RuleCode | Type::Text | Type::Unknown => {
                        kind.name_type = Some(resolved);
                    }
                    _ => diagnostics.push(bad_name_type(ty.span(), owner)),
                }
            }
            for decl in &soort.fields {
                schema.add_field(kind, decl, owner, &mut diagnostics);
            }
        }
        let mut choices = std::mem::take(&mut schema.choices);
        for (choice, keuze) in choices.iter_mut().zip(&keuzes) {
            for variant in &keuze.variants {
                add_variant(choice, variant, &keuze.names.nl.name, &mut diagnostics);
            }
        }
        // Kinds held by a `genest` field appear only nested.
        let nested: Vec<KindId> = kinds
            .iter()
            .flat_map(|k| k.nested_fields())
            .filter_map(|f| match f.ty.element() {
                Type::Kind(id) => Some(*id),
                _ => None,
            })
            .collect();
        for id in nested {
            if let Some(kind) = kinds.get_mut(id.0 as usize) {
                kind.nested_only = true;
            }
        }
        schema.kinds = kinds;
        schema.choices = choices;
        (schema, diagnostics)
    }

    fn resolve_type(&self, ty: &TypeExpr, owner: &str, diagnostics: &mut Vec<Diagnostic>) -> Type {
        match ty {
            TypeExpr::Named(ident) => {
                if let Some(t) = builtin_type(&ident.name) {
                    return t;
                }
                match self.names.get(ident.name.as_str()) {
                    Some(TypeName::Kind(id)) => Type::Kind(*id),
                    Some(TypeName::Choice(id)) => Type::Choice(*id),
                    None => {
                        diagnostics.push(self.unknown_type(ident, owner));
                        Type::Unknown
                    }
                }
            }
            TypeExpr::List(inner, _) => match self.resolve_type(inner, owner, diagnostics) {
                Type::Unknown => Type::Unknown,
                t => Type::List(Box::new(t)),
            },
            TypeExpr::Error(_) => Type::Unknown,
        }
    }

    fn unknown_type(&self, ident: &Ident, owner: &str) -> Diagnostic {
        let candidates = BUILTIN_TYPES
            .iter()
            .flat_map(|(nl, en, _)| [(nl.to_string(), Taal::Nl), (en.to_string(), Taal::En)])
            .chain(self.names.keys().map(|n| (n.clone(), Taal::Nl)));
        let suggestion = crate::suggest::best(&ident.name, candidates);
        let name = &ident.name;
        let mut d = Diagnostic::error(
            c::SCHEMA_UNKNOWN_TYPE,
            ident.span,
            crate::text!(
                "Het type `{name}` bestaat niet.",
                "There is no type `{name}`."
            ),
        )
        .with_item(owner)
        .with_help(Text::new(
            "Een type is `tekst`, `getal`, `datum`, `periode`, `duur`, `ja_nee`, `regelcode`, de naam van een `keuze` of van een `soort`, of een lijst daarvan: `[T]`.",
            "A type is `text`, `number`, `date`, `period`, `duration`, `bool`, `rule_code`, the name of a `choice` or of a `kind`, or a list of one: `[T]`.",
        ));
        d = crate::suggest::with_help(d, suggestion.as_ref().map(|s| (ident.span, s)), &[]);
        d
    }

    fn add_field(
        &self,
        kind: &mut Kind,
        decl: &ast::FieldDecl,
        owner: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let ty = self.resolve_type(&decl.ty, owner, diagnostics);
        let mut required = false;
        let mut nested = false;
        for m in &decl.modifiers {
            match modifier(&m.name) {
                Some(0) => required = true,
                Some(_) => nested = true,
                None => diagnostics.push(unknown_modifier(m, owner)),
            }
        }
        if nested && !matches!(ty.element(), Type::Kind(_) | Type::Unknown) {
            diagnostics.push(nested_not_kind(decl, owner));
            nested = false;
        }
        let id = FieldId(id_u32(kind.fields.len()));
        let names = Names::from_ast(&decl.names);
        let taken = |name: &str| kind.field_named(name).map(|f| &f.names);
        if !spellings_free(&decl.names, taken, owner, true, diagnostics) {
            return;
        }
        for (spelling, _) in names.spellings() {
            kind.field_index.insert(spelling.to_string(), id);
        }
        kind.fields.push(FieldDef {
            id,
            names,
            doc: doc_of(&decl.doc),
            ty,
            required,
            nested,
            law: law_of(&decl.law),
            span: decl.span,
        });
    }
}

/// Whether both spellings of a new field or variant are still free in its
/// kind or vocabulary; each one that is taken is reported with a label on
/// the first declaration.
fn spellings_free<'a>(
    names: &ast::Names,
    taken: impl Fn(&str) -> Option<&'a Names>,
    owner: &str,
    is_field: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut free = true;
    for ident in std::iter::once(&names.nl).chain(names.en.as_ref()) {
        if names.en.as_ref() == Some(ident) && ident.name == names.nl.name {
            continue;
        }
        if let Some(first) = taken(&ident.name) {
            let first_span = first
                .spans()
                .zip(first.spellings())
                .find(|(_, (s, _))| *s == ident.name)
                .map(|(sp, _)| sp)
                .unwrap_or(first.nl_span);
            diagnostics.push(duplicate_member(ident, first_span, owner, is_field));
            free = false;
        }
    }
    free
}

fn add_variant(
    choice: &mut Choice,
    variant: &ast::Variant,
    owner: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let id = VariantId(id_u32(choice.variants.len()));
    let names = Names::from_ast(&variant.names);
    let taken = |name: &str| choice.variant_named(name).map(|v| &v.names);
    if !spellings_free(&variant.names, taken, owner, false, diagnostics) {
        return;
    }
    for (spelling, _) in names.spellings() {
        choice.variant_index.insert(spelling.to_string(), id);
    }
    choice.variants.push(VariantDef {
        id,
        names,
        doc: doc_of(&variant.doc),
        law: law_of(&variant.law),
        span: variant.span,
    });
}

/// The built-in type spelled `name`.
pub fn builtin_type(name: &str) -> Option<Type> {
    BUILTIN_TYPES
        .iter()
        .find(|(nl, en, _)| *nl == name || *en == name)
        .map(|(_, _, t)| t.clone())
}

/// 0 for `verplicht / required`, 1 for `genest / nested`.
fn modifier(name: &str) -> Option<usize> {
    MODIFIERS
        .iter()
        .position(|(nl, en)| *nl == name || *en == name)
}

fn duplicate_declaration(ident: &Ident, first: Span, owner: &str) -> Diagnostic {
    let name = &ident.name;
    Diagnostic::error(
        c::SCHEMA_DUPLICATE_NAME,
        ident.span,
        crate::text!(
            "De naam `{name}` is al gebruikt voor een andere `soort` of `keuze`.",
            "The name `{name}` is already used by another `kind` or `choice`."
        ),
    )
    .with_label(
        first,
        Text::new("hier is hij eerst gebruikt", "first used here"),
    )
    .with_help(Text::new(
        "Geef elke `soort` en `keuze` een eigen naam, in beide talen.",
        "Give every `kind` and `choice` a name of its own, in both languages.",
    ))
    .with_item(owner)
}

fn builtin_redeclared(ident: &Ident, owner: &str) -> Diagnostic {
    let name = &ident.name;
    Diagnostic::error(
        c::SCHEMA_DUPLICATE_NAME,
        ident.span,
        crate::text!(
            "De naam `{name}` is de naam van een ingebouwd type.",
            "The name `{name}` is the name of a built-in type."
        ),
    )
    .with_help(Text::new(
        "Kies een andere naam; `tekst`, `getal`, `datum`, `periode`, `duur`, `ja_nee` en `regelcode` zijn al bezet.",
        "Choose another name; `text`, `number`, `date`, `period`, `duration`, `bool` and `rule_code` are taken.",
    ))
    .with_item(owner)
}

fn duplicate_member(ident: &Ident, first: Span, owner: &str, field: bool) -> Diagnostic {
    let name = &ident.name;
    let message = if field {
        crate::text!(
            "Het veld `{name}` is twee keer gedeclareerd in `{owner}`.",
            "The field `{name}` is declared twice in `{owner}`."
        )
    } else {
        crate::text!(
            "De keuze `{name}` staat twee keer in `{owner}`.",
            "The variant `{name}` appears twice in `{owner}`."
        )
    };
    Diagnostic::error(c::SCHEMA_DUPLICATE_MEMBER, ident.span, message)
        .with_label(
            first,
            Text::new("hier staat hij eerst", "first declared here"),
        )
        .with_item(owner)
}

fn unknown_modifier(m: &Ident, owner: &str) -> Diagnostic {
    let name = &m.name;
    let candidates = MODIFIERS
        .iter()
        .flat_map(|(nl, en)| [(nl.to_string(), Taal::Nl), (en.to_string(), Taal::En)]);
    let suggestion = crate::suggest::best(&m.name, candidates);
    let d = Diagnostic::error(
        c::SCHEMA_UNKNOWN_MODIFIER,
        m.span,
        crate::text!(
            "`{name}` is geen bekende eigenschap van een veld.",
            "`{name}` is not a known property of a field."
        ),
    )
    .with_help(Text::new(
        "Na het type kan `verplicht` en `genest` staan.",
        "After the type may come `required` and `nested`.",
    ))
    .with_item(owner);
    crate::suggest::with_help(d, suggestion.as_ref().map(|s| (m.span, s)), &[])
}

fn nested_not_kind(decl: &ast::FieldDecl, owner: &str) -> Diagnostic {
    let name = &decl.names.nl.name;
    let span = decl
        .modifiers
        .iter()
        .find(|m| modifier(&m.name) == Some(1))
        .map(|m| m.span)
        .unwrap_or(decl.span);
    Diagnostic::error(
        c::SCHEMA_NESTED_NOT_KIND,
        span,
        crate::text!(
            "Het veld `{name}` is `genest`, maar zijn type is geen `soort`.",
            "The field `{name}` is `nested`, but its type is not a `kind`."
        ),
    )
    .with_help(Text::new(
        "Alleen items van een `soort` kunnen genest in een ander item staan; haal `genest` weg of geef het veld een `soort` als type.",
        "Only items of a `kind` can be written inside another item; remove `nested` or give the field a `kind` as its type.",
    ))
    .with_item(owner)
}

fn bad_name_type(span: Span, owner: &str) -> Diagnostic {
    Diagnostic::error(
        c::SCHEMA_BAD_NAME_TYPE,
        span,
        crate::text!(
            "De naam van een `{owner}` kan alleen een `keuze`, een `regelcode` of `tekst` zijn.",
            "The name of a `{owner}` can only be a `choice`, a `rule_code` or `text`."
        ),
    )
    .with_item(owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_splits_on_slash() {
        let d = Doc::parse("Korte titel. / Short title.");
        assert_eq!(d.nl, "Korte titel.");
        assert_eq!(d.en.as_deref(), Some("Short title."));
        let d = Doc::parse("Eerste regel.\nTweede regel.\n/ First line.\nSecond line.");
        assert_eq!(d.nl, "Eerste regel.\nTweede regel.");
        assert_eq!(d.en.as_deref(), Some("First line.\nSecond line."));
        let d = Doc::parse("Alleen Nederlands, zie https://example.nl/a/b.");
        assert_eq!(d.en, None);
        assert_eq!(d.get(Taal::En), d.nl);
    }

    #[test]
    fn list_types_describe_in_plural() {
        let schema = Schema::default();
        let t = Type::List(Box::new(Type::Date));
        assert!(t.describe(&schema).en.starts_with("a list of dates"));
        assert!(t.describe(&schema).nl.starts_with("een lijst met datums"));
        assert_eq!(t.spelling(&schema, Taal::En), "[date]");
    }
}
