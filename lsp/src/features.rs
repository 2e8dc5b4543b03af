//! The protocol's requests, each a thin wrapper around a function of
//! [`kader::ide`]: find the analysis of the file, convert the position to a
//! byte offset, call the feature inside [`guard`], convert the answer back.

use crate::from_proto::{Encoding, Lines};
use crate::server::{guard, Backend};
use crate::to_proto;
use crate::workspace::Snapshot;
use kader::diagnostics::Edit;
use kader::ide::{self, CompletionKind, OutlineKind, TokenKind};
use kader::{FileId, Span, Taal};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp::jsonrpc::{self, Result};
use tower_lsp::lsp_types::*;

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

/// What the server offers.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(to_proto::position_encoding(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            // Not a space: indenting a line would open the list each time.
            trigger_characters: Some(vec![":".into(), "[".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(TRANSLATE),
            ]),
            ..CodeActionOptions::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES.to_vec(),
                    token_modifiers: TOKEN_MODIFIERS.to_vec(),
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The analysis of a file and how to read positions in it.
struct At {
    snap: Arc<Snapshot>,
    file: FileId,
    encoding: Encoding,
    taal: Taal,
}

impl At {
    async fn new(backend: &Backend, uri: &Url) -> Option<At> {
        let (snap, file) = backend.snapshot(uri).await?;
        let taal = backend.taal(&snap);
        Some(At {
            snap,
            file,
            encoding: backend.encoding(),
            taal,
        })
    }

    fn lines_of(&self, file: FileId) -> Option<Lines<'_>> {
        let f = self.snap.analysis.file(file)?;
        Some(Lines::new(&f.text, &f.line_index, self.encoding))
    }

    fn offset(&self, position: Position) -> usize {
        self.lines_of(self.file)
            .map(|l| l.offset(position))
            .unwrap_or(0)
    }

    fn range(&self, span: Span) -> Option<Range> {
        to_proto::range_in(&self.snap, self.encoding, span)
    }

    fn location(&self, span: Span) -> Option<Location> {
        Some(Location::new(
            self.snap.uri(span.file)?.clone(),
            self.range(span)?,
        ))
    }

    fn workspace_edit(&self, edits: &[Edit]) -> WorkspaceEdit {
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for e in edits {
            if let (Some(uri), Some(range)) = (self.snap.uri(e.span.file), self.range(e.span)) {
                changes
                    .entry(uri.clone())
                    .or_default()
                    .push(TextEdit::new(range, e.new_text.clone()));
            }
        }
        WorkspaceEdit::new(changes)
    }
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

pub async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let p = params.text_document_position_params;
    let Some(at) = At::new(backend, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(p.position);
    let found = guard(|| ide::hover(&at.snap.analysis, at.file, offset, at.taal))?;
    Ok(found.map(|h| Hover {
        contents: HoverContents::Markup(markdown(h.markdown)),
        range: at.range(h.span),
    }))
}

pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position;
    let Some(at) = At::new(backend, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(p.position);
    let list = guard(|| ide::completion(&at.snap.analysis, at.file, offset, at.taal))?;
    let items: Vec<CompletionItem> = list
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let range = at.range(c.replace)?;
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
                sort_text: Some(format!("{i:04}")),
                insert_text_format: Some(if c.snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.insert))),
                ..CompletionItem::default()
            })
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

pub async fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let p = params.text_document_position_params;
    let Some(at) = At::new(backend, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(p.position);
    let spans = guard(|| ide::definition(&at.snap.analysis, at.file, offset))?;
    let locations: Vec<Location> = spans.into_iter().filter_map(|s| at.location(s)).collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

pub async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position;
    let Some(at) = At::new(backend, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(p.position);
    let with_decl = params.context.include_declaration;
    let spans = guard(|| ide::references(&at.snap.analysis, at.file, offset, with_decl))?;
    Ok(Some(
        spans.into_iter().filter_map(|s| at.location(s)).collect(),
    ))
}

pub async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(params.position);
    match guard(|| ide::prepare_rename(&at.snap.analysis, at.file, offset))? {
        Ok(span) => Ok(at.range(span).map(PrepareRenameResponse::Range)),
        Err(text) => Err(invalid(text.get(at.taal))),
    }
}

