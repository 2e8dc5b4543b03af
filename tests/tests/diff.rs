//! Tests of `kader diff` (`kader::report::diff`, `kader_project::git` and
//! the command): each test makes a git repository of the example
//! municipality in a temporary folder, commits it, edits it and compares:
//! register elements old → new, findings that appear and disappear,
//! exceptions with their motivation, a shared team with the policies it
//! affects, added, removed and renamed policies, no legal change after a
//! new layout, comments or the other language, and the errors outside a
//! repository and for an unknown revision.

use kader::diagnostics::Severity;
use kader::reading::{Read, OUTSIDE_LINK};
use kader::report::diff::{self, Change, Diff, PolicyChange};
use kader::Taal;
use kader_tests::kader_bin;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs git in `dir` and checks that it worked.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository holding a copy of `examples/`, committed on `main`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    copy(&examples, dir.path());
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Privacy Officer"]);
    git(
        dir.path(),
        &["config", "user.email", "fg@zuiderhaven.example"],
    );
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    commit(dir.path(), "Zuiderhaven");
    dir
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn copy(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replaces `from` by `to` in a file of the repository, once.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The diff of the working tree against `revision`, through the library.
fn diff_with(dir: &Path, revision: &str, taal: Taal) -> Diff {
    let root = fs::canonicalize(dir).unwrap();
    let old = kader_project::git::load_revision(&root, revision, Default::default()).unwrap();
    let new = kader_project::load(&[], &root, Default::default());
    diff::compare(&old.analyse().0, &new.analyse().0, taal)
}

fn policy<'d>(diff: &'d Diff, name: &str) -> &'d PolicyChange {
    diff.policies
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no change of {name} in {diff:#?}"))
}

