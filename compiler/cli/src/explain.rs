//! `kader explain CODE`: the long explanation of a diagnostic code.
//!
//! Compiler codes (K01xx–K04xx) come from the code tables of the stages
//! (`diagnostics::codes`). Legal rule codes (`OO-NEPACCOUNT`) will come from
//! the `regel` items of the stdlib: [`Explanation`] is the place to add them,
//! and [`find`] the place to look them up.

use kader::catalogue;
use kader::config::is_rule_code;
use kader::diagnostics::codes::CodeInfo;
use kader::diagnostics::Taal;
use kader::did_you_mean;

/// Something `kader explain` can print.
#[derive(Debug)]
pub enum Explanation {
    /// A compiler code with its catalogue entry.
    Compiler(&'static CodeInfo),
}

/// Looks a code up, ignoring case.
pub fn find(code: &str) -> Option<Explanation> {
    catalogue::lookup(code.trim()).map(Explanation::Compiler)
}

impl Explanation {
    /// The explanation as plain text in the output language.
    pub fn text(&self, taal: Taal) -> String {
        match self {
            Explanation::Compiler(info) => {
                let (title, body, wrong, right) = match taal {
                    Taal::Nl => (info.title_nl, info.explanation_nl, "Zo niet:", "Zo wel:"),
                    Taal::En => (info.title_en, info.explanation_en, "Wrong:", "Right:"),
                };
                format!(
                    "{code}: {title}\n\n{body}\n\n{wrong}\n\n{}\n\n{right}\n\n{}\n",
                    indent(info.wrong),
                    indent(info.right),
                    code = info.code,
                )
            }
        }
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The message for a code that is not known, with the closest known code.
pub fn unknown(code: &str, taal: Taal) -> String {
    let code = code.trim();
    let known: Vec<&'static str> = catalogue::all().map(|c| c.code).collect();
    let suggestion = did_you_mean(&code.to_uppercase(), known.iter().copied());
    let mut out = match taal {
        Taal::Nl => format!("Onbekende code `{code}`."),
        Taal::En => format!("Unknown code `{code}`."),
    };
    if let Some(s) = suggestion {
        out.push_str(&match taal {
            Taal::Nl => format!(" Bedoelt u `{s}`?"),
            Taal::En => format!(" Did you mean `{s}`?"),
        });
    } else if is_rule_code(code) && !code.starts_with('K') {
        out.push_str(match taal {
            Taal::Nl => " Uitleg bij regelcodes staat nog niet in deze versie van kader.",
            Taal::En => " Explanations of rule codes are not in this version of kader yet.",
        });
    }
    out.push('\n');
    out.push_str(match taal {
        Taal::Nl => {
            "Compilercodes zien eruit als `K0301`; `kader check` toont de code bij elke melding."
        }
        Taal::En => {
            "Compiler codes look like `K0301`; `kader check` shows the code with every message."
        }
    });
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_code_in_both_languages() {
        let e = find("k0302").unwrap();
        let nl = e.text(Taal::Nl);
        assert!(nl.starts_with("K0302: Onbekende instelling"), "{nl}");
        assert!(
            nl.contains("Zo niet:") && nl.contains("    [projekt]"),
            "{nl}"
        );
        let en = e.text(Taal::En);
        assert!(
            en.contains("Unknown setting") && en.contains("Right:"),
            "{en}"
        );
    }

    #[test]
    fn unknown_code_suggests_a_close_one() {
        assert!(find("K9999").is_none());
        let msg = unknown("K0320", Taal::Nl);
        assert!(msg.contains("Bedoelt u `K0302`?"), "{msg}");
        let msg = unknown("OO-NEPACCOUNT", Taal::En);
        assert!(msg.contains("rule codes"), "{msg}");
    }
}
