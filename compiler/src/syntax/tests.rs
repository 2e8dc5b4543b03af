//! Unit tests of the parser: shapes of trees and the wording of errors.
//! The data-driven corpus with rendered snapshots lives in `tests/`.

use super::*;
use crate::ast::*;

fn parse_ok(text: &str) -> SourceFile {
    let parsed = parse(FileId(0), text);
    let msgs: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} @{}..{}",
                d.code, d.message.nl, d.span.start, d.span.end
            )
        })
        .collect();
    assert!(msgs.is_empty(), "unexpected diagnostics: {msgs:#?}");
    parsed.tree
}

fn errors(text: &str) -> Vec<(String, String, String)> {
    parse(FileId(0), text)
        .diagnostics
        .into_iter()
        .map(|d| {
            let at = text.get(d.span.range()).unwrap_or("").to_string();
            (d.code.to_string(), d.message.nl.to_string(), at)
        })
        .collect()
}

fn instance(item: &Item) -> &Instance {
    match &item.kind {
        ItemKind::Instance(i) => i,
        other => panic!("expected an instance, got {other:?}"),
    }
}

fn field<'a>(i: &'a Instance, name: &str) -> &'a ValueKind {
    &i.fields()
        .find(|f| f.name.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
        .value
        .kind
}

#[test]
fn every_literal_form() {
    let tree = parse_ok(
        r#"
beleid x {
    titel: "a \"b\" \u{e9}"
    aanleiding: """
        Eerste regel.
          Tweede.
        """
    getal: 42
    deel: 0.5
    datum: 2024-02-29
    periode: 2024-05-09 .. 2024-05-12
    open: 2024-05-09 ..
    termijn: 14 dagen,
    ander: 3 months;
    vlag: ja
    flag: false
    ref: geïnformeerd
    lijst: [a, b,
        c,]
    leeg: []
}
"#,
    );
    let i = instance(&tree.items[0]);
    assert_eq!(field(i, "titel"), &ValueKind::Text("a \"b\" é".into()));
    assert_eq!(
        field(i, "aanleiding"),
        &ValueKind::TextBlock("Eerste regel.\n  Tweede.".into())
    );
    assert_eq!(field(i, "getal"), &ValueKind::Integer(42));
    assert_eq!(field(i, "deel"), &ValueKind::Decimal(0.5));
    assert_eq!(
        field(i, "datum"),
        &ValueKind::Date(Date::new(2024, 2, 29).unwrap())
    );
    assert!(matches!(
        field(i, "periode"),
        ValueKind::Period { end: Some(_), .. }
    ));
    assert!(matches!(
        field(i, "open"),
        ValueKind::Period { end: None, .. }
    ));
    assert_eq!(
        field(i, "termijn"),
        &ValueKind::Duration(Duration {
            amount: 14,
            unit: DurationUnit::Day
        })
    );
    assert_eq!(
        field(i, "ander"),
        &ValueKind::Duration(Duration {
            amount: 3,
            unit: DurationUnit::Month
        })
    );
    assert_eq!(field(i, "vlag"), &ValueKind::Bool(true));
    assert_eq!(field(i, "flag"), &ValueKind::Bool(false));
    assert_eq!(field(i, "ref"), &ValueKind::Ref("geïnformeerd".into()));
    let ValueKind::List(l) = field(i, "lijst") else {
        panic!()
    };
    assert_eq!(l.len(), 3);
    assert_eq!(field(i, "leeg"), &ValueKind::List(vec![]));
}

#[test]
fn every_duration_spelling_and_boolean() {
    for (word, unit) in DurationUnit::SPELLINGS {
        let tree = parse_ok(&format!("b x {{ d: 2 {word} }}"));
        assert_eq!(
            field(instance(&tree.items[0]), "d"),
            &ValueKind::Duration(Duration {
                amount: 2,
                unit: *unit
            }),
            "{word}"
        );
    }
    for (word, value) in [
        ("ja", true),
        ("nee", false),
        ("yes", true),
        ("no", false),
        ("waar", true),
        ("onwaar", false),
        ("true", true),
        ("false", false),
    ] {
        let tree = parse_ok(&format!("b x {{ v: {word} }}"));
        assert_eq!(
            field(instance(&tree.items[0]), "v"),
            &ValueKind::Bool(value)
        );
    }
}

#[test]
fn nested_items_labels_and_one_line_fields() {
    let tree = parse_ok(
        r#"beleid x {
    bron facebook "Buurtgroep Tanthof-Oost" {
        toegang: openbaar
    }
    source x { access: public  account: none  interaction: none }
    afwijking AVG-FG { motivering: "m" }
}"#,
    );
    let i = instance(&tree.items[0]);
    let nested: Vec<&Instance> = i.nested().map(instance).collect();
    assert_eq!(nested.len(), 3);
    assert_eq!(
        nested[0].label.as_ref().map(|l| l.value.as_str()),
        Some("Buurtgroep Tanthof-Oost")
    );
    assert_eq!(nested[1].fields().count(), 3);
    assert_eq!(
        nested[2].name.as_ref().map(|n| n.name.as_str()),
        Some("AVG-FG")
    );
}

