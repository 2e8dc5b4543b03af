//! The register of processing activities (AVG art. 30 lid 1) compiled from
//! the policies of a repository.
//!
//! [`build`] turns an [`Analysis`] into a [`Register`]: plain data, one
//! [`Entry`] per `beleid` item, with every element art. 30 lid 1 asks for
//! (controller and contact, purpose, categories of data subjects and of
//! personal data, recipients, transfers outside the EEA, retention, security
//! measures) plus the legal basis with its article, the statutory tasks, the
//! period, the sources and every documented exception. Values are read from
//! the checked items, and names of vocabulary values come from the schema in
//! the output language. A policy with errors is included and marked as not
//! compliant; errors outside any policy are listed apart, so the register
//! never silently drops anything. [`Register::public`] keeps only what may
//! be published for residents.
//!
//! Which elements the register shows, in which order, under which label
//! and citation, and which of them the public page shows, is declared in
//! the stdlib (`registeronderdeel` items in `stdlib/register/`), not here:
//! this module only assembles the values an element names (a field of
//! `beleid`, or one of [`ASSEMBLED`]). The renderers (`markdown`, `html`,
//! `csv`, and JSON through serde) all work from [`Register::rows`], so every
//! format shows the same elements in the same order.

pub mod algoritmeregister;
pub mod csv;
pub mod diff;
pub mod html;
pub mod markdown;
pub mod summary;
pub mod trace;

use crate::ast::{Date, Duration};
use crate::check::{CheckedItem, ItemId, Value};
use crate::diagnostics::{Severity, Taal};
use crate::schema::{ChoiceId, Doc, Kind, VariantId};
use crate::{Analysis, FileKind};
use serde::Serialize;
use std::collections::HashMap;

/// The register of one repository.
#[derive(Clone, Debug, Serialize)]
pub struct Register {
    /// The municipality from `kader.toml`.
    pub gemeente: Option<String>,
    /// The language of the names and labels.
    pub taal: Taal,
    /// Whether this is the public transparency page.
    pub public: bool,
    pub entries: Vec<Entry>,
    /// The elements every entry shows, from the stdlib.
    #[serde(skip)]
    pub elements: Vec<Element>,
    /// Errors in policy files that lie outside every policy (for example an
    /// item the parser could not read), so that nothing is dropped in silence.
    pub other_errors: Vec<FileErrors>,
}

/// Errors in a file that belong to no policy in the register.
#[derive(Clone, Debug, Serialize)]
pub struct FileErrors {
    pub file: String,
    pub codes: Vec<String>,
}

/// One processing activity: one policy.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Entry {
    /// The name of the `beleid` item.
    pub name: String,
    /// The file it is written in (empty on the public page).
    pub file: String,
    pub title: String,
    /// The `///` description of the policy, in the output language.
    pub description: Option<String>,
    /// Art. 30(1)(a): the controller.
    pub controller: Option<String>,
    /// Art. 30(1)(a): the contact: the municipality.
    pub contact: Option<String>,
    /// Art. 30(1)(a): the data protection officer, from `[project] fg`.
    pub dpo: Option<String>,
    /// AVG art. 14: how the person researched is informed (`informeren`).
    pub notify: Option<String>,
    /// Art. 30(1)(b).
    pub purpose: Option<String>,
    /// Art. 30(1)(c).
    pub data_subjects: Vec<String>,
    /// Art. 30(1)(c).
    pub data: Vec<String>,
    /// Art. 30(1)(c): special categories (art. 9).
    pub special_data: Vec<String>,
    /// Art. 30(1)(c): criminal data (art. 10); `None` when not stated.
    pub criminal_data: Option<bool>,
    /// Art. 30(1)(d).
    pub recipients: Vec<String>,
    /// Art. 30(1)(e): processors outside the EEA.
    pub transfers: Vec<Transfer>,
    /// Art. 30(1)(f).
    pub retention: Option<String>,
    /// Art. 30(1)(g).
    pub security: Option<String>,
    pub legal_basis: Option<LegalBasis>,
    pub tasks: Vec<Task>,
    pub period: Option<String>,
    pub sources: Vec<SourceEntry>,
    pub processors: Vec<Processor>,
    pub dpia: Option<String>,
    pub dpo_advice: Option<String>,
    /// Whether the DPO's advice is about the current text (`fg_advies_over`).
    pub dpo_advice_covers: AdviceCovers,
    pub transparency: Option<String>,
    pub rights: Option<String>,
    pub exceptions: Vec<Exception>,
    /// Internal: the search terms (left out of the public page).
    pub keywords: Vec<String>,
    /// Internal: the teams that may see the data (left out of the public page).
    pub authorised: Vec<String>,
    /// Internal: cause, necessity, proportionality and subsidiarity.
    pub justification: Vec<Justification>,
    /// The plain-language summary for residents (`summary`), in the output
    /// language.
    pub summary: Option<String>,
    /// No finding of severity error.
    pub compliant: bool,
    pub findings: Vec<Finding>,
    /// The policy's fields that the register's elements name, shown as
    /// text.
    #[serde(skip)]
    pub fields: HashMap<String, Vec<String>>,
}

/// Whether the DPO's advice is about the current text of a policy: the
/// fingerprint recorded in `fg_advies_over` against the policy's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceCovers {
    /// No fingerprint recorded.
    #[default]
    NotRecorded,
    /// The recorded fingerprint is not one.
    Unreadable,
    Current,
    Earlier,
}

