//! Tests of the rule engine with small rules of their own (codes `T-…`),
//! so they do not depend on the catalogue in the stdlib.

use crate::catalogue::category;
use crate::diagnostics::codes::Category;
use crate::{analyse, Analysis, Diagnostic, Severity, Source};

const RULES: &str = r#"
parameter t_max / t_max_en: duur = 7 dagen

regel T-NEP {
    ernst: fout
    afwijkbaar: nee
    wet: [avg_5_1_a]
    zodra {
        b in beleid.bron
        b.account in [fictief, persoonlijk]
    }
    wijs: b.account
    melding {
        nl: "Bron {b}: een {b.account} account mag niet."
        en: "Source {b}: a {b.account} account is not allowed."
    }
    oplossing: zet b.account = organisatie
}

regel T-LOG {
    ernst: waarschuwing
    afwijkbaar: ja
    zodra { niet (beleid.logboek == ja) }
    wijs: beleid.logboek
    melding { nl: "Geen logboek." en: "No log." }
    oplossing: zet beleid.logboek = ja
}

regel T-LANG {
    ernst: waarschuwing
    afwijkbaar: ja
    zodra { duur(beleid.periode) > t_max of open(beleid.periode) }
    wijs: beleid.periode
    melding { nl: "Langer dan {t_max}." en: "Longer than {t_max}." }
}

regel T-KOPPEL {
    ernst: info
    zodra { niet leeg(beleid.koppelingen) }
    wijs: beleid.koppelingen
    melding { nl: "Koppelingen: {beleid.koppelingen}." en: "Linked: {beleid.koppelingen}." }
    oplossing: verwijder beleid.koppelingen
}

regel T-PROJECTIE {
    ernst: info
    zodra {
        laat redenen = ["meer bronnen" / "more sources" als aantal(beleid.bron) >= 2, "besloten" / "closed" als beleid.bron.toegang in [besloten]]
        niet leeg(redenen)
    }
    melding { nl: "Redenen: {redenen}." en: "Reasons: {redenen}." }
}
"#;

fn policy(body: &str) -> String {
    format!(
        "beleid p {{\n    titel: \"t\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    grondslag: publieke_taak\n{body}}}\n"
    )
}

fn run(policy_text: &str, toml: Option<&str>) -> Analysis {
    let sources = vec![
        Source::new("regels/t.kader", RULES),
        Source::new("beleid.kader", policy_text),
    ];
    let config = toml.map(|t| Source::new("kader.toml", t));
    analyse(&sources, config.as_ref())
}

fn found<'a>(a: &'a Analysis, code: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics()
        .filter(|d| d.code.as_str() == code)
        .collect()
}

fn text_at(a: &Analysis, d: &Diagnostic) -> String {
    let f = a.file(d.span.file).unwrap();
    f.text[d.span.range()].to_string()
}

fn no_rule_errors(a: &Analysis) {
    let bad: Vec<String> = a
        .diagnostics()
        .filter(|d| {
            matches!(
                category(&d.code),
                Some(Category::Rules | Category::Names | Category::Schema | Category::Syntax)
            )
        })
        .map(|d| format!("{} {}", d.code, d.message.nl))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn a_binding_rule_fires_once_per_matching_source() {
    let text = policy(
        "    bron facebook \"Buurtgroep\" {\n        account: fictief\n    }\n    bron x {\n        account: organisatie\n    }\n    bron instagram {\n        account: persoonlijk\n    }\n    logboek: ja\n",
    );
    let a = run(&text, None);
    no_rule_errors(&a);
    let d = found(&a, "T-NEP");
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(text_at(&a, d[0]), "fictief");
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(
        d[0].message.nl,
        "Bron facebook \u{201c}Buurtgroep\u{201d}: een fictief account mag niet."
    );
    assert_eq!(
        d[0].message.en,
        "Source facebook \u{201c}Buurtgroep\u{201d}: a fictitious account is not allowed."
    );
    assert_eq!(d[0].item.as_deref(), Some("p"));
    assert_eq!(d[0].law.first().map(|l| l.id.as_str()), Some("avg_5_1_a"));
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.edits[0].new_text, "organisatie");
    assert_eq!(
        text_at(
            &a,
            &Diagnostic {
                span: fix.edits[0].span,
                ..d[0].clone()
            }
        ),
        "fictief"
    );
    assert_eq!(text_at(&a, d[1]), "persoonlijk");
}

