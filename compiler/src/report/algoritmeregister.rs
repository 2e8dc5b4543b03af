//! Entries for the national Algoritmeregister of the Dutch government
//! (`kader register --format algoritmeregister`).
//!
//! The format is the Algoritmeregister publication standard, version 1.0.0,
//! of the Ministry of the Interior (MinBZK), as read from the repository
//! `MinBZK/Algoritmeregister`, file `backend/app/schemas/config/v1_0_0.json`,
//! commit `fca0ce44a42ee51e79997d20c4285f89fcdb17d7`. The field names and the
//! value sets (`status`, `publication_category`, `category`, `lang`) are the
//! standard's; `tests/fixtures/algoritmeregister/schema.json` holds the same
//! rules as a JSON Schema, and the test suite checks the output against it.
//!
//! A policy gets an entry when it gathers data automatically (`methode:
//! geautomatiseerd`), profiles persons (`profilering: ja`) or takes decisions
//! without human involvement (`geautomatiseerde_besluiten: ja`); the others
//! are left out. What a policy says fills the entry: its title, the
//! plain-language summary ([`super::summary`]), the legal basis and the
//! statutory tasks with the links of their articles, the DPIA with its date,
//! proportionality and subsidiarity, the sources and data, the processors.
//! What no policy says (the contact address, the publication category, the
//! status, the themes, the links to the municipality's own registers) comes
//! from `[algoritmeregister]` in `kader.toml`. A value found nowhere is left
//! out and listed in [`Algorithm::missing`], never invented.
//!
//! Where a field comes from, when there is a choice: `description_short` is
//! the policy's `///` description when it fits the standard's 350
//! characters, else the first sentences of the summary; `website` is the
//! policy's `informatie_betrokkenen` when that is a web address, else
//! `publiekspagina`; `end_date` is the last month of the period only when
//! `status` is "Buiten gebruik", because the standard wants it empty while
//! the algorithm is in use; `source_id` is the name of the `beleid` item.
//! The search terms (`zoektermen`) are internal and never written.

use super::{date, Ctx};
use crate::ast::Date;
use crate::check::{CheckedItem, Value};
use crate::diagnostics::{Taal, Text};
use crate::schema::Kind;
use crate::text;
use crate::Analysis;
use serde::Serialize;

/// The version of the publication standard the entries follow.
pub const STANDARD_VERSION: &str = "1.0.0";

/// The most characters the standard allows in its short description.
const SHORT_MAX: usize = 350;
/// The most characters the standard allows in a text field.
const TEXT_MAX: usize = 2500;
/// The most characters the standard allows in a link title.
const TITLE_MAX: usize = 100;

/// One policy's entry, with what could not be filled.
#[derive(Clone, Debug)]
pub struct Algorithm {
    /// The name of the `beleid` item.
    pub policy: String,
    /// Why the policy is in the algorithm register, in the output language.
    pub reasons: Vec<String>,
    pub registration: Registration,
    /// The fields of the standard that stay empty because nothing says what
    /// they are.
    pub missing: Vec<Missing>,
}

/// A field of the standard that could not be filled.
#[derive(Clone, Debug)]
pub struct Missing {
    /// The field's name in the standard, for example `contact_email`.
    pub field: &'static str,
    /// Where to give it.
    pub fix: Text,
}

/// A link with its title (`lawful_basis_grouping`, `impacttoetsen_grouping`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub link: String,
}

/// One registration in the publication standard 1.0.0; field names as the
/// standard spells them. An empty field is left out of the JSON.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Registration {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_short: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub begin_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proportionality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_intervention: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lawful_basis_grouping: Vec<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process_index_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub impacttoetsen_grouping: Vec<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impacttoetsen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods_and_models: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    pub lang: String,
    pub standard_version: String,
    pub source_id: String,
}

/// The entries of every policy that belongs in the algorithm register, in
/// file order.
pub fn build(analysis: &Analysis, taal: Taal) -> Vec<Algorithm> {
    let ctx = Ctx::new(analysis, taal);
    let Some(kind) = ctx.kind("beleid") else {
        return Vec::new();
    };
    analysis
        .policy_files()
        .flat_map(|file| super::in_register(analysis, file, kind))
        .filter_map(|item| ctx.algorithm(kind, item))
        .collect()
}

