//! Tests of the register of processing activities (`kader::report` and
//! `kader register`): every art. 30 lid 1 element in every format, the
//! marking of a policy with errors, what the public page leaves out, CSV that
//! parses and JSON of the documented shape; and a test that `examples/`
//! gives exactly the findings its README promises.

use assert_cmd::Command;
use kader::report::{self, Register};
use kader::{analyse, FileKind, Severity, Source, Taal};
use kader_tests::kader_bin;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const CONFIG: &str = "[project]\ngemeente = \"Teststad\"\ntaal = \"nl\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n";

const ORGANISATIE: &str = r#"
team team_oov {
    omschrijving: "Adviseurs openbare orde"
}
verwerker wolkdienst {
    naam: "Wolkdienst Inc."
    verwerkersovereenkomst: ja
    vestiging: buiten_eer
    doorgiftewaarborg: modelcontractbepalingen
}
dpia dpia_tool {
    kenmerk: "DPIA-7"
    datum: 2025-01-02
    restrisico: laag
}
"#;

/// A clean policy that fills every field the register reports, with a
/// processor outside the EEA and a documented exception.
const VOLLEDIG: &str = r#"
/// Monitoring rond de kermis. / Monitoring around the fair.
beleid kermis {
    titel: "Kermis Teststad"
    verantwoordelijke: burgemeester
    doel: openbare_orde
    taak: [gemeentewet_174]
    grondslag: publieke_taak
    aanleiding: "Oproepen tot vechtpartijen op de kermis."
    noodzaak: "Inzet van politie afstemmen."
    proportionaliteit: "Alleen openbare berichten, vijf dagen."
    subsidiariteit: "De organisator heeft geen beeld van oproepen."
    periode: 2025-06-01 .. 2025-06-05
    gericht_op: evenement
    zoektermen: ["geheimzoekterm kermis"]
    methode: geautomatiseerd
    verwerkers: [wolkdienst]
    betrokkenen: ["kermisbezoekers"]
    bron x {
        toegang: openbaar
        account: organisatie
        interactie: geen
    }
    gegevens: [berichtinhoud, gebruikersnaam]
    bijzondere_gegevens: []
    strafrechtelijke_gegevens: nee
    profilering: nee
    bewaartermijn: 6 maanden
    geautoriseerd: [team_oov]
    vastlegging: geaggregeerd
    logboek: ja
    ontvangers: [politie]
    verstrekkingsregels: "Alleen het beeld, in het driehoeksoverleg."
    dpia: dpia_tool
    fg_advies: 2025-05-01
    informatie_betrokkenen: "https://www.teststad.nl/privacy"
    beveiliging: "Aparte werkplek met logging."
    rechten: "Via het privacyloket."
    afwijking AVG-BEWAARTERMIJN-LANG {
        motivering: "Interne motivering: de evaluatie met de politie is pas na een half jaar."
        besloten_door: burgemeester
        datum: 2025-05-02
    }
}
"#;

/// A policy with errors (a fictitious account on a closed group).
const FOUT: &str = r#"
beleid buurtgroep {
    titel: "Buurtgroep meelezen"
    verantwoordelijke: burgemeester
    doel: openbare_orde
    taak: [gemeentewet_172]
    grondslag: publieke_taak
    aanleiding: "Meldingen van overlast."
    periode: 2025-03-01 .. 2025-03-31
    gericht_op: locatie
    methode: handmatig
    bron facebook "Besloten buurtgroep" {
        toegang: besloten
        account: fictief
        interactie: geen
    }
    gegevens: [berichtinhoud]
    bewaartermijn: 1 maand
    geautoriseerd: [team_oov]
}
"#;

fn sources(files: &[(&str, &str)]) -> Vec<Source> {
    files.iter().map(|(p, t)| Source::new(*p, *t)).collect()
}

fn register_of(files: &[(&str, &str)], taal: Taal) -> Register {
    let analysis = analyse(&sources(files), Some(&Source::new("kader.toml", CONFIG)));
    report::build(&analysis, taal)
}

