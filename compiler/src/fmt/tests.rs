//! Unit tests of the layout engine on small inputs.

use super::*;

fn fmt(text: &str) -> String {
    format(text, &Options::default()).expect("no syntax errors")
}

#[test]
fn one_line_body_is_expanded() {
    assert_eq!(
        fmt("beleid b {  bron x { toegang: openbaar  account: geen } }"),
        "beleid b {\n    bron x {\n        toegang: openbaar\n        account: geen\n    }\n}\n"
    );
}

#[test]
fn comments_stay_in_place() {
    let text = "// kop\n\n/// doc\nteam t { // na de accolade\n    // boven\n    omschrijving: \"x\" // achter\n    // onderaan\n} // einde\n// slot\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn crlf_is_kept() {
    assert_eq!(
        fmt("team t {\r\nomschrijving: \"x\"\r\n}\r\n"),
        "team t {\r\n    omschrijving: \"x\"\r\n}\r\n"
    );
}

#[test]
fn syntax_errors_are_refused() {
    assert!(matches!(
        format("team t { omschrijving: }", &Options::default()),
        Err(FmtError::Syntax(_))
    ));
}

#[test]
fn a_doc_comment_in_the_middle_of_a_line_is_refused() {
    // Moved above its line, the comment would document the field.
    let text = "team t {\n    omschrijving:\n    /// losse documentatie\n    \"x\"\n}\n";
    assert!(matches!(
        format(text, &Options::default()),
        Err(FmtError::Meaning)
    ));
}

#[test]
fn parenthesised_rule_expressions_keep_their_brackets() {
    let text = "regel X-Y {\n    zodra {\n        (a.b == c of d) en niet (e)\n    }\n}\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn a_byte_order_mark_is_kept() {
    assert_eq!(
        fmt("\u{feff}team t { omschrijving: \"x\" }"),
        "\u{feff}team t {\n    omschrijving: \"x\"\n}\n"
    );
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n"), "");
    assert_eq!(
        fmt("// alleen\n\n\n// commentaar   \n"),
        "// alleen\n\n// commentaar\n"
    );
}

#[test]
fn a_long_comparison_in_brackets_stays_on_its_line() {
    // A bracketed comparison wider than the line used to recurse forever.
    let long = "x".repeat(120);
    let text = format!(
        "regel AB-CD {{\n    ernst: fout\n    zodra {{\n        (beleid.titel == \"{long}\")\n    }}\n    melding {{ nl: \"a\" en: \"b\" }}\n}}\n"
    );
    let out = format(&text, &Options::default()).unwrap();
    assert!(
        out.contains(&format!("(beleid.titel == \"{long}\")")),
        "{out}"
    );
    assert_eq!(format(&out, &Options::default()).unwrap(), out);
}

#[test]
fn a_toets_is_laid_out_and_keeps_its_comments() {
    let messy = "/// doc\ntoets kort / short { beleid: b  // het beleid\n wijzig { periode: 2025-03-04 .. 2025-03-06, gegevens: [berichtinhoud] }\nverwacht: [] niet_verwacht: [OO-STELSELMATIG,OO-STELSELMATIG-RISICO] }\n";
    let canonical = "/// doc\ntoets kort / short {\n    beleid: b // het beleid\n    wijzig {\n        periode: 2025-03-04 .. 2025-03-06\n        gegevens: [berichtinhoud]\n    }\n    verwacht: []\n    niet_verwacht: [OO-STELSELMATIG, OO-STELSELMATIG-RISICO]\n}\n";
    assert_eq!(fmt(messy), canonical);
    assert_eq!(fmt(canonical), canonical);
    // An empty change block stays on one line.
    assert_eq!(
        fmt("test t { policy: b change {} expect_not: [X] }"),
        "test t {\n    policy: b\n    change {}\n    expect_not: [X]\n}\n"
    );
}

#[test]
fn the_keywords_of_a_toets_are_written_in_the_target_language() {
    let nl = "toets kort {\n    beleid: b\n    wijzig {\n        periode: 2025-03-04 .. 2025-03-06\n    }\n    verwacht: []\n    niet_verwacht: [OO-STELSELMATIG]\n}\n";
    let en_options = Options {
        taal: Some(Taal::En),
        ..Options::default()
    };
    let en = format(nl, &en_options).unwrap();
    // Only the language's own words: the field name is the schema's (translate).
    assert_eq!(
        en,
        "test kort {\n    policy: b\n    change {\n        periode: 2025-03-04 .. 2025-03-06\n    }\n    expect: []\n    expect_not: [OO-STELSELMATIG]\n}\n"
    );
    let back = Options {
        taal: Some(Taal::Nl),
        ..Options::default()
    };
    assert_eq!(format(&en, &back).unwrap(), nl);
}
