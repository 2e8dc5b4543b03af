//! The fingerprint of a policy's meaning (`kader::fingerprint`), the rules
//! that compare it with the one recorded with the DPO's advice
//! (AVG-FG-VEROUDERD, AVG-FG-VINGERAFDRUK), the register's element that
//! says whether the advice is about the current text, and `kader
//! vingerafdruk`.
//!
//! The repository is `examples/` (Zuiderhaven): every policy there must
//! keep its fingerprint through `kader fmt`, reordering, comments and
//! translation, and lose it on a change of meaning.

use assert_cmd::Command;
use kader::fmt::Options;
use kader::{analyse, Analysis, Severity, Source, Taal};
use kader_tests::{kader_bin, kader_sources};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("examples")
}

/// The files of `examples/` and its `kader.toml`.
fn zuiderhaven() -> (Vec<Source>, Source) {
    let dir = examples();
    let config = Source::new(
        "kader.toml",
        std::fs::read_to_string(dir.join("kader.toml")).unwrap(),
    );
    (kader_sources(&dir), config)
}

fn analysed(sources: &[Source], config: &Source) -> Analysis {
    analyse(sources, Some(config))
}

/// `sources` with the file at `path` changed by `change`.
fn with(sources: &[Source], path: &str, change: impl Fn(&str) -> String) -> Vec<Source> {
    let mut found = false;
    let out = sources
        .iter()
        .map(|s| {
            if s.path == path {
                found = true;
                Source::new(s.path.clone(), change(&s.text))
            } else {
                s.clone()
            }
        })
        .collect();
    assert!(found, "no file {path}");
    out
}

/// `text` with `from` replaced (once) by `to`; `from` must be there.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in\n{text}");
    text.replacen(from, to, 1)
}

/// The fingerprint of every policy, by name.
fn prints(analysis: &Analysis) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = analysis
        .policies()
        .map(|(_, p)| (p.name().unwrap().to_string(), analysis.fingerprint(p)))
        .collect();
    out.sort();
    out
}

fn print_of(analysis: &Analysis, name: &str) -> String {
    let (_, policy) = analysis
        .policies()
        .find(|(_, p)| p.name() == Some(name))
        .unwrap_or_else(|| panic!("no policy {name}"));
    analysis.fingerprint(policy)
}

/// Every file of the repository formatted (and with `taal`, translated) as
/// `kader fmt` does.
fn formatted(sources: &[Source], config: &Source, taal: Option<Taal>) -> Vec<Source> {
    let analysis = analysed(sources, config);
    let options = Options {
        taal,
        ..Options::default()
    };
    analysis
        .policy_files()
        .map(|f| {
            let text = kader::translate::format_in(&analysis, f.id, &options)
                .unwrap_or_else(|e| panic!("{} does not format: {e:?}", f.path));
            Source::new(f.path.clone(), text)
        })
        .collect()
}

const FESTIVAL: &str = "beleid/havenfestival.kader";
const FESTIVAL_NAME: &str = "havenfestival_2025";

#[test]
fn every_example_policy_keeps_its_fingerprint_through_fmt_and_translation() {
    let (sources, config) = zuiderhaven();
    let before = prints(&analysed(&sources, &config));
    // Ten policies, and one written only for tests (`examples/toetsen/`).
    assert_eq!(before.len(), 11, "{before:?}");
    for (name, print) in &before {
        assert!(kader::fingerprint::is_fingerprint(print), "{name}: {print}");
    }
    // Every policy has a fingerprint of its own.
    let mut distinct: Vec<&String> = before.iter().map(|(_, p)| p).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), before.len());

    let plain = formatted(&sources, &config, None);
    assert_eq!(
        prints(&analysed(&plain, &config)),
        before,
        "after kader fmt"
    );
    let english = formatted(&sources, &config, Some(Taal::En));
    let festival = english.iter().find(|s| s.path == FESTIVAL).unwrap();
    assert!(
        festival.text.contains("policy havenfestival_2025")
            && festival.text.contains("retention: 7 days"),
        "not written in English:\n{}",
        festival.text
    );
    assert_eq!(
        prints(&analysed(&english, &config)),
        before,
        "after kader fmt --taal en"
    );
    let dutch = formatted(&english, &config, Some(Taal::Nl));
    assert_eq!(
        prints(&analysed(&dutch, &config)),
        before,
        "after kader fmt --taal nl"
    );
}

