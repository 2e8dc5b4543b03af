//! Unit tests of the editor features on small repositories, with `$0`
//! marking the cursor.

use super::context::source;
use super::*;
use crate::{analyse, Analysis, FileId, Source, Span, Taal};

/// Analyses `text` (with `$0` removed) as `beleid.kader` and returns the
/// analysis, the file and the cursor offset.
fn at(text: &str) -> (Analysis, FileId, usize) {
    let offset = text.find("$0").expect("cursor marker");
    let clean = text.replacen("$0", "", 1);
    let a = analyse(&[Source::new("beleid.kader", clean)], None);
    let file = a.policy_files().next().map(|f| f.id).unwrap();
    (a, file, offset)
}

const TEAM: &str = "team oov { omschrijving: \"Openbare orde\" }\n";

#[test]
fn hover_on_a_field_shows_type_requiredness_and_doc() {
    let (a, f, o) = at("beleid x {\n    tit$0el: \"Markt\"\n}\n");
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(h.markdown.contains("titel / title"), "{}", h.markdown);
    assert!(h.markdown.contains("verplicht"), "{}", h.markdown);
    assert!(
        h.markdown.contains("Korte, herkenbare titel"),
        "{}",
        h.markdown
    );
    let h = hover(&a, f, o, Taal::En).unwrap();
    assert!(h.markdown.contains("required"), "{}", h.markdown);
    assert!(
        h.markdown.contains("Short, recognisable title"),
        "{}",
        h.markdown
    );
}

#[test]
fn hover_on_a_vocabulary_value_quotes_the_law_with_its_link() {
    let (a, f, o) = at("beleid x {\n    grondslag: publieke_t$0aak\n}\n");
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(
        h.markdown.contains("AVG art. 6 lid 1 sub e"),
        "{}",
        h.markdown
    );
    assert!(
        h.markdown.contains("https://eur-lex.europa.eu"),
        "{}",
        h.markdown
    );
    assert!(
        h.markdown.contains("taak van algemeen belang"),
        "{}",
        h.markdown
    );
}

#[test]
fn hover_on_a_diagnostic_explains_its_code() {
    let (a, f, o) = at("beleid x {\n    grondslag: publieke_t$0ak\n}\n");
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(h.markdown.contains("K0203"), "{}", h.markdown);
    assert!(h.markdown.contains("keuzelijst"), "{}", h.markdown);
}

#[test]
fn hover_on_a_reference_summarises_the_target() {
    let (a, f, o) = at(&format!(
        "{TEAM}beleid x {{\n    geautoriseerd: [o$0ov]\n}}\n"
    ));
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(h.markdown.contains("Openbare orde"), "{}", h.markdown);
    assert!(h.markdown.contains("team"), "{}", h.markdown);
}

#[test]
fn completion_offers_missing_fields_only() {
    let (a, f, o) = at("beleid x {\n    titel: \"Markt\"\n    $0\n}\n");
    let c = completion(&a, f, o, Taal::Nl);
    let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"grondslag"), "{labels:?}");
    assert!(!labels.contains(&"titel"), "{labels:?}");
    assert!(labels.contains(&"bron"), "{labels:?}");
}

#[test]
fn completion_follows_the_file_language() {
    let (a, f, o) = at("policy x {\n    title: \"Market\"\n    $0\n}\n");
    let c = completion(&a, f, o, Taal::Nl);
    let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"legal_basis"), "{labels:?}");
    assert!(!labels.contains(&"grondslag"), "{labels:?}");
}

#[test]
fn completion_of_values_by_type() {
    let (a, f, o) = at("beleid x {\n    grondslag: pub$0\n}\n");
    let c = completion(&a, f, o, Taal::Nl);
    assert!(c.iter().any(|c| c.label == "publieke_taak"));
    assert_eq!(c[0].replace, Span::new(f, o - 3, o));

    let (a, f, o) = at(&format!("{TEAM}beleid x {{\n    geautoriseerd: [$0]\n}}\n"));
    let c = completion(&a, f, o, Taal::Nl);
    assert!(c.iter().any(|c| c.label == "oov"), "{c:?}");

    let (a, f, o) = at("beleid x {\n    bewaartermijn: 14 $0\n}\n");
    let c = completion(&a, f, o, Taal::Nl);
    assert!(c.iter().any(|c| c.label == "dagen"), "{c:?}");
}

