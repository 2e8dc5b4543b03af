//! Shared helpers for kader's data-driven test suites.
