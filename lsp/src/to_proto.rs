//! From kader to the protocol: every conversion of what an analysis and
//! [`kader::ide`] answer into the protocol's types.
//!
//! Byte offsets become positions in the client's encoding (with
//! [`crate::from_proto`] the only place that knows how a client counts
//! columns); spans in any file of a snapshot become ranges and locations
//! through the snapshot's addresses. Diagnostics get their severity, code, a
//! link to the first law article the finding rests on, the secondary labels
//! as related information, and the message in the chosen language.

use crate::from_proto::{Encoding, Lines};
use crate::state::Snapshot;
use kader::diagnostics::Edit;
use kader::ide::{self, CompletionKind, OutlineKind, TokenKind};
use kader::{Diagnostic, FileId, Severity, Span, Taal};
use std::collections::HashMap;
use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, CodeLens,
    CompletionItem, CompletionItemKind, CompletionTextEdit, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentLink, DocumentSymbol, Documentation, FoldingRange,
    FoldingRangeKind, Hover, HoverContents, InlayHint, InlayHintLabel, InsertTextFormat, Location,
    MarkupContent, MarkupKind, NumberOrString, Position, PositionEncodingKind, Range,
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SymbolInformation, SymbolKind,
    TextEdit, Url, WorkspaceEdit,
};

/// The name of an encoding in the protocol.
pub fn position_encoding(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    }
}

/// The position of a byte offset. An offset inside a character counts as
/// the start of that character.
pub fn position(lines: &Lines<'_>, offset: usize) -> Position {
    let offset = kader::floor_char_boundary(lines.text, offset.min(lines.text.len()));
    let (line, col_bytes) = lines.index.line_col_utf8(offset);
    let start = offset.saturating_sub(col_bytes as usize);
    let prefix = lines.text.get(start..offset).unwrap_or("");
    Position::new(line, lines.encoding.len(prefix))
}

/// The range of a span of the text `lines` is of.
pub fn range(lines: &Lines<'_>, span: Span) -> Range {
    Range::new(
        position(lines, span.start as usize),
        position(lines, span.end as usize),
    )
}

/// The lines of one file of a snapshot.
pub fn lines_of(snap: &Snapshot, file: FileId, encoding: Encoding) -> Option<Lines<'_>> {
    let f = snap.analysis.file(file)?;
    Some(Lines::new(&f.text, &f.line_index, encoding))
}

/// The range of a span in whichever file of the snapshot it is in.
pub fn range_in(snap: &Snapshot, encoding: Encoding, span: Span) -> Option<Range> {
    Some(range(&lines_of(snap, span.file, encoding)?, span))
}

pub fn location(snap: &Snapshot, encoding: Encoding, span: Span) -> Option<Location> {
    Some(Location::new(
        snap.uri(span.file)?.clone(),
        range_in(snap, encoding, span)?,
    ))
}

/// Edits in any files of the snapshot, grouped by file.
pub fn workspace_edit(snap: &Snapshot, encoding: Encoding, edits: &[Edit]) -> WorkspaceEdit {
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for e in edits {
        if let (Some(uri), Some(range)) = (snap.uri(e.span.file), range_in(snap, encoding, e.span))
        {
            changes
                .entry(uri.clone())
                .or_default()
                .push(TextEdit::new(range, e.new_text.clone()));
        }
    }
    WorkspaceEdit::new(changes)
}

pub fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

/// A refusal the user reads (rename of something that cannot be renamed).
pub fn invalid_params(message: &str) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: message.to_string().into(),
        data: None,
    }
}

pub fn hover(snap: &Snapshot, encoding: Encoding, h: ide::Hover) -> Hover {
    Hover {
        contents: HoverContents::Markup(markdown(h.markdown)),
        range: range_in(snap, encoding, h.span),
    }
}