#[test]
fn completion_at_top_level_offers_a_policy_snippet_with_required_fields() {
    let (a, f, o) = at("$0\n");
    let c = completion(&a, f, o, Taal::Nl);
    let beleid = c.iter().find(|c| c.label == "beleid").unwrap();
    assert!(beleid.snippet);
    assert!(beleid.insert.contains("titel: \""), "{}", beleid.insert);
    assert!(beleid.insert.contains("grondslag: $"), "{}", beleid.insert);
}

#[test]
fn definition_references_and_rename_of_an_item() {
    let text = format!("{TEAM}beleid x {{\n    geautoriseerd: [o$0ov]\n}}\n");
    let (a, f, o) = at(&text);
    let defs = definition(&a, f, o);
    assert_eq!(defs.len(), 1);
    assert_eq!(source(&a, defs[0]), "oov");
    assert_eq!(defs[0].start, 5);
    let refs = references(&a, f, o, true);
    assert_eq!(refs.len(), 2);
    let edits = rename(&a, f, o, "openbare_orde").unwrap();
    assert_eq!(edits.len(), 2);
    assert!(rename(&a, f, o, "12 x").is_err());
}

#[test]
fn stdlib_names_are_not_renamed() {
    let (a, f, o) = at("beleid x {\n    grondslag: publieke_t$0aak\n}\n");
    assert!(prepare_rename(&a, f, o).is_err());
    let defs = definition(&a, f, o);
    assert_eq!(
        a.file(defs[0].file).map(|f| f.kind),
        Some(crate::FileKind::Stdlib)
    );
}

#[test]
fn missing_required_fields_action() {
    let (a, f, o) = at("beleid x {\n    titel: \"Markt\"$0\n}\n");
    let actions = code_actions(&a, f, Span::new(f, o, o), Taal::Nl);
    let add = actions
        .iter()
        .find(|a| a.title.nl.starts_with("Vul de verplichte"))
        .unwrap();
    assert!(
        add.edits[0].new_text.contains("    grondslag: \n"),
        "{:?}",
        add.edits
    );
    assert!(!add.edits[0].new_text.contains("titel"));
}

#[test]
fn fixes_become_actions() {
    let (a, f, o) = at("beleid x {\n    grondslag: publieke_t$0ak\n}\n");
    let actions = code_actions(&a, f, Span::new(f, o, o), Taal::Nl);
    assert!(
        actions
            .iter()
            .any(|a| a.preferred && a.edits[0].new_text == "publieke_taak"),
        "{actions:?}"
    );
}

#[test]
fn period_length_hint_counts_both_ends() {
    let (a, f, _) = at("beleid x {\n    periode: 2024-05-09 .. 2024-05-12$0\n}\n");
    let hints = inlay_hints(&a, f, Taal::Nl);
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0].label, "4 dagen");
}

