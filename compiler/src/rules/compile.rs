//! Compiling `regel` and `parameter` items: names resolved against the
//! schema, types checked, messages split into text and interpolations.
//!
//! A rule that does not compile is reported with diagnostics pointing into
//! the rule file and is not run, so a typo in a rule never silently means
//! that the rule does not fire.

use super::codes;
use crate::ast::{self, BinOp, ExprKind, FixAction, RegelMember, ValueKind};
use crate::check::{ItemId, SymbolIndex};
use crate::diagnostics::{Diagnostic, LawRef, Severity, Text};
use crate::schema::{ChoiceId, FieldId, KindId, Schema, Type};
use crate::span::{FileId, Span};
use smol_str::SmolStr;
use std::collections::BTreeMap;

/// A list of `t`, or `t` itself when it is a list already.
fn list_of(t: Type) -> Type {
    match t {
        t @ Type::List(_) => t,
        Type::Unknown => Type::Unknown,
        t => Type::List(Box::new(t)),
    }
}

/// The functions rules may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Count,
    CountTrue,
    Missing,
    Empty,
    Contains,
    Length,
    Start,
    End,
    Open,
    /// `overlap(lijst, andere...)`: the elements of the first list that
    /// occur in any of the others; texts compared without regard to case
    /// or surrounding spaces.
    Overlap,
    /// `aandeel(lijst, andere...)`: the share (0 to 1) of the first list's
    /// elements that occur in any of the others, compared as by `overlap`.
    Share,
    /// `gemeente()`: the policy's `gemeente`, or else `[project] gemeente`
    /// from `kader.toml`.
    Municipality,
    /// `begint_met(tekst, "@")`: whether a text starts with another, after
    /// leading spaces.
    StartsWith,
    /// `bevat_tekst(tekst, deel)`: whether a text contains another, without
    /// regard to case.
    ContainsText,
    /// `vingerafdruk()`: the fingerprint of the policy's meaning now (see
    /// [`crate::fingerprint`]).
    Fingerprint,
    /// `is_vingerafdruk(tekst)`: whether a text has the form of a
    /// fingerprint, `sha256:` and 64 lowercase hexadecimal digits.
    IsFingerprint,
}

impl Builtin {
    /// How many values the function takes: exactly, or at least.
    fn arity(self) -> (usize, bool) {
        match self {
            Builtin::Contains | Builtin::StartsWith | Builtin::ContainsText => (2, false),
            Builtin::Overlap | Builtin::Share => (2, true),
            Builtin::Municipality | Builtin::Fingerprint => (0, false),
            _ => (1, false),
        }
    }
}

/// The functions rules may call, Dutch and English.
pub const BUILTINS: &[(&str, &str, Builtin)] = &[
    ("aantal", "count", Builtin::Count),
    ("aantal_waar", "count_true", Builtin::CountTrue),
    ("ontbreekt", "missing", Builtin::Missing),
    ("leeg", "empty", Builtin::Empty),
    ("bevat", "contains", Builtin::Contains),
    ("duur", "length", Builtin::Length),
    ("begin", "start", Builtin::Start),
    ("einde", "end", Builtin::End),
    ("open", "open_ended", Builtin::Open),
    ("overlap", "overlap", Builtin::Overlap),
    ("aandeel", "share", Builtin::Share),
    ("gemeente", "municipality", Builtin::Municipality),
    ("begint_met", "starts_with", Builtin::StartsWith),
    ("bevat_tekst", "contains_text", Builtin::ContainsText),
    ("vingerafdruk", "fingerprint", Builtin::Fingerprint),
    ("is_vingerafdruk", "is_fingerprint", Builtin::IsFingerprint),
];

impl Builtin {
    /// The function's name in `taal`, from [`BUILTINS`].
    pub fn name(self, taal: crate::Taal) -> &'static str {
        BUILTINS
            .iter()
            .find(|(_, _, b)| *b == self)
            .map_or("", |(nl, en, _)| match taal {
                crate::Taal::Nl => nl,
                crate::Taal::En => en,
            })
    }
}

/// What a name written in a rule or definition was resolved to. The
/// compiler records one for every name it resolves (names bound in the
/// rule itself aside), so that what reads a rule later, such as
/// translation, knows each name without resolving it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// `beleid` / `policy`: the policy the rule runs on, of this kind.
    Kind(KindId),
    /// A field of the kind reached so far in a path.
    Field(KindId, FieldId),
    /// A value of a vocabulary (`keuze`).
    Variant(ChoiceId, VariantIdOf),
    /// An item, by its name.
    Item(ItemId),
    /// A parameter, by its index in [`Rules::params`](super::Rules::params).
    Param(usize),
    /// A shared definition, by its index in
    /// [`Rules::definitions`](super::Rules::definitions).
    Definition(usize),
    /// A function.
    Function(Builtin),
}

/// What the rule compiler resolved each name in rules and definitions to,
/// by file and the offset where the name starts.
#[derive(Clone, Debug, Default)]
pub struct Resolutions {
    by_place: BTreeMap<(FileId, u32), Resolved>,
}

impl Resolutions {
    /// Every item a rule or definition names.
    pub fn items(&self) -> impl Iterator<Item = ItemId> + '_ {
        self.by_place.values().filter_map(|r| match r {
            Resolved::Item(id) => Some(*id),
            _ => None,
        })
    }

    pub(super) fn record(&mut self, names: Vec<(crate::Span, Resolved)>) {
        for (span, to) in names {
            self.by_place.insert((span.file, span.start), to);
        }
    }

    /// The names in `file` with what each was resolved to, by the offset
    /// where the name starts, in order.
    pub fn in_file(&self, file: FileId) -> impl Iterator<Item = (u32, Resolved)> + '_ {
        self.by_place
            .range((file, 0)..=(file, u32::MAX))
            .map(|((_, start), to)| (*start, *to))
    }

    /// What the name that starts at `offset` in `file` was resolved to.
    pub fn at(&self, file: FileId, offset: u32) -> Option<Resolved> {
        self.by_place.get(&(file, offset)).copied()
    }
}

/// The names of one rule or definition with what each was resolved to,
/// by the span of the name.
type Record = Vec<(Span, Resolved)>;

