//! `kader test [PADEN]`: runs every `toets` of the repository (see
//! `kader::toets`) and says per test what was expected and what was found.
//!
//! The repository is loaded exactly as `kader check` loads it; with paths,
//! only the tests in the files asked for run (in their whole repository).
//! Exit status: 0 when every test passed, 1 when a test failed, 2 when a
//! test is malformed (it has errors, `kader check` shows them, and it did
//! not run), on wrong usage, or with a `kader.toml` that has errors.

use crate::command::{
    config_failure, err, load_paths, loading_notes, out, selected, Loaded, EXIT_ERRORS,
    EXIT_FAILURE, EXIT_OK,
};
use clap::{Args, ValueEnum};
use kader::diagnostics::Taal;
use kader::toets::{counts, difference, summary, Finding, Outcome, Status};
use kader_project::Project;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

/// The exit statuses, as `kader test --help` lists them.
pub(crate) const TEST_EXIT_HELP: &str = "\
Afsluitstatus / exit status:
  0  alle toetsen geslaagd / every test passed
  1  een toets mislukt / a test failed
  2  een toets is onjuist geschreven (zie kader check), verkeerd gebruik, of kader.toml met fouten
     / a test is malformed (see kader check), wrong usage, or kader.toml with errors";

/// The arguments of `kader test`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct TestArgs {
    /// Bestanden of mappen met toetsen (standaard de hele repository) / files or folders with tests (default: the whole repository)
    #[arg(value_name = "PADEN", help_heading = "Argumenten / Arguments")]
    paths: Vec<PathBuf>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,

    #[command(flatten)]
    pub(crate) packs: crate::command::PackArgs,
}

/// The output formats of `kader test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Leesbaar in de terminal / readable in the terminal
    Human,
    /// Eén JSON-object (LANGUAGE.md §7) / one JSON object
    Json,
    /// JUnit-XML, één testgeval per toets / JUnit XML, one test case per test
    Junit,
}

/// The JSON object of `kader test --format json`.
#[derive(Debug, Serialize)]
struct Output<'a> {
    tests: &'a [Outcome],
    summary: Counts,
}

#[derive(Debug, Serialize)]
struct Counts {
    tests: usize,
    passed: usize,
    failed: usize,
    malformed: usize,
}

