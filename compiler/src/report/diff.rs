//! What changed legally between two versions of a repository: the
//! comparison behind `kader diff`.
//!
//! [`compare`] takes two analyses (the old version and the new one) and
//! gives a [`Diff`]: plain data, in the output language. Per policy it says
//! whether the policy was added, removed, renamed (the same content under
//! another name) or changed, and for a changed one which elements of the
//! register changed, old → new, in the register's own words
//! ([`Register::rows`], the labels of `stdlib/register/onderdelen.kader`),
//! which findings appeared or disappeared, and which exceptions
//! (`afwijking`) were added or removed with their motivation. Shared items
//! (`team`, `verwerker`, `dpia`, a local `wettelijke_taak`, a rule of a
//! local pack) that were added, removed or changed are listed with the
//! policies they affect.
//!
//! Meaning, not text: both sides are compared as the checker and the
//! register read them (vocabulary values, names, dates and periods shown
//! the same way whatever the spelling), so a new layout, other comments or
//! the other language's spelling (`kader fmt --taal en`) is no change at
//! all ([`Diff::is_empty`]).
//!
//! A rule of a local pack is compared by what it is and says (severity,
//! waivability, summary, explanation, articles) and by its conditions and
//! message apart from where they are written. What a changed condition does
//! shows in the findings of the policies.

use super::{build, Ctx, Entry, Exception, Finding, Register, Row};
use crate::check::{CheckedItem, ItemId, Value};
use crate::diagnostics::Taal;
use crate::schema::Kind;
use crate::Analysis;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What changed between two versions of a repository.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// The language of the labels and values.
    pub taal: Taal,
    /// The policies that were added, removed, renamed or changed, by name.
    pub policies: Vec<PolicyChange>,
    /// The shared items that were added, removed or changed.
    pub shared: Vec<SharedChange>,
}

/// What happened to a policy or a shared item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    /// The same content under another name.
    Renamed,
    Changed,
}

impl Change {
    /// The change in words.
    pub fn word(self, taal: Taal) -> &'static str {
        match self {
            Change::Added => taal.pick("nieuw", "added"),
            Change::Removed => taal.pick("verwijderd", "removed"),
            Change::Renamed => taal.pick("hernoemd", "renamed"),
            Change::Changed => taal.pick("gewijzigd", "changed"),
        }
    }
}

/// A policy that was added, removed, renamed or changed.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyChange {
    pub change: Change,
    /// The name of the policy (in the new version, for a renamed one).
    pub name: String,
    /// The name it had before, for a renamed policy.
    pub old_name: Option<String>,
    pub title: String,
    /// The file it is written in (in the new version, unless removed).
    pub file: String,
    /// The elements that changed, old → new; for a new policy every
    /// element that has a value.
    pub elements: Vec<ElementChange>,
    /// Findings that are new.
    pub findings_added: Vec<Finding>,
    /// Findings that are gone.
    pub findings_removed: Vec<Finding>,
    /// Exceptions that were added, removed or changed.
    pub exceptions: Vec<ExceptionChange>,
}

/// One element (a line of the register, or another field of a policy or
/// shared item) with its old and new values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementChange {
    /// The element of the register (`bewaartermijn`), or the field.
    pub key: String,
    pub label: String,
    /// The article the element answers, for example `AVG art. 30 lid 1 sub f`.
    pub law: Option<String>,
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// An exception (`afwijking`) that was added, removed or changed.
#[derive(Clone, Debug, Serialize)]
pub struct ExceptionChange {
    pub change: Change,
    /// The rule it deviates from.
    pub rule: String,
    pub old: Option<Exception>,
    pub new: Option<Exception>,
}

/// A shared item that was added, removed or changed, with the policies it
/// affects.
#[derive(Clone, Debug, Serialize)]
pub struct SharedChange {
    pub change: Change,
    /// The kind of item, in the output language (`team`, `verwerker`,
    /// `regel`).
    pub kind: String,
    pub name: String,
    /// The fields that changed, old → new; for a new item every field.
    pub elements: Vec<ElementChange>,
    /// The policies that name the item, or that the item names (for a
    /// rule: the policies it finds something in), in either version.
    pub affected: Vec<String>,
}

impl Diff {
    /// Only what concerns one policy: its own change (also under its old
    /// name) and the changed shared items that affect it.
    pub fn about(mut self, policy: &str) -> Diff {
        self.policies
            .retain(|p| p.name == policy || p.old_name.as_deref() == Some(policy));
        self.shared
            .retain(|s| s.affected.iter().any(|a| a == policy));
        self
    }

