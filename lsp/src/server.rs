//! The language server: the protocol's lifecycle, documents, settings and
//! the analysis worker.
//!
//! Document notifications change the [`State`] under one lock and return
//! before they await anything, so changes are applied in the order they
//! arrive even though tower-lsp runs several handlers at once; with full
//! text sync and the version check on every change, a late older change can
//! never overwrite a newer text. Analysis runs on one worker task: it takes
//! the texts of a project under the lock, analyses them on a blocking
//! thread, and installs and publishes the result only if no change arrived
//! meanwhile (the project's generation is unchanged). A request waits a
//! short while for the analysis of the latest text, then answers from it.
//! In a large repository an edit does not wait for the whole repository: a
//! second worker analyses the edited file with only its context (the files
//! that define what policies use) and publishes its diagnostics at once;
//! the full analysis starts after a pause in typing and has the last word.
//! Every handler runs its work inside [`guard`]: a panic in a request
//! becomes an error answer, a panic in a notification a logged message,
//! and the server keeps serving.

use crate::from_proto::Encoding;
use crate::project::{self, Watched};
use crate::stdlib;
use crate::to_proto;
use crate::workspace::{self, Doc, Project, Published, Snapshot};
use kader::{FileId, FileKind, Taal};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tower_lsp::jsonrpc::{self, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService};

/// How long a request waits for the analysis of the latest text.
const FRESHNESS_WAIT: Duration = Duration::from_secs(5);

/// The server's shared state.
#[derive(Default)]
pub struct State {
    pub encoding: Encoding,
    /// `kader.taal` from the editor's settings; overrides `kader.toml`.
    pub taal: Option<Taal>,
    pub projects: Vec<Project>,
    /// Whether the client answers `workspace/configuration`.
    pub configuration: bool,
    /// Whether the client lets the server register file watchers.
    pub watch_registration: bool,
    /// The folder with read-only copies of the stdlib files.
    pub stdlib_dir: Option<PathBuf>,
}

impl State {
    pub fn is_stdlib(&self, uri: &Url) -> bool {
        stdlib::is_stdlib(uri, self.stdlib_dir.as_deref())
    }
}

pub struct Inner {
    pub client: Client,
    state: Mutex<State>,
    /// Wakes the analysis worker.
    work: Notify,
    /// Wakes the quick-analysis worker.
    quick: Notify,
    /// Held while diagnostics are compared with what was published and
    /// sent, so a quick and a full result for the same text cannot cross.
    publishing: tokio::sync::Mutex<()>,
    /// Wakes requests waiting for an analysis.
    analysed: Notify,
}

impl Inner {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The tower-lsp service.
#[derive(Clone)]
pub struct Backend {
    pub inner: Arc<Inner>,
}

/// Builds the service for a transport (stdio, or a test's duplex stream).
pub fn service() -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let builder = LspService::build(|client| Backend {
        inner: Arc::new(Inner {
            client,
            state: Mutex::new(State::default()),
            work: Notify::new(),
            quick: Notify::new(),
            publishing: tokio::sync::Mutex::new(()),
            analysed: Notify::new(),
        }),
    });
    #[cfg(feature = "faults")]
    let builder = builder.custom_method("kader/paniek", Backend::paniek);
    builder.finish()
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

/// The editor settings the server reads.
#[derive(Debug, Default, PartialEq)]
pub struct Settings {
    pub taal: Option<Taal>,
    /// Whether the settings name `taal` at all: an empty `taal` (VS Code's
    /// default) means "follow kader.toml", a missing one says nothing.
    pub taal_given: bool,
    pub stdlib_dir: Option<PathBuf>,
}

impl Settings {
    /// Reads `{"taal": "en"}`, `{"kader.taal": "en"}` or
    /// `{"kader": {"taal": "en"}}`.
    pub fn from_json(value: &Value) -> Settings {
        let section = value.get("kader").unwrap_or(value);
        let given = section.get("taal").or_else(|| value.get("kader.taal"));
        let taal = given.and_then(Value::as_str).and_then(Taal::parse);
        let stdlib_dir = section
            .get("stdlibDir")
            .and_then(Value::as_str)
            .map(PathBuf::from);
        Settings {
            taal,
            taal_given: given.is_some(),
            stdlib_dir,
        }
    }
}

impl Backend {
    /// A request whose handler panics (feature `faults`, for tests).
    #[cfg(feature = "faults")]
    #[allow(clippy::panic)]
    async fn paniek(&self) -> Result<()> {
        guard(|| panic!("opzettelijke fout / deliberate fault"))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.lock()
    }

