//! When analyses run and what they publish.
//!
//! Two workers analyse. The full one takes the texts of a project under the
//! lock, analyses the whole repository on a blocking thread, and installs
//! and publishes the result only if no change arrived meanwhile (the
//! project's generation is unchanged): results for an older text are never
//! published. In a repository of [`QUICK_FROM`] files or more an edit does
//! not wait for the whole repository: the quick worker analyses the edited
//! file with only its context (the files that define what policies use) and
//! publishes its diagnostics at once; the full analysis starts after a
//! [`PAUSE`] in typing and has the last word. Both publish under one lock,
//! so their results for the same text cannot cross. Every change that gets
//! a new version (also one that restores an earlier text) makes a new
//! generation, so its version gets its diagnostics published.
//!
//! A request waits a short while ([`FRESHNESS_WAIT`]) for the analysis of
//! the latest text, then answers from it ([`Scheduler::snapshot`]); hover
//! and completion also take the quick analysis of the latest text
//! ([`Scheduler::snapshot_while_typing`]).

use crate::from_proto::Encoding;
use crate::project;
use crate::state::{Doc, Given, Project, Published, Shared, Snapshot};
use crate::stdlib;
use crate::to_proto;
use kader::{FileId, FileKind, Source, Taal};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tower_lsp::lsp_types::{MessageType, Url};
use tower_lsp::Client;

pub use crate::state::QUICK_FROM;

/// How long typing must pause before a large repository is analysed in
/// full; until then the quick analyses keep the edited file's diagnostics
/// current.
pub const PAUSE: Duration = Duration::from_millis(200);

/// How many files' diagnostics are converted at a time before they are
/// published.
const PUBLISH_BATCH: usize = 256;

/// How long a request waits for the analysis of the latest text.
const FRESHNESS_WAIT: Duration = Duration::from_secs(5);

/// What a worker needs to analyse a project, taken under the lock and
/// analysed outside it.
pub struct Job {
    pub project: usize,
    pub generation: u64,
    pub sources: Vec<Source>,
    pub config: Option<Source>,
    pub uris: Vec<Option<Url>>,
    pub versions: Vec<Option<i32>>,
    /// The latest analysis: files whose text did not change keep its parse
    /// trees.
    pub previous: Option<Arc<Snapshot>>,
    /// The sources that stand for links outside the repository (path, and
    /// whether the link is to a folder): they get K0404.
    pub outside: Vec<(String, bool)>,
    /// The `[pakketten] paden` entries outside the repository: K0405.
    pub refused: Vec<kader::config::Setting<String>>,
    /// The sources over the size limit (path, and size in bytes), analysed
    /// as empty: they get K0406.
    pub too_large: Vec<(String, u64)>,
    /// The size limit in bytes.
    pub limit: u64,
}

/// How long the full analysis of `project` must still wait for a pause in
/// typing.
pub fn pause_left(project: &Project) -> Option<Duration> {
    let left = PAUSE.checked_sub(project.edited_at?.elapsed())?;
    (!left.is_zero()).then_some(left)
}

/// The quick analysis of the latest edit, if one is due: the edited file
/// with only its context (the stdlib, `kader.toml` and the files that hold
/// anything other than policies, as the last analysis found them), so its
/// diagnostics do not wait for the whole repository. The full analysis
/// still follows and has the last word.
pub fn quick_job(project: &mut Project, index: usize, stdlib: Option<&Path>) -> Option<(Url, Job)> {
    let uri = project.quick.take()?;
    let previous = project.snapshot.clone()?;
    let edited = project.files.get_key_value(&uri)?;
    if may_hold_tests(&edited.1.text) {
        return None;
    }
    let context = previous
        .context
        .iter()
        .filter(|u| **u != uri)
        .filter_map(|u| project.files.get_key_value(u));
    let files = std::iter::once(edited).chain(context);
    let reuse = project.quick_snapshot.clone().unwrap_or(previous.clone());
    let job = make_job(project, index, stdlib, files, Some(reuse));
    Some((uri, job))
}