#[test]
fn a_missing_field_makes_a_comparison_false_and_points_at_the_name() {
    // `logboek` missing: `niet (logboek == ja)` holds, and the diagnostic
    // points at the policy's name with a fix that adds the field.
    let text = policy("    periode: 2024-05-09 .. 2024-05-10\n");
    let a = run(&text, None);
    no_rule_errors(&a);
    let d = found(&a, "T-LOG");
    assert_eq!(d.len(), 1);
    assert_eq!(text_at(&a, d[0]), "p");
    let edit = &d[0].fix.as_ref().unwrap().edits[0];
    assert_eq!(edit.new_text, "\n    logboek: ja");
    // The near miss: with `logboek: ja` nothing fires, and a period within
    // the parameter does not fire T-LANG.
    let a = run(
        &policy("    logboek: ja\n    periode: 2024-05-09 .. 2024-05-15\n"),
        None,
    );
    assert!(found(&a, "T-LOG").is_empty());
    assert!(found(&a, "T-LANG").is_empty());
}

#[test]
fn durations_periods_and_parameters() {
    let a = run(
        &policy("    logboek: ja\n    periode: 2024-05-09 .. 2024-05-16\n"),
        None,
    );
    let d = found(&a, "T-LANG");
    assert_eq!(d.len(), 1, "8 days is longer than 7");
    assert_eq!(d[0].message.nl, "Langer dan 7 dagen.");
    let a = run(
        &policy("    logboek: ja\n    periode: 2024-05-09 ..\n"),
        None,
    );
    assert_eq!(found(&a, "T-LANG").len(), 1, "an open period is long");
    // kader.toml raises the threshold.
    let a = run(
        &policy("    logboek: ja\n    periode: 2024-05-09 .. 2024-05-16\n"),
        Some("[parameters]\nt_max = \"2 weken\"\n"),
    );
    assert!(found(&a, "T-LANG").is_empty());
    let a = run(
        &policy("    logboek: ja\n"),
        Some("[parameters]\nt_max = \"een week\"\nonbekend = \"1 dag\"\n"),
    );
    assert_eq!(found(&a, "K0508").len(), 2);
}

#[test]
fn lists_with_conditions_and_projection() {
    let text = policy("    logboek: ja\n    bron x {\n        toegang: openbaar\n    }\n    bron facebook {\n        toegang: besloten\n    }\n");
    let a = run(&text, None);
    let d = found(&a, "T-PROJECTIE");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.nl, "Redenen: meer bronnen, besloten.");
    assert_eq!(d[0].message.en, "Reasons: more sources, closed.");
    let a = run(
        &policy("    logboek: ja\n    bron x {\n        toegang: openbaar\n    }\n"),
        None,
    );
    assert!(found(&a, "T-PROJECTIE").is_empty());
}

#[test]
fn remove_fix_takes_the_whole_line() {
    let text = policy("    logboek: ja\n    koppelingen: [brp, zorg]\n");
    let a = run(&text, None);
    let d = found(&a, "T-KOPPEL");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.nl, "Koppelingen: brp, zorg.");
    let edit = &d[0].fix.as_ref().unwrap().edits[0];
    assert_eq!(edit.new_text, "");
    assert_eq!(&text[edit.span.range()], "    koppelingen: [brp, zorg]\n");
}

