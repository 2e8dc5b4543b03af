//! Tests of the formatter: snapshots of messy inputs, and the properties
//! that must hold for every file kader ships or accepts — formatting twice
//! changes nothing, the formatted file has the same tree (spans aside) and
//! the same diagnostics, and Dutch → English → Dutch gives the file back.

use kader::fmt::{format, FmtError, Options};
use kader::{analyse, FileId, Source, Taal};
use kader_tests::props::tree_shape as shape;
use kader_tests::{kader_bin, kader_files};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fmt(text: &str) -> String {
    format(text, &Options::default()).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

fn fmt_taal(text: &str, taal: Taal) -> String {
    kader::translate::format_translated(text, taal).unwrap_or_else(|e| panic!("{e}"))
}

fn same_tree(original: &str, formatted: &str, what: &str) {
    let a = kader::syntax::parse(FileId(0), original);
    let b = kader::syntax::parse(FileId(0), formatted);
    assert_eq!(
        shape(&a.tree),
        shape(&b.tree),
        "{what}: the formatted tree differs"
    );
    let codes = |d: &[kader::Diagnostic]| -> Vec<(String, String, String)> {
        d.iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.message.nl.to_string(),
                    d.message.en.to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        codes(&a.diagnostics),
        codes(&b.diagnostics),
        "{what}: parse diagnostics differ"
    );
}

fn idempotent(formatted: &str, what: &str) {
    let again = fmt(formatted);
    assert_eq!(
        formatted, again,
        "{what}: formatting twice changes the file"
    );
}

/// Every diagnostic of a repository's own files, as (path, code, nl, en).
fn diagnostics(
    sources: &[Source],
    config: Option<&Source>,
) -> Vec<(String, String, String, String)> {
    let analysis = analyse(sources, config);
    analysis
        .policy_files()
        .flat_map(|f| {
            f.diagnostics.iter().map(|d| {
                (
                    f.path.clone(),
                    d.code.to_string(),
                    d.message.nl.to_string(),
                    d.message.en.to_string(),
                )
            })
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
            let rel = p
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            Source::new(rel, read(&p))
        })
        .collect();
    let config = dir.join("kader.toml");
    (
        sources,
        config
            .exists()
            .then(|| Source::new("kader.toml", read(&config))),
    )
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
            Err(FmtError::Meaning) => panic!("{}: the formatter refused the example", s.path),
        })
        .collect();
    let changed = formatted
        .iter()
        .zip(&sources)
        .filter(|(a, b)| a.text != b.text)
        .count();
    let refused = sources
        .iter()
        .filter(|s| format(&s.text, &Options::default()).is_err())
        .count();
    assert!(
        sources.len() - refused >= 2,
        "too few example files could be formatted"
    );
    let _ = changed;
    assert_eq!(
        diagnostics(&sources, config.as_ref()),
        diagnostics(&formatted, config.as_ref())
    );
}

/// `kader fmt` formats from a repository that is only parsed: every file
/// comes out as from the whole analysis, a file with a syntax error is
/// refused alike.
#[test]
fn a_parsed_repository_formats_as_an_analysed_one() {
    let (mut sources, config) = example_sources();
    sources.push(Source::new(
        "kapot.kader",
        "team t {   omschrijving: \"x\"\n  bewaartermijn: 3 maandn }\n",
    ));
    sources.push(Source::new(
        "onzichtbaar.kader",
        "team u { omschrijving: \"x\u{200B}y\" }\n",
    ));
    let whole = analyse(&sources, config.as_ref());
    let parsed = kader::analyse_syntax(&sources, config.as_ref());
    assert_eq!(whole.files.len(), parsed.files.len());
    let options = Options::default();
    let mut refused = 0;
    for file in whole.policy_files() {
        let from_whole = kader::translate::format_in(&whole, file.id, &options);
        let from_parsed = kader::translate::format_in(&parsed, file.id, &options);
        refused += usize::from(from_whole.is_err());
        match (from_whole, from_parsed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", file.path),
            (Err(FmtError::Syntax(a)), Err(FmtError::Syntax(b))) => {
                assert_eq!(a.len(), b.len(), "{}", file.path)
            }
            (a, b) => panic!("{}: {a:?} against {b:?}", file.path),
        }
    }
    // The parsed analysis holds nothing checked.
    assert!(parsed.files.iter().all(|f| f.checked.is_empty()));
    assert_eq!(refused, 1, "only the file with a syntax error is refused");
}