/// A constant in a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Text(String),
    Bilingual(Text),
    Number(f64),
    Date(ast::Date),
    Duration(ast::Duration),
    Bool(bool),
    /// A list, for list parameters such as `algemene_zoektermen`.
    List(Vec<Const>),
}

/// A compiled expression.
#[derive(Clone, Debug)]
pub enum CExpr {
    Const(Const),
    /// A name bound in the `zodra` block.
    Var(usize),
    /// The policy the rule runs on.
    Subject,
    /// A rule parameter, by index.
    Param(usize),
    /// A shared definition, by index; computed once per policy.
    Def(usize),
    Variant(ChoiceId, VariantIdOf),
    ItemRef(ItemId),
    /// `base.field`; `nested` when the field holds nested items.
    Field {
        base: Box<CExpr>,
        field: FieldId,
        nested: bool,
        span: Span,
    },
    List(Vec<(CExpr, Option<CExpr>)>),
    Call(Builtin, Vec<CExpr>),
    Not(Box<CExpr>),
    Binary(BinOp, Box<CExpr>, Box<CExpr>),
}

pub(super) type VariantIdOf = crate::schema::VariantId;

/// One line of a `zodra` block.
#[derive(Clone, Debug)]
pub enum Clause {
    /// `x in pad`: iterate.
    Bind(usize, CExpr),
    /// `laat x = ...`.
    Let(usize, CExpr),
    /// A condition.
    Cond(CExpr),
}

/// A piece of a message: literal text, or a value to print.
#[derive(Clone, Debug)]
pub enum Segment {
    Lit(String),
    Value(CExpr),
}

/// A message in both languages.
#[derive(Clone, Debug)]
pub struct Template {
    pub nl: Vec<Segment>,
    pub en: Vec<Segment>,
    /// The text itself when it has no `{...}` parts: made once and shared
    /// by every finding of the rule.
    pub fixed: Option<Text>,
}

impl Template {
    pub fn new(nl: Vec<Segment>, en: Vec<Segment>) -> Template {
        let literal = |segments: &[Segment]| -> Option<String> {
            segments
                .iter()
                .map(|s| match s {
                    Segment::Lit(l) => Some(l.as_str()),
                    Segment::Value(_) => None,
                })
                .collect()
        };
        let fixed = literal(&nl)
            .zip(literal(&en))
            .map(|(nl, en)| Text::new(nl, en));
        Template { nl, en, fixed }
    }
}

/// A compiled fix.
#[derive(Clone, Debug)]
pub enum CFix {
    Set { target: CExpr, value: CExpr },
    Remove { target: CExpr },
}

/// What the motivation of an exception to a rule must name: a pattern it
/// must contain, and what to say when it does not.
#[derive(Clone, Debug)]
pub struct Justification {
    pub pattern: regex::Regex,
    pub message: Text,
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Shared by every finding of the rule (see [`crate::Code`]).
    pub code: SmolStr,
    pub severity: Severity,
    pub waivable: bool,
    /// Shared by every finding of the rule.
    pub law: std::sync::Arc<[LawRef]>,
    pub summary: Option<Text>,
    pub explanation: Option<Text>,
    pub doc: Option<String>,
    /// Where the rule's code is written.
    pub span: Span,
    /// The rule compiled without errors and may run.
    pub runnable: bool,
    pub clauses: Vec<Clause>,
    /// Where the diagnostic points: the first of these that the policy
    /// gives (a value with a place in the text).
    pub point: Vec<CExpr>,
    pub also: Vec<CExpr>,
    pub message: Option<Template>,
    pub help: Option<Template>,
    pub fix: Option<CFix>,
    /// `motivering { patroon: ... }`: what an exception's motivation names.
    pub justification: Option<Justification>,
    /// The number of names bound in the `zodra` block.
    pub slots: usize,
}

/// A parameter with its effective value.
#[derive(Clone, Debug)]
pub struct Param {
    pub names: crate::schema::Names,
    pub ty: Type,
    pub value: Const,
    pub doc: Option<String>,
    pub span: Span,
}

/// A shared definition (`definitie`), compiled.
#[derive(Clone, Debug)]
pub struct Definition {
    pub names: crate::schema::Names,
    pub ty: Type,
    pub value: CExpr,
    pub doc: Option<String>,
    pub span: Span,
}

/// What the compiler needs to know.
pub(super) struct Env<'a> {
    pub schema: &'a Schema,
    pub symbols: &'a SymbolIndex,
    pub params: &'a [Param],
    /// The definitions compiled so far: a definition sees those before it.
    pub definitions: &'a [Definition],
    pub policy: KindId,
    /// The law reference of each `artikel` item, by name.
    pub articles: &'a std::collections::HashMap<String, LawRef>,
}

struct Scope {
    names: Vec<(String, Type)>,
}

struct Compiler<'a, 'e> {
    env: &'e Env<'a>,
    scope: Scope,
    diagnostics: Vec<Diagnostic>,
    code: String,
    /// What each name was resolved to.
    resolved: Record,
    /// False inside a message's `{...}`, whose names carry the span of the
    /// whole message and so are not recorded.
    recording: bool,
}

/// Compiles one `definitie` item. It may use `beleid`, the parameters and
/// the definitions compiled before it.
pub(super) fn compile_definition(
    env: &Env<'_>,
    d: &ast::Definitie,
    doc: Option<&ast::Doc>,
    span: Span,
) -> (Option<Definition>, Vec<Diagnostic>, Record) {
    let mut c = Compiler {
        env,
        scope: Scope { names: Vec::new() },
        diagnostics: Vec::new(),
        code: d.names.nl.name.to_string(),
        resolved: Vec::new(),
        recording: true,
    };
    let names = crate::schema::Names {
        nl: d.names.nl.name.to_string(),
        en: d.names.en.as_ref().map(|i| i.name.to_string()),
        nl_span: d.names.nl.span,
        en_span: d.names.en.as_ref().map(|i| i.span),
    };
    let taken = names
        .spellings()
        .map(|(s, _)| s)
        .find(|s| is_subject(s) || c.param(s).is_some() || c.definition(s).is_some());
    if let Some(name) = taken {
        c.error(
            codes::DUPLICATE_NAME,
            d.names.nl.span,
            Text::new(
                format!("de naam `{name}` is al in gebruik als parameter, definitie of `beleid`"),
                format!(
                    "the name `{name}` is already used by a parameter, a definition or `beleid`"
                ),
            ),
        );
        // The value is still read, for what its names resolve to; what is
        // wrong in it can wait until the name is unique.
        let reported = c.diagnostics.len();
        let _ = c.expr(&d.value, None);
        c.diagnostics.truncate(reported);
        return (None, c.diagnostics, c.resolved);
    }
    let compiled = c.expr(&d.value, None);
    let diagnostics = c.diagnostics;
    let ok = diagnostics.iter().all(|d| d.severity != Severity::Error);
    let definition = compiled.filter(|_| ok).map(|(value, ty)| Definition {
        names,
        ty,
        value,
        doc: doc.map(|d| d.text.clone()),
        span,
    });
    (definition, diagnostics, c.resolved)
}

