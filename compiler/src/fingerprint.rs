//! The fingerprint (`vingerafdruk`) of a policy's meaning: a SHA-256 over a
//! canonical form of what the checker made of the policy and of the
//! repository's items it refers to. The data protection officer (FG)
//! records it with the advice (`fg_advies_over`), so that a later change of
//! the policy is noticed (rule AVG-FG-VEROUDERD).
//!
//! # The canonical form, version `kader-vingerafdruk/1`
//!
//! A text of lines, `\n`-separated, starting with the line
//! `kader-vingerafdruk/1`. Then one block per item: first the policy, then
//! every item of the repository it refers to, directly or through another
//! referenced item (each once), ordered by kind and name. A block is
//!
//! ```text
//! item <kind> <name>
//! label "<label>"                 (only for a nested item with a label)
//! veld <field> <value>            (one per field, ordered by field name)
//! genest <field>                  (one per nested item, ordered by field
//! ...the nested item's block...    name, then by the nested block's text)
//! einde
//! ```
//!
//! Every name is the Dutch (or only) spelling the schema or the item's
//! definition gives, whichever spelling the file uses. Values:
//!
//! - text: a JSON string (so quotes and line breaks are escaped);
//! - number: its shortest decimal form; date: `JJJJ-MM-DD`; period:
//!   `begin..einde` (`begin..` when open); duration: the amount and the
//!   Dutch unit in the singular (`14 dag`, `1 jaar`);
//! - truth value: `ja` / `nee`; vocabulary value: `keuze.variant`;
//! - reference: `@soort:naam`; rule code: as written;
//! - list: `[` elements `]` joined by `, `, sorted: the order of the
//!   elements of a list and of nested blocks does not count, it has no legal
//!   meaning;
//! - a value that does not check: `?` (fix the errors before the advice is
//!   recorded: two different mistakes give the same fingerprint).
//!
//! What it leaves out: layout, comments, `///` text, the order of fields,
//! the language of the spelling (a policy written with `kader fmt --taal
//! en` has the same fingerprint), fields the schema does not know (the
//! checker reports them), and the fields that record the advice itself,
//! `fg_advies` and `fg_advies_over` (recording the advice must not change
//! what it is about). Items of the standard library (statutory tasks,
//! articles, vocabularies) count by name only: a new version of kader does
//! not make an advice out of date.
//!
//! What it includes besides the policy's own fields: its nested sources
//! and exceptions (`afwijking`): an exception is part of the legal meaning,
//! since it decides which requirements the policy is held to, and the FG
//! should see it. And the content of every referenced `team`, `verwerker`,
//! `dpia`, local `wettelijke_taak` and any other item of the repository.
//!
//! The version tag changes whenever the same policy could get another
//! fingerprint: a change of this form, of what is included, or of the
//! hash. A change of the schema (a new field) does not change the
//! fingerprint of a policy that does not use it.
//!
//! The fingerprint is `sha256:` and the 64 lowercase hexadecimal digits of
//! the SHA-256 of the canonical form in UTF-8.

use crate::ast::{Duration, DurationUnit};
use crate::check::{CheckedItem, CheckedValue, ItemId, SymbolIndex, Value};
use crate::schema::Schema;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// The version tag, the first line of the canonical form.
pub const VERSION: &str = "kader-vingerafdruk/1";

/// How a fingerprint starts.
pub const PREFIX: &str = "sha256:";

/// The fields that record the advice itself, left out of the fingerprint.
pub const LEFT_OUT: &[&str] = &["fg_advies", "fg_advies_over"];

/// What a fingerprint reads besides the policy: the schema for the names,
/// the symbol index for the names of referenced items, and the
/// repository's own items (not the stdlib's), whose content counts.
pub struct Repository<'a> {
    pub schema: &'a Schema,
    pub symbols: &'a SymbolIndex,
    pub own: &'a HashMap<ItemId, &'a CheckedItem>,
}

/// The fingerprint of `policy`: `sha256:` and 64 hexadecimal digits.
pub fn fingerprint(repo: &Repository<'_>, policy: &CheckedItem) -> String {
    hash(&canonical_form(repo, policy))
}

