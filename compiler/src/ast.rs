//! The syntax tree of a `.kader` file.
//!
//! The tree is what the parser could make of the text, never less: a broken
//! item, member or value becomes an `Error` node with the span it covered, and
//! everything around it is kept. Every node carries its [`Span`]; literal
//! spellings (`ja` or `yes`, `dagen` or `days`) are not stored twice but read
//! back from the source through the span when the formatter needs them.
//! Comments are kept beside the tree in [`SourceFile::comments`], in order,
//! so the formatter can put them back.

use crate::span::Span;
pub use smol_str::SmolStr;
/// A name: inline up to 23 bytes, so most names take no allocation of their own.
pub type Name = SmolStr;

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// Every `//` and `///` comment in the file, in source order.
    pub comments: Vec<Comment>,
    pub span: Span,
}

impl SourceFile {
    /// The file with only what names its top-level items: each item's kind,
    /// name, label and spans, without its members, doc or comments. `None`
    /// when the file holds anything but instances (a kind, vocabulary,
    /// rule, parameter, definition, test or unreadable item): what the
    /// schema and the rules are built from is never hollowed.
    pub fn hollow(&self) -> Option<SourceFile> {
        let items = self
            .items
            .iter()
            .map(|item| match &item.kind {
                ItemKind::Instance(inst) => Some(Item {
                    doc: None,
                    kind: ItemKind::Instance(Instance {
                        kind: inst.kind.clone(),
                        name: inst.name.clone(),
                        name_en: inst.name_en.clone(),
                        label: inst.label.clone(),
                        members: Vec::new(),
                        body: inst.body,
                        closed: inst.closed,
                    }),
                    span: item.span,
                }),
                _ => None,
            })
            .collect::<Option<Vec<Item>>>()?;
        Some(SourceFile {
            items,
            comments: Vec::new(),
            span: self.span,
        })
    }
}

/// A line comment. `doc` comments (`///`) also appear as the [`Doc`] of the
/// item, field or variant they document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub doc: bool,
    /// The text after `//` or `///`, without the line ending.
    pub text: String,
}

/// The joined `///` lines in front of an item, field or variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The lines, each with one leading space removed, joined by `\n`.
    pub text: String,
    pub span: Span,
}

/// A name as written in the source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: Name,
    pub span: Span,
}

/// A string literal, after escapes are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// A top-level or nested item.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub doc: Option<Box<Doc>>,
    pub kind: ItemKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `KIND NAME LABEL? { member* }`: a policy, a source, a team, an article…
    Instance(Instance),
    /// `soort NL / EN (: NAMETYPE)? { field declarations }` — declares a kind.
    Soort(Soort),
    /// `keuze NL / EN { variants }` — declares a vocabulary.
    Keuze(Keuze),
    /// `regel CODE { ... }` — a legal rule.
    Regel(Regel),
    /// `parameter NAAM: TYPE = waarde` — a rule threshold with its default.
    Parameter(Parameter),
    /// `definitie NAAM / NAME = uitdrukking` — a named condition or value that
    /// several rules share, computed once per policy.
    Definitie(Definitie),
    /// `toets NL / EN { ... }` — a policy test: a policy, optional changes to
    /// a copy of it, and the rule codes that must and must not be reported.
    Toets(Toets),
    /// Text that could not be read as an item.
    Error,
}

/// An item of a schema kind, e.g. `beleid demonstratie_markt { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The kind as written: `beleid`, `policy`, `bron`, `team`, …
    pub kind: Ident,
    /// Missing only in broken text.
    pub name: Option<Ident>,
    /// The English spelling of the name, for stdlib items that have one:
    /// `wettelijke_taak gemeentewet_172 / municipalities_act_172 { ... }`.
    pub name_en: Option<Ident>,
    /// The optional description of a nested item:
    /// `bron facebook "Buurtgroep Tanthof-Oost" { ... }`.
    pub label: Option<StrLit>,
    pub members: Vec<Member>,
    /// From `{` to `}` inclusive (to the end of the text if `}` is missing).
    pub body: Span,
    /// False when the closing `}` is missing.
    pub closed: bool,
}