    /// Whether nothing changed legally.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty() && self.shared.is_empty()
    }

    /// The diff as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// "geen juridische wijziging" in the output language.
    pub fn no_change(&self) -> &'static str {
        no_change(self.taal)
    }
}

/// The sentence for a diff without changes.
pub fn no_change(taal: Taal) -> &'static str {
    taal.pick("Geen juridische wijziging.", "No legal change.")
}

/// The elements of the register that [`PolicyChange`] lists apart.
const APART: &[&str] = &["afwijkingen", "bevindingen"];

/// The fields of `beleid` that an assembled element of the register shows
/// (in part): such a field is listed on its own only when that element did
/// not change.
const SHOWN_BY: &[(&str, &[&str])] = &[
    (
        "onderbouwing",
        &[
            "aanleiding",
            "noodzaak",
            "proportionaliteit",
            "subsidiariteit",
        ],
    ),
    ("bronnen", &["bron"]),
    ("doorgifte", &["verwerkers"]),
    ("afwijkingen", &["afwijking"]),
];

/// Compares the old and the new version of a repository.
pub fn compare(old: &Analysis, new: &Analysis, taal: Taal) -> Diff {
    let old_side = Side::new(old, taal);
    let new_side = Side::new(new, taal);
    let mut policies = Vec::new();
    let mut added: Vec<&str> = Vec::new();
    let mut removed: Vec<&str> = Vec::new();
    for (name, policy) in &new_side.policies {
        match old_side.policies.get(name) {
            Some(before) => {
                if let Some(change) = changed(before, policy) {
                    policies.push(change);
                }
            }
            None => added.push(name),
        }
    }
    for name in old_side.policies.keys() {
        if !new_side.policies.contains_key(name) {
            removed.push(name);
        }
    }
    // A removed policy whose content is that of an added one was renamed.
    let mut renamed: Vec<(&str, &str)> = Vec::new();
    for gone in &removed {
        let Some(before) = old_side.policies.get(*gone) else {
            continue;
        };
        let same = added.iter().find(|name| {
            !renamed.iter().any(|(_, to)| to == *name)
                && new_side
                    .policies
                    .get(**name)
                    .is_some_and(|p| p.content == before.content)
        });
        if let Some(to) = same {
            renamed.push((gone, to));
        }
    }
    for (from, to) in &renamed {
        if let Some(policy) = new_side.policies.get(*to) {
            policies.push(PolicyChange {
                change: Change::Renamed,
                name: policy.entry.name.clone(),
                old_name: Some((*from).to_string()),
                title: policy.entry.title.clone(),
                file: policy.entry.file.clone(),
                elements: Vec::new(),
                findings_added: Vec::new(),
                findings_removed: Vec::new(),
                exceptions: Vec::new(),
            });
        }
    }
    for name in added.iter().filter(|n| !renamed.iter().any(|r| r.1 == **n)) {
        if let Some(policy) = new_side.policies.get(*name) {
            policies.push(PolicyChange {
                change: Change::Added,
                name: policy.entry.name.clone(),
                old_name: None,
                title: policy.entry.title.clone(),
                file: policy.entry.file.clone(),
                elements: policy
                    .content
                    .iter()
                    .filter(|e| !e.new.is_empty())
                    .cloned()
                    .collect(),
                findings_added: policy.entry.findings.clone(),
                findings_removed: Vec::new(),
                exceptions: policy
                    .entry
                    .exceptions
                    .iter()
                    .map(|x| ExceptionChange {
                        change: Change::Added,
                        rule: x.rule.clone(),
                        old: None,
                        new: Some(x.clone()),
                    })
                    .collect(),
            });
        }
    }
    for name in removed
        .iter()
        .filter(|n| !renamed.iter().any(|r| r.0 == **n))
    {
        if let Some(policy) = old_side.policies.get(*name) {
            policies.push(PolicyChange {
                change: Change::Removed,
                name: policy.entry.name.clone(),
                old_name: None,
                title: policy.entry.title.clone(),
                file: policy.entry.file.clone(),
                elements: Vec::new(),
                findings_added: Vec::new(),
                findings_removed: Vec::new(),
                exceptions: Vec::new(),
            });
        }
    }
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    let mut shared = shared_changes(&old_side, &new_side);
    shared.extend(rule_changes(&old_side, &new_side));
    Diff {
        taal,
        policies,
        shared,
    }
}