/// Whether `text` may hold a `toets`: a test is checked against the policy
/// it names, which the quick analysis leaves out, so a file with tests
/// waits for the full analysis (a line that merely starts with the word
/// only costs that wait).
fn may_hold_tests(text: &str) -> bool {
    let Some(&(nl, en)) = kader::ast::TOETS_WORDS.first() else {
        return false;
    };
    text.lines().any(|line| {
        let line = line.trim_start();
        [nl, en].iter().any(|word| {
            line.strip_prefix(word)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace))
        })
    })
}

/// The work for the full analysis, if the latest text has not been
/// analysed or started yet and typing paused.
pub fn full_job(project: &mut Project, index: usize, stdlib: Option<&Path>) -> Option<Job> {
    let done = project
        .snapshot
        .as_ref()
        .is_some_and(|s| s.generation == project.generation);
    if done || project.started == Some(project.generation) || pause_left(project).is_some() {
        return None;
    }
    project.started = Some(project.generation);
    Some(make_job(
        project,
        index,
        stdlib,
        project.files.iter(),
        project.snapshot.clone(),
    ))
}

/// A job for `files` (with the stdlib and `kader.toml`) at the project's
/// current generation.
fn make_job<'a>(
    project: &Project,
    index: usize,
    stdlib: Option<&Path>,
    files: impl Iterator<Item = (&'a Url, &'a Doc)>,
    previous: Option<Arc<Snapshot>>,
) -> Job {
    let root = project.root.as_deref();
    let limit = project.options.max_file_size;
    let mut sources = Vec::new();
    let mut uris: Vec<Option<Url>> = stdlib::uris(stdlib);
    let mut versions = vec![None; uris.len()];
    let mut outside = Vec::new();
    let mut too_large = Vec::new();
    // A text over the size limit is analysed as empty (and never copied).
    let mut text = |path: &str, doc: &Doc| {
        if doc.over(limit) {
            too_large.push((path.to_string(), doc.size()));
            Arc::from("")
        } else {
            doc.text.clone()
        }
    };
    for (uri, doc) in files {
        let path = project::source_path(root, uri);
        if let Some(folder) = doc.outside {
            outside.push((path.clone(), folder));
        }
        let text = text(&path, doc);
        sources.push(Source::new(path, text));
        uris.push(Some(uri.clone()));
        versions.push(doc.version);
    }
    let mut refused = Vec::new();
    let config = project.config.as_ref().map(|(uri, doc)| {
        uris.push(Some(uri.clone()));
        versions.push(doc.version);
        if let Some(folder) = doc.outside {
            outside.push((project::CONFIG_FILE.to_string(), folder));
        }
        let text = text(project::CONFIG_FILE, doc);
        if let Some(root) = root {
            refused = project::refused_packs(root, &text, project.options);
        }
        Source::new(project::CONFIG_FILE, text)
    });
    Job {
        project: index,
        generation: project.generation,
        sources,
        config,
        uris,
        versions,
        previous,
        outside,
        refused,
        too_large,
        limit: limit.unwrap_or(u64::MAX),
    }
}

/// What a request about a document can be answered from now.
enum Ready {
    Now(Arc<Snapshot>, FileId),
    /// Nothing will do: the document is not in the analysis, or the wait
    /// is over and only the analysis of an older text is in.
    Never,
    Wait,
}