fn invalid(message: &str) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: message.to_string().into(),
        data: None,
    }
}

pub async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let Some(at) = At::new(backend, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = at.offset(p.position);
    let new_name = params.new_name;
    match guard(|| ide::rename(&at.snap.analysis, at.file, offset, &new_name))? {
        Ok(edits) => Ok(Some(at.workspace_edit(&edits))),
        Err(text) => Err(invalid(text.get(at.taal))),
    }
}

fn symbol_kind(kind: OutlineKind) -> SymbolKind {
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

#[allow(deprecated)]
fn document_symbol(at: &At, o: ide::Outline) -> Option<DocumentSymbol> {
    Some(DocumentSymbol {
        name: o.name,
        detail: o.detail,
        kind: symbol_kind(o.kind),
        tags: None,
        deprecated: None,
        range: at.range(o.span)?,
        selection_range: at.range(o.selection)?,
        children: Some(
            o.children
                .into_iter()
                .filter_map(|c| document_symbol(at, c))
                .collect(),
        ),
    })
}

pub async fn document_symbols(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let list = guard(|| ide::document_symbols(&at.snap.analysis, at.file))?;
    let symbols = list
        .into_iter()
        .filter_map(|o| document_symbol(&at, o))
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub async fn workspace_symbols(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>> {
    let mut out = Vec::new();
    let encoding = backend.encoding();
    for snap in backend.snapshots() {
        let taal = backend.taal(&snap);
        let list = guard(|| ide::workspace_symbols(&snap.analysis, &params.query, taal))?;
        let at = At {
            snap: snap.clone(),
            file: FileId(0),
            encoding,
            taal,
        };
        for o in list {
            let Some(location) = at.location(o.selection) else {
                continue;
            };
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: o.name,
                kind: symbol_kind(o.kind),
                tags: None,
                deprecated: None,
                location,
                container_name: o.detail,
            });
        }
    }
    Ok(Some(out))
}

pub async fn code_actions(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let Some(lines) = at.lines_of(at.file) else {
        return Ok(None);
    };
    let span = lines.span(at.file, params.range);
    // The client may ask for some kinds only (VS Code asks for `quickfix`
    // on a squiggle and drops anything else with a warning).
    let only = params.context.only.as_deref();
    let translate = CodeActionKind::new(TRANSLATE);
    if !wanted(only, &CodeActionKind::QUICKFIX) && !wanted(only, &translate) {
        return Ok(Some(Vec::new()));
    }
    let actions = if wanted(only, &CodeActionKind::QUICKFIX) {
        guard(|| ide::code_actions(&at.snap.analysis, at.file, span, at.taal))?
    } else {
        Vec::new()
    };
    let taal = kader::ide::file_taal(&at.snap.analysis, at.file, at.taal);
    let diagnostics = at
        .snap
        .analysis
        .file(at.file)
        .map(|f| f.diagnostics.as_slice())
        .unwrap_or(&[]);
    let mut out: Vec<CodeActionOrCommand> = actions
        .into_iter()
        .map(|a| {
            let diagnostic = a
                .diagnostic
                .and_then(|i| diagnostics.get(i))
                .and_then(|d| to_proto::diagnostic(&at.snap, at.file, d, at.taal, at.encoding));
            CodeActionOrCommand::CodeAction(CodeAction {
                // The prose of the title is for the reader (the chosen language);
                // the names it quotes are those the edit writes (the file's).
                title: a.title.get(at.taal).to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.map(|d| vec![d]),
                edit: Some(at.workspace_edit(&a.edits)),
                is_preferred: Some(a.preferred),
                ..CodeAction::default()
            })
        })
        .collect();
    if wanted(only, &translate) {
        if let Some(action) = translation(&at, taal)? {
            out.push(action);
        }
    }
    Ok(Some(out))
}

/// The kind of the action that writes a file in the other language.
const TRANSLATE: &str = "source.kader.taal";

/// Whether an action of `kind` answers a request for the kinds `only`: with
/// no `only` every kind does; else `kind` must be one of them or a sub-kind
/// (`source.kader.taal` is a sub-kind of `source`, not of `quickfix`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else {
        return true;
    };
    let kind = kind.as_str();
    only.iter().any(|o| {
        let o = o.as_str();
        o.is_empty()
            || kind == o
            || kind
                .strip_prefix(o)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// "Write the file in English" (or Dutch): the formatter with the other
/// language as target, when that changes the text.
fn translation(at: &At, written: Taal) -> Result<Option<CodeActionOrCommand>> {
    let Some(f) = at.snap.analysis.file(at.file) else {
        return Ok(None);
    };
    if f.kind != kader::FileKind::Policy {
        return Ok(None);
    }
    let target = match written {
        Taal::Nl => Taal::En,
        Taal::En => Taal::Nl,
    };
    let options = kader::fmt::Options {
        taal: Some(target),
        ..kader::fmt::Options::default()
    };
    let Ok(text) = guard(|| kader::fmt::format_in(&at.snap.analysis, at.file, &options))? else {
        return Ok(None);
    };
    if text == *f.text {
        return Ok(None);
    }
    let title = match (target, at.taal) {
        (Taal::En, Taal::Nl) => "Zet het bestand in het Engels",
        (Taal::En, Taal::En) => "Write the file in English",
        (Taal::Nl, Taal::Nl) => "Zet het bestand in het Nederlands",
        (Taal::Nl, Taal::En) => "Write the file in Dutch",
    };
    let whole = Span::new(at.file, 0, f.text.len());
    Ok(Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::new(TRANSLATE)),
        edit: Some(at.workspace_edit(&[Edit {
            span: whole,
            new_text: text,
        }])),
        ..CodeAction::default()
    })))
}

