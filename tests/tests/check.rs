//! The checker's tests: name resolution and type checking of items against
//! the schema, written as annotated fixtures (see `kader_tests::check`).

use kader_tests::{check, check_fix, check_where};

/// Checks a fixture that uses the stdlib's `beleid`, comparing only the
/// syntax and checker diagnostics (K01xx, K02xx): the legal rules have
/// their own tests and may say more about a small policy.
#[track_caller]
fn check_names(fixture: &str) -> kader::Analysis {
    check_where(fixture, |code| {
        code.starts_with("K01") || code.starts_with("K02")
    })
}

#[test]
fn the_stdlib_analyses_without_diagnostics() {
    let analysis = kader::analyse(&[], None);
    let all: Vec<String> = analysis
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics.iter().map(move |d| {
                let lc = f.line_index.line_col(&f.text, d.span.start as usize);
                format!(
                    "{}:{}:{} {}: {}",
                    f.path, lc.line, lc.column, d.code, d.message.nl
                )
            })
        })
        .collect();
    assert!(
        all.is_empty(),
        "the stdlib has diagnostics:\n{}",
        all.join("\n")
    );
    assert!(analysis.schema.kind_named("beleid").is_some());
}

/// A small schema of its own, with names the stdlib does not use, so the
/// tests do not depend on the stdlib's vocabulary.
const SCHEMA: &str = r#"//- /schema.kader
/// Een proef. / A trial.
soort proef / trial {
    /// De titel. / The title.
    titel / title: tekst verplicht
    start / start_date: datum
    looptijd / run: periode
    duur / length: duur
    aantal / count: getal
    actief / active: ja_nee
    kleur / colour: kleur verplicht
    kleuren / colours: [kleur]
    eigenaar / owner: ploeg
    ploegen / crews: [ploeg]
    regel / rule: regelcode
    onderdeel / part: [onderdeel] genest
    uitzondering / waiver: [uitzondering] genest
}

soort onderdeel / part: kleur {
    gewicht / weight: getal verplicht
}

soort uitzondering / waiver: regelcode {
    reden / reason: tekst verplicht
}

soort ploeg / crew {
    leider / leader: tekst
}

keuze kleur / colour {
    /// Rood. / Red.
    rood / red
    groen / green
    blauw / blue
}
"#;

fn with_schema(fixture: &str) -> String {
    format!("{SCHEMA}{fixture}")
}

#[test]
fn a_complete_item_checks_clean() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "Eerste proef"
    start: 2024-05-09
    looptijd: 2024-05-09 .. 2024-05-12
    duur: 14 dagen
    aantal: 3
    actief: ja
    kleur: rood
    kleuren: [rood, blauw]
    eigenaar: ploeg_a
    ploegen: []
    regel: OO-NEPACCOUNT
    onderdeel groen {
        gewicht: 0.5
    }
    onderdeel blauw "het blauwe deel" {
        gewicht: 2
    }
    uitzondering AB-12 {
        reden: """
            Een reden.
            """
    }
}
ploeg ploeg_a {}
"#,
    ));
    let file = analysis
        .policy_files()
        .find(|f| f.path == "proef.kader")
        .unwrap();
    let item = &file.checked[0];
    let kind = analysis.schema.kind(item.kind).unwrap();
    assert_eq!(kind.names.nl, "proef");
    let kleur = kind.field_named("colour").unwrap();
    let value = &item.field(kleur.id).unwrap().value.value;
    let choice = analysis.schema.choice_named("kleur").unwrap();
    let rood = choice.variant_named("red").unwrap();
    assert_eq!(*value, kader::check::Value::Variant(choice.id, rood.id));
    let part = kind.field_named("onderdeel").unwrap();
    let parts: Vec<_> = item.nested_in(part.id).collect();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].label.as_deref(), Some("het blauwe deel"));
    let blauw = choice.variant_named("blauw").unwrap();
    assert_eq!(
        parts[1].name.as_ref().unwrap().value,
        Some(kader::check::Value::Variant(choice.id, blauw.id))
    );
}

