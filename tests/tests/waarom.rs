//! Tests of decision traces (`kader::rules::Trace`, `kader waarom`): the
//! trace of OO-STELSELMATIG on the four worked examples of the rule
//! catalogue, clause by clause and factor by factor; a rule that does not
//! fire names the clause that failed; a documented exception is named; the
//! text in Dutch and English, the JSON tree, and the errors for an unknown
//! policy or rule.

use kader::rules::{DefinitionTrace, Trace};
use kader::{Analysis, Severity, Taal};
use kader_tests::{kader_bin, Fixture};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The shape of a person-targeted policy the worked examples vary.
struct Research<'a> {
    name: &'a str,
    task: &'a str,
    period: &'a str,
    sources: &'a str,
    data: &'a str,
    special: &'a str,
    recording: &'a str,
    links: &'a str,
    extra: &'a str,
}

const RENTAL: Research<'static> = Research {
    name: "vakantieverhuur_havenstraat",
    task: "apv",
    period: "2025-06-03 .. 2025-06-16",
    sources: "    bron website \"Advertentie\" { toegang: openbaar account: geen interactie: geen }\n    bron instagram { toegang: openbaar account: organisatie interactie: geen }\n",
    data: "berichtinhoud, beeldmateriaal",
    special: "",
    recording: "per_persoon",
    links: "",
    extra: "",
};

impl Research<'_> {
    fn text(&self) -> String {
        format!(
            r#"//- /kader.toml
[project]
gemeente = "Zuiderhaven"
fg = "Functionaris voor gegevensbescherming, fg@zuiderhaven.nl"
//- /beleid/onderzoek.kader
beleid {name} {{
    titel: "Onderzoek"
    verantwoordelijke: college
    doel: handhaving
    taak: [{task}]
    grondslag: publieke_taak
    aanleiding: "Een melding op 2 juni 2025."
    noodzaak: "Vaststellen wat er gebeurt."
    subsidiariteit: "Eerst het openbare, dan pas een bezoek."
    proportionaliteit: "Alleen openbare gegevens."
    periode: {period}
    gericht_op: persoon
    informeren: achteraf
    methode: handmatig
{sources}    gegevens: [{data}]
    bijzondere_gegevens: [{special}]
    strafrechtelijke_gegevens: nee
    profilering: nee
    vastlegging: {recording}
{links}    bewaartermijn: 3 maanden
    geautoriseerd: [team_toezicht]
    logboek: ja
    ontvangers: [niemand]
    fg_advies: 2025-05-01
    informatie_betrokkenen: "https://zuiderhaven.nl/privacy"
    beveiliging: "Aparte werkplek."
    rechten: "Via het privacyloket."
{extra}}}
team team_toezicht {{ omschrijving: "Toezicht" }}
"#,
            name = self.name,
            task = self.task,
            period = self.period,
            sources = self.sources,
            data = self.data,
            special = self.special,
            recording = self.recording,
            links = self.links,
            extra = self.extra,
        )
    }

    fn analyse(&self) -> Analysis {
        Fixture::parse(&self.text()).analyse()
    }
}

/// The trace of `code` on the only policy of `analysis`.
fn trace(analysis: &Analysis, code: &str) -> Trace {
    let (_, policy) = analysis.policies().next().expect("a policy");
    analysis.trace(policy, code).expect("the rule exists")
}

fn definition<'t>(t: &'t Trace, name: &str) -> &'t DefinitionTrace {
    t.definitions
        .iter()
        .find(|d| d.name.nl == name)
        .unwrap_or_else(|| panic!("no definition `{name}` in {:#?}", t.definitions))
}

/// Whether each factor group holds, in the catalogue's order D C K T P.
fn factors(t: &Trace) -> [bool; 5] {
    [
        "factor_duur",
        "factor_combineren",
        "factor_koppelen",
        "factor_techniek",
        "factor_diepte",
    ]
    .map(|f| definition(t, f).holds.expect("a yes/no definition"))
}

/// The top-level clauses: text and whether each held.
fn clauses(t: &Trace) -> Vec<(&str, Option<bool>)> {
    t.clauses
        .iter()
        .map(|c| (c.text.nl.as_str(), c.holds))
        .collect()
}