#[test]
fn the_order_of_fields_comments_and_blank_lines_do_not_count() {
    let (sources, config) = zuiderhaven();
    let before = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    let moved = with(&sources, FESTIVAL, |t| {
        // The title to the end, the retention to the top, a comment and
        // blank lines in between, and the two sources swapped.
        let t = replace(t, "    titel: \"Havenfestival 2025\"\n", "");
        let t = replace(&t, "    bewaartermijn: 7 dagen\n", "\n\n");
        let t = replace(
            &t,
            "beleid havenfestival_2025 {\n",
            "beleid havenfestival_2025 {\n    bewaartermijn: 7 dagen // een week\n    // Een opmerking.\n",
        );
        let t = replace(
            &t,
            "    rechten:",
            "    /// Documentatie telt niet.\n    titel: \"Havenfestival 2025\"\n    rechten:",
        );
        let instagram = "    bron instagram {\n        toegang: openbaar\n        account: organisatie\n        interactie: geen\n    }\n";
        let t = replace(&t, instagram, "");
        replace(
            &t,
            "    gegevens: [berichtinhoud]",
            &format!("{instagram}    gegevens: [berichtinhoud]"),
        )
    });
    let analysis = analysed(&moved, &config);
    let file = analysis.files.iter().find(|f| f.path == FESTIVAL).unwrap();
    let errors: Vec<_> = file
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(print_of(&analysis, FESTIVAL_NAME), before);

    // The order of a list's elements does not count either.
    let keywords = with(&sources, FESTIVAL, |t| {
        replace(
            t,
            "[\"havenfestival\", \"#havenfestival2025\", \"kade zuiderhaven\"]",
            "[\"kade zuiderhaven\", \"havenfestival\", \"#havenfestival2025\"]",
        )
    });
    assert_eq!(
        print_of(&analysed(&keywords, &config), FESTIVAL_NAME),
        before
    );
}

#[test]
fn recording_the_advice_does_not_change_the_fingerprint() {
    let (sources, config) = zuiderhaven();
    let before = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    let unrecorded = with(&without_advice(&sources), FESTIVAL, |t| {
        replace(
            t,
            "    fg_advies: 2025-07-01\n",
            "    fg_advies: 2025-07-02\n",
        )
    });
    assert_eq!(
        print_of(&analysed(&unrecorded, &config), FESTIVAL_NAME),
        before
    );
}

#[test]
fn the_example_records_the_fingerprint_of_its_text() {
    let (sources, config) = zuiderhaven();
    let print = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    let festival = sources.iter().find(|s| s.path == FESTIVAL).unwrap();
    assert!(
        festival
            .text
            .contains(&format!("    fg_advies_over: \"{print}\"\n")),
        "examples/{FESTIVAL} records another fingerprint than {print}"
    );
}

#[test]
fn a_change_of_meaning_gives_another_fingerprint() {
    let (sources, config) = zuiderhaven();
    let analysis = analysed(&sources, &config);
    let before = print_of(&analysis, FESTIVAL_NAME);
    let other = print_of(&analysis, "demonstratie_markt_2025");
    let edits: &[(&str, &str, &str)] = &[
        (
            FESTIVAL,
            "periode: 2025-08-14 .. 2025-08-17",
            "periode: 2025-08-14 .. 2025-08-18",
        ),
        (FESTIVAL, "bewaartermijn: 7 dagen", "bewaartermijn: 8 dagen"),
        (FESTIVAL, "bewaartermijn: 7 dagen", "bewaartermijn: 7 weken"),
        (FESTIVAL, "    bron tiktok {", "    bron facebook {"),
        (
            FESTIVAL,
            "interactie: geen\n    }\n\n",
            "interactie: reageren\n    }\n\n",
        ),
        (FESTIVAL, "\"kade zuiderhaven\"", "\"kade\""),
        (FESTIVAL, "logboek: ja", "logboek: nee"),
        (FESTIVAL, "profilering: nee", "profilering: ja"),
        (FESTIVAL, "Havenfestival 2025\"", "Havenfestival 2025 \""),
        // A referenced team's description: who may see the data.
        (
            "organisatie/teams.kader",
            "\"Adviseurs openbare orde en veiligheid (OOV), kabinet van de burgemeester\"",
            "\"Adviseurs openbare orde en veiligheid (OOV) en de woordvoerders\"",
        ),
    ];
    for (path, from, to) in edits {
        let changed = with(&sources, path, |t| replace(t, from, to));
        let analysis = analysed(&changed, &config);
        assert_ne!(
            print_of(&analysis, FESTIVAL_NAME),
            before,
            "`{from}` -> `{to}` in {path}"
        );
        // A team another policy does not name leaves that policy alone.
        if !path.starts_with("organisatie") {
            assert_eq!(print_of(&analysis, "demonstratie_markt_2025"), other);
        }
    }
    // An exception is part of the meaning.
    let waived = with(&sources, FESTIVAL, |t| {
        replace(
            t,
            "    rechten:",
            "    afwijking AVG-BEWAARTERMIJN-LANG {\n        motivering: \"Archiefwet.\"\n        besloten_door: burgemeester\n        datum: 2025-07-01\n    }\n    rechten:",
        )
    });
    assert_ne!(print_of(&analysed(&waived, &config), FESTIVAL_NAME), before);
}

