//! Decision traces: why a rule fired for a policy, or why it did not.
//!
//! A trace runs the rule as the rule engine does ([`Ctx::matches`]) and
//! then takes its clauses one by one with the same evaluator: each clause
//! with its text as written (in Dutch and English), whether it held, and
//! the values it read from the policy with their places. A group of
//! clauses joined by `en`/`of` is shown part by part. A shared definition
//! (`definitie`) is traced once per trace, with its value, and every clause
//! that reads it refers to it. Tracing counts its steps like a run and
//! stops at the same budget.

use super::compile::{CExpr, Clause, Definition, Param, Resolutions, Rule};
use super::eval::{constant, display, Ctx, Sv, Val};
use crate::ast::{self, BinOp, ExprKind, ItemKind, RegelMember};
use crate::diagnostics::{Severity, Taal, Text};
use crate::schema::Type;
use crate::span::Span;
use std::collections::HashMap;

/// Why one rule fired, or did not, for one policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The rule code.
    pub rule: String,
    /// The policy's name.
    pub policy: String,
    /// Every clause held for at least one way of binding the rule's names.
    pub fired: bool,
    /// How many findings the rule gives (one per way its clauses hold).
    pub matches: usize,
    /// The severity of its findings, after `[regels]` of `kader.toml`.
    pub severity: Severity,
    /// Where `[regels]` of `kader.toml` sets the rule's level, if it does.
    pub setting: Option<Span>,
    /// `[regels]` switches the rule off: it gives no findings.
    pub switched_off: bool,
    /// The policy's documented exception (`afwijking`) to the rule.
    pub waived: Option<Waiver>,
    /// The rule's one-line summary.
    pub summary: Option<Text>,
    /// Where the rule's code is written.
    pub span: Span,
    /// The clauses of `zodra`, in order. When the rule did not fire, the
    /// clause that failed is the last with `holds == Some(false)`; those
    /// after it were not reached.
    pub clauses: Vec<ClauseTrace>,
    /// The shared definitions the clauses read, each once, in the order
    /// they are first read.
    pub definitions: Vec<DefinitionTrace>,
    /// The parameters the rule read, with their values.
    pub parameters: Vec<ParamUse>,
    /// The step budget ran out: the trace is not complete.
    pub incomplete: bool,
}

/// One clause, or one part of a group of clauses.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseTrace {
    /// The clause as written, in both languages.
    pub text: Text,
    /// Where it is written.
    pub span: Option<Span>,
    /// Whether it held; `None` when evaluation did not reach it.
    pub holds: Option<bool>,
    /// The values it read.
    pub values: Vec<ValueRead>,
    /// The parts of an `en`/`of` group.
    pub children: Vec<ClauseTrace>,
}

/// A value a clause read: a path into the policy, a parameter, a
/// definition or a name the rule binds.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRead {
    /// What was read, as written in the rule (`beleid.periode`).
    pub name: Text,
    /// Its value, as a policy author reads it.
    pub value: Text,
    /// Where the policy gives the value (for a definition: what decided it).
    pub span: Option<Span>,
    /// For a definition: its index in [`Trace::definitions`].
    pub definition: Option<usize>,
}

/// A shared definition, traced once.
#[derive(Clone, Debug, PartialEq)]
pub struct DefinitionTrace {
    pub name: Text,
    /// Its value for the policy.
    pub value: Text,
    /// For a yes/no definition, whether it holds.
    pub holds: Option<bool>,
    /// Where the definition is written.
    pub span: Span,
    /// How its value came about.
    pub trace: ClauseTrace,
}

/// A documented exception (`afwijking`) that waives a rule for a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// The rule code.
    pub code: String,
    /// The justification, trimmed.
    pub motivation: String,
    /// Where the exception names the rule.
    pub span: Span,
}

/// A parameter a rule read.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamUse {
    pub name: Text,
    pub value: Text,
    /// Where the parameter is declared.
    pub span: Span,
    /// Where `[parameters]` of `kader.toml` sets its value, if it does.
    pub setting: Option<Span>,
}

