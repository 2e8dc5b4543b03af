//! The rule engine: compiles the `regel` and `parameter` items of the
//! stdlib, the repository and its rule packs, runs every rule over every
//! policy, and applies exceptions (`afwijking`) and the severity settings
//! of `kader.toml`.
//!
//! The legal knowledge is in the rule files; this module only knows the
//! language. One match of a rule is one diagnostic, pointing at the policy
//! text that causes it, with the rule's message, help, law and fix.

pub mod codes;
mod compile;
mod eval;
#[cfg(test)]
mod tests;
mod trace;

pub use codes::CODES;
pub use compile::{Builtin, Definition, Param, Resolutions, Resolved, Rule, BUILTINS};
pub use trace::{ClauseTrace, DefinitionTrace, ParamUse, Trace, ValueRead, Waiver};

use crate::ast::{ItemKind, ValueKind};
use crate::check::{CheckedItem, CheckedToets, ItemId, SymbolIndex, Value};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Edit, Fix, LawRef, Severity, Taal, Text};
use crate::schema::{FieldId, Schema};
use crate::source::{FileKind, ParsedFile};
use compile::{CExpr, CFix, Env};
use eval::{Ctx, Sv, Val};
use rayon::prelude::*;
use std::collections::HashMap;

/// The compiled rules and parameters of an analysis.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub rules: Vec<Rule>,
    pub params: Vec<Param>,
    /// The shared definitions (`definitie`), in the order they are read.
    pub definitions: Vec<Definition>,
    /// For each rule, the path of the file it is written in.
    pub sources: Vec<String>,
    /// What every name in a rule or definition was resolved to, of every
    /// rule and definition read (also those that did not compile, or
    /// repeat a name, as far as their names resolve).
    pub resolved: Resolutions,
    /// The mistakes compiling found: in rules, parameters, definitions and
    /// the rule settings of `kader.toml`.
    pub findings: Vec<Diagnostic>,
}

/// What running the rules over a policy can find besides the rules' own
/// findings: a rule over its budget, and mistakes in exceptions.
const EVALUATION_CODES: &[crate::diagnostics::Code] = &[
    codes::BUDGET,
    codes::EXCEPTION_UNKNOWN,
    codes::EXCEPTION_NOT_WAIVABLE,
    codes::EXCEPTION_NO_MOTIVATION,
    codes::EXCEPTION_GROUND,
    codes::EXCEPTION_STALE,
];

impl Rules {
    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// Whether `d` is of a kind that running these rules over a policy
    /// gives (see [`evaluate`]): a rule's finding, or one of
    /// [`EVALUATION_CODES`].
    pub fn evaluated(&self, d: &Diagnostic) -> bool {
        EVALUATION_CODES.contains(&d.code) || self.get(d.code.as_str()).is_some()
    }
}

impl Resolved {
    /// How the name this was resolved from is spelled in `taal`; `None`
    /// for an item, which keeps the spelling the rule gives it.
    pub fn spelling<'s>(
        self,
        schema: &'s Schema,
        params: &'s [Param],
        definitions: &'s [Definition],
        taal: Taal,
    ) -> Option<&'s str> {
        match self {
            Resolved::Kind(k) => schema.kind(k).map(|k| k.names.get(taal)),
            Resolved::Field(k, f) => schema.field(k, f).map(|f| f.names.get(taal)),
            Resolved::Variant(c, v) => schema.variant(c, v).map(|v| v.names.get(taal)),
            Resolved::Param(i) => params.get(i).map(|p| p.names.get(taal)),
            Resolved::Definition(i) => definitions.get(i).map(|d| d.names.get(taal)),
            Resolved::Function(f) => Some(f.name(taal)),
            Resolved::Item(_) => None,
        }
    }
}

/// Compiles and runs all rules over the inputs. Returns the rules and
/// every finding: the mistakes in rules, parameters and exceptions, and
/// what the rules found in the policies.
pub fn run(inputs: &Inputs<'_>) -> (Rules, Vec<Diagnostic>) {
    let rules = compile(inputs);
    let mut out = rules.findings.clone();
    out.extend(evaluate(inputs, &rules, |_| true).into_iter().flatten());
    (rules, out)
}

