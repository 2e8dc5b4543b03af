//! The register as CSV: one row per policy, one column per element, for
//! spreadsheet users. A column's name carries the article it answers, for
//! example `Doel (AVG art. 30 lid 1 sub b)`. Fields are quoted as RFC 4180 says (a field with a
//! comma, quote or line break is put between double quotes, and quotes in it
//! are doubled); values of a list are separated by `; `. Lines end in CRLF,
//! which is what spreadsheet programs expect. The public page has the
//! plain-language summary where the internal register has the file.

use super::Register;
use crate::diagnostics::Taal;

/// Renders the register as CSV with a header row.
pub fn render(register: &Register) -> String {
    let taal = register.taal;
    let nl = taal == Taal::Nl;
    let mut header: Vec<String> = vec![
        if nl { "beleid" } else { "policy" }.to_string(),
        if nl { "titel" } else { "title" }.to_string(),
    ];
    if register.public {
        header.push(if nl { "samenvatting" } else { "summary" }.to_string());
    } else {
        header.push(if nl { "bestand" } else { "file" }.to_string());
    }
    header.push(if nl { "in_orde" } else { "compliant" }.to_string());
    if !register.public {
        header.push(if nl { "foutcodes" } else { "error_codes" }.to_string());
    }
    header.extend(
        register
            .rows(&super::Entry::default())
            .iter()
            .map(|r| match r.law {
                Some(law) => format!("{} ({law})", r.label),
                None => r.label.to_string(),
            }),
    );
    let mut out = line(&header);
    for entry in &register.entries {
        let mut fields = vec![entry.name.clone(), entry.title.clone()];
        if register.public {
            fields.push(entry.summary.clone().unwrap_or_default());
        } else {
            fields.push(entry.file.clone());
        }
        fields.push(
            match (entry.compliant, nl) {
                (true, true) => "ja",
                (false, true) => "nee",
                (true, false) => "yes",
                (false, false) => "no",
            }
            .to_string(),
        );
        if !register.public {
            fields.push(entry.error_codes().join("; "));
        }
        fields.extend(
            register
                .rows(entry)
                .into_iter()
                .map(|r| r.values.join("; ")),
        );
        out.push_str(&line(&fields));
    }
    out
}

fn line(fields: &[String]) -> String {
    let mut out = fields
        .iter()
        .map(|f| quote(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// One field, quoted when it needs to be.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
