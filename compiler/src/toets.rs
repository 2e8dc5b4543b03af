//! Running policy tests (`toets` items, `kader test`).
//!
//! A test names a policy, optionally changes some of its fields, and says
//! which rule codes must and must not be reported. Running it makes a
//! copy of the repository's texts in which only the policy's file differs:
//! each `wijzig` field's value replaces the policy's value of that field
//! (or is added when the policy does not give it), and a policy written
//! only for tests (`alleen_voor_toetsen: ja`) reads as a real one, so the
//! rules report on it. The copy is analysed with [`analyse_reusing`], so
//! every unchanged file keeps its parse tree, and the rule findings of the
//! policy are compared with what the test expects. Nothing here reads or
//! writes files: the texts come from the analysis.

use crate::analysis::{analyse_reusing, Analysis, File};
use crate::check::{is_test_only, CheckedItem, CheckedToets, ItemId};
use crate::diagnostics::{Diagnostic, Severity, Taal, Text};
use crate::source::{FileKind, Source};
use crate::span::Span;
use serde::Serialize;

/// The result of one test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The test's Dutch name, and its English name if it has one.
    pub name: String,
    pub name_en: Option<String>,
    /// The file the test is written in, and the line of its name.
    pub file: String,
    pub line: u32,
    /// The policy under test, as the test names it.
    pub policy: Option<String>,
    /// Whether the test changes fields of a copy of the policy.
    pub changed: Vec<String>,
    pub expect: Vec<String>,
    pub expect_not: Vec<String>,
    /// The rule findings of the (changed) policy, in source order.
    pub found: Vec<Finding>,
    /// Expected codes that were not reported.
    pub missing: Vec<String>,
    /// Codes reported that must not be.
    pub unexpected: Vec<String>,
    /// Per code reported that must not be, in the same order: why the rule
    /// fired (its decision trace, as `kader waarom` writes it).
    pub why: Vec<Text>,
    pub status: Status,
    /// For a malformed test: the errors that keep it from running.
    pub problems: Vec<Finding>,
}

/// Whether a test passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    /// The test itself has errors (`kader check` reports them): not run.
    Malformed,
}

/// A finding, placed by file and line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl Finding {
    fn of(analysis: &Analysis, d: &Diagnostic) -> Finding {
        let (file, line, column) = place(analysis, d.span);
        Finding {
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            file,
            line,
            column,
        }
    }
}

/// The file and 1-based line and column of a span.
fn place(analysis: &Analysis, span: Span) -> (String, u32, u32) {
    match analysis.file(span.file) {
        Some(f) => {
            let at = f.line_index.line_col(&f.text, span.start as usize);
            (f.path.clone(), at.line, at.column)
        }
        None => (String::new(), 1, 1),
    }
}

/// Every test of the repository, in file order, with its file.
pub fn tests(analysis: &Analysis) -> impl Iterator<Item = (&File, &CheckedToets)> {
    analysis
        .policy_files()
        .flat_map(|f| f.toetsen.iter().map(move |t| (f, t)))
}

/// Runs every test of the repository.
pub fn run_all(analysis: &Analysis) -> Vec<Outcome> {
    tests(analysis).map(|(f, t)| run(analysis, f, t)).collect()
}

