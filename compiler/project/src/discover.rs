//! Finding a policy repository on disk: its root (the folder with
//! `kader.toml`), its `.kader` files, and reading them.
//!
//! Discovery is deterministic: files are sorted by their path relative to the
//! root. Hidden folders, `target/`, `node_modules/` and the folders listed in
//! `[project] exclude` are skipped; symbolic links to folders are followed,
//! but a folder already visited (a link loop) is not entered twice. Reading
//! happens in parallel and never fails as a whole: a file that cannot be read
//! or is not UTF-8 comes back with a diagnostic for the caller to attach.
//!
//! Nothing outside the repository is read. A repository is checked in CI on
//! pull requests from anyone, so a symbolic link (to a file or a folder)
//! whose target lies outside the root is not followed: it is listed in
//! [`Found::outside`] and reported as K0404, naming the link and never its
//! target. A `[pakketten] paden` folder outside the root is refused (K0405)
//! unless the command line allows it ([`pack_outside`]).

use kader::reading::{decode_lossy, Read};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The name of the settings file that marks a repository root.
pub const CONFIG_FILE: &str = "kader.toml";

/// The extension of policy files.
pub const EXTENSION: &str = "kader";

/// Folders never searched, besides hidden ones.
const SKIPPED: &[&str] = &["target", "node_modules"];

/// The nearest folder at or above `start` that holds a `kader.toml`, in
/// canonical form. It is looked for where `start` is written to be, not
/// where a symbolic link there points: a link inside a repository belongs
/// to that repository (and is not followed out of it).
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = match std::env::current_dir() {
        Ok(cwd) => lexical(start, &cwd),
        Err(_) => fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf()),
    };
    let start = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or(start)
    } else {
        start
    };
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(|dir| fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved as
/// written: no symbolic link is followed.
pub fn lexical(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Which folders to leave out, as paths relative to the root.
#[derive(Debug, Default)]
pub struct Exclude {
    folders: Vec<String>,
}

impl Exclude {
    /// `entries` are folder paths relative to the root, as written in
    /// `[project] exclude` (`"concepten/"`, `"oud/2023"`).
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> Exclude {
        let folders = entries
            .into_iter()
            .map(|e| {
                e.trim()
                    .trim_start_matches("./")
                    .trim_end_matches('/')
                    .replace('\\', "/")
            })
            .filter(|e| !e.is_empty())
            .collect();
        Exclude { folders }
    }

    /// Whether the folder `relative` (to the root, with `/`) is left out.
    pub fn excludes(&self, relative: &str) -> bool {
        self.folders.iter().any(|f| f == relative)
    }
}

/// What discovery found below a folder.
#[derive(Debug, Default)]
pub struct Found {
    /// The `.kader` files, sorted.
    pub files: Vec<PathBuf>,
    /// Symbolic links (to a `.kader` file or to a folder) whose target lies
    /// outside the boundary, sorted: not followed, not read.
    pub outside: Vec<Link>,
}

/// A symbolic link that points outside the repository.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The link itself (not its target).
    pub path: PathBuf,
    /// Whether it points to a folder.
    pub folder: bool,
}

/// Every `.kader` file at or below `start` (a folder or a single file),
/// sorted. `root` is the repository root that `exclude` is relative to;
/// `boundary` is the folder no symbolic link may lead out of (the root, or
/// an allowed pack folder outside it), in canonical form. A `start` that is
/// a file is returned whatever its name.
pub fn discover(start: &Path, root: &Path, boundary: &Path, exclude: &Exclude) -> Found {
    let mut found = Found::default();
    // A path asked for by name that lies in the repository as written but
    // leads out of it.
    if start.starts_with(boundary) && !inside(start, boundary) {
        found.outside.push(Link {
            path: start.to_path_buf(),
            folder: start.is_dir(),
        });
        return found;
    }
    if start.is_file() {
        found.files.push(start.to_path_buf());
        return found;
    }
    let mut visited = HashSet::new();
    let walk = Walk {
        root,
        boundary,
        exclude,
    };
    walk.walk(start, &mut visited, &mut found);
    found.files.sort();
    found.files.dedup();
    found.outside.sort();
    found.outside.dedup();
    found
}

/// Whether `path`, with every symbolic link in it resolved, lies at or below
/// `boundary` (a canonical folder). A path that cannot be resolved (a
/// dangling link) is not inside.
pub fn inside(path: &Path, boundary: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|real| real.starts_with(boundary))
}

/// Whether `path` is a symbolic link that leads outside `boundary`.
pub fn escapes(path: &Path, boundary: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !inside(path, boundary)
}

/// The folder of a `[pakketten] paden` entry when it lies outside `root`
/// (after resolving `..` and symbolic links), else `None`. Such a folder is
/// read only when the command line allows it.
pub fn pack_outside(root: &Path, entry: &str) -> Option<PathBuf> {
    let dir = root.join(entry);
    let real = fs::canonicalize(&dir).ok()?;
    (!real.starts_with(root)).then_some(real)
}

struct Walk<'a> {
    root: &'a Path,
    boundary: &'a Path,
    exclude: &'a Exclude,
}

