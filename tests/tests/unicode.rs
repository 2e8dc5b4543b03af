//! Text that misleads a reviewer: bidirectional and invisible characters
//! (K0113), names that mix scripts (K0114) and names that look like a word
//! kader knows (K0115). Each case has a near miss that must stay silent:
//! accented Dutch, Greek and Cyrillic inside quotes, emoji, typographic
//! quotes and dashes.

use kader::{FileKind, Source};
use kader_tests::check_where;

fn misleading(code: &str) -> bool {
    matches!(code, "K0113" | "K0114" | "K0115")
}

/// Compares only the diagnostics of this module with the annotations.
#[track_caller]
fn check(fixture: &str) -> kader::Analysis {
    check_where(fixture, misleading)
}

/// The misleading-text diagnostics of one policy file.
fn found(text: &str) -> Vec<kader::Diagnostic> {
    let analysis = kader::analyse(&[Source::new("beleid.kader", text)], None);
    analysis
        .policy_files()
        .flat_map(|f| f.diagnostics.iter())
        .filter(|d| misleading(d.code.as_str()))
        .cloned()
        .collect()
}

/// Applies the fix of `d` to `text`.
fn apply(text: &str, d: &kader::Diagnostic) -> String {
    let fix = d.fix.as_ref().expect("the diagnostic has a fix");
    let mut out = text.to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        out.replace_range(e.span.range(), &e.new_text);
    }
    out
}

#[test]
fn a_right_to_left_override_in_quoted_text_is_named() {
    check(
        "beleid markt {\n    titel: \"Markt \u{202E}toezicht\"\n//                ^ waarschuwing[K0113]: U+202E RIGHT-TO-LEFT OVERRIDE\n}\n",
    );
}

#[test]
fn bidirectional_isolates_in_a_comment_are_reported_each() {
    check(
        "// controle \u{2067}uit\u{2069} aan\n//          ^ waarschuwing[K0113]: U+2067 RIGHT-TO-LEFT ISOLATE\n//              ^ waarschuwing[K0113]: U+2069 POP DIRECTIONAL ISOLATE\nbeleid markt {\n}\n",
    );
}

#[test]
fn a_bidirectional_control_outside_quotes_is_an_unknown_character_named_once() {
    let text = "beleid markt \u{202E}{\n}\n";
    let analysis = kader::analyse(&[Source::new("beleid.kader", text)], None);
    let file = analysis.policy_files().next().unwrap();
    let codes: Vec<&str> = file.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"K0101"), "{codes:?}");
    assert!(!codes.contains(&"K0113"), "reported twice: {codes:?}");
    let unknown = file
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "K0101")
        .unwrap();
    assert!(
        unknown.message.nl.contains("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "{}",
        unknown.message.nl
    );
    assert!(!unknown.message.nl.contains('\u{202E}'));
}

#[test]
fn a_zero_width_joiner_inside_a_name_is_reported_and_removed_by_the_fix() {
    let text = "team kabi\u{200D}net {\n    omschrijving: \"Kabinet\"\n}\n";
    let ds = found(text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code.as_str(), "K0113");
    assert_eq!(&text[d.span.range()], "\u{200D}");
    assert!(d.message.en.contains("U+200D ZERO WIDTH JOINER"));
    assert_eq!(
        apply(text, d),
        "team kabinet {\n    omschrijving: \"Kabinet\"\n}\n"
    );
}

#[test]
fn a_zero_width_space_in_quoted_text_is_reported() {
    check(
        "team kabinet {\n    omschrijving: \"Kabi\u{200B}net\"\n//                     ^ waarschuwing[K0113]: U+200B ZERO WIDTH SPACE\n}\n",
    );
}

#[test]
fn a_hangul_filler_name_is_invisible() {
    let ds = found("team \u{3164} {\n}\n");
    assert!(
        ds.iter()
            .any(|d| d.code.as_str() == "K0113" && d.message.nl.contains("U+3164 HANGUL FILLER")),
        "{ds:#?}"
    );
}

#[test]
fn emoji_sequences_typographic_marks_and_foreign_quoted_text_are_fine() {
    // A family emoji joins three people with U+200D; a heart carries
    // variation selector 16; the quotes and dashes come from a word
    // processor; Greek and Russian are quoted, not names.
    check(concat!(
        "// Gezin 👨\u{200D}👩\u{200D}👧 en ❤\u{FE0F} – “aanhalingstekens” ‘enkel’ …\n",
        "team kabinet {\n",
        "    omschrijving: \"Ελληνικά κείμενα — Русский текст — 👍🏽 — 👩\u{200D}💻 — café\"\n",
        "}\n",
    ));
}

#[test]
fn a_byte_order_mark_at_the_start_is_not_reported_but_one_later_is() {
    assert!(found("\u{FEFF}team kabinet {\n}\n").is_empty());
    let ds = found("team kabinet {\n    omschrijving: \"a\u{FEFF}b\"\n}\n");
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert!(ds[0].message.nl.contains("U+FEFF"));
}

#[test]
fn a_name_with_a_cyrillic_letter_among_latin_ones_mixes_scripts() {
    check(
        "team k\u{0430}binet_x {\n//    ^ waarschuwing[K0114]: U+0430 is een Cyrillische letter\n}\n",
    );
}

