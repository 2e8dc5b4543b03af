//! The CI output formats of `kader check`: SARIF 2.1.0 (code scanning),
//! GitHub workflow annotations, JUnit XML (one test case per policy) and
//! GitLab Code Quality JSON.
//!
//! Every format is built from the same reported diagnostics as the
//! terminal and JSON outputs; positions are 1-based lines and columns in
//! Unicode scalar values (SARIF says so with `columnKind`).

use crate::output::{pretty_with_many, Many};
use kader::catalogue;
use kader::diagnostics::{Diagnostic, Severity, Taal};
use kader::Analysis;
use kader::{LineCol, Span};
use serde::Serialize;
use serde_sarif::sarif as s;
use std::collections::BTreeMap;

fn position(analysis: &Analysis, span: Span) -> (LineCol, LineCol) {
    match analysis.file(span.file) {
        Some(f) => (
            f.line_index.line_col(&f.text, span.start as usize),
            f.line_index.line_col(&f.text, span.end as usize),
        ),
        None => (
            LineCol { line: 1, column: 1 },
            LineCol { line: 1, column: 1 },
        ),
    }
}

fn path(analysis: &Analysis, span: Span) -> &str {
    analysis.file(span.file).map_or("", |f| f.path.as_str())
}

/// What SARIF knows about a code: its descriptions, help link and level.
struct RuleMeta {
    short: String,
    full: String,
    help_uri: Option<String>,
    help: Option<String>,
    level: Severity,
}

fn rule_meta(analysis: &Analysis, code: &str, taal: Taal) -> RuleMeta {
    if let Some(rule) = analysis.rules.get(code) {
        let short = rule
            .summary
            .as_ref()
            .map_or_else(|| code.to_string(), |t| t.get(taal).to_string());
        let full = rule
            .explanation
            .as_ref()
            .map_or_else(|| short.clone(), |t| t.get(taal).trim().to_string());
        let laws: Vec<String> = rule
            .law
            .iter()
            .map(|l| format!("{} <{}>", l.cite, l.url))
            .collect();
        return RuleMeta {
            short,
            full,
            help_uri: rule
                .law
                .iter()
                .map(|l| l.url.to_string())
                .find(|u| !u.is_empty()),
            help: (!laws.is_empty()).then(|| laws.join("\n")),
            level: rule.severity,
        };
    }
    match catalogue::lookup(code) {
        Some(info) => {
            let (title, body) = match taal {
                Taal::Nl => (info.title_nl, info.explanation_nl),
                Taal::En => (info.title_en, info.explanation_en),
            };
            RuleMeta {
                short: title.to_string(),
                full: body.to_string(),
                help_uri: None,
                help: Some(format!("kader explain {code}")),
                level: if code == "K0108" || code == "K0507" || code == "K0511" {
                    Severity::Warning
                } else {
                    Severity::Error
                },
            }
        }
        None => RuleMeta {
            short: code.to_string(),
            full: code.to_string(),
            help_uri: None,
            help: None,
            level: Severity::Error,
        },
    }
}

/// A SARIF rule name: PascalCase words, different from the id (the
/// English title of a compiler code, the parts of a rule code).
fn rule_name(code: &str, analysis: &Analysis) -> String {
    let words: Vec<String> = match (analysis.rules.get(code), catalogue::lookup(code)) {
        (None, Some(info)) => info
            .title_en
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect(),
        _ => code.split('-').map(str::to_lowercase).collect(),
    };
    words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}

fn sarif_level(s: Severity) -> s::ResultLevel {
    match s {
        Severity::Error => s::ResultLevel::Error,
        Severity::Warning => s::ResultLevel::Warning,
        Severity::Info => s::ResultLevel::Note,
    }
}