/// Compiles one `regel` item. The diagnostics point into the rule file.
pub(super) fn compile_rule(
    env: &Env<'_>,
    regel: &ast::Regel,
    doc: Option<&ast::Doc>,
) -> (Rule, Vec<Diagnostic>, Record) {
    let mut c = Compiler {
        env,
        scope: Scope { names: Vec::new() },
        diagnostics: Vec::new(),
        code: regel.code.name.to_string(),
        resolved: Vec::new(),
        recording: true,
    };
    let mut rule = empty_rule(regel, doc);
    // The `zodra` block binds names that `wijs`, `melding` and `oplossing`
    // use, so it is compiled first.
    rule.clauses = c.zodra(regel);
    let mut seen = Seen::default();
    for m in &regel.members {
        let Some(key) = m.key() else { continue };
        let canonical = canonical_key(&key.name);
        if seen.keys.contains(&canonical) && canonical != "ook" {
            c.error(
                codes::RULE_SHAPE,
                key.span,
                Text::new(
                    format!("`{}` staat twee keer in deze regel", key.name),
                    format!("`{}` appears twice in this rule", key.name),
                ),
            );
        }
        seen.keys.push(canonical);
        c.rule_member(m, canonical, &mut rule, &mut seen);
    }
    c.missing_members(regel, &rule, &seen);
    rule.slots = c.scope.names.len();
    rule.runnable = c.diagnostics.iter().all(|d| d.severity != Severity::Error);
    (rule, c.diagnostics, c.resolved)
}

/// A rule with nothing compiled yet: the defaults of every setting.
fn empty_rule(regel: &ast::Regel, doc: Option<&ast::Doc>) -> Rule {
    Rule {
        code: regel.code.name.clone(),
        severity: Severity::Warning,
        waivable: false,
        law: Default::default(),
        summary: None,
        explanation: None,
        doc: doc.map(|d| d.text.clone()),
        span: regel.code.span,
        runnable: true,
        clauses: Vec::new(),
        point: Vec::new(),
        also: Vec::new(),
        message: None,
        help: None,
        fix: None,
        justification: None,
        slots: 0,
    }
}

/// The members a rule has given so far, by canonical key, for the checks
/// on its shape.
#[derive(Default)]
struct Seen {
    keys: Vec<&'static str>,
    /// An `ernst` setting was given.
    severity: bool,
}

fn canonical_key(key: &str) -> &'static str {
    match key {
        "ernst" | "severity" => "ernst",
        "afwijkbaar" | "waivable" => "afwijkbaar",
        "wet" | "law" => "wet",
        "zodra" | "when" => "zodra",
        "wijs" | "point" => "wijs",
        "ook" | "also" => "ook",
        "melding" | "message" => "melding",
        "hulp" | "help" => "hulp",
        "uitleg" | "explanation" => "uitleg",
        "samenvatting" | "summary" => "samenvatting",
        "motivering" | "justification" => "motivering",
        _ => "oplossing",
    }
}

/// The steps of [`compile_rule`]: one per kind of member.
impl Compiler<'_, '_> {
    /// The clauses of every `zodra` block, in order; they bind names.
    fn zodra(&mut self, regel: &ast::Regel) -> Vec<Clause> {
        let mut compiled = Vec::new();
        for m in &regel.members {
            if let RegelMember::Zodra { clauses, .. } = m {
                for clause in clauses {
                    if let Some(cl) = self.clause(clause) {
                        compiled.push(cl);
                    }
                }
            }
        }
        compiled
    }

    /// Compiles one member other than `zodra` into `rule`.
    fn rule_member(
        &mut self,
        m: &RegelMember,
        canonical: &'static str,
        rule: &mut Rule,
        seen: &mut Seen,
    ) {
        match m {
            RegelMember::Setting { value, .. } => match canonical {
                "ernst" => {
                    seen.severity = true;
                    if let Some(s) = self.severity(value) {
                        rule.severity = s;
                    }
                }
                "afwijkbaar" => {
                    if let Some(b) = self.waivable(value) {
                        rule.waivable = b;
                    }
                }
                _ => rule.law = rule.law.iter().cloned().chain(self.law(value)).collect(),
            },
            RegelMember::Zodra { .. } | RegelMember::Error(_) => {}
            RegelMember::Paths { paths, .. } => {
                let compiled: Vec<CExpr> = paths
                    .iter()
                    .filter_map(|p| self.expr(p, None).map(|(e, _)| e))
                    .collect();
                if canonical == "wijs" {
                    rule.point = compiled;
                } else {
                    rule.also.extend(compiled);
                }
            }
            RegelMember::Texts { texts, span, .. } => self.texts(canonical, texts, *span, rule),
            RegelMember::Fix { fix, .. } => rule.fix = self.fix(fix),
        }
    }

    /// `ernst: fout | waarschuwing | info`.
    fn severity(&mut self, value: &ast::Value) -> Option<Severity> {
        match &value.kind {
            ValueKind::Ref(w) => match crate::config::Level::parse(w).and_then(|l| l.severity()) {
                Some(s) => return Some(s),
                None => self.error(
                    codes::RULE_SHAPE,
                    value.span,
                    Text::new(
                        format!("`{w}` is geen ernst; kies `fout`, `waarschuwing` of `info`"),
                        format!("`{w}` is not a severity; choose `error`, `warning` or `info`"),
                    ),
                ),
            },
            _ => self.error(
                codes::RULE_SHAPE,
                value.span,
                Text::new(
                    "de ernst is `fout`, `waarschuwing` of `info`",
                    "the severity is `error`, `warning` or `info`",
                ),
            ),
        }
        None
    }

