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

/// Lets jemalloc give pages back to the system as soon as they are freed,
/// instead of keeping them ten seconds for reuse. The server frees a whole
/// analysis at a time (the one an edit replaced), and after a burst such as
/// the rename of a shared team it held the memory of several analyses.
/// Measured at 10,000 policies (`--bench lsp`): VmRSS right after the
/// rename 254 → 208 MiB, after loading 201 → 190 MiB; the price is the
/// work of returning pages: the rename's republish 470 → 580–610 ms, the
/// edits' median 2.1 → 2.8 ms. A decay of 100 ms left 235–267 MiB.
#[cfg(not(windows))]
fn give_back_freed_pages_at_once() {
    use tikv_jemalloc_ctl::{Access, AsName};
    let _ = tikv_jemalloc_ctl::background_thread::write(true);
    // Arenas made from now on, then the ones already made.
    let _ = "arenas.dirty_decay_ms\0".name().write(0isize);
    let arenas: u32 = "arenas.narenas\0".name().read().unwrap_or(0);
    for i in 0..arenas {
        let _ = format!("arena.{i}.dirty_decay_ms\0").name().write(0isize);
    }
}

#[tokio::main]
async fn main() {
    #[cfg(not(windows))]
    give_back_freed_pages_at_once();
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