/// One version of the repository, read for the comparison.
struct Side<'a> {
    analysis: &'a Analysis,
    ctx: Ctx<'a>,
    /// The policies by name (the first of a name that is used twice).
    policies: BTreeMap<String, Policy<'a>>,
}

/// A policy as the comparison sees it.
struct Policy<'a> {
    entry: Entry,
    item: &'a CheckedItem,
    /// Every element of the register and every other field, as old = []
    /// and new = the values: what two policies must share to be the same.
    content: Vec<ElementChange>,
}

impl<'a> Side<'a> {
    fn new(analysis: &'a Analysis, taal: Taal) -> Side<'a> {
        let ctx = Ctx::new(analysis, taal);
        let register = build(analysis, taal);
        let kind = ctx.kind("beleid");
        // `build` makes one entry per `beleid` item of the policy files, in
        // this order.
        let items = analysis.policy_files().flat_map(|f| {
            kind.into_iter()
                .flat_map(|k| super::in_register(analysis, f, k))
        });
        let mut policies = BTreeMap::new();
        for (entry, item) in register.entries.iter().zip(items) {
            if policies.contains_key(&entry.name) {
                continue;
            }
            let content = kind
                .map(|k| content(&ctx, &register, entry, k, item))
                .unwrap_or_default();
            policies.insert(
                entry.name.clone(),
                Policy {
                    entry: entry.clone(),
                    item,
                    content,
                },
            );
        }
        Side {
            analysis,
            ctx,
            policies,
        }
    }

    /// The name of the item `id` as the comparison keys it.
    fn item_name(&self, id: ItemId) -> Option<&'a str> {
        self.analysis.symbols.item(id).map(|d| d.name.as_str())
    }

    /// The policies that name the item `id` (anywhere in their fields), or
    /// that the item itself names.
    fn affected(&self, id: ItemId, item: &CheckedItem) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (name, policy) in &self.policies {
            let named_by_item = policy.item.item.is_some_and(|p| names(item, p));
            if names(policy.item, id) || named_by_item {
                out.insert(name.clone());
            }
        }
        out
    }
}

/// The register rows of a policy (apart from findings and exceptions),
/// then its other fields, each as an element with only new values.
fn content(
    ctx: &Ctx<'_>,
    register: &Register,
    entry: &Entry,
    kind: &Kind,
    item: &CheckedItem,
) -> Vec<ElementChange> {
    let taal = ctx.taal;
    let mut out: Vec<ElementChange> = Vec::new();
    if let Some(d) = &entry.description {
        out.push(ElementChange {
            key: "omschrijving".to_string(),
            label: taal.pick("Omschrijving", "Description").to_string(),
            law: None,
            old: Vec::new(),
            new: vec![d.clone()],
        });
    }
    let rows: Vec<Row<'_>> = register.rows(entry);
    for row in &rows {
        if APART.contains(&row.key) {
            continue;
        }
        out.push(ElementChange {
            key: row.key.to_string(),
            label: row.label.to_string(),
            law: row.law.map(str::to_string),
            old: Vec::new(),
            new: row.values.clone(),
        });
    }
    let keys: BTreeSet<&str> = rows.iter().map(|r| r.key).collect();
    for field in fields(ctx, kind, item) {
        if keys.contains(field.key.as_str()) || field.key == "afwijking" {
            continue;
        }
        out.push(field);
    }
    out
}

/// Every field of `item` that the kind declares, in the kind's order, with
/// its value shown in words (a nested item as its name, label and fields).
fn fields(ctx: &Ctx<'_>, kind: &Kind, item: &CheckedItem) -> Vec<ElementChange> {
    let taal = ctx.taal;
    let mut out = Vec::new();
    for def in &kind.fields {
        let values: Vec<String> = if def.nested {
            item.nested_in(def.id).map(|n| nested(ctx, n)).collect()
        } else {
            match item.field(def.id).map(|f| &f.value.value) {
                Some(Value::List(values)) => {
                    values.iter().filter_map(|v| ctx.show(&v.value)).collect()
                }
                Some(v) => ctx.show(v).into_iter().collect(),
                None => Vec::new(),
            }
        };
        out.push(ElementChange {
            key: def.names.nl.clone(),
            label: capitalised(&def.names.get(taal).replace('_', " ")),
            law: None,
            old: Vec::new(),
            new: values,
        });
    }
    out
}

