//! Tests of the formatter: snapshots of messy inputs, and the properties
//! that must hold for every file kader ships or accepts — formatting twice
//! changes nothing, the formatted file has the same tree (spans aside) and
//! the same diagnostics, and Dutch → English → Dutch gives the file back.

use kader::ast::SourceFile;
use kader::fmt::{format, FmtError, Options};
use kader::{analyse, FileId, Source, Taal};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fmt(text: &str) -> String {
    format(text, &Options::default()).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

fn fmt_taal(text: &str, taal: Taal) -> String {
    format(text, &Options { taal: Some(taal), ..Options::default() }).unwrap_or_else(|e| panic!("{e}"))
}

/// The `.kader` files below `dir`, sorted.
fn kader_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "kader") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The debug form of a tree with every span and byte offset removed, and
/// comment texts without trailing spaces (the formatter trims those).
fn shape(tree: &SourceFile) -> String {
    let mut tree = tree.clone();
    for c in &mut tree.comments {
        c.text = c.text.trim_end().to_string();
    }
    let debug = format!("{tree:?}");
    // Spans print as `Span { file: FileId(0), start: 1, end: 2 }`.
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span { file:") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').unwrap();
        out.push_str("Span");
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

fn same_tree(original: &str, formatted: &str, what: &str) {
    let a = kader::syntax::parse(FileId(0), original);
    let b = kader::syntax::parse(FileId(0), formatted);
    assert_eq!(shape(&a.tree), shape(&b.tree), "{what}: the formatted tree differs");
    let codes = |d: &[kader::Diagnostic]| -> Vec<(String, String, String)> {
        d.iter().map(|d| (d.code.to_string(), d.message.nl.clone(), d.message.en.clone())).collect()
    };
    assert_eq!(codes(&a.diagnostics), codes(&b.diagnostics), "{what}: parse diagnostics differ");
}

fn idempotent(formatted: &str, what: &str) {
    let again = fmt(formatted);
    assert_eq!(formatted, again, "{what}: formatting twice changes the file");
}

/// Every diagnostic of a repository's own files, as (path, code, nl, en).
fn diagnostics(sources: &[Source], config: Option<&Source>) -> Vec<(String, String, String, String)> {
    let analysis = analyse(sources, config);
    analysis
        .policy_files()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(|d| (f.path.clone(), d.code.to_string(), d.message.nl.clone(), d.message.en.clone()))
        })
        .collect()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn stdlib_files_format_to_the_same_meaning() {
    let files = kader_files(&root().join("stdlib"));
    assert!(files.len() >= 5);
    for p in files {
        let what = p.display().to_string();
        let text = read(&p);
        let out = fmt(&text);
        same_tree(&text, &out, &what);
        idempotent(&out, &what);
    }
}

#[test]
fn corpus_files_format_to_the_same_meaning() {
    let files = kader_files(&root().join("tests/corpus/ok"));
    assert!(!files.is_empty());
    for p in files {
        let what = p.display().to_string();
        let text = read(&p);
        let out = fmt(&text);
        same_tree(&text, &out, &what);
        idempotent(&out, &what);
        let before = diagnostics(&[Source::new("f.kader", text)], None);
        let after = diagnostics(&[Source::new("f.kader", out)], None);
        assert_eq!(before, after, "{what}: diagnostics differ");
    }
}

/// The example repository, analysed as a whole before and after.
fn example_sources() -> (Vec<Source>, Option<Source>) {
    let dir = root().join("examples");
    let sources = kader_files(&dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
            Source::new(rel, read(&p))
        })
        .collect();
    let config = dir.join("kader.toml");
    (sources, config.exists().then(|| Source::new("kader.toml", read(&config))))
}

#[test]
fn examples_format_to_the_same_meaning() {
    let (sources, config) = example_sources();
    assert!(!sources.is_empty());
    let formatted: Vec<Source> = sources
        .iter()
        .map(|s| match format(&s.text, &Options::default()) {
            Ok(out) => {
                same_tree(&s.text, &out, &s.path);
                idempotent(&out, &s.path);
                Source::new(s.path.clone(), out)
            }
            // A file with a deliberate syntax error is left as it is.
            Err(FmtError::Syntax(_)) => s.clone(),
        })
        .collect();
    let changed = formatted.iter().zip(&sources).filter(|(a, b)| a.text != b.text).count();
    let refused = sources.iter().filter(|s| format(&s.text, &Options::default()).is_err()).count();
    assert!(sources.len() - refused >= 2, "too few example files could be formatted");
    let _ = changed;
    assert_eq!(diagnostics(&sources, config.as_ref()), diagnostics(&formatted, config.as_ref()));
}

#[test]
fn dutch_english_dutch_gives_the_file_back() {
    let (mut sources, _) = example_sources();
    sources.push(Source::new("voorbeeld", read(&root().join("tests/corpus/ok/taal_voorbeeld_nl.kader"))));
    let mut done = 0;
    for s in sources {
        let Ok(nl) = format(&s.text, &Options::default()) else {
            continue;
        };
        done += 1;
        let en = fmt_taal(&nl, Taal::En);
        assert_ne!(nl, en, "{}: nothing was translated", s.path);
        idempotent(&en, &s.path);
        let back = fmt_taal(&en, Taal::Nl);
        assert_eq!(nl, back, "{}: Dutch → English → Dutch differs", s.path);
        // The English file means the same: same diagnostic codes.
        let codes = |t: &str| -> Vec<String> {
            diagnostics(&[Source::new("f.kader", t)], None).into_iter().map(|d| d.1).collect()
        };
        assert_eq!(codes(&nl), codes(&en), "{}: English version has other findings", s.path);
    }
    assert!(done >= 3, "too few files were translated");
}

#[test]
fn english_example_translates_to_dutch_and_back() {
    let en = fmt(&read(&root().join("tests/corpus/ok/taal_voorbeeld_en.kader")));
    let nl = fmt_taal(&en, Taal::Nl);
    assert!(nl.contains("beleid demonstration_market_2024 {"), "{nl}");
    assert!(nl.contains("bewaartermijn: 14 dagen"), "{nl}");
    assert!(nl.contains("logboek: ja"), "{nl}");
    assert_eq!(fmt_taal(&nl, Taal::En), en);
}

#[test]
fn files_with_syntax_errors_are_refused() {
    for p in kader_files(&root().join("tests/corpus/err")) {
        let text = read(&p);
        let parsed = kader::syntax::parse(FileId(0), &text);
        let has_errors = parsed.diagnostics.iter().any(|d| d.severity == kader::Severity::Error);
        let result = format(&text, &Options::default());
        assert_eq!(has_errors, matches!(result, Err(FmtError::Syntax(_))), "{}", p.display());
    }
}

/// Messy inputs and their formatted form, one snapshot each.
#[test]
fn messy_inputs_snapshots() {
    for p in kader_files(&root().join("tests/fixtures/fmt")) {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let text = read(&p);
        let out = fmt(&text);
        same_tree(&text, &out, &name);
        idempotent(&out, &name);
        insta::assert_snapshot!(format!("fmt_{name}"), out);
    }
}
