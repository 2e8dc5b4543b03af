//! `kader.toml`: the repository's settings.
//!
//! The file is read with `toml`'s span-preserving document parser, so every
//! problem (text that is not TOML, an unknown key, a value of the wrong type,
//! a misspelt severity word, a malformed rule code) becomes a diagnostic on
//! the very line of `kader.toml` that causes it. Reading never gives up: what
//! could be read is kept, and the rest of the repository is still checked.
//!
//! Every key has a Dutch spelling and an English one (`gemeente` or
//! `municipality`, `[regels]` or `[rules]`); both mean the same thing. Rule
//! overrides and parameters are stored with their spans, so the rules engine
//! can point back at the line that set them.

use crate::diagnostics::codes::{declare_codes, Category};
use crate::diagnostics::{Code, Diagnostic, Severity, Taal, Text};
use crate::span::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::text;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned as TomlSpanned;

/// A value read from `kader.toml`, with the span of the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub span: Span,
}

/// The level a rule is set to in `[regels]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// `uit` / `off`: the rule is not checked.
    Off,
    /// `info`.
    Info,
    /// `waarschuwing` / `warning`.
    Warning,
    /// `fout` / `error`.
    Error,
}

impl Level {
    /// Every accepted spelling, Dutch first.
    pub const WORDS: &'static [(&'static str, Level)] = &[
        ("uit", Level::Off),
        ("info", Level::Info),
        ("waarschuwing", Level::Warning),
        ("fout", Level::Error),
        ("off", Level::Off),
        ("warning", Level::Warning),
        ("error", Level::Error),
    ];

    pub fn parse(word: &str) -> Option<Level> {
        Level::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, level)| *level)
    }

    /// The severity a diagnostic of this rule gets, or `None` when the rule
    /// is switched off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// One line of `[regels]`: `"AVG-FG-ADVIES" = "fout"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOverride {
    /// The rule code, with the span of the key.
    pub code: Setting<String>,
    /// The level, with the span of the value.
    pub level: Setting<Level>,
}

/// One line of `[parameters]`: `stelselmatig_max_duur = "7 dagen"`, or a
/// list such as `algemene_zoektermen = ["gemeente", "politie"]`. The value
/// is kept as written; the rule that declares the parameter reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    pub name: Setting<String>,
    pub value: Setting<ParamValue>,
}

/// The value of a `[parameters]` line, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    Text(String),
    List(Vec<String>),
}

impl ParamValue {
    /// The value as it reads in `kader.toml`, for messages.
    pub fn written(&self) -> String {
        match self {
            ParamValue::Text(s) => s.clone(),
            ParamValue::List(items) => {
                let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
                format!("[{}]", quoted.join(", "))
            }
        }
    }
}

/// The settings of a policy repository.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `[project] gemeente`: the municipality, the default for every policy.
    pub gemeente: Option<String>,
    /// `[project] taal`: the language of messages and canonical spellings.
    pub taal: Taal,
    /// Where `gemeente` was set, if it was.
    pub gemeente_span: Option<Span>,
    /// `[project] fg`: the data protection officer's name and contact
    /// details (AVG art. 30 lid 1 sub a), for the register.
    pub fg: Option<Setting<String>>,
    /// Where `taal` was set, if it was (a command-line `--taal` wins over it).
    pub taal_span: Option<Span>,
    /// `[project] exclude`: folders, relative to the repository root, whose
    /// `.kader` files are not part of the repository.
    pub exclude: Vec<Setting<String>>,
    /// `[regels]`: severity overrides per rule code, in file order.
    pub rules: Vec<RuleOverride>,
    /// `[parameters]`: rule parameters, in file order.
    pub parameters: Vec<Parameter>,
    /// `[pakketten] paden`: folders of local rule packs, relative to the root.
    pub packs: Vec<Setting<String>>,
    /// `[algoritmeregister]`: what an entry in the national algorithm
    /// register needs and no policy says.
    pub algoritmeregister: AlgoritmeregisterConfig,
}

/// `[algoritmeregister]` / `[algorithm_register]`: the values of the
/// Algoritmeregister publication standard that no policy holds. Every value
/// is kept as written, with its span; the value sets are the standard's.
#[derive(Clone, Debug, Default)]
pub struct AlgoritmeregisterConfig {
    /// `contact`: e-mail address or website for questions (`contact_email`).
    pub contact: Option<Setting<String>>,
    /// `publicatiecategorie` / `publication_category`: one of
    /// [`PUBLICATION_CATEGORIES`].
    pub publicatiecategorie: Option<Setting<String>>,
    /// `status`: one of [`STATUSES`].
    pub status: Option<Setting<String>>,
    /// `thema` / `category`: at most three of [`THEMES`].
    pub thema: Vec<Setting<String>>,
    /// `publiekspagina` / `website`: the municipality's page about its
    /// algorithms (used when a policy gives no web address of its own).
    pub publiekspagina: Option<Setting<String>>,
    /// `bronregistratie` / `source_registration`: the municipality's own
    /// algorithm register (`url`).
    pub bronregistratie: Option<Setting<String>>,
    /// `verwerkingsregister` / `processing_register`: the public record of
    /// processing activities (`process_index_url`).
    pub verwerkingsregister: Option<Setting<String>>,
}

/// The publication categories of the Algoritmeregister publication standard
/// 1.0.0 (`publication_category`), exactly as the standard spells them.
pub const PUBLICATION_CATEGORIES: &[&str] = &[
    "Hoog-risico AI-systeem",
    "Impactvolle algoritmes",
    "Overige algoritmes",
];

/// The statuses of the standard 1.0.0 (`status`).
pub const STATUSES: &[&str] = &["In ontwikkeling", "In gebruik", "Buiten gebruik"];

/// The themes of the standard 1.0.0 (`category`, at most three).
pub const THEMES: &[&str] = &[
    "Organisatie en bedrijfsvoering",
    "Cultuur en recreatie",
    "Economie",
    "Overheidsfinanciën",
    "Wonen",
    "Internationaal",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Zorg en gezondheid",
];

impl Config {
    /// The override for a rule code, if `[regels]` has one.
    pub fn rule_level(&self, code: &str) -> Option<&RuleOverride> {
        self.rules.iter().find(|r| r.code.value == code)
    }

    /// The value of a rule parameter, if `[parameters]` sets it.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name.value == name)
    }
}