/// Whether a request about `uri` in `project` can be answered now, and
/// from what: the analysis of the latest text; with `quick_ok` also the
/// quick analysis of it (hover and completion while typing); once `late`,
/// with `stale_ok` the last analysis there is.
fn ready(project: &Project, uri: &Url, stale_ok: bool, quick_ok: bool, late: bool) -> Ready {
    let latest = |s: &Arc<Snapshot>| s.generation == project.generation;
    if let Some(quick) = project
        .quick_snapshot
        .as_ref()
        .filter(|q| quick_ok && latest(q))
    {
        if let Some(file) = quick.file_of(uri) {
            return Ready::Now(quick.clone(), file);
        }
    }
    match &project.snapshot {
        Some(snap) if latest(snap) || (late && stale_ok) => match snap.file_of(uri) {
            Some(file) => Ready::Now(snap.clone(), file),
            None => Ready::Never,
        },
        _ if late => Ready::Never,
        _ => Ready::Wait,
    }
}

/// Runs one job. Pure: no lock, no I/O.
pub fn run(job: Job) -> Snapshot {
    let previous = job.previous.as_ref().map(|s| &s.analysis);
    let mut analysis = kader::analyse_reusing(&job.sources, job.config.as_ref(), previous);
    drop(job.previous);
    project::add_findings(
        &mut analysis,
        &job.outside,
        &job.too_large,
        job.limit,
        &job.refused,
    );
    let context = analysis
        .context_files()
        .filter_map(|file| job.uris.get(file.id.index()).cloned().flatten())
        .collect();
    Snapshot::new(analysis, job.generation, job.uris, job.versions, context)
}

/// What a file of a snapshot is given: its diagnostics, converted, and
/// the editor's version of the text they are for.
pub fn published(snap: &Snapshot, file: FileId, taal: Taal, encoding: Encoding) -> Published {
    let mut list = to_proto::diagnostics(snap, file, taal, encoding);
    list.extend(snap.test_diagnostics(file));
    let version = snap.versions.get(file.index()).copied().flatten();
    (list, version)
}

/// The repository's own files of a snapshot (not the stdlib) with their
/// addresses.
pub fn own_files(snap: &Snapshot) -> impl Iterator<Item = (FileId, &Url)> {
    snap.analysis
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Stdlib)
        .filter_map(|f| snap.uri(f.id).map(|u| (f.id, u)))
}

/// The two analysis workers and what they share.
pub struct Scheduler {
    client: Client,
    state: Arc<Shared>,
    /// Wakes the full-analysis worker.
    full: Notify,
    /// Wakes the quick-analysis worker.
    quick: Notify,
    /// Held while diagnostics are compared with what was published and
    /// sent, so a quick and a full result for the same text cannot cross.
    publishing: tokio::sync::Mutex<()>,
    /// Wakes requests waiting for an analysis.
    analysed: Notify,
}

impl Scheduler {
    pub fn new(client: Client, state: Arc<Shared>) -> Arc<Scheduler> {
        Arc::new(Scheduler {
            client,
            state,
            full: Notify::new(),
            quick: Notify::new(),
            publishing: tokio::sync::Mutex::new(()),
            analysed: Notify::new(),
        })
    }

    /// Starts both workers and has them look for work.
    pub fn start(self: &Arc<Self>) {
        tokio::spawn(self.clone().full_worker());
        tokio::spawn(self.clone().quick_worker());
        self.kick();
    }

    /// Tells both workers that texts or settings changed.
    pub fn kick(&self) {
        self.quick.notify_one();
        self.full.notify_one();
    }

    /// Waits for the analysis of the latest text of the project holding
    /// `uri`, at most [`FRESHNESS_WAIT`], and returns it with the file's id
    /// in it.
    pub async fn snapshot(&self, uri: &Url) -> Option<(Arc<Snapshot>, FileId)> {
        self.snapshot_of(uri, true, false).await
    }

    /// As [`Scheduler::snapshot`], but the quick analysis of the latest
    /// text will do (the edited file with the stdlib and the files that
    /// define what policies use, see [`quick_job`]): what hover and
    /// completion answer from while someone types, instead of waiting for
    /// the pause and the full analysis. Not for requests that need every
    /// file (references, rename).
    pub async fn snapshot_while_typing(&self, uri: &Url) -> Option<(Arc<Snapshot>, FileId)> {
        self.snapshot_of(uri, true, true).await
    }

