//! Hostile and odd input: every case ends with a clear diagnostic and a
//! normal exit status — never a panic, a stack overflow, a hang or running
//! out of memory. The cases drive the real `kader` binary on a repository
//! in a temporary folder, or call `kader::analyse` directly.

use kader::{analyse, Source};
use kader_tests::kader_bin;
use std::path::Path;

/// A repository with these files (path, bytes) and a `kader.toml`.
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kader.toml"),
        "[project]\ngemeente = \"Proefstad\"\n",
    )
    .unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    dir
}

/// Runs `kader ARGS` in `dir`: (exit status, stdout, stderr). A status of
/// `None` means the process was killed by a signal (a stack overflow ends
/// that way).
fn kader(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = assert_cmd::Command::new(kader_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The codes of every diagnostic of the analysed sources' own files.
fn codes(sources: &[Source], config: Option<&Source>) -> Vec<String> {
    let analysis = analyse(sources, config);
    analysis
        .files
        .iter()
        .filter(|f| f.kind != kader::FileKind::Stdlib)
        .flat_map(|f| f.diagnostics.iter().map(|d| d.code.to_string()))
        .collect()
}

const POLICY: &str = "team t {\n    omschrijving: \"Team\"\n}\n";

#[test]
fn lists_nested_100000_deep() {
    let depth = 100_000;
    let text = format!(
        "team t {{\n    omschrijving: {}\"x\"{}\n}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = repo(&[("diep.kader", text.as_bytes())]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("K0112"), "{stdout}");
    // The near miss: nesting within the limit is no error of its own.
    let text = format!(
        "team t {{\n    omschrijving: {}\"x\"{}\n}}\n",
        "[".repeat(10),
        "]".repeat(10)
    );
    assert!(!codes(&[Source::new("a.kader", text)], None).contains(&"K0112".to_string()));
}

#[test]
fn a_fifty_megabyte_file() {
    let mut text = String::from(POLICY);
    let line = "// Een lange toelichting die steeds wordt herhaald. / A long note, repeated.\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("team u { omschrijving: 12 }\n");
    let dir = repo(&[("groot.kader", text.as_bytes())]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("K02"), "{stdout}");
}

#[test]
fn a_line_of_a_million_characters_is_cut_around_the_problem() {
    let long = "a".repeat(1_000_000);
    let text = format!("team t {{ omschrijving: \"{long}\" titel: 12 eind: \"{long}\" }}\n");
    let dir = repo(&[("lang.kader", text.as_bytes())]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("titel"),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    assert!(
        stdout.len() < 20_000,
        "the rendered output is {} bytes long",
        stdout.len()
    );
    // The near miss: a short line is shown whole.
    let dir = repo(&[(
        "kort.kader",
        b"team t { omschrijving: \"kort\" titel: 12 }\n",
    )]);
    let (_, stdout, _) = kader(dir.path(), &["check"]);
    assert!(
        stdout.contains("team t { omschrijving: \"kort\" titel: 12 }"),
        "{stdout}"
    );
}

#[test]
fn nul_bytes_are_reported() {
    let dir = repo(&[("nul.kader", b"team t {\0 omschrijving: \"a\0b\" }\n")]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("K01"), "{stdout}");
    // The near miss: the same file without NUL checks clean.
    let dir = repo(&[("nul.kader", b"team t { omschrijving: \"ab\" }\n")]);
    let (code, stdout, _) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn invalid_utf8_is_reported_and_the_rest_still_checked() {
    let dir = repo(&[
        ("kapot.kader", b"team t { omschrijving: \"caf\xe9\" }\n"),
        ("goed.kader", b"team u { omschrijving: 12 }\n"),
    ]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("K0402"), "{stdout}");
    assert!(
        stdout.contains("K02"),
        "the other file was not checked: {stdout}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(POLICY.as_bytes());
    let dir = repo(&[("bom.kader", &bytes)]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // `kader fmt` keeps the mark and the rest.
    let (code, _, stderr) = kader(dir.path(), &["fmt"]);
    assert_eq!(code, Some(0), "{stderr}");
    let after = std::fs::read(dir.path().join("bom.kader")).unwrap();
    assert!(after.starts_with("\u{feff}team t".as_bytes()), "{after:?}");
    // The near miss: a mark in the middle of a file is not white space.
    let text = format!("team t {{ omschrijving: \"a\" }}\n\u{feff}{POLICY}");
    assert!(!codes(&[Source::new("a.kader", text)], None).is_empty());
}

#[cfg(unix)]
#[test]
fn a_folder_symlink_loop_is_entered_once() {
    let dir = repo(&[("map/a.kader", POLICY.as_bytes())]);
    std::os::unix::fs::symlink("..", dir.path().join("map/terug")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("map/hier")).unwrap();
    let (code, stdout, stderr) = kader(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["files"].as_u64(), Some(1), "{stdout}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_rest_still_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[
        ("dicht.kader", POLICY.as_bytes()),
        ("open.kader", b"team u { omschrijving: 12 }\n"),
    ]);
    let closed = dir.path().join("dicht.kader");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&closed).is_ok() {
        // Running as root, where mode 000 is still readable: the check
        // below on a folder named like a policy file stands in for it.
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o644)).unwrap();
    } else {
        let (code, stdout, stderr) = kader(dir.path(), &["check"]);
        assert_eq!(code, Some(2), "{stdout}{stderr}");
        assert!(stdout.contains("K0401"), "{stdout}");
        assert!(stdout.contains("K02"), "{stdout}");
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // Also as root: a pipe named like a policy file, asked for by name,
    // cannot be read as a file; it is reported, never waited on.
    let fifo = dir.path().join("pijp.kader");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (code, stdout, stderr) = kader(dir.path(), &["check", "pijp.kader", "open.kader"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("K0401"), "{stdout}{stderr}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_policy_is_not_read() {
    let dir = repo(&[("open.kader", POLICY.as_bytes())]);
    let fifo = dir.path().join("pijp.kader");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Found while searching the folder: skipped, the rest is checked.
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // Asked for by name: reported, never waited on.
    let (code, stdout, stderr) = kader(dir.path(), &["check", "pijp.kader"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("K0401"),
        "{stdout}{stderr}"
    );
}

#[test]
fn a_kader_toml_that_is_not_toml() {
    let dir = repo(&[("a.kader", POLICY.as_bytes())]);
    std::fs::write(
        dir.path().join("kader.toml"),
        "[project\ngemeente = = \"x\n\0",
    )
    .unwrap();
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    // A broken `kader.toml` is a broken set-up: exit status 2.
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stdout.contains("K03"), "{stdout}");
    assert!(stdout.contains("kader.toml"), "{stdout}");
}

#[test]
fn a_kader_toml_with_wrong_types() {
    let config = "[project]\ngemeente = 12\ntaal = [\"nl\"]\nexclude = \"oud\"\n[regels]\nAVG-GRONDSLAG-F = 3\n[parameters]\nmaximale_bewaartermijn = \"lang\"\n[pakketten]\npaden = 7\n";
    let dir = repo(&[("a.kader", POLICY.as_bytes())]);
    std::fs::write(dir.path().join("kader.toml"), config).unwrap();
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    let k03 = stdout.matches("K03").count();
    assert!(k03 >= 4, "expected a K03xx per wrong setting: {stdout}");
    // The near miss: the right types give no K03xx.
    std::fs::write(
        dir.path().join("kader.toml"),
        "[project]\ngemeente = \"Proefstad\"\ntaal = \"nl\"\nfg = \"fg@proefstad.nl\"\n",
    )
    .unwrap();
    let (code, stdout, _) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(!stdout.contains("K03"), "{stdout}");
}

/// Copies the example repository to a fresh folder.
fn examples_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"),
        dir.path(),
    );
    dir
}

/// A rule pack (`[pakketten]`) beside the example repository with one
/// rule in which each `laat` doubles a list, `doublings` times over.
fn growing_rule_pack(doublings: usize) -> tempfile::TempDir {
    let mut zodra = String::from("laat l0 = [beleid.doel, beleid.doel]\n");
    for i in 1..doublings {
        let p = i - 1;
        zodra.push_str(&format!("laat l{i} = [l{p}, l{p}]\n"));
    }
    zodra.push_str(&format!("aantal(l{}) == 2\n", doublings - 1));
    let rule = format!(
        "regel PROEF-GROEI {{\n ernst: fout\n afwijkbaar: nee\n zodra {{\n{zodra}}}\n wijs: beleid.doel\n melding {{ nl: \"groei\" en: \"growth\" }}\n}}\n"
    );
    let dir = examples_copy();
    std::fs::create_dir(dir.path().join("pakket")).unwrap();
    std::fs::write(dir.path().join("pakket/groei.kader"), rule).unwrap();
    let mut config = std::fs::read_to_string(dir.path().join("kader.toml")).unwrap();
    config.push_str("\n[pakketten]\npaden = [\"pakket\"]\n");
    std::fs::write(dir.path().join("kader.toml"), config).unwrap();
    dir
}

/// Sixty doublings would need 2^60 values: the rule runs out of steps
/// (K0509) instead of memory.
#[test]
fn a_rule_pack_that_would_blow_up_stays_within_its_budget() {
    let dir = growing_rule_pack(60);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("K0509"), "{stdout}");
    // The near miss: three doublings finish and the rule fires.
    let dir = growing_rule_pack(3);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stdout.contains("K0509"), "{stdout}");
    assert!(stdout.contains("PROEF-GROEI"), "{stdout}");
}

fn rule_with(condition: &str) -> String {
    format!(
        "regel PROEF-DIEP {{\n ernst: fout\n afwijkbaar: nee\n zodra {{\n {condition}\n }}\n wijs: beleid.doel\n melding {{ nl: \"diep\" en: \"deep\" }}\n}}\n"
    )
}

#[test]
fn a_rule_with_niet_100000_times() {
    let condition = format!("{}beleid.doel == openbare_orde", "niet ".repeat(100_000));
    let found = codes(&[Source::new("regel.kader", rule_with(&condition))], None);
    assert_eq!(found, ["K0112"]);
    // The near miss: a few `niet`s are fine.
    let condition = format!("{}beleid.doel == openbare_orde", "niet ".repeat(4));
    let found = codes(&[Source::new("regel.kader", rule_with(&condition))], None);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_rule_with_a_very_long_en_chain() {
    let condition = vec!["beleid.doel == openbare_orde"; 100_000].join(" en ");
    let found = codes(&[Source::new("regel.kader", rule_with(&condition))], None);
    assert_eq!(found, ["K0112"]);
    // The near miss: a hundred conditions joined are fine.
    let condition = vec!["beleid.doel == openbare_orde"; 100].join(" en ");
    let found = codes(&[Source::new("regel.kader", rule_with(&condition))], None);
    assert!(found.is_empty(), "{found:?}");
    // Through the command line, with `of` over many lines: one short report.
    let condition = vec!["beleid.doel == openbare_orde"; 20_000].join("\n of ");
    let dir = repo(&[("regel.kader", rule_with(&condition).as_bytes())]);
    let (code, stdout, stderr) = kader(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout.matches("K0112").count(), 1, "{stdout}");
    assert!(stdout.len() < 5_000, "{} bytes of output", stdout.len());
}

/// `register --uit` replaces the whole file through a rename: the old
/// contents are gone, and no temporary file stays behind.
#[test]
fn register_output_is_written_whole_and_leaves_nothing_behind() {
    let dir = examples_copy();
    let out = dir.path().join("uit");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("register.md"), "oude inhoud\n".repeat(10_000)).unwrap();
    let (code, _, stderr) = kader(dir.path(), &["register", "--uit", "uit/register.md"]);
    assert_eq!(code, Some(0), "{stderr}");
    let written = std::fs::read_to_string(out.join("register.md")).unwrap();
    assert!(!written.contains("oude inhoud"), "{written}");
    assert!(written.contains("Zuiderhaven"), "{written}");
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["register.md"]);
    // The near miss: a target that is a folder is refused and stays as it is.
    std::fs::create_dir(out.join("map.md")).unwrap();
    let (code, _, stderr) = kader(dir.path(), &["register", "--uit", "uit/map.md"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(out.join("map.md").is_dir());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
}

/// A token that only the files outside the repository hold: in a file
/// name, a name, a title, a reference and a rule's messages. Whatever
/// kader read of them would carry it into its output.
const TOKEN: &str = "GEHEIM_7f3a9";

/// A policy outside the repository, badly laid out (so `fmt --check` would
/// list it) and with a reference to an unknown name (so every check format
/// would quote it).
const SECRET_POLICY: &str = "beleid geheim_7f3a9 {\n    titel:    \"GEHEIM_7f3a9\"\n    verantwoordelijke: GEHEIM_7f3a9\n}\n";

/// A rule pack outside the repository whose rule quotes the token.
const SECRET_RULE: &str = r#"
regel BUITEN-REGEL {
    ernst: fout
    afwijkbaar: ja
    wet: [avg_5_1_e]
    samenvatting { nl: "GEHEIM_7f3a9 regel." en: "GEHEIM_7f3a9 rule." }
    zodra { beleid.bewaartermijn > 14 dagen }
    wijs: beleid.bewaartermijn
    melding { nl: "GEHEIM_7f3a9 te lang." en: "GEHEIM_7f3a9 too long." }
    uitleg { nl: "Afspraak." en: "Agreement." }
}
"#;

/// A policy the external rule fires on.
const LONG_KEPT: &str = "beleid p {\n    titel: \"t\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    grondslag: publieke_taak\n    bewaartermijn: 2 maanden\n}\n";

/// A folder with a repository `repo/` and, beside it, what the repository
/// must not read: `GEHEIM_7f3a9.kader`, the folder `GEHEIM_7f3a9-map/`
/// holding the same policy, and the rule pack `buiten/`. In the
/// repository: `beleid/x.kader` links to that file, `beleid/extern` to
/// that folder, and `kader.toml` names `../buiten` as a pack.
#[cfg(unix)]
fn repo_with_links_outside() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("repo");
    std::fs::create_dir_all(root.join("beleid")).unwrap();
    std::fs::create_dir_all(base.join("GEHEIM_7f3a9-map")).unwrap();
    std::fs::create_dir_all(base.join("buiten")).unwrap();
    std::fs::write(base.join("GEHEIM_7f3a9.kader"), SECRET_POLICY).unwrap();
    std::fs::write(
        base.join("GEHEIM_7f3a9-map/GEHEIM_7f3a9.kader"),
        SECRET_POLICY,
    )
    .unwrap();
    std::fs::write(base.join("buiten/regel.kader"), SECRET_RULE).unwrap();
    std::fs::write(
        root.join("kader.toml"),
        "[project]\ngemeente = \"Proefstad\"\n[pakketten]\npaden = [\"../buiten\"]\n",
    )
    .unwrap();
    std::fs::write(root.join("beleid/p.kader"), LONG_KEPT).unwrap();
    std::os::unix::fs::symlink(base.join("GEHEIM_7f3a9.kader"), root.join("beleid/x.kader"))
        .unwrap();
    std::os::unix::fs::symlink(base.join("GEHEIM_7f3a9-map"), root.join("beleid/extern")).unwrap();
    (dir, root)
}

/// A repository checked on a pull request from anyone must never make
/// kader read the files of the computer it runs on: links that lead out
/// of the repository are named (K0404) and not followed, a pack folder
/// outside it is refused (K0405), and no command, in no format, shows a
/// trace of what lies outside. ARCHITECTURE.md names this test.
#[cfg(unix)]
#[test]
fn nothing_outside_the_repository_is_read() {
    let (_dir, root) = repo_with_links_outside();
    let mut runs: Vec<(String, Option<i32>, String, String)> = Vec::new();
    for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
        for taal in ["nl", "en"] {
            let args = ["check", "--format", format, "--taal", taal];
            let (code, stdout, stderr) = kader(&root, &args);
            runs.push((args.join(" "), code, stdout, stderr));
        }
    }
    let others: &[&[&str]] = &[
        &["check", "--format", "junit", "--deny-warnings"],
        &["fmt", "--check"],
        &["fmt", "--check", "beleid"],
        &["register"],
        &["register", "--format", "html"],
        &["register", "--format", "json"],
        &["register", "--format", "csv"],
        &["register", "--publiek"],
        &["register", "--format", "algoritmeregister"],
        &["rules"],
        &["rules", "--format", "json"],
        &["vingerafdruk", "p"],
        &["fingerprint", "p", "--format", "json"],
        &["vingerafdruk", "geheim"],
    ];
    for args in others {
        let (code, stdout, stderr) = kader(&root, args);
        runs.push((args.join(" "), code, stdout, stderr));
    }
    for (args, code, stdout, stderr) in &runs {
        let all = format!("{stdout}{stderr}");
        assert!(code.is_some(), "kader {args}");
        assert!(!all.contains(TOKEN), "kader {args}:\n{all}");
        assert!(!all.contains("buiten/regel"), "kader {args}:\n{all}");
        // The links are named, and so is the refused pack. (JUnit lists
        // a warning only where it fails the case: with --deny-warnings.)
        let junit = args.contains("junit") && !args.contains("deny");
        for named in [
            "K0404",
            "beleid/x.kader",
            "beleid/extern",
            "K0405",
            "`../buiten`",
        ] {
            if junit && named == "K0404" {
                continue;
            }
            assert!(
                all.contains(named),
                "kader {args} does not name {named}:\n{all}"
            );
        }
    }
    // A refused pack means the check ran without rules it was asked to
    // run: a configuration failure (status 2).
    let (code, stdout, _) = kader(&root, &["check"]);
    assert_eq!(code, Some(2), "{stdout}");
    // The link is not a checked file.
    let (_, stdout, _) = kader(&root, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["files"].as_u64(), Some(1), "{stdout}");
    // `fmt --check` lists no file behind a link as one that would change.
    let (_, stdout, _) = kader(&root, &["fmt", "--check"]);
    assert!(!stdout.contains("beleid/x.kader"), "{stdout}");
    assert!(!stdout.contains("beleid/extern"), "{stdout}");
    // Asked for by name, the links and what lies behind them stay unread.
    let by_name: &[&[&str]] = &[
        &["check", "beleid"],
        &["check", "beleid/x.kader"],
        &["check", "beleid/extern"],
        &["check", "beleid/extern/GEHEIM_7f3a9.kader"],
        &[
            "check",
            "--format",
            "json",
            "beleid/x.kader",
            "beleid/p.kader",
        ],
        &["fmt", "--check", "beleid/x.kader"],
        &["fmt", "--check", "beleid/extern/GEHEIM_7f3a9.kader"],
        &["register", "beleid/extern"],
    ];
    for args in by_name {
        let (code, stdout, stderr) = kader(&root, args);
        let all = format!("{stdout}{stderr}");
        assert!(code.is_some(), "kader {args:?}");
        // A path typed with the token in it is named back; the file's
        // content (`beleid geheim_7f3a9`) never is.
        let typed = args.iter().any(|a| a.contains(TOKEN));
        assert!(typed || !all.contains(TOKEN), "kader {args:?}:\n{all}");
        assert!(!all.contains("geheim_7f3a9"), "kader {args:?}:\n{all}");
    }
    let (_, stdout, _) = kader(&root, &["check", "beleid/x.kader"]);
    assert!(
        stdout.contains("K0404") && stdout.contains("`beleid/x.kader`"),
        "{stdout}"
    );
}

/// The near miss: links whose target stays inside the repository (here in
/// a hidden folder, which discovery itself skips) are followed and read.
#[cfg(unix)]
#[test]
fn a_link_inside_the_repository_is_still_read() {
    let dir = repo(&[(
        ".intern/echt.kader",
        b"team binnen_team {\n    omschrijving: 12\n}\n",
    )]);
    std::fs::create_dir_all(dir.path().join("beleid")).unwrap();
    std::os::unix::fs::symlink(
        "../.intern/echt.kader",
        dir.path().join("beleid/binnen.kader"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../.intern", dir.path().join("beleid/map")).unwrap();
    let (code, stdout, stderr) = kader(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"beleid/binnen.kader"), "{stdout}");
    assert!(files.contains(&"beleid/map/echt.kader"), "{stdout}");
    assert!(!stdout.contains("K0404"), "{stdout}");
}

/// A `kader.toml` that links outside the repository is not read either:
/// its lines would be quoted by the settings' own diagnostics.
#[cfg(unix)]
#[test]
fn a_kader_toml_that_links_outside_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("instellingen.toml");
    std::fs::write(&secret, "[GEHEIM_7f3a9]\nGEHEIM_7f3a9 = 1\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.kader"), POLICY).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("kader.toml")).unwrap();
    for format in ["human", "json", "sarif"] {
        let (_, stdout, stderr) = kader(dir.path(), &["check", "--format", format]);
        let all = format!("{stdout}{stderr}");
        assert!(!all.contains(TOKEN), "{all}");
        assert!(all.contains("K0404") && all.contains("kader.toml"), "{all}");
    }
    // The near miss: the same settings as a file of the repository are read.
    std::fs::remove_file(dir.path().join("kader.toml")).unwrap();
    std::fs::copy(&secret, dir.path().join("kader.toml")).unwrap();
    let (_, stdout, _) = kader(dir.path(), &["check"]);
    assert!(stdout.contains(TOKEN), "{stdout}");
}

