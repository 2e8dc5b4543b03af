//! The byte streams between the editor and the language service, and the
//! loop that serves it.
//!
//! tower-lsp's own transport stops reading for good after the first
//! message it cannot decode, and it decodes every message a second time
//! after any guard in front of it. So the server reads and decodes the
//! messages itself, once each, and hands them to the service: [`serve`]
//! frames the input (`Content-Length`), decodes each body as a JSON-RPC
//! response or request the way tower-lsp's own transport does (a response
//! first), calls the service with the decoded request (at most
//! [`CONCURRENCY`] unanswered at a time, as tower-lsp does), and answers
//! every other body with a JSON-RPC error (-32700 "Parse error" when the
//! body is not JSON, -32600 "Invalid Request" when it is JSON but not a
//! message; with the message's `id` when it has one). A header without a
//! usable `Content-Length`, or a body larger than [`MAX_BODY`], is answered
//! the same way and skipped. Answers, the server's own requests and
//! notifications go to the output one whole message at a time. A large
//! message (a 50 MB `didOpen`) is decoded once, on a blocking thread. The
//! messages behind it that name another document (`textDocument.uri`) are
//! served meanwhile; every other message (one about the same document, a
//! workspace request, a cancellation) waits for it, so the order that
//! matters is kept. Decoding `initialize` also puts the client's
//! workspace diagnostics capability under the name lsp-types reads (see
//! [`diagnostics_capability`]).

use futures::future::poll_fn;
use futures::{stream, SinkExt, StreamExt};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tower::Service;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::ClientSocket;

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

/// The most requests the service works on at once (tower-lsp's default).
pub const CONCURRENCY: usize = 4;

/// Bodies from this size on are decoded on a blocking thread.
const LARGE: usize = 1 << 20;

/// A decoded message from the client.
enum Incoming {
    /// A request or notification for the service.
    Request(Request),
    /// The answer to one of the server's own requests.
    Response(Response),
}

/// Which top-level names a body has, read without building its values.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    result: Present,
    #[serde(default)]
    error: Present,
}

/// Whether a name is there, whatever its value (`null` included).
#[derive(Default)]
struct Present(bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Present(true))
    }
}

/// Decodes a body as tower-lsp's transport does: a response when it is
/// one, otherwise a request or notification; `None` when it is neither.
/// A response needs `result` or `error`, so a body that surely has neither
/// is not tried as one (that attempt would copy all of a large body).
fn decode(body: &[u8]) -> Option<Incoming> {
    let maybe_response =
        serde_json::from_slice::<Probe>(body).map_or(true, |p| p.result.0 || p.error.0);
    if maybe_response {
        if let Ok(response) = serde_json::from_slice::<Response>(body) {
            return Some(Incoming::Response(response));
        }
    }
    serde_json::from_slice::<Request>(body)
        .ok()
        .map(|request| Incoming::Request(diagnostics_capability(request)))
}

/// The client's workspace diagnostics capability under the name the types
/// read. The protocol (3.17) and its clients (VS Code, pygls) write
/// `capabilities.workspace.diagnostics`; lsp-types 0.94, under tower-lsp
/// 0.20, reads `capabilities.workspace.diagnostic`, so without this a
/// client's `refreshSupport` went unseen and an editor that pulls was
/// never asked to pull again (after a change of language, or of a file
/// other documents use). Only `initialize` is touched, and only when the
/// name the types read is missing.
fn diagnostics_capability(request: Request) -> Request {
    if request.method() != "initialize" {
        return request;
    }
    let (method, id, mut params) = request.into_parts();
    let workspace = params
        .as_mut()
        .and_then(|p| p.get_mut("capabilities"))
        .and_then(|c| c.get_mut("workspace"))
        .and_then(Value::as_object_mut);
    if let Some(workspace) = workspace {
        if !workspace.contains_key("diagnostic") {
            if let Some(capability) = workspace.get("diagnostics").cloned() {
                workspace.insert("diagnostic".to_string(), capability);
            }
        }
    }
    let mut built = Request::build(method);
    if let Some(params) = params {
        built = built.params(params);
    }
    if let Some(id) = id {
        built = built.id(id);
    }
    built.finish()
}

/// A decoded body, and the body itself when it is not a message (to
/// answer it with its `id`).
type Decoded = (Option<Incoming>, Option<Vec<u8>>);

