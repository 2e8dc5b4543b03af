//! End-to-end tests of the `kader` command line: exit statuses, the JSON
//! shape of LANGUAGE.md §7, repository discovery, the output language, and
//! what happens with files that cannot be read or are not UTF-8.
//!
//! Every test builds a small repository in a temporary folder and runs the
//! real binary in it, with `NO_COLOR` set so the output is plain text.

use assert_cmd::Command;
use kader_tests::kader_bin;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A temporary repository with the given files (path, bytes).
fn repo(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    dir
}

/// `kader` run in `dir`, without colours.
fn kader(dir: &Path) -> Command {
    let mut cmd = Command::new(kader_bin());
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `kader check --format json ARGS` in `dir`: the exit status and the parsed
/// JSON object.
fn check_json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let r = run(kader(dir)
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args));
    let json: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", r.stdout, r.stderr));
    (r.code, json, r.stderr)
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().unwrap()
}

fn codes(json: &Value) -> Vec<String> {
    diagnostics(json)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const TOML: &[u8] = b"[project]\ngemeente = \"Delft\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n";
const CLEAN: &[u8] = b"// Alleen commentaar: een leeg maar geldig bestand.\n";
const SYNTAX_ERROR: &[u8] = b"beleid x { titel \"a\" }\n";
/// A comment with `é` saved as Latin-1: the first invalid byte is at offset 6.
const NOT_UTF8: &[u8] = b"// Caf\xE9\n";

#[test]
fn clean_repository_exits_0() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/a.kader", CLEAN)]);
    let r = run(kader(dir.path()).arg("check"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "0 fouten, 0 waarschuwingen in 1 bestand\n");
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

/// A report that cannot be written whole (here: a full disk) fails the
/// check with status 2 and says so: a cut-off SARIF file must not pass for
/// the findings in CI. The near miss: the same check written to an
/// ordinary file ends with the status of its findings (1). Other commands
/// that write to stdout (`kader rules`) fail the same way.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_fails_the_check() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/x.kader", SYNTAX_ERROR)]);
    let check = |format: &str, to: fs::File| {
        std::process::Command::new(kader_bin())
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(["check", "--format", format])
            .stdout(to)
            .output()
            .unwrap()
    };
    for format in ["json", "sarif", "human", "github", "junit", "gitlab"] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = check(format, full);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains("de uitvoer kon niet volledig worden geschreven"),
            "{format}: {stderr}"
        );
        let written = dir.path().join(format!("rapport.{format}"));
        let out = check(format, fs::File::create(&written).unwrap());
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stderr.is_empty(), "{format}");
        assert!(fs::metadata(&written).unwrap().len() > 0, "{format}");
    }
    let rules = |to: fs::File| {
        std::process::Command::new(kader_bin())
            .current_dir(dir.path())
            .args(["--taal", "en", "rules", "--format", "json"])
            .stdout(to)
            .output()
            .unwrap()
    };
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = rules(full);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the output could not be written in full"),
        "{stderr}"
    );
    let out = rules(fs::File::create(dir.path().join("regels.json")).unwrap());
    assert_eq!(out.status.code(), Some(0));
}

/// A reader that stops early (`kader check | head`) is no failure: the
/// check ends with the status of its findings and says nothing more.
#[test]
fn a_reader_that_stops_early_is_no_failure() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/x.kader", SYNTAX_ERROR)]);
    let mut child = std::process::Command::new(kader_bin())
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--format", "sarif"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end is closed before kader writes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("kon niet volledig"), "{stderr}");
}

#[test]
fn syntax_error_exits_1_with_a_k01_code() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/x.kader", SYNTAX_ERROR)]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    let d = diagnostics(&json)
        .iter()
        .find(|d| d["code"].as_str().unwrap().starts_with("K01"))
        .unwrap_or_else(|| panic!("no K01xx diagnostic in {json:#}"));
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "beleid/x.kader");
    assert_eq!(d["range"]["start"]["line"], 1);
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn syntax_error_in_the_terminal() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/x.kader", SYNTAX_ERROR)]);
    let r = run(kader(dir.path()).arg("check"));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("fout:"), "{}", r.stdout);
    assert!(r.stdout.contains("beleid/x.kader:1:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("beleid x { titel \"a\" }"),
        "source line shown:\n{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains('\u{1b}'),
        "NO_COLOR means no colour codes"
    );
    let last = r.stdout.lines().last().unwrap();
    assert!(last.ends_with("in 1 bestand"), "{last}");
    assert!(
        last.starts_with(|c: char| c.is_ascii_digit()) && last.contains("fout"),
        "{last}"
    );
}

