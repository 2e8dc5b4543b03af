//! The server's picture of the repositories it serves: which files belong to
//! which repository, with the text the editor or the disk gave last.
//!
//! A repository (a *project*) is a folder with a `kader.toml`; files that
//! belong to none form one project without settings. Editor buffers win over
//! the disk while they are open. Every change bumps the project's
//! generation; an analysis remembers the generation it was made from, so a
//! result for an older text can be recognised and dropped.
//!
//! Everything here is synchronous and done under the server's lock, so
//! changes are applied in the order they arrive.

use crate::project;
use crate::stdlib;
use kader::{Analysis, FileId, FileKind, Source};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp::lsp_types::Url;

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

/// A repository, or the files outside any repository.
#[derive(Debug)]
pub struct Project {
    /// The folder with `kader.toml`; `None` for files outside any repository.
    pub root: Option<PathBuf>,
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
    /// analysis has not started: see [`Project::quick_job`].
    pub quick: Option<Url>,
    /// When an open file was last edited, in a repository large enough for
    /// quick analyses: the full analysis waits for a pause in typing.
    pub edited_at: Option<Instant>,
    /// The last quick analysis: the next one, of the same file in the same
    /// context, reuses its parse trees.
    pub quick_snapshot: Option<Arc<Snapshot>>,
}

/// From this many files on, an edit gets a quick analysis of the edited
/// file in its context before the whole repository is analysed again.
pub const QUICK_FROM: usize = 64;

/// How long typing must pause before a large repository is analysed in
/// full; until then the quick analyses keep the edited file's diagnostics
/// current.
pub const PAUSE: Duration = Duration::from_millis(200);

/// What a file was given: its diagnostics and the version they are for.
pub type Published = (Vec<tower_lsp::lsp_types::Diagnostic>, Option<i32>);

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

/// What the analysis worker needs to analyse a project, taken under the
/// lock and analysed outside it.
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
}