impl Trace {
    /// The clauses that decided the outcome, in one line: those that held
    /// when the rule fired, the one that failed when it did not.
    pub fn deciding(&self, taal: Taal) -> String {
        let words: Vec<String> = if self.fired {
            self.clauses
                .iter()
                .map(|c| c.with_values(self, taal))
                .collect()
        } else {
            self.clauses
                .iter()
                .filter(|c| c.holds == Some(false))
                .map(|c| match taal {
                    Taal::Nl => format!("niet: {}", c.with_values(self, taal)),
                    Taal::En => format!("not: {}", c.with_values(self, taal)),
                })
                .collect()
        };
        words.join("; ")
    }
}

impl ClauseTrace {
    /// The clause's text, with what the definitions it reads held for.
    fn with_values(&self, trace: &Trace, taal: Taal) -> String {
        let text = self.text.get(taal).to_string();
        let reasons: Vec<String> = self
            .values
            .iter()
            .filter_map(|v| trace.definitions.get(v.definition?))
            .filter_map(|d| d.reasons(trace, taal))
            .collect();
        if reasons.is_empty() {
            text
        } else {
            format!("{text} ({})", reasons.join("; "))
        }
    }
}

impl DefinitionTrace {
    /// For a yes/no definition built of other definitions, those that held
    /// (when it holds) or failed (when it does not), by name.
    fn reasons(&self, trace: &Trace, taal: Taal) -> Option<String> {
        let holds = self.holds?;
        let mut names = Vec::new();
        let mut stack = vec![&self.trace];
        while let Some(c) = stack.pop() {
            if c.holds != Some(holds) {
                continue;
            }
            if c.children.is_empty() {
                for v in &c.values {
                    let Some(d) = v.definition.and_then(|d| trace.definitions.get(d)) else {
                        continue;
                    };
                    let name = d.name.get(taal).to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            stack.extend(c.children.iter().rev());
        }
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// What a trace reads besides the policy: the compiled rules, the texts
/// and trees of the files, and `kader.toml`.
pub(super) struct Sources<'a> {
    pub schema: &'a crate::schema::Schema,
    pub params: &'a [Param],
    pub definitions: &'a [Definition],
    pub texts: &'a [&'a str],
    pub trees: &'a [&'a ast::SourceFile],
    pub resolved: &'a Resolutions,
    pub config: &'a crate::config::Config,
}

/// The trace of `rule` on the policy of `ctx`, called `policy`, with the
/// exception `waived` the policy documents for it.
pub(super) fn trace<'a>(
    src: &Sources<'a>,
    mut ctx: Ctx<'a>,
    rule: &'a Rule,
    policy: String,
    waived: Option<Waiver>,
) -> Trace {
    ctx.furthest = Some(None);
    let matches = if rule.runnable {
        ctx.matches(rule)
    } else {
        Vec::new()
    };
    let over = ctx.over_budget();
    let furthest = ctx.furthest.take().flatten();
    ctx.steps = 0;
    // The bindings to show the clauses with, and the clause that failed.
    let (env, failed) = match matches.first() {
        Some(env) => (env.clone(), None),
        None => match furthest {
            Some((left, env)) => (env, Some(rule.clauses.len().saturating_sub(left))),
            None => (vec![Sv::missing(); rule.slots], Some(0)),
        },
    };
    let setting = src.config.rule_level(&rule.code);
    let level = setting.map(|o| o.level.value.severity());
    let mut tracer = Tracer {
        src,
        ctx,
        definitions: Vec::new(),
        traced: HashMap::new(),
        params: Vec::new(),
    };
    let written = rule_clauses(src, rule);
    let mut clauses = Vec::new();
    for (i, clause) in rule.clauses.iter().enumerate() {
        let source = written.get(i).copied();
        if failed.is_some_and(|f| i > f) {
            clauses.push(ClauseTrace {
                text: tracer.text(source),
                span: source.map(|a| a.span),
                holds: None,
                values: Vec::new(),
                children: Vec::new(),
            });
            continue;
        }
        clauses.push(match clause {
            Clause::Cond(c) => tracer.node(c, source, &env, true),
            Clause::Bind(slot, _) | Clause::Let(slot, _) => {
                tracer.binding(*slot, source, &env, failed != Some(i))
            }
        });
    }
    let incomplete = over || tracer.ctx.over_budget();
    let parameters = tracer
        .params
        .iter()
        .filter_map(|i| src.params.get(*i))
        .map(|p| ParamUse {
            name: Text::new(p.names.get(Taal::Nl), p.names.get(Taal::En)),
            value: both(&constant(&p.value), src.schema),
            span: p.span,
            setting: p
                .names
                .spellings()
                .find_map(|(s, _)| src.config.parameter(s))
                .map(|s| s.value.span),
        })
        .collect();
    Trace {
        rule: rule.code.to_string(),
        policy,
        fired: !matches.is_empty(),
        matches: matches.len(),
        severity: level.flatten().unwrap_or(rule.severity),
        setting: setting.map(|o| o.code.span),
        switched_off: level.is_some_and(|l| l.is_none()),
        waived,
        summary: rule.summary.clone(),
        span: rule.span,
        clauses,
        definitions: tracer.definitions,
        parameters,
        incomplete,
    }
}

