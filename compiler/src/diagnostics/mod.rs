//! The one diagnostic type of the project.
//!
//! Every stage (syntax, schema, names, rules, configuration, I/O) reports a
//! [`Diagnostic`]: a stable code, a severity, a message in Dutch and English,
//! a primary span, secondary labels, a help line, the law it rests on and an
//! optional fix. Front ends render it (ariadne in the terminal, JSON, the
//! language server); nobody parses rendered text.

pub mod codes;

use crate::span::Span;
use serde::Serialize;
use smol_str::SmolStr;
use std::fmt;

/// The output language of messages, and the canonical spelling `kader fmt`
/// rewrites to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Taal {
    #[default]
    Nl,
    En,
}

impl Taal {
    pub fn parse(s: &str) -> Option<Taal> {
        match s {
            "nl" => Some(Taal::Nl),
            "en" => Some(Taal::En),
            _ => None,
        }
    }

    /// The Dutch or the English of two spellings.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Taal::Nl => nl,
            Taal::En => en,
        }
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The word a policy author reads, in the given language.
    pub fn word(self, taal: Taal) -> &'static str {
        match (self, taal) {
            (Severity::Error, Taal::Nl) => "fout",
            (Severity::Warning, Taal::Nl) => "waarschuwing",
            (Severity::Info, Taal::Nl) => "info",
            (Severity::Error, Taal::En) => "error",
            (Severity::Warning, Taal::En) => "warning",
            (Severity::Info, Taal::En) => "info",
        }
    }
}

/// A text in both languages. Messages are written in both at the moment they
/// are made, so an analysis never depends on the output language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Text {
    pub nl: SmolStr,
    pub en: SmolStr,
}

impl Text {
    pub fn new(nl: impl Into<SmolStr>, en: impl Into<SmolStr>) -> Text {
        Text {
            nl: nl.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, taal: Taal) -> &str {
        match taal {
            Taal::Nl => &self.nl,
            Taal::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from two format strings: `text!("nl {x}", "en {x}")`.
#[macro_export]
macro_rules! text {
    ($nl:literal, $en:literal $(,)?) => {
        $crate::diagnostics::Text {
            nl: format!($nl).into(),
            en: format!($en).into(),
        }
    };
}

/// A stable diagnostic code: a compiler code such as `K0101`, or a rule code
/// such as `OO-NEPACCOUNT`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Code(pub SmolStr);

impl Code {
    pub const fn fixed(code: &'static str) -> Code {
        Code(SmolStr::new_static(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A secondary place that helps explain a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: Text,
}

/// A law article (or policy document) a diagnostic rests on. Every finding
/// of a rule carries its articles: the strings are small or shared, so a
/// copy costs no allocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LawRef {
    /// The name of the `artikel` item, e.g. `avg_6_1_e`.
    pub id: SmolStr,
    /// The citation, e.g. `AVG art. 6 lid 1 sub e`.
    pub cite: SmolStr,
    pub url: SmolStr,
}

/// One text replacement. An empty span inserts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A safe edit that resolves the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: Text,
    pub edits: Vec<Edit>,
}

/// A finding about the sources.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    /// The words in the source that cause the finding.
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<Text>,
    /// Shared with the rule that found it.
    pub law: std::sync::Arc<[LawRef]>,
    /// Boxed: most findings have none.
    pub fix: Option<Box<Fix>>,
    /// The name of the top-level item (usually the policy) it concerns.
    pub item: Option<SmolStr>,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, span: Span, message: Text) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message,
            span,
            labels: Vec::new(),
            help: None,
            law: Default::default(),
            fix: None,
            item: None,
        }
    }

    pub fn error(code: Code, span: Span, message: Text) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn warning(code: Code, span: Span, message: Text) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    pub fn with_help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    pub fn with_label(mut self, span: Span, message: Text) -> Diagnostic {
        self.labels.push(Label { span, message });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(Box::new(fix));
        self
    }

    pub fn with_item(mut self, item: impl Into<SmolStr>) -> Diagnostic {
        self.item = Some(item.into());
        self
    }
}