impl Project {
    pub fn new(root: Option<PathBuf>) -> Project {
        Project {
            root,
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
    pub fn load(root: &Path) -> Project {
        let mut project = Project::new(Some(root.to_path_buf()));
        let repository = project::read_repository(root);
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

    /// How long the full analysis must still wait for a pause in typing.
    pub fn pause_left(&self) -> Option<Duration> {
        let left = PAUSE.checked_sub(self.edited_at?.elapsed())?;
        (!left.is_zero()).then_some(left)
    }

    /// The quick analysis of the latest edit, if one is due: the edited
    /// file with only its context (the stdlib, `kader.toml` and the files
    /// that hold anything other than policies, as the last analysis found
    /// them), so its diagnostics do not wait for the whole repository. The
    /// full analysis still follows and has the last word.
    pub fn quick_job(&mut self, index: usize, stdlib: Option<&Path>) -> Option<(Url, Job)> {
        let uri = self.quick.take()?;
        let previous = self.snapshot.clone()?;
        let edited = self.files.get_key_value(&uri)?;
        let context = previous
            .context
            .iter()
            .filter(|u| **u != uri)
            .filter_map(|u| self.files.get_key_value(u));
        let files = std::iter::once(edited).chain(context);
        let reuse = self.quick_snapshot.clone().unwrap_or(previous.clone());
        let job = self.make_job(index, stdlib, files, Some(reuse));
        Some((uri, job))
    }

    /// The work for the analysis worker, if the latest text has not been
    /// analysed or started yet.
    pub fn job(&mut self, index: usize, stdlib: Option<&Path>) -> Option<Job> {
        let done = self
            .snapshot
            .as_ref()
            .is_some_and(|s| s.generation == self.generation);
        if done || self.started == Some(self.generation) || self.pause_left().is_some() {
            return None;
        }
        self.started = Some(self.generation);
        Some(self.make_job(index, stdlib, self.files.iter(), self.snapshot.clone()))
    }

    /// A job for `files` (with the stdlib and `kader.toml`) at the current
    /// generation.
    fn make_job<'a>(
        &self,
        index: usize,
        stdlib: Option<&Path>,
        files: impl Iterator<Item = (&'a Url, &'a Doc)>,
        previous: Option<Arc<Snapshot>>,
    ) -> Job {
        let root = self.root.as_deref();
        let mut sources = Vec::new();
        let mut uris: Vec<Option<Url>> = stdlib::uris(stdlib);
        let mut versions = vec![None; uris.len()];
        let mut outside = Vec::new();
        for (uri, doc) in files {
            let path = project::source_path(root, uri);
            if let Some(folder) = doc.outside {
                outside.push((path.clone(), folder));
            }
            sources.push(Source::new(path, doc.text.clone()));
            uris.push(Some(uri.clone()));
            versions.push(doc.version);
        }
        let mut refused = Vec::new();
        let config = self.config.as_ref().map(|(uri, doc)| {
            uris.push(Some(uri.clone()));
            versions.push(doc.version);
            if let Some(folder) = doc.outside {
                outside.push((project::CONFIG_FILE.to_string(), folder));
            }
            if let Some(root) = root {
                refused = project::refused_packs(root, &doc.text);
            }
            Source::new(project::CONFIG_FILE, doc.text.clone())
        });
        Job {
            project: index,
            generation: self.generation,
            sources,
            config,
            uris,
            versions,
            previous,
            outside,
            refused,
        }
    }
}

/// Runs one job. Pure: no lock, no I/O.
pub fn run(job: Job) -> Snapshot {
    let previous = job.previous.as_ref().map(|s| &s.analysis);
    let mut analysis = kader::analyse_reusing(&job.sources, job.config.as_ref(), previous);
    drop(job.previous);
    project::add_findings(&mut analysis, &job.outside, &job.refused);
    let context = analysis
        .context_files()
        .filter_map(|file| job.uris.get(file.id.index()).cloned().flatten())
        .collect();
    Snapshot {
        analysis,
        generation: job.generation,
        uris: job.uris,
        versions: job.versions,
        context,
    }
}

/// The kind of the file at `file` in a snapshot.
pub fn kind_of(snapshot: &Snapshot, file: FileId) -> Option<FileKind> {
    snapshot.analysis.file(file).map(|f| f.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example repository, with `copies` more policies beside it.
    fn examples_with_copies(copies: usize) -> (Project, PathBuf, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .canonicalize()
            .unwrap();
        let mut project = Project::load(&root);
        let text = std::fs::read_to_string(root.join("beleid/jaarwisseling.kader")).unwrap();
        for i in 0..copies {
            let uri = Url::from_file_path(root.join(format!("beleid/kopie_{i}.kader"))).unwrap();
            let copy = text.replace(
                "beleid jaarwisseling_2025",
                &format!("beleid jaarwisseling_kopie_{i}"),
            );
            project.files.insert(uri, Doc::from_disk(copy));
        }
        let job = project.job(0, None).unwrap();
        project.snapshot = Some(Arc::new(run(job)));
        (project, root, text)
    }

    /// Opens `uri` with `text` as an edit from the editor.
    fn edit(project: &mut Project, uri: &Url, text: String) {
        let doc = project.files.get_mut(uri).unwrap();
        doc.text = text;
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
    fn a_quick_analysis_gives_the_edited_file_what_the_full_one_gives() {
        let (mut project, root, _) = examples_with_copies(QUICK_FROM);
        let uri = Url::from_file_path(root.join("beleid/kopie_3.kader")).unwrap();
        let text = project.files[&uri].text.clone();
        let edited = text.replacen("account: organisatie", "account: fictief", 1);
        assert_ne!(edited, text);
        edit(&mut project, &uri, edited);

        let (quick_uri, quick) = project.quick_job(0, None).unwrap();
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
        assert!(project.quick_job(0, None).is_none(), "taken once");
        // The full analysis waits for a pause in typing (measured from the
        // edit, which is set here: running the quick analysis on a busy
        // machine may take longer than the pause).
        project.edited_at = Some(Instant::now());
        assert!(project.job(0, None).is_none());
        let quick = run(quick);
        project.edited_at = Instant::now().checked_sub(PAUSE);
        let full = run(project.job(0, None).unwrap());

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
        assert!(project.quick_job(0, None).is_none());
        assert!(project.job(0, None).is_some(), "no wait for a pause");
    }
}