/// Runs `kader` in `dir`: (status, stdout, stderr).
fn kader(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(kader_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const WEBCARE: &str = "beleid/webcare.kader";

#[test]
fn period_retention_and_source_are_named_old_to_new() {
    let repo = repository();
    let dir = repo.path();
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 6 maanden",
    );
    edit(
        dir,
        WEBCARE,
        "periode: 2025-01-01 ..",
        "periode: 2025-03-01 .. 2025-12-31",
    );
    edit(dir, WEBCARE, "bron instagram", "bron x");
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    assert_eq!(diff.policies.len(), 1, "{diff:#?}");
    let webcare = policy(&diff, "webcare");
    assert_eq!(webcare.change, Change::Changed);
    let element = |key: &str| {
        webcare
            .elements
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{key} in {webcare:#?}"))
    };
    let retention = element("bewaartermijn");
    assert_eq!(retention.label, "Bewaartermijn");
    assert_eq!(
        (retention.old.as_slice(), retention.new.as_slice()),
        (
            &["3 maanden".to_string()][..],
            &["6 maanden".to_string()][..]
        )
    );
    let period = element("periode");
    assert_eq!(period.old, ["vanaf 1 januari 2025, zonder einddatum"]);
    assert_eq!(period.new, ["1 maart 2025 tot en met 31 december 2025"]);
    let sources = element("bronnen");
    assert!(
        sources.old.iter().any(|s| s.starts_with("Instagram")),
        "{sources:?}"
    );
    assert!(
        sources.new.iter().any(|s| s.starts_with("X ")),
        "{sources:?}"
    );
    // Nothing else changed.
    let keys: Vec<&str> = webcare.elements.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["bewaartermijn", "periode", "bronnen"]);
    // The command says the same, in English too.
    let (code, stdout, _) = kader(dir, &["diff"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Bewaartermijn: 3 maanden → 6 maanden"),
        "{stdout}"
    );
    let (code, stdout, _) = kader(dir, &["diff", "--taal", "en"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("3 months → 6 months"), "{stdout}");
    assert!(stdout.contains("Policy webcare"), "{stdout}");
}

#[test]
fn a_finding_that_appears_and_one_that_disappears_are_listed() {
    let repo = repository();
    let dir = repo.path();
    // A longer retention is warned about; an end date ends the finding
    // about an unbounded period.
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 6 maanden",
    );
    edit(
        dir,
        WEBCARE,
        "periode: 2025-01-01 ..",
        "periode: 2025-01-01 .. 2025-12-31",
    );
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let webcare = policy(&diff, "webcare");
    let added: Vec<(&str, Severity)> = webcare
        .findings_added
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect();
    // The longer retention is warned about; and the exception for the
    // unbounded period now excuses nothing (K0507).
    assert_eq!(
        added,
        [
            ("AVG-BEWAARTERMIJN-LANG", Severity::Warning),
            ("K0507", Severity::Warning)
        ]
    );
    let removed: Vec<&str> = webcare
        .findings_removed
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(removed, ["OO-TIJDSBEGRENZING"]);
    assert!(webcare.findings_added[0].message.contains("6 maanden"));
    // A near miss: the same retention again is no finding at all.
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 6 maanden",
        "bewaartermijn: 3 maanden",
    );
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    assert!(policy(&diff, "webcare")
        .findings_added
        .iter()
        .all(|f| f.code != "AVG-BEWAARTERMIJN-LANG"));
}

#[test]
fn an_exception_added_or_removed_comes_with_its_motivation() {
    let repo = repository();
    let dir = repo.path();
    let motivation = "De evaluatie met de politie is pas na een half jaar.";
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 6 maanden",
    );
    edit(
        dir,
        WEBCARE,
        "    afwijking OO-TIJDSBEGRENZING {",
        &format!(
            "    afwijking AVG-BEWAARTERMIJN-LANG {{\n        motivering: \"{motivation}\"\n        besloten_door: college\n        datum: 2025-01-02\n    }}\n\n    afwijking OO-TIJDSBEGRENZING {{"
        ),
    );
    commit(dir, "Langere bewaartermijn met afwijking");
    // Remove the other exception.
    let text = fs::read_to_string(dir.join(WEBCARE)).unwrap();
    let start = text.find("    afwijking OO-TIJDSBEGRENZING {").unwrap();
    let end = start + text[start..].find("\n    }\n").unwrap() + "\n    }\n".len();
    fs::write(
        dir.join(WEBCARE),
        format!("{}{}", &text[..start], &text[end..]),
    )
    .unwrap();
    let diff = diff_with(dir, "HEAD~1", Taal::Nl);
    let webcare = policy(&diff, "webcare");
    let by_rule = |rule: &str| {
        webcare
            .exceptions
            .iter()
            .find(|x| x.rule == rule)
            .unwrap_or_else(|| panic!("{rule} in {webcare:#?}"))
    };
    let added = by_rule("AVG-BEWAARTERMIJN-LANG");
    assert_eq!(added.change, Change::Added);
    assert_eq!(
        added.new.as_ref().unwrap().motivation.as_deref(),
        Some(motivation)
    );
    let removed = by_rule("OO-TIJDSBEGRENZING");
    assert_eq!(removed.change, Change::Removed);
    assert!(removed
        .old
        .as_ref()
        .unwrap()
        .motivation
        .as_deref()
        .unwrap()
        .starts_with("Webcare is een doorlopende dienst"));
    // The exception is not also listed as a changed element.
    assert!(webcare
        .elements
        .iter()
        .all(|e| e.key != "afwijking" && e.key != "afwijkingen"));
    // Against the commit with both exceptions, only the removal shows.
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let rules: Vec<(&str, Change)> = policy(&diff, "webcare")
        .exceptions
        .iter()
        .map(|x| (x.rule.as_str(), x.change))
        .collect();
    assert_eq!(rules, [("OO-TIJDSBEGRENZING", Change::Removed)]);
    let (code, stdout, _) = kader(dir, &["diff", "HEAD~1"]);
    assert_eq!(code, 0);
    assert!(stdout.contains(motivation), "{stdout}");
}

