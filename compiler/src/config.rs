//! `kader.toml`: the repository's settings.

use crate::diagnostics::{Diagnostic, Taal};
use crate::span::FileId;

/// The settings of a policy repository.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub gemeente: Option<String>,
    pub taal: Taal,
}

/// Reads the text of `kader.toml`. Problems become diagnostics that point at
/// the offending line; the settings that could be read are kept.
pub fn parse(_file: FileId, _text: &str) -> (Config, Vec<Diagnostic>) {
    (Config::default(), Vec::new())
}

/// The configuration diagnostic codes (K03xx).
pub static CODES: &[crate::diagnostics::codes::CodeInfo] = &[];
