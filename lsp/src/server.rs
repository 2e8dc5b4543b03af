//! The routing table: every method of the protocol the server answers, sent
//! to its handler in [`crate::handlers`] in one line, and the three ways a
//! handler is run.
//!
//! - A request about a document waits for the analysis of the latest text
//!   ([`Scheduler::snapshot`]) and is answered from it by a plain function
//!   of a [`Ctx`](crate::handlers::context::Ctx), under the panic guard:
//!   a panic becomes an error answer.
//! - A notification changes the state under its lock, under the panic
//!   guard (a panic becomes a logged message), and then the diagnostics of
//!   files no longer served are cleared and the analyses woken.
//! - The lifecycle methods talk to the client and get it with the state
//!   and the scheduler.
//!
//! In every case the server keeps serving.

use crate::handlers::context::{self, guard, OnDocument, Workspace};
use crate::handlers::notifications::Changed;
use crate::handlers::{commands, diagnostics, lifecycle, notifications, requests};
use crate::scheduler::Scheduler;
use crate::state::Shared;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService};

/// The tower-lsp service.
pub struct Backend {
    client: Client,
    state: Arc<Shared>,
    scheduler: Arc<Scheduler>,
}

/// Builds the service for a transport (stdio, or a test's duplex stream).
pub fn service() -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let builder = LspService::build(|client| {
        let state = Arc::new(Shared::default());
        Backend {
            scheduler: Scheduler::new(client.clone(), state.clone()),
            client,
            state,
        }
    });
    #[cfg(feature = "faults")]
    let builder = builder.custom_method("kader/paniek", Backend::paniek);
    builder.finish()
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, p: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(&self.client, &self.state, &self.scheduler, p).await
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(&self.client, &self.state, &self.scheduler).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        self.notification(p, notifications::did_open).await;
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        self.notification(p, notifications::did_change).await;
    }

    /// The buffer is already known; saving changes nothing to analyse.
    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        self.notification(p, notifications::did_close).await;
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        self.notification(p, notifications::did_change_watched_files)
            .await;
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        self.notification(p, notifications::did_change_workspace_folders)
            .await;
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        lifecycle::did_change_configuration(&self.client, &self.state, &self.scheduler, p).await;
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        self.request_while_typing(p, requests::hover).await
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.request_while_typing(p, requests::completion).await
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.request(p, requests::definition).await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.request(p, requests::references).await
    }

    async fn prepare_rename(
        &self,
        p: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.request(p, requests::prepare_rename).await
    }

    async fn rename(&self, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.request(p, requests::rename).await
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.request(p, requests::document_symbols).await
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<Vec<SymbolInformation>>> {
        self.workspace_request(p, requests::workspace_symbols)
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.request(p, requests::code_actions).await
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.request(p, requests::semantic_tokens).await
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request(p, requests::folding_ranges).await
    }

    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.request(p, requests::formatting).await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request(p, requests::inlay_hints).await
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = &p.text_document.uri;
        let previous = p.previous_result_id.as_deref();
        let (served, encoding) = {
            let state = self.state.lock();
            let served = !state.is_stdlib(uri) && state.holding(uri).is_some();
            (served, state.encoding)
        };
        if !served {
            return guard(|| diagnostics::document(None, encoding, previous));
        }
        let Some((snap, file)) = self.scheduler.fresh_snapshot(uri).await else {
            return Err(diagnostics::not_yet());
        };
        let taal = self.state.lock().taal(&snap);
        guard(|| diagnostics::document(Some((&snap, file, taal)), encoding, previous))
    }

    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let snapshots = self.scheduler.fresh_snapshots().await;
        let encoding = self.state.lock().encoding;
        guard(|| diagnostics::workspace(&snapshots, encoding, &p))
    }

    async fn document_link(&self, p: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.request(p, requests::document_links).await
    }

    async fn code_lens(&self, p: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let show = self.state.lock().show_references.clone();
        self.request(p, move |ctx, p| {
            requests::code_lenses(ctx, p, show.as_deref())
        })
        .await
    }

    async fn execute_command(&self, p: ExecuteCommandParams) -> Result<Option<serde_json::Value>> {
        commands::execute_command(&self.client, &self.state, &self.scheduler, p).await
    }
}

impl Backend {
    /// A request whose handler panics (feature `faults`, for tests).
    #[cfg(feature = "faults")]
    async fn paniek(&self) -> Result<()> {
        guard(requests::paniek)
    }

    /// Answers a request about one document from the analysis of its
    /// latest text; nothing when the server does not know the document.
    async fn request<P: OnDocument, R>(
        &self,
        params: P,
        handler: impl FnOnce(&context::Ctx<'_>, P) -> Result<Option<R>>,
    ) -> Result<Option<R>> {
        let uri = params.document().clone();
        let found = self.scheduler.snapshot(&uri).await;
        self.answer(found, params, handler).await
    }

    /// As [`Backend::request`], but answered from the quick analysis of the
    /// latest text when that is in first (see
    /// [`crate::scheduler::Scheduler::snapshot_while_typing`]): hover and
    /// completion.
    async fn request_while_typing<P: OnDocument, R>(
        &self,
        params: P,
        handler: impl FnOnce(&context::Ctx<'_>, P) -> Result<Option<R>>,
    ) -> Result<Option<R>> {
        let uri = params.document().clone();
        let found = self.scheduler.snapshot_while_typing(&uri).await;
        self.answer(found, params, handler).await
    }

    /// Answers a request about one document from `found`, the analysis
    /// and the document's id in it.
    async fn answer<P: OnDocument, R>(
        &self,
        found: Option<(std::sync::Arc<crate::state::Snapshot>, kader::FileId)>,
        params: P,
        handler: impl FnOnce(&context::Ctx<'_>, P) -> Result<Option<R>>,
    ) -> Result<Option<R>> {
        let Some((snap, file)) = found else {
            return Ok(None);
        };
        let (encoding, taal) = {
            let state = self.state.lock();
            (state.encoding, state.taal(&snap))
        };
        let (answer, log) = context::answer(&snap, file, encoding, taal, params, handler);
        for message in log {
            self.client.log_message(MessageType::INFO, message).await;
        }
        answer
    }

    /// Answers a request about the whole workspace from every analysis
    /// there is, without waiting.
    fn workspace_request<P, R>(
        &self,
        params: P,
        handler: impl FnOnce(&Workspace<'_>, P) -> Result<Option<R>>,
    ) -> Result<Option<R>> {
        let (snapshots, encoding) = {
            let state = self.state.lock();
            let snapshots: Vec<_> = state
                .snapshots()
                .into_iter()
                .map(|s| {
                    let taal = state.taal(&s);
                    (s, taal)
                })
                .collect();
            (snapshots, state.encoding)
        };
        context::answer_workspace(&snapshots, encoding, params, handler)
    }

    /// Applies a notification, then clears what it says is gone and wakes
    /// the analyses. After a panic the analyses are woken too: the state
    /// may have changed before it.
    async fn notification<P>(&self, params: P, handler: impl FnOnce(&Shared, P) -> Changed) {
        let changed = match guard(|| handler(&self.state, params)) {
            Ok(changed) => changed,
            Err(e) => {
                self.client.log_message(MessageType::ERROR, e.message).await;
                Changed {
                    analyse: true,
                    cleared: Vec::new(),
                }
            }
        };
        self.scheduler.clear(changed.cleared).await;
        if changed.analyse {
            self.scheduler.kick();
        }
        // A repository read for this notification may have been too large.
        lifecycle::announce_left_out(&self.client, &self.state).await;
    }
}
