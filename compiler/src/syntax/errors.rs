//! Syntax diagnostics: the codes, their explanations, and the translation of
//! what the parser expected into sentences a policy author can act on.
//!
//! The parser never shows token names. It records what it expected as an
//! [`Expect`] (a punctuation mark, "a value", "a name", …); this module looks
//! at the words around the problem (the field name before a missing `:`) and
//! writes the message in Dutch and English.

use super::token::Tok;
use crate::diagnostics::codes::{declare_codes, Category};
use crate::diagnostics::{Code, Diagnostic, Severity, Text};
use crate::span::Span;
use chumsky::error::LabelError;
use chumsky::input::Input;
use chumsky::span::SimpleSpan;
use chumsky::util::MaybeRef;
use chumsky::DefaultExpected;

/// Makes the diagnostic for a syntax problem.
/// Every syntax code is an error except a doc comment that documents
/// nothing (K0108), a warning.
pub(super) fn diagnostic(code: Code, span: Span, message: Text) -> Diagnostic {
    let severity = if code == LOOSE_DOC {
        Severity::Warning
    } else {
        Severity::Error
    };
    Diagnostic::new(code, severity, span, message)
}

/// What the parser was looking for, in words a policy author knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expect {
    /// A specific punctuation mark, e.g. `:` or `}`.
    Punct(&'static str),
    /// A value: text, number, date, yes/no, name or list.
    Value,
    /// The name of an item.
    Name,
    /// A field name or a nested item.
    Member,
    /// The start of an item such as `beleid naam {`.
    Item,
    /// A type in a `soort` declaration.
    Type,
    /// A variant in a `keuze` declaration.
    Variant,
    /// The end of the file.
    End,
    /// Anything at all.
    Something,
}

impl Expect {
    fn words(self) -> Text {
        match self {
            Expect::Punct(p) => Text::new(format!("`{p}`"), format!("`{p}`")),
            Expect::Value => Text::new(
                "een waarde (tekst tussen aanhalingstekens, een getal, datum, duur, ja/nee, een naam of een lijst `[...]`)",
                "a value (quoted text, a number, date, duration, yes/no, a name or a list `[...]`)",
            ),
            Expect::Name => Text::new("een naam", "a name"),
            Expect::Member => Text::new("een veldnaam met `:`", "a field name with `:`"),
            Expect::Item => Text::new(
                "het begin van een onderdeel, zoals `beleid naam {`",
                "the start of an item, such as `beleid name {`",
            ),
            Expect::Type => Text::new("een type, zoals `tekst` of `[team]`", "a type, such as `text` or `[team]`"),
            Expect::Variant => Text::new("een keuzewaarde", "a variant"),
            Expect::End => Text::new("het einde van het bestand", "the end of the file"),
            Expect::Something => Text::new("meer tekst", "more text"),
        }
    }
}

/// A parse error as the parser builds it; turned into a [`Diagnostic`] by
/// [`to_diagnostic`].
#[derive(Clone, Debug)]
pub(super) enum ParseError<'s> {
    Expected {
        span: SimpleSpan,
        expected: Vec<Expect>,
        found: Option<Tok<'s>>,
    },
    Custom {
        span: SimpleSpan,
        code: Code,
        message: Text,
    },
}

impl<'s> ParseError<'s> {
    pub(super) fn custom(span: SimpleSpan, code: Code, message: Text) -> ParseError<'s> {
        ParseError::Custom {
            span,
            code,
            message,
        }
    }

    fn push_expected(&mut self, e: Expect) {
        if let ParseError::Expected { expected, .. } = self {
            if !expected.contains(&e) {
                expected.push(e);
            }
        }
    }
}

fn convert(e: DefaultExpected<'_, Tok<'_>>) -> Option<Expect> {
    match e {
        DefaultExpected::Token(t) => {
            let p = t.punct();
            (!p.is_empty()).then_some(Expect::Punct(p))
        }
        DefaultExpected::EndOfInput => Some(Expect::End),
        DefaultExpected::Any => Some(Expect::Something),
        _ => None,
    }
}

