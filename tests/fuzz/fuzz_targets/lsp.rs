//! The language server on a stream of messages decoded from arbitrary
//! bytes; afterwards it must still answer a request (within ten seconds,
//! so a hang is reported as a crash).
//!
//! The bytes (`kader_tests::lsp_session::decode`, documented in full
//! there) are a sequence of messages, each a document byte (one of four
//! URIs), a kind byte and its fields: didOpen, didChange of the whole text
//! or of a range, didClose, requests at two positions (hover, completion,
//! rename, formatting, … and unknown methods), requests with JSON
//! parameters of any shape, `$/cancelRequest` for a request sent shortly
//! before, and broken frames: an empty body, a header without a length, a
//! body that is not JSON or not UTF-8, unframed garbage (also a header cut
//! short) and a `Content-Length` smaller than the body. Texts and names
//! run up to the next 0xFF byte. Everything is sent without waiting for
//! answers, so edits, requests and cancellations interleave with the
//! analyses still running.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let messages = kader_tests::lsp_session::decode(data);
    if let Err(problem) = kader_tests::lsp_session::run(&messages, Some(Duration::from_secs(10))) {
        panic!("{problem}");
    }
});