#[test]
fn outline_tokens_and_folds() {
    let (a, f, _) = at("beleid x {\n    titel: \"M\"\n    bron facebook {\n        toegang: openbaar\n    }\n}\n$0");
    let syms = document_symbols(&a, f);
    assert_eq!(syms.len(), 1);
    assert_eq!(syms[0].name, "x");
    assert_eq!(syms[0].children[0].name, "facebook");
    let tokens = semantic_tokens(&a, f);
    assert!(tokens
        .iter()
        .any(|t| t.kind == TokenKind::Keyword && source(&a, t.span) == "beleid"));
    assert!(tokens
        .iter()
        .any(|t| t.kind == TokenKind::Property && source(&a, t.span) == "titel"));
    assert!(tokens
        .iter()
        .any(|t| t.kind == TokenKind::EnumMember && source(&a, t.span) == "openbaar"));
    assert!(tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    let folds = folding_ranges(&a, f);
    assert_eq!(folds.len(), 2);
    let ws = workspace_symbols(&a, "avg_6_1", Taal::Nl);
    assert!(ws.iter().any(|o| o.name == "avg_6_1_e"));
}

#[test]
fn hover_and_definition_on_a_rule_code_in_an_exception() {
    let (a, f, o) =
        at("beleid x {\n    afwijking AVG-T$0AAK {\n        motivering: \"m\"\n    }\n}\n");
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(h.markdown.contains("**AVG-TAAK**"), "{}", h.markdown);
    assert!(h.markdown.contains("afwijkbaar"), "{}", h.markdown);
    assert!(h.markdown.contains("eur-lex.europa.eu"), "{}", h.markdown);
    assert_eq!(source(&a, h.span), "AVG-TAAK");
    let defs = definition(&a, f, o);
    assert_eq!(source(&a, defs[0]), "AVG-TAAK");
    assert_eq!(
        a.file(defs[0].file).map(|f| f.kind),
        Some(crate::FileKind::Stdlib)
    );
}

#[test]
fn severity_overrides_from_kader_toml_are_shown() {
    let policy = "beleid x {\n    titel: \"t\"\n    grondslag: publieke_taak\n}\n";
    let toml = "[project]\ntaal = \"nl\"\n\n[regels]\nAVG-TAAK = \"waarschuwing\"\n";
    let a = analyse(
        &[Source::new("beleid.kader", policy)],
        Some(&Source::new("kader.toml", toml)),
    );
    let config = a
        .files
        .iter()
        .find(|f| f.kind == crate::FileKind::Config)
        .unwrap();
    let hints = inlay_hints(&a, config.id, Taal::Nl);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert_eq!(hints[0].label, "standaard fout");
    assert_eq!(hints[0].offset, toml.len() - 1);
    let file = a.policy_files().next().unwrap().id;
    let hints = inlay_hints(&a, file, Taal::Nl);
    assert!(
        hints
            .iter()
            .any(|h| h.label == "waarschuwing volgens kader.toml"),
        "{hints:?}"
    );
}

#[test]
fn hover_and_outline_in_a_toets() {
    let text = "beleid markt { titel: \"Markt\" }\n\ntoets kort / short {\n    beleid: mar$0kt\n    wijzig {\n        periode: 2025-03-04 .. 2025-03-06\n    }\n    niet_verwacht: [OO-STELSELMATIG]\n}\n";
    let (a, f, o) = at(text);
    // The policy under test is a reference like any other.
    let h = hover(&a, f, o, Taal::Nl).unwrap();
    assert!(h.markdown.contains("markt"), "{}", h.markdown);
    // A changed field is the policy's field.
    let (a, f, o) = at(&text
        .replacen("$0", "", 1)
        .replacen("periode", "peri$0ode", 1));
    let h = hover(&a, f, o, Taal::En).unwrap();
    assert!(h.markdown.contains("periode / period"), "{}", h.markdown);
    // The test is in the outline, after the policy.
    let outline = document_symbols(&a, f);
    let names: Vec<&str> = outline.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["markt", "kort"]);
    assert_eq!(outline[1].detail.as_deref(), Some("toets / short"));
}

/// Two spaces in a row outside a code block and a quote: a word left
/// empty, or lines joined without taking their indent off.
fn doubled_space(markdown: &str) -> Option<&str> {
    let mut in_code = false;
    markdown.lines().find(|line| {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let quote = line.trim_start().starts_with('>');
        // Four spaces in front make a code block of what is prose.
        !in_code && !quote && (line.trim().contains("  ") || line.starts_with("    "))
    })
}

