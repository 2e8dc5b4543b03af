//! Windows line endings. A file saved with `\r\n` is read, positioned,
//! fixed, formatted and served to the editor exactly like the same file
//! with `\n`: the same findings at the same lines and columns, the same
//! hover, completion and rename, and everything kader writes into the file
//! (fixes, new fields, formatting, snippets) in the file's own line ending.
//!
//! The CRLF variants are made here from the LF files kader ships; the two
//! fixtures in `fixtures/crlf/` are kept byte for byte (`.gitattributes`
//! there says `-text`): one as Windows Notepad saves it, one with mixed
//! endings.

use crate::lsp_support::{Client, Options};
use kader::{FileKind, Source};
use kader_tests::{kader_bin, kader_sources};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The text with every line ending `\r\n`.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// The text with every line ending `\n`.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// True when some `\n` has no `\r` before it.
fn has_bare_lf(text: &str) -> bool {
    text.match_indices('\n')
        .any(|(i, _)| i == 0 || text.as_bytes()[i - 1] != b'\r')
}

/// Every finding of the repository's own files, one line each: place
/// (line:column of start and end, and of every label), code, severity,
/// message, and the file as its fix leaves it (with `\n` endings, after
/// checking that a fix to a CRLF file writes no bare `\n`).
fn findings(sources: &[Source], config: Option<&Source>) -> Vec<String> {
    let analysis = kader::analyse(sources, config);
    let mut out = Vec::new();
    // A place as `path:line:column`; labels may point into other files.
    let place = |file: kader::FileId, offset: u32| {
        let f = analysis.file(file).unwrap();
        let lc = f.line_index.line_col(&f.text, offset as usize);
        format!("{}:{}:{}", f.path, lc.line, lc.column)
    };
    for f in analysis.files.iter().filter(|f| f.kind != FileKind::Stdlib) {
        let at = |offset: u32| place(f.id, offset);
        for d in &f.diagnostics {
            let labels: Vec<String> = d
                .labels
                .iter()
                .map(|l| {
                    let (file, s) = (l.span.file, l.span);
                    format!(
                        "{}-{} {}",
                        place(file, s.start),
                        place(file, s.end),
                        l.message.nl
                    )
                })
                .collect();
            let fixed = d.fix.as_ref().map(|fix| {
                let mut text = f.text.to_string();
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                for e in edits.iter().filter(|e| e.span.file == f.id) {
                    text.replace_range(e.span.range(), &e.new_text);
                }
                if !has_bare_lf(&f.text) {
                    assert!(
                        !has_bare_lf(&text),
                        "{}: the fix of {} writes a bare line feed into a CRLF file: {:?}",
                        f.path,
                        d.code,
                        fix.edits
                    );
                }
                lf(&text)
            });
            out.push(format!(
                "{}-{} {} {:?} {} {labels:?} {fixed:?}",
                at(d.span.start),
                at(d.span.end),
                d.code,
                d.severity,
                d.message.nl
            ));
        }
    }
    out
}

fn all_crlf(sources: &[Source]) -> Vec<Source> {
    sources
        .iter()
        .map(|s| Source::new(s.path.clone(), crlf(&s.text)))
        .collect()
}

#[track_caller]
fn assert_same_findings(sources: &[Source], config: Option<&Source>) {
    let with_lf = findings(sources, config);
    let config_crlf = config.map(|c| Source::new(c.path.clone(), crlf(&c.text)));
    let with_crlf = findings(&all_crlf(sources), config_crlf.as_ref());
    assert_eq!(with_lf, with_crlf);
}

#[test]
fn the_examples_give_the_same_findings_with_crlf() {
    let dir = root().join("examples");
    let sources = kader_sources(&dir);
    let config = Source::new(
        "kader.toml",
        std::fs::read_to_string(dir.join("kader.toml")).unwrap(),
    );
    let with_lf = findings(&sources, Some(&config));
    assert!(with_lf.len() >= 7, "{with_lf:#?}");
    assert_same_findings(&sources, Some(&config));
}

