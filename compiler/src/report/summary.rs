//! The plain-language summary of a policy: one short paragraph at language
//! level B1, for residents, made from the policy's fields. It says what the
//! municipality looks at (sources, data), why (purpose, statutory task), how
//! long (period, retention), who sees the data (staff appointed for it, the
//! recipients) and how a resident uses their rights. A field the policy does
//! not fill gives no sentence: nothing is guessed.
//!
//! Every sentence the summary can say is in [`SENTENCES`], Dutch and English
//! side by side, so the wording is kept and reviewed in one place. They live
//! here and not in the stdlib (where the register's labels live) because a
//! sentence is not a label: it needs holes filled with lists joined by "en" /
//! "and", dates and durations in words, and a choice between sentences by
//! which fields are there; the kader language has no item for such a
//! template, and a half-way form in the stdlib would split one paragraph's
//! grammar over two places.
//!
//! This file only words the facts; `Ctx::facts` in `mod.rs` reads them from
//! the policy, so that this module imports nothing of the register.
//!
//! The names of the teams that may see the data are internal (the public
//! page leaves them out), so the summary says only that appointed staff see
//! it, never which teams.

use crate::ast::Date;
use crate::diagnostics::Taal;

/// What the summary is made from: the policy's fields as plain words in the
/// output language.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Whether a computer program gathers the posts (`methode: geautomatiseerd`).
    pub automated: bool,
    /// The platforms, for example `X (voorheen Twitter)`.
    pub sources: Vec<String>,
    /// The kinds of data, in words (`de inhoud van berichten`).
    pub data: Vec<String>,
    /// The purpose, in words (`handhaving van de openbare orde en veiligheid`).
    pub purpose: Option<String>,
    /// The articles that lay down the statutory tasks.
    pub task_articles: Vec<String>,
    /// The period's first and last day.
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The same days in words in the output language (`1 maart 2025`).
    pub start_words: Option<String>,
    pub end_words: Option<String>,
    /// The retention period in words (`14 dagen`).
    pub retention: Option<String>,
    /// Whether the policy names the teams that may see the data.
    pub authorised: bool,
    /// The recipients, in words (`de politie`).
    pub recipients: Vec<String>,
    /// Whether the policy says the data goes to nobody (`ontvangers: [niemand]`).
    pub no_recipients: bool,
    /// How residents exercise their rights (`rechten`), as written.
    pub rights: Option<String>,
    /// Where residents are informed (`informatie_betrokkenen`), as written.
    pub information: Option<String>,
}

/// One sentence of the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sentence {
    LooksAt,
    LooksAtAutomated,
    Data,
    Purpose,
    Task,
    PeriodClosed,
    PeriodOpen,
    Retention,
    Authorised,
    Recipients,
    NoRecipients,
    Rights,
    Information,
}

/// Every sentence, Dutch and English. `{1}` and `{2}` are filled in.
const SENTENCES: &[(Sentence, &str, &str)] = &[
    (
        Sentence::LooksAt,
        "De gemeente bekijkt berichten op {1}.",
        "The municipality looks at posts on {1}.",
    ),
    (
        Sentence::LooksAtAutomated,
        "Een computerprogramma zoekt voor de gemeente automatisch naar berichten op {1}.",
        "A computer program searches posts on {1} automatically for the municipality.",
    ),
    (
        Sentence::Data,
        "De gemeente gebruikt daarbij deze gegevens: {1}.",
        "The municipality uses these data: {1}.",
    ),
    (
        Sentence::Purpose,
        "Dat doet de gemeente voor dit doel: {1}.",
        "The municipality does this for this purpose: {1}.",
    ),
    (
        Sentence::Task,
        "Dit is een taak van de gemeente die in de wet staat ({1}).",
        "This is a task of the municipality that is laid down in law ({1}).",
    ),
    (
        Sentence::PeriodClosed,
        "Dit gebeurt van {1} tot en met {2}.",
        "This happens from {1} to {2}.",
    ),
    (
        Sentence::PeriodOpen,
        "Dit gebeurt vanaf {1}.",
        "This happens from {1} onwards.",
    ),
    (
        Sentence::Retention,
        "De gemeente bewaart de gegevens niet langer dan {1}.",
        "The municipality keeps the data for no longer than {1}.",
    ),
    (
        Sentence::Authorised,
        "Alleen medewerkers die de gemeente daarvoor heeft aangewezen, mogen de gegevens zien.",
        "Only staff whom the municipality has appointed for this may see the data.",
    ),
    (
        Sentence::Recipients,
        "De gemeente geeft gegevens alleen door aan: {1}.",
        "The municipality passes data on only to: {1}.",
    ),
    (
        Sentence::NoRecipients,
        "De gemeente geeft de gegevens aan niemand anders.",
        "The municipality passes the data on to nobody else.",
    ),
    (
        Sentence::Rights,
        "Wilt u weten welke gegevens de gemeente over u heeft, wilt u ze laten verwijderen of wilt u bezwaar maken? {1}",
        "Do you want to know which data the municipality holds about you, have them erased or object? {1}",
    ),
    (
        Sentence::Information,
        "Meer informatie: {1}",
        "More information: {1}",
    ),
];