impl Walk<'_> {
    fn walk(&self, dir: &Path, visited: &mut HashSet<PathBuf>, found: &mut Found) {
        // A folder reached twice (through a symbolic link) is entered once.
        let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !visited.insert(real) {
            return;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // `metadata` follows symbolic links; a dangling link is skipped.
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            let link = entry.file_type().is_ok_and(|t| t.is_symlink());
            // A link is followed only when its target stays inside.
            let outside = |folder: bool| {
                (link && !inside(&path, self.boundary)).then(|| Link {
                    path: path.clone(),
                    folder,
                })
            };
            if meta.is_dir() {
                if name.starts_with('.') || SKIPPED.contains(&name.as_ref()) {
                    continue;
                }
                if self.exclude.excludes(&relative(&path, self.root)) {
                    continue;
                }
                match outside(true) {
                    Some(link) => found.outside.push(link),
                    None => self.walk(&path, visited, found),
                }
            } else if meta.is_file() && path.extension().is_some_and(|e| e == EXTENSION) {
                match outside(false) {
                    Some(link) => found.outside.push(link),
                    None => found.files.push(path),
                }
            }
        }
    }
}

/// `path` relative to `root` with `/` separators; a path outside the root
/// keeps its full form.
pub fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::CurDir => None,
            Component::RootDir => Some(String::new()),
            other => Some(other.as_os_str().to_string_lossy().into_owned()),
        })
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A file's bytes as its text, or as text with the bytes that are not
/// UTF-8 replaced and the first such offset (K0402): from the disk and
/// from a revision in git alike.
pub(crate) fn decode(bytes: Vec<u8>) -> Read {
    match String::from_utf8(bytes) {
        Ok(text) => Read::Text(text.into()),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let (text, replaced) = decode_lossy(e.as_bytes());
            Read::NotUtf8 {
                text: text.into(),
                offset,
                replaced,
            }
        }
    }
}

/// Reads one file.
pub fn read(path: &Path) -> Read {
    read_limited(path, None)
}

/// Reads one file, unless it is larger than `limit` bytes: then it comes
/// back as [`Read::TooLarge`] without its text. The size is taken from the
/// open file before reading, and the reading stops after `limit + 1`
/// bytes, so a file that grows meanwhile cannot make it read more.
pub fn read_limited(path: &Path, limit: Option<u64>) -> Read {
    let bytes = match limit {
        None => fs::read(path),
        Some(limit) => match read_at_most(path, limit) {
            Ok(Ok(bytes)) => Ok(bytes),
            Ok(Err(size)) => return Read::TooLarge { size, limit },
            Err(e) => Err(e),
        },
    };
    match bytes {
        Ok(bytes) => decode(bytes),
        Err(e) => Read::Failed(e),
    }
}

/// The bytes of the file at `path`, or `Err(size)` when it holds more than
/// `limit` bytes.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read as _;
    let file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    Ok(if read > limit { Err(read) } else { Ok(bytes) })
}

/// Reads the `kader.toml` of `root`, unless it is a symbolic link that
/// leads outside the repository.
pub fn read_config(root: &Path) -> Read {
    read_config_limited(root, None)
}

/// [`read_config`], with a size limit as in [`read_limited`].
pub fn read_config_limited(root: &Path, limit: Option<u64>) -> Read {
    let path = root.join(CONFIG_FILE);
    if escapes(&path, root) {
        return Read::Outside { folder: false };
    }
    read_limited(&path, limit)
}

/// Reads every file in parallel, keeping the order; files larger than
/// `limit` bytes are not read ([`read_limited`]).
pub fn read_all(paths: &[PathBuf], limit: Option<u64>) -> Vec<Read> {
    paths.par_iter().map(|p| read_limited(p, limit)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_slashes() {
        let root = Path::new("/a/b");
        assert_eq!(relative(Path::new("/a/b/c/d.kader"), root), "c/d.kader");
        assert_eq!(relative(Path::new("/a/b"), root), ".");
        assert_eq!(relative(Path::new("/x/y.kader"), root), "/x/y.kader");
    }

    #[test]
    fn lexical_paths_resolve_dots_as_written() {
        let cwd = Path::new("/r/a");
        assert_eq!(lexical(Path::new("b/../c/./d"), cwd), Path::new("/r/a/c/d"));
        assert_eq!(lexical(Path::new("../x"), cwd), Path::new("/r/x"));
        assert_eq!(lexical(Path::new("/y/./z"), cwd), Path::new("/y/z"));
    }

    #[test]
    fn exclude_entries_are_normalised() {
        let ex = Exclude::new(["concepten/", "./oud/2023", " "]);
        assert!(ex.excludes("concepten"));
        assert!(ex.excludes("oud/2023"));
        assert!(!ex.excludes("oud"));
        assert!(!ex.excludes(""));
    }

    #[test]
    fn invalid_utf8_reports_the_first_bad_byte() {
        let dir = std::env::temp_dir().join(format!("kader-read-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.kader");
        fs::write(&file, b"ab\xE9cd").unwrap();
        match read(&file) {
            Read::NotUtf8 {
                text,
                offset,
                replaced,
            } => {
                assert_eq!(offset, 2);
                assert_eq!(&*text, "ab\u{FFFD}cd");
                assert_eq!(replaced, vec![std::ops::Range { start: 2, end: 5 }]);
            }
            other => panic!("{other:?}"),
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let dir = std::env::temp_dir().join(format!("kader-limit-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.kader");
        fs::write(&file, "abcd").unwrap();
        assert!(matches!(read_limited(&file, Some(4)), Read::Text(t) if &*t == "abcd"));
        assert!(matches!(read_limited(&file, None), Read::Text(t) if &*t == "abcd"));
        assert!(matches!(
            read_limited(&file, Some(3)),
            Read::TooLarge { size: 4, limit: 3 }
        ));
        fs::remove_dir_all(&dir).unwrap();
    }
}
