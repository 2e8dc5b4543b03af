//! Reading a repository as it was at a revision of git: the same files
//! discovery takes from disk (`.kader` files and `kader.toml`, the same
//! skipped and excluded folders, the packs inside the repository), into the
//! same [`Project`] shape [`load`](crate::load) gives, so both versions of a
//! repository are analysed identically (`kader diff`).
//!
//! The `git` program is run with its arguments as a list (no shell), and
//! the revision is checked first: one that starts with `-` would be read as
//! an option and is refused. Files are read from git's object store, never
//! from the disk, and a symbolic link in the tree (mode `120000`) is never
//! followed: it becomes an empty file with the K0404 note naming the link,
//! as discovery treats a link out of the repository. A `[pakketten] paden`
//! folder outside the repository has no history there: it is refused
//! ([`Project::refused`], K0405) as on disk, or, when the person running
//! kader allows it, read from disk as the working tree reads it, so that
//! both versions run the same rules.

use crate::discover::{Exclude, CONFIG_FILE, EXTENSION};
use crate::{LoadOptions, Project};
use kader::config::{self, Config};
use kader::reading::Read;
use kader::{text, FileId, Text};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a revision could not be read.
#[derive(Debug)]
pub enum GitError {
    /// The `git` program is not installed (or cannot be started).
    NotInstalled,
    /// The folder is not inside a git repository.
    NotARepository,
    /// The revision does not name a commit.
    UnknownRevision(String),
    /// The revision starts with `-` and would be read as an option.
    BadRevision(String),
    /// git failed otherwise; what it said.
    Failed(String),
}

impl GitError {
    /// What went wrong and what to do, in both languages.
    pub fn message(&self) -> Text {
        match self {
            GitError::NotInstalled => text!(
                "Het programma `git` is niet gevonden. Installeer git om versies te vergelijken.",
                "The program `git` was not found. Install git to compare versions."
            ),
            GitError::NotARepository => text!(
                "Deze map hoort niet bij een git-repository. Geef de opdracht in de map van de beleidsrepository.",
                "This folder is not part of a git repository. Run the command in the folder of the policy repository."
            ),
            GitError::UnknownRevision(rev) => text!(
                "De versie `{rev}` is onbekend in deze repository. Geef een bestaande tak, tag of commit, bijvoorbeeld `main` of `origin/main` (haal die eerst op met `git fetch`).",
                "The revision `{rev}` is unknown in this repository. Give an existing branch, tag or commit, for example `main` or `origin/main` (fetch it first with `git fetch`)."
            ),
            GitError::BadRevision(rev) => text!(
                "`{rev}` is geen versie: een versie begint niet met `-`.",
                "`{rev}` is not a revision: a revision does not start with `-`."
            ),
            GitError::Failed(what) => text!(
                "git kon de versie niet lezen: {what}",
                "git could not read the revision: {what}"
            ),
        }
    }
}

/// Runs `git` in `dir` with `args` and returns its standard output.
fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|_| GitError::NotInstalled)?;
    // The input is written on its own thread: git answers while it reads,
    // and a full pipe on both sides would wait forever.
    let writer = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => {
            let bytes = bytes.to_vec();
            Some(std::thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            }))
        }
        _ => None,
    };
    let output = child
        .wait_with_output()
        .map_err(|e| GitError::Failed(e.to_string()))?;
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        Err(GitError::Failed(said.trim().to_string()))
    }
}

/// The top folder of the git repository that holds `dir`.
fn toplevel(dir: &Path) -> Result<PathBuf, GitError> {
    let out = git(dir, &["rev-parse", "--show-toplevel"], None).map_err(|e| match e {
        GitError::Failed(_) => GitError::NotARepository,
        other => other,
    })?;
    let top = String::from_utf8_lossy(&out).trim().to_string();
    Ok(std::fs::canonicalize(&top).unwrap_or_else(|_| PathBuf::from(top)))
}

