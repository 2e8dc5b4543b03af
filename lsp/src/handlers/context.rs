//! What a request is answered from, and how a handler is run.
//!
//! A request handler is a plain function of an immutable [`Ctx`] (one
//! analysis, the document the request is about, its lines in the client's
//! encoding, the output language) and the request's parameters. It does not
//! see the server: it cannot lock the state, wait, or talk to the client.
//! [`answer`] is the one place that builds the context and runs a handler
//! under [`guard`], so a panic in a feature becomes an error answer and the
//! server keeps serving.

use crate::from_proto::{Encoding, Lines};
use crate::state::Snapshot;
use crate::to_proto;
use kader::diagnostics::Edit;
use kader::{Analysis, File, FileId, Span, Taal};
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use tower_lsp::jsonrpc::{self, Result};
use tower_lsp::lsp_types::{
    CodeActionParams, CodeLensParams, CompletionParams, DocumentFormattingParams,
    DocumentLinkParams, DocumentSymbolParams, FoldingRangeParams, GotoDefinitionParams,
    HoverParams, InlayHintParams, Location, Position, Range, ReferenceParams, RenameParams,
    SemanticTokensParams, TextDocumentPositionParams, Url, WorkspaceEdit,
};

/// One document of one analysis, as a request about it sees it.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    /// The document.
    pub file: FileId,
    pub doc: &'a File,
    /// The document's text and line index, in the client's encoding.
    pub lines: Lines<'a>,
    /// The output language: the editor's setting, else `kader.toml`'s.
    pub taal: Taal,
    /// Messages for the client's log, sent after the handler returned.
    log: RefCell<Vec<String>>,
}

impl<'a> Ctx<'a> {
    fn new(snap: &'a Snapshot, file: FileId, encoding: Encoding, taal: Taal) -> Option<Ctx<'a>> {
        let doc = snap.analysis.file(file)?;
        Some(Ctx {
            snap,
            file,
            doc,
            lines: Lines::new(&doc.text, &doc.line_index, encoding),
            taal,
            log: RefCell::new(Vec::new()),
        })
    }

    pub fn analysis(&self) -> &'a Analysis {
        &self.snap.analysis
    }

    pub fn encoding(&self) -> Encoding {
        self.lines.encoding
    }

    /// The byte offset of a position in the document.
    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(position)
    }

    /// The span of a range in the document.
    pub fn span(&self, range: Range) -> Span {
        self.lines.span(self.file, range)
    }

    /// The range of a span in any file of the analysis.
    pub fn range(&self, span: Span) -> Option<Range> {
        to_proto::range_in(self.snap, self.encoding(), span)
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        to_proto::location(self.snap, self.encoding(), span)
    }

    pub fn workspace_edit(&self, edits: &[Edit]) -> WorkspaceEdit {
        to_proto::workspace_edit(self.snap, self.encoding(), edits)
    }

    /// Adds a line to the client's log (type info).
    pub fn log(&self, message: String) {
        self.log.borrow_mut().push(message);
    }
}

/// Every analysis the server has, for requests about the whole workspace.
pub struct Workspace<'a> {
    /// Each analysis with its output language.
    pub snapshots: Vec<(&'a Snapshot, Taal)>,
    pub encoding: Encoding,
}

/// Answers a request about `file` of `snap` with `handler`, under the
/// panic guard. Returns the answer and the lines the handler logged. A
/// document too large to analyse (K0406) is answered with nothing: its
/// text was never analysed, so no feature has anything to work on.
pub fn answer<P, R>(
    snap: &Snapshot,
    file: FileId,
    encoding: Encoding,
    taal: Taal,
    params: P,
    handler: impl FnOnce(&Ctx<'_>, P) -> Result<Option<R>>,
) -> (Result<Option<R>>, Vec<String>) {
    if snap.too_large(file) {
        return (Ok(None), Vec::new());
    }
    let Some(ctx) = Ctx::new(snap, file, encoding, taal) else {
        return (Ok(None), Vec::new());
    };
    let answer = guard(|| handler(&ctx, params)).and_then(|a| a);
    (answer, ctx.log.into_inner())
}

/// Answers a request about the whole workspace with `handler`, under the
/// panic guard.
pub fn answer_workspace<P, R>(
    snapshots: &[(Arc<Snapshot>, Taal)],
    encoding: Encoding,
    params: P,
    handler: impl FnOnce(&Workspace<'_>, P) -> Result<Option<R>>,
) -> Result<Option<R>> {
    let workspace = Workspace {
        snapshots: snapshots.iter().map(|(s, t)| (&**s, *t)).collect(),
        encoding,
    };
    guard(|| handler(&workspace, params)).and_then(|a| a)
}

/// Runs `f`, turning a panic into an internal-error answer.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut e = jsonrpc::Error::internal_error();
        e.message =
            format!("interne fout in kader-lsp / internal error in kader-lsp: {what}").into();
        e
    })
}

/// The parameters of a request about one document.
pub trait OnDocument {
    /// The document's address.
    fn document(&self) -> &Url;
}

macro_rules! on_document {
    ($($params:ty => $($field:ident).+;)*) => {
        $(impl OnDocument for $params {
            fn document(&self) -> &Url {
                &self.$($field).+
            }
        })*
    };
}

on_document! {
    HoverParams => text_document_position_params.text_document.uri;
    CompletionParams => text_document_position.text_document.uri;
    GotoDefinitionParams => text_document_position_params.text_document.uri;
    ReferenceParams => text_document_position.text_document.uri;
    TextDocumentPositionParams => text_document.uri;
    RenameParams => text_document_position.text_document.uri;
    DocumentSymbolParams => text_document.uri;
    CodeActionParams => text_document.uri;
    SemanticTokensParams => text_document.uri;
    FoldingRangeParams => text_document.uri;
    DocumentFormattingParams => text_document.uri;
    InlayHintParams => text_document.uri;
    DocumentLinkParams => text_document.uri;
    CodeLensParams => text_document.uri;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn guard_turns_a_panic_into_an_error() {
        let r: Result<()> = guard(|| panic!("kapot"));
        let e = r.unwrap_err();
        assert_eq!(e.code, jsonrpc::ErrorCode::InternalError);
        assert!(e.message.contains("kapot"));
        assert_eq!(guard(|| 3).unwrap(), 3);
    }
}