    fn kick(&self) {
        self.inner.quick.notify_one();
        self.inner.work.notify_one();
    }

    /// The project a file belongs to, made if need be.
    fn project_for(state: &mut State, uri: &Url) -> usize {
        if let Some(i) = state
            .projects
            .iter()
            .position(|p| p.files.contains_key(uri) || p.is_config(uri))
        {
            return i;
        }
        let best = state
            .projects
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(uri))
            .max_by_key(|(_, p)| p.root.as_ref().map(|r| r.as_os_str().len()))
            .map(|(i, _)| i);
        if let Some(i) = best {
            return i;
        }
        if let Some(root) = uri.to_file_path().ok().and_then(|p| project::find_root(&p)) {
            state.projects.push(Project::load(&root));
            return state.projects.len() - 1;
        }
        if let Some(i) = state.projects.iter().position(|p| p.root.is_none()) {
            return i;
        }
        state.projects.push(Project::new(None));
        state.projects.len() - 1
    }

    /// Sets the text of a file, unless the change is older than what the
    /// server has. Returns whether anything changed.
    fn set_text(&self, uri: &Url, text: String, version: Option<i32>, open: bool) -> bool {
        let mut state = self.state();
        if state.is_stdlib(uri) {
            return false;
        }
        let i = Self::project_for(&mut state, uri);
        let Some(project) = state.projects.get_mut(i) else {
            return false;
        };
        let is_config = project.is_config(uri);
        let slot = if is_config {
            project.config.as_mut().map(|(_, d)| d)
        } else {
            project.files.get_mut(uri)
        };
        if let Some(doc) = slot {
            // A link that leads outside the repository stays unread, also
            // when the editor or the disk offers its text.
            if doc.outside.is_some() {
                return false;
            }
            if let (Some(have), Some(new)) = (doc.version, version) {
                if doc.open && new <= have {
                    return false;
                }
            }
            if doc.text == text && doc.open == open {
                // The same text under a newer version (an edit that restores
                // it, or a change that changes nothing) still needs its
                // diagnostics published for that version: a client may wait
                // for them. The analysis reuses every parse tree.
                let newer = version.is_some() && version != doc.version;
                doc.version = version.or(doc.version);
                if newer {
                    project.touch();
                }
                return newer;
            }
            doc.text = text;
            doc.version = version;
            doc.open = open;
        } else {
            let doc = Doc {
                text,
                version,
                open,
                outside: None,
            };
            if is_config {
                project.config = Some((uri.clone(), doc));
            } else {
                project.files.insert(uri.clone(), doc);
            }
        }
        project.touch();
        project.edited(uri);
        true
    }

    /// Forgets a file (deleted on disk, or a closed file outside a
    /// repository).
    fn remove(&self, uri: &Url) {
        let mut state = self.state();
        for project in &mut state.projects {
            if project.files.remove(uri).is_some() {
                project.touch();
            } else if project.is_config(uri) && project.config.is_some() {
                project.config = None;
                project.touch();
            }
        }
    }

    /// Re-analyses every project (settings changed).
    fn touch_all(&self) {
        let mut state = self.state();
        for p in &mut state.projects {
            p.touch();
        }
    }