impl AdviceCovers {
    fn shown(self, taal: Taal) -> &'static str {
        match self {
            AdviceCovers::NotRecorded => {
                taal.pick("geen vingerafdruk vastgelegd", "no fingerprint recorded")
            }
            AdviceCovers::Unreadable => taal.pick(
                "de vastgelegde vingerafdruk is onleesbaar",
                "the recorded fingerprint cannot be read",
            ),
            AdviceCovers::Current => {
                taal.pick("gaat over de huidige tekst", "about the current text")
            }
            AdviceCovers::Earlier => {
                taal.pick("gaat over een eerdere versie", "about an earlier version")
            }
        }
    }
}

/// The legal basis and the articles it rests on.
#[derive(Clone, Debug, Serialize)]
pub struct LegalBasis {
    pub name: String,
    pub articles: Vec<String>,
}

/// A statutory task with the article that lays it down.
#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub name: String,
    pub description: Option<String>,
    pub article: Option<String>,
}

/// A processor that processes data outside the EEA.
#[derive(Clone, Debug, Serialize)]
pub struct Transfer {
    pub processor: String,
    pub location: String,
    pub safeguard: Option<String>,
}

/// A processor named by the policy.
#[derive(Clone, Debug, Serialize)]
pub struct Processor {
    pub name: String,
    pub location: Option<String>,
    pub agreement: Option<bool>,
}

/// A source (platform) that is consulted.
#[derive(Clone, Debug, Serialize)]
pub struct SourceEntry {
    pub platform: String,
    pub label: Option<String>,
    pub access: Option<String>,
}

/// A documented exception to a rule.
#[derive(Clone, Debug, Serialize)]
pub struct Exception {
    pub rule: String,
    /// What the rule asks, in the output language.
    pub rule_summary: Option<String>,
    /// Why the rule is deviated from (left out of the public page).
    pub motivation: Option<String>,
    pub decided_by: Option<String>,
    pub date: Option<String>,
}

/// One of the internal justification texts.
#[derive(Clone, Debug, Serialize)]
pub struct Justification {
    pub label: String,
    pub text: String,
}

/// A finding of the check on the policy.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

impl LegalBasis {
    /// `publieke taak (AVG art. 6 lid 1 sub e)`.
    fn shown(&self) -> String {
        if self.articles.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.articles.join(", "))
        }
    }
}

impl Task {
    /// The task's description (or name) with its article.
    fn shown(&self) -> String {
        let text = self
            .description
            .clone()
            .unwrap_or_else(|| self.name.clone());
        match &self.article {
            Some(a) => format!("{text} ({a})"),
            None => text,
        }
    }
}

impl Transfer {
    /// `Tool (buiten de EER; waarborg: ...)`.
    fn shown(&self, taal: Taal) -> String {
        let safeguard = self.safeguard.as_deref().unwrap_or(not_stated(taal));
        let word = taal.pick("waarborg", "safeguard");
        format!(
            "{} ({}; {word}: {safeguard})",
            self.processor, self.location
        )
    }
}

impl SourceEntry {
    /// `X (voorheen Twitter) “label” (openbaar)`.
    fn shown(&self) -> String {
        let mut text = self.platform.clone();
        if let Some(label) = &self.label {
            text.push_str(&format!(" \u{201c}{label}\u{201d}"));
        }
        if let Some(access) = &self.access {
            text.push_str(&format!(" ({access})"));
        }
        text
    }
}

impl Processor {
    /// The name with where it processes and whether there is an agreement.
    fn shown(&self, taal: Taal) -> String {
        let mut parts = Vec::new();
        if let Some(loc) = &self.location {
            parts.push(loc.clone());
        }
        match self.agreement {
            Some(true) => parts.push(
                taal.pick(
                    "verwerkersovereenkomst gesloten",
                    "processing agreement concluded",
                )
                .to_string(),
            ),
            Some(false) => parts.push(
                taal.pick("geen verwerkersovereenkomst", "no processing agreement")
                    .to_string(),
            ),
            None => {}
        }
        if parts.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, parts.join("; "))
        }
    }
}

impl Exception {
    /// The rule with its summary, who decided when, and the motivation.
    fn shown(&self, taal: Taal) -> String {
        let mut text = self.rule.clone();
        if let Some(s) = &self.rule_summary {
            text.push_str(&format!(" ({s})"));
        }
        let by = [self.decided_by.as_deref(), self.date.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !by.is_empty() {
            text.push_str(&format!(
                " \u{2014} {} {by}",
                taal.pick("besloten door", "decided by")
            ));
        }
        if let Some(m) = &self.motivation {
            text.push_str(&format!(
                ". {}: {m}",
                taal.pick("Motivering", "Justification")
            ));
        }
        text
    }
}

/// One element of the register as the stdlib declares it: an item of the
/// kind `registeronderdeel` (`stdlib/register/onderdelen.kader`). The
/// register shows the elements in the order they are written.
#[derive(Clone, Debug)]
pub struct Element {
    /// What the element shows: a field of `beleid` or one of [`ASSEMBLED`].
    pub key: String,
    pub label: Doc,
    /// The label on the public page; `None` for an internal element.
    pub public_label: Option<Doc>,
    /// For example `AVG art. 30 lid 1 sub b / GDPR Art. 30(1)(b)`.
    pub cite: Option<Doc>,
}

/// The elements the register assembles from more than one field of a
/// policy (or from `kader.toml` and the findings); every other element is
/// the policy's field of the same name.
pub const ASSEMBLED: &[&str] = &[
    "contact",
    "fg",
    "advies_fg",
    "doorgifte",
    "bronnen",
    "afwijkingen",
    "onderbouwing",
    "bevindingen",
];

/// One line of an entry as the renderers show it: a label, the article it
/// answers (if any) and the values.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    /// A stable key, used as the CSV column name.
    pub key: &'a str,
    pub label: &'a str,
    /// For example `AVG art. 30 lid 1 sub b`.
    pub law: Option<&'a str>,
    /// Shown in the internal register only.
    pub internal: bool,
    pub values: Vec<String>,
}