impl Instance {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.members.iter().filter_map(|m| match m {
            Member::Field(f) => Some(f),
            _ => None,
        })
    }

    pub fn nested(&self) -> impl Iterator<Item = &Item> {
        self.members.iter().filter_map(|m| match m {
            Member::Item(i) => Some(&**i),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    Field(Field),
    /// Boxed: a field is far more common than a nested item, and each
    /// member takes the size of the largest.
    Item(Box<Item>),
    /// Text inside an item body that could not be read as a field or item.
    Error(Span),
}

impl Member {
    pub fn span(&self) -> Span {
        match self {
            Member::Field(f) => f.span,
            Member::Item(i) => i.span,
            Member::Error(s) => *s,
        }
    }
}

/// `NAME: value`, optionally followed by `,` or `;`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub doc: Option<Box<Doc>>,
    pub name: Ident,
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `"..."`, escapes resolved. A long text is shared with its checked
    /// value, not copied.
    Text(SmolStr),
    /// `"""..."""`, common indentation removed.
    TextBlock(SmolStr),
    Integer(i64),
    /// A decimal number, e.g. `0.5`.
    Decimal(f64),
    Date(Date),
    /// `start .. end`, or `start ..` when open-ended.
    Period {
        start: Date,
        end: Option<Date>,
    },
    Duration(Duration),
    Bool(bool),
    /// A name: a vocabulary variant or an item of the field's kind. Most
    /// are short enough to be held without an allocation of their own.
    Ref(Name),
    List(Vec<Value>),
    /// A value that could not be read; the parser reported why.
    Error,
}

/// A calendar date. The parser only makes real dates (no 2023-02-29).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists on the Gregorian calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for differences.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `14 dagen`, `3 months`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u64,
    pub unit: DurationUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl DurationUnit {
    /// Every spelling of every unit, as LANGUAGE.md §2 lists them.
    pub const SPELLINGS: &'static [(&'static str, DurationUnit)] = &[
        ("uur", DurationUnit::Hour),
        ("uren", DurationUnit::Hour),
        ("hour", DurationUnit::Hour),
        ("hours", DurationUnit::Hour),
        ("dag", DurationUnit::Day),
        ("dagen", DurationUnit::Day),
        ("day", DurationUnit::Day),
        ("days", DurationUnit::Day),
        ("week", DurationUnit::Week),
        ("weken", DurationUnit::Week),
        ("weeks", DurationUnit::Week),
        ("maand", DurationUnit::Month),
        ("maanden", DurationUnit::Month),
        ("month", DurationUnit::Month),
        ("months", DurationUnit::Month),
        ("jaar", DurationUnit::Year),
        ("jaren", DurationUnit::Year),
        ("year", DurationUnit::Year),
        ("years", DurationUnit::Year),
    ];

    pub fn from_word(word: &str) -> Option<DurationUnit> {
        Self::SPELLINGS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, u)| *u)
    }

    /// The spelling after the number `amount`, as a reader writes it: in
    /// Dutch "1 jaar", "2 jaar", "3 uur" (a unit of time stays singular after
    /// a number) but "2 dagen", "2 weken", "2 maanden"; in English the plural
    /// for every amount but 1. Formatting and translating choose the form
    /// from the number, so nl → en → nl gives back what was written.
    pub fn after(self, taal: crate::Taal, amount: u64) -> &'static str {
        let plural = amount != 1
            && !(taal == crate::Taal::Nl
                && matches!(self, DurationUnit::Hour | DurationUnit::Year));
        self.word(taal, plural)
    }

    /// The language a unit word is written in, when only one language has it
    /// (`week` is both Dutch and English).
    pub fn language_of(word: &str) -> Option<crate::Taal> {
        use crate::Taal::{En, Nl};
        match word {
            "uur" | "uren" | "dag" | "dagen" | "weken" | "maand" | "maanden" | "jaar" | "jaren" => {
                Some(Nl)
            }
            "hour" | "hours" | "day" | "days" | "weeks" | "month" | "months" | "year" | "years" => {
                Some(En)
            }
            _ => None,
        }
    }

    /// The length of one unit in days (1 jaar = 12 maanden = 365.25 dagen).
    pub fn days(self) -> f64 {
        match self {
            DurationUnit::Hour => 1.0 / 24.0,
            DurationUnit::Day => 1.0,
            DurationUnit::Week => 7.0,
            DurationUnit::Month => 365.25 / 12.0,
            DurationUnit::Year => 365.25,
        }
    }

    /// The spelling in a language, singular or plural.
    pub fn word(self, taal: crate::Taal, plural: bool) -> &'static str {
        use crate::Taal::{En, Nl};
        match (self, taal, plural) {
            (DurationUnit::Hour, Nl, false) => "uur",
            (DurationUnit::Hour, Nl, true) => "uren",
            (DurationUnit::Hour, En, false) => "hour",
            (DurationUnit::Hour, En, true) => "hours",
            (DurationUnit::Day, Nl, false) => "dag",
            (DurationUnit::Day, Nl, true) => "dagen",
            (DurationUnit::Day, En, false) => "day",
            (DurationUnit::Day, En, true) => "days",
            (DurationUnit::Week, Nl, false) => "week",
            (DurationUnit::Week, Nl, true) => "weken",
            (DurationUnit::Week, En, false) => "week",
            (DurationUnit::Week, En, true) => "weeks",
            (DurationUnit::Month, Nl, false) => "maand",
            (DurationUnit::Month, Nl, true) => "maanden",
            (DurationUnit::Month, En, false) => "month",
            (DurationUnit::Month, En, true) => "months",
            (DurationUnit::Year, Nl, false) => "jaar",
            (DurationUnit::Year, Nl, true) => "jaren",
            (DurationUnit::Year, En, false) => "year",
            (DurationUnit::Year, En, true) => "years",
        }
    }
}

