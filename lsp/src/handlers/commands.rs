//! `workspace/executeCommand`: the commands the editor asks the server to
//! run. There are three. "What changed since the FG's advice"
//! ([`to_proto::SINCE_ADVICE`], the quick fix on AVG-FG-VEROUDERD) reads
//! the repository's history with git, compares the policy as it was when
//! the advice was recorded with the editor's text, and opens the result as
//! a Markdown page (`window/showDocument`). It changes nothing in the
//! policy: only the FG's new advice may update the fingerprint. "Waarom? /
//! Why?" ([`to_proto::WHY`], on every rule finding) opens the decision
//! trace of the rule on the policy, from the editor's text, as a page.
//! "▶ Toets uitvoeren / Run test" ([`to_proto::RUN_TESTS`], the lenses on
//! `toets` items) runs tests on the analysis of the latest text, puts each
//! failure as an error on the test's name and shows the counts.
//!
//! Like the lifecycle handlers it talks to the client, so it gets it with
//! the state and the scheduler.

use crate::project;
use crate::scheduler::Scheduler;
use crate::state::Shared;
use crate::stdlib;
use crate::to_proto::{self, RUN_TESTS, SINCE_ADVICE, WHY};
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
    if params.command == RUN_TESTS {
        let (uri, mut texts) = arguments(params);
        let Some(uri) = uri else {
            return Err(Error::invalid_params(
                "expected a document address and optionally a test name",
            ));
        };
        return run_tests(client, state, scheduler, uri, texts.next()).await;
    }
    if params.command != SINCE_ADVICE {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let (uri, mut texts) = arguments(params);
    let (Some(uri), Some(policy)) = (uri, texts.next()) else {
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
    let (uri, mut texts) = arguments(params);
    let (Some(uri), Some(policy), Some(code)) = (uri, texts.next(), texts.next()) else {
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

/// "▶ Toets uitvoeren / Run test": the tests of a document (or the one
/// named), run on the analysis of its latest text, never an older one.
/// Arguments: the document's address and, optionally, a test's name.
async fn run_tests(
    client: &Client,
    state: &Shared,
    scheduler: &Scheduler,
    uri: Url,
    name: Option<String>,
) -> Result<Option<Value>> {
    let taal = state.lock().taal.unwrap_or_default();
    let Some((snap, file)) = scheduler.fresh_snapshot(&uri).await else {
        let message = text!(
            "De analyse van de laatste tekst is nog bezig; voer de toets zo opnieuw uit.",
            "The analysis of the latest text is still running; run the test again shortly."
        );
        warn(client, message, taal).await;
        return Ok(None);
    };
    let (taal, encoding) = {
        let state = state.lock();
        (state.taal(&snap), state.encoding)
    };
    let run = snap.clone();
    let wanted = name.clone();
    let outcomes = tokio::task::spawn_blocking(move || {
        let analysis = &run.analysis;
        let Some(f) = analysis.file(file) else {
            return Vec::new();
        };
        f.toetsen
            .iter()
            .filter(|t| wanted.as_ref().is_none_or(|n| *n == t.name))
            .map(|t| (t.name_span, kader::toets::run(analysis, f, t)))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    if outcomes.is_empty() {
        let name = name.unwrap_or_default();
        let message = text!(
            "Er is geen toets `{name}` (meer) in dit bestand.",
            "There is no test `{name}` in this file (any more)."
        );
        warn(client, message, taal).await;
        return Ok(None);
    }
    let results = outcomes
        .iter()
        .map(|(span, o)| {
            let d = to_proto::test_result(&snap, encoding, taal, *span, o);
            (span.start, d)
        })
        .collect();
    snap.set_test_results(file, results);
    scheduler.republish(&snap, file).await;
    let outcomes: Vec<kader::toets::Outcome> = outcomes.into_iter().map(|(_, o)| o).collect();
    let kind = match kader::toets::counts(&outcomes) {
        (_, 0, 0) => MessageType::INFO,
        _ => MessageType::WARNING,
    };
    client
        .show_message(kind, kader::toets::summary(&outcomes, taal))
        .await;
    Ok(None)
}

/// A command's arguments: the document's address first, then texts (an
/// argument that is not a text reads as missing).
fn arguments(params: ExecuteCommandParams) -> (Option<Url>, impl Iterator<Item = String>) {
    let mut arguments = params.arguments.into_iter();
    let uri = arguments
        .next()
        .and_then(|v| serde_json::from_value::<Url>(v).ok());
    let texts = arguments.map_while(|v| v.as_str().map(str::to_string));
    (uri, texts)
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
        Err(message) => warn(client, message, taal).await,
    }
}

/// Says something went wrong (`window/showMessage`, a warning).
async fn warn(client: &Client, message: kader::Text, taal: kader::Taal) {
    client
        .show_message(MessageType::WARNING, message.get(taal))
        .await;
}
