//! The session's start and the editor's settings: `initialize` (the
//! client's capabilities, the stdlib copies, the repositories of the
//! workspace folders, the analyses started), `initialized` (the server
//! named in the log, file watchers registered, settings asked for) and
//! `workspace/didChangeConfiguration`.
//!
//! These talk to the client, so they get it with the state and the
//! scheduler, never the server itself.

use crate::capabilities;
use crate::from_proto::Encoding;
use crate::project;
use crate::scheduler::Scheduler;
use crate::state::{Project, Settings, Shared};
use crate::stdlib;
use kader::Taal;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    ClientCapabilities, ConfigurationItem, DidChangeConfigurationParams,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, Registration, ServerInfo,
};
use tower_lsp::Client;

/// The server's version with the hash of its embedded stdlib.
fn version() -> String {
    kader::stdlib::describe_version(env!("CARGO_PKG_VERSION"))
}

pub async fn initialize(
    client: &Client,
    state: &Shared,
    scheduler: &Arc<Scheduler>,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let settings = params
        .initialization_options
        .as_ref()
        .map(Settings::from_json)
        .unwrap_or_default();
    let encoding = Encoding::negotiate(&params.capabilities);
    let cache = settings
        .stdlib_dir
        .clone()
        .unwrap_or_else(stdlib::default_cache_dir);
    let stdlib_dir = stdlib::materialise(&cache);
    if let Err(e) = &stdlib_dir {
        client
            .log_message(
                MessageType::WARNING,
                format!(
                    "de standaardbibliotheek kon niet in {} worden gezet / the stdlib could not be written to {}: {e}",
                    cache.display(),
                    cache.display()
                ),
            )
            .await;
    }

    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    #[allow(deprecated)]
    if folders.is_empty() {
        if let Some(path) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
            folders.push(path);
        }
    }
    let mut roots: Vec<PathBuf> = folders.iter().flat_map(|f| project::roots_of(f)).collect();
    roots.sort();
    roots.dedup();
    let load_options = settings.load_options();
    let projects: Vec<Project> = roots
        .iter()
        .map(|r| Project::load(r, load_options))
        .collect();

    {
        let mut state = state.lock();
        state.encoding = encoding;
        state.taal = settings.taal;
        state.stdlib_dir = stdlib_dir.ok();
        state.load_options = load_options;
        state.projects = projects;
        let ws = params.capabilities.workspace.as_ref();
        state.configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
        state.watch_registration = ws
            .and_then(|w| w.did_change_watched_files)
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        state.pull = pulls(&params.capabilities);
        state.show_references = settings.show_references.clone();
        state.refresh = ws
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
    }
    scheduler.start();

    Ok(InitializeResult {
        capabilities: capabilities::server(encoding, pulls(&params.capabilities)),
        server_info: Some(ServerInfo {
            name: "kader-lsp".to_string(),
            version: Some(version()),
        }),
    })
}

/// Whether a client pulls diagnostics: it announces
/// `textDocument.diagnostic` (VS Code's client does, Neovim from 0.10
/// does; Neovim before it does not and gets them pushed).
fn pulls(capabilities: &ClientCapabilities) -> bool {
    capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some())
}

pub async fn initialized(client: &Client, state: &Shared, scheduler: &Scheduler) {
    // Which server runs, from where, with which law texts and rules:
    // the first thing to know when a finding looks wrong.
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|e| format!("? ({e})"));
    client
        .log_message(
            MessageType::INFO,
            format!("kader-lsp {} — {exe}", version()),
        )
        .await;
    let watch = state.lock().watch_registration;
    if watch {
        let watchers = ["**/*.kader", "**/kader.toml"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "kader-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let _ = client.register_capability(vec![registration]).await;
    }
    announce_left_out(client, state).await;
    read_configuration(client, state, scheduler).await;
}

/// Settings that name the language or the size limit are taken as they
/// come; otherwise the server asks for its section.
pub async fn did_change_configuration(
    client: &Client,
    state: &Shared,
    scheduler: &Scheduler,
    params: DidChangeConfigurationParams,
) {
    let settings = Settings::from_json(&params.settings);
    if settings.taal_given || settings.max_file_size.is_some() {
        apply(state, scheduler, &settings);
    } else {
        read_configuration(client, state, scheduler).await;
    }
}

/// Takes the output language and the size limit (`maxFileSize`) from
/// settings that name them, and analyses again if either changed. The
/// other settings are read at start only.
fn apply(state: &Shared, scheduler: &Scheduler, settings: &Settings) {
    let changed = {
        let mut state = state.lock();
        let taal = state.set_taal(settings);
        let limit = settings
            .max_file_size
            .is_some_and(|limit| state.set_max_file_size(limit));
        taal || limit
    };
    if changed {
        scheduler.kick();
        // The same findings read in the other language: a client that
        // pulls must pull them again (a pusher gets them published).
        scheduler.refresh();
    }
}

/// Tells the user, once per repository, that files were left out because
/// the repository has more than the file limit: a warning on screen and a
/// line in the log, in the editor's language (both languages when it names
/// none).
pub async fn announce_left_out(client: &Client, state: &Shared) {
    let (left_out, taal) = {
        let mut state = state.lock();
        (state.take_left_out(), state.taal)
    };
    for (root, read, left) in left_out {
        let message = left_out_message(&root, read, left, taal);
        client
            .log_message(MessageType::WARNING, message.clone())
            .await;
        client.show_message(MessageType::WARNING, message).await;
    }
}

/// The message for a repository at `root` of which `read` files are served
/// and `left` were left out.
fn left_out_message(
    root: &std::path::Path,
    read: usize,
    left: usize,
    taal: Option<Taal>,
) -> String {
    let root = root.display();
    let total = read + left;
    let nl = format!(
        "De repository `{root}` heeft {total} kader-bestanden; kader leest er {read} (de eerste op pad) en liet {left} weg, die niet gecontroleerd worden. Met de instelling `kader.maxFiles` verhoogt u die grens."
    );
    let en = format!(
        "The repository `{root}` has {total} kader files; kader reads {read} of them (the first by path) and left out {left}, which are not checked. The setting `kader.maxFiles` raises that limit."
    );
    match taal {
        Some(Taal::Nl) => nl,
        Some(Taal::En) => en,
        None => format!("{nl} / {en}"),
    }
}

/// Asks the client for the `kader` section of its settings, if it answers
/// such requests.
async fn read_configuration(client: &Client, state: &Shared, scheduler: &Scheduler) {
    let configuration = state.lock().configuration;
    if !configuration {
        return;
    }
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("kader".to_string()),
    }];
    if let Ok(values) = client.configuration(items).await {
        if let Some(v) = values.first() {
            apply(state, scheduler, &Settings::from_json(v));
        }
    }
}
