//! Loading a policy repository from disk: the one way the command line and
//! the language server find a repository, read its `kader.toml` and its
//! files (with `[project] exclude` and the `[pakketten] paden` packs, inside
//! or outside the folder) and turn what reading gave into diagnostics.
//!
//! The `kader` library does no I/O; this crate is where the disk is read.
//! [`load`] finds and reads a repository into a [`Project`] (plain data:
//! paths and texts); [`Project::analyse`] hands the texts to
//! [`kader::analyse`] and attaches the reading findings (K0401, K0402,
//! K0404, K0405, see [`kader::reading`]) with [`report_reading`]. The
//! language server keeps its own texts (the editor's open documents
//! replace the disk's) and reports reading with the same function.
//!
//! Nothing outside the repository is read (see [`discover`]).

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod discover;
pub mod git;

use discover::{Exclude, CONFIG_FILE};
use kader::config::{self, Config, Setting};
use kader::reading::{self, Read};
use kader::{Analysis, FileId, FileKind, Source, Span};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a load may read besides the repository, and how much of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `[pakketten] paden` folders outside the repository too
    /// (`--sta-pakketten-buiten-toe`). Without it such a folder is refused
    /// with K0405: a repository is checked on pull requests from anyone, and
    /// must not make kader read the files of the computer it runs on.
    pub external_packs: bool,
    /// The largest file read, in bytes; a larger one is not read and gets
    /// K0406 ([`Read::TooLarge`]). `None`: no limit (the command line).
    pub max_file_size: Option<u64>,
    /// The most files read: with more, the first ones by path are read and
    /// the number left out is [`Project::left_out`]. `None`: no limit (the
    /// command line).
    pub max_files: Option<usize>,
}

/// A file as the loader found it.
#[derive(Debug)]
pub struct Input {
    /// The path relative to the root, with `/` separators.
    pub path: String,
    /// Where it is on disk (for a link that was not followed: the link).
    pub full: PathBuf,
    pub read: Read,
    /// Whether it is one of the paths asked for (its diagnostics are
    /// reported). With no path asked for, every file is.
    pub selected: bool,
}

/// A repository as read from disk.
#[derive(Debug)]
pub struct Project {
    /// The folder with `kader.toml`, canonical; `None` when there is none.
    pub root: Option<PathBuf>,
    /// The folder paths are relative to: the root, or else the folder the
    /// load started from.
    pub root_dir: PathBuf,
    /// `kader.toml` as read, when there is a root.
    pub config_read: Option<Read>,
    /// The settings of `kader.toml` (the defaults without one).
    pub settings: Config,
    /// Every file, sorted by path.
    pub inputs: Vec<Input>,
    /// The `[pakketten] paden` entries outside the repository that were not
    /// read (K0405).
    pub refused: Vec<Setting<String>>,
    /// How many files were left out because there were more than
    /// [`LoadOptions::max_files`]: the last ones by path.
    pub left_out: usize,
}

/// Finds the repository of `asked` (or of `cwd` when nothing is asked),
/// reads its `kader.toml` and files. With a root, the whole repository is
/// read (every file shares one namespace, so names in the asked files
/// resolve); only the asked paths are `selected`.
pub fn load(asked: &[PathBuf], cwd: &Path, options: LoadOptions) -> Project {
    let root = discover::find_root(asked.first().map_or(cwd, PathBuf::as_path));
    load_at(root, asked, cwd, options)
}

