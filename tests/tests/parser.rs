//! The parser corpus: every file under `tests/corpus/ok/` parses without a
//! single diagnostic, and every file under `tests/corpus/err/` has a snapshot
//! that shows the source beside the fully rendered syntax diagnostics, in
//! Dutch and in English. Review changed snapshots with `cargo insta review`.

use kader::{analyse, FileKind, Source, Taal};
use std::path::{Path, PathBuf};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "kader"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", root.display());
    files
}

fn is_syntax(code: &str) -> bool {
    code.starts_with("K01")
}

#[test]
fn ok_corpus_parses_without_diagnostics() {
    for path in corpus("ok") {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = kader::syntax::parse(kader::FileId(0), &text);
        let found: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message.nl))
            .collect();
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
        assert!(!parsed.tree.items.is_empty(), "{}", path.display());
    }
}

#[test]
fn err_corpus_snapshots() {
    for path in corpus("err") {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let rel = format!("err/{name}.kader");
        let analysis = analyse(&[Source::new(rel, text.clone())], None);
        let file = analysis
            .files
            .iter()
            .find(|f| f.kind == FileKind::Policy)
            .unwrap();
        let diags: Vec<_> = file
            .diagnostics
            .iter()
            .filter(|d| is_syntax(d.code.as_str()))
            .collect();
        assert!(
            !diags.is_empty(),
            "{name}: an error corpus file must give a diagnostic"
        );
        let mut out = String::new();
        for (n, line) in text.lines().enumerate() {
            out.push_str(&format!("{:>3} | {line}\n", n + 1));
        }
        for taal in [Taal::Nl, Taal::En] {
            out.push_str(&format!("\n--- {taal:?} ---\n"));
            for d in &diags {
                out.push_str(&kader::render::render(&analysis, d, taal, false));
                out.push('\n');
            }
        }
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn five_independent_mistakes_give_five_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/err/vijf_fouten.kader");
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = kader::syntax::parse(kader::FileId(0), &text);
    assert_eq!(parsed.diagnostics.len(), 5, "{:#?}", parsed.diagnostics);
    // Every item, including the well-formed team after the mistakes, is in the tree.
    assert_eq!(parsed.tree.items.len(), 6);
}