/// A value a clause of definition `def` read, by the name it is read by.
fn read<'t>(t: &'t Trace, def: &str, name: &str) -> &'t kader::rules::ValueRead {
    let d = definition(t, def);
    let mut stack = vec![&d.trace];
    while let Some(c) = stack.pop() {
        if let Some(v) = c.values.iter().find(|v| v.name.nl == name) {
            return v;
        }
        stack.extend(c.children.iter());
    }
    panic!("`{def}` reads no `{name}`: {d:#?}")
}

#[test]
fn three_days_on_one_public_account_is_neither_and_the_trace_says_why() {
    // Worked example: one person's public X account for three days, by
    // hand, one source, searches logged, political opinions declared.
    let analysis = Research {
        period: "2025-06-03 .. 2025-06-05",
        sources: "    bron x { toegang: openbaar account: organisatie interactie: geen }\n",
        data: "berichtinhoud",
        special: "politieke_opvattingen",
        recording: "logboek",
        ..RENTAL
    }
    .analyse();
    let t = trace(&analysis, "OO-STELSELMATIG");
    assert!(!t.fired);
    assert_eq!(t.matches, 0);
    assert_eq!(
        clauses(&t),
        vec![
            ("stelselmatig", Some(false)),
            ("niet specifieke_grondslag", None)
        ]
    );
    assert_eq!(
        definition(&t, "persoonsgericht_onderzoek").holds,
        Some(true)
    );
    assert_eq!(factors(&t), [false; 5]);
    let s = definition(&t, "stelselmatig");
    assert_eq!(s.holds, Some(false));
    // Its two parts: person-targeted (held) and the weighing (did not).
    let parts: Vec<_> = s.trace.children.iter().map(|c| c.holds).collect();
    assert_eq!(parts, vec![Some(true), Some(false)]);
    assert_eq!(definition(&t, "stelselmatig_factoren").value.nl, "(geen)");
    // The period is read from the policy, with its place.
    let period = read(&t, "factor_duur", "beleid.periode");
    assert_eq!(period.value.nl, "2025-06-03 .. 2025-06-05");
    let span = period.span.expect("a place in the policy");
    let file = analysis.file(span.file).unwrap();
    assert_eq!(file.path, "beleid/onderzoek.kader");
    assert_eq!(&file.text[span.range()], "2025-06-03 .. 2025-06-05");
    assert_eq!(
        read(&t, "factor_duur", "stelselmatig_max_duur").value.nl,
        "7 dagen"
    );
    // Neither is it the grey zone; the special data are another rule's.
    assert!(!trace(&analysis, "OO-STELSELMATIG-RISICO").fired);
    let (_, policy) = analysis.policies().next().unwrap();
    let fired: Vec<String> = analysis
        .traces(policy)
        .into_iter()
        .map(|t| t.rule)
        .collect();
    assert!(fired.contains(&"AVG-BIJZONDER".to_string()), "{fired:?}");
    assert!(!fired.iter().any(|c| c.starts_with("OO-STELSELMATIG")));
}

#[test]
fn a_two_week_check_of_a_rental_advert_is_the_grey_zone_by_duration_and_combining() {
    let analysis = RENTAL.analyse();
    let t = trace(&analysis, "OO-STELSELMATIG");
    assert!(!t.fired);
    assert_eq!(clauses(&t)[0], ("stelselmatig", Some(false)));
    // D and C, nothing else: duration without K, T or P, and two groups.
    assert_eq!(factors(&t), [true, true, false, false, false]);
    assert_eq!(
        read(&t, "factor_combineren", "beleid.vastlegging").value.nl,
        "per_persoon"
    );
    let weighing = &definition(&t, "stelselmatig").trace.children[1];
    let texts: Vec<_> = weighing
        .children
        .iter()
        .map(|c| (c.text.nl.as_str(), c.holds))
        .collect();
    assert_eq!(
        texts,
        vec![
            (
                "(factor_duur en (factor_koppelen of factor_techniek of factor_diepte))",
                Some(false)
            ),
            ("aantal(stelselmatig_factoren) >= 3", Some(false)),
        ]
    );
    let groups = &definition(&t, "stelselmatig_factoren").value.nl;
    assert!(
        groups.starts_with("duur (")
            && groups.contains("combineren (")
            && !groups.contains("diepte"),
        "{groups}"
    );
    // The grey zone fires, and its trace shares the same definitions.
    let grey = trace(&analysis, "OO-STELSELMATIG-RISICO");
    assert!(grey.fired);
    assert_eq!(grey.severity, Severity::Warning);
    assert_eq!(
        clauses(&grey),
        vec![
            ("stelselmatig_grijs", Some(true)),
            ("niet specifieke_grondslag", Some(true))
        ]
    );
    assert_eq!(factors(&grey), [true, true, false, false, false]);
    // Every definition is traced once.
    let mut names: Vec<_> = grey.definitions.iter().map(|d| &d.name.nl).collect();
    let all = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all);
}

