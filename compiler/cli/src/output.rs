//! The two output formats of `kader check`: the terminal rendering with a
//! one-line summary, and the JSON object of LANGUAGE.md §7.
//!
//! The JSON shape is versioned (`"version": 1`) and made of serde structs, so
//! the shape is written down in one place and tools can rely on it.

use kader::diagnostics::{Diagnostic, LawRef, Severity, Taal};
use kader::render::Renderer;
use kader::Analysis;
use kader::{LineCol, Span};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

/// The counts of the summary line and of the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The repository's `.kader` files that were checked.
    pub files: usize,
    /// Their top-level items.
    pub items: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[&Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// "2 fouten, 1 waarschuwing in 5 bestanden" / "2 errors, 1 warning in 5 files".
    pub fn line(&self, taal: Taal) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        match taal {
            Taal::Nl => {
                parts.push(plural(self.errors, "fout", "fouten"));
                parts.push(plural(self.warnings, "waarschuwing", "waarschuwingen"));
                if self.infos > 0 {
                    parts.push(plural(self.infos, "info", "info"));
                }
                format!(
                    "{} in {}",
                    parts.join(", "),
                    plural(self.files, "bestand", "bestanden")
                )
            }
            Taal::En => {
                parts.push(plural(self.errors, "error", "errors"));
                parts.push(plural(self.warnings, "warning", "warnings"));
                if self.infos > 0 {
                    parts.push(plural(self.infos, "info", "infos"));
                }
                format!(
                    "{} in {}",
                    parts.join(", "),
                    plural(self.files, "file", "files")
                )
            }
        }
    }
}

/// The terminal output: every diagnostic rendered, then the summary line.
/// Files are rendered in parallel (each file read into lines once) and
/// written in order as they are done.
pub fn human(
    analysis: &Analysis,
    diagnostics: &[&Diagnostic],
    summary: &Summary,
    taal: Taal,
    color: bool,
    to: &mut dyn Write,
) -> std::io::Result<()> {
    let runs: Vec<&[&Diagnostic]> = diagnostics
        .chunk_by(|a, b| a.span.file == b.span.file)
        .collect();
    let renderer = Renderer::new(analysis, taal, color);
    // A batch of files at a time: both cores busy, and only a batch's
    // rendering held before it is written.
    for batch in runs.chunks(256) {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|run| {
                let mut out = String::new();
                for d in *run {
                    out.push_str(&renderer.render(d));
                    out.push('\n');
                }
                out
            })
            .collect();
        for text in rendered {
            to.write_all(text.as_bytes())?;
        }
    }
    to.write_all(summary.line(taal).as_bytes())?;
    to.write_all(b"\n")
}

#[derive(Serialize)]
struct JsonOutput<D> {
    version: u32,
    diagnostics: D,
    summary: Summary,
}

/// An array of one element per diagnostic, each made by `make` as it is
/// written (the JSON and the SARIF output): the output of a repository
/// with many findings is never held in memory whole.
pub(crate) struct Each<'a, F> {
    pub(crate) diagnostics: &'a [&'a Diagnostic],
    pub(crate) make: F,
}

impl<'a, F, T> Serialize for Each<'a, F>
where
    F: Fn(&'a Diagnostic) -> T,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.diagnostics.iter().map(|d| (self.make)(d)))
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    item: Option<&'a str>,
    range: JsonRange,
    law: &'a [LawRef],
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRange {
    start: LineCol,
    end: LineCol,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    new_text: &'a str,
    /// Only present when the edit lies in another file than the diagnostic.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

/// The JSON object of `kader check --format json`, with a final newline.
pub fn json(
    analysis: &Analysis,
    diagnostics: &[&Diagnostic],
    summary: &Summary,
    taal: Taal,
    to: &mut dyn Write,
) -> std::io::Result<()> {
    let out = JsonOutput {
        version: 1,
        diagnostics: Each {
            diagnostics,
            make: |d| json_diagnostic(analysis, d, taal),
        },
        summary: *summary,
    };
    serde_json::to_writer_pretty(&mut *to, &out)?;
    to.write_all(b"\n")
}

/// One diagnostic in the JSON shape.
fn json_diagnostic<'a>(
    analysis: &'a Analysis,
    d: &'a Diagnostic,
    taal: Taal,
) -> JsonDiagnostic<'a> {
    let file = analysis
        .file(d.span.file)
        .map(|f| f.path.as_str())
        .unwrap_or("");
    JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity,
        message: d.message.get(taal),
        file,
        item: d.item.as_deref(),
        range: range(analysis, d.span),
        law: &d.law,
        help: d.help.as_ref().map(|h| h.get(taal)),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            title: fix.title.get(taal),
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    range: range(analysis, e.span),
                    new_text: &e.new_text,
                    file: (e.span.file != d.span.file)
                        .then(|| analysis.file(e.span.file).map(|f| f.path.as_str()))
                        .flatten(),
                })
                .collect(),
        }),
    }
}

/// A span as 1-based lines and columns (columns in Unicode scalar values).
fn range(analysis: &Analysis, span: Span) -> JsonRange {
    match analysis.file(span.file) {
        Some(f) => JsonRange {
            start: f.line_index.line_col(&f.text, span.start as usize),
            end: f.line_index.line_col(&f.text, span.end as usize),
        },
        None => {
            let one = LineCol { line: 1, column: 1 };
            JsonRange {
                start: one,
                end: one,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_in_both_languages() {
        let s = Summary {
            files: 5,
            items: 9,
            errors: 2,
            warnings: 1,
            infos: 0,
        };
        assert_eq!(s.line(Taal::Nl), "2 fouten, 1 waarschuwing in 5 bestanden");
        assert_eq!(s.line(Taal::En), "2 errors, 1 warning in 5 files");
        let one = Summary {
            files: 1,
            errors: 1,
            warnings: 0,
            infos: 3,
            ..s
        };
        assert_eq!(
            one.line(Taal::Nl),
            "1 fout, 0 waarschuwingen, 3 info in 1 bestand"
        );
        assert_eq!(one.line(Taal::En), "1 error, 0 warnings, 3 infos in 1 file");
    }
}

/// One line of `kader rules`.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub code: String,
    /// The severity in this repository; `None` when `kader.toml` switches
    /// the rule off.
    pub severity: Option<Severity>,
    pub default_severity: Severity,
    pub waivable: bool,
    pub summary: String,
    /// The file the rule is written in (`stdlib/…` or a local pack).
    pub source: String,
}

/// `kader rules --format json`.
pub fn rules_json(rows: &[RuleRow]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        rules: &'a [RuleRow],
    }
    let mut s = serde_json::to_string_pretty(&Out {
        version: 1,
        rules: rows,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}

/// `kader rules` as a table for the terminal.
pub fn rules_human(rows: &[RuleRow], taal: Taal) -> String {
    let (off, yes, no) = match taal {
        Taal::Nl => ("uit", "afwijkbaar", "niet afwijkbaar"),
        Taal::En => ("off", "waivable", "not waivable"),
    };
    let width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        let sev = r.severity.map_or(off, |s| s.word(taal));
        let waivable = if r.waivable { yes } else { no };
        out.push_str(&format!(
            "{:width$}  {sev:<12}  {waivable:<15}  {}  [{}]\n",
            r.code, r.summary, r.source
        ));
    }
    out.push_str(&match taal {
        Taal::Nl => format!("{} regels\n", rows.len()),
        Taal::En => format!("{} rules\n", rows.len()),
    });
    out
}