#[test]
fn dutch_and_english_spellings_mix() {
    check(&with_schema(
        r#"//- /trial.kader
trial t1 {
    title: "Mixed"
    kleur: green
    colours: [rood, blue]
    owner: crew_a
    part red { weight: 1 }
    onderdeel groen { gewicht: 2 }
    active: yes
    length: 2 weeks
}
crew crew_a { leader: "L" }
"#,
    ));
}

#[test]
fn unknown_kind_at_top_level() {
    check(&with_schema(
        r#"//- /proef.kader
  proeff p1 {
//^^^^^^ fout[K0201]: Er is geen soort `proeff`
    titel: "x"
    kleur: rood
  }
  triall p2 {
//^^^^^^ fout[K0201]: Er is geen soort `triall`
  }
  trial p3 { title: "x" colour: red }
"#,
    ));
}

#[test]
fn unknown_kind_suggests_in_the_language_of_the_typo() {
    check_fix(
        &with_schema("//- /proef.kader\ntrail p2 { title: \"x\" colour: red }\n"),
        "trial p2 { title: \"x\" colour: red }\n",
    );
    check_fix(
        &with_schema("//- /proef.kader\nproefje p2 { titel: \"x\" kleur: rood }\n"),
        "proef p2 { titel: \"x\" kleur: rood }\n",
    );
}

#[test]
fn unknown_field_gives_one_diagnostic_and_the_rest_is_checked() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titl: "x"
//  ^^^^ fout[K0202]: Een `proef` heeft geen veld `titl`
    kleur: paars
//         ^^^^^ fout[K0203]: `paars` is geen geldige waarde voor `kleur`
    title: "y"
}
"#,
    ));
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 {\n    tittel: \"x\"\n    kleur: rood\n}\n"),
        "proef p1 {\n    titel: \"x\"\n    kleur: rood\n}\n",
    );
    check_fix(
        &with_schema(
            "//- /proef.kader\nproef p1 {\n    titel: \"x\"\n    kleur: rood\n    actve: ja\n}\n",
        ),
        "proef p1 {\n    titel: \"x\"\n    kleur: rood\n    active: ja\n}\n",
    );
}

#[test]
fn unknown_variant_lists_the_options() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    colour: gren
//          ^^^^ fout[K0203]: `gren` is geen geldige waarde voor `colour`
    kleuren: [rood, roood]
//                  ^^^^^ fout[K0203]: `roood`
}
"#,
    ));
    let d: Vec<_> = analysis.diagnostics().collect();
    let help = d[0].help.as_ref().unwrap();
    assert_eq!(
        help.en,
        "Did you mean `green`? Choose from: `red`, `green`, `blue`."
    );
    let help = d[1].help.as_ref().unwrap();
    assert_eq!(
        help.nl,
        "Bedoelt u `rood`? Kies uit: `rood`, `groen`, `blauw`."
    );
    assert_eq!(d[0].item.as_deref(), Some("p1"));
}

#[test]
fn references_resolve_across_files() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: rood
    eigenaar: ploeg_noord
    ploegen: [ploeg_noord, ploeg_zuid, ploeg_west]
//                                     ^^^^^^^^^^ fout[K0204]: Er is geen `ploeg` met de naam `ploeg_west`
}
//- /ploegen.kader
ploeg ploeg_noord { leider: "A" }
ploeg ploeg_zuid { leider: "B" }
"#,
    ));
    let help = analysis.diagnostics().next().unwrap().help.clone().unwrap();
    assert!(
        help.nl.contains("Kies uit: `ploeg_noord`, `ploeg_zuid`."),
        "{help:?}"
    );
}

#[test]
fn reference_typo_gets_a_fix() {
    check_fix(
        &with_schema(
            "//- /proef.kader\nproef p1 { titel: \"x\" kleur: rood eigenaar: ploeg_nord }\n//- /ploegen.kader\nploeg ploeg_noord {}\n",
        ),
        "proef p1 { titel: \"x\" kleur: rood eigenaar: ploeg_noord }\n",
    );
}

