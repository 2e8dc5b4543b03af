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
/// Files are rendered in parallel (each file read into lines once), a batch
/// at a time, and written in order: a batch is written while the next is
/// rendered.
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
    let render_batch = |batch: &[&[&Diagnostic]]| -> Vec<String> {
        batch
            .par_iter()
            .map(|run| {
                let mut out = String::new();
                for d in *run {
                    out.push_str(&renderer.render(d));
                    out.push('\n');
                }
                out
            })
            .collect()
    };
    // Two batches at most wait to be written: only they are held.
    let (rendered, written) = std::sync::mpsc::sync_channel::<Vec<String>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for batch in runs.chunks(256) {
                if rendered.send(render_batch(batch)).is_err() {
                    // The writing stopped (stdout closed).
                    return;
                }
            }
        });
        for texts in written {
            for text in texts {
                to.write_all(text.as_bytes())?;
            }
        }
        Ok::<(), std::io::Error>(())
    })?;
    to.write_all(summary.line(taal).as_bytes())?;
    to.write_all(b"\n")
}

#[derive(Serialize)]
struct JsonOutput {
    version: u32,
    diagnostics: Many,
    summary: Summary,
}

/// Stands in a document for its one long array (the diagnostics of the
/// JSON output, the results of SARIF), which [`pretty_with_many`] writes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Many;

/// What [`Many`] serialises as: a text no document of ours holds.
const MANY: &str = "\u{0}kader:many\u{0}";
/// [`MANY`] as serde_json writes it.
const MANY_JSON: &[u8] = br#""\u0000kader:many\u0000""#;

impl Serialize for Many {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MANY)
    }
}

/// How many elements are made before they are written.
const WINDOW: usize = 1024;
/// How many elements one task makes.
const PART: usize = 64;

/// Writes `document` as pretty-printed JSON with the array that [`Many`]
/// stands for made of `make(item)` for every item, in order. The output is
/// byte for byte what `serde_json::to_writer_pretty` writes for the
/// document with the array in place; but the elements are serialised on
/// every core, a window at a time, so a repository with many findings is
/// neither written on one core nor held in memory whole.
pub(crate) fn pretty_with_many<D, I, T>(
    to: &mut dyn Write,
    document: &D,
    items: &[I],
    make: impl Fn(&I) -> T + Sync,
) -> std::io::Result<()>
where
    D: Serialize,
    I: Sync,
    T: Serialize,
{
    let outer = serde_json::to_vec_pretty(document)?;
    let Some(at) = memchr::memmem::find(&outer, MANY_JSON) else {
        return to.write_all(&outer);
    };
    let (before, after) = outer.split_at(at);
    let after = after.get(MANY_JSON.len()..).unwrap_or_default();
    to.write_all(before)?;
    if items.is_empty() {
        to.write_all(b"[]")?;
        return to.write_all(after);
    }
    // The array's elements go one level (two spaces) deeper than the line
    // that holds it.
    let line = before.rsplit(|b| *b == b'\n').next().unwrap_or_default();
    let depth = line.iter().take_while(|b| **b == b' ').count();
    let indent = vec![b' '; depth + 2];
    let first = [b"\n".as_slice(), &indent].concat();
    let between = [b",".as_slice(), &first].concat();
    let close = [b"\n".as_slice(), &vec![b' '; depth], b"]"].concat();
    to.write_all(b"[")?;
    for (w, window) in items.chunks(WINDOW).enumerate() {
        let parts: Vec<std::io::Result<Vec<u8>>> = window
            .par_chunks(PART)
            .enumerate()
            .map(|(p, part)| {
                let mut out = Vec::with_capacity(part.len() * 1024);
                let mut alone = Vec::with_capacity(2048);
                for (i, item) in part.iter().enumerate() {
                    let lead = if w == 0 && p == 0 && i == 0 {
                        &first
                    } else {
                        &between
                    };
                    out.extend_from_slice(lead);
                    alone.clear();
                    serde_json::to_writer_pretty(&mut alone, &make(item))?;
                    indent_into(&mut out, &alone, &indent);
                }
                Ok(out)
            })
            .collect();
        for part in parts {
            to.write_all(&part?)?;
        }
    }
    to.write_all(&close)?;
    to.write_all(after)
}

/// Copies pretty JSON made on its own into `out` with `indent` after
/// every line break, at the depth it belongs. A JSON text holds no line
/// break of its own (it is written `\n`), so every one is the serialiser's.
fn indent_into(out: &mut Vec<u8>, json: &[u8], indent: &[u8]) {
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', json) {
        out.extend_from_slice(json.get(from..=at).unwrap_or_default());
        out.extend_from_slice(indent);
        from = at + 1;
    }
    out.extend_from_slice(json.get(from..).unwrap_or_default());
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
        diagnostics: Many,
        summary: *summary,
    };
    pretty_with_many(to, &out, diagnostics, |d| {
        json_diagnostic(analysis, d, taal)
    })?;
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

    /// The document of [`pretty_with_many`]'s tests: the long array one
    /// level down (as in the JSON output) or three (as in SARIF).
    #[derive(Serialize)]
    struct Doc<A> {
        version: u32,
        runs: [Run<A>; 1],
        after: &'static str,
    }

    #[derive(Serialize)]
    struct Run<A> {
        results: A,
        tool: &'static str,
    }

    #[derive(Serialize)]
    struct Element {
        n: usize,
        text: String,
        nested: Vec<Option<[u8; 2]>>,
    }

    fn element(n: &usize) -> Element {
        Element {
            n: *n,
            // Line breaks and quotes inside a text stay escaped.
            text: format!("regel {n}\n\"{}\"", "é".repeat(n % 3)),
            nested: vec![None, Some([1, 2])],
        }
    }

    #[test]
    fn a_document_with_many_elements_is_written_as_serde_json_would() {
        for count in [0, 1, 2, PART + 1, WINDOW + PART + 3] {
            let items: Vec<usize> = (0..count).collect();
            let whole = Doc {
                version: 1,
                runs: [Run {
                    results: items.iter().map(element).collect::<Vec<_>>(),
                    tool: "kader",
                }],
                after: "einde",
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap();
            let marked = Doc {
                version: 1,
                runs: [Run {
                    results: Many,
                    tool: "kader",
                }],
                after: "einde",
            };
            let mut written = Vec::new();
            pretty_with_many(&mut written, &marked, &items, element).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                expected,
                "{count} elements"
            );
        }
    }

    #[test]
    fn a_document_without_the_marker_is_written_whole() {
        let mut written = Vec::new();
        pretty_with_many(&mut written, &[1, 2], &[3usize], element).unwrap();
        assert_eq!(written, b"[\n  1,\n  2\n]");
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
