//! `kader-lsp`: the kader language server, as a library so tests can run
//! it in-process over any byte stream.
//!
//! The server holds no checking logic: it keeps the texts of the
//! repositories it serves, calls [`kader::analyse`], and converts what the
//! analysis and [`kader::ide`] answer to the protocol. [`from_proto`] and
//! [`to_proto`] are the only modules that know how the client counts
//! columns.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod features;
pub mod from_proto;
pub mod project;
pub mod server;
pub mod stdio;
pub mod stdlib;
pub mod to_proto;
pub mod workspace;

pub use server::{service, Backend};
