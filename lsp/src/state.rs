//! The server's data: the editor's settings, the repositories it serves
//! (*projects*) with the text of every file, and their analyses.
//!
//! A project is a folder with a `kader.toml`; files that belong to none
//! form one project without settings. Editor buffers win over the disk
//! while they are open. Every change bumps the project's generation; an
//! analysis remembers the generation it was made from, so a result for an
//! older text can be recognised and dropped (see `scheduler.rs`).
//!
//! Everything here is synchronous and done under one lock ([`Shared`]), so
//! changes are applied in the order they arrive: a notification changes
//! the state and returns before it awaits anything, and with full text sync
//! and the version check in [`State::set_text`], a late older change can
//! never overwrite a newer text.

use crate::from_proto::Encoding;
use crate::project;
use crate::stdlib;
use kader::reading::TOO_LARGE;
use kader::{Analysis, FileId, Taal};
use kader_project::LoadOptions;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tower_lsp::lsp_types::Url;

/// The largest document the server analyses when the settings name none
/// (`maxFileSize`): 8 MiB. Policy files are a few KiB; a file this large
/// is almost always an export or a log file with the wrong name.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// The most `.kader` files the server reads of one repository when the
/// settings name no number (`maxFiles`).
pub const DEFAULT_MAX_FILES: usize = 20_000;

/// The editor settings the server reads.
#[derive(Debug, Default, PartialEq)]
pub struct Settings {
    pub taal: Option<Taal>,
    /// Whether the settings name `taal` at all: an empty `taal` (VS Code's
    /// default) means "follow kader.toml", a missing one says nothing.
    pub taal_given: bool,
    pub stdlib_dir: Option<PathBuf>,
    /// Whether `[pakketten] paden` folders outside a repository are read
    /// (`allowExternalPacks`, read at start only): as
    /// `--sta-pakketten-buiten-toe` on the command line, for a computer
    /// whose files the user trusts.
    pub external_packs: bool,
    /// `maxFileSize`: the largest document analysed, in bytes (a positive
    /// whole number; anything else is not a setting).
    pub max_file_size: Option<u64>,
    /// `maxFiles`: the most `.kader` files read of a repository (a
    /// positive whole number), read at start only.
    pub max_files: Option<usize>,
    /// `showReferencesCommand`: the client's command that shows a list of
    /// references (arguments as `editor.action.showReferences` takes them),
    /// for the code lenses; read at start.
    pub show_references: Option<String>,
}

impl Settings {
    /// Reads `{"taal": "en"}`, `{"kader.taal": "en"}` or
    /// `{"kader": {"taal": "en"}}`, and the same forms of `stdlibDir`,
    /// `allowExternalPacks`, `maxFileSize` and `maxFiles`.
    pub fn from_json(value: &Value) -> Settings {
        let section = value.get("kader").unwrap_or(value);
        let number = |name: &str| {
            section
                .get(name)
                .or_else(|| value.get(format!("kader.{name}")))
                .and_then(Value::as_u64)
                .filter(|n| *n > 0)
        };
        let given = section.get("taal").or_else(|| value.get("kader.taal"));
        let taal = given.and_then(Value::as_str).and_then(Taal::parse);
        let stdlib_dir = section
            .get("stdlibDir")
            .and_then(Value::as_str)
            .map(PathBuf::from);
        let external_packs = section
            .get("allowExternalPacks")
            .or_else(|| section.get("staPakkettenBuitenToe"))
            .or_else(|| value.get("kader.allowExternalPacks"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Settings {
            taal,
            taal_given: given.is_some(),
            stdlib_dir,
            external_packs,
            max_file_size: number("maxFileSize"),
            max_files: number("maxFiles").and_then(|n| usize::try_from(n).ok()),
            show_references: section
                .get("showReferencesCommand")
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        }
    }

    /// What reading a repository may reach and how much of it, with the
    /// server's defaults for the limits the settings do not name.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            external_packs: self.external_packs,
            max_file_size: Some(self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)),
            max_files: Some(self.max_files.unwrap_or(DEFAULT_MAX_FILES)),
        }
    }
}

