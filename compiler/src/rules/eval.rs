//! Evaluating compiled rules over checked policies.
//!
//! Values read from a policy keep their span, so a match can point at the
//! words that cause it. A field the policy leaves out evaluates to
//! [`Val::Missing`]; every comparison with a missing value is false, so a
//! clause that reads a missing field does not hold. A value the policy
//! gives but that could not be read (a typo the checker reported) is not
//! missing: any clause that reads it does not hold, so a typo gives one
//! diagnostic and never a cascade of rule findings. Evaluation counts its
//! steps and stops at a fixed budget, so no rule can hang the compiler.

use super::compile::{Builtin, CExpr, Clause, Const, Definition, Param, Rule, Segment};
use crate::ast::{BinOp, Date, Duration};
use crate::check::{CheckedItem, CheckedValue, ItemId, Value};
use crate::diagnostics::Taal;
use crate::fingerprint::Repository;
use crate::schema::{ChoiceId, Schema, VariantId};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::HashMap;

/// How many evaluation steps one rule may take on one policy.
pub(super) const STEP_BUDGET: u64 = 200_000;

/// How many values `v` holds (itself and every element, at any depth),
/// counted no further than just past the step budget.
fn weight(v: &Val<'_>) -> u64 {
    let mut n = 0;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        n += 1;
        if n > STEP_BUDGET {
            break;
        }
        if let Val::List(l) = v {
            stack.extend(l.iter().map(|s| &s.v));
        }
    }
    n
}