#[test]
fn a_reference_must_name_an_item_of_the_fields_kind() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: rood
    eigenaar: p2
//            ^^ fout[K0204]: Er is geen `ploeg` met de naam `p2`
}
proef p2 { titel: "y" kleur: rood }
"#,
    ));
    let d = analysis.diagnostics().next().unwrap();
    assert_eq!(
        d.help.as_ref().unwrap().nl,
        "`p2` is een `proef`, geen `ploeg`."
    );
}

#[test]
fn values_of_the_wrong_type() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: 12
//         ^^ fout[K0205]: `titel` verwacht een tekst, maar hier staat een getal
    start: "9 mei"
//         ^^^^^^^ fout[K0205]: `start` verwacht een datum
    looptijd: 2024-05-09
//            ^^^^^^^^^^ fout[K0205]: `looptijd` verwacht een periode
    duur: 14
//        ^^ fout[K0205]: `duur` verwacht een duur
    aantal: ja
//          ^^ fout[K0205]: `aantal` verwacht een getal
    actief: "ja"
//          ^^^^ fout[K0205]: `actief` verwacht `ja` of `nee`
    kleur: "rood"
//         ^^^^^^ fout[K0205]: `kleur` verwacht een keuze uit `kleur`
    eigenaar: 2024-01-01
//            ^^^^^^^^^^ fout[K0205]: `eigenaar` verwacht de naam van een `ploeg`
    regel: oo_nepaccount
//         ^^^^^^^^^^^^^ fout[K0205]: `regel` verwacht een regelcode
}
"#,
    ));
    // Every diagnostic names the item it concerns.
    assert!(analysis
        .diagnostics()
        .all(|d| d.item.as_deref() == Some("p1")));
}

#[test]
fn right_types_are_near_misses() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: """
        12
        """
    start: 2024-02-29
    looptijd: 2024-05-09 ..
    duur: 1 uur
    aantal: 12.5
    actief: onwaar
    kleur: blauw
    regel: AVG-GRONDSLAG-F
}
"#,
    ));
}

#[test]
fn quick_fixes_for_quotes() {
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: Eerste kleur: rood }\n"),
        "proef p1 { titel: \"Eerste\" kleur: rood }\n",
    );
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: \"x\" kleur: \"groen\" }\n"),
        "proef p1 { titel: \"x\" kleur: groen }\n",
    );
}

#[test]
fn lists_and_single_values() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: [rood]
//         ^^^^^^ fout[K0207]: `kleur` verwacht één waarde
    kleuren: rood
//           ^^^^ fout[K0206]: `kleuren` verwacht een lijst met keuzes uit `kleur`
    ploegen: [12, "a"]
//            ^^ fout[K0205]: `ploegen` verwacht de naam van een `ploeg`, maar hier staat een getal
//                ^^^ fout[K0205]: `ploegen` verwacht de naam van een `ploeg`, maar hier staat een tekst
}
proef p2 {
    titel: "x"
    kleur: rood
    kleuren: [rood]
    ploegen: []
}
"#,
    ));
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: \"x\" kleur: rood kleuren: groen }\n"),
        "proef p1 { titel: \"x\" kleur: rood kleuren: [groen] }\n",
    );
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: \"x\" kleur: [rood] }\n"),
        "proef p1 { titel: \"x\" kleur: rood }\n",
    );
}

#[test]
fn missing_required_fields_in_one_diagnostic() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
//    ^^ fout[K0208]: Bij `proef` `p1` ontbreken de verplichte velden `titel`, `kleur`.
    aantal: 1
}
trial p2 {
//    ^^ fout[K0208]: Bij `proef` `p2` ontbreekt het verplichte veld `colour`.
    titel: "x"
}
proef p3 {
    titel: "x"
    kleur: rood
    onderdeel rood {
//            ^^^^ fout[K0208]: ontbreekt het verplichte veld `gewicht`
    }
}
"#,
    ));
    let d: Vec<_> = analysis.diagnostics().collect();
    assert_eq!(
        d[1].message.en,
        "The `trial` `p2` is missing the required field `colour`."
    );
}

