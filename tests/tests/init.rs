//! Tests of `kader init`: the files it creates, that the example policy it
//! writes checks clean, that it refuses to overwrite anything, and that it
//! needs the name of the municipality.

use assert_cmd::Command;
use kader_tests::kader_bin;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn kader(dir: &Path) -> Command {
    let mut cmd = Command::new(kader_bin());
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

const FILES: &[&str] = &[
    "kader.toml",
    "beleid/voorbeeld.kader",
    "toetsen/voorbeeld.kader",
    ".gitignore",
    ".github/workflows/kader.yml",
    ".gitlab-ci.yml",
    ".vscode/extensions.json",
];

#[test]
fn init_creates_a_repository_whose_example_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = kader(tmp.path())
        .args(["init", "nieuw", "--gemeente", "Gemeente \"Oost\" aan Zee"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tmp.path().join("nieuw");
    for f in FILES {
        assert!(dir.join(f).is_file(), "{f} was not created");
    }
    let toml = fs::read_to_string(dir.join("kader.toml")).unwrap();
    assert!(
        toml.contains(r#"gemeente = "Gemeente \"Oost\" aan Zee""#),
        "{toml}"
    );

    // The example policy checks clean: no errors, no warnings, no infos.
    let check = kader(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{stdout}"
    );

    // The example is already in the canonical layout, so `kader fmt --check`
    // in the scaffolded CI passes.
    let example = fs::read_to_string(dir.join("beleid/voorbeeld.kader")).unwrap();
    let formatted = kader::fmt::format(&example, &kader::fmt::Options::default()).unwrap();
    assert_eq!(
        formatted, example,
        "the example policy is not in the canonical layout"
    );

    // The example test is canonical too, and passes.
    let test = fs::read_to_string(dir.join("toetsen/voorbeeld.kader")).unwrap();
    let formatted = kader::fmt::format(&test, &kader::fmt::Options::default()).unwrap();
    assert_eq!(
        formatted, test,
        "the example test is not in the canonical layout"
    );
    let run = kader(&dir).args(["test"]).output().unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("1 toets: 1 geslaagd"), "{stdout}");

    // The municipality from kader.toml reaches the register.
    let reg = kader(&dir).args(["register"]).output().unwrap();
    let md = String::from_utf8(reg.stdout).unwrap();
    assert!(md.contains("Gemeente \"Oost\" aan Zee"), "{md}");
    assert!(md.contains("Voorbeeld: demonstratie op het marktplein"));

    // CI installs this very version of kader from its release, checked
    // against the published checksums, and runs kader check with the CI
    // formats; the editor gets the extension.
    let version = env!("CARGO_PKG_VERSION");
    let github = fs::read_to_string(dir.join(".github/workflows/kader.yml")).unwrap();
    assert!(
        github.contains(&format!("uses: kader-nl/kader@v{version}\n")),
        "{github}"
    );
    assert!(
        github.contains(&format!("version: \"{version}\"\n")),
        "{github}"
    );
    assert!(github.contains("kader fmt --check"), "{github}");
    let gitlab = fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    assert!(
        gitlab.contains(&format!("KADER_VERSION: \"{version}\"\n")),
        "{gitlab}"
    );
    assert!(
        gitlab.contains("KADER_RELEASES: \"https://github.com/kader-nl/kader/releases/download\""),
        "{gitlab}"
    );
    assert!(gitlab.contains("sha256sum --check --ignore-missing SHA256SUMS"));
    assert!(gitlab.contains("kader check --format gitlab"));
    assert!(gitlab.contains("codequality:"));
    // On a pull or merge request, what changes legally goes to the
    // reviewer: the base revision is fetched and `kader diff` is posted.
    assert!(github.contains("fetch-depth: 0\n"), "{github}");
    assert!(github.contains("pull-requests: write\n"), "{github}");
    assert!(
        github.contains("kader diff \"origin/$BASE_REF\" --format markdown > kader-diff.md"),
        "{github}"
    );
    assert!(
        github.contains("BASE_REF: ${{ github.base_ref }}\n"),
        "{github}"
    );
    assert!(github.contains("gh pr comment \"$PR\" --edit-last --body-file kader-diff.md"));
    assert!(github.contains("if: ${{ !cancelled() && github.event_name == 'pull_request' }}"));
    assert!(
        gitlab.contains("\nkader-diff:\n  extends: kader\n"),
        "{gitlab}"
    );
    assert!(gitlab.contains("$CI_PIPELINE_SOURCE == \"merge_request_event\""));
    assert!(gitlab.contains("GIT_DEPTH: \"0\"\n"));
    assert!(gitlab.contains(
        "kader diff \"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME\" --format markdown > kader-diff.md"
    ));
    assert!(gitlab.contains("merge_requests/$CI_MERGE_REQUEST_IID/notes"));
    assert!(gitlab.contains("      - kader-diff.md\n"));
    // No template holds a token itself, and no line ends in a doubled
    // backslash (a shell line continuation is one).
    for text in [&github, &gitlab] {
        assert!(!text.contains("\\\\\n"), "{text}");
        assert!(!text.contains("glpat-"), "{text}");
    }
    for text in [&github, &gitlab, &toml] {
        // No placeholder address (RFC 2606 reserves `.invalid`).
        assert!(!text.contains(".invalid/"), "{text}");
    }
    let ext: Value =
        serde_json::from_str(&fs::read_to_string(dir.join(".vscode/extensions.json")).unwrap())
            .unwrap();
    assert_eq!(ext["recommendations"][0], "kader.kader");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join(".vscode")).unwrap();
    fs::write(tmp.path().join(".vscode/extensions.json"), "{}\n").unwrap();
    let out = kader(tmp.path())
        .args(["init", "--gemeente", "Zuiderhaven"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(".vscode/extensions.json"), "{stderr}");
    assert!(stderr.contains("overschrijft niets"), "{stderr}");
    // The existing file is untouched and nothing else was written.
    assert_eq!(
        fs::read_to_string(tmp.path().join(".vscode/extensions.json")).unwrap(),
        "{}\n"
    );
    for f in FILES.iter().filter(|f| **f != ".vscode/extensions.json") {
        assert!(!tmp.path().join(f).exists(), "{f} was written");
    }
}

#[test]
fn init_needs_the_municipality_when_there_is_no_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = kader(tmp.path())
        .arg("init")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--gemeente"));
    assert!(!tmp.path().join("kader.toml").exists());
}