/// Whether `s` is written as a rule code: parts of uppercase ASCII letters and
/// digits joined by single `-`, starting with a letter (`OO-NEPACCOUNT`,
/// `AVG-GRONDSLAG-F`, `K0301`).
pub fn is_rule_code(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// A key in one table of `kader.toml`: its Dutch and English spelling and
/// what it is for.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub nl: &'static str,
    pub en: &'static str,
    /// What it sets, in Dutch and English (Markdown).
    pub doc: StaticText,
}

/// A text in Dutch and English that is known when kader is built.
#[derive(Clone, Copy, Debug)]
pub struct StaticText {
    pub nl: &'static str,
    pub en: &'static str,
}

impl StaticText {
    pub fn get(&self, taal: Taal) -> &'static str {
        match taal {
            Taal::Nl => self.nl,
            Taal::En => self.en,
        }
    }
}

const fn doc_text(nl: &'static str, en: &'static str) -> StaticText {
    StaticText { nl, en }
}

/// The tables of `kader.toml` (`[project]`, `[regels]`, ...).
pub fn sections() -> &'static [Key] {
    SECTIONS
}

/// The keys of the table `section` (either spelling); `[regels]` and
/// `[parameters]` have none of their own: their keys are rule codes and
/// parameter names.
pub fn keys_of(section: &str) -> &'static [Key] {
    let Some(key) = SECTIONS.iter().find(|k| k.nl == section || k.en == section) else {
        return &[];
    };
    match key.nl {
        "project" => PROJECT_KEYS,
        "algoritmeregister" => ALGORITMEREGISTER_KEYS,
        "pakketten" => PAKKETTEN_KEYS,
        _ => &[],
    }
}

const SECTIONS: &[Key] = &[
    Key {
        nl: "project",
        en: "project",
        doc: doc_text(
            "De beleidsrepository: gemeente, taal, uitgesloten mappen en de FG.",
            "The policy repository: municipality, language, excluded folders and the DPO.",
        ),
    },
    Key {
        nl: "regels",
        en: "rules",
        doc: doc_text(
            "De ernst per regel, bijvoorbeeld `\"AVG-FG\" = \"fout\"`: uit, info, waarschuwing of fout.",
            "The severity per rule, e.g. `\"AVG-FG\" = \"error\"`: off, info, warning or error.",
        ),
    },
    Key {
        nl: "parameters",
        en: "parameters",
        doc: doc_text(
            "Drempels van de regels; een eigen regelpakket kan er meer hebben.",
            "Thresholds of the rules; a local rule pack may declare more.",
        ),
    },
    Key {
        nl: "pakketten",
        en: "packages",
        doc: doc_text(
            "Eigen regelpakketten.",
            "Local rule packs.",
        ),
    },
    Key {
        nl: "algoritmeregister",
        en: "algorithm_register",
        doc: doc_text(
            "Wat het landelijke Algoritmeregister (publicatiestandaard 1.0.0) vraagt en geen beleid zegt.",
            "What the national algorithm register (publication standard 1.0.0) asks and no policy says.",
        ),
    },
];

const PROJECT_KEYS: &[Key] = &[
    Key {
        nl: "gemeente",
        en: "municipality",
        doc: doc_text(
            "De gemeente die de beleidsregels voert; de standaard voor elk beleid.",
            "The municipality that runs the policies; the default for every policy.",
        ),
    },
    Key {
        nl: "taal",
        en: "language",
        doc: doc_text(
            "Taal van de meldingen en de vaste spelling: `nl` of `en`.",
            "Language of the messages and the canonical spelling: `nl` or `en`.",
        ),
    },
    Key {
        nl: "exclude",
        en: "exclude",
        doc: doc_text(
            "Mappen (vanaf de hoofdmap) waarvan de .kader-bestanden niet meedoen.",
            "Folders (from the root) whose .kader files are not part of the repository.",
        ),
    },
    Key {
        nl: "fg",
        en: "dpo",
        doc: doc_text(
            "Naam en contactgegevens van de functionaris voor gegevensbescherming (AVG art. 30 lid 1 sub a); staat in het register.",
            "Name and contact details of the data protection officer (GDPR Art. 30(1)(a)); shown in the register.",
        ),
    },
];

const ALGORITMEREGISTER_KEYS: &[Key] = &[
    Key {
        nl: "contact",
        en: "contact",
        doc: doc_text(
            "E-mailadres of website voor vragen over de algoritmes (contact_email).",
            "E-mail address or website for questions about the algorithms (contact_email).",
        ),
    },
    Key {
        nl: "publicatiecategorie",
        en: "publication_category",
        doc: doc_text(
            "De publicatiecategorie van de standaard (publication_category).",
            "The standard's publication category (publication_category).",
        ),
    },
    Key {
        nl: "status",
        en: "status",
        doc: doc_text(
            "De status van de algoritmes (status).",
            "The status of the algorithms (status).",
        ),
    },
    Key {
        nl: "thema",
        en: "category",
        doc: doc_text(
            "Hoogstens drie thema's (category).",
            "At most three themes (category).",
        ),
    },
    Key {
        nl: "publiekspagina",
        en: "website",
        doc: doc_text(
            "Pagina van de gemeente over haar algoritmes, als een beleid geen eigen link geeft (website).",
            "The municipality's page about its algorithms, when a policy gives no link of its own (website).",
        ),
    },
    Key {
        nl: "bronregistratie",
        en: "source_registration",
        doc: doc_text(
            "Het eigen algoritmeregister van de gemeente (url).",
            "The municipality's own algorithm register (url).",
        ),
    },
    Key {
        nl: "verwerkingsregister",
        en: "processing_register",
        doc: doc_text(
            "Het openbare register van verwerkingsactiviteiten (process_index_url).",
            "The public record of processing activities (process_index_url).",
        ),
    },
];

const PAKKETTEN_KEYS: &[Key] = &[Key {
        nl: "paden",
        en: "paths",
        doc: doc_text(
            "Mappen met eigen regels, vanaf de hoofdmap en binnen de repository (een map daarbuiten wordt geweigerd, K0405).",
            "Folders with local rules, from the root and inside the repository (a folder outside is refused, K0405).",
        ),
    }];