/// Runs `kader test`.
pub(crate) fn run(
    args: &TestArgs,
    taal_flag: Option<Taal>,
    packs: kader_project::LoadOptions,
) -> i32 {
    let Loaded {
        project,
        taal,
        analysis,
        unreadable,
    } = match load_paths(&args.paths, taal_flag, packs, Project::analyse) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    err(&loading_notes(&analysis, taal));
    let shown: HashSet<&str> = selected(&project);
    let outcomes: Vec<Outcome> = kader::toets::tests(&analysis)
        .filter(|(f, _)| shown.contains(f.path.as_str()))
        .map(|(f, t)| kader::toets::run(&analysis, f, t))
        .collect();
    if outcomes.is_empty() {
        err(taal.pick(
            "Geen toetsen gevonden. Een toets begint met `toets naam { ... }` (zie LANGUAGE.md).\n",
            "No tests found. A test starts with `test name { ... }` (see LANGUAGE.md).\n",
        ));
    }
    let (passed, failed, malformed) = counts(&outcomes);
    match args.format {
        TestFormat::Human => out(&human(&outcomes, taal)),
        TestFormat::Json => {
            let output = Output {
                tests: &outcomes,
                summary: Counts {
                    tests: outcomes.len(),
                    passed,
                    failed,
                    malformed,
                },
            };
            out(&(serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"));
        }
        TestFormat::Junit => out(&junit(&outcomes, taal)),
    }
    if malformed > 0 || unreadable || config_failure(&analysis) {
        EXIT_FAILURE
    } else if failed > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// A list of codes, or a dash for none.
fn list(codes: &[String]) -> String {
    if codes.is_empty() {
        "—".to_string()
    } else {
        codes.join(", ")
    }
}

/// One finding on one line: `file:line:column: [CODE] severity: message`.
fn line(f: &Finding, taal: Taal) -> String {
    format!(
        "{}:{}:{}: [{}] {}: {}",
        f.file,
        f.line,
        f.column,
        f.code,
        f.severity.word(taal),
        f.message.get(taal)
    )
}

/// The test's name in the language of the output.
fn name(o: &Outcome, taal: Taal) -> &str {
    match (taal, &o.name_en) {
        (Taal::En, Some(en)) => en,
        _ => &o.name,
    }
}

/// What one test expected, found and concluded, in lines.
fn report(o: &Outcome, taal: Taal) -> Vec<String> {
    let mut lines = Vec::new();
    if o.status == Status::Malformed {
        lines.push(
            taal.pick(
                "de toets is onjuist geschreven en is niet gedraaid (zie ook `kader check`):",
                "the test is malformed and did not run (see also `kader check`):",
            )
            .to_string(),
        );
        lines.extend(o.problems.iter().map(|p| format!("  {}", line(p, taal))));
        return lines;
    }
    if !o.changed.is_empty() {
        lines.push(format!(
            "{} {}",
            taal.pick("gewijzigd:", "changed:"),
            o.changed.join(", ")
        ));
    }
    lines.push(format!(
        "{} {}",
        taal.pick("verwacht:", "expected:"),
        list(&o.expect)
    ));
    lines.push(format!(
        "{} {}",
        taal.pick("niet verwacht:", "not expected:"),
        list(&o.expect_not)
    ));
    let found: Vec<String> = o
        .found
        .iter()
        .map(|f| format!("{} ({})", f.code, f.severity.word(taal)))
        .collect();
    lines.push(format!(
        "{} {}",
        taal.pick("gevonden:", "found:"),
        list(&found)
    ));
    if !o.missing.is_empty() {
        lines.extend(difference(o, taal).into_iter().take(1));
    }
    for (i, code) in o.unexpected.iter().enumerate() {
        lines.push(format!(
            "{} {code}",
            taal.pick("gemeld maar niet verwacht:", "reported but not expected:")
        ));
        // Where the rule fired and what it said, then why (`kader waarom`).
        for f in o.found.iter().filter(|f| &f.code == code) {
            lines.push(format!("  {}", line(f, taal)));
        }
        if let Some(why) = o.why.get(i) {
            lines.push(format!("  {}", taal.pick("waarom:", "why:")));
            lines.extend(why.get(taal).lines().map(|l| match l {
                "" => String::new(),
                l => format!("    {l}"),
            }));
        }
    }
    lines
}

/// The word for a test's result.
fn verdict(status: Status, taal: Taal) -> &'static str {
    match status {
        Status::Passed => taal.pick("geslaagd", "passed"),
        Status::Failed => taal.pick("MISLUKT", "FAILED"),
        Status::Malformed => taal.pick("ONJUIST", "MALFORMED"),
    }
}

/// `kader test`: per test a header, what it expected and found, and the
/// result; then the counts.
fn human(outcomes: &[Outcome], taal: Taal) -> String {
    let mut text = String::new();
    for o in outcomes {
        let policy = o.policy.as_deref().unwrap_or("?");
        text.push_str(&format!(
            "{} {} ({}:{}), {} {policy}: {}\n",
            taal.pick("toets", "test"),
            name(o, taal),
            o.file,
            o.line,
            taal.pick("beleid", "policy"),
            verdict(o.status, taal)
        ));
        for l in report(o, taal) {
            if l.is_empty() {
                text.push('\n');
            } else {
                text.push_str(&format!("    {l}\n"));
            }
        }
    }
    text.push_str(&summary(outcomes, taal));
    text.push('\n');
    text
}

/// `kader test --format junit`: one test case per test, with the file as
/// class name; a failed test is a failure, a malformed one an error.
fn junit(outcomes: &[Outcome], taal: Taal) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("kader test");
    for o in outcomes {
        let status = match o.status {
            Status::Passed => TestCaseStatus::success(),
            Status::Failed | Status::Malformed => {
                let kind = if o.status == Status::Failed {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                let codes: Vec<&str> = o
                    .missing
                    .iter()
                    .chain(&o.unexpected)
                    .map(String::as_str)
                    .chain(o.problems.iter().map(|p| p.code.as_str()))
                    .collect();
                status.set_message(codes.join(", "));
                status.set_type("kader");
                status.set_description(report(o, taal).join("\n"));
                status
            }
        };
        let mut case = TestCase::new(name(o, taal), status);
        case.set_classname(o.file.clone());
        suite.add_test_case(case);
    }
    let mut report = Report::new("kader");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}
