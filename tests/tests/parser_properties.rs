//! Properties of the parser that hold for any input: it always returns, it
//! never panics, its spans lie inside the text on character boundaries, and
//! it gives the same answer twice.

use kader::syntax::parse;
use kader::FileId;
use proptest::prelude::*;

fn check_invariants(text: &str) {
    let parsed = parse(FileId(0), text);
    for d in &parsed.diagnostics {
        let (s, e) = (d.span.start as usize, d.span.end as usize);
        assert!(
            s <= e && e <= text.len(),
            "span {s}..{e} outside {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a character"
        );
        assert!(!d.message.nl.is_empty() && !d.message.en.is_empty());
    }
    for item in &parsed.tree.items {
        assert!(item.span.end as usize <= text.len());
    }
    let again = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics, again.diagnostics);
}

const SOUP: &[&str] = &[
    "beleid",
    "bron",
    "soort",
    "keuze",
    "wet",
    "x",
    "titel",
    "geïnformeerd",
    "OO-NEPACCOUNT",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    ";",
    "/",
    "..",
    ".",
    "\"tekst\"",
    "\"open",
    "\"\"\"",
    "\"\"\"\nblok\n\"\"\"",
    "42",
    "0.5",
    "2024-02-29",
    "2023-02-29",
    "14",
    "dagen",
    "ja",
    "nee",
    "//c\n",
    "///doc\n",
    "\n",
    " ",
    "€",
    "😀",
    "\\",
    "\r\n",
    "==",
    "<=",
    "(",
    ")",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(proptest::sample::select(SOUP), 0..80)) {
        let text = parts.join(" ");
        check_invariants(&text);
        let text = parts.concat();
        check_invariants(&text);
    }
}

#[test]
fn every_prefix_of_a_valid_policy_returns() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/ok/taal_voorbeeld_nl.kader"
    ))
    .unwrap();
    let mut checked = 0;
    for (i, _) in text.char_indices() {
        check_invariants(&text[..i]);
        checked += 1;
    }
    check_invariants(&text);
    assert!(checked > 1000);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 100_000;
    let text = format!(
        "beleid x {{ a: {}{} }}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let parsed = parse(FileId(0), &text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].code.as_str(), "K0112");
}