impl Duration {
    pub fn days(self) -> f64 {
        self.amount as f64 * self.unit.days()
    }
}

/// A Dutch name with its optional English spelling: `titel / title`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    pub nl: Ident,
    pub en: Option<Ident>,
}

/// `soort beleid / policy { ... }`: declares a kind and its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Soort {
    pub names: Names,
    /// What the item's name is, when it is typed: `soort bron / source: platform`.
    pub name_type: Option<TypeExpr>,
    pub fields: Vec<FieldDecl>,
    /// Declarations that could not be read.
    pub errors: Vec<Span>,
    pub body: Span,
    pub closed: bool,
}

/// `titel / title: tekst verplicht`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub doc: Option<Box<Doc>>,
    pub names: Names,
    pub ty: TypeExpr,
    /// Words after the type: `verplicht / required`, `genest / nested`.
    pub modifiers: Vec<Ident>,
    /// The `artikel` items the field rests on: `... wet [avg_4_7]`.
    pub law: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// `tekst`, `datum`, a vocabulary or a kind.
    Named(Ident),
    /// `[T]`.
    List(Box<TypeExpr>, Span),
    Error(Span),
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(i) => i.span,
            TypeExpr::List(_, s) | TypeExpr::Error(s) => *s,
        }
    }
}

/// `keuze account / account { ... }`: declares a vocabulary.
#[derive(Clone, Debug, PartialEq)]
pub struct Keuze {
    pub names: Names,
    pub variants: Vec<Variant>,
    /// Variants that could not be read.
    pub errors: Vec<Span>,
    pub body: Span,
    pub closed: bool,
}

/// `organisatie / organisation`, or `publieke_taak / public_task wet [avg_6_1_e]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub doc: Option<Box<Doc>>,
    pub names: Names,
    /// The `artikel` items the variant rests on.
    pub law: Vec<Ident>,
    pub span: Span,
}

/// `regel OO-NEPACCOUNT { ... }`: a rule that matches facts in checked
/// policies and yields one diagnostic per match.
#[derive(Clone, Debug, PartialEq)]
pub struct Regel {
    pub code: Ident,
    pub members: Vec<RegelMember>,
    pub body: Span,
    pub closed: bool,
}

/// One part of a rule. The keyword is kept as written (Dutch or English).
#[derive(Clone, Debug, PartialEq)]
pub enum RegelMember {
    /// `ernst: fout`, `afwijkbaar: nee`, `wet: [avg_5_1_a]`.
    Setting { key: Ident, value: Value },
    /// `zodra { clause* }`: every clause must hold; `x in pad` clauses bind.
    Zodra {
        key: Ident,
        clauses: Vec<Expr>,
        span: Span,
    },
    /// `wijs: b.account` (the primary span), `ook: [a, b]` (secondary labels).
    Paths {
        key: Ident,
        paths: Vec<Expr>,
        span: Span,
    },
    /// `melding { nl: "..." en: "..." }`, likewise `hulp`, `uitleg`, `samenvatting`.
    Texts {
        key: Ident,
        texts: Vec<(Ident, StrLit)>,
        span: Span,
    },
    /// `oplossing: zet b.account = organisatie` or `oplossing: verwijder b.x`.
    Fix {
        key: Ident,
        fix: FixAction,
        span: Span,
    },
    /// Text in a rule body that could not be read.
    Error(Span),
}