#[test]
fn exceptions_waive_refuse_and_go_stale() {
    let exc = |code: &str, motivation: &str| {
        format!("    afwijking {code} {{\n        motivering: \"{motivation}\"\n        besloten_door: burgemeester\n        datum: 2024-05-01\n    }}\n")
    };
    // Waivable rule that fires: becomes info quoting the motivation.
    let a = run(
        &policy(&exc("T-LOG", "Handmatig bijgehouden in het dossier.")),
        None,
    );
    let d = found(&a, "T-LOG");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Info);
    assert!(
        d[0].message
            .nl
            .contains("Handmatig bijgehouden in het dossier."),
        "{}",
        d[0].message.nl
    );
    // Not waivable: an error on the exception, and the rule still fires.
    let text = policy(&format!(
        "    logboek: ja\n    bron x {{\n        account: fictief\n    }}\n{}",
        exc("T-NEP", "Nodig.")
    ));
    let a = run(&text, None);
    assert_eq!(found(&a, "K0505").len(), 1);
    assert_eq!(found(&a, "T-NEP")[0].severity, Severity::Error);
    // Stale: the rule does not fire.
    let a = run(
        &policy(&format!("    logboek: ja\n{}", exc("T-LOG", "Oud."))),
        None,
    );
    let stale = found(&a, "K0507");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].severity, Severity::Warning);
    // Unknown code, and an empty motivation.
    let a = run(
        &policy(&format!("    logboek: ja\n{}", exc("T-LOGG", "x"))),
        None,
    );
    assert_eq!(found(&a, "K0504").len(), 1);
    assert!(found(&a, "K0504")[0]
        .help
        .as_ref()
        .unwrap()
        .nl
        .contains("T-LOG"));
    let a = run(&policy(&exc("T-LOG", " ")), None);
    assert_eq!(found(&a, "K0506").len(), 1);
}

#[test]
fn kader_toml_switches_rules_off_or_changes_severity() {
    let text = policy("    bron x {\n        account: fictief\n    }\n");
    let a = run(
        &text,
        Some("[regels]\n\"T-LOG\" = \"uit\"\n\"T-NEP\" = \"waarschuwing\"\n"),
    );
    assert!(found(&a, "T-LOG").is_empty());
    assert_eq!(found(&a, "T-NEP")[0].severity, Severity::Warning);
}

#[test]
fn mistakes_in_rules_are_compile_errors_in_the_rule_file() {
    let bad = r#"
regel T-FOUT {
    ernst: fout
    wet: [avg_5_1_z]
    zodra {
        beleid.logbok == ja
        beleid.grondslag == toestemmin
        beleid.bewaartermijn > 2024-01-01
        tel(beleid.bron) > 1
    }
    melding { nl: "x" en: "x" }
}
regel T-LEEG {
    zodra { beleid.logboek == ja }
}
"#;
    let a = analyse(
        &[
            Source::new("regels/fout.kader", bad),
            Source::new("beleid.kader", policy("")),
        ],
        None,
    );
    let codes: Vec<(String, String)> = a
        .diagnostics()
        .filter(|d| category(&d.code) == Some(Category::Rules))
        .map(|d| {
            (
                d.code.to_string(),
                a.file(d.span.file).unwrap().text[d.span.range()].to_string(),
            )
        })
        .collect();
    let expected = [
        ("K0501", "avg_5_1_z"),
        ("K0501", "logbok"),
        ("K0501", "toestemmin"),
        ("K0502", "2024-01-01"),
        ("K0501", "tel"),
        ("K0503", "T-LEEG"),
        ("K0503", "T-LEEG"),
    ];
    for (code, at) in expected {
        assert!(
            codes.contains(&(code.to_string(), at.to_string())),
            "missing {code} at {at}: {codes:#?}"
        );
    }
    // Did-you-mean on the field typo; a broken rule does not run.
    let typo = a
        .diagnostics()
        .find(|d| d.message.nl.contains("logbok"))
        .unwrap();
    assert!(typo.help.as_ref().unwrap().nl.contains("logboek"));
    assert!(found(&a, "T-FOUT").is_empty());
}

#[test]
fn a_runaway_rule_stops_at_the_budget() {
    let heavy = r#"
regel T-ZWAAR {
    ernst: info
    zodra {
        a in beleid.bron
        b in beleid.bron
        c in beleid.bron
        d in beleid.bron
        e in beleid.bron
        a.account == b.account
    }
    melding { nl: "x" en: "x" }
}
"#;
    let sources: String = (0..20)
        .map(|i| format!("    bron x \"{i}\" {{\n        account: organisatie\n    }}\n"))
        .collect();
    let a = analyse(
        &[
            Source::new("regels/zwaar.kader", heavy),
            Source::new("beleid.kader", policy(&sources)),
        ],
        None,
    );
    assert_eq!(found(&a, "K0509").len(), 1);
    assert!(found(&a, "T-ZWAAR").is_empty());
}

