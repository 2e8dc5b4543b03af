//! `workspace/executeCommand`: the commands the editor asks the server to
//! run. There is one: "what changed since the FG's advice"
//! ([`to_proto::SINCE_ADVICE`], the quick fix on AVG-FG-VEROUDERD), which
//! reads the repository's history with git, compares the policy as it was
//! when the advice was recorded with the editor's text, and opens the
//! result as a Markdown page (`window/showDocument`). It changes nothing in
//! the policy: only the FG's new advice may update the fingerprint.
//!
//! Like the lifecycle handlers it talks to the client, so it gets it with
//! the state and the scheduler.

use crate::project;
use crate::scheduler::Scheduler;
use crate::state::Shared;
use crate::stdlib;
use crate::to_proto::SINCE_ADVICE;
use kader::text;
use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{ExecuteCommandParams, MessageType, ShowDocumentParams, Url};
use tower_lsp::Client;

/// Runs a command; the answer is always empty (what it shows, it shows).
pub async fn execute_command(
    client: &Client,
    state: &Shared,
    scheduler: &Scheduler,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    if params.command != SINCE_ADVICE {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let mut arguments = params.arguments.into_iter();
    let uri = arguments
        .next()
        .and_then(|v| serde_json::from_value::<Url>(v).ok());
    let policy = arguments
        .next()
        .and_then(|v| v.as_str().map(str::to_string));
    let (Some(uri), Some(policy)) = (uri, policy) else {
        return Err(Error::invalid_params(
            "expected a document address and a policy name",
        ));
    };
    let Some((snap, _)) = scheduler.snapshot(&uri).await else {
        return Ok(None);
    };
    let (root, options, taal, cache) = {
        let state = state.lock();
        let project = state.holding(&uri);
        (
            project.and_then(|p| p.root.clone()),
            project.map(|p| p.options).unwrap_or_default(),
            state.taal(&snap),
            state
                .stdlib_dir
                .as_deref()
                .and_then(|d| d.parent())
                .map(|d| d.to_path_buf())
                .unwrap_or_else(stdlib::default_cache_dir),
        )
    };
    let shown = match root {
        None => Err(text!(
            "Dit bestand hoort niet bij een beleidsrepository (een map met `kader.toml`), dus er is geen geschiedenis om mee te vergelijken.",
            "This file is not part of a policy repository (a folder with `kader.toml`), so there is no history to compare with."
        )),
        Some(root) => {
            let name = policy.clone();
            tokio::task::spawn_blocking(move || {
                project::changes_since_advice(&root, &snap.analysis, &name, options, taal)
            })
            .await
            .unwrap_or_else(|_| {
                Err(text!(
                    "De vergelijking met het advies is afgebroken.",
                    "The comparison with the advice was interrupted."
                ))
            })
        }
    };
    let page = shown.and_then(|markdown| {
        stdlib::write_page(&cache, &format!("{policy}.md"), &markdown).map_err(|e| {
            let folder = cache.display();
            text!(
                "De vergelijking kan niet worden opgeslagen in `{folder}`: {e}",
                "The comparison cannot be saved in `{folder}`: {e}"
            )
        })
    });
    match page.map(|path| Url::from_file_path(&path)) {
        Ok(Ok(uri)) => {
            let _ = client
                .show_document(ShowDocumentParams {
                    uri,
                    external: Some(false),
                    take_focus: Some(true),
                    selection: None,
                })
                .await;
        }
        Ok(Err(())) => {}
        Err(message) => {
            client
                .show_message(MessageType::WARNING, message.get(taal))
                .await;
        }
    }
    Ok(None)
}