#[test]
fn a_month_of_one_persons_profile_kept_per_person_is_systematic() {
    let analysis = Research {
        period: "2025-06-01 .. 2025-06-30",
        sources: "    bron instagram { toegang: openbaar account: organisatie interactie: geen }\n",
        data: "berichtinhoud, profielgegevens",
        ..RENTAL
    }
    .analyse();
    let t = trace(&analysis, "OO-STELSELMATIG");
    assert!(t.fired);
    assert_eq!(t.matches, 1);
    assert_eq!(t.severity, Severity::Error);
    assert_eq!(
        clauses(&t),
        vec![
            ("stelselmatig", Some(true)),
            ("niet specifieke_grondslag", Some(true))
        ]
    );
    // D, C and P.
    assert_eq!(factors(&t), [true, true, false, false, true]);
    let length = read(&t, "factor_duur", "beleid.periode");
    assert_eq!(length.value.nl, "2025-06-01 .. 2025-06-30");
    let depth = read(&t, "factor_diepte", "beleid.gegevens");
    assert_eq!(depth.value.nl, "berichtinhoud, profielgegevens");
    // Duration together with depth decided it.
    let weighing = &definition(&t, "stelselmatig").trace.children[1];
    assert_eq!(weighing.children[0].holds, Some(true));
    assert!(!trace(&analysis, "OO-STELSELMATIG-RISICO").fired);
    let line = t.deciding(Taal::Nl);
    assert!(
        line.starts_with("stelselmatig (")
            && line.contains("factor_duur")
            && line.contains("factor_diepte")
            && !line.contains("factor_koppelen"),
        "{line}"
    );
}

#[test]
fn a_year_long_welfare_trawl_is_systematic_and_participatiewet_53a_does_not_excuse_it() {
    let analysis = Research {
        name: "bijstandsfraude_2025",
        task: "participatiewet_53a",
        period: "2025-01-01 .. 2025-12-31",
        sources: "    bron facebook { toegang: openbaar account: organisatie interactie: geen }\n    bron instagram { toegang: openbaar account: organisatie interactie: geen }\n    bron linkedin { toegang: openbaar account: organisatie interactie: geen }\n    bron darkweb { toegang: openbaar account: geen interactie: geen }\n",
        data: "berichtinhoud, profielgegevens, netwerk",
        links: "    koppelingen: [brp]\n",
        ..RENTAL
    }
    .analyse();
    let t = trace(&analysis, "OO-STELSELMATIG");
    assert!(t.fired);
    // D, C, K and P.
    assert_eq!(factors(&t), [true, true, true, false, true]);
    assert_eq!(
        read(&t, "factor_combineren", "beleid.bron")
            .value
            .nl
            .matches(',')
            .count(),
        3
    );
    // The task is read and gives no specific basis.
    let basis = definition(&t, "specifieke_grondslag");
    assert_eq!(basis.holds, Some(false));
    assert_eq!(
        read(
            &t,
            "specifieke_grondslag",
            "beleid.taak.specifieke_grondslag"
        )
        .value
        .nl,
        "nee"
    );
    assert_eq!(t.clauses[1].holds, Some(true));
    assert!(t.waived.is_none());
}

