//! Shared helpers for kader's data-driven test suites.
//!
//! The heart is [`check`]: it takes a fixture, analyses it with
//! [`kader::analyse`] (the stdlib included) and compares the diagnostics of
//! the fixture's own files with the annotations written in them.
//!
//! The fixture mini-language:
//!
//! ```text
//! //- /beleid.kader
//! beleid x {
//!     titel: 12
//! //         ^^ fout[K0205]: verwacht een tekst
//! }
//! //- /teams.kader
//! team t { omschrijving: "..." }
//! //- /kader.toml
//! [project]
//! taal = "nl"
//! ```
//!
//! - `//- /PATH` starts a file; a fixture without one is the single file
//!   `/beleid.kader`, and `//- /kader.toml` is the repository's config.
//! - An annotation line `//   ^^^ SEVERITY: TEXT` marks the columns of its
//!   carets on the nearest line above it that is not itself an annotation.
//!   SEVERITY is `fout`, `waarschuwing` or `info`, optionally with a code:
//!   `fout[K0203]`. TEXT must be a substring of the Dutch message. In
//!   `kader.toml` annotations start with `#` instead of `//`.
//! - Annotations are comments, so a fixture stays a valid kader file and
//!   spans are those of the text as written.
//! - The common indentation of the whole fixture is removed first, so
//!   fixtures can be indented with the test code.
//!
//! Every diagnostic in a fixture file must be annotated and every annotation
//! must be matched; otherwise the test fails with both lists side by side.
//! Diagnostics in the stdlib are not compared here (one test checks that
//! the stdlib is clean).

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

pub mod corpus;

use kader::{Analysis, FileKind, Severity, Source};

pub mod lsp_session;
pub mod props;

/// One file of a fixture.
#[derive(Clone, Debug)]
pub struct FixtureFile {
    /// The path without the leading `/`.
    pub path: String,
    pub text: String,
}

/// A parsed fixture.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub files: Vec<FixtureFile>,
}

impl Fixture {
    pub fn parse(fixture: &str) -> Fixture {
        let text = dedent(fixture);
        let mut files: Vec<FixtureFile> = Vec::new();
        let mut current: Option<FixtureFile> = None;
        for line in text.split_inclusive('\n') {
            if let Some(path) = line.trim_end().strip_prefix("//- /") {
                if let Some(f) = current.take() {
                    files.push(f);
                }
                current = Some(FixtureFile {
                    path: path.trim().to_string(),
                    text: String::new(),
                });
                continue;
            }
            match &mut current {
                Some(f) => f.text.push_str(line),
                None => {
                    if line.trim().is_empty() {
                        continue;
                    }
                    current = Some(FixtureFile {
                        path: "beleid.kader".to_string(),
                        text: line.to_string(),
                    });
                }
            }
        }
        if let Some(f) = current.take() {
            files.push(f);
        }
        Fixture { files }
    }

    /// Runs the analysis on the fixture's files.
    pub fn analyse(&self) -> Analysis {
        let sources: Vec<Source> = self
            .files
            .iter()
            .filter(|f| f.path != "kader.toml")
            .map(|f| Source::new(f.path.clone(), f.text.clone()))
            .collect();
        let config = self
            .files
            .iter()
            .find(|f| f.path == "kader.toml")
            .map(|f| Source::new(f.path.clone(), f.text.clone()));
        kader::analyse(&sources, config.as_ref())
    }
}

/// Removes the indentation common to all non-blank lines.
pub fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        }
    }
    out
}

/// An expected diagnostic, read from an annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
    pub code: Option<String>,
    pub text: String,
    /// 1-based line of the annotation itself, for messages.
    pub line: usize,
}

/// The annotations in one file's text.
pub fn annotations(path: &str, text: &str) -> Vec<Annotation> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0usize, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut out = Vec::new();
    let mut target: Option<(usize, &str)> = None;
    for (n, (_, line)) in lines.iter().enumerate() {
        match parse_annotation(line) {
            Some((col, len, severity, code, message)) => {
                let (line_start, target_line) = target.unwrap_or_else(|| {
                    panic!("{path}:{}: annotation without a line above it", n + 1)
                });
                let byte = |chars: usize| {
                    target_line
                        .char_indices()
                        .nth(chars)
                        .map(|(b, _)| b)
                        .unwrap_or(target_line.len())
                };
                out.push(Annotation {
                    path: path.to_string(),
                    start: line_start + byte(col),
                    end: line_start + byte(col + len),
                    severity,
                    code,
                    text: message,
                    line: n + 1,
                });
            }
            None => target = lines.get(n).copied(),
        }
    }
    out
}