/// The sentence `which` in `taal`, with its holes filled.
fn say(which: Sentence, taal: Taal, one: &str, two: &str) -> String {
    let template = SENTENCES
        .iter()
        .find(|(s, _, _)| *s == which)
        .map(|(_, nl, en)| taal.pick(nl, en))
        .unwrap_or_default();
    template.replace("{1}", one).replace("{2}", two)
}

/// `a`, `a en b`, `a, b en c` (`and` in English).
fn list(items: &[String], taal: Taal) -> String {
    let and = taal.pick(" en ", " and ");
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

/// A text written by the policy author, ending in a full stop.
fn closed(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The summary paragraph, or `None` when the policy says nothing to
/// summarise.
pub fn paragraph(facts: &Facts, taal: Taal) -> Option<String> {
    sentences(facts, taal)
        .into_iter()
        .reduce(|a, b| format!("{a} {b}"))
}

/// The sentences of the summary, in reading order.
pub fn sentences(facts: &Facts, taal: Taal) -> Vec<String> {
    let mut out = Vec::new();
    if !facts.sources.is_empty() {
        let which = if facts.automated {
            Sentence::LooksAtAutomated
        } else {
            Sentence::LooksAt
        };
        out.push(say(which, taal, &list(&facts.sources, taal), ""));
    }
    if !facts.data.is_empty() {
        out.push(say(Sentence::Data, taal, &list(&facts.data, taal), ""));
    }
    if let Some(purpose) = &facts.purpose {
        out.push(say(Sentence::Purpose, taal, purpose, ""));
    }
    if !facts.task_articles.is_empty() {
        let articles = list(&facts.task_articles, taal);
        out.push(say(Sentence::Task, taal, &articles, ""));
    }
    match (&facts.start_words, &facts.end_words) {
        (Some(start), Some(end)) => out.push(say(Sentence::PeriodClosed, taal, start, end)),
        (Some(start), None) => out.push(say(Sentence::PeriodOpen, taal, start, "")),
        _ => {}
    }
    if let Some(retention) = &facts.retention {
        out.push(say(Sentence::Retention, taal, retention, ""));
    }
    if facts.authorised {
        out.push(say(Sentence::Authorised, taal, "", ""));
    }
    if !facts.recipients.is_empty() {
        let to = list(&facts.recipients, taal);
        out.push(say(Sentence::Recipients, taal, &to, ""));
    } else if facts.no_recipients {
        out.push(say(Sentence::NoRecipients, taal, "", ""));
    }
    if let Some(rights) = &facts.rights {
        out.push(say(Sentence::Rights, taal, &closed(rights), ""));
    }
    if let Some(information) = &facts.information {
        out.push(say(Sentence::Information, taal, information.trim(), ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            automated: true,
            sources: vec!["X".into(), "TikTok".into()],
            data: vec!["de inhoud van berichten".into()],
            purpose: Some("handhaving van de openbare orde".into()),
            retention: Some("14 dagen".into()),
            ..Facts::default()
        }
    }

    #[test]
    fn lists_read_as_words() {
        let three = ["a".to_string(), "b".into(), "c".into()];
        assert_eq!(list(&three, Taal::Nl), "a, b en c");
        assert_eq!(list(&three[..1], Taal::En), "a");
        assert_eq!(list(&three[..2], Taal::En), "a and b");
    }

    #[test]
    fn every_sentence_has_both_languages_and_no_field_names() {
        for (which, nl, en) in SENTENCES {
            assert!(!nl.is_empty() && !en.is_empty(), "{which:?}");
            assert_ne!(nl, en, "{which:?}");
            for word in ["bewaartermijn", "geautoriseerd", "ontvangers", "retention"] {
                assert!(!nl.contains(word) && !en.contains(word), "{which:?}");
            }
        }
    }

    #[test]
    fn a_missing_field_gives_no_sentence() {
        let with = paragraph(&facts(), Taal::Nl).unwrap();
        assert!(with.contains("niet langer dan 14 dagen"), "{with}");
        assert!(with.starts_with("Een computerprogramma"), "{with}");
        let without = Facts {
            retention: None,
            ..facts()
        };
        let text = paragraph(&without, Taal::Nl).unwrap();
        assert!(!text.contains("bewaart"), "{text}");
        assert!(paragraph(&Facts::default(), Taal::En).is_none());
    }
}