/// The commit a revision names.
fn commit(dir: &Path, revision: &str) -> Result<String, GitError> {
    if revision.starts_with('-') || revision.is_empty() || revision.contains('\0') {
        return Err(GitError::BadRevision(revision.to_string()));
    }
    let asked = format!("{revision}^{{commit}}");
    let out =
        git(dir, &["rev-parse", "--verify", "--quiet", &asked], None).map_err(|e| match e {
            GitError::Failed(_) => GitError::UnknownRevision(revision.to_string()),
            other => other,
        })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// One entry of a tree, as `git ls-tree` lists it.
struct Entry {
    mode: String,
    object: String,
    /// Relative to the repository root, with `/`.
    path: String,
}

/// Every file below `prefix` (relative to the git top, with a trailing `/`
/// or empty) in the commit, with paths relative to `prefix`.
fn tree(top: &Path, commit: &str, prefix: &str) -> Result<Vec<Entry>, GitError> {
    let treeish = if prefix.is_empty() {
        commit.to_string()
    } else {
        format!("{commit}:{}", prefix.trim_end_matches('/'))
    };
    let out = match git(top, &["ls-tree", "-r", "-z", &treeish], None) {
        Ok(out) => out,
        // The repository's folder did not exist at that revision.
        Err(GitError::Failed(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut entries = Vec::new();
    for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some(_kind), Some(object)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        entries.push(Entry {
            mode: mode.to_string(),
            object: object.to_string(),
            path: path.to_string(),
        });
    }
    Ok(entries)
}

/// The contents of the blobs `objects`, in order, read with one `git
/// cat-file --batch`; a blob larger than `limit` comes back as its size.
fn blobs(
    top: &Path,
    objects: &[&str],
    limit: Option<u64>,
) -> Result<Vec<Result<Vec<u8>, u64>>, GitError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = objects.join("\n");
    input.push('\n');
    let out = git(top, &["cat-file", "--batch"], Some(input.as_bytes()))?;
    let mut rest: &[u8] = &out;
    let mut contents = Vec::with_capacity(objects.len());
    for _ in objects {
        let header_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| GitError::Failed("cat-file".to_string()))?;
        let header = String::from_utf8_lossy(rest.get(..header_end).unwrap_or_default());
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| GitError::Failed(header.to_string()))?;
        let start = header_end + 1;
        let body = rest
            .get(start..start + size)
            .ok_or_else(|| GitError::Failed("cat-file".to_string()))?;
        contents.push(match limit {
            Some(limit) if size as u64 > limit => Err(size as u64),
            _ => Ok(body.to_vec()),
        });
        // The content is followed by a newline.
        rest = rest.get(start + size + 1..).unwrap_or_default();
    }
    Ok(contents)
}

/// The text of a blob as discovery reads a file.
fn read_bytes(bytes: Result<Vec<u8>, u64>, limit: Option<u64>) -> Read {
    match bytes {
        Err(size) => Read::TooLarge {
            size,
            limit: limit.unwrap_or_default(),
        },
        Ok(bytes) => crate::discover::decode(bytes),
    }
}

/// Whether discovery walks into the folder of `path` (relative to the
/// root): no hidden folder, no `target/` or `node_modules/`, nothing in
/// `[project] exclude`. `from` is how many leading folders to pass over (a
/// pack's own folder is read whatever its name).
fn walked(path: &str, exclude: &Exclude, from: usize) -> bool {
    let folders: Vec<&str> = path.split('/').collect();
    let folders = folders
        .get(..folders.len().saturating_sub(1))
        .unwrap_or(&[]);
    let mut at = String::new();
    for (i, folder) in folders.iter().enumerate() {
        if !at.is_empty() {
            at.push('/');
        }
        at.push_str(folder);
        if i < from {
            continue;
        }
        if folder.starts_with('.') || matches!(*folder, "target" | "node_modules") {
            return false;
        }
        if exclude.excludes(&at) {
            return false;
        }
    }
    true
}

