//! `kader-lsp`: the kader language server on standard input and output.

use std::task::{Context, Poll};
use tower_lsp::jsonrpc::{Request, Response};
use tower_service::Service;

/// Ends the process on the `exit` notification, as the protocol asks: with
/// status 0 after a `shutdown` request, else 1. tower-lsp by itself stops
/// only once standard input is closed, so a client that waits for the
/// process to end after `exit` would wait forever.
struct ExitOnNotification<S> {
    inner: S,
    shut_down: bool,
}

impl<S> Service<Request> for ExitOnNotification<S>
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
            "shutdown" => self.shut_down = true,
            "exit" => std::process::exit(if self.shut_down { 0 } else { 1 }),
            _ => {}
        }
        self.inner.call(request)
    }
}

#[tokio::main]
async fn main() {
    let (service, socket) = kader_lsp::service();
    let service = ExitOnNotification {
        inner: service,
        shut_down: false,
    };
    tower_lsp::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
