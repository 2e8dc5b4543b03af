//! "Did you mean": the nearest known name to a typo, and the help line and
//! quick fix that offer it.
//!
//! Candidates come in both languages. The nearest spelling wins, so a typo
//! of an English name is answered with the English name and a typo of a
//! Dutch name with the Dutch one: the author keeps the language they chose.

use crate::diagnostics::{Diagnostic, Edit, Fix, Taal, Text};
use crate::span::Span;
use crate::text;
use std::borrow::Cow;

/// At most this many valid options are listed in a help line.
pub(crate) const MAX_OPTIONS: usize = 8;

/// A known spelling close to a typo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Suggestion {
    pub text: String,
    pub taal: Taal,
}

/// The candidate nearest to `typo`, if one is near enough to be a likely
/// intent. Ties go to the earlier candidate, so results are deterministic.
pub(crate) fn best<I, S>(typo: &str, candidates: I) -> Option<Suggestion>
where
    I: IntoIterator<Item = (S, Taal)>,
    S: AsRef<str>,
{
    let typo_lower = typo.to_lowercase();
    let typo_len = typo_lower.chars().count();
    let mut best: Option<(usize, f64, Suggestion)> = None;
    for (candidate, taal) in candidates {
        let candidate = candidate.as_ref();
        if candidate == typo {
            continue;
        }
        // Names are mostly lowercase already; only allocate when not.
        let cand_lower: Cow<'_, str> = if candidate.chars().any(char::is_uppercase) {
            Cow::Owned(candidate.to_lowercase())
        } else {
            Cow::Borrowed(candidate)
        };
        let cand_len = cand_lower.chars().count();
        let longest = typo_len.max(cand_len);
        let shortest = typo_len.min(cand_len);
        let allowed = match longest {
            0..=2 => 0,
            3..=5 => 1,
            6..=8 => 2,
            _ => (longest * 3).div_ceil(10),
        };
        let prefix = shortest >= 4
            && (cand_lower.starts_with(typo_lower.as_str())
                || typo_lower.starts_with(cand_lower.as_ref()));
        // The distance is at least the difference in length: skip the
        // expensive comparison when that alone is too far.
        if longest - shortest > allowed && !prefix {
            continue;
        }
        let distance = strsim::osa_distance(&typo_lower, &cand_lower);
        // A different letter case alone is always a likely intent.
        let near = distance <= allowed || prefix || distance == 0;
        if !near {
            continue;
        }
        let similarity = strsim::jaro_winkler(&typo_lower, &cand_lower);
        let better = match &best {
            None => true,
            Some((d, s, old)) => {
                distance < *d
                    || (distance == *d && similarity > *s)
                    || (distance == *d && similarity == *s && candidate < old.text.as_str())
            }
        };
        if better {
            best = Some((
                distance,
                similarity,
                Suggestion {
                    text: candidate.to_string(),
                    taal,
                },
            ));
        }
    }
    best.map(|(_, _, s)| s)
}

/// Sets the help line of `d`: "did you mean" when there is a suggestion, and
/// the valid options when there are few (at most [`MAX_OPTIONS`]); any help
/// `d` already has is kept after them. With a suggestion, `d` also gets a
/// fix that writes the suggestion at `span`.
pub(crate) fn with_help(
    mut d: Diagnostic,
    suggestion: Option<(Span, &Suggestion)>,
    options: &[String],
) -> Diagnostic {
    let mut nl: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    if let Some((span, s)) = suggestion {
        let text = &s.text;
        nl.push(format!("Bedoelt u `{text}`?"));
        en.push(format!("Did you mean `{text}`?"));
        d.fix = Some(Box::new(Fix {
            title: text!("Vervang door `{text}`", "Replace with `{text}`"),
            edits: vec![Edit {
                span,
                new_text: text.clone(),
            }],
        }));
    }
    if !options.is_empty() && options.len() <= MAX_OPTIONS {
        let list = options
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ");
        nl.push(format!("Kies uit: {list}."));
        en.push(format!("Choose from: {list}."));
    }
    if let Some(old) = d.help.take() {
        nl.push(old.nl.into());
        en.push(old.en.into());
    }
    if !nl.is_empty() {
        d.help = Some(Text {
            nl: nl.join(" ").into(),
            en: en.join(" ").into(),
        });
    }
    d
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely misspelling.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // One notion of "near" for the whole project: `best`'s.
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let best = best(
        word,
        candidates.iter().map(|c| ((*c).to_string(), Taal::Nl)),
    )?;
    candidates.into_iter().find(|c| *c == best.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(list: &[(&str, Taal)]) -> Vec<(String, Taal)> {
        list.iter().map(|(s, t)| (s.to_string(), *t)).collect()
    }

    #[test]
    fn nearest_spelling_keeps_its_language() {
        let cands = c(&[
            ("toegang", Taal::Nl),
            ("access", Taal::En),
            ("account", Taal::Nl),
        ]);
        let s = best("acess", cands.clone());
        assert_eq!(s.map(|s| s.text), Some("access".to_string()));
        let s = best("toegnag", cands);
        assert_eq!(
            s,
            Some(Suggestion {
                text: "toegang".to_string(),
                taal: Taal::Nl
            })
        );
    }

    #[test]
    fn far_names_are_not_suggested() {
        let cands = c(&[("titel", Taal::Nl), ("title", Taal::En)]);
        assert_eq!(best("verantwoordelijke", cands.clone()), None);
        assert_eq!(best("x", cands), None);
        let short = c(&[("x", Taal::Nl)]);
        assert_eq!(best("y", short), None);
    }

    #[test]
    fn prefixes_and_case_are_likely() {
        let cands = c(&[("gericht_op", Taal::Nl), ("beleid", Taal::Nl)]);
        assert_eq!(
            best("gericht", cands.clone()).map(|s| s.text),
            Some("gericht_op".into())
        );
        assert_eq!(best("Beleid", cands).map(|s| s.text), Some("beleid".into()));
    }
}