impl<'a, 's, I> chumsky::error::Error<'a, I> for ParseError<'s>
where
    I: Input<'a, Token = Tok<'s>, Span = SimpleSpan>,
{
    fn merge(mut self, other: Self) -> Self {
        match (&mut self, other) {
            (ParseError::Expected { .. }, ParseError::Expected { expected, .. }) => {
                for e in expected {
                    self.push_expected(e);
                }
                self
            }
            (ParseError::Custom { .. }, _) => self,
            (_, other @ ParseError::Custom { .. }) => other,
        }
    }
}

impl<'a, 's, I> LabelError<'a, I, DefaultExpected<'a, Tok<'s>>> for ParseError<'s>
where
    I: Input<'a, Token = Tok<'s>, Span = SimpleSpan>,
{
    fn expected_found<E: IntoIterator<Item = DefaultExpected<'a, Tok<'s>>>>(
        expected: E,
        found: Option<MaybeRef<'a, Tok<'s>>>,
        span: SimpleSpan,
    ) -> Self {
        let mut list = Vec::new();
        for e in expected.into_iter().filter_map(convert) {
            if !list.contains(&e) {
                list.push(e);
            }
        }
        ParseError::Expected {
            span,
            expected: list,
            found: found.map(|t| *t),
        }
    }
}

impl<'a, 's, I> LabelError<'a, I, Expect> for ParseError<'s>
where
    I: Input<'a, Token = Tok<'s>, Span = SimpleSpan>,
{
    fn expected_found<E: IntoIterator<Item = Expect>>(
        expected: E,
        found: Option<MaybeRef<'a, Tok<'s>>>,
        span: SimpleSpan,
    ) -> Self {
        ParseError::Expected {
            span,
            expected: expected.into_iter().collect(),
            found: found.map(|t| *t),
        }
    }

    fn label_with(&mut self, label: Expect) {
        if let ParseError::Expected { expected, .. } = self {
            expected.clear();
            expected.push(label);
        }
    }
}

