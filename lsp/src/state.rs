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
use kader::{Analysis, FileId, Taal};
use kader_project::LoadOptions;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tower_lsp::lsp_types::Url;

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
}

impl Settings {
    /// Reads `{"taal": "en"}`, `{"kader.taal": "en"}` or
    /// `{"kader": {"taal": "en"}}`, and the same forms of `stdlibDir` and
    /// `allowExternalPacks`.
    pub fn from_json(value: &Value) -> Settings {
        let section = value.get("kader").unwrap_or(value);
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
        }
    }
}

/// One file's text and where it came from.
#[derive(Clone, Debug)]
pub struct Doc {
    pub text: String,
    /// The editor's version while the file is open.
    pub version: Option<i32>,
    pub open: bool,
    /// `Some(folder)` for a symbolic link that leads outside the
    /// repository: its text stays empty, whatever the editor or the disk
    /// says, and it carries K0404.
    pub outside: Option<bool>,
}

impl Doc {
    pub fn from_disk(text: String) -> Doc {
        Doc {
            text,
            version: None,
            open: false,
            outside: None,
        }
    }

    /// A link that leads outside the repository, not read.
    pub fn outside(folder: bool) -> Doc {
        Doc {
            outside: Some(folder),
            ..Doc::from_disk(String::new())
        }
    }

    fn read(read: project::Read) -> Doc {
        match read {
            project::Read::Text(text) => Doc::from_disk(text),
            project::Read::Outside { folder } => Doc::outside(folder),
        }
    }
}

/// From this many files on, an edit to an open file is marked for a quick
/// analysis of that file in its context, before the whole repository is
/// analysed again (see `scheduler.rs`).
pub const QUICK_FROM: usize = 64;

/// What a file was given: its diagnostics and the version they are for.
pub type Published = (Vec<tower_lsp::lsp_types::Diagnostic>, Option<i32>);

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
    /// What each file was last given, so an unchanged list is not sent
    /// again and a file that goes away can be cleared.
    pub published: HashMap<Url, Published>,
    /// The open file the latest change was made in, while its quick
    /// analysis has not started.
    pub quick: Option<Url>,
    /// When an open file was last edited, in a repository large enough for
    /// quick analyses: the full analysis waits for a pause in typing.
    pub edited_at: Option<Instant>,
    /// The last quick analysis: the next one, of the same file in the same
    /// context, reuses its parse trees.
    pub quick_snapshot: Option<Arc<Snapshot>>,
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
        project
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

    /// Notes that `uri` is given `entry`; false when it has exactly that
    /// already, so it need not be sent again.
    pub fn record(&mut self, uri: &Url, entry: &Published) -> bool {
        if self.published.get(uri) == Some(entry) {
            return false;
        }
        self.published.insert(uri.clone(), entry.clone());
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
    /// Per [`FileId`], the editor's version of the text that was analysed.
    pub versions: Vec<Option<i32>>,
    /// The files a quick analysis checks an edited file with
    /// ([`kader::Analysis::context_files`]), found once per analysis.
    pub context: Vec<Url>,
}

impl Snapshot {
    pub fn file_of(&self, uri: &Url) -> Option<FileId> {
        self.uris
            .iter()
            .position(|u| u.as_ref() == Some(uri))
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn uri(&self, file: FileId) -> Option<&Url> {
        self.uris.get(file.index()).and_then(Option::as_ref)
    }
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

    /// Sets the text of a file, unless the change is older than what the
    /// server has. Returns whether anything changed.
    pub fn set_text(&mut self, uri: &Url, text: String, version: Option<i32>, open: bool) -> bool {
        if self.is_stdlib(uri) {
            return false;
        }
        let i = self.project_for(uri);
        let Some(project) = self.projects.get_mut(i) else {
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
    pub fn remove(&mut self, uri: &Url) {
        for project in &mut self.projects {
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
}