/// The clauses of `rule`'s `zodra` blocks as written, in order.
fn rule_clauses<'a>(src: &Sources<'a>, rule: &Rule) -> Vec<&'a ast::Expr> {
    let Some(tree) = src.trees.get(rule.span.file.index()) else {
        return Vec::new();
    };
    tree.items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Regel(r) if r.code.span == rule.span => Some(r),
            _ => None,
        })
        .map(|r| {
            r.members
                .iter()
                .flat_map(|m| match m {
                    RegelMember::Zodra { clauses, .. } => clauses.iter().collect(),
                    _ => Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A value in both languages; an empty list says so.
fn both(v: &Val<'_>, schema: &crate::schema::Schema) -> Text {
    match v {
        Val::List(l) if l.is_empty() => Text::new("(geen)", "(none)"),
        v => Text::new(display(v, schema, Taal::Nl), display(v, schema, Taal::En)),
    }
}

/// Rule text with every text written in both languages (`"ja" / "yes"`)
/// in `taal` only.
fn one_language(text: &str, taal: Taal) -> String {
    /// The end of the quoted text that starts at `from` (a `"`).
    fn quoted_end(text: &str, from: usize) -> Option<usize> {
        let mut escaped = false;
        for (i, c) in text.get(from + 1..)?.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return Some(from + 1 + i + 1),
                _ => {}
            }
        }
        None
    }
    let mut out = String::new();
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|t| t.find('"')) {
        let start = at + found;
        out.push_str(text.get(at..start).unwrap_or(""));
        let Some(end) = quoted_end(text, start) else {
            at = start;
            break;
        };
        let rest = text.get(end..).unwrap_or("");
        let after_slash = rest.trim_start().strip_prefix('/').map(str::trim_start);
        let second = after_slash
            .filter(|r| r.starts_with('"'))
            .map(|r| text.len() - r.len())
            .and_then(|s2| quoted_end(text, s2).map(|e2| (s2, e2)));
        match second {
            Some((s2, e2)) => {
                let kept = match taal {
                    Taal::Nl => text.get(start..end),
                    Taal::En => text.get(s2..e2),
                };
                out.push_str(kept.unwrap_or(""));
                at = e2;
            }
            None => {
                out.push_str(text.get(start..end).unwrap_or(""));
                at = end;
            }
        }
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

struct Tracer<'r, 'a> {
    src: &'r Sources<'a>,
    ctx: Ctx<'a>,
    definitions: Vec<DefinitionTrace>,
    /// Which definitions are traced: index in the rules to index in
    /// `definitions`.
    traced: HashMap<usize, usize>,
    /// The parameters read, by index, in the order first read.
    params: Vec<usize>,
}

impl<'a> Tracer<'_, 'a> {
    /// The text of `source` in both languages, on one line.
    fn text(&self, source: Option<&ast::Expr>) -> Text {
        match source {
            Some(e) => Text::new(
                self.written(e.span, Taal::Nl),
                self.written(e.span, Taal::En),
            ),
            None => Text::new("\u{2026}", "\u{2026}"),
        }
    }

    /// The rule text at `span` in `taal`: every name the rule compiler
    /// resolved and every keyword spelled in that language, texts in quotes
    /// as written, spaces and line breaks as one space.
    fn written(&self, span: Span, taal: Taal) -> String {
        let runner = self.src;
        let Some(text) = runner
            .texts
            .get(span.file.index())
            .and_then(|t| t.get(span.range()))
        else {
            return String::new();
        };
        let mut out = String::new();
        let mut chars = text.char_indices().peekable();
        let mut in_string = false;
        let mut after_word = false;
        while let Some((i, c)) = chars.next() {
            if in_string {
                out.push(c);
                in_string = c != '"';
                continue;
            }
            if c == '"' {
                in_string = true;
                out.push(c);
                after_word = false;
                continue;
            }
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with([' ', '(', '[']) {
                    out.push(' ');
                }
                after_word = false;
                continue;
            }
            if matches!(c, ')' | ']') {
                // No space, and no trailing comma, before a closing bracket.
                let kept = out.trim_end().trim_end_matches(',').trim_end().len();
                out.truncate(kept);
            }
            let word_char = |c: char| c.is_alphanumeric() || c == '_';
            if word_char(c) && !after_word {
                let mut end = i + c.len_utf8();
                while let Some((j, d)) = chars.peek().copied() {
                    if !word_char(d) && d != '-' {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let word = text.get(i..end).unwrap_or("");
                let offset = span.start + i as u32;
                let spelled = runner.resolved.at(span.file, offset).and_then(|r| {
                    r.spelling(runner.schema, runner.params, runner.definitions, taal)
                });
                match spelled {
                    Some(s) => out.push_str(s),
                    None => out.push_str(&crate::fmt::keyword(word, Some(taal))),
                }
                after_word = true;
                continue;
            }
            after_word = false;
            out.push(c);
        }
        one_language(out.trim_end(), taal)
    }

    /// A name bound in the `zodra` block (`b in beleid.bron`, `laat x =
    /// ...`), with the value it was bound to.
    fn binding(
        &mut self,
        slot: usize,
        source: Option<&ast::Expr>,
        env: &[Sv<'a>],
        holds: bool,
    ) -> ClauseTrace {
        let name = match source.map(|s| &s.kind) {
            Some(ExprKind::Let { name, .. }) => name.name.to_string(),
            Some(ExprKind::Binary { lhs, .. }) => self.written(lhs.span, Taal::Nl),
            _ => String::new(),
        };
        let values = match env.get(slot) {
            Some(v) if holds => vec![ValueRead {
                name: Text::new(name.clone(), name),
                value: both(&v.v, self.src.schema),
                span: v.span,
                definition: None,
            }],
            _ => Vec::new(),
        };
        ClauseTrace {
            text: self.text(source),
            span: source.map(|s| s.span),
            holds: Some(holds),
            values,
            children: Vec::new(),
        }
    }

    /// The trace of expression `c`, written as `source`: a group of
    /// clauses part by part, anything else with the values it reads.
    /// Whether it holds is asked of a yes/no expression only.
    fn node(
        &mut self,
        c: &'a CExpr,
        source: Option<&'a ast::Expr>,
        env: &[Sv<'a>],
        boolean: bool,
    ) -> ClauseTrace {
        let holds = boolean.then(|| self.ctx.holds(c, env));
        let mut t = ClauseTrace {
            text: self.text(source),
            span: source.map(|s| s.span),
            holds,
            values: Vec::new(),
            children: Vec::new(),
        };
        match (c, source.map(|s| &s.kind)) {
            (CExpr::Binary(op @ (BinOp::And | BinOp::Or), ..), Some(ExprKind::Binary { .. })) => {
                let mut parts = Vec::new();
                group(*op, c, source, &mut parts);
                for (part, written) in parts {
                    let child = self.node(part, written, env, true);
                    t.children.push(child);
                }
            }
            (CExpr::Not(inner), Some(ExprKind::Not(written)))
                if matches!(**inner, CExpr::Binary(BinOp::And | BinOp::Or, ..)) =>
            {
                let child = self.node(inner, Some(written), env, true);
                t.children.push(child);
            }
            _ => self.reads(c, env, &mut t.values),
        }
        t
    }

    /// The values `c` reads: paths into the policy, parameters and
    /// definitions, each once.
    fn reads(&mut self, c: &'a CExpr, env: &[Sv<'a>], out: &mut Vec<ValueRead>) {
        let schema = self.src.schema;
        let read = match c {
            CExpr::Field { span, .. } => {
                let v = self.ctx.eval(c, env);
                let path = self.path(*span);
                // Nested items have no place as a whole: the first one's.
                let span = v.span.or(match &v.v {
                    Val::List(l) => l.iter().find_map(|e| e.span),
                    _ => None,
                });
                ValueRead {
                    name: Text::new(self.written(path, Taal::Nl), self.written(path, Taal::En)),
                    value: both(&v.v, schema),
                    span,
                    definition: None,
                }
            }
            CExpr::Param(i) => {
                let Some(p) = self.src.params.get(*i) else {
                    return;
                };
                if !self.params.contains(i) {
                    self.params.push(*i);
                }
                ValueRead {
                    name: Text::new(p.names.get(Taal::Nl), p.names.get(Taal::En)),
                    value: both(&constant(&p.value), schema),
                    span: None,
                    definition: None,
                }
            }
            CExpr::Def(i) => {
                let Some(d) = self.src.definitions.get(*i) else {
                    return;
                };
                let v = self.ctx.definition(*i);
                let at = self.definition(*i);
                ValueRead {
                    name: Text::new(d.names.get(Taal::Nl), d.names.get(Taal::En)),
                    value: both(&v.v, schema),
                    span: v.span,
                    definition: at,
                }
            }
            CExpr::Binary(_, l, r) => {
                self.reads(l, env, out);
                self.reads(r, env, out);
                return;
            }
            CExpr::Not(inner) => {
                self.reads(inner, env, out);
                return;
            }
            CExpr::Call(_, args) => {
                for a in args {
                    self.reads(a, env, out);
                }
                return;
            }
            CExpr::List(elements) => {
                for (value, cond) in elements {
                    self.reads(value, env, out);
                    if let Some(cond) = cond {
                        self.reads(cond, env, out);
                    }
                }
                return;
            }
            _ => return,
        };
        if !out.iter().any(|o| o.name == read.name) {
            out.push(read);
        }
    }

    /// The whole path that ends with the field name at `span`
    /// (`beleid.taak.specifieke_grondslag`).
    fn path(&self, span: Span) -> Span {
        let text = self.src.texts.get(span.file.index()).copied().unwrap_or("");
        let before = text.get(..span.start as usize).unwrap_or("");
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
            .last()
            .map_or(span.start as usize, |(i, _)| i);
        Span::new(span.file, start, span.end as usize)
    }

    /// Traces definition `i` once; its index in the trace's definitions.
    fn definition(&mut self, i: usize) -> Option<usize> {
        if let Some(at) = self.traced.get(&i) {
            return Some(*at);
        }
        let runner = self.src;
        let def = runner.definitions.get(i)?;
        let source = runner.trees.get(def.span.file.index()).and_then(|tree| {
            tree.items.iter().find_map(|item| match &item.kind {
                ItemKind::Definitie(d) if item.span == def.span => Some(&d.value),
                _ => None,
            })
        });
        let at = self.definitions.len();
        self.traced.insert(i, at);
        let name = Text::new(def.names.get(Taal::Nl), def.names.get(Taal::En));
        self.definitions.push(DefinitionTrace {
            name: name.clone(),
            value: Text::new("", ""),
            holds: None,
            span: def.span,
            trace: ClauseTrace {
                text: name,
                span: None,
                holds: None,
                values: Vec::new(),
                children: Vec::new(),
            },
        });
        let v = self.ctx.definition(i);
        let boolean = def.ty == Type::Bool;
        let trace = self.node(&def.value, source, &[], boolean);
        if let Some(slot) = self.definitions.get_mut(at) {
            slot.value = both(&v.v, runner.schema);
            slot.holds = boolean.then(|| v.truthy());
            slot.trace = trace;
        }
        Some(at)
    }
}

/// The parts of a group of clauses joined by `op`, with how each is
/// written: `a en (b en c)` is three parts, `a en (b of c)` two.
fn group<'a>(
    op: BinOp,
    c: &'a CExpr,
    source: Option<&'a ast::Expr>,
    out: &mut Vec<(&'a CExpr, Option<&'a ast::Expr>)>,
) {
    match (c, source.map(|s| &s.kind)) {
        (
            CExpr::Binary(o, l, r),
            Some(ExprKind::Binary {
                op: written,
                lhs,
                rhs,
                ..
            }),
        ) if *o == op && *written == op => {
            group(op, l, Some(lhs), out);
            group(op, r, Some(rhs), out);
        }
        _ => out.push((c, source)),
    }
}