fn standard() -> Register {
    register_of(
        &[
            ("organisatie.kader", ORGANISATIE),
            ("beleid/kermis.kader", VOLLEDIG),
            ("beleid/buurtgroep.kader", FOUT),
        ],
        Taal::Nl,
    )
}

/// Every rendering of a register, by name.
fn renderings(r: &Register) -> Vec<(&'static str, String)> {
    vec![
        ("markdown", report::markdown::render(r)),
        ("html", report::html::render(r)),
        ("csv", report::csv::render(r)),
        ("json", r.to_json()),
    ]
}

#[test]
fn one_entry_per_policy_with_every_art30_element() {
    let r = standard();
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.gemeente.as_deref(), Some("Teststad"));
    let e = r.entries.iter().find(|e| e.name == "kermis").unwrap();
    assert!(e.compliant, "{:?}", e.findings);
    assert_eq!(e.title, "Kermis Teststad");
    assert_eq!(e.description.as_deref(), Some("Monitoring rond de kermis."));
    // (a) controller and contact.
    assert_eq!(e.controller.as_deref(), Some("burgemeester"));
    assert_eq!(e.contact.as_deref(), Some("Gemeente Teststad"));
    // (b) purpose.
    assert_eq!(e.purpose.as_deref(), Some("openbare orde"));
    // (c) data subjects and data.
    assert_eq!(e.data_subjects, ["kermisbezoekers"]);
    assert_eq!(e.data, ["berichtinhoud", "gebruikersnaam"]);
    assert!(e.special_data.is_empty());
    assert_eq!(e.criminal_data, Some(false));
    // (d) recipients.
    assert_eq!(e.recipients, ["politie"]);
    // (e) transfers, from the processor.
    assert_eq!(e.transfers.len(), 1);
    assert_eq!(e.transfers[0].processor, "Wolkdienst Inc.");
    assert_eq!(
        e.transfers[0].safeguard.as_deref(),
        Some("modelcontractbepalingen")
    );
    // (f) retention and (g) security.
    assert_eq!(e.retention.as_deref(), Some("6 maanden"));
    assert_eq!(e.security.as_deref(), Some("Aparte werkplek met logging."));
    // Legal basis and task with their articles.
    let basis = e.legal_basis.as_ref().unwrap();
    assert_eq!(basis.name, "publieke taak");
    assert!(
        basis.articles.iter().any(|a| a.contains("6 lid 1 sub e")),
        "{basis:?}"
    );
    assert_eq!(e.tasks.len(), 1);
    assert!(e.tasks[0].article.as_deref().unwrap().contains("174"));
    // Period, sources, exception with motivation.
    assert_eq!(
        e.period.as_deref(),
        Some("1 juni 2025 tot en met 5 juni 2025")
    );
    assert_eq!(e.sources.len(), 1);
    assert!(e.sources[0].platform.starts_with('X'));
    assert_eq!(e.exceptions.len(), 1);
    assert_eq!(e.exceptions[0].rule, "AVG-BEWAARTERMIJN-LANG");
    assert!(e.exceptions[0]
        .motivation
        .as_deref()
        .unwrap()
        .contains("half jaar"));
    assert_eq!(
        e.dpia.as_deref().map(|d| d.starts_with("DPIA-7")),
        Some(true)
    );

    // Every format shows every element of art. 30 lid 1 and its values.
    for (format, text) in renderings(&r) {
        for value in [
            "Gemeente Teststad",
            "openbare orde",
            "kermisbezoekers",
            "gebruikersnaam",
            "politie",
            "Wolkdienst Inc.",
            "6 maanden",
            "Aparte werkplek met logging.",
            "publieke taak",
            "AVG-BEWAARTERMIJN-LANG",
        ] {
            assert!(text.contains(value), "{format} lacks {value}");
        }
        if format != "json" {
            for sub in ["a", "b", "c", "d", "e", "f", "g"] {
                let law = format!("AVG art. 30 lid 1 sub {sub}");
                assert!(text.contains(&law), "{format} lacks {law}");
            }
        }
    }
}