    /// `afwijkbaar: ja | nee`.
    fn waivable(&mut self, value: &ast::Value) -> Option<bool> {
        match value.kind {
            ValueKind::Bool(b) => Some(b),
            _ => {
                self.error(
                    codes::RULE_SHAPE,
                    value.span,
                    Text::new(
                        "`afwijkbaar` is `ja` of `nee`",
                        "`waivable` is `yes` or `no`",
                    ),
                );
                None
            }
        }
    }

    /// `wet: artikel` or `wet: [artikel, ...]`: the law references of the
    /// articles named; an unknown article is reported.
    fn law(&mut self, value: &ast::Value) -> Vec<LawRef> {
        let refs: Vec<(&str, Span)> = match &value.kind {
            ValueKind::List(items) => items
                .iter()
                .filter_map(|v| match &v.kind {
                    ValueKind::Ref(r) => Some((r.as_str(), v.span)),
                    _ => None,
                })
                .collect(),
            ValueKind::Ref(r) => vec![(r.as_str(), value.span)],
            _ => Vec::new(),
        };
        let mut law = Vec::new();
        for (name, span) in refs {
            match self.env.articles.get(name) {
                Some(l) => law.push(l.clone()),
                None => {
                    let suggestion = suggest(name, self.env.articles.keys().map(String::as_str));
                    self.unknown(
                        span,
                        name,
                        Text::new("wetsartikel", "law article"),
                        suggestion,
                    );
                }
            }
        }
        law
    }

    /// `melding`, `hulp`, `uitleg`, `samenvatting` and `motivering`: texts
    /// in Dutch and English (and for `motivering` a `patroon`).
    fn texts(
        &mut self,
        canonical: &str,
        texts: &[(ast::Ident, ast::StrLit)],
        span: Span,
        rule: &mut Rule,
    ) {
        let nl = texts.iter().find(|(k, _)| k.name == "nl").map(|(_, s)| s);
        let en = texts.iter().find(|(k, _)| k.name == "en").map(|(_, s)| s);
        let pattern = texts
            .iter()
            .find(|(k, _)| k.name == "patroon" || k.name == "pattern")
            .map(|(_, s)| s);
        for (k, _) in texts {
            let allowed = k.name == "nl"
                || k.name == "en"
                || (canonical == "motivering" && (k.name == "patroon" || k.name == "pattern"));
            if !allowed {
                self.error(
                    codes::RULE_SHAPE,
                    k.span,
                    Text::new(
                        format!("`{}` is geen taal; gebruik `nl` en `en`", k.name),
                        format!("`{}` is not a language; use `nl` and `en`", k.name),
                    ),
                );
            }
        }
        let (Some(nl), Some(en)) = (nl, en) else {
            self.error(
                codes::RULE_SHAPE,
                span,
                Text::new(
                    "geef deze tekst in het Nederlands (`nl`) en het Engels (`en`)",
                    "give this text in Dutch (`nl`) and English (`en`)",
                ),
            );
            return;
        };
        match canonical {
            "melding" => rule.message = Some(Template::new(self.template(nl), self.template(en))),
            "hulp" => rule.help = Some(Template::new(self.template(nl), self.template(en))),
            "uitleg" => rule.explanation = Some(Text::new(nl.value.clone(), en.value.clone())),
            "motivering" => {
                if let Some(j) = self.justification(pattern, nl, en, span) {
                    rule.justification = Some(j);
                }
            }
            _ => rule.summary = Some(Text::new(nl.value.clone(), en.value.clone())),
        }
    }

    /// `motivering { nl, en, patroon }`: the pattern must be a valid
    /// regular expression.
    fn justification(
        &mut self,
        pattern: Option<&ast::StrLit>,
        nl: &ast::StrLit,
        en: &ast::StrLit,
        span: Span,
    ) -> Option<Justification> {
        let Some(pattern) = pattern else {
            self.error(codes::RULE_SHAPE, span, Text::new("`motivering` heeft een `patroon`: wat de motivering van een afwijking moet noemen", "`justification` has a `pattern`: what the motivation of an exception must name"));
            return None;
        };
        match regex::Regex::new(&pattern.value) {
            Ok(re) => Some(Justification {
                pattern: re,
                message: Text::new(nl.value.clone(), en.value.clone()),
            }),
            Err(e) => {
                self.error(
                    codes::RULE_SHAPE,
                    pattern.span,
                    Text::new(
                        format!("dit `patroon` is geen geldige reguliere expressie: {e}"),
                        format!("this `pattern` is not a valid regular expression: {e}"),
                    ),
                );
                None
            }
        }
    }

    /// `oplossing: zet veld = waarde` or `oplossing: verwijder veld`; the
    /// target must be a field.
    fn fix(&mut self, fix: &FixAction) -> Option<CFix> {
        match fix {
            FixAction::Set { path, value } => {
                let target = self.expr(path, None);
                let expected = target.as_ref().map(|(_, t)| t.clone());
                let value = self.expr(value, expected.as_ref());
                match (target, value) {
                    (Some((target, _)), Some((value, _)))
                        if matches!(target, CExpr::Field { .. }) =>
                    {
                        Some(CFix::Set { target, value })
                    }
                    (Some(_), Some(_)) => {
                        self.error(
                            codes::RULE_SHAPE,
                            path.span,
                            Text::new(
                                "een oplossing zet een veld, zoals `zet beleid.logboek = ja`",
                                "a fix sets a field, such as `set policy.log = yes`",
                            ),
                        );
                        None
                    }
                    _ => None,
                }
            }
            FixAction::Remove { path } => match self.expr(path, None) {
                Some((target @ CExpr::Field { .. }, _)) => Some(CFix::Remove { target }),
                Some(_) => {
                    self.error(codes::RULE_SHAPE, path.span, Text::new("een oplossing verwijdert een veld, zoals `verwijder beleid.koppelingen`", "a fix removes a field, such as `remove policy.linked_records`"));
                    None
                }
                None => None,
            },
        }
    }

