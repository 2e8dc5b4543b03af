//! Properties that must hold for any input, written once and used by both
//! the bounded property tests (`tests/tests/properties.rs`) and the
//! libFuzzer targets (`tests/fuzz`). Each check returns `Err` with a short
//! description instead of asserting, so a fuzzer and a proptest can report
//! it in their own way; a panic inside kader is left to propagate.
//!
//! Raw input bytes are turned into structured input (a repository of
//! several files, a stream of language-server messages) by small decoders
//! here, so a crash found by the fuzzer replays in a normal test by feeding
//! the same bytes.

use kader::ast::SourceFile;
use kader::fmt::{format, FmtError, Options};
use kader::{analyse, Analysis, FileId, Source};

/// Reads bytes as text the way the command line does: UTF-8, else lossy.
pub fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The parser's properties: it returns, every byte of the text is a token,
/// part of a comment, white space or inside a lexer diagnostic; every span
/// lies inside the text on character boundaries; every message has both
/// languages; a second parse gives the same answer.
pub fn check_parse(text: &str) -> Result<(), String> {
    let lexed = kader::syntax::lex(FileId(0), text);
    let mut covered = vec![false; text.len()];
    let mut mark = |s: usize, e: usize, what: &str| -> Result<(), String> {
        if s > e || e > text.len() {
            return Err(format!("{what} span {s}..{e} outside {} bytes", text.len()));
        }
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(format!("{what} span {s}..{e} splits a character"));
        }
        for c in &mut covered[s..e] {
            *c = true;
        }
        Ok(())
    };
    for (_, span) in &lexed.tokens {
        mark(span.start, span.end, "token")?;
    }
    for c in &lexed.comments {
        mark(c.span.start as usize, c.span.end as usize, "comment")?;
    }
    for d in &lexed.diagnostics {
        mark(d.span.start as usize, d.span.end as usize, "diagnostic")?;
    }
    let mut last_end = 0;
    for (_, span) in &lexed.tokens {
        if span.start < last_end {
            return Err(format!("token at {} overlaps the one before", span.start));
        }
        last_end = span.end;
    }
    // Brackets nested deeper than the limit are dropped by the lexer with
    // one K0112 for the whole file, at the first one dropped.
    let too_deep_from = lexed
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "K0112")
        .map(|d| d.span.start as usize)
        .min();
    for (i, ch) in text.char_indices() {
        // White space is any Unicode white space, and a byte order mark
        // only at the very start.
        let blank = ch.is_whitespace() || (i == 0 && ch == '\u{feff}');
        let dropped = too_deep_from.is_some_and(|from| i >= from)
            && matches!(ch, '(' | ')' | '[' | ']' | '{' | '}');
        if !covered[i] && !blank && !dropped {
            return Err(format!(
                "byte {i} ({ch:?}) is neither token, comment, white space nor diagnostic"
            ));
        }
    }

    let parsed = kader::syntax::parse(FileId(0), text);
    for d in &parsed.diagnostics {
        let (s, e) = (d.span.start as usize, d.span.end as usize);
        if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(format!("diagnostic {} has a bad span {s}..{e}", d.code));
        }
        if d.message.nl.is_empty() || d.message.en.is_empty() {
            return Err(format!("diagnostic {} lacks a message", d.code));
        }
    }
    for item in &parsed.tree.items {
        if item.span.end as usize > text.len() {
            return Err("an item ends after the text".into());
        }
    }
    let again = kader::syntax::parse(FileId(0), text);
    if parsed.diagnostics != again.diagnostics {
        return Err("a second parse gives other diagnostics".into());
    }
    Ok(())
}

/// Splits fuzzer bytes into a repository: parts separated by a line
/// `%%`, at most eight; the first part starting with `[` or `#` (which
/// no policy file does) is `kader.toml`, every other part is a policy
/// file `fN.kader`, some in a subfolder.
pub fn split_repository(bytes: &[u8]) -> (Vec<Source>, Option<Source>) {
    let text = text_of(bytes);
    let mut sources = Vec::new();
    let mut config = None;
    for (i, part) in text.split("\n%%\n").take(8).enumerate() {
        if config.is_none() && (part.starts_with('[') || part.starts_with('#')) {
            config = Some(Source::new("kader.toml", part));
        } else {
            let dir = if i % 3 == 2 { "sub/" } else { "" };
            sources.push(Source::new(format!("{dir}f{i}.kader"), part));
        }
    }
    (sources, config)
}

