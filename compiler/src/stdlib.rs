//! The built-in stdlib: the schema, vocabularies, law articles and rules that
//! ship inside the binary. They are the `.kader` files of the `kader-stdlib`
//! package (the repository's `stdlib/` folder), embedded at its build.

pub use kader_stdlib::{short_hash, FILES, SHA256};

/// A program's version together with the stdlib it carries, as
/// `kader --version` and the language server report it:
/// `0.1.0 (stdlib 1a2b3c4d5e6f)`. Two builds of one version with different
/// law texts or rules differ here.
pub fn describe_version(version: &str) -> String {
    format!("{version} (stdlib {})", short_hash())
}