    /// Waits for the analysis of the latest text of the project holding
    /// `uri`, and returns it with the file's id in it.
    pub async fn snapshot(&self, uri: &Url) -> Option<(Arc<Snapshot>, FileId)> {
        let deadline = tokio::time::Instant::now() + FRESHNESS_WAIT;
        loop {
            let notified = self.inner.analysed.notified();
            {
                let state = self.state();
                if state.is_stdlib(uri) {
                    let snap = state.projects.iter().find_map(|p| p.snapshot.clone())?;
                    let file = snap.file_of(uri)?;
                    return Some((snap, file));
                }
                let project = state
                    .projects
                    .iter()
                    .find(|p| p.files.contains_key(uri) || p.is_config(uri))?;
                if let Some(snap) = &project.snapshot {
                    let fresh = snap.generation == project.generation;
                    if fresh || tokio::time::Instant::now() >= deadline {
                        let file = snap.file_of(uri)?;
                        return Some((snap.clone(), file));
                    }
                } else if tokio::time::Instant::now() >= deadline {
                    return None;
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    /// Any analysed project, for requests that are not about one file.
    pub fn snapshots(&self) -> Vec<Arc<Snapshot>> {
        self.state()
            .projects
            .iter()
            .filter_map(|p| p.snapshot.clone())
            .collect()
    }

    /// The output language for a project's analysis.
    pub fn taal(&self, snapshot: &Snapshot) -> Taal {
        self.state().taal.unwrap_or(snapshot.analysis.config.taal)
    }

    pub fn encoding(&self) -> Encoding {
        self.state().encoding
    }

    /// The analysis worker: analyses projects whose text changed, one at a
    /// time, and publishes what is still current.
    async fn worker(self) {
        loop {
            let (job, pause) = {
                let mut state = self.state();
                let dir = state.stdlib_dir.clone();
                let pause = state.projects.iter().filter_map(Project::pause_left).min();
                let job = state
                    .projects
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, p)| p.job(i, dir.as_deref()));
                (job, pause)
            };
            let Some(job) = job else {
                match pause {
                    // A project waits for a pause in typing: look again then.
                    Some(pause) => {
                        let _ = tokio::time::timeout(pause, self.inner.work.notified()).await;
                    }
                    None => self.inner.work.notified().await,
                }
                continue;
            };
            let project = job.project;
            match tokio::task::spawn_blocking(move || workspace::run(job)).await {
                Ok(snapshot) => self.install(project, snapshot).await,
                Err(e) => {
                    self.inner
                        .client
                        .log_message(
                            MessageType::ERROR,
                            format!("analyse mislukt / analysis failed: {e}"),
                        )
                        .await;
                }
            }
        }
    }

    /// The quick-analysis worker: in a large repository, analyses the file
    /// that was just edited in its context and publishes its diagnostics
    /// while the full analysis runs (see [`Project::quick_job`]).
    async fn quick_worker(self) {
        loop {
            let job = {
                let mut state = self.state();
                let dir = state.stdlib_dir.clone();
                state
                    .projects
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, p)| p.quick_job(i, dir.as_deref()))
            };
            let Some((uri, job)) = job else {
                self.inner.quick.notified().await;
                continue;
            };
            let project = job.project;
            if let Ok(snapshot) = tokio::task::spawn_blocking(move || workspace::run(job)).await {
                let snapshot = Arc::new(snapshot);
                self.publish_quick(project, &snapshot, uri).await;
                if let Some(p) = self.state().projects.get_mut(project) {
                    p.quick_snapshot = Some(snapshot);
                }
            }
        }
    }

    /// Publishes the diagnostics of the edited file from a quick analysis,
    /// unless a newer text arrived or the full analysis of this text is
    /// already in.
    async fn publish_quick(&self, project: usize, snap: &Snapshot, uri: Url) {
        let _publishing = self.inner.publishing.lock().await;
        let entry = {
            let mut state = self.state();
            let encoding = state.encoding;
            let setting = state.taal;
            let Some(p) = state.projects.get_mut(project) else {
                return;
            };
            let full_is_in = p
                .snapshot
                .as_ref()
                .is_some_and(|s| s.generation == snap.generation);
            if p.generation != snap.generation || full_is_in {
                return;
            }
            let Some(file) = snap.file_of(&uri) else {
                return;
            };
            let taal = setting.unwrap_or(snap.analysis.config.taal);
            let entry = published(snap, file, taal, encoding);
            if !p.record(&uri, &entry) {
                return;
            }
            entry
        };
        self.inner
            .client
            .publish_diagnostics(uri, entry.0, entry.1)
            .await;
    }

