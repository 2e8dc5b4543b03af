//! `kader-lsp`: the kader language server on standard input and output.

#[tokio::main]
async fn main() {
    let (service, socket) = kader_lsp::service();
    tower_lsp::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
