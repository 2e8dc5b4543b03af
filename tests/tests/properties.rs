//! Bounded versions of the fuzz targets in `tests/fuzz`: the same checks
//! (from `kader_tests::props` and `kader_tests::lsp_session`) on inputs
//! proptest makes up, plus the crashes the fuzzer found, replayed.

use kader::Source;
use kader_tests::kader_files;
use kader_tests::lsp_session::{self, Message};
use kader_tests::props::{
    check_analysis, check_fingerprint, check_format, check_parse, split_repository,
};
use proptest::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Pieces of kader, TOML and protocol text to glue together, so generated
/// input gets past the lexer more often than random characters do.
const PIECES: &[&str] = &[
    "beleid b {",
    "team t {",
    "soort s {",
    "keuze k { a; b }",
    "regel AB-CD {",
    "zodra {",
    "afwijking x {",
    "}",
    "[",
    "]",
    "titel: \"t\"",
    "doel: openbare_orde",
    "bewaartermijn: 14 dagen",
    "team: t",
    "beleid.doel == x",
    "niet ",
    " en ",
    " of ",
    "(",
    ")",
    "laat x = 1",
    "///doc\n",
    "// c\n",
    "\"\"\"\n  blok\n\"\"\"",
    "\"open",
    "\n",
    "\r\n",
    "\u{feff}",
    "\0",
    "é",
    "😀",
    "\n%%\n",
    "[project]\ngemeente = \"g\"\n",
    "[regels]\nAB-CD = \"uit\"\n",
    "[pakketten]\n",
];