/// Writes the diagnostic for a parse error, reading the tokens around it.
pub(super) fn to_diagnostic(
    err: ParseError<'_>,
    tokens: &[(Tok<'_>, SimpleSpan)],
    line_start: &[bool],
    file: crate::FileId,
    text_len: usize,
) -> Diagnostic {
    let (span, expected, found) = match err {
        ParseError::Custom {
            span,
            code,
            message,
        } => {
            return diagnostic(code, Span::new(file, span.start, span.end), message);
        }
        ParseError::Expected {
            span,
            mut expected,
            found,
        } => {
            // Optional separators are noise next to what was really missing.
            if expected
                .iter()
                .any(|e| !matches!(e, Expect::Punct("," | ";")))
            {
                expected.retain(|e| !matches!(e, Expect::Punct("," | ";")));
            }
            (span, expected, found)
        }
    };
    let at = tokens.partition_point(|(_, s)| s.start < span.start);
    let prev = at
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .map(|(t, _)| *t);
    let prev2 = at
        .checked_sub(2)
        .and_then(|i| tokens.get(i))
        .map(|(t, _)| *t);
    let found_words = match found {
        Some(t) => t.describe(),
        None => Text::new("het einde van het bestand", "the end of the file"),
    };
    let has = |e: Expect| expected.contains(&e);
    let found_starts_line = found.is_none()
        || line_start.get(at).copied().unwrap_or(true)
        || found == Some(Tok::RBrace);
    let name_of = |t: Option<Tok<'_>>| match t {
        Some(Tok::Ident(s) | Tok::Code(s)) => Some(s.to_string()),
        _ => None,
    };
    let (nl, en) = if has(Expect::Punct(":")) && name_of(prev).is_some() {
        let n = name_of(prev).unwrap_or_default();
        (
            format!("na de veldnaam `{n}` verwacht ik `:`"),
            format!("expected `:` after the field name `{n}`"),
        )
    } else if has(Expect::Value) && prev == Some(Tok::Colon) && name_of(prev2).is_some() {
        let n = name_of(prev2).unwrap_or_default();
        (
            format!("na `{n}:` verwacht ik een waarde"),
            format!("expected a value after `{n}:`"),
        )
    } else if has(Expect::Value) && matches!(prev, Some(Tok::LBracket | Tok::Comma)) {
        (
            "in de lijst verwacht ik een waarde".to_string(),
            "expected a value in the list".to_string(),
        )
    } else if has(Expect::Punct("{")) && found == Some(Tok::Colon) && name_of(prev).is_some() {
        let n = name_of(prev).unwrap_or_default();
        (
            format!("`{n}:` ziet eruit als een veld, maar staat niet binnen de `{{ }}` van een onderdeel"),
            format!("`{n}:` looks like a field, but it is not inside the `{{ }}` of an item"),
        )
    } else if has(Expect::Punct("{"))
        && found_starts_line
        && name_of(prev).is_some()
        && name_of(prev2).is_some()
    {
        let n = name_of(prev2).unwrap_or_default();
        (
            format!("na de veldnaam `{n}` verwacht ik `:`"),
            format!("expected `:` after the field name `{n}`"),
        )
    } else if has(Expect::Punct("{")) && name_of(prev).is_some() {
        let n = name_of(prev).unwrap_or_default();
        (
            format!("na `{n}` verwacht ik `{{` om het onderdeel te openen"),
            format!("expected `{{` after `{n}` to open the item"),
        )
    } else if found == Some(Tok::Colon) && (has(Expect::Member) || has(Expect::Item)) {
        (
            "voor `:` ontbreekt de veldnaam".to_string(),
            "the field name before `:` is missing".to_string(),
        )
    } else if has(Expect::Item) {
        (
            "hier verwacht ik het begin van een onderdeel, zoals `beleid naam {`".to_string(),
            "expected the start of an item here, such as `beleid name {`".to_string(),
        )
    } else {
        let words: Vec<Text> = expected.iter().map(|e| e.words()).collect();
        let list = |taal: crate::Taal, or: &str| {
            let parts: Vec<&str> = words.iter().map(|w| w.get(taal)).collect();
            match parts.split_last() {
                None => String::new(),
                Some((last, [])) => (*last).to_string(),
                Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
            }
        };
        if words.is_empty() {
            (
                "dit hoort hier niet".to_string(),
                "this does not belong here".to_string(),
            )
        } else {
            (
                format!("hier verwacht ik {}", list(crate::Taal::Nl, "of")),
                format!("expected {} here", list(crate::Taal::En, "or")),
            )
        }
    };
    let message = Text::new(
        format!("{nl}, maar ik zie {}", found_words.nl),
        format!("{en}, but found {}", found_words.en),
    );
    let (start, end) = if found.is_none() {
        (text_len, text_len)
    } else {
        (span.start, span.end)
    };
    diagnostic(UNEXPECTED, Span::new(file, start, end), message)
}

declare_codes! {
    category: Category::Syntax;

    UNKNOWN_CHAR = "K0101" {
        title_nl: "Onbekend teken",
        title_en: "Unknown character",
        explanation_nl: "Buiten tekst tussen aanhalingstekens mag een beleidsbestand alleen namen, getallen, datums, leestekens als `{ } [ ] : ,` en commentaar (`//`) bevatten. Een ander teken (bijvoorbeeld `€`, `&` of een onzichtbaar teken uit een tekstverwerker) is waarschijnlijk per ongeluk ingevoegd.",
        explanation_en: "Outside quoted text a policy file may only contain names, numbers, dates, punctuation such as `{ } [ ] : ,` and comments (`//`). Another character (for example `€`, `&` or an invisible character from a word processor) was probably inserted by accident.",
        wrong: "team kabinet {\n    omschrijving: Kabinet & communicatie\n}",
        right: "team kabinet {\n    omschrijving: \"Kabinet & communicatie\"\n}",
    }
    UNCLOSED_STRING = "K0102" {
        title_nl: "Tekst niet afgesloten",
        title_en: "Text not closed",
        explanation_nl: "Tekst tussen aanhalingstekens moet op dezelfde regel eindigen met `\"`. Gebruik voor tekst over meerdere regels een tekstblok tussen `\"\"\"`.",
        explanation_en: "Quoted text must end with `\"` on the same line. For text over several lines, use a text block between `\"\"\"`.",
        wrong: "beleid markt {\n    titel: \"Demonstratie Markt\n}",
        right: "beleid markt {\n    titel: \"Demonstratie Markt\"\n}",
    }
    BAD_ESCAPE = "K0103" {
        title_nl: "Ongeldige combinatie met `\\`",
        title_en: "Invalid escape",
        explanation_nl: "In tekst heeft `\\` een speciale betekenis: `\\\"` is een aanhalingsteken, `\\\\` een schuine streep, `\\n` een nieuwe regel, `\\t` een tab en `\\u{e9}` het teken met die code. Andere combinaties zijn niet toegestaan.",
        explanation_en: "In text, `\\` has a special meaning: `\\\"` is a quote, `\\\\` a backslash, `\\n` a new line, `\\t` a tab and `\\u{e9}` the character with that code. Other combinations are not allowed.",
        wrong: "team t {\n    omschrijving: \"map C:\\teams\\oov\"\n}",
        right: "team t {\n    omschrijving: \"map C:\\\\teams\\\\oov\"\n}",
    }
    UNCLOSED_BLOCK = "K0104" {
        title_nl: "Tekstblok niet afgesloten",
        title_en: "Text block not closed",
        explanation_nl: "Een tekstblok begint en eindigt met `\"\"\"`. Zonder het afsluitende `\"\"\"` loopt het blok door tot het eind van het bestand.",
        explanation_en: "A text block starts and ends with `\"\"\"`. Without the closing `\"\"\"` the block runs to the end of the file.",
        wrong: "beleid markt {\n    aanleiding: \"\"\"\n        Aangekondigde demonstratie.\n}",
        right: "beleid markt {\n    aanleiding: \"\"\"\n        Aangekondigde demonstratie.\n        \"\"\"\n}",
    }
    BAD_DATE = "K0105" {
        title_nl: "Ongeldige datum",
        title_en: "Invalid date",
        explanation_nl: "Een datum wordt geschreven als jaar-maand-dag (`2024-05-09`) en moet in de kalender bestaan: 2024-02-29 bestaat (schrikkeljaar), 2023-02-29 en 2024-02-30 niet.",
        explanation_en: "A date is written year-month-day (`2024-05-09`) and must exist on the calendar: 2024-02-29 exists (leap year), 2023-02-29 and 2024-02-30 do not.",
        wrong: "beleid markt {\n    fg_advies: 2023-02-29\n}",
        right: "beleid markt {\n    fg_advies: 2023-02-28\n}",
    }
    UNEXPECTED = "K0106" {
        title_nl: "Onverwachte tekst",
        title_en: "Unexpected text",
        explanation_nl: "Het bestand volgt hier niet de vorm van een beleid. Elk onderdeel heeft de vorm `soort naam { ... }` en elk veld de vorm `veldnaam: waarde`. De melding zegt wat er op deze plek verwacht werd.",
        explanation_en: "The file does not follow the shape of a policy here. Every item has the form `kind name { ... }` and every field the form `field_name: value`. The message says what was expected at this place.",
        wrong: "beleid markt {\n    titel \"Demonstratie Markt\"\n}",
        right: "beleid markt {\n    titel: \"Demonstratie Markt\"\n}",
    }
    UNCLOSED = "K0107" {
        title_nl: "Blok of lijst niet afgesloten",
        title_en: "Block or list not closed",
        explanation_nl: "Elke `{` moet een bijbehorende `}` hebben en elke `[` een `]`. Meestal ontbreekt het sluitteken aan het eind van een onderdeel of lijst.",
        explanation_en: "Every `{` needs a matching `}` and every `[` a `]`. Usually the closing mark is missing at the end of an item or list.",
        wrong: "beleid markt {\n    gegevens: [berichtinhoud\n}",
        right: "beleid markt {\n    gegevens: [berichtinhoud]\n}",
    }
    LOOSE_DOC = "K0108" {
        title_nl: "Documentatie hoort nergens bij",
        title_en: "Documentation documents nothing",
        explanation_nl: "Een commentaar met drie schuine strepen (`///`) beschrijft het onderdeel, veld of de keuzewaarde op de regel eronder. Staat er niets onder, dan wordt de tekst nergens getoond. Gebruik `//` voor gewoon commentaar.",
        explanation_en: "A comment with three slashes (`///`) describes the item, field or variant on the line below. If nothing follows, the text is shown nowhere. Use `//` for an ordinary comment.",
        wrong: "beleid markt {\n    titel: \"Markt\"\n    /// Nog aanvullen.\n}",
        right: "beleid markt {\n    titel: \"Markt\"\n    // Nog aanvullen.\n}",
    }
    BAD_NUMBER = "K0109" {
        title_nl: "Ongeldig getal",
        title_en: "Invalid number",
        explanation_nl: "Het getal is te groot om mee te rekenen. Gebruik een kleiner getal of een grotere eenheid (`2 jaar` in plaats van `17520 uur`).",
        explanation_en: "The number is too large to calculate with. Use a smaller number or a larger unit (`2 years` instead of `17520 hours`).",
        wrong: "beleid markt {\n    bewaartermijn: 99999999999999999999 dagen\n}",
        right: "beleid markt {\n    bewaartermijn: 14 dagen\n}",
    }
    BAD_UNIT = "K0110" {
        title_nl: "Onbekende tijdseenheid",
        title_en: "Unknown unit of time",
        explanation_nl: "Een duur is een getal met een eenheid: `uur`, `dag`/`dagen`, `week`/`weken`, `maand`/`maanden` of `jaar`/`jaren` (Engels: `hour(s)`, `day(s)`, `week(s)`, `month(s)`, `year(s)`).",
        explanation_en: "A duration is a number with a unit: `uur`, `dag`/`dagen`, `week`/`weken`, `maand`/`maanden` or `jaar`/`jaren` (English: `hour(s)`, `day(s)`, `week(s)`, `month(s)`, `year(s)`).",
        wrong: "beleid markt {\n    bewaartermijn: 14 dagn\n}",
        right: "beleid markt {\n    bewaartermijn: 14 dagen\n}",
    }
    MISSING_COMMA = "K0111" {
        title_nl: "Komma ontbreekt in lijst",
        title_en: "Missing comma in a list",
        explanation_nl: "De waarden in een lijst worden gescheiden door komma's: `[politie, openbaar_ministerie]`.",
        explanation_en: "The values in a list are separated by commas: `[police, public_prosecutor]`.",
        wrong: "beleid markt {\n    ontvangers: [politie openbaar_ministerie]\n}",
        right: "beleid markt {\n    ontvangers: [politie, openbaar_ministerie]\n}",
    }
    TOO_DEEP = "K0112" {
        title_nl: "Te diep genest",
        title_en: "Nested too deeply",
        explanation_nl: "Haakjes (`[ ]`, `{ }`, `( )`) mogen hoogstens 64 niveaus diep genest worden. Een beleid heeft dat nooit nodig; zo diep geneste tekst is vrijwel altijd een vergissing of een poging het programma te laten vastlopen. Wat dieper staat, wordt overgeslagen. Ook een voorwaarde in een regel mag hoogstens 256 niveaus diep zijn: een reeks van honderden `niet`, `en` of `of` wordt niet gelezen; splits zo'n voorwaarde op met `laat`.",
        explanation_en: "Brackets (`[ ]`, `{ }`, `( )`) may nest at most 64 levels deep. A policy never needs that; text nested so deeply is almost always a mistake or an attempt to make the program fail. What lies deeper is skipped. A condition in a rule, too, may be at most 256 levels deep: a run of hundreds of `niet`, `en` or `of` is not read; split such a condition up with `laat`.",
        wrong: "beleid x {\n    lijst: [[[[[[ ... ]]]]]]\n}",
        right: "beleid x {\n    lijst: [a, b]\n}",
    }
}