    /// Installs an analysis and publishes its diagnostics, unless a newer
    /// text arrived while it ran.
    async fn install(&self, project: usize, snapshot: Snapshot) {
        let (snap, cleared, taal, encoding) = {
            let mut state = self.state();
            let encoding = state.encoding;
            let setting = state.taal;
            let Some(p) = state.projects.get_mut(project) else {
                return;
            };
            if p.generation != snapshot.generation {
                return;
            }
            let snap = Arc::new(snapshot);
            p.snapshot = Some(snap.clone());
            // A set: with thousands of files a list search here is quadratic.
            let current: std::collections::HashSet<&Url> =
                own_files(&snap).map(|(_, u)| u).collect();
            let cleared: Vec<Url> = p
                .published
                .keys()
                .filter(|u| !current.contains(u))
                .cloned()
                .collect();
            for uri in &cleared {
                p.published.remove(uri);
            }
            let taal = setting.unwrap_or(snap.analysis.config.taal);
            (snap, cleared, taal, encoding)
        };
        self.inner.analysed.notify_waiters();
        // Converted before taking the publishing lock, so a quick analysis
        // does not wait while thousands of files are converted.
        let entries: Vec<(Url, Published)> = own_files(&snap)
            .map(|(file, uri)| (uri.clone(), published(&snap, file, taal, encoding)))
            .collect();
        let _publishing = self.inner.publishing.lock().await;
        for uri in cleared {
            self.inner
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
        for (uri, entry) in entries {
            {
                let mut state = self.state();
                let Some(p) = state.projects.get_mut(project) else {
                    return;
                };
                // A newer text arrived: its analysis will publish.
                if p.generation != snap.generation {
                    return;
                }
                if !p.record(&uri, &entry) {
                    continue;
                }
            }
            self.inner
                .client
                .publish_diagnostics(uri, entry.0, entry.1)
                .await;
        }
    }

    /// Adds the repositories of new workspace folders and forgets those of
    /// removed ones. Returns the files whose diagnostics must be cleared.
    fn on_folders(&self, params: DidChangeWorkspaceFoldersParams) -> Vec<Url> {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .flat_map(|f| project::roots_of(&f))
            .collect();
        let mut state = self.state();
        let mut cleared = Vec::new();
        state.projects.retain(|p| {
            let gone = p
                .root
                .as_ref()
                .is_some_and(|r| removed.iter().any(|f| r.starts_with(f)));
            if gone {
                cleared.extend(p.published.keys().cloned());
            }
            !gone
        });
        for root in added {
            if !state
                .projects
                .iter()
                .any(|p| p.root.as_ref() == Some(&root))
            {
                state.projects.push(Project::load(&root));
            }
        }
        cleared
    }

    /// Runs the work of a notification, logging a panic instead of
    /// stopping the server.
    async fn notification(&self, f: impl FnOnce()) {
        if let Err(e) = guard(f) {
            self.inner
                .client
                .log_message(MessageType::ERROR, e.message)
                .await;
        }
    }

    fn on_did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        if self.set_text(&d.uri, d.text, Some(d.version), true) {
            self.kick();
        }
    }

    fn on_did_change(&self, params: DidChangeTextDocumentParams) {
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().last() else {
            return;
        };
        let d = params.text_document;
        if self.set_text(&d.uri, change.text, Some(d.version), true) {
            self.kick();
        }
    }

    fn on_did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let on_disk = project::read_closed(&uri);
        let in_repository = {
            let state = self.state();
            state
                .projects
                .iter()
                .any(|p| p.root.is_some() && (p.files.contains_key(&uri) || p.is_config(&uri)))
        };
        match on_disk {
            Some(text) if in_repository => {
                self.set_text(&uri, text, None, false);
            }
            _ => self.remove(&uri),
        }
        self.kick();
    }

    fn on_did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            let uri = change.uri;
            if self.state().is_stdlib(&uri) {
                continue;
            }
            let Ok(path) = uri.to_file_path() else {
                continue;
            };
            let watched = project::watched(&path);
            if watched == Watched::Other {
                continue;
            }
            if change.typ == FileChangeType::DELETED {
                self.remove(&uri);
                continue;
            }
            if watched == Watched::Config {
                let root = path.parent().map(std::path::Path::to_path_buf);
                let mut state = self.state();
                let known = state.projects.iter().any(|p| p.root == root);
                if !known {
                    if let Some(root) = root {
                        state.projects.push(Project::load(&root));
                    }
                    continue;
                }
            }
            let open = {
                let state = self.state();
                state.projects.iter().any(|p| {
                    p.files.get(&uri).is_some_and(|d| d.open)
                        || p.config.as_ref().is_some_and(|(u, d)| *u == uri && d.open)
                })
            };
            if open {
                continue;
            }
            let root = {
                let state = self.state();
                state
                    .projects
                    .iter()
                    .filter(|p| p.contains(&uri))
                    .filter_map(|p| p.root.clone())
                    .max_by_key(|r| r.as_os_str().len())
            };
            if let Some(text) = project::read_changed(&path, root.as_deref()) {
                self.set_text(&uri, text, None, false);
            }
        }
        self.kick();
    }

    /// Takes the output language from settings that name it; an empty one
    /// goes back to `kader.toml`'s. Re-analyses if it changed.
    fn set_taal(&self, settings: &Settings) {
        if !settings.taal_given {
            return;
        }
        let changed = {
            let mut state = self.state();
            let changed = state.taal != settings.taal;
            state.taal = settings.taal;
            changed
        };
        if changed {
            self.touch_all();
            self.kick();
        }
    }

    async fn read_configuration(&self) {
        if !self.state().configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("kader".to_string()),
        }];
        if let Ok(values) = self.inner.client.configuration(items).await {
            if let Some(v) = values.first() {
                self.set_taal(&Settings::from_json(v));
            }
        }
    }
}