#[test]
fn hover_and_completion_texts_have_no_doubled_spaces() {
    // The example repository, with its deliberate mistakes: their
    // findings are hovered too.
    let sources = [
        Source::new(
            "beleid/bedreiging_bestuurders.kader",
            include_str!("../../../examples/beleid/bedreiging_bestuurders.kader"),
        ),
        Source::new(
            "beleid/demonstratie_markt.kader",
            include_str!("../../../examples/beleid/demonstratie_markt.kader"),
        ),
        Source::new(
            "beleid/havenfestival.kader",
            include_str!("../../../examples/beleid/havenfestival.kader"),
        ),
        Source::new(
            "beleid/jaarwisseling.kader",
            include_str!("../../../examples/beleid/jaarwisseling.kader"),
        ),
        Source::new(
            "beleid/koningsdag.kader",
            include_str!("../../../examples/beleid/koningsdag.kader"),
        ),
        Source::new(
            "beleid/mediamonitoring.kader",
            include_str!("../../../examples/beleid/mediamonitoring.kader"),
        ),
        Source::new(
            "beleid/overlast_havenkwartier.kader",
            include_str!("../../../examples/beleid/overlast_havenkwartier.kader"),
        ),
        Source::new(
            "beleid/signalering.kader",
            include_str!("../../../examples/beleid/signalering.kader"),
        ),
        Source::new(
            "beleid/vakantieverhuur.kader",
            include_str!("../../../examples/beleid/vakantieverhuur.kader"),
        ),
        Source::new(
            "beleid/webcare.kader",
            include_str!("../../../examples/beleid/webcare.kader"),
        ),
        Source::new(
            "organisatie/dpia.kader",
            include_str!("../../../examples/organisatie/dpia.kader"),
        ),
        Source::new(
            "organisatie/teams.kader",
            include_str!("../../../examples/organisatie/teams.kader"),
        ),
        Source::new(
            "organisatie/verwerkers.kader",
            include_str!("../../../examples/organisatie/verwerkers.kader"),
        ),
    ];
    let config = Source::new("kader.toml", include_str!("../../../examples/kader.toml"));
    let a = analyse(&sources, Some(&config));
    let mut seen = 0;
    let files: Vec<(FileId, &str)> = a
        .files
        .iter()
        .filter(|f| f.kind != crate::FileKind::Stdlib)
        .map(|f| (f.id, &*f.text))
        .collect();
    for ((file, text), taal) in files.iter().flat_map(|f| [(*f, Taal::Nl), (*f, Taal::En)]) {
        for offset in 0..text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            if let Some(h) = hover(&a, file, offset, taal) {
                seen += 1;
                assert_eq!(
                    doubled_space(&h.markdown),
                    None,
                    "hover at {offset}:\n{}",
                    h.markdown
                );
            }
            for c in completion(&a, file, offset, taal) {
                for text in [c.detail.as_deref(), c.documentation.as_deref()] {
                    let text = text.unwrap_or("");
                    assert_eq!(doubled_space(text), None, "completion {}: {text}", c.label);
                }
            }
        }
    }
    assert!(seen > 100, "{seen} hovers");
    // The check itself finds what it looks for.
    assert!(doubled_space("**x** — waarde van  account").is_some());
    assert!(doubled_space("uitleg:\n\n    \"geciteerd\"").is_some());
    // An indented quotation in an explanation becomes a quoted line.
    assert_eq!(
        super::hover::prose("AVG artikel 10 luidt:\n\n    \"Persoonsgegevens\n    betreffende\"\n"),
        "AVG artikel 10 luidt:\n\n> \"Persoonsgegevens\n> betreffende\""
    );
    assert!(doubled_space("> quoted  text").is_none());
}

#[test]
fn links_lead_from_tasks_rule_codes_and_law_to_their_definitions_and_addresses() {
    let text = "beleid x {\n    taak: [gemeentewet_172]\n    grondslag: publieke_taak\n    afwijking AVG-BEWAARTERMIJN {\n        motivering: \"m\"\n    }\n    afwijking ONBEKEND-CODE {\n        motivering: \"m\"\n    }\n}\n";
    let a = analyse(&[Source::new("beleid.kader", text)], None);
    let file = a.policy_files().next().map(|f| f.id).unwrap();
    let links = document_links(&a, file);
    let linked: Vec<&str> = links.iter().map(|l| source(&a, l.span)).collect();
    // The task and the known rule code; not the unknown code, not the
    // vocabulary value.
    assert_eq!(
        linked,
        ["gemeentewet_172", "AVG-BEWAARTERMIJN"],
        "{links:#?}"
    );
    let LinkTarget::Definition(task) = &links[0].target else {
        panic!("{links:#?}")
    };
    assert_eq!(source(&a, *task), "gemeentewet_172");
    assert_eq!(a.file(task.file).unwrap().kind, crate::FileKind::Stdlib);
    let LinkTarget::Definition(rule) = &links[1].target else {
        panic!("{links:#?}")
    };
    assert!(source(&a, *rule).contains("AVG-BEWAARTERMIJN"));

    // In the stdlib's schema and rules, the articles lead to their
    // official addresses.
    let mut law = 0;
    for f in a.files.iter().filter(|f| f.kind == crate::FileKind::Stdlib) {
        for l in document_links(&a, f.id) {
            if let LinkTarget::Address(url) = &l.target {
                assert!(url.starts_with("https://"), "{url}");
                law += 1;
            }
        }
    }
    assert!(law > 50, "{law} law links");
}