#[test]
fn every_shipped_test_file_gives_the_same_findings_with_crlf() {
    // The reference policy, the checker's and formatter's fixtures and the
    // parser corpus, broken files included: each as a repository of its own.
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/rules",
        "tests/fixtures/check",
        "tests/fixtures/fmt",
        "tests/corpus/ok",
        "tests/corpus/err",
    ] {
        files.extend(kader_sources(&root().join(dir)));
    }
    assert!(files.len() > 20);
    let mut with_findings = 0;
    for file in files {
        let one = [file];
        if !findings(&one, None).is_empty() {
            with_findings += 1;
        }
        assert_same_findings(&one, None);
    }
    assert!(with_findings > 10, "the files exercise diagnostics");
}

/// Lines that break a policy in different ways, inserted in the property.
const JUNK: &[&str] = &[
    "    titel: \"niet afgesloten",
    "    }",
    "    bron y {",
    "    periode: 2025-13-01 .. 2025-01-01",
    "    onbekend_veld: 12",
    "    grondslag: publieke_tak",
    "    // een opmerking met é en 😀",
    "    aanleiding: \"\"\"",
    "    omschrijving: \"a\\qb\"",
    "    logboek: ja,,",
    "€",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// For any LF policy, its CRLF version gives the same findings at the
    /// same lines and columns, with fixes in CRLF: the policies are the
    /// reference policy with a line dropped and a broken line added.
    #[test]
    fn any_policy_gives_the_same_findings_with_crlf(
        drop in 0usize..60,
        insert in 0usize..60,
        junk in 0usize..JUNK.len(),
    ) {
        let reference =
            std::fs::read_to_string(root().join("tests/fixtures/rules/referentie.kader")).unwrap();
        let mut lines: Vec<&str> = reference.lines().collect();
        if drop < lines.len() {
            lines.remove(drop);
        }
        lines.insert(insert.min(lines.len()), JUNK[junk]);
        let text = lines.join("\n") + "\n";
        let source = [Source::new("beleid.kader", text)];
        let with_lf = findings(&source, None);
        let with_crlf = findings(&all_crlf(&source), None);
        prop_assert_eq!(with_lf, with_crlf);
    }
}

#[test]
fn the_windows_fixture_is_positioned_like_its_lf_version() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/crlf/windows.kader")).unwrap();
    assert!(
        text.contains("\r\n") && !has_bare_lf(&text),
        "the fixture kept its CRLF"
    );
    let found = findings(&[Source::new("beleid.kader", text.clone())], None);
    // The typo `publieke_tak` is on line 6, column 16, and its fix keeps
    // the rest of the file as it was.
    let typo = found
        .iter()
        .find(|f| f.contains("K0203"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        typo.starts_with("beleid.kader:6:16-beleid.kader:6:28 K0203"),
        "{typo}"
    );
    assert_eq!(
        found,
        findings(&[Source::new("beleid.kader", lf(&text))], None)
    );
}

#[test]
fn a_fix_that_adds_a_line_writes_crlf_into_a_crlf_file() {
    // `logboek` is missing; the rule's fix adds it on a line of its own,
    // once after the last field and once into an empty body.
    for text in [
        "beleid x {\r\n    titel: \"Markt\"\r\n}\r\n",
        "beleid x {\r\n}\r\n",
    ] {
        let analysis = kader::analyse(&[Source::new("beleid.kader", text)], None);
        let file = analysis.policy_files().next().unwrap();
        let inserting: Vec<_> = file
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.edits.iter())
            .filter(|e| e.new_text.contains('\n'))
            .collect();
        assert!(!inserting.is_empty(), "{:#?}", file.diagnostics);
        for e in inserting {
            assert!(!has_bare_lf(&e.new_text), "{:?}", e.new_text);
        }
    }
}

