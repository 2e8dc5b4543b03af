//! Terminal rendering of diagnostics with ariadne.