#[test]
fn a_change_of_a_shared_team_names_the_policies_it_affects() {
    let repo = repository();
    let dir = repo.path();
    edit(
        dir,
        "organisatie/teams.kader",
        "Communicatieadviseurs van de afdeling Communicatie, team webcare",
        "Communicatieadviseurs en stagiairs van de afdeling Communicatie",
    );
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    // No policy changed in itself.
    assert!(diff.policies.is_empty(), "{diff:#?}");
    assert_eq!(diff.shared.len(), 1, "{diff:#?}");
    let team = &diff.shared[0];
    assert_eq!(
        (team.kind.as_str(), team.name.as_str()),
        ("team", "team_webcare")
    );
    assert_eq!(team.change, Change::Changed);
    assert_eq!(
        team.elements[0].old,
        ["Communicatieadviseurs van de afdeling Communicatie, team webcare"]
    );
    // Exactly the policies that authorise the team.
    let authorising: Vec<String> = fs::read_dir(dir.join("beleid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| fs::read_to_string(p).unwrap().contains("team_webcare"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut expected = authorising.clone();
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(team.affected, expected);
    // A team nobody authorises affects no policy.
    fs::write(
        dir.join("organisatie/nieuw.kader"),
        "team team_archief {\n    omschrijving: \"Archief\"\n}\n",
    )
    .unwrap();
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let new = diff
        .shared
        .iter()
        .find(|s| s.name == "team_archief")
        .unwrap();
    assert_eq!(new.change, Change::Added);
    assert!(new.affected.is_empty());
}

#[test]
fn policies_added_removed_and_renamed() {
    let repo = repository();
    let dir = repo.path();
    // Renamed: the same content under another name (and in another file).
    let text = fs::read_to_string(dir.join("beleid/koningsdag.kader")).unwrap();
    let name = text
        .lines()
        .find_map(|l| l.strip_prefix("beleid "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    fs::remove_file(dir.join("beleid/koningsdag.kader")).unwrap();
    fs::write(
        dir.join("beleid/koningsdag_nieuw.kader"),
        text.replacen(&format!("beleid {name} "), "beleid koningsdag_nieuw ", 1),
    )
    .unwrap();
    // Removed.
    let removed_text = fs::read_to_string(dir.join("beleid/havenfestival.kader")).unwrap();
    fs::remove_file(dir.join("beleid/havenfestival.kader")).unwrap();
    // Added: the removed one, changed, under a new name.
    fs::write(
        dir.join("beleid/zomerfestival.kader"),
        removed_text
            .replacen("beleid havenfestival_2025", "beleid zomerfestival", 1)
            .replacen("titel: \"", "titel: \"Zomer: ", 1),
    )
    .unwrap();
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let changes: Vec<(&str, Change, Option<&str>)> = diff
        .policies
        .iter()
        .map(|p| (p.name.as_str(), p.change, p.old_name.as_deref()))
        .collect();
    assert_eq!(
        changes,
        [
            ("havenfestival_2025", Change::Removed, None),
            ("koningsdag_nieuw", Change::Renamed, Some(name.as_str())),
            ("zomerfestival", Change::Added, None),
        ],
        "{diff:#?}"
    );
    let added = policy(&diff, "zomerfestival");
    assert!(added
        .elements
        .iter()
        .any(|e| e.key == "bewaartermijn" && e.old.is_empty() && !e.new.is_empty()));
    let renamed = policy(&diff, "koningsdag_nieuw");
    assert!(renamed.elements.is_empty() && renamed.findings_added.is_empty());
}

#[test]
fn every_file_written_in_english_is_no_legal_change() {
    let repo = repository();
    let dir = repo.path();
    let (code, _, stderr) = kader(dir, &["fmt", "--taal", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let webcare = fs::read_to_string(dir.join(WEBCARE)).unwrap();
    assert!(webcare.contains("policy webcare"), "the file was rewritten");
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    assert!(diff.is_empty(), "{diff:#?}");
    let (code, stdout, _) = kader(dir, &["diff"]);
    assert_eq!((code, stdout.as_str()), (0, "Geen juridische wijziging.\n"));
    let (_, stdout, _) = kader(dir, &["diff", "--taal", "en"]);
    assert_eq!(stdout, "No legal change.\n");
    // A near miss: one real change in the English file is found.
    edit(dir, WEBCARE, "retention: 3 months", "retention: 4 months");
    let diff = diff_with(dir, "HEAD", Taal::En);
    let element = &policy(&diff, "webcare").elements[0];
    assert_eq!(
        (element.old[0].as_str(), element.new[0].as_str()),
        ("3 months", "4 months")
    );
}

#[test]
fn layout_and_comments_are_no_legal_change() {
    let repo = repository();
    let dir = repo.path();
    let text = fs::read_to_string(dir.join(WEBCARE)).unwrap();
    let relaid: String = text
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect::<String>()
        .replace(
            "bewaartermijn: 3 maanden",
            "// Herzien in 2026.\n    bewaartermijn:    3   maanden   // drie maanden",
        );
    fs::write(dir.join(WEBCARE), relaid).unwrap();
    edit(
        dir,
        "organisatie/teams.kader",
        "// De teams",
        "// Alle teams",
    );
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    assert!(diff.is_empty(), "{diff:#?}");
    let (_, stdout, _) = kader(dir, &["diff", "--format", "markdown"]);
    assert!(stdout.contains("Geen juridische wijziging."), "{stdout}");
}

#[test]
fn outside_a_git_repository_the_command_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"),
        dir.path(),
    );
    let (code, stdout, stderr) = kader(dir.path(), &["diff"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("hoort niet bij een git-repository"),
        "{stderr}"
    );
    let (_, _, stderr) = kader(dir.path(), &["diff", "--taal", "en"]);
    assert!(stderr.contains("not part of a git repository"), "{stderr}");
}

#[test]
fn an_unknown_revision_or_one_like_an_option_is_refused() {
    let repo = repository();
    let dir = repo.path();
    let (code, stdout, stderr) = kader(dir, &["diff", "bestaat-niet"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("`bestaat-niet` is onbekend"), "{stderr}");
    let (code, _, stderr) = kader(dir, &["diff", "--", "--output=uit.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("begint niet met `-`"), "{stderr}");
    assert!(!dir.join("uit.txt").exists());
    // The existing branch is fine.
    let (code, stdout, _) = kader(dir, &["diff", "main"]);
    assert_eq!((code, stdout.as_str()), (0, "Geen juridische wijziging.\n"));
}

#[test]
fn the_markdown_fits_a_pull_request_comment() {
    let repo = repository();
    let dir = repo.path();
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 6 maanden",
    );
    edit(
        dir,
        "organisatie/teams.kader",
        "Communicatieadviseurs van de afdeling Communicatie, team webcare",
        "Communicatieadviseurs | stagiairs",
    );
    let (code, md, _) = kader(dir, &["diff", "main", "--format", "markdown"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "## kader: juridische wijzigingen");
    let section = lines
        .iter()
        .position(|l| l.starts_with("### Beleid `webcare`") && l.ends_with("(gewijzigd)"))
        .unwrap_or_else(|| panic!("{md}"));
    let header = lines[section..]
        .iter()
        .position(|l| *l == "| Onderdeel | Was | Wordt |")
        .unwrap()
        + section;
    assert_eq!(lines[header + 1], "|---|---|---|");
    assert!(lines[header + 2].starts_with("| Bewaartermijn"));
    assert!(lines[header + 2].ends_with("| 3 maanden | 6 maanden |"));
    // Every table row has its three cells, even with a `|` in a value.
    for line in lines.iter().filter(|l| l.starts_with("| ")) {
        assert_eq!(line.replace("\\|", "").matches('|').count(), 4, "{line}");
    }
    assert!(lines.contains(&"**Nieuwe bevindingen**"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("- **waarschuwing** `AVG-BEWAARTERMIJN-LANG`")));
    assert!(lines.contains(&"### Gedeelde onderdelen"));
    assert!(lines.contains(&"#### Team `team_webcare` (gewijzigd)"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Raakt: ") && l.contains("`webcare`")));
}

#[test]
fn the_json_is_a_stable_tree() {
    let repo = repository();
    let dir = repo.path();
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 6 maanden",
    );
    let (code, json, _) = kader(dir, &["diff", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["taal"], "nl");
    let p = &v["policies"][0];
    assert_eq!(p["change"], "changed");
    assert_eq!(p["name"], "webcare");
    assert!(p["old_name"].is_null());
    let e = &p["elements"][0];
    assert_eq!(e["key"], "bewaartermijn");
    assert_eq!(e["old"][0], "3 maanden");
    assert_eq!(e["new"][0], "6 maanden");
    assert_eq!(p["findings_added"][0]["severity"], "warning");
    assert!(p["exceptions"].as_array().unwrap().is_empty());
    assert!(v["shared"].as_array().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_revision_is_not_followed() {
    let repo = repository();
    let dir = repo.path();
    let secret = tempfile::tempdir().unwrap();
    let target = secret.path().join("geheim.kader");
    fs::write(
        &target,
        "beleid geheim_beleid {\n    titel: \"GEHEIM\"\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&target, dir.join("beleid/extern.kader")).unwrap();
    std::os::unix::fs::symlink(secret.path(), dir.join("beleid/map")).unwrap();
    commit(dir, "Links");
    let root = fs::canonicalize(dir).unwrap();
    let project = kader_project::git::load_revision(&root, "HEAD", Default::default()).unwrap();
    let read_of = |path: &str| {
        &project
            .inputs
            .iter()
            .find(|i| i.path == path)
            .unwrap_or_else(|| panic!("{path}"))
            .read
    };
    assert!(matches!(
        read_of("beleid/extern.kader"),
        Read::Outside { folder: false }
    ));
    assert!(matches!(
        read_of("beleid/map"),
        Read::Outside { folder: true }
    ));
    let (analysis, _) = project.analyse();
    let file = analysis
        .files
        .iter()
        .find(|f| f.path == "beleid/extern.kader")
        .unwrap();
    assert_eq!(file.diagnostics[0].code, OUTSIDE_LINK);
    let (code, stdout, stderr) = kader(dir, &["diff", "HEAD", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("GEHEIM") && !stderr.contains("GEHEIM"));
    assert!(!stdout.contains("geheim_beleid"));
    // The links are named.
    assert!(
        stderr.contains("[K0404]") && stderr.contains("beleid/extern.kader"),
        "{stderr}"
    );
    // A link that stays inside is followed on disk, but never in a
    // revision: there it is named too.
    fs::remove_file(dir.join("beleid/extern.kader")).unwrap();
    fs::remove_file(dir.join("beleid/map")).unwrap();
    std::os::unix::fs::symlink("../organisatie/teams.kader", dir.join("beleid/teams.kader"))
        .unwrap();
    commit(dir, "Link inside");
    fs::remove_file(dir.join("beleid/teams.kader")).unwrap();
    let (code, _, stderr) = kader(dir, &["diff"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("HEAD (versie): [K0404]") && stderr.contains("beleid/teams.kader"),
        "{stderr}"
    );
}

#[test]
fn a_revision_is_read_as_discovery_reads_the_disk() {
    let repo = repository();
    let dir = repo.path();
    // Hidden, skipped and excluded folders are left out at a revision too.
    for folder in [".concept", "target", "oud"] {
        fs::create_dir_all(dir.join(folder)).unwrap();
        fs::write(
            dir.join(folder).join("x.kader"),
            format!(
                "team team_{} {{\n    omschrijving: \"x\"\n}}\n",
                folder.trim_start_matches('.')
            ),
        )
        .unwrap();
    }
    edit(
        dir,
        "kader.toml",
        "[project]\n",
        "[project]\nexclude = [\"oud/\"]\n",
    );
    commit(dir, "Mappen");
    let root: PathBuf = fs::canonicalize(dir).unwrap();
    let old = kader_project::git::load_revision(&root, "HEAD", Default::default()).unwrap();
    let new = kader_project::load(&[], &root, Default::default());
    let paths = |p: &kader_project::Project| -> Vec<String> {
        p.inputs.iter().map(|i| i.path.clone()).collect()
    };
    assert_eq!(paths(&old), paths(&new));
    assert!(!paths(&old).iter().any(|p| p.ends_with("x.kader")));
    assert_eq!(old.settings.exclude.len(), 1);
}

/// The pack rule of the test helpers, as a warning.
fn pack_rule() -> String {
    kader_tests::PACK_RULE.replace("ernst: fout", "ernst: waarschuwing")
}

#[test]
fn a_changed_rule_of_a_local_pack_names_the_policies_it_finds_in() {
    let repo = repository();
    let dir = repo.path();
    edit(
        dir,
        "kader.toml",
        "[project]\n",
        "[pakketten]\npaden = [\"regels/\"]\n\n[project]\n",
    );
    fs::create_dir_all(dir.join("regels")).unwrap();
    fs::write(dir.join("regels/eigen.kader"), pack_rule()).unwrap();
    // The new rule, with the policies it finds something in.
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let rule = diff
        .shared
        .iter()
        .find(|s| s.name == "ZH-BEWAAR-14")
        .unwrap_or_else(|| panic!("{diff:#?}"));
    assert_eq!((rule.kind.as_str(), rule.change), ("regel", Change::Added));
    assert!(rule.affected.contains(&"webcare".to_string()), "{rule:#?}");
    assert!(policy(&diff, "webcare")
        .findings_added
        .iter()
        .any(|f| f.code == "ZH-BEWAAR-14"));
    commit(dir, "Eigen regel");
    // Written in English, the rule means the same.
    let (code, _, stderr) = kader(dir, &["fmt", "--taal", "en"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(fs::read_to_string(dir.join("regels/eigen.kader"))
        .unwrap()
        .contains("rule ZH-BEWAAR-14"));
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    assert!(diff.is_empty(), "{diff:#?}");
    git(dir, &["checkout", "-q", "."]);
    // A longer threshold: the rule changed, and policies lose the finding.
    edit(dir, "regels/eigen.kader", "> 14 dagen", "> 3 maanden");
    edit(
        dir,
        "regels/eigen.kader",
        "ernst: waarschuwing",
        "ernst: fout",
    );
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let rule = diff
        .shared
        .iter()
        .find(|s| s.name == "ZH-BEWAAR-14")
        .unwrap_or_else(|| panic!("{diff:#?}"));
    assert_eq!(rule.change, Change::Changed);
    let keys: Vec<&str> = rule.elements.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["ernst", "voorwaarden"]);
    assert_eq!(
        (
            rule.elements[0].old[0].as_str(),
            rule.elements[0].new[0].as_str()
        ),
        ("waarschuwing", "fout")
    );
    assert!(rule.affected.contains(&"webcare".to_string()), "{rule:#?}");
    assert!(policy(&diff, "webcare")
        .findings_removed
        .iter()
        .any(|f| f.code == "ZH-BEWAAR-14"));
}

#[test]
fn a_policy_repository_in_a_folder_of_a_larger_git_repository() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("privacy/beleid-repo");
    fs::create_dir_all(&root).unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"),
        &root,
    );
    // A policy outside the policy repository is no part of it.
    fs::write(
        top.path().join("los.kader"),
        "team team_los {\n    omschrijving: \"x\"\n}\n",
    )
    .unwrap();
    git(top.path(), &["init", "-q", "-b", "main"]);
    git(top.path(), &["config", "user.name", "Privacy Officer"]);
    git(
        top.path(),
        &["config", "user.email", "fg@zuiderhaven.example"],
    );
    git(top.path(), &["config", "commit.gpgsign", "false"]);
    commit(top.path(), "Zuiderhaven");
    edit(
        &root,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 4 maanden",
    );
    fs::remove_file(top.path().join("los.kader")).unwrap();
    // From a folder inside the policy repository.
    let (code, stdout, stderr) = kader(&root.join("beleid"), &["diff", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["policies"].as_array().unwrap().len(), 1, "{stdout}");
    assert_eq!(v["policies"][0]["elements"][0]["new"][0], "4 maanden");
    assert!(v["shared"].as_array().unwrap().is_empty(), "{stdout}");
}

#[test]
fn a_pack_outside_the_repository_is_the_same_in_both_versions() {
    let repo = repository();
    let dir = repo.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("eigen.kader"), pack_rule()).unwrap();
    let pack = fs::canonicalize(outside.path()).unwrap();
    edit(
        dir,
        "kader.toml",
        "[project]\n",
        &format!(
            "[pakketten]\npaden = [\"{}\"]\n\n[project]\n",
            pack.display()
        ),
    );
    commit(dir, "Pakket buiten de repository");
    let root = fs::canonicalize(dir).unwrap();
    // Not allowed: refused at the revision as on disk, and no change.
    let old = kader_project::git::load_revision(&root, "HEAD", Default::default()).unwrap();
    assert_eq!(old.refused.len(), 1);
    assert!(old.inputs.iter().all(|i| !i.path.ends_with("eigen.kader")));
    assert!(diff_with(dir, "HEAD", Taal::Nl).is_empty());
    // Allowed: read from disk for both versions, so its rule is no change
    // either, though it finds something in the policies.
    let allowed = kader_project::LoadOptions {
        external_packs: true,
        ..Default::default()
    };
    let old = kader_project::git::load_revision(&root, "HEAD", allowed).unwrap();
    assert!(old.refused.is_empty());
    assert!(old.inputs.iter().any(|i| i.path.ends_with("eigen.kader")));
    let (analysis, _) = old.analyse();
    assert!(analysis
        .rules
        .rules
        .iter()
        .any(|r| r.code == "ZH-BEWAAR-14"));
    let (code, stdout, stderr) = kader(dir, &["diff", "--sta-pakketten-buiten-toe"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Geen juridische wijziging.\n");
    // Without the option, the refused pack is named.
    let (_, _, stderr) = kader(dir, &["diff"]);
    assert!(stderr.contains("[K0405]"), "{stderr}");
}

#[test]
fn without_git_the_command_says_what_to_install() {
    let repo = repository();
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(kader_bin())
        .current_dir(repo.path())
        .env("PATH", empty.path())
        .args(["diff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`git` is niet gevonden"), "{stderr}");
}

#[test]
fn a_processor_moved_into_the_eea_shows_in_the_policy_and_as_a_shared_change() {
    let repo = repository();
    let dir = repo.path();
    let text = fs::read_to_string(dir.join("organisatie/verwerkers.kader")).unwrap();
    let at = text.find("verwerker signalhub").unwrap();
    let moved = text[at..].replacen("vestiging: buiten_eer", "vestiging: nl", 1);
    fs::write(
        dir.join("organisatie/verwerkers.kader"),
        format!("{}{moved}", &text[..at]),
    )
    .unwrap();
    let diff = diff_with(dir, "HEAD", Taal::Nl);
    let processor = diff
        .shared
        .iter()
        .find(|s| s.name == "signalhub")
        .unwrap_or_else(|| panic!("{diff:#?}"));
    assert_eq!(
        (processor.kind.as_str(), processor.change),
        ("verwerker", Change::Changed)
    );
    let using: Vec<String> = fs::read_dir(dir.join("beleid"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|t| t.contains("signalhub"))
        .filter_map(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("beleid "))
                .and_then(|l| l.split_whitespace().next())
                .map(str::to_string)
        })
        .collect();
    assert!(!using.is_empty());
    assert_eq!(processor.affected, using);
    // In the policy: no transfer outside the EEA any more, and the finding
    // about an unsafeguarded transfer is gone.
    let policy = policy(&diff, &using[0]);
    let transfer = policy
        .elements
        .iter()
        .find(|e| e.key == "doorgifte")
        .unwrap_or_else(|| panic!("{policy:#?}"));
    assert!(transfer.old[0].starts_with("SignalHub"), "{transfer:?}");
    assert_eq!(transfer.new, ["geen"]);
    assert!(policy
        .findings_removed
        .iter()
        .any(|f| f.code == "AVG-DOORGIFTE"));
}

const HAVENFESTIVAL: &str = "beleid/havenfestival.kader";

#[test]
fn since_the_advice_shows_what_changed_in_that_policy_since_its_commit() {
    let repo = repository();
    let dir = repo.path();
    // Another change is committed after the advice, and both policies
    // change again in the working tree.
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 3 maanden",
        "bewaartermijn: 4 maanden",
    );
    commit(dir, "webcare");
    edit(
        dir,
        WEBCARE,
        "bewaartermijn: 4 maanden",
        "bewaartermijn: 6 maanden",
    );
    edit(
        dir,
        HAVENFESTIVAL,
        "bewaartermijn: 7 dagen",
        "bewaartermijn: 14 dagen",
    );
    let (status, out, err) = kader(
        dir,
        &[
            "diff",
            "--sinds-advies",
            "havenfestival_2025",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let policies = json["policies"].as_array().unwrap();
    let names: Vec<&str> = policies.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["havenfestival_2025"], "{out}");
    assert!(out.contains("7 dagen") && out.contains("14 dagen"), "{out}");
    // The English spelling of the option gives the same comparison.
    let (status, english, _) = kader(
        dir,
        &[
            "diff",
            "--since-advice",
            "havenfestival_2025",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 0);
    assert_eq!(english, out);
    // Without the option the same working tree shows both policies.
    let all = diff_with(dir, "HEAD", Taal::Nl);
    assert_eq!(all.policies.len(), 2, "{all:#?}");
}

#[test]
fn since_the_advice_says_why_it_cannot_compare() {
    let repo = repository();
    let dir = repo.path();
    // A policy that records no advice.
    let (status, _, err) = kader(dir, &["diff", "--sinds-advies", "webcare"]);
    assert_eq!(status, 2);
    assert!(err.contains("geen vingerafdruk"), "{err}");
    // A name that is not a policy.
    let (status, _, err) = kader(dir, &["diff", "--sinds-advies", "havenfestival"]);
    assert_eq!(status, 2);
    assert!(err.contains("`havenfestival_2025`"), "{err}");
    // A fingerprint that no commit holds (recorded but not committed).
    let text = fs::read_to_string(dir.join(HAVENFESTIVAL)).unwrap();
    let start = text.find("sha256:").unwrap();
    let recorded = &text[start..start + 71];
    edit(
        dir,
        HAVENFESTIVAL,
        recorded,
        &format!("sha256:{}", "0".repeat(64)),
    );
    let (status, _, err) = kader(dir, &["diff", "--sinds-advies", "havenfestival_2025"]);
    assert_eq!(status, 2);
    assert!(err.contains("Geen commit"), "{err}");
    // And outside a git repository.
    let plain = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"),
        plain.path(),
    );
    let (status, _, err) = kader(
        plain.path(),
        &["diff", "--sinds-advies", "havenfestival_2025"],
    );
    assert_eq!(status, 2);
    assert!(err.contains("git"), "{err}");
}
