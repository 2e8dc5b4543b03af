//! `kader-lsp`: the kader language server on standard input and output.

#[tokio::main]
async fn main() {
    let (service, socket) = kader_lsp::service();
    // Messages pass a guard, so one broken message cannot end the server.
    let io = kader_lsp::stdio::guard(tokio::io::stdin(), tokio::io::stdout());
    tower_lsp::Server::new(io.input, io.output, socket)
        .serve(service)
        .await;
    let _ = io.written.await;
    // Reading stdin cannot be cancelled; end here rather than wait for it.
    let shut_down = io.shut_down.load(std::sync::atomic::Ordering::SeqCst);
    std::process::exit(if shut_down { 0 } else { 1 });
}
