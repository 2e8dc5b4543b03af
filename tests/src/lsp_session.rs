//! A language-server session driven by arbitrary bytes: the bytes are
//! decoded into a sequence of JSON-RPC messages (document edits, requests
//! with arbitrary positions, parameters and method names), sent to the
//! real `kader-lsp` service over an in-memory duplex stream, served by the
//! same loop as the binary (`kader_lsp::stdio`), and then
//! the server must still answer a request. Broken frames are sent too: a
//! body that is not JSON, not UTF-8 or empty, a header without a length,
//! garbage between messages (also a header cut short), and a message whose
//! `Content-Length` is smaller than its body. `$/cancelRequest` cancels
//! requests still in flight: the client sends everything without waiting
//! for answers. Used by the property tests and the `lsp` fuzz target alike.
//!
//! The byte format read by [`decode`], one message after another until
//! the bytes run out (at most 64 messages; missing bytes read as 0):
//!
//! ```text
//! message  = doc kind ...       doc: byte % 4 picks one of DOCS
//! kind % 10:
//!   0  didOpen                  number(version) text
//!   1  didChange, whole text    number(version) text
//!   2  didChange, one range     number(version) pos(start) pos(end) text
//!   3  didClose
//!   4, 5  request               method pos(start) pos(end) text(newName)
//!   6  request, JSON params     method text(params, sent when it parses)
//!   7  request, any method      text(method name)
//!   8  broken frame             byte % 6:
//!        0 empty body, 1 header without a length, 2 body text,
//!        3 body 0xFF byte 0xFE (not UTF-8),
//!        4 raw bytes up to 0xFF, unframed, without ':' (so never a length),
//!        5 a request (method pos pos) whose Content-Length is `byte`
//!          bytes short, its body in full and a line end after it
//!   9  $/cancelRequest          byte: cancels the request `byte % 4`
//!                               before the newest one (0: the newest)
//! method   = byte % 21 picks one of POSITIONED; `workspace/executeCommand`
//!            then reads byte % 4 (one of COMMANDS) text text: the command
//!            and its arguments after the document
//! pos      = number(line) number(character)
//! number   = byte 0..=199 then byte % 40 | 200..=249 then two bytes (u16)
//!            | 250..=255 then byte b: u32::MAX - b
//! text     = bytes up to the next 0xFF (or the end), as lossy UTF-8
//! ```
//!
//! Every broken frame the format can express leaves the stream readable:
//! a server that recovers must answer the final request. (A length larger
//! than what follows would swallow the final request itself; no server
//! can recover from that, so the format does not express it.)

use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// The documents a session can touch.
const DOCS: &[&str] = &[
    "file:///kader-proef/beleid.kader",
    "file:///kader-proef/teams.kader",
    "file:///kader-proef/kader.toml",
    "file:///kader-proef/andere/regels.kader",
];

/// Requests and notifications that take a document and a position.
const POSITIONED: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/codeAction",
    "textDocument/semanticTokens/full",
    "textDocument/foldingRange",
    "textDocument/formatting",
    "textDocument/inlayHint",
    "textDocument/didSave",
    "workspace/symbol",
    "$/cancelRequest",
    "kader/onbekend",
    "textDocument/diagnostic",
    "workspace/diagnostic",
    "textDocument/documentLink",
    "textDocument/codeLens",
    "workspace/executeCommand",
];

/// Commands a session can ask the server to run (one it does not know).
const COMMANDS: &[&str] = &[
    "kader.waarom",
    "kader.sindsAdvies",
    "kader.toetsUitvoeren",
    "kader.onbekend",
];