#[test]
fn a_policy_with_errors_is_included_and_marked() {
    let r = standard();
    let e = r.entries.iter().find(|e| e.name == "buurtgroep").unwrap();
    assert!(!e.compliant);
    let codes = e.error_codes();
    assert!(codes.contains(&"OO-NEPACCOUNT"), "{codes:?}");
    assert!(codes.contains(&"OO-BESLOTEN-GROEP"), "{codes:?}");
    assert_eq!(r.counts(), (2, 1));
    let md = report::markdown::render(&r);
    assert!(md.contains("## Buurtgroep meelezen"));
    assert!(md.contains("NIET IN ORDE"));
    assert!(md.contains("OO-NEPACCOUNT"));
    let html = report::html::render(&r);
    assert!(html.contains("badge bad"));
    assert!(html.contains("<code>OO-NEPACCOUNT</code>"));
    let rows = parse_csv(&report::csv::render(&r));
    let header = &rows[0];
    let status = header.iter().position(|h| h == "in_orde").unwrap();
    let codes = header.iter().position(|h| h == "foutcodes").unwrap();
    let row = rows.iter().find(|r| r[0] == "buurtgroep").unwrap();
    assert_eq!(row[status], "nee");
    assert!(row[codes].contains("OO-NEPACCOUNT"));
    let json: Value = serde_json::from_str(&r.to_json()).unwrap();
    let entry = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "buurtgroep")
        .unwrap();
    assert_eq!(entry["compliant"], false);
}

#[test]
fn errors_outside_any_policy_are_listed_not_dropped() {
    let r = register_of(
        &[
            ("organisatie.kader", ORGANISATIE),
            ("beleid/kapot.kader", "team zonder_omschrijving {\n}\n"),
        ],
        Taal::Nl,
    );
    assert!(!r.other_errors.is_empty());
    assert_eq!(r.other_errors[0].file, "beleid/kapot.kader");
    let md = report::markdown::render(&r);
    assert!(md.contains("Fouten buiten een beleid"), "{md}");
    assert!(md.contains("beleid/kapot.kader"));
}

#[test]
fn the_public_page_leaves_out_keywords_teams_and_internal_texts() {
    let internal = standard();
    let public = internal.public();
    for (format, text) in renderings(&internal) {
        assert!(
            text.contains("geheimzoekterm"),
            "{format}: keywords are in the internal register"
        );
        assert!(
            text.contains("team_oov"),
            "{format}: teams are in the internal register"
        );
    }
    for (format, text) in renderings(&public) {
        for secret in [
            "geheimzoekterm",
            "team_oov",
            "Interne motivering",
            "Oproepen tot vechtpartijen",
            "Inzet van politie afstemmen",
            "beleid/kermis.kader",
            "Zoektermen",
        ] {
            assert!(!text.contains(secret), "{format} shows {secret}");
        }
        // What residents are told is still there.
        assert!(text.contains("Kermis Teststad"), "{format}");
        assert!(text.contains("Via het privacyloket."), "{format}");
        assert!(text.contains("AVG-BEWAARTERMIJN-LANG"), "{format}");
    }
    let md = report::markdown::render(&public);
    assert!(md.starts_with("# Online onderzoek door de gemeente Teststad"));
}

#[test]
fn csv_parses_into_one_row_per_policy() {
    let r = standard();
    let text = report::csv::render(&r);
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 1 + r.entries.len());
    let width = rows[0].len();
    assert!(width > 20);
    for row in &rows {
        assert_eq!(row.len(), width, "{row:?}");
    }
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name || h.starts_with(&format!("{name} (")))
            .unwrap()
    };
    let kermis = rows.iter().find(|r| r[0] == "kermis").unwrap();
    assert_eq!(
        kermis[col("Persoonsgegevens")],
        "berichtinhoud; gebruikersnaam"
    );
    assert_eq!(kermis[col("Bewaartermijn")], "6 maanden");
    // A value with a comma and quotes survives.
    assert!(kermis[col("Onderbouwing (intern)")].contains("Alleen openbare berichten, vijf dagen."));
}