/// A nested item in words: `facebook “label” (toegang: openbaar; ...)`.
fn nested(ctx: &Ctx<'_>, item: &CheckedItem) -> String {
    let mut text = match item.name.as_ref() {
        Some(name) => match &name.value {
            Some(v) => ctx.show(v).unwrap_or_else(|| name.text.to_string()),
            None => name.text.to_string(),
        },
        None => String::new(),
    };
    if let Some(label) = &item.label {
        text.push_str(&format!(" \u{201c}{label}\u{201d}"));
    }
    let parts: Vec<String> = ctx
        .analysis
        .schema
        .kind(item.kind)
        .map(|k| fields(ctx, k, item))
        .unwrap_or_default()
        .into_iter()
        .filter(|f| !f.new.is_empty())
        .map(|f| format!("{}: {}", f.label.to_lowercase(), f.new.join(", ")))
        .collect();
    if !parts.is_empty() {
        text.push_str(&format!(" ({})", parts.join("; ")));
    }
    text.trim().to_string()
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `item` names the item `id` in one of its fields, at any depth.
fn names(item: &CheckedItem, id: ItemId) -> bool {
    fn in_value(value: &Value, id: ItemId) -> bool {
        match value {
            Value::Item(i) => *i == id,
            Value::List(values) => values.iter().any(|v| in_value(&v.value, id)),
            _ => false,
        }
    }
    item.fields.iter().any(|f| in_value(&f.value.value, id))
        || item.nested.iter().any(|n| names(&n.item, id))
}

/// The change of a policy that is in both versions, if anything changed.
fn changed(before: &Policy<'_>, after: &Policy<'_>) -> Option<PolicyChange> {
    let mut elements: Vec<ElementChange> = Vec::new();
    let old_by_key: HashMap<&str, &ElementChange> =
        before.content.iter().map(|e| (e.key.as_str(), e)).collect();
    for element in &after.content {
        let old = old_by_key
            .get(element.key.as_str())
            .map(|e| e.new.clone())
            .unwrap_or_default();
        if old != element.new {
            elements.push(ElementChange {
                old,
                ..element.clone()
            });
        }
    }
    // Elements only the old version had (a field of a local kind that is
    // gone).
    for element in &before.content {
        if !after.content.iter().any(|e| e.key == element.key) && !element.new.is_empty() {
            elements.push(ElementChange {
                old: element.new.clone(),
                new: Vec::new(),
                ..element.clone()
            });
        }
    }
    // A field shown by an assembled element that changed is not repeated.
    let changed_keys: BTreeSet<String> = elements.iter().map(|e| e.key.clone()).collect();
    elements.retain(|e| {
        !SHOWN_BY
            .iter()
            .any(|(by, fields)| fields.contains(&e.key.as_str()) && changed_keys.contains(*by))
    });
    let (findings_added, findings_removed) =
        finding_changes(&before.entry.findings, &after.entry.findings);
    let exceptions = exception_changes(&before.entry.exceptions, &after.entry.exceptions);
    if elements.is_empty()
        && findings_added.is_empty()
        && findings_removed.is_empty()
        && exceptions.is_empty()
    {
        return None;
    }
    Some(PolicyChange {
        change: Change::Changed,
        name: after.entry.name.clone(),
        old_name: None,
        title: after.entry.title.clone(),
        file: after.entry.file.clone(),
        elements,
        findings_added,
        findings_removed,
        exceptions,
    })
}

/// The findings that appeared and those that disappeared. A finding is
/// the same when its code and severity are: its wording quotes the policy
/// in its own spelling, which is no change in meaning.
fn finding_changes(old: &[Finding], new: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let key = |f: &Finding| (f.code.clone(), f.severity);
    let mut left: Vec<&Finding> = old.iter().collect();
    let mut added = Vec::new();
    for f in new {
        match left.iter().position(|o| key(o) == key(f)) {
            Some(at) => {
                left.remove(at);
            }
            None => added.push(f.clone()),
        }
    }
    (added, left.into_iter().cloned().collect())
}

/// The exceptions that were added, removed or changed, by rule.
fn exception_changes(old: &[Exception], new: &[Exception]) -> Vec<ExceptionChange> {
    let same = |a: &Exception, b: &Exception| {
        (&a.motivation, &a.decided_by, &a.date) == (&b.motivation, &b.decided_by, &b.date)
    };
    let mut out = Vec::new();
    for x in new {
        match old.iter().find(|o| o.rule == x.rule) {
            None => out.push(ExceptionChange {
                change: Change::Added,
                rule: x.rule.clone(),
                old: None,
                new: Some(x.clone()),
            }),
            Some(o) if !same(o, x) => out.push(ExceptionChange {
                change: Change::Changed,
                rule: x.rule.clone(),
                old: Some(o.clone()),
                new: Some(x.clone()),
            }),
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|x| x.rule == o.rule) {
            out.push(ExceptionChange {
                change: Change::Removed,
                rule: o.rule.clone(),
                old: Some(o.clone()),
                new: None,
            });
        }
    }
    out
}

/// A shared item of one version: its kind, fields and who it affects.
struct Shared {
    kind: String,
    fields: Vec<ElementChange>,
    affected: BTreeSet<String>,
}

/// The top-level items of the repository's own files that are not
/// policies, by kind (its Dutch name) and name.
fn shared_items(side: &Side<'_>) -> BTreeMap<(String, String), Shared> {
    let mut out = BTreeMap::new();
    for file in side.analysis.policy_files() {
        for item in file.checked.iter() {
            let Some(kind) = side.analysis.schema.kind(item.kind) else {
                continue;
            };
            let Some(id) = item.item else {
                continue;
            };
            if kind.names.nl == "beleid" {
                continue;
            }
            let Some(name) = side.item_name(id) else {
                continue;
            };
            let key = (kind.names.nl.clone(), name.to_string());
            out.entry(key).or_insert_with(|| Shared {
                kind: kind.names.get(side.ctx.taal).replace('_', " "),
                fields: fields(&side.ctx, kind, item),
                affected: side.affected(id, item),
            });
        }
    }
    out
}

fn shared_changes(old: &Side<'_>, new: &Side<'_>) -> Vec<SharedChange> {
    let before = shared_items(old);
    let after = shared_items(new);
    let mut out = Vec::new();
    for ((kind, name), now) in &after {
        match before.get(&(kind.clone(), name.clone())) {
            None => out.push(SharedChange {
                change: Change::Added,
                kind: now.kind.clone(),
                name: name.clone(),
                elements: now
                    .fields
                    .iter()
                    .filter(|f| !f.new.is_empty())
                    .cloned()
                    .collect(),
                affected: now.affected.iter().cloned().collect(),
            }),
            Some(was) => {
                let elements: Vec<ElementChange> = now
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let old = was
                            .fields
                            .iter()
                            .find(|o| o.key == f.key)
                            .map(|o| o.new.clone())
                            .unwrap_or_default();
                        (old != f.new).then(|| ElementChange { old, ..f.clone() })
                    })
                    .collect();
                if !elements.is_empty() {
                    out.push(SharedChange {
                        change: Change::Changed,
                        kind: now.kind.clone(),
                        name: name.clone(),
                        elements,
                        affected: now.affected.union(&was.affected).cloned().collect(),
                    });
                }
            }
        }
    }
    for ((kind, name), was) in &before {
        if !after.contains_key(&(kind.clone(), name.clone())) {
            out.push(SharedChange {
                change: Change::Removed,
                kind: was.kind.clone(),
                name: name.clone(),
                elements: Vec::new(),
                affected: was.affected.iter().cloned().collect(),
            });
        }
    }
    out
}