/// Like [`load`], for a root already found (`None`: a folder without
/// `kader.toml`, read on its own with the default settings).
pub fn load_at(
    root: Option<PathBuf>,
    asked: &[PathBuf],
    cwd: &Path,
    options: LoadOptions,
) -> Project {
    let root_dir = root
        .clone()
        .unwrap_or_else(|| std::fs::canonicalize(cwd).unwrap_or(cwd.to_path_buf()));
    // kader.toml is read first: `exclude`, `paden` and `taal` shape the rest.
    let config_read = root
        .as_ref()
        .map(|r| discover::read_config_limited(r, options.max_file_size));
    let settings = match &config_read {
        Some(Read::Text(text)) | Some(Read::NotUtf8 { text, .. }) => {
            config::parse(FileId(0), text).0
        }
        _ => Config::default(),
    };
    let (inputs, refused, left_out) = gather(asked, root.as_deref(), &root_dir, &settings, options);
    Project {
        root,
        root_dir,
        config_read,
        settings,
        inputs,
        refused,
        left_out,
    }
}

impl Project {
    /// The texts to analyse: every file as read (a file that could not be
    /// read, or a link that was not followed, is empty), and `kader.toml`.
    pub fn sources(&self) -> (Vec<Source>, Option<Source>) {
        let text = |read: &Read| match read {
            Read::Text(t) | Read::NotUtf8 { text: t, .. } => t.clone(),
            Read::Failed(_) | Read::Outside { .. } | Read::TooLarge { .. } => {
                std::sync::Arc::from("")
            }
        };
        let sources = self
            .inputs
            .iter()
            .map(|i| Source::new(i.path.clone(), text(&i.read)))
            .collect();
        let config = self
            .config_read
            .as_ref()
            .map(|r| Source::new(CONFIG_FILE, text(r)));
        (sources, config)
    }

    /// Reads nothing more: analyses [`Project::sources`] and attaches what
    /// reading gave ([`report_reading`]). The flag says whether a file
    /// could not be read (K0401): part of the repository is missing.
    pub fn analyse(&self) -> (Analysis, bool) {
        self.analyse_with(kader::analyse)
    }

    /// [`Project::analyse`] with [`kader::analyse_hollow`]: for what reads
    /// the findings only (`kader check`).
    pub fn analyse_hollow(&self) -> (Analysis, bool) {
        self.analyse_with(kader::analyse_hollow)
    }

    /// [`Project::analyse`] with [`kader::analyse_syntax`]: the files
    /// parsed, nothing checked (`kader fmt`).
    pub fn analyse_syntax(&self) -> (Analysis, bool) {
        self.analyse_with(kader::analyse_syntax)
    }

    fn analyse_with(
        &self,
        analyse: fn(&[Source], Option<&Source>) -> Analysis,
    ) -> (Analysis, bool) {
        let (sources, config) = self.sources();
        let mut analysis = analyse(&sources, config.as_ref());
        let read_of = |kind: FileKind, path: &str| match kind {
            FileKind::Stdlib => None,
            FileKind::Config => self.config_read.as_ref(),
            FileKind::Policy => self
                .inputs
                .binary_search_by(|i| i.path.as_str().cmp(path))
                .ok()
                .and_then(|at| self.inputs.get(at))
                .map(|i| &i.read),
        };
        let unreadable = report_reading(&mut analysis, read_of, &self.refused);
        (analysis, unreadable)
    }
}