/// A reader of fuzzer bytes; running out gives zeros.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn number(&mut self) -> u32 {
        match self.byte() {
            0..=199 => u32::from(self.byte() % 40),
            200..=249 => u32::from(self.byte()) << 8 | u32::from(self.byte()),
            _ => u32::MAX - u32::from(self.byte()),
        }
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        let i = usize::from(self.byte()) % from.len();
        from.get(i).copied().unwrap_or_default()
    }

    /// Text up to the next 0xFF byte (or the end).
    fn text(&mut self) -> String {
        String::from_utf8_lossy(&self.raw()).into_owned()
    }

    /// Bytes up to the next 0xFF (or the end).
    fn raw(&mut self) -> Vec<u8> {
        let end = self
            .0
            .iter()
            .position(|b| *b == 0xFF)
            .unwrap_or(self.0.len());
        let (t, rest) = self.0.split_at(end);
        self.0 = rest.get(1..).unwrap_or_default();
        t.to_vec()
    }

    fn position(&mut self) -> Value {
        json!({ "line": self.number(), "character": self.number() })
    }
}

/// One message: a JSON-RPC message, or a broken frame as a misbehaving
/// client or proxy might send.
#[derive(Clone, Debug)]
pub enum Message {
    Json(Value),
    /// Framed with its own length: any bytes, also none.
    Body(Vec<u8>),
    /// A header block without `Content-Length`.
    NoLength,
    /// Bytes written as they are, without a frame: garbage between
    /// messages, or a header cut short.
    Raw(Vec<u8>),
    /// A body framed with a `Content-Length` that many bytes too small,
    /// then the whole body and a line end: the rest of the body reaches
    /// the reader as a header line. The body must hold no line end.
    Short(Vec<u8>, usize),
}

/// Decodes `data` into the messages sent after `initialize` and
/// `initialized` (the format is in the module documentation). Never
/// `exit`: the server is meant to stop on it.
pub fn decode(data: &[u8]) -> Vec<Message> {
    let mut b = Bytes(data);
    let mut out = Vec::new();
    let mut id: i64 = 1;
    while !b.0.is_empty() && out.len() < 64 {
        let uri = b.pick(DOCS);
        let message = match b.byte() % 10 {
            8 => {
                out.push(match b.byte() % 6 {
                    0 => Message::Body(Vec::new()),
                    1 => Message::NoLength,
                    2 => Message::Body(b.text().into_bytes()),
                    3 => Message::Body(vec![0xff, b.byte(), 0xfe]),
                    4 => {
                        let mut raw = b.raw();
                        raw.retain(|c| *c != b':');
                        Message::Raw(raw)
                    }
                    _ => {
                        id += 1;
                        let method = b.pick(POSITIONED);
                        let start = b.position();
                        let end = b.position();
                        let request = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {
                            "textDocument": {"uri": uri},
                            "position": start.clone(),
                            "range": {"start": start, "end": end}}});
                        // Compact JSON holds no line end.
                        let body = serde_json::to_vec(&request).unwrap_or_default();
                        Message::Short(body, usize::from(b.byte()))
                    }
                });
                continue;
            }
            9 => {
                // Cancels a request sent before, most likely still running.
                let back = i64::from(b.byte() % 4);
                json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id - back}})
            }
            0 => json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": {"uri": uri, "languageId": "kader", "version": b.number(), "text": b.text()}}}),
            1 => json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": b.number()},
                "contentChanges": [{"text": b.text()}]}}),
            2 => json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": b.number()},
                "contentChanges": [{"range": {"start": b.position(), "end": b.position()}, "text": b.text()}]}}),
            3 => json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
                "textDocument": {"uri": uri}}}),
            4 | 5 => {
                id += 1;
                let method = b.pick(POSITIONED);
                let start = b.position();
                let end = b.position();
                let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {
                    "textDocument": {"uri": uri},
                    "position": start.clone(),
                    "range": {"start": start, "end": end},
                    "newName": b.text(),
                    "query": "",
                    "id": id - 1,
                    "context": {"includeDeclaration": true, "diagnostics": [], "triggerKind": 1},
                    "options": {"tabSize": 4, "insertSpaces": true}}});
                if method == "workspace/executeCommand" {
                    message["params"]["command"] = json!(b.pick(COMMANDS));
                    message["params"]["arguments"] = json!([uri, b.text(), b.text()]);
                }
                message
            }
            6 => {
                id += 1;
                let method = b.pick(POSITIONED);
                match serde_json::from_str::<Value>(&b.text()) {
                    Ok(params) => {
                        json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
                    }
                    Err(_) => json!({"jsonrpc": "2.0", "id": id, "method": method}),
                }
            }
            _ => {
                // A request with any method name.
                id += 1;
                json!({"jsonrpc": "2.0", "id": id, "method": b.text()})
            }
        };
        out.push(Message::Json(message));
    }
    out
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The id of the request sent last; its answer shows the server is alive.
const LAST: i64 = 1_000_000;

