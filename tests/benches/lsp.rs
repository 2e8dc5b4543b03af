//! The language server at national scale, over the real protocol: spawns the
//! release `kader-lsp` binary on stdio with a generated repository and
//! prints, one `name value unit` line each:
//! - the time from `initialize` to the first `publishDiagnostics`, and until
//!   every file of the repository has had its diagnostics;
//! - memory (VmRSS and VmHWM from /proc) after loading the repository;
//! - `didChange` → `publishDiagnostics` on a 500-line file: median and p99;
//! - hover and completion sent right behind an edit: median and p99;
//! - the time until every dependant has new diagnostics after the shared
//!   team (named by half the policies) is renamed in its file;
//! - memory at the end, and again after 15 s without input;
//! - a soak of ROUNDS rounds, each a few edits, a hover and a completion
//!   behind an edit, and the shared team renamed away and back (waiting
//!   until every dependant has its diagnostics): memory at its start, the
//!   peak after a round, at the end after another 15 s without input, and
//!   how much the end is above the start, in percent (0 % is no growth).
//!
//! `cargo bench -p kader-tests --bench lsp -- [POLICIES] [EDITS] [ROUNDS]`
//! (defaults 10000, 200 and 20). The server binary is `$KADER_LSP`, else
//! `target/release/kader-lsp`; build it first with
//! `cargo build --release -p kader-lsp`. `tests/benches/run` does both.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kader_tests::corpus::{self, Corpus};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long the editor stays idle before the last memory readings.
const IDLE_SECS: u64 = 15;

/// `didChange` edits of the 500-line file in each round of the soak, besides
/// the one the hover and completion are sent behind.
const SOAK_EDITS: i64 = 5;

struct Server {
    stdin: ChildStdin,
    messages: Receiver<(Instant, Value)>,
    pid: u32,
    next_id: i64,
}

impl Server {
    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Replaces the whole text of the open document `uri`.
    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]
            }),
        );
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next message from the server; requests from the server are
    /// answered with `null` on the way.
    fn next(&mut self) -> (Instant, Value) {
        loop {
            let (at, message) = self
                .messages
                .recv_timeout(Duration::from_secs(600))
                .expect("the server stopped answering");
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            return (at, message);
        }
    }

    fn status(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap();
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (kib("VmRSS:"), kib("VmHWM:"))
    }
}

fn read_messages(stdout: impl Read, out: std::sync::mpsc::Sender<(Instant, Value)>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let value: Value = serde_json::from_slice(&body).unwrap();
        if out.send((Instant::now(), value)).is_err() {
            return;
        }
    }
}

fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("KADER_LSP") {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/kader-lsp")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(name: &str, value: f64, unit: &str) {
    println!("{name} {value:.1} {unit}");
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let policies = args.first().copied().unwrap_or(10_000);
    let edits = args.get(1).copied().unwrap_or(200);
    let rounds = args.get(2).copied().unwrap_or(20);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let corpus = corpus::generate(policies, 1);
    corpus.write_to(&root).unwrap();
    let files = corpus.files.len();
    report("lsp_policies", policies as f64, "policies");
    report("lsp_lines", corpus.lines() as f64, "lines");

    let binary = server_binary();
    let started = Instant::now();
    let mut child = Command::new(&binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let (tx, rx) = channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || read_messages(stdout, tx));
    let mut server = Server {
        stdin: child.stdin.take().unwrap(),
        messages: rx,
        pid: child.id(),
        next_id: 0,
    };
    let root_uri = format!("file://{}", root.display());
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{"uri": root_uri, "name": "repo"}],
            "initializationOptions": {"stdlibDir": dir.path().join("stdlib")},
            "capabilities": {}
        }),
    );
    server.notify("initialized", json!({}));

    // First diagnostics, then every file's.
    let mut seen: HashSet<String> = HashSet::new();
    let mut first = None;
    while seen.len() < files {
        let (at, message) = server.next();
        if message["method"] == "textDocument/publishDiagnostics" {
            first.get_or_insert(at);
            let uri = message["params"]["uri"].as_str().unwrap_or_default();
            if uri.contains("/repo/") {
                seen.insert(uri.to_string());
            }
        }
    }
    let all = Instant::now();
    report("lsp_first_diagnostics", ms(first.unwrap() - started), "ms");
    report("lsp_all_diagnostics", ms(all - started), "ms");
    let (rss, hwm) = server.status();
    report("lsp_loaded_vmrss", rss as f64 / 1024.0, "MiB");
    report("lsp_loaded_vmhwm", hwm as f64 / 1024.0, "MiB");

    // didChange on a 500-line file inside the repository.
    let uri = format!("{root_uri}/beleid/groot.kader");
    let text = corpus::large_policy(0, 500);
    report("lsp_edit_file_lines", text.lines().count() as f64, "lines");
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "kader", "version": 1, "text": text}}),
    );
    wait_for_version(&mut server, &uri, 1);
    let mut times = Vec::with_capacity(edits);
    for version in 2..(2 + edits as i64) {
        let text = corpus::large_policy(version as usize, 500);
        let start = Instant::now();
        server.change(&uri, version, &text);
        let at = wait_for_version(&mut server, &uri, version);
        times.push(at - start);
    }
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    report("lsp_edit_count", times.len() as f64, "edits");
    report("lsp_edit_median", ms(pick(0.5)), "ms");
    report("lsp_edit_p99", ms(pick(0.99)), "ms");

    // Hover (on the policy's name) and completion (of a field name) sent
    // right behind each of as many edits again: what someone typing sees.
    let (mut hovers, mut completions) = (Vec::new(), Vec::new());
    let first = 2 + edits as i64;
    for version in first..(first + edits as i64) {
        let (hovered, completed) = edit_and_ask(&mut server, &uri, version);
        hovers.push(hovered);
        completions.push(completed);
    }
    for (name, mut times) in [("lsp_hover", hovers), ("lsp_completion", completions)] {
        times.sort();
        let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        report(&format!("{name}_while_typing_median"), ms(pick(0.5)), "ms");
        report(&format!("{name}_while_typing_p99"), ms(pick(0.99)), "ms");
    }

    // Rename the shared team in its file: every policy that names it gets
    // an unknown-name diagnostic.
    let teams_uri = format!("{root_uri}/{}", Corpus::TEAMS);
    let teams = std::fs::read_to_string(root.join(Corpus::TEAMS)).unwrap();
    // The policies on disk that name it, and the open 500-line file.
    let mut dependants: HashSet<String> = corpus
        .files
        .iter()
        .filter(|f| f.path.starts_with("beleid/") && f.text.contains(Corpus::SHARED_TEAM))
        .map(|f| format!("{root_uri}/{}", f.path))
        .collect();
    assert!(
        dependants.is_subset(&seen),
        "a dependant's URI differs from what the server published"
    );
    dependants.insert(uri.clone());
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": teams_uri, "languageId": "kader", "version": 1, "text": teams}}),
    );
    wait_for_version(&mut server, &teams_uri, 1);
    let renamed = teams.replace(
        &format!("team {} {{", Corpus::SHARED_TEAM),
        &format!("team {}_nieuw {{", Corpus::SHARED_TEAM),
    );
    let took = change_teams_and_wait(&mut server, &teams_uri, 2, &renamed, &dependants, true);
    report("lsp_rename_dependants", dependants.len() as f64, "policies");
    report("lsp_rename_republished", ms(took), "ms");
    let (rss, hwm) = server.status();
    report("lsp_end_vmrss", rss as f64 / 1024.0, "MiB");
    report("lsp_end_vmhwm", hwm as f64 / 1024.0, "MiB");
    // What the server gives back once the editor is idle.
    std::thread::sleep(Duration::from_secs(IDLE_SECS));
    let (rss, _) = server.status();
    report("lsp_idle_vmrss", rss as f64 / 1024.0, "MiB");

    // Soak: rounds of typing and of renaming the shared team away (under a
    // new name each round) and back. Does the server give memory back?
    let (start_rss, _) = server.status();
    report("lsp_soak_start_vmrss", start_rss as f64 / 1024.0, "MiB");
    let mut version = first + edits as i64;
    let mut teams_version = 2;
    let mut peak_rss = start_rss;
    for round in 0..rounds {
        for _ in 0..SOAK_EDITS {
            server.change(&uri, version, &corpus::large_policy(version as usize, 500));
            wait_for_version(&mut server, &uri, version);
            version += 1;
        }
        edit_and_ask(&mut server, &uri, version);
        version += 1;
        let away = teams.replace(
            &format!("team {} {{", Corpus::SHARED_TEAM),
            &format!("team {}_{round} {{", Corpus::SHARED_TEAM),
        );
        teams_version += 1;
        change_teams_and_wait(
            &mut server,
            &teams_uri,
            teams_version,
            &away,
            &dependants,
            true,
        );
        teams_version += 1;
        change_teams_and_wait(
            &mut server,
            &teams_uri,
            teams_version,
            &teams,
            &dependants,
            false,
        );
        peak_rss = peak_rss.max(server.status().0);
    }
    std::thread::sleep(Duration::from_secs(IDLE_SECS));
    let (end_rss, _) = server.status();
    report("lsp_soak_rounds", rounds as f64, "rounds");
    report("lsp_soak_peak_vmrss", peak_rss as f64 / 1024.0, "MiB");
    report("lsp_soak_end_vmrss", end_rss as f64 / 1024.0, "MiB");
    report(
        "lsp_soak_growth",
        (end_rss as f64 - start_rss as f64) * 100.0 / start_rss.max(1) as f64,
        "%",
    );

    server.request("shutdown", json!(null));
    server.notify("exit", json!(null));
    let _ = child.wait();
}