#[test]
fn an_unreadable_value_gives_one_diagnostic_not_a_cascade() {
    // `logboek: jaa` is a typo the checker reports; T-LOG must not add
    // "no log", and `ontbreekt` must not call the field missing.
    let a = run(
        &policy("    logboek: jaa\n    periode: 2024-05-09 .. 2024-05-1x\n"),
        None,
    );
    assert!(found(&a, "T-LOG").is_empty(), "{:#?}", found(&a, "T-LOG"));
    assert!(found(&a, "T-LANG").is_empty());
    assert!(a.diagnostics().any(|d| matches!(
        category(&d.code),
        Some(Category::Names | Category::Schema | Category::Syntax)
    )));
}

/// Rules that use the v1 additions of the language, with a policy-file
/// runner of their own.
const V1_RULES: &str = r#"
parameter t_termen / t_terms: [tekst] = ["gemeente", "politie"]

definitie t_koppelt / t_links = niet leeg(beleid.koppelingen)
definitie t_lang / t_long = duur(beleid.periode) > 7 dagen of beleid.terugkijkperiode > 7 dagen
definitie t_beide / t_both = t_koppelt en t_lang

regel T-DEF {
    ernst: waarschuwing
    zodra { t_beide }
    wijs: t_lang
    melding { nl: "Beide, {aantal(beleid.koppelingen)} koppeling(en)." en: "Both." }
}

regel T-NIETIN {
    ernst: info
    zodra { beleid.ontvangers niet in [niemand] }
    wijs: beleid.ontvangers
    melding { nl: "Ontvangers." en: "Recipients." }
}

regel T-ALGEMEEN {
    ernst: info
    zodra { aandeel(beleid.zoektermen, t_termen, gemeente()) >= 0.5 }
    wijs: [beleid.methode, beleid.zoektermen]
    melding { nl: "Algemeen: {overlap(beleid.zoektermen, t_termen, gemeente())}." en: "General." }
}

regel T-GROND {
    ernst: fout
    afwijkbaar: ja
    zodra { beleid.logboek == nee }
    wijs: beleid.logboek
    melding { nl: "Geen logboek." en: "No log." }
    motivering {
        patroon: "(?i)\\bgrond\\s+[a-c]\\b"
        nl: "Noem grond a, b of c."
        en: "Name ground a, b or c."
    }
}
"#;

fn run_v1(policy_text: &str, toml: Option<&str>) -> Analysis {
    let sources = vec![
        Source::new("regels/v1.kader", V1_RULES),
        Source::new("beleid.kader", policy_text),
    ];
    let config = toml.map(|t| Source::new("kader.toml", t));
    analyse(&sources, config.as_ref())
}

#[test]
fn a_definition_is_shared_and_points_at_the_operand_that_held() {
    // Only the lookback is long: `wijs: t_lang` points at it, not at the period.
    let text = policy(
        "    periode: 2024-05-09 .. 2024-05-10\n    terugkijkperiode: 1 maand\n    koppelingen: [brp]\n",
    );
    let a = run_v1(&text, None);
    no_rule_errors(&a);
    let d = found(&a, "T-DEF");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(text_at(&a, d[0]), "1 maand");
    assert_eq!(d[0].message.nl, "Beide, 1 koppeling(en).");
    let ours = a
        .rules
        .definitions
        .iter()
        .filter(|d| d.names.nl.starts_with("t_"));
    assert_eq!(ours.count(), 3);
    // Near miss: linked but short.
    let a = run_v1(
        &policy("    periode: 2024-05-09 .. 2024-05-10\n    koppelingen: [brp]\n"),
        None,
    );
    assert!(found(&a, "T-DEF").is_empty());
}