/// `(caret column in chars, caret count, severity, code, text)`.
fn parse_annotation(line: &str) -> Option<(usize, usize, Severity, Option<String>, String)> {
    let trimmed = line.trim_start();
    let rest = trimmed
        .strip_prefix("//")
        .or_else(|| trimmed.strip_prefix('#'))?;
    let rest = rest.trim_start();
    if !rest.starts_with('^') {
        return None;
    }
    let col = line.chars().position(|c| c == '^')?;
    let len = rest.chars().take_while(|c| *c == '^').count();
    let rest = rest.get(len..)?.trim_start();
    let (head, message) = rest.split_once(':')?;
    let (word, code) = match head.split_once('[') {
        Some((w, c)) => (w.trim(), Some(c.trim_end_matches(']').trim().to_string())),
        None => (head.trim(), None),
    };
    let severity = match word {
        "fout" | "error" => Severity::Error,
        "waarschuwing" | "warning" => Severity::Warning,
        "info" => Severity::Info,
        _ => return None,
    };
    Some((col, len, severity, code, message.trim().to_string()))
}

/// Analyses `fixture` and asserts that the diagnostics of its files are
/// exactly the annotated ones. Returns the analysis for further checks.
#[track_caller]
pub fn check(fixture: &str) -> Analysis {
    check_where(fixture, |_| true)
}

/// Like [`check`], but compares only the diagnostics whose code `keep`
/// accepts: a test of one stage can ignore what later stages (the legal
/// rules) say about the same fixture.
#[track_caller]
pub fn check_where(fixture: &str, keep: impl Fn(&str) -> bool) -> Analysis {
    let fx = Fixture::parse(fixture);
    let analysis = fx.analyse();
    let mut expected: Vec<Annotation> = fx
        .files
        .iter()
        .flat_map(|f| annotations(&f.path, &f.text))
        .collect();
    let mut unexpected = Vec::new();
    for file in analysis.files.iter().filter(|f| f.kind != FileKind::Stdlib) {
        for d in file.diagnostics.iter().filter(|d| keep(d.code.as_str())) {
            let pos = expected.iter().position(|a| {
                a.path == file.path
                    && a.start == d.span.start as usize
                    && (a.end == d.span.end as usize
                        || (d.span.is_empty() && a.end == a.start + 1)
                        || ends_line(&file.text, a.end, d.span.end as usize))
                    && a.severity == d.severity
                    && a.code.as_deref().is_none_or(|c| c == d.code.as_str())
                    && d.message.nl.contains(&a.text)
            });
            match pos {
                Some(i) => {
                    expected.remove(i);
                }
                None => unexpected.push(render(&analysis, file, d)),
            }
        }
    }
    if !expected.is_empty() || !unexpected.is_empty() {
        let mut report = String::new();
        if !unexpected.is_empty() {
            report.push_str("diagnostics that no annotation expects:\n");
            for u in &unexpected {
                report.push_str(u);
            }
        }
        if !expected.is_empty() {
            report.push_str("annotations that no diagnostic matches:\n");
            for a in &expected {
                let file = fx.files.iter().find(|f| f.path == a.path);
                let (line, col) = file.map(|f| position(&f.text, a.start)).unwrap_or((0, 0));
                report.push_str(&format!(
                    "  {}:{line}:{col} (annotation on line {}) {:?}{}: {}\n",
                    a.path,
                    a.line,
                    a.severity,
                    a.code
                        .as_ref()
                        .map(|c| format!("[{c}]"))
                        .unwrap_or_default(),
                    a.text
                ));
            }
        }
        panic!("the diagnostics differ from the annotations\n{report}");
    }
    analysis
}