/// Compiles the parameters, shared definitions and rules of the input
/// files, with the settings of `kader.toml`, and the mistakes found in them
/// ([`Rules::findings`]). Messages are read with the parser (their `{...}`
/// parts), so all of it runs on one parse stack (see
/// [`crate::syntax::on_parse_stack`]).
pub fn compile(inputs: &Inputs<'_>) -> Rules {
    crate::syntax::on_parse_stack(|| compile_here(inputs))
}

fn compile_here(inputs: &Inputs<'_>) -> Rules {
    let Inputs {
        files,
        checked,
        schema,
        symbols,
        config,
    } = *inputs;
    let mut out: Vec<Diagnostic> = Vec::new();
    let articles = articles(checked, schema);

    // Parameters, with the values `kader.toml` gives.
    let mut params = Vec::new();
    for file in files.iter() {
        for item in &file.tree.items {
            if let ItemKind::Parameter(p) = &item.kind {
                let (param, diags) =
                    compile::compile_param(schema, p, item.doc.as_deref(), item.span);
                out.extend(diags);
                params.extend(param);
            }
        }
    }
    for setting in &config.parameters {
        let name = &setting.name.value;
        let Some(param) = params
            .iter_mut()
            .find(|p| p.names.nl == *name || p.names.en.as_deref() == Some(name))
        else {
            out.push(Diagnostic::error(
                codes::PARAMETER,
                setting.name.span,
                Text::new(
                    format!("er is geen parameter `{name}`"),
                    format!("there is no parameter `{name}`"),
                ),
            ));
            continue;
        };
        match setting_const(&setting.value.value, &param.ty) {
            Some(v) => param.value = v,
            None => {
                let example = match param.ty {
                    crate::schema::Type::List(_) => {
                        Text::new("[\"gemeente\", \"politie\"]", "[\"gemeente\", \"politie\"]")
                    }
                    _ => Text::new("\"7 dagen\"", "\"7 days\""),
                };
                let written = setting.value.value.written();
                out.push(Diagnostic::error(
                    codes::PARAMETER,
                    setting.value.span,
                    Text::new(
                        format!("`{written}` is geen geldige waarde voor `{name}`; schrijf bijvoorbeeld {}", example.nl),
                        format!("`{written}` is not a valid value for `{name}`; write for example {}", example.en),
                    ),
                ))
            }
        }
    }

    let Some(policy) = schema.kind_named("beleid").map(|k| k.id) else {
        return Rules {
            findings: out,
            ..Rules::default()
        };
    };

    // Shared definitions, in reading order: each sees those before it.
    let mut resolved = Resolutions::default();
    let mut definitions: Vec<Definition> = Vec::new();
    for file in files.iter() {
        for item in &file.tree.items {
            let ItemKind::Definitie(d) = &item.kind else {
                continue;
            };
            let env = Env {
                schema,
                symbols,
                params: &params,
                definitions: &definitions,
                policy,
                articles: &articles,
            };
            let (def, diags, names) =
                compile::compile_definition(&env, d, item.doc.as_deref(), item.span);
            out.extend(diags);
            resolved.record(names);
            definitions.extend(def);
        }
    }
    let env = Env {
        schema,
        symbols,
        params: &params,
        definitions: &definitions,
        policy,
        articles: &articles,
    };

    // Rules.
    let mut rules: Vec<Rule> = Vec::new();
    let mut sources = Vec::new();
    let mut first_seen: HashMap<String, crate::Span> = HashMap::new();
    for file in files.iter() {
        for item in &file.tree.items {
            let ItemKind::Regel(regel) = &item.kind else {
                continue;
            };
            let (rule, diags, names) = compile::compile_rule(&env, regel, item.doc.as_deref());
            out.extend(diags);
            resolved.record(names);
            if let Some(first) = first_seen.get(rule.code.as_str()) {
                out.push(
                    Diagnostic::error(
                        codes::DUPLICATE_RULE,
                        rule.span,
                        Text::new(
                            format!("er is al een regel `{}`", rule.code),
                            format!("there is already a rule `{}`", rule.code),
                        ),
                    )
                    .with_label(
                        *first,
                        Text::new("hier staat de eerste", "the first is here"),
                    ),
                );
                continue;
            }
            first_seen.insert(rule.code.to_string(), rule.span);
            rules.push(rule);
            sources.push(file.path.clone());
        }
    }

    // Severity settings for rules that do not exist have no effect: say so.
    for o in &config.rules {
        if first_seen.contains_key(&o.code.value) {
            continue;
        }
        let code = &o.code.value;
        let suggestion =
            crate::suggest::best(code, first_seen.keys().map(|k| (k.clone(), Taal::Nl)));
        let mut d = Diagnostic::warning(
            codes::UNKNOWN_RULE_SETTING,
            o.code.span,
            Text::new(
                format!("er is geen regel `{code}`; deze instelling heeft geen effect"),
                format!("there is no rule `{code}`; this setting has no effect"),
            ),
        );
        if let Some(s) = suggestion {
            d = d.with_help(Text::new(
                format!("bedoelt u `{}`?", s.text),
                format!("did you mean `{}`?", s.text),
            ));
        }
        out.push(d);
    }

    Rules {
        rules,
        params,
        definitions,
        sources,
        resolved,
        findings: out,
    }
}