/// The `index`-th proposal of a list; the client keeps the list's order.
pub fn completion_item(
    snap: &Snapshot,
    encoding: Encoding,
    index: usize,
    c: ide::Completion,
) -> Option<CompletionItem> {
    let range = range_in(snap, encoding, c.replace)?;
    Some(CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            CompletionKind::Field => CompletionItemKind::FIELD,
            CompletionKind::Kind => CompletionItemKind::CLASS,
            CompletionKind::Variant => CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Item => CompletionItemKind::REFERENCE,
            CompletionKind::Unit => CompletionItemKind::UNIT,
            CompletionKind::Value => CompletionItemKind::VALUE,
            CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        }),
        detail: c.detail,
        documentation: c
            .documentation
            .map(|d| Documentation::MarkupContent(markdown(d))),
        sort_text: Some(format!("{index:04}")),
        insert_text_format: Some(if c.snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.insert))),
        ..CompletionItem::default()
    })
}

pub fn symbol_kind(kind: OutlineKind) -> SymbolKind {
    match kind {
        OutlineKind::Item => SymbolKind::OBJECT,
        OutlineKind::Nested => SymbolKind::FIELD,
        OutlineKind::Kind => SymbolKind::CLASS,
        OutlineKind::Choice => SymbolKind::ENUM,
        OutlineKind::Field => SymbolKind::PROPERTY,
        OutlineKind::Variant => SymbolKind::ENUM_MEMBER,
        OutlineKind::Rule => SymbolKind::FUNCTION,
        OutlineKind::Parameter => SymbolKind::CONSTANT,
    }
}

/// An outline entry with its children.
#[allow(deprecated)]
pub fn document_symbol(
    snap: &Snapshot,
    encoding: Encoding,
    o: ide::Outline,
) -> Option<DocumentSymbol> {
    Some(DocumentSymbol {
        name: o.name,
        detail: o.detail,
        kind: symbol_kind(o.kind),
        tags: None,
        deprecated: None,
        range: range_in(snap, encoding, o.span)?,
        selection_range: range_in(snap, encoding, o.selection)?,
        children: Some(
            o.children
                .into_iter()
                .filter_map(|c| document_symbol(snap, encoding, c))
                .collect(),
        ),
    })
}

/// A workspace symbol, located at its name.
pub fn symbol_information(
    snap: &Snapshot,
    encoding: Encoding,
    o: ide::Outline,
) -> Option<SymbolInformation> {
    let location = location(snap, encoding, o.selection)?;
    #[allow(deprecated)]
    Some(SymbolInformation {
        name: o.name,
        kind: symbol_kind(o.kind),
        tags: None,
        deprecated: None,
        location,
        container_name: o.detail,
    })
}

/// A fold, if it spans more than one line.
pub fn folding_range(snap: &Snapshot, encoding: Encoding, f: ide::Fold) -> Option<FoldingRange> {
    let range = range_in(snap, encoding, f.span)?;
    (range.end.line > range.start.line).then_some(FoldingRange {
        start_line: range.start.line,
        start_character: None,
        end_line: range.end.line,
        end_character: None,
        kind: f.comment.then_some(FoldingRangeKind::Comment),
        collapsed_text: None,
    })
}