/// Runs one test: builds the changed copy of its policy, analyses it in
/// its repository and compares the rule codes reported for it with what
/// the test expects (any severity counts as reported).
pub fn run(analysis: &Analysis, file: &File, toets: &CheckedToets) -> Outcome {
    let text = |span: Span| file.text.get(span.range()).unwrap_or("").to_string();
    let (_, line, _) = place(analysis, toets.name_span);
    let mut outcome = Outcome {
        name: toets.name.clone(),
        name_en: toets.name_en.clone(),
        file: file.path.clone(),
        line,
        policy: toets.policy_span.map(text),
        changed: toets.changes.iter().map(|c| text(c.name_span)).collect(),
        expect: toets.expect.iter().map(|(c, _)| c.clone()).collect(),
        expect_not: toets.expect_not.iter().map(|(c, _)| c.clone()).collect(),
        found: Vec::new(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        why: Vec::new(),
        status: Status::Malformed,
        problems: Vec::new(),
    };
    outcome.problems = file
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| toets.span.start <= d.span.start && d.span.end <= toets.span.end)
        .map(|d| Finding::of(analysis, d))
        .collect();
    let Some((policy, copy)) = toets
        .policy
        .filter(|_| outcome.problems.is_empty())
        .and_then(|id| changed_copy(analysis, file, toets, id))
    else {
        return outcome;
    };
    let name = policy.name().unwrap_or_default();
    let mut found: Vec<&Diagnostic> = copy
        .diagnostics()
        .filter(|d| d.item.as_deref() == Some(name))
        .filter(|d| copy.rules.get(d.code.as_str()).is_some())
        .collect();
    found.sort_by_key(|d| (d.span.file, d.span.start));
    outcome.found = found.iter().map(|d| Finding::of(&copy, d)).collect();
    let reported = |code: &String| found.iter().any(|d| d.code.as_str() == code);
    outcome.missing = outcome
        .expect
        .iter()
        .filter(|c| !reported(c))
        .cloned()
        .collect();
    outcome.unexpected = outcome
        .expect_not
        .iter()
        .filter(|c| reported(c))
        .cloned()
        .collect();
    if let Some((_, changed)) = copy.policies().find(|(_, p)| p.name() == Some(name)) {
        outcome.why = outcome
            .unexpected
            .iter()
            .filter_map(|code| copy.trace(changed, code))
            .map(|t| {
                let traces = [t];
                Text::new(
                    crate::report::trace::human(&copy, &traces, Taal::Nl),
                    crate::report::trace::human(&copy, &traces, Taal::En),
                )
            })
            .collect();
    }
    outcome.status = if outcome.missing.is_empty() && outcome.unexpected.is_empty() {
        Status::Passed
    } else {
        Status::Failed
    };
    outcome
}

/// The repository analysed again with the policy `id` changed as the test
/// says, and the policy as it stands in the original analysis.
fn changed_copy<'a>(
    analysis: &'a Analysis,
    file: &File,
    toets: &CheckedToets,
    id: ItemId,
) -> Option<(&'a CheckedItem, Analysis)> {
    let def = analysis.symbols.item(id)?;
    let policy = analysis.checked_item(id)?;
    let policy_file = analysis.file(def.file)?;
    let crate::ast::ItemKind::Instance(inst) = &policy_file.tree.items.get(def.tree_index)?.kind
    else {
        return None;
    };
    let source = |span: Span| file.text.get(span.range()).unwrap_or("");
    // (start, end, new text) in the policy's file.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for change in &toets.changes {
        let value = source(change.value.span).to_string();
        match policy.field(change.field) {
            Some(old) => edits.push((
                old.value.span.start as usize,
                old.value.span.end as usize,
                value,
            )),
            None if inst.closed => {
                let at = inst.body.end.saturating_sub(1) as usize;
                let line = format!("\n{}: {value}\n", source(change.name_span));
                edits.push((at, at, line));
            }
            None => return None,
        }
    }
    // A policy written only for tests reads as a real one in the copy,
    // unless the test changes that field itself.
    if is_test_only(&analysis.schema, policy) {
        let field = analysis
            .schema
            .kind(policy.kind)
            .and_then(|k| k.field_named("alleen_voor_toetsen"))
            .map(|f| f.id);
        let changed = toets.changes.iter().any(|c| Some(c.field) == field);
        if let Some(old) = field.and_then(|f| policy.field(f)).filter(|_| !changed) {
            let span = old.value.span;
            edits.push((span.start as usize, span.end as usize, "nee".to_string()));
        }
    }
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut text = policy_file.text.to_string();
    for (start, end, new) in edits {
        if start > end || end > text.len() {
            return None;
        }
        text.replace_range(start..end, &new);
    }
    let sources: Vec<Source> = analysis
        .policy_files()
        .map(|f| {
            let body = if f.id == policy_file.id {
                text.clone()
            } else {
                f.text.to_string()
            };
            Source::new(f.path.clone(), body)
        })
        .collect();
    let config = analysis
        .files
        .iter()
        .find(|f| f.kind == FileKind::Config)
        .map(|f| Source::new(f.path.clone(), f.text.to_string()));
    let copy = analyse_reusing(&sources, config.as_ref(), Some(analysis));
    Some((policy, copy))
}