/// `kader ARGS` in `dir`, without colours.
fn kader(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(kader_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// A copy of `examples/` with its line endings made by `convert`.
fn examples_copy(convert: fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("examples");
    let mut files = kader_sources(&from);
    files.push(Source::new(
        "kader.toml",
        std::fs::read_to_string(from.join("kader.toml")).unwrap(),
    ));
    for s in files {
        let to = dir.path().join(&s.path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, convert(&s.text)).unwrap();
    }
    dir
}

#[test]
fn the_command_line_reports_crlf_files_at_the_same_places() {
    let with_lf = examples_copy(lf);
    let with_crlf = examples_copy(crlf);
    for format in ["json", "human", "sarif", "github"] {
        let a = kader(with_lf.path(), &["check", "--format", format]);
        let b = kader(with_crlf.path(), &["check", "--format", format]);
        assert_eq!(a.0, 1, "{format}: the examples have errors");
        assert!(!a.1.is_empty());
        assert_eq!(a, b, "{format}");
    }
    let (_, json) = kader(with_crlf.path(), &["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["range"]["start"]["line"].as_u64().unwrap() > 0));
}

#[test]
fn kader_fmt_keeps_crlf_and_leaves_no_mixed_endings() {
    let windows =
        std::fs::read_to_string(root().join("tests/fixtures/crlf/windows.kader")).unwrap();
    let mixed = std::fs::read_to_string(root().join("tests/fixtures/crlf/gemengd.kader")).unwrap();
    assert!(
        mixed.contains("\r\n") && has_bare_lf(&mixed),
        "the fixture kept its mixed endings"
    );
    // The fixtures have a typo, which is not a syntax error: they format.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("windows.kader"), &windows).unwrap();
    std::fs::write(dir.path().join("gemengd.kader"), &mixed).unwrap();
    std::fs::write(dir.path().join("unix.kader"), lf(&windows)).unwrap();
    // Mixed, but the first line ends in `\n`: the file becomes LF.
    let mixed_lf_first = mixed.replacen("\r\n", "\n", 1);
    std::fs::write(dir.path().join("gemengd_lf.kader"), &mixed_lf_first).unwrap();
    let (code, _) = kader(dir.path(), &["fmt"]);
    assert_eq!(code, 0);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let unix = read("unix.kader");
    assert_ne!(unix, lf(&windows), "the layout was messy, so it changed");
    assert!(!unix.contains('\r'));
    assert_eq!(read("windows.kader"), crlf(&unix));
    assert_eq!(read("gemengd.kader"), crlf(&unix));
    assert_eq!(read("gemengd_lf.kader"), unix);

    // Formatted, a CRLF file is left alone by `kader fmt --check`.
    let (code, _) = kader(dir.path(), &["fmt", "--check"]);
    assert_eq!(code, 0);
}

#[test]
fn the_formatter_gives_every_shipped_file_the_same_layout_with_crlf() {
    let mut files = kader_sources(&root().join("tests/fixtures/fmt"));
    files.extend(kader_sources(&root().join("examples")));
    for s in files {
        let options = kader::fmt::Options::default();
        let a = kader::fmt::format(&s.text, &options).unwrap();
        let b = kader::fmt::format(&crlf(&s.text), &options).unwrap();
        assert!(!has_bare_lf(&b), "{}", s.path);
        assert_eq!(crlf(&a), b, "{}", s.path);
    }
}

// The language server.

/// A policy with a typo (a fix), missing required fields (an action that
/// adds them), a rule finding, a reference to rename, text with a
/// character outside the Basic Multilingual Plane, and a messy layout.
const POLICY: &str = "beleid jaarmarkt {\n    titel:   \"Jaarmarkt 😀 é\"\n    grondslag: publieke_tak\n    geautoriseerd: [team_openbare_orde]\n    periode: 2025-06-01 .. 2025-06-02\n    bron x { toegang: openbaar, account: geen, interactie: geen }\n}\n";

/// Every position at the start, middle and end of a word, and one past
/// the end of each line.
fn positions(text: &str, utf8: bool) -> Vec<Value> {
    let mut out = Vec::new();
    for (line, l) in text.lines().enumerate() {
        let l = l.trim_end_matches('\r');
        let width = |s: &str| -> usize {
            if utf8 {
                s.len()
            } else {
                s.chars().map(char::len_utf16).sum()
            }
        };
        let mut prev_word = false;
        for (i, c) in l.char_indices() {
            let word = c.is_alphanumeric() || c == '_';
            if word != prev_word {
                out.push(json!({"line": line, "character": width(&l[..i])}));
            }
            prev_word = word;
        }
        out.push(json!({"line": line, "character": width(l) + 3}));
    }
    out
}

/// What the server answers about `text`, opened as `beleid/jaarmarkt.kader`:
/// diagnostics, hover, completion, code actions, rename and formatting.
async fn session(text: &str, utf8: bool) -> Vec<Value> {
    let (mut c, _) = Client::start(
        "repo",
        Options {
            utf8,
            ..Options::default()
        },
    )
    .await;
    let uri = c.open("beleid/jaarmarkt.kader", text).await;
    let root = tower_lsp::lsp_types::Url::from_file_path(&c.root)
        .unwrap()
        .to_string();
    let diagnostics = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let mut out = vec![diagnostics.clone()];
    for pos in positions(&lf(text), utf8) {
        out.push(
            c.at("textDocument/hover", &uri, pos.clone(), json!({}))
                .await,
        );
        out.push(
            c.at("textDocument/completion", &uri, pos.clone(), json!({}))
                .await,
        );
        out.push(
            c.request(
                "textDocument/codeAction",
                json!({
                    "textDocument": {"uri": uri},
                    "range": {"start": pos, "end": pos},
                    "context": {"diagnostics": []}
                }),
            )
            .await,
        );
    }
    let team = json!({"line": 3, "character": 22});
    out.push(
        c.at(
            "textDocument/rename",
            &uri,
            team,
            json!({"newName": "team_oov"}),
        )
        .await,
    );
    out.push(
        c.request(
            "textDocument/formatting",
            json!({
                "textDocument": {"uri": uri},
                "options": {"tabSize": 4, "insertSpaces": true}
            }),
        )
        .await,
    );
    // The repository lies in a fresh temporary folder each time.
    out.iter()
        .map(|v| serde_json::from_str(&v.to_string().replace(&root, "ROOT")).unwrap())
        .collect()
}

/// Every `newText` and `insertText` in an answer.
fn inserted(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("newText" | "insertText", Value::String(s)) => out.push(s.clone()),
                    _ => inserted(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| inserted(x, out)),
        _ => {}
    }
}

/// The answer with every `\r\n` made `\n`.
fn as_lf(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(lf(s)),
        Value::Array(a) => Value::Array(a.iter().map(as_lf).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), as_lf(x))).collect()),
        other => other.clone(),
    }
}

