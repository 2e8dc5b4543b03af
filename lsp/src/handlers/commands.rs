//! `workspace/executeCommand`: the commands the editor asks the server to
//! run. There are two. "What changed since the FG's advice"
//! ([`to_proto::SINCE_ADVICE`], the quick fix on AVG-FG-VEROUDERD) reads
//! the repository's history with git, compares the policy as it was when
//! the advice was recorded with the editor's text, and opens the result as
//! a Markdown page (`window/showDocument`). It changes nothing in the
//! policy: only the FG's new advice may update the fingerprint. "Waarom? /
//! Why?" ([`to_proto::WHY`], on every rule finding) opens the decision
//! trace of the rule on the policy, from the editor's text, as a page.
//!
//! Like the lifecycle handlers it talks to the client, so it gets it with
//! the state and the scheduler.

use crate::project;
use crate::scheduler::Scheduler;
use crate::state::Shared;
use crate::stdlib;
use crate::to_proto::{SINCE_ADVICE, WHY};
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
    if params.command == WHY {
        return why(client, state, scheduler, params).await;
    }
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
            cache_dir(&state),
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
    show_page(client, &cache, &format!("{policy}.md"), shown, taal).await;
    Ok(None)
}

/// "Waarom? / Why?": the trace of a rule on a policy of the editor's text,
/// as a page. Its arguments: the document's address, the policy's name and
/// the rule code.
async fn why(
    client: &Client,
    state: &Shared,
    scheduler: &Scheduler,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let mut arguments = params.arguments.into_iter();
    let uri = arguments
        .next()
        .and_then(|v| serde_json::from_value::<Url>(v).ok());
    let mut text = || {
        arguments
            .next()
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let (Some(uri), Some(policy), Some(code)) = (uri, text(), text()) else {
        return Err(Error::invalid_params(
            "expected a document address, a policy name and a rule code",
        ));
    };
    let Some((snap, _)) = scheduler.snapshot(&uri).await else {
        return Ok(None);
    };
    let (taal, cache) = {
        let state = state.lock();
        (state.taal(&snap), cache_dir(&state))
    };
    let analysis = &snap.analysis;
    let found = analysis
        .policies()
        .find(|(_, p)| p.name() == Some(policy.as_str()))
        .and_then(|(_, p)| analysis.trace(p, &code));
    let shown = match found {
        Some(trace) => Ok(kader::report::trace::markdown(analysis, &[trace], taal)),
        None => Err(text!(
            "Er is geen beleid `{policy}` met een regel `{code}` meer; sla het bestand op en probeer het opnieuw.",
            "There is no policy `{policy}` with a rule `{code}` any more; save the file and try again."
        )),
    };
    // Only names the analysis knows reach the file name.
    show_page(
        client,
        &cache,
        &format!("waarom-{policy}-{code}.md"),
        shown,
        taal,
    )
    .await;
    Ok(None)
}

/// The cache folder whose `paginas` hold the pages the server shows.
fn cache_dir(state: &crate::state::State) -> std::path::PathBuf {
    state
        .stdlib_dir
        .as_deref()
        .and_then(|d| d.parent())
        .map(|d| d.to_path_buf())
        .unwrap_or_else(stdlib::default_cache_dir)
}

/// Writes `shown` as the page `name` and opens it in the editor, or says
/// why there is no page.
async fn show_page(
    client: &Client,
    cache: &std::path::Path,
    name: &str,
    shown: std::result::Result<String, kader::Text>,
    taal: kader::Taal,
) {
    let page = shown.and_then(|markdown| {
        stdlib::write_page(cache, name, &markdown).map_err(|e| {
            let folder = cache.display();
            text!(
                "De pagina kan niet worden opgeslagen in `{folder}`: {e}",
                "The page cannot be saved in `{folder}`: {e}"
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
}