/// The entries as the JSON the register takes: an array of registrations.
pub fn to_json(entries: &[Algorithm]) -> String {
    let registrations: Vec<&Registration> = entries.iter().map(|a| &a.registration).collect();
    serde_json::to_string_pretty(&registrations).unwrap_or_default() + "\n"
}

/// The note for the person running kader: per entry, what is missing and
/// where to give it; empty when nothing is missing.
pub fn missing_note(entries: &[Algorithm], taal: Taal) -> String {
    let mut out = String::new();
    for a in entries.iter().filter(|a| !a.missing.is_empty()) {
        out.push_str(&match taal {
            Taal::Nl => format!(
                "Algoritmeregister, `{}` ({}): niet ingevuld, want niets zegt wat het is:\n",
                a.policy, a.registration.name
            ),
            Taal::En => format!(
                "Algorithm register, `{}` ({}): not filled in, because nothing says what it is:\n",
                a.policy, a.registration.name
            ),
        });
        for m in &a.missing {
            out.push_str(&format!("  - {}: {}\n", m.field, m.fix.get(taal)));
        }
    }
    out
}

/// `2025-03` for a date, as the standard writes months.
fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year, d.month)
}

/// The longest run of whole sentences of `text` within `max` characters, or
/// `None` when not even the first sentence fits.
fn fit(text: &str, max: usize) -> Option<String> {
    if text.chars().count() <= max {
        return Some(text.to_string());
    }
    let mut kept = String::new();
    for sentence in text.split_inclusive(". ") {
        let next = format!("{kept}{sentence}");
        if next.trim_end().chars().count() > max {
            break;
        }
        kept = next;
    }
    let kept = kept.trim_end().to_string();
    (!kept.is_empty()).then_some(kept)
}