#[test]
fn a_documented_exception_is_named_in_the_trace() {
    let analysis = Research {
        extra: "    afwijking OO-STELSELMATIG-RISICO {\n        motivering: \"Eén openbare advertentie en één openbaar profiel; er wordt geen beeld van het privéleven opgebouwd.\"\n        besloten_door: college\n        datum: 2025-06-02\n    }\n",
        ..RENTAL
    }
    .analyse();
    let t = trace(&analysis, "OO-STELSELMATIG-RISICO");
    assert!(t.fired);
    let waiver = t.waived.as_ref().expect("the exception");
    assert!(waiver.motivation.starts_with("Eén openbare advertentie"));
    let file = analysis.file(waiver.span.file).unwrap();
    assert_eq!(&file.text[waiver.span.range()], "OO-STELSELMATIG-RISICO");
    let text = kader::report::trace::human(&analysis, &[t], Taal::Nl);
    assert!(
        text.contains("afgeweken (beleid/onderzoek.kader:"),
        "{text}"
    );
    // Near miss: without the exception nothing is waived.
    assert!(trace(&RENTAL.analyse(), "OO-STELSELMATIG-RISICO")
        .waived
        .is_none());
}

#[test]
fn a_parameter_set_in_kader_toml_is_named() {
    let text = RENTAL.text().replace(
        "fg = \"Functionaris voor gegevensbescherming, fg@zuiderhaven.nl\"\n",
        "fg = \"Functionaris voor gegevensbescherming, fg@zuiderhaven.nl\"\n[parameters]\nstelselmatig_max_duur = \"14 dagen\"\n",
    );
    let analysis = Fixture::parse(&text).analyse();
    let t = trace(&analysis, "OO-STELSELMATIG-RISICO");
    // Fourteen days is no longer longer than the limit: only combining.
    assert!(!t.fired);
    assert_eq!(factors(&t), [false, true, false, false, false]);
    let p = t
        .parameters
        .iter()
        .find(|p| p.name.nl == "stelselmatig_max_duur")
        .expect("the parameter");
    assert_eq!(p.value.nl, "14 dagen");
    assert!(p.setting.is_some());
    let text = kader::report::trace::human(&analysis, &[t], Taal::Nl);
    assert!(
        text.contains("stelselmatig_max_duur = 14 dagen (kader.toml:"),
        "{text}"
    );
    // Near miss: with the default, the parameter is not set anywhere.
    let t = trace(&RENTAL.analyse(), "OO-STELSELMATIG-RISICO");
    assert!(t.parameters.iter().all(|p| p.setting.is_none()));
}

#[test]
fn the_trace_reads_in_english() {
    let analysis = RENTAL.analyse();
    let t = trace(&analysis, "OO-STELSELMATIG");
    let text = kader::report::trace::human(&analysis, std::slice::from_ref(&t), Taal::En);
    assert!(
        text.starts_with("OO-STELSELMATIG for `vakantieverhuur_havenstraat`: does not fire"),
        "{text}"
    );
    assert!(
        text.contains("This condition does not hold: systematic"),
        "{text}"
    );
    assert!(
        text.contains("\u{2717} count(systematic_factors) >= 3"),
        "{text}"
    );
    assert!(
        text.contains("policy.recording = per_person (beleid/onderzoek.kader:"),
        "{text}"
    );
    assert!(!text.contains("stelselmatig_factoren"), "{text}");
    let nl = kader::report::trace::human(&analysis, &[t], Taal::Nl);
    assert!(
        nl.contains("Deze voorwaarde geldt niet: stelselmatig"),
        "{nl}"
    );
}

/// Writes the fixture's files into a temporary repository.
fn repository(research: &Research<'_>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in Fixture::parse(&research.text()).files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.text).unwrap();
    }
    dir
}