#[test]
fn doc_comments_attach_to_the_next_thing() {
    let tree = parse_ok(
        "/// Over het beleid.\n/// Tweede regel.\nbeleid x {\n    /// Over de titel.\n    titel: \"t\"\n    // gewoon commentaar\n    doel: a\n}\n",
    );
    let item = &tree.items[0];
    assert_eq!(
        item.doc.as_ref().map(|d| d.text.as_str()),
        Some("Over het beleid.\nTweede regel.")
    );
    let i = instance(item);
    let docs: Vec<Option<&str>> = i
        .fields()
        .map(|f| f.doc.as_ref().map(|d| d.text.as_str()))
        .collect();
    assert_eq!(docs, vec![Some("Over de titel."), None]);
    assert_eq!(tree.comments.len(), 4);
}

#[test]
fn schema_declarations() {
    let tree = parse_ok(
        r#"
/// Een beleid.
soort beleid / policy {
    /// Titel. / Title.
    titel / title: tekst verplicht
    taak / task: [wettelijke_taak]
    verantwoordelijke / controller: bestuursorgaan verplicht wet [avg_4_7, gemw_172_1]
    bron / source: [bron] genest
    naam: tekst
}
soort bron / source: platform { toegang / access: toegang }
keuze grondslag / legal_basis {
    /// Toestemming.
    toestemming / consent wet avg_6_1_a
    publieke_taak / public_task wet [avg_6_1_e],
    overig
}
wettelijke_taak gemeentewet_172 / municipalities_act_172 {
    omschrijving: "Openbare orde"
}
"#,
    );
    let ItemKind::Soort(s) = &tree.items[0].kind else {
        panic!()
    };
    assert_eq!(s.fields.len(), 5);
    assert_eq!(
        s.fields[0]
            .modifiers
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["verplicht"]
    );
    assert!(matches!(&s.fields[1].ty, TypeExpr::List(..)));
    assert_eq!(s.fields[2].law.len(), 2);
    assert_eq!(
        s.fields[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("Titel. / Title.")
    );
    let ItemKind::Soort(b) = &tree.items[1].kind else {
        panic!()
    };
    assert!(b.name_type.is_some());
    let ItemKind::Keuze(k) = &tree.items[2].kind else {
        panic!()
    };
    assert_eq!(k.variants.len(), 3);
    assert_eq!(k.variants[0].law.len(), 1);
    assert_eq!(
        k.variants[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("Toestemming.")
    );
    let t = instance(&tree.items[3]);
    assert_eq!(
        t.name_en.as_ref().map(|n| n.name.as_str()),
        Some("municipalities_act_172")
    );
}

#[test]
fn missing_colon_is_named_in_plain_words() {
    let errs = errors("beleid x {\n    titel \"Markt\"\n    doel: openbare_orde\n}\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "K0106");
    assert!(
        errs[0].1.contains("na de veldnaam `titel` verwacht ik `:`"),
        "{errs:?}"
    );
}

#[test]
fn missing_value_keeps_the_field() {
    let parsed = parse(
        FileId(0),
        "beleid x {\n    titel:\n    doel: openbare_orde\n}\n",
    );
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert!(
        parsed.diagnostics[0]
            .message
            .nl
            .contains("na `titel:` verwacht ik een waarde"),
        "{:?}",
        parsed.diagnostics[0].message
    );
    let i = instance(&parsed.tree.items[0]);
    assert_eq!(field(i, "titel"), &ValueKind::Error);
    assert_eq!(field(i, "doel"), &ValueKind::Ref("openbare_orde".into()));
}

#[test]
fn five_mistakes_in_five_items_give_five_errors_and_keep_the_rest() {
    let text = r#"
beleid een {
    titel "a"
    doel: openbare_orde
}
beleid twee {
    titel: "b"
    periode: 2023-02-29 .. 2023-03-01
}
beleid drie {
    gegevens: [a b]
    doel: x
}
beleid vier {
    bewaartermijn: 14 dagn
    doel: x
}
beleid vijf {
    : "los"
    doel: x
}
team goed {
    omschrijving: "ongeschonden"
}
"#;
    let parsed = parse(FileId(0), text);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["K0106", "K0105", "K0111", "K0110", "K0106"],
        "{:#?}",
        parsed.diagnostics
    );
    assert_eq!(parsed.tree.items.len(), 6);
    for item in &parsed.tree.items {
        let i = instance(item);
        assert!(i.closed);
        assert!(
            i.fields().any(
                |f| ["doel", "omschrijving", "titel"].contains(&f.name.name.as_str())
                    && !matches!(f.value.kind, ValueKind::Error)
            ),
            "{i:?}"
        );
    }
}

#[test]
fn unclosed_brace_bracket_and_string_at_end_of_file() {
    for text in [
        "beleid x {\n    titel: \"a\"\n",
        "beleid x {\n    lijst: [a, b\n",
        "beleid x {\n    titel: \"a\n",
    ] {
        let parsed = parse(FileId(0), text);
        assert!(!parsed.diagnostics.is_empty(), "{text}");
        assert_eq!(parsed.tree.items.len(), 1, "{text}");
        let i = instance(&parsed.tree.items[0]);
        assert!(!i.closed);
        assert_eq!(i.fields().count(), 1, "{text}");
    }
    let errs = errors("beleid x {\n    titel: \"a\"\n");
    assert_eq!(
        errs,
        vec![(
            "K0107".to_string(),
            "het blok dat hier begint, is niet afgesloten met `}`".to_string(),
            "{".to_string()
        )]
    );
}

#[test]
fn a_missing_colon_before_a_name_is_not_taken_for_an_item() {
    let errs = errors("beleid x {\n  bron facebook {\n    toegang openbaar\n  }\n  doel: x\n}");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0]
            .1
            .starts_with("na de veldnaam `toegang` verwacht ik `:`"),
        "{errs:?}"
    );
    let errs = errors("x: y\nbeleid y { a: b }");
    assert!(
        errs[0]
            .1
            .contains("staat niet binnen de `{ }` van een onderdeel"),
        "{errs:?}"
    );
}