/// A runtime value.
#[derive(Clone, Debug)]
pub(super) enum Val<'a> {
    Missing,
    /// Given in the policy but not readable (the checker reported why).
    Invalid,
    Bool(bool),
    Num(f64),
    Text(Cow<'a, str>),
    Bilingual(&'a str, &'a str),
    Date(Date),
    Period(Date, Option<Date>),
    Dur(Duration),
    /// A duration computed from dates, in days.
    Days(f64),
    Variant(ChoiceId, VariantId),
    Item(&'a CheckedItem),
    List(Vec<Sv<'a>>),
}

/// A value with the span of the policy text it came from, if any.
#[derive(Clone, Debug)]
pub(super) struct Sv<'a> {
    pub v: Val<'a>,
    pub span: Option<Span>,
}

impl<'a> Sv<'a> {
    fn new(v: Val<'a>) -> Sv<'a> {
        Sv { v, span: None }
    }

    pub(super) fn missing() -> Sv<'a> {
        Sv::new(Val::Missing)
    }

    pub(super) fn truthy(&self) -> bool {
        matches!(self.v, Val::Bool(true))
    }
}

/// Everything evaluation reads. One context serves every rule run on one
/// policy, so a shared definition is computed once for that policy.
pub(super) struct Ctx<'a> {
    pub schema: &'a Schema,
    pub items: &'a HashMap<ItemId, &'a CheckedItem>,
    pub params: &'a [Param],
    pub definitions: &'a [Definition],
    pub subject: &'a CheckedItem,
    /// `[project] gemeente` of `kader.toml`, for `gemeente()`.
    pub gemeente: Option<&'a str>,
    /// What the fingerprint of the policy reads, for `vingerafdruk()`.
    pub repo: &'a Repository<'a>,
    /// The fingerprint of the policy, once computed.
    fingerprint: std::cell::OnceCell<String>,
    pub steps: u64,
    /// Set when evaluation read a value that could not be read.
    pub touched_invalid: std::cell::Cell<bool>,
    /// The value of each definition for this policy, once computed, and
    /// whether computing it read an unreadable value.
    cache: Vec<Option<(Sv<'a>, bool)>>,
    /// When set, where matching got furthest before a clause failed: how
    /// many clauses were left (the failed one included) and the bindings
    /// then. A trace of a rule that did not fire shows that clause.
    pub furthest: Option<Option<(usize, Vec<Sv<'a>>)>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        schema: &'a Schema,
        items: &'a HashMap<ItemId, &'a CheckedItem>,
        params: &'a [Param],
        definitions: &'a [Definition],
        subject: &'a CheckedItem,
        gemeente: Option<&'a str>,
        repo: &'a Repository<'a>,
    ) -> Ctx<'a> {
        Ctx {
            schema,
            items,
            params,
            definitions,
            subject,
            gemeente,
            repo,
            fingerprint: std::cell::OnceCell::new(),
            steps: 0,
            touched_invalid: std::cell::Cell::new(false),
            cache: vec![None; definitions.len()],
            furthest: None,
        }
    }

    /// The value of definition `i` for this policy.
    pub(super) fn definition(&mut self, i: usize) -> Sv<'a> {
        if let Some(Some((v, invalid))) = self.cache.get(i) {
            let v = v.clone();
            if *invalid {
                self.touched_invalid.set(true);
            }
            self.steps += weight(&v.v);
            return v;
        }
        let Some(def) = self.definitions.get(i) else {
            return Sv::missing();
        };
        let before = self.touched_invalid.replace(false);
        let v = self.eval(&def.value, &[]);
        let invalid = self.touched_invalid.get();
        if !self.over_budget() {
            if let Some(slot) = self.cache.get_mut(i) {
                *slot = Some((v.clone(), invalid));
            }
        }
        self.touched_invalid.set(before || invalid);
        v
    }

    /// Every environment in which all clauses hold.
    pub(super) fn matches(&mut self, rule: &'a Rule) -> Vec<Vec<Sv<'a>>> {
        let mut env = vec![Sv::missing(); rule.slots];
        let mut out = Vec::new();
        self.clauses(&rule.clauses, &mut env, &mut out);
        out
    }

    pub(super) fn over_budget(&self) -> bool {
        self.steps > STEP_BUDGET
    }

    /// Whether condition `c` holds in `env`: it is true and read no value
    /// the policy gives but that could not be read.
    pub(super) fn holds(&mut self, c: &'a CExpr, env: &[Sv<'a>]) -> bool {
        self.touched_invalid.set(false);
        let holds = self.eval(c, env).truthy();
        holds && !self.touched_invalid.get()
    }

    /// Notes that the first of `left` clauses failed with bindings `env`,
    /// when recording and no match got further.
    fn failed(&mut self, left: usize, env: &[Sv<'a>]) {
        if let Some(furthest) = &mut self.furthest {
            if furthest.as_ref().is_none_or(|(l, _)| left < *l) {
                *furthest = Some((left, env.to_vec()));
            }
        }
    }

    fn clauses(
        &mut self,
        clauses: &'a [Clause],
        env: &mut Vec<Sv<'a>>,
        out: &mut Vec<Vec<Sv<'a>>>,
    ) {
        let Some((first, rest)) = clauses.split_first() else {
            // Copying the bindings costs as much as they hold.
            self.steps += env.iter().map(|s| weight(&s.v)).sum::<u64>();
            if !self.over_budget() {
                out.push(env.clone());
            }
            return;
        };
        if self.over_budget() {
            return;
        }
        match first {
            Clause::Bind(slot, source) => {
                let elements = match self.eval(source, env).v {
                    Val::List(l) => l,
                    Val::Missing => Vec::new(),
                    v => vec![Sv::new(v)],
                };
                if elements.is_empty() {
                    self.failed(clauses.len(), env);
                }
                for el in elements {
                    if let Some(s) = env.get_mut(*slot) {
                        *s = el;
                    }
                    self.clauses(rest, env, out);
                }
            }
            Clause::Let(slot, value) => {
                self.touched_invalid.set(false);
                let v = self.eval(value, env);
                if self.touched_invalid.get() {
                    self.failed(clauses.len(), env);
                    return;
                }
                if let Some(s) = env.get_mut(*slot) {
                    *s = v;
                }
                self.clauses(rest, env, out);
            }
            Clause::Cond(c) => {
                if self.holds(c, env) {
                    self.clauses(rest, env, out);
                } else {
                    self.failed(clauses.len(), env);
                }
            }
        }
    }

    pub(super) fn eval(&mut self, e: &'a CExpr, env: &[Sv<'a>]) -> Sv<'a> {
        self.steps += 1;
        if self.over_budget() {
            return Sv::missing();
        }
        match e {
            CExpr::Const(c) => Sv::new(constant(c)),
            CExpr::Var(slot) => match env.get(*slot) {
                // A copy costs as much as the value holds, so a rule that
                // keeps doubling a list runs out of steps, not of memory.
                Some(s) => {
                    self.steps += weight(&s.v);
                    if self.over_budget() {
                        return Sv::missing();
                    }
                    s.clone()
                }
                None => Sv::missing(),
            },
            CExpr::Subject => Sv {
                v: Val::Item(self.subject),
                span: Some(
                    self.subject
                        .name
                        .as_ref()
                        .map_or(self.subject.span, |n| n.span),
                ),
            },
            CExpr::Param(i) => self
                .params
                .get(*i)
                .map_or_else(Sv::missing, |p| Sv::new(constant(&p.value))),
            CExpr::Def(i) => self.definition(*i),
            CExpr::Variant(c, v) => Sv::new(Val::Variant(*c, *v)),
            CExpr::ItemRef(id) => self
                .items
                .get(id)
                .map_or_else(Sv::missing, |i| Sv::new(Val::Item(i))),
            CExpr::Field {
                base,
                field,
                nested,
                ..
            } => {
                let base = self.eval(base, env);
                self.field(base, *field, *nested)
            }
            CExpr::List(elements) => {
                let mut out = Vec::with_capacity(elements.len());
                for (value, cond) in elements {
                    let mut why = None;
                    if let Some(c) = cond {
                        let c = self.eval(c, env);
                        if !c.truthy() {
                            continue;
                        }
                        why = c.span;
                    }
                    // An element that holds because of a condition points
                    // at what made the condition hold.
                    let mut v = self.eval(value, env);
                    if v.span.is_none() {
                        v.span = why;
                    }
                    out.push(v);
                }
                Sv::new(Val::List(out))
            }
            CExpr::Call(Builtin::Municipality, _) => Sv::new(self.municipality()),
            CExpr::Call(Builtin::Fingerprint, _) => {
                let subject = self.subject;
                let repo = self.repo;
                let print = self
                    .fingerprint
                    .get_or_init(|| crate::fingerprint::fingerprint(repo, subject));
                Sv::new(Val::Text(Cow::Owned(print.clone())))
            }
            CExpr::Call(b, args) => {
                let vals: Vec<Sv<'a>> = args.iter().map(|a| self.eval(a, env)).collect();
                // A function of a value points where that value is written.
                let span = vals.first().and_then(|a| a.span);
                Sv {
                    v: builtin(*b, &vals),
                    span,
                }
            }
            CExpr::Not(inner) => {
                let inner = self.eval(inner, env);
                match inner.v {
                    Val::Bool(b) => Sv {
                        v: Val::Bool(!b),
                        span: inner.span,
                    },
                    _ => Sv::missing(),
                }
            }
            CExpr::Binary(op, lhs, rhs) => {
                // A truth value keeps the place of what decided it: for
                // `of` the operand that held, otherwise the first side
                // that is written in the policy. `wijs` can point there.
                let l = self.eval(lhs, env);
                let (v, span) = match op {
                    BinOp::And => {
                        if l.truthy() {
                            let r = self.eval(rhs, env);
                            (r.truthy(), l.span.or(r.span))
                        } else {
                            (false, l.span)
                        }
                    }
                    BinOp::Or => {
                        if l.truthy() {
                            (true, l.span)
                        } else {
                            let r = self.eval(rhs, env);
                            (r.truthy(), r.span.or(l.span))
                        }
                    }
                    _ => {
                        let r = self.eval(rhs, env);
                        (compare(*op, &l.v, &r.v), l.span.or(r.span))
                    }
                };
                Sv {
                    v: Val::Bool(v),
                    span,
                }
            }
        }
    }

    /// The policy's `gemeente`, or else the one `kader.toml` gives.
    fn municipality(&self) -> Val<'a> {
        let own = self
            .schema
            .kind(self.subject.kind)
            .and_then(|k| k.field_named("gemeente"))
            .and_then(|f| self.subject.field(f.id))
            .and_then(|f| match &f.value.value {
                Value::Text(s) => Some(s.as_str()),
                _ => None,
            });
        match own.or(self.gemeente) {
            Some(s) if !s.trim().is_empty() => Val::Text(Cow::Borrowed(s)),
            _ => Val::Missing,
        }
    }

    fn field(&self, base: Sv<'a>, field: crate::schema::FieldId, nested: bool) -> Sv<'a> {
        let v = self.field_inner(base, field, nested);
        let invalid = match &v.v {
            Val::Invalid => true,
            Val::List(l) => l.iter().any(|e| matches!(e.v, Val::Invalid)),
            _ => false,
        };
        if invalid {
            self.touched_invalid.set(true);
        }
        v
    }

    fn field_inner(&self, base: Sv<'a>, field: crate::schema::FieldId, nested: bool) -> Sv<'a> {
        match base.v {
            Val::Item(item) => field_of(self.items, item, field, nested),
            Val::List(elements) => {
                let mut out = Vec::new();
                for el in elements {
                    if let Val::Item(item) = el.v {
                        match field_of(self.items, item, field, nested) {
                            Sv {
                                v: Val::List(inner),
                                ..
                            } => out.extend(inner),
                            Sv {
                                v: Val::Missing, ..
                            } => {}
                            other => out.push(other),
                        }
                    }
                }
                Sv::new(Val::List(out))
            }
            _ => Sv::missing(),
        }
    }
}

fn field_of<'a>(
    items: &HashMap<ItemId, &'a CheckedItem>,
    item: &'a CheckedItem,
    field: crate::schema::FieldId,
    nested: bool,
) -> Sv<'a> {
    if nested {
        let list = item
            .nested_in(field)
            .map(|n| Sv {
                v: Val::Item(n),
                span: Some(n.name.as_ref().map_or(n.span, |name| name.span)),
            })
            .collect();
        return Sv::new(Val::List(list));
    }
    match item.field(field) {
        Some(f) => from_checked(items, &f.value),
        None => Sv::missing(),
    }
}