/// The codes of the rule findings about the advice's fingerprint.
fn advice_findings(analysis: &Analysis) -> Vec<(String, Severity, String)> {
    analysis
        .diagnostics()
        .filter(|d| d.code.as_str().starts_with("AVG-FG-"))
        .map(|d| (d.code.to_string(), d.severity, d.message.nl.to_string()))
        .collect()
}

/// The examples with the festival's advice recorded as `recorded` (the
/// example records the fingerprint of its text).
fn with_advice(sources: &[Source], recorded: &str) -> Vec<Source> {
    with(sources, FESTIVAL, |t| {
        t.lines()
            .map(|l| {
                if l.starts_with("    fg_advies_over:") {
                    format!("    fg_advies_over: \"{recorded}\"\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect()
    })
}

/// The examples without the festival's recorded fingerprint.
fn without_advice(sources: &[Source]) -> Vec<Source> {
    with(sources, FESTIVAL, |t| {
        assert!(t.contains("    fg_advies_over:"));
        t.lines()
            .filter(|l| !l.starts_with("    fg_advies_over:"))
            .map(|l| format!("{l}\n"))
            .collect()
    })
}

#[test]
fn advice_on_an_earlier_version_is_a_warning_and_a_reformat_is_not_a_new_version() {
    let (sources, config) = zuiderhaven();
    let print = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    // The example records the advice about its current text.
    let advised = sources;
    assert_eq!(advice_findings(&analysed(&advised, &config)), vec![]);

    // Reformatted and translated: still the text the DPO saw.
    for taal in [None, Some(Taal::En)] {
        let again = formatted(&advised, &config, taal);
        assert_eq!(
            advice_findings(&analysed(&again, &config)),
            vec![],
            "{taal:?}"
        );
    }

    // A meaningful edit after the advice.
    let edited = with(&advised, FESTIVAL, |t| {
        replace(t, "bewaartermijn: 7 dagen", "bewaartermijn: 3 maanden")
    });
    let analysis = analysed(&edited, &config);
    let found = advice_findings(&analysis);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, severity, message) = &found[0];
    assert_eq!(code, "AVG-FG-VEROUDERD");
    assert_eq!(*severity, Severity::Warning);
    assert!(
        message.contains("gaat over een eerdere versie van dit beleid"),
        "{message}"
    );
    assert!(message.contains(&print), "{message}");
    let d = analysis
        .diagnostics()
        .find(|d| d.code.as_str() == "AVG-FG-VEROUDERD")
        .unwrap();
    assert!(d
        .message
        .en
        .contains("about an earlier version of this policy"));
    let help = d.help.as_ref().unwrap();
    assert!(help.nl.contains("kader diff --sinds-advies"), "{}", help.nl);
    assert!(help.en.contains("kader diff --since-advice"), "{}", help.en);
    assert!(
        help.en.contains("only new advice of the DPO"),
        "{}",
        help.en
    );
    assert!(d.law.iter().any(|l| l.id == "avg_35_2"));
    assert!(d.law.iter().any(|l| l.id == "avg_39_1"));
    // It points at the recorded fingerprint.
    let file = analysis.files.iter().find(|f| f.path == FESTIVAL).unwrap();
    assert_eq!(&file.text[d.span.range()], format!("\"{print}\""));

    // The same edit translated to English still fires: it is the meaning.
    let english = formatted(&edited, &config, Some(Taal::En));
    let found = advice_findings(&analysed(&english, &config));
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn without_a_recorded_fingerprint_nothing_is_compared() {
    let (sources, config) = zuiderhaven();
    let edited = with(&without_advice(&sources), FESTIVAL, |t| {
        replace(t, "bewaartermijn: 7 dagen", "bewaartermijn: 3 maanden")
    });
    assert_eq!(advice_findings(&analysed(&edited, &config)), vec![]);
}

#[test]
fn a_recorded_value_that_is_not_a_fingerprint_is_an_error() {
    let (sources, config) = zuiderhaven();
    let print = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    for bad in [
        "2025-07-01".to_string(),
        print[..print.len() - 1].to_string(),
        print.to_uppercase(),
        format!("{print} "),
    ] {
        let found = advice_findings(&analysed(&with_advice(&sources, &bad), &config));
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        let (code, severity, message) = &found[0];
        assert_eq!(code, "AVG-FG-VINGERAFDRUK", "{bad}");
        assert_eq!(*severity, Severity::Warning);
        assert!(message.contains("is geen vingerafdruk"), "{message}");
    }
}

/// The register's advice line of the festival.
fn advice_line(sources: &[Source], config: &Source, taal: Taal) -> Vec<String> {
    let analysis = analysed(sources, config);
    let register = kader::report::build(&analysis, taal);
    let entry = register
        .entries
        .iter()
        .find(|e| e.name == FESTIVAL_NAME)
        .unwrap();
    let row = register
        .rows(entry)
        .into_iter()
        .find(|r| r.key == "advies_fg")
        .expect("the register has an advice element");
    row.values
}

#[test]
fn the_register_says_whether_the_advice_is_about_the_current_text() {
    let (sources, config) = zuiderhaven();
    let print = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    assert_eq!(
        advice_line(&without_advice(&sources), &config, Taal::Nl),
        vec!["1 juli 2025 (geen vingerafdruk vastgelegd)"]
    );
    let advised = with_advice(&sources, &print);
    assert_eq!(
        advice_line(&advised, &config, Taal::Nl),
        vec!["1 juli 2025 (gaat over de huidige tekst)"]
    );
    assert_eq!(
        advice_line(&advised, &config, Taal::En),
        vec!["1 July 2025 (about the current text)"]
    );
    let edited = with(&advised, FESTIVAL, |t| {
        replace(t, "logboek: ja", "logboek: nee")
    });
    assert_eq!(
        advice_line(&edited, &config, Taal::Nl),
        vec!["1 juli 2025 (gaat over een eerdere versie)"]
    );
    assert_eq!(
        advice_line(&with_advice(&sources, "sha256:1"), &config, Taal::Nl),
        vec!["1 juli 2025 (de vastgelegde vingerafdruk is onleesbaar)"]
    );
}

fn kader(dir: &Path) -> Command {
    let mut cmd = Command::new(kader_bin());
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn kader_vingerafdruk_prints_the_fingerprint_of_the_named_policy() {
    let (sources, config) = zuiderhaven();
    let print = print_of(&analysed(&sources, &config), FESTIVAL_NAME);
    let dir = examples();

    let out = kader(&dir)
        .args(["vingerafdruk", FESTIVAL_NAME])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{print}\n"));

    // The English name of the command, and the folder as an argument.
    let out = kader(dir.parent().unwrap())
        .args(["fingerprint", FESTIVAL_NAME, "examples", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["name"], FESTIVAL_NAME);
    assert_eq!(json["file"], FESTIVAL);
    assert_eq!(json["fingerprint"], print.as_str());
    assert_eq!(json["version"], "kader-vingerafdruk/1");
}

#[test]
fn an_unknown_policy_name_is_a_usage_error_with_a_suggestion() {
    let out = kader(&examples())
        .args(["vingerafdruk", "havenfestival"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("Er is geen beleid `havenfestival`")
            && stderr.contains("Bedoelt u `havenfestival_2025`?"),
        "{stderr}"
    );
    let out = kader(&examples())
        .args(["--taal", "en", "fingerprint", "havenfestival"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("There is no policy `havenfestival`")
            && stderr.contains("Did you mean `havenfestival_2025`?"),
        "{stderr}"
    );
    let out = kader(&examples())
        .args(["vingerafdruk", FESTIVAL_NAME, "geen_map"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