#[test]
fn a_loose_doc_comment_is_a_warning() {
    let parsed = parse(
        FileId(0),
        "beleid x {\n    titel: \"a\"\n    /// niets\n}\n",
    );
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code.as_str(), "K0108");
    assert_eq!(parsed.diagnostics[0].severity, crate::Severity::Warning);
}

#[test]
fn messages_never_dump_token_names() {
    for text in [
        "}",
        "beleid",
        "beleid x { ] }",
        "beleid x { a: [ }",
        "x: y",
        "beleid x { a: b: c }",
        "[[[",
        "\"",
        "beleid x { a: 1 .. }",
    ] {
        for d in parse(FileId(0), text).diagnostics {
            for m in [&d.message.nl, &d.message.en] {
                assert!(
                    !m.contains("Tok") && !m.contains("Ident") && !m.contains("LBrace"),
                    "{text}: {m}"
                );
            }
        }
    }
}

#[test]
fn debug_dump() {
    let text = std::env::var("KADER_DEBUG").unwrap_or_default();
    if text.is_empty() {
        return;
    }
    let p = parse(FileId(0), &text);
    eprintln!("{:#?}", p.tree.items);
    for d in p.diagnostics {
        eprintln!("{} {:?} {}", d.code, d.span.range(), d.message.nl);
    }
}

#[test]
fn rules_and_parameters() {
    let tree = parse_ok(
        r#"
/// Gemeenteambtenaren mogen geen fictief of persoonlijk account gebruiken.
regel OO-NEPACCOUNT {
    ernst: fout                      // fout | waarschuwing | info
    afwijkbaar: nee
    wet: [kamerbrief_2022_monitoring, avg_5_1_a]
    samenvatting { nl: "Geen nepaccounts." en: "No fake accounts." }
    zodra {
        b in beleid.bron
        b.account in [fictief, persoonlijk]
    }
    wijs: b.account
    ook: [beleid.doel]
    melding {
        nl: "Bron {b}: een {b.account} account mag niet worden gebruikt."
        en: "Source {b}: a {b.account} account may not be used."
    }
    hulp { nl: "Gebruik een herkenbaar account." en: "Use a recognisable account." }
    uitleg {
        nl: """
            Lange uitleg.
            """
        en: """
            Long explanation.
            """
    }
    oplossing: zet b.account = organisatie
}

parameter stelselmatig_max_duur / systematic_max_duration: duur = 7 dagen

rule OO-STELSELMATIG {
    severity: error
    when {
        beleid.gericht_op in [persoon, groep]
        laat factoren = [
            "heimelijke methode" / "covert method" als aantal_waar([b.account in [fictief, persoonlijk] of b.toegang == besloten]) > 0,
            "meer dan één bron" / "more than one source" als aantal(beleid.bron) >= 2 of niet leeg(beleid.koppelingen),
            "lang" / "long" als duur(beleid.periode) > stelselmatig_max_duur of ontbreekt(beleid.periode.eind),
        ]
        niet leeg(factoren) en niet (beleid.methode == handmatig)
        beleid.bewaartermijn niet in [1 dag, 2 dagen]
        beleid.fg_advies <= 2024-05-03
    }
    point: beleid.gericht_op
    fix: verwijder beleid.koppelingen
}
"#,
    );
    assert_eq!(tree.items.len(), 3);
    let ItemKind::Regel(r) = &tree.items[0].kind else {
        panic!("{:?}", tree.items[0].kind)
    };
    assert_eq!(r.code.name, "OO-NEPACCOUNT");
    assert_eq!(r.members.len(), 11);
    let RegelMember::Zodra { clauses, .. } = &r.members[4] else {
        panic!()
    };
    assert_eq!(clauses.len(), 2);
    assert!(matches!(
        &clauses[1].kind,
        ExprKind::Binary { op: BinOp::In, .. }
    ));
    assert!(matches!(
        &r.members[10],
        RegelMember::Fix {
            fix: FixAction::Set { .. },
            ..
        }
    ));
    assert!(tree.items[0].doc.is_some());
    let ItemKind::Parameter(p) = &tree.items[1].kind else {
        panic!()
    };
    assert!(matches!(p.default.kind, ValueKind::Duration(_)));
    let ItemKind::Regel(r) = &tree.items[2].kind else {
        panic!()
    };
    let RegelMember::Zodra { clauses, .. } = &r.members[1] else {
        panic!()
    };
    assert_eq!(clauses.len(), 5, "{clauses:#?}");
    assert!(matches!(&clauses[1].kind, ExprKind::Let { .. }));
    assert!(matches!(
        &clauses[3].kind,
        ExprKind::Binary {
            op: BinOp::NotIn,
            ..
        }
    ));
}