#[test]
fn a_definition_sees_only_definitions_above_it_and_names_do_not_clash() {
    let rules =
        "definitie t_a = t_b\ndefinitie t_b = beleid.logboek == ja\ndefinitie beleid = ja\n";
    let a = analyse(&[Source::new("regels/x.kader", rules)], None);
    let codes: Vec<&str> = a.diagnostics().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"K0501"),
        "a forward reference is unknown: {codes:?}"
    );
    assert!(codes.contains(&"K0512"), "a clash with `beleid`: {codes:?}");
}

#[test]
fn niet_in_over_a_list_means_some_element_is_not_in_it() {
    for (recipients, fires) in [
        ("[niemand]", false),
        ("[politie]", true),
        ("[niemand, politie]", true),
        ("[]", false),
    ] {
        let a = run_v1(&policy(&format!("    ontvangers: {recipients}\n")), None);
        assert_eq!(!found(&a, "T-NIETIN").is_empty(), fires, "{recipients}");
    }
}

#[test]
fn list_parameters_municipality_and_share() {
    // Two of three terms are generic; the message lists them as written.
    let text = policy("    zoektermen: [\"Politie\", \"delft\", \"markt\"]\n");
    let a = run_v1(&text, Some("[project]\ngemeente = \"Delft\"\n"));
    no_rule_errors(&a);
    let d = found(&a, "T-ALGEMEEN");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.nl, "Algemeen: Politie, delft.");
    // `wijs` falls through to the first alternative the policy gives.
    assert_eq!(text_at(&a, d[0]), "[\"Politie\", \"delft\", \"markt\"]");
    // Without the municipality one of three is generic: below half.
    assert!(found(&run_v1(&text, None), "T-ALGEMEEN").is_empty());
    // The list is overridden in kader.toml.
    let a = run_v1(
        &text,
        Some("[parameters]\nt_termen = [\"markt\", \"politie\"]\n"),
    );
    assert_eq!(found(&a, "T-ALGEMEEN").len(), 1);
    // A text where a list is expected is a clear error.
    let a = run_v1(&text, Some("[parameters]\nt_termen = \"markt\"\n"));
    assert_eq!(found(&a, "K0508").len(), 1);
}

#[test]
fn an_interpolation_that_is_no_expression_is_a_compile_error() {
    let rules = "regel T-X {\n    ernst: info\n    zodra { beleid.logboek == ja }\n    melding { nl: \"{aantal(}\" en: \"x\" }\n}\n";
    let a = analyse(&[Source::new("regels/x.kader", rules)], None);
    assert!(a.diagnostics().any(|d| d.code.as_str() == "K0503"));
}

#[test]
fn an_exception_must_name_the_ground_the_rule_asks_for() {
    let exception = |motivation: &str| {
        policy(&format!(
            "    logboek: nee\n    afwijking T-GROND {{\n        motivering: \"{motivation}\"\n        besloten_door: burgemeester\n        datum: 2024-05-01\n    }}\n"
        ))
    };
    let a = run_v1(&exception("Spoed."), None);
    assert_eq!(found(&a, "K0513").len(), 1);
    assert_eq!(found(&a, "T-GROND")[0].severity, Severity::Error);
    let a = run_v1(&exception("Op grond b besloten."), None);
    assert!(found(&a, "K0513").is_empty());
    assert_eq!(found(&a, "T-GROND")[0].severity, Severity::Info);
}

#[test]
fn a_label_for_a_truth_value_quotes_the_words_that_decided_it() {
    let rules = r#"
regel T-HEIMELIJK {
    ernst: fout
    zodra {
        b in beleid.bron
        laat heimelijk = b.account in [fictief, persoonlijk] of b.interactie == onder_schuilnaam
        heimelijk
    }
    wijs: b
    ook: [heimelijk]
    melding { nl: "Heimelijk." en: "Covert." }
}
"#;
    for (source, decided) in [
        ("account: fictief\n        interactie: geen", "fictief"),
        (
            "account: organisatie\n        interactie: onder_schuilnaam",
            "onder_schuilnaam",
        ),
    ] {
        let text = policy(&format!("    bron x {{\n        {source}\n    }}\n"));
        let a = analyse(
            &[
                Source::new("regels/r.kader", rules),
                Source::new("beleid.kader", text.as_str()),
            ],
            None,
        );
        let d = found(&a, "T-HEIMELIJK");
        assert_eq!(d.len(), 1, "{source}");
        assert_eq!(d[0].labels.len(), 1, "{:#?}", d[0].labels);
        assert_eq!(d[0].labels[0].message.nl, format!("`{decided}`"));
        let f = a.file(d[0].labels[0].span.file).unwrap();
        assert_eq!(&f.text[d[0].labels[0].span.range()], decided);
    }
}