#[test]
fn duplicate_fields_label_the_first() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: rood
    title: "y"
//  ^^^^^ fout[K0209]: Het veld `title` is al eerder in dit item ingevuld
    kleur: groen
//  ^^^^^ fout[K0209]: Het veld `kleur`
}
"#,
    ));
    let d = analysis.diagnostics().next().unwrap();
    assert_eq!(d.labels.len(), 1);
    let file = analysis
        .policy_files()
        .find(|f| f.path == "proef.kader")
        .unwrap();
    assert_eq!(&file.text[d.labels[0].span.range()], "titel");
}

#[test]
fn period_that_ends_before_it_starts() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: rood
    looptijd: 2024-05-12 .. 2024-05-09
//            ^^^^^^^^^^^^^^^^^^^^^^^^ fout[K0211]: De periode eindigt (`2024-05-09`) voordat hij begint (`2024-05-12`)
}
proef p2 {
    titel: "x"
    kleur: rood
    looptijd: 2024-05-12 .. 2024-05-12
}
"#,
    ));
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: \"x\" kleur: rood looptijd: 2024-05-12 .. 2024-05-09 }\n"),
        "proef p1 { titel: \"x\" kleur: rood looptijd: 2024-05-09 .. 2024-05-12 }\n",
    );
}

#[test]
fn nested_kinds_stay_nested() {
    check(&with_schema(
        r#"//- /proef.kader
  onderdeel rood { gewicht: 1 }
//^^^^^^^^^ fout[K0212]: Een `onderdeel` kan niet los staan, alleen binnen een `proef`
proef p1 {
    titel: "x"
    kleur: rood
    ploeg binnen { leider: "x" }
//  ^^^^^ fout[K0213]: Een `ploeg` kan niet binnen een `proef` staan
    onderdel groen { gewicht: 1 }
//  ^^^^^^^^ fout[K0201]: Er is geen soort `onderdel` die binnen een `proef` kan staan
    onderdeel: rood
//  ^^^^^^^^^ fout[K0215]: `onderdeel` staat hier als veld
}
ploeg buiten {
    onderdeel rood { gewicht: 1 }
//  ^^^^^^^^^ fout[K0213]: Een `onderdeel` kan niet binnen een `ploeg` staan
}
"#,
    ));
}

#[test]
fn typed_names_of_nested_items() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    kleur: rood
    onderdeel paars { gewicht: 1 }
//            ^^^^^ fout[K0214]: `paars` is geen `kleur`
    part gren { weight: 1 }
//       ^^^^ fout[K0214]: `gren` is geen `kleur`
    uitzondering ab_12 { reden: "r" }
//               ^^^^^ fout[K0214]: De naam van een `uitzondering` moet een regelcode zijn
    uitzondering AB-12 { reden: "r" }
    part green { weight: 1 }
}
"#,
    ));
    check_fix(
        &with_schema("//- /proef.kader\nproef p1 { titel: \"x\" kleur: rood uitzondering ab_12 { reden: \"r\" } }\n"),
        "proef p1 { titel: \"x\" kleur: rood uitzondering AB-12 { reden: \"r\" } }\n",
    );
}

#[test]
fn duplicate_definitions_report_both_places() {
    let analysis = check(&with_schema(
        r#"//- /a.kader
ploeg noord { }
//    ^^^^^ fout[K0210]: De naam `noord` is al gebruikt
ploeg zuid / south { }
//           ^^^^^ fout[K0210]: De naam `south` is al gebruikt
proef noord { titel: "x" kleur: rood }
//- /b.kader
ploeg noord { }
//    ^^^^^ fout[K0210]: De naam `noord` is al gebruikt
ploeg south { }
//    ^^^^^ fout[K0210]: De naam `south` is al gebruikt
"#,
    ));
    let b = analysis
        .policy_files()
        .find(|f| f.path == "b.kader")
        .unwrap();
    let label = &b.diagnostics[0].labels[0];
    let a = analysis.file(label.span.file).unwrap();
    assert_eq!(a.path, "a.kader");
}

