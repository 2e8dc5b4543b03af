//! Decision traces (`kader waarom`) as text for a terminal, as Markdown for
//! the editor, and as JSON.
//!
//! Text and Markdown are one list of lines ([`lines`]) printed two ways:
//! headings, plain lines, and clauses indented by depth with a mark for
//! whether they held. Places are `file:line` of the repository.

use crate::diagnostics::Taal;
use crate::rules::{ClauseTrace, Trace, ValueRead};
use crate::span::Span;
use crate::Analysis;
use serde_json::{json, Value};

/// One line of a rendered trace.
enum Line {
    /// A heading: the rule, or a part of the trace.
    Heading(String),
    /// A line of prose.
    Plain(String),
    /// A clause or a value, at a depth.
    Item(usize, String),
}

/// The place of `span` as `file:line`.
fn place(analysis: &Analysis, span: Span) -> Option<String> {
    let file = analysis.file(span.file)?;
    let at = file.line_index.line_col(&file.text, span.start as usize);
    Some(format!("{}:{}", file.path, at.line))
}

fn mark(holds: Option<bool>) -> &'static str {
    match holds {
        Some(true) => "\u{2713}",
        Some(false) => "\u{2717}",
        None => "\u{00b7}",
    }
}

/// What a trace's rule did for its policy, in a few words.
fn outcome(analysis: &Analysis, t: &Trace, taal: Taal) -> String {
    let nl = taal == Taal::Nl;
    let severity = t.severity.word(taal);
    let mut out = match (t.fired, nl) {
        (true, true) => format!("gaat af ({severity})"),
        (true, false) => format!("fires ({severity})"),
        (false, true) => "gaat niet af".to_string(),
        (false, false) => "does not fire".to_string(),
    };
    if t.matches > 1 {
        out.push_str(&if nl {
            format!(", {} keer", t.matches)
        } else {
            format!(", {} times", t.matches)
        });
    }
    let setting = t
        .setting
        .and_then(|s| place(analysis, s))
        .unwrap_or_default();
    if t.switched_off {
        out.push_str(&if nl {
            format!("; uitgezet in {setting}")
        } else {
            format!("; switched off in {setting}")
        });
    } else if t.setting.is_some() {
        out.push_str(&if nl {
            format!("; ernst ingesteld in {setting}")
        } else {
            format!("; severity set in {setting}")
        });
    }
    if let Some(w) = &t.waived {
        let at = place(analysis, w.span).unwrap_or_default();
        out.push_str(&match (t.fired, nl) {
            (true, true) => format!(
                "; afgeweken ({at}): \u{201c}{}\u{201d}, de melding is info",
                w.motivation
            ),
            (true, false) => format!(
                "; exception documented ({at}): \u{201c}{}\u{201d}, the finding is info",
                w.motivation
            ),
            (false, true) => format!("; de afwijking ({at}) is verouderd"),
            (false, false) => format!("; the exception ({at}) is stale"),
        });
    }
    if t.incomplete {
        out.push_str(if nl {
            "; te bewerkelijk, het spoor is onvolledig"
        } else {
            "; too expensive, the trace is incomplete"
        });
    }
    out
}

/// A value read, as one line: `name = value (file:line)`.
fn value_line(analysis: &Analysis, t: &Trace, v: &ValueRead, taal: Taal) -> String {
    let mut line = format!("{} = {}", v.name.get(taal), v.value.get(taal));
    if let Some(at) = v.span.and_then(|s| place(analysis, s)) {
        line.push_str(&format!(" ({at})"));
    }
    if let Some(d) = v.definition.and_then(|d| t.definitions.get(d)) {
        line.push_str(&match taal {
            Taal::Nl => format!(" \u{2192} definitie `{}`", d.name.get(taal)),
            Taal::En => format!(" \u{2192} definition `{}`", d.name.get(taal)),
        });
    }
    line
}

fn clause_lines(
    analysis: &Analysis,
    t: &Trace,
    c: &ClauseTrace,
    depth: usize,
    taal: Taal,
    out: &mut Vec<Line>,
) {
    let mut text = format!("{} {}", mark(c.holds), c.text.get(taal));
    if c.holds.is_none() {
        text.push_str(match taal {
            Taal::Nl => " (niet bekeken)",
            Taal::En => " (not reached)",
        });
    }
    out.push(Line::Item(depth, text));
    for v in &c.values {
        out.push(Line::Item(depth + 2, value_line(analysis, t, v, taal)));
    }
    for child in &c.children {
        clause_lines(analysis, t, child, depth + 1, taal, out);
    }
}

