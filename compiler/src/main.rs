//! The `kader` command line.

fn main() {
    std::process::exit(kader::cli::run());
}
