//! The long explanation of a legal rule, as `kader explain CODE` prints it.

use crate::rules::{Article, Rule};
use crate::{Analysis, Taal};

/// The long explanation of a rule for `kader explain`: what it checks, its
/// severity, the articles it rests on with their text and link, and the
/// rule's own explanation.
pub fn explain_rule(analysis: &Analysis, rule: &Rule, source: &str, taal: Taal) -> String {
    let mut out = String::new();
    let summary = rule
        .summary
        .as_ref()
        .map(|s| s.get(taal).to_string())
        .unwrap_or_default();
    out.push_str(&format!("{}: {summary}\n\n", rule.code));
    let (sev, waiv, yes, no, src) = match taal {
        Taal::Nl => ("Ernst", "Afwijkbaar", "ja", "nee", "Bron"),
        Taal::En => ("Severity", "Waivable", "yes", "no", "Source"),
    };
    out.push_str(&format!("{sev}: {}\n", rule.severity.word(taal)));
    out.push_str(&format!(
        "{waiv}: {}\n",
        if rule.waivable { yes } else { no }
    ));
    out.push_str(&format!("{src}: {source}\n"));
    if let Some(text) = &rule.explanation {
        out.push('\n');
        out.push_str(text.get(taal).trim_end());
        out.push('\n');
    }
    if !rule.law.is_empty() {
        out.push_str(match taal {
            Taal::Nl => "\nWetsartikelen en bronnen:\n",
            Taal::En => "\nLaw articles and sources:\n",
        });
        for law in rule.law.iter() {
            out.push_str(&format!("\n- {} <{}>\n", law.cite, law.url));
            match analysis.article(&law.id) {
                Some(Article {
                    text: Some(t),
                    verified,
                    ..
                }) => {
                    for line in t.lines() {
                        out.push_str(&format!("    {line}\n"));
                    }
                    if !verified {
                        out.push_str(match taal {
                            Taal::Nl => "    (tekst niet woordelijk geverifieerd)\n",
                            Taal::En => "    (text not verified word for word)\n",
                        });
                    }
                }
                _ => out.push_str(match taal {
                    Taal::Nl => "    (geen geverifieerde tekst; zie de link)\n",
                    Taal::En => "    (no verified text; see the link)\n",
                }),
            }
        }
    }
    out
}
