//! The stdlib as files an editor can open: read-only copies of the
//! embedded stdlib in a cache folder, and the addresses of its files.

use std::path::{Path, PathBuf};
use tower_lsp::lsp_types::Url;

/// The cache folder the copies go to unless the settings name one:
/// `$XDG_CACHE_HOME/kader`, else `~/.cache/kader`.
pub fn default_cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("kader")
}

/// Writes the embedded stdlib to `dir` (once per content, in a folder named
/// after a hash of it) and marks the files read-only. Returns the folder.
pub fn materialise(base: &Path) -> std::io::Result<PathBuf> {
    let dir = base.join(format!("stdlib-{}", kader::stdlib::short_hash()));
    for (path, text) in kader::stdlib::FILES {
        let target = dir.join(path.strip_prefix("stdlib/").unwrap_or(path));
        if target.is_file() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
        let mut perms = std::fs::metadata(&target)?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&target, perms)?;
    }
    Ok(dir)
}

/// Writes a page the server shows in the editor (such as what changed
/// since the FG's advice) into the folder `paginas` of the cache folder
/// `base`, through a temporary file and a rename; returns its path.
pub fn write_page(base: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    let dir = base.join("paginas");
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(name);
    let partial = dir.join(format!(".{name}.{}", std::process::id()));
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, &target)?;
    Ok(target)
}

/// The addresses of the stdlib files, in the order the analysis puts them.
/// Without a materialised folder they get a `kader-stdlib:` address.
pub fn uris(dir: Option<&Path>) -> Vec<Option<Url>> {
    kader::stdlib::FILES
        .iter()
        .map(|(path, _)| uri(dir, path))
        .collect()
}

fn uri(dir: Option<&Path>, path: &str) -> Option<Url> {
    let rel = path.strip_prefix("stdlib/").unwrap_or(path);
    if let Some(uri) = dir.and_then(|d| Url::from_file_path(d.join(rel)).ok()) {
        return Some(uri);
    }
    Url::parse(&format!("kader-stdlib:///{rel}")).ok()
}

/// True for the address of a stdlib file.
pub fn is_stdlib(uri: &Url, dir: Option<&Path>) -> bool {
    if uri.scheme() == "kader-stdlib" {
        return true;
    }
    match (dir, uri.to_file_path()) {
        (Some(dir), Ok(path)) => path.starts_with(dir),
        _ => false,
    }
}