/// Runs one session: `initialize`, `initialized`, the decoded messages,
/// then a `shutdown` request that must be answered. `limit` bounds the
/// wait for that answer (the fuzzer needs a bound; tests pass `None`).
/// Server-to-client requests are answered with `null`.
pub fn run(messages: &[Message], limit: Option<Duration>) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = runtime.block_on(session(messages, limit));
    // Analyses still running on blocking threads are not waited for.
    runtime.shutdown_background();
    result
}

async fn session(messages: &[Message], limit: Option<Duration>) -> Result<(), String> {
    let (client_side, server_side) = tokio::io::duplex(1 << 16);
    let (server_read, server_write) = tokio::io::split(server_side);
    let (service, socket) = kader_lsp::service();
    let io = kader_lsp::stdio::serve(service, socket, server_read, server_write);
    let server = io.serving;
    let (client_read, mut client_write) = tokio::io::split(client_side);
    let (answers_tx, mut answers) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let (done_tx, done) = tokio::sync::oneshot::channel::<()>();

    // Reads everything the server says, answers its requests, and reports
    // when the final request is answered.
    let reader = tokio::spawn(async move {
        let mut reader = BufReader::new(client_read);
        let mut done_tx = Some(done_tx);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length:") {
                    length = n.trim().parse::<usize>().ok();
                }
            }
            let Some(length) = length else { return };
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                continue;
            };
            if value.get("method").is_some() {
                if let Some(id) = value.get("id") {
                    let answer = json!({"jsonrpc": "2.0", "id": id, "result": null});
                    let _ = answers_tx.send(serde_json::to_vec(&answer).unwrap_or_default());
                }
            } else if value.get("id").and_then(Value::as_i64) == Some(LAST) {
                if let Some(tx) = done_tx.take() {
                    let _ = tx.send(());
                }
            }
        }
    });

    let json = |v: &Value| frame(&serde_json::to_vec(v).unwrap_or_default());
    let mut outgoing: Vec<Vec<u8>> = vec![
        json(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {}, "rootUri": null}})),
        json(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
    ];
    for m in messages {
        outgoing.push(match m {
            Message::Json(v) => json(v),
            Message::Body(body) => frame(body),
            Message::NoLength => b"Content-Type: x\r\n\r\n".to_vec(),
            Message::Raw(bytes) => bytes.clone(),
            Message::Short(body, cut) => {
                let mut out = format!(
                    "Content-Length: {}\r\n\r\n",
                    body.len().saturating_sub(*cut)
                )
                .into_bytes();
                out.extend_from_slice(body);
                out.extend_from_slice(b"\r\n");
                out
            }
        });
    }
    outgoing.push(json(
        &json!({"jsonrpc": "2.0", "id": LAST, "method": "shutdown"}),
    ));

    let talk = async {
        for framed in outgoing {
            while let Ok(answer) = answers.try_recv() {
                client_write
                    .write_all(&frame(&answer))
                    .await
                    .map_err(|e| e.to_string())?;
            }
            client_write
                .write_all(&framed)
                .await
                .map_err(|e| e.to_string())?;
        }
        let mut done = done;
        loop {
            tokio::select! {
                answer = answers.recv() => {
                    match answer {
                        Some(answer) => client_write.write_all(&frame(&answer)).await.map_err(|e| e.to_string())?,
                        None => return done.await.map_err(|_| "the server stopped without answering".to_string()),
                    }
                }
                result = &mut done => {
                    return result.map_err(|_| "the server stopped without answering".to_string());
                }
            }
        }
    };
    let result = match limit {
        Some(limit) => tokio::time::timeout(limit, talk)
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {limit:?}"))),
        None => talk.await,
    };
    reader.abort();
    server.abort();
    result
}