/// Runs kader in `dir`: the exit status, stdout and stderr.
fn kader(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(kader_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

#[test]
fn kader_waarom_prints_every_rule_that_fired_or_one_rule() {
    let repo = repository(&RENTAL);
    let (status, text, _) = kader(repo.path(), &["waarom", "vakantieverhuur_havenstraat"]);
    assert_eq!(status, Some(0));
    assert!(
        text.starts_with(
            "OO-STELSELMATIG-RISICO voor `vakantieverhuur_havenstraat`: gaat af (waarschuwing)"
        ),
        "{text}"
    );
    assert!(!text.contains("OO-STELSELMATIG voor"), "{text}");
    // A rule that does not fire, by its code, in English through `why`.
    let english = ["--taal", "en", "why", "vakantieverhuur_havenstraat"];
    let (status, text, _) = kader(repo.path(), &[&english[..], &["oo-stelselmatig"]].concat());
    assert_eq!(status, Some(0));
    assert!(text.contains("does not fire"), "{text}");
    assert!(
        text.contains("\u{00b7} not specific_basis (not reached)"),
        "{text}"
    );
    // As Markdown, as the editor shows it.
    let (_, page, _) = kader(
        repo.path(),
        &[
            "waarom",
            "vakantieverhuur_havenstraat",
            "--format",
            "markdown",
        ],
    );
    assert!(page.starts_with("## OO-STELSELMATIG-RISICO voor"), "{page}");
    assert!(page.contains("\n### Definities\n"), "{page}");
    assert!(
        page.contains("\n- \u{2713} factor_duur = ja (stdlib/regels/gemeentewet.kader:"),
        "{page}"
    );
    assert!(page.contains("- \u{2717} factor_koppelen\n"), "{page}");
}

#[test]
fn kader_waarom_json_is_a_tree_per_rule() {
    let repo = repository(&RENTAL);
    let (status, out, _) = kader(
        repo.path(),
        &[
            "waarom",
            "vakantieverhuur_havenstraat",
            "OO-STELSELMATIG",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, Some(0));
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["policy"], "vakantieverhuur_havenstraat");
    assert_eq!(json["file"], "beleid/onderzoek.kader");
    assert_eq!(json["taal"], "nl");
    let rule = &json["rules"][0];
    assert_eq!(rule["rule"], "OO-STELSELMATIG");
    assert_eq!(rule["fired"], false);
    assert_eq!(rule["severity"], "error");
    assert_eq!(rule["waived"], Value::Null);
    let first = &rule["clauses"][0];
    assert_eq!(first["text"], "stelselmatig");
    assert_eq!(first["holds"], false);
    assert_eq!(first["values"][0]["definition"], "stelselmatig");
    assert_eq!(rule["clauses"][1]["holds"], Value::Null);
    let duration = rule["definitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "factor_duur")
        .unwrap();
    assert_eq!(duration["holds"], true);
    let parts = duration["trace"]["clauses"].as_array().unwrap();
    let longer = parts
        .iter()
        .find(|c| c["text"] == "duur(beleid.periode) > stelselmatig_max_duur")
        .unwrap();
    assert_eq!(longer["holds"], true);
    let period = &longer["values"][0];
    assert_eq!(period["name"], "beleid.periode");
    assert_eq!(period["value"], "2025-06-03 .. 2025-06-16");
    assert_eq!(period["span"]["file"], "beleid/onderzoek.kader");
    assert_eq!(period["span"]["line"], 11);
    assert_eq!(
        rule["parameters"][0]["name"], "stelselmatig_max_duur",
        "{rule:#}"
    );
    assert_eq!(rule["parameters"][0]["setting"], Value::Null);
}

#[test]
fn kader_waarom_names_an_unknown_policy_or_rule() {
    let repo = repository(&RENTAL);
    let (status, out, err) = kader(repo.path(), &["waarom", "vakantieverhuur"]);
    assert_eq!(status, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains("Er is geen beleid `vakantieverhuur`")
            && err.contains("Bedoelt u `vakantieverhuur_havenstraat`?"),
        "{err}"
    );
    let policy = ["waarom", "vakantieverhuur_havenstraat"];
    let (status, _, err) = kader(repo.path(), &[&policy[..], &["OO-STELSELMATIK"]].concat());
    assert_eq!(status, Some(2));
    assert!(
        err.contains("Er is geen regel `OO-STELSELMATIK`. Bedoelt u `OO-STELSELMATIG`?"),
        "{err}"
    );
    let (status, _, err) = kader(repo.path(), &["--taal", "en", "why", policy[1], "NIETS"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("There is no rule `NIETS`."), "{err}");
}