/// Runs every rule over every policy of the files for which `wanted` (given
/// a file's index) says yes, and returns what they found, per file (in file
/// order, one list for every file): each file's findings are collected on
/// their own, never all of them in one list first.
pub fn evaluate(
    inputs: &Inputs<'_>,
    rules: &Rules,
    wanted: impl Fn(usize) -> bool,
) -> Vec<Vec<Diagnostic>> {
    let schema = inputs.schema;
    let none = || {
        std::iter::repeat_with(Vec::new)
            .take(inputs.files.len())
            .collect()
    };
    let Some(policy) = schema.kind_named("beleid").map(|k| k.id) else {
        return none();
    };
    let policies: Vec<Vec<&CheckedItem>> = inputs
        .files
        .iter()
        .zip(inputs.checked)
        .enumerate()
        .map(|(i, (f, items))| {
            if f.kind != FileKind::Policy || !wanted(i) {
                return Vec::new();
            }
            items
                .iter()
                .filter(|i| i.kind == policy && i.item.is_some())
                .filter(|i| !crate::check::is_test_only(schema, i))
                .collect()
        })
        .collect();
    if policies.iter().all(Vec::is_empty) {
        return none();
    }
    inputs.with_runner(
        &rules.params,
        &rules.definitions,
        &rules.rules,
        &rules.resolved,
        |runner| {
            policies
                .par_iter()
                .map(|in_file| {
                    in_file
                        .par_iter()
                        .flat_map_iter(|p| runner.policy(p))
                        .collect()
                })
                .collect()
        },
    )
}

/// Adds "did you mean" with the closest code of a rule.
fn did_you_mean(d: Diagnostic, code: &str, rules: &[Rule]) -> Diagnostic {
    let known = rules.iter().map(|r| (r.code.clone(), Taal::Nl));
    match crate::suggest::best(code, known) {
        Some(s) => d.with_help(Text::new(
            format!("bedoelt u `{}`?", s.text),
            format!("did you mean `{}`?", s.text),
        )),
        None => d,
    }
}

/// K0514 for every code in a `toets` that no rule has (of the stdlib or
/// of the repository's own rules).
pub fn unknown_test_codes(toetsen: &[CheckedToets], rules: &Rules) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in toetsen {
        for (code, span) in t.expect.iter().chain(&t.expect_not) {
            if rules.get(code).is_some() {
                continue;
            }
            let d = Diagnostic::error(
                codes::TEST_UNKNOWN_RULE,
                *span,
                Text::new(
                    format!("er is geen regel `{code}`; de toets kan er niets over zeggen"),
                    format!("there is no rule `{code}`; the test cannot say anything about it"),
                ),
            );
            out.push(did_you_mean(
                d.with_item(t.name.as_str()),
                code,
                &rules.rules,
            ));
        }
    }
    out
}