/// The counts of a run: passed, failed, malformed.
pub fn counts(outcomes: &[Outcome]) -> (usize, usize, usize) {
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    (
        count(Status::Passed),
        count(Status::Failed),
        count(Status::Malformed),
    )
}

/// The counts of a run in a line: `3 toetsen: 2 geslaagd, 1 mislukt, 0
/// onjuist`.
pub fn summary(outcomes: &[Outcome], taal: Taal) -> String {
    let (passed, failed, malformed) = counts(outcomes);
    let n = outcomes.len();
    let tests = match (taal, n) {
        (Taal::Nl, 1) => "toets",
        (Taal::Nl, _) => "toetsen",
        (Taal::En, 1) => "test",
        (Taal::En, _) => "tests",
    };
    match taal {
        Taal::Nl => {
            format!("{n} {tests}: {passed} geslaagd, {failed} mislukt, {malformed} onjuist")
        }
        Taal::En => format!("{n} {tests}: {passed} passed, {failed} failed, {malformed} malformed"),
    }
}

/// Why a failed test failed, in one line per side: the expected codes that
/// were not reported, and the codes reported that must not be.
pub fn difference(o: &Outcome, taal: Taal) -> Vec<String> {
    let mut lines = Vec::new();
    if !o.missing.is_empty() {
        lines.push(format!(
            "{} {}",
            taal.pick("verwacht maar niet gemeld:", "expected but not reported:"),
            o.missing.join(", ")
        ));
    }
    if !o.unexpected.is_empty() {
        lines.push(format!(
            "{} {}",
            taal.pick("gemeld maar niet verwacht:", "reported but not expected:"),
            o.unexpected.join(", ")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse;

    const POLICY: &str = r#"
team oov {
    omschrijving: "Openbare orde en veiligheid"
}
"#;

    fn outcomes(files: &[(&str, &str)]) -> Vec<Outcome> {
        let sources: Vec<Source> = files.iter().map(|(p, t)| Source::new(*p, *t)).collect();
        let analysis = analyse(&sources, None);
        run_all(&analysis)
    }

    #[test]
    fn an_unknown_policy_makes_a_malformed_test() {
        let test = "toets t {\n    beleid: bestaat_niet\n    verwacht: [OO-STELSELMATIG]\n}\n";
        let out = outcomes(&[("team.kader", POLICY), ("toetsen/t.kader", test)]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].status, Status::Malformed);
        assert!(out[0].problems.iter().any(|p| p.code == "K0204"));
    }

    /// A policy without a period: OO-TIJDSBEGRENZING fires on it.
    const NO_PERIOD: &str = "beleid markt {\n    titel: \"Markt\"\n    gericht_op: evenement\n}\n";

    #[test]
    fn a_changed_field_the_policy_lacks_is_added_to_the_copy() {
        let test = "toets zonder {\n    beleid: markt\n    verwacht: [OO-TIJDSBEGRENZING]\n}\n\ntoets met {\n    beleid: markt\n    wijzig {\n        periode: 2025-05-09 .. 2025-05-12\n    }\n    niet_verwacht: [OO-TIJDSBEGRENZING]\n}\n\ntoets fout {\n    beleid: markt\n    wijzig {\n        periode: 2025-05-09 ..\n    }\n    niet_verwacht: [OO-TIJDSBEGRENZING]\n}\n";
        let out = outcomes(&[("beleid.kader", NO_PERIOD), ("toetsen/t.kader", test)]);
        let status: Vec<(&str, Status)> = out.iter().map(|o| (o.name.as_str(), o.status)).collect();
        assert_eq!(
            status,
            [
                ("zonder", Status::Passed),
                ("met", Status::Passed),
                ("fout", Status::Failed)
            ]
        );
        assert_eq!(out[1].changed, ["periode"]);
        assert_eq!(out[2].unexpected, ["OO-TIJDSBEGRENZING"]);
        assert!(out[2].missing.is_empty());
        let fired = out[2].found.iter().find(|f| f.code == "OO-TIJDSBEGRENZING");
        assert_eq!(fired.map(|f| f.file.as_str()), Some("beleid.kader"));
    }
}
