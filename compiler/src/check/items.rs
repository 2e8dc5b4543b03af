//! Checking one file's items against the schema: kinds, fields, values,
//! references, nesting and required fields.
//!
//! Each problem gives exactly one diagnostic, and the rest of the item is
//! still checked: an unknown field does not hide a wrong value in the next
//! one. Parts the parser could not read (`Error` nodes) are skipped in
//! silence, because the parser already reported them. What checks out is
//! kept as a [`CheckedItem`] with every name resolved, for the rules and
//! the language server.

use super::codes as c;
use super::symbols::{ItemId, Symbol, SymbolIndex, Target};
use crate::ast::{self, Date, Duration, Ident, Instance, ItemKind, Member, Name, ValueKind};
use crate::diagnostics::{Diagnostic, Edit, Fix, Taal, Text};
use crate::schema::{ChoiceId, FieldDef, FieldId, Kind, KindId, Schema, Type, VariantId};
use crate::span::Span;
use crate::suggest::{self, Suggestion};
use crate::text;
use std::collections::HashMap;

/// An item whose kind is known, with its fields checked and its names
/// resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedItem {
    pub kind: KindId,
    pub name: Option<CheckedName>,
    /// `bron facebook "Buurtgroep Tanthof-Oost"`: the label, if any.
    pub label: Option<String>,
    /// The fields written as `name: value` that the kind declares, in
    /// source order. A duplicate field keeps only its first value.
    pub fields: Vec<CheckedField>,
    /// The nested items, in source order, with the field that holds them.
    pub nested: Vec<NestedItem>,
    /// The whole item.
    pub span: Span,
    /// The top-level item in the symbol index; `None` for nested items and
    /// for items that are not part of the namespace (no name, a duplicate
    /// name, or a nested kind at the top level).
    pub item: Option<ItemId>,
    /// The position of the item among its parent's members, or in the
    /// file's `tree.items` for a top-level item.
    pub tree_index: usize,
}

impl CheckedItem {
    /// The value of a field, if the item gives it.
    pub fn field(&self, id: FieldId) -> Option<&CheckedField> {
        self.fields.iter().find(|f| f.field == id)
    }

    /// The nested items held by a `genest` field.
    pub fn nested_in(&self, field: FieldId) -> impl Iterator<Item = &CheckedItem> {
        self.nested
            .iter()
            .filter(move |n| n.field == field)
            .map(|n| &n.item)
    }

    /// The name as written.
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.text.as_str())
    }
}

/// The name of an item.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedName {
    pub text: Name,
    pub span: Span,
    /// The English spelling, for items that have one.
    pub text_en: Option<Name>,
    /// For a typed name (`bron facebook`, `afwijking OO-NEPACCOUNT`), what
    /// it resolved to: a variant or a rule code. `None` for an untyped
    /// name or one that did not check.
    pub value: Option<Value>,
}

/// A field of a checked item.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedField {
    pub field: FieldId,
    /// The field name as written (either language).
    pub name_span: Span,
    pub value: CheckedValue,
    /// The whole `name: value`.
    pub span: Span,
}

/// A nested item and the `genest` field of the parent that holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedItem {
    pub field: FieldId,
    pub item: CheckedItem,
}

/// A value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedValue {
    pub value: Value,
    pub span: Span,
}

/// A value, resolved against the field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(ast::SmolStr),
    Number(f64),
    Date(Date),
    Period {
        start: Date,
        end: Option<Date>,
    },
    Duration(Duration),
    Bool(bool),
    Variant(ChoiceId, VariantId),
    Item(ItemId),
    RuleCode(Name),
    List(Vec<CheckedValue>),
    /// The value does not fit the field (a diagnostic says why), or the
    /// parser could not read it.
    Invalid,
}

/// A checked `toets`: the policy it names, the changes to a copy of it
/// and the codes it expects. What did not check is left out (a diagnostic
/// in the test says why); a test with an error diagnostic is not run.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedToets {
    pub name: String,
    pub name_en: Option<String>,
    pub name_span: Span,
    /// The whole item.
    pub span: Span,
    /// The policy under test, when the reference resolved.
    pub policy: Option<ItemId>,
    /// The `beleid: ...` value as written, with its span.
    pub policy_span: Option<Span>,
    /// The fields of `wijzig` that check against the policy kind, in source
    /// order, with their spans in the test's file.
    pub changes: Vec<CheckedField>,
    /// `verwacht` / `expect`: the codes that must be reported, with spans.
    pub expect: Vec<(String, Span)>,
    /// `niet_verwacht` / `expect_not`: the codes that must not be reported.
    pub expect_not: Vec<(String, Span)>,
    /// The language the test is written in (its keyword).
    pub taal: Taal,
    /// The position of the item in its file's `tree.items`.
    pub tree_index: usize,
}

/// True for `OO-NEPACCOUNT`, `AVG-GRONDSLAG-F`: parts of uppercase letters
/// and digits joined by `-`.
pub fn is_rule_code(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
        })
        && s.chars().any(|ch| ch.is_ascii_uppercase())
}

/// The checker of one file.
pub(crate) struct FileChecker<'a> {
    pub schema: &'a Schema,
    pub index: &'a SymbolIndex,
    pub text: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    pub symbols: Vec<Symbol>,
    /// The name of the top-level item being checked, for [`Diagnostic::item`].
    top_name: Option<Name>,
}