/// The policies of a file that the register shows: every `beleid` item
/// but those written only for tests (`alleen_voor_toetsen: ja`).
pub(crate) fn in_register<'a>(
    analysis: &'a Analysis,
    file: &'a crate::File,
    kind: &'a Kind,
) -> impl Iterator<Item = &'a CheckedItem> {
    file.checked
        .iter()
        .filter(move |i| i.kind == kind.id && !crate::check::is_test_only(&analysis.schema, i))
}

/// Builds the register from an analysis. Every `beleid` item in a policy
/// file becomes an entry, in file order, except a policy written only for
/// tests.
pub fn build(analysis: &Analysis, taal: Taal) -> Register {
    let ctx = Ctx::new(analysis, taal);
    let elements = ctx.elements();
    let mut entries = Vec::new();
    let mut other_errors = Vec::new();
    for file in analysis.policy_files() {
        let mut spans = Vec::new();
        if let Some(kind) = ctx.kind("beleid") {
            for item in file.checked.iter().filter(|i| i.kind == kind.id) {
                spans.push(item.span);
            }
            for item in in_register(analysis, file, kind) {
                entries.push(ctx.entry(file, kind, item, &elements));
            }
        }
        let mut codes: Vec<String> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| !spans.iter().any(|s| inside(*s, d.span)))
            .map(|d| d.code.to_string())
            .collect();
        codes.dedup();
        if !codes.is_empty() {
            other_errors.push(FileErrors {
                file: file.path.clone(),
                codes,
            });
        }
    }
    Register {
        gemeente: analysis.config.gemeente.clone(),
        taal,
        public: false,
        entries,
        elements,
        other_errors,
    }
}

impl Register {
    /// The transparency page for residents: without search terms, team
    /// names, internal justification texts, the motivation of exceptions,
    /// file paths and the wording of findings.
    pub fn public(&self) -> Register {
        let mut out = self.clone();
        out.public = true;
        out.other_errors.clear();
        for e in &mut out.entries {
            e.file.clear();
            e.keywords.clear();
            e.authorised.clear();
            e.justification.clear();
            e.findings.clear();
            for x in &mut e.exceptions {
                x.motivation = None;
            }
        }
        out
    }

    /// The lines of an entry as every renderer shows them, in the order of
    /// the elements; on the public page only the elements with a public
    /// label, under that label. Every entry has the same rows (the CSV
    /// columns).
    pub fn rows<'a>(&'a self, entry: &Entry) -> Vec<Row<'a>> {
        let taal = self.taal;
        self.elements
            .iter()
            .filter(|e| !self.public || e.public_label.is_some())
            .map(|e| {
                let label = match (&e.public_label, self.public) {
                    (Some(public), true) => public,
                    _ => &e.label,
                };
                Row {
                    key: &e.key,
                    label: label.get(taal),
                    law: e.cite.as_ref().map(|c| c.get(taal)),
                    internal: e.public_label.is_none(),
                    values: entry.values(&e.key, taal),
                }
            })
            .collect()
    }

    /// The register as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The title of the document.
    pub fn title(&self) -> String {
        let gemeente = self.gemeente.as_deref().unwrap_or("");
        match (self.public, self.taal) {
            (false, Taal::Nl) => format!("Register van verwerkingsactiviteiten {gemeente}")
                .trim_end()
                .to_string(),
            (false, Taal::En) => format!("Record of processing activities {gemeente}")
                .trim_end()
                .to_string(),
            (true, Taal::Nl) => format!("Online onderzoek door de gemeente {gemeente}")
                .trim_end()
                .to_string(),
            (true, Taal::En) => format!("Online research by the municipality {gemeente}")
                .trim_end()
                .to_string(),
        }
    }

    /// The opening paragraph of the document.
    pub fn intro(&self) -> &'static str {
        match (self.public, self.taal) {
            (false, Taal::Nl) => "Dit register beschrijft per beleid de verwerking van persoonsgegevens, met alle onderdelen die artikel 30 lid 1 van de AVG vraagt, de grondslag, de wettelijke taak en de vastgelegde afwijkingen. Het is samengesteld uit de beleidsbestanden; een beleid met fouten staat er ook in en is gemarkeerd als niet in orde.",
            (false, Taal::En) => "This record describes, per policy, the processing of personal data, with every element Article 30(1) GDPR asks for, the legal basis, the statutory task and the documented exceptions. It is compiled from the policy files; a policy with errors is included and marked as not compliant.",
            (true, Taal::Nl) => "De gemeente kijkt soms op internet en sociale media naar openbare berichten, bijvoorbeeld om de openbare orde te bewaren. Op deze pagina staat per onderwerp wat de gemeente bekijkt, waarom, welke gegevens zij daarbij gebruikt, hoe lang zij die bewaart en hoe u uw rechten kunt gebruiken.",
            (true, Taal::En) => "The municipality sometimes looks at public posts on the internet and social media, for example to keep public order. This page says, per subject, what the municipality looks at, why, which data it uses, how long it keeps that data and how you can use your rights.",
        }
    }

    /// Counts for the summary line: (entries, not compliant).
    pub fn counts(&self) -> (usize, usize) {
        let bad = self.entries.iter().filter(|e| !e.compliant).count();
        (self.entries.len(), bad)
    }
}