/// The lines of one trace.
fn lines(analysis: &Analysis, t: &Trace, taal: Taal) -> Vec<Line> {
    let nl = taal == Taal::Nl;
    let mut out = vec![Line::Heading(if nl {
        format!(
            "{} voor `{}`: {}",
            t.rule,
            t.policy,
            outcome(analysis, t, taal)
        )
    } else {
        format!(
            "{} for `{}`: {}",
            t.rule,
            t.policy,
            outcome(analysis, t, taal)
        )
    })];
    if let Some(s) = &t.summary {
        out.push(Line::Plain(s.get(taal).to_string()));
    }
    if !t.fired {
        if let Some(c) = t.clauses.iter().find(|c| c.holds == Some(false)) {
            out.push(Line::Plain(if nl {
                format!("Deze voorwaarde geldt niet: {}", c.text.get(taal))
            } else {
                format!("This condition does not hold: {}", c.text.get(taal))
            }));
        }
    }
    out.push(Line::Heading(
        if nl {
            "Voorwaarden (zodra)"
        } else {
            "Conditions (when)"
        }
        .to_string(),
    ));
    for c in &t.clauses {
        clause_lines(analysis, t, c, 0, taal, &mut out);
    }
    if !t.definitions.is_empty() {
        out.push(Line::Heading(
            if nl { "Definities" } else { "Definitions" }.to_string(),
        ));
        for d in &t.definitions {
            let mut head = format!("{} = {}", d.name.get(taal), d.value.get(taal));
            if let Some(at) = place(analysis, d.span) {
                head.push_str(&format!(" ({at})"));
            }
            out.push(Line::Item(0, format!("{} {head}", mark(d.holds))));
            // A group is shown by its parts, a value by what it read: the
            // whole would repeat the definition as written.
            if d.holds.is_none() {
                for v in &d.trace.values {
                    out.push(Line::Item(2, value_line(analysis, t, v, taal)));
                }
            } else if d.trace.children.is_empty() {
                clause_lines(analysis, t, &d.trace, 1, taal, &mut out);
            } else {
                for child in &d.trace.children {
                    clause_lines(analysis, t, child, 1, taal, &mut out);
                }
            }
        }
    }
    if !t.parameters.is_empty() {
        out.push(Line::Heading("Parameters".to_string()));
        for p in &t.parameters {
            let from = match p.setting.and_then(|s| place(analysis, s)) {
                Some(at) => at,
                None => match taal {
                    Taal::Nl => "standaard".to_string(),
                    Taal::En => "default".to_string(),
                },
            };
            out.push(Line::Item(
                0,
                format!("{} = {} ({from})", p.name.get(taal), p.value.get(taal)),
            ));
        }
    }
    out
}

/// The traces as text for a terminal.
pub fn human(analysis: &Analysis, traces: &[Trace], taal: Taal) -> String {
    let mut out = String::new();
    for (i, t) in traces.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in lines(analysis, t, taal) {
            match line {
                Line::Heading(h) if out.is_empty() || out.ends_with("\n\n") => {
                    out.push_str(&format!("{h}\n"));
                }
                Line::Heading(h) => out.push_str(&format!("\n{h}\n")),
                Line::Plain(p) => out.push_str(&format!("  {p}\n")),
                Line::Item(depth, text) => {
                    out.push_str(&format!("{}{text}\n", "  ".repeat(depth + 1)));
                }
            }
        }
    }
    out
}

/// The traces as a Markdown page, for the editor.
pub fn markdown(analysis: &Analysis, traces: &[Trace], taal: Taal) -> String {
    let mut out = String::new();
    for t in traces {
        let mut first = true;
        for line in lines(analysis, t, taal) {
            match line {
                Line::Heading(h) => {
                    let level = if first { "##" } else { "###" };
                    first = false;
                    if !out.is_empty() && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                    out.push_str(&format!("{level} {}\n\n", md(&h)));
                }
                Line::Plain(p) => out.push_str(&format!("{}\n\n", md(&p))),
                Line::Item(depth, text) => {
                    out.push_str(&format!("{}- {}\n", "  ".repeat(depth), md(&text)));
                }
            }
        }
    }
    out.trim_start().to_string()
}

/// Text with the characters Markdown would read as markup escaped, except
/// between backquotes.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut code = false;
    for c in text.chars() {
        if c == '`' {
            code = !code;
        } else if !code && matches!(c, '*' | '[' | ']' | '<' | '>' | '#' | '|' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The place of `span` as a JSON object `{file, line, column}`.
fn span_json(analysis: &Analysis, span: Option<Span>) -> Value {
    let Some(span) = span else {
        return Value::Null;
    };
    let Some(file) = analysis.file(span.file) else {
        return Value::Null;
    };
    let at = file.line_index.line_col(&file.text, span.start as usize);
    json!({ "file": file.path, "line": at.line, "column": at.column })
}

fn clause_json(analysis: &Analysis, t: &Trace, c: &ClauseTrace, taal: Taal) -> Value {
    let values: Vec<Value> = c
        .values
        .iter()
        .map(|v| {
            json!({
                "name": v.name.get(taal),
                "value": v.value.get(taal),
                "span": span_json(analysis, v.span),
                "definition": v
                    .definition
                    .and_then(|d| t.definitions.get(d))
                    .map(|d| d.name.get(taal)),
            })
        })
        .collect();
    let children: Vec<Value> = c
        .children
        .iter()
        .map(|c| clause_json(analysis, t, c, taal))
        .collect();
    json!({
        "text": c.text.get(taal),
        "holds": c.holds,
        "span": span_json(analysis, c.span),
        "values": values,
        "clauses": children,
    })
}

/// One trace as JSON (see the README for its shape).
pub fn json(analysis: &Analysis, t: &Trace, taal: Taal) -> Value {
    json!({
        "rule": t.rule,
        "policy": t.policy,
        "fired": t.fired,
        "matches": t.matches,
        "severity": t.severity,
        "switched_off": t.switched_off,
        "waived": t.waived.as_ref().map(|w| json!({
            "motivation": w.motivation,
            "span": span_json(analysis, Some(w.span)),
        })),
        "incomplete": t.incomplete,
        "span": span_json(analysis, Some(t.span)),
        "clauses": t.clauses.iter().map(|c| clause_json(analysis, t, c, taal)).collect::<Vec<_>>(),
        "definitions": t.definitions.iter().map(|d| json!({
            "name": d.name.get(taal),
            "value": d.value.get(taal),
            "holds": d.holds,
            "span": span_json(analysis, Some(d.span)),
            "trace": clause_json(analysis, t, &d.trace, taal),
        })).collect::<Vec<_>>(),
        "parameters": t.parameters.iter().map(|p| json!({
            "name": p.name.get(taal),
            "value": p.value.get(taal),
            "span": span_json(analysis, Some(p.span)),
            "setting": span_json(analysis, p.setting),
        })).collect::<Vec<_>>(),
    })
}