#[test]
fn the_compiler_records_what_each_name_resolved_to() {
    use super::{Builtin, Resolved};
    let a = run(&policy(""), None);
    no_rule_errors(&a);
    let file = a
        .files
        .iter()
        .find(|f| f.path == "regels/t.kader")
        .unwrap()
        .id;
    let at = |needle: &str, skip: usize| {
        let offset = RULES.find(needle).unwrap() + skip;
        a.rules.resolved.at(file, offset as u32)
    };
    let policy = a.schema.kind_named("beleid").unwrap();
    let source = policy.field_named("bron").unwrap();
    let crate::schema::Type::Kind(source_kind) = source.ty.element() else {
        panic!("{:?}", source.ty)
    };
    let account = a.schema.kind(*source_kind).unwrap();
    let account_field = account.field_named("account").unwrap();
    let crate::schema::Type::Choice(choice) = *account_field.ty.element() else {
        panic!("{:?}", account_field.ty)
    };
    let fictief = a
        .schema
        .choice(choice)
        .unwrap()
        .variant_named("fictief")
        .unwrap();

    assert_eq!(at("beleid.bron", 0), Some(Resolved::Kind(policy.id)));
    assert_eq!(
        at("beleid.bron", 7),
        Some(Resolved::Field(policy.id, source.id))
    );
    // A name the rule binds itself is the author's: nothing is recorded.
    assert_eq!(at("b in beleid", 0), None);
    assert_eq!(at("b.account in", 0), None);
    assert_eq!(
        at("b.account in", 2),
        Some(Resolved::Field(account.id, account_field.id))
    );
    assert_eq!(
        at("fictief,", 0),
        Some(Resolved::Variant(choice, fictief.id))
    );
    assert_eq!(at("aantal(", 0), Some(Resolved::Function(Builtin::Count)));
    let t_max = a.rules.params.iter().position(|p| p.names.nl == "t_max");
    assert_eq!(at("> t_max", 2), t_max.map(Resolved::Param));
    // Names inside a message carry the message's span: not recorded.
    assert_eq!(at("\"Bron {b}", 0), None);
}

// ---- Decision traces ----

fn trace_of(a: &Analysis, code: &str) -> super::Trace {
    let (_, p) = a.policies().next().unwrap();
    a.trace(p, code).unwrap()
}

#[test]
fn a_trace_of_a_binding_rule_shows_the_first_match_and_counts_them() {
    let text = policy(
        "    bron x {\n        account: organisatie\n    }\n    bron facebook {\n        account: fictief\n    }\n    bron instagram {\n        account: persoonlijk\n    }\n",
    );
    let a = run(&text, None);
    let t = trace_of(&a, "T-NEP");
    assert!(t.fired);
    assert_eq!(t.matches, 2);
    let bound = &t.clauses[0];
    assert_eq!(bound.text.nl, "b in beleid.bron");
    assert_eq!(bound.text.en, "b in policy.source");
    assert_eq!(bound.holds, Some(true));
    assert_eq!(bound.values[0].name.nl, "b");
    assert_eq!(bound.values[0].value.nl, "facebook");
    let cond = &t.clauses[1];
    assert_eq!(cond.text.nl, "b.account in [fictief, persoonlijk]");
    assert_eq!(cond.text.en, "b.account in [fictitious, personal]");
    assert_eq!(cond.holds, Some(true));
    assert_eq!(cond.values[0].value.nl, "fictief");
    let span = cond.values[0].span.unwrap();
    assert_eq!(&a.file(span.file).unwrap().text[span.range()], "fictief");
}