/// `entry` (a `[pakketten] paden` folder, relative to the root) as a
/// folder path relative to the root with `/`, when it stays inside.
fn inside_root(entry: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in Path::new(entry).components() {
        match part {
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// The latest commit that added or removed `needle` in the files below
/// `root` (`git log -S`): the commit in which a fingerprint of the FG's
/// advice was recorded. `None` when no commit did (the text is only in the
/// working tree, not committed yet).
pub fn last_commit_with(root: &Path, needle: &str) -> Result<Option<String>, GitError> {
    if needle.is_empty() || needle.contains('\0') {
        return Ok(None);
    }
    toplevel(root)?;
    let pickaxe = format!("-S{needle}");
    let out = git(
        root,
        &["log", "-n", "1", "--format=%H", &pickaxe, "--", "."],
        None,
    )?;
    let commit = String::from_utf8_lossy(&out).trim().to_string();
    Ok((!commit.is_empty()).then_some(commit))
}

/// The commit in which the fingerprint a policy records in
/// `fg_advies_over` (the FG's advice) was written down, or what to say
/// when there is none: `kader diff --sinds-advies` and the editor's
/// "what changed since the advice" compare with it.
pub fn advice_commit(
    root: &Path,
    analysis: &kader::Analysis,
    policy: &kader::check::CheckedItem,
) -> Result<String, Text> {
    let name = policy.name().unwrap_or_default();
    let Some(recorded) = analysis.text_field(policy, "fg_advies_over") else {
        return Err(text!(
            "`{name}` legt geen vingerafdruk van het advies van de FG vast (`fg_advies_over`), dus er is geen advies om mee te vergelijken.",
            "`{name}` records no fingerprint of the DPO's advice (`dpo_advice_on`), so there is no advice to compare with."
        ));
    };
    match last_commit_with(root, recorded) {
        Ok(Some(commit)) => Ok(commit),
        Ok(None) => Err(text!(
            "Geen commit legt de vingerafdruk `{recorded}` van `{name}` vast; is het advies al vastgelegd met een commit? Vergelijk anders met `kader diff` en een versie.",
            "No commit records the fingerprint `{recorded}` of `{name}`; has the advice been committed yet? Otherwise compare with `kader diff` and a revision."
        )),
        Err(e) => Err(e.message()),
    }
}

/// Reads the repository whose root is `root` (the folder with `kader.toml`
/// in the working tree, or the folder `kader diff` runs in) as it was at
/// `revision`.
pub fn load_revision(
    root: &Path,
    revision: &str,
    options: LoadOptions,
) -> Result<Project, GitError> {
    let top = toplevel(root)?;
    let commit = commit(&top, revision)?;
    let root_dir = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let prefix = match root_dir.strip_prefix(&top) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("{}/", crate::discover::relative(rel, Path::new(""))),
        Err(_) => String::new(),
    };
    let entries = tree(&top, &commit, &prefix)?;
    let link = |e: &Entry| e.mode == "120000";
    let regular = |e: &Entry| e.mode.starts_with("100");
    // kader.toml first: `exclude`, `paden` and `taal` shape the rest.
    let config_entry = entries.iter().find(|e| e.path == CONFIG_FILE);
    let config_read = match config_entry {
        Some(e) if link(e) => Some(Read::Outside { folder: false }),
        Some(e) if regular(e) => {
            let bytes = blobs(&top, &[e.object.as_str()], options.max_file_size)?;
            bytes
                .into_iter()
                .next()
                .map(|b| read_bytes(b, options.max_file_size))
        }
        _ => None,
    };
    let settings = match &config_read {
        Some(Read::Text(text)) | Some(Read::NotUtf8 { text, .. }) => {
            config::parse(FileId(0), text).0
        }
        _ => Config::default(),
    };
    let exclude = Exclude::new(settings.exclude.iter().map(|s| s.value.as_str()));
    // The packs inside the repository are read even in a folder discovery
    // would skip.
    let mut packs: Vec<String> = Vec::new();
    let mut refused = Vec::new();
    let mut external: Vec<PathBuf> = Vec::new();
    let mut external_links: Vec<crate::discover::Link> = Vec::new();
    for pack in &settings.packs {
        if let Some(dir) = inside_root(&pack.value) {
            packs.push(dir);
            continue;
        }
        // A pack outside the repository has no history in it: allowed, it
        // is read from disk as the working tree reads it, so both versions
        // run the same rules; else it is refused as on disk.
        match crate::discover::pack_outside(&root_dir, &pack.value) {
            Some(boundary) if options.external_packs => {
                let found = crate::discover::discover(&boundary, &root_dir, &boundary, &exclude);
                external.extend(found.files);
                external_links.extend(found.outside);
            }
            Some(_) => refused.push(pack.clone()),
            None => {}
        }
    }
    let taken = |e: &Entry| {
        if !e.path.ends_with(&format!(".{EXTENSION}")) {
            return false;
        }
        if walked(&e.path, &exclude, 0) {
            return true;
        }
        packs.iter().any(|dir| {
            let depth = dir.split('/').filter(|p| !p.is_empty()).count();
            (dir.is_empty() || e.path.starts_with(&format!("{dir}/")))
                && walked(&e.path, &exclude, depth)
        })
    };
    let chosen: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.path != CONFIG_FILE && taken(e) && (link(e) || regular(e)))
        .collect();
    let max = options.max_files.unwrap_or(usize::MAX);
    let left_out = chosen.len().saturating_sub(max);
    let chosen = chosen.get(..chosen.len().min(max)).unwrap_or_default();
    let objects: Vec<&str> = chosen
        .iter()
        .filter(|e| regular(e))
        .map(|e| e.object.as_str())
        .collect();
    let mut contents = blobs(&top, &objects, options.max_file_size)?.into_iter();
    let mut inputs = Vec::with_capacity(chosen.len());
    for e in chosen {
        let read = if link(e) {
            Read::Outside { folder: false }
        } else {
            match contents.next() {
                Some(bytes) => read_bytes(bytes, options.max_file_size),
                None => Read::Text(std::sync::Arc::from("")),
            }
        };
        inputs.push(crate::Input {
            path: e.path.clone(),
            full: root_dir.join(&e.path),
            read,
            selected: true,
        });
    }
    // Links to folders: discovery would walk into one that stays inside;
    // at a revision none is followed, and each is named.
    for e in entries.iter().filter(|e| link(e)) {
        let name = e.path.rsplit('/').next().unwrap_or_default();
        if name.contains('.') || !walked(&e.path, &exclude, 0) {
            continue;
        }
        inputs.push(crate::Input {
            path: e.path.clone(),
            full: root_dir.join(&e.path),
            read: Read::Outside { folder: true },
            selected: true,
        });
    }
    let reads = crate::discover::read_all(&external, options.max_file_size);
    for (full, read) in external.into_iter().zip(reads) {
        inputs.push(crate::Input {
            path: crate::discover::relative(&full, &root_dir),
            full,
            read,
            selected: true,
        });
    }
    for link in external_links {
        inputs.push(crate::Input {
            path: crate::discover::relative(&link.path, &root_dir),
            full: link.path,
            read: Read::Outside {
                folder: link.folder,
            },
            selected: true,
        });
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    Ok(Project {
        root: config_read.is_some().then(|| root_dir.clone()),
        root_dir,
        config_read,
        settings,
        inputs,
        refused,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_skips_the_same_folders() {
        let exclude = Exclude::new(["concepten"]);
        assert!(walked("beleid/a.kader", &exclude, 0));
        assert!(walked("a.kader", &exclude, 0));
        assert!(!walked(".verborgen/a.kader", &exclude, 0));
        assert!(!walked("target/a.kader", &exclude, 0));
        assert!(!walked("x/node_modules/a.kader", &exclude, 0));
        assert!(!walked("concepten/a.kader", &exclude, 0));
        assert!(walked(".regels/a.kader", &exclude, 1));
    }

    #[test]
    fn pack_folders_outside_the_root_are_recognised() {
        assert_eq!(inside_root("./regels/"), Some("regels".to_string()));
        assert_eq!(inside_root("a/../b"), Some("b".to_string()));
        assert_eq!(inside_root("../regels"), None);
        assert_eq!(inside_root("/etc"), None);
    }

    #[test]
    fn a_revision_that_looks_like_an_option_is_refused() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            commit(&dir, "--output=uit.txt"),
            Err(GitError::BadRevision(_))
        ));
        assert!(matches!(commit(&dir, ""), Err(GitError::BadRevision(_))));
    }
}