/// The analysis's properties: it returns, and every diagnostic lies inside
/// its file on character boundaries with messages in both languages.
pub fn check_analysis(sources: &[Source], config: Option<&Source>) -> Result<Analysis, String> {
    let analysis = analyse(sources, config);
    for file in &analysis.files {
        for d in &file.diagnostics {
            check_span(&analysis, d)?;
        }
    }
    for d in analysis.diagnostics() {
        check_span(&analysis, d)?;
    }
    Ok(analysis)
}

fn check_span(analysis: &Analysis, d: &kader::Diagnostic) -> Result<(), String> {
    let Some(file) = analysis.file(d.span.file) else {
        return Err(format!("diagnostic {} points at no file", d.code));
    };
    let (s, e) = (d.span.start as usize, d.span.end as usize);
    let text = &file.text;
    if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return Err(format!(
            "diagnostic {} in {} has a bad span {s}..{e}",
            d.code, file.path
        ));
    }
    if d.message.nl.is_empty() || d.message.en.is_empty() {
        return Err(format!("diagnostic {} lacks a message", d.code));
    }
    Ok(())
}

/// The debug form of a tree with every span removed and comment texts
/// without trailing spaces (the formatter trims those): two texts mean
/// the same when their shapes are equal.
pub fn tree_shape(tree: &SourceFile) -> String {
    let mut tree = tree.clone();
    for c in &mut tree.comments {
        c.text = c.text.trim_end().to_string();
    }
    let debug = format!("{tree:?}");
    // Spans print as `Span { file: FileId(0), start: 1, end: 2 }`.
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span { file:") {
        out.push_str(&rest[..i]);
        let Some(end) = rest[i..].find('}') else {
            break;
        };
        out.push_str("Span");
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The parse diagnostics of a text as (code, Dutch, English).
fn parse_codes(text: &str) -> Vec<(String, String, String)> {
    kader::syntax::parse(FileId(0), text)
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.message.nl.to_string(),
                d.message.en.to_string(),
            )
        })
        .collect()
}

/// The formatter's properties: a file it accepts formats to a text with
/// the same tree (spans aside) and the same diagnostics, and formatting
/// that text again changes nothing. A refusal is fine; its reason must be
/// a real syntax error.
pub fn check_format(text: &str) -> Result<Option<String>, String> {
    let out = match format(text, &Options::default()) {
        Ok(out) => out,
        Err(FmtError::Syntax(errors)) => {
            if errors.is_empty() {
                return Err("refused for syntax errors, but named none".into());
            }
            return Ok(None);
        }
        Err(FmtError::Meaning) => return Ok(None),
    };
    let a = kader::syntax::parse(FileId(0), text);
    let b = kader::syntax::parse(FileId(0), &out);
    if tree_shape(&a.tree) != tree_shape(&b.tree) {
        return Err(format!("the formatted tree differs:\n{out}"));
    }
    if parse_codes(text) != parse_codes(&out) {
        return Err(format!("the formatted text has other diagnostics:\n{out}"));
    }
    let again = match format(&out, &Options::default()) {
        Ok(again) => again,
        Err(e) => return Err(format!("the formatted text is refused: {e}\n{out}")),
    };
    if again != out {
        return Err(format!(
            "formatting twice changes the text:\n{out}\n---\n{again}"
        ));
    }
    Ok(Some(out))
}

/// Dutch → English → Dutch through the real `kader fmt --taal` gives back
/// the same files. `files` are (path, text) pairs of one repository,
/// `config` its `kader.toml`; they are written to a fresh folder, formatted
/// once (`kader fmt`), then translated to English and back. Every file must
/// come back byte for byte, and at least one must have changed in English.
pub fn round_trip_languages(files: &[(String, String)], config: &str) -> Result<(), String> {
    round_trip(files, config, false)
}

/// Like [`round_trip_languages`], for files written in either language
/// (or both): all of them are first put into Dutch, then Dutch → English →
/// Dutch and English → Dutch → English must each give the text back.
pub fn round_trip_languages_mixed(files: &[(String, String)], config: &str) -> Result<(), String> {
    round_trip(files, config, true)
}