/// What a file of a snapshot is given: its diagnostics, converted, and
/// the editor's version of the text they are for.
fn published(snap: &Snapshot, file: FileId, taal: Taal, encoding: Encoding) -> Published {
    let list = to_proto::diagnostics(snap, file, taal, encoding);
    let version = snap.versions.get(file.index()).copied().flatten();
    (list, version)
}

/// The repository's own files of a snapshot (not the stdlib) with their
/// addresses.
fn own_files(snap: &Snapshot) -> impl Iterator<Item = (FileId, &Url)> {
    snap.analysis
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Stdlib)
        .filter_map(|f| snap.uri(f.id).map(|u| (f.id, u)))
}

/// The server's version with the hash of its embedded stdlib.
fn version() -> String {
    kader::stdlib::describe_version(env!("CARGO_PKG_VERSION"))
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
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
            self.inner
                .client
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
        let projects: Vec<Project> = roots.iter().map(|r| Project::load(r)).collect();

        {
            let mut state = self.state();
            state.encoding = encoding;
            state.taal = settings.taal;
            state.stdlib_dir = stdlib_dir.ok();
            state.projects = projects;
            let ws = params.capabilities.workspace.as_ref();
            state.configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
            state.watch_registration = ws
                .and_then(|w| w.did_change_watched_files)
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        tokio::spawn(self.clone().worker());
        tokio::spawn(self.clone().quick_worker());
        self.kick();

        Ok(InitializeResult {
            capabilities: crate::features::capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "kader-lsp".to_string(),
                version: Some(version()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Which server runs, from where, with which law texts and rules:
        // the first thing to know when a finding looks wrong.
        let exe = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| format!("? ({e})"));
        self.inner
            .client
            .log_message(
                MessageType::INFO,
                format!("kader-lsp {} — {exe}", version()),
            )
            .await;
        if self.state().watch_registration {
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
            let _ = self
                .inner
                .client
                .register_capability(vec![registration])
                .await;
        }
        self.read_configuration().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.notification(|| self.on_did_open(params)).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.notification(|| self.on_did_change(params)).await;
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // The buffer is already known; saving changes nothing to analyse.
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.notification(|| self.on_did_close(params)).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.notification(|| self.on_did_change_watched_files(params))
            .await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let cleared = match guard(|| self.on_folders(params)) {
            Ok(cleared) => cleared,
            Err(e) => {
                self.inner
                    .client
                    .log_message(MessageType::ERROR, e.message)
                    .await;
                Vec::new()
            }
        };
        for uri in cleared {
            self.inner
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
        self.kick();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = Settings::from_json(&params.settings);
        if settings.taal_given {
            self.set_taal(&settings);
        } else {
            self.read_configuration().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        crate::features::hover(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        crate::features::completion(self, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        crate::features::definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        crate::features::references(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        crate::features::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        crate::features::rename(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        crate::features::document_symbols(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        crate::features::workspace_symbols(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        crate::features::code_actions(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        crate::features::semantic_tokens(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        crate::features::folding_ranges(self, params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        crate::features::formatting(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        crate::features::inlay_hints(self, params).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_in_three_shapes() {
        let en = Some(Taal::En);
        assert_eq!(
            Settings::from_json(&serde_json::json!({"taal": "en"})).taal,
            en
        );
        assert_eq!(
            Settings::from_json(&serde_json::json!({"kader.taal": "en"})).taal,
            en
        );
        assert_eq!(
            Settings::from_json(&serde_json::json!({"kader": {"taal": "en"}})).taal,
            en
        );
        assert_eq!(
            Settings::from_json(&serde_json::json!({"taal": "fr"})).taal,
            None
        );
        // An empty setting names the language (go back to kader.toml's); a
        // missing one does not.
        let empty = Settings::from_json(&serde_json::json!({"kader": {"taal": ""}}));
        assert_eq!((empty.taal, empty.taal_given), (None, true));
        let missing = Settings::from_json(&serde_json::json!({"kader": {}}));
        assert_eq!((missing.taal, missing.taal_given), (None, false));
    }

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