/// What the rules read of an analysis: its files, their checked items
/// (file by file), the schema, the symbols and `kader.toml`.
pub struct Inputs<'a> {
    pub files: &'a [ParsedFile],
    pub checked: &'a [&'a [CheckedItem]],
    pub schema: &'a Schema,
    pub symbols: &'a SymbolIndex,
    pub config: &'a Config,
}

impl Inputs<'_> {
    /// Calls `f` with a runner of `rules` over these inputs.
    fn with_runner<R>(
        &self,
        params: &[Param],
        definitions: &[Definition],
        rules: &[Rule],
        resolved: &Resolutions,
        f: impl FnOnce(&Runner<'_>) -> R,
    ) -> R {
        let (files, symbols) = (self.files, self.symbols);
        let items: HashMap<ItemId, &CheckedItem> = self
            .checked
            .iter()
            .flat_map(|f| f.iter())
            .filter_map(|i| i.item.map(|id| (id, i)))
            .collect();
        let texts: Vec<&str> = files.iter().map(|f| &*f.text).collect();
        let trees: Vec<&crate::ast::SourceFile> = files.iter().map(|f| &*f.tree).collect();
        // The repository's own items, whose content counts in a fingerprint.
        let own: HashMap<ItemId, &CheckedItem> = items
            .iter()
            .filter(|(id, _)| {
                symbols
                    .item(**id)
                    .and_then(|def| files.get(def.file.index()))
                    .is_some_and(|f| f.kind != FileKind::Stdlib)
            })
            .map(|(id, item)| (*id, *item))
            .collect();
        let repo = crate::fingerprint::Repository {
            schema: self.schema,
            symbols,
            own: &own,
        };
        f(&Runner {
            repo: &repo,
            schema: self.schema,
            items: &items,
            params,
            definitions,
            rules,
            config: self.config,
            texts: &texts,
            trees: &trees,
            resolved,
        })
    }
}

/// The decision traces of `policy` (a `beleid` item of `inputs`) under the
/// compiled `rules`: of the rule `code` whether it fired or not (nothing
/// when there is no such rule), or without a code of every rule that fired.
pub fn traces(
    inputs: &Inputs<'_>,
    rules: &Rules,
    policy: &CheckedItem,
    code: Option<&str>,
) -> Vec<Trace> {
    inputs.with_runner(
        &rules.params,
        &rules.definitions,
        &rules.rules,
        &rules.resolved,
        |runner| match code {
            Some(code) => rules
                .get(code)
                .map(|rule| runner.trace(policy, rule))
                .into_iter()
                .collect(),
            None => rules
                .rules
                .iter()
                .filter(|r| r.runnable)
                .map(|rule| runner.trace(policy, rule))
                .filter(|t| t.fired && !t.switched_off)
                .collect(),
        },
    )
}

/// The citation and link of every `artikel` item, by name.
fn articles(checked: &[&[CheckedItem]], schema: &Schema) -> HashMap<String, LawRef> {
    let mut out = HashMap::new();
    let Some(kind) = schema.kind_named("artikel") else {
        return out;
    };
    let field = |name: &str| kind.field_named(name).map(|f| f.id);
    let (cite, url) = (field("citeer"), field("url"));
    let text_of = |item: &CheckedItem, f: Option<FieldId>| match f
        .and_then(|f| item.field(f))
        .map(|f| &f.value.value)
    {
        Some(Value::Text(s)) => s.to_string(),
        _ => String::new(),
    };
    for item in checked
        .iter()
        .flat_map(|f| f.iter())
        .filter(|i| i.kind == kind.id)
    {
        let Some(name) = item.name() else { continue };
        out.insert(
            name.to_string(),
            LawRef {
                id: name.into(),
                cite: text_of(item, cite).into(),
                url: text_of(item, url).into(),
            },
        );
    }
    out
}

/// The constant a `[parameters]` setting gives a parameter of type `ty`:
/// a text is read as kader source (`"7 dagen"`); a list of texts fills a
/// list parameter element by element.
fn setting_const(
    value: &crate::config::ParamValue,
    ty: &crate::schema::Type,
) -> Option<compile::Const> {
    use crate::config::ParamValue;
    use crate::schema::Type;
    match (value, ty) {
        (ParamValue::List(items), Type::List(elem)) => items
            .iter()
            .map(|s| match elem.as_ref() {
                Type::Text => Some(compile::Const::Text(s.clone())),
                t => parse_value(s).and_then(|v| compile::value_const(&v, t)),
            })
            .collect::<Option<Vec<_>>>()
            .map(compile::Const::List),
        (ParamValue::Text(s), _) => parse_value(s).and_then(|v| compile::value_const(&v, ty)),
        _ => None,
    }
}

