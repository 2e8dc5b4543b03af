//! Editor features as plain functions: byte offsets in, plain data out.
//!
//! The language server converts positions and calls these; tests call them
//! directly. Every answer is read from an [`Analysis`]: the schema (kinds,
//! fields, vocabularies and their docs), the symbol index and the checked
//! items. Nothing here knows a field by name, except the `artikel` kind
//! whose items hold the law texts (through [`Analysis::article`](crate::Analysis::article)).

mod actions;
mod completion;
mod context;
mod explain;
mod hover;
mod links;
mod navigate;
mod outline;
mod settings;

pub use actions::{code_actions, Action};
pub use completion::{completion, Completion, CompletionKind};
pub use explain::explain_rule;
pub use hover::{hover, Hover};
pub use links::{document_links, usages, Link, LinkTarget, Usage};
pub use navigate::{definition, prepare_rename, references, rename};
pub use outline::{
    document_symbols, folding_ranges, inlay_hints, semantic_tokens, workspace_symbols, Fold,
    InlayHint, Outline, OutlineKind, Token, TokenKind,
};

pub use context::{file_taal, is_identifier};

#[cfg(test)]
mod tests;