#[test]
fn dutch_english_dutch_gives_the_file_back() {
    let (mut sources, _) = example_sources();
    sources.push(Source::new(
        "voorbeeld",
        read(&root().join("tests/corpus/ok/taal_voorbeeld_nl.kader")),
    ));
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
            diagnostics(&[Source::new("f.kader", t)], None)
                .into_iter()
                .map(|d| d.1)
                .collect()
        };
        assert_eq!(
            codes(&nl),
            codes(&en),
            "{}: English version has other findings",
            s.path
        );
    }
    assert!(done >= 3, "too few files were translated");
}

#[test]
fn english_example_translates_to_dutch_and_back() {
    let en = fmt(&read(
        &root().join("tests/corpus/ok/taal_voorbeeld_en.kader"),
    ));
    let nl = fmt_taal(&en, Taal::Nl);
    assert!(nl.contains("beleid demonstration_market_2024 {"), "{nl}");
    assert!(nl.contains("bewaartermijn: 14 dagen"), "{nl}");
    assert!(nl.contains("logboek: ja"), "{nl}");
    assert_eq!(fmt_taal(&nl, Taal::En), en);
}

#[test]
fn durations_keep_their_form_through_both_languages() {
    // The unit's form follows the number: "2 jaar" (Dutch keeps a unit of
    // time singular after a number) and "2 years"; nl → en → nl and
    // en → nl → en give the text back.
    let policy = |retention: &str, lookback: &str| {
        format!(
            "beleid p {{\n    bewaartermijn: {retention}\n    terugkijkperiode: {lookback}\n}}\n"
        )
    };
    for (nl, en) in [
        (("1 jaar", "3 uur"), ("1 year", "3 hours")),
        (("2 jaar", "1 uur"), ("2 years", "1 hour")),
        (("2 maanden", "1 week"), ("2 months", "1 week")),
        (("14 dagen", "2 weken"), ("14 days", "2 weeks")),
    ] {
        let dutch = policy(nl.0, nl.1);
        let english = fmt_taal(&dutch, Taal::En);
        assert_eq!(
            english,
            format!(
                "policy p {{\n    retention: {}\n    lookback: {}\n}}\n",
                en.0, en.1
            )
        );
        assert_eq!(fmt_taal(&english, Taal::Nl), dutch);
        assert_eq!(fmt_taal(&fmt_taal(&english, Taal::Nl), Taal::En), english);
        assert_eq!(fmt(&dutch), dutch, "already canonical");
    }
    // Plain formatting puts a form that does not fit the number right, in
    // the language it is written in: `2 jaren` becomes `2 jaar`.
    assert_eq!(fmt(&policy("2 jaren", "3 uren")), policy("2 jaar", "3 uur"));
    assert_eq!(fmt(&policy("2 year", "1 days")), policy("2 years", "1 day"));
}

