//! `kader-lsp`: the kader language server on standard input and output.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp::jsonrpc::{Request, Response};
use tower_service::Service;

/// Where the protocol stands: running, `shutdown` received, or `exit`
/// received (after or without `shutdown`).
const RUNNING: u8 = 0;
const SHUT_DOWN: u8 = 1;
const EXIT_AFTER_SHUTDOWN: u8 = 2;
const EXIT_WITHOUT_SHUTDOWN: u8 = 3;

/// Notes `shutdown` and `exit` for [`Input`] and `main`.
struct Lifecycle<S> {
    inner: S,
    state: Arc<AtomicU8>,
}

impl<S> Service<Request> for Lifecycle<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match request.method() {
            "shutdown" => self.state.store(SHUT_DOWN, Ordering::SeqCst),
            "exit" => {
                let next = if self.state.load(Ordering::SeqCst) == SHUT_DOWN {
                    EXIT_AFTER_SHUTDOWN
                } else {
                    EXIT_WITHOUT_SHUTDOWN
                };
                self.state.store(next, Ordering::SeqCst);
            }
            _ => {}
        }
        self.inner.call(request)
    }
}

/// Standard input that ends after `exit`. tower-lsp by itself stops only
/// once standard input is closed, so a client that waits for the process
/// to end after `exit` (as the protocol allows) would wait forever.
struct Input<R> {
    inner: R,
    state: Arc<AtomicU8>,
}

impl<R: AsyncRead + Unpin> AsyncRead for Input<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.state.load(Ordering::SeqCst) >= EXIT_AFTER_SHUTDOWN {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// Resolves a moment after `exit`. tower-lsp finishes serving once every
/// handler has finished, but a handler that waits for an answer from the
/// client (which stopped sending) never does; this bounds that wait, while
/// giving the answers already made time to be written.
async fn after_exit(state: &AtomicU8) {
    while state.load(Ordering::SeqCst) < EXIT_AFTER_SHUTDOWN {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
}

#[tokio::main]
async fn main() {
    let state = Arc::new(AtomicU8::new(RUNNING));
    let (service, socket) = kader_lsp::service();
    let service = Lifecycle {
        inner: service,
        state: state.clone(),
    };
    let input = Input {
        inner: tokio::io::stdin(),
        state: state.clone(),
    };
    let serve = tower_lsp::Server::new(input, tokio::io::stdout(), socket).serve(service);
    tokio::select! {
        () = serve => {}
        () = after_exit(&state) => {}
    }
    // The answers have been written. Standard input is read on a blocking
    // thread that the runtime would wait for, so leave without it: status 0
    // after `shutdown`, else 1, as the protocol asks.
    let code = match state.load(Ordering::SeqCst) {
        EXIT_AFTER_SHUTDOWN => 0,
        _ => 1,
    };
    std::process::exit(code);
}