fn decode_kept(body: Vec<u8>) -> Decoded {
    let decoded = decode(&body);
    let kept = decoded.is_none().then_some(body);
    (decoded, kept)
}

/// Where a body says it is about: `params.textDocument.uri`, read without
/// building the other values (a 50 MB text is skipped, not copied).
#[derive(Deserialize)]
struct About {
    params: AboutParams,
}

#[derive(Deserialize)]
struct AboutParams {
    #[serde(rename = "textDocument")]
    text_document: AboutDocument,
}

#[derive(Deserialize)]
struct AboutDocument {
    uri: String,
}

/// The document a request or notification is about, if it names one.
fn document_of(request: &Request) -> Option<&str> {
    request.params()?.get("textDocument")?.get("uri")?.as_str()
}

/// A large body being decoded on a blocking thread, so the runtime's other
/// tasks (answers being written, analyses finishing) go on, and so the
/// messages behind it that are about another document need not wait.
struct Decoding {
    /// The document it is about, once a first quick pass has read it.
    about: Option<Option<String>>,
    read_about: oneshot::Receiver<Option<String>>,
    done: JoinHandle<Decoded>,
}

impl Decoding {
    fn start(body: Vec<u8>) -> Decoding {
        let (tell, read_about) = oneshot::channel();
        let done = tokio::task::spawn_blocking(move || {
            let about = serde_json::from_slice::<About>(&body)
                .ok()
                .map(|a| a.params.text_document.uri);
            let _ = tell.send(about);
            decode_kept(body)
        });
        Decoding {
            about: None,
            read_about,
            done,
        }
    }

    /// Whether `request` may be served before this message: only when
    /// both name a document and the documents differ. Everything else
    /// (workspace requests, cancellations, answers to the server's own
    /// requests, messages about the same document) keeps its order.
    async fn may_overtake(&mut self, request: &Request) -> bool {
        let Some(other) = document_of(request) else {
            return false;
        };
        if self.about.is_none() {
            self.about = Some((&mut self.read_about).await.ok().flatten());
        }
        matches!(&self.about, Some(Some(about)) if about != other)
    }

