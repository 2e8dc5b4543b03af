//! The protocol's requests, each a thin wrapper around a function of
//! [`kader::ide`]: the position as a byte offset, the feature, the answer
//! in the protocol's types. Each runs on a [`Ctx`] under the panic guard
//! (see [`crate::handlers::context`]).

use crate::handlers::context::{Ctx, Workspace};
use crate::to_proto::{self, TRANSLATE};
use kader::ide;
use kader::{FileKind, Taal};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    CodeLens, CodeLensParams, Command, CompletionParams, CompletionResponse,
    DocumentFormattingParams, DocumentLink, DocumentLinkParams, DocumentSymbolParams,
    DocumentSymbolResponse, FoldingRange, FoldingRangeParams, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, InlayHint, InlayHintParams, Location,
    PrepareRenameResponse, ReferenceParams, RenameParams, SemanticTokens, SemanticTokensParams,
    SemanticTokensResult, SymbolInformation, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
    WorkspaceSymbolParams,
};

pub fn hover(ctx: &Ctx<'_>, params: HoverParams) -> Result<Option<Hover>> {
    let offset = ctx.offset(params.text_document_position_params.position);
    let found = ide::hover(ctx.analysis(), ctx.file, offset, ctx.taal);
    Ok(found.map(|h| to_proto::hover(ctx.snap, ctx.encoding(), h)))
}

pub fn completion(ctx: &Ctx<'_>, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let offset = ctx.offset(params.text_document_position.position);
    let list = ide::completion(ctx.analysis(), ctx.file, offset, ctx.taal);
    let items = list
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| to_proto::completion_item(ctx.snap, ctx.encoding(), i, c))
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