impl<'a> FileChecker<'a> {
    pub(super) fn new(schema: &'a Schema, index: &'a SymbolIndex, text: &'a str) -> Self {
        FileChecker {
            schema,
            index,
            text,
            diagnostics: Vec::new(),
            symbols: Vec::new(),
            top_name: None,
        }
    }

    fn push(&mut self, mut d: Diagnostic) {
        if d.item.is_none() {
            d.item = self.top_name.clone();
        }
        self.diagnostics.push(d);
    }

    fn reference(&mut self, span: Span, target: Target) {
        self.symbols.push(Symbol {
            span,
            target,
            definition: false,
        });
    }

    fn source(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Checks one top-level item. `id` is its place in the symbol index.
    pub(super) fn top_level(
        &mut self,
        tree_index: usize,
        item: &ast::Item,
        id: Option<ItemId>,
    ) -> Option<CheckedItem> {
        let ItemKind::Instance(inst) = &item.kind else {
            return None;
        };
        self.top_name = inst.name.as_ref().map(|n| n.name.clone());
        let schema = self.schema;
        let Some(kind) = schema.kind_named(&inst.kind.name) else {
            let candidates: Vec<&Kind> = schema.top_level_kinds().collect();
            self.unknown_kind(&inst.kind, &candidates, None);
            return None;
        };
        self.reference(inst.kind.span, Target::Kind(kind.id));
        if kind.nested_only {
            self.nested_at_top_level(&inst.kind, kind);
        }
        let mut checked = self.instance(item, inst, kind, tree_index);
        checked.item = id;
        Some(checked)
    }

    /// Checks a `toets`: the policy reference, the `wijzig` fields against
    /// the policy kind (as the fields of a policy are checked), and the
    /// codes in `verwacht` and `niet_verwacht` (that they are rule codes;
    /// that a rule has each code is known only after the rules are compiled).
    pub(super) fn toets(
        &mut self,
        tree_index: usize,
        item: &ast::Item,
        t: &ast::Toets,
    ) -> Option<CheckedToets> {
        let schema = self.schema;
        let policy_kind = schema.kind_named("beleid")?;
        self.top_name = Some(t.names.nl.name.clone());
        let taal = if self.source(item.span).starts_with("test") {
            Taal::En
        } else {
            Taal::Nl
        };
        let mut checked = CheckedToets {
            name: t.names.nl.name.to_string(),
            name_en: t.names.en.as_ref().map(|n| n.name.to_string()),
            name_span: t.names.nl.span,
            span: item.span,
            policy: None,
            policy_span: None,
            changes: Vec::new(),
            expect: Vec::new(),
            expect_not: Vec::new(),
            taal,
            tree_index,
        };
        // Where each member was first given, for duplicates.
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut given: HashMap<FieldId, Span> = HashMap::new();
        let codes = Type::List(Box::new(Type::RuleCode));
        for m in &t.members {
            let Some(key) = m.key() else { continue };
            let canonical = ast::TOETS_WORDS
                .iter()
                .find(|(nl, en)| *nl == key.name || *en == key.name)
                .map_or(key.name.as_str(), |(nl, _)| *nl);
            if let Some(first) = seen.get(canonical) {
                self.duplicate_field(key, *first);
                continue;
            }
            seen.insert(canonical, key.span);
            match m {
                ast::ToetsMember::Setting { value, .. } => {
                    let ty = match canonical {
                        "beleid" => Type::Kind(policy_kind.id),
                        _ => codes.clone(),
                    };
                    let v = self.value(&ty, value, &key.name, taal);
                    let list = |v: CheckedValue| match v.value {
                        Value::List(items) => items
                            .into_iter()
                            .filter_map(|i| match i.value {
                                Value::RuleCode(code) => Some((code.to_string(), i.span)),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    match canonical {
                        "beleid" => {
                            checked.policy_span = Some(value.span);
                            if let Value::Item(id) = v.value {
                                checked.policy = Some(id);
                            }
                        }
                        "verwacht" => checked.expect = list(v),
                        _ => checked.expect_not = list(v),
                    }
                }
                ast::ToetsMember::Wijzig { members, .. } => {
                    for member in members {
                        match member {
                            Member::Field(f) => {
                                if let Some(cf) = self.field(f, policy_kind, taal, &mut given) {
                                    checked.changes.push(cf);
                                }
                            }
                            Member::Item(nested) => self.nested_in_change(nested, key),
                            Member::Error(_) => {}
                        }
                    }
                }
                ast::ToetsMember::Error(_) => {}
            }
        }
        let readable = t.closed
            && !t
                .members
                .iter()
                .any(|m| matches!(m, ast::ToetsMember::Error(_)));
        if checked.policy_span.is_none() && readable {
            let word = taal.pick("beleid", "policy");
            let name = &checked.name;
            let d = Diagnostic::error(
                c::MISSING_REQUIRED,
                t.names.nl.span,
                Text {
                    nl: format!("Bij `toets` `{name}` ontbreekt het verplichte veld `beleid`.")
                        .into(),
                    en: format!("The `test` `{name}` is missing the required field `policy`.")
                        .into(),
                },
            )
            .with_help(Text {
                nl: format!("Noem het beleid dat de toets toetst: `{word}: naam_van_het_beleid`.")
                    .into(),
                en: format!("Name the policy the test tests: `{word}: name_of_the_policy`.").into(),
            });
            self.push(d);
        }
        for (code, span) in &checked.expect_not {
            if let Some((_, first)) = checked.expect.iter().find(|(c, _)| c == code) {
                let d = Diagnostic::error(
                    c::TOETS_CODE_TWICE,
                    *span,
                    text!("`{code}` staat zowel bij `verwacht` als bij `niet_verwacht`; zo kan de toets nooit slagen.", "`{code}` is in both `expect` and `expect_not`; the test can never pass."),
                )
                .with_label(*first, Text::new("hier verwacht", "expected here"))
                .with_help(Text::new(
                    "Houd de code in één van beide lijsten over.",
                    "Keep the code in one of the two lists.",
                ));
                self.push(d);
            }
        }
        Some(checked)
    }

    /// A nested item in `wijzig`: only fields are replaced in the copy.
    fn nested_in_change(&mut self, item: &ast::Item, key: &Ident) {
        let word = &key.name;
        let d = Diagnostic::error(
            c::NESTED_NOT_ALLOWED,
            item.span,
            text!("Binnen `{word}` staan alleen velden van het beleid, geen blokken.", "Only fields of the policy stand inside `{word}`, no blocks."),
        )
        .with_help(Text::new(
            "Schrijf een beleid alleen voor toetsen (met `alleen_voor_toetsen: ja`) als de toets andere bronnen of afwijkingen nodig heeft.",
            "Write a policy only for tests (with `test_only: yes`) when the test needs other sources or exceptions.",
        ));
        self.push(d);
    }

    fn instance(
        &mut self,
        item: &ast::Item,
        inst: &Instance,
        kind: &Kind,
        tree_index: usize,
    ) -> CheckedItem {
        let taal = kind.names.language_of(&inst.kind.name).unwrap_or(Taal::Nl);
        let name = inst.name.as_ref().map(|n| CheckedName {
            text: n.name.clone(),
            span: n.span,
            text_en: inst.name_en.as_ref().map(|e| e.name.clone()),
            value: kind
                .name_type
                .as_ref()
                .and_then(|t| self.typed_name(n, t, kind, taal)),
        });
        let mut checked = CheckedItem {
            kind: kind.id,
            name,
            label: inst.label.as_ref().map(|l| l.value.clone()),
            // Room for every member: a checked item lives as long as its
            // analysis, and growing by doubling would leave up to half empty.
            fields: Vec::with_capacity(inst.members.len()),
            nested: Vec::new(),
            span: item.span,
            item: None,
            tree_index,
        };
        // Where each field was first given, for duplicates and required-ness.
        let mut given: HashMap<FieldId, Span> = HashMap::new();
        for (index, member) in inst.members.iter().enumerate() {
            match member {
                Member::Field(f) => {
                    if let Some(cf) = self.field(f, kind, taal, &mut given) {
                        checked.fields.push(cf);
                    }
                }
                Member::Item(nested) => {
                    if let Some(n) = self.nested(nested, inst, kind, taal, index, &mut given) {
                        checked.nested.push(n);
                    }
                }
                Member::Error(_) => {}
            }
        }
        let missing: Vec<&FieldDef> = kind
            .required_fields()
            .filter(|f| !given.contains_key(&f.id))
            .collect();
        // A body the parser could not fully read may hold the missing
        // fields; the parser has reported that, so say nothing more.
        let readable = inst.closed && !inst.members.iter().any(|m| matches!(m, Member::Error(_)));
        if !missing.is_empty() && readable {
            self.missing_fields(inst, kind, taal, &missing);
        }
        checked.fields.shrink_to_fit();
        checked
    }

    /// Checks a typed name: a variant of a vocabulary, or a rule code.
    fn typed_name(&mut self, name: &Ident, ty: &Type, kind: &Kind, taal: Taal) -> Option<Value> {
        let schema = self.schema;
        let (kind_nl, kind_en) = (kind.names.nl.clone(), kind.names.get(Taal::En).to_string());
        match ty {
            Type::Choice(cid) => {
                let choice = schema.choice(*cid)?;
                if let Some(v) = choice.variant_named(&name.name) {
                    self.reference(name.span, Target::Variant(*cid, v.id));
                    return Some(Value::Variant(*cid, v.id));
                }
                let (choice_nl, choice_en) = (&choice.names.nl, choice.names.get(Taal::En));
                let written = &name.name;
                let d = Diagnostic::error(
                    c::BAD_ITEM_NAME,
                    name.span,
                    text!("`{written}` is geen `{choice_nl}`; de naam van een `{kind_nl}` moet er een zijn.", "`{written}` is not a `{choice_en}`; the name of a `{kind_en}` must be one."),
                );
                let d = self.offer_variants(d, name.span, written, *cid, taal);
                self.push(d);
                None
            }
            Type::RuleCode => {
                if is_rule_code(&name.name) {
                    return Some(Value::RuleCode(name.name.clone()));
                }
                let written = &name.name;
                let d = Diagnostic::error(
                    c::BAD_ITEM_NAME,
                    name.span,
                    text!("De naam van een `{kind_nl}` moet een regelcode zijn, zoals `OO-NEPACCOUNT`; `{written}` is dat niet.", "The name of a `{kind_en}` must be a rule code, such as `OO-NEPACCOUNT`; `{written}` is not one."),
                )
                .with_help(Text::new(
                    "Een regelcode bestaat uit hoofdletters en cijfers, in delen verbonden door `-`.",
                    "A rule code is made of capital letters and digits, in parts joined by `-`.",
                ));
                let upper = written.to_uppercase().replace('_', "-");
                let d = if is_rule_code(&upper) {
                    suggest::with_help(d, Some((name.span, &Suggestion { text: upper, taal })), &[])
                } else {
                    d
                };
                self.push(d);
                None
            }
            _ => None,
        }
    }

    fn field(
        &mut self,
        f: &ast::Field,
        kind: &Kind,
        taal: Taal,
        given: &mut HashMap<FieldId, Span>,
    ) -> Option<CheckedField> {
        let Some(def) = kind.field_named(&f.name.name) else {
            self.unknown_field(&f.name, kind, taal);
            return None;
        };
        self.reference(f.name.span, Target::Field(kind.id, def.id));
        if let Some(first) = given.get(&def.id) {
            self.duplicate_field(&f.name, *first);
            return None;
        }
        given.insert(def.id, f.name.span);
        if def.nested {
            self.nested_as_field(f, def, kind, taal);
            return None;
        }
        let field_taal = def.names.language_of(&f.name.name).unwrap_or(taal);
        let value = self.value(&def.ty, &f.value, &f.name.name, field_taal);
        Some(CheckedField {
            field: def.id,
            name_span: f.name.span,
            value,
            span: f.span,
        })
    }

    fn nested(
        &mut self,
        item: &ast::Item,
        parent_inst: &Instance,
        parent: &Kind,
        taal: Taal,
        index: usize,
        given: &mut HashMap<FieldId, Span>,
    ) -> Option<NestedItem> {
        let schema = self.schema;
        let inst = match &item.kind {
            ItemKind::Instance(inst) => inst,
            ItemKind::Error => return None,
            ItemKind::Soort(_)
            | ItemKind::Keuze(_)
            | ItemKind::Regel(_)
            | ItemKind::Parameter(_)
            | ItemKind::Definitie(_)
            | ItemKind::Toets(_) => {
                self.declaration_nested(item, parent_inst);
                return None;
            }
        };
        let allowed: Vec<&Kind> = parent
            .nested_fields()
            .filter_map(|f| match f.ty.element() {
                Type::Kind(id) => schema.kind(*id),
                _ => None,
            })
            .collect();
        let Some(kind) = schema.kind_named(&inst.kind.name) else {
            let pool: Vec<&Kind> = if allowed.is_empty() {
                schema.kinds().iter().collect()
            } else {
                allowed
            };
            self.unknown_kind(&inst.kind, &pool, Some((parent, taal)));
            return None;
        };
        self.reference(inst.kind.span, Target::Kind(kind.id));
        let Some(def) = parent.nested_field_for(kind.id) else {
            self.nested_not_allowed(&inst.kind, kind, parent, taal, &allowed);
            return None;
        };
        if !def.ty.is_list() {
            if let Some(first) = given.get(&def.id) {
                self.duplicate_field(&inst.kind, *first);
                return None;
            }
        }
        given.entry(def.id).or_insert(inst.kind.span);
        let checked = self.instance(item, inst, kind, index);
        Some(NestedItem {
            field: def.id,
            item: checked,
        })
    }

    /// Checks a value against a type. `field` is the field name as written,
    /// `taal` the language it is written in.
    fn value(&mut self, ty: &Type, value: &ast::Value, field: &str, taal: Taal) -> CheckedValue {
        let span = value.span;
        let v = match (ty, &value.kind) {
            (_, ValueKind::Error) => Value::Invalid,
            (Type::Unknown, _) => raw(&value.kind),
            (Type::List(elem), ValueKind::List(items)) => Value::List(
                items
                    .iter()
                    .map(|item| self.value(elem, item, field, taal))
                    .collect(),
            ),
            (Type::List(_), _) => {
                self.expected_list(ty, value, field);
                Value::Invalid
            }
            (_, ValueKind::List(items)) => {
                self.expected_single(ty, value, items, field);
                Value::Invalid
            }
            (Type::Text, ValueKind::Text(s) | ValueKind::TextBlock(s)) => Value::Text(s.clone()),
            (Type::Number, ValueKind::Integer(n)) => Value::Number(*n as f64),
            (Type::Number, ValueKind::Decimal(n)) => Value::Number(*n),
            (Type::Date, ValueKind::Date(d)) => Value::Date(*d),
            (Type::Period, ValueKind::Period { start, end }) => {
                if let Some(end) = end {
                    if end < start {
                        self.period_reversed(span, *start, *end);
                    }
                }
                Value::Period {
                    start: *start,
                    end: *end,
                }
            }
            (Type::Duration, ValueKind::Duration(d)) => Value::Duration(*d),
            (Type::Bool, ValueKind::Bool(b)) => Value::Bool(*b),
            (Type::RuleCode, ValueKind::Ref(s)) if is_rule_code(s) => {
                Value::RuleCode(s.as_str().into())
            }
            (Type::Choice(cid), ValueKind::Ref(_) | ValueKind::Bool(_)) => {
                // A variant spelled like a truth value (`ja`) reads as one.
                let written = self.source(span).to_string();
                self.variant(*cid, &written, span, field, taal)
            }
            (Type::Kind(kid), ValueKind::Ref(s)) => self.item_ref(*kid, s, span),
            _ => {
                self.wrong_type(ty, value, field, taal);
                Value::Invalid
            }
        };
        CheckedValue { value: v, span }
    }

    fn variant(
        &mut self,
        cid: ChoiceId,
        written: &str,
        span: Span,
        field: &str,
        taal: Taal,
    ) -> Value {
        let schema = self.schema;
        let Some(choice) = schema.choice(cid) else {
            return Value::Invalid;
        };
        if let Some(v) = choice.variant_named(written) {
            self.reference(span, Target::Variant(cid, v.id));
            return Value::Variant(cid, v.id);
        }
        // Name the vocabulary only when it is not named like the field.
        let message = if choice.names.language_of(field).is_some() {
            text!(
                "`{written}` is geen geldige waarde voor `{field}`.",
                "`{written}` is not a valid value for `{field}`."
            )
        } else {
            let (choice_nl, choice_en) = (&choice.names.nl, choice.names.get(Taal::En));
            text!(
                "`{written}` is geen geldige waarde voor `{field}` (een keuze uit `{choice_nl}`).",
                "`{written}` is not a valid value for `{field}` (a choice from `{choice_en}`)."
            )
        };
        let d = Diagnostic::error(c::UNKNOWN_VARIANT, span, message);
        let d = self.offer_variants(d, span, written, cid, taal);
        self.push(d);
        Value::Invalid
    }

    /// Adds "did you mean" and, for a short vocabulary, its variants.
    fn offer_variants(
        &self,
        d: Diagnostic,
        span: Span,
        written: &str,
        cid: ChoiceId,
        taal: Taal,
    ) -> Diagnostic {
        let Some(choice) = self.schema.choice(cid) else {
            return d;
        };
        let candidates = choice.variants.iter().flat_map(|v| {
            v.names
                .spellings()
                .map(|(s, t)| (s.to_string(), t))
                .collect::<Vec<_>>()
        });
        let suggestion = suggest::best(written, candidates);
        let list_taal = suggestion.as_ref().map(|s| s.taal).unwrap_or(taal);
        let options: Vec<String> = choice
            .variants
            .iter()
            .map(|v| v.names.get(list_taal).to_string())
            .collect();
        suggest::with_help(d, suggestion.as_ref().map(|s| (span, s)), &options)
    }

    fn item_ref(&mut self, kid: KindId, name: &str, span: Span) -> Value {
        if let Some(id) = self.index.item_named(kid, name) {
            self.reference(span, Target::Item(id));
            return Value::Item(id);
        }
        let schema = self.schema;
        let (kind_nl, kind_en) = schema
            .kind(kid)
            .map(|k| (k.names.nl.clone(), k.names.get(Taal::En).to_string()))
            .unwrap_or_default();
        let d = Diagnostic::error(
            c::UNKNOWN_REFERENCE,
            span,
            text!("Er is geen `{kind_nl}` met de naam `{name}`.", "There is no `{kind_en}` named `{name}`."),
        )
        .with_help(match other_kind(schema, self.index, kid, name) {
            Some(other) => {
                let (onl, oen) = (&other.names.nl, other.names.get(Taal::En));
                text!("`{name}` is een `{onl}`, geen `{kind_nl}`.", "`{name}` is a `{oen}`, not a `{kind_en}`.")
            }
            None => text!("Een `{kind_nl}` moet ergens in de repository of de standaardbibliotheek gedeclareerd zijn: `{kind_nl} {name} {{ ... }}`.", "A `{kind_en}` must be declared somewhere in the repository or the standard library: `{kind_en} {name} {{ ... }}`."),
        });
        let d = self.offer_items(d, span, name, kid);
        self.push(d);
        Value::Invalid
    }

    fn offer_items(&self, d: Diagnostic, span: Span, name: &str, kid: KindId) -> Diagnostic {
        let names: Vec<&Name> = self.index.names_of(kid).collect();
        let suggestion = suggest::best(name, names.iter().map(|n| (n.as_str(), Taal::Nl)));
        let mut options: Vec<String> = Vec::new();
        if names.len() <= suggest::MAX_OPTIONS {
            options = names.iter().map(|n| n.to_string()).collect();
            options.sort();
        }
        suggest::with_help(d, suggestion.as_ref().map(|s| (span, s)), &options)
    }

    fn unknown_kind(&mut self, ident: &Ident, candidates: &[&Kind], parent: Option<(&Kind, Taal)>) {
        let written = &ident.name;
        let suggestion = suggest::best(
            written,
            candidates.iter().flat_map(|k| {
                k.names
                    .spellings()
                    .map(|(s, t)| (s.to_string(), t))
                    .collect::<Vec<_>>()
            }),
        );
        let taal = suggestion
            .as_ref()
            .map(|s| s.taal)
            .or(parent.map(|p| p.1))
            .unwrap_or(Taal::Nl);
        let options: Vec<String> = candidates
            .iter()
            .map(|k| k.names.get(taal).to_string())
            .collect();
        let message = match parent {
            None => text!(
                "Er is geen soort `{written}`.",
                "There is no kind `{written}`."
            ),
            Some((p, _)) => {
                let (pnl, pen) = (&p.names.nl, p.names.get(Taal::En));
                Text {
                    nl: format!("Er is geen soort `{written}` die binnen een `{pnl}` kan staan.")
                        .into(),
                    en: format!("There is no kind `{written}` that can stand inside a `{pen}`.")
                        .into(),
                }
            }
        };
        let d = Diagnostic::error(c::UNKNOWN_KIND, ident.span, message);
        let d = suggest::with_help(d, suggestion.as_ref().map(|s| (ident.span, s)), &options);
        self.push(d);
    }

    fn unknown_field(&mut self, ident: &Ident, kind: &Kind, taal: Taal) {
        let written = &ident.name;
        let suggestion = suggest::best(
            written,
            kind.fields.iter().flat_map(|f| {
                f.names
                    .spellings()
                    .map(|(s, t)| (s.to_string(), t))
                    .collect::<Vec<_>>()
            }),
        );
        let list_taal = suggestion.as_ref().map(|s| s.taal).unwrap_or(taal);
        let options: Vec<String> = kind
            .fields
            .iter()
            .map(|f| f.names.get(list_taal).to_string())
            .collect();
        let (knl, ken) = (&kind.names.nl, kind.names.get(Taal::En));
        let d = Diagnostic::error(
            c::UNKNOWN_FIELD,
            ident.span,
            text!(
                "Een `{knl}` heeft geen veld `{written}`.",
                "A `{ken}` has no field `{written}`."
            ),
        );
        let d = suggest::with_help(d, suggestion.as_ref().map(|s| (ident.span, s)), &options);
        self.push(d);
    }

    fn duplicate_field(&mut self, ident: &Ident, first: Span) {
        let written = &ident.name;
        let d = Diagnostic::error(
            c::DUPLICATE_FIELD,
            ident.span,
            text!("Het veld `{written}` is al eerder in dit item ingevuld.", "The field `{written}` is already given earlier in this item."),
        )
        .with_label(first, Text::new("hier staat het eerst", "first given here"))
        .with_help(Text::new(
            "Een veld mag maar één keer voorkomen (Nederlands en Engels tellen als hetzelfde veld). Houd één van beide over; een lijst schrijft u als `[a, b]`.",
            "A field may appear only once (its Dutch and English names count as the same field). Keep one of them; write a list as `[a, b]`.",
        ));
        self.push(d);
    }

    fn nested_as_field(&mut self, f: &ast::Field, def: &FieldDef, kind: &Kind, taal: Taal) {
        let written = &f.name.name;
        let child = match def.ty.element() {
            Type::Kind(id) => self.schema.kind(*id).map(|k| k.names.get(taal).to_string()),
            _ => None,
        }
        .unwrap_or_else(|| written.to_string());
        let parent_nl = &kind.names.nl;
        let parent_en = kind.names.get(Taal::En);
        let d = Diagnostic::error(
            c::NESTED_AS_FIELD,
            f.name.span,
            text!("`{written}` staat hier als veld, maar hoort als eigen blok binnen de `{parent_nl}`: `{child} naam {{ ... }}`.", "`{written}` is written as a field, but belongs as a block of its own inside the `{parent_en}`: `{child} name {{ ... }}`."),
        );
        self.push(d);
    }

    fn nested_at_top_level(&mut self, ident: &Ident, kind: &Kind) {
        let schema = self.schema;
        let parents: Vec<&Kind> = schema
            .kinds()
            .iter()
            .filter(|p| p.nested_field_for(kind.id).is_some())
            .collect();
        let list = |taal: Taal| {
            parents
                .iter()
                .map(|p| format!("`{}`", p.names.get(taal)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (knl, ken) = (&kind.names.nl, kind.names.get(Taal::En));
        let (pnl, pen) = (list(Taal::Nl), list(Taal::En));
        let d = Diagnostic::error(
            c::NESTED_AT_TOP_LEVEL,
            ident.span,
            text!(
                "Een `{knl}` kan niet los staan, alleen binnen een {pnl}.",
                "A `{ken}` cannot stand on its own, only inside a {pen}."
            ),
        )
        .with_help(Text {
            nl: format!("Zet dit blok binnen de accolades van het {pnl}-item waar het bij hoort.")
                .into(),
            en: format!("Move this block inside the braces of the {pen} item it belongs to.")
                .into(),
        });
        self.push(d);
    }

    fn nested_not_allowed(
        &mut self,
        ident: &Ident,
        kind: &Kind,
        parent: &Kind,
        taal: Taal,
        allowed: &[&Kind],
    ) {
        let (knl, ken) = (&kind.names.nl, kind.names.get(Taal::En));
        let (pnl, pen) = (&parent.names.nl, parent.names.get(Taal::En));
        let d = Diagnostic::error(
            c::NESTED_NOT_ALLOWED,
            ident.span,
            text!(
                "Een `{knl}` kan niet binnen een `{pnl}` staan.",
                "A `{ken}` cannot stand inside a `{pen}`."
            ),
        );
        let d = if allowed.is_empty() {
            d.with_help(Text {
                nl: format!(
                    "Binnen een `{pnl}` staan alleen velden; zet de `{knl}` los in het bestand."
                )
                .into(),
                en: format!("A `{pen}` holds only fields; put the `{ken}` on its own in the file.")
                    .into(),
            })
        } else {
            let options: Vec<String> = allowed
                .iter()
                .map(|k| k.names.get(taal).to_string())
                .collect();
            suggest::with_help(d, None, &options)
        };
        self.push(d);
    }

    fn declaration_nested(&mut self, item: &ast::Item, parent: &Instance) {
        let pname = &parent.kind.name;
        let d = Diagnostic::error(
            c::NESTED_NOT_ALLOWED,
            item.span,
            text!("Een declaratie (`soort`, `keuze`, `regel`, `parameter`) kan niet binnen een `{pname}` staan.", "A declaration (`kind`, `choice`, `rule`, `parameter`) cannot stand inside a `{pname}`."),
        )
        .with_help(Text::new(
            "Zet declaraties los in een bestand, buiten elk item.",
            "Put declarations on their own in a file, outside every item.",
        ));
        self.push(d);
    }

    fn missing_fields(&mut self, inst: &Instance, kind: &Kind, taal: Taal, missing: &[&FieldDef]) {
        let span = inst.name.as_ref().map(|n| n.span).unwrap_or(inst.kind.span);
        let schema = self.schema;
        let names = missing
            .iter()
            .map(|f| format!("`{}`", f.names.get(taal)))
            .collect::<Vec<_>>()
            .join(", ");
        let kind_written = kind.names.get(taal);
        let (knl, ken) = (&kind.names.nl, kind.names.get(Taal::En));
        let item = match &inst.name {
            Some(n) => format!(" `{}`", n.name),
            None => String::new(),
        };
        let message = if missing.len() == 1 {
            text!(
                "Bij `{knl}`{item} ontbreekt het verplichte veld {names}.",
                "The `{ken}`{item} is missing the required field {names}."
            )
        } else {
            text!(
                "Bij `{knl}`{item} ontbreken de verplichte velden {names}.",
                "The `{ken}`{item} is missing the required fields {names}."
            )
        };
        let help_lines = |t: Taal| {
            missing
                .iter()
                .map(|f| {
                    let what = f.ty.describe(schema);
                    format!("`{}` ({})", f.names.get(taal), what.get(t))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let help = Text {
            nl: format!("Vul in de `{kind_written}` in: {}.", help_lines(Taal::Nl)).into(),
            en: format!("Add to the `{kind_written}`: {}.", help_lines(Taal::En)).into(),
        };
        let d = Diagnostic::error(c::MISSING_REQUIRED, span, message).with_help(help);
        self.push(d);
    }

    fn expected_list(&mut self, ty: &Type, value: &ast::Value, field: &str) {
        let what = ty.describe(self.schema);
        let written = self.source(value.span).to_string();
        let d = Diagnostic::error(
            c::EXPECTED_LIST,
            value.span,
            Text {
                nl: format!(
                    "`{field}` verwacht {}; zet de waarde tussen `[` en `]`.",
                    what.nl
                )
                .into(),
                en: format!(
                    "`{field}` expects {}; put the value between `[` and `]`.",
                    what.en
                )
                .into(),
            },
        )
        .with_fix(Fix {
            title: Text::new("Maak er een lijst van", "Make it a list"),
            edits: vec![Edit {
                span: value.span,
                new_text: format!("[{written}]"),
            }],
        });
        self.push(d);
    }

    fn expected_single(
        &mut self,
        ty: &Type,
        value: &ast::Value,
        items: &[ast::Value],
        field: &str,
    ) {
        let what = ty.describe(self.schema);
        let mut d = Diagnostic::error(
            c::EXPECTED_SINGLE,
            value.span,
            Text {
                nl: format!("`{field}` verwacht één waarde ({}), geen lijst.", what.nl).into(),
                en: format!("`{field}` expects one value ({}), not a list.", what.en).into(),
            },
        );
        if let [only] = items {
            let inner = self.source(only.span).to_string();
            d = d.with_fix(Fix {
                title: Text::new("Haal de haken weg", "Remove the brackets"),
                edits: vec![Edit {
                    span: value.span,
                    new_text: inner,
                }],
            });
        }
        self.push(d);
    }

    fn wrong_type(&mut self, ty: &Type, value: &ast::Value, field: &str, taal: Taal) {
        let schema = self.schema;
        let expected = ty.describe(schema);
        let found = describe_value(&value.kind);
        let mut d = Diagnostic::error(
            c::WRONG_TYPE,
            value.span,
            Text {
                nl: format!(
                    "`{field}` verwacht {}, maar hier staat {}.",
                    expected.nl, found.nl
                )
                .into(),
                en: format!(
                    "`{field}` expects {}, but this is {}.",
                    expected.en, found.en
                )
                .into(),
            },
        );
        match (ty, &value.kind) {
            (
                Type::Text,
                ValueKind::Ref(_)
                | ValueKind::Bool(_)
                | ValueKind::Integer(_)
                | ValueKind::Decimal(_),
            ) => {
                let written = self.source(value.span).to_string();
                d = d
                    .with_help(Text::new(
                        "Zet tekst tussen aanhalingstekens.",
                        "Put text between double quotes.",
                    ))
                    .with_fix(Fix {
                        title: Text::new("Zet tussen aanhalingstekens", "Put between quotes"),
                        edits: vec![Edit {
                            span: value.span,
                            new_text: format!("\"{written}\""),
                        }],
                    });
            }
            (Type::Choice(cid), ValueKind::Text(s)) => {
                if schema
                    .choice(*cid)
                    .and_then(|c| c.variant_named(s))
                    .is_some()
                {
                    let bare = s.clone();
                    d = d
                        .with_help(Text::new(
                            "Een keuze schrijft u zonder aanhalingstekens.",
                            "A choice is written without quotes.",
                        ))
                        .with_fix(Fix {
                            title: text!("Vervang door `{bare}`", "Replace with `{bare}`"),
                            edits: vec![Edit {
                                span: value.span,
                                new_text: bare.to_string(),
                            }],
                        });
                } else {
                    d = self.offer_variants(d, value.span, s, *cid, taal);
                    d.fix = None;
                }
            }
            (Type::Duration, ValueKind::Integer(n)) => {
                d = d.with_help(Text {
                    nl: format!(
                        "Geef een eenheid: bijvoorbeeld `{n} dagen`, `{n} weken` of `{n} maanden`."
                    )
                    .into(),
                    en: format!(
                        "Give a unit: for example `{n} days`, `{n} weeks` or `{n} months`."
                    )
                    .into(),
                });
            }
            (Type::RuleCode, ValueKind::Ref(_)) => {
                d = d.with_help(Text::new(
                    "Een regelcode bestaat uit hoofdletters en cijfers, in delen verbonden door `-`.",
                    "A rule code is made of capital letters and digits, in parts joined by `-`.",
                ));
            }
            _ => {}
        }
        self.push(d);
    }

    fn period_reversed(&mut self, span: Span, start: Date, end: Date) {
        let d = Diagnostic::error(
            c::PERIOD_REVERSED,
            span,
            text!(
                "De periode eindigt (`{end}`) voordat hij begint (`{start}`).",
                "The period ends (`{end}`) before it starts (`{start}`)."
            ),
        )
        .with_fix(Fix {
            title: Text::new("Wissel begin en einde om", "Swap start and end"),
            edits: vec![Edit {
                span,
                new_text: format!("{end} .. {start}"),
            }],
        });
        self.push(d);
    }
}

/// The kind of another item named `name`, when a reference names an item
/// of the wrong kind. Kinds are few, so this looks in each.
pub(crate) fn other_kind<'s>(
    schema: &'s Schema,
    index: &SymbolIndex,
    expected: KindId,
    name: &str,
) -> Option<&'s Kind> {
    schema
        .kinds()
        .iter()
        .filter(|k| k.id != expected)
        .find(|k| index.item_named(k.id, name).is_some())
}

/// The value as it stands, for fields whose type the schema could not
/// resolve.
fn raw(kind: &ValueKind) -> Value {
    match kind {
        ValueKind::Text(s) | ValueKind::TextBlock(s) => Value::Text(s.clone()),
        ValueKind::Integer(n) => Value::Number(*n as f64),
        ValueKind::Decimal(n) => Value::Number(*n),
        ValueKind::Date(d) => Value::Date(*d),
        ValueKind::Period { start, end } => Value::Period {
            start: *start,
            end: *end,
        },
        ValueKind::Duration(d) => Value::Duration(*d),
        ValueKind::Bool(b) => Value::Bool(*b),
        ValueKind::Ref(_) | ValueKind::List(_) | ValueKind::Error => Value::Invalid,
    }
}

/// What a written value is, in words.
fn describe_value(kind: &ValueKind) -> Text {
    match kind {
        ValueKind::Text(_) | ValueKind::TextBlock(_) => Text::new("een tekst", "a text"),
        ValueKind::Integer(_) | ValueKind::Decimal(_) => Text::new("een getal", "a number"),
        ValueKind::Date(_) => Text::new("een datum", "a date"),
        ValueKind::Period { .. } => Text::new("een periode", "a period"),
        ValueKind::Duration(_) => Text::new("een duur", "a duration"),
        ValueKind::Bool(_) => Text::new("ja of nee", "yes or no"),
        ValueKind::Ref(s) => text!("de naam `{s}`", "the name `{s}`"),
        ValueKind::List(_) => Text::new("een lijst", "a list"),
        ValueKind::Error => Text::new("een onleesbare waarde", "an unreadable value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_codes() {
        assert!(is_rule_code("OO-NEPACCOUNT"));
        assert!(is_rule_code("AVG-GRONDSLAG-F"));
        assert!(is_rule_code("K0201"));
        assert!(!is_rule_code("oo-nepaccount"));
        assert!(!is_rule_code("OO--X"));
        assert!(!is_rule_code("OO-"));
        assert!(!is_rule_code("123"));
        assert!(!is_rule_code(""));
    }
}
