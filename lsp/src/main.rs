//! `kader-lsp`: the kader language server.

fn main() {
    eprintln!("kader-lsp: de taalserver is nog niet beschikbaar / the language server is not available yet");
    std::process::exit(2);
}