/// Reads the text of `kader.toml`. Problems become diagnostics that point at
/// the offending line; the settings that could be read are kept.
pub fn parse(file: FileId, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut reader = Reader {
        file,
        config: Config::default(),
        diagnostics: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        reader.syntax_error(text, &error);
    }
    let root = root.into_inner();
    let mut seen = HashMap::new();
    for (key, value) in root.iter() {
        let Some(section) = reader.known_key(key, SECTIONS, &mut seen, None) else {
            continue;
        };
        match section {
            "project" => reader.project(key, value),
            "regels" => reader.regels(key, value),
            "parameters" => reader.parameters(key, value),
            "algoritmeregister" => reader.algoritmeregister(key, value),
            _ => reader.pakketten(key, value),
        }
    }
    // Only for a kader.toml that reads well: with errors, those come first.
    let has_errors = reader
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if reader.config.fg.is_none() && !has_errors {
        // Point at the `[project]` heading, or at the start of the file.
        let at = root
            .iter()
            .find(|(k, _)| matches!(k.get_ref().as_ref(), "project"))
            .map_or(0..0, |(k, _)| k.span());
        let span = reader.span(at);
        reader.diagnostics.push(
            Diagnostic::new(
                K_NO_DPO,
                Severity::Info,
                span,
                text!(
                    "`kader.toml` noemt geen functionaris voor gegevensbescherming (`fg` onder `[project]`); het register vermeldt die als \"niet ingevuld\".",
                    "`kader.toml` names no data protection officer (`fg` under `[project]`); the register shows \"not stated\"."
                ),
            )
            .with_help(text!(
                "Voeg toe onder `[project]`: `fg = \"Naam of functie, e-mailadres\"` (AVG art. 30 lid 1 sub a).",
                "Add under `[project]`: `fg = \"Name or role, e-mail address\"` (GDPR Art. 30(1)(a))."
            )),
        );
    }
    let Reader {
        config,
        mut diagnostics,
        ..
    } = reader;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (config, diagnostics)
}

type TomlKey<'i> = TomlSpanned<std::borrow::Cow<'i, str>>;
type TomlValue<'i> = TomlSpanned<DeValue<'i>>;