/// Reads a value written in `kader.toml`, such as `"7 dagen"`.
fn parse_value(text: &str) -> Option<ValueKind> {
    let parsed = crate::syntax::parse(crate::FileId(0), &format!("p x {{ v: {text} }}"));
    if !parsed.diagnostics.is_empty() {
        return None;
    }
    let item = parsed.tree.items.into_iter().next()?;
    let ItemKind::Instance(inst) = item.kind else {
        return None;
    };
    let field = inst.fields().next()?.clone();
    Some(field.value.kind)
}

struct Runner<'a> {
    repo: &'a crate::fingerprint::Repository<'a>,
    schema: &'a Schema,
    items: &'a HashMap<ItemId, &'a CheckedItem>,
    params: &'a [Param],
    definitions: &'a [Definition],
    rules: &'a [Rule],
    config: &'a Config,
    texts: &'a [&'a str],
    /// The parse tree of every file, for the text of a rule's clauses.
    trees: &'a [&'a crate::ast::SourceFile],
    resolved: &'a Resolutions,
}

impl<'a> Runner<'a> {
    fn policy(&self, policy: &'a CheckedItem) -> Vec<Diagnostic> {
        let name = policy.name().unwrap_or_default().to_string();
        let name_span = policy.name.as_ref().map_or(policy.span, |n| n.span);
        let mut out = Vec::new();
        let mut ctx = self.context(policy);
        for rule in self.rules.iter().filter(|r| r.runnable) {
            let severity = match self.config.rule_level(&rule.code) {
                Some(o) => match o.level.value.severity() {
                    Some(s) => s,
                    None => continue,
                },
                None => rule.severity,
            };
            ctx.steps = 0;
            let matches = ctx.matches(rule);
            if ctx.over_budget() {
                out.push(
                    Diagnostic::warning(
                        codes::BUDGET,
                        name_span,
                        Text::new(
                            format!("regel `{}` kon voor dit beleid niet worden afgemaakt: te bewerkelijk", rule.code),
                            format!("rule `{}` could not be completed for this policy: too expensive", rule.code),
                        ),
                    )
                    .with_item(name.clone()),
                );
                continue;
            }
            for env in matches {
                out.push(self.diagnostic(&mut ctx, rule, severity, &env, &name, name_span));
            }
        }
        self.exceptions(policy, &name, out)
    }