pub fn inlay_hint(lines: &Lines<'_>, h: ide::InlayHint) -> InlayHint {
    InlayHint {
        position: position(lines, h.offset),
        label: InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// The kind of the action that writes a file in the other language.
pub const TRANSLATE: &str = "source.kader.taal";

/// The command of the quick fix on AVG-FG-VEROUDERD: show what changed in
/// the policy since the FG's advice (`kader diff --sinds-advies`). Its
/// arguments: the document's address and the policy's name.
pub const SINCE_ADVICE: &str = "kader.sindsAdvies";

/// The command of the action "Waarom? / Why?" on every rule finding: open
/// the decision trace of the rule on the policy (`kader waarom`) as a page.
/// Its arguments: the document's address, the policy's name and the rule
/// code.
pub const WHY: &str = "kader.waarom";

/// The command of the lenses "▶ Toets uitvoeren / Run test" above each
/// `toets` and "▶ Alle toetsen / All tests" at the top of its file: run
/// the tests on the analysis of the latest text and show failures as
/// diagnostics on the test's name. Its arguments: the document's address
/// and, for one test, its (Dutch) name.
pub const RUN_TESTS: &str = "kader.toetsUitvoeren";

/// The rule whose findings get that quick fix.
pub const ADVICE_OUT_OF_DATE: &str = "AVG-FG-VEROUDERD";

/// One of [`kader::ide::code_actions`], with the diagnostic it resolves
/// (`diagnostics` are those of `file`). The prose of the title is for the
/// reader (`taal`); the names it quotes are those the edit writes (the
/// file's).
pub fn quick_fix(
    snap: &Snapshot,
    file: FileId,
    encoding: Encoding,
    taal: Taal,
    action: ide::Action,
    diagnostics: &[Diagnostic],
) -> CodeActionOrCommand {
    let resolved = action
        .diagnostic
        .and_then(|i| diagnostics.get(i))
        .and_then(|d| diagnostic(snap, file, d, taal, encoding));
    CodeActionOrCommand::CodeAction(CodeAction {
        title: action.title.get(taal).to_string(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: resolved.map(|d| vec![d]),
        edit: Some(workspace_edit(snap, encoding, &action.edits)),
        is_preferred: Some(action.preferred),
        ..CodeAction::default()
    })
}

/// "Write the file in English" (or Dutch, `target`): `text` replaces the
/// whole of `file`; the title is in `taal`.
pub fn translation(
    snap: &Snapshot,
    file: FileId,
    encoding: Encoding,
    target: Taal,
    taal: Taal,
    text: String,
) -> Option<CodeActionOrCommand> {
    let length = snap.analysis.file(file)?.text.len();
    let title = match (target, taal) {
        (Taal::En, Taal::Nl) => "Zet het bestand in het Engels",
        (Taal::En, Taal::En) => "Write the file in English",
        (Taal::Nl, Taal::Nl) => "Zet het bestand in het Nederlands",
        (Taal::Nl, Taal::En) => "Write the file in Dutch",
    };
    let whole = Span::new(file, 0, length);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::new(TRANSLATE)),
        edit: Some(workspace_edit(
            snap,
            encoding,
            &[Edit {
                span: whole,
                new_text: text,
            }],
        )),
        ..CodeAction::default()
    }))
}

/// The token types, in the order of [`token_type`].
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::TYPE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
];

/// The token modifiers, in the order of their bits in [`semantic_tokens`].
pub const TOKEN_MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DOCUMENTATION,
    SemanticTokenModifier::DEFAULT_LIBRARY,
];

fn token_type(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Keyword => 0,
        TokenKind::Type => 1,
        TokenKind::Property => 2,
        TokenKind::EnumMember => 3,
        TokenKind::Variable => 4,
        TokenKind::String => 5,
        TokenKind::Number => 6,
        TokenKind::Comment => 7,
    }
}

/// The classified words of the text `lines` is of, as the protocol's
/// tokens.
pub fn semantic_tokens(lines: &Lines<'_>, tokens: &[ide::Token]) -> Vec<SemanticToken> {
    let plain: Vec<(Span, u32, u32)> = tokens
        .iter()
        .map(|t| {
            let mods = u32::from(t.declaration)
                | (u32::from(t.documentation) << 1)
                | (u32::from(t.library) << 2);
            (t.span, token_type(t.kind), mods)
        })
        .collect();
    relative_tokens(lines, &plain)
}