/// A checked policy value as a runtime value.
pub(super) fn from_checked<'a>(
    items: &HashMap<ItemId, &'a CheckedItem>,
    cv: &'a CheckedValue,
) -> Sv<'a> {
    let v = match &cv.value {
        Value::Text(s) => Val::Text(Cow::Borrowed(s)),
        Value::Number(n) => Val::Num(*n),
        Value::Date(d) => Val::Date(*d),
        Value::Period { start, end } => Val::Period(*start, *end),
        Value::Duration(d) => Val::Dur(*d),
        Value::Bool(b) => Val::Bool(*b),
        Value::Variant(c, v) => Val::Variant(*c, *v),
        Value::Item(id) => items.get(id).map_or(Val::Missing, |i| Val::Item(i)),
        Value::RuleCode(s) => Val::Text(Cow::Borrowed(s)),
        Value::List(vs) => Val::List(vs.iter().map(|v| from_checked(items, v)).collect()),
        Value::Invalid => Val::Invalid,
    };
    Sv {
        v,
        span: Some(cv.span),
    }
}

pub(super) fn constant(c: &Const) -> Val<'_> {
    match c {
        Const::Text(s) => Val::Text(Cow::Borrowed(s)),
        Const::Bilingual(t) => Val::Bilingual(&t.nl, &t.en),
        Const::Number(n) => Val::Num(*n),
        Const::Date(d) => Val::Date(*d),
        Const::Duration(d) => Val::Dur(*d),
        Const::Bool(b) => Val::Bool(*b),
        Const::List(items) => Val::List(items.iter().map(|c| Sv::new(constant(c))).collect()),
    }
}