#[test]
fn parse_errors_are_not_reported_again() {
    let analysis = kader_tests::Fixture::parse(&with_schema(
        "//- /proef.kader\nproef p1 {\n    titel: \"x\"\n    kleur: rood\n    start: 2024-02-30\n    aantal: 3\n}\n",
    ))
    .analyse();
    let codes: Vec<&str> = analysis
        .policy_files()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.code.as_str()))
        .collect();
    assert!(!codes.is_empty(), "the parser reports the bad date");
    assert!(codes.iter().all(|c| c.starts_with("K01")), "{codes:?}");
    // A member the parser could not read may be the missing required
    // field: no K0208 on top of the syntax error.
    for text in [
        "team t {\n    omschrijving = \"x\"\n}\n",
        "team t {\n    omschrijving: \"x\"\n",
    ] {
        let analysis = kader::analyse(&[kader::Source::new("t.kader", text)], None);
        let codes: Vec<&str> = analysis
            .policy_files()
            .flat_map(|f| f.diagnostics.iter().map(|d| d.code.as_str()))
            .collect();
        assert!(!codes.is_empty(), "{text:?}");
        assert!(
            codes.iter().all(|c| c.starts_with("K01")),
            "{text:?}: {codes:?}"
        );
    }
}

#[test]
fn schema_problems_are_diagnostics() {
    let analysis = check(
        r#"//- /schema.kader
soort proefje / small_trial {
    naam / name: tekts verplicht
//               ^^^^^ fout[K0220]: Het type `tekts` bestaat niet
    soort / sort: tekst verplict
//                      ^^^^^^^^ fout[K0221]: `verplict` is geen bekende eigenschap
    naam / title: tekst
//  ^^^^ fout[K0222]: Het veld `naam` is twee keer gedeclareerd
    deel / piece: tekst genest
//                      ^^^^^^ fout[K0224]: Het veld `deel` is `genest`, maar zijn type is geen `soort`
    bron / basis: tekst wet [avg_6_1_x]
//                           ^^^^^^^^^ fout[K0216]: Er is geen `artikel` met de naam `avg_6_1_x`
    grond / ground: tekst wet [avg_6_1_e]
    taak / task: tekst wet [gemeentewet_172]
//                          ^^^^^^^^^^^^^^^ fout[K0216]: Er is geen `artikel` met de naam `gemeentewet_172`
}
soort stukje / small_piece: datum { }
//                          ^^^^^ fout[K0225]: De naam van een `stukje` kan alleen
keuze maat / size {
    klein / small
    groot / small
//          ^^^^^ fout[K0222]: De keuze `small` staat twee keer in `maat`
}
keuze proefje / trial_size { a }
//    ^^^^^^^ fout[K0223]: De naam `proefje` is al gebruikt
keuze datum / day { b }
//    ^^^^^ fout[K0223]: De naam `datum` is de naam van een ingebouwd type
"#,
    );
    assert!(analysis.diagnostics().all(|d| d.item.is_some()));
    let task = analysis
        .diagnostics()
        .find(|d| d.message.nl.contains("gemeentewet_172"))
        .unwrap();
    assert!(
        task.help
            .as_ref()
            .unwrap()
            .nl
            .starts_with("`gemeentewet_172` is een `wettelijke_taak`, geen `artikel`"),
        "{task:?}"
    );
}

#[test]
fn every_code_is_explained() {
    // The checker's codes and the schema's, each in its category of the
    // catalogue (whose own tests check that every entry is complete).
    use kader::diagnostics::codes::Category;
    for (table, category) in [
        (kader::check::CODES, Category::Names),
        (kader::schema::CODES, Category::Schema),
    ] {
        assert!(!table.is_empty());
        for c in table {
            let entry = kader::catalogue::lookup(c.code).expect("in the catalogue");
            assert_eq!(entry.category, category, "{}", c.code);
            assert!(c.code.starts_with("K02"), "{}", c.code);
        }
    }
}

#[test]
#[should_panic(expected = "annotations that no diagnostic matches")]
fn the_helper_fails_on_a_missing_diagnostic() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
//         ^^^ fout: verwacht
    kleur: rood
}
"#,
    ));
}