#[test]
fn rule_codes_under_regels_in_kader_toml_are_links() {
    let (a, file, _) = in_toml("[regels]\nAVG-TAAK = \"waarschuwing\"\nGEEN-REGEL = \"uit\"\n$0");
    let links = document_links(&a, file);
    let linked: Vec<&str> = links.iter().map(|l| source(&a, l.span)).collect();
    assert_eq!(linked, ["AVG-TAAK"], "{links:#?}");
}

#[test]
fn usages_count_the_policies_that_use_a_shared_item() {
    let teams = "team a { omschrijving: \"A\" }\nteam b { omschrijving: \"B\" }\n";
    let policy = |name: &str, team: &str| {
        format!("beleid {name} {{\n    titel: \"t\"\n    geautoriseerd: [{team}]\n}}\n")
    };
    let a = analyse(
        &[
            Source::new("teams.kader", teams),
            Source::new("p1.kader", policy("p1", "a")),
            Source::new("p2.kader", policy("p2", "a")),
        ],
        None,
    );
    let file = a
        .policy_files()
        .find(|f| f.path == "teams.kader")
        .unwrap()
        .id;
    let found: Vec<(&str, usize, usize)> = usages(&a, file)
        .iter()
        .map(|u| (source(&a, u.name), u.policies, u.references.len()))
        .collect();
    assert_eq!(found, [("a", 2, 2), ("b", 0, 0)]);
    // A policy file has no shared items of its own.
    let p1 = a.policy_files().find(|f| f.path == "p1.kader").unwrap().id;
    assert!(usages(&a, p1).is_empty());
}

/// Analyses `toml` (with `$0` removed) as `kader.toml` beside one policy.
fn in_toml(toml: &str) -> (Analysis, FileId, usize) {
    let offset = toml.find("$0").expect("cursor marker");
    let clean = toml.replacen("$0", "", 1);
    let a = analyse(
        &[Source::new("beleid.kader", "")],
        Some(&Source::new("kader.toml", clean)),
    );
    let file = a
        .files
        .iter()
        .find(|f| f.kind == crate::FileKind::Config)
        .unwrap()
        .id;
    (a, file, offset)
}

fn completion_labels(a: &Analysis, f: FileId, o: usize, taal: Taal) -> Vec<String> {
    completion(a, f, o, taal)
        .into_iter()
        .map(|c| c.label)
        .collect()
}

#[test]
fn completion_in_kader_toml_offers_tables_keys_rule_codes_and_parameters() {
    let (a, f, o) = in_toml("[proj$0");
    let tables = completion_labels(&a, f, o, Taal::Nl);
    assert!(tables.contains(&"project".to_string()), "{tables:?}");
    assert!(tables.contains(&"regels".to_string()), "{tables:?}");
    assert!(!tables.contains(&"beleid".to_string()), "{tables:?}");
    let en = completion_labels(&a, f, o, Taal::En);
    assert!(en.contains(&"rules".to_string()), "{en:?}");

    let (a, f, o) = in_toml("[project]\ngemeente = \"X\"\n$0\n");
    let keys = completion_labels(&a, f, o, Taal::Nl);
    assert_eq!(keys, ["gemeente", "taal", "exclude", "fg"]);

    let (a, f, o) = in_toml("[regels]\nAVG-$0\n");
    let codes = completion(&a, f, o, Taal::Nl);
    let taak = codes.iter().find(|c| c.label == "AVG-TAAK").unwrap();
    assert_eq!(taak.insert, "AVG-TAAK = ");
    assert_eq!(source(&a, taak.replace), "AVG-");
    assert!(taak.documentation.as_deref().is_some_and(|d| !d.is_empty()));
    assert!(codes.iter().all(|c| crate::check::is_rule_code(&c.label)));

    let (a, f, o) = in_toml("[regels]\nAVG-TAAK = \"$0\"\n");
    let levels = completion_labels(&a, f, o, Taal::Nl);
    assert_eq!(levels, ["uit", "info", "waarschuwing", "fout"]);

    let (a, f, o) = in_toml("[parameters]\n$0\n");
    let params = completion(&a, f, o, Taal::Nl);
    let duur = params
        .iter()
        .find(|c| c.label == "stelselmatig_max_duur")
        .unwrap();
    assert_eq!(duur.detail.as_deref(), Some("duur"), "{duur:?}");

    // Not in a value of `[project]`, and not a policy's kinds anywhere.
    let (a, f, o) = in_toml("[project]\ngemeente = \"X$0\"\n");
    assert!(completion(&a, f, o, Taal::Nl).is_empty());
}