/// A rule of a local pack as the comparison sees it.
struct LocalRule {
    fields: Vec<ElementChange>,
    /// Its conditions, message and fix apart from where they are written.
    body: String,
}

/// The rules of the repository's own files (not the stdlib), by code.
fn local_rules(side: &Side<'_>) -> BTreeMap<String, LocalRule> {
    let taal = side.ctx.taal;
    let rules = &side.analysis.rules;
    let mut out = BTreeMap::new();
    for (rule, source) in rules.rules.iter().zip(&rules.sources) {
        if source.starts_with("stdlib/") || out.contains_key(rule.code.as_str()) {
            continue;
        }
        let text = |t: &Option<crate::Text>| t.iter().map(|t| t.get(taal).to_string()).collect();
        let law: Vec<String> = rule
            .law
            .iter()
            .map(|l| without_spans(&format!("{l:?}")))
            .collect();
        let field = |key: &str, nl: &str, en: &str, new: Vec<String>| ElementChange {
            key: key.to_string(),
            label: taal.pick(nl, en).to_string(),
            law: None,
            old: Vec::new(),
            new,
        };
        let fields = vec![
            field(
                "ernst",
                "Ernst",
                "Severity",
                vec![rule.severity.word(taal).to_string()],
            ),
            field(
                "afwijkbaar",
                "Afwijking mogelijk",
                "Exception possible",
                vec![super::yes_no(rule.waivable, taal).to_string()],
            ),
            field(
                "samenvatting",
                "Samenvatting",
                "Summary",
                text(&rule.summary),
            ),
            field("uitleg", "Uitleg", "Explanation", text(&rule.explanation)),
            field("wet", "Wetsartikelen", "Articles", law),
        ];
        let body = without_spans(&format!(
            "{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
            rule.clauses,
            rule.point,
            rule.also,
            rule.message,
            rule.help,
            rule.fix,
            rule.justification
        ));
        out.insert(rule.code.to_string(), LocalRule { fields, body });
    }
    out
}

