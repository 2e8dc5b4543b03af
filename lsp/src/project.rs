//! Where a repository's files come from when no editor holds them: the
//! disk, found and read by the loader the command line uses
//! ([`kader_project`]).
//!
//! This is the only module of the server that uses discovery or reads a
//! repository's files, so what the server reads is what `kader check`
//! reads: nothing outside the repository root. A symbolic link that leads
//! out is never followed and becomes an empty file with K0404; pack folders
//! outside the root are refused with K0405 unless the editor's settings
//! allow them (`allowExternalPacks`, as `--sta-pakketten-buiten-toe` on the
//! command line). It knows nothing of the server's state: it answers with
//! paths, addresses and texts.

use kader::config::Setting;
use kader::{Analysis, FileId, FileKind};
use kader_project::{discover, LoadOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp::lsp_types::Url;

/// The name of a repository's settings file, and the path the compiler
/// reports for it.
pub const CONFIG_FILE: &str = discover::CONFIG_FILE;

/// One file of a repository as the disk gives it.
#[derive(Debug)]
pub enum Read {
    /// Its text (a file that is not UTF-8 in its lossy decoding).
    Text(std::sync::Arc<str>),
    /// A symbolic link whose target lies outside the repository: not read.
    Outside {
        /// Whether it points to a folder.
        folder: bool,
    },
    /// A file larger than the size limit (`maxFileSize`): not read, K0406.
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
}

impl Read {
    /// The server's view of what the loader read; `None` for a file that
    /// could not be read.
    fn from_disk(read: kader::reading::Read) -> Option<Read> {
        use kader::reading::Read as Disk;
        match read {
            Disk::Text(text) | Disk::NotUtf8 { text, .. } => Some(Read::Text(text)),
            Disk::Outside { folder } => Some(Read::Outside { folder }),
            Disk::TooLarge { size, .. } => Some(Read::TooLarge { size }),
            Disk::Failed(_) => None,
        }
    }
}

/// What is read of a repository: `kader.toml` and every `.kader` file.
#[derive(Debug, Default)]
pub struct Repository {
    pub config: Option<(Url, Read)>,
    pub files: Vec<(Url, Read)>,
    /// How many `.kader` files were left out: there were more than
    /// `maxFiles` (the last ones by path).
    pub left_out: usize,
}

/// Reads the repository at `root` with the shared loader: `kader.toml`,
/// every `.kader` file (without the excluded folders) and the files of the
/// `[pakketten] paden` packs `options` allow, links that lead out of the
/// root as [`Read::Outside`], files over the size limit as
/// [`Read::TooLarge`], and no more files than the file limit (the first
/// ones by path). Files that cannot be read are left out.
pub fn read_repository(root: &Path, options: LoadOptions) -> Repository {
    use kader::reading::Read as Disk;
    let loaded = kader_project::load_at(Some(root.to_path_buf()), &[], root, options);
    let mut repository = Repository {
        left_out: loaded.left_out,
        ..Repository::default()
    };
    if let Ok(uri) = Url::from_file_path(root.join(CONFIG_FILE)) {
        // A `kader.toml` that is not UTF-8 is read as if absent, as before.
        let read = loaded
            .config_read
            .filter(|r| !matches!(r, Disk::NotUtf8 { .. }))
            .and_then(Read::from_disk);
        repository.config = read.map(|read| (uri, read));
    }
    for input in loaded.inputs {
        let Some(read) = Read::from_disk(input.read) else {
            continue;
        };
        if let Ok(uri) = Url::from_file_path(&input.full) {
            repository.files.push((uri, read));
        }
    }
    repository
}

/// The repository a file lies in: the nearest folder at or above it with
/// a `kader.toml`.
pub fn find_root(path: &Path) -> Option<PathBuf> {
    discover::find_root(path)
}

/// The repository roots of a workspace folder: the nearest `kader.toml` at
/// or above it, else every `kader.toml` below it, else the folder itself.
pub fn roots_of(folder: &Path) -> Vec<PathBuf> {
    if let Some(root) = discover::find_root(folder) {
        return vec![root];
    }
    let mut found = Vec::new();
    find_configs(folder, 0, &mut found);
    if found.is_empty() {
        found.push(folder.to_path_buf());
    }
    found
}

fn find_configs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 4 {
        return;
    }
    if dir.join(CONFIG_FILE).is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && name != "target" && name != "node_modules"
        })
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        find_configs(&d, depth + 1, out);
    }
}

/// True when `uri` is the `kader.toml` of the repository at `root`.
pub fn is_config(root: &Path, uri: &Url) -> bool {
    uri.to_file_path()
        .is_ok_and(|p| p == root.join(CONFIG_FILE))
}

/// What a changed file on disk is to the server, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watched {
    /// A `kader.toml`.
    Config,
    /// A `.kader` file.
    Policy,
    /// Anything else.
    Other,
}

