//! `kader-lsp`: the kader language server, as a library so tests can run
//! it in-process over any byte stream.
//!
//! The server holds no checking logic: it keeps the texts of the
//! repositories it serves ([`state`]), has them analysed with
//! [`kader::analyse`] and publishes the diagnostics ([`scheduler`]), and
//! answers requests by converting what [`kader::ide`] answers to the
//! protocol ([`handlers`]). [`server`] is the routing table.
//! [`from_proto`] and [`to_proto`] are the only modules that know how the
//! client counts columns; [`project`] is the only one that reads a
//! repository from disk.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod capabilities;
pub mod from_proto;
pub mod handlers;
pub mod memory;
pub mod project;
pub mod scheduler;
pub mod server;
pub mod state;
pub mod stdio;
pub mod stdlib;
pub mod to_proto;

pub use server::{service, Backend};