/// The word for "not stated".
pub fn not_stated(taal: Taal) -> &'static str {
    match taal {
        Taal::Nl => "niet ingevuld",
        Taal::En => "not stated",
    }
}

/// `values`, or the word for "none" when there are none.
fn none_if_empty(values: Vec<String>, taal: Taal) -> Vec<String> {
    if values.is_empty() {
        vec![match taal {
            Taal::Nl => "geen",
            Taal::En => "none",
        }
        .to_string()]
    } else {
        values
    }
}

/// The compliance status in words.
pub fn status_word(compliant: bool, public: bool, taal: Taal) -> &'static str {
    match (compliant, public, taal) {
        (true, _, Taal::Nl) => "in orde",
        (true, _, Taal::En) => "compliant",
        (false, false, Taal::Nl) => "NIET IN ORDE",
        (false, false, Taal::En) => "NOT COMPLIANT",
        (false, true, Taal::Nl) => "nog niet in orde: de gemeente past dit beleid aan",
        (false, true, Taal::En) => "not yet in order: the municipality is correcting this policy",
    }
}

impl Entry {
    /// The values of the element `key` (the `gegeven` of a
    /// `registeronderdeel`): what the register assembled for it, or else the
    /// policy's field of that name shown as text.
    pub fn values(&self, key: &str, taal: Taal) -> Vec<String> {
        let shown = |values: Vec<String>| none_if_empty(values, taal);
        match key {
            "contact" => self.contact.iter().cloned().collect(),
            "fg" => self.dpo.iter().cloned().collect(),
            "advies_fg" => self
                .dpo_advice
                .iter()
                .map(|d| format!("{d} ({})", self.dpo_advice_covers.shown(taal)))
                .collect(),
            "bijzondere_gegevens" => shown(self.special_data.clone()),
            "doorgifte" => shown(self.transfers.iter().map(|t| t.shown(taal)).collect()),
            "grondslag" => self.legal_basis.iter().map(LegalBasis::shown).collect(),
            "taak" => self.tasks.iter().map(Task::shown).collect(),
            "bronnen" => self.sources.iter().map(SourceEntry::shown).collect(),
            "verwerkers" => shown(self.processors.iter().map(|p| p.shown(taal)).collect()),
            "dpia" => self.dpia.iter().cloned().collect(),
            "afwijkingen" => shown(self.exceptions.iter().map(|x| x.shown(taal)).collect()),
            "onderbouwing" => self
                .justification
                .iter()
                .map(|j| format!("{}: {}", j.label, j.text))
                .collect(),
            "bevindingen" => shown(
                self.findings
                    .iter()
                    .map(|f| format!("[{}] {}: {}", f.code, f.severity.word(taal), f.message))
                    .collect(),
            ),
            field => self.fields.get(field).cloned().unwrap_or_default(),
        }
    }

    /// The number of warnings, in words (`2 waarschuwingen`), or `None`.
    pub fn warnings(&self, taal: Taal) -> Option<String> {
        let n = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        match (n, taal) {
            (0, _) => None,
            (1, Taal::Nl) => Some("1 waarschuwing".to_string()),
            (n, Taal::Nl) => Some(format!("{n} waarschuwingen")),
            (1, Taal::En) => Some("1 warning".to_string()),
            (n, Taal::En) => Some(format!("{n} warnings")),
        }
    }

    /// The codes of the errors, for the "not compliant" marking.
    pub fn error_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code.as_str())
            .collect();
        codes.dedup();
        codes
    }
}

/// What the builder needs at hand.
struct Ctx<'a> {
    analysis: &'a Analysis,
    taal: Taal,
    items: HashMap<ItemId, &'a CheckedItem>,
}

impl<'a> Ctx<'a> {
    fn new(analysis: &'a Analysis, taal: Taal) -> Ctx<'a> {
        let items = analysis
            .files
            .iter()
            .flat_map(|f| f.checked.iter())
            .filter_map(|i| i.item.map(|id| (id, i)))
            .collect();
        Ctx {
            analysis,
            taal,
            items,
        }
    }

    fn kind(&self, name: &str) -> Option<&'a Kind> {
        self.analysis.schema.kind_named(name)
    }