#[test]
fn files_with_syntax_errors_are_refused() {
    for p in kader_files(&root().join("tests/corpus/err")) {
        let text = read(&p);
        let parsed = kader::syntax::parse(FileId(0), &text);
        let has_errors = parsed
            .diagnostics
            .iter()
            .any(|d| d.severity == kader::Severity::Error);
        let result = format(&text, &Options::default());
        assert_eq!(
            has_errors,
            matches!(result, Err(FmtError::Syntax(_))),
            "{}",
            p.display()
        );
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

// ---- The command line. ----

/// A temporary repository with the given files.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kader.toml"),
        "[project]\ngemeente = \"Zuiderhaven\"\n",
    )
    .unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// Runs `kader ARGS` in `dir`: (status, stdout, stderr).
fn kader(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::new(kader_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const MESSY: &str = "team t { omschrijving: \"x\" }\n";
const TIDY: &str = "team t {\n    omschrijving: \"x\"\n}\n";

#[test]
fn cli_check_lists_changed_files_and_exits_1() {
    let dir = repo(&[("a.kader", MESSY), ("b.kader", TIDY)]);
    let (code, stdout, _) = kader(dir.path(), &["fmt", "--check"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "a.kader\n");
    // Nothing was written.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.kader")).unwrap(),
        MESSY
    );
}

#[test]
fn cli_check_passes_on_formatted_files() {
    let dir = repo(&[("b.kader", TIDY)]);
    let (code, stdout, stderr) = kader(dir.path(), &["fmt", "--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(stderr, "0 van 1 bestanden zouden veranderen.\n");
}

#[test]
fn cli_formats_in_place_and_leaves_no_temporary_files() {
    let dir = repo(&[("beleid/a.kader", MESSY), ("b.kader", MESSY)]);
    let (code, stdout, _) = kader(dir.path(), &["fmt", "beleid"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "beleid/a.kader\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("beleid/a.kader")).unwrap(),
        TIDY
    );
    // Only the asked path was formatted.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.kader")).unwrap(),
        MESSY
    );
    let names: Vec<String> = std::fs::read_dir(dir.path().join("beleid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.kader"]);
    let (code, _, _) = kader(dir.path(), &["fmt", "--check", "beleid"]);
    assert_eq!(code, 0);
}

#[test]
fn cli_never_writes_a_file_with_a_syntax_error() {
    let broken = "team t {   omschrijving: \"x\"\n  bewaartermijn: 3 maandn }\n";
    let dir = repo(&[("kapot.kader", broken), ("goed.kader", MESSY)]);
    let (code, stdout, stderr) = kader(dir.path(), &["fmt"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kapot.kader")).unwrap(),
        broken
    );
    assert!(stderr.contains("K0110"), "{stderr}");
    assert!(stderr.contains("kapot.kader"), "{stderr}");
    // The summary says that a file was left as it was.
    assert!(
        stderr.ends_with(
            "1 van 2 bestanden opgemaakt. 1 bestand is niet opgemaakt (zie hierboven).\n"
        ),
        "{stderr}"
    );
    // The other file is formatted all the same.
    assert_eq!(stdout, "goed.kader\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("goed.kader")).unwrap(),
        TIDY
    );
}

/// An invisible character (K0113) and a name that only looks like a known
/// one (K0115) are warnings about how the text reads: the file is
/// formatted, and both stay as they were. A file whose `///` comment would
/// come to document a field still is not.
#[test]
fn cli_formats_a_file_with_an_invisible_character_or_a_look_alike_name() {
    // U+200B in a text, and `оmschrijving` with a Cyrillic `о`.
    let messy = "team t { omschrijving: \"x\u{200B}y\" }\nteam u { \u{043E}mschrijving: \"z\" }\n";
    let tidy = "team t {\n    omschrijving: \"x\u{200B}y\"\n}\n\nteam u {\n    \u{043E}mschrijving: \"z\"\n}\n";
    let doc_mid_line = "team v {\n    omschrijving:\n    /// losse documentatie\n    \"x\"\n}\n";
    let dir = repo(&[("a.kader", messy), ("b.kader", doc_mid_line)]);
    let (_, check, _) = kader(dir.path(), &["check"]);
    assert!(
        check.contains("K0113") && check.contains("K0115"),
        "{check}"
    );
    let (code, stdout, stderr) = kader(dir.path(), &["fmt"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.kader")).unwrap(),
        tidy,
        "{stderr}"
    );
    assert_eq!(stdout, "a.kader\n");
    // The near miss: the comment in the middle of a line is refused.
    assert_eq!(code, 1);
    assert!(stderr.contains("`b.kader`"), "{stderr}");
    assert!(!stderr.contains("`a.kader`"), "{stderr}");
}

#[test]
fn cli_keeps_crlf_line_endings() {
    let dir = repo(&[("a.kader", "team t {\r\nomschrijving: \"x\" // c\r\n}\r\n")]);
    let (code, _, _) = kader(dir.path(), &["fmt"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.kader")).unwrap(),
        "team t {\r\n    omschrijving: \"x\" // c\r\n}\r\n"
    );
}

#[test]
fn cli_taal_rewrites_with_repository_kinds() {
    let schema = "soort project / project {\n    eigenaar / owner: team verplicht\n    actief / active: ja_nee\n}\n";
    let dir = repo(&[
        ("schema.kader", schema),
        (
            "a.kader",
            "project p { eigenaar: t  actief: ja }\nteam t { omschrijving: \"x\" }\n",
        ),
    ]);
    let (code, _, stderr) = kader(dir.path(), &["fmt", "--taal", "en", "a.kader"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.kader")).unwrap(),
        "project p {\n    owner: t\n    active: yes\n}\n\nteam t {\n    description: \"x\"\n}\n"
    );
    let (code, _, _) = kader(dir.path(), &["fmt", "--taal", "nl", "a.kader"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.kader")).unwrap(),
        "project p {\n    eigenaar: t\n    actief: ja\n}\n\nteam t {\n    omschrijving: \"x\"\n}\n"
    );
}

#[test]
fn cli_missing_path_exits_2() {
    let dir = repo(&[]);
    let (code, _, stderr) = kader(dir.path(), &["fmt", "bestaat_niet.kader"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("K0403"), "{stderr}");
}

// ---- Generated policies. ----

/// Whitespace between members: spaces, line breaks, blank lines, comments.
fn gap() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n\n\n",
        " // c\n",
        "\n    // boven\n",
        "\n\t",
    ])
    .prop_map(str::to_string)
}

fn scalar() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\"tekst\"",
        "\"met \\\"aanhalingstekens\\\" €\"",
        "42",
        "0.5",
        "2024-05-09",
        "2024-05-09 .. 2024-05-12",
        "2024-05-09   ..",
        "14 dagen",
        "1 week",
        "ja",
        "nee",
        "yes",
        "openbaar",
        "OO-NEPACCOUNT",
        "\"\"\"\n  blok\n      dieper\n\n  na een lege regel\n\"\"\"",
        "\"\"\"direct\n   tweede\"\"\"",
    ])
    .prop_map(str::to_string)
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(2, 12, 6, |inner| {
        (prop::collection::vec((inner, gap()), 0..6), any::<bool>()).prop_map(
            |(items, trailing)| {
                let n = items.len();
                let mut out = String::from("[");
                for (i, (v, g)) in items.into_iter().enumerate() {
                    out.push_str(&v);
                    if i + 1 < n || trailing {
                        out.push(',');
                        out.push_str(&g);
                    }
                }
                out.push(']');
                out
            },
        )
    })
}

fn field() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["titel", "a", "b_c", "geïnformeerd"]),
        prop::sample::select(vec![": ", ":", " : "]),
        value(),
        prop::sample::select(vec!["", ",", ";"]),
        any::<bool>(),
    )
        .prop_map(|(name, colon, value, sep, doc)| {
            let doc = if doc { "/// Documentatie.\n" } else { "" };
            format!("{doc}{name}{colon}{value}{sep}")
        })
}

fn item() -> impl Strategy<Value = String> {
    let leaf = (
        prop::sample::select(vec!["bron", "team", "x"]),
        prop::collection::vec((field(), gap()), 0..5),
    )
        .prop_map(|(kind, fields)| body(kind, "n", fields));
    leaf.prop_recursive(2, 8, 4, |inner| {
        (
            prop::sample::select(vec!["beleid", "bron"]),
            prop::collection::vec((prop_oneof![field(), inner], gap()), 0..6),
        )
            .prop_map(|(kind, members)| body(kind, "m \"label\"", members))
    })
}

fn body(kind: &str, name: &str, members: Vec<(String, String)>) -> String {
    let mut out = format!("{kind} {name} {{\n");
    for (m, g) in members {
        out.push_str(&m);
        // A member ends its line before a doc comment or nested item starts.
        out.push_str(if g.trim().is_empty() { &g } else { "\n" });
        out.push('\n');
    }
    out.push('}');
    out
}

fn file() -> impl Strategy<Value = String> {
    (prop::collection::vec((item(), gap()), 1..4), any::<bool>()).prop_map(|(items, crlf)| {
        let mut out = String::from("// Kop.\n");
        for (i, g) in items {
            out.push_str(&i);
            out.push_str(&g);
            out.push('\n');
        }
        if crlf {
            out = out.replace('\n', "\r\n");
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_policies_keep_their_meaning(text in file()) {
        let parsed = kader::syntax::parse(FileId(0), &text);
        let clean = parsed.diagnostics.iter().all(|d| d.severity != kader::Severity::Error);
        prop_assert!(clean, "{:?}", parsed.diagnostics.first().map(|d| &d.message.nl));
        let out = fmt(&text);
        same_tree(&text, &out, &text);
        idempotent(&out, &text);
        prop_assert_eq!(text.contains("\r\n"), out.contains("\r\n"));
    }
}

#[test]
fn stdlib_rules_translate_to_english_and_back() {
    for p in kader_files(&root().join("stdlib/regels")) {
        let what = p.display().to_string();
        let nl = fmt(&read(&p));
        let en = fmt_taal(&nl, Taal::En);
        assert_ne!(nl, en, "{what}: nothing was translated");
        let back = fmt_taal(&en, Taal::Nl);
        if back != nl {
            let first = nl.lines().zip(back.lines()).find(|(a, b)| a != b);
            panic!("{what}: Dutch → English → Dutch differs at {first:?}");
        }
        // The English rules compile to the same findings (the file is read
        // beside the stdlib, so both versions repeat its rule codes alike).
        let codes = |t: &str| -> Vec<String> {
            let mut c: Vec<String> = diagnostics(&[Source::new("f.kader", t)], None)
                .into_iter()
                .map(|d| d.1)
                .collect();
            c.sort();
            c
        };
        assert_eq!(
            codes(&nl),
            codes(&en),
            "{what}: the English rules mean something else"
        );
    }
}

/// A rule expression with random spacing and brackets.
fn rule_expr() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec![
        "beleid.doel",
        "b.toegang",
        "openbare_orde",
        "7 dagen",
        "3",
        "ja",
        "\"tekst\"",
        "\"nl\" / \"en\"",
        "aantal(beleid.bron)",
        "bevat( beleid.taak.doelen , openbare_orde )",
        "[persoon, groep]",
    ])
    .prop_map(str::to_string);
    atom.prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["==", "!=", ">=", "<", " in ", " niet in "]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}) {op} ( {b})")),
            (
                inner.clone(),
                prop::sample::select(vec!["en", "of", "and", "or"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("niet {a}")),
            inner.clone().prop_map(|a| format!("( {a} )")),
            (inner.clone(), inner).prop_map(|(a, c)| format!("[{a} als {c}, \"x\"]")),
        ]
    })
}

