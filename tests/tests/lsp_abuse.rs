//! The language server under abuse: broken JSON-RPC, unknown methods,
//! requests before `initialize` and after `shutdown`, documents that were
//! never opened, positions past the end of a line or file, cancellation of
//! work in flight, and a seeded soak of 10,000 random requests and edits
//! that must end with the server still answering and its memory back near
//! where it started.
//!
//! These tests run the real `kader-lsp` binary over stdin and stdout, as an
//! editor does, so the process's memory can be read from `/proc`.
//! Waiting for an answer gives up after [`HANG`], so a server that stopped
//! answering fails the test instead of blocking the run; that is not a
//! speed limit.

use crate::lsp_support::copy_dir;
use kader_tests::kader_lsp_bin;
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long to wait for a message before calling the server hung.
const HANG: Duration = Duration::from_secs(120);

/// A `kader-lsp` process with a folder of its own.
struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications and answers read while waiting for something else.
    unread: Vec<Value>,
    /// The requests sent, by id, to say which one went unanswered.
    sent: std::collections::HashMap<i64, Value>,
    next_id: i64,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the server on a copy of the fixture repository; nothing sent.
    fn spawn() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/repo"),
            &root,
        );
        let root = root.canonicalize().unwrap();
        let mut child = Command::new(kader_lsp_bin())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("every message has a length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming,
            unread: Vec::new(),
            sent: std::collections::HashMap::new(),
            next_id: 1,
            root,
            _dir: dir,
        }
    }

    /// Starts the server and initializes it with the repository as its
    /// workspace.
    fn start() -> Server {
        let mut s = Server::spawn();
        let r = s.initialize();
        assert!(r["result"]["capabilities"].is_object(), "{r:#}");
        s
    }

    fn initialize(&mut self) -> Value {
        let uri = self.uri("");
        let cache = self._dir.path().join("cache");
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "workspaceFolders": [{"uri": uri, "name": "repo"}],
                "initializationOptions": {"stdlibDir": cache.to_string_lossy()},
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}}
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn uri(&self, relative: &str) -> String {
        tower_lsp::lsp_types::Url::from_file_path(self.root.join(relative))
            .unwrap()
            .to_string()
    }

    /// Writes bytes as they are, for broken messages.
    fn raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    fn post(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        if params_null(&msg) {
            msg.as_object_mut().unwrap().remove("params");
        }
        self.send(&msg);
        self.sent.insert(id, msg);
        id
    }

    /// The next message, answering the server's own requests on the way.
    fn next(&mut self) -> Value {
        loop {
            let msg = self
                .incoming
                .recv_timeout(HANG)
                .expect("the server answers (it did not hang or stop)");
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                self.send(&reply);
                continue;
            }
            return msg;
        }
    }

    /// Waits for a message that satisfies `pred`.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&pred) {
            return self.unread.remove(i);
        }
        loop {
            let msg = self.next();
            if pred(&msg) {
                return msg;
            }
            // Keep answers and diagnostics; log messages are not needed.
            if msg["method"] != "window/logMessage" {
                self.unread.push(msg);
            }
        }
    }

    /// The whole answer (with `result` or `error`) to request `id`.
    fn answer(&mut self, id: i64) -> Value {
        let is_answer = |m: &Value| m.get("method").is_none() && m["id"] == json!(id);
        if let Some(i) = self.unread.iter().position(is_answer) {
            self.sent.remove(&id);
            return self.unread.remove(i);
        }
        loop {
            let Ok(msg) = self.incoming.recv_timeout(HANG) else {
                panic!(
                    "no answer to {:#}",
                    self.sent.get(&id).unwrap_or(&Value::Null)
                );
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                self.send(&reply);
                continue;
            }
            if is_answer(&msg) {
                self.sent.remove(&id);
                return msg;
            }
            if msg["method"] != "window/logMessage" {
                self.unread.push(msg);
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.post(method, params);
        self.answer(id)
    }

    /// Waits for diagnostics of `uri` of `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        let uri = uri.to_string();
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && m["params"]["version"] == json!(version)
        })
    }

    fn open(&mut self, relative: &str, text: &str) -> String {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "kader", "version": 1, "text": text}}),
        );
        uri
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The resident memory of the process in KiB, from `/proc`.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }

    /// Asks for the outline of `teams.kader`, which must come back whole:
    /// the server still answers correctly.
    fn still_answers(&mut self) {
        let uri = self.uri("teams.kader");
        let r = self.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        let names: Vec<&str> = r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r:#}"))
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert!(names.contains(&"team_openbare_orde"), "{r:#}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn params_null(msg: &Value) -> bool {
    msg["params"].is_null()
}

fn error_code(answer: &Value) -> Option<i64> {
    answer["error"]["code"].as_i64()
}

/// Every request that takes a document and a position, with its extra
/// parameters.
fn position_requests() -> Vec<(&'static str, Value)> {
    vec![
        ("textDocument/hover", json!({})),
        ("textDocument/completion", json!({})),
        ("textDocument/definition", json!({})),
        (
            "textDocument/references",
            json!({"context": {"includeDeclaration": true}}),
        ),
        ("textDocument/prepareRename", json!({})),
        ("textDocument/rename", json!({"newName": "nieuwe_naam"})),
    ]
}

/// Every request that takes a document only, with its extra parameters.
fn document_requests() -> Vec<(&'static str, Value)> {
    let whole =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}});
    vec![
        ("textDocument/documentSymbol", json!({})),
        ("textDocument/semanticTokens/full", json!({})),
        ("textDocument/foldingRange", json!({})),
        ("textDocument/inlayHint", json!({"range": whole})),
        (
            "textDocument/codeAction",
            json!({"range": whole, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/formatting",
            json!({"options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ]
}

fn with(mut params: Value, extra: &Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        params[k] = v.clone();
    }
    params
}

/// Asks every feature about `uri` at `position`; every answer must be a
/// result or an error, never a missing answer or a dead server. Returns
/// the answers.
fn ask_everything(s: &mut Server, uri: &str, position: Value) -> Vec<Value> {
    let mut ids = Vec::new();
    for (method, extra) in position_requests() {
        let params = json!({"textDocument": {"uri": uri}, "position": position});
        ids.push(s.post(method, with(params, &extra)));
    }
    for (method, extra) in document_requests() {
        ids.push(s.post(method, with(json!({"textDocument": {"uri": uri}}), &extra)));
    }
    let answers: Vec<Value> = ids.into_iter().map(|id| s.answer(id)).collect();
    for a in &answers {
        assert!(
            a.get("result").is_some() || a.get("error").is_some(),
            "{a:#}"
        );
    }
    answers
}

const POLICY: &str = "beleid x {\n    titel: \"Markt é😀\"\n    grondslag: publieke_taak\n    geautoriseerd: [team_openbare_orde]\n}\n";

#[test]
fn broken_messages_are_answered_with_errors_and_the_server_keeps_serving() {
    let mut s = Server::start();
    // Not JSON.
    s.raw(b"Content-Length: 9\r\n\r\n{not json");
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(
        (error_code(&a), a["id"].clone()),
        (Some(-32700), Value::Null),
        "{a:#}"
    );
    // JSON, but not a message: an array, an object without a method, and
    // one with an id whose method is not a string.
    s.raw(b"Content-Length: 5\r\n\r\n[1,2]");
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(error_code(&a), Some(-32600), "{a:#}");
    s.send(&json!({"jsonrpc": "2.0", "id": 41}));
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(a["id"], json!(41), "{a:#}");
    assert!(matches!(error_code(&a), Some(-32601 | -32600)), "{a:#}");
    s.send(&json!({"jsonrpc": "2.0", "id": 42, "method": 7}));
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(
        (error_code(&a), a["id"].clone()),
        (Some(-32600), json!(42)),
        "{a:#}"
    );
    // A header without a number, and a body that is not UTF-8.
    s.raw(b"Content-Length: veel\r\n\r\n");
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(error_code(&a), Some(-32700), "{a:#}");
    s.raw(b"Content-Length: 4\r\n\r\n\xff\xfe\x00{");
    let a = s.wait(|m| m.get("error").is_some());
    assert_eq!(error_code(&a), Some(-32700), "{a:#}");
    // Parameters of the wrong shape.
    let a = s.request("textDocument/hover", json!("x"));
    assert_eq!(error_code(&a), Some(-32602), "{a:#}");
    s.still_answers();
}

#[test]
fn unknown_methods_are_refused_and_unknown_notifications_ignored() {
    let mut s = Server::start();
    let a = s.request("kader/bestaatNiet", json!({}));
    assert_eq!(error_code(&a), Some(-32601), "{a:#}");
    s.notify("kader/bestaatNiet", json!({}));
    s.notify("$/onbekend", json!({"x": 1}));
    s.notify("textDocument/didOpen", json!({"geen": "document"}));
    s.still_answers();
}

#[test]
fn requests_before_initialize_are_refused_until_it_comes() {
    let mut s = Server::spawn();
    let a = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.kader"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&a), Some(-32002), "{a:#}");
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": "file:///x.kader", "languageId": "kader", "version": 1, "text": "x"}}));
    let r = s.initialize();
    assert!(
        r["result"]["capabilities"]["hoverProvider"]
            .as_bool()
            .unwrap(),
        "{r:#}"
    );
    let again = s.request("initialize", json!({"capabilities": {}}));
    assert!(
        again.get("error").is_some(),
        "a second initialize is refused: {again:#}"
    );
    s.still_answers();
}

#[test]
fn after_shutdown_requests_are_refused_and_exit_ends_the_process() {
    let mut s = Server::start();
    s.still_answers();
    let a = s.request("shutdown", Value::Null);
    assert!(a.get("error").is_none(), "{a:#}");
    let a = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": s.uri("teams.kader")}}),
    );
    assert_eq!(error_code(&a), Some(-32600), "{a:#}");
    s.notify("exit", Value::Null);
    let status = s.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));

    // `exit` without `shutdown` first ends the process with status 1.
    let mut s = Server::start();
    s.notify("exit", Value::Null);
    assert_eq!(s.child.wait().unwrap().code(), Some(1));
}

#[test]
fn documents_never_opened_get_answers_not_crashes() {
    let mut s = Server::start();
    let strangers = [
        "file:///nergens/onbekend.kader".to_string(),
        "untitled:Naamloos-1".to_string(),
        s.uri("kader.toml"),
        s.uri("bestaat_niet.kader"),
    ];
    for uri in &strangers {
        ask_everything(&mut s, uri, json!({"line": 0, "character": 0}));
        s.change(uri, 2, "beleid y {\n}\n");
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        s.notify(
            "textDocument/didSave",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    let a = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nergens/onbekend.kader"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(a["result"], Value::Null, "{a:#}");
    s.still_answers();
}

#[test]
fn positions_past_the_end_of_a_line_or_the_file_get_answers() {
    let mut s = Server::start();
    let uri = s.open("beleid/p.kader", POLICY);
    s.diagnostics(&uri, 1);
    for position in [
        json!({"line": 1, "character": 500}),
        json!({"line": 4, "character": 1}),
        json!({"line": 5, "character": 0}),
        json!({"line": 10_000, "character": 10_000}),
        json!({"line": u32::MAX, "character": u32::MAX}),
        // Inside the surrogate pair of the emoji.
        json!({"line": 1, "character": 19}),
    ] {
        ask_everything(&mut s, &uri, position);
    }
    // A range that ends before it starts.
    let a = s.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 3, "character": 5}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    assert!(
        a.get("result").is_some() || a.get("error").is_some(),
        "{a:#}"
    );
    // A position past the end of a line means its end, not a place on
    // the next line: line 2 ends in `publieke_taak`.
    let hover = |s: &mut Server, character: u32| {
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": character}}),
        )["result"]
            .clone()
    };
    let past = hover(&mut s, 400);
    let text = past["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.contains("publieke_taak"), "{past:#}");
    assert_eq!(past, hover(&mut s, 28));
    s.still_answers();
}

#[test]
fn cancelled_requests_are_answered_once_and_the_server_goes_on() {
    let mut s = Server::start();
    let uri = s.open("beleid/c.kader", POLICY);
    s.diagnostics(&uri, 1);
    let mut ids = Vec::new();
    for version in 2..12 {
        // Each change makes the next requests wait for a new analysis.
        s.change(
            &uri,
            version,
            &POLICY.replace("Markt", &format!("Markt {version}")),
        );
        for (method, extra) in document_requests() {
            let id = s.post(method, with(json!({"textDocument": {"uri": uri}}), &extra));
            s.notify("$/cancelRequest", json!({"id": id}));
            ids.push(id);
        }
    }
    // Cancelling what is already answered, or was never asked, is harmless.
    s.notify("$/cancelRequest", json!({"id": 1}));
    s.notify("$/cancelRequest", json!({"id": "onbekend"}));
    let mut cancelled = 0;
    for id in ids {
        let a = s.answer(id);
        match error_code(&a) {
            Some(-32800) => cancelled += 1,
            None => assert!(a.get("result").is_some(), "{a:#}"),
            Some(other) => panic!("unexpected error {other}: {a:#}"),
        }
    }
    eprintln!("cancelled before an answer: {cancelled} of 60");
    // No request gets a second answer.
    s.still_answers();
    assert!(
        !s.unread
            .iter()
            .any(|m| m.get("method").is_none() && m["id"].as_i64().is_some_and(|i| i < 60)),
        "{:#?}",
        s.unread
    );
    let diagnostics = s.diagnostics(&uri, 11);
    assert!(diagnostics["params"]["diagnostics"].is_array());
}

/// Junk lines an editor user might type, inserted by the soak.
const TYPED: &[&str] = &[
    "\n    titel: \"",
    "}",
    "{",
    "\n    onbekend: [a, b,",
    "\n    bron x { toegang: openbaar }\n",
    "😀",
    "\u{202E}",
    "\r\n",
    "\n    periode: 2025-13-40 .. 2025-01-01\n",
    "\n/// los\n",
    "\"\"\"",
    "€",
];

#[test]
fn a_soak_of_ten_thousand_random_requests_and_edits() {
    const OPERATIONS: usize = 10_000;
    const BATCH: usize = 250;
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut s = Server::start();
    let files = ["beleid/markt.kader", "beleid/webcare.kader", "teams.kader"];
    let originals: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(s.root.join(f)).unwrap())
        .collect();
    let mut texts = originals.clone();
    let mut versions = vec![1i64; files.len()];
    let uris: Vec<String> = files
        .iter()
        .zip(&originals)
        .map(|(f, t)| s.open(f, t))
        .collect();
    for uri in &uris {
        s.diagnostics(uri, 1);
    }
    // Warm up: every feature once, so memory the server keeps for good is
    // counted in the starting figure.
    for uri in &uris {
        ask_everything(&mut s, uri, json!({"line": 2, "character": 6}));
    }
    let start = s.rss_kib();

    let position_requests = position_requests();
    let document_requests = document_requests();
    let (mut requests, mut edits, mut cancels, mut errors) = (0usize, 0usize, 0usize, 0usize);
    let mut peak = start;
    let mut half = start;
    let mut done = 0;
    while done < OPERATIONS {
        let mut ids = Vec::new();
        for _ in 0..BATCH.min(OPERATIONS - done) {
            done += 1;
            let doc = rng.random_range(0..files.len());
            let roll = rng.random_range(0..100);
            if roll < 15 {
                // An edit: type something, delete something, or go back.
                let text = &mut texts[doc];
                let at = rng.random_range(0..=text.len());
                let at = (0..=at)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                match rng.random_range(0..3) {
                    0 => text.insert_str(at, TYPED[rng.random_range(0..TYPED.len())]),
                    1 => {
                        let end = (at + rng.random_range(0..40)).min(text.len());
                        let end = (end..=text.len())
                            .find(|i| text.is_char_boundary(*i))
                            .unwrap();
                        text.replace_range(at..end, "");
                    }
                    _ => *text = originals[doc].clone(),
                }
                versions[doc] += 1;
                let (uri, version, text) = (uris[doc].clone(), versions[doc], texts[doc].clone());
                s.change(&uri, version, &text);
                edits += 1;
            } else if roll < 20 && !ids.is_empty() {
                let id = ids[rng.random_range(0..ids.len())];
                s.notify("$/cancelRequest", json!({"id": id}));
                cancels += 1;
            } else if roll < 22 {
                // A document nobody opened.
                let id = s.post(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": "file:///nergens/x.kader"}, "position": {"line": 0, "character": 0}}),
                );
                ids.push(id);
                requests += 1;
            } else {
                let lines = texts[doc].lines().count() as u32;
                let position = json!({
                    "line": rng.random_range(0..lines + 3),
                    "character": rng.random_range(0..90u32),
                });
                let uri = uris[doc].clone();
                let id = if rng.random_range(0..2) == 0 {
                    let (method, extra) =
                        &position_requests[rng.random_range(0..position_requests.len())];
                    let params = json!({"textDocument": {"uri": uri}, "position": position});
                    s.post(method, with(params, extra))
                } else {
                    let (method, extra) =
                        &document_requests[rng.random_range(0..document_requests.len())];
                    s.post(method, with(json!({"textDocument": {"uri": uri}}), extra))
                };
                ids.push(id);
                requests += 1;
            }
        }
        for id in ids {
            let a = s.answer(id);
            if a.get("error").is_some() {
                errors += 1;
            }
        }
        // Diagnostics of older versions are not needed any more.
        s.unread.clear();
        let rss = s.rss_kib();
        peak = peak.max(rss);
        if done == OPERATIONS / 2 {
            half = rss;
        }
    }

    // Back to the texts on disk: the server holds again what it held at
    // the start.
    for (i, uri) in uris.iter().enumerate() {
        versions[i] += 1;
        let (version, text) = (versions[i], originals[i].clone());
        s.change(uri, version, &text);
    }
    s.still_answers();
    let end = s.rss_kib();
    eprintln!(
        "soak: {done} operations: {requests} requests ({errors} answered with an error), \
         {edits} edits, {cancels} cancellations; VmRSS start {start} KiB, half-way {half} KiB, \
         peak {peak} KiB, end {end} KiB"
    );
    assert_eq!(done, OPERATIONS);
    assert!(requests > OPERATIONS / 2 && edits > OPERATIONS / 10);
    assert!(
        end < 2 * start + 50 * 1024,
        "memory grew from {start} KiB to {end} KiB"
    );
    // The allocator keeps what the busiest moment needed (the first half
    // reaches it), but memory held per request or edit would grow the
    // second half as much as the first: it must level off instead.
    assert!(
        end.saturating_sub(half) < half.saturating_sub(start) / 2 + 2 * 1024,
        "memory kept growing: start {start} KiB, half-way {half} KiB, end {end} KiB"
    );
    // And it still answers a real question correctly.
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uris[0]}, "position": {"line": 3, "character": 6}}),
    );
    assert!(
        hover["result"]["contents"]["value"].is_string(),
        "{hover:#}"
    );
}