pub fn definition(
    ctx: &Ctx<'_>,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let offset = ctx.offset(params.text_document_position_params.position);
    let spans = ide::definition(ctx.analysis(), ctx.file, offset);
    let locations: Vec<Location> = spans.into_iter().filter_map(|s| ctx.location(s)).collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

pub fn references(ctx: &Ctx<'_>, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let offset = ctx.offset(params.text_document_position.position);
    let with_decl = params.context.include_declaration;
    let spans = ide::references(ctx.analysis(), ctx.file, offset, with_decl);
    Ok(Some(
        spans.into_iter().filter_map(|s| ctx.location(s)).collect(),
    ))
}

pub fn prepare_rename(
    ctx: &Ctx<'_>,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let offset = ctx.offset(params.position);
    match ide::prepare_rename(ctx.analysis(), ctx.file, offset) {
        Ok(span) => Ok(ctx.range(span).map(PrepareRenameResponse::Range)),
        Err(text) => Err(to_proto::invalid_params(text.get(ctx.taal))),
    }
}

pub fn rename(ctx: &Ctx<'_>, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let offset = ctx.offset(params.text_document_position.position);
    match ide::rename(ctx.analysis(), ctx.file, offset, &params.new_name) {
        Ok(edits) => Ok(Some(ctx.workspace_edit(&edits))),
        Err(text) => Err(to_proto::invalid_params(text.get(ctx.taal))),
    }
}

pub fn document_symbols(
    ctx: &Ctx<'_>,
    _: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let list = ide::document_symbols(ctx.analysis(), ctx.file);
    let symbols = list
        .into_iter()
        .filter_map(|o| to_proto::document_symbol(ctx.snap, ctx.encoding(), o))
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

pub fn workspace_symbols(
    workspace: &Workspace<'_>,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>> {
    let mut out = Vec::new();
    for &(snap, taal) in &workspace.snapshots {
        let list = ide::workspace_symbols(&snap.analysis, &params.query, taal);
        out.extend(
            list.into_iter()
                .filter_map(|o| to_proto::symbol_information(snap, workspace.encoding, o)),
        );
    }
    Ok(Some(out))
}

pub fn code_actions(ctx: &Ctx<'_>, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let span = ctx.span(params.range);
    // The client may ask for some kinds only (VS Code asks for `quickfix`
    // on a squiggle and drops anything else with a warning).
    let only = params.context.only.as_deref();
    let translate = CodeActionKind::new(TRANSLATE);
    if !wanted(only, &CodeActionKind::QUICKFIX) && !wanted(only, &translate) {
        return Ok(Some(Vec::new()));
    }
    let actions = if wanted(only, &CodeActionKind::QUICKFIX) {
        ide::code_actions(ctx.analysis(), ctx.file, span, ctx.taal)
    } else {
        Vec::new()
    };
    let written = ide::file_taal(ctx.analysis(), ctx.file, ctx.taal);
    let mut out: Vec<CodeActionOrCommand> = actions
        .into_iter()
        .map(|a| {
            to_proto::quick_fix(
                ctx.snap,
                ctx.file,
                ctx.encoding(),
                ctx.taal,
                a,
                &ctx.doc.diagnostics,
            )
        })
        .collect();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        out.extend(since_advice(ctx, span));
        out.extend(why(ctx, span));
    }
    if wanted(only, &translate) {
        if let Some(action) = translation(ctx, written) {
            out.push(action);
        }
    }
    Ok(Some(out))
}

/// On a finding of AVG-FG-VEROUDERD: "show what changed since the FG's
/// advice", a command the server runs ([`to_proto::SINCE_ADVICE`]). It
/// changes nothing: only the FG's new advice may update the fingerprint.
fn since_advice(ctx: &Ctx<'_>, span: kader::Span) -> Option<CodeActionOrCommand> {
    let finding = ctx.doc.diagnostics.iter().find(|d| {
        d.code.as_str() == to_proto::ADVICE_OUT_OF_DATE
            && d.span.start <= span.end
            && span.start <= d.span.end
    })?;
    let (_, policy) = ctx.analysis().policies().find(|(f, p)| {
        f.id == ctx.file && p.span.start <= finding.span.start && finding.span.end <= p.span.end
    })?;
    let name = policy.name()?;
    let uri = ctx.snap.uri(ctx.file)?;
    let title = ctx.taal.pick(
        "Toon wat er sinds het advies van de FG veranderde",
        "Show what changed since the DPO's advice",
    );
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::QUICKFIX),
        command: Some(Command {
            title: title.to_string(),
            command: to_proto::SINCE_ADVICE.to_string(),
            arguments: Some(vec![
                serde_json::json!(uri),
                serde_json::Value::String(name.to_string()),
            ]),
        }),
        ..CodeAction::default()
    }))
}

/// On every finding of a rule about a policy: "Waarom? / Why?", a
/// command the server runs ([`to_proto::WHY`]) that opens the rule's
/// decision trace for that policy as a page. It changes nothing.
fn why(ctx: &Ctx<'_>, span: kader::Span) -> Vec<CodeActionOrCommand> {
    let Some(uri) = ctx.snap.uri(ctx.file) else {
        return Vec::new();
    };
    let rules = &ctx.analysis().rules;
    let mut seen = Vec::new();
    ctx.doc
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= span.end && span.start <= d.span.end)
        .filter(|d| rules.get(d.code.as_str()).is_some())
        .filter_map(|d| Some((d.code.as_str(), d.item.as_deref()?)))
        .filter(|found| {
            let new = !seen.contains(found);
            seen.push(*found);
            new
        })
        .map(|(code, policy)| {
            let title = match ctx.taal {
                Taal::Nl => format!("Waarom? {code}"),
                Taal::En => format!("Why? {code}"),
            };
            CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                command: Some(Command {
                    title,
                    command: to_proto::WHY.to_string(),
                    arguments: Some(vec![
                        serde_json::json!(uri),
                        serde_json::Value::String(policy.to_string()),
                        serde_json::Value::String(code.to_string()),
                    ]),
                }),
                ..CodeAction::default()
            })
        })
        .collect()
}

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
/// language than the one the file is `written` in as target, when that
/// changes the text.
fn translation(ctx: &Ctx<'_>, written: Taal) -> Option<CodeActionOrCommand> {
    if ctx.doc.kind != FileKind::Policy {
        return None;
    }
    let target = match written {
        Taal::Nl => Taal::En,
        Taal::En => Taal::Nl,
    };
    let options = kader::fmt::Options {
        taal: Some(target),
        ..kader::fmt::Options::default()
    };
    let text = kader::translate::format_in(ctx.analysis(), ctx.file, &options).ok()?;
    if text == *ctx.doc.text {
        return None;
    }
    to_proto::translation(ctx.snap, ctx.file, ctx.encoding(), target, ctx.taal, text)
}