fn rule() -> impl Strategy<Value = String> {
    (prop::collection::vec((rule_expr(), any::<bool>()), 1..5), gap(), any::<bool>()).prop_map(
        |(clauses, g, long)| {
            let mut zodra = String::new();
            for (i, (c, laat)) in clauses.into_iter().enumerate() {
                if laat {
                    zodra.push_str(&format!("laat x{i} = {c}\n"));
                } else {
                    zodra.push_str(&format!("{c}\n"));
                }
            }
            let filler = if long { "\"een heel lange tekst om de regel over de breedte te duwen\"" } else { "\"kort\"" };
            format!(
                "/// Doc.\nregel AB-CD {{ ernst : fout{g}\nafwijkbaar: nee\nzodra {{\n{zodra}laat l = [{filler} als ja, {filler} / {filler} als beleid.doel == x of beleid.doel == y]\n}}\nwijs: beleid.doel\noplossing: zet beleid.doel = openbare_orde\nmelding {{ nl: \"a\"  en: \"\"\"\n  b\n\"\"\" }}\n}}\n"
            )
        },
    )
}

fn schema_item() -> impl Strategy<Value = String> {
    (gap(), gap(), any::<bool>()).prop_map(|(g1, g2, typed)| {
        let ty = if typed { ": regelcode" } else { "" };
        format!(
            "soort proef/test{ty}{{{g1}\n/// Titel.\ntitel/title : tekst verplicht wet avg_4_7,{g2}\nlijst: [bron] genest law [a,b];\n}}\nkeuze k / c {{ a / b wet [x]; c{g1}\nd / e }}\nparameter p / q: duur = 7   dagen\n"
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_rules_and_schemas_keep_their_meaning(r in rule(), s in schema_item()) {
        let text = format!("{s}\n{r}");
        let parsed = kader::syntax::parse(FileId(0), &text);
        let clean = parsed.diagnostics.iter().all(|d| d.severity != kader::Severity::Error);
        prop_assert!(clean, "{:?}\n{text}", parsed.diagnostics.first().map(|d| &d.message.nl));
        let out = fmt(&text);
        same_tree(&text, &out, &text);
        idempotent(&out, &text);
    }
}

#[test]
fn cli_never_writes_a_file_that_is_not_utf8() {
    let dir = repo(&[]);
    let bytes: &[u8] = b"team t { omschrijving: \"caf\xe9\" }\n";
    std::fs::write(dir.path().join("a.kader"), bytes).unwrap();
    let (code, _, stderr) = kader(dir.path(), &["fmt"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("K0402"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("a.kader")).unwrap(), bytes);
}

const SOUP: &[&str] = &[
    "beleid",
    "bron",
    "x",
    "titel",
    "soort",
    "keuze",
    "regel",
    "zodra",
    "laat",
    "als",
    "en",
    "of",
    "niet",
    "wet",
    "parameter",
    "OO-X",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ",",
    ";",
    "/",
    "..",
    ".",
    "=",
    "==",
    "\"t\"",
    "\"\"\"\nblok\n\"\"\"",
    "42",
    "0.5",
    "2024-02-29",
    "14",
    "dagen",
    "ja",
    "//c\n",
    "///d\n",
    "\n",
    "\n\n",
    " ",
    "\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Whatever the input, the formatter returns; what it returns parses
    /// without syntax errors and formats to itself.
    #[test]
    fn token_soup_never_breaks_the_formatter(
        parts in proptest::collection::vec(proptest::sample::select(SOUP), 0..60),
    ) {
        let text = parts.join(" ");
        if let Ok(out) = format(&text, &Options::default()) {
            same_tree(&text, &out, &text);
            idempotent(&out, &text);
        }
    }
}