fn level_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(analysis: &Analysis, span: Span, message: Option<String>) -> s::Location {
    let (start, end) = position(analysis, span);
    let region = s::Region::builder()
        .start_line(i64::from(start.line))
        .start_column(i64::from(start.column))
        .end_line(i64::from(end.line))
        .end_column(i64::from(end.column))
        .build();
    let artifact = s::ArtifactLocation::builder()
        .uri(path(analysis, span))
        .uri_base_id("%SRCROOT%")
        .build();
    let physical = s::PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(region)
        .build();
    match message {
        Some(m) => s::Location::builder()
            .physical_location(physical)
            .message(s::Message::builder().text(m).build())
            .build(),
        None => s::Location::builder().physical_location(physical).build(),
    }
}

/// The SARIF log, in the order of keys serde-sarif writes (alphabetical),
/// with the results written one by one as they are built: 48,000 results
/// held at once as serde-sarif structs took 650 MiB.
#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct SarifRun {
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Many,
    tool: s::Tool,
}

fn sarif_result(analysis: &Analysis, codes: &[String], d: &Diagnostic, taal: Taal) -> s::Result {
    let index = codes.iter().position(|c| c == d.code.as_str()).unwrap_or(0);
    let mut text = d.message.get(taal).to_string();
    if let Some(h) = &d.help {
        text.push_str(&format!(" {}", h.get(taal)));
    }
    let related: Vec<s::Location> = d
        .labels
        .iter()
        .map(|l| location(analysis, l.span, Some(l.message.get(taal).to_string())))
        .collect();
    let base = s::Result::builder()
        .rule_id(d.code.as_str())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .level(sarif_level(d.severity))
        .message(s::Message::builder().text(text).build())
        .locations(vec![location(analysis, d.span, None)]);
    if related.is_empty() {
        base.build()
    } else {
        base.related_locations(related).build()
    }
}

/// `kader check --format sarif`: a SARIF 2.1.0 log with one run. The
/// tool's rule list holds every rule of the analysis (so code scanning can
/// show rules that found nothing) and every compiler code that occurs.
pub fn sarif_to(
    analysis: &Analysis,
    diagnostics: &[&Diagnostic],
    taal: Taal,
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut codes: Vec<String> = analysis
        .rules
        .rules
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    for d in diagnostics {
        if !codes.iter().any(|c| c == d.code.as_str()) {
            codes.push(d.code.to_string());
        }
    }
    let descriptors: Vec<s::ReportingDescriptor> = codes
        .iter()
        .map(|code| {
            let meta = rule_meta(analysis, code, taal);
            let config = s::ReportingConfiguration::builder()
                .level(serde_json::json!(level_word(meta.level)))
                .build();
            let base = s::ReportingDescriptor::builder()
                .id(code.as_str())
                .name(rule_name(code, analysis))
                .short_description(
                    s::MultiformatMessageString::builder()
                        .text(meta.short)
                        .build(),
                )
                .full_description(
                    s::MultiformatMessageString::builder()
                        .text(meta.full)
                        .build(),
                )
                .default_configuration(config);
            match (meta.help_uri, meta.help) {
                (Some(uri), Some(help)) => base
                    .help_uri(uri)
                    .help(s::MultiformatMessageString::builder().text(help).build())
                    .build(),
                (None, Some(help)) => base
                    .help(s::MultiformatMessageString::builder().text(help).build())
                    .build(),
                (Some(uri), None) => base.help_uri(uri).build(),
                (None, None) => base.build(),
            }
        })
        .collect();
    let driver = s::ToolComponent::builder()
        .name("kader")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(descriptors)
        .build();
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [SarifRun {
            column_kind: "unicodeCodePoints",
            results: Many,
            tool: s::Tool::builder().driver(driver).build(),
        }],
        version: "2.1.0",
    };
    pretty_with_many(to, &log, diagnostics, |d| {
        sarif_result(analysis, &codes, d, taal)
    })?;
    to.write_all(b"\n")
}