pub fn document_links(ctx: &Ctx<'_>, _: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
    let links = ide::document_links(ctx.analysis(), ctx.file);
    Ok(Some(
        links
            .into_iter()
            .filter_map(|l| to_proto::document_link(ctx.snap, ctx.encoding(), ctx.taal, l))
            .collect(),
    ))
}

/// "▶ Toets uitvoeren / Run test" over each test of the document (and
/// "▶ Alle toetsen (N)" at its top), then "used by N policies" over each
/// shared item; `show` is the client's command that shows references, if
/// it named one.
pub fn code_lenses(
    ctx: &Ctx<'_>,
    _: CodeLensParams,
    show: Option<&str>,
) -> Result<Option<Vec<CodeLens>>> {
    let usages = ide::usages(ctx.analysis(), ctx.file);
    let mut lenses = to_proto::test_lenses(ctx.snap, ctx.encoding(), ctx.taal, ctx.file);
    lenses.extend(
        usages
            .into_iter()
            .filter_map(|u| to_proto::usage_lens(ctx.snap, ctx.encoding(), ctx.taal, u, show)),
    );
    Ok(Some(lenses))
}

pub fn semantic_tokens(
    ctx: &Ctx<'_>,
    _: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let tokens = ide::semantic_tokens(ctx.analysis(), ctx.file);
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: to_proto::semantic_tokens(&ctx.lines, &tokens),
    })))
}

pub fn folding_ranges(ctx: &Ctx<'_>, _: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
    let folds = ide::folding_ranges(ctx.analysis(), ctx.file);
    let out = folds
        .into_iter()
        .filter_map(|f| to_proto::folding_range(ctx.snap, ctx.encoding(), f))
        .collect();
    Ok(Some(out))
}

pub fn inlay_hints(ctx: &Ctx<'_>, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let wanted = ctx.span(params.range);
    let hints = ide::inlay_hints(ctx.analysis(), ctx.file, ctx.taal);
    let out = hints
        .into_iter()
        .filter(|h| wanted.contains(h.offset))
        .map(|h| to_proto::inlay_hint(&ctx.lines, h))
        .collect();
    Ok(Some(out))
}

/// The whole file in the formatter's layout, as one edit; nothing when the
/// file is already formatted or cannot be (syntax errors: the diagnostics
/// say where, and the log says why).
pub fn formatting(ctx: &Ctx<'_>, _: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
    if ctx.doc.kind != FileKind::Policy {
        return Ok(None);
    }
    let options = kader::fmt::Options::default();
    match kader::translate::format_in(ctx.analysis(), ctx.file, &options) {
        Ok(text) if text != *ctx.doc.text => {
            let whole = kader::Span::new(ctx.file, 0, ctx.doc.text.len());
            Ok(ctx.range(whole).map(|r| vec![TextEdit::new(r, text)]))
        }
        Ok(_) => Ok(Some(Vec::new())),
        Err(e) => {
            ctx.log(e.to_string());
            Ok(None)
        }
    }
}

/// A request whose handler panics (feature `faults`, for tests).
#[cfg(feature = "faults")]
#[allow(clippy::panic)]
pub fn paniek() {
    panic!("opzettelijke fout / deliberate fault")
}
