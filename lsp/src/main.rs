//! `kader-lsp`: the kader language server on standard input and output.

use std::time::Duration;

/// How long the server may still finish its answers once the input has
/// ended. tower-lsp stops serving only when every handler is done, and a
/// handler waiting for an answer from a client that stopped sending never
/// is; this bounds that wait.
const FINISH: Duration = Duration::from_millis(500);

#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() {
    #[cfg(not(windows))]
    let _ = tikv_jemalloc_ctl::background_thread::write(true);
    let (service, socket) = kader_lsp::service();
    // The server reads and decodes the messages itself, so one broken
    // message cannot end it.
    let io = kader_lsp::stdio::serve(service, socket, tokio::io::stdin(), tokio::io::stdout());
    let read = io.read;
    tokio::select! {
        _ = io.serving => {}
        () = async {
            let _ = read.await;
            tokio::time::sleep(FINISH).await;
        } => {}
    }
    let _ = tokio::time::timeout(FINISH, io.written).await;
    // Reading stdin cannot be cancelled; end here rather than wait for it.
    let shut_down = io.shut_down.load(std::sync::atomic::Ordering::SeqCst);
    std::process::exit(if shut_down { 0 } else { 1 });
}