    /// Reports what every rule must have: `ernst`, `zodra` and `melding`.
    fn missing_members(&mut self, regel: &ast::Regel, rule: &Rule, seen: &Seen) {
        if !seen.severity {
            self.error(
                codes::RULE_SHAPE,
                regel.code.span,
                Text::new(
                    "deze regel heeft geen `ernst` (fout, waarschuwing of info)",
                    "this rule has no `ernst` (severity: error, warning or info)",
                ),
            );
        }
        if !seen.keys.contains(&"zodra") {
            self.error(
                codes::RULE_SHAPE,
                regel.code.span,
                Text::new(
                    "deze regel heeft geen `zodra`-blok met voorwaarden",
                    "this rule has no `zodra` (when) block with conditions",
                ),
            );
        }
        if rule.message.is_none() {
            self.error(
                codes::RULE_SHAPE,
                regel.code.span,
                Text::new(
                    "deze regel heeft geen `melding` in het Nederlands en het Engels",
                    "this rule has no `melding` (message) in Dutch and English",
                ),
            );
        }
    }
}

impl Compiler<'_, '_> {
    fn error(&mut self, code: crate::diagnostics::Code, span: Span, message: Text) {
        self.diagnostics
            .push(Diagnostic::error(code, span, message).with_item(self.code.clone()));
    }

    fn unknown(&mut self, span: Span, name: &str, what: Text, suggestion: Option<String>) {
        let mut d = Diagnostic::error(
            codes::UNKNOWN_NAME,
            span,
            Text::new(
                format!("onbekende {} `{name}`", what.nl),
                format!("unknown {} `{name}`", what.en),
            ),
        )
        .with_item(self.code.clone());
        if let Some(s) = suggestion {
            d = d.with_help(Text::new(
                format!("bedoelt u `{s}`?"),
                format!("did you mean `{s}`?"),
            ));
        }
        self.diagnostics.push(d);
    }

    fn mismatch(&mut self, span: Span, expected: &Type, found: &Type) {
        let (e, f) = (
            expected.describe(self.env.schema),
            found.describe(self.env.schema),
        );
        self.error(
            codes::TYPE_MISMATCH,
            span,
            Text::new(
                format!("hier verwacht de regel {}, maar dit is {}", e.nl, f.nl),
                format!("the rule expects {} here, but this is {}", e.en, f.en),
            ),
        );
    }

    /// Records what the name at `span` was resolved to.
    fn resolved(&mut self, span: Span, to: Resolved) {
        if self.recording {
            self.resolved.push((span, to));
        }
    }

    fn bind(&mut self, name: &str, ty: Type) -> usize {
        self.scope.names.push((name.to_string(), ty));
        self.scope.names.len() - 1
    }

    fn lookup(&self, name: &str) -> Option<(usize, Type)> {
        self.scope
            .names
            .iter()
            .rposition(|(n, _)| n == name)
            .and_then(|i| self.scope.names.get(i).map(|(_, t)| (i, t.clone())))
    }

    fn clause(&mut self, e: &ast::Expr) -> Option<Clause> {
        match &e.kind {
            ExprKind::Let { name, value } => {
                let (value, ty) = self.expr(value, None)?;
                let slot = self.bind(&name.name, ty);
                Some(Clause::Let(slot, value))
            }
            ExprKind::Binary {
                op: BinOp::In,
                lhs,
                rhs,
                ..
            } => {
                if let ExprKind::Path(segs) = &lhs.kind {
                    if let [single] = segs.as_slice() {
                        let fresh = self.lookup(&single.name).is_none()
                            && !is_subject(&single.name)
                            && self.param(&single.name).is_none()
                            && self.definition(&single.name).is_none();
                        if fresh {
                            let (source, ty) = self.expr(rhs, None)?;
                            let elem = match ty {
                                Type::List(t) => *t,
                                Type::Unknown => Type::Unknown,
                                other => {
                                    self.error(codes::TYPE_MISMATCH, rhs.span, Text::new(format!("`{}` loopt langs de elementen van een lijst, maar dit is geen lijst", single.name), format!("`{}` runs over the elements of a list, but this is not a list", single.name)));
                                    other
                                }
                            };
                            let slot = self.bind(&single.name, elem);
                            return Some(Clause::Bind(slot, source));
                        }
                    }
                }
                self.condition(e)
            }
            ExprKind::Error => None,
            _ => self.condition(e),
        }
    }

    fn condition(&mut self, e: &ast::Expr) -> Option<Clause> {
        let (c, ty) = self.expr(e, Some(&Type::Bool))?;
        if ty != Type::Bool && ty != Type::Unknown {
            self.mismatch(e.span, &Type::Bool, &ty);
        }
        Some(Clause::Cond(c))
    }

    fn param(&self, name: &str) -> Option<usize> {
        self.env
            .params
            .iter()
            .position(|p| p.names.nl == name || p.names.en.as_deref() == Some(name))
    }

    fn definition(&self, name: &str) -> Option<usize> {
        self.env
            .definitions
            .iter()
            .position(|d| d.names.nl == name || d.names.en.as_deref() == Some(name))
    }