#[test]
fn json_has_exactly_the_documented_shape() {
    // An inline table puts `ë中😀` before the bad value on the same line, so
    // the column shows it counts Unicode scalar values, not bytes.
    let toml = "project = { gemeente = \"ë中😀\", taal = 5 }\n";
    let dir = repo(&[
        ("kader.toml", toml.as_bytes()),
        ("b.kader", CLEAN),
        ("a.kader", CLEAN),
    ]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(
        code, 2,
        "a kader.toml with errors is a configuration failure: {json:#}"
    );

    let top: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["diagnostics", "summary", "version"]);
    assert_eq!(json["version"], 1);
    let summary = json["summary"].as_object().unwrap();
    let mut keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["errors", "files", "infos", "items", "warnings"]);
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["items"], 0);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(json["summary"]["infos"], 0);

    let diags = diagnostics(&json);
    assert_eq!(diags.len(), 1, "{json:#}");
    let d = &diags[0];
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["code", "file", "fix", "help", "item", "law", "message", "range", "severity"]
    );
    assert_eq!(d["code"], "K0303");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "kader.toml");
    assert!(d["item"].is_null());
    assert!(d["fix"].is_null());
    assert_eq!(d["law"], serde_json::json!([]));
    assert!(d["help"].as_str().unwrap().contains("taal = \"nl\""));
    assert!(
        d["message"].as_str().unwrap().contains("moet"),
        "Dutch by default: {d}"
    );
    let column = toml
        .find('5')
        .map(|b| toml[..b].chars().count() + 1)
        .unwrap();
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 1, "column": column})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 1, "column": column + 1})
    );
}

#[test]
fn json_fix_and_item_of_a_checker_diagnostic() {
    let policy =
        "beleid markt {\n    titel: \"Markt ë中😀\"\n    verantwoordelijke: burgemeestr\n}\n";
    let dir = repo(&[
        ("kader.toml", TOML),
        ("beleid/markt.kader", policy.as_bytes()),
    ]);
    let (code, json, _) = check_json(dir.path(), &["--taal", "en"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["items"], 1);
    let d = diagnostics(&json)
        .iter()
        .find(|d| d["fix"].is_object() && d["code"].as_str().unwrap().starts_with("K02"))
        .unwrap_or_else(|| panic!("no checker diagnostic with a fix in {json:#}"));
    assert_eq!(d["item"], "markt");
    assert_eq!(d["file"], "beleid/markt.kader");
    let fix = d["fix"].as_object().unwrap();
    let mut keys: Vec<&str> = fix.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["edits", "title"]);
    assert!(
        fix["title"].as_str().unwrap().contains("burgemeester"),
        "{d}"
    );
    let edit = &fix["edits"][0];
    let mut keys: Vec<&str> = edit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["new_text", "range"]);
    assert_eq!(edit["new_text"], "burgemeester");
    let column = policy.lines().nth(2).unwrap().find("burgemeestr").unwrap() + 1;
    assert_eq!(
        edit["range"]["start"],
        serde_json::json!({"line": 3, "column": column})
    );
    assert_eq!(
        edit["range"]["end"],
        serde_json::json!({"line": 3, "column": column + "burgemeestr".len()})
    );
}

#[test]
fn json_output_is_deterministic_and_sorted() {
    let bad = NOT_UTF8;
    let dir = repo(&[
        ("kader.toml", TOML),
        ("z/laatste.kader", bad),
        ("a/eerste.kader", bad),
        ("m.kader", bad),
    ]);
    let (_, first, _) = check_json(dir.path(), &[]);
    let (_, second, _) = check_json(dir.path(), &[]);
    assert_eq!(first, second);
    let files: Vec<&str> = diagnostics(&first)
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["a/eerste.kader", "m.kader", "z/laatste.kader"]);
}