#[test]
#[should_panic(expected = "diagnostics that no annotation expects")]
fn the_helper_fails_on_an_unexpected_diagnostic() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: 1
    kleur: rood
}
"#,
    ));
}

#[test]
#[should_panic(expected = "annotations that no diagnostic matches")]
fn the_helper_compares_the_span() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: 12
//        ^^^ fout[K0205]: verwacht een tekst
    kleur: rood
}
"#,
    ));
}

#[test]
#[should_panic(expected = "annotations that no diagnostic matches")]
fn the_helper_compares_the_code() {
    check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: 12
//         ^^ fout[K0204]: verwacht een tekst
    kleur: rood
}
"#,
    ));
}

// The tests below use the stdlib's schema: the kinds and vocabularies of
// LANGUAGE.md §4.

#[test]
fn the_reference_policy_checks_clean_in_dutch_and_english() {
    let nl = include_str!("../fixtures/check/demonstratie_markt.kader");
    let en = include_str!("../fixtures/check/demonstration_market.kader");
    let analysis = check_names(&format!("//- /nl.kader\n{nl}//- /en.kader\n{en}"));
    let schema = &analysis.schema;
    let beleid = schema.kind_named("policy").unwrap();
    let taak = beleid.field_named("taak").unwrap();
    for file in analysis.policy_files() {
        let policy = &file.checked[0];
        assert_eq!(policy.kind, beleid.id);
        // `gemeentewet_172` and `municipalities_act_172` are the same item.
        let kader::check::Value::List(tasks) = &policy.field(taak.id).unwrap().value.value else {
            panic!("the task is a list");
        };
        let kader::check::Value::Item(id) = tasks[0].value else {
            panic!("the task resolves to an item");
        };
        assert_eq!(analysis.symbols.item(id).unwrap().name, "gemeentewet_172");
        let bron = beleid.field_named("source").unwrap();
        assert_eq!(policy.nested_in(bron.id).count(), 2);
    }
}

#[test]
fn a_processor_declared_in_one_file_is_used_in_another() {
    let analysis = check_names(
        r#"//- /beleid/monitoring.kader
beleid monitoring {
    titel: "Monitoring"
    verantwoordelijke: burgemeester
    doel: openbare_orde
    grondslag: publieke_taak
    verwerkers: [coosto, obi4wan]
//                       ^^^^^^^ fout[K0204]: Er is geen `verwerker` met de naam `obi4wan`
}
//- /verwerkers.kader
verwerker coosto {
    naam: "Coosto"
    verwerkersovereenkomst: ja
    vestiging: nl
}
"#,
    );
    let verwerker = analysis.schema.kind_named("verwerker").unwrap();
    let (id, def) = analysis.symbols.items_of(verwerker.id).next().unwrap();
    let refs = analysis.symbols.references(kader::check::Target::Item(id));
    assert_eq!(refs.len(), 1);
    let file = analysis.file(refs[0].file).unwrap();
    assert_eq!(file.path, "beleid/monitoring.kader");
    assert_eq!(&file.text[refs[0].range()], "coosto");
    assert_eq!(def.file, analysis.policy_files().nth(1).unwrap().id);
    let coosto = analysis.checked_item(id).unwrap();
    assert_eq!(coosto.name(), Some("coosto"));
    assert_eq!(coosto.item, Some(id));
}

#[test]
fn stdlib_vocabularies_and_typed_names() {
    check_names(
        r#"//- /beleid.kader
beleid b {
    titel: "B"
    verantwoordelijke: burgemeester
    doel: openbare_orde
    grondslag: publieke_taak
    taak: [municipalities_act_172, gemeentewet_174]
    bron facebok { toegang: openbaar }
//       ^^^^^^^ fout[K0214]: `facebok` is geen `platform`
    source instagram { access: publik }
//                             ^^^^^^ fout[K0203]: `publik` is geen geldige waarde voor `access`.
}
"#,
    );
}