#[test]
fn json_has_the_documented_shape() {
    let json: Value = serde_json::from_str(&standard().to_json()).unwrap();
    assert_eq!(json["gemeente"], "Teststad");
    assert_eq!(json["public"], false);
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for key in [
        "name",
        "title",
        "controller",
        "contact",
        "purpose",
        "data_subjects",
        "data",
        "special_data",
        "criminal_data",
        "recipients",
        "transfers",
        "retention",
        "security",
        "legal_basis",
        "tasks",
        "period",
        "sources",
        "exceptions",
        "compliant",
        "findings",
    ] {
        assert!(entries[0].get(key).is_some(), "missing {key}");
    }
    let kermis = entries.iter().find(|e| e["name"] == "kermis").unwrap();
    assert_eq!(kermis["transfers"][0]["processor"], "Wolkdienst Inc.");
    assert!(kermis["data"].is_array());
    assert_eq!(kermis["exceptions"][0]["rule"], "AVG-BEWAARTERMIJN-LANG");
}

#[test]
fn english_names_of_vocabulary_values() {
    let r = register_of(
        &[
            ("organisatie.kader", ORGANISATIE),
            ("beleid/kermis.kader", VOLLEDIG),
        ],
        Taal::En,
    );
    let e = &r.entries[0];
    assert_eq!(e.controller.as_deref(), Some("mayor"));
    assert_eq!(e.purpose.as_deref(), Some("public order"));
    assert_eq!(e.contact.as_deref(), Some("Municipality of Teststad"));
    assert!(report::markdown::render(&r).contains("GDPR Art. 30(1)(g)"));
}

/// A minimal RFC 4180 reader: fields separated by commas, quoted fields
/// with doubled quotes, records ending in CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(field.is_empty(), "quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("bare LF ends a record"),
                c => field.push(c),
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(field.is_empty() && row.is_empty(), "last record lacks CRLF");
    rows
}

#[test]
fn the_csv_reader_can_fail() {
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\"\r\n"),
        vec![vec!["a", "b,\"c\""]]
    );
    assert!(std::panic::catch_unwind(|| parse_csv("a,\"b\r\n")).is_err());
}

// --- The example repository -------------------------------------------------

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn examples() -> kader::Analysis {
    let dir = root().join("examples");
    let sources = kader_tests::kader_sources(&dir);
    let config = fs::read_to_string(dir.join("kader.toml")).unwrap();
    analyse(&sources, Some(&Source::new("kader.toml", config)))
}

/// The findings promised by the table in `examples/README.md`: (file, code,
/// severity word), and the files the table lists.
fn promised() -> (BTreeSet<(String, String, String)>, BTreeSet<String>) {
    let readme = fs::read_to_string(root().join("examples/README.md")).unwrap();
    let mut findings = BTreeSet::new();
    let mut files = BTreeSet::new();
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let file = cells[0].trim_matches('`').to_string();
        files.insert(file.clone());
        let last = cells.last().unwrap();
        for part in last.split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            if let [code, severity, ..] = words.as_slice() {
                if code.starts_with('`') {
                    findings.insert((
                        file.clone(),
                        code.trim_matches('`').to_string(),
                        severity.to_string(),
                    ));
                }
            }
        }
    }
    (findings, files)
}

#[test]
fn examples_give_exactly_the_findings_the_readme_promises() {
    let analysis = examples();
    let mut actual = BTreeSet::new();
    let mut files = BTreeSet::new();
    for file in analysis.files.iter().filter(|f| f.kind != FileKind::Stdlib) {
        if file.kind == FileKind::Policy {
            files.insert(file.path.clone());
        }
        for d in &file.diagnostics {
            let code = d.code.to_string();
            assert!(
                !code.starts_with("K01") && !code.starts_with("K02") && !code.starts_with("K03"),
                "{}: {code} {}",
                file.path,
                d.message.nl
            );
            actual.insert((
                file.path.clone(),
                code,
                d.severity.word(Taal::Nl).to_string(),
            ));
        }
    }
    let (promised, listed) = promised();
    assert!(
        promised.len() >= 5,
        "the README table was not read: {promised:?}"
    );
    assert_eq!(actual, promised);
    assert_eq!(files, listed, "the README lists every file of examples/");
    let policies: usize = analysis
        .policy_files()
        .map(|f| {
            f.checked
                .iter()
                .filter(|i| {
                    analysis
                        .schema
                        .kind(i.kind)
                        .is_some_and(|k| k.names.nl == "beleid")
                })
                .count()
        })
        .sum();
    assert!((8..=12).contains(&policies), "{policies} policies");
    // A policy written only for tests is not in the register.
    let test_only = analysis
        .policies()
        .filter(|(_, p)| kader::check::is_test_only(&analysis.schema, p))
        .count();
    assert_eq!(test_only, 1);
    // Some findings are errors, and one exception is documented.
    assert!(actual
        .iter()
        .any(|(_, _, s)| s == Severity::Error.word(Taal::Nl)));
    let register = report::build(&analysis, Taal::Nl);
    assert_eq!(register.entries.len(), policies - test_only);
    assert_eq!(
        register
            .entries
            .iter()
            .filter(|e| !e.exceptions.is_empty())
            .count(),
        1
    );
    assert!(register.entries.iter().any(|e| !e.transfers.is_empty()));
}

