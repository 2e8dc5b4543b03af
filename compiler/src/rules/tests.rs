//! Tests of the rule engine with small rules of their own (codes `T-…`),
//! so they do not depend on the catalogue in the stdlib.

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
            d.code.as_str().starts_with("K05")
                || d.code.as_str().starts_with("K02")
                || d.code.as_str().starts_with("K01")
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
        .filter(|d| d.code.as_str().starts_with("K05"))
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
    assert!(a
        .diagnostics()
        .any(|d| d.code.as_str().starts_with("K02") || d.code.as_str().starts_with("K01")));
}