/// Encodes classified spans as the protocol's relative tokens. A span that
/// covers several lines becomes one token per line (clients need not
/// support tokens across lines). `tokens` must be sorted and disjoint.
fn relative_tokens(lines: &Lines<'_>, tokens: &[(Span, u32, u32)]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for &(span, kind, modifiers) in tokens {
        let text = lines.text.get(span.range()).unwrap_or("");
        let mut offset = span.start as usize;
        for part in text.split('\n') {
            let piece = part.strip_suffix('\r').unwrap_or(part);
            let length = lines.encoding.len(piece);
            if length > 0 {
                let at = position(lines, offset);
                let delta_line = at.line - prev_line;
                let delta_start = if delta_line == 0 {
                    at.character - prev_start
                } else {
                    at.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: kind,
                    token_modifiers_bitset: modifiers,
                });
                prev_line = at.line;
                prev_start = at.character;
            }
            offset += part.len() + 1;
        }
    }
    out
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message a client shows: the message, the help line and the law it
/// rests on, in one language.
pub fn message(d: &Diagnostic, taal: Taal) -> String {
    let mut out = d.message.get(taal).to_string();
    if let Some(help) = &d.help {
        let tip = match taal {
            Taal::Nl => "Tip",
            Taal::En => "Help",
        };
        out.push_str(&format!("\n{tip}: {}", help.get(taal)));
    }
    if !d.law.is_empty() {
        let word = match taal {
            Taal::Nl => "Wet",
            Taal::En => "Law",
        };
        let cites: Vec<&str> = d.law.iter().map(|l| l.cite.as_str()).collect();
        out.push_str(&format!("\n{word}: {}", cites.join("; ")));
    }
    out
}