#[test]
fn a_repository_may_add_its_own_statutory_task() {
    check_names(
        r#"//- /taken.kader
wettelijke_taak apv_2_10 {
    omschrijving: "APV artikel 2:10, voorwerpen op of aan de weg."
    doelen: [handhaving]
    specifieke_grondslag: nee
}
wettelijke_taak gemeentewet_172 {
//              ^^^^^^^^^^^^^^^ fout[K0210]: De naam `gemeentewet_172` is al gebruikt
    omschrijving: "Dubbel."
}
//- /beleid.kader
beleid b {
    titel: "B"
    verantwoordelijke: burgemeester
    doel: handhaving
    grondslag: publieke_taak
    taak: [apv_2_10]
}
"#,
    );
}

#[test]
fn the_symbol_index_answers_definition_and_references() {
    let analysis = check(&with_schema(
        r#"//- /proef.kader
proef p1 {
    titel: "x"
    colour: red
    eigenaar: noord
    onderdeel blauw { gewicht: 1 }
}
proef p2 { titel: "y" kleur: rood ploegen: [north] }
//- /ploegen.kader
ploeg noord / north { }
"#,
    ));
    let proef = analysis
        .policy_files()
        .find(|f| f.path == "proef.kader")
        .unwrap();
    let ploegen = analysis
        .policy_files()
        .find(|f| f.path == "ploegen.kader")
        .unwrap();
    let at = |text: &str, needle: &str| text.find(needle).unwrap() + 1;

    // Go to definition from a reference in another file.
    let sym = analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "noord"))
        .unwrap();
    assert!(!sym.definition);
    let defs = analysis.symbols.definitions(sym.target);
    assert_eq!(defs.len(), 2, "both spellings are declarations");
    assert_eq!(defs[0].file, ploegen.id);
    assert_eq!(&ploegen.text[defs[0].range()], "noord");

    // Find references: the Dutch and the English spelling alike.
    let refs = analysis.symbols.references(sym.target);
    let texts: Vec<&str> = refs.iter().map(|s| &proef.text[s.range()]).collect();
    assert_eq!(texts, ["noord", "north"]);

    // A variant used in two spellings, and its declaration in the schema.
    let red = analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "red"))
        .unwrap();
    let rood = analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "rood"))
        .unwrap();
    assert_eq!(red.target, rood.target);
    let decl = analysis.symbols.definitions(red.target)[0];
    let schema_file = analysis.file(decl.file).unwrap();
    assert_eq!(&schema_file.text[decl.range()], "rood");

    // A field name resolves to the field, the kind keyword to the kind, and
    // a typed nested name to its variant.
    let field = analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "eigenaar"))
        .unwrap();
    let kader::check::Target::Field(kind, fid) = field.target else {
        panic!("a field");
    };
    assert_eq!(
        analysis
            .schema
            .field(kind, fid)
            .unwrap()
            .names
            .en
            .as_deref(),
        Some("owner")
    );
    let keyword = analysis.symbols.symbol_at(proef.id, 0).unwrap();
    assert_eq!(keyword.target, kader::check::Target::Kind(kind));
    let blauw = analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "blauw"))
        .unwrap();
    assert!(matches!(blauw.target, kader::check::Target::Variant(..)));

    // Nothing at a string.
    assert!(analysis
        .symbols
        .symbol_at(proef.id, at(&proef.text, "\"x\""))
        .is_none());
}