fn glued() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn shipped_sources() -> Vec<String> {
    [root().join("examples"), root().join("stdlib")]
        .iter()
        .flat_map(|d| kader_files(d))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parser_accounts_for_every_byte(text in glued()) {
        check_parse(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_bytes_parse(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_parse(&kader_tests::props::text_of(&bytes)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn analysis_of_several_arbitrary_files_returns(text in glued()) {
        let (sources, config) = split_repository(text.as_bytes());
        check_analysis(&sources, config.as_ref()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn formatter_keeps_meaning_and_is_a_fixed_point(text in glued()) {
        check_format(&text).map_err(TestCaseError::fail)?;
    }

    /// Shipped files with a cut somewhere and a piece put in.
    #[test]
    fn mutated_shipped_files_keep_every_property(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        piece in prop::sample::select(PIECES),
    ) {
        let files = shipped_sources();
        let text = which.get(&files);
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mutated = format!("{}{piece}{}", &text[..cut], &text[cut..]);
        check_parse(&mutated).map_err(TestCaseError::fail)?;
        check_format(&mutated).map_err(TestCaseError::fail)?;
        check_analysis(&[Source::new("a.kader", mutated)], None).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    // Each case starts a server and analyses the stdlib: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn language_server_survives_arbitrary_messages(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let messages = lsp_session::decode(&bytes);
        lsp_session::run(&messages, None).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn language_server_survives_arbitrary_documents(
        texts in prop::collection::vec(glued(), 1..4),
        positions in prop::collection::vec((0u32..50, 0u32..200), 1..6),
    ) {
        let mut messages = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            messages.push(Message::Json(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": format!("file:///kader-proef/f{i}.kader"), "languageId": "kader", "version": 1, "text": t}}})));
        }
        for (n, (line, character)) in positions.into_iter().enumerate() {
            for (k, method) in ["textDocument/hover", "textDocument/completion", "textDocument/formatting", "textDocument/semanticTokens/full", "textDocument/codeAction"].iter().enumerate() {
                messages.push(Message::Json(json!({"jsonrpc": "2.0", "id": 10 * n + k + 10, "method": method,
                    "params": {"textDocument": {"uri": "file:///kader-proef/f0.kader"}, "position": {"line": line, "character": character},
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": line, "character": character}},
                    "context": {"diagnostics": []}, "options": {"tabSize": 4, "insertSpaces": true}}})));
            }
        }
        lsp_session::run(&messages, None).map_err(TestCaseError::fail)?;
    }
}

/// Requests with parameters of the wrong shape are answered with an
/// error; the server still answers afterwards.
#[test]
fn language_server_survives_parameters_of_the_wrong_shape() {
    let messages = [
        json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": 7}),
        json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/didOpen", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "nee"}}}),
        json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///x.kader"}}}),
        json!({"jsonrpc": "2.0", "id": 8, "method": ""}),
    ]
    .map(Message::Json);
    lsp_session::run(&messages, None).unwrap();
}

/// Broken frames (an empty body, one that is not JSON or not UTF-8, a
/// header without a length) are answered or skipped, and the server goes
/// on: tower-lsp alone would stop reading at the first of them, or wait
/// for ever on the empty one. The limit only keeps a regression from
/// hanging the suite.
#[test]
fn language_server_survives_broken_frames() {
    let hover = |id: i64| {
        Message::Json(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": "file:///kader-proef/beleid.kader"},
            "position": {"line": 0, "character": 0}}}),
        )
    };
    let messages = [
        Message::Body(Vec::new()),
        hover(5),
        Message::Body(b"{niet: json".to_vec()),
        hover(6),
        Message::Body(vec![0xff, 0xfe, 0x00]),
        Message::NoLength,
        Message::Body(br#"{"jsonrpc": "2.0", "id": 9}"#.to_vec()),
        hover(7),
    ];
    lsp_session::run(&messages, Some(std::time::Duration::from_secs(60))).unwrap();
}

/// The decoder turns bytes into protocol messages (so the session tests
/// above send more than nothing).
#[test]
fn session_decoder_makes_messages() {
    let messages =
        lsp_session::decode(b"\x00\x00\x05\x01\x02beleid x {\xff\x04\x00\x01\x02\x03\x04\x05");
    assert!(messages.len() >= 2, "{messages:?}");
    assert!(matches!(&messages[0], Message::Json(v) if v["method"] == "textDocument/didOpen"));
}

/// Garbage between messages, a header cut short and a `Content-Length`
/// smaller than the body cost at most the message they hit, and
/// cancelling requests still in flight is answered or ignored: the server
/// answers afterwards.
#[test]
fn language_server_survives_garbage_short_lengths_and_cancellations() {
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": "file:///kader-proef/beleid.kader"},
        "position": {"line": 0, "character": 7}}})
    };
    let cancel =
        |id: i64| json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}});
    let messages = [
        Message::Json(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": "file:///kader-proef/beleid.kader", "languageId": "kader",
            "version": 1, "text": "beleid x {\n    titel: \"t\"\n}\n"}}}),
        ),
        Message::Json(hover(5)),
        Message::Json(cancel(5)),
        Message::Raw(b"Content-Len\r\ngarbage".to_vec()),
        Message::Json(hover(6)),
        Message::Short(serde_json::to_vec(&hover(7)).unwrap(), 12),
        Message::Json(hover(8)),
        Message::Json(cancel(8)),
        Message::Short(serde_json::to_vec(&hover(9)).unwrap(), 1000),
        Message::Raw(b"\r\n\r\nnoise\r\n\r\n".to_vec()),
        Message::Json(cancel(10)),
    ];
    lsp_session::run(&messages, Some(std::time::Duration::from_secs(60))).unwrap();
    // The decoder makes both kinds of broken frame and a cancellation.
    let decoded = lsp_session::decode(
        b"\x00\x08\x04Content-Len\xff\x00\x08\x05\x00\x00\x01\x00\x01\x00\x01\x00\x02\x09\x00\x09",
    );
    assert!(
        matches!(&decoded[0], Message::Raw(r) if r == b"Content-Len"),
        "{decoded:?}"
    );
    assert!(matches!(&decoded[1], Message::Short(_, 9)), "{decoded:?}");
    assert!(
        matches!(&decoded[2], Message::Json(v) if v["method"] == "$/cancelRequest" && v["params"]["id"] == 2),
        "{decoded:?}"
    );
}

/// The inputs the fuzzer once failed on (`tests/fuzz/regressions/TARGET/`).
fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("tests/fuzz/regressions").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

