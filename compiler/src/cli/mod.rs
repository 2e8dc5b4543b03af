//! The command line: argument parsing, file discovery, output, exit codes.

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    0
}
