//! `kader.toml` in the editor: where the cursor is (which table, which
//! word), what tables, keys and parameters are, and the hover on them.
//! Completion (`completion.rs`) proposes table and key names, rule codes
//! (with their summaries) under `[regels]` and parameter names (with their
//! types) under `[parameters]` from here. Rule codes get the hover every rule code gets
//! ([`super::context::rule_at`]); the diagnostics are those `kader check`
//! gives for the file.

use super::context::source;
use crate::config::{self, Key};
use crate::rules::Param;
use crate::{Analysis, FileId, Span, Taal};

/// Where the cursor is in the text of `kader.toml`.
pub(crate) struct Place<'a> {
    /// The table the line belongs to, as written (`None` before the first).
    pub section: Option<&'a str>,
    /// The line up to the cursor.
    pub prefix: &'a str,
    /// The word under or before the cursor (letters, digits, `_`, `-`).
    pub word: Span,
    pub word_end: usize,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

pub(crate) fn place<'a>(text: &'a str, file: FileId, offset: usize) -> Place<'a> {
    let offset = crate::span::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let prefix = text.get(line_start..offset).unwrap_or("");
    let start = offset
        - prefix
            .chars()
            .rev()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = offset
        + text
            .get(offset..)
            .unwrap_or("")
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let section = text
        .get(..line_start)
        .unwrap_or("")
        .lines()
        .rev()
        .find_map(|l| {
            let l = l.trim();
            l.strip_prefix('[')?.split(']').next().map(str::trim)
        });
    Place {
        section,
        prefix,
        word: Span::new(file, start, offset),
        word_end: end,
    }
}

/// The spelling of a key in `taal`, with the other spelling beside it.
pub(crate) fn key_detail(key: &Key, taal: Taal) -> (String, Option<String>) {
    let (this, other) = match taal {
        Taal::Nl => (key.nl, key.en),
        Taal::En => (key.en, key.nl),
    };
    (this.to_string(), (other != this).then(|| other.to_string()))
}

pub(crate) fn is(section: Option<&str>, nl: &str) -> bool {
    config::sections()
        .iter()
        .find(|k| k.nl == nl)
        .is_some_and(|k| section == Some(k.nl) || section == Some(k.en))
}

/// The type of a parameter, as a policy author writes it.
pub(crate) fn param_type(analysis: &Analysis, param: &Param, taal: Taal) -> String {
    param.ty.spelling(&analysis.schema, taal)
}

/// A parameter: its name, type, default and doc.
pub(crate) fn param_text(analysis: &Analysis, param: &Param, taal: Taal) -> String {
    let default = source(analysis, param.span)
        .split_once('=')
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let mut out = vec![format!(
        "**{}** — {}: `{}`, {} `{default}`",
        param.names.both(),
        taal.pick("parameter", "parameter"),
        param_type(analysis, param, taal),
        taal.pick("standaard", "default"),
    )];
    if let Some(doc) = &param.doc {
        out.push(crate::schema::Doc::parse(doc).get(taal).to_string());
    }
    out.join("\n\n")
}

/// The hover on a table name, a key or a parameter name in `kader.toml`,
/// with the span of the word.
pub(crate) fn hover(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    taal: Taal,
) -> Option<(String, Span)> {
    let f = analysis.file(file)?;
    let p = place(&f.text, file, offset);
    let span = Span::new(file, p.word.start as usize, p.word_end);
    let word = source(analysis, span);
    if word.is_empty() {
        return None;
    }
    let line_end = f.text.get(p.word_end..)?.split('\n').next().unwrap_or("");
    let header = p.prefix.trim_start().starts_with('[');
    let key_of_line = !p.prefix.contains('=') && line_end.trim_start().starts_with('=');
    let text = if header {
        let k = config::sections()
            .iter()
            .find(|k| k.nl == word || k.en == word)?;
        format!("**[{}]** / `[{}]`\n\n{}", k.nl, k.en, k.doc.get(taal))
    } else if key_of_line && is(p.section, "parameters") {
        let param = analysis
            .rules
            .params
            .iter()
            .find(|param| param.names.spellings().any(|(s, _)| s == word))?;
        param_text(analysis, param, taal)
    } else if key_of_line {
        let k = config::keys_of(p.section?)
            .iter()
            .find(|k| k.nl == word || k.en == word)?;
        format!("**{}** / `{}`\n\n{}", k.nl, k.en, k.doc.get(taal))
    } else {
        return None;
    };
    Some((text, span))
}