/// The files to analyse, sorted by path. With a repository root, that is the
/// whole repository (every file shares one namespace, so names in the asked
/// files resolve), plus the folders of `[pakketten] paden`; only the asked
/// paths are reported. Without a root, just the asked paths (or the current
/// folder). Symbolic links that lead outside the repository come back as
/// [`Read::Outside`], unread; the pack entries outside the repository that
/// `options` do not allow come back as the second list, unread. With more
/// files than `options.max_files`, only the first ones by path are read;
/// the third value is how many were left out.
fn gather(
    asked: &[PathBuf],
    root: Option<&Path>,
    root_dir: &Path,
    settings: &Config,
    options: LoadOptions,
) -> (Vec<Input>, Vec<config::Setting<String>>, usize) {
    let exclude = Exclude::new(settings.exclude.iter().map(|s| s.value.as_str()));
    let mut selected: HashSet<PathBuf> = HashSet::new();
    let mut outside: Vec<discover::Link> = Vec::new();
    for path in asked {
        let found = discover::discover(path, root_dir, root_dir, &exclude);
        selected.extend(found.files);
        selected.extend(found.outside.iter().map(|l| l.path.clone()));
        outside.extend(found.outside);
    }
    // `kader.toml` named on the command line is read as the settings (its
    // findings are always reported), not as a policy file.
    selected.retain(|p| p.file_name().is_none_or(|n| n != CONFIG_FILE));
    let mut refused = Vec::new();
    let mut all: Vec<PathBuf> = match root {
        Some(root) => {
            let found = discover::discover(root, root, root, &exclude);
            let mut all = found.files;
            outside.extend(found.outside);
            refused = refused_packs(root, settings, options);
            for pack in &settings.packs {
                let dir = root.join(&pack.value);
                if !dir.is_dir() || refused.iter().any(|r| r.span == pack.span) {
                    continue;
                }
                let boundary =
                    discover::pack_outside(root, &pack.value).unwrap_or_else(|| root.to_path_buf());
                let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
                let found = discover::discover(&dir, root, &boundary, &exclude);
                all.extend(found.files);
                outside.extend(found.outside);
            }
            all.extend(selected.iter().cloned());
            all
        }
        None if asked.is_empty() => {
            let found = discover::discover(root_dir, root_dir, root_dir, &exclude);
            outside.extend(found.outside);
            found.files
        }
        None => selected.iter().cloned().collect(),
    };
    let links: HashSet<PathBuf> = outside.iter().map(|l| l.path.clone()).collect();
    all.retain(|p| !links.contains(p));
    let everything_selected = asked.is_empty();
    let mut files: Vec<(String, PathBuf)> = all
        .drain(..)
        .map(|p| (discover::relative(&p, root_dir), p))
        .collect();
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    // Over the limit, the first files by path are read: the first of the
    // files and the links together are among the first of the files.
    let max = options.max_files.unwrap_or(usize::MAX);
    let mut left_out = files.len().saturating_sub(max);
    files.truncate(max);
    let paths: Vec<PathBuf> = files.iter().map(|(_, p)| p.clone()).collect();
    let reads = discover::read_all(&paths, options.max_file_size);
    let mut inputs: Vec<Input> = files
        .into_iter()
        .zip(reads)
        .map(|((path, full), read)| Input {
            selected: everything_selected || selected.contains(&full),
            path,
            full,
            read,
        })
        .collect();
    for link in outside {
        let path = discover::relative(&link.path, root_dir);
        if inputs.iter().any(|i| i.path == path) {
            continue;
        }
        inputs.push(Input {
            selected: everything_selected || selected.contains(&link.path),
            path,
            full: link.path.clone(),
            read: Read::Outside {
                folder: link.folder,
            },
        });
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    left_out += inputs.len().saturating_sub(max);
    inputs.truncate(max);
    (inputs, refused, left_out)
}

/// Attaches to `analysis` what reading its files gave, as `read_of(kind,
/// path)` tells (`None`: read as it is, or not from disk): K0404 on a link
/// that was not followed, K0401 on a file that could not be read, K0402 on
/// one that is not UTF-8 (whose parser findings about the replaced bytes
/// are dropped: they would only repeat it), K0406 as the only finding of a
/// file too large to read, and K0405 in `kader.toml` on each `refused` pack
/// entry. Returns whether a file could not be read (K0401, K0406): part of
/// the repository is missing. The command line and the language server both
/// report reading this way.
pub fn report_reading<'r>(
    analysis: &mut Analysis,
    read_of: impl Fn(FileKind, &str) -> Option<&'r Read>,
    refused: &[Setting<String>],
) -> bool {
    let mut unreadable = false;
    for file in &mut analysis.files {
        let mut changed = false;
        match read_of(file.kind, &file.path) {
            None | Some(Read::Text(_)) => {}
            Some(Read::Outside { folder }) => {
                let d = reading::outside_warning(file.id, &file.path, *folder);
                file.diagnostics.insert(0, d);
            }
            Some(&Read::TooLarge { size, limit }) => {
                // Its text was not analysed: this is all there is to say.
                file.diagnostics = vec![reading::too_large(file.id, size, limit)];
                unreadable = true;
            }
            Some(read) => {
                if let Read::NotUtf8 { replaced, .. } = read {
                    file.diagnostics.retain(|d| {
                        !replaced
                            .iter()
                            .any(|r| r.contains(&(d.span.start as usize)))
                    });
                }
                if let Some(d) = reading::read_diagnostic(file.id, &file.path, read) {
                    unreadable |= d.code == reading::UNREADABLE;
                    file.diagnostics.push(d);
                    changed = true;
                }
            }
        }
        if file.kind == FileKind::Config {
            for entry in refused {
                let span = Span::new(file.id, entry.span.start as usize, entry.span.end as usize);
                file.diagnostics
                    .push(reading::pack_refused(span, &entry.value));
                changed = true;
            }
        }
        if changed {
            file.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        }
    }
    unreadable
}

