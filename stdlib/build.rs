//! Embeds every `.kader` file of this crate (the schema, the law articles,
//! the statutory tasks and the rules) and a hash of them all.
//!
//! The build fails when it finds no `.kader` file: a kader without its
//! stdlib would know no schema and no rule, and check nothing.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        fail("CARGO_MANIFEST_DIR is not set");
    };
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if let Err(e) = collect(&root, &root, &mut files) {
        fail(&format!("cannot read {}: {e}", root.display()));
    }
    files.sort();
    if files.is_empty() {
        fail(&format!(
            "no .kader file found below {}: the stdlib would be empty",
            root.display()
        ));
    }

    let mut hasher = Sha256::new();
    let mut out = String::from(
        "/// Every stdlib file: (path such as `stdlib/regels/avg.kader`, text).\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let text = match std::fs::read(abs) {
            Ok(t) => t,
            Err(e) => fail(&format!("cannot read {}: {e}", abs.display())),
        };
        // Path and text, each ended by a NUL, so no two sets hash alike.
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(&text);
        hasher.update([0]);
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let digest = hasher.finalize();
    let hex: String = digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    let _ = writeln!(
        out,
        "/// SHA-256 of every stdlib path and text, in hexadecimal.\npub const SHA256: &str = {hex:?};"
    );
    let Some(dest) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        fail("OUT_DIR is not set");
    };
    let dest = dest.join("stdlib_files.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        fail(&format!("cannot write {}: {e}", dest.display()));
    }
}

/// Ends the build with a message cargo shows.
fn fail(message: &str) -> ! {
    println!("cargo:warning=kader-stdlib: {message}");
    eprintln!("error: kader-stdlib: {message}");
    std::process::exit(1);
}

/// Every `.kader` file below `dir` as (`stdlib/` + path below `root`, path).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if entry.file_type()?.is_dir() {
            // The build's own output, if a target folder ends up here.
            if name == "target" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "kader") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((format!("stdlib/{rel}"), path));
        }
    }
    Ok(())
}