fn days(v: &Val<'_>) -> Option<f64> {
    match v {
        Val::Dur(d) => Some(d.days()),
        Val::Days(d) => Some(*d),
        _ => None,
    }
}

/// Equality; `None` when either side is missing or they cannot be compared.
fn equal(a: &Val<'_>, b: &Val<'_>) -> Option<bool> {
    Some(match (a, b) {
        (Val::Missing | Val::Invalid, _) | (_, Val::Missing | Val::Invalid) => return None,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => (x - y).abs() < 1e-9,
        (Val::Text(x), Val::Text(y)) => x == y,
        (Val::Date(x), Val::Date(y)) => x == y,
        (Val::Period(a1, a2), Val::Period(b1, b2)) => a1 == b1 && a2 == b2,
        (Val::Variant(c1, v1), Val::Variant(c2, v2)) => c1 == c2 && v1 == v2,
        (Val::Item(x), Val::Item(y)) => std::ptr::eq(*x, *y),
        (x, y) => match (days(x), days(y)) {
            (Some(d1), Some(d2)) => (d1 - d2).abs() < 1e-9,
            _ => return None,
        },
    })
}

fn order(a: &Val<'_>, b: &Val<'_>) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (x, y) => days(x)?.partial_cmp(&days(y)?),
    }
}

