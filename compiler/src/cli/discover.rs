//! Finding a policy repository on disk: its root (the folder with
//! `kader.toml`), its `.kader` files, and reading them.
//!
//! Discovery is deterministic: files are sorted by their path relative to the
//! root. Hidden folders, `target/`, `node_modules/` and the folders listed in
//! `[project] exclude` are skipped; symbolic links to folders are followed,
//! but a folder already visited (a link loop) is not entered twice. Reading
//! happens in parallel and never fails as a whole: a file that cannot be read
//! or is not UTF-8 comes back with a diagnostic for the caller to attach.

use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// The name of the settings file that marks a repository root.
pub const CONFIG_FILE: &str = "kader.toml";

/// The extension of policy files.
pub const EXTENSION: &str = "kader";

/// Folders never searched, besides hidden ones.
const SKIPPED: &[&str] = &["target", "node_modules"];

/// The nearest folder at or above `start` that holds a `kader.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let start = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or(start)
    } else {
        start
    };
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
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

    fn excludes(&self, relative: &str) -> bool {
        self.folders.iter().any(|f| f == relative)
    }
}

/// Every `.kader` file at or below `start` (a folder or a single file),
/// sorted. `root` is the repository root that `exclude` is relative to. A
/// `start` that is a file is returned whatever its name.
pub fn discover(start: &Path, root: &Path, exclude: &Exclude) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if start.is_file() {
        out.push(start.to_path_buf());
        return out;
    }
    let mut visited = HashSet::new();
    walk(start, root, exclude, &mut visited, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(
    dir: &Path,
    root: &Path,
    exclude: &Exclude,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) {
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
        if meta.is_dir() {
            if name.starts_with('.') || SKIPPED.contains(&name.as_ref()) {
                continue;
            }
            if exclude.excludes(&relative(&path, root)) {
                continue;
            }
            walk(&path, root, exclude, visited, out);
        } else if meta.is_file() && path.extension().is_some_and(|e| e == EXTENSION) {
            out.push(path);
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

/// What reading one file gave.
#[derive(Debug)]
pub enum Read {
    /// The file's text.
    Text(String),
    /// The file is not UTF-8. `text` is the lossy decoding (each bad
    /// sequence replaced by U+FFFD), identical to the bytes before `offset`,
    /// the position of the first invalid byte. `replaced` holds the byte
    /// ranges of `text` where a U+FFFD stands for bad bytes.
    NotUtf8 {
        text: String,
        offset: usize,
        replaced: Vec<Range<usize>>,
    },
    /// The file could not be read.
    Failed(io::Error),
}

/// Reads one file.
pub fn read(path: &Path) -> Read {
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Read::Text(text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let (text, replaced) = decode_lossy(e.as_bytes());
                Read::NotUtf8 {
                    text,
                    offset,
                    replaced,
                }
            }
        },
        Err(e) => Read::Failed(e),
    }
}

/// Decodes `bytes` as UTF-8, replacing each invalid sequence by U+FFFD the
/// way `String::from_utf8_lossy` does, and says where the replacements are.
fn decode_lossy(bytes: &[u8]) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let at = text.len();
            text.push(char::REPLACEMENT_CHARACTER);
            replaced.push(at..text.len());
        }
    }
    (text, replaced)
}

/// Reads every file in parallel, keeping the order.
pub fn read_all(paths: &[PathBuf]) -> Vec<Read> {
    paths.par_iter().map(|p| read(p)).collect()
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
                assert_eq!(text, "ab\u{FFFD}cd");
                assert_eq!(replaced, vec![Range { start: 2, end: 5 }]);
            }
            other => panic!("{other:?}"),
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn lossy_decoding_matches_the_standard_library() {
        let bytes = b"a\xE9b\xF0\x9F\x98c\xFF\xFE\xC3\xA9";
        let (text, replaced) = decode_lossy(bytes);
        assert_eq!(text, String::from_utf8_lossy(bytes));
        for r in &replaced {
            assert_eq!(&text[r.clone()], "\u{FFFD}");
        }
        assert_eq!(replaced.len(), text.matches('\u{FFFD}').count());
    }
}