    /// As [`Scheduler::snapshot`], but only the analysis of the latest
    /// text: `None` when it is not in within [`FRESHNESS_WAIT`]. What a
    /// client pulls is never for an older text.
    pub async fn fresh_snapshot(&self, uri: &Url) -> Option<(Arc<Snapshot>, FileId)> {
        self.snapshot_of(uri, false, false).await
    }

    async fn snapshot_of(
        &self,
        uri: &Url,
        stale_ok: bool,
        quick_ok: bool,
    ) -> Option<(Arc<Snapshot>, FileId)> {
        let deadline = tokio::time::Instant::now() + FRESHNESS_WAIT;
        loop {
            let notified = self.analysed.notified();
            {
                let state = self.state.lock();
                if state.is_stdlib(uri) {
                    let snap = state.projects.iter().find_map(|p| p.snapshot.clone())?;
                    let file = snap.file_of(uri)?;
                    return Some((snap, file));
                }
                let project = state.holding(uri)?;
                let late = tokio::time::Instant::now() >= deadline;
                match ready(project, uri, stale_ok, quick_ok, late) {
                    Ready::Now(snap, file) => return Some((snap, file)),
                    Ready::Never => return None,
                    Ready::Wait => {}
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    /// Waits for the analyses of the latest texts of every project, at
    /// most [`FRESHNESS_WAIT`], and returns those that are in, each with its
    /// output language. A project still being analysed then is left out:
    /// what a client pulls is never for an older text.
    pub async fn fresh_snapshots(&self) -> Vec<(Arc<Snapshot>, Taal)> {
        let deadline = tokio::time::Instant::now() + FRESHNESS_WAIT;
        loop {
            let notified = self.analysed.notified();
            {
                let state = self.state.lock();
                let fresh = |p: &&Project| {
                    p.snapshot
                        .as_ref()
                        .is_some_and(|s| s.generation == p.generation)
                };
                let all = state.projects.iter().all(|p| fresh(&p));
                if all || tokio::time::Instant::now() >= deadline {
                    return state
                        .projects
                        .iter()
                        .filter(fresh)
                        .filter_map(|p| p.snapshot.clone())
                        .map(|s| {
                            let taal = state.taal(&s);
                            (s, taal)
                        })
                        .collect();
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    /// Whether the client pulls diagnostics: then nothing is pushed.
    fn pulled(&self) -> bool {
        self.state.lock().pull
    }

    /// Asks a client that pulls diagnostics to pull them again, if it takes
    /// such a request. Not awaited: the analyses do not wait for the client.
    pub fn refresh(&self) {
        let refresh = {
            let state = self.state.lock();
            state.pull && state.refresh
        };
        if refresh {
            let client = self.client.clone();
            tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
        }
    }

    /// Clears the diagnostics of files the server no longer serves (a
    /// client that pulls is asked to pull again).
    pub async fn clear(&self, uris: Vec<Url>) {
        if self.pulled() {
            if !uris.is_empty() {
                self.refresh();
            }
            return;
        }
        for uri in uris {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    /// The full-analysis worker: analyses projects whose text changed, one
    /// at a time, and publishes what is still current.
    async fn full_worker(self: Arc<Self>) {
        loop {
            let (job, pause) = {
                let mut state = self.state.lock();
                let dir = state.stdlib_dir.clone();
                let pause = state.projects.iter().filter_map(pause_left).min();
                let job = state
                    .projects
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, p)| full_job(p, i, dir.as_deref()));
                (job, pause)
            };
            let Some(job) = job else {
                match pause {
                    // A project waits for a pause in typing: look again then.
                    Some(pause) => {
                        let _ = tokio::time::timeout(pause, self.full.notified()).await;
                    }
                    None => self.full.notified().await,
                }
                continue;
            };
            let project = job.project;
            match tokio::task::spawn_blocking(move || run(job)).await {
                Ok(snapshot) => self.install(project, snapshot).await,
                Err(e) => {
                    self.client
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
    /// while the full analysis runs (see [`quick_job`]).
    async fn quick_worker(self: Arc<Self>) {
        loop {
            let job = {
                let mut state = self.state.lock();
                let dir = state.stdlib_dir.clone();
                state
                    .projects
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, p)| quick_job(p, i, dir.as_deref()))
            };
            let Some((uri, job)) = job else {
                self.quick.notified().await;
                continue;
            };
            let project = job.project;
            if let Ok(snapshot) = tokio::task::spawn_blocking(move || run(job)).await {
                let snapshot = Arc::new(snapshot);
                self.publish_quick(project, &snapshot, uri).await;
                if let Some(p) = self.state.lock().projects.get_mut(project) {
                    p.quick_snapshot = Some(snapshot);
                }
                // Hover and completion may be waiting for it.
                self.analysed.notify_waiters();
            }
        }
    }

    /// Publishes the diagnostics of the edited file from a quick analysis,
    /// unless a newer text arrived or the full analysis of this text is
    /// already in.
    async fn publish_quick(&self, project: usize, snap: &Snapshot, uri: Url) {
        if self.pulled() {
            return;
        }
        let Some(file) = snap.file_of(&uri) else {
            return;
        };
        self.publish_file(snap, file, uri, |i, p| {
            let full_is_in = p
                .snapshot
                .as_ref()
                .is_some_and(|s| s.generation == snap.generation);
            i == project && p.generation == snap.generation && !full_is_in
        })
        .await;
    }

    /// Publishes the diagnostics of `file` again after tests ran on `snap`
    /// (their results are in it), unless a newer text arrived; a client
    /// that pulls is asked to pull again.
    pub async fn republish(&self, snap: &Arc<Snapshot>, file: FileId) {
        if self.pulled() {
            self.refresh();
            return;
        }
        let Some(uri) = snap.uri(file).cloned() else {
            return;
        };
        self.publish_file(snap, file, uri, |_, p| {
            p.generation == snap.generation
                && p.snapshot.as_ref().is_some_and(|s| Arc::ptr_eq(s, snap))
        })
        .await;
    }

    /// Publishes the diagnostics of `file` of `snap` at `uri`, if the
    /// project `current` accepts (by index) is there and they changed.
    async fn publish_file(
        &self,
        snap: &Snapshot,
        file: FileId,
        uri: Url,
        current: impl Fn(usize, &Project) -> bool,
    ) {
        let _publishing = self.publishing.lock().await;
        // Converted outside the state's lock, as in `install`.
        let (taal, encoding) = {
            let state = self.state.lock();
            (state.taal(snap), state.encoding)
        };
        let entry = published(snap, file, taal, encoding);
        let given = Given::of(&entry);
        {
            let mut state = self.state.lock();
            let Some((_, p)) = state
                .projects
                .iter_mut()
                .enumerate()
                .find(|(i, p)| current(*i, p))
            else {
                return;
            };
            if !p.record(&uri, given) {
                return;
            }
        }
        let (list, version) = entry;
        self.client.publish_diagnostics(uri, list, version).await;
    }

    /// Installs an analysis and publishes its diagnostics, unless a newer
    /// text arrived while it ran.
    async fn install(&self, project: usize, snapshot: Snapshot) {
        let (snap, cleared, taal, encoding, previous) = {
            let mut state = self.state.lock();
            let encoding = state.encoding;
            let taal = state.taal(&snapshot);
            let Some(p) = state.projects.get_mut(project) else {
                return;
            };
            if p.generation != snapshot.generation {
                return;
            }
            let snap = Arc::new(snapshot);
            let previous = p.snapshot.replace(snap.clone());
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
            (snap, cleared, taal, encoding, previous)
        };
        // Freed outside the lock and off the async threads: a large
        // analysis takes a while to free. Its pages go back to the system
        // at once.
        tokio::task::spawn_blocking(move || crate::memory::freed_at_once(|| drop(previous)));
        self.analysed.notify_waiters();
        if self.pulled() {
            self.refresh();
            return;
        }
        {
            let _publishing = self.publishing.lock().await;
            for uri in cleared {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        // Converted a batch at a time before taking the publishing lock: a
        // quick analysis does not wait while thousands of files are
        // converted, and the converted lists of a whole repository are
        // never held at once.
        let files: Vec<(FileId, &Url)> = own_files(&snap).collect();
        for batch in files.chunks(PUBLISH_BATCH) {
            let entries: Vec<(&Url, Published, Given)> = batch
                .iter()
                .map(|&(file, uri)| {
                    let entry = published(&snap, file, taal, encoding);
                    let given = Given::of(&entry);
                    (uri, entry, given)
                })
                .collect();
            let _publishing = self.publishing.lock().await;
            for (uri, entry, given) in entries {
                {
                    let mut state = self.state.lock();
                    let Some(p) = state.projects.get_mut(project) else {
                        return;
                    };
                    // A newer text arrived: its analysis will publish.
                    if p.generation != snap.generation {
                        return;
                    }
                    if !p.record(uri, given) {
                        continue;
                    }
                }
                let (list, version) = entry;
                self.client
                    .publish_diagnostics(uri.clone(), list, version)
                    .await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Instant;

    /// The example repository, with `copies` more policies beside it.
    fn examples_with_copies(copies: usize) -> (Project, PathBuf, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .canonicalize()
            .unwrap();
        let mut project = Project::load(&root, kader_project::LoadOptions::default());
        let text = std::fs::read_to_string(root.join("beleid/jaarwisseling.kader")).unwrap();
        for i in 0..copies {
            let uri = Url::from_file_path(root.join(format!("beleid/kopie_{i}.kader"))).unwrap();
            let copy = text.replace(
                "beleid jaarwisseling_2025",
                &format!("beleid jaarwisseling_kopie_{i}"),
            );
            project.files.insert(uri, Doc::from_disk(copy));
        }
        let job = full_job(&mut project, 0, None).unwrap();
        project.snapshot = Some(Arc::new(run(job)));
        (project, root, text)
    }

    /// Opens `uri` with `text` as an edit from the editor.
    fn edit(project: &mut Project, uri: &Url, text: String) {
        let doc = project.files.get_mut(uri).unwrap();
        doc.text = text.into();
        doc.version = Some(2);
        doc.open = true;
        project.touch();
        project.edited(uri);
    }

    fn findings(snapshot: &Snapshot, uri: &Url) -> Vec<(String, u32, u32)> {
        let file = snapshot.file_of(uri).unwrap();
        let file = snapshot.analysis.file(file).unwrap();
        file.diagnostics
            .iter()
            .map(|d| (d.code.as_str().to_string(), d.span.start, d.span.end))
            .collect()
    }

    #[test]
    fn a_file_with_tests_waits_for_the_full_analysis() {
        let (mut project, root, _) = examples_with_copies(QUICK_FROM);
        let uri = Url::from_file_path(root.join("toetsen/vakantieverhuur.kader")).unwrap();
        let text = project.files[&uri]
            .text
            .replacen("2025-06-17", "2025-06-18", 1);
        edit(&mut project, &uri, text);
        assert!(quick_job(&mut project, 0, None).is_none());
        // The near miss: a policy file gets its quick analysis.
        let policy = Url::from_file_path(root.join("beleid/kopie_3.kader")).unwrap();
        let text = project.files[&policy].text.to_string() + "\n// toets: alleen commentaar\n";
        edit(&mut project, &policy, text);
        assert!(quick_job(&mut project, 0, None).is_some());
    }

    /// While someone types in a large repository, hover and completion in
    /// the edited file are answered from the quick analysis of the latest
    /// text; other requests, and other files, wait for the full analysis.
    #[test]
    fn hover_while_typing_is_answered_from_the_quick_analysis() {
        let (mut project, root, _) = examples_with_copies(QUICK_FROM);
        let uri = Url::from_file_path(root.join("beleid/kopie_3.kader")).unwrap();
        let other = Url::from_file_path(root.join("beleid/kopie_4.kader")).unwrap();
        let text = project.files[&uri].text.to_string();
        edit(&mut project, &uri, format!("{text}// a\n"));
        let now =
            |p: &Project, uri: &Url, quick_ok: bool| match ready(p, uri, true, quick_ok, false) {
                Ready::Now(snap, _) => Some(snap.generation),
                Ready::Never => panic!("never"),
                Ready::Wait => None,
            };
        // Before the quick analysis is in, everything waits.
        assert_eq!(now(&project, &uri, true), None);
        let (_, quick) = quick_job(&mut project, 0, None).unwrap();
        project.quick_snapshot = Some(Arc::new(run(quick)));
        assert_eq!(now(&project, &uri, true), Some(project.generation));
        // The near misses: a request that needs every file, a file the
        // quick analysis does not hold, and a newer text.
        assert_eq!(now(&project, &uri, false), None);
        assert_eq!(now(&project, &other, true), None);
        edit(&mut project, &uri, format!("{text}// b\n"));
        assert_eq!(now(&project, &uri, true), None);
        // Once the wait is over, the last analysis there is will do.
        assert!(matches!(
            ready(&project, &uri, true, true, true),
            Ready::Now(..)
        ));
        assert!(matches!(
            ready(&project, &uri, false, true, true),
            Ready::Never
        ));
    }

    #[test]
    fn a_quick_analysis_gives_the_edited_file_what_the_full_one_gives() {
        let (mut project, root, _) = examples_with_copies(QUICK_FROM);
        let uri = Url::from_file_path(root.join("beleid/kopie_3.kader")).unwrap();
        let text = project.files[&uri].text.to_string();
        let edited = text.replacen("account: organisatie", "account: fictief", 1);
        assert_ne!(edited, text);
        edit(&mut project, &uri, edited);

        let (quick_uri, quick) = quick_job(&mut project, 0, None).unwrap();
        assert_eq!(quick_uri, uri);
        // The edited file and the files that define what policies use (the
        // three of `organisatie/`, and `webcare.kader` with its statutory
        // task), not the other policies.
        let mut paths: Vec<&str> = quick.sources.iter().map(|s| s.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "beleid/kopie_3.kader",
                "beleid/webcare.kader",
                "organisatie/dpia.kader",
                "organisatie/teams.kader",
                "organisatie/verwerkers.kader",
            ]
        );
        assert!(quick_job(&mut project, 0, None).is_none(), "taken once");
        // The full analysis waits for a pause in typing (measured from the
        // edit, which is set here: running the quick analysis on a busy
        // machine may take longer than the pause).
        project.edited_at = Some(Instant::now());
        assert!(full_job(&mut project, 0, None).is_none());
        let quick = run(quick);
        project.edited_at = Instant::now().checked_sub(PAUSE);
        let full = run(full_job(&mut project, 0, None).unwrap());

        let quick = findings(&quick, &uri);
        assert!(quick.iter().any(|(code, _, _)| code == "OO-NEPACCOUNT"));
        assert_eq!(quick, findings(&full, &uri));
    }

    #[test]
    fn a_small_repository_gets_no_quick_analysis() {
        let (mut project, root, text) = examples_with_copies(0);
        let uri = Url::from_file_path(root.join("beleid/jaarwisseling.kader")).unwrap();
        edit(
            &mut project,
            &uri,
            text.replacen("account: organisatie", "account: fictief", 1),
        );
        assert!(quick_job(&mut project, 0, None).is_none());
        assert!(
            full_job(&mut project, 0, None).is_some(),
            "no wait for a pause"
        );
    }
}