#[test]
fn a_trace_of_a_rule_that_did_not_fire_stops_at_the_clause_that_failed() {
    // No source with a forbidden account: the furthest the rule got is the
    // account of the last source.
    let text = policy("    bron x {\n        account: organisatie\n    }\n");
    let a = run(&text, None);
    let t = trace_of(&a, "T-NEP");
    assert!(!t.fired);
    assert_eq!(t.matches, 0);
    assert_eq!(t.clauses[0].holds, Some(true));
    assert_eq!(t.clauses[1].holds, Some(false));
    assert_eq!(t.clauses[1].values[0].value.nl, "organisatie");
    assert!(t
        .deciding(crate::Taal::Nl)
        .starts_with("niet: b.account in"));
    // Without any source the binding itself fails, and nothing after it
    // is reached.
    let a = run(&policy(""), None);
    let t = trace_of(&a, "T-NEP");
    assert_eq!(t.clauses[0].holds, Some(false));
    assert_eq!(t.clauses[1].holds, None);
}

#[test]
fn a_trace_splits_a_group_and_names_the_parameter_it_read() {
    let a = run(&policy("    periode: 2024-05-01 .. 2024-05-20\n"), None);
    let t = trace_of(&a, "T-LANG");
    assert!(t.fired);
    let group = &t.clauses[0];
    let parts: Vec<_> = group
        .children
        .iter()
        .map(|c| (c.text.nl.as_str(), c.holds))
        .collect();
    assert_eq!(
        parts,
        vec![
            ("duur(beleid.periode) > t_max", Some(true)),
            ("open(beleid.periode)", Some(false))
        ]
    );
    assert_eq!(
        group.children[0].text.en,
        "length(policy.period) > t_max_en"
    );
    assert_eq!(t.parameters.len(), 1);
    assert_eq!(t.parameters[0].value.nl, "7 dagen");
    assert!(t.parameters[0].setting.is_none());
    // Near miss: a short period; kader.toml switches the rule off.
    let a = run(
        &policy("    periode: 2024-05-01 .. 2024-05-02\n"),
        Some("[regels]\n\"T-LANG\" = \"uit\"\n"),
    );
    let t = trace_of(&a, "T-LANG");
    assert!(!t.fired && t.switched_off && t.setting.is_some());
}

#[test]
fn a_trace_shows_a_bilingual_text_in_one_language() {
    let a = run(&policy("    bron x {}\n    bron facebook {}\n"), None);
    let t = trace_of(&a, "T-PROJECTIE");
    assert!(t.fired);
    let let_clause = &t.clauses[0];
    assert!(
        let_clause
            .text
            .nl
            .starts_with("laat redenen = [\"meer bronnen\" als aantal(beleid.bron) >= 2,"),
        "{}",
        let_clause.text.nl
    );
    assert!(
        let_clause
            .text
            .en
            .starts_with("let redenen = [\"more sources\" if count(policy.source) >= 2,"),
        "{}",
        let_clause.text.en
    );
    assert_eq!(let_clause.values[0].value.en, "more sources");
}

#[test]
fn a_message_without_values_is_made_once_and_the_articles_are_shared() {
    let a = run(
        &policy("    bron x {\n        account: fictief\n    }\n"),
        None,
    );
    no_rule_errors(&a);
    let rule = |code: &str| a.rules.rules.iter().find(|r| r.code == code).unwrap();
    let fixed = |code: &str| rule(code).message.as_ref().unwrap().fixed.clone();
    assert_eq!(
        fixed("T-LOG").map(|t| (t.nl.to_string(), t.en.to_string())),
        Some(("Geen logboek.".to_string(), "No log.".to_string()))
    );
    // A message with `{...}` parts is made per finding.
    assert_eq!(fixed("T-NEP"), None);
    assert_eq!(found(&a, "T-LOG")[0].message.nl, "Geen logboek.");
    let nep = found(&a, "T-NEP");
    assert_eq!(nep.len(), 1, "{nep:#?}");
    assert!(std::sync::Arc::ptr_eq(&nep[0].law, &rule("T-NEP").law));
}