/// Converts one diagnostic of `file` in `snapshot`.
pub fn diagnostic(
    snapshot: &Snapshot,
    file: FileId,
    d: &Diagnostic,
    taal: Taal,
    encoding: Encoding,
) -> Option<lsp::Diagnostic> {
    let lines = lines_of(snapshot, file, encoding)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let uri = snapshot.uri(label.span.file)?.clone();
            let range = range_in(snapshot, encoding, label.span)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: label.message.get(taal).to_string(),
            })
        })
        .collect();
    let code_description = d
        .law
        .first()
        .and_then(|l| Url::parse(&l.url).ok())
        .map(|href| CodeDescription { href });
    Some(lsp::Diagnostic {
        range: range(&lines, d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description,
        source: Some("kader".to_string()),
        message: message(d, taal),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

/// Every diagnostic of one file.
pub fn diagnostics(
    snapshot: &Snapshot,
    file: FileId,
    taal: Taal,
    encoding: Encoding,
) -> Vec<lsp::Diagnostic> {
    snapshot
        .analysis
        .file(file)
        .map(|f| {
            f.diagnostics
                .iter()
                .filter_map(|d| diagnostic(snapshot, file, d, taal, encoding))
                .collect()
        })
        .unwrap_or_default()
}

/// A link of [`kader::ide::document_links`]. A definition is addressed as
/// its file with the line and column after `#L` (as editors open links to
/// a place in a file); an article as its official address.
pub fn document_link(
    snap: &Snapshot,
    encoding: Encoding,
    taal: Taal,
    link: ide::Link,
) -> Option<DocumentLink> {
    let range = range_in(snap, encoding, link.span)?;
    let (target, tooltip) = match link.target {
        ide::LinkTarget::Definition(span) => {
            let at = location(snap, encoding, span)?;
            let mut uri = at.uri;
            uri.set_fragment(Some(&format!(
                "L{},{}",
                at.range.start.line + 1,
                at.range.start.character + 1
            )));
            (uri, taal.pick("Naar de definitie", "Go to the definition"))
        }
        ide::LinkTarget::Address(address) => (
            Url::parse(&address).ok()?,
            taal.pick("Open de officiële tekst", "Open the official text"),
        ),
    };
    Some(DocumentLink {
        range,
        target: Some(target),
        tooltip: Some(tooltip.to_string()),
        data: None,
    })
}

/// "used by N policies" over a shared item. With `show`, the client's
/// command that shows references (arguments as `editor.action.showReferences`
/// takes them: the document, the position, the places); without it the
/// lens only tells.
pub fn usage_lens(
    snap: &Snapshot,
    encoding: Encoding,
    taal: Taal,
    usage: ide::Usage,
    show: Option<&str>,
) -> Option<CodeLens> {
    let at = location(snap, encoding, usage.name)?;
    let n = usage.policies;
    let title = match (taal, n) {
        (Taal::Nl, 1) => "gebruikt door 1 beleidsregel".to_string(),
        (Taal::Nl, n) => format!("gebruikt door {n} beleidsregels"),
        (Taal::En, 1) => "used by 1 policy".to_string(),
        (Taal::En, n) => format!("used by {n} policies"),
    };
    let arguments = show.map(|_| {
        let places: Vec<Location> = usage
            .references
            .iter()
            .filter_map(|s| location(snap, encoding, *s))
            .collect();
        vec![
            serde_json::json!(at.uri),
            serde_json::json!(at.range.start),
            serde_json::json!(places),
        ]
    });
    Some(CodeLens {
        range: at.range,
        command: Some(lsp::Command {
            title,
            command: show.unwrap_or_default().to_string(),
            arguments,
        }),
        data: None,
    })
}

/// "▶ Toets uitvoeren / Run test" above each `toets` of `file`, and
/// "▶ Alle toetsen (N) / All tests (N)" on the file's first line when it
/// has any; both run [`RUN_TESTS`].
pub fn test_lenses(snap: &Snapshot, encoding: Encoding, taal: Taal, file: FileId) -> Vec<CodeLens> {
    let (Some(f), Some(uri)) = (snap.analysis.file(file), snap.uri(file)) else {
        return Vec::new();
    };
    let lens = |range: Range, title: String, name: Option<&str>| {
        let mut arguments = vec![serde_json::json!(uri)];
        arguments.extend(name.map(|n| serde_json::json!(n)));
        CodeLens {
            range,
            command: Some(lsp::Command {
                title,
                command: RUN_TESTS.to_string(),
                arguments: Some(arguments),
            }),
            data: None,
        }
    };
    let mut out: Vec<CodeLens> = f
        .toetsen
        .iter()
        .filter_map(|t| {
            let range = range_in(snap, encoding, t.name_span)?;
            let title = taal.pick("▶ Toets uitvoeren", "▶ Run test").to_string();
            Some(lens(range, title, Some(&t.name)))
        })
        .collect();
    if !out.is_empty() {
        let n = f.toetsen.len();
        let title = format!("{} ({n})", taal.pick("▶ Alle toetsen", "▶ All tests"));
        out.insert(0, lens(Range::default(), title, None));
    }
    out
}

/// The result of a test as a diagnostic on its name: an error with the
/// difference for a failed test; nothing for a passed one (the summary
/// says it passed) or a malformed one (the file's diagnostics say why).
pub fn test_result(
    snap: &Snapshot,
    encoding: Encoding,
    taal: Taal,
    name: Span,
    outcome: &kader::toets::Outcome,
) -> Option<lsp::Diagnostic> {
    if outcome.status != kader::toets::Status::Failed {
        return None;
    }
    let shown = match (taal, &outcome.name_en) {
        (Taal::En, Some(en)) => en.as_str(),
        _ => outcome.name.as_str(),
    };
    let mut message = match taal {
        Taal::Nl => format!("Toets `{shown}` mislukt"),
        Taal::En => format!("Test `{shown}` failed"),
    };
    for line in kader::toets::difference(outcome, taal) {
        message.push('\n');
        message.push_str(&line);
    }
    Some(lsp::Diagnostic {
        range: range_in(snap, encoding, name)?,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("kader".to_string()),
        message,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kader::LineIndex;

    const TEXT: &str = "a é b\n中x😀y\r\nlaatste 😀";

    fn lines(encoding: Encoding) -> (LineIndex, Encoding) {
        (LineIndex::new(TEXT), encoding)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        let (index, enc) = lines(Encoding::Utf16);
        let l = Lines::new(TEXT, &index, enc);
        // `y` on the second line: 中 (1) x (1) 😀 (2).
        let y = TEXT.find('y').unwrap();
        assert_eq!(position(&l, y), Position::new(1, 4));
        assert_eq!(l.offset(Position::new(1, 4)), y);
        // `b` on the first line: a, space, é, space.
        let b = TEXT.find('b').unwrap();
        assert_eq!(position(&l, b), Position::new(0, 4));
        assert_eq!(l.offset(Position::new(0, 4)), b);
    }

    #[test]
    fn utf8_counts_bytes() {
        let (index, enc) = lines(Encoding::Utf8);
        let l = Lines::new(TEXT, &index, enc);
        let y = TEXT.find('y').unwrap();
        // 中 (3) x (1) 😀 (4).
        assert_eq!(position(&l, y), Position::new(1, 8));
        assert_eq!(l.offset(Position::new(1, 8)), y);
        let b = TEXT.find('b').unwrap();
        assert_eq!(position(&l, b), Position::new(0, 5));
    }

    #[test]
    fn every_char_boundary_round_trips_in_both_encodings() {
        let index = LineIndex::new(TEXT);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let l = Lines::new(TEXT, &index, enc);
            for (offset, c) in TEXT.char_indices() {
                if c == '\n' || c == '\r' {
                    continue;
                }
                assert_eq!(
                    l.offset(position(&l, offset)),
                    offset,
                    "{enc:?} at {offset}"
                );
            }
            assert_eq!(l.offset(position(&l, TEXT.len())), TEXT.len());
        }
    }

    #[test]
    fn positions_inside_a_character_or_past_the_line_are_clamped() {
        let index = LineIndex::new(TEXT);
        let l = Lines::new(TEXT, &index, Encoding::Utf16);
        let emoji = TEXT.find('😀').unwrap();
        // The middle of the surrogate pair maps to the start of the emoji.
        assert_eq!(l.offset(Position::new(1, 3)), emoji);
        // Past the end of line 1 stops before `\r\n`.
        let line_end = TEXT.find('\r').unwrap();
        assert_eq!(l.offset(Position::new(1, 99)), line_end);
        // A line past the end of the text maps to its end.
        assert_eq!(l.offset(Position::new(9, 0)), TEXT.len());
        // An offset inside a character maps to its start.
        assert_eq!(position(&l, emoji + 2), position(&l, emoji));
    }

    #[test]
    fn semantic_tokens_are_relative_and_split_per_line() {
        let text = "é \"a\nbc\" 😀x";
        let index = LineIndex::new(text);
        let l = Lines::new(text, &index, Encoding::Utf16);
        let string = Span::new(FileId(0), 3, 9);
        let x = text.find('x').unwrap();
        let tokens = relative_tokens(
            &l,
            &[(string, 1, 0), (Span::new(FileId(0), x, x + 1), 2, 0)],
        );
        let plain: Vec<(u32, u32, u32, u32)> = tokens
            .iter()
            .map(|t| (t.delta_line, t.delta_start, t.length, t.token_type))
            .collect();
        // `"a` at line 0 column 2; `bc"` at line 1 column 0; `x` after
        // `bc" 😀` (3 + 1 + 2 units).
        assert_eq!(plain, vec![(0, 2, 2, 1), (1, 0, 3, 1), (0, 6, 1, 2)]);
    }

    proptest::proptest! {
        /// Any text of ASCII, `é`, `中`, `😀` and line endings: every
        /// character boundary outside a line ending survives offset ->
        /// position -> offset, and a position the client makes up maps to a
        /// boundary on its line.
        #[test]
        fn round_trips_on_any_text(
            text in "[a é中😀\\n\\r]{0,40}",
            line in 0u32..6,
            character in 0u32..50,
        ) {
            let index = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let l = Lines::new(&text, &index, enc);
                for (offset, c) in text.char_indices() {
                    if c == '\n' || c == '\r' {
                        continue;
                    }
                    proptest::prop_assert_eq!(l.offset(position(&l, offset)), offset);
                }
                let o = l.offset(Position::new(line, character));
                proptest::prop_assert!(text.is_char_boundary(o));
                let p = position(&l, o);
                proptest::prop_assert!(p.line <= line);
            }
        }
    }
}