#[test]
fn a_broken_clause_keeps_the_rest_of_the_rule() {
    let parsed = parse(FileId(0), "regel X-Y {\n    zodra {\n        beleid.doel ==\n        beleid.grondslag == toestemming\n    }\n    wijs: beleid.grondslag\n}\n");
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    let ItemKind::Regel(r) = &parsed.tree.items[0].kind else {
        panic!()
    };
    assert_eq!(r.members.len(), 2);
}

#[test]
fn a_toets_parses_in_both_spellings() {
    let nl = parse_ok("/// Doc.\ntoets kort / short {\n    beleid: b\n    wijzig {\n        periode: 2025-03-04 .. 2025-03-06\n    }\n    verwacht: []\n    niet_verwacht: [OO-STELSELMATIG, OO-STELSELMATIG-RISICO]\n}\n");
    let item = &nl.items[0];
    assert_eq!(item.doc.as_ref().map(|d| d.text.as_str()), Some("Doc."));
    let ItemKind::Toets(t) = &item.kind else {
        panic!("expected a toets, got {:?}", item.kind);
    };
    assert_eq!(t.names.nl.name, "kort");
    assert_eq!(t.names.en.as_ref().map(|n| n.name.as_str()), Some("short"));
    let keys: Vec<&str> = t
        .members
        .iter()
        .filter_map(|m| m.key())
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(keys, ["beleid", "wijzig", "verwacht", "niet_verwacht"]);
    let ToetsMember::Wijzig {
        members, closed, ..
    } = &t.members[1]
    else {
        panic!("expected wijzig");
    };
    assert!(closed);
    assert!(matches!(&members[0], Member::Field(f) if f.name.name == "periode"));
    let ToetsMember::Setting { value, .. } = &t.members[3] else {
        panic!("expected a setting");
    };
    assert!(
        matches!(&value.kind, ValueKind::List(codes) if codes.len() == 2 && matches!(&codes[1].kind, ValueKind::Ref(c) if c == "OO-STELSELMATIG-RISICO"))
    );

    let en = parse_ok("test t { policy: b change { period: 2025-03-04 .. 2025-03-06 } expect: [X] expect_not: [Y] }");
    assert!(matches!(&en.items[0].kind, ItemKind::Toets(t) if t.members.len() == 4));
}

#[test]
fn a_broken_toets_member_is_skipped_and_the_rest_kept() {
    let text = "toets t {\n    beleid: b\n    verwachting: [X]\n    niet_verwacht: [Y]\n}\n";
    let found = errors(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.starts_with("K01"), "{found:?}");
    let tree = parse(FileId(0), text).tree;
    let ItemKind::Toets(t) = &tree.items[0].kind else {
        panic!("expected a toets");
    };
    assert_eq!(t.members.len(), 3);
    assert!(matches!(t.members[1], ToetsMember::Error(_)));
    assert!(
        matches!(&t.members[2], ToetsMember::Setting { key, .. } if key.name == "niet_verwacht")
    );
    // An unclosed test is reported, its members kept.
    let found = errors("toets t {\n    beleid: b\n");
    assert!(
        found
            .iter()
            .any(|(_, m, _)| m.contains('}') || m.contains("accolade")),
        "{found:?}"
    );
}