/// `sha256:` and the SHA-256 of `text`, in lowercase hexadecimal.
pub fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(PREFIX.len() + 64);
    out.push_str(PREFIX);
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Whether `text` has the form of a fingerprint exactly as kader prints
/// it: `sha256:` and 64 lowercase hexadecimal digits, nothing around it.
pub fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix(PREFIX).is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// The canonical form of `policy` (see the module documentation).
pub fn canonical_form(repo: &Repository<'_>, policy: &CheckedItem) -> String {
    let mut out = String::new();
    out.push_str(VERSION);
    out.push('\n');
    let mut seen: BTreeSet<ItemId> = BTreeSet::new();
    if let Some(id) = policy.item {
        seen.insert(id);
    }
    let mut pending: Vec<ItemId> = Vec::new();
    out.push_str(&block(repo, policy, &mut pending));
    // The referenced items, each once, followed transitively; ordered by
    // kind and name, so the order they are found in does not count.
    let mut referenced: BTreeMap<(String, String), String> = BTreeMap::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(item) = repo.own.get(&id) else {
            continue;
        };
        let text = block(repo, item, &mut pending);
        referenced.insert(item_key(repo, id), text);
    }
    for text in referenced.values() {
        out.push_str(text);
    }
    out
}

/// The kind and name of a top-level item, in Dutch.
fn item_key(repo: &Repository<'_>, id: ItemId) -> (String, String) {
    match repo.symbols.item(id) {
        Some(def) => (
            repo.schema
                .kind(def.kind)
                .map(|k| k.names.nl.clone())
                .unwrap_or_default(),
            def.name.to_string(),
        ),
        None => (String::new(), String::new()),
    }
}

/// One item's block; the items it refers to are added to `pending`.
fn block(repo: &Repository<'_>, item: &CheckedItem, pending: &mut Vec<ItemId>) -> String {
    let kind = repo.schema.kind(item.kind);
    let mut out = String::new();
    let kind_name = kind.map_or("", |k| k.names.nl.as_str());
    let name = match &item.name {
        // A top-level item by the Dutch (or only) spelling of its name.
        _ if item.item.is_some() => item.item.map(|id| item_key(repo, id).1).unwrap_or_default(),
        None => String::new(),
        Some(n) => match &n.value {
            Some(v) => value(repo, v, pending),
            None => n.text.to_string(),
        },
    };
    let _ = writeln!(out, "item {kind_name} {name}");
    if let Some(label) = &item.label {
        let _ = writeln!(out, "label {}", quoted(label));
    }
    let field_name = |id| {
        kind.and_then(|k| k.field(id))
            .map_or(String::new(), |f| f.names.nl.clone())
    };
    let mut fields: Vec<(String, String)> = item
        .fields
        .iter()
        .map(|f| (field_name(f.field), f))
        .filter(|(name, _)| !LEFT_OUT.contains(&name.as_str()))
        .map(|(name, f)| {
            let v = checked_value(repo, &f.value, pending);
            (name, v)
        })
        .collect();
    fields.sort();
    for (name, v) in fields {
        let _ = writeln!(out, "veld {name} {v}");
    }
    let mut nested: Vec<(String, String)> = item
        .nested
        .iter()
        .map(|n| (field_name(n.field), block(repo, &n.item, pending)))
        .collect();
    nested.sort();
    for (name, text) in nested {
        let _ = writeln!(out, "genest {name}");
        out.push_str(&text);
    }
    out.push_str("einde\n");
    out
}

fn checked_value(repo: &Repository<'_>, v: &CheckedValue, pending: &mut Vec<ItemId>) -> String {
    value(repo, &v.value, pending)
}