/// Replays one fuzzer input through the check of its target, as the
/// target in `tests/fuzz/fuzz_targets/` does.
fn replay(target: &str, bytes: &[u8]) -> Result<(), String> {
    match target {
        "parse" => check_parse(&kader_tests::props::text_of(bytes)),
        "fmt" => check_format(&kader_tests::props::text_of(bytes)).map(|_| ()),
        "analyse" => {
            let (sources, config) = split_repository(bytes);
            check_analysis(&sources, config.as_ref()).map(|_| ())
        }
        "fingerprint" => {
            let (sources, config) = split_repository(bytes);
            check_fingerprint(&sources, config.as_ref()).map(|_| ())
        }
        // A longer bound than the fuzzer's ten seconds: this is a debug build.
        "lsp" => lsp_session::run(
            &lsp_session::decode(bytes),
            Some(std::time::Duration::from_secs(60)),
        ),
        other => Err(format!("no fuzz target `{other}` to replay it with")),
    }
}

/// Every input in every target's folder under `tests/fuzz/regressions/`
/// passes its target's check. A folder for a target this test does not
/// know fails, so no finding is filed where nothing replays it.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = root().join("tests/fuzz/regressions");
    let mut targets: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    targets.sort();
    assert!(targets.contains(&"parse".to_string()), "{targets:?}");
    for target in targets {
        for (path, bytes) in regressions(&target) {
            if let Err(problem) = replay(&target, &bytes) {
                panic!("{}: {problem}", path.display());
            }
        }
    }
}

/// A generated repository (both languages, every kind of policy the
/// generator makes) survives Dutch → English → Dutch through the real
/// command line.
#[test]
fn generated_policies_translate_to_english_and_back_through_the_cli() {
    let corpus = kader_tests::corpus::generate(60, 7);
    let files: Vec<(String, String)> = corpus
        .files
        .iter()
        .map(|s| (s.path.to_string(), s.text.to_string()))
        .collect();
    kader_tests::props::round_trip_languages_mixed(&files, &corpus.config.text).unwrap();
}

/// Every file of the example repository survives Dutch → English → Dutch
/// through the real command line.
#[test]
fn examples_translate_to_english_and_back_through_the_cli() {
    let examples = root().join("examples");
    let files: Vec<(String, String)> = kader_files(&examples)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&examples)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    assert!(files.len() >= 10, "{files:?}");
    let config = std::fs::read_to_string(examples.join("kader.toml")).unwrap();
    kader_tests::props::round_trip_languages(&files, &config).unwrap();
    // The near miss: a file that only the English step would change is
    // noticed, so the helper can fail.
    let untranslatable = vec![("a.kader".to_string(), "// alleen commentaar\n".to_string())];
    assert!(kader_tests::props::round_trip_languages(&untranslatable, &config).is_err());
}

proptest! {
    // Each case analyses a generated repository five times: few cases.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Every policy of a generated repository (both languages, shared
    /// teams, processors and DPIAs) keeps its fingerprint through
    /// formatting, translation into English and back, and another file
    /// order.
    #[test]
    fn generated_policies_keep_their_fingerprint_through_fmt_and_translation(seed in any::<u64>()) {
        let corpus = kader_tests::corpus::generate(12, seed);
        let compared = check_fingerprint(&corpus.files, Some(&corpus.config))
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(compared, 12, "a generated repository has errors in the language");
    }
}

/// The example repository keeps every fingerprint through the same
/// rewritings (a change of meaning changing it is in `fingerprint.rs`).
#[test]
fn example_fingerprints_survive_rewriting() {
    let examples = root().join("examples");
    let sources = kader_tests::kader_sources(&examples);
    let config = Source::new(
        "kader.toml",
        std::fs::read_to_string(examples.join("kader.toml")).unwrap(),
    );
    assert_eq!(check_fingerprint(&sources, Some(&config)), Ok(11));
    // A check that compares nothing cannot fail: a repository with an
    // error in the language is left out, and says so by comparing none.
    let broken = vec![Source::new("a.kader", "beleid kapot {")];
    assert_eq!(check_fingerprint(&broken, None), Ok(0));
}
