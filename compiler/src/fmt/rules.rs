//! Spellings inside `regel` items for a target language: the names in
//! paths (`beleid.verantwoordelijke` becomes `policy.controller`), the
//! vocabulary values they are compared with, parameters, functions and the
//! severity word.
//!
//! Paths are followed through the schema the way the rule compiler does:
//! the first name is a kind, a name bound by `x in pad`, or a parameter;
//! each next name is a field of the kind reached so far. Names the schema
//! does not know are left as written (the rule compiler reports them).

use super::print::{keyword, Renames};
use crate::ast::{BinOp, Definitie, Expr, ExprKind, FixAction, Regel, RegelMember, ValueKind};
use crate::rules::BUILTINS;
use crate::schema::{Schema, Type};
use crate::{Analysis, Taal};
use std::collections::HashMap;

struct Walk<'a> {
    schema: &'a Schema,
    analysis: &'a Analysis,
    taal: Taal,
    /// Names bound by `x in pad`, with the type they stand for.
    bound: HashMap<String, Type>,
    out: &'a mut Renames,
}

pub(super) fn renames(r: &Regel, analysis: &Analysis, taal: Taal, out: &mut Renames) {
    let mut w = Walk::new(analysis, taal, out);
    for m in &r.members {
        match m {
            RegelMember::Setting { key, value } => {
                if matches!(key.name.as_str(), "ernst" | "severity") {
                    if let ValueKind::Ref(word) = &value.kind {
                        w.out.insert(value.span.start, keyword(word, Some(taal)));
                    }
                }
            }
            RegelMember::Zodra { clauses, .. } => {
                for c in clauses {
                    w.clause(c);
                }
            }
            RegelMember::Paths { paths, .. } => {
                for p in paths {
                    w.expr(p);
                }
            }
            RegelMember::Fix { fix, .. } => match fix {
                FixAction::Set { path, value } => {
                    let ty = w.expr(path);
                    w.against(value, ty.as_ref());
                }
                FixAction::Remove { path } => {
                    w.expr(path);
                }
            },
            RegelMember::Texts { .. } | RegelMember::Error(_) => {}
        }
    }
}

/// The renames inside a `definitie`: its value, read like a rule clause.
pub(super) fn definition_renames(
    d: &Definitie,
    analysis: &Analysis,
    taal: Taal,
    out: &mut Renames,
) {
    let mut w = Walk::new(analysis, taal, out);
    w.expr(&d.value);
}

impl<'a> Walk<'a> {
    fn new(analysis: &'a Analysis, taal: Taal, out: &'a mut Renames) -> Walk<'a> {
        Walk {
            schema: &analysis.schema,
            analysis,
            taal,
            bound: HashMap::new(),
            out,
        }
    }

    fn clause(&mut self, c: &Expr) {
        // `x in pad` at the top of a clause binds `x` to each element.
        if let ExprKind::Binary {
            op: BinOp::In,
            lhs,
            rhs,
            ..
        } = &c.kind
        {
            if let ExprKind::Path(parts) = &lhs.kind {
                if let [name] = parts.as_slice() {
                    let known = self.root(&name.name).is_some();
                    if !known {
                        if let Some(ty) = self.expr(rhs) {
                            self.bound.insert(name.name.clone(), ty.element().clone());
                        }
                        return;
                    }
                }
            }
        }
        if let ExprKind::Let { value, .. } = &c.kind {
            self.expr(value);
            return;
        }
        self.expr(c);
    }

    /// The type a first path name stands for, if it is a kind or bound name.
    fn root(&self, name: &str) -> Option<Type> {
        if let Some(t) = self.bound.get(name) {
            return Some(t.clone());
        }
        self.schema.kind_named(name).map(|k| Type::Kind(k.id))
    }

    /// Records the renames in `e` and returns its type where known.
    fn expr(&mut self, e: &Expr) -> Option<Type> {
        match &e.kind {
            ExprKind::Path(parts) => self.path(parts),
            ExprKind::List(elements) => {
                for el in elements {
                    self.expr(&el.value);
                    if let Some(c) = &el.condition {
                        self.expr(c);
                    }
                }
                None
            }
            ExprKind::Call { name, args } => {
                if let Some((nl, en, _)) = BUILTINS
                    .iter()
                    .find(|(nl, en, _)| *nl == name.name || *en == name.name)
                {
                    let spelling = match self.taal {
                        Taal::Nl => nl,
                        Taal::En => en,
                    };
                    self.out.insert(name.span.start, (*spelling).to_string());
                }
                let mut first = None;
                for (i, a) in args.iter().enumerate() {
                    if i == 0 {
                        first = self.expr(a);
                    } else {
                        // `bevat(lijst, waarde)`: the value is of the list's kind.
                        self.against(a, first.as_ref());
                    }
                }
                None
            }
            ExprKind::Not(inner) => {
                self.expr(inner);
                None
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let ty = self.expr(lhs);
                match op {
                    BinOp::Eq | BinOp::Ne | BinOp::In | BinOp::NotIn => {
                        self.against(rhs, ty.as_ref())
                    }
                    _ => {
                        self.expr(rhs);
                    }
                }
                None
            }
            ExprKind::Let { value, .. } => {
                self.expr(value);
                None
            }
            ExprKind::Literal(_) | ExprKind::Bilingual { .. } | ExprKind::Error => None,
        }
    }

    /// An expression compared with a value of type `ty`: a bare name is a
    /// variant of `ty`'s vocabulary.
    fn against(&mut self, e: &Expr, ty: Option<&Type>) {
        let choice = match ty.map(Type::element) {
            Some(Type::Choice(c)) => self.schema.choice(*c),
            _ => None,
        };
        match (&e.kind, choice) {
            (ExprKind::Path(parts), Some(choice)) if parts.len() == 1 => {
                if let Some(name) = parts.first() {
                    if self.root(&name.name).is_none() {
                        if let Some(v) = choice.variant_named(&name.name) {
                            self.out
                                .insert(name.span.start, v.names.get(self.taal).to_string());
                        }
                        return;
                    }
                }
                self.expr(e);
            }
            (ExprKind::List(elements), Some(_)) => {
                for el in elements {
                    self.against(&el.value, ty);
                    if let Some(c) = &el.condition {
                        self.expr(c);
                    }
                }
            }
            _ => {
                self.expr(e);
            }
        }
    }

    fn path(&mut self, parts: &[crate::ast::Ident]) -> Option<Type> {
        let first = parts.first()?;
        let mut ty = match self.root(&first.name) {
            Some(t) => {
                if let Type::Kind(k) = &t {
                    if !self.bound.contains_key(&first.name) {
                        if let Some(kind) = self.schema.kind(*k) {
                            self.out
                                .insert(first.span.start, kind.names.get(self.taal).to_string());
                        }
                    }
                }
                t
            }
            None => {
                // A parameter or a shared definition.
                let rules = &self.analysis.rules;
                let names = rules
                    .params
                    .iter()
                    .map(|p| &p.names)
                    .chain(rules.definitions.iter().map(|d| &d.names))
                    .find(|n| n.spellings().any(|(s, _)| s == first.name));
                if let Some(names) = names {
                    self.out
                        .insert(first.span.start, names.get(self.taal).to_string());
                }
                return None;
            }
        };
        for part in parts.iter().skip(1) {
            let Type::Kind(k) = ty.element() else {
                return None;
            };
            let field = self.schema.kind(*k)?.field_named(&part.name)?;
            self.out
                .insert(part.span.start, field.names.get(self.taal).to_string());
            ty = field.ty.clone();
        }
        Some(ty)
    }
}