/// Waits for the diagnostics of `uri` at `version`; returns when they came.
fn wait_for_version(server: &mut Server, uri: &str, version: i64) -> Instant {
    loop {
        let (at, message) = server.next();
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri
            && message["params"]["version"] == version
        {
            return at;
        }
    }
}

/// Replaces the text of the open 500-line file at `version` and sends a
/// hover (on the policy's name) and a completion (of a field name) right
/// behind it; waits for its diagnostics and both answers. Returns how long
/// the hover and the completion took.
fn edit_and_ask(server: &mut Server, uri: &str, version: i64) -> (Duration, Duration) {
    server.change(uri, version, &corpus::large_policy(version as usize, 500));
    let start = Instant::now();
    let document = json!({"uri": uri});
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": document, "position": {"line": 1, "character": 8}}),
    );
    let completion = server.request(
        "textDocument/completion",
        json!({"textDocument": document, "position": {"line": 2, "character": 4}}),
    );
    let (mut published, mut hovered, mut completed) = (false, None, None);
    while !published || hovered.is_none() || completed.is_none() {
        let (at, message) = server.next();
        if message["method"] == "textDocument/publishDiagnostics" {
            published |= message["params"]["uri"] == uri && message["params"]["version"] == version;
        } else if message["id"] == hover {
            assert!(message.get("error").is_none(), "{message}");
            hovered = Some(at - start);
        } else if message["id"] == completion {
            assert!(message.get("error").is_none(), "{message}");
            completed = Some(at - start);
        }
    }
    (hovered.unwrap(), completed.unwrap())
}

/// Replaces the text of the open teams document at `version` and waits
/// until the latest diagnostics of every URI in `dependants` name the
/// shared team (`broken`: it was renamed away, so it is unknown) or no
/// longer do (it is back). A dependant counts by its latest publication.
/// Returns the time from the change to the last publication needed.
fn change_teams_and_wait(
    server: &mut Server,
    teams_uri: &str,
    version: i64,
    text: &str,
    dependants: &HashSet<String>,
    broken: bool,
) -> Duration {
    let start = Instant::now();
    server.change(teams_uri, version, text);
    let mut done: HashSet<String> = HashSet::new();
    let mut last = start;
    while done.len() < dependants.len() {
        let (at, message) = server.next();
        if message["method"] != "textDocument/publishDiagnostics" {
            continue;
        }
        let params = &message["params"];
        let uri = params["uri"].as_str().unwrap_or_default();
        if !dependants.contains(uri) {
            continue;
        }
        let names_team = params["diagnostics"].as_array().is_some_and(|ds| {
            ds.iter().any(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(Corpus::SHARED_TEAM))
            })
        });
        if names_team == broken {
            done.insert(uri.to_string());
            last = at;
        } else {
            done.remove(uri);
        }
    }
    last - start
}
