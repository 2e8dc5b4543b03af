//! kader's integration tests as one test binary, one module per suite: the
//! suites link kader, kader-lsp and their dependencies once instead of once
//! each, and run in one process. A test's name starts with its module, so
//! `cargo test -p kader-tests --test main lsp_latency` runs one suite.
//!
//! What sharing one process means for the suites:
//! - no test changes the process's environment or working folder; a test
//!   that needs either gives it to the command it runs;
//! - insta names snapshots after the module path (`main__fmt__…` in
//!   `snapshots/`);
//! - with this `main.rs` beside them, proptest keeps the failures it finds
//!   in `../proptest-regressions/MODULE.txt` and replays them from there.

mod lsp_support;

mod architecture;
mod check;
mod cli;
mod corpus;
mod crlf;
mod diff;
mod fingerprint;
mod fmt;
mod hostile;
mod init;
mod lsp;
mod lsp_abuse;
mod lsp_features;
mod lsp_latency;
mod lsp_protocol;
mod lsp_toets;
mod parser;
mod parser_properties;
mod properties;
mod register;
mod rules;
mod toets;
mod unicode;
mod waarom;