// --- The command ------------------------------------------------------------

fn kader(dir: &Path) -> Command {
    let mut cmd = Command::new(kader_bin());
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn check_on_the_examples_exits_1() {
    let out = kader(&root()).args(["check", "examples"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("5 fouten"), "{stdout}");
}

#[test]
fn register_command_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    for (format, marker) in [
        (
            "markdown",
            "# Register van verwerkingsactiviteiten Zuiderhaven",
        ),
        ("html", "<!DOCTYPE html>"),
        ("csv", "beleid,titel,bestand,in_orde"),
        ("json", "\"entries\""),
    ] {
        let out = kader(&examples)
            .args(["register", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with(marker) || text.contains(marker),
            "{format}: {}",
            &text[..200.min(text.len())]
        );
    }
    let file = dir.path().join("publiek.html");
    let out = kader(&examples)
        .args(["register", "--publiek", "--format", "html", "--uit"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.contains("Online onderzoek door de gemeente Zuiderhaven"));
    assert!(!html.contains("team_openbare_orde"));
    assert!(!html.contains("#zuiderhaven17mei"));
    // Writing to a folder that does not exist fails with status 2.
    let out = kader(&examples)
        .args(["register", "--uit"])
        .arg(dir.path().join("geen/map/r.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_checked_in_html_register_is_what_kader_register_writes() {
    // The test writes `examples/register.html` from the examples and fails
    // when the stored page was different, so the page is never kept by hand:
    // run the tests again (or commit the rewritten file) after a change.
    let path = root().join("examples/register.html");
    let stored = fs::read_to_string(&path).unwrap_or_default();
    let register = report::build(&examples(), Taal::Nl);
    let fresh = report::html::render(&register);
    for entry in &register.entries {
        assert!(fresh.contains(&report::html::esc(&entry.title)));
    }
    if stored != fresh {
        fs::write(&path, &fresh).unwrap();
        panic!("examples/register.html was out of date and has been rewritten; commit it");
    }
}

// --- The national algorithm register and the plain-language summary ---------

/// The fixture repository of the algorithm register, read from disk, with
/// its `kader.toml` (or, with `config`, another one).
fn algorithm_fixture(config: Option<&str>) -> kader::Analysis {
    let dir = root().join("tests/fixtures/algoritmeregister/repo");
    let files = kader_tests::kader_sources(&dir);
    let toml = match config {
        Some(text) => text.to_string(),
        None => fs::read_to_string(dir.join("kader.toml")).unwrap(),
    };
    analyse(&files, Some(&Source::new("kader.toml", toml)))
}

fn algorithms(analysis: &kader::Analysis, taal: Taal) -> Vec<report::algoritmeregister::Algorithm> {
    report::algoritmeregister::build(analysis, taal)
}

#[test]
fn the_algorithm_register_takes_each_of_the_three_conditions_and_not_the_near_miss() {
    let found = algorithms(&algorithm_fixture(None), Taal::Nl);
    let names: Vec<&str> = found.iter().map(|a| a.policy.as_str()).collect();
    // File order: besluit, handmatig (left out), kermismonitor, profiel.
    assert_eq!(names, ["kermis_besluit", "kermismonitor", "kermis_profiel"]);
    let reasons = |name: &str| {
        found
            .iter()
            .find(|a| a.policy == name)
            .unwrap()
            .reasons
            .clone()
    };
    assert_eq!(reasons("kermismonitor"), ["geautomatiseerde methode"]);
    assert_eq!(reasons("kermis_profiel"), ["profilering"]);
    assert_eq!(
        reasons("kermis_besluit"),
        ["besluiten zonder menselijke tussenkomst"]
    );
    let json: Value = serde_json::from_str(&report::algoritmeregister::to_json(&found)).unwrap();
    let array = json.as_array().unwrap();
    assert_eq!(array.len(), 3);
    assert!(array.iter().all(|e| e["source_id"] != "kermis_handmatig"));
    assert!(array.iter().all(|e| e["standard_version"] == "1.0.0"));
}

#[test]
fn the_algorithm_register_fills_from_kader_toml_or_reports_what_is_missing() {
    let full = algorithms(&algorithm_fixture(None), Taal::Nl);
    let monitor = full.iter().find(|a| a.policy == "kermismonitor").unwrap();
    assert!(monitor.missing.is_empty(), "{:?}", monitor.missing);
    let r = &monitor.registration;
    assert_eq!(r.organization.as_deref(), Some("Gemeente Teststad"));
    assert_eq!(r.contact_email.as_deref(), Some("algoritmes@teststad.nl"));
    assert_eq!(
        r.publication_category.as_deref(),
        Some("Impactvolle algoritmes")
    );
    assert_eq!(r.status.as_deref(), Some("Buiten gebruik"));
    assert_eq!(r.category, ["Openbare orde en veiligheid"]);
    assert_eq!(
        r.process_index_url.as_deref(),
        Some("https://www.teststad.nl/privacy/register")
    );
    // Out of use, so the end month is given.
    assert_eq!(r.begin_date.as_deref(), Some("2025-06"));
    assert_eq!(r.end_date.as_deref(), Some("2025-06"));
    assert_eq!(
        r.proportionality.as_deref(),
        Some(
            "Alleen openbare berichten, vijf dagen. De organisator heeft geen beeld van oproepen."
        )
    );

    let bare = algorithms(
        &algorithm_fixture(Some("[project]\ngemeente = \"Teststad\"\n")),
        Taal::Nl,
    );
    let monitor = bare.iter().find(|a| a.policy == "kermismonitor").unwrap();
    let missing: Vec<&str> = monitor.missing.iter().map(|m| m.field).collect();
    assert_eq!(missing, ["status", "contact_email", "publication_category"]);
    assert!(monitor.registration.status.is_none());
    assert!(monitor.registration.end_date.is_none());
    let note = report::algoritmeregister::missing_note(&bare, Taal::Nl);
    assert!(note.contains("`kermismonitor`"), "{note}");
    assert!(note.contains("`[algoritmeregister]`"), "{note}");
    let note = report::algoritmeregister::missing_note(&bare, Taal::En);
    assert!(note.contains("not filled in"), "{note}");
    assert!(report::algoritmeregister::missing_note(&full, Taal::Nl).is_empty());
}

#[test]
fn the_algorithm_register_links_the_legal_basis_and_dates_the_dpia() {
    let found = algorithms(&algorithm_fixture(None), Taal::Nl);
    let r = &found[0].registration;
    let links = &r.lawful_basis_grouping;
    let basis = links
        .iter()
        .find(|l| l.title == "AVG art. 6 lid 1 sub e")
        .unwrap();
    assert!(
        basis.link.starts_with("https://eur-lex.europa.eu/"),
        "{basis:?}"
    );
    let task = links
        .iter()
        .find(|l| l.title == "Gemeentewet art. 174")
        .unwrap();
    assert!(
        task.link.starts_with("https://wetten.overheid.nl/"),
        "{task:?}"
    );
    assert!(r.lawful_basis.as_deref().unwrap().contains("publieke taak"));
    let dpia = &r.impacttoetsen_grouping;
    assert_eq!(dpia.len(), 1);
    assert!(dpia[0].title.contains("DPIA-7"), "{dpia:?}");
    assert!(dpia[0].title.contains("2 januari 2025"), "{dpia:?}");
    assert_eq!(dpia[0].link, "https://www.teststad.nl/privacy/dpia-7");
    assert!(r
        .impacttoetsen
        .as_deref()
        .unwrap()
        .contains("2 januari 2025"));
    // A DPIA without a link is in the text and reported as missing.
    let analysis = analyse(
        &sources(&[
            ("organisatie.kader", ORGANISATIE),
            (
                "beleid/kermis.kader",
                &VOLLEDIG.replace("profilering: nee", "profilering: ja"),
            ),
        ]),
        Some(&Source::new("kader.toml", CONFIG)),
    );
    let found = algorithms(&analysis, Taal::Nl);
    assert_eq!(found.len(), 1);
    assert!(found[0].registration.impacttoetsen_grouping.is_empty());
    assert!(found[0]
        .registration
        .impacttoetsen
        .as_deref()
        .unwrap()
        .contains("DPIA-7"));
    assert!(found[0]
        .missing
        .iter()
        .any(|m| m.field == "impacttoetsen_grouping"));
}

#[test]
fn the_summary_says_sources_purpose_and_retention_in_words() {
    let r = standard().public();
    let e = r.entries.iter().find(|e| e.name == "kermis").unwrap();
    let summary = e.summary.as_deref().unwrap();
    for words in [
        "X (voorheen Twitter)",
        "handhaving van de openbare orde en veiligheid",
        "niet langer dan 6 maanden",
        "de inhoud van berichten en gebruikersnamen",
        "van 1 juni 2025 tot en met 5 juni 2025",
        "de politie",
        "Via het privacyloket.",
    ] {
        assert!(summary.contains(words), "lacks {words}: {summary}");
    }
    // No field names, no internal team names, no search terms.
    for word in [
        "bewaartermijn",
        "team_oov",
        "geheimzoekterm",
        "openbare_orde",
    ] {
        assert!(!summary.contains(word), "has {word}: {summary}");
    }
    // Every public format carries it.
    for (format, text) in renderings(&r) {
        let shown = if format == "json" {
            summary.replace('"', "\\\"")
        } else if format == "html" {
            report::html::esc(summary)
        } else {
            summary.to_string()
        };
        assert!(text.contains(&shown), "{format} lacks the summary");
    }
    // The internal register's Markdown shows the table, not the summary.
    assert!(!report::markdown::render(&standard()).contains(summary));
}

#[test]
fn a_policy_without_retention_gets_no_how_long_sentence() {
    let without = VOLLEDIG.replace("    bewaartermijn: 6 maanden\n", "");
    let r = register_of(
        &[
            ("organisatie.kader", ORGANISATIE),
            ("beleid/kermis.kader", &without),
        ],
        Taal::Nl,
    );
    let summary = r.entries[0].summary.clone().unwrap();
    assert!(!summary.contains("bewaart"), "{summary}");
    assert!(
        summary.contains("handhaving van de openbare orde"),
        "{summary}"
    );
}

#[test]
fn the_summary_in_english() {
    let r = register_of(
        &[
            ("organisatie.kader", ORGANISATIE),
            ("beleid/kermis.kader", VOLLEDIG),
        ],
        Taal::En,
    );
    let summary = r.entries[0].summary.clone().unwrap();
    for words in [
        "X (formerly Twitter)",
        "maintaining public order and safety",
        "for no longer than 6 months",
        "the police",
        "from 1 June 2025 to 5 June 2025",
    ] {
        assert!(summary.contains(words), "lacks {words}: {summary}");
    }
    assert!(!summary.contains("bewaart"), "{summary}");
}

#[test]
fn register_command_writes_the_algorithm_register() {
    let examples = root().join("examples");
    let out = kader(&examples)
        .args(["register", "--format", "algoritmeregister"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mediamonitoring", "signalering_openbare_orde"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("niet ingevuld"), "{stderr}");
    // In English the texts are English, and kader says the register takes Dutch.
    let out = kader(&examples)
        .args(["register", "--format", "algoritmeregister", "--taal", "en"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["lang"], "eng");
    assert!(json[0]["goal"]
        .as_str()
        .unwrap()
        .contains("The municipality"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Dutch only"), "{stderr}");
}
