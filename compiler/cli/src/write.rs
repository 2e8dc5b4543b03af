//! Writing files without losing work: every command that writes (`fmt`,
//! `register --uit`, `init`) writes a temporary file in the target's own
//! folder and renames it into place, so a reader (or a crash) sees either
//! the old file or the whole new one, never half of it.

use kader::text;
use std::io::Write as _;
use std::path::Path;

/// A temporary file beside `path`, holding `contents`, flushed to disk.
fn staged(path: &Path, contents: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".kader-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Writes `contents` over `path` through a temporary file and a rename.
/// With `expected`, only if the file still holds exactly that (it may have
/// been edited meanwhile); the file's permissions are kept.
pub(super) fn replace(
    path: &Path,
    expected: Option<&[u8]>,
    contents: &[u8],
) -> Result<(), kader::Text> {
    let io = |e: std::io::Error| text!("{e}", "{e}");
    let tmp = staged(path, contents).map_err(io)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    if let Some(expected) = expected {
        let now = std::fs::read(path).map_err(io)?;
        if now != expected {
            return Err(text!(
                "het bestand is veranderd terwijl kader ermee bezig was; probeer het opnieuw",
                "the file changed while kader was working on it; try again"
            ));
        }
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Creates `path` with `contents`, with its folders; fails when `path`
/// exists, even when it appears while this runs.
pub(super) fn create(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = staged(path, contents)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.kader");
        std::fs::write(&path, "door iemand anders bewerkt\n").unwrap();
        let result = replace(&path, Some(b"team t {}\n"), b"team t {}\n\n");
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "door iemand anders bewerkt\n"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // With the expected contents the write goes through.
        replace(&path, Some(b"door iemand anders bewerkt\n"), b"nieuw\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "nieuw\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map/kader.toml");
        create(&path, b"eerste\n").unwrap();
        assert!(create(&path, b"tweede\n").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "eerste\n");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}
