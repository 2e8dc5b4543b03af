//! `kader test` and the `toets` item: passing, failing and malformed tests,
//! the English spelling, the JSON and JUnit output, exit statuses, a policy
//! written only for tests, and a local rule pack's rule under test.
//!
//! Every test builds a small repository in a temporary folder with the
//! person-targeted example policy (`examples/beleid/vakantieverhuur.kader`:
//! five days, one public source, by hand; no finding) and runs the real
//! binary in it.

use assert_cmd::Command;
use kader_tests::{kader_bin, PACK_RULE};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

const TOML: &str = "[project]\ngemeente = \"Zuiderhaven\"\nfg = \"FG, fg@zuiderhaven.nl\"\n";

/// A repository with the example policy `vakantieverhuur_havenstraat`, its
/// teams, and the files given.
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    let mut all: Vec<(String, String)> = vec![
        ("kader.toml".into(), TOML.into()),
        (
            "beleid/vakantieverhuur.kader".into(),
            fs::read_to_string(examples.join("beleid/vakantieverhuur.kader")).unwrap(),
        ),
        (
            "organisatie/teams.kader".into(),
            fs::read_to_string(examples.join("organisatie/teams.kader")).unwrap(),
        ),
    ];
    all.extend(files.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    for (path, text) in all {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kader(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(kader_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let r = kader(dir, args);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", r.stdout, r.stderr));
    (r.code, v)
}

/// Codes `kader check --format json` reports.
fn check_codes(dir: &Path) -> Vec<String> {
    let (_, v) = json(dir, &["check", "--format", "json"]);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const SHORT: &str = "\
/// Vijf dagen, één openbare bron: niet stelselmatig.
toets kort / short {
    beleid: vakantieverhuur_havenstraat
    niet_verwacht: [OO-STELSELMATIG, OO-STELSELMATIG-RISICO]
}
";

const TWO_WEEKS: &str = "\
toets twee_weken {
    beleid: vakantieverhuur_havenstraat
    wijzig {
        periode: 2025-06-03 .. 2025-06-17
    }
    verwacht: [OO-STELSELMATIG-RISICO]
    niet_verwacht: [OO-STELSELMATIG]
}
";

/// Says the period of two weeks is still fine: the rule fires, so it fails.
const WRONG_JUDGEMENT: &str = "\
toets twee_weken_mag {
    beleid: vakantieverhuur_havenstraat
    wijzig {
        periode: 2025-06-03 .. 2025-06-17
        gegevens: [berichtinhoud, profielgegevens]
    }
    verwacht: [OO-STELSELMATIG-RISICO]
    niet_verwacht: [OO-STELSELMATIG]
}
";

#[test]
fn passing_tests_exit_0_and_say_what_was_expected_and_found() {
    let dir = repo(&[("toetsen/t.kader", &format!("{SHORT}\n{TWO_WEEKS}"))]);
    let r = kader(dir.path(), &["test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "toets kort (toetsen/t.kader:2), beleid vakantieverhuur_havenstraat: geslaagd"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("gewijzigd: periode"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("gevonden: OO-STELSELMATIG-RISICO (waarschuwing)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("2 toetsen: 2 geslaagd, 0 mislukt, 0 onjuist\n"),
        "{}",
        r.stdout
    );
    // `kader check` checks the tests but does not run them: no findings.
    assert_eq!(check_codes(dir.path()), Vec::<String>::new());
}

#[test]
fn a_failing_test_exits_1_with_the_difference_and_where_the_rule_fired() {
    let dir = repo(&[(
        "toetsen/t.kader",
        &format!("{TWO_WEEKS}\n{WRONG_JUDGEMENT}"),
    )]);
    let r = kader(dir.path(), &["test"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "toets twee_weken (toetsen/t.kader:1), beleid vakantieverhuur_havenstraat: geslaagd"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "twee_weken_mag (toetsen/t.kader:10), beleid vakantieverhuur_havenstraat: MISLUKT"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("verwacht maar niet gemeld: OO-STELSELMATIG-RISICO"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("gemeld maar niet verwacht: OO-STELSELMATIG\n"),
        "{}",
        r.stdout
    );
    // The finding of the rule that fired, with its place in the policy.
    assert!(
        r.stdout.contains("beleid/vakantieverhuur.kader:"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[OO-STELSELMATIG] fout:"), "{}", r.stdout);
    // And why it fired: its decision trace, only for the unexpected rule.
    let why = r
        .stdout
        .split("  waarom:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no trace:\n{}", r.stdout));
    assert!(why.contains("OO-STELSELMATIG"), "{why}");
    assert!(why.contains("beleid/vakantieverhuur.kader:"), "{why}");
    assert_eq!(r.stdout.matches("  waarom:\n").count(), 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("2 toetsen: 1 geslaagd, 1 mislukt, 0 onjuist"),
        "{}",
        r.stdout
    );
}

#[test]
fn malformed_tests_are_reported_by_check_and_exit_2() {
    let cases: &[(&str, &str)] = &[
        // An unknown policy, with a suggestion.
        ("beleid: vakantieverhuur_havenstrat\n    verwacht: [OO-STELSELMATIG]", "K0204"),
        // A field a policy does not have.
        ("beleid: vakantieverhuur_havenstraat\n    wijzig {\n        peroide: 2025-06-03 .. 2025-06-17\n    }\n    verwacht: [OO-STELSELMATIG]", "K0202"),
        // A value of the wrong type.
        ("beleid: vakantieverhuur_havenstraat\n    wijzig {\n        periode: \"twee weken\"\n    }\n    verwacht: [OO-STELSELMATIG]", "K0205"),
        // A code no rule has.
        ("beleid: vakantieverhuur_havenstraat\n    verwacht: [OO-STELSELMATIK]", "K0514"),
        // A code in both lists.
        ("beleid: vakantieverhuur_havenstraat\n    verwacht: [OO-STELSELMATIG]\n    niet_verwacht: [OO-STELSELMATIG]", "K0217"),
        // No policy at all.
        ("verwacht: [OO-STELSELMATIG]", "K0208"),
    ];
    for (body, code) in cases {
        let test = format!("toets stuk {{\n    {body}\n}}\n");
        let dir = repo(&[("toetsen/stuk.kader", &test)]);
        let codes = check_codes(dir.path());
        assert_eq!(codes, vec![code.to_string()], "{test}");
        let r = kader(dir.path(), &["test"]);
        assert_eq!(r.code, 2, "{test}\n{}", r.stdout);
        assert!(
            r.stdout.contains("stuk (toetsen/stuk.kader:1)"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains(": ONJUIST"), "{}", r.stdout);
        assert!(
            r.stdout.contains(&format!("[{code}] fout:")),
            "{}",
            r.stdout
        );
    }
    // The unknown policy gets the nearest name.
    let dir = repo(&[(
        "toetsen/stuk.kader",
        "toets stuk {\n    beleid: vakantieverhuur_havenstrat\n}\n",
    )]);
    let (_, v) = json(dir.path(), &["check", "--format", "json"]);
    assert!(v.to_string().contains("vakantieverhuur_havenstraat"), "{v}");
}

#[test]
fn a_test_written_in_english_runs_and_translates_back() {
    let english = "\
/// Two weeks: the grey zone.
test two_weeks {
    policy: vakantieverhuur_havenstraat
    change {
        period: 2025-06-03 .. 2025-06-17
    }
    expect: [OO-STELSELMATIG-RISICO]
    expect_not: [OO-STELSELMATIG]
}
";
    let dir = repo(&[("toetsen/en.kader", english)]);
    let r = kader(dir.path(), &["test", "--taal", "en"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "test two_weeks (toetsen/en.kader:2), policy vakantieverhuur_havenstraat: passed"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("found: OO-STELSELMATIG-RISICO (warning)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("1 test: 1 passed, 0 failed, 0 malformed\n"),
        "{}",
        r.stdout
    );

    // Written in Dutch and back in English, exactly as it was.
    let f = dir.path().join("toetsen/en.kader");
    assert_eq!(
        kader(dir.path(), &["fmt", "--taal", "nl", "toetsen/en.kader"]).code,
        0
    );
    let dutch = fs::read_to_string(&f).unwrap();
    assert!(dutch.contains("toets two_weeks {\n    beleid: vakantieverhuur_havenstraat\n    wijzig {\n        periode: 2025-06-03 .. 2025-06-17\n    }\n    verwacht: [OO-STELSELMATIG-RISICO]\n    niet_verwacht: [OO-STELSELMATIG]\n}"), "{dutch}");
    assert_eq!(kader(dir.path(), &["test"]).code, 0);
    assert_eq!(
        kader(dir.path(), &["fmt", "--taal", "en", "toetsen/en.kader"]).code,
        0
    );
    assert_eq!(fs::read_to_string(&f).unwrap(), english);
}

#[test]
fn json_has_one_object_per_test_and_the_counts() {
    let dir = repo(&[("toetsen/t.kader", &format!("{SHORT}\n{WRONG_JUDGEMENT}"))]);
    let (code, v) = json(dir.path(), &["test", "--format", "json"]);
    assert_eq!(code, 1);
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2);
    assert_eq!(tests[0]["name"], "kort");
    assert_eq!(tests[0]["name_en"], "short");
    assert_eq!(tests[0]["status"], "passed");
    assert_eq!(tests[0]["policy"], "vakantieverhuur_havenstraat");
    assert_eq!(tests[0]["file"], "toetsen/t.kader");
    assert_eq!(tests[0]["line"], 2);
    let failed = &tests[1];
    assert_eq!(failed["status"], "failed");
    assert_eq!(
        failed["changed"],
        serde_json::json!(["periode", "gegevens"])
    );
    assert_eq!(
        failed["missing"],
        serde_json::json!(["OO-STELSELMATIG-RISICO"])
    );
    assert_eq!(failed["unexpected"], serde_json::json!(["OO-STELSELMATIG"]));
    let found = failed["found"].as_array().unwrap();
    let fired = found
        .iter()
        .find(|f| f["code"] == "OO-STELSELMATIG")
        .unwrap();
    assert_eq!(fired["severity"], "error");
    assert_eq!(fired["file"], "beleid/vakantieverhuur.kader");
    assert!(
        fired["message"]["nl"]
            .as_str()
            .unwrap()
            .contains("stelselmatig"),
        "{fired}"
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"tests": 2, "passed": 1, "failed": 1, "malformed": 0})
    );
}

#[test]
fn junit_has_one_test_case_per_test() {
    let broken = "toets stuk {\n    beleid: bestaat_niet\n}\n";
    let dir = repo(&[
        ("toetsen/t.kader", &format!("{SHORT}\n{WRONG_JUDGEMENT}")),
        ("toetsen/stuk.kader", broken),
    ]);
    let r = kader(dir.path(), &["test", "--format", "junit"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.starts_with("<?xml"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("<testcase ").count(), 3, "{}", r.stdout);
    assert!(r.stdout.contains("tests=\"3\""), "{}", r.stdout);
    let case = |name: &str| {
        r.stdout
            .split("<testcase ")
            .find(|c| c.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("no case {name}:\n{}", r.stdout))
            .to_string()
    };
    let passed = case("kort");
    assert!(passed.contains("classname=\"toetsen/t.kader\""), "{passed}");
    assert!(
        !passed.contains("<failure") && !passed.contains("<error"),
        "{passed}"
    );
    let failed = case("twee_weken_mag");
    assert!(
        failed.contains("<failure") && failed.contains("OO-STELSELMATIG-RISICO, OO-STELSELMATIG"),
        "{failed}"
    );
    let malformed = case("stuk");
    assert!(
        malformed.contains("<error") && malformed.contains("K0204"),
        "{malformed}"
    );
}

#[test]
fn only_the_tests_in_the_paths_asked_for_run() {
    let dir = repo(&[
        ("toetsen/a.kader", SHORT),
        ("toetsen/b.kader", WRONG_JUDGEMENT),
    ]);
    let r = kader(dir.path(), &["test", "toetsen/a.kader"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("1 toets: 1 geslaagd"), "{}", r.stdout);
    assert_eq!(kader(dir.path(), &["test"]).code, 1);
    // A repository without tests passes, and says there are none.
    let empty = repo(&[]);
    let r = kader(empty.path(), &["test"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("Geen toetsen gevonden"), "{}", r.stderr);
    // A path that does not exist is a usage error.
    assert_eq!(kader(dir.path(), &["test", "bestaat/niet"]).code, 2);
}

/// One person followed for a month with profile data kept per person: a
/// worked example of OO-STELSELMATIG, as a policy written only for tests.
const TEST_ONLY: &str = r#"
beleid alleen_toets {
    titel: "Toetsbeleid"
    alleen_voor_toetsen: ja
    verantwoordelijke: burgemeester
    doel: openbare_orde
    taak: [gemeentewet_172]
    grondslag: publieke_taak
    periode: 2025-03-01 .. 2025-03-31
    gericht_op: persoon
    informeren: achteraf
    methode: handmatig
    gegevens: [berichtinhoud, profielgegevens]
    vastlegging: per_persoon
    geautoriseerd: [team_toezicht_wonen]
}

toets een_maand {
    beleid: alleen_toets
    verwacht: [OO-STELSELMATIG]
}

toets drie_dagen {
    beleid: alleen_toets
    wijzig {
        periode: 2025-03-04 .. 2025-03-06
    }
    verwacht: [OO-STELSELMATIG-RISICO]
    niet_verwacht: [OO-STELSELMATIG]
}
"#;

#[test]
fn a_test_only_policy_is_tested_but_not_registered_or_reported() {
    let dir = repo(&[("toetsen/alleen.kader", TEST_ONLY)]);
    // The rules report nothing on it outside `kader test`...
    assert_eq!(check_codes(dir.path()), Vec::<String>::new());
    // ... but its tests run it as a real policy.
    let r = kader(dir.path(), &["test"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("2 toetsen: 2 geslaagd"), "{}", r.stdout);
    // The register leaves it out, in every format; the real policy stays.
    for format in ["markdown", "json", "csv", "html"] {
        let r = kader(dir.path(), &["register", "--format", format]);
        assert!(
            !r.stdout.contains("alleen_toets") && !r.stdout.contains("Toetsbeleid"),
            "{format}:\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("vakantieverhuur_havenstraat")
                || r.stdout.contains("Vakantieverhuur Havenstraat"),
            "{format}:\n{}",
            r.stdout
        );
    }
    // The Algoritmeregister lists automated policies only: an automated
    // test-only policy stays out, the same policy for real goes in.
    let automated = TEST_ONLY.replace("methode: handmatig", "methode: geautomatiseerd");
    let algorithms = |text: &str| {
        let dir = repo(&[("toetsen/alleen.kader", text)]);
        kader(dir.path(), &["register", "--format", "algoritmeregister"]).stdout
    };
    assert!(!algorithms(&automated).contains("alleen_toets"));
    let real = automated.replace("alleen_voor_toetsen: ja", "alleen_voor_toetsen: nee");
    assert!(
        algorithms(&real).contains("alleen_toets"),
        "{}",
        algorithms(&real)
    );
    // Outside `toetsen/` it is warned about; with `nee` it is a real policy.
    let outside = repo(&[("beleid/alleen.kader", TEST_ONLY)]);
    assert_eq!(check_codes(outside.path()), vec!["K0218".to_string()]);
    let real = repo(&[(
        "beleid/alleen.kader",
        &TEST_ONLY.replace("alleen_voor_toetsen: ja", "alleen_voor_toetsen: nee"),
    )]);
    let codes = check_codes(real.path());
    assert!(codes.contains(&"OO-STELSELMATIG".to_string()), "{codes:?}");
    assert!(!codes.contains(&"K0218".to_string()), "{codes:?}");
}

const PACK_TOML: &str = "[project]\ngemeente = \"Zuiderhaven\"\nfg = \"FG, fg@zuiderhaven.nl\"\n[pakketten]\npaden = [\"regels/\"]\n";

#[test]
fn a_local_rule_packs_rule_is_tested_like_the_stdlib_rules() {
    let tests = "\
toets drie_maanden_te_lang {
    beleid: vakantieverhuur_havenstraat
    verwacht: [ZH-BEWAAR-14]
}

toets twee_weken_mag {
    beleid: vakantieverhuur_havenstraat
    wijzig {
        bewaartermijn: 14 dagen
    }
    niet_verwacht: [ZH-BEWAAR-14]
}
";
    let dir = repo(&[
        ("regels/eigen.kader", PACK_RULE),
        ("toetsen/eigen.kader", tests),
    ]);
    fs::write(dir.path().join("kader.toml"), PACK_TOML).unwrap();
    let r = kader(dir.path(), &["test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("gevonden: ZH-BEWAAR-14 (fout)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2 toetsen: 2 geslaagd"), "{}", r.stdout);
    // Without the pack the code is unknown: the tests are malformed.
    fs::write(dir.path().join("kader.toml"), TOML).unwrap();
    fs::remove_file(dir.path().join("regels/eigen.kader")).unwrap();
    let r = kader(dir.path(), &["test"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("[K0514]"), "{}", r.stdout);
}

#[test]
fn a_policys_fingerprint_does_not_change_because_a_test_names_it() {
    let without = repo(&[]);
    let with = repo(&[("toetsen/t.kader", &format!("{SHORT}\n{TWO_WEEKS}"))]);
    let print = |dir: &Path| kader(dir, &["vingerafdruk", "vakantieverhuur_havenstraat"]).stdout;
    let a = print(without.path());
    assert!(a.starts_with("sha256:"), "{a}");
    assert_eq!(a, print(with.path()));
}

#[test]
fn the_examples_tests_pass() {
    let r = kader(&root().join("examples"), &["test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(" 0 mislukt, 0 onjuist"), "{}", r.stdout);
    assert!(
        r.stdout.contains("korter_niet_meer_stelselmatig"),
        "{}",
        r.stdout
    );
}
