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
//! the output language, so nothing here knows a field list beyond the names
//! of the `beleid` fields it reports. A policy with errors is included and
//! marked as not compliant; errors outside any policy are listed apart, so
//! the register never silently drops anything. [`Register::public`] keeps
//! only what may be published for residents. The renderers (`markdown`,
//! `html`, `csv`, and JSON through serde) all work from [`Entry::rows`], so
//! every format shows the same elements in the same order.

pub mod csv;
pub mod html;
pub mod markdown;

use crate::ast::{Date, Duration};
use crate::check::{CheckedItem, ItemId, Value};
use crate::diagnostics::{Severity, Taal};
use crate::schema::{ChoiceId, Kind, VariantId};
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
    pub transparency: Option<String>,
    pub rights: Option<String>,
    pub exceptions: Vec<Exception>,
    /// Internal: the search terms (left out of the public page).
    pub keywords: Vec<String>,
    /// Internal: the teams that may see the data (left out of the public page).
    pub authorised: Vec<String>,
    /// Internal: cause, necessity, proportionality and subsidiarity.
    pub justification: Vec<Justification>,
    /// No finding of severity error.
    pub compliant: bool,
    pub findings: Vec<Finding>,
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

/// One line of an entry as the renderers show it: a label, the article of
/// art. 30 lid 1 it answers (if any) and the values.
#[derive(Clone, Debug)]
pub struct Row {
    /// A stable key, used as the CSV column name.
    pub key: &'static str,
    pub label: &'static str,
    /// For example `AVG art. 30 lid 1 sub b`.
    pub law: Option<&'static str>,
    pub values: Vec<String>,
}

