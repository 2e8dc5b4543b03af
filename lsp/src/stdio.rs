//! The byte streams between the editor and the protocol library, with a
//! guard in front.
//!
//! tower-lsp stops reading for good after the first message it cannot
//! decode (its framed reader ends the stream after an error): one broken
//! message from a client, a plugin or a proxy would end the server, and
//! every later request would go unanswered. So the server does not hand
//! stdin to tower-lsp directly. [`guard`] reads the messages itself,
//! passes on every one that is a JSON-RPC request, notification or
//! response, and answers every other one with a JSON-RPC error
//! (-32700 "Parse error" when the body is not JSON, -32600 "Invalid
//! Request" when it is JSON but not a message; with the message's `id`
//! when it has one). Those answers and tower-lsp's own output go to stdout
//! one whole message at a time. A header without a usable
//! `Content-Length`, or a body larger than [`MAX_BODY`], is answered the
//! same way and skipped.

use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
    DuplexStream,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The largest message body accepted. Larger ones are read and dropped,
/// so a bogus length cannot make the server reserve memory for it.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

/// One message read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable length, or a body over the limit.
    Broken,
}

/// Reads the next `Content-Length` framed message; `None` at the end.
async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<Frame> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line).await.ok()?;
        if n == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if !saw_header {
                // Blank lines between messages.
                continue;
            }
            break;
        }
        saw_header = true;
        // A header may follow the remains of a broken message on its line.
        if let Some(at) = text.find("Content-Length:") {
            length = text
                .get(at + "Content-Length:".len()..)
                .and_then(|v| v.trim().parse().ok());
        }
    }
    let Some(length) = length else {
        return Some(Frame::Broken);
    };
    if length > MAX_BODY {
        let mut skipped = reader.take(length as u64);
        tokio::io::copy(&mut skipped, &mut tokio::io::sink())
            .await
            .ok()?;
        return Some(Frame::Broken);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(Frame::Body(body))
}

/// The method of a JSON-RPC request or notification (`""` for a
/// response), or `None` when `body` is no message tower-lsp can decode.
fn method(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<tower_lsp::jsonrpc::Request>(body) {
        Ok(request) => Some(request.method().to_string()),
        Err(_) => serde_json::from_slice::<tower_lsp::jsonrpc::Response>(body)
            .ok()
            .map(|_| String::new()),
    }
}

/// The error answer to a body that is not a message.
fn answer(body: Option<&[u8]>) -> Value {
    let parsed = body.and_then(|b| serde_json::from_slice::<Value>(b).ok());
    let id = parsed
        .as_ref()
        .and_then(|v| v.get("id"))
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    let (code, message) = match parsed {
        Some(_) => (-32600, "Invalid Request"),
        None => (-32700, "Parse error"),
    };
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> std::io::Result<()> {
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(body).await?;
    out.flush().await
}

/// The streams to give tower-lsp, and what the process needs to end well.
pub struct Guarded {
    pub input: DuplexStream,
    pub output: DuplexStream,
    /// Ends when everything tower-lsp wrote has reached the real output:
    /// await it before the process ends.
    pub written: JoinHandle<()>,
    /// Ends when the input has ended: after `exit`, or when the client
    /// closed it.
    pub read: JoinHandle<()>,
    /// Set when the client asked for `shutdown`; the exit status is 0 then
    /// and 1 otherwise (LSP 3.17, `exit`).
    pub shut_down: Arc<AtomicBool>,
}

/// Puts the guard between `input`/`output` and the protocol library. The
/// input ends after an `exit` notification, so the server stops then
/// instead of waiting for the client to close the stream. Runs on the
/// current tokio runtime.
pub fn guard<I, O>(input: I, output: O) -> Guarded
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    // Whole message bodies for `output`; `None` once tower-lsp is done.
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Option<Vec<u8>>>();

    let errors = out_tx.clone();
    let shut_down = Arc::new(AtomicBool::new(false));
    let seen = shut_down.clone();
    let read = tokio::spawn(async move {
        let mut input = BufReader::new(input);
        let mut to_server = to_server;
        while let Some(frame) = read_frame(&mut input).await {
            let error = match frame {
                Frame::Body(body) => match method(&body) {
                    Some(method) => {
                        if write_frame(&mut to_server, &body).await.is_err() {
                            break;
                        }
                        match method.as_str() {
                            "shutdown" => seen.store(true, Ordering::SeqCst),
                            "exit" => break,
                            _ => {}
                        }
                        continue;
                    }
                    None => answer(Some(&body)),
                },
                Frame::Broken => answer(None),
            };
            let _ = errors.send(Some(error.to_string().into_bytes()));
        }
        // Dropping `to_server` ends tower-lsp's input, as the end of stdin would.
    });

    tokio::spawn(async move {
        let mut from_server = BufReader::new(from_server);
        while let Some(frame) = read_frame(&mut from_server).await {
            if let Frame::Body(body) = frame {
                if out_tx.send(Some(body)).is_err() {
                    return;
                }
            }
        }
        let _ = out_tx.send(None);
    });

    let writer = tokio::spawn(async move {
        let mut output = output;
        while let Some(Some(body)) = out_rx.recv().await {
            if write_frame(&mut output, &body).await.is_err() {
                return;
            }
        }
    });

    Guarded {
        input: server_in,
        output: server_out,
        written: writer,
        read,
        shut_down,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_told_from_other_json() {
        let m = |b: &[u8]| method(b);
        let shutdown = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(m(shutdown).as_deref(), Some("shutdown"));
        let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        assert_eq!(m(exit).as_deref(), Some("exit"));
        assert_eq!(
            m(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).as_deref(),
            Some("")
        );
        assert_eq!(m(b"{not json"), None);
        assert_eq!(m(b"[1,2]"), None);
        assert_eq!(m(b"42"), None);
        assert_eq!(answer(Some(b"{x"))["error"]["code"], -32700);
        let a = answer(Some(br#"{"id":7,"method":5}"#));
        assert_eq!(a["id"], json!(7));
        assert_eq!(a["error"]["code"], json!(-32600));
    }
}