/// A title cut to the standard's length at a word boundary.
fn title(text: &str) -> String {
    if text.chars().count() <= TITLE_MAX {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > TITLE_MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

impl Ctx<'_> {
    /// The entry of one policy, or `None` when it belongs in no algorithm
    /// register.
    fn algorithm(&self, kind: &Kind, item: &CheckedItem) -> Option<Algorithm> {
        let taal = self.taal;
        let automated =
            self.variant_nl(self.field(kind, item, "methode")) == Some("geautomatiseerd");
        let profiling = self.bool(kind, item, "profilering") == Some(true);
        let decisions = self.bool(kind, item, "geautomatiseerde_besluiten");
        let mut reasons = Vec::new();
        if automated {
            reasons.push(taal.pick("geautomatiseerde methode", "automated method"));
        }
        if profiling {
            reasons.push(taal.pick("profilering", "profiling"));
        }
        if decisions == Some(true) {
            reasons.push(taal.pick(
                "besluiten zonder menselijke tussenkomst",
                "decisions without human involvement",
            ));
        }
        if reasons.is_empty() {
            return None;
        }
        let policy = item.name().unwrap_or_default().to_string();
        let settings = &self.analysis.config.algoritmeregister;
        let setting = |s: &Option<crate::config::Setting<String>>| {
            s.as_ref()
                .map(|s| s.value.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut missing = Vec::new();
        let mut need = |field: &'static str, value: &Option<String>, fix: Text| {
            if value.is_none() {
                missing.push(Missing { field, fix });
            }
        };

        let name = self
            .text(kind, item, "titel")
            .unwrap_or_else(|| policy.clone());
        let facts = self.facts(kind, item);
        let summary = super::summary::sentences(&facts, taal).join(" ");
        let doc = self.policy_doc(item);
        let description_short = doc
            .as_deref()
            .and_then(|d| fit(d, SHORT_MAX))
            .or_else(|| fit(&summary, SHORT_MAX));
        need(
            "description_short",
            &description_short,
            text!(
                "een korte omschrijving: schrijf een `///`-omschrijving boven het beleid (hoogstens 350 tekens)",
                "a short description: write a `///` description above the policy (at most 350 characters)"
            ),
        );
        let organization = self
            .text(kind, item, "gemeente")
            .or_else(|| self.analysis.config.gemeente.clone())
            .map(|g| format!("Gemeente {g}"));
        need(
            "organization",
            &organization,
            text!(
                "de organisatie: zet `gemeente` onder `[project]` in kader.toml",
                "the organisation: put `gemeente` under `[project]` in kader.toml"
            ),
        );
        let status = setting(&settings.status);
        need(
            "status",
            &status,
            text!(
                "de status: zet `status = \"In gebruik\"` (of \"In ontwikkeling\", \"Buiten gebruik\") onder `[algoritmeregister]` in kader.toml",
                "the status: put `status = \"In gebruik\"` (or \"In ontwikkeling\", \"Buiten gebruik\") under `[algoritmeregister]` in kader.toml"
            ),
        );
        let contact_email = setting(&settings.contact);
        need(
            "contact_email",
            &contact_email,
            text!(
                "het contactadres: zet `contact = \"algoritmes@gemeente.nl\"` onder `[algoritmeregister]` in kader.toml",
                "the contact address: put `contact = \"algoritmes@gemeente.nl\"` under `[algoritmeregister]` in kader.toml"
            ),
        );
        let publication_category = setting(&settings.publicatiecategorie);
        need(
            "publication_category",
            &publication_category,
            text!(
                "de publicatiecategorie: zet `publicatiecategorie = \"Impactvolle algoritmes\"` (of \"Hoog-risico AI-systeem\", \"Overige algoritmes\") onder `[algoritmeregister]` in kader.toml",
                "the publication category: put `publicatiecategorie = \"Impactvolle algoritmes\"` (or \"Hoog-risico AI-systeem\", \"Overige algoritmes\") under `[algoritmeregister]` in kader.toml"
            ),
        );
        let (start, end) = (facts.start, facts.end);
        let ended = status.as_deref() == Some("Buiten gebruik");
        let website = self
            .text(kind, item, "informatie_betrokkenen")
            .filter(|t| t.starts_with("https://") && !t.contains(char::is_whitespace))
            .or_else(|| setting(&settings.publiekspagina));

        let human_intervention = decisions.map(|d| {
            if d {
                taal.pick(
                    "De gemeente neemt met dit algoritme besluiten zonder tussenkomst van een mens (AVG art. 22 lid 1).",
                    "With this algorithm the municipality takes decisions without human involvement (GDPR Art. 22(1)).",
                )
            } else {
                taal.pick(
                    "De gemeente neemt met dit algoritme geen besluiten zonder tussenkomst van een mens.",
                    "With this algorithm the municipality takes no decisions without human involvement.",
                )
            }
            .to_string()
        });
        need(
            "human_intervention",
            &human_intervention,
            text!(
                "de menselijke tussenkomst: vul `geautomatiseerde_besluiten: ja` of `nee` in het beleid in",
                "human involvement: fill in `geautomatiseerde_besluiten: ja` or `nee` in the policy"
            ),
        );

        let proportionality = [
            self.text(kind, item, "proportionaliteit"),
            self.text(kind, item, "subsidiariteit"),
        ]
        .into_iter()
        .flatten()
        .reduce(|a, b| format!("{a} {b}"))
        .and_then(|t| fit(&t, TEXT_MAX));
        need(
            "proportionality",
            &proportionality,
            text!(
                "de afwegingen: vul `proportionaliteit` en `subsidiariteit` in het beleid in",
                "the considerations: fill in `proportionaliteit` and `subsidiariteit` in the policy"
            ),
        );

        let (lawful_basis, lawful_basis_grouping) = self.lawful_basis(kind, item);
        let (impacttoetsen, impacttoetsen_grouping, dpia_without_link) = self.impact(kind, item);
        if dpia_without_link {
            missing.push(Missing {
                field: "impacttoetsen_grouping",
                fix: text!(
                    "de link naar de DPIA: zet `url: \"https://...\"` in het `dpia`-item",
                    "the link to the DPIA: put `url: \"https://...\"` in the `dpia` item"
                ),
            });
        }

        let mut source_data = Vec::new();
        if !facts.data.is_empty() {
            let label = taal.pick("Gegevens", "Data");
            source_data.push(format!("{label}: {}.", facts.data.join(", ")));
        }
        if !facts.sources.is_empty() {
            let label = taal.pick("Bronnen", "Sources");
            source_data.push(format!("{label}: {}.", facts.sources.join(", ")));
        }
        let methods_and_models = self.method(kind, item, profiling, decisions);
        let (processors, _) = self.processors(kind, item);
        let provider = (!processors.is_empty()).then(|| {
            processors
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        });

        let registration = Registration {
            name,
            description_short,
            organization,
            category: settings.thema.iter().map(|s| s.value.clone()).collect(),
            status,
            begin_date: start.map(month),
            end_date: end.filter(|_| ended).map(month),
            contact_email,
            website,
            publication_category,
            url: setting(&settings.bronregistratie),
            goal: fit(&summary, TEXT_MAX),
            proportionality,
            human_intervention,
            lawful_basis,
            lawful_basis_grouping,
            process_index_url: setting(&settings.verwerkingsregister),
            impacttoetsen_grouping,
            impacttoetsen,
            source_data: (!source_data.is_empty()).then(|| source_data.join(" ")),
            methods_and_models,
            provider,
            lang: taal.pick("nld", "eng").to_string(),
            standard_version: STANDARD_VERSION.to_string(),
            source_id: policy.clone(),
        };
        Some(Algorithm {
            policy,
            reasons: reasons.into_iter().map(str::to_string).collect(),
            registration,
            missing,
        })
    }

    /// The `///` description of a policy item, in the output language.
    fn policy_doc(&self, item: &CheckedItem) -> Option<String> {
        let file = self
            .analysis
            .files
            .iter()
            .find(|f| f.checked.iter().any(|i| std::ptr::eq(i, item)))?;
        self.description(file, item)
    }

    /// The legal basis and the statutory tasks in words, and the links of
    /// their articles (each article once).
    fn lawful_basis(&self, kind: &Kind, item: &CheckedItem) -> (Option<String>, Vec<Link>) {
        let taal = self.taal;
        let mut articles: Vec<String> = Vec::new();
        let mut parts = Vec::new();
        if let Some(Value::Variant(c, v)) = self.field(kind, item, "grondslag") {
            if let Some(variant) = self
                .analysis
                .schema
                .choice(*c)
                .and_then(|choice| choice.variant(*v))
            {
                let ids: Vec<String> = variant.law.iter().map(|l| l.name.clone()).collect();
                let cites: Vec<String> = ids.iter().filter_map(|id| self.cite(id)).collect();
                let name = super::words(variant.names.get(taal));
                let label = taal.pick("Grondslag", "Legal basis");
                parts.push(if cites.is_empty() {
                    format!("{label}: {name}.")
                } else {
                    format!("{label}: {name} ({}).", cites.join(", "))
                });
                articles.extend(ids);
            }
        }
        for task in self.task_items(kind, item) {
            let label = taal.pick("Wettelijke taak", "Statutory task");
            let cite = task.1.as_deref().and_then(|id| self.cite(id));
            let text = match (&task.0, &cite) {
                (Some(d), Some(c)) => format!("{label}: {} ({c})", d.trim_end_matches('.')),
                (Some(d), None) => format!("{label}: {}", d.trim_end_matches('.')),
                (None, Some(c)) => format!("{label}: {c}"),
                (None, None) => continue,
            };
            parts.push(format!("{text}."));
            articles.extend(task.1);
        }
        let mut links: Vec<Link> = Vec::new();
        for id in &articles {
            let Some(article) = self.analysis.article(id) else {
                continue;
            };
            if article.url.is_empty() || article.cite.is_empty() {
                continue;
            }
            let link = Link {
                title: title(&article.cite),
                link: article.url,
            };
            if !links.contains(&link) {
                links.push(link);
            }
        }
        let text = (!parts.is_empty()).then(|| parts.join(" "));
        (text.and_then(|t| fit(&t, TEXT_MAX)), links)
    }

    /// Each statutory task's description and the name of its article item.
    fn task_items(&self, kind: &Kind, item: &CheckedItem) -> Vec<(Option<String>, Option<String>)> {
        self.item_refs(kind, item, "taak")
            .into_iter()
            .filter_map(|id| {
                let task = self.items.get(&id)?;
                let task_kind = self.analysis.schema.kind(task.kind)?;
                let article = match self.field(task_kind, task, "artikel") {
                    Some(Value::Item(a)) => {
                        self.analysis.symbols.item(*a).map(|d| d.name.to_string())
                    }
                    _ => None,
                };
                Some((self.text(task_kind, task, "omschrijving"), article))
            })
            .collect()
    }

    /// The DPIA as text (reference, date, residual risk), as a link when it
    /// has one, and whether it has none.
    fn impact(&self, kind: &Kind, item: &CheckedItem) -> (Option<String>, Vec<Link>, bool) {
        let taal = self.taal;
        let Some(Value::Item(id)) = self.field(kind, item, "dpia") else {
            return (None, Vec::new(), false);
        };
        let Some(d) = self.items.get(id) else {
            return (None, Vec::new(), false);
        };
        let Some(dk) = self.analysis.schema.kind(d.kind) else {
            return (None, Vec::new(), false);
        };
        let reference = self
            .text(dk, d, "kenmerk")
            .or_else(|| self.item_name(*id))
            .unwrap_or_default();
        let when = match self.field(dk, d, "datum") {
            Some(Value::Date(when)) => Some(date(*when, taal)),
            _ => None,
        };
        let mut heading = format!("Data Protection Impact Assessment (DPIA) {reference}");
        if let Some(when) = &when {
            let word = taal.pick("afgerond op", "completed on");
            heading.push_str(&format!(", {word} {when}"));
        }
        let mut text = heading.clone();
        if let Some(risk) = self.shown(dk, d, "restrisico").into_iter().next() {
            let word = taal.pick("restrisico", "residual risk");
            text.push_str(&format!("; {word}: {risk}"));
        }
        text.push('.');
        let url = self
            .text(dk, d, "url")
            .filter(|u| !u.is_empty() && !u.contains(char::is_whitespace));
        let links = url
            .iter()
            .map(|u| Link {
                title: heading.clone(),
                link: u.clone(),
            })
            .collect::<Vec<_>>();
        (Some(text), links, url.is_none())
    }

    /// How the algorithm works, in a few plain words.
    fn method(
        &self,
        kind: &Kind,
        item: &CheckedItem,
        profiling: bool,
        decisions: Option<bool>,
    ) -> Option<String> {
        let taal = self.taal;
        let mut parts = Vec::new();
        if let Some(phrase) = self.variant_phrase(self.field(kind, item, "methode")) {
            let label = taal.pick("Methode", "Method");
            parts.push(format!("{label}: {}.", phrase.trim_end_matches('.')));
        }
        if self.bool(kind, item, "profilering").is_some() {
            parts.push(
                match (profiling, taal) {
                    (true, Taal::Nl) => "Personen worden geprofileerd.",
                    (false, Taal::Nl) => "Er worden geen personen geprofileerd.",
                    (true, Taal::En) => "Persons are profiled.",
                    (false, Taal::En) => "No persons are profiled.",
                }
                .to_string(),
            );
        }
        if decisions == Some(true) {
            parts.push(
                taal.pick(
                    "Het algoritme neemt besluiten zonder menselijke tussenkomst.",
                    "The algorithm takes decisions without human involvement.",
                )
                .to_string(),
            );
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_at_a_sentence() {
        assert_eq!(fit("Een. Twee.", 20).as_deref(), Some("Een. Twee."));
        assert_eq!(fit("Een. Twee drie vier.", 8).as_deref(), Some("Een."));
        assert_eq!(fit("Eentweedrie.", 4), None);
        let long = "woord ".repeat(40);
        let t = title(&long);
        assert!(t.chars().count() <= TITLE_MAX, "{t}");
        assert!(t.ends_with('…'));
    }

    #[test]
    fn months_have_two_digits() {
        let d = Date::new(2025, 3, 1).unwrap();
        assert_eq!(month(d), "2025-03");
    }
}