/// Builds the register from an analysis. Every `beleid` item in a policy
/// file becomes an entry, in file order.
pub fn build(analysis: &Analysis, taal: Taal) -> Register {
    let ctx = Ctx::new(analysis, taal);
    let mut entries = Vec::new();
    let mut other_errors = Vec::new();
    for file in analysis.policy_files() {
        let mut spans = Vec::new();
        if let Some(kind) = ctx.kind("beleid") {
            for item in file.checked.iter().filter(|i| i.kind == kind.id) {
                spans.push(item.span);
                entries.push(ctx.entry(file, kind, item));
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

/// The plain-language label of a row on the page for residents.
fn public_label(key: &str, taal: Taal) -> Option<&'static str> {
    let (nl, en) = match key {
        "verantwoordelijke" => ("Wie is verantwoordelijk", "Who is responsible"),
        "contact" => ("Contact", "Contact"),
        "fg" => (
            "Functionaris voor gegevensbescherming",
            "Data protection officer",
        ),
        "informeren" => (
            "Hoe u hoort dat er onderzoek naar u is gedaan",
            "How you learn that you were researched",
        ),
        "doel" => ("Waarom", "Why"),
        "betrokkenen" => ("Over wie", "About whom"),
        "gegevens" => ("Welke gegevens", "Which data"),
        "bijzondere_gegevens" => (
            "Bijzondere (gevoelige) gegevens",
            "Special (sensitive) data",
        ),
        "strafrechtelijke_gegevens" => (
            "Gegevens over strafbare feiten",
            "Data about criminal offences",
        ),
        "ontvangers" => (
            "Met wie de gemeente gegevens deelt",
            "Who the municipality shares data with",
        ),
        "doorgifte" => ("Gegevens buiten Europa", "Data outside Europe"),
        "bewaartermijn" => (
            "Hoe lang de gemeente gegevens bewaart",
            "How long the municipality keeps data",
        ),
        "beveiliging" => (
            "Hoe de gemeente gegevens beveiligt",
            "How the municipality protects data",
        ),
        "grondslag" => ("Waarom dit mag", "Why this is allowed"),
        "taak" => ("De taak van de gemeente", "The municipality's task"),
        "periode" => ("Wanneer", "When"),
        "bronnen" => ("Waar de gemeente kijkt", "Where the municipality looks"),
        "verwerkers" => ("Leveranciers die helpen", "Vendors that help"),
        "dpia" => (
            "Onderzoek naar de risico's (DPIA)",
            "Risk assessment (DPIA)",
        ),
        "fg_advies" => (
            "Advies van de functionaris gegevensbescherming",
            "Advice of the municipality's data protection officer",
        ),
        "informatie_betrokkenen" => ("Meer informatie", "More information"),
        "rechten" => ("Uw rechten", "Your rights"),
        "afwijkingen" => ("Uitzonderingen op de regels", "Exceptions to the rules"),
        _ => return None,
    };
    Some(if taal == Taal::Nl { nl } else { en })
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
    /// The lines of this entry as every renderer shows them, in a fixed
    /// order. The set of rows depends only on `public` and `taal`, so every
    /// entry has the same rows (the CSV columns).
    pub fn rows(&self, public: bool, taal: Taal) -> Vec<Row> {
        let nl = taal == Taal::Nl;
        let l = |a: &'static str, b: &'static str| if nl { a } else { b };
        let law = |a: &'static str, b: &'static str| Some(if nl { a } else { b });
        let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
        let yes_no = |b: Option<bool>| match (b, nl) {
            (Some(true), true) => vec!["ja".to_string()],
            (Some(true), false) => vec!["yes".to_string()],
            (Some(false), true) => vec!["nee".to_string()],
            (Some(false), false) => vec!["no".to_string()],
            (None, _) => Vec::new(),
        };
        let mut rows = vec![
            Row {
                key: "verantwoordelijke",
                label: l("Verwerkingsverantwoordelijke", "Controller"),
                law: law("AVG art. 30 lid 1 sub a", "GDPR Art. 30(1)(a)"),
                values: one(&self.controller),
            },
            Row {
                key: "contact",
                label: l("Contact", "Contact"),
                law: law("AVG art. 30 lid 1 sub a", "GDPR Art. 30(1)(a)"),
                values: one(&self.contact),
            },
            Row {
                key: "fg",
                label: l(
                    "Functionaris voor gegevensbescherming",
                    "Data protection officer",
                ),
                law: law("AVG art. 30 lid 1 sub a", "GDPR Art. 30(1)(a)"),
                values: one(&self.dpo),
            },
            Row {
                key: "doel",
                label: l("Doel", "Purpose"),
                law: law("AVG art. 30 lid 1 sub b", "GDPR Art. 30(1)(b)"),
                values: one(&self.purpose),
            },
            Row {
                key: "betrokkenen",
                label: l("Betrokkenen", "Data subjects"),
                law: law("AVG art. 30 lid 1 sub c", "GDPR Art. 30(1)(c)"),
                values: self.data_subjects.clone(),
            },
            Row {
                key: "gegevens",
                label: l("Persoonsgegevens", "Personal data"),
                law: law("AVG art. 30 lid 1 sub c", "GDPR Art. 30(1)(c)"),
                values: self.data.clone(),
            },
            Row {
                key: "bijzondere_gegevens",
                label: l("Bijzondere persoonsgegevens", "Special categories"),
                law: law(
                    "AVG art. 30 lid 1 sub c, art. 9",
                    "GDPR Art. 30(1)(c), Art. 9",
                ),
                values: if self.special_data.is_empty() {
                    vec![l("geen", "none").to_string()]
                } else {
                    self.special_data.clone()
                },
            },
            Row {
                key: "strafrechtelijke_gegevens",
                label: l("Strafrechtelijke gegevens", "Criminal data"),
                law: law(
                    "AVG art. 30 lid 1 sub c, art. 10",
                    "GDPR Art. 30(1)(c), Art. 10",
                ),
                values: yes_no(self.criminal_data),
            },
            Row {
                key: "ontvangers",
                label: l("Ontvangers", "Recipients"),
                law: law("AVG art. 30 lid 1 sub d", "GDPR Art. 30(1)(d)"),
                values: self.recipients.clone(),
            },
            Row {
                key: "doorgifte",
                label: l("Doorgifte buiten de EER", "Transfers outside the EEA"),
                law: law("AVG art. 30 lid 1 sub e", "GDPR Art. 30(1)(e)"),
                values: if self.transfers.is_empty() {
                    vec![l("geen", "none").to_string()]
                } else {
                    self.transfers
                        .iter()
                        .map(|t| {
                            let safeguard = t.safeguard.as_deref().unwrap_or(not_stated(taal));
                            let word = l("waarborg", "safeguard");
                            format!("{} ({}; {word}: {safeguard})", t.processor, t.location)
                        })
                        .collect()
                },
            },
            Row {
                key: "bewaartermijn",
                label: l("Bewaartermijn", "Retention"),
                law: law("AVG art. 30 lid 1 sub f", "GDPR Art. 30(1)(f)"),
                values: one(&self.retention),
            },
            Row {
                key: "beveiliging",
                label: l("Beveiligingsmaatregelen", "Security measures"),
                law: law(
                    "AVG art. 30 lid 1 sub g, art. 32",
                    "GDPR Art. 30(1)(g), Art. 32",
                ),
                values: one(&self.security),
            },
            Row {
                key: "grondslag",
                label: l("Grondslag", "Legal basis"),
                law: law("AVG art. 6 lid 1", "GDPR Art. 6(1)"),
                values: self
                    .legal_basis
                    .iter()
                    .map(|b| {
                        if b.articles.is_empty() {
                            b.name.clone()
                        } else {
                            format!("{} ({})", b.name, b.articles.join(", "))
                        }
                    })
                    .collect(),
            },
            Row {
                key: "taak",
                label: l("Wettelijke taak", "Statutory task"),
                law: law("AVG art. 6 lid 3", "GDPR Art. 6(3)"),
                values: self
                    .tasks
                    .iter()
                    .map(|t| {
                        let text = t.description.clone().unwrap_or_else(|| t.name.clone());
                        match &t.article {
                            Some(a) => format!("{text} ({a})"),
                            None => text,
                        }
                    })
                    .collect(),
            },
            Row {
                key: "periode",
                label: l("Periode", "Period"),
                law: None,
                values: one(&self.period),
            },
            Row {
                key: "bronnen",
                label: l("Bronnen", "Sources"),
                law: None,
                values: self
                    .sources
                    .iter()
                    .map(|s| {
                        let mut text = s.platform.clone();
                        if let Some(label) = &s.label {
                            text.push_str(&format!(" \u{201c}{label}\u{201d}"));
                        }
                        if let Some(access) = &s.access {
                            text.push_str(&format!(" ({access})"));
                        }
                        text
                    })
                    .collect(),
            },
            Row {
                key: "verwerkers",
                label: l("Verwerkers", "Processors"),
                law: law("AVG art. 28", "GDPR Art. 28"),
                values: none_if_empty(
                    self.processors
                        .iter()
                        .map(|p| {
                            let mut parts = Vec::new();
                            if let Some(loc) = &p.location {
                                parts.push(loc.clone());
                            }
                            match p.agreement {
                                Some(true) => parts.push(
                                    l(
                                        "verwerkersovereenkomst gesloten",
                                        "processing agreement concluded",
                                    )
                                    .to_string(),
                                ),
                                Some(false) => parts.push(
                                    l("geen verwerkersovereenkomst", "no processing agreement")
                                        .to_string(),
                                ),
                                None => {}
                            }
                            if parts.is_empty() {
                                p.name.clone()
                            } else {
                                format!("{} ({})", p.name, parts.join("; "))
                            }
                        })
                        .collect(),
                    taal,
                ),
            },
            Row {
                key: "dpia",
                label: l("DPIA", "DPIA"),
                law: law("AVG art. 35", "GDPR Art. 35"),
                values: one(&self.dpia),
            },
            Row {
                key: "fg_advies",
                label: l("Advies FG", "DPO advice"),
                law: law("AVG art. 35 lid 2", "GDPR Art. 35(2)"),
                values: one(&self.dpo_advice),
            },
            Row {
                key: "informatie_betrokkenen",
                label: l("Informatie voor inwoners", "Information for residents"),
                law: law("AVG art. 12-14", "GDPR Arts. 12-14"),
                values: one(&self.transparency),
            },
            Row {
                key: "informeren",
                label: l(
                    "Informeren van de onderzochte persoon",
                    "Informing the person researched",
                ),
                law: law("AVG art. 14", "GDPR Art. 14"),
                values: one(&self.notify),
            },
            Row {
                key: "rechten",
                label: l("Uw rechten", "Your rights"),
                law: law("AVG art. 15-21", "GDPR Arts. 15-21"),
                values: one(&self.rights),
            },
            Row {
                key: "afwijkingen",
                label: l("Vastgelegde afwijkingen", "Documented exceptions"),
                law: None,
                values: none_if_empty(
                    self.exceptions
                        .iter()
                        .map(|x| {
                            let mut text = x.rule.clone();
                            if let Some(s) = &x.rule_summary {
                                text.push_str(&format!(" ({s})"));
                            }
                            let by = [x.decided_by.as_deref(), x.date.as_deref()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ");
                            if !by.is_empty() {
                                text.push_str(&format!(
                                    " \u{2014} {} {by}",
                                    l("besloten door", "decided by")
                                ));
                            }
                            if let Some(m) = &x.motivation {
                                text.push_str(&format!(
                                    ". {}: {m}",
                                    l("Motivering", "Justification")
                                ));
                            }
                            text
                        })
                        .collect(),
                    taal,
                ),
            },
        ];
        if public {
            for row in &mut rows {
                if let Some(label) = public_label(row.key, taal) {
                    row.label = label;
                }
            }
        } else {
            rows.push(Row {
                key: "zoektermen",
                label: l("Zoektermen (intern)", "Keywords (internal)"),
                law: None,
                values: self.keywords.clone(),
            });
            rows.push(Row {
                key: "geautoriseerd",
                label: l(
                    "Geautoriseerde teams (intern)",
                    "Authorised teams (internal)",
                ),
                law: law("AVG art. 29, art. 32 lid 4", "GDPR Art. 29, Art. 32(4)"),
                values: self.authorised.clone(),
            });
            rows.push(Row {
                key: "onderbouwing",
                label: l("Onderbouwing (intern)", "Justification (internal)"),
                law: None,
                values: self
                    .justification
                    .iter()
                    .map(|j| format!("{}: {}", j.label, j.text))
                    .collect(),
            });
            rows.push(Row {
                key: "bevindingen",
                label: l("Bevindingen van kader check", "Findings of kader check"),
                law: None,
                values: none_if_empty(
                    self.findings
                        .iter()
                        .map(|f| format!("[{}] {}: {}", f.code, f.severity.word(taal), f.message))
                        .collect(),
                    taal,
                ),
            });
        }
        rows
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
            Value::RuleCode(code) => Some(code.clone()),
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
        Some(name.clone())
    }

    /// The citation of an `artikel` item, for example `AVG art. 6 lid 1 sub e`.
    fn cite(&self, name: &str) -> Option<String> {
        self.analysis
            .article(name)
            .map(|a| a.cite)
            .filter(|c| !c.is_empty())
    }

    fn entry(&self, file: &crate::File, kind: &Kind, item: &CheckedItem) -> Entry {
        let taal = self.taal;
        let nl = taal == Taal::Nl;
        let name = item.name().unwrap_or_default().to_string();
        let mut e = Entry {
            name: name.clone(),
            file: file.path.clone(),
            title: self
                .text(kind, item, "titel")
                .unwrap_or_else(|| name.clone()),
            description: self.description(file, item),
            ..Entry::default()
        };
        e.controller = self
            .shown(kind, item, "verantwoordelijke")
            .into_iter()
            .next();
        let gemeente = self
            .text(kind, item, "gemeente")
            .or_else(|| self.analysis.config.gemeente.clone());
        e.contact = gemeente.map(|g| match taal {
            Taal::Nl => format!("Gemeente {g}"),
            Taal::En => format!("Municipality of {g}"),
        });
        e.purpose = self.shown(kind, item, "doel").into_iter().next();
        e.data_subjects = self.shown(kind, item, "betrokkenen");
        e.data = self.shown(kind, item, "gegevens");
        e.special_data = self.shown(kind, item, "bijzondere_gegevens");
        e.criminal_data = self.bool(kind, item, "strafrechtelijke_gegevens");
        e.recipients = self.shown(kind, item, "ontvangers");
        e.retention = self.shown(kind, item, "bewaartermijn").into_iter().next();
        e.security = self.text(kind, item, "beveiliging");
        e.period = self.shown(kind, item, "periode").into_iter().next();
        e.dpo_advice = self.shown(kind, item, "fg_advies").into_iter().next();
        e.transparency = self.text(kind, item, "informatie_betrokkenen");
        e.notify = self.shown(kind, item, "informeren").into_iter().next();
        e.dpo = self.analysis.config.fg.as_ref().map(|f| f.value.clone());
        e.rights = self.text(kind, item, "rechten");
        e.keywords = self.shown(kind, item, "zoektermen");
        e.authorised = self.shown(kind, item, "geautoriseerd");

        if let Some(Value::Variant(c, v)) = self.field(kind, item, "grondslag") {
            if let Some(variant) = self
                .analysis
                .schema
                .choice(*c)
                .and_then(|ch| ch.variant(*v))
            {
                e.legal_basis = Some(LegalBasis {
                    name: words(variant.names.get(taal)),
                    articles: variant
                        .law
                        .iter()
                        .filter_map(|l| self.cite(&l.name))
                        .collect(),
                });
            }
        }

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
            e.tasks.push(Task {
                name: self.item_name(id).unwrap_or_default(),
                description: self.text(task_kind, task, "omschrijving"),
                article,
            });
        }

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
                e.transfers.push(Transfer {
                    processor: pname.clone(),
                    location: location.clone().unwrap_or_default(),
                    safeguard: self
                        .field(pk, p, "doorgiftewaarborg")
                        .and_then(|v| self.show(v)),
                });
            }
            e.processors.push(Processor {
                name: pname,
                location,
                agreement: self.bool(pk, p, "verwerkersovereenkomst"),
            });
        }

        if let Some(Value::Item(id)) = self.field(kind, item, "dpia") {
            if let Some(d) = self.items.get(id) {
                if let Some(dk) = self.analysis.schema.kind(d.kind) {
                    let reference = self
                        .text(dk, d, "kenmerk")
                        .or_else(|| self.item_name(*id))
                        .unwrap_or_default();
                    let when = self.shown(dk, d, "datum").into_iter().next();
                    let risk = self.shown(dk, d, "restrisico").into_iter().next();
                    let mut text = reference;
                    if let Some(when) = when {
                        text.push_str(&format!(
                            ", {} {when}",
                            if nl { "afgerond" } else { "completed" }
                        ));
                    }
                    if let Some(risk) = risk {
                        text.push_str(&format!(
                            ", {} {risk}",
                            if nl { "restrisico" } else { "residual risk" }
                        ));
                    }
                    e.dpia = Some(text);
                }
            }
        }

        if let Some(field) = kind.field_named("bron") {
            for source in item.nested_in(field.id) {
                let platform = self
                    .variant_phrase(source.name.as_ref().and_then(|n| n.value.as_ref()))
                    .or_else(|| source.name().map(str::to_string))
                    .unwrap_or_default();
                let access = self
                    .analysis
                    .schema
                    .kind(source.kind)
                    .and_then(|sk| self.shown(sk, source, "toegang").into_iter().next());
                e.sources.push(SourceEntry {
                    platform,
                    label: source.label.clone(),
                    access,
                });
            }
        }

        if let Some(field) = kind.field_named("afwijking") {
            for x in item.nested_in(field.id) {
                let Some(xk) = self.analysis.schema.kind(x.kind) else {
                    continue;
                };
                let rule = x.name().unwrap_or_default().to_string();
                e.exceptions.push(Exception {
                    rule_summary: self
                        .analysis
                        .rules
                        .get(&rule)
                        .and_then(|r| r.summary.as_ref())
                        .map(|s| s.get(taal).to_string()),
                    rule,
                    motivation: self.text(xk, x, "motivering"),
                    decided_by: self.shown(xk, x, "besloten_door").into_iter().next(),
                    date: self.shown(xk, x, "datum").into_iter().next(),
                });
            }
        }

        for (field, nl_label, en_label) in [
            ("aanleiding", "Aanleiding", "Cause"),
            ("noodzaak", "Noodzaak", "Necessity"),
            ("proportionaliteit", "Proportionaliteit", "Proportionality"),
            ("subsidiariteit", "Subsidiariteit", "Subsidiarity"),
        ] {
            if let Some(text) = self.text(kind, item, field) {
                e.justification.push(Justification {
                    label: if nl { nl_label } else { en_label }.to_string(),
                    text,
                });
            }
        }

        e.findings = file
            .diagnostics
            .iter()
            .filter(|d| inside(item.span, d.span))
            .map(|d| Finding {
                code: d.code.to_string(),
                severity: d.severity,
                message: d.message.get(taal).to_string(),
            })
            .collect();
        e.compliant = !e.findings.iter().any(|f| f.severity == Severity::Error);
        e
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
    fn every_entry_has_the_same_rows() {
        let a = Entry::default();
        let b = Entry {
            keywords: vec!["x".into()],
            ..Entry::default()
        };
        let keys = |e: &Entry| {
            e.rows(false, Taal::Nl)
                .iter()
                .map(|r| r.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&a), keys(&b));
        assert!(!Entry::default()
            .rows(true, Taal::Nl)
            .iter()
            .any(|r| r.key == "zoektermen" || r.key == "geautoriseerd"));
    }
}