struct Reader {
    file: FileId,
    config: Config,
    diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.start, range.end)
    }

    fn error(&mut self, code: Code, range: std::ops::Range<usize>, message: Text, help: Text) {
        let span = self.span(range);
        self.diagnostics
            .push(Diagnostic::error(code, span, message).with_help(help));
    }

    fn syntax_error(&mut self, text: &str, error: &toml::de::Error) {
        let range = error.span().unwrap_or(0..0);
        // A span that ends a line (an unexpected line break) reads better as
        // the point before it.
        let range = if range.start >= text.len() && !text.is_empty() {
            text.len()..text.len()
        } else {
            range
        };
        let detail = error.message().trim().to_string();
        self.error(
            K_SYNTAX,
            range,
            text!(
                "kader.toml is geen geldige TOML: {detail}",
                "kader.toml is not valid TOML: {detail}"
            ),
            text!(
                "Een regel ziet eruit als `sleutel = \"waarde\"`; een kopje als `[project]`.",
                "A line looks like `key = \"value\"`; a heading like `[project]`."
            ),
        );
    }

    /// Looks `key` up among `keys` (either spelling). Reports an unknown key,
    /// with the closest known spelling, and a setting given twice. Returns the
    /// Dutch spelling of a known key.
    fn known_key(
        &mut self,
        key: &TomlKey<'_>,
        keys: &'static [Key],
        seen: &mut HashMap<&'static str, String>,
        table: Option<&str>,
    ) -> Option<&'static str> {
        let name: &str = key.get_ref();
        let Some(found) = keys.iter().find(|k| k.nl == name || k.en == name) else {
            let spellings = keys.iter().flat_map(|k| [k.nl, k.en]);
            let suggestion = did_you_mean(name, spellings);
            let message = match table {
                None => text!(
                    "Onbekend onderdeel `{name}` in kader.toml.",
                    "Unknown section `{name}` in kader.toml."
                ),
                Some(t) => text!(
                    "Onbekende instelling `{name}` in `[{t}]`.",
                    "Unknown setting `{name}` in `[{t}]`."
                ),
            };
            let known_nl = keys
                .iter()
                .map(|k| format!("`{}`", k.nl))
                .collect::<Vec<_>>()
                .join(", ");
            let known_en = keys
                .iter()
                .map(|k| format!("`{}`", k.en))
                .collect::<Vec<_>>()
                .join(", ");
            let in_project =
                table.is_none() && PROJECT_KEYS.iter().any(|k| k.nl == name || k.en == name);
            let help = match (suggestion, in_project) {
                (_, true) => text!(
                    "Zet `{name}` onder het kopje `[project]`.",
                    "Put `{name}` under the `[project]` heading."
                ),
                (Some(s), false) => text!(
                    "Bedoelt u `{s}`? Bekend zijn: {known_nl}.",
                    "Did you mean `{s}`? Known are: {known_en}."
                ),
                (None, false) => text!("Bekend zijn: {known_nl}.", "Known are: {known_en}."),
            };
            self.error(K_UNKNOWN_KEY, key.span(), message, help);
            return None;
        };
        if let Some(earlier) = seen.get(found.nl) {
            let earlier = earlier.clone();
            self.error(
                K_TWICE,
                key.span(),
                text!(
                    "`{name}` staat er al als `{earlier}`; de Nederlandse en Engelse spelling betekenen hetzelfde.",
                    "`{name}` is already given as `{earlier}`; the Dutch and English spelling mean the same."
                ),
            text!("Laat één van beide weg.", "Remove one of them."));
            return None;
        }
        seen.insert(found.nl, name.to_string());
        Some(found.nl)
    }

    /// Reports that `value` has the wrong type.
    fn wrong_type(
        &mut self,
        name: &str,
        value: &TomlValue<'_>,
        want_nl: &str,
        want_en: &str,
        example: &str,
    ) {
        let (is_nl, is_en) = type_words(value.get_ref());
        self.error(
            K_WRONG_TYPE,
            value.span(),
            text!(
                "`{name}` moet {want_nl} zijn, maar is {is_nl}.",
                "`{name}` must be {want_en}, but is {is_en}."
            ),
            text!("Bijvoorbeeld: {example}", "For example: {example}"),
        );
    }

    fn table<'v, 'i>(
        &mut self,
        key: &TomlKey<'_>,
        value: &'v TomlValue<'i>,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                let name: &str = key.get_ref();
                let example = format!("[{name}]");
                self.wrong_type(
                    name,
                    value,
                    "een kopje (tabel)",
                    "a heading (table)",
                    &example,
                );
                None
            }
        }
    }

    fn string(
        &mut self,
        name: &str,
        value: &TomlValue<'_>,
        example: &str,
    ) -> Option<Setting<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Setting {
                value: s.to_string(),
                span: self.span(value.span()),
            }),
            _ => {
                self.wrong_type(
                    name,
                    value,
                    "een tekst tussen aanhalingstekens",
                    "a text in quotes",
                    example,
                );
                None
            }
        }
    }

    fn string_list(
        &mut self,
        name: &str,
        value: &TomlValue<'_>,
        example: &str,
    ) -> Vec<Setting<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                name,
                value,
                "een lijst van teksten",
                "a list of texts",
                example,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let Some(s) = self.string(name, item, example) {
                out.push(s);
            }
        }
        out
    }

    fn project(&mut self, key: &TomlKey<'_>, value: &TomlValue<'_>) {
        let Some(table) = self.table(key, value) else {
            return;
        };
        let mut seen = HashMap::new();
        for (k, v) in table.iter() {
            let Some(name) = self.known_key(k, PROJECT_KEYS, &mut seen, Some("project")) else {
                continue;
            };
            match name {
                "gemeente" => {
                    if let Some(s) = self.string(k.get_ref(), v, "gemeente = \"Delft\"") {
                        self.config.gemeente = Some(s.value);
                        self.config.gemeente_span = Some(s.span);
                    }
                }
                "taal" => {
                    let Some(s) = self.string(k.get_ref(), v, "taal = \"nl\"") else {
                        continue;
                    };
                    match Taal::parse(&s.value) {
                        Some(taal) => {
                            self.config.taal = taal;
                            self.config.taal_span = Some(s.span);
                        }
                        None => self.bad_taal(&s.value, v.span()),
                    }
                }
                "fg" => {
                    self.config.fg = self.string(
                        k.get_ref(),
                        v,
                        "fg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"",
                    );
                }
                _ => {
                    self.config.exclude =
                        self.string_list(k.get_ref(), v, "exclude = [\"concepten/\"]");
                }
            }
        }
    }

    fn bad_taal(&mut self, word: &str, range: std::ops::Range<usize>) {
        let lower = word.trim().to_lowercase();
        let guess = match lower.as_str() {
            "nederlands" | "dutch" | "nld" | "nl-nl" | "nl_nl" => Some("nl"),
            "engels" | "english" | "eng" | "en-gb" | "en-us" | "en_gb" | "en_us" => Some("en"),
            other => did_you_mean(other, ["nl", "en"]),
        };
        let help = match guess {
            Some(g) => text!(
                "Bedoelt u `\"{g}\"`? Kies `\"nl\"` (Nederlands) of `\"en\"` (Engels).",
                "Did you mean `\"{g}\"`? Choose `\"nl\"` (Dutch) or `\"en\"` (English)."
            ),
            None => text!(
                "Kies `\"nl\"` (Nederlands) of `\"en\"` (Engels).",
                "Choose `\"nl\"` (Dutch) or `\"en\"` (English)."
            ),
        };
        self.error(
            K_BAD_TAAL,
            range,
            text!("Onbekende taal `{word}`.", "Unknown language `{word}`."),
            help,
        );
    }

    fn regels(&mut self, key: &TomlKey<'_>, value: &TomlValue<'_>) {
        let Some(table) = self.table(key, value) else {
            return;
        };
        for (k, v) in table.iter() {
            let code: &str = k.get_ref();
            let code_ok = is_rule_code(code);
            if !code_ok {
                let upper = code.trim().to_uppercase().replace(['_', ' '], "-");
                let help = if is_rule_code(&upper) {
                    text!(
                        "Een regelcode bestaat uit hoofdletters en cijfers, in delen met `-` ertussen. Bedoelt u `\"{upper}\"`?",
                        "A rule code consists of uppercase letters and digits, in parts joined by `-`. Did you mean `\"{upper}\"`?"
                    )
                } else {
                    text!(
                        "Een regelcode bestaat uit hoofdletters en cijfers, in delen met `-` ertussen, zoals `\"OO-NEPACCOUNT\"`.",
                        "A rule code consists of uppercase letters and digits, in parts joined by `-`, such as `\"OO-NEPACCOUNT\"`."
                    )
                };
                self.error(
                    K_BAD_RULE_CODE,
                    k.span(),
                    text!(
                        "`{code}` is geen regelcode.",
                        "`{code}` is not a rule code."
                    ),
                    help,
                );
            }
            let Some(word) = self.string(code, v, "\"AVG-FG-ADVIES\" = \"fout\"") else {
                continue;
            };
            let Some(level) = Level::parse(&word.value) else {
                let w = word.value.clone();
                let guess = did_you_mean(&w, Level::WORDS.iter().map(|(w, _)| *w));
                let help = match guess {
                    Some(g) => text!(
                        "Bedoelt u `\"{g}\"`? Kies uit `uit`, `info`, `waarschuwing`, `fout` (of `off`, `info`, `warning`, `error`).",
                        "Did you mean `\"{g}\"`? Choose from `uit`, `info`, `waarschuwing`, `fout` (or `off`, `info`, `warning`, `error`)."
                    ),
                    None => text!(
                        "Kies uit `uit`, `info`, `waarschuwing`, `fout` (of `off`, `info`, `warning`, `error`).",
                        "Choose from `uit`, `info`, `waarschuwing`, `fout` (or `off`, `info`, `warning`, `error`)."
                    ),
                };
                self.error(
                    K_BAD_LEVEL,
                    v.span(),
                    text!(
                        "`{w}` is geen ernst voor regel `{code}`.",
                        "`{w}` is not a severity for rule `{code}`."
                    ),
                    help,
                );
                continue;
            };
            if code_ok {
                self.config.rules.push(RuleOverride {
                    code: Setting {
                        value: code.to_string(),
                        span: self.span(k.span()),
                    },
                    level: Setting {
                        value: level,
                        span: word.span,
                    },
                });
            }
        }
        self.config.rules.sort_by_key(|r| r.code.span.start);
    }

    fn parameters(&mut self, key: &TomlKey<'_>, value: &TomlValue<'_>) {
        let Some(table) = self.table(key, value) else {
            return;
        };
        for (k, v) in table.iter() {
            let name: &str = k.get_ref();
            let value = match v.get_ref() {
                DeValue::Array(_) => {
                    let example = format!("{name} = [\"gemeente\", \"politie\"]");
                    let items = self.string_list(name, v, &example);
                    Some(Setting {
                        value: ParamValue::List(items.into_iter().map(|s| s.value).collect()),
                        span: self.span(v.span()),
                    })
                }
                _ => {
                    let example = format!("{name} = \"7 dagen\"");
                    self.string(name, v, &example).map(|s| Setting {
                        value: ParamValue::Text(s.value),
                        span: s.span,
                    })
                }
            };
            if let Some(value) = value {
                self.config.parameters.push(Parameter {
                    name: Setting {
                        value: name.to_string(),
                        span: self.span(k.span()),
                    },
                    value,
                });
            }
        }
        self.config.parameters.sort_by_key(|p| p.name.span.start);
    }

    fn pakketten(&mut self, key: &TomlKey<'_>, value: &TomlValue<'_>) {
        let Some(table) = self.table(key, value) else {
            return;
        };
        let mut seen = HashMap::new();
        for (k, v) in table.iter() {
            if self
                .known_key(k, PAKKETTEN_KEYS, &mut seen, Some("pakketten"))
                .is_some()
            {
                self.config.packs = self.string_list(k.get_ref(), v, "paden = [\"regels/\"]");
            }
        }
    }
}