pub async fn semantic_tokens(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let Some(lines) = at.lines_of(at.file) else {
        return Ok(None);
    };
    let tokens = guard(|| ide::semantic_tokens(&at.snap.analysis, at.file))?;
    let plain: Vec<(Span, u32, u32)> = tokens
        .iter()
        .map(|t| {
            let mods = u32::from(t.declaration)
                | (u32::from(t.documentation) << 1)
                | (u32::from(t.library) << 2);
            (t.span, token_type(t.kind), mods)
        })
        .collect();
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: to_proto::semantic_tokens(&lines, &plain),
    })))
}

pub async fn folding_ranges(
    backend: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let folds = guard(|| ide::folding_ranges(&at.snap.analysis, at.file))?;
    let out = folds
        .into_iter()
        .filter_map(|f| {
            let range = at.range(f.span)?;
            (range.end.line > range.start.line).then_some(FoldingRange {
                start_line: range.start.line,
                start_character: None,
                end_line: range.end.line,
                end_character: None,
                kind: f.comment.then_some(FoldingRangeKind::Comment),
                collapsed_text: None,
            })
        })
        .collect();
    Ok(Some(out))
}

pub async fn inlay_hints(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let Some(lines) = at.lines_of(at.file) else {
        return Ok(None);
    };
    let wanted = lines.span(at.file, params.range);
    let hints = guard(|| ide::inlay_hints(&at.snap.analysis, at.file, at.taal))?;
    let out = hints
        .into_iter()
        .filter(|h| wanted.contains(h.offset))
        .map(|h| InlayHint {
            position: to_proto::position(&lines, h.offset),
            label: InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(out))
}

/// The whole file in the formatter's layout, as one edit; nothing when the
/// file is already formatted or cannot be (syntax errors: the diagnostics
/// say where).
pub async fn formatting(
    backend: &Backend,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let Some(at) = At::new(backend, &params.text_document.uri).await else {
        return Ok(None);
    };
    let Some(f) = at.snap.analysis.file(at.file) else {
        return Ok(None);
    };
    if f.kind != kader::FileKind::Policy {
        return Ok(None);
    }
    let options = kader::fmt::Options::default();
    let formatted = guard(|| kader::fmt::format_in(&at.snap.analysis, at.file, &options))?;
    match formatted {
        Ok(text) if text != *f.text => {
            let whole = Span::new(at.file, 0, f.text.len());
            Ok(at.range(whole).map(|r| vec![TextEdit::new(r, text)]))
        }
        Ok(_) => Ok(Some(Vec::new())),
        Err(e) => {
            backend
                .inner
                .client
                .log_message(MessageType::INFO, e.to_string())
                .await;
            Ok(None)
        }
    }
}