    fn diagnostic(
        &self,
        ctx: &mut Ctx<'a>,
        rule: &'a Rule,
        severity: Severity,
        env: &[Sv<'a>],
        name: &str,
        name_span: crate::Span,
    ) -> Diagnostic {
        let text = |ctx: &mut Ctx<'a>, t: &'a compile::Template| match &t.fixed {
            Some(fixed) => fixed.clone(),
            None => Text::new(
                eval::render(ctx, &t.nl, env, Taal::Nl),
                eval::render(ctx, &t.en, env, Taal::En),
            ),
        };
        let message = rule.message.as_ref().map_or_else(
            || Text::new(rule.code.clone(), rule.code.clone()),
            |t| text(ctx, t),
        );
        let span = rule
            .point
            .iter()
            .find_map(|p| {
                let v = ctx.eval(p, env);
                v.span.or_else(|| match &v.v {
                    Val::List(l) => l.iter().find_map(|e| e.span),
                    _ => None,
                })
            })
            .unwrap_or(name_span);
        let mut d = Diagnostic::new(
            crate::diagnostics::Code(rule.code.clone()),
            severity,
            span,
            message,
        )
        .with_item(name);
        if let Some(h) = &rule.help {
            d.help = Some(text(ctx, h));
        }
        d.law = rule.law.clone();
        for also in &rule.also {
            let v = ctx.eval(also, env);
            if let Some(s) = v.span.filter(|s| *s != span) {
                // A truth value points at the words that decided it; the
                // label quotes those words, not "ja".
                let written = match v.v {
                    Val::Bool(_) => self
                        .texts
                        .get(s.file.index())
                        .and_then(|t| t.get(s.range()))
                        .map(str::to_string),
                    _ => None,
                };
                let shown = match written {
                    Some(w) => Text::new(w.clone(), w),
                    None => Text::new(
                        eval::display(&v.v, self.schema, Taal::Nl),
                        eval::display(&v.v, self.schema, Taal::En),
                    ),
                };
                d = d.with_label(
                    s,
                    Text::new(format!("`{}`", shown.nl), format!("`{}`", shown.en)),
                );
            }
        }
        if let Some(fix) = &rule.fix {
            d.fix = self.fix(ctx, fix, env).map(Box::new);
        }
        d
    }

    fn fix(&self, ctx: &mut Ctx<'a>, fix: &'a CFix, env: &[Sv<'a>]) -> Option<Fix> {
        let (target, value) = match fix {
            CFix::Set { target, value } => (target, Some(value)),
            CFix::Remove { target } => (target, None),
        };
        let CExpr::Field { base, field, .. } = target else {
            return None;
        };
        let Val::Item(item) = ctx.eval(base, env).v else {
            return None;
        };
        let kind = self.schema.kind(item.kind)?;
        let def = kind.field(*field)?;
        let text = *self.texts.get(item.span.file.index())?;
        let taal = item_taal(item, self.schema, text);
        let field_name = def.names.get(taal).to_string();
        let existing = item.field(*field);
        match value {
            Some(value) => {
                let v = ctx.eval(value, env);
                let written = source_text(&v.v, self.schema, taal)?;
                let edit = match existing {
                    Some(f) => Edit {
                        span: f.value.span,
                        new_text: written.clone(),
                    },
                    None => insert_field(item, text, &field_name, &written)?,
                };
                Some(Fix {
                    title: Text::new(
                        format!("Zet `{field_name}` op `{written}`"),
                        format!("Set `{field_name}` to `{written}`"),
                    ),
                    edits: vec![edit],
                })
            }
            None => {
                let f = existing?;
                Some(Fix {
                    title: Text::new(
                        format!("Verwijder `{field_name}`"),
                        format!("Remove `{field_name}`"),
                    ),
                    edits: vec![Edit {
                        span: whole_lines(f.span, text),
                        new_text: String::new(),
                    }],
                })
            }
        }
    }

    /// The evaluation context for the rules on `policy`.
    fn context(&self, policy: &'a CheckedItem) -> Ctx<'a> {
        Ctx::new(
            self.schema,
            self.items,
            self.params,
            self.definitions,
            policy,
            self.config.gemeente.as_deref(),
            self.repo,
        )
    }

    /// The trace of `rule` on `policy` (see [`Trace`]).
    fn trace(&self, policy: &'a CheckedItem, rule: &'a Rule) -> Trace {
        let name = policy.name().unwrap_or_default().to_string();
        let ctx = self.context(policy);
        let waived = self
            .exceptions_of(policy, &name)
            .into_iter()
            .find_map(|e| match e {
                Exception::Waives(w) if w.code == rule.code => Some(w),
                _ => None,
            });
        let sources = trace::Sources {
            schema: self.schema,
            params: self.params,
            definitions: self.definitions,
            texts: self.texts,
            trees: self.trees,
            resolved: self.resolved,
            config: self.config,
        };
        trace::trace(&sources, ctx, rule, name, waived)
    }

    /// The policy's exceptions (`afwijking` items), each with what it does.
    fn exceptions_of(&self, policy: &'a CheckedItem, name: &str) -> Vec<Exception> {
        let Some(kind) = self.schema.kind_named("afwijking") else {
            return Vec::new();
        };
        let motivation_field = kind.field_named("motivering").map(|f| f.id);
        policy
            .nested
            .iter()
            .map(|n| &n.item)
            .filter(|i| i.kind == kind.id)
            .filter_map(|exc| {
                // A name that is not a rule code was reported by the checker.
                let code_name = exc.name.as_ref().filter(|n| n.value.is_some())?;
                let motivation = match motivation_field
                    .and_then(|f| exc.field(f))
                    .map(|f| &f.value.value)
                {
                    Some(Value::Text(s)) => Some(s.trim().to_string()),
                    _ => None,
                };
                Some(self.exception(code_name, motivation, name))
            })
            .collect()
    }

    /// What one exception to the rule `code_name` with `motivation` does.
    fn exception(
        &self,
        code_name: &crate::check::CheckedName,
        motivation: Option<String>,
        name: &str,
    ) -> Exception {
        let code = code_name.text.as_str();
        let Some(rule) = self.rules.iter().find(|r| r.code == code) else {
            let d = Diagnostic::error(
                codes::EXCEPTION_UNKNOWN,
                code_name.span,
                Text::new(
                    format!("er is geen regel `{code}` om van af te wijken"),
                    format!("there is no rule `{code}` to make an exception to"),
                ),
            );
            return Exception::wrong(did_you_mean(d.with_item(name), code, self.rules));
        };
        if !rule.waivable {
            return Exception::wrong(
                Diagnostic::error(
                    codes::EXCEPTION_NOT_WAIVABLE,
                    code_name.span,
                    Text::new(
                        format!("van regel `{code}` kan niet worden afgeweken: wat zij verbiedt is onrechtmatig, ook met een motivering"),
                        format!("rule `{code}` allows no exception: what it forbids is unlawful, even with a justification"),
                    ),
                )
                .with_help(Text::new("Pas het beleid aan en verwijder deze afwijking.", "Change the policy and remove this exception."))
                .with_item(name),
            );
        }
        if motivation.as_deref() == Some("") {
            return Exception::wrong(
                Diagnostic::error(
                    codes::EXCEPTION_NO_MOTIVATION,
                    code_name.span,
                    Text::new(
                        format!("de afwijking van `{code}` heeft een lege motivering"),
                        format!("the exception to `{code}` has an empty justification"),
                    ),
                )
                .with_item(name),
            );
        }
        let Some(motivation) = motivation else {
            return Exception::Nothing;
        };
        if let Some(j) = &rule.justification {
            if !j.pattern.is_match(&motivation) {
                return Exception::wrong(
                    Diagnostic::error(codes::EXCEPTION_GROUND, code_name.span, j.message.clone())
                        .with_help(Text::new(
                            "Noem de grond in de motivering; tot dan blijft de bevinding staan.",
                            "Name the ground in the justification; until then the finding stays.",
                        ))
                        .with_item(name),
                );
            }
        }
        Exception::Waives(Waiver {
            code: code.to_string(),
            motivation,
            span: code_name.span,
        })
    }

    /// Applies the policy's exceptions to its rule diagnostics.
    fn exceptions(
        &self,
        policy: &'a CheckedItem,
        name: &str,
        mut out: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        for exception in self.exceptions_of(policy, name) {
            let waiver = match exception {
                Exception::Wrong(d) => {
                    out.push(*d);
                    continue;
                }
                Exception::Nothing => continue,
                Exception::Waives(w) => w,
            };
            let (code, motivation) = (waiver.code.as_str(), &waiver.motivation);
            let mut waived = 0;
            for d in out.iter_mut().filter(|d| d.code.as_str() == code) {
                waived += 1;
                d.severity = Severity::Info;
                d.message = Text::new(
                    format!(
                        "{} (afwijking gedocumenteerd: \u{201c}{motivation}\u{201d})",
                        d.message.nl
                    ),
                    format!(
                        "{} (exception documented: \u{201c}{motivation}\u{201d})",
                        d.message.en
                    ),
                );
                d.labels.push(crate::diagnostics::Label {
                    span: waiver.span,
                    message: Text::new("de afwijking", "the exception"),
                });
                d.fix = None;
            }
            let switched_off = self
                .config
                .rule_level(code)
                .is_some_and(|o| o.level.value.severity().is_none());
            if waived == 0 && !switched_off {
                out.push(
                    Diagnostic::warning(
                        codes::EXCEPTION_STALE,
                        waiver.span,
                        Text::new(
                            format!("regel `{code}` gaat voor dit beleid niet af: deze afwijking is verouderd"),
                            format!("rule `{code}` does not fire for this policy: this exception is stale"),
                        ),
                    )
                    .with_help(Text::new("Verwijder de afwijking, zodat het register alleen echte afwijkingen toont.", "Remove the exception, so the register only shows real exceptions."))
                    .with_item(name),
                );
            }
        }
        out
    }
}

/// What one exception of a policy does.
enum Exception {
    /// It is wrong in a way the diagnostic says, and waives nothing.
    Wrong(Box<Diagnostic>),
    /// It has no motivation yet (the checker asks for one): nothing.
    Nothing,
    /// It waives a rule.
    Waives(Waiver),
}

impl Exception {
    fn wrong(d: Diagnostic) -> Exception {
        Exception::Wrong(Box::new(d))
    }
}

/// The language a policy is written in, judged by its field names.
fn item_taal(item: &CheckedItem, schema: &Schema, text: &str) -> Taal {
    let Some(kind) = schema.kind(item.kind) else {
        return Taal::Nl;
    };
    for f in &item.fields {
        let Some(def) = kind.field(f.field) else {
            continue;
        };
        let written = text.get(f.name_span.range()).unwrap_or("");
        if let Some(en) = &def.names.en {
            if en != &def.names.nl {
                if written == en {
                    return Taal::En;
                }
                if written == def.names.nl {
                    return Taal::Nl;
                }
            }
        }
    }
    Taal::Nl
}

/// A value as it is written in a policy file, for a fix.
fn source_text(v: &Val<'_>, schema: &Schema, taal: Taal) -> Option<String> {
    Some(match v {
        Val::Text(s) => format!("{s:?}"),
        Val::Bilingual(nl, en) => format!("{:?}", if taal == Taal::Nl { nl } else { en }),
        Val::Missing | Val::Invalid | Val::Item(_) | Val::List(_) | Val::Days(_) => return None,
        other => eval::display(other, schema, taal),
    })
}

/// An edit that adds `name: value` to an item that lacks the field, on a
/// line of its own after the item's last field.
fn insert_field(item: &CheckedItem, text: &str, name: &str, value: &str) -> Option<Edit> {
    let newline = crate::span::line_ending(text);
    let last_end = item
        .fields
        .iter()
        .map(|f| f.span.end)
        .chain(item.nested.iter().map(|n| n.item.span.end))
        .max();
    let (at, indent) = match last_end {
        Some(end) => {
            let end = end as usize;
            let line_start = text
                .get(..end)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let indent: String = text
                .get(line_start..end)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            (end, indent)
        }
        None => {
            let close = (item.span.end as usize).checked_sub(1)?;
            let line_start = text
                .get(..item.span.start as usize)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let base: String = text
                .get(line_start..)
                .unwrap_or("")
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let span = crate::Span::new(item.span.file, close, close);
            return Some(Edit {
                span,
                new_text: format!("    {base}{name}: {value}{newline}{base}"),
            });
        }
    };
    Some(Edit {
        span: crate::Span::new(item.span.file, at, at),
        new_text: format!("{newline}{indent}{name}: {value}"),
    })
}

/// Widens a field's span to its whole line(s) when nothing else is on them.
fn whole_lines(span: crate::Span, text: &str) -> crate::Span {
    let (s, e) = (span.start as usize, span.end as usize);
    let line_start = text
        .get(..s)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..s).unwrap_or("x");
    let line_end = text
        .get(e..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| e + i + 1);
    let after = text.get(e..line_end).unwrap_or("x");
    let after_clean = after
        .trim_end_matches(['\n', '\r'])
        .trim_end_matches([',', ';']);
    if before.trim().is_empty() && after_clean.trim().is_empty() {
        crate::Span::new(span.file, line_start, line_end)
    } else {
        span
    }
}

/// A law article or policy document as the stdlib records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub cite: String,
    pub url: String,
    /// The verbatim text, when the stdlib has it.
    pub text: Option<String>,
    /// Whether the text was checked word for word against a copy of the
    /// official text.
    pub verified: bool,
    /// What could not be verified, and why.
    pub note: Option<String>,
}