/// True when a multi-line diagnostic ending at `actual_end` is marked by
/// carets that run to the end of its first line.
fn ends_line(text: &str, caret_end: usize, actual_end: usize) -> bool {
    actual_end > caret_end
        && text
            .get(caret_end..)
            .is_some_and(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"))
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// A diagnostic with its place and an annotation line that would match it.
fn render(_analysis: &Analysis, file: &kader::File, d: &kader::Diagnostic) -> String {
    let start = d.span.start as usize;
    let (line, col) = position(&file.text, start);
    let source_line = file.text.lines().nth(line - 1).unwrap_or("");
    let width = file
        .text
        .get(start..(d.span.end as usize).max(start))
        .map(|s| s.lines().next().unwrap_or("").chars().count())
        .unwrap_or(1)
        .max(1);
    let word = match d.severity {
        Severity::Error => "fout",
        Severity::Warning => "waarschuwing",
        Severity::Info => "info",
    };
    let pad = (col - 1).saturating_sub(2);
    format!(
        "  {}:{line}:{col} {word}[{}]: {}\n    {source_line}\n    //{}{} {word}[{}]: {}\n",
        file.path,
        d.code,
        d.message.nl,
        " ".repeat(pad),
        "^".repeat(width),
        d.code,
        d.message.nl
    )
}

/// Analyses `fixture`, applies the fix of its one diagnostic that has a
/// fix, and asserts that the file then reads `after`.
#[track_caller]
pub fn check_fix(fixture: &str, after: &str) {
    let fx = Fixture::parse(fixture);
    let analysis = fx.analyse();
    let fixes: Vec<(&kader::File, &kader::diagnostics::Fix)> = analysis
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Policy)
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .filter_map(move |d| d.fix.as_deref().map(|x| (f, x)))
        })
        .collect();
    assert_eq!(fixes.len(), 1, "expected exactly one fix, found {fixes:#?}");
    let (file, fix) = fixes[0];
    let mut text = file.text.to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        assert_eq!(e.span.file, file.id, "a fix edits another file");
        text.replace_range(e.span.range(), &e.new_text);
    }
    assert_eq!(text, dedent(after), "the fixed text differs");
}

/// The path of the `kader` binary. It belongs to another package of the
/// workspace, so Cargo does not hand it to the integration tests of this
/// one; it is built once per test process and shared by every suite.
pub fn kader_bin() -> std::path::PathBuf {
    static BIN: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| build_bin("kader-cli", "kader")).clone()
}

/// The path of the `kader-lsp` binary, built like [`kader_bin`].
pub fn kader_lsp_bin() -> std::path::PathBuf {
    static BIN: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| build_bin("kader-lsp", "kader-lsp"))
        .clone()
}

/// Builds the binary `bin` of the workspace package `package` and returns
/// its path as Cargo reports it.
fn build_bin(package: &str, bin: &str) -> std::path::PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "build",
            "-p",
            package,
            "--bin",
            bin,
            "--message-format=json-render-diagnostics",
        ])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "building {bin} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"]["name"] == bin)
        .find_map(|v| v["executable"].as_str().map(std::path::PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reports the {bin} executable"))
}

/// The `.kader` files below `dir`, sorted.
pub fn kader_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "kader") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The `.kader` files below `dir` as sources with paths relative to `dir`
/// (with `/`), sorted.
pub fn kader_sources(dir: &std::path::Path) -> Vec<Source> {
    kader_files(dir)
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            Source::new(rel, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// A rule of a local pack (`[pakketten] paden = ["regels/"]`): the
/// municipality's own agreement that data is kept at most 14 days.
pub const PACK_RULE: &str = r#"
regel ZH-BEWAAR-14 {
    ernst: fout
    afwijkbaar: ja
    wet: [avg_5_1_e]
    samenvatting { nl: "Bewaartermijn hoogstens 14 dagen." en: "Retention at most 14 days." }
    zodra { beleid.bewaartermijn > 14 dagen }
    wijs: beleid.bewaartermijn
    melding { nl: "Bewaartermijn {beleid.bewaartermijn} is te lang." en: "Retention {beleid.bewaartermijn} is too long." }
    uitleg { nl: "Gemeentelijke afspraak." en: "Municipal agreement." }
}
"#;