#[test]
fn hover_in_kader_toml_on_tables_keys_parameters_and_rule_codes() {
    let toml = "[project]\ntaal = \"nl\"\n[parameters]\nstelselmatig_max_duur = \"7 dagen\"\n[regels]\nAVG-TAAK = \"uit\"\n";
    let at = |needle: &str| {
        let i = toml.find(needle).unwrap() + 1;
        let (a, f, _) = in_toml(&format!("{}$0{}", &toml[..i], &toml[i..]));
        hover(&a, f, i, Taal::Nl).map(|h| (h.markdown, source(&a, h.span).to_string()))
    };
    let (t, word) = at("project").unwrap();
    assert_eq!(word, "project");
    assert!(t.contains("De beleidsrepository"), "{t}");
    let (t, word) = at("taal =").unwrap();
    assert_eq!(word, "taal");
    assert!(t.contains("`nl` of `en`"), "{t}");
    let (t, _) = at("stelselmatig_max_duur").unwrap();
    assert!(t.contains("duur") && t.contains("standaard"), "{t}");
    let (t, _) = at("AVG-TAAK").unwrap();
    assert!(t.contains("**AVG-TAAK**"), "{t}");
    // A value is no key (a near miss).
    assert!(at("nl\"").is_none());
}

#[test]
fn completion_offers_rule_codes_in_the_lists_of_a_toets_only() {
    let policy = "beleid markt { titel: \"Markt\" }\n\n";
    let (a, f, o) = at(&format!(
        "{policy}toets t {{\n    beleid: markt\n    verwacht: [OO-STELSELMATIG, OO-$0\n}}\n"
    ));
    let codes = completion(&a, f, o, Taal::Nl);
    let tijd = codes
        .iter()
        .find(|c| c.label == "OO-TIJDSBEGRENZING")
        .unwrap();
    assert_eq!(tijd.insert, "OO-TIJDSBEGRENZING");
    assert_eq!(source(&a, tijd.replace), "OO-");
    assert!(tijd.documentation.as_deref().is_some_and(|d| !d.is_empty()));
    assert!(tijd.detail.is_some());
    assert!(codes.iter().all(|c| crate::check::is_rule_code(&c.label)));
    // A code already in the list is not offered again.
    assert!(!codes.iter().any(|c| c.label == "OO-STELSELMATIG"));

    let (a, f, o) = at(&format!(
        "{policy}test t {{\n    policy: markt\n    expect_not: [$0]\n}}\n"
    ));
    let en = completion_labels(&a, f, o, Taal::En);
    assert!(en.contains(&"OO-STELSELMATIG".to_string()), "{en:?}");

    // Near misses: a list field of a policy, and the policy of a test.
    let (a, f, o) = at(&format!("{TEAM}beleid x {{\n    geautoriseerd: [$0]\n}}\n"));
    let labels = completion_labels(&a, f, o, Taal::Nl);
    assert!(labels.contains(&"oov".to_string()), "{labels:?}");
    assert!(
        !labels.iter().any(|l| crate::check::is_rule_code(l)),
        "{labels:?}"
    );
    let (a, f, o) = at(&format!("{policy}toets t {{\n    beleid: $0\n}}\n"));
    let labels = completion_labels(&a, f, o, Taal::Nl);
    assert!(!labels.iter().any(|l| l.contains('-')), "{labels:?}");
}