fn elements<'v, 'a>(v: &'v Val<'a>) -> Vec<&'v Val<'a>> {
    match v {
        Val::List(l) => l.iter().map(|s| &s.v).collect(),
        Val::Missing => Vec::new(),
        v => vec![v],
    }
}

fn member(x: &Val<'_>, list: &Val<'_>) -> bool {
    elements(list).iter().any(|y| equal(x, y) == Some(true))
}

fn compare(op: BinOp, l: &Val<'_>, r: &Val<'_>) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    if matches!(l, Val::Missing | Val::Invalid) || matches!(r, Val::Missing | Val::Invalid) {
        return false;
    }
    match op {
        BinOp::Eq => equal(l, r) == Some(true),
        BinOp::Ne => equal(l, r) == Some(false),
        BinOp::Lt => order(l, r) == Some(Less),
        BinOp::Le => matches!(order(l, r), Some(Less | Equal)),
        BinOp::Gt => order(l, r) == Some(Greater),
        BinOp::Ge => matches!(order(l, r), Some(Greater | Equal)),
        BinOp::In => match l {
            Val::List(xs) => xs.iter().any(|x| member(&x.v, r)),
            x => member(x, r),
        },
        // Over a list, `niet in` holds when some element is not in the
        // other list: `ontvangers niet in [niemand]` means "holds anything
        // but `niemand`". An empty list has no such element.
        BinOp::NotIn => match l {
            Val::List(xs) => xs.iter().any(|x| !member(&x.v, r)),
            x => !member(x, r),
        },
        BinOp::And | BinOp::Or => false,
    }
}

fn is_blank(v: &Val<'_>) -> bool {
    match v {
        Val::Missing => true,
        Val::Text(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn builtin<'a>(b: Builtin, args: &[Sv<'a>]) -> Val<'a> {
    let first = args.first().map_or(&Val::Missing, |a| &a.v);
    match b {
        Builtin::Count => Val::Num(elements(first).len() as f64),
        Builtin::CountTrue => Val::Num(
            elements(first)
                .iter()
                .filter(|v| matches!(v, Val::Bool(true)))
                .count() as f64,
        ),
        Builtin::Missing => Val::Bool(is_blank(first)),
        Builtin::Empty => Val::Bool(match first {
            Val::List(l) => l.is_empty(),
            v => is_blank(v),
        }),
        Builtin::Contains => {
            let x = args.get(1).map_or(&Val::Missing, |a| &a.v);
            Val::Bool(!matches!(x, Val::Missing) && compare(BinOp::In, x, first))
        }
        Builtin::Length => match first {
            Val::Period(s, Some(e)) => {
                Val::Days((e.days_since_epoch() - s.days_since_epoch() + 1) as f64)
            }
            _ => Val::Missing,
        },
        Builtin::Start => match first {
            Val::Period(s, _) => Val::Date(*s),
            _ => Val::Missing,
        },
        Builtin::End => match first {
            Val::Period(_, Some(e)) => Val::Date(*e),
            _ => Val::Missing,
        },
        Builtin::Open => match first {
            Val::Period(_, end) => Val::Bool(end.is_none()),
            _ => Val::Missing,
        },
        Builtin::Overlap => Val::List(overlap(args)),
        Builtin::Share => {
            let total = elements(first).len();
            if total == 0 {
                Val::Missing
            } else {
                Val::Num(overlap(args).len() as f64 / total as f64)
            }
        }
        // Evaluated by the context, which knows the policy and kader.toml.
        Builtin::Municipality | Builtin::Fingerprint => Val::Missing,
        Builtin::IsFingerprint => match first {
            Val::Text(t) => Val::Bool(crate::fingerprint::is_fingerprint(t)),
            _ => Val::Missing,
        },
        Builtin::ContainsText => match (first, args.get(1).map(|a| &a.v)) {
            (Val::Text(t), Some(Val::Text(part))) => {
                Val::Bool(t.to_lowercase().contains(&part.trim().to_lowercase()))
            }
            _ => Val::Missing,
        },
        Builtin::StartsWith => match (first, args.get(1).map(|a| &a.v)) {
            (Val::Text(t), Some(Val::Text(prefix))) => {
                Val::Bool(t.trim_start().starts_with(prefix.as_ref()))
            }
            _ => Val::Missing,
        },
    }
}

