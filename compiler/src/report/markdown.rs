//! The register as Markdown: a heading per policy, its status, and a table
//! with one row per element (art. 30 lid 1 first), for a wiki or a merge
//! request.

use super::{not_stated, status_word, Register};
use crate::diagnostics::Taal;

/// Renders the register as Markdown.
pub fn render(register: &Register) -> String {
    let taal = register.taal;
    let nl = taal == Taal::Nl;
    let mut out = format!("# {}\n\n{}\n\n", register.title(), register.intro());
    let (total, bad) = register.counts();
    if !register.public {
        out.push_str(&if nl {
            format!("{total} verwerkingen, waarvan {bad} niet in orde.\n\n")
        } else {
            format!("{total} processing activities, {bad} of them not compliant.\n\n")
        });
    }
    for entry in &register.entries {
        out.push_str(&format!("## {}\n\n", cell(&entry.title)));
        if let Some(d) = &entry.description {
            out.push_str(&format!("{d}\n\n"));
        }
        if let (true, Some(summary)) = (register.public, &entry.summary) {
            out.push_str(&format!("{summary}\n\n"));
        }
        let status = status_word(entry.compliant, register.public, taal);
        if register.public {
            if !entry.compliant {
                out.push_str(&format!("**Status:** {status}\n\n"));
            }
        } else {
            let mut line = format!("**Status:** {status}");
            let codes = entry.error_codes();
            if !codes.is_empty() {
                let word = if nl { "fouten" } else { "errors" };
                line.push_str(&format!(" ({word}: {})", codes.join(", ")));
            }
            if let Some(w) = entry.warnings(taal) {
                line.push_str(&format!(" · {w}"));
            }
            let file = if nl { "Bestand" } else { "File" };
            line.push_str(&format!(" · {file}: `{}` · `{}`", entry.file, entry.name));
            out.push_str(&line);
            out.push_str("\n\n");
        }
        let (what, content, law) = if nl {
            ("Onderdeel", "Inhoud", "Wet")
        } else {
            ("Element", "Content", "Law")
        };
        out.push_str(&format!("| {what} | {content} | {law} |\n|---|---|---|\n"));
        for row in register.rows(entry) {
            let values = if row.values.is_empty() {
                format!("*{}*", not_stated(taal))
            } else {
                row.values
                    .iter()
                    .map(|v| cell(v))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                row.label,
                values,
                row.law.unwrap_or("")
            ));
        }
        out.push('\n');
    }
    if !register.other_errors.is_empty() {
        out.push_str(if nl {
            "## Fouten buiten een beleid\n\n"
        } else {
            "## Errors outside a policy\n\n"
        });
        for f in &register.other_errors {
            out.push_str(&format!("- `{}`: {}\n", f.file, f.codes.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Text that is safe inside a table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}