    /// Compiles an expression; `expected` resolves bare vocabulary names.
    fn expr(&mut self, e: &ast::Expr, expected: Option<&Type>) -> Option<(CExpr, Type)> {
        match &e.kind {
            ExprKind::Literal(v) => {
                let (c, t) = match v {
                    ValueKind::Text(s) | ValueKind::TextBlock(s) => {
                        (Const::Text(s.to_string()), Type::Text)
                    }
                    ValueKind::Integer(i) => (Const::Number(*i as f64), Type::Number),
                    ValueKind::Decimal(d) => (Const::Number(*d), Type::Number),
                    ValueKind::Date(d) => (Const::Date(*d), Type::Date),
                    ValueKind::Duration(d) => (Const::Duration(*d), Type::Duration),
                    ValueKind::Bool(b) => (Const::Bool(*b), Type::Bool),
                    _ => return None,
                };
                Some((CExpr::Const(c), t))
            }
            ExprKind::Bilingual { nl, en } => Some((
                CExpr::Const(Const::Bilingual(Text::new(nl.clone(), en.clone()))),
                Type::Text,
            )),
            ExprKind::Path(segs) => self.path(segs, expected),
            ExprKind::List(elements) => {
                let elem_expected = expected.map(|t| t.element().clone());
                let mut out = Vec::new();
                let mut elem_ty: Option<Type> = None;
                for el in elements {
                    let want = elem_expected.clone().or_else(|| elem_ty.clone());
                    let Some((v, t)) = self.expr(&el.value, want.as_ref()) else {
                        continue;
                    };
                    let cond = match &el.condition {
                        Some(c) => {
                            let (cc, ct) = self.expr(c, Some(&Type::Bool))?;
                            if ct != Type::Bool && ct != Type::Unknown {
                                self.mismatch(c.span, &Type::Bool, &ct);
                            }
                            Some(cc)
                        }
                        None => None,
                    };
                    if elem_ty.is_none() {
                        elem_ty = Some(t);
                    }
                    out.push((v, cond));
                }
                let ty = list_of(elem_ty.or(elem_expected).unwrap_or(Type::Unknown));
                Some((CExpr::List(out), ty))
            }
            ExprKind::Call { name, args } => self.call(name, args, e.span),
            ExprKind::Not(inner) => {
                let (c, t) = self.expr(inner, Some(&Type::Bool))?;
                if t != Type::Bool && t != Type::Unknown {
                    self.mismatch(inner.span, &Type::Bool, &t);
                }
                Some((CExpr::Not(Box::new(c)), Type::Bool))
            }
            ExprKind::Binary {
                op,
                lhs,
                rhs,
                op_span,
            } => self.binary(*op, lhs, rhs, *op_span),
            ExprKind::Let { .. } => {
                self.error(
                    codes::RULE_SHAPE,
                    e.span,
                    Text::new(
                        "`laat` staat alleen op een eigen regel in het `zodra`-blok",
                        "`laat` (let) only stands on a line of its own in the `zodra` block",
                    ),
                );
                None
            }
            ExprKind::Error => None,
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        op_span: Span,
    ) -> Option<(CExpr, Type)> {
        match op {
            BinOp::And | BinOp::Or => {
                let (l, lt) = self.expr(lhs, Some(&Type::Bool))?;
                let (r, rt) = self.expr(rhs, Some(&Type::Bool))?;
                for (t, s) in [(lt, lhs.span), (rt, rhs.span)] {
                    if t != Type::Bool && t != Type::Unknown {
                        self.mismatch(s, &Type::Bool, &t);
                    }
                }
                Some((CExpr::Binary(op, Box::new(l), Box::new(r)), Type::Bool))
            }
            BinOp::In | BinOp::NotIn => {
                let (l, lt) = self.expr(lhs, None)?;
                let want = Type::List(Box::new(lt.element().clone()));
                let (r, rt) = self.expr(rhs, Some(&want))?;
                if !compatible(lt.element(), rt.element()) {
                    self.mismatch(rhs.span, &want, &rt);
                }
                Some((CExpr::Binary(op, Box::new(l), Box::new(r)), Type::Bool))
            }
            _ => {
                // Compile the side that does not need context first, so a
                // bare vocabulary name on either side resolves.
                let lhs_bare = is_bare_unbound(self, lhs);
                let ((l, lt), (r, rt)) = if lhs_bare {
                    let r = self.expr(rhs, None)?;
                    let l = self.expr(lhs, Some(&r.1))?;
                    (l, r)
                } else {
                    let l = self.expr(lhs, None)?;
                    let r = self.expr(rhs, Some(&l.1))?;
                    (l, r)
                };
                if !compatible(lt.element(), rt.element()) {
                    self.mismatch(rhs.span, &lt, &rt);
                }
                let ordered = matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge);
                if ordered
                    && !matches!(
                        lt.element(),
                        Type::Number | Type::Date | Type::Duration | Type::Unknown
                    )
                {
                    self.error(
                        codes::TYPE_MISMATCH,
                        op_span,
                        Text::new(
                            "groter en kleiner werken alleen op getallen, datums en duren",
                            "greater and smaller only work on numbers, dates and durations",
                        ),
                    );
                }
                Some((CExpr::Binary(op, Box::new(l), Box::new(r)), Type::Bool))
            }
        }
    }