/// The elements of the first argument that occur in any later one (lists
/// are looked into, one level deep); texts compared without regard to
/// case or surrounding spaces.
fn overlap<'a>(args: &[Sv<'a>]) -> Vec<Sv<'a>> {
    let Some((first, rest)) = args.split_first() else {
        return Vec::new();
    };
    let others: Vec<&Val<'_>> = rest.iter().flat_map(|a| elements(&a.v)).collect();
    let same = |x: &Val<'_>, y: &Val<'_>| match (x, y) {
        (Val::Text(a), Val::Text(b)) => a.trim().to_lowercase() == b.trim().to_lowercase(),
        (a, b) => equal(a, b) == Some(true),
    };
    let list = match &first.v {
        Val::List(l) => l.clone(),
        Val::Missing => Vec::new(),
        v => vec![Sv {
            v: v.clone(),
            span: first.span,
        }],
    };
    list.into_iter()
        .filter(|x| others.iter().any(|y| same(&x.v, y)))
        .collect()
}

/// A value as a policy author reads it in a message.
pub(super) fn display(v: &Val<'_>, schema: &Schema, taal: Taal) -> String {
    match v {
        Val::Missing => match taal {
            Taal::Nl => "(niet ingevuld)".into(),
            Taal::En => "(not given)".into(),
        },
        Val::Invalid => match taal {
            Taal::Nl => "(onleesbaar)".into(),
            Taal::En => "(unreadable)".into(),
        },
        Val::Bool(b) => match (taal, b) {
            (Taal::Nl, true) => "ja".into(),
            (Taal::Nl, false) => "nee".into(),
            (Taal::En, true) => "yes".into(),
            (Taal::En, false) => "no".into(),
        },
        Val::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Val::Num(n) => format!("{n}"),
        Val::Text(s) => s.to_string(),
        Val::Bilingual(nl, en) => match taal {
            Taal::Nl => (*nl).to_string(),
            Taal::En => (*en).to_string(),
        },
        Val::Date(d) => d.to_string(),
        Val::Period(s, Some(e)) => format!("{s} .. {e}"),
        Val::Period(s, None) => format!("{s} .."),
        Val::Dur(d) => format!("{} {}", d.amount, d.unit.after(taal, d.amount)),
        Val::Days(d) => {
            let n = d.round() as u64;
            format!("{n} {}", crate::ast::DurationUnit::Day.after(taal, n))
        }
        Val::Variant(c, v) => schema
            .variant(*c, *v)
            .map_or_else(String::new, |v| v.names.get(taal).to_string()),
        Val::Item(item) => {
            let name = item
                .name
                .as_ref()
                .map_or(String::new(), |n| match (taal, &n.text_en) {
                    (Taal::En, Some(en)) => en.to_string(),
                    (_, _) => match &n.value {
                        Some(Value::Variant(c, v)) => schema
                            .variant(*c, *v)
                            .map_or(n.text.to_string(), |v| v.names.get(taal).to_string()),
                        _ => n.text.to_string(),
                    },
                });
            match &item.label {
                Some(l) => format!("{name} \u{201c}{l}\u{201d}"),
                None => name,
            }
        }
        Val::List(l) => l
            .iter()
            .map(|s| display(&s.v, schema, taal))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Renders a message template in one language.
pub(super) fn render<'a>(
    ctx: &mut Ctx<'a>,
    segments: &'a [Segment],
    env: &[Sv<'a>],
    taal: Taal,
) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Lit(l) => out.push_str(l),
            Segment::Value(e) => {
                let v = ctx.eval(e, env);
                out.push_str(&display(&v.v, ctx.schema, taal));
            }
        }
    }
    out
}