async fn same_answers(utf8: bool) {
    let with_lf = session(POLICY, utf8).await;
    let with_crlf = session(&crlf(POLICY), utf8).await;
    assert!(
        with_lf[0]["diagnostics"].as_array().unwrap().len() >= 2,
        "{:#}",
        with_lf[0]
    );
    let mut texts = Vec::new();
    inserted(&Value::Array(with_crlf.clone()), &mut texts);
    let multi_line: Vec<&String> = texts.iter().filter(|t| t.contains('\n')).collect();
    assert!(
        multi_line.len() >= 3,
        "fixes, new fields, snippets and formatting insert lines: {texts:#?}"
    );
    for t in multi_line {
        assert!(
            !has_bare_lf(t),
            "a bare line feed for a CRLF document: {t:?}"
        );
    }
    let mut lf_texts = Vec::new();
    inserted(&Value::Array(with_lf.clone()), &mut lf_texts);
    assert!(lf_texts.iter().all(|t| !t.contains('\r')));
    assert_eq!(with_lf.len(), with_crlf.len());
    for (a, b) in with_lf.iter().zip(&with_crlf) {
        assert_eq!(*a, as_lf(b));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_language_server_answers_crlf_documents_like_lf_ones_in_utf16() {
    same_answers(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_language_server_answers_crlf_documents_like_lf_ones_in_utf8() {
    same_answers(true).await;
}