    fn call(&mut self, name: &ast::Ident, args: &[ast::Expr], span: Span) -> Option<(CExpr, Type)> {
        let Some((_, _, builtin)) = BUILTINS
            .iter()
            .find(|(nl, en, _)| *nl == name.name || *en == name.name)
        else {
            let suggestion = suggest(
                &name.name,
                BUILTINS.iter().flat_map(|(nl, en, _)| [*nl, *en]),
            );
            self.unknown(
                name.span,
                &name.name,
                Text::new("functie", "function"),
                suggestion,
            );
            return None;
        };
        let builtin = *builtin;
        self.resolved(name.span, Resolved::Function(builtin));
        let (arity, or_more) = builtin.arity();
        if args.len() != arity && !(or_more && args.len() > arity) {
            self.error(
                codes::TYPE_MISMATCH,
                span,
                Text::new(
                    format!(
                        "`{}` krijgt {arity} waarde(n), maar hier staan er {}",
                        name.name,
                        args.len()
                    ),
                    format!(
                        "`{}` takes {arity} value(s), but {} are given",
                        name.name,
                        args.len()
                    ),
                ),
            );
            return None;
        }
        let mut compiled = Vec::new();
        let mut types = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let expected = if i == 1 {
                types.first().map(|t: &Type| t.element().clone())
            } else {
                None
            };
            let (c, t) = self.expr(a, expected.as_ref())?;
            compiled.push(c);
            types.push(t);
        }
        let first = types.first().cloned().unwrap_or(Type::Unknown);
        let first_span = args.first().map_or(span, |a| a.span);
        let want_period = |c: &mut Self| {
            if first != Type::Period && first != Type::Unknown {
                c.mismatch(first_span, &Type::Period, &first);
            }
        };
        let ty = match builtin {
            Builtin::Count => Type::Number,
            Builtin::CountTrue => {
                if !matches!(first.element(), Type::Bool | Type::Unknown) {
                    self.mismatch(first_span, &Type::List(Box::new(Type::Bool)), &first);
                }
                Type::Number
            }
            Builtin::Missing | Builtin::Empty | Builtin::Contains => Type::Bool,
            Builtin::Length => {
                want_period(self);
                Type::Duration
            }
            Builtin::Start | Builtin::End => {
                want_period(self);
                Type::Date
            }
            Builtin::Open => {
                want_period(self);
                Type::Bool
            }
            Builtin::Overlap => list_of(first.element().clone()),
            Builtin::Share => Type::Number,
            Builtin::Municipality | Builtin::Fingerprint => Type::Text,
            Builtin::StartsWith | Builtin::ContainsText | Builtin::IsFingerprint => {
                if !matches!(first, Type::Text | Type::Unknown) {
                    self.mismatch(first_span, &Type::Text, &first);
                }
                Type::Bool
            }
        };
        Some((CExpr::Call(builtin, compiled), ty))
    }

    fn path(&mut self, segs: &[ast::Ident], expected: Option<&Type>) -> Option<(CExpr, Type)> {
        let (first, rest) = segs.split_first()?;
        let (mut expr, mut ty) = if let Some((slot, ty)) = self.lookup(&first.name) {
            (CExpr::Var(slot), ty)
        } else if is_subject(&first.name) {
            self.resolved(first.span, Resolved::Kind(self.env.policy));
            (CExpr::Subject, Type::Kind(self.env.policy))
        } else if let Some(i) = self.param(&first.name) {
            self.resolved(first.span, Resolved::Param(i));
            (
                CExpr::Param(i),
                self.env
                    .params
                    .get(i)
                    .map_or(Type::Unknown, |p| p.ty.clone()),
            )
        } else if let Some(i) = self.definition(&first.name) {
            self.resolved(first.span, Resolved::Definition(i));
            (
                CExpr::Def(i),
                self.env
                    .definitions
                    .get(i)
                    .map_or(Type::Unknown, |d| d.ty.clone()),
            )
        } else if rest.is_empty() {
            return self.bare_name(first, expected);
        } else {
            let names: Vec<String> = self
                .scope
                .names
                .iter()
                .map(|(n, _)| n.clone())
                .chain(["beleid".to_string()])
                .collect();
            let suggestion = suggest(&first.name, names.iter().map(String::as_str));
            self.unknown(
                first.span,
                &first.name,
                Text::new("naam", "name"),
                suggestion,
            );
            return None;
        };
        for seg in rest {
            let Type::Kind(kind_id) = ty.element().clone() else {
                if ty != Type::Unknown {
                    self.error(codes::TYPE_MISMATCH, seg.span, Text::new(format!("`{}` kan hier niet: alleen een onderdeel (zoals een beleid of bron) heeft velden", seg.name), format!("`{}` is not possible here: only an item (such as a policy or source) has fields", seg.name)));
                }
                return None;
            };
            let kind = self.env.schema.kind(kind_id)?;
            let Some(field) = kind.field_named(&seg.name) else {
                let suggestion = suggest(
                    &seg.name,
                    kind.fields
                        .iter()
                        .flat_map(|f| f.names.spellings().map(|(s, _)| s)),
                );
                let what = Text::new(
                    format!("veld van `{}`:", kind.names.nl),
                    format!("field of `{}`:", kind.names.get(crate::Taal::En)),
                );
                self.unknown(seg.span, &seg.name, what, suggestion);
                return None;
            };
            let field_ty = field.ty.clone();
            let (field_id, nested) = (field.id, field.nested);
            self.resolved(seg.span, Resolved::Field(kind_id, field_id));
            let projected = matches!(ty, Type::List(_));
            ty = if projected {
                list_of(field_ty)
            } else {
                field_ty
            };
            expr = CExpr::Field {
                base: Box::new(expr),
                field: field_id,
                nested,
                span: seg.span,
            };
        }
        Some((expr, ty))
    }

    /// A name that is not bound: a vocabulary variant or an item, resolved
    /// against the type expected here.
    fn bare_name(&mut self, name: &ast::Ident, expected: Option<&Type>) -> Option<(CExpr, Type)> {
        match expected.map(Type::element) {
            Some(Type::Choice(c)) => {
                let choice = self.env.schema.choice(*c)?;
                match choice.variant_named(&name.name) {
                    Some(v) => {
                        let v = v.id;
                        self.resolved(name.span, Resolved::Variant(*c, v));
                        Some((CExpr::Variant(*c, v), Type::Choice(*c)))
                    }
                    None => {
                        let suggestion = suggest(
                            &name.name,
                            choice
                                .variants
                                .iter()
                                .flat_map(|v| v.names.spellings().map(|(s, _)| s)),
                        );
                        let what = Text::new(
                            format!("waarde van `{}`:", choice.names.nl),
                            format!("value of `{}`:", choice.names.get(crate::Taal::En)),
                        );
                        self.unknown(name.span, &name.name, what, suggestion);
                        None
                    }
                }
            }
            Some(Type::Kind(k)) => match self.env.symbols.item_named(*k, &name.name) {
                Some(id) => {
                    self.resolved(name.span, Resolved::Item(id));
                    Some((CExpr::ItemRef(id), Type::Kind(*k)))
                }
                None => {
                    let suggestion = suggest(
                        &name.name,
                        self.env.symbols.names_of(*k).map(crate::ast::Name::as_str),
                    );
                    self.unknown(name.span, &name.name, Text::new("naam", "name"), suggestion);
                    None
                }
            },
            Some(Type::Unknown) => None,
            _ => {
                let mut candidates: Vec<String> =
                    self.scope.names.iter().map(|(n, _)| n.clone()).collect();
                candidates.push("beleid".into());
                candidates.extend(self.env.params.iter().map(|p| p.names.nl.clone()));
                candidates.extend(self.env.definitions.iter().map(|d| d.names.nl.clone()));
                let suggestion = suggest(&name.name, candidates.iter().map(String::as_str));
                self.unknown(name.span, &name.name, Text::new("naam", "name"), suggestion);
                None
            }
        }
    }

    /// Splits `"Bron {b}: een {b.account} account"` into text and values.
    fn template(&mut self, s: &ast::StrLit) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut rest = s.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                out.push(Segment::Lit(rest[..open].to_string()));
            }
            let inner = rest[open + 1..close].trim();
            match parse_interpolation(inner, s.span) {
                Some(expr) => {
                    let recording = std::mem::replace(&mut self.recording, false);
                    let compiled = self.expr(&expr, None);
                    self.recording = recording;
                    if let Some((e, _)) = compiled {
                        out.push(Segment::Value(e));
                    }
                }
                None => self.error(
                    codes::RULE_SHAPE,
                    s.span,
                    Text::new(
                        format!("`{{{inner}}}` in deze tekst is geen naam, pad of functie"),
                        format!("`{{{inner}}}` in this text is not a name, path or function"),
                    ),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            out.push(Segment::Lit(rest.to_string()));
        }
        out
    }
}