/// The `[pakketten] paden` entries of `settings` that lie outside the
/// repository at `root` and that `options` do not allow: they are not
/// read, and get K0405.
pub fn refused_packs(root: &Path, settings: &Config, options: LoadOptions) -> Vec<Setting<String>> {
    if options.external_packs {
        return Vec::new();
    }
    settings
        .packs
        .iter()
        .filter(|p| {
            root.join(&p.value).is_dir() && discover::pack_outside(root, &p.value).is_some()
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A repository with `kader.toml` and the given files, in a fresh
    /// folder named after `name`.
    fn repository(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kader-project-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("beleid")).unwrap();
        fs::write(dir.join(CONFIG_FILE), "[project]\n").unwrap();
        for (path, text) in files {
            fs::write(dir.join(path), text).unwrap();
        }
        fs::canonicalize(&dir).unwrap()
    }

    #[test]
    fn over_the_file_limit_the_first_files_by_path_are_read() {
        let root = repository(
            "max-files",
            &[
                ("beleid/c.kader", ""),
                ("beleid/a.kader", ""),
                ("beleid/b.kader", ""),
            ],
        );
        let options = LoadOptions {
            max_files: Some(2),
            ..LoadOptions::default()
        };
        let project = load_at(Some(root.clone()), &[], &root, options);
        let paths: Vec<&str> = project.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["beleid/a.kader", "beleid/b.kader"]);
        assert_eq!(project.left_out, 1);
        // Without a limit every file is read.
        let all = load_at(Some(root.clone()), &[], &root, LoadOptions::default());
        assert_eq!((all.inputs.len(), all.left_out), (3, 0));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_file_over_the_size_limit_gets_one_finding_and_is_not_analysed() {
        let broken = "beleid x {\n    onbekend_veld: 3\n}\n";
        let root = repository("max-size", &[("beleid/a.kader", broken)]);
        let at = |limit: usize| LoadOptions {
            max_file_size: Some(limit as u64),
            ..LoadOptions::default()
        };
        // At the limit the file is read and analysed.
        let project = load_at(Some(root.clone()), &[], &root, at(broken.len()));
        let (analysis, unreadable) = project.analyse();
        let file = analysis.policy_files().next().unwrap();
        assert!(!unreadable);
        assert!(file.diagnostics.len() > 1, "{:?}", file.diagnostics);
        assert!(file
            .diagnostics
            .iter()
            .all(|d| d.code != reading::TOO_LARGE));
        // One byte over, it is not.
        let project = load_at(Some(root.clone()), &[], &root, at(broken.len() - 1));
        let (analysis, unreadable) = project.analyse();
        let file = analysis.policy_files().next().unwrap();
        assert!(unreadable);
        let codes: Vec<_> = file.diagnostics.iter().map(|d| d.code.clone()).collect();
        assert_eq!(codes, [reading::TOO_LARGE]);
        fs::remove_dir_all(&root).unwrap();
    }
}