/// With `--sta-pakketten-buiten-toe` (or `--allow-external-packs`) the
/// pack outside the repository is read and its rule used; the links are
/// still not followed.
#[cfg(unix)]
#[test]
fn an_external_pack_is_read_only_when_the_command_line_allows_it() {
    let (_dir, root) = repo_with_links_outside();
    for flag in ["--sta-pakketten-buiten-toe", "--allow-external-packs"] {
        let (code, stdout, stderr) = kader(&root, &["check", flag, "--format", "json"]);
        assert_eq!(code, Some(1), "{stdout}{stderr}");
        assert!(stdout.contains("\"BUITEN-REGEL\""), "{stdout}");
        assert!(!stdout.contains("K0405"), "{stdout}");
        // The links stay unread.
        assert!(stdout.contains("K0404"), "{stdout}");
        assert!(!stdout.contains("geheim_7f3a9"), "{stdout}");
    }
    let (_, stdout, _) = kader(
        &root,
        &["rules", "--allow-external-packs", "--format", "json"],
    );
    assert!(stdout.contains("\"BUITEN-REGEL\""), "{stdout}");
    let (_, stdout, _) = kader(&root, &["register", "--allow-external-packs"]);
    assert!(!stdout.contains("geheim_7f3a9"), "{stdout}");
    // Without it, the rule is neither used nor listed.
    let (_, stdout, _) = kader(&root, &["rules", "--format", "json"]);
    assert!(!stdout.contains("BUITEN-REGEL"), "{stdout}");
}

/// What `kader init` writes (CI templates included) never allows packs
/// outside the repository.
#[test]
fn init_templates_never_allow_external_packs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = kader(dir.path(), &["init", "--gemeente", "Proefstad"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let mut stack = vec![dir.path().to_path_buf()];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                seen += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(!text.contains("buiten-toe"), "{}", path.display());
                assert!(!text.contains("external-packs"), "{}", path.display());
            }
        }
    }
    assert!(seen > 2, "init wrote {seen} files");
}