impl Reader {
    fn algoritmeregister(&mut self, key: &TomlKey<'_>, value: &TomlValue<'_>) {
        let Some(table) = self.table(key, value) else {
            return;
        };
        let mut seen = HashMap::new();
        for (k, v) in table.iter() {
            let Some(name) = self.known_key(
                k,
                ALGORITMEREGISTER_KEYS,
                &mut seen,
                Some("algoritmeregister"),
            ) else {
                continue;
            };
            let written: &str = k.get_ref();
            match name {
                "contact" => {
                    self.config.algoritmeregister.contact =
                        self.string(written, v, "contact = \"algoritmes@gemeente.nl\"");
                }
                "publicatiecategorie" => {
                    let s = self.string(
                        written,
                        v,
                        "publicatiecategorie = \"Impactvolle algoritmes\"",
                    );
                    let s = s.filter(|s| self.in_value_set(written, s, PUBLICATION_CATEGORIES));
                    self.config.algoritmeregister.publicatiecategorie = s;
                }
                "status" => {
                    let s = self.string(written, v, "status = \"In gebruik\"");
                    let s = s.filter(|s| self.in_value_set(written, s, STATUSES));
                    self.config.algoritmeregister.status = s;
                }
                "thema" => {
                    let example = "thema = [\"Openbare orde en veiligheid\"]";
                    let items = self.string_list(written, v, example);
                    let n = items.len();
                    if n > 3 {
                        self.error(
                            K_NOT_IN_STANDARD,
                            v.span(),
                            text!(
                                "`{written}` noemt {n} thema's; het Algoritmeregister staat er hoogstens 3 toe.",
                                "`{written}` names {n} themes; the Algoritmeregister allows at most 3."
                            ),
                            text!(
                                "Houd de drie thema's over die het best passen.",
                                "Keep the three themes that fit best."
                            ),
                        );
                    }
                    let kept: Vec<_> = items
                        .into_iter()
                        .filter(|s| self.in_value_set(written, s, THEMES))
                        .take(3)
                        .collect();
                    self.config.algoritmeregister.thema = kept;
                }
                "publiekspagina" => {
                    self.config.algoritmeregister.publiekspagina = self.string(
                        written,
                        v,
                        "publiekspagina = \"https://www.gemeente.nl/algoritmes\"",
                    );
                }
                "bronregistratie" => {
                    self.config.algoritmeregister.bronregistratie = self.string(
                        written,
                        v,
                        "bronregistratie = \"https://algoritmes.gemeente.nl/\"",
                    );
                }
                _ => {
                    self.config.algoritmeregister.verwerkingsregister = self.string(
                        written,
                        v,
                        "verwerkingsregister = \"https://www.gemeente.nl/privacy/register\"",
                    );
                }
            }
        }
    }