#[test]
fn root_is_found_from_a_subfolder() {
    let dir = repo(&[
        ("kader.toml", b"[project]\ntaal = \"en\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n"),
        ("beleid/sub/diep.kader", NOT_UTF8),
        ("beleid/a.kader", CLEAN),
        ("top.kader", CLEAN),
    ]);
    let sub = dir.path().join("beleid/sub");
    let (code, json, stderr) = check_json(&sub, &[]);
    assert!(stderr.is_empty(), "no 'no kader.toml' notice: {stderr}");
    assert_eq!(code, 1, "{json:#}");
    // The whole repository is checked, with paths relative to its root…
    assert_eq!(json["summary"]["files"], 3);
    let d = &diagnostics(&json)[0];
    assert_eq!(d["file"], "beleid/sub/diep.kader");
    // …and with its settings: `taal = "en"`.
    assert!(
        d["message"].as_str().unwrap().contains("not valid UTF-8"),
        "{d}"
    );
}

#[test]
fn a_path_restricts_what_is_reported() {
    let dir = repo(&[
        ("kader.toml", TOML),
        ("beleid/kapot.kader", NOT_UTF8),
        ("ander/kapot.kader", NOT_UTF8),
    ]);
    let (code, json, _) = check_json(dir.path(), &["beleid"]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["files"], 1);
    let files: Vec<&str> = diagnostics(&json)
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["beleid/kapot.kader"]);
    // Naming kader.toml checks the settings, not a policy file.
    let (_, json, _) = check_json(dir.path(), &["kader.toml"]);
    assert_eq!(json["summary"]["files"], 0, "{json:#}");
    assert!(diagnostics(&json).is_empty(), "{json:#}");
    // A path given from inside a subfolder finds the same root.
    let (_, json, _) = check_json(&dir.path().join("ander"), &["kapot.kader"]);
    assert_eq!(diagnostics(&json)[0]["file"], "ander/kapot.kader");
}