    async fn finish(self) -> Decoded {
        self.done.await.unwrap_or((None, None))
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
    out.write_all(body).await
}

/// How much output is gathered before it is written, when messages are
/// waiting: after an analysis of a large repository thousands of
/// `publishDiagnostics` are, and writing each on its own (a round trip to
/// the thread that writes standard output) took longer than the analysis.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Writes the message bodies from `bodies` to `output` in order: each
/// message with every one already waiting behind it, then flushed, so a
/// message is never held back waiting for another.
async fn write_all_frames<W: AsyncWrite + Unpin>(
    output: W,
    mut bodies: mpsc::UnboundedReceiver<Vec<u8>>,
) -> std::io::Result<()> {
    let mut output = tokio::io::BufWriter::with_capacity(OUTPUT_BUFFER, output);
    while let Some(body) = bodies.recv().await {
        write_frame(&mut output, &body).await?;
        while let Ok(body) = bodies.try_recv() {
            write_frame(&mut output, &body).await?;
        }
        output.flush().await?;
    }
    Ok(())
}

/// What the process needs to end well.
pub struct Served {
    /// Ends when the service has answered everything it was asked and the
    /// input has ended.
    pub serving: JoinHandle<()>,
    /// Ends when everything the server wrote has reached the output: await
    /// it before the process ends.
    pub written: JoinHandle<()>,
    /// Ends when the input has ended: after `exit`, or when the client
    /// closed it.
    pub read: JoinHandle<()>,
    /// Set when the client asked for `shutdown`; the exit status is 0 then
    /// and 1 otherwise (LSP 3.17, `exit`).
    pub shut_down: Arc<AtomicBool>,
}

/// What the reading loop has next: a large message decoded, or a frame.
enum Next {
    Decoded(Decoded),
    Frame(Option<Frame>),
}

/// Where decoded messages go: requests and notifications to the service,
/// answers to the server's own requests back to it, anything else answered
/// with an error.
struct Dispatch<S: Service<Request>, K> {
    service: S,
    tasks: futures::channel::mpsc::Sender<S::Future>,
    responses: K,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    shut_down: Arc<AtomicBool>,
}

impl<S, K> Dispatch<S, K>
where
    S: Service<Request, Response = Option<Response>>,
    K: futures::Sink<Response> + Unpin,
{
    /// Hands one decoded body on; `false` once serving has ended.
    async fn send(&mut self, (decoded, kept): Decoded) -> bool {
        let request = match decoded {
            Some(Incoming::Request(request)) => request,
            Some(Incoming::Response(response)) => {
                return self.responses.send(response).await.is_ok();
            }
            None => {
                self.refuse(kept.as_deref());
                return true;
            }
        };
        let method = request.method().to_string();
        // The service is not ready before `initialize` is answered, so
        // nothing overtakes it; after `exit` it serves no more.
        if poll_fn(|cx| self.service.poll_ready(cx)).await.is_err() {
            return false;
        }
        if self.tasks.send(self.service.call(request)).await.is_err() {
            return false;
        }
        match method.as_str() {
            "shutdown" => {
                self.shut_down.store(true, Ordering::SeqCst);
                true
            }
            "exit" => false,
            _ => true,
        }
    }

    /// Answers a body that is not a message (`None`: a broken frame).
    fn refuse(&self, body: Option<&[u8]>) {
        let _ = self.errors.send(answer(body).to_string().into_bytes());
    }
}

/// Serves `service` on `input` and `output`. The input ends after an
/// `exit` notification, so the server stops then instead of waiting for
/// the client to close the stream. Runs on the current tokio runtime.
pub fn serve<S, I, O>(service: S, socket: ClientSocket, input: I, output: O) -> Served
where
    S: Service<Request, Response = Option<Response>> + Send + 'static,
    S::Future: Send + 'static,
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    // Whole message bodies for `output`, in the order they are sent.
    let (out_tx, out_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (to_client, from_client) = socket.split();
    let (to_client, stop_requests) = stream::abortable(to_client);
    let (tasks_tx, tasks_rx) = futures::channel::mpsc::channel::<S::Future>(64);

    // The service's answers, as they come.
    let answers = out_tx.clone();
    let answering = tokio::spawn(async move {
        let mut done = tasks_rx.buffer_unordered(CONCURRENCY);
        while let Some(result) = done.next().await {
            if let Ok(Some(response)) = result {
                if let Ok(body) = serde_json::to_vec(&response) {
                    let _ = answers.send(body);
                }
            }
        }
    });
    // The server's own requests and notifications to the client.
    let requests = out_tx.clone();
    let asking = tokio::spawn(async move {
        let mut to_client = to_client;
        while let Some(request) = to_client.next().await {
            if let Ok(body) = serde_json::to_vec(&request) {
                let _ = requests.send(body);
            }
        }
    });

    let shut_down = Arc::new(AtomicBool::new(false));
    let mut dispatch = Dispatch {
        service,
        tasks: tasks_tx,
        responses: from_client,
        errors: out_tx,
        shut_down: shut_down.clone(),
    };
    let read = tokio::spawn(async move {
        // Frames are read on a task of their own, so waiting for one can
        // be set aside (for a large message's decoding) without losing
        // what was half read.
        let (frames_tx, mut frames) = mpsc::channel::<Frame>(4);
        let framing = tokio::spawn(async move {
            let mut input = BufReader::new(input);
            while let Some(frame) = read_frame(&mut input).await {
                if frames_tx.send(frame).await.is_err() {
                    break;
                }
            }
        });
        let mut decoding: Option<Decoding> = None;
        let mut serving = true;
        while serving {
            let next = match decoding.as_mut() {
                None => Next::Frame(frames.recv().await),
                Some(d) => tokio::select! {
                    decoded = &mut d.done => Next::Decoded(decoded.unwrap_or((None, None))),
                    frame = frames.recv() => Next::Frame(frame),
                },
            };
            let frame = match next {
                Next::Decoded(decoded) => {
                    decoding = None;
                    serving = dispatch.send(decoded).await;
                    continue;
                }
                Next::Frame(Some(frame)) => frame,
                Next::Frame(None) => break,
            };
            let body = match frame {
                Frame::Body(body) => body,
                Frame::Broken => {
                    dispatch.refuse(None);
                    continue;
                }
            };
            if body.len() >= LARGE {
                if let Some(earlier) = decoding.take() {
                    if !dispatch.send(earlier.finish().await).await {
                        break;
                    }
                }
                decoding = Some(Decoding::start(body));
                continue;
            }
            let decoded = decode_kept(body);
            let waits = match (&mut decoding, &decoded.0) {
                (Some(d), Some(Incoming::Request(request))) => !d.may_overtake(request).await,
                (Some(_), _) => true,
                (None, _) => false,
            };
            if waits {
                if let Some(earlier) = decoding.take() {
                    if !dispatch.send(earlier.finish().await).await {
                        break;
                    }
                }
            }
            serving = dispatch.send(decoded).await;
        }
        if serving {
            if let Some(earlier) = decoding.take() {
                dispatch.send(earlier.finish().await).await;
            }
        }
        framing.abort();
        // No more requests: the service finishes what it has, and the
        // server's own requests stop, as when tower-lsp's input ends.
        drop(dispatch);
        stop_requests.abort();
    });

    let serving = tokio::spawn(async move {
        let _ = answering.await;
        let _ = asking.await;
    });

    let written = tokio::spawn(async move {
        let _ = write_all_frames(output, out_rx).await;
    });

    Served {
        serving,
        written,
        read,
        shut_down,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a body decodes to: `request METHOD`, `response`, or nothing.
    fn kind(body: &[u8]) -> Option<String> {
        decode(body).map(|m| match m {
            Incoming::Request(r) => format!("request {}", r.method()),
            Incoming::Response(_) => "response".to_string(),
        })
    }

    /// tower-lsp's own order without the probe: a response first.
    fn reference(body: &[u8]) -> Option<String> {
        if serde_json::from_slice::<Response>(body).is_ok() {
            return Some("response".to_string());
        }
        serde_json::from_slice::<Request>(body)
            .ok()
            .map(|r| format!("request {}", r.method()))
    }

    /// Whether the typed `initialize` params of `body` see refresh support.
    fn refresh_seen(body: &[u8]) -> Option<bool> {
        let Some(Incoming::Request(request)) = decode(body) else {
            panic!("not a request: {}", String::from_utf8_lossy(body));
        };
        let (_, id, params) = request.into_parts();
        assert_eq!(id, Some(tower_lsp::jsonrpc::Id::Number(0)));
        let params: tower_lsp::lsp_types::InitializeParams =
            serde_json::from_value(params.unwrap()).unwrap();
        params.capabilities.workspace?.diagnostic?.refresh_support
    }

    #[test]
    fn the_protocols_name_for_refresh_support_is_read() {
        let initialize = |workspace: &str| {
            format!(
                r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"capabilities":{{"workspace":{workspace}}}}}}}"#
            )
        };
        // VS Code and pygls: the protocol's `diagnostics`.
        let spec = initialize(r#"{"diagnostics":{"refreshSupport":true}}"#);
        assert_eq!(refresh_seen(spec.as_bytes()), Some(true));
        // The name lsp-types reads is taken as it is.
        let typed = initialize(
            r#"{"diagnostic":{"refreshSupport":false},"diagnostics":{"refreshSupport":true}}"#,
        );
        assert_eq!(refresh_seen(typed.as_bytes()), Some(false));
        // No capability: none.
        assert_eq!(refresh_seen(initialize("{}").as_bytes()), None);
        // Other methods keep their params as they are.
        let other = br#"{"jsonrpc":"2.0","id":0,"method":"other","params":{"capabilities":{"workspace":{"diagnostics":{}}}}}"#;
        let Some(Incoming::Request(request)) = decode(other) else {
            panic!("not a request");
        };
        assert!(request.params().unwrap()["capabilities"]["workspace"]
            .get("diagnostic")
            .is_none());
    }

    #[test]
    fn messages_are_told_from_other_json() {
        let shutdown = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(kind(shutdown).as_deref(), Some("request shutdown"));
        let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        assert_eq!(kind(exit).as_deref(), Some("request exit"));
        let response = br#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        assert_eq!(kind(response).as_deref(), Some("response"));
        let failed = br#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}}"#;
        assert_eq!(kind(failed).as_deref(), Some("response"));
        assert_eq!(kind(b"{not json"), None);
        assert_eq!(kind(b"[1,2]"), None);
        assert_eq!(kind(b"42"), None);
        assert_eq!(kind(br#"{"jsonrpc":"1.0","method":"x"}"#), None);
        assert_eq!(answer(Some(b"{x"))["error"]["code"], -32700);
        let a = answer(Some(br#"{"id":7,"method":5}"#));
        assert_eq!(a["id"], json!(7));
        assert_eq!(a["error"]["code"], json!(-32600));
    }

    fn request(method: &str, uri: Option<&str>) -> Request {
        let mut r = Request::build(method.to_string());
        if let Some(uri) = uri {
            r = r.params(json!({"textDocument": {"uri": uri}}));
        }
        r.finish()
    }

    #[tokio::test]
    async fn only_messages_about_another_document_overtake_a_large_one() {
        let text = "x".repeat(LARGE);
        let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": "file:///a.kader", "languageId": "kader", "version": 1, "text": text}
        }});
        let mut decoding = Decoding::start(serde_json::to_vec(&open).unwrap());
        let other = request("textDocument/hover", Some("file:///b.kader"));
        assert!(decoding.may_overtake(&other).await);
        let same = request("textDocument/didChange", Some("file:///a.kader"));
        assert!(!decoding.may_overtake(&same).await);
        assert!(
            !decoding
                .may_overtake(&request("workspace/symbol", None))
                .await
        );
        assert!(
            !decoding
                .may_overtake(&request("$/cancelRequest", None))
                .await
        );
        match decoding.finish().await {
            (Some(Incoming::Request(r)), None) => assert_eq!(r.method(), "textDocument/didOpen"),
            _ => panic!("the large message did not decode to its request"),
        }

        // A large body that names no document keeps everything behind it.
        let answer = json!({"jsonrpc": "2.0", "id": 1, "result": text});
        let mut decoding = Decoding::start(serde_json::to_vec(&answer).unwrap());
        assert!(!decoding.may_overtake(&other).await);
        assert!(matches!(
            decoding.finish().await,
            (Some(Incoming::Response(_)), None)
        ));
    }

    /// Messages waiting together are written together, each framed and in
    /// order, and a message is flushed while the channel is still open:
    /// none waits for a next one.
    #[tokio::test]
    async fn waiting_messages_are_written_together_and_none_is_held_back() {
        let (output, mut client) = tokio::io::duplex(1024 * 1024);
        let (bodies, waiting) = mpsc::unbounded_channel::<Vec<u8>>();
        for n in 0..3 {
            bodies.send(format!("{{\"n\":{n}}}").into_bytes()).unwrap();
        }
        let writing = tokio::spawn(write_all_frames(output, waiting));
        let expected = "Content-Length: 7\r\n\r\n{\"n\":0}\
                        Content-Length: 7\r\n\r\n{\"n\":1}\
                        Content-Length: 7\r\n\r\n{\"n\":2}";
        let mut read = vec![0; expected.len()];
        client.read_exact(&mut read).await.unwrap();
        assert_eq!(String::from_utf8(read).unwrap(), expected);

        // One more, alone: it arrives although the channel stays open.
        bodies.send(b"{}".to_vec()).unwrap();
        let expected = "Content-Length: 2\r\n\r\n{}";
        let mut read = vec![0; expected.len()];
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            client.read_exact(&mut read),
        )
        .await
        .expect("the message was held back")
        .unwrap();
        assert_eq!(String::from_utf8(read).unwrap(), expected);
        drop(bodies);
        writing.await.unwrap().unwrap();
    }

    #[test]
    fn the_probe_never_changes_what_a_body_decodes_to() {
        let bodies: &[&[u8]] = &[
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            br#"{"jsonrpc":"2.0","id":1,"result":null,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":1e400}}"#,
            br#"{"jsonrpc":"2.0","id":1,"result":1e400}"#,
            br#"{"jsonrpc":"2.0","id":1,"result":1,"result":2}"#,
            br#"{"jsonrpc":"2.0","method":"x","method":"y"}"#,
            br#"{"jsonrpc":"2.0","id":"a","res\u0075lt":[]}"#,
            br#"{"jsonrpc":"2.0","id":null,"error":null}"#,
            br#"{"jsonrpc":"2.0"}"#,
            br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":1,"method":"x","params":"\ud800"}"#,
            br#"{"jsonrpc":"2.0","method":"x"} trailing"#,
            b"\xff\xfe",
            b"",
        ];
        for body in bodies {
            assert_eq!(
                kind(body),
                reference(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
