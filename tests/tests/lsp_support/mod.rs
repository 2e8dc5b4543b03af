//! A small language client for tests: it runs the real `kader-lsp`
//! service in-process over a duplex byte stream and speaks JSON-RPC with
//! `Content-Length` framing, exactly as an editor does.
//!
//! Server-to-client requests are answered automatically:
//! `workspace/configuration` with the settings the test gave, everything
//! else with `null`. Every notification is kept, so tests can wait for a
//! `textDocument/publishDiagnostics` that satisfies a condition.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{mpsc, Mutex};
use tower_lsp::lsp_types::Url;

pub const TIMEOUT: Duration = Duration::from_secs(20);

type Writer = Arc<Mutex<WriteHalf<DuplexStream>>>;

pub struct Client {
    writer: Writer,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet consumed.
    pub notifications: Vec<Value>,
    responses: Vec<Value>,
    next_id: i64,
    pub root: PathBuf,
    pub stdlib_dir: PathBuf,
    _dir: tempfile::TempDir,
}

pub struct Options {
    pub utf8: bool,
    pub init: Value,
    /// What the client answers to `workspace/configuration`; `None` means
    /// the client does not support it.
    pub configuration: Option<Value>,
    /// The client pulls diagnostics (`textDocument.diagnostic`) and takes
    /// `workspace/diagnostic/refresh`.
    pub pull: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            utf8: false,
            init: json!({}),
            configuration: None,
            pull: false,
        }
    }
}

async fn write_message(writer: &Writer, value: &Value) {
    let body = serde_json::to_string(value).unwrap();
    let mut w = writer.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    w.flush().await.unwrap();
}

/// Copies the fixture repository `tests/fixtures/lsp/<name>` to a fresh
/// folder.
fn copy_fixture(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/lsp")
        .join(name);
    copy_dir(&from, to);
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Client {
    /// Starts a server on a copy of the fixture repository `fixture` and
    /// initializes it with that folder as the workspace.
    pub async fn start(fixture: &str, options: Options) -> (Client, Value) {
        Client::start_with(|root| copy_fixture(fixture, root), options).await
    }

    /// Starts a server on a repository that `make` writes into the given
    /// (new) folder.
    pub async fn start_with(make: impl FnOnce(&Path), options: Options) -> (Client, Value) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        make(&root);
        let root = root.canonicalize().unwrap();
        let stdlib_dir = dir.path().join("cache");

        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let (service, socket) = kader_lsp::service();
        // Served as the binary serves it.
        let _served = kader_lsp::stdio::serve(service, socket, server_read, server_write);

        let (client_read, client_write) = tokio::io::split(client_side);
        let writer: Writer = Arc::new(Mutex::new(client_write));
        let (tx, rx) = mpsc::unbounded_channel();
        let answer = options.configuration.clone();
        let reply_writer = writer.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(client_read);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                let msg: Value = serde_json::from_slice(&body).unwrap();
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    // A request from the server.
                    let result = match msg["method"].as_str() {
                        Some("workspace/configuration") => {
                            json!([answer.clone().unwrap_or(Value::Null)])
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": result});
                    write_message(&reply_writer, &reply).await;
                    let _ = tx.send(msg);
                    continue;
                }
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });

        let mut client = Client {
            writer,
            incoming: rx,
            notifications: Vec::new(),
            responses: Vec::new(),
            next_id: 1,
            root: root.clone(),
            stdlib_dir: stdlib_dir.clone(),
            _dir: dir,
        };
        let mut init = options.init.clone();
        init["stdlibDir"] = json!(stdlib_dir.to_string_lossy());
        let encodings = if options.utf8 {
            json!(["utf-16", "utf-8"])
        } else {
            json!(["utf-16"])
        };
        let mut capabilities = json!({
            "general": {"positionEncodings": encodings},
            "workspace": {
                "configuration": options.configuration.is_some(),
                "didChangeWatchedFiles": {"dynamicRegistration": true}
            },
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
        });
        if options.pull {
            capabilities["textDocument"]["diagnostic"] = json!({"relatedDocumentSupport": false});
            // The protocol's name (3.17), as VS Code sends it.
            capabilities["workspace"]["diagnostics"] = json!({"refreshSupport": true});
        }
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "workspaceFolders": [{"uri": Url::from_file_path(&root).unwrap(), "name": "repo"}],
                    "initializationOptions": init,
                    "capabilities": capabilities
                }),
            )
            .await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    pub fn uri(&self, relative: &str) -> Url {
        Url::from_file_path(self.root.join(relative)).unwrap()
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({"jsonrpc": "2.0", "method": method, "params": params});
        write_message(&self.writer, &msg).await;
    }

    /// Sends a request and waits for its answer: the result, or the error
    /// object under `"error"`.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        if msg["params"].is_null() {
            msg.as_object_mut().unwrap().remove("params");
        }
        write_message(&self.writer, &msg).await;
        let response = self
            .wait(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await;
        match response.get("error") {
            Some(e) => json!({"error": e}),
            None => response["result"].clone(),
        }
    }

    /// Waits for a message that satisfies `pred`, first among the ones
    /// already read.
    pub async fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notifications.iter().position(&pred) {
            return self.notifications.remove(i);
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.incoming.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "no matching message within {TIMEOUT:?}; unread: {:#?}",
                        self.notifications
                    )
                })
                .expect("server closed");
            if pred(&msg) {
                return msg;
            }
            self.notifications.push(msg);
        }
    }

    /// Reads whatever arrives within `quiet`, keeping it.
    pub async fn drain(&mut self, quiet: Duration) {
        while let Ok(Some(msg)) = tokio::time::timeout(quiet, self.incoming.recv()).await {
            self.notifications.push(msg);
        }
    }

    /// Waits for diagnostics of `uri` that satisfy `pred`.
    pub async fn diagnostics(&mut self, uri: &Url, pred: impl Fn(&Value) -> bool) -> Value {
        let uri = uri.to_string();
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && pred(&m["params"])
        })
        .await["params"]
            .clone()
    }

    pub async fn open(&mut self, relative: &str, text: &str) -> Url {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "kader", "version": 1, "text": text}}),
        )
        .await;
        uri
    }

    pub async fn change(&mut self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]
            }),
        )
        .await;
    }

    /// A request at a position of `uri`.
    pub async fn at(&mut self, method: &str, uri: &Url, position: Value, extra: Value) -> Value {
        let mut params = json!({"textDocument": {"uri": uri}, "position": position});
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        self.request(method, params).await
    }
}

/// Removes the `$0` cursor marker and returns the text with the cursor's
/// position, its column counted in UTF-16 or in UTF-8 bytes.
pub fn cursor(text: &str, utf8: bool) -> (String, Value) {
    let offset = text.find("$0").expect("a $0 cursor marker");
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_text = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let character: usize = if utf8 {
        line_text.len()
    } else {
        line_text.chars().map(char::len_utf16).sum()
    };
    (
        text.replacen("$0", "", 1),
        json!({"line": line, "character": character}),
    )
}

/// The messages of a published diagnostics list.
pub fn messages(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

pub fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
