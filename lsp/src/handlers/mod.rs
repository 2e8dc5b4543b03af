//! The protocol's methods, one function each. The routing table in
//! `server.rs` sends every method to one of them.
//!
//! - [`context`]: what a request is answered from (an immutable view of one
//!   analysis: [`context::Ctx`]), and the one place that builds it and runs
//!   a handler under the panic guard.
//! - [`requests`]: the requests about documents and the workspace, each a
//!   thin wrapper around a function of [`kader::ide`].
//! - [`notifications`]: document and file notifications, which change the
//!   state.
//! - [`diagnostics`]: the diagnostics a client pulls, with result ids.
//! - [`lifecycle`]: `initialize`, `initialized` and the editor's settings.
//! - [`commands`]: `workspace/executeCommand` (what changed since the FG's
//!   advice).

pub mod commands;
pub mod context;
pub mod diagnostics;
pub mod lifecycle;
pub mod notifications;
pub mod requests;