#[test]
fn accented_dutch_names_and_a_name_in_one_other_script_are_fine() {
    check(concat!(
        "team geëvalueerde_financiële_één {\n}\n",
        "team команда {\n}\n",
        "team ομάδα {\n}\n",
    ));
}

#[test]
fn a_variant_spelled_with_a_cyrillic_letter_is_confusable_and_fixed() {
    let text = "beleid markt {\n    bron x {\n        account: ficti\u{0435}f\n    }\n}\n";
    let ds = found(text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code.as_str(), "K0115");
    assert_eq!(
        &text[d.span.range()],
        "\u{0435}",
        "points at the odd letter"
    );
    assert!(
        d.message.nl.contains("ziet eruit als `fictief`"),
        "{}",
        d.message.nl
    );
    assert!(
        d.message.en.contains("U+0435 is a Cyrillic letter"),
        "{}",
        d.message.en
    );
    assert_eq!(
        apply(text, d),
        "beleid markt {\n    bron x {\n        account: fictief\n    }\n}\n"
    );
}

#[test]
fn a_field_name_with_a_cyrillic_i_looks_like_the_english_field() {
    // `tіtle` with U+0456 (Cyrillic i) looks like the English field `title`.
    let text = "beleid markt {\n    t\u{0456}tle: \"x\"\n}\n";
    let ds = found(text);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(ds[0].code.as_str(), "K0115");
    assert!(
        ds[0].message.en.contains("looks like `title`"),
        "{}",
        ds[0].message.en
    );
}

#[test]
fn a_confusable_reference_to_an_item_of_the_repository_is_found() {
    let teams = "team kabinet {\n    omschrijving: \"Kabinet\"\n}\n";
    let policy = "beleid markt {\n    geautoriseerd: [k\u{0430}binet]\n}\n";
    let analysis = kader::analyse(
        &[
            Source::new("teams.kader", teams),
            Source::new("beleid.kader", policy),
        ],
        None,
    );
    let ds: Vec<_> = analysis
        .diagnostics()
        .filter(|d| misleading(d.code.as_str()))
        .collect();
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(ds[0].code.as_str(), "K0115");
    assert_eq!(
        apply(policy, ds[0]),
        "beleid markt {\n    geautoriseerd: [kabinet]\n}\n"
    );
}

#[test]
fn the_same_name_spelled_plainly_is_a_near_miss() {
    assert!(found("beleid markt {\n    bron x {\n        account: fictief\n    }\n}\n").is_empty());
}

#[test]
fn the_stdlib_and_the_examples_raise_nothing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut sources = Vec::new();
    for dir in ["beleid", "organisatie"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            sources.push(Source::new(
                format!("{dir}/{}", path.file_name().unwrap().to_string_lossy()),
                text,
            ));
        }
    }
    assert!(sources.len() > 5);
    assert!(
        sources.iter().any(|s| !s.text.is_ascii()),
        "the examples have accented letters, so this is a real near miss"
    );
    let analysis = kader::analyse(&sources, None);
    let hits: Vec<String> = analysis
        .files
        .iter()
        .filter(|f| matches!(f.kind, FileKind::Stdlib | FileKind::Policy))
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .filter(|d| misleading(d.code.as_str()))
                .map(move |d| format!("{}: {}", f.path, d.message.nl))
        })
        .collect();
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn every_explanation_example_shows_its_code_and_its_correction_does_not() {
    for code in ["K0113", "K0114", "K0115"] {
        let info = kader::catalogue::lookup(code).expect("in the catalogue");
        let codes = |text: &str| -> Vec<String> {
            found(text)
                .iter()
                .map(|d| d.code.as_str().to_string())
                .collect()
        };
        assert!(
            codes(info.wrong).contains(&code.to_string()),
            "{code}: {}",
            info.wrong
        );
        assert!(codes(info.right).is_empty(), "{code}: {}", info.right);
        assert!(!info.explanation_nl.is_empty() && !info.explanation_en.is_empty());
    }
}

#[test]
fn a_confusable_name_is_not_also_reported_as_unknown() {
    // `fictief` with a Cyrillic е: one warning with the fix, no K0203 for
    // the same word; a plain typo in the next source is still K0203.
    let text = "beleid markt {\n    bron x {\n        account: ficti\u{0435}f\n    }\n    bron facebook {\n        account: fictif\n    }\n}\n";
    let analysis = kader::analyse(&[Source::new("beleid.kader", text)], None);
    let codes: Vec<(&str, &str)> = analysis
        .diagnostics()
        .filter(|d| d.code.as_str().starts_with("K01") || d.code.as_str().starts_with("K02"))
        .map(|d| (d.code.as_str(), &text[d.span.range()]))
        .collect();
    assert!(codes.contains(&("K0115", "\u{0435}")), "{codes:?}");
    assert!(codes.contains(&("K0203", "fictif")), "{codes:?}");
    assert!(
        !codes.contains(&("K0203", "ficti\u{0435}f")),
        "the confusable name is reported once: {codes:?}"
    );
}