#[test]
fn taal_flag_chooses_the_output_language() {
    let dir = repo(&[
        ("kader.toml", b"[project]\ntaal = \"nl\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n"),
        ("x.kader", NOT_UTF8),
    ]);
    let nl = run(kader(dir.path()).arg("check"));
    let en = run(kader(dir.path()).args(["check", "--taal", "en"]));
    assert_eq!(nl.code, 1);
    assert_eq!(en.code, 1);
    assert!(
        nl.stdout.contains("fout:") && nl.stdout.contains("geen geldige UTF-8"),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout
            .ends_with("1 fout, 0 waarschuwingen in 1 bestand\n"),
        "{}",
        nl.stdout
    );
    assert!(
        en.stdout.contains("error:") && en.stdout.contains("not valid UTF-8"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.ends_with("1 error, 0 warnings in 1 file\n"),
        "{}",
        en.stdout
    );
    // `--taal` may also come before the subcommand.
    let before = run(kader(dir.path()).args(["--taal", "en", "check"]));
    assert_eq!(before.stdout, en.stdout);
}

#[test]
fn taal_defaults_to_kader_toml() {
    let dir = repo(&[
        ("kader.toml", b"[project]\ntaal = \"en\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n"),
        ("x.kader", CLEAN),
    ]);
    let r = run(kader(dir.path()).arg("check"));
    assert_eq!(r.stdout, "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn without_kader_toml_the_files_are_checked_with_a_notice() {
    let dir = repo(&[("los.kader", CLEAN), ("ook.kader", NOT_UTF8)]);
    let (code, json, stderr) = check_json(dir.path(), &["los.kader", "ook.kader"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(
        stderr.matches("kader.toml").count(),
        1,
        "said once: {stderr}"
    );
    assert!(stderr.contains("standaardinstellingen"), "{stderr}");
    let r = run(kader(dir.path()).args(["check", "--taal", "en"]));
    assert!(r.stderr.contains("No kader.toml found"), "{}", r.stderr);
    assert!(r.stdout.ends_with("in 2 files\n"), "{}", r.stdout);
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_the_rest_is_checked() {
    let dir = repo(&[
        ("kader.toml", TOML),
        ("a_latin1.kader", NOT_UTF8),
        ("b_kapot.kader", SYNTAX_ERROR),
    ]);
    let (code, json, _) = check_json(dir.path(), &["--taal", "en"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["files"], 2);
    let diags = diagnostics(&json);
    let utf8 = diags
        .iter()
        .find(|d| d["code"] == "K0402")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(utf8["file"], "a_latin1.kader");
    let message = utf8["message"].as_str().unwrap();
    assert!(message.contains("a_latin1.kader"), "{message}");
    assert!(message.contains("byte offset 6"), "{message}");
    assert_eq!(
        utf8["range"]["start"],
        serde_json::json!({"line": 1, "column": 7})
    );
    // The other file is still checked: its syntax error is reported.
    assert!(
        diags
            .iter()
            .any(|d| d["file"] == "b_kapot.kader" && d["code"].as_str().unwrap().starts_with("K01")),
        "{json:#}"
    );
}

#[test]
fn bad_bytes_are_reported_once_not_again_by_the_parser() {
    // Outside a comment the replacement character would be a syntax error;
    // K0402 already says what is wrong there.
    let dir = repo(&[("kader.toml", TOML), ("x.kader", b"\xFF\n\xFE\xFD\n")]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&json), ["K0402"], "{json:#}");
    let message = diagnostics(&json)[0]["message"].as_str().unwrap();
    assert!(
        message.contains("byte-offset 0") && message.contains("nog 2 andere"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_diagnostic_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[
        ("kader.toml", TOML),
        ("geheim.kader", CLEAN),
        ("open.kader", NOT_UTF8),
    ]);
    let secret = dir.path().join("geheim.kader");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let (code, json, _) = check_json(dir.path(), &[]);
    // The other file is checked either way.
    assert_eq!(json["summary"]["files"], 2, "{json:#}");
    assert!(codes(&json).contains(&"K0402".to_string()), "{json:#}");
    if fs::read(&secret).is_ok() {
        // Running as root: permissions cannot make the file unreadable. The
        // file is then simply checked, without a read diagnostic.
        assert_eq!(code, 1, "{json:#}");
        assert!(!codes(&json).contains(&"K0401".to_string()), "{json:#}");
    } else {
        assert_eq!(code, 2, "an unreadable file is an I/O failure: {json:#}");
        let d = diagnostics(&json)
            .iter()
            .find(|d| d["code"] == "K0401")
            .unwrap_or_else(|| panic!("{json:#}"));
        assert_eq!(d["file"], "geheim.kader");
        assert!(d["message"].as_str().unwrap().contains("geheim.kader"));
    }
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn excluded_hidden_and_build_folders_are_skipped() {
    let bad: &[u8] = NOT_UTF8;
    let dir = repo(&[
        (
            "kader.toml",
            b"[project]\nexclude = [\"concepten/\", \"oud/2023\"]\n",
        ),
        ("beleid.kader", CLEAN),
        ("concepten/a.kader", bad),
        ("oud/2023/b.kader", bad),
        ("oud/2024/c.kader", CLEAN),
        (".git/d.kader", bad),
        ("target/e.kader", bad),
        ("node_modules/f.kader", bad),
        ("notities.txt", bad),
    ]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["files"], 2);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed_forever() {
    let dir = repo(&[("kader.toml", TOML), ("beleid/a.kader", NOT_UTF8)]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("beleid/lus")).unwrap();
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["files"], 1, "{json:#}");
    assert_eq!(codes(&json), ["K0402"]);
}

#[test]
fn broken_kader_toml_exits_2_and_points_at_the_line() {
    let dir = repo(&[
        (
            "kader.toml",
            b"[project]\ngemeente = \"Delft\"\ntaal = nl\n",
        ),
        ("a.kader", CLEAN),
    ]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 2, "{json:#}");
    let d = &diagnostics(&json)[0];
    assert_eq!(d["code"], "K0301");
    assert_eq!(d["file"], "kader.toml");
    assert_eq!(d["range"]["start"]["line"], 3);
    // The policy files are still checked.
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn misspelt_key_in_kader_toml() {
    let dir = repo(&[("kader.toml", b"[projct]\ngemeente = \"Delft\"\n")]);
    let r = run(kader(dir.path()).args(["check", "--taal", "en"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("[K0302] error: Unknown section `projct`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Did you mean `project`?"), "{}", r.stdout);
    assert!(r.stdout.contains("kader.toml:1:"), "{}", r.stdout);
}

#[test]
fn bad_severity_word_in_regels() {
    let dir = repo(&[
        (
            "kader.toml",
            b"[regels]\n\"OO-NEPACCOUNT\" = \"fout\"\n\"AVG-FG\" = \"waarschuwng\"\n",
        ),
        ("a.kader", CLEAN),
    ]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 2, "{json:#}");
    assert_eq!(codes(&json), ["K0305"]);
    let d = &diagnostics(&json)[0];
    assert_eq!(d["range"]["start"]["line"], 3);
    assert!(
        d["help"].as_str().unwrap().contains("\"waarschuwing\""),
        "{d}"
    );
}

#[test]
fn missing_path_and_usage_errors_exit_2() {
    let dir = repo(&[("kader.toml", TOML)]);
    let r = run(kader(dir.path()).args(["check", "bestaat-niet.kader"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("K0403") && r.stderr.contains("bestaat-niet.kader"),
        "{}",
        r.stderr
    );
    let r = run(kader(dir.path()).args(["check", "--format", "xml"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(kader(dir.path()).arg("onzin"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(kader(dir.path()).arg("--help"));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("Controleer") && r.stdout.contains("check the policy files"),
        "{}",
        r.stdout
    );
}

#[test]
fn warnings_pass_unless_denied() {
    // A `///` comment that documents nothing is a warning (K0108).
    let loose_doc: &[u8] = b"team wijkteam {\n    omschrijving: \"Wijkteam\"\n    /// niets\n}\n";
    let dir = repo(&[("kader.toml", TOML), ("a.kader", loose_doc)]);
    let (code, json, _) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 1, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(json["summary"]["items"], 1, "{json:#}");
    assert_eq!(diagnostics(&json)[0]["severity"], "warning");
    let (code, _, _) = check_json(dir.path(), &["--deny-warnings"]);
    assert_eq!(code, 1);
    let r = run(kader(dir.path()).arg("check"));
    assert!(r.stdout.contains("waarschuwing:"), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("0 fouten, 1 waarschuwing in 1 bestand\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_empty_repository_says_so() {
    let dir = repo(&[("kader.toml", TOML), ("leesmij.txt", b"niets")]);
    let r = run(kader(dir.path()).arg("check"));
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "Geen .kader-bestanden gevonden.\n");
    assert_eq!(r.stdout, "0 fouten, 0 waarschuwingen in 0 bestanden\n");
}

#[test]
fn deny_warnings_does_not_fail_a_clean_repository() {
    let dir = repo(&[("kader.toml", TOML), ("a.kader", CLEAN)]);
    let r = run(kader(dir.path()).args(["check", "--deny-warnings"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn stdlib_diagnostics_are_not_reported_as_repository_files() {
    let dir = repo(&[("kader.toml", TOML), ("a.kader", SYNTAX_ERROR)]);
    let (_, json, _) = check_json(dir.path(), &[]);
    for d in diagnostics(&json) {
        let file = d["file"].as_str().unwrap();
        assert!(file == "a.kader" || file == "kader.toml", "{d}");
    }
}

#[test]
fn fixture_repository() {
    // A small repository with a policy, kept under tests/fixtures/cli/.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cli/gemeente");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture, dir.path());
    let (code, json, stderr) = check_json(dir.path(), &[]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(json["summary"]["files"], 2, "{json:#}");
    assert_eq!(json["summary"]["items"], 2, "{json:#}");
    // The only finding is the misspelt severity word in kader.toml.
    assert_eq!(codes(&json), ["K0305"], "{json:#}");
    assert_eq!(code, 2);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn explain_prints_a_code_in_the_output_language() {
    let dir = tempfile::tempdir().unwrap();
    let nl = run(kader(dir.path()).args(["explain", "K0305"]));
    assert_eq!(nl.code, 0);
    assert!(
        nl.stdout
            .starts_with("K0305: Onbekende ernst in [regels]\n"),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout.contains("Zo niet:") && nl.stdout.contains("\"ernstig\""),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout.contains("Zo wel:") && nl.stdout.contains("= \"fout\""),
        "{}",
        nl.stdout
    );
    let en = run(kader(dir.path()).args(["explain", "k0402", "--taal", "en"]));
    assert_eq!(en.code, 0);
    assert!(
        en.stdout.starts_with("K0402: File is not UTF-8\n"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.contains("Wrong:") && en.stdout.contains("Right:"),
        "{}",
        en.stdout
    );
}

#[test]
fn explain_reads_taal_from_kader_toml() {
    let dir = repo(&[("kader.toml", b"[project]\ntaal = \"en\"\nfg = \"Functionaris voor gegevensbescherming, fg@gemeente.nl\"\n")]);
    let r = run(kader(&dir.path().join(".")).args(["explain", "K0301"]));
    assert!(
        r.stdout.starts_with("K0301: kader.toml is not valid TOML"),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_an_unknown_code_exits_2_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(kader(dir.path()).args(["explain", "K0350"]));
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("Onbekende code `K0350`"), "{}", r.stderr);
    assert!(r.stderr.contains("Bedoelt u `K0305`?"), "{}", r.stderr);
}

#[test]
fn every_compiler_code_can_be_explained() {
    let dir = tempfile::tempdir().unwrap();
    for info in kader::catalogue::all() {
        let r = run(kader(dir.path()).args(["explain", info.code, "--taal", "en"]));
        assert_eq!(r.code, 0, "{}", info.code);
        assert!(r.stdout.contains(info.title_en), "{}", r.stdout);
    }
}

const PACK_TOML: &[u8] = b"[project]\ngemeente = \"Delft\"\n[pakketten]\npaden = [\"regels/\"]\n[regels]\n\"ZH-BEWAAR-14\" = \"waarschuwing\"\n";
const PACK_RULE: &[u8] = kader_tests::PACK_RULE.as_bytes();

#[test]
fn rules_lists_local_pack_rules_with_their_effective_severity() {
    let dir = repo(&[("kader.toml", PACK_TOML), ("regels/eigen.kader", PACK_RULE)]);
    let r = run(kader(dir.path()).args(["rules", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let rule = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "ZH-BEWAAR-14")
        .expect("the pack's rule is listed");
    assert_eq!(rule["severity"], "warning");
    assert_eq!(rule["default_severity"], "error");
    assert_eq!(rule["waivable"], true);
    assert_eq!(rule["source"], "regels/eigen.kader");
    let human = run(kader(dir.path()).args(["rules", "--taal", "en"]));
    assert!(
        human.stdout.contains("ZH-BEWAAR-14")
            && human.stdout.contains("Retention at most 14 days."),
        "{}",
        human.stdout
    );
}

/// The rule codes in the output of `kader rules --format json`.
fn listed_codes(stdout: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(stdout).unwrap();
    json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rules_lists_neither_fixture_rules_below_the_folder_nor_rules_outside_the_packs() {
    let renamed = |code: &str| String::from_utf8_lossy(PACK_RULE).replace("ZH-BEWAAR-14", code);
    let (proef, xy) = (renamed("PROEF-REGEL"), renamed("X-Y"));
    // A folder without kader.toml, with test fixtures holding rules below it.
    let dir = repo(&[
        ("tests/fixtures/voorbeeld.kader", PACK_RULE),
        ("proef/regel.kader", proef.as_bytes()),
    ]);
    let r = run(kader(dir.path()).args(["rules", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let codes = listed_codes(&r.stdout);
    assert!(codes.iter().any(|c| c == "OO-STELSELMATIG"));
    assert!(!codes.iter().any(|c| c == "ZH-BEWAAR-14"), "{codes:?}");
    assert!(!codes.iter().any(|c| c == "PROEF-REGEL"), "{codes:?}");
    // In a repository, only the stdlib and the packs `[pakketten]` names.
    let dir = repo(&[
        ("kader.toml", PACK_TOML),
        ("regels/eigen.kader", PACK_RULE),
        ("tests/fixtures/x.kader", xy.as_bytes()),
    ]);
    let r = run(kader(dir.path()).args(["rules", "--format", "json"]));
    let codes = listed_codes(&r.stdout);
    assert!(codes.iter().any(|c| c == "ZH-BEWAAR-14"), "{codes:?}");
    assert!(!codes.iter().any(|c| c == "X-Y"), "{codes:?}");
}

#[test]
fn a_local_rule_runs_on_the_repository_policies() {
    let policy = b"beleid p {\n    titel: \"t\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    grondslag: publieke_taak\n    bewaartermijn: 2 maanden\n}\n";
    let dir = repo(&[
        ("kader.toml", PACK_TOML),
        ("regels/eigen.kader", PACK_RULE),
        ("beleid/p.kader", policy),
    ]);
    let (_, json, _) = check_json(dir.path(), &[]);
    let d = diagnostics(&json)
        .iter()
        .find(|d| d["code"] == "ZH-BEWAAR-14")
        .expect("the local rule fires");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["message"], "Bewaartermijn 2 maanden is te lang.");
    assert_eq!(d["range"]["start"]["line"], 6);
}

#[test]
fn explain_prints_a_rule_with_its_article_text() {
    let dir = repo(&[("kader.toml", PACK_TOML), ("regels/eigen.kader", PACK_RULE)]);
    let r = run(kader(dir.path()).args(["explain", "zh-bewaar-14"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("AVG art. 5 lid 1 sub e"), "{}", r.stdout);
    assert!(
        r.stdout.contains("opslagbeperking"),
        "the verified article text is quoted: {}",
        r.stdout
    );
    let r = run(kader(dir.path()).args(["explain", "ZH-BEWAAR-41"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ZH-BEWAAR-14"), "{}", r.stderr);
}

// ---- CI output formats: SARIF, GitHub annotations, JUnit, GitLab ----

/// A repository with one clean policy and one with a legal finding on a
/// line that holds multi-byte characters.
fn ci_repo() -> TempDir {
    let clean =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ok/taal_voorbeeld_nl.kader"))
            .unwrap();
    let bad = "beleid café_één {\n    titel: \"Café “De Één” 😀\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    taak: [gemeentewet_172]\n    grondslag: gerechtvaardigd_belang\n}\n";
    repo(&[
        ("kader.toml", TOML),
        ("schoon.kader", &clean),
        ("fout.kader", bad.as_bytes()),
    ])
}

/// The 1-based line and column (in characters) of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() as u64 + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() as u64 + 1)
}

#[test]
fn sarif_has_rule_metadata_and_precise_regions() {
    let dir = ci_repo();
    let r = run(kader(dir.path()).args(["check", "--format", "sarif"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let f = rules
        .iter()
        .find(|r| r["id"] == "AVG-GRONDSLAG-F")
        .expect("rule metadata");
    assert!(f["shortDescription"]["text"].as_str().unwrap().len() > 10);
    assert!(f["fullDescription"]["text"].as_str().unwrap().len() > 40);
    assert!(f["helpUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(f["defaultConfiguration"]["level"], "error");
    assert_ne!(f["name"], f["id"]);
    let results = run0["results"].as_array().unwrap();
    let res = results
        .iter()
        .find(|r| r["ruleId"] == "AVG-GRONDSLAG-F")
        .expect("result");
    assert_eq!(res["level"], "error");
    let region = &res["locations"][0]["physicalLocation"]["region"];
    let text = fs::read_to_string(dir.path().join("fout.kader")).unwrap();
    let (line, col) = line_col(&text, "gerechtvaardigd_belang");
    assert_eq!(region["startLine"], line);
    assert_eq!(region["startColumn"], col);
    assert_eq!(
        region["endColumn"],
        col + "gerechtvaardigd_belang".len() as u64
    );
    assert_eq!(
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fout.kader"
    );
    // The rule index points at the rule's own metadata.
    let index = res["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "AVG-GRONDSLAG-F");
    validate_sarif(&r.stdout);
}

/// Validates a SARIF log against the official SARIF 2.1.0 schema with
/// Microsoft's SARIF Multitool, which `tests/run` installs into
/// `tests/tools` (npm ci). In CI a missing validator fails the test.
fn validate_sarif(sarif: &str) {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/node_modules");
    let multitool = tools.join("@microsoft/sarif-multitool-linux/Sarif.Multitool");
    let schema = tools.join("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    if !multitool.exists() || !schema.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the SARIF validator is not installed: run `npm ci --prefix tests/tools` (tests/run does)"
        );
        eprintln!("SARIF validator not installed (npm ci --prefix tests/tools); schema validation skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("kader.sarif");
    let output = dir.path().join("validation.sarif");
    fs::write(&input, sarif).unwrap();
    let status = std::process::Command::new(&multitool)
        .arg("validate")
        .arg("--json-schema")
        .arg(&schema)
        .arg("--output")
        .arg(&output)
        .arg(&input)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    let report: Value = serde_json::from_str(&fs::read_to_string(&output).unwrap()).unwrap();
    let findings: Vec<String> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {}", r["ruleId"], r["level"], r["message"]))
        .collect();
    assert!(
        findings.is_empty(),
        "SARIF validation findings: {findings:#?}"
    );
}

#[test]
fn sarif_validator_rejects_a_broken_log() {
    // The validation helper itself must be able to fail.
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/node_modules");
    if !tools
        .join("@microsoft/sarif-multitool-linux/Sarif.Multitool")
        .exists()
        && std::env::var_os("CI").is_none()
    {
        return;
    }
    let broken = r#"{"version": "2.1.0", "runs": 5}"#;
    let outcome = std::panic::catch_unwind(|| validate_sarif(broken));
    assert!(
        outcome.is_err(),
        "a log whose runs is not an array must not validate"
    );
}

#[test]
fn github_annotations_point_at_the_words() {
    let dir = ci_repo();
    let r = run(kader(dir.path()).args(["check", "--format", "github"]));
    assert_eq!(r.code, 1);
    let text = fs::read_to_string(dir.path().join("fout.kader")).unwrap();
    let (line, col) = line_col(&text, "gerechtvaardigd_belang");
    let annotation = r
        .stdout
        .lines()
        .find(|l| l.contains("title=AVG-GRONDSLAG-F"))
        .expect("an annotation for the finding");
    assert!(
        annotation.starts_with(&format!("::error file=fout.kader,line={line},col={col},")),
        "{annotation}"
    );
    // Help and law lines are joined with an escaped newline, never a raw one.
    assert!(annotation.contains("%0A"), "{annotation}");
    assert!(
        r.stdout.lines().all(|l| l.starts_with("::")),
        "{}",
        r.stdout
    );
}

#[test]
fn junit_has_one_test_case_per_policy() {
    let dir = ci_repo();
    let r = run(kader(dir.path()).args(["check", "--format", "junit"]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("<?xml"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("<testcase ").count(), 2, "{}", r.stdout);
    let bad = r
        .stdout
        .split("<testcase ")
        .find(|c| c.contains("name=\"café_één\""))
        .unwrap();
    assert!(
        bad.contains("<failure") && bad.contains("AVG-GRONDSLAG-F"),
        "{bad}"
    );
    let clean = r
        .stdout
        .split("<testcase ")
        .find(|c| c.contains("name=\"demonstratie_markt_2024\""))
        .unwrap();
    assert!(!clean.contains("<failure"), "{clean}");
}

#[test]
fn gitlab_code_quality_has_stable_unique_fingerprints() {
    let dir = ci_repo();
    let first = run(kader(dir.path()).args(["check", "--format", "gitlab"]));
    let second = run(kader(dir.path()).args(["check", "--format", "gitlab"]));
    assert_eq!(first.stdout, second.stdout);
    let issues: Value = serde_json::from_str(&first.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len());
    let f = issues
        .iter()
        .find(|i| i["check_name"] == "AVG-GRONDSLAG-F")
        .unwrap();
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["location"]["path"], "fout.kader");
    assert_eq!(f["location"]["lines"]["begin"], 6);
}

/// `kader --version` names the version and the embedded stdlib by a short
/// hash of its files, so two builds with other law texts differ.
#[test]
fn version_names_the_stdlib() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--version", "-V"] {
        let out = kader(dir.path()).arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let hash = kader::stdlib::short_hash();
        assert_eq!(
            stdout,
            format!("kader {} (stdlib {hash})\n", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(hash.len(), 12);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
    }
    // The hash covers every stdlib file: a changed text gives another hash.
    assert!(kader::stdlib::SHA256.starts_with(kader::stdlib::short_hash()));
}