fn round_trip(files: &[(String, String)], config: &str, mixed: bool) -> Result<(), String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kader-taal-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let result = round_trip_in(&dir, files, config, mixed);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn round_trip_in(
    dir: &std::path::Path,
    files: &[(String, String)],
    config: &str,
    mixed: bool,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(dir.join("kader.toml"), config).map_err(io)?;
    for (path, text) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(full, text).map_err(io)?;
    }
    let snapshot = || -> Result<Vec<String>, String> {
        files
            .iter()
            .map(|(p, _)| std::fs::read_to_string(dir.join(p)).map_err(io))
            .collect()
    };
    let fmt = |args: &[&str]| -> Result<(), String> {
        let out = std::process::Command::new(crate::kader_bin())
            .arg("fmt")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(io)?;
        // 1 is a file with syntax errors, left as it is.
        match out.status.code() {
            Some(0 | 1) => Ok(()),
            other => Err(format!(
                "kader fmt {args:?} ended with {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    };
    fmt(if mixed { &["--taal", "nl"] } else { &[] })?;
    let dutch = snapshot()?;
    fmt(&["--taal", "en"])?;
    let english = snapshot()?;
    fmt(&["--taal", "nl"])?;
    let back = snapshot()?;
    if mixed {
        fmt(&["--taal", "en"])?;
        let english_again = snapshot()?;
        for (((path, _), en), again) in files.iter().zip(&english).zip(&english_again) {
            if en != again {
                let first = en.lines().zip(again.lines()).find(|(a, b)| a != b);
                return Err(format!(
                    "{path}: English → Dutch → English differs, first at {first:?}"
                ));
            }
        }
    }
    if dutch == english {
        return Err("nothing was translated into English".into());
    }
    for (((path, _), nl), again) in files.iter().zip(&dutch).zip(&back) {
        if nl != again {
            let first = nl.lines().zip(again.lines()).find(|(a, b)| a != b);
            return Err(format!(
                "{path}: Dutch → English → Dutch differs, first at {first:?}"
            ));
        }
    }
    Ok(())
}

/// The fingerprint's property: two repositories that mean the same give
/// every policy the same fingerprint. For a repository without errors in
/// the language itself (codes `K…`; a rule's finding is no such error),
/// each policy, found by its file and its place among that file's
/// policies, keeps its fingerprint when every file is formatted, when
/// every file is translated into English and back into Dutch, and when
/// the files are read in the reverse order. A file the formatter refuses
/// keeps its text. Returns how many policies were compared.
pub fn check_fingerprint(sources: &[Source], config: Option<&Source>) -> Result<usize, String> {
    use kader::{Severity, Taal};
    let analysis = analyse(sources, config);
    let malformed = analysis
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .chain(analysis.diagnostics())
        .any(|d| d.severity == Severity::Error && d.code.as_str().starts_with('K'));
    if malformed {
        return Ok(0);
    }
    let before = fingerprints(&analysis);
    let compare = |what: &str, sources: &[Source]| -> Result<Analysis, String> {
        let after_analysis = analyse(sources, config);
        let after = fingerprints(&after_analysis);
        if after != before {
            return Err(format!(
                "the fingerprints change {what}:\nbefore {before:?}\nafter  {after:?}"
            ));
        }
        Ok(after_analysis)
    };
    let rewritten = |analysis: &Analysis, taal: Option<Taal>| -> Vec<Source> {
        let options = Options {
            taal,
            ..Options::default()
        };
        analysis
            .files
            .iter()
            .filter(|f| sources.iter().any(|s| s.path == f.path))
            .map(|f| {
                let text = kader::translate::format_in(analysis, f.id, &options)
                    .unwrap_or_else(|_| f.text.to_string());
                Source::new(f.path.clone(), text)
            })
            .collect()
    };
    compare("through kader fmt", &rewritten(&analysis, None))?;
    let english = compare(
        "through kader fmt --taal en",
        &rewritten(&analysis, Some(Taal::En)),
    )?;
    compare(
        "through kader fmt --taal en and back to nl",
        &rewritten(&english, Some(Taal::Nl)),
    )?;
    let reversed: Vec<Source> = sources.iter().rev().cloned().collect();
    compare("when the files are read in the reverse order", &reversed)?;
    Ok(before.len())
}

/// Every policy's fingerprint, keyed by its file and its place among the
/// policies of that file, in file-path order.
fn fingerprints(analysis: &Analysis) -> Vec<(String, usize, String)> {
    let mut out: Vec<(String, usize, String)> = Vec::new();
    for (file, policy) in analysis.policies() {
        let place = out.iter().filter(|(p, _, _)| *p == file.path).count();
        out.push((file.path.to_string(), place, analysis.fingerprint(policy)));
    }
    out.sort();
    out
}