/// One file's text and where it came from.
#[derive(Clone, Debug)]
pub struct Doc {
    /// Shared with the analyses of this text.
    pub text: Arc<str>,
    /// The editor's version while the file is open.
    pub version: Option<i32>,
    pub open: bool,
    /// `Some(folder)` for a symbolic link that leads outside the
    /// repository: its text stays empty, whatever the editor or the disk
    /// says, and it carries K0404.
    pub outside: Option<bool>,
    /// `Some(size)` for a file on disk that was not read because it is
    /// larger than the size limit: its text stays empty, and it carries
    /// K0406. (An open document over the limit keeps the editor's text, so
    /// a raised limit applies without the editor sending it again; it is
    /// never handed to an analysis.)
    pub too_large: Option<u64>,
}

impl Doc {
    pub fn from_disk(text: impl Into<Arc<str>>) -> Doc {
        Doc {
            text: text.into(),
            version: None,
            open: false,
            outside: None,
            too_large: None,
        }
    }

    /// A file on disk over the size limit, not read.
    pub fn unread(size: u64) -> Doc {
        Doc {
            too_large: Some(size),
            ..Doc::from_disk("")
        }
    }

    /// The size of the text in bytes, also of one that was not read.
    pub fn size(&self) -> u64 {
        self.too_large.unwrap_or(self.text.len() as u64)
    }

    /// Whether the text is too large to analyse under `limit` bytes.
    pub fn over(&self, limit: Option<u64>) -> bool {
        self.too_large.is_some() || limit.is_some_and(|l| self.text.len() as u64 > l)
    }

    /// A link that leads outside the repository, not read.
    pub fn outside(folder: bool) -> Doc {
        Doc {
            outside: Some(folder),
            ..Doc::from_disk("")
        }
    }

    fn read(read: project::Read) -> Doc {
        match read {
            project::Read::Text(text) => Doc::from_disk(text),
            project::Read::Outside { folder } => Doc::outside(folder),
            project::Read::TooLarge { size } => Doc::unread(size),
        }
    }
}

/// From this many files on, an edit to an open file is marked for a quick
/// analysis of that file in its context, before the whole repository is
/// analysed again (see `scheduler.rs`).
pub const QUICK_FROM: usize = 64;

/// What a file was given: its diagnostics and the version they are for.
pub type Published = (Vec<tower_lsp::lsp_types::Diagnostic>, Option<i32>);

/// What a file was given, kept as the SHA-256 of its diagnostics as they
/// are sent (JSON) and its version: the lists themselves, kept for every
/// file of a repository of 10,000 policies, held more memory than anything
/// but the analysis. Two different lists with the same digest would
/// leave the older one standing; SHA-256 makes that beyond practical
/// chance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Given {
    digest: [u8; 32],
    version: Option<i32>,
}

impl Given {
    pub fn of((list, version): &Published) -> Given {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        // Writing into a hasher cannot fail, and neither can serialising
        // a diagnostic; were it to, the digest of what was written still
        // differs from that of a list that serialised whole.
        let _ = serde_json::to_writer(&mut hasher, list);
        Given {
            digest: hasher.finalize().into(),
            version: *version,
        }
    }
}

/// A repository, or the files outside any repository.
#[derive(Debug)]
pub struct Project {
    /// The folder with `kader.toml`; `None` for files outside any repository.
    pub root: Option<PathBuf>,
    /// What reading the repository may reach besides it.
    pub options: LoadOptions,
    pub files: BTreeMap<Url, Doc>,
    /// `kader.toml`, when the repository has one.
    pub config: Option<(Url, Doc)>,
    /// Bumped by every change.
    pub generation: u64,
    /// The latest analysis, with the generation it was made from.
    pub snapshot: Option<Arc<Snapshot>>,
    /// The generation the analysis worker has started on, so it is not
    /// started twice.
    pub started: Option<u64>,
    /// What each file was last given, as a digest ([`Given`]), so an
    /// unchanged list is not sent again and a file that goes away can be
    /// cleared.
    pub published: HashMap<Url, Given>,
    /// The open file the latest change was made in, while its quick
    /// analysis has not started.
    pub quick: Option<Url>,
    /// When an open file was last edited, in a repository large enough for
    /// quick analyses: the full analysis waits for a pause in typing.
    pub edited_at: Option<Instant>,
    /// The last quick analysis: the next one, of the same file in the same
    /// context, reuses its parse trees.
    pub quick_snapshot: Option<Arc<Snapshot>>,
    /// How many `.kader` files were left out when the repository was read,
    /// because it has more than the file limit (`maxFiles`). Files created
    /// later are not served while the repository is at its limit.
    pub left_out: usize,
    /// Whether the user is still to be told that files were left out.
    pub announce: bool,
    /// Documents served only while open: the editor opened them when the
    /// repository was at its file limit. Closed, they are forgotten.
    pub beyond_limit: HashSet<Url>,
}