    /// The value of the field `name` (its Dutch spelling) of `item`.
    fn field<'i>(&self, kind: &Kind, item: &'i CheckedItem, name: &str) -> Option<&'i Value> {
        let field = kind.field_named(name)?;
        item.field(field.id).map(|f| &f.value.value)
    }

    fn text(&self, kind: &Kind, item: &CheckedItem, name: &str) -> Option<String> {
        match self.field(kind, item, name) {
            Some(Value::Text(s)) => Some(tidy(s)),
            _ => None,
        }
    }

    fn bool(&self, kind: &Kind, item: &CheckedItem, name: &str) -> Option<bool> {
        match self.field(kind, item, name) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// Every value of a field, a list or a single one, shown as text.
    fn shown(&self, kind: &Kind, item: &CheckedItem, name: &str) -> Vec<String> {
        match self.field(kind, item, name) {
            Some(Value::List(values)) => {
                values.iter().filter_map(|v| self.show(&v.value)).collect()
            }
            Some(v) => self.show(v).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// One value as text: vocabulary values by their name in the output
    /// language, items by their name.
    fn show(&self, value: &Value) -> Option<String> {
        match value {
            Value::Text(s) => Some(tidy(s)),
            Value::Number(n) => Some(n.to_string()),
            Value::Date(d) => Some(date(*d, self.taal)),
            Value::Period { start, end } => Some(period(*start, *end, self.taal)),
            Value::Duration(d) => Some(duration(*d, self.taal)),
            Value::Bool(b) => Some(yes_no(*b, self.taal).to_string()),
            Value::Variant(c, v) => self.variant(*c, *v),
            Value::Item(id) => self.item_name(*id),
            Value::RuleCode(code) => Some(code.to_string()),
            Value::List(values) => Some(
                values
                    .iter()
                    .filter_map(|v| self.show(&v.value))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Value::Invalid => None,
        }
    }

    /// A vocabulary value by its name in the output language, as words.
    fn variant(&self, choice: ChoiceId, variant: VariantId) -> Option<String> {
        let v = self.analysis.schema.choice(choice)?.variant(variant)?;
        Some(words(v.names.get(self.taal)))
    }

    /// A vocabulary value by the first phrase of its documentation (`X
    /// (voorheen Twitter)`, `Buiten de Europese Economische Ruimte`), or by
    /// its name when it has none.
    fn variant_phrase(&self, value: Option<&Value>) -> Option<String> {
        let Some(Value::Variant(c, v)) = value else {
            return value.and_then(|v| self.show(v));
        };
        let variant = self.analysis.schema.choice(*c)?.variant(*v)?;
        let phrase = variant.doc.as_ref().and_then(|d| {
            let text = d.get(self.taal);
            let end = text.find([',', ':', '.']).unwrap_or(text.len());
            let phrase = text.get(..end).unwrap_or(text).trim();
            (!phrase.is_empty()).then(|| tidy(phrase))
        });
        phrase.or_else(|| self.variant(*c, *v))
    }

    /// The Dutch spelling of a vocabulary value, for comparisons.
    fn variant_nl(&self, value: Option<&Value>) -> Option<&'a str> {
        let Some(Value::Variant(c, v)) = value else {
            return None;
        };
        let v = self.analysis.schema.choice(*c)?.variant(*v)?;
        Some(v.names.nl.as_str())
    }

    fn item_name(&self, id: ItemId) -> Option<String> {
        let def = self.analysis.symbols.item(id)?;
        let name = match self.taal {
            Taal::En => def.name_en.as_ref().unwrap_or(&def.name),
            Taal::Nl => &def.name,
        };
        Some(name.to_string())
    }

    /// The citation of an `artikel` item, for example `AVG art. 6 lid 1 sub e`.
    fn cite(&self, name: &str) -> Option<String> {
        self.analysis
            .article(name)
            .map(|a| a.cite)
            .filter(|c| !c.is_empty())
    }

    /// The elements of the register: the `registeronderdeel` items of the
    /// stdlib (and of local packs), in the order they are written.
    fn elements(&self) -> Vec<Element> {
        let Some(kind) = self.kind("registeronderdeel") else {
            return Vec::new();
        };
        let doc =
            |item: &CheckedItem, name: &str| self.text(kind, item, name).map(|t| Doc::parse(&t));
        self.analysis
            .files
            .iter()
            .flat_map(|f| f.checked.iter())
            .filter(|i| i.kind == kind.id)
            .filter_map(|item| {
                Some(Element {
                    key: self.text(kind, item, "gegeven")?,
                    label: doc(item, "label")?,
                    public_label: doc(item, "openbaar_label"),
                    cite: doc(item, "citeer"),
                })
            })
            .collect()
    }

    fn entry(
        &self,
        file: &crate::File,
        kind: &Kind,
        item: &CheckedItem,
        elements: &[Element],
    ) -> Entry {
        let taal = self.taal;
        let name = item.name().unwrap_or_default().to_string();
        let first = |field: &str| self.shown(kind, item, field).into_iter().next();
        let mut e = Entry {
            name: name.clone(),
            file: file.path.clone(),
            title: self
                .text(kind, item, "titel")
                .unwrap_or_else(|| name.clone()),
            description: self.description(file, item),
            controller: first("verantwoordelijke"),
            contact: self
                .text(kind, item, "gemeente")
                .or_else(|| self.analysis.config.gemeente.clone())
                .map(|g| match taal {
                    Taal::Nl => format!("Gemeente {g}"),
                    Taal::En => format!("Municipality of {g}"),
                }),
            dpo: self.analysis.config.fg.as_ref().map(|f| f.value.clone()),
            notify: first("informeren"),
            purpose: first("doel"),
            data_subjects: self.shown(kind, item, "betrokkenen"),
            data: self.shown(kind, item, "gegevens"),
            special_data: self.shown(kind, item, "bijzondere_gegevens"),
            criminal_data: self.bool(kind, item, "strafrechtelijke_gegevens"),
            recipients: self.shown(kind, item, "ontvangers"),
            retention: first("bewaartermijn"),
            security: self.text(kind, item, "beveiliging"),
            legal_basis: self.legal_basis(kind, item),
            tasks: self.tasks(kind, item),
            period: first("periode"),
            sources: self.sources(kind, item),
            dpia: self.dpia(kind, item),
            dpo_advice: first("fg_advies"),
            dpo_advice_covers: match self.text(kind, item, "fg_advies_over") {
                None => AdviceCovers::NotRecorded,
                Some(t) if !crate::fingerprint::is_fingerprint(&t) => AdviceCovers::Unreadable,
                Some(t) if t == self.analysis.fingerprint(item) => AdviceCovers::Current,
                Some(_) => AdviceCovers::Earlier,
            },
            transparency: self.text(kind, item, "informatie_betrokkenen"),
            rights: self.text(kind, item, "rechten"),
            exceptions: self.exceptions(kind, item),
            keywords: self.shown(kind, item, "zoektermen"),
            authorised: self.shown(kind, item, "geautoriseerd"),
            justification: self.justification(kind, item),
            summary: summary::paragraph(&self.facts(kind, item), taal),
            findings: file
                .diagnostics
                .iter()
                .filter(|d| inside(item.span, d.span))
                .map(|d| Finding {
                    code: d.code.to_string(),
                    severity: d.severity,
                    message: d.message.get(taal).to_string(),
                })
                .collect(),
            fields: elements
                .iter()
                .filter(|el| kind.field_named(&el.key).is_some())
                .map(|el| (el.key.clone(), self.shown(kind, item, &el.key)))
                .collect(),
            ..Entry::default()
        };
        (e.processors, e.transfers) = self.processors(kind, item);
        e.compliant = !e.findings.iter().any(|f| f.severity == Severity::Error);
        e
    }

    /// The vocabulary values of a list field: each one's Dutch name and its
    /// phrase in the output language, as it reads in a sentence.
    fn item_variants(&self, kind: &Kind, item: &CheckedItem, name: &str) -> Vec<(String, String)> {
        let Some(Value::List(values)) = self.field(kind, item, name) else {
            return Vec::new();
        };
        values
            .iter()
            .filter_map(|v| {
                let nl = self.variant_nl(Some(&v.value))?.to_string();
                let phrase = lower_first(&self.variant_phrase(Some(&v.value))?);
                Some((nl, phrase))
            })
            .collect()
    }

    /// The facts of a policy for its summary.
    fn facts(&self, kind: &Kind, item: &CheckedItem) -> summary::Facts {
        let phrases = |name: &str| -> Vec<String> {
            match self.field(kind, item, name) {
                Some(Value::List(values)) => values
                    .iter()
                    .filter_map(|v| self.variant_phrase(Some(&v.value)))
                    .map(|p| lower_first(&p))
                    .collect(),
                Some(v) => self
                    .variant_phrase(Some(v))
                    .map(|p| lower_first(&p))
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            }
        };
        let (start, end) = match self.field(kind, item, "periode") {
            Some(Value::Period { start, end }) => (Some(*start), *end),
            _ => (None, None),
        };
        let sources = self
            .sources(kind, item)
            .into_iter()
            .map(|s| in_sentence(&s.platform))
            .filter(|p| !p.is_empty())
            .collect();
        let mut task_articles: Vec<String> = self
            .tasks(kind, item)
            .into_iter()
            .filter_map(|t| t.article)
            .collect();
        task_articles.dedup();
        summary::Facts {
            automated: self.variant_nl(self.field(kind, item, "methode"))
                == Some("geautomatiseerd"),
            sources,
            data: phrases("gegevens"),
            purpose: phrases("doel").into_iter().next(),
            task_articles,
            start,
            end,
            start_words: start.map(|d| date(d, self.taal)),
            end_words: end.map(|d| date(d, self.taal)),
            retention: self.shown(kind, item, "bewaartermijn").into_iter().next(),
            authorised: !self.shown(kind, item, "geautoriseerd").is_empty(),
            recipients: self
                .item_variants(kind, item, "ontvangers")
                .into_iter()
                .filter(|(nl, _)| nl != "niemand")
                .map(|(_, phrase)| phrase)
                .collect(),
            no_recipients: self
                .item_variants(kind, item, "ontvangers")
                .iter()
                .any(|(nl, _)| nl == "niemand"),
            rights: self.text(kind, item, "rechten"),
            information: self.text(kind, item, "informatie_betrokkenen"),
        }
    }

    fn legal_basis(&self, kind: &Kind, item: &CheckedItem) -> Option<LegalBasis> {
        let Some(Value::Variant(c, v)) = self.field(kind, item, "grondslag") else {
            return None;
        };
        let variant = self.analysis.schema.choice(*c)?.variant(*v)?;
        Some(LegalBasis {
            name: words(variant.names.get(self.taal)),
            articles: variant
                .law
                .iter()
                .filter_map(|l| self.cite(&l.name))
                .collect(),
        })
    }

    fn tasks(&self, kind: &Kind, item: &CheckedItem) -> Vec<Task> {
        let mut tasks = Vec::new();
        for id in self.item_refs(kind, item, "taak") {
            let Some(task) = self.items.get(&id) else {
                continue;
            };
            let Some(task_kind) = self.analysis.schema.kind(task.kind) else {
                continue;
            };
            let article = match self.field(task_kind, task, "artikel") {
                Some(Value::Item(a)) => self
                    .analysis
                    .symbols
                    .item(*a)
                    .and_then(|def| self.cite(&def.name)),
                _ => None,
            };
            tasks.push(Task {
                name: self.item_name(id).unwrap_or_default(),
                description: self.text(task_kind, task, "omschrijving"),
                article,
            });
        }
        tasks
    }

    /// The processors, and the transfers of those outside the EEA.
    fn processors(&self, kind: &Kind, item: &CheckedItem) -> (Vec<Processor>, Vec<Transfer>) {
        let (mut processors, mut transfers) = (Vec::new(), Vec::new());
        for id in self.item_refs(kind, item, "verwerkers") {
            let Some(p) = self.items.get(&id) else {
                continue;
            };
            let Some(pk) = self.analysis.schema.kind(p.kind) else {
                continue;
            };
            let pname = self
                .text(pk, p, "naam")
                .or_else(|| self.item_name(id))
                .unwrap_or_default();
            let location_value = self.field(pk, p, "vestiging");
            let location = self.variant_phrase(location_value).map(|l| lower_first(&l));
            if self.variant_nl(location_value) == Some("buiten_eer") {
                transfers.push(Transfer {
                    processor: pname.clone(),
                    location: location.clone().unwrap_or_default(),
                    safeguard: self
                        .field(pk, p, "doorgiftewaarborg")
                        .and_then(|v| self.show(v)),
                });
            }
            processors.push(Processor {
                name: pname,
                location,
                agreement: self.bool(pk, p, "verwerkersovereenkomst"),
            });
        }
        (processors, transfers)
    }

    /// The DPIA's reference, when it was completed and its residual risk.
    fn dpia(&self, kind: &Kind, item: &CheckedItem) -> Option<String> {
        let Some(Value::Item(id)) = self.field(kind, item, "dpia") else {
            return None;
        };
        let d = self.items.get(id)?;
        let dk = self.analysis.schema.kind(d.kind)?;
        let mut text = self
            .text(dk, d, "kenmerk")
            .or_else(|| self.item_name(*id))
            .unwrap_or_default();
        if let Some(when) = self.shown(dk, d, "datum").into_iter().next() {
            let word = self.taal.pick("afgerond", "completed");
            text.push_str(&format!(", {word} {when}"));
        }
        if let Some(risk) = self.shown(dk, d, "restrisico").into_iter().next() {
            let word = self.taal.pick("restrisico", "residual risk");
            text.push_str(&format!(", {word} {risk}"));
        }
        Some(text)
    }

    fn sources(&self, kind: &Kind, item: &CheckedItem) -> Vec<SourceEntry> {
        let Some(field) = kind.field_named("bron") else {
            return Vec::new();
        };
        item.nested_in(field.id)
            .map(|source| SourceEntry {
                platform: self
                    .variant_phrase(source.name.as_ref().and_then(|n| n.value.as_ref()))
                    .or_else(|| source.name().map(str::to_string))
                    .unwrap_or_default(),
                label: source.label.clone(),
                access: self
                    .analysis
                    .schema
                    .kind(source.kind)
                    .and_then(|sk| self.shown(sk, source, "toegang").into_iter().next()),
            })
            .collect()
    }

    fn exceptions(&self, kind: &Kind, item: &CheckedItem) -> Vec<Exception> {
        let Some(field) = kind.field_named("afwijking") else {
            return Vec::new();
        };
        item.nested_in(field.id)
            .filter_map(|x| {
                let xk = self.analysis.schema.kind(x.kind)?;
                let rule = x.name().unwrap_or_default().to_string();
                Some(Exception {
                    rule_summary: self
                        .analysis
                        .rules
                        .get(&rule)
                        .and_then(|r| r.summary.as_ref())
                        .map(|s| s.get(self.taal).to_string()),
                    rule,
                    motivation: self.text(xk, x, "motivering"),
                    decided_by: self.shown(xk, x, "besloten_door").into_iter().next(),
                    date: self.shown(xk, x, "datum").into_iter().next(),
                })
            })
            .collect()
    }

    /// Cause, necessity, proportionality and subsidiarity, as far as written.
    fn justification(&self, kind: &Kind, item: &CheckedItem) -> Vec<Justification> {
        [
            ("aanleiding", "Aanleiding", "Cause"),
            ("noodzaak", "Noodzaak", "Necessity"),
            ("proportionaliteit", "Proportionaliteit", "Proportionality"),
            ("subsidiariteit", "Subsidiariteit", "Subsidiarity"),
        ]
        .into_iter()
        .filter_map(|(field, nl, en)| {
            Some(Justification {
                label: self.taal.pick(nl, en).to_string(),
                text: self.text(kind, item, field)?,
            })
        })
        .collect()
    }

    /// The items a reference field points at (one or a list).
    fn item_refs(&self, kind: &Kind, item: &CheckedItem, name: &str) -> Vec<ItemId> {
        match self.field(kind, item, name) {
            Some(Value::Item(id)) => vec![*id],
            Some(Value::List(values)) => values
                .iter()
                .filter_map(|v| match v.value {
                    Value::Item(id) => Some(id),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The `///` doc of the policy, in the output language.
    fn description(&self, file: &crate::File, item: &CheckedItem) -> Option<String> {
        if file.kind != FileKind::Policy {
            return None;
        }
        let tree_item = file.tree.items.get(item.tree_index)?;
        let doc = tree_item.doc.as_ref()?;
        let parsed = crate::schema::Doc::parse(&doc.text);
        let text = parsed.get(self.taal).trim().to_string();
        (!text.is_empty()).then(|| tidy(&text))
    }
}

/// Whether `inner` lies within `outer`.
fn inside(outer: crate::Span, inner: crate::Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

/// Joins the lines of a text block into running text.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with its first letter in lower case, for use inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A phrase from the stdlib's documentation, as it reads inside a sentence:
/// `Een nieuwssite` becomes `een nieuwssite`, but `X (voorheen Twitter)` and
/// `TikTok` keep their capitals.
fn in_sentence(phrase: &str) -> String {
    const ARTICLES: &[&str] = &["Een", "De", "Het", "A", "An", "The", "Another"];
    let first = phrase.split_whitespace().next().unwrap_or_default();
    if ARTICLES.contains(&first) {
        lower_first(phrase)
    } else {
        phrase.to_string()
    }
}

/// `openbare_orde` as `openbare orde`.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

fn yes_no(b: bool, taal: Taal) -> &'static str {
    match (b, taal) {
        (true, Taal::Nl) => "ja",
        (false, Taal::Nl) => "nee",
        (true, Taal::En) => "yes",
        (false, Taal::En) => "no",
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `12 mei 2024` / `12 May 2024`.
fn date(d: Date, taal: Taal) -> String {
    let months = match taal {
        Taal::Nl => &MONTHS_NL,
        Taal::En => &MONTHS_EN,
    };
    match months.get(usize::from(d.month).wrapping_sub(1)) {
        Some(m) => format!("{} {m} {}", d.day, d.year),
        None => d.to_string(),
    }
}

fn period(start: Date, end: Option<Date>, taal: Taal) -> String {
    match (end, taal) {
        (Some(end), Taal::Nl) => format!("{} tot en met {}", date(start, taal), date(end, taal)),
        (Some(end), Taal::En) => format!("{} to {}", date(start, taal), date(end, taal)),
        (None, Taal::Nl) => format!("vanaf {}, zonder einddatum", date(start, taal)),
        (None, Taal::En) => format!("from {}, without an end date", date(start, taal)),
    }
}

fn duration(d: Duration, taal: Taal) -> String {
    format!("{} {}", d.amount, d.unit.after(taal, d.amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_durations_read_as_words() {
        let d = Date::new(2024, 5, 12).unwrap();
        assert_eq!(date(d, Taal::Nl), "12 mei 2024");
        assert_eq!(date(d, Taal::En), "12 May 2024");
        assert_eq!(
            period(d, None, Taal::Nl),
            "vanaf 12 mei 2024, zonder einddatum"
        );
        let one = Duration {
            amount: 1,
            unit: crate::ast::DurationUnit::Month,
        };
        assert_eq!(duration(one, Taal::Nl), "1 maand");
        assert_eq!(words("openbare_orde"), "openbare orde");
    }

    #[test]
    fn the_elements_come_from_the_stdlib_and_name_what_the_register_knows() {
        let analysis = crate::analyse(&[], None);
        let register = build(&analysis, Taal::Nl);
        let beleid = analysis.schema.kind_named("beleid").unwrap();
        assert!(register.elements.len() >= 20, "{}", register.elements.len());
        let mut keys: Vec<&str> = register.elements.iter().map(|e| e.key.as_str()).collect();
        for key in &keys {
            assert!(
                ASSEMBLED.contains(key) || beleid.field_named(key).is_some(),
                "`{key}` is neither a field of `beleid` nor assembled by the register"
            );
        }
        for key in ASSEMBLED {
            assert!(keys.contains(key), "no element shows `{key}`");
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(
            keys.len(),
            register.elements.len(),
            "an element is declared twice"
        );
        // Every point of art. 30 lid 1 is answered, in both languages.
        for (sub, en) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip("abcdefg".chars())
        {
            let cites = |taal| {
                register
                    .elements
                    .iter()
                    .filter_map(|e| e.cite.as_ref())
                    .map(|c| c.get(taal).to_string())
                    .collect::<Vec<_>>()
            };
            let nl = format!("AVG art. 30 lid 1 sub {sub}");
            let english = format!("GDPR Art. 30(1)({en})");
            assert!(cites(Taal::Nl).iter().any(|c| c.starts_with(&nl)), "{nl}");
            assert!(
                cites(Taal::En).iter().any(|c| c.starts_with(&english)),
                "{english}"
            );
        }
    }

    #[test]
    fn every_entry_has_the_same_rows_and_the_public_page_no_internal_one() {
        let analysis = crate::analyse(&[], None);
        let register = build(&analysis, Taal::Nl);
        let a = Entry::default();
        let b = Entry {
            keywords: vec!["x".into()],
            ..Entry::default()
        };
        let keys = |r: &Register, e: &Entry| {
            r.rows(e)
                .iter()
                .map(|r| r.key.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&register, &a), keys(&register, &b));
        assert!(keys(&register, &a).contains(&"zoektermen".to_string()));
        let public = register.public();
        let rows = public.rows(&b);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| !r.internal));
        assert!(!rows
            .iter()
            .any(|r| r.key == "zoektermen" || r.key == "geautoriseerd"));
        let doel = rows.iter().find(|r| r.key == "doel").unwrap();
        assert_eq!(doel.label, "Waarom");
    }
}
