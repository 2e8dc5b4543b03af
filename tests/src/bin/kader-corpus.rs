//! Writes a generated policy repository to a directory.
//!
//! `kader-corpus DIR [POLICIES] [SEED] [vuil|dirty]` (defaults: 1000
//! policies, seed 1, a third of the policies with a flaw; `vuil` / `dirty`:
//! every policy with three or four). The same arguments always write the
//! same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("gebruik / usage: kader-corpus MAP/DIR [BELEIDSREGELS/POLICIES] [ZAAD/SEED] [vuil/dirty]");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: u64| -> Option<u64> {
        match args.get(i) {
            None => Some(default),
            Some(a) => a.replace('_', "").parse().ok(),
        }
    };
    let (Some(policies), Some(seed)) = (number(1, 1000), number(2, 1)) else {
        eprintln!("fout / error: verwacht getallen / expected numbers");
        return ExitCode::from(2);
    };
    let corpus = match args.get(3).map(String::as_str) {
        None => kader_tests::corpus::generate(policies as usize, seed),
        Some("vuil" | "dirty") => kader_tests::corpus::generate_dirty(policies as usize, seed),
        Some(other) => {
            eprintln!("fout / error: `{other}`: verwacht / expected `vuil` / `dirty`");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = corpus.write_to(&dir) {
        eprintln!("fout / error: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{} beleidsregels / policies ({} met gebreken / flawed), {} bestanden / files, {} regels / lines, {} bytes -> {}",
        policies,
        corpus.flawed,
        corpus.files.len(),
        corpus.lines(),
        corpus.bytes(),
        dir.display()
    );
    ExitCode::SUCCESS
}