impl Project {
    pub fn new(root: Option<PathBuf>) -> Project {
        Project {
            root,
            options: LoadOptions::default(),
            files: BTreeMap::new(),
            config: None,
            generation: 1,
            snapshot: None,
            started: None,
            published: HashMap::new(),
            quick: None,
            edited_at: None,
            quick_snapshot: None,
            left_out: 0,
            announce: false,
            beyond_limit: HashSet::new(),
        }
    }

    /// The repository at `root` as the disk has it ([`project::read_repository`]).
    pub fn load(root: &Path, options: LoadOptions) -> Project {
        let mut project = Project::new(Some(root.to_path_buf()));
        project.options = options;
        let repository = project::read_repository(root, options);
        project.config = repository.config.map(|(uri, read)| (uri, Doc::read(read)));
        for (uri, read) in repository.files {
            project.files.insert(uri, Doc::read(read));
        }
        project.left_out = repository.left_out;
        project.announce = repository.left_out > 0;
        project
    }

    /// Whether a file not yet served may be added without an editor
    /// holding it open: not when the repository is at its file limit.
    fn room_for_another(&self) -> bool {
        self.root.is_none()
            || self
                .options
                .max_files
                .is_none_or(|max| self.files.len() < max)
    }

    /// True when `uri` lies inside this project's folder.
    pub fn contains(&self, uri: &Url) -> bool {
        match (&self.root, uri.to_file_path()) {
            (Some(root), Ok(path)) => path.starts_with(root),
            _ => false,
        }
    }

    pub fn is_config(&self, uri: &Url) -> bool {
        match &self.root {
            Some(root) => project::is_config(root, uri),
            None => false,
        }
    }

    /// The document the server holds for `uri`: the `kader.toml` when
    /// `is_config` (see [`Project::is_config`]), otherwise a file.
    fn doc_mut(&mut self, uri: &Url, is_config: bool) -> Option<&mut Doc> {
        if is_config {
            self.config.as_mut().map(|(_, d)| d)
        } else {
            self.files.get_mut(uri)
        }
    }

    /// Notes that `uri` is given what `given` stands for; false when it has
    /// exactly that already, so it need not be sent again. The digest is
    /// made by the caller ([`Given::of`]), outside the state's lock.
    pub fn record(&mut self, uri: &Url, given: Given) -> bool {
        if self.published.get(uri) == Some(&given) {
            return false;
        }
        self.published.insert(uri.clone(), given);
        true
    }

    pub fn touch(&mut self) {
        self.generation += 1;
        self.quick = None;
    }

    /// Notes a change to the text of `uri` (already applied and touched).
    /// In a large repository an edit to an open file gets a quick analysis.
    pub fn edited(&mut self, uri: &Url) {
        if self.files.len() >= QUICK_FROM && self.files.get(uri).is_some_and(|d| d.open) {
            self.quick = Some(uri.clone());
            self.edited_at = Some(Instant::now());
        }
    }
}

/// An analysis of one project, with the address of every file in it.
#[derive(Debug)]
pub struct Snapshot {
    pub analysis: Analysis,
    pub generation: u64,
    /// Per [`FileId`], the file's address.
    pub uris: Vec<Option<Url>>,
    /// The places in `uris` of the files that have an address, ordered by
    /// address: every request finds its file by a binary search instead of
    /// comparing its address with those of all files.
    by_uri: Vec<u32>,
    /// Per [`FileId`], the editor's version of the text that was analysed.
    pub versions: Vec<Option<i32>>,
    /// The files a quick analysis checks an edited file with
    /// ([`kader::Analysis::context_files`]), found once per analysis.
    pub context: Vec<Url>,
    /// The results of the tests run on this analysis (`kader.toetsUitvoeren`):
    /// per file index, per test (the start of its name), the diagnostic of a
    /// failed test. They belong to this text alone: the analysis of a newer
    /// text starts without them, so they never stay on changed text.
    pub test_results: Mutex<HashMap<usize, BTreeMap<u32, tower_lsp::lsp_types::Diagnostic>>>,
}

