//! The generated policy repository (`kader_tests::corpus`): deterministic,
//! free of compiler errors, with rule findings in about a third of the
//! policies, in both spellings and with multi-byte text.

use kader::{FileKind, Source};
use kader_tests::corpus::{generate, generate_dirty, Corpus};
use std::collections::BTreeSet;

const POLICIES: usize = 300;

fn analyse(corpus: &Corpus) -> kader::Analysis {
    kader::analyse(&corpus.files, Some(&corpus.config))
}

fn texts(corpus: &Corpus) -> Vec<(&str, &str)> {
    corpus
        .files
        .iter()
        .chain(std::iter::once(&corpus.config))
        .map(|s: &Source| (s.path.as_str(), &*s.text))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let a = generate(POLICIES, 7);
    let b = generate(POLICIES, 7);
    assert_eq!(texts(&a), texts(&b));
}

#[test]
fn another_seed_gives_another_repository() {
    let a = generate(POLICIES, 7);
    let b = generate(POLICIES, 8);
    assert_eq!(a.files.len(), b.files.len());
    assert_ne!(texts(&a), texts(&b));
}

#[test]
fn the_repository_has_the_asked_size_and_the_shared_items() {
    let corpus = generate(POLICIES, 1);
    let analysis = analyse(&corpus);
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut policies = 0;
    for file in analysis.policy_files() {
        for item in file.checked.iter() {
            let kind = analysis.schema.kind(item.kind).unwrap().names.nl.clone();
            kinds.insert(kind.clone());
            if kind == "beleid" {
                policies += 1;
            }
        }
    }
    assert_eq!(policies, POLICIES);
    for kind in ["team", "verwerker", "dpia", "wettelijke_taak"] {
        assert!(kinds.contains(kind), "{kind} missing from {kinds:?}");
    }
    // The shared team is named by every second policy.
    let shared = corpus
        .files
        .iter()
        .filter(|f| f.path.starts_with("beleid/"))
        .filter(|f| f.text.contains(Corpus::SHARED_TEAM))
        .count();
    assert_eq!(shared, POLICIES.div_ceil(2));
}

#[test]
fn the_repository_has_no_compiler_diagnostics_only_rule_findings() {
    let corpus = generate(POLICIES, 3);
    let analysis = analyse(&corpus);
    let compiler: Vec<String> = analysis
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Stdlib)
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .filter(|(_, d)| is_compiler_code(d.code.as_str()))
        .map(|(f, d)| format!("{}: {} {}", f.path, d.code, d.message.nl))
        .collect();
    assert!(compiler.is_empty(), "{compiler:#?}");
    assert!(analysis.diagnostics().count() > 0);
}

fn is_compiler_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('K') && code[1..].chars().all(|c| c.is_ascii_digit())
}

#[test]
fn the_code_test_tells_compiler_codes_from_rule_codes() {
    assert!(is_compiler_code("K0203"));
    assert!(!is_compiler_code("OO-DELEN"));
    assert!(!is_compiler_code("AVG-DPIA-TE-LAAT"));
}

#[test]
fn about_a_third_of_the_policies_have_a_finding() {
    let corpus = generate(POLICIES, 11);
    let analysis = analyse(&corpus);
    let with_finding: BTreeSet<&str> = analysis
        .policy_files()
        .filter(|f| f.path.starts_with("beleid/"))
        .filter(|f| !f.diagnostics.is_empty())
        .map(|f| f.path.as_str())
        .collect();
    let fraction = with_finding.len() as f64 / POLICIES as f64;
    assert!(
        (0.25..=0.45).contains(&fraction),
        "{} of {POLICIES} policies have a finding",
        with_finding.len()
    );
    // Exactly the policies generated with a flaw have a finding.
    assert_eq!(with_finding.len(), corpus.flawed);
}

/// The dirty repository: every policy has at least three rule findings and
/// still no compiler diagnostic; the realistic one, with the same seed,
/// has policies without any.
#[test]
fn every_policy_of_the_dirty_repository_has_three_findings() {
    let corpus = generate_dirty(POLICIES, 11);
    let analysis = analyse(&corpus);
    let policies: Vec<&kader::File> = analysis
        .policy_files()
        .filter(|f| f.path.starts_with("beleid/"))
        .collect();
    assert_eq!(policies.len(), POLICIES);
    for f in &policies {
        let codes: BTreeSet<&str> = f.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.len() >= 3, "{}: {codes:?}", f.path);
        assert!(
            !codes.iter().any(|c| is_compiler_code(c)),
            "{}: {codes:?}",
            f.path
        );
    }
    assert_eq!(corpus.flawed, POLICIES);
    let realistic = analyse(&generate(POLICIES, 11));
    assert!(realistic
        .policy_files()
        .filter(|f| f.path.starts_with("beleid/"))
        .any(|f| f.diagnostics.is_empty()));
}

#[test]
fn both_spellings_and_multi_byte_text_are_present() {
    let corpus = generate(POLICIES, 5);
    let policies: Vec<&Source> = corpus
        .files
        .iter()
        .filter(|f| f.path.starts_with("beleid/"))
        .collect();
    let english = policies
        .iter()
        .filter(|f| f.text.contains("\npolicy "))
        .count();
    let dutch = policies
        .iter()
        .filter(|f| f.text.contains("\nbeleid "))
        .count();
    assert_eq!(english + dutch, POLICIES);
    assert!(english >= POLICIES / 10, "{english} English policies");
    assert!(dutch >= POLICIES / 2, "{dutch} Dutch policies");
    let multi_byte = policies.iter().filter(|f| !f.text.is_ascii()).count();
    assert_eq!(multi_byte, POLICIES);
}

#[test]
fn the_repository_can_be_written_and_read_back() {
    let corpus = generate(20, 2);
    let dir = tempfile::tempdir().unwrap();
    corpus.write_to(dir.path()).unwrap();
    for source in corpus.files.iter().chain(std::iter::once(&corpus.config)) {
        let read = std::fs::read_to_string(dir.path().join(&source.path)).unwrap();
        assert_eq!(read, &*source.text, "{}", source.path);
    }
}

#[test]
fn the_large_policy_is_long_and_clean_in_a_generated_repository() {
    let mut corpus = generate(20, 4);
    let text = kader_tests::corpus::large_policy(1, 500);
    assert!(text.lines().count() >= 500, "{}", text.lines().count());
    assert_ne!(text, kader_tests::corpus::large_policy(2, 500));
    corpus.files.push(Source::new("beleid/groot.kader", text));
    let analysis = analyse(&corpus);
    let large = analysis
        .policy_files()
        .find(|f| f.path == "beleid/groot.kader")
        .unwrap();
    let codes: Vec<&str> = large.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.is_empty(), "{codes:?}");
}