/// Escapes the data of a workflow command (`%`, CR and LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `kader check --format github`: one workflow command per diagnostic, so
/// GitHub Actions shows each finding on the line of the pull request.
pub fn github(analysis: &Analysis, diagnostics: &[&Diagnostic], taal: Taal) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (start, end) = position(analysis, d.span);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.get(taal).to_string();
        if let Some(h) = &d.help {
            message.push('\n');
            message.push_str(h.get(taal));
        }
        for law in d.law.iter() {
            message.push_str(&format!("\n{} {}", law.cite, law.url));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(path(analysis, d.span)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.code.as_str()),
            escape_data(&message)
        ));
    }
    out
}

/// `kader check --format junit`: one test case per policy, failing when the
/// policy has errors (or warnings with `--deny-warnings`); findings outside
/// any policy make a test case for their file.
pub fn junit(
    analysis: &Analysis,
    diagnostics: &[&Diagnostic],
    taal: Taal,
    deny_warnings: bool,
) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut cases: BTreeMap<(String, String), Vec<&Diagnostic>> = BTreeMap::new();
    let policy_kind = analysis.schema.kind_named("beleid").map(|k| k.id);
    for file in analysis.policy_files() {
        for item in file.checked.iter().filter(|i| Some(i.kind) == policy_kind) {
            if let Some(name) = item.name() {
                cases
                    .entry((file.path.clone(), name.to_string()))
                    .or_default();
            }
        }
    }
    for d in diagnostics {
        let file = path(analysis, d.span).to_string();
        let name = d
            .item
            .as_ref()
            .map_or_else(|| file.clone(), ToString::to_string);
        cases.entry((file, name)).or_default().push(d);
    }
    let mut suite = TestSuite::new("kader");
    for ((file, name), found) in cases {
        let failing = found.iter().any(|d| {
            d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
        });
        let status = if failing {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
            status.set_message(codes.join(", "));
            status.set_type("kader");
            let details: Vec<String> = found
                .iter()
                .map(|d| {
                    let (start, _) = position(analysis, d.span);
                    format!(
                        "{}:{}:{}: [{}] {}: {}",
                        file,
                        start.line,
                        start.column,
                        d.code,
                        d.severity.word(taal),
                        d.message.get(taal)
                    )
                })
                .collect();
            status.set_description(details.join("\n"));
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(file);
        suite.add_test_case(case);
    }
    let mut report = Report::new("kader");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}

/// A stable fingerprint for GitLab: FNV-1a over the code, file, item and
/// message, so a finding keeps its identity when unrelated lines move.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// `kader check --format gitlab`: GitLab Code Quality JSON.
pub fn gitlab(analysis: &Analysis, diagnostics: &[&Diagnostic], taal: Taal) -> String {
    #[derive(serde::Serialize)]
    struct Lines {
        begin: u32,
        end: u32,
    }
    #[derive(serde::Serialize)]
    struct Location<'a> {
        path: &'a str,
        lines: Lines,
    }
    #[derive(serde::Serialize)]
    struct Issue<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        check_name: &'a str,
        description: String,
        categories: [&'static str; 1],
        severity: &'static str,
        fingerprint: String,
        location: Location<'a>,
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let issues: Vec<Issue> = diagnostics
        .iter()
        .map(|d| {
            let (start, end) = position(analysis, d.span);
            let file = path(analysis, d.span);
            let message = d.message.get(taal).to_string();
            let mut print = fingerprint(&[
                d.code.as_str(),
                file,
                d.item.as_deref().unwrap_or(""),
                &message,
            ]);
            // Identical findings in one file stay distinct.
            let n = seen.entry(print.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                print = fingerprint(&[&print, &n.to_string()]);
            }
            Issue {
                kind: "issue",
                check_name: d.code.as_str(),
                description: format!("[{}] {message}", d.code),
                categories: ["Compliance"],
                severity: match d.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                fingerprint: print,
                location: Location {
                    path: file,
                    lines: Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("50%\nklaar"), "50%25%0Aklaar");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["A", "b"]), fingerprint(&["A", "b"]));
        assert_ne!(fingerprint(&["A", "b"]), fingerprint(&["Ab", ""]));
    }
}