impl Snapshot {
    /// The diagnostics of the tests of `file` run on this analysis.
    pub fn test_diagnostics(&self, file: FileId) -> Vec<tower_lsp::lsp_types::Diagnostic> {
        let results = self.test_results.lock().unwrap_or_else(|e| e.into_inner());
        results
            .get(&file.index())
            .map(|r| r.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Notes the results of tests of `file` (the start of each test's name
    /// with its diagnostic, if it failed), replacing earlier results of the
    /// same tests.
    pub fn set_test_results(
        &self,
        file: FileId,
        results: Vec<(u32, Option<tower_lsp::lsp_types::Diagnostic>)>,
    ) {
        let mut all = self.test_results.lock().unwrap_or_else(|e| e.into_inner());
        let of_file = all.entry(file.index()).or_default();
        for (at, diagnostic) in results {
            match diagnostic {
                Some(d) => of_file.insert(at, d),
                None => of_file.remove(&at),
            };
        }
    }

    /// An analysis with the addresses of its files, and the editor's
    /// version of each text.
    pub fn new(
        analysis: Analysis,
        generation: u64,
        uris: Vec<Option<Url>>,
        versions: Vec<Option<i32>>,
        context: Vec<Url>,
    ) -> Snapshot {
        let mut by_uri: Vec<u32> = (0..uris.len())
            .filter(|&i| uris.get(i).is_some_and(Option::is_some))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        by_uri.sort_by(|&a, &b| address(&uris, a).cmp(&address(&uris, b)));
        Snapshot {
            analysis,
            generation,
            uris,
            by_uri,
            versions,
            context,
            test_results: Default::default(),
        }
    }

    pub fn file_of(&self, uri: &Url) -> Option<FileId> {
        let at = self
            .by_uri
            .binary_search_by(|&i| address(&self.uris, i).cmp(&Some(uri)))
            .ok()?;
        self.by_uri.get(at).copied().map(FileId)
    }

    pub fn uri(&self, file: FileId) -> Option<&Url> {
        self.uris.get(file.index()).and_then(Option::as_ref)
    }

    /// Whether `file` was too large to analyse (K0406): requests about it
    /// are answered with nothing.
    pub fn too_large(&self, file: FileId) -> bool {
        self.analysis
            .file(file)
            .is_some_and(|f| f.diagnostics.iter().any(|d| d.code == TOO_LARGE))
    }
}

/// The address at place `i` of `uris`.
fn address(uris: &[Option<Url>], i: u32) -> Option<&Url> {
    uris.get(i as usize).and_then(Option::as_ref)
}

/// The server's state.
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
    /// Whether the client pulls diagnostics (`textDocument/diagnostic`,
    /// `workspace/diagnostic`): then none are pushed. A client that does
    /// not announce pulling gets them pushed
    /// (`textDocument/publishDiagnostics`); never both.
    pub pull: bool,
    /// Whether the client takes `workspace/diagnostic/refresh`, sent after
    /// an analysis to a client that pulls.
    pub refresh: bool,
    /// The client's command that shows references, for code lenses.
    pub show_references: Option<String>,
    /// The folder with read-only copies of the stdlib files.
    pub stdlib_dir: Option<PathBuf>,
    /// What reading a repository may reach besides it (from the settings
    /// at start).
    pub load_options: LoadOptions,
}

impl State {
    pub fn is_stdlib(&self, uri: &Url) -> bool {
        stdlib::is_stdlib(uri, self.stdlib_dir.as_deref())
    }

    /// The output language for an analysis: the editor's setting, else
    /// the repository's `kader.toml`.
    pub fn taal(&self, snapshot: &Snapshot) -> Taal {
        self.taal.unwrap_or(snapshot.analysis.config.taal)
    }

    /// The project that holds `uri` (a file or `kader.toml`), if any.
    pub fn holding(&self, uri: &Url) -> Option<&Project> {
        self.projects
            .iter()
            .find(|p| p.files.contains_key(uri) || p.is_config(uri))
    }

    /// Every analysed project's latest analysis.
    pub fn snapshots(&self) -> Vec<Arc<Snapshot>> {
        self.projects
            .iter()
            .filter_map(|p| p.snapshot.clone())
            .collect()
    }

    /// The project a file belongs to, made if need be.
    fn project_for(&mut self, uri: &Url) -> usize {
        if let Some(i) = self
            .projects
            .iter()
            .position(|p| p.files.contains_key(uri) || p.is_config(uri))
        {
            return i;
        }
        let best = self
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
            self.projects.push(Project::load(&root, self.load_options));
            return self.projects.len() - 1;
        }
        if let Some(i) = self.projects.iter().position(|p| p.root.is_none()) {
            return i;
        }
        self.projects.push(Project::new(None));
        self.projects.len() - 1
    }

    /// The project a file the server may change belongs to; `None` for a
    /// stdlib file, which is read-only.
    fn editable_project(&mut self, uri: &Url) -> Option<&mut Project> {
        if self.is_stdlib(uri) {
            return None;
        }
        let i = self.project_for(uri);
        self.projects.get_mut(i)
    }

    /// Sets the text of a file, unless the change is older than what the
    /// server has. Returns whether anything changed.
    pub fn set_text(
        &mut self,
        uri: &Url,
        text: impl Into<Arc<str>>,
        version: Option<i32>,
        open: bool,
    ) -> bool {
        let text: Arc<str> = text.into();
        let Some(project) = self.editable_project(uri) else {
            return false;
        };
        let is_config = project.is_config(uri);
        if let Some(doc) = project.doc_mut(uri, is_config) {
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
            if *doc.text == *text && doc.open == open && doc.too_large.is_none() {
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
            doc.too_large = None;
        } else {
            if !is_config && !project.room_for_another() {
                if !open {
                    return false;
                }
                project.beyond_limit.insert(uri.clone());
            }
            let doc = Doc {
                text,
                version,
                open,
                outside: None,
                too_large: None,
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

    /// Sets a file to what the disk gives: its text, or the mark of a file
    /// over the size limit (whose text, if the server had one, is dropped).
    /// Returns whether anything changed.
    pub fn set_from_disk(&mut self, uri: &Url, read: project::Read) -> bool {
        let size = match read {
            project::Read::Text(text) => return self.set_text(uri, text, None, false),
            project::Read::Outside { .. } => return false,
            project::Read::TooLarge { size } => size,
        };
        let Some(project) = self.editable_project(uri) else {
            return false;
        };
        let is_config = project.is_config(uri);
        let room = project.room_for_another();
        match project.doc_mut(uri, is_config) {
            Some(doc) if doc.outside.is_some() => return false,
            Some(doc) if !doc.open && doc.too_large == Some(size) => return false,
            Some(doc) => *doc = Doc::unread(size),
            None if is_config => project.config = Some((uri.clone(), Doc::unread(size))),
            None if !room => return false,
            None => {
                project.files.insert(uri.clone(), Doc::unread(size));
            }
        }
        project.touch();
        true
    }

    /// Takes a new size limit (`maxFileSize`). Files on disk that were
    /// over the old limit and fit the new one are read; texts of files not
    /// open that are over the new one are dropped. Returns whether the
    /// limit changed; then every project is to be analysed again.
    pub fn set_max_file_size(&mut self, limit: u64) -> bool {
        if self.load_options.max_file_size == Some(limit) {
            return false;
        }
        self.load_options.max_file_size = Some(limit);
        let mut reread = Vec::new();
        for project in &mut self.projects {
            project.options.max_file_size = Some(limit);
            let config = project.config.iter_mut().map(|(u, d)| (&*u, d));
            for (uri, doc) in project.files.iter_mut().chain(config) {
                if doc.open || doc.outside.is_some() {
                    continue;
                }
                match doc.too_large {
                    Some(size) if size <= limit => reread.push((uri.clone(), project.root.clone())),
                    None if doc.text.len() as u64 > limit => *doc = Doc::unread(doc.size()),
                    _ => {}
                }
            }
            project.touch();
        }
        for (uri, root) in reread {
            let read = uri
                .to_file_path()
                .ok()
                .and_then(|path| project::read_changed(&path, root.as_deref(), Some(limit)));
            if let Some(read) = read {
                self.set_from_disk(&uri, read);
            }
        }
        true
    }

    /// The repositories whose files were left out over the file limit and
    /// whose user is still to be told: each root, how many files are
    /// served and how many were left out.
    pub fn take_left_out(&mut self) -> Vec<(PathBuf, usize, usize)> {
        self.projects
            .iter_mut()
            .filter_map(|p| {
                let announce = std::mem::take(&mut p.announce);
                announce.then(|| Some((p.root.clone()?, p.files.len(), p.left_out)))?
            })
            .collect()
    }

    /// Forgets a file (deleted on disk, or a closed file outside a
    /// repository).
    pub fn remove(&mut self, uri: &Url) {
        for project in &mut self.projects {
            project.beyond_limit.remove(uri);
            if project.files.remove(uri).is_some() {
                project.touch();
            } else if project.is_config(uri) && project.config.is_some() {
                project.config = None;
                project.touch();
            }
        }
    }

    /// Takes the output language from settings that name it; an empty one
    /// goes back to `kader.toml`'s. Returns whether it changed; then every
    /// project is to be analysed again.
    pub fn set_taal(&mut self, settings: &Settings) -> bool {
        if !settings.taal_given || self.taal == settings.taal {
            return false;
        }
        self.taal = settings.taal;
        for p in &mut self.projects {
            p.touch();
        }
        true
    }
}

/// The state behind its lock, shared by the handlers and the analyses.
#[derive(Default)]
pub struct Shared {
    state: Mutex<State>,
}

impl Shared {
    /// The state. A panic while it was held (caught by the handlers'
    /// guard) does not make it unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file is sent its diagnostics again only when the list or the
    /// version differs from what it was last given.
    #[test]
    fn a_list_is_sent_again_only_when_it_changed() {
        use tower_lsp::lsp_types::{Diagnostic, Range};
        let uri = Url::parse("file:///r/beleid/a.kader").unwrap();
        let finding = |message: &str| Diagnostic {
            range: Range::default(),
            message: message.to_string(),
            ..Diagnostic::default()
        };
        let mut project = Project::new(None);
        assert!(project.record(&uri, Given::of(&(vec![finding("een")], Some(1)))));
        assert!(!project.record(&uri, Given::of(&(vec![finding("een")], Some(1)))));
        assert!(project.record(&uri, Given::of(&(vec![finding("twee")], Some(1)))));
        assert!(project.record(&uri, Given::of(&(vec![finding("twee")], Some(2)))));
        assert!(project.record(&uri, Given::of(&(Vec::new(), Some(2)))));
        assert!(!project.record(&uri, Given::of(&(Vec::new(), Some(2)))));
        // Another file with the same list is sent it too.
        let other = Url::parse("file:///r/beleid/b.kader").unwrap();
        assert!(project.record(&other, Given::of(&(Vec::new(), Some(2)))));
    }

    /// Every file with an address is found by it, whatever the order of
    /// the addresses; a file without one, or an address not analysed, is
    /// not.
    #[test]
    fn a_file_is_found_by_its_address() {
        let analysis = kader::analyse(&[], None);
        let count = analysis.files.len();
        assert!(count > 3);
        // Addresses in descending order, the second file without one.
        let uris: Vec<Option<Url>> = (0..count)
            .map(|i| {
                (i != 1).then(|| Url::parse(&format!("file:///r/{:03}.kader", count - i)).unwrap())
            })
            .collect();
        let snap = Snapshot::new(analysis, 1, uris.clone(), vec![None; count], Vec::new());
        for (i, uri) in uris.iter().enumerate() {
            if let Some(uri) = uri {
                assert_eq!(snap.file_of(uri), Some(FileId(i as u32)), "{uri}");
                assert_eq!(snap.uri(FileId(i as u32)), Some(uri));
            }
        }
        let missing = Url::parse("file:///r/zzz.kader").unwrap();
        assert_eq!(snap.file_of(&missing), None);
    }

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
    fn limits_from_the_settings_or_the_defaults() {
        let given = Settings::from_json(
            &serde_json::json!({"kader": {"maxFileSize": 1000, "maxFiles": 2}}),
        );
        assert_eq!(
            (given.max_file_size, given.max_files),
            (Some(1000), Some(2))
        );
        let options = given.load_options();
        assert_eq!(
            (options.max_file_size, options.max_files),
            (Some(1000), Some(2))
        );
        let flat = Settings::from_json(&serde_json::json!({"kader.maxFileSize": 5}));
        assert_eq!(flat.max_file_size, Some(5));
        // Zero, negative, fractional or text is not a limit: the defaults apply.
        for wrong in [
            serde_json::json!(0),
            serde_json::json!(-1),
            serde_json::json!(1.5),
            serde_json::json!("8"),
        ] {
            let s =
                Settings::from_json(&serde_json::json!({"maxFileSize": wrong, "maxFiles": wrong}));
            let options = s.load_options();
            assert_eq!(
                options.max_file_size,
                Some(DEFAULT_MAX_FILE_SIZE),
                "{wrong}"
            );
            assert_eq!(options.max_files, Some(DEFAULT_MAX_FILES), "{wrong}");
        }
    }
}