impl RegelMember {
    pub fn span(&self) -> Span {
        match self {
            RegelMember::Setting { key, value } => key.span.to(value.span),
            RegelMember::Zodra { span, .. }
            | RegelMember::Paths { span, .. }
            | RegelMember::Texts { span, .. }
            | RegelMember::Fix { span, .. }
            | RegelMember::Error(span) => *span,
        }
    }

    pub fn key(&self) -> Option<&Ident> {
        match self {
            RegelMember::Setting { key, .. }
            | RegelMember::Zodra { key, .. }
            | RegelMember::Paths { key, .. }
            | RegelMember::Texts { key, .. }
            | RegelMember::Fix { key, .. } => Some(key),
            RegelMember::Error(_) => None,
        }
    }
}

/// What a rule's fix does to the policy.
#[derive(Clone, Debug, PartialEq)]
pub enum FixAction {
    /// `zet pad = waarde`: replace the value, or add the field if it is missing.
    Set { path: Expr, value: Expr },
    /// `verwijder pad`: remove the field.
    Remove { path: Expr },
}

/// `parameter stelselmatig_max_duur / systematic_max_duration: duur = 7 dagen`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub names: Names,
    pub ty: TypeExpr,
    pub default: Value,
}

/// `definitie persoonsgericht_onderzoek / person_targeted_research = ...`:
/// an expression over `beleid` and the parameters that rules (and later
/// definitions) use by name.
#[derive(Clone, Debug, PartialEq)]
pub struct Definitie {
    pub names: Names,
    pub value: Expr,
}

/// `toets kort_blijft_toegestaan / short_stays_allowed { ... }`: a policy
/// test. The members are kept as written, in either language; the checker
/// says what is missing or doubled.
#[derive(Clone, Debug, PartialEq)]
pub struct Toets {
    pub names: Names,
    pub members: Vec<ToetsMember>,
    pub body: Span,
    pub closed: bool,
}

/// One part of a `toets`. The keyword is kept as written (Dutch or English).
#[derive(Clone, Debug, PartialEq)]
pub enum ToetsMember {
    /// `beleid: naam`, `verwacht: [CODE, ...]`, `niet_verwacht: [CODE, ...]`.
    Setting { key: Ident, value: Value },
    /// `wijzig { veld: waarde ... }`: fields replaced in a copy of the policy.
    Wijzig {
        key: Ident,
        members: Vec<Member>,
        /// From `{` to `}` inclusive.
        body: Span,
        closed: bool,
    },
    /// Text in a test body that could not be read.
    Error(Span),
}

impl ToetsMember {
    pub fn span(&self) -> Span {
        match self {
            ToetsMember::Setting { key, value } => key.span.to(value.span),
            ToetsMember::Wijzig { key, body, .. } => key.span.to(*body),
            ToetsMember::Error(span) => *span,
        }
    }

    pub fn key(&self) -> Option<&Ident> {
        match self {
            ToetsMember::Setting { key, .. } | ToetsMember::Wijzig { key, .. } => Some(key),
            ToetsMember::Error(_) => None,
        }
    }
}

/// The keywords of a `toets`, Dutch and English.
pub const TOETS_WORDS: &[(&str, &str)] = &[
    ("toets", "test"),
    ("beleid", "policy"),
    ("wijzig", "change"),
    ("verwacht", "expect"),
    ("niet_verwacht", "expect_not"),
];

/// An expression in a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal: text, number, date, duration, yes/no.
    Literal(ValueKind),
    /// `"heimelijke methode" / "covert method"`: a text in both languages.
    Bilingual {
        nl: String,
        en: String,
    },
    /// `beleid.bron`, `b.account`, `fictief`, `stelselmatig_max_duur`.
    Path(Vec<Ident>),
    /// `[a, b, "x" als voorwaarde]`: elements with an optional condition.
    List(Vec<ListElement>),
    /// `aantal(beleid.bron)`.
    Call {
        name: Ident,
        args: Vec<Expr>,
    },
    Not(Box<Expr>),
    Binary {
        op: BinOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `laat x = expr`: binds a name for the following clauses.
    Let {
        name: Ident,
        value: Box<Expr>,
    },
    /// An expression that could not be read.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListElement {
    pub value: Expr,
    /// `als` / `if`: the element is only in the list when this holds.
    pub condition: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
}