    /// Whether `value` is one of `allowed`; when not, reports it on its line
    /// with the closest allowed value.
    fn in_value_set(&mut self, name: &str, value: &Setting<String>, allowed: &[&str]) -> bool {
        if allowed.contains(&value.value.as_str()) {
            return true;
        }
        let w = value.value.clone();
        let list = allowed
            .iter()
            .take(crate::suggest::MAX_OPTIONS)
            .map(|a| format!("`\"{a}\"`"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if allowed.len() > crate::suggest::MAX_OPTIONS {
            ", …"
        } else {
            ""
        };
        let lower = w.to_lowercase();
        let guess = allowed
            .iter()
            .find(|a| a.to_lowercase() == lower)
            .copied()
            .or_else(|| did_you_mean(&w, allowed.iter().copied()));
        let help = match guess {
            Some(g) => text!(
                "Bedoelt u `\"{g}\"`? De publicatiestandaard kent: {list}{more}.",
                "Did you mean `\"{g}\"`? The publication standard knows: {list}{more}."
            ),
            None => text!(
                "De publicatiestandaard kent: {list}{more}.",
                "The publication standard knows: {list}{more}."
            ),
        };
        self.diagnostics.push(
            Diagnostic::error(
                K_NOT_IN_STANDARD,
                value.span,
                text!(
                    "`{w}` is geen waarde die het Algoritmeregister kent voor `{name}`.",
                    "`{w}` is not a value the Algoritmeregister knows for `{name}`."
                ),
            )
            .with_help(help),
        );
        false
    }
}

/// The name of a TOML value's type, in Dutch and English, with an article.
fn type_words(value: &DeValue<'_>) -> (&'static str, &'static str) {
    match value {
        DeValue::String(_) => ("een tekst", "a text"),
        DeValue::Integer(_) => ("een getal", "a number"),
        DeValue::Float(_) => ("een kommagetal", "a decimal number"),
        DeValue::Boolean(_) => ("een ja/nee-waarde", "a true/false value"),
        DeValue::Datetime(_) => ("een datum of tijd", "a date or time"),
        DeValue::Array(_) => ("een lijst", "a list"),
        DeValue::Table(_) => ("een tabel", "a table"),
    }
}

declare_codes! {
    category: Category::Config;

    K_SYNTAX = "K0301" {
        title_nl: "kader.toml is geen geldige TOML",
        title_en: "kader.toml is not valid TOML",
        explanation_nl: "kader.toml is geschreven in TOML: kopjes tussen rechte haken en regels van de vorm `sleutel = waarde`, met teksten tussen dubbele aanhalingstekens. Op de aangewezen plek kon kader de tekst niet lezen. De rest van het bestand is wel gelezen, maar de instelling op deze regel telt niet mee.",
        explanation_en: "kader.toml is written in TOML: headings in square brackets and lines of the form `key = value`, with texts in double quotes. kader could not read the text at the marked place. The rest of the file was read, but the setting on this line does not count.",
        wrong: "[project]\ngemeente = Delft",
        right: "[project]\ngemeente = \"Delft\"",
    }
    K_UNKNOWN_KEY = "K0302" {
        title_nl: "Onbekende instelling in kader.toml",
        title_en: "Unknown setting in kader.toml",
        explanation_nl: "kader kent dit kopje of deze instelling niet, vaak door een tikfout. Een onbekende instelling wordt genegeerd, zodat u zou denken dat iets is ingesteld terwijl dat niet zo is. Bekende kopjes zijn `[project]` (gemeente, taal, exclude, fg), `[regels]`, `[parameters]`, `[pakketten]` (paden) en `[algoritmeregister]` (contact, publicatiecategorie, status, thema, publiekspagina, bronregistratie, verwerkingsregister).",
        explanation_en: "kader does not know this heading or setting, often because of a typing error. An unknown setting is ignored, so you might think something is set when it is not. Known headings are `[project]` (gemeente, taal, exclude, fg), `[regels]`, `[parameters]`, `[pakketten]` (paden) and `[algoritmeregister]` (contact, publicatiecategorie, status, thema, publiekspagina, bronregistratie, verwerkingsregister).",
        wrong: "[projekt]\ngemeente = \"Delft\"",
        right: "[project]\ngemeente = \"Delft\"",
    }
    K_WRONG_TYPE = "K0303" {
        title_nl: "Instelling heeft het verkeerde soort waarde",
        title_en: "Setting has the wrong kind of value",
        explanation_nl: "Elke instelling verwacht een bepaald soort waarde: `gemeente`, `taal`, de ernst in `[regels]` en de waarden in `[parameters]` zijn teksten tussen aanhalingstekens (of lijsten daarvan, zoals `algemene_zoektermen`); `exclude` en `paden` zijn lijsten van teksten tussen rechte haken.",
        explanation_en: "Every setting expects a certain kind of value: `gemeente`, `taal`, the severity in `[regels]` and the values in `[parameters]` are texts in quotes (or lists of them, such as `algemene_zoektermen`); `exclude` and `paden` are lists of texts in square brackets.",
        wrong: "[parameters]\nstelselmatig_max_duur = 7",
        right: "[parameters]\nstelselmatig_max_duur = \"7 dagen\"",
    }
    K_BAD_TAAL = "K0304" {
        title_nl: "Onbekende taal",
        title_en: "Unknown language",
        explanation_nl: "`taal` bepaalt de taal van de meldingen en de spelling die `kader fmt` gebruikt. Het kan `\"nl\"` (Nederlands) of `\"en\"` (Engels) zijn. Zolang de waarde onbekend is, gebruikt kader Nederlands.",
        explanation_en: "`taal` sets the language of the messages and the spelling `kader fmt` uses. It can be `\"nl\"` (Dutch) or `\"en\"` (English). While the value is unknown, kader uses Dutch.",
        wrong: "[project]\ntaal = \"Nederlands\"",
        right: "[project]\ntaal = \"nl\"",
    }
    K_BAD_LEVEL = "K0305" {
        title_nl: "Onbekende ernst in [regels]",
        title_en: "Unknown severity in [regels]",
        explanation_nl: "In `[regels]` zet u per regel hoe zwaar een bevinding weegt: `uit`, `info`, `waarschuwing` of `fout` (in het Engels `off`, `info`, `warning`, `error`). Een ander woord wordt niet begrepen; de regel houdt dan zijn gewone ernst.",
        explanation_en: "In `[regels]` you set per rule how much a finding weighs: `uit`, `info`, `waarschuwing` or `fout` (in English `off`, `info`, `warning`, `error`). Another word is not understood; the rule then keeps its usual severity.",
        wrong: "[regels]\n\"AVG-FG-ADVIES\" = \"ernstig\"",
        right: "[regels]\n\"AVG-FG-ADVIES\" = \"fout\"",
    }
    K_BAD_RULE_CODE = "K0306" {
        title_nl: "Geen geldige regelcode in [regels]",
        title_en: "Not a valid rule code in [regels]",
        explanation_nl: "De sleutels van `[regels]` zijn regelcodes: hoofdletters en cijfers in delen met een streepje ertussen, zoals `OO-NEPACCOUNT` of `AVG-GRONDSLAG-F`. Zet de code tussen aanhalingstekens, want TOML staat een streepje in een kale sleutel wel toe maar een code hoort exact zo geschreven te worden als in de regel.",
        explanation_en: "The keys of `[regels]` are rule codes: uppercase letters and digits in parts joined by a hyphen, such as `OO-NEPACCOUNT` or `AVG-GRONDSLAG-F`. Put the code in quotes, and write it exactly as the rule does.",
        wrong: "[regels]\n\"oo_nepaccount\" = \"fout\"",
        right: "[regels]\n\"OO-NEPACCOUNT\" = \"fout\"",
    }
    K_TWICE = "K0307" {
        title_nl: "Instelling staat er twee keer",
        title_en: "Setting given twice",
        explanation_nl: "Elke instelling heeft een Nederlandse en een Engelse spelling (`gemeente` en `municipality`, `[regels]` en `[rules]`). Ze betekenen hetzelfde, dus er mag er maar één staan; anders is niet duidelijk welke waarde geldt.",
        explanation_en: "Every setting has a Dutch and an English spelling (`gemeente` and `municipality`, `[regels]` and `[rules]`). They mean the same, so only one may be given; otherwise it is unclear which value counts.",
        wrong: "[project]\ngemeente = \"Delft\"\nmunicipality = \"Delft\"",
        right: "[project]\ngemeente = \"Delft\"",
    }
    K_NO_DPO = "K0308" {
        title_nl: "Functionaris voor gegevensbescherming niet ingevuld",
        title_en: "Data protection officer not given",
        explanation_nl: "Het register van verwerkingsactiviteiten noemt de naam en contactgegevens van de functionaris voor gegevensbescherming (AVG art. 30 lid 1 sub a). Zet ze onder `[project]` als `fg`; zolang dat ontbreekt, staat in het register \"niet ingevuld\".",
        explanation_en: "The record of processing activities names the data protection officer's name and contact details (GDPR Art. 30(1)(a)). Put them under `[project]` as `fg`; while it is missing, the register says \"not stated\".",
        wrong: "[project]\ngemeente = \"Delft\"",
        right: "[project]\ngemeente = \"Delft\"\nfg = \"Functionaris voor gegevensbescherming, fg@delft.nl\"",
    }
    K_NOT_IN_STANDARD = "K0309" {
        title_nl: "Waarde die het Algoritmeregister niet kent",
        title_en: "Value the Algoritmeregister does not know",
        explanation_nl: "Onder `[algoritmeregister]` staan gegevens voor het landelijke Algoritmeregister die geen beleid bevat. Voor `publicatiecategorie`, `status` en `thema` schrijft de publicatiestandaard (versie 1.0.0) vaste waarden voor, precies zo gespeld, met hoofdletters; `thema` mag hoogstens drie waarden hebben. Een andere waarde neemt kader niet over: het register meldt het gegeven dan als ontbrekend.",
        explanation_en: "Under `[algoritmeregister]` are the details for the national algorithm register that no policy holds. For `publicatiecategorie`, `status` and `thema` the publication standard (version 1.0.0) prescribes fixed values, spelt exactly so, with capitals; `thema` may have at most three values. kader does not take over another value: the register then reports the detail as missing.",
        wrong: "[algoritmeregister]\npublicatiecategorie = \"impactvol\"",
        right: "[algoritmeregister]\npublicatiecategorie = \"Impactvolle algoritmes\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Config, Vec<Diagnostic>) {
        parse(FileId(7), text)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }

    fn line_of(text: &str, d: &Diagnostic) -> usize {
        text[..d.span.start as usize].matches('\n').count() + 1
    }

    #[test]
    fn reads_every_section() {
        let text = r#"
[project]
gemeente = "Delft"
taal = "en"
exclude = ["concepten/", "oud"]
fg = "fg@delft.nl"

[regels]
"AVG-FG-ADVIES" = "fout"
"OO-NEPACCOUNT" = "off"

[parameters]
stelselmatig_max_duur = "7 dagen"

[pakketten]
paden = ["regels/"]
"#;
        let (cfg, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(cfg.gemeente.as_deref(), Some("Delft"));
        assert_eq!(cfg.taal, Taal::En);
        let excl: Vec<_> = cfg.exclude.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(excl, ["concepten/", "oud"]);
        let fg = cfg.rule_level("AVG-FG-ADVIES").unwrap();
        assert_eq!(fg.level.value, Level::Error);
        assert_eq!(&text[fg.level.span.range()], "\"fout\"");
        assert_eq!(fg.code.span.file, FileId(7));
        assert_eq!(
            cfg.rule_level("OO-NEPACCOUNT").unwrap().level.value,
            Level::Off
        );
        let p = cfg.parameter("stelselmatig_max_duur").unwrap();
        assert_eq!(p.value.value, ParamValue::Text("7 dagen".into()));
        assert_eq!(&text[p.name.span.range()], "stelselmatig_max_duur");
        assert_eq!(cfg.packs[0].value, "regels/");
    }

    #[test]
    fn english_spellings_mean_the_same() {
        let (cfg, diags) = read("[project]\nmunicipality = \"Delft\"\nlanguage = \"en\"\ndpo = \"fg@delft.nl\"\n[rules]\n\"OO-X\" = \"warning\"\n[packages]\npaths = [\"p\"]\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(cfg.gemeente.as_deref(), Some("Delft"));
        assert_eq!(cfg.taal, Taal::En);
        assert_eq!(cfg.rules[0].level.value, Level::Warning);
        assert_eq!(cfg.packs.len(), 1);
    }

    #[test]
    fn misspelt_key_suggests_the_right_one() {
        let text = "[project]\ngemeete = \"Delft\"\ntaal = \"en\"\n";
        let (cfg, diags) = read(text);
        assert_eq!(codes(&diags), ["K0302"]);
        assert_eq!(line_of(text, &diags[0]), 2);
        assert!(diags[0].help.as_ref().unwrap().nl.contains("`gemeente`"));
        // What could be read is kept.
        assert_eq!(cfg.taal, Taal::En);
    }

    #[test]
    fn misspelt_section_suggests_the_right_one() {
        let (_, diags) = read("[projekt]\ngemeente = \"Delft\"\n");
        assert_eq!(codes(&diags), ["K0302"]);
        assert!(diags[0].help.as_ref().unwrap().en.contains("`project`"));
    }

    #[test]
    fn wrong_types_are_reported_on_their_line() {
        let text = "[project]\ngemeente = 12\nexclude = \"x\"\n[parameters]\nmax = 7\nok = \"3 maanden\"\n";
        let (cfg, diags) = read(text);
        assert_eq!(codes(&diags), ["K0303", "K0303", "K0303"]);
        let lines: Vec<_> = diags.iter().map(|d| line_of(text, d)).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert!(diags[0].message.nl.contains("een getal"));
        assert_eq!(cfg.parameters.len(), 1);
    }

    #[test]
    fn bad_taal_and_severity_words() {
        let text = "[project]\ntaal = \"Nederlands\"\n[regels]\n\"OO-A\" = \"waarschuwng\"\n\"OO-B\" = \"fout\"\n";
        let (cfg, diags) = read(text);
        assert_eq!(codes(&diags), ["K0304", "K0305"]);
        assert!(diags[0].help.as_ref().unwrap().nl.contains("\"nl\""));
        assert!(diags[1]
            .help
            .as_ref()
            .unwrap()
            .nl
            .contains("`\"waarschuwing\"`"));
        assert_eq!(line_of(text, &diags[1]), 4);
        assert_eq!(cfg.taal, Taal::Nl);
        assert_eq!(cfg.rules.len(), 1);
    }

    #[test]
    fn rule_code_syntax_is_checked() {
        assert!(is_rule_code("OO-NEPACCOUNT"));
        assert!(is_rule_code("AVG-GRONDSLAG-F"));
        assert!(!is_rule_code("oo-nepaccount"));
        assert!(!is_rule_code("OO--X"));
        assert!(!is_rule_code("-OO"));
        assert!(!is_rule_code("1OO"));
        let (cfg, diags) = read("[regels]\n\"oo_nepaccount\" = \"fout\"\n");
        assert_eq!(codes(&diags), ["K0306"]);
        assert!(diags[0].help.as_ref().unwrap().nl.contains("OO-NEPACCOUNT"));
        assert!(cfg.rules.is_empty());
    }

    #[test]
    fn not_toml_at_all() {
        let text = "[project]\ngemeente = Delft\ntaal = \"en\"\n";
        let (cfg, diags) = read(text);
        assert!(!diags.is_empty());
        assert_eq!(diags[0].code.as_str(), "K0301");
        assert_eq!(line_of(text, &diags[0]), 2);
        assert!(diags.iter().all(|d| d.severity == Severity::Error));
        // The line after the broken one still counts.
        assert_eq!(cfg.taal, Taal::En);
    }

    #[test]
    fn plain_prose_is_not_toml() {
        let (_, diags) = read("Dit is geen configuratie.\n");
        assert!(diags.iter().any(|d| d.code.as_str() == "K0301"));
    }

    #[test]
    fn both_spellings_of_one_setting() {
        let (_, diags) = read("[project]\ngemeente = \"A\"\nmunicipality = \"B\"\n");
        assert_eq!(codes(&diags), ["K0307"]);
    }

    #[test]
    fn top_level_project_key_is_pointed_to_project() {
        let (_, diags) = read("taal = \"en\"\n");
        assert_eq!(codes(&diags), ["K0302"]);
        assert!(diags[0].help.as_ref().unwrap().nl.contains("[project]"));
    }

    #[test]
    fn every_code_has_an_entry() {
        for code in [
            "K0301", "K0302", "K0303", "K0304", "K0305", "K0306", "K0307",
        ] {
            let info = CODES.iter().find(|c| c.code == code).unwrap();
            assert!(!info.wrong.is_empty() && !info.right.is_empty());
            // The wrong example really gives that code, the right one nothing.
            let (_, wrong) = read(info.wrong);
            assert!(
                wrong.iter().any(|d| d.code.as_str() == code),
                "{code}: {wrong:?}"
            );
            // The right examples leave out `fg` to stay short, so K0308
            // (an info) is not counted against them.
            let (_, right) = read(info.right);
            let right: Vec<_> = right.iter().filter(|d| d.code != K_NO_DPO).collect();
            assert!(right.is_empty(), "{code}: {right:?}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("gemeete", ["gemeente", "taal"]),
            Some("gemeente")
        );
        assert_eq!(did_you_mean("xyz", ["gemeente", "taal"]), None);
        assert_eq!(did_you_mean("NL", ["nl", "en"]), Some("nl"));
        assert_eq!(did_you_mean("K0320", ["K0220", "K0302"]), Some("K0302"));
    }

    #[test]
    fn reads_the_algorithm_register_section_in_both_spellings() {
        let text = "[algoritmeregister]\ncontact = \"a@delft.nl\"\npublicatiecategorie = \"Impactvolle algoritmes\"\nstatus = \"In gebruik\"\nthema = [\"Recht\", \"Werk\"]\nverwerkingsregister = \"https://delft.nl/r\"\n";
        let (cfg, diags) = read(text);
        assert!(
            diags.iter().all(|d| d.code != K_NOT_IN_STANDARD),
            "{diags:?}"
        );
        let ar = &cfg.algoritmeregister;
        assert_eq!(ar.contact.as_ref().unwrap().value, "a@delft.nl");
        assert_eq!(
            ar.publicatiecategorie.as_ref().unwrap().value,
            "Impactvolle algoritmes"
        );
        assert_eq!(ar.status.as_ref().unwrap().value, "In gebruik");
        assert_eq!(ar.thema.len(), 2);
        assert_eq!(
            &text[ar.contact.as_ref().unwrap().span.range()],
            "\"a@delft.nl\""
        );
        let (cfg, diags) = read("[algorithm_register]\npublication_category = \"Overige algoritmes\"\ncategory = [\"Wonen\"]\nsource_registration = \"https://x.nl\"\n");
        assert!(
            diags.iter().all(|d| d.severity != Severity::Error),
            "{diags:?}"
        );
        let ar = &cfg.algoritmeregister;
        assert_eq!(ar.thema[0].value, "Wonen");
        assert!(ar.bronregistratie.is_some());
    }

    #[test]
    fn a_value_outside_the_standard_is_reported_on_its_line_and_not_kept() {
        let text = "[algoritmeregister]\ncontact = \"a@delft.nl\"\npublicatiecategorie = \"impactvolle algoritmes\"\nstatus = \"actief\"\nthema = [\"Recht\", \"Sport\"]\n";
        let (cfg, diags) = read(text);
        let found: Vec<_> = diags
            .iter()
            .filter(|d| d.code == K_NOT_IN_STANDARD)
            .collect();
        assert_eq!(found.len(), 3, "{diags:?}");
        let lines: Vec<_> = found.iter().map(|d| line_of(text, d)).collect();
        assert_eq!(lines, [3, 4, 5]);
        // A difference in capitals is answered with the right spelling.
        assert!(found[0]
            .help
            .as_ref()
            .unwrap()
            .nl
            .contains("`\"Impactvolle algoritmes\"`"));
        let ar = &cfg.algoritmeregister;
        assert!(ar.publicatiecategorie.is_none());
        assert!(ar.status.is_none());
        assert_eq!(ar.thema.len(), 1);
        assert!(ar.contact.is_some());
        let (_, diags) =
            read("[algoritmeregister]\nthema = [\"Recht\", \"Werk\", \"Wonen\", \"Verkeer\"]\n");
        assert_eq!(codes(&diags), ["K0309"]);
    }
}
