//! The compiler's diagnostics as the protocol's: severity, code, a link to
//! the first law article the finding rests on, the secondary labels as
//! related information, and the message in the chosen language.

use crate::convert::{Encoding, Lines};
use crate::workspace::Snapshot;
use kader::{Diagnostic, FileId, Severity, Taal};
use tower_lsp::lsp_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Url,
};

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message a client shows: the message, the help line and the law it
/// rests on, in one language.
pub fn message(d: &Diagnostic, taal: Taal) -> String {
    let mut out = d.message.get(taal).to_string();
    if let Some(help) = &d.help {
        let tip = match taal {
            Taal::Nl => "Tip",
            Taal::En => "Help",
        };
        out.push_str(&format!("\n{tip}: {}", help.get(taal)));
    }
    if !d.law.is_empty() {
        let word = match taal {
            Taal::Nl => "Wet",
            Taal::En => "Law",
        };
        let cites: Vec<&str> = d.law.iter().map(|l| l.cite.as_str()).collect();
        out.push_str(&format!("\n{word}: {}", cites.join("; ")));
    }
    out
}

/// Converts one diagnostic of `file` in `snapshot`.
pub fn to_lsp(
    snapshot: &Snapshot,
    file: FileId,
    d: &Diagnostic,
    taal: Taal,
    encoding: Encoding,
) -> Option<lsp::Diagnostic> {
    let f = snapshot.analysis.file(file)?;
    let lines = Lines::new(&f.text, &f.line_index, encoding);
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let lf = snapshot.analysis.file(label.span.file)?;
            let uri = snapshot.uri(label.span.file)?.clone();
            let range = Lines::new(&lf.text, &lf.line_index, encoding).range(label.span);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: label.message.get(taal).to_string(),
            })
        })
        .collect();
    let code_description = d
        .law
        .first()
        .and_then(|l| Url::parse(&l.url).ok())
        .map(|href| CodeDescription { href });
    Some(lsp::Diagnostic {
        range: lines.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description,
        source: Some("kader".to_string()),
        message: message(d, taal),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

/// Every diagnostic of one file.
pub fn of_file(
    snapshot: &Snapshot,
    file: FileId,
    taal: Taal,
    encoding: Encoding,
) -> Vec<lsp::Diagnostic> {
    snapshot
        .analysis
        .file(file)
        .map(|f| {
            f.diagnostics
                .iter()
                .filter_map(|d| to_lsp(snapshot, file, d, taal, encoding))
                .collect()
        })
        .unwrap_or_default()
}