#[test]
fn the_schema_carries_docs_types_and_required_ness() {
    let analysis = kader_tests::Fixture::parse(&with_schema("")).analyse();
    let schema = &analysis.schema;
    let proef = schema.kind_named("trial").unwrap();
    assert_eq!(proef.names.nl, "proef");
    assert_eq!(proef.doc.as_ref().unwrap().get(kader::Taal::En), "A trial.");
    let titel = proef.field_named("title").unwrap();
    assert!(titel.required && !titel.nested);
    assert_eq!(titel.doc.as_ref().unwrap().nl, "De titel.");
    let part = proef.field_named("part").unwrap();
    assert!(part.nested && !part.required);
    assert_eq!(part.ty.spelling(schema, kader::Taal::En), "[part]");
    let onderdeel = schema.kind_named("onderdeel").unwrap();
    assert!(onderdeel.nested_only);
    assert!(matches!(
        onderdeel.name_type,
        Some(kader::schema::Type::Choice(_))
    ));
    let kleuren = proef.field_named("kleuren").unwrap();
    assert_eq!(
        kleuren.ty.describe(schema).nl,
        "een lijst met keuzes uit `kleur`"
    );
    // A doc of several lines splits at the line that starts with `/ `.
    let beleid = schema.kind_named("beleid").unwrap();
    let doc = beleid.doc.as_ref().unwrap();
    assert!(
        doc.nl.starts_with("Een beleid") && !doc.nl.contains("A policy"),
        "{doc:?}"
    );
    assert!(doc.get(kader::Taal::En).starts_with("A policy"), "{doc:?}");
    // The stdlib's law links resolve to `artikel` items.
    let grondslag = beleid.field_named("grondslag").unwrap();
    assert!(!grondslag.law.is_empty());
    for link in &grondslag.law {
        let sym = analysis
            .symbols
            .symbol_at(link.span.file, link.span.start as usize)
            .unwrap();
        assert!(matches!(sym.target, kader::check::Target::Item(_)));
    }
}

#[test]
fn many_policies_check_in_one_pass() {
    let teams: String = (0..2_000)
        .map(|i| format!("team t{i} {{ omschrijving: \"Team {i}\" }}\n"))
        .collect();
    let mut sources = vec![kader::Source::new("teams.kader", teams)];
    for f in 0..20 {
        let policies: String = (0..500)
            .map(|i| {
                format!(
                    "beleid b{f}_{i} {{\n    titel: \"B\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    grondslag: publieke_taak\n    taak: [gemeentewet_172]\n    geautoriseerd: [t{}]\n    bron x {{ toegang: openbaar }}\n}}\n",
                    (f * 500 + i) % 2_000
                )
            })
            .collect();
        sources.push(kader::Source::new(format!("b{f}.kader"), policies));
    }
    let analysis = kader::analyse(&sources, None);
    let compiler = analysis
        .diagnostics()
        .filter(|d| d.code.as_str().starts_with("K0"))
        .count();
    assert_eq!(compiler, 0);
    let checked: usize = analysis.policy_files().map(|f| f.checked.len()).sum();
    assert_eq!(checked, 12_000);
    let team = analysis.schema.kind_named("team").unwrap();
    let (t0, _) = analysis.symbols.items_of(team.id).next().unwrap();
    assert_eq!(
        analysis
            .symbols
            .references(kader::check::Target::Item(t0))
            .len(),
        5
    );
}

#[test]
fn every_stdlib_kind_field_and_variant_has_a_doc_in_both_languages() {
    let analysis = kader::analyse(&[], None);
    let schema = &analysis.schema;
    let mut missing = Vec::new();
    let mut see = |what: String, doc: Option<&kader::schema::Doc>| match doc {
        None => missing.push(format!("{what}: no doc")),
        Some(d) if d.en.is_none() => missing.push(format!("{what}: no English doc")),
        Some(_) => {}
    };
    for kind in schema.kinds() {
        see(format!("soort {}", kind.names.nl), kind.doc.as_ref());
        for field in &kind.fields {
            see(
                format!("{}.{}", kind.names.nl, field.names.nl),
                field.doc.as_ref(),
            );
        }
    }
    for choice in schema.choices() {
        see(format!("keuze {}", choice.names.nl), choice.doc.as_ref());
        for variant in &choice.variants {
            see(
                format!("{}.{}", choice.names.nl, variant.names.nl),
                variant.doc.as_ref(),
            );
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_helper_reads_annotations_in_the_config() {
    check_where(
        r#"//- /kader.toml
[project]
taal = "fr"
#      ^^^^ fout: taal
//- /team.kader
team t { omschrijving: "T" }
"#,
        |code| code.starts_with("K03") && code != "K0308",
    );
}