/// Reads the expression between `{` and `}` in a message, with every span
/// set to the message's own (diagnostics about it point at the message).
fn parse_interpolation(inner: &str, span: Span) -> Option<ast::Expr> {
    let parsed = crate::syntax::parse(span.file, &format!("definitie x = {inner}"));
    if !parsed.diagnostics.is_empty() {
        return None;
    }
    let item = parsed.tree.items.into_iter().next()?;
    let ast::ItemKind::Definitie(d) = item.kind else {
        return None;
    };
    let mut e = d.value;
    respan(&mut e, span);
    Some(e)
}

fn respan(e: &mut ast::Expr, span: Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Path(segs) => segs.iter_mut().for_each(|s| s.span = span),
        ExprKind::List(elements) => {
            for el in elements {
                respan(&mut el.value, span);
                if let Some(c) = &mut el.condition {
                    respan(c, span);
                }
            }
        }
        ExprKind::Call { name, args } => {
            name.span = span;
            args.iter_mut().for_each(|a| respan(a, span));
        }
        ExprKind::Not(inner) => respan(inner, span),
        ExprKind::Binary {
            op_span, lhs, rhs, ..
        } => {
            *op_span = span;
            respan(lhs, span);
            respan(rhs, span);
        }
        ExprKind::Let { name, value } => {
            name.span = span;
            respan(value, span);
        }
        ExprKind::Literal(_) | ExprKind::Bilingual { .. } | ExprKind::Error => {}
    }
}

fn is_subject(name: &str) -> bool {
    name == "beleid" || name == "policy"
}

fn is_bare_unbound(c: &Compiler<'_, '_>, e: &ast::Expr) -> bool {
    match &e.kind {
        ExprKind::Path(segs) => match segs.as_slice() {
            [single] => {
                c.lookup(&single.name).is_none()
                    && !is_subject(&single.name)
                    && c.param(&single.name).is_none()
                    && c.definition(&single.name).is_none()
            }
            _ => false,
        },
        _ => false,
    }
}

fn compatible(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Unknown, _) | (_, Type::Unknown) => true,
        (Type::Text, Type::RuleCode) | (Type::RuleCode, Type::Text) => true,
        (a, b) => a == b,
    }
}

/// Compiles a `parameter` item, applying the override from `kader.toml`.
pub(super) fn compile_param(
    schema: &Schema,
    p: &ast::Parameter,
    doc: Option<&ast::Doc>,
    span: Span,
) -> (Option<Param>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let ty = match &p.ty {
        ast::TypeExpr::Named(i) => crate::schema::builtin_type(&i.name),
        ast::TypeExpr::List(inner, _) => match inner.as_ref() {
            ast::TypeExpr::Named(i) => {
                crate::schema::builtin_type(&i.name).map(|t| Type::List(Box::new(t)))
            }
            _ => None,
        },
        ast::TypeExpr::Error(_) => None,
    };
    let Some(ty) = ty else {
        diagnostics.push(Diagnostic::error(
            codes::TYPE_MISMATCH,
            p.ty.span(),
            Text::new(
                "een parameter is een getal, duur, datum, tekst of ja/nee, of een lijst daarvan",
                "a parameter is a number, duration, date, text or yes/no, or a list of those",
            ),
        ));
        return (None, diagnostics);
    };
    let _ = schema;
    let Some(value) = value_const(&p.default.kind, &ty) else {
        diagnostics.push(Diagnostic::error(
            codes::TYPE_MISMATCH,
            p.default.span,
            Text::new(
                "de standaardwaarde past niet bij het type van de parameter",
                "the default does not fit the parameter's type",
            ),
        ));
        return (None, diagnostics);
    };
    let names = crate::schema::Names {
        nl: p.names.nl.name.to_string(),
        en: p.names.en.as_ref().map(|i| i.name.to_string()),
        nl_span: p.names.nl.span,
        en_span: p.names.en.as_ref().map(|i| i.span),
    };
    (
        Some(Param {
            names,
            ty,
            value,
            doc: doc.map(|d| d.text.clone()),
            span,
        }),
        diagnostics,
    )
}

/// A literal value as a constant of type `ty`.
pub(super) fn value_const(v: &ValueKind, ty: &Type) -> Option<Const> {
    match (v, ty) {
        (ValueKind::Duration(d), Type::Duration) => Some(Const::Duration(*d)),
        (ValueKind::Integer(i), Type::Number) => Some(Const::Number(*i as f64)),
        (ValueKind::Decimal(d), Type::Number) => Some(Const::Number(*d)),
        (ValueKind::Date(d), Type::Date) => Some(Const::Date(*d)),
        (ValueKind::Bool(b), Type::Bool) => Some(Const::Bool(*b)),
        (ValueKind::Text(s) | ValueKind::TextBlock(s), Type::Text) => {
            Some(Const::Text(s.to_string()))
        }
        (ValueKind::List(items), Type::List(elem)) => items
            .iter()
            .map(|v| value_const(&v.kind, elem))
            .collect::<Option<Vec<_>>>()
            .map(Const::List),
        _ => None,
    }
}

/// The nearest known spelling to a typo, if one is near enough.
fn suggest<'s>(typo: &str, candidates: impl IntoIterator<Item = &'s str>) -> Option<String> {
    crate::suggest::best(
        typo,
        candidates
            .into_iter()
            .map(|s| (s.to_string(), crate::Taal::Nl)),
    )
    .map(|s| s.text)
}