pub fn watched(path: &Path) -> Watched {
    if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
        Watched::Config
    } else if path.extension().is_some_and(|e| e == discover::EXTENSION) {
        Watched::Policy
    } else {
        Watched::Other
    }
}

/// The text on disk of a file an editor closed, unless it is larger than
/// `limit` bytes ([`Read::TooLarge`]).
pub fn read_closed(uri: &Url, limit: Option<u64>) -> Option<Read> {
    let path = uri.to_file_path().ok()?;
    Read::from_disk(discover::read_limited(&path, limit))
}

/// The text on disk of a file that changed outside the editor, unless it
/// is larger than `limit` bytes ([`Read::TooLarge`]). A file of the
/// repository at `root` reached through a link that leads outside it is
/// not read.
pub fn read_changed(path: &Path, root: Option<&Path>, limit: Option<u64>) -> Option<Read> {
    if root.is_some_and(|root| !discover::inside(path, root)) {
        return None;
    }
    Read::from_disk(discover::read_limited(path, limit))
}

/// The path the compiler reports for a file: relative to the root, with
/// `/`.
pub fn source_path(root: Option<&Path>, uri: &Url) -> String {
    match (root, uri.to_file_path()) {
        (Some(root), Ok(path)) => discover::relative(&path, root),
        (None, Ok(path)) => path.to_string_lossy().into_owned(),
        _ => uri.to_string(),
    }
}

/// The `[pakketten] paden` entries of a `kader.toml` text that lie outside
/// the repository at `root` and are not allowed: they get K0405 (see
/// [`add_findings`]).
pub fn refused_packs(root: &Path, config: &str, options: LoadOptions) -> Vec<Setting<String>> {
    let (config, _) = kader::config::parse(FileId(0), config);
    kader_project::refused_packs(root, &config, options)
}

/// Adds to an analysis what reading the repository found, the way the
/// command line reports it ([`kader_project::report_reading`]): K0404 on
/// the sources in `outside` (path, and whether the link is to a folder),
/// K0406 as the only finding of the sources in `too_large` (path, and size
/// in bytes, over `limit`), K0405 in `kader.toml` on each `refused` pack
/// entry.
pub fn add_findings(
    analysis: &mut Analysis,
    outside: &[(String, bool)],
    too_large: &[(String, u64)],
    limit: u64,
    refused: &[Setting<String>],
) {
    use kader::reading::Read as Disk;
    let outside = outside
        .iter()
        .map(|(path, folder)| (path.as_str(), Disk::Outside { folder: *folder }));
    let too_large = too_large
        .iter()
        .map(|(path, size)| (path.as_str(), Disk::TooLarge { size: *size, limit }));
    let reads: HashMap<&str, Disk> = outside.chain(too_large).collect();
    kader_project::report_reading(
        analysis,
        |kind, path| match kind {
            FileKind::Stdlib => None,
            FileKind::Config | FileKind::Policy => reads.get(path),
        },
        refused,
    );
}

/// What changed in `policy` since the commit in which the FG's advice on
/// it was recorded, as Markdown, compared with `analysis` (the editor's
/// texts): `kader diff --sinds-advies` in the editor. Otherwise what to
/// say (no recorded advice, no such commit, no git).
pub fn changes_since_advice(
    root: &Path,
    analysis: &Analysis,
    policy: &str,
    options: LoadOptions,
    taal: kader::Taal,
) -> Result<String, kader::Text> {
    let Some((_, item)) = analysis.policies().find(|(_, p)| p.name() == Some(policy)) else {
        return Err(kader::text!(
            "Er is geen beleid `{policy}` meer in deze repository.",
            "There is no policy `{policy}` in this repository any more."
        ));
    };
    let commit = kader_project::git::advice_commit(root, analysis, item)?;
    let old = kader_project::git::load_revision(root, &commit, options).map_err(|e| e.message())?;
    let changes = kader::report::diff::compare(&old.analyse().0, analysis, taal).about(policy);
    Ok(kader::report::diff::markdown(&changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_of_a_folder_above_or_below_repositories() {
        let dir = std::env::temp_dir().join(format!("kader-lsp-roots-{}", std::process::id()));
        let a = dir.join("a");
        let b = dir.join("diep/b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(b.join("beleid")).unwrap();
        std::fs::write(a.join("kader.toml"), "").unwrap();
        std::fs::write(b.join("kader.toml"), "").unwrap();
        // A folder holding two repositories serves both.
        assert_eq!(roots_of(&dir), vec![a.clone(), b.clone()]);
        // A folder inside a repository serves that repository.
        let inner = roots_of(&b.join("beleid"));
        assert_eq!(inner.len(), 1);
        assert!(inner[0].ends_with("diep/b"), "{inner:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
