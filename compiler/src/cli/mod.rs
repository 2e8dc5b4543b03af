//! The command line: argument parsing, file discovery, output, exit codes.

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    0
}

/// The command line's own diagnostic codes: files and I/O (K04xx).
pub static CODES: &[crate::diagnostics::codes::CodeInfo] = &[];