fn value(repo: &Repository<'_>, v: &Value, pending: &mut Vec<ItemId>) -> String {
    match v {
        Value::Text(s) => quoted(s),
        Value::Number(n) => format!("{n}"),
        Value::Date(d) => date(d),
        Value::Period { start, end } => match end {
            Some(end) => format!("{}..{}", date(start), date(end)),
            None => format!("{}..", date(start)),
        },
        Value::Duration(d) => duration(d),
        Value::Bool(true) => "ja".to_string(),
        Value::Bool(false) => "nee".to_string(),
        Value::Variant(choice, variant) => {
            let choice = repo.schema.choice(*choice);
            let variant = choice.and_then(|c| c.variant(*variant));
            format!(
                "{}.{}",
                choice.map_or("", |c| c.names.nl.as_str()),
                variant.map_or("", |v| v.names.nl.as_str())
            )
        }
        Value::Item(id) => {
            pending.push(*id);
            let (kind, name) = item_key(repo, *id);
            format!("@{kind}:{name}")
        }
        Value::RuleCode(code) => code.to_string(),
        Value::List(elements) => {
            let mut parts: Vec<String> = elements
                .iter()
                .map(|e| checked_value(repo, e, pending))
                .collect();
            parts.sort();
            format!("[{}]", parts.join(", "))
        }
        Value::Invalid => "?".to_string(),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn date(d: &crate::ast::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn duration(d: &Duration) -> String {
    let unit = match d.unit {
        DurationUnit::Hour => "uur",
        DurationUnit::Day => "dag",
        DurationUnit::Week => "week",
        DurationUnit::Month => "maand",
        DurationUnit::Year => "jaar",
    };
    format!("{} {unit}", d.amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_sha256_in_lowercase_hex() {
        // The SHA-256 of the empty text, as published in FIPS 180-4 tests.
        assert_eq!(
            hash(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(is_fingerprint(&hash("x")));
    }

    const REPO: &str = "team oov / public_order {\n    omschrijving: \"Adviseurs\"\n}\n\
        beleid b {\n    titel: \"T\"\n    taak: [gemeentewet_172]\n    geautoriseerd: [oov, public_order]\n\
        bewaartermijn: 2 weken\n    logboek: ja\n    fg_advies: 2025-01-02\n\
        fg_advies_over: \"x\"\n    bron x {\n        toegang: openbaar\n    }\n}\n";

    fn form(text: &str) -> String {
        let analysis = crate::analyse(&[crate::Source::new("b.kader", text)], None);
        let own = analysis.own_items();
        let (_, policy) = analysis.policies().next().unwrap();
        let repo = Repository {
            schema: &analysis.schema,
            symbols: &analysis.symbols,
            own: &own,
        };
        assert_eq!(
            fingerprint(&repo, policy),
            hash(&canonical_form(&repo, policy))
        );
        canonical_form(&repo, policy)
    }

    #[test]
    fn the_canonical_form_is_the_documented_one() {
        assert_eq!(
            form(REPO),
            "kader-vingerafdruk/1\n\
             item beleid b\n\
             veld bewaartermijn 2 week\n\
             veld geautoriseerd [@team:oov, @team:oov]\n\
             veld logboek ja\n\
             veld taak [@wettelijke_taak:gemeentewet_172]\n\
             veld titel \"T\"\n\
             genest bron\n\
             item bron platform.x\n\
             veld toegang toegang.openbaar\n\
             einde\n\
             einde\n\
             item team oov\n\
             veld omschrijving \"Adviseurs\"\n\
             einde\n"
        );
    }

    #[test]
    fn english_spellings_give_the_same_form() {
        let english = crate::translate::format_translated(REPO, crate::Taal::En).unwrap();
        assert!(english.contains("retention: 2 weeks"), "{english}");
        assert!(
            english.contains("authorised: [public_order, public_order]"),
            "{english}"
        );
        assert_eq!(form(&english), form(REPO));
    }

    #[test]
    fn only_sha256_and_64_lowercase_hex_digits_is_a_fingerprint() {
        let good = format!("sha256:{}", "a0".repeat(32));
        assert!(is_fingerprint(&good));
        assert!(!is_fingerprint(&format!(" {good}")));
        assert!(!is_fingerprint(&good.to_uppercase()));
        assert!(!is_fingerprint(&format!("sha256:{}", "A".repeat(64))));
        assert!(!is_fingerprint(&format!("sha256:{}", "a".repeat(63))));
        assert!(!is_fingerprint(&format!("sha256:{}", "a".repeat(65))));
        assert!(!is_fingerprint(&format!("sha256:{}", "g".repeat(64))));
        assert!(!is_fingerprint(&format!("sha1:{}", "a".repeat(64))));
        assert!(!is_fingerprint("2025-05-02"));
    }
}