/// A debug rendering without the places things are written.
fn without_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("Span {") {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str("Span");
        let after = rest.get(at..).unwrap_or_default();
        match after.find('}') {
            Some(end) => rest = after.get(end + 1..).unwrap_or_default(),
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The policies with a finding of `code`.
fn found_in(side: &Side<'_>, code: &str) -> BTreeSet<String> {
    side.policies
        .iter()
        .filter(|(_, p)| p.entry.findings.iter().any(|f| f.code == code))
        .map(|(name, _)| name.clone())
        .collect()
}

fn rule_changes(old: &Side<'_>, new: &Side<'_>) -> Vec<SharedChange> {
    let taal = new.ctx.taal;
    let kind = taal.pick("regel", "rule").to_string();
    let before = local_rules(old);
    let after = local_rules(new);
    let affected = |code: &str| -> Vec<String> {
        found_in(old, code)
            .union(&found_in(new, code))
            .cloned()
            .collect()
    };
    let mut out = Vec::new();
    for (code, now) in &after {
        let (change, elements) = match before.get(code) {
            None => (
                Change::Added,
                now.fields
                    .iter()
                    .filter(|f| !f.new.is_empty())
                    .cloned()
                    .collect(),
            ),
            Some(was) => {
                let mut elements: Vec<ElementChange> = now
                    .fields
                    .iter()
                    .zip(&was.fields)
                    .filter(|(n, o)| n.new != o.new)
                    .map(|(n, o)| ElementChange {
                        old: o.new.clone(),
                        ..n.clone()
                    })
                    .collect();
                if was.body != now.body {
                    elements.push(ElementChange {
                        key: "voorwaarden".to_string(),
                        label: taal
                            .pick("Voorwaarden of melding", "Conditions or message")
                            .to_string(),
                        law: None,
                        old: vec![taal.pick("vorige versie", "previous version").to_string()],
                        new: vec![taal.pick("gewijzigd", "changed").to_string()],
                    });
                }
                if elements.is_empty() {
                    continue;
                }
                (Change::Changed, elements)
            }
        };
        out.push(SharedChange {
            change,
            kind: kind.clone(),
            name: code.clone(),
            elements,
            affected: affected(code),
        });
    }
    for code in before.keys() {
        if !after.contains_key(code) {
            out.push(SharedChange {
                change: Change::Removed,
                kind: kind.clone(),
                name: code.clone(),
                elements: Vec::new(),
                affected: affected(code),
            });
        }
    }
    out
}

/// The values of one side in words: joined, or "niet ingevuld".
fn values(values: &[String], taal: Taal) -> String {
    if values.is_empty() {
        super::not_stated(taal).to_string()
    } else {
        values.join("; ")
    }
}

/// The heading of a policy: `webcare — Webcare: ...` (with the old name
/// for a renamed one).
fn policy_heading(p: &PolicyChange, taal: Taal, code: fn(&str) -> String) -> String {
    let mut text = format!("{} {}", taal.pick("Beleid", "Policy"), code(&p.name));
    if let Some(old) = &p.old_name {
        text.push_str(&format!(
            " ({} {})",
            taal.pick("voorheen", "was"),
            code(old)
        ));
    }
    if p.title != p.name {
        text.push_str(&format!(" \u{2014} {}", p.title));
    }
    text
}

/// An exception in words: the rule, who decided when, and the motivation.
fn exception_line(x: &Exception, taal: Taal) -> String {
    x.shown(taal)
}

/// The diff as Markdown, for a comment on a pull or merge request: a
/// heading, one section per policy with a table of old → new, the
/// findings with their severity, the exceptions with their motivation, and
/// the shared items with the policies they affect.
pub fn markdown(diff: &Diff) -> String {
    let taal = diff.taal;
    let code = |s: &str| format!("`{}`", s.replace('`', "'"));
    let mut out = format!(
        "## {}\n\n",
        taal.pick("kader: juridische wijzigingen", "kader: legal changes")
    );
    if diff.is_empty() {
        out.push_str(diff.no_change());
        out.push('\n');
        return out;
    }
    out.push_str(&summary(diff));
    out.push_str("\n\n");
    let (what, was, becomes) = (
        taal.pick("Onderdeel", "Element"),
        taal.pick("Was", "Was"),
        taal.pick("Wordt", "Becomes"),
    );
    let table = |elements: &[ElementChange], out: &mut String| {
        if elements.is_empty() {
            return;
        }
        out.push_str(&format!("| {what} | {was} | {becomes} |\n|---|---|---|\n"));
        for e in elements {
            let label = match &e.law {
                Some(law) => format!("{} <sub>{}</sub>", cell(&e.label), cell(law)),
                None => cell(&e.label),
            };
            let cells = |v: &[String]| {
                if v.is_empty() {
                    format!("*{}*", super::not_stated(taal))
                } else {
                    v.iter().map(|s| cell(s)).collect::<Vec<_>>().join("<br>")
                }
            };
            out.push_str(&format!(
                "| {label} | {} | {} |\n",
                cells(&e.old),
                cells(&e.new)
            ));
        }
        out.push('\n');
    };
    for p in &diff.policies {
        out.push_str(&format!(
            "### {} ({})\n\n",
            policy_heading(p, taal, |s| format!("`{}`", s.replace('`', "'"))),
            p.change.word(taal)
        ));
        if !p.file.is_empty() {
            out.push_str(&format!(
                "{}: {}\n\n",
                taal.pick("Bestand", "File"),
                code(&p.file)
            ));
        }
        table(&p.elements, &mut out);
        let findings = |title: &str, list: &[Finding], out: &mut String| {
            if list.is_empty() {
                return;
            }
            out.push_str(&format!("**{title}**\n\n"));
            for f in list {
                out.push_str(&format!(
                    "- **{}** {}: {}\n",
                    f.severity.word(taal),
                    code(&f.code),
                    f.message
                ));
            }
            out.push('\n');
        };
        findings(
            taal.pick("Nieuwe bevindingen", "New findings"),
            &p.findings_added,
            &mut out,
        );
        findings(
            taal.pick("Vervallen bevindingen", "Findings that are gone"),
            &p.findings_removed,
            &mut out,
        );
        if !p.exceptions.is_empty() {
            out.push_str(&format!(
                "**{}**\n\n",
                taal.pick("Afwijkingen", "Exceptions")
            ));
            for x in &p.exceptions {
                out.push_str(&format!("- {}", x.change.word(taal)));
                match (&x.old, &x.new) {
                    (Some(o), Some(n)) => out.push_str(&format!(
                        ": {} \u{2192} {}\n",
                        exception_line(o, taal),
                        exception_line(n, taal)
                    )),
                    (_, Some(x)) | (Some(x), None) => {
                        out.push_str(&format!(": {}\n", exception_line(x, taal)));
                    }
                    (None, None) => out.push_str(&format!(": {}\n", code(&x.rule))),
                }
            }
            out.push('\n');
        }
    }
    if !diff.shared.is_empty() {
        out.push_str(&format!(
            "### {}\n\n",
            taal.pick("Gedeelde onderdelen", "Shared items")
        ));
        for s in &diff.shared {
            out.push_str(&format!(
                "#### {} {} ({})\n\n",
                capitalised(&s.kind),
                code(&s.name),
                s.change.word(taal)
            ));
            table(&s.elements, &mut out);
            out.push_str(&format!(
                "{}: {}\n\n",
                taal.pick("Raakt", "Affects"),
                affected(&s.affected, taal, code)
            ));
        }
    }
    out
}

/// The policies a shared change affects, or "geen beleid".
fn affected(names: &[String], taal: Taal, code: impl Fn(&str) -> String) -> String {
    if names.is_empty() {
        taal.pick("geen beleid", "no policy").to_string()
    } else {
        names.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ")
    }
}

/// One line: how many policies and shared items changed.
fn summary(diff: &Diff) -> String {
    let taal = diff.taal;
    let count = |c: Change| diff.policies.iter().filter(|p| p.change == c).count();
    let mut parts = Vec::new();
    for c in [
        Change::Changed,
        Change::Added,
        Change::Removed,
        Change::Renamed,
    ] {
        let n = count(c);
        if n > 0 {
            parts.push(format!("{n} {}", c.word(taal)));
        }
    }
    let policies = if parts.is_empty() {
        taal.pick("Geen beleid gewijzigd", "No policy changed")
            .to_string()
    } else {
        format!("{}: {}", taal.pick("Beleid", "Policies"), parts.join(", "))
    };
    let shared = diff.shared.len();
    format!(
        "{policies}; {}: {shared}.",
        taal.pick("gedeelde onderdelen gewijzigd", "shared items changed")
    )
}

/// A value in a table cell: on one line, without breaking the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The diff as text for the terminal.
pub fn human(diff: &Diff) -> String {
    let taal = diff.taal;
    if diff.is_empty() {
        return format!("{}\n", diff.no_change());
    }
    let plain = |s: &str| s.to_string();
    let mut out = format!("{}\n", summary(diff));
    let element = |e: &ElementChange, out: &mut String| {
        if e.old.is_empty() {
            out.push_str(&format!("  {}: {}\n", e.label, values(&e.new, taal)));
        } else {
            out.push_str(&format!(
                "  {}: {} \u{2192} {}\n",
                e.label,
                values(&e.old, taal),
                values(&e.new, taal)
            ));
        }
    };
    for p in &diff.policies {
        out.push_str(&format!(
            "\n{} ({})\n",
            policy_heading(p, taal, |s| s.to_string()),
            p.change.word(taal)
        ));
        for e in &p.elements {
            element(e, &mut out);
        }
        for (sign, list) in [("+", &p.findings_added), ("-", &p.findings_removed)] {
            for f in list.iter() {
                out.push_str(&format!(
                    "  {sign} [{}] {}: {}\n",
                    f.code,
                    f.severity.word(taal),
                    f.message
                ));
            }
        }
        for x in &p.exceptions {
            let shown = x.new.as_ref().or(x.old.as_ref());
            out.push_str(&format!(
                "  {} {}: ",
                taal.pick("Afwijking", "Exception"),
                x.change.word(taal)
            ));
            match shown {
                Some(s) => out.push_str(&format!("{}\n", exception_line(s, taal))),
                None => out.push_str(&format!("{}\n", x.rule)),
            }
        }
    }
    for s in &diff.shared {
        out.push_str(&format!(
            "\n{} {} ({}) \u{2014} {}: {}\n",
            capitalised(&s.kind),
            s.name,
            s.change.word(taal),
            taal.pick("raakt", "affects"),
            affected(&s.affected, taal, plain)
        ));
        for e in &s.elements {
            element(e, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn where_a_rule_is_written_is_left_out_of_its_comparison() {
        let a = "Clause { span: Span { file: FileId(3), start: 10, end: 20 }, op: Gt }";
        let b = "Clause { span: Span { file: FileId(9), start: 1, end: 2 }, op: Gt }";
        assert_eq!(without_spans(a), without_spans(b));
        assert_eq!(without_spans(a), "Clause { span: Span, op: Gt }");
        // What is not a place still counts.
        let c = "Clause { span: Span { file: FileId(3), start: 10, end: 20 }, op: Lt }";
        assert_ne!(without_spans(a), without_spans(c));
        assert_eq!(without_spans("Span {"), "Span");
    }

    #[test]
    fn the_same_finding_in_other_words_is_no_change() {
        let f = |code: &str, severity, message: &str| Finding {
            code: code.to_string(),
            severity,
            message: message.to_string(),
        };
        let old = [
            f("K1", Severity::Warning, "veld `bewaartermijn`"),
            f("K2", Severity::Info, "x"),
        ];
        let new = [
            f("K1", Severity::Warning, "field `retention`"),
            f("K2", Severity::Error, "x"),
            f("K3", Severity::Info, "y"),
        ];
        let (added, removed) = finding_changes(&old, &new);
        let codes = |l: &[Finding]| -> Vec<(String, Severity)> {
            l.iter().map(|f| (f.code.clone(), f.severity)).collect()
        };
        assert_eq!(
            codes(&added),
            [
                ("K2".to_string(), Severity::Error),
                ("K3".to_string(), Severity::Info)
            ]
        );
        assert_eq!(codes(&removed), [("K2".to_string(), Severity::Info)]);
    }
}
